"""The monthly workbook is written lean: openpyxl write-only sheets whose rows are styled as
they are appended and compressed into the in-memory package at once, no cell kept, and
kimdesk.report loads neither openpyxl nor msoffcrypto. Everything the layout had before is
still in the written bytes: widths, frozen panes, filters, drop-downs, the comment, print
setup, row heights, merged cells, page breaks and the overview's charts."""

from __future__ import annotations

import gc
import io
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from kimdesk.caseload import Caseload
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.report import build_month_report, write_workbook
from kimdesk.report.system_work import GAP_HEADERS
from kimdesk.report.workbook import CASE_HEADERS, report_workbook
from kimdesk.report.xlsx import StreamedWorkbook, save_to_bytes
from tests.unit.test_report_export import build_known

MONTH = "2026-11"
ROOT = Path(__file__).resolve().parents[2]


def live_cells() -> int:
    gc.collect()
    return sum(1 for thing in gc.get_objects() if isinstance(thing, Cell))


def test_the_workbook_is_built_write_only_and_keeps_no_cells(caseload: Caseload) -> None:
    build_known(caseload)
    small = build_month_report(caseload, MONTH)
    # The same month with 400 times its contacts and cases: 1,600 more rows than before.
    large = replace(small, contacts=small.contacts * 400, cases=small.cases * 400)
    assert len(large.contacts) + len(large.cases) > 1600

    before = live_cells()
    book = report_workbook(large)
    kept = live_cells() - before

    assert isinstance(book, StreamedWorkbook) and book.write_only
    assert book.worksheets and all(isinstance(s, WriteOnlyWorksheet) for s in book.worksheets)
    assert all(sheet._cells == {} for sheet in book.worksheets)
    # Every sheet but the last is in the compressed package already.
    assert [sheet.closed for sheet in book.worksheets] == [True] * (len(book.worksheets) - 1) + [
        False
    ]
    assert kept < 50, kept  # the handful of the styles' and charts' objects, not one per row
    data = save_to_bytes(book)
    cases = load_workbook(io.BytesIO(data), read_only=True)["Fälle"]
    assert cases.max_row == len(large.cases) + 1 + (2 if large.coarsened else 0)  # <dimension>
    assert cases.max_column == len(CASE_HEADERS)


def test_kimdesk_report_loads_no_excel_library() -> None:
    """The GUI imports kimdesk.report for its dialog: openpyxl and msoffcrypto load when a
    workbook is written or encrypted (cold start)."""
    code = (
        "import sys, kimdesk.report, kimdesk.report.month, kimdesk.report.workbook; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'openpyxl', 'msoffcrypto'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_the_written_bytes_keep_every_feature_of_the_layout(caseload: Caseload) -> None:
    build_known(caseload, gap="=HYPERLINK(1) fehlt")
    report = build_month_report(caseload, MONTH)
    assert report.coarsened and report.contacts and report.gaps
    book = load_workbook(io.BytesIO(write_workbook(report)))
    rows = len(report.cases) + 1

    assert book.sheetnames == [
        "Übersicht",
        "Fälle",
        "Termine",
        "Angebotslücken",
        "Ergebnisse",
        "Systemarbeit",
        "Bögen",
        "_kimdesk",
    ]
    assert book["_kimdesk"].sheet_state == "hidden"
    for sheet in book.worksheets:  # print setup on every sheet
        setup = sheet.page_setup
        assert (setup.orientation, int(setup.paperSize), setup.fitToWidth) == ("landscape", 9, 1)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.page_margins.left == 0.5 and sheet.oddFooter.center.text == "&A – &P/&N"
        assert setup.fitToHeight == (1 if sheet.title == "Übersicht" else 0)

    overview = book["Übersicht"]
    assert overview.freeze_panes == "A4" and overview.print_title_rows == "$1:$3"
    assert overview["A1"].font.b and overview["A1"].font.sz == 14
    assert overview["A3"].fill.fgColor.rgb == "003B5B7A" and overview["A3"].font.b
    assert overview.column_dimensions["A"].width > 62  # fitted to the longest label
    assert (overview.column_dimensions["B"].width, overview.column_dimensions["C"].width) == (
        24,
        13,
    )
    assert overview.row_dimensions[2].height == 6  # blank rows lowered, filled ones tight
    assert overview.row_dimensions[3].height == 13.5
    stamp = next(r for r in overview.iter_rows() if r[0].value == "erstellt am")[1]
    assert stamp.number_format == "DD.MM.YYYY HH:MM" and stamp.alignment.horizontal == "left"
    charts = overview._charts
    assert len(charts) == 3 and {c.anchor._from.col for c in charts} == {3}
    for chart in charts:  # each over a block of the overview's own label/value rows
        values = chart.series[0].val.numRef.f
        labels = chart.series[0].cat.strRef.f
        first, last = (int(part.split("$")[-1]) for part in values.split(":"))
        assert values.startswith("'Übersicht'!$B$") and labels.startswith("'Übersicht'!$A$")
        assert all(isinstance(overview.cell(row, 2).value, int) for row in range(first, last + 1))

    cases = book["Fälle"]
    assert cases.freeze_panes == "A2" and cases.print_title_rows == "$1:$1"
    assert cases.auto_filter.ref == f"A1:Q{rows}"
    assert cases.column_dimensions["K"].width == 40
    validations = {str(v.sqref): v.formula1 for v in cases.data_validations.dataValidation}
    assert set(validations) == {f"D2:D{rows}", f"E2:E{rows}"}
    assert cases["F1"].comment is not None and cases["F1"].comment.author == "kimdesk"
    assert cases.cell(rows + 2, 1).value.startswith("Hinweis:") and cases.cell(rows + 2, 1).font.i

    contacts = book["Termine"]
    assert contacts["B2"].number_format == "DD.MM.YYYY" and contacts["B2"].is_date
    assert len(contacts.data_validations.dataValidation) == 2

    gaps = book["Angebotslücken"]
    assert gaps["B2"].value == "=HYPERLINK(1) fehlt" and gaps["B2"].data_type == "s"
    assert gaps["B2"].alignment.wrap_text and gaps.auto_filter.ref.startswith("A1:C")

    outcomes = book["Ergebnisse"]
    assert outcomes.freeze_panes == "A2" and len(outcomes.row_breaks.brk) == 1
    assert any(dim.height == 30 for dim in outcomes.row_dimensions.values())
    assert outcomes.column_dimensions["G"].width == 30

    system = book["Systemarbeit"]
    assert [str(r) for r in system.merged_cells.ranges]
    assert system.auto_filter.ref == f"A1:G{len(LifeDomain) + 2}"  # the domains, "unknown"
    gap_header = next(r for r in system.iter_rows() if r[0].value == GAP_HEADERS[0])
    assert all(cell.fill.fgColor.rgb == "003B5B7A" for cell in gap_header[:7])

    forms = book["Bögen"]
    assert forms.freeze_panes == "A2" and forms.auto_filter.ref.startswith("A1:I")
