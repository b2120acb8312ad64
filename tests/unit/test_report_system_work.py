"""System work in the monthly report: the figures equal a hand count on a small caseload, the
sheet "Systemarbeit" holds counts only and prints like the others, and merge-reports sums it,
counts an older report without it as zero and refuses a malformed one."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kimdesk import network_time, service_gaps, themes
from kimdesk.caseload import Caseload
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.errors import BadInput
from kimdesk.network_time import NetworkKind
from kimdesk.report.merge import merge_reports, read_report, write_merged
from kimdesk.report.month import build_month_report
from kimdesk.report.system_work import GAP_NOTE, PREFIX, SHEET, gather_system_work
from kimdesk.report.workbook import write_workbook
from kimdesk.service_gaps import GapKind
from kimdesk.themes import ThemeStatus
from tests.conftest import PASSWORD, PROFILE, make_person

NOV1, NOV30 = date(2026, 11, 1), date(2026, 11, 30)
TODAY = date(2026, 12, 10)  # after the month: later changes must not count
SECRET_TEXTS = ("Wartezeiten Sprachkurse", "Kita-Plätze fehlen", "AK Wohnen Süd")


@pytest.fixture
def small(tmp_path: Path) -> Any:
    caseload = Caseload.create(tmp_path / "small.kimdesk", PASSWORD, PROFILE, today=lambda: TODAY)
    yield fill(caseload)
    caseload.close()


def fill(caseload: Caseload) -> Caseload:
    """Three clients; two themes in November, one later; gaps in and out of the month."""
    cases = [
        caseload.admit_person(make_person(name, "Anna"), opened_on=date(2026, 9, 1)).case.id
        for name in ("Yılmaz", "Nowak", "Haddad")
    ]
    work = themes.add_theme(
        caseload, title=SECRET_TEXTS[0], domain=LifeDomain.EDUCATION_WORK, on=date(2026, 10, 5)
    )
    themes.change_status(caseload, work, ThemeStatus.REPORTED, date(2026, 11, 10))
    themes.change_status(caseload, work, ThemeStatus.SOLVED, date(2026, 12, 2))  # after
    for case_id in cases[:2]:
        themes.link_case(caseload, work, case_id, date(2026, 11, 12))
    themes.link_case(caseload, work, cases[2], date(2026, 12, 3))  # after the month
    housing = themes.add_theme(
        caseload, title="Wohnraum", domain=LifeDomain.HOUSING, on=date(2026, 11, 20)
    )
    themes.link_case(caseload, housing, cases[0], date(2026, 11, 20))  # the same case again
    themes.add_theme(caseload, title="Später", domain=None, on=date(2026, 12, 1))

    add = service_gaps.add_gap
    add(
        caseload,
        kind=GapKind.GAP,
        domain=LifeDomain.FAMILY,
        description=SECRET_TEXTS[1],
        noted_on=date(2026, 11, 3),
    )
    add(caseload, kind=GapKind.GAP, domain=LifeDomain.FAMILY, description="Hort", noted_on=NOV30)
    add(
        caseload,
        kind=GapKind.INTERFACE,
        domain=None,
        description="Jobcenter",
        noted_on=date(2026, 11, 15),
    )
    add(
        caseload,
        kind=GapKind.INTERFACE,
        domain=LifeDomain.HEALTH,
        description="PSZ",
        noted_on=date(2026, 10, 31),
    )  # before the month

    entry = network_time.add_entry
    entry(caseload, worked_on=NOV1, kind=NetworkKind.NETWORK, minutes=90, topic=SECRET_TEXTS[2])
    entry(caseload, worked_on=NOV30, kind=NetworkKind.NETWORK, minutes=45)
    entry(caseload, worked_on=date(2026, 11, 18), kind=NetworkKind.WORKING_GROUP, minutes=120)
    entry(caseload, worked_on=date(2026, 12, 1), kind=NetworkKind.CONFERENCE, minutes=240)
    return caseload


def key(name: str) -> str:
    return PREFIX + name


def test_the_figures_equal_a_hand_count(small: Caseload) -> None:
    figures = gather_system_work(small, NOV1, NOV30, ["Wohnsituation", "Wohnsituation"]).figures
    assert figures[key("reports")] == 1
    # Status on 30 November: "reported" (solved only in December); the later theme is out.
    assert figures[key("themes.education_work.reported")] == 1
    assert figures[key("themes.education_work.solved")] == 0
    assert figures[key("themes.housing.observed")] == 1
    assert figures[key("themes.unknown.observed")] == 0
    assert sum(v for k, v in figures.items() if k.startswith(key("themes."))) == 2
    # Two cases linked in November to the first theme, one of them to the second too.
    assert figures[key("theme_cases.education_work")] == 2
    assert figures[key("theme_cases.housing")] == 1
    assert figures[key("theme_cases.any")] == 2
    assert figures[key("themes_new")] == 1
    assert figures[key("gaps.gap.family")] == 2
    assert figures[key("gaps.interface.unknown")] == 1
    assert figures[key("gaps.interface.health")] == 0
    assert figures[key("plan_gaps.housing")] == 2
    assert figures[key("network.network.entries")] == 2
    assert figures[key("network.network.minutes")] == 135
    assert figures[key("network.working_group.minutes")] == 120
    assert figures[key("network.conference.entries")] == 0


def sheet_rows(data: bytes, title: str) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [tuple(row) for row in book[title].iter_rows(values_only=True)]


def by_label(rows: list[tuple[Any, ...]], header: str) -> dict[str, tuple[Any, ...]]:
    """The rows of the table under ``header``, by their first cell, up to a blank row."""
    start = next(i for i, row in enumerate(rows) if row[0] == header)
    found: dict[str, tuple[Any, ...]] = {}
    for row in rows[start + 1 :]:
        if row[0] is None:
            break
        found[row[0]] = row[1:]
    return found


def test_the_sheet_holds_counts_only_and_prints_like_the_others(small: Caseload) -> None:
    data = write_workbook(build_month_report(small, "2026-11"))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert SHEET in book.sheetnames and book.sheetnames[-1] == "_kimdesk"
    sheet = book[SHEET]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$1"
    rows = sheet_rows(data, SHEET)
    found = by_label(rows, "Generative Themen am Monatsende: Lebensbereich")
    assert found["Bildung/Sprache/Ausbildung/Arbeit"][:6] == (0, 1, 0, 0, 1, 2)
    assert found["Wohnsituation"][:6] == (1, 0, 0, 0, 1, 1)
    assert found["gesamt"][:6] == (1, 1, 0, 0, 2, 2)
    gaps = by_label(rows, "Im Monat erfasst: Lebensbereich")
    assert gaps["familiäre Situation"][:3] == (2, 0, 0)
    assert gaps["ohne Lebensbereich"][:3] == (0, 1, 0)
    assert gaps["gesamt"][:2] == (2, 1)
    assert any(row[0] == GAP_NOTE for row in rows)
    network = by_label(rows, "Netzwerk- und Systemarbeit im Monat")
    assert network["Netzwerkarbeit"][:3] == (2, 135, 2.2)
    assert network["gesamt"][:3] == (3, 255, 4.2)
    # Counts only: no theme title, gap description or topic anywhere in the workbook.
    cells = [
        str(value)
        for title in book.sheetnames
        for row in book[title].iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert not [c for c in cells for text in SECRET_TEXTS if text in c]


def export(caseload: Caseload, path: Path, code: str) -> Path:
    path.write_bytes(write_workbook(build_month_report(caseload, "2026-11", code=code)))
    return path


def test_merge_sums_the_system_work(small: Caseload, tmp_path: Path) -> None:
    first = export(small, tmp_path / "eb.xlsx", "EB")
    second = export(small, tmp_path / "ak.xlsx", "AK")
    merged = merge_reports([read_report(first), read_report(second)])
    assert merged.totals[key("network.network.minutes")] == 270
    assert merged.totals[key("theme_cases.any")] == 4
    data = write_merged(merged)
    rows = sheet_rows(data, SHEET)
    assert by_label(rows, "Netzwerk- und Systemarbeit im Monat")["gesamt"][:2] == (6, 510)
    assert by_label(rows, "Im Monat erfasst: Lebensbereich")["familiäre Situation"][0] == 4
    # The district overview keeps its own figures; the system-work keys stay on their sheet.
    district = [row[2] for row in sheet_rows(data, "Bezirk")]
    assert not [k for k in district if isinstance(k, str) and k.startswith(PREFIX)]


def strip_system_work(path: Path, out: Path, *, keep_keys: bool = False) -> Path:
    """The report as an older kimdesk wrote it: no sheet, and no keys unless ``keep_keys``."""
    book = openpyxl.load_workbook(path)
    del book[SHEET]
    if not keep_keys:
        meta = book["_kimdesk"]
        for index in range(meta.max_row, 0, -1):
            if str(meta.cell(index, 1).value or "").startswith(PREFIX):
                meta.delete_rows(index)
    book.save(out)
    return out


def test_an_older_report_counts_as_zero_and_is_named(small: Caseload, tmp_path: Path) -> None:
    new = export(small, tmp_path / "eb.xlsx", "EB")
    old = strip_system_work(export(small, tmp_path / "ak.xlsx", "AK"), tmp_path / "alt.xlsx")
    merged = merge_reports([read_report(new), read_report(old)])
    assert merged.totals[key("network.network.minutes")] == 135
    rows = sheet_rows(write_merged(merged), SHEET)
    assert any(row[0] and "alt.xlsx" in str(row[0]) and "als null" in str(row[0]) for row in rows)


def test_a_malformed_sheet_is_refused(small: Caseload, tmp_path: Path) -> None:
    path = export(small, tmp_path / "eb.xlsx", "EB")
    book = openpyxl.load_workbook(path)
    for row in book[SHEET].iter_rows():
        if row[0].value == "Netzwerk- und Systemarbeit im Monat":
            row[0].value = "Netzwerk"
    book.save(tmp_path / "kaputt.xlsx")
    with pytest.raises(BadInput, match="kaputt.xlsx.*Systemarbeit.*Spalten"):
        read_report(tmp_path / "kaputt.xlsx")
    missing = strip_system_work(path, tmp_path / "ohne.xlsx", keep_keys=True)
    with pytest.raises(BadInput, match="ohne.xlsx.*Systemarbeit.*fehlt"):
        read_report(missing)
