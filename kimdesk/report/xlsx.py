"""openpyxl workbooks to .xlsx bytes, entirely in memory and with every text stored as text:
the one way kimdesk writes a workbook (monthly report and district overview)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

# openpyxl infers these types from a str: "=…" becomes a formula, "#N/A" an error value.
_INFERRED_FROM_TEXT = frozenset({"f", "e"})


def save_to_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes. Text is never a formula, and nothing touches the disk:
    the rows are pseudonymised personal data and may be encrypted only afterwards."""
    if book.write_only:  # write-only sheets stream their rows into temporary files
        raise TypeError("kimdesk writes no write-only workbooks")
    for sheet in book.worksheets:
        keep_text_as_text(sheet)
    book.properties.modified = datetime.now(UTC).replace(tzinfo=None)  # as Workbook.save
    buffer = io.BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _InMemoryExcelWriter(book, archive).save()
    return buffer.getvalue()


def keep_text_as_text(sheet: Worksheet) -> None:
    """Store every str cell as a string, whatever it starts with ("=", "@", "#N/A"...):
    a service gap text must reach the coordinating office as it was written, not be run
    by Excel as a formula (formula injection) nor be lost as a formula without a value."""
    # The stored cells only: iter_rows() would add blank cells (and empty <row>s) in gaps.
    for cell in sheet._cells.values():
        if cell.data_type in _INFERRED_FROM_TEXT and isinstance(cell.value, str):
            cell.data_type = "s"


class _InMemoryExcelWriter(ExcelWriter):
    """openpyxl's own writer, except that each worksheet's XML is built in a BytesIO.

    openpyxl 3.1's ExcelWriter.write_worksheet stages every sheet in a NamedTemporaryFile
    (openpyxl.worksheet._writer.create_temporary_file) and copies it into the zip: a crash
    leaves that plain XML on disk, and a cleanup of "openpyxl.*" by one process deletes
    another's files. This override mirrors the stock method (non-write-only branch) with an
    in-memory target; tests compare its output with openpyxl's own save.
    """

    def write_worksheet(self, ws: Worksheet) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = WorksheetWriter(ws, out=io.BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


__all__ = ["keep_text_as_text", "save_to_bytes"]
