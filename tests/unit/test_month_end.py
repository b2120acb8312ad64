"""Month end: the previous month's report is due on the 1st and after the 25th, also in a
caseload created or imported in that month or on the 1st, as long as it holds that month's
work; the report dialog starts with the month that is due."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.demo.generator import fill_demo
from kimdesk.domain.records import Contact
from kimdesk.domain.rules import report_month_to_offer, report_months_due, reporting_since
from kimdesk.domain.vocabulary import Setting
from kimdesk.importer import import_file
from tests.conftest import PASSWORD, PROFILE, make_person

FIRST = date(2026, 12, 1)


@pytest.fixture
def created_on_the_first(tmp_path: Path):  # type: ignore[no-untyped-def]
    caseload = Caseload.create(tmp_path / "neu.kimdesk", PASSWORD, PROFILE, today=lambda: FIRST)
    yield caseload
    caseload.close()


def test_a_caseload_created_on_the_first_with_last_months_contacts_is_reminded(
    created_on_the_first: Caseload,
) -> None:
    caseload = created_on_the_first
    case = caseload.open_case(caseload.add_person(make_person()), opened_on=date(2026, 11, 3))
    caseload.add_contact(Contact(case.id, date(2026, 11, 17), 45, Setting.IN_PERSON))
    assert caseload.started_on() == FIRST
    assert caseload.overview().reports_due == ("2026-11",)
    assert caseload.overview(on=date(2026, 12, 26)).reports_due == ("2026-11", "2026-12")
    caseload.record_report_export("2026-11", "KIM-CM_Monatsbericht_2026-11_EB.xlsx", {})
    assert caseload.overview().reports_due == ()


def test_contacts_typed_in_afterwards_count_for_their_month(
    created_on_the_first: Caseload,
) -> None:
    caseload = created_on_the_first
    case = caseload.open_case(caseload.add_person(make_person()))  # opened on the 1st
    assert caseload.reports_due() == ()
    caseload.add_contact(Contact(case.id, date(2026, 11, 28), 30, Setting.PHONE))
    assert caseload.reports_due() == ("2026-11",)


def test_the_demo_made_on_the_first_reminds_of_last_month(
    created_on_the_first: Caseload,
) -> None:
    fill_demo(created_on_the_first, cases=12, seed=3)
    assert created_on_the_first.overview().reports_due == ("2026-11",)


def test_an_imported_list_with_admission_dates_reminds_of_last_month(
    created_on_the_first: Caseload, tmp_path: Path
) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("Nachname;Vorname;Aufnahmedatum\r\nNowak;Jan;12.11.2026\r\n", "utf-8")
    assert import_file(created_on_the_first, path).cases_opened == 1
    assert created_on_the_first.reports_due() == ("2026-11",)


def test_an_empty_caseload_has_nothing_to_report_for_the_month_before_it(
    created_on_the_first: Caseload,
) -> None:
    assert created_on_the_first.overview().reports_due == ()
    assert created_on_the_first.overview(on=date(2026, 12, 25)).reports_due == ("2026-12",)


def test_the_rules_count_from_the_first_work_not_from_the_file() -> None:
    assert reporting_since(FIRST, date(2026, 11, 3)) == date(2026, 11, 3)
    assert reporting_since(FIRST, None) == FIRST
    assert reporting_since(FIRST, date(2026, 12, 4)) == FIRST
    since = reporting_since(FIRST, date(2026, 11, 30))
    assert report_months_due(FIRST, set(), since) == ["2026-11"]
    assert report_months_due(FIRST, set(), FIRST) == []


@pytest.mark.parametrize(
    ("today", "due", "offered"),
    [
        (date(2026, 12, 1), ("2026-11",), "2026-11"),
        (date(2026, 12, 27), ("2026-11", "2026-12"), "2026-11"),
        (date(2026, 12, 10), (), "2026-11"),  # nothing due: the month just ended
        (date(2026, 12, 26), (), "2026-12"),
        (date(2027, 1, 1), ("2026-12",), "2026-12"),
        (date(2027, 1, 3), (), "2026-12"),
    ],
)
def test_the_dialog_offers_the_month_that_is_due(
    today: date, due: tuple[str, ...], offered: str
) -> None:
    assert report_month_to_offer(today, due) == offered
