"""The coordinator's workbooks print well: every sheet landscape and as wide as the page,
header rows repeated, one named font, the overview on one page with its key figures as
charts over the overview's own cells, in the monthly report and the district workbook.

LibreOffice is not part of the set-up, so the page setup and the charts are checked in the
package as Excel and LibreOffice read it (openpyxl reads it back)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart

from kimdesk.caseload import Caseload
from kimdesk.domain.vocabulary import ClosureReason, LifeDomain, Setting
from kimdesk.report import build_month_report, write_workbook
from kimdesk.report.merge import merge_reports, read_report, write_merged
from kimdesk.report.month import german
from kimdesk.report.workbook_print import FONT_NAME, rows_labelled
from tests.unit.test_report_export import build_known
from tests.unit.test_report_injection import assert_no_formulas
from tests.unit.test_report_merge import AK_NUMBERS, EB_NUMBERS, two_reports

MONTH = "2026-11"
EMU_PER_POINT = 12700  # a drawing's sizes are in English Metric Units
RANGE = re.compile(
    r"^'?(?P<sheet>[^'!]+)'?!\$(?P<c1>[A-Z]+)\$(?P<r1>\d+):\$(?P<c2>[A-Z]+)\$(?P<r2>\d+)$"
)


def cells(book: Workbook, reference: str) -> list[Any]:
    """The values a chart's range reference points at, top to bottom."""
    match = RANGE.match(reference)
    assert match, reference
    sheet = book[match["sheet"]]
    assert match["c1"] == match["c2"], reference  # one column
    return [row[0].value for row in sheet[f"{match['c1']}{match['r1']}:{match['c2']}{match['r2']}"]]


def chart_data(book: Workbook, chart: BarChart) -> tuple[str, dict[str, Any]]:
    """A chart's title and its bars: label -> value, both read from the referenced cells."""
    (series,) = chart.series
    labels = cells(book, series.cat.strRef.f)  # labels as text, not as numbers
    values = cells(book, series.val.numRef.f)
    title = "".join(run.t for p in chart.title.tx.rich.p for run in (p.r or []))
    return title, dict(zip(labels, values, strict=True))


def assert_charts_stacked(sheet: Any) -> None:
    """Each chart starts below the one before, counting the rows' real heights."""

    def top(row: int) -> float:  # points from the sheet's top to the row (0-based)
        return sum(sheet.row_dimensions[r].height or 15 for r in range(1, row + 1))

    charts = sheet._charts
    for upper, lower in zip(charts, charts[1:], strict=False):
        bottom = top(upper.anchor._from.row) + upper.anchor.ext.height / EMU_PER_POINT
        assert top(lower.anchor._from.row) >= bottom, (upper.title, lower.title)


def assert_prints_well(book: Workbook, *, overview: str, overview_titles: str) -> None:
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape", sheet.title
        assert int(setup.paperSize) == 9, sheet.title  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert setup.fitToWidth == 1, sheet.title
        # The overview on one page; a table as many pages down as its rows need.
        assert setup.fitToHeight == (1 if sheet.title == overview else 0), sheet.title
        if sheet.sheet_state == "visible":
            expected = overview_titles if sheet.title == overview else "$1:$1"
            assert sheet.print_title_rows == expected, sheet.title
        fonts = {cell.font.name for row in sheet.iter_rows() for cell in row if cell.has_style}
        assert fonts <= {FONT_NAME}, sheet.title
        assert sheet["A1"].font.name == FONT_NAME
    assert [len(sheet._charts) for sheet in book.worksheets if sheet.title != overview] == [0] * (
        len(book.worksheets) - 1
    )


def test_the_monthly_workbook_prints_landscape_with_charts_of_the_overview(
    caseload: Caseload,
) -> None:
    build_known(caseload)
    report = build_month_report(caseload, MONTH)
    data = write_workbook(report)
    book = load_workbook(io.BytesIO(data))

    assert_prints_well(book, overview="Übersicht", overview_titles="$1:$3")
    assert book["Übersicht"]["A3"].font.b  # the header keeps its weight with the named font
    charts = {
        title: bars
        for title, bars in map(lambda chart: chart_data(book, chart), book["Übersicht"]._charts)
    }
    assert list(charts) == [
        "Kontakte nach Kontaktart",
        "Themen nach Lebensbereich",
        "Abschlüsse nach Art",
    ]
    # The bars are the overview's own rows, and they hold the hand-counted month.
    assert charts["Kontakte nach Kontaktart"] == {
        f"Kontakte: {german(s)}": report.contacts_by_setting[s] for s in Setting
    }
    assert charts["Kontakte nach Kontaktart"]["Kontakte: persönlich"] == 1
    assert sum(charts["Kontakte nach Kontaktart"].values()) == 3
    assert charts["Themen nach Lebensbereich"] == {german(d): report.topics[d] for d in LifeDomain}
    assert charts["Abschlüsse nach Art"] == {
        f"Abschlüsse: {german(r)}": report.closures[r] for r in ClosureReason
    }
    assert sum(charts["Abschlüsse nach Art"].values()) == 1  # the October closure not counted
    # Beside the figures (columns A–B), not over them.
    anchors = [chart.anchor._from for chart in book["Übersicht"]._charts]
    assert {anchor.col for anchor in anchors} == {3}  # column D, counted from 0
    assert_charts_stacked(book["Übersicht"])
    assert book["Übersicht"].row_dimensions[2].height < 15  # blank rows lowered for print
    assert_no_formulas(data)


def test_the_district_workbook_prints_the_same_charts_over_the_sums(tmp_path: Path) -> None:
    def write(name: str, data: bytes) -> Path:
        (tmp_path / name).write_bytes(data)
        return tmp_path / name

    merged = merge_reports(read_report(path) for path in two_reports(write))
    data = write_merged(merged)
    book = load_workbook(io.BytesIO(data))

    assert_prints_well(book, overview="Bezirk", overview_titles="$1:$1")
    charts = dict(chart_data(book, chart) for chart in book["Bezirk"]._charts)
    assert list(charts) == [
        "Kontakte nach Kontaktart",
        "Themen nach Lebensbereich",
        "Abschlüsse nach Art",
    ]
    expected = {
        "Kontakte nach Kontaktart": ("contacts.", "Kontakte: {label}", Setting),
        "Themen nach Lebensbereich": ("topics.", "Themen: {label}", LifeDomain),
        "Abschlüsse nach Art": ("closures.", "Abschlüsse: {label}", ClosureReason),
    }
    for title, (prefix, label, vocabulary) in expected.items():
        assert charts[title] == {
            label.format(label=member.label): EB_NUMBERS[f"{prefix}{member.value}"]
            + AK_NUMBERS[f"{prefix}{member.value}"]
            for member in vocabulary
        }, title
    assert sum(charts["Kontakte nach Kontaktart"].values()) == merged.totals["contacts_total"]
    assert {chart.anchor._from.col for chart in book["Bezirk"]._charts} == {4}  # column E
    assert_charts_stacked(book["Bezirk"])
    assert_no_formulas(data)


def test_a_chart_is_left_out_rather_than_drawn_over_the_wrong_rows() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for label in ("a", "b", "", "c"):
        sheet.append([label, 1])
    assert rows_labelled(sheet, "t", ["a", "b"]) is not None
    assert rows_labelled(sheet, "t", ["a", "c"]) is None  # not one block
    assert rows_labelled(sheet, "t", ["a", "x"]) is None  # a label missing
