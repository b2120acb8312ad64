"""The coordinating office's merge of monthly reports, on workbooks built here by the layout."""

from __future__ import annotations

import argparse
import io
import uuid
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from kimdesk.domain.vocabulary import ClosureReason, LifeDomain, Setting
from kimdesk.errors import BadInput
from kimdesk.i18n import _
from kimdesk.report.merge import (
    TABLE_HEADERS,
    merge_reports,
    read_report,
    write_merged,
)
from kimdesk.report.merge_cli import EXPORT_PASSWORD_ENV, add_merge_parser, cmd_merge_reports
from tests.unit.outcome_sheets import add_outcome_sheet

MONTH = "2026-11"


def figures(**overrides: float) -> dict[str, float]:
    """A full set of numeric keys, all zero unless overridden (dots written as __)."""
    values: dict[str, float] = {
        "active_cases": 0,
        "admissions": 0,
        "not_admitted": 0,
        "caseload_count": 0,
        "capacity": 0,
        "contacts_total": 0,
        "contact_minutes": 0,
        "gaps": 0,
        "referrals.unknown": 0,
        "rows.cases": 0,
        "rows.contacts": 0,
        "rows.gaps": 0,
    }
    values |= {f"closures.{r.value}": 0 for r in ClosureReason}
    values |= {f"contacts.{s.value}": 0 for s in Setting}
    values |= {f"topics.{d.value}": 0 for d in LifeDomain}
    values |= {f"referrals.{d.value}": 0 for d in LifeDomain}
    values |= {key.replace("__", "."): value for key, value in overrides.items()}
    return values


def build_report(
    *,
    code: str = "EB",
    month: str = MONTH,
    numbers: dict[str, float] | None = None,
    gaps: tuple[tuple[str, str, str], ...] = (),
    report_id: str | None = None,
    created_at: str = "2026-12-01T09:00:00",
    full_time_share: float = 0.75,
    layout: str = "kimdesk-monatsbericht",
    skip_sheet: str = "",
    outcomes: bool = True,
) -> bytes:
    """A monthly report workbook following the fixed layout."""
    workbook = openpyxl.Workbook()
    overview = workbook.active
    overview.title = "Übersicht"
    overview.append([f"KIM-CM Monatsbericht {month}"])
    overview.append(["Kennzahl", "Wert"])
    cases = workbook.create_sheet("Fälle")
    cases.append(list(TABLE_HEADERS["Fälle"]))
    cases.append(["P-1001", "Hilfeplanung", "2026-10", "27–39", "weiblich", "Syrien"])
    contacts = workbook.create_sheet("Termine")
    contacts.append(list(TABLE_HEADERS["Termine"]))
    contacts.append(["P-1001", date(2026, 11, 3), "persönlich", 45, "Gesundheit", "nein"])
    gap_sheet = workbook.create_sheet("Angebotslücken")
    gap_sheet.append(list(TABLE_HEADERS["Angebotslücken"]))
    for row in gaps:
        gap_sheet.append(list(row))
    if outcomes:  # the sheet Ergebnisse, all zero (reports of an older kimdesk lack it)
        add_outcome_sheet(workbook)
    meta = workbook.create_sheet("_kimdesk")
    meta.sheet_state = "hidden"
    entries: dict[str, Any] = {
        "layout": layout,
        "layout_version": 1,
        "report_id": report_id or uuid.uuid4().hex,
        "month": month,
        "code": code,
        "case_manager": f"Case Manager {code}",
        "organisation": "Caritas",
        "municipality": "Solingen",
        "full_time_share": full_time_share,
        "created_at": created_at,
    }
    entries |= numbers if numbers is not None else figures()
    for key, value in entries.items():
        meta.append([key, value])
    if skip_sheet:
        workbook.remove(workbook[skip_sheet])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def encrypt(data: bytes, password: str) -> bytes:
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes], Path]:
    def _write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return _write


EB_NUMBERS = figures(
    active_cases=40,
    admissions=3,
    not_admitted=1,
    closures__moved_away=2,
    closures__other=1,
    caseload_count=42.5,
    capacity=37.5,
    contacts__in_person=30,
    contacts__phone=12,
    contacts_total=42,
    contact_minutes=1890,
    topics__health=9,
    topics__residence=4,
    referrals__health=2,
    referrals__unknown=1,
    gaps=1,
    rows__cases=43,
    rows__contacts=42,
    rows__gaps=1,
)
AK_NUMBERS = figures(
    active_cases=25,
    admissions=5,
    closures__moved_away=1,
    caseload_count=28,
    capacity=25,
    contacts__phone=8,
    contacts__outreach=4,
    contacts_total=12,
    contact_minutes=510,
    topics__health=1,
    topics__finances=7,
    referrals__finances=3,
    gaps=2,
    rows__cases=27,
    rows__contacts=12,
    rows__gaps=2,
)
EB_GAPS = (("Gesundheit", "Keine Psychotherapie auf Arabisch", "P-1001"),)
AK_GAPS = (
    ("Finanzen", "Schuldnerberatung: 6 Monate Wartezeit", "P-0007"),
    ("Wohnen", "Kein Frauenhausplatz frei", "P-0012"),
)


