"""Limits for files kimdesk reads from outside: import lists and other case managers' reports.

An ``.xlsx`` file is a zip archive; a crafted one (a "zip bomb") unpacks a few megabytes into
gigabytes and would fill the laptop's memory while openpyxl parses it. The archive's table of
contents declares every part's packed and unpacked size, so the check costs next to nothing
and runs before any part is unpacked. Python's zipfile never unpacks more than a part declares
(a part that lies fails its checksum), so a file that passes is bounded by what it declares.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from kimdesk.errors import BadInput
from kimdesk.i18n import _

MEGABYTE = 1024 * 1024
# A list of 100,000 persons is ~55 MB of sheet XML, packed ~15 : 1; these leave room for
# twice that and refuse the bombs (1 GB from 3 MB is 300 : 1).
MAX_FILE_BYTES = 100 * MEGABYTE
MAX_UNPACKED_BYTES = 256 * MEGABYTE
MAX_PARTS = 1_000
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1 * MEGABYTE  # small parts (styles, themes) may pack very tightly
MAX_ROWS = 200_000
MAX_COLUMNS = 200


class FileTooLarge(BadInput):
    """A file beyond what kimdesk reads; refused before it is parsed."""


def check_file_size(path: Path) -> None:
    """Refuse a file larger than any import list or report kimdesk expects."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader then says that it cannot open the file
    if size > MAX_FILE_BYTES:
        raise FileTooLarge(
            _(
                "The file is larger than {limit} MB; kimdesk does not read it. "
                "Please check that it is the right file."
            ).format(limit=MAX_FILE_BYTES // MEGABYTE)
        )


def check_xlsx_archive(source: Path | bytes) -> None:
    """Refuse an ``.xlsx`` archive whose parts unpack to too much or pack suspiciously well.

    Not a zip archive at all is left to the reader, which says the file is damaged.
    """
    if isinstance(source, Path):
        check_file_size(source)
    try:
        with zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source)) as zf:
            parts = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    unpacked = sum(part.file_size for part in parts)
    too_tight = any(
        part.file_size >= RATIO_CHECKED_FROM
        and part.file_size > MAX_RATIO * max(part.compress_size, 1)
        for part in parts
    )
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES or too_tight:
        raise FileTooLarge(
            _(
                "The workbook would unpack to more than {limit} MB or is packed unusually "
                "tightly; kimdesk does not read it, to protect this computer. Please check "
                "that it is the right file, or save it again from Excel."
            ).format(limit=MAX_UNPACKED_BYTES // MEGABYTE)
        )


def capped_rows(rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    """The rows of a sheet, refusing more rows or columns than a caseload list can have."""
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise FileTooLarge(
                _("The sheet has more than {limit} rows; kimdesk does not read it.").format(
                    limit=f"{MAX_ROWS:,}".replace(",", ".")
                )
            )
        if len(row) > MAX_COLUMNS and any(value is not None for value in row[MAX_COLUMNS:]):
            raise FileTooLarge(
                _("The sheet has more than {limit} columns; kimdesk does not read it.").format(
                    limit=MAX_COLUMNS
                )
            )
        yield row[:MAX_COLUMNS]
