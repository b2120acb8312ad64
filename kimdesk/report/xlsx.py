"""openpyxl workbooks to .xlsx bytes, entirely in memory and with every text stored as text:
the one way kimdesk writes a workbook. The monthly report is written row by row into
write-only sheets, compressed into the package as it goes (``StreamedWorkbook``); the small
district overview and the service directory are normal workbooks."""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import IO, Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

# openpyxl infers these types from a str: "=…" becomes a formula, "#N/A" an error value.
_INFERRED_FROM_TEXT = frozenset({"f", "e"})


class StreamedSheet(WriteOnlyWorksheet):
    """A write-only worksheet whose XML goes straight into the workbook's in-memory package.

    openpyxl's write-only sheet stages its XML in a NamedTemporaryFile (plain pseudonymised
    rows on disk, see _InMemoryExcelWriter); this one writes into the package's zip entry, so
    the rows are compressed as they are appended and no cell is kept. The package holds one
    open entry at a time: starting a sheet's rows finishes the sheet before it, so a sheet's
    widths, frozen panes, print setup and charts are set before the next one starts.
    """

    def __init__(self, parent: StreamedWorkbook, title: str | None) -> None:
        super().__init__(parent, title)
        self.dimension: str | None = None  # its used range, e.g. "A1:Q10001"
        self._entry: IO[bytes] | None = None

    def calculate_dimension(self) -> str:
        """The sheet's used range as given before its rows (which are not kept): the
        <dimension> openpyxl writes for a normal sheet, which read-only readers rely on."""
        if self.dimension is None:
            raise ValueError(f"the used range of {self.title!r} is needed before its rows")
        return self.dimension

    def _get_writer(self) -> None:
        if getattr(self, "_writer", None) is None:
            book = self.parent
            assert isinstance(book, StreamedWorkbook)
            book.finish_sheets(before=self)
            self._entry = book.archive.open(self.path[1:], "w", force_zip64=True)
            writer = WorksheetWriter(self, out=self._entry)
            writer.write_top()
            self._writer = writer

    def _values_to_row(self, values: Any, row_idx: int) -> Iterator[Cell]:
        """openpyxl 3.1's own, except that a text is never a formula (as keep_text_as_text)
        and that a styled cell (styled()) is taken as it is, not found by the ValueError of
        assigning it as a value and followed by a new blank cell: a month's contacts have
        one styled date each."""
        plain = WriteOnlyCell(self)
        for column, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                cell = value
            else:
                cell = plain
                cell.value = value
            if cell.data_type in _INFERRED_FROM_TEXT and isinstance(cell._value, str):
                cell.data_type = "s"
            cell.column = column
            cell.row = row_idx
            if cell.hyperlink is not None:
                cell.hyperlink.ref = cell.coordinate
            yield cell
            if cell is plain and (plain.has_style or plain.hyperlink):  # e.g. a date's format
                plain = WriteOnlyCell(self)

    def close(self) -> None:
        super().close()
        if self._entry is not None:
            self._entry.close()


class StreamedWorkbook(Workbook):
    """A write-only workbook whose package is built in memory while its sheets are written;
    sheets are created in their final order and written one after the other."""

    def __init__(self) -> None:
        super().__init__(write_only=True)
        self.buffer = io.BytesIO()
        self.archive = ZipFile(self.buffer, "w", ZIP_DEFLATED, allowZip64=True)

    def create_sheet(self, title: str | None = None, index: int | None = None) -> StreamedSheet:
        """A new last sheet (``index`` must be None: the sheets are written in order)."""
        if index is not None:
            raise ValueError("the sheets of a StreamedWorkbook are written in their order")
        sheet = StreamedSheet(self, title)
        self._add_sheet(sheet)
        sheet._id = len(self._sheets)  # its part's number, as ExcelWriter numbers the sheets
        return sheet

    def close(self) -> None:
        """Discard the package unfinished (after an error, or when saved otherwise): the zip
        is closed now rather than when collected, which may find its buffer closed first."""
        for sheet in self._sheets:
            if isinstance(sheet, StreamedSheet) and sheet._entry is not None:
                sheet._entry.close()
        self.archive.close()
        self.buffer = io.BytesIO()

    def finish_sheets(self, before: StreamedSheet | None = None) -> None:
        """Finish every sheet before ``before`` (all of them if None): its tail written and
        its entry closed (a sheet without rows is written empty)."""
        for sheet in self._sheets:
            if sheet is before:
                return
            if isinstance(sheet, StreamedSheet) and not sheet.closed:
                sheet.close()


