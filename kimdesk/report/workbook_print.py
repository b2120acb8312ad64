"""Print setup and charts for kimdesk's workbooks: landscape, fitted to the page width, the
header rows repeated on each page, one named font, and the overview's key figures as bar
charts that reference the overview's own cells (monthly report and district overview).

The district overview is a normal workbook, read back here; the monthly report's sheets are
write-only (kimdesk.report.xlsx), which cannot be read back: its writer lays its overview
out first with the plain-list forms (labelled_block, block_under, compact_heights,
label_width, monthly_charts) and sets each sheet up with print_setup before its rows."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from kimdesk.domain.vocabulary import ClosureReason, Labelled, LifeDomain, Setting
from kimdesk.i18n import _
from kimdesk.report.month import german

log = logging.getLogger(__name__)

# Excel's default font, set on every cell so that no viewer falls back to its own default;
# LibreOffice prints it with the metric-compatible Carlito, so the columns keep their widths.
FONT_NAME = "Calibri"
# Centimetres of a chart: three stacked beside an overview's 65-75 rows take about their
# height, and the page, scaled to fit those rows (to about half), has room for this width.
CHART_WIDTH_CM = 30.0
CHART_HEIGHT_CM = 11.0
CHART_MIN_WIDTH_CM, CHART_MIN_HEIGHT_CM = 12.0, 6.0
# Printable width to height of an A4 landscape page with the margins of prepare_for_print
# (the footer sits in the bottom margin).
PAGE_PROPORTION = (29.7 - 2.54) / (21.0 - 2.54)
DEFAULT_COLUMN_CHARS = 8.43
CHART_GAP_POINTS = 10.0
DEFAULT_ROW_POINTS = 15.0  # Excel's row for an 11 pt font
BLANK_ROW_POINTS = 6.0  # an empty row between blocks, on a sheet printed on one page
# A filled row of an 11 pt font on a one-page sheet: Calibri's (and Carlito's) line is about
# 13.4 pt, Excel's 15 pt row adds air that the page, scaled to its rows, pays in type size.
TIGHT_ROW_POINTS = 13.5
LABEL_COLUMN_MAX = 90  # characters: the longest label of an overview (a closure type) fits
# The monthly overview's block of topics (kimdesk.report.workbook writes it, sorted by count).
MONTHLY_TOPICS = "Themen (Lebensbereiche) nach Häufigkeit"
MONTHLY_CHART_COLUMN = "D"  # beside label (A) and value (B), one column apart
DISTRICT_CHART_COLUMN = "E"  # beside label, value and key (A–C)


@dataclass(frozen=True)
class FigureRows:
    """A chart's data: the rows ``first``..``last`` of one sheet, labels in ``label_column``
    and numbers in ``value_column`` (1-based, as openpyxl counts)."""

    title: str
    first: int
    last: int
    label_column: int = 1
    value_column: int = 2


def rows_labelled(
    sheet: Worksheet,
    title: str,
    labels: Sequence[str],
    *,
    match_column: int = 1,
    label_column: int = 1,
    value_column: int = 2,
) -> FigureRows | None:
    """The consecutive rows whose cells in ``match_column`` hold exactly ``labels`` (in any
    order); None if they are missing or not one block, so that a change of the layout costs
    a chart, not the report."""
    column = [cell.value for (cell,) in sheet.iter_rows(min_col=match_column, max_col=match_column)]
    return labelled_block(
        column, title, labels, label_column=label_column, value_column=value_column
    )


def labelled_block(
    column: Sequence[Any],
    title: str,
    labels: Sequence[str],
    *,
    label_column: int = 1,
    value_column: int = 2,
) -> FigureRows | None:
    """rows_labelled over the values of one column, top to bottom (the first is row 1): a
    write-only sheet cannot be read back, so its writer looks in the rows it writes."""
    wanted = set(labels)
    rows = [
        number
        for number, value in enumerate(column, start=1)
        if isinstance(value, str) and value in wanted
    ]
    if not rows or len(rows) != len(wanted) or rows[-1] - rows[0] + 1 != len(rows):
        log.warning("chart %r left out: its rows are not one block", title)
        return None
    return FigureRows(title, rows[0], rows[-1], label_column, value_column)


def rows_under(sheet: Worksheet, title: str, heading: str, count: int) -> FigureRows | None:
    """The ``count`` rows below the block heading ``heading`` in column A."""
    column = [cell.value for (cell,) in sheet.iter_rows(max_col=1)]
    return block_under(column, title, heading, count)


def block_under(column: Sequence[Any], title: str, heading: str, count: int) -> FigureRows | None:
    """rows_under over the values of column A, top to bottom (the first is row 1)."""
    for number, value in enumerate(column, start=1):
        if value == heading:
            first, last = number + 1, number + count
            if last <= len(column) and all(
                column[row - 1] not in (None, "") for row in range(first, last + 1)
            ):
                return FigureRows(title, first, last)
    log.warning("chart %r left out: the block is missing", title)
    return None


def bar_chart(sheet: Worksheet, figures: FigureRows) -> BarChart:
    """Horizontal bars, in the order of the sheet from the top, each with its number."""
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = figures.title
    chart.legend = None
    chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
    values = Reference(
        sheet, min_col=figures.value_column, min_row=figures.first, max_row=figures.last
    )
    labels = Reference(
        sheet, min_col=figures.label_column, min_row=figures.first, max_row=figures.last
    )
    chart.add_data(values, titles_from_data=False)
    # As text: openpyxl's set_categories would declare the labels numbers (numRef).
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=str(labels)))
    chart.x_axis.scaling.orientation = "maxMin"  # the first row on top, as in the sheet
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorGridlines = None
    # openpyxl 3.1 marks both axes deleted unless told otherwise; Excel then hides them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.number_format = "0"
    # Only the number: LibreOffice reads the flags left out as set and would print the
    # category and the series name ("Column B") beside every bar.
    chart.dataLabels = DataLabelList(
        showVal=True,
        showCatName=False,
        showSerName=False,
        showLegendKey=False,
        showPercent=False,
        showBubbleSize=False,
        showLeaderLines=False,
    )
    return chart


def column_points(sheet: Worksheet, before: str) -> float:
    """The printed width of the columns left of ``before``, in points (Excel's rule for an
    11 pt Calibri: 7 pixels a character plus 5, at 0.75 points a pixel)."""
    total = 0.0
    for index in range(1, column_index_from_string(before)):
        width = sheet.column_dimensions[get_column_letter(index)].width or DEFAULT_COLUMN_CHARS
        total += (int(width * 7) + 5) * 0.75
    return total


def chart_size(
    sheet: Worksheet, column: str, count: int, *, last_row: int | None = None
) -> tuple[float, float]:
    """Width and height (cm) of each of ``count`` charts stacked in ``column``: together as
    tall as the sheet's rows (``last_row``: how many, for a write-only sheet), and as wide as
    leaves the page's proportions, so that neither the charts nor the figures alone set the
    scale of a sheet printed on one page."""
    rows = sum(
        sheet.row_dimensions[row].height or DEFAULT_ROW_POINTS
        for row in range(1, (sheet.max_row if last_row is None else last_row) + 1)
    )
    height = (rows - CHART_GAP_POINTS * (count - 1)) / max(1, count) / 72 * 2.54
    height = min(CHART_HEIGHT_CM, max(CHART_MIN_HEIGHT_CM, height))
    width = (rows * PAGE_PROPORTION - column_points(sheet, column)) / 72 * 2.54
    return min(CHART_WIDTH_CM, max(CHART_MIN_WIDTH_CM, width)), height


def add_charts(
    sheet: Worksheet,
    charts: Iterable[FigureRows | None],
    *,
    column: str,
    last_row: int | None = None,
) -> int:
    """Stack the charts in ``column``, from row 1 down, each starting in the first row below
    the one before (rows of any height); returns how many were placed. A write-only sheet
    gives its ``last_row`` and has its row heights and column widths set already."""
    present = [figures for figures in charts if figures is not None]
    width, height = chart_size(sheet, column, len(present), last_row=last_row)
    row, placed = 1, 0
    for figures in present:
        chart = bar_chart(sheet, figures)
        chart.width, chart.height = width, height
        sheet.add_chart(chart, f"{column}{row}")
        covered = 0.0
        while covered < height / 2.54 * 72 + CHART_GAP_POINTS:
            covered += sheet.row_dimensions[row].height or DEFAULT_ROW_POINTS
            row += 1
        placed += 1
    return placed


def monthly_charts(column: Sequence[Any]) -> list[FigureRows | None]:
    """Contacts by setting, topics by life domain and closures by kind, found in the values
    of the monthly overview's column A (German, as its layout is), top to bottom."""
    return [
        labelled_block(
            column, "Kontakte nach Kontaktart", [f"Kontakte: {german(s)}" for s in Setting]
        ),
        block_under(column, "Themen nach Lebensbereich", MONTHLY_TOPICS, len(LifeDomain)),
        labelled_block(
            column, "Abschlüsse nach Art", [f"Abschlüsse: {german(r)}" for r in ClosureReason]
        ),
    ]