def two_reports(write: Callable[[str, bytes], Path]) -> list[Path]:
    return [
        write("eb.xlsx", build_report(code="EB", numbers=EB_NUMBERS, gaps=EB_GAPS)),
        write(
            "ak.xlsx",
            build_report(code="AK", numbers=AK_NUMBERS, gaps=AK_GAPS, full_time_share=0.5),
        ),
    ]


def sheet_rows(data: bytes, title: str) -> list[tuple[Any, ...]]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return list(workbook[title].iter_rows(values_only=True))


def test_read_report_takes_the_figures_and_gaps(write: Callable[[str, bytes], Path]) -> None:
    report = read_report(write("eb.xlsx", build_report(numbers=EB_NUMBERS, gaps=EB_GAPS)))
    assert report.month == MONTH and report.code == "EB"
    assert report.full_time_share == 0.75
    assert report.created_at == datetime(2026, 12, 1, 9, 0)
    assert report.figures == EB_NUMBERS
    assert [(g.domain, g.description, g.pseudonym) for g in report.gaps] == list(EB_GAPS)


def test_two_reports_are_summed_exactly(write: Callable[[str, bytes], Path]) -> None:
    merged = merge_reports(read_report(path) for path in two_reports(write))
    assert [r.code for r in merged.reports] == ["AK", "EB"]
    assert merged.totals == {key: EB_NUMBERS[key] + AK_NUMBERS[key] for key in EB_NUMBERS}
    assert merged.totals["caseload_count"] == 70.5
    assert merged.totals["capacity"] == 62.5
    assert merged.full_time_share == 1.25
    assert merged.notes() == []

    data = write_merged(merged)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[:4] == ["Bezirk", "Case Manager", "Themen", "Angebotslücken"]
    assert "Systemarbeit" in workbook.sheetnames
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref or sheet.title == "Ergebnisse"  # blocks, no one table
    district = {row[2]: row[1] for row in sheet_rows(data, "Bezirk")[1:] if row[2]}
    assert district["reports"] == 2
    assert district["contacts_total"] == 54
    assert district["closures.moved_away"] == 3
    assert district["utilisation"] == pytest.approx(70.5 / 62.5)
    assert district["contact_hours"] == pytest.approx(2400 / 60)

    managers = sheet_rows(data, "Case Manager")
    assert [row[0] for row in managers[1:]] == ["AK", "EB"]
    eb = managers[2]
    assert eb[4:10] == (0.75, 40, 3, 3, 42.5, 37.5)
    assert eb[11:13] == (42, 31.5)

    themes = sheet_rows(data, "Themen")[1:]
    assert themes[0] == (LifeDomain.HEALTH.label, 10, pytest.approx(10 / 21), 2)
    assert themes[1][:2] == (LifeDomain.FINANCES.label, 7)
    assert [row[1] for row in themes] == sorted((row[1] for row in themes), reverse=True)

    gaps = sheet_rows(data, "Angebotslücken")[1:]
    assert sorted(gaps) == sorted(
        [("EB", *row) for row in EB_GAPS] + [("AK", *row) for row in AK_GAPS]
    )


def test_no_case_rows_are_copied(write: Callable[[str, bytes], Path]) -> None:
    data = write_merged(merge_reports(read_report(path) for path in two_reports(write)))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    cells = {str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row}
    assert "Syrien" not in cells and "Hilfeplanung" not in cells


def test_the_same_report_twice_counts_once(write: Callable[[str, bytes], Path]) -> None:
    data = build_report(code="EB", numbers=EB_NUMBERS)
    first, again = write("eb.xlsx", data), write("eb-kopie.xlsx", data)
    merged = merge_reports([read_report(first), read_report(again), read_report(first)])
    assert len(merged.reports) == 1
    assert merged.totals == EB_NUMBERS
    assert merged.duplicates == ("eb-kopie.xlsx", "eb.xlsx")
    assert len(merged.notes()) == 2