def stream_sheet(book: StreamedWorkbook, title: str, dimension: str) -> StreamedSheet:
    """A new last sheet of ``book``; ``dimension`` is its used range, e.g. "A1:Q10001"."""
    sheet = book.create_sheet(title)
    sheet.dimension = dimension
    return sheet


def save_to_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes. Text is never a formula, and nothing touches the disk:
    the rows are pseudonymised personal data and may be encrypted only afterwards."""
    book.properties.modified = datetime.now(UTC).replace(tzinfo=None)  # as Workbook.save
    if isinstance(book, StreamedWorkbook):
        book.finish_sheets()
        _InMemoryExcelWriter(book, book.archive).save()
        return book.buffer.getvalue()
    if book.write_only:  # openpyxl's write-only sheets stream their rows into temporary files
        raise TypeError("kimdesk writes its write-only workbooks as a StreamedWorkbook")
    for sheet in book.worksheets:
        keep_text_as_text(sheet)
    buffer = io.BytesIO()
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _InMemoryExcelWriter(book, archive).save()
    return buffer.getvalue()


def keep_text_as_text(sheet: Worksheet) -> None:
    """Store every str cell as a string, whatever it starts with ("=", "@", "#N/A"...):
    a service gap text must reach the coordinating office as it was written, not be run
    by Excel as a formula (formula injection) nor be lost as a formula without a value.
    (A StreamedSheet does the same for each row as it is written.)"""
    # The stored cells only: iter_rows() would add blank cells (and empty <row>s) in gaps.
    for cell in sheet._cells.values():
        if cell.data_type in _INFERRED_FROM_TEXT and isinstance(cell.value, str):
            cell.data_type = "s"


class _InMemoryExcelWriter(ExcelWriter):
    """openpyxl's own writer, except that each worksheet's XML is built in memory.

    openpyxl 3.1's ExcelWriter.write_worksheet stages every sheet in a NamedTemporaryFile
    (openpyxl.worksheet._writer.create_temporary_file) and copies it into the zip: a crash
    leaves that plain XML on disk, and a cleanup of "openpyxl.*" by one process deletes
    another's files. This override mirrors the stock method with an in-memory target (a
    BytesIO for a normal sheet; a StreamedSheet is in the package already); tests compare
    its output with openpyxl's own save.
    """

    def write_worksheet(self, ws: Worksheet | WriteOnlyWorksheet) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        if isinstance(ws, StreamedSheet):
            if not ws.closed:
                ws.close()
            ws._rels = ws._writer._rels
        else:
            writer = WorksheetWriter(ws, out=io.BytesIO())
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


def styled(
    sheet: Any,
    value: Any = None,
    *,
    font: Any = None,
    fill: Any = None,
    alignment: Any = None,
    number_format: str | None = None,
    comment: Any = None,
) -> Any:
    """A cell to append to ``sheet`` (write-only or normal) with its style: openpyxl's
    WriteOnlyCell, the one way to style a cell of a write-only sheet. A cell with a font
    gets it named (workbook_print.FONT_NAME is the default font's name already)."""
    cell = WriteOnlyCell(sheet)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    if number_format is not None:
        cell.number_format = number_format
    if comment is not None:
        cell.comment = comment
    # After the number format: a date keeps it instead of getting openpyxl's own first.
    cell.value = value
    return cell


def note_used_range(sheet: Any, rows: Sequence[Sequence[Any]]) -> None:
    """Give a StreamedSheet the used range of the ``rows`` it is about to be written with
    (a normal sheet computes its own): for the writers both kinds of workbook share."""
    if isinstance(sheet, StreamedSheet):
        sheet.dimension = used_range(rows)


def used_range(rows: Sequence[Sequence[Any]]) -> str:
    """The <dimension> of a sheet of ``rows`` appended from row 1, as openpyxl computes it
    for a normal sheet (every entry of an appended row is a cell, an empty row none)."""
    last_row = max((number for number, row in enumerate(rows, 1) if len(row)), default=1)
    columns = max((len(row) for row in rows), default=1)
    return f"A1:{get_column_letter(max(1, columns))}{last_row}"


__all__ = [
    "StreamedSheet",
    "StreamedWorkbook",
    "keep_text_as_text",
    "note_used_range",
    "save_to_bytes",
    "stream_sheet",
    "styled",
    "used_range",
]