def district_overview_charts(sheet: Worksheet) -> int:
    """The same charts over the district's sums, found by the keys in the sheet's column C."""
    compact_blank_rows(sheet)
    fit_label_column(sheet)

    def keyed(title: str, prefix: str, vocabulary: Iterable[Labelled]) -> FigureRows | None:
        keys = [f"{prefix}{member.value}" for member in vocabulary]
        present = {cell.value for (cell,) in sheet.iter_rows(min_col=3, max_col=3)}
        # A report of an older kimdesk may lack a key: chart the ones the sheet has.
        return rows_labelled(sheet, title, [k for k in keys if k in present], match_column=3)

    return add_charts(
        sheet,
        [
            keyed(_("Contacts by setting"), "contacts.", Setting),
            keyed(_("Topics by life domain"), "topics.", LifeDomain),
            keyed(_("Closures by kind"), "closures.", ClosureReason),
        ],
        column=DISTRICT_CHART_COLUMN,
    )


def set_font(sheet: Worksheet, name: str = FONT_NAME) -> None:
    """Name the font of every stored cell, keeping its size, weight and colour."""
    for cell in sheet._cells.values():  # the stored cells: iter_rows would add empty ones
        if cell.font.name != name:
            font = copy(cell.font)
            font.name = name
            cell.font = font


