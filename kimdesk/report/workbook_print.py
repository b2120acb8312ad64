"""Print setup and charts for kimdesk's workbooks: landscape, fitted to the page width, the
header rows repeated on each page, one named font, and the overview's key figures as bar
charts that reference the overview's own cells (monthly report and district overview)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass

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
    wanted = set(labels)
    rows = [
        cell.row
        for (cell,) in sheet.iter_rows(min_col=match_column, max_col=match_column)
        if isinstance(cell.value, str) and cell.value in wanted
    ]
    if not rows or len(rows) != len(wanted) or rows[-1] - rows[0] + 1 != len(rows):
        log.warning("chart %r left out: its rows are not one block", title)
        return None
    return FigureRows(title, rows[0], rows[-1], label_column, value_column)


def rows_under(sheet: Worksheet, title: str, heading: str, count: int) -> FigureRows | None:
    """The ``count`` rows below the block heading ``heading`` in column A."""
    for (cell,) in sheet.iter_rows(min_col=1, max_col=1):
        if cell.value == heading:
            first, last = cell.row + 1, cell.row + count
            if all(sheet.cell(row, 1).value not in (None, "") for row in range(first, last + 1)):
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


def chart_size(sheet: Worksheet, column: str, count: int) -> tuple[float, float]:
    """Width and height (cm) of each of ``count`` charts stacked in ``column``: together as
    tall as the sheet's rows, and as wide as leaves the page's proportions, so that neither
    the charts nor the figures alone set the scale of a sheet printed on one page."""
    rows = sum(
        sheet.row_dimensions[row].height or DEFAULT_ROW_POINTS
        for row in range(1, sheet.max_row + 1)
    )
    height = (rows - CHART_GAP_POINTS * (count - 1)) / max(1, count) / 72 * 2.54
    height = min(CHART_HEIGHT_CM, max(CHART_MIN_HEIGHT_CM, height))
    width = (rows * PAGE_PROPORTION - column_points(sheet, column)) / 72 * 2.54
    return min(CHART_WIDTH_CM, max(CHART_MIN_WIDTH_CM, width)), height


def add_charts(sheet: Worksheet, charts: Iterable[FigureRows | None], *, column: str) -> int:
    """Stack the charts in ``column``, from row 1 down, each starting in the first row below
    the one before (rows of any height); returns how many were placed."""
    present = [figures for figures in charts if figures is not None]
    width, height = chart_size(sheet, column, len(present))
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


def monthly_overview_charts(sheet: Worksheet) -> int:
    """Contacts by setting, topics by life domain and closures by kind, beside the monthly
    report's overview (German, as its layout is), whose empty rows are lowered first."""
    compact_blank_rows(sheet)
    fit_label_column(sheet)
    return add_charts(
        sheet,
        [
            rows_labelled(
                sheet, "Kontakte nach Kontaktart", [f"Kontakte: {german(s)}" for s in Setting]
            ),
            rows_under(sheet, "Themen nach Lebensbereich", MONTHLY_TOPICS, len(LifeDomain)),
            rows_labelled(
                sheet, "Abschlüsse nach Art", [f"Abschlüsse: {german(r)}" for r in ClosureReason]
            ),
        ],
        column=MONTHLY_CHART_COLUMN,
    )


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
    for row in range(1, sheet.max_row + 1):
        if row not in largest:
            sheet.row_dimensions[row].height = height
        elif largest[row] <= 11 and sheet.row_dimensions[row].height is None:
            sheet.row_dimensions[row].height = TIGHT_ROW_POINTS


def fit_label_column(sheet: Worksheet, column: str = "A", *, first_row: int = 2) -> None:
    """Widen the label column to its longest label (from ``first_row``, below the title),
    so that no label is cut off at the value beside it; the page has the room, as its
    height, not its width, sets the scale of a one-page overview."""
    longest = max(
        (
            len(cell.value)
            for (cell,) in sheet[f"{column}{first_row}:{column}{sheet.max_row}"]
            if isinstance(cell.value, str)
        ),
        default=0,
    )
    wanted = min(LABEL_COLUMN_MAX, longest + 2)
    if wanted > (sheet.column_dimensions[column].width or 0):
        sheet.column_dimensions[column].width = wanted


def prepare_for_print(
    book: Workbook, *, title_rows: Mapping[str, str], one_page: Iterable[str] = ()
) -> None:
    """Every sheet landscape on A4, as wide as the page (as many pages down as it takes;
    the sheets in ``one_page`` on a single page), its ``title_rows`` (e.g. "1:1") repeated
    on each page, one named font and the page number in the footer."""
    single = set(one_page)
    for sheet in book.worksheets:
        set_font(sheet)
        setup = sheet.page_setup
        setup.orientation = "landscape"
        setup.paperSize = sheet.PAPERSIZE_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 1 if sheet.title in single else 0  # 0: as many pages as needed
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_margins = PageMargins(
            left=0.5, right=0.5, top=0.5, bottom=0.5, header=0.25, footer=0.25
        )
        if sheet.title in title_rows:
            sheet.print_title_rows = title_rows[sheet.title]
        sheet.oddFooter.center.text = "&A – &P/&N"
        sheet.oddFooter.center.size = 8
        sheet.oddFooter.center.font = FONT_NAME


__all__ = [
    "FONT_NAME",
    "FigureRows",
    "add_charts",
    "bar_chart",
    "compact_blank_rows",
    "district_overview_charts",
    "fit_label_column",
    "monthly_overview_charts",
    "prepare_for_print",
    "rows_labelled",
    "rows_under",
    "set_font",
]