def test_the_newer_report_of_a_case_manager_wins(write: Callable[[str, bytes], Path]) -> None:
    newer = write(
        "eb-neu.xlsx",
        build_report(numbers=figures(active_cases=41), created_at="2026-12-02T10:00:00+01:00"),
    )
    older = write(
        "eb-alt.xlsx",
        build_report(numbers=figures(active_cases=39), created_at="2026-12-01T08:00:00"),
    )
    merged = merge_reports([read_report(newer), read_report(older)])
    assert merged.totals["active_cases"] == 41
    assert [(s.code, s.kept, s.dropped) for s in merged.superseded] == [
        ("EB", "eb-neu.xlsx", "eb-alt.xlsx")
    ]
    notes = sheet_rows(write_merged(merged), "Bezirk")
    assert (_("Notes"), None, None) in notes
    assert (merged.notes()[0], None, None) in notes


def test_reports_of_different_months_are_refused(write: Callable[[str, bytes], Path]) -> None:
    november = read_report(write("nov.xlsx", build_report(month="2026-11")))
    october = read_report(write("okt.xlsx", build_report(code="AK", month="2026-10")))
    with pytest.raises(BadInput) as error:
        merge_reports([november, october])
    assert "2026-10" in str(error.value) and "2026-11" in str(error.value)


def test_no_reports_are_refused() -> None:
    with pytest.raises(BadInput):
        merge_reports([])


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (build_report(layout="fremdes-format"), "fremdes-format"),
        (build_report(skip_sheet="_kimdesk"), "_kimdesk"),
        (build_report(skip_sheet="Termine"), "Termine"),
        (b"Pseudonym;Datum\nP-1;01.11.2026\n", ""),
    ],
    ids=["unknown-layout", "no-meta-sheet", "missing-sheet", "not-xlsx"],
)
def test_bad_inputs_are_refused_naming_the_file(
    write: Callable[[str, bytes], Path], data: bytes, fragment: str
) -> None:
    with pytest.raises(BadInput) as error:
        read_report(write("bericht.xlsx", data))
    assert "bericht.xlsx" in str(error.value)
    assert fragment in str(error.value)


def test_wrong_headers_are_refused(write: Callable[[str, bytes], Path]) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(build_report()))
    workbook["Angebotslücken"]["B1"] = "Beschreibung"
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(BadInput) as error:
        read_report(write("bericht.xlsx", buffer.getvalue()))
    assert "Angebotslücken" in str(error.value)


def test_encrypted_report_opens_only_with_its_password(
    write: Callable[[str, bytes], Path],
) -> None:
    path = write("eb.xlsx", encrypt(build_report(numbers=EB_NUMBERS, gaps=EB_GAPS), "Geheim-7"))
    assert read_report(path, ["falsch", "Geheim-7"]).figures == EB_NUMBERS
    with pytest.raises(BadInput) as wrong:
        read_report(path, ["falsch"])
    assert "eb.xlsx" in str(wrong.value)
    with pytest.raises(BadInput):
        read_report(path, [])


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    add_merge_parser(parser.add_subparsers(), argparse.ArgumentParser(add_help=False))
    args = parser.parse_args(argv)
    return int(args.handler(args))


def test_cli_merges_encrypted_and_plain_reports(
    write: Callable[[str, bytes], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv(EXPORT_PASSWORD_ENV, raising=False)
    eb = write("eb.xlsx", encrypt(build_report(code="EB", numbers=EB_NUMBERS), "erstes"))
    ak = write("ak.xlsx", encrypt(build_report(code="AK", numbers=AK_NUMBERS), "zweites"))
    plain = write("eb-kopie.xlsx", eb.read_bytes())
    passwords = write("passwoerter.txt", b"erstes\n\nzweites\n")
    out = tmp_path / "bezirk.xlsx"
    out.write_bytes(b"old")  # replaced atomically

    argv = ["merge-reports", str(eb), str(ak), str(plain), "--out", str(out)]
    assert run_cli([*argv, "--password-file", str(passwords)]) == 0

    district = {row[2]: row[1] for row in sheet_rows(out.read_bytes(), "Bezirk")[1:] if row[2]}
    assert district["reports"] == 2
    assert district["active_cases"] == 65
    assert district["contact_minutes"] == 2400
    assert "bezirk.xlsx" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".merge-")] == []

    monkeypatch.setenv(EXPORT_PASSWORD_ENV, "erstes")
    with pytest.raises(BadInput) as error:
        run_cli(argv)  # the environment's password opens eb.xlsx, not ak.xlsx
    assert "ak.xlsx" in str(error.value)


def test_cli_refuses_to_overwrite_an_input(write: Callable[[str, bytes], Path]) -> None:
    report = write("eb.xlsx", build_report())
    with pytest.raises(BadInput):
        cmd_merge_reports(argparse.Namespace(files=[report], out=report, password_file=None))
    assert read_report(report).code == "EB"