def compact_blank_rows(sheet: Worksheet, height: float = BLANK_ROW_POINTS) -> None:
    """Lower the empty rows between blocks and tighten the filled rows of the normal font
    size: a page fitted to its rows prints larger."""
    largest: dict[int, float] = {}
    for (row, _column), cell in sheet._cells.items():
        if cell.value is not None:
            largest[row] = max(largest.get(row, 0.0), float(cell.font.sz or 11))
    sizes = [largest.get(row) for row in range(1, sheet.max_row + 1)]
    heights = [sheet.row_dimensions[row].height for row in range(1, sheet.max_row + 1)]
    for row, points in enumerate(compact_heights(sizes, heights, height), start=1):
        if points is not None:
            sheet.row_dimensions[row].height = points


def compact_heights(
    sizes: Sequence[float | None],
    heights: Sequence[float | None],
    blank: float = BLANK_ROW_POINTS,
) -> list[float | None]:
    """compact_blank_rows over plain lists, row 1 first: ``sizes`` the largest font size of
    each row's filled cells (None: the row is empty), ``heights`` the heights set already;
    the heights to set (None: leave it)."""
    compacted: list[float | None] = []
    for size, height in zip(sizes, heights, strict=True):
        if size is None:
            compacted.append(blank)
        elif size <= 11 and height is None:
            compacted.append(TIGHT_ROW_POINTS)
        else:
            compacted.append(None)
    return compacted


def fit_label_column(sheet: Worksheet, column: str = "A", *, first_row: int = 2) -> None:
    """Widen the label column to its longest label (from ``first_row``, below the title),
    so that no label is cut off at the value beside it; the page has the room, as its
    height, not its width, sets the scale of a one-page overview."""
    labels = [cell.value for (cell,) in sheet[f"{column}{first_row}:{column}{sheet.max_row}"]]
    width = sheet.column_dimensions[column].width
    if label_width(labels, width) != width:
        sheet.column_dimensions[column].width = label_width(labels, width)


def label_width(labels: Iterable[Any], width: float | None) -> float | None:
    """fit_label_column over the labels themselves: the column's width for them."""
    longest = max((len(label) for label in labels if isinstance(label, str)), default=0)
    wanted = min(LABEL_COLUMN_MAX, longest + 2)
    return wanted if wanted > (width or 0) else width


def prepare_for_print(
    book: Workbook, *, title_rows: Mapping[str, str], one_page: Iterable[str] = ()
) -> None:
    """Every sheet landscape on A4, as wide as the page (as many pages down as it takes;
    the sheets in ``one_page`` on a single page), its ``title_rows`` (e.g. "1:1") repeated
    on each page, one named font and the page number in the footer."""
    single = set(one_page)
    for sheet in book.worksheets:
        set_font(sheet)
        print_setup(sheet, title_rows=title_rows.get(sheet.title), one_page=sheet.title in single)


def print_setup(sheet: Any, *, title_rows: str | None = None, one_page: bool = False) -> None:
    """prepare_for_print's page setup of one sheet, normal or write-only (whose cells are
    written with the named font already, and which is set up before its rows are written:
    fitting to the page is a property written before the rows)."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = Worksheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 1 if one_page else 0  # 0: as many pages as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(
        left=0.5, right=0.5, top=0.5, bottom=0.5, header=0.25, footer=0.25
    )
    if title_rows is not None:
        sheet.print_title_rows = title_rows
    sheet.oddFooter.center.text = "&A – &P/&N"
    sheet.oddFooter.center.size = 8
    sheet.oddFooter.center.font = FONT_NAME


__all__ = [
    "FONT_NAME",
    "FigureRows",
    "add_charts",
    "bar_chart",
    "block_under",
    "compact_blank_rows",
    "compact_heights",
    "district_overview_charts",
    "fit_label_column",
    "label_width",
    "labelled_block",
    "monthly_charts",
    "prepare_for_print",
    "print_setup",
    "rows_labelled",
    "rows_under",
    "set_font",
]
