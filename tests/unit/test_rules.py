"""Caseload count (Solingen rule) and the three-month no-contact rule."""

from __future__ import annotations

from datetime import date

import pytest

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Contact
from kimdesk.domain.rules import (
    CaseActivity,
    caseload_capacity,
    caseload_count,
    closure_suggested,
    months_before,
)
from kimdesk.domain.vocabulary import ClosureReason, ConsentKind, Setting
from tests.conftest import TODAY, make_person


def activity(
    person_id: int = 1,
    phase: Phase = Phase.MONITORING,
    *,
    admitted: date | None = date(2026, 1, 10),
    contacts: int = 1,
    last: date | None = None,
    counselling: date | None = None,
) -> CaseActivity:
    return CaseActivity(
        person_id=person_id,
        phase=phase,
        opened_on=date(2026, 1, 1),
        admitted_on=admitted,
        contact_count=contacts,
        last_contact_on=last,
        last_counselling_on=counselling,
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 23), 3, date(2026, 8, 23)),
        (date(2026, 5, 31), 3, date(2026, 2, 28)),
        (date(2024, 5, 31), 3, date(2024, 2, 29)),
        (date(2026, 1, 15), 3, date(2025, 10, 15)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert months_before(day, months) == expected


def test_caseload_count_follows_the_solingen_rule() -> None:
    today = date(2026, 11, 23)
    cases = [
        activity(1),  # admitted, open: counts
        activity(2, Phase.INTAKE, admitted=None, contacts=1),  # first conversation held
        activity(3, Phase.INTAKE, admitted=None, contacts=0),  # intake not yet held
        activity(4, Phase.SCREENING, admitted=None, contacts=2),  # screening only
        activity(5, Phase.CLOSED, counselling=date(2026, 9, 1)),  # recent counselling
        activity(6, Phase.CLOSED, counselling=date(2026, 8, 1)),  # too long ago
        activity(
            7,
            Phase.NOT_ADMITTED,
            admitted=None,  # referral beyond a short one
            counselling=date(2026, 11, 1),
        ),
        activity(1, Phase.CLOSED, counselling=date(2026, 10, 1)),  # same person twice
    ]
    assert caseload_count(cases, today) == 4  # persons 1, 2, 5, 7


def test_short_referrals_alone_do_not_count() -> None:
    closed = activity(
        9, Phase.NOT_ADMITTED, admitted=None, last=date(2026, 11, 1), counselling=None
    )
    assert caseload_count([closed], date(2026, 11, 23)) == 0


def test_capacity_is_fifty_per_full_time_post() -> None:
    assert caseload_capacity(1.0) == 50
    assert caseload_capacity(0.5) == 25


def test_closure_is_suggested_after_three_months_without_contact() -> None:
    today = date(2026, 11, 23)
    assert closure_suggested(activity(last=date(2026, 8, 22)), today)
    assert not closure_suggested(activity(last=date(2026, 8, 23)), today)
    assert closure_suggested(activity(contacts=0, admitted=date(2026, 5, 1)), today)
    assert not closure_suggested(activity(phase=Phase.CLOSED, last=date(2025, 1, 1)), today)
    assert not closure_suggested(activity(phase=Phase.SCREENING, admitted=None, last=None), today)


def test_rules_over_a_stored_caseload(caseload: Caseload) -> None:
    def admitted_case(surname: str, last_contact: date, short: bool = False) -> int:
        case = caseload.open_case(
            caseload.add_person(make_person(surname, "X")), opened_on=date(2026, 1, 5)
        )
        caseload.move_to(case.id, Phase.INTAKE, on=date(2026, 1, 5))
        caseload.record_consent(
            Consent(case.id, ConsentKind.DATA_PROCESSING, date(2026, 1, 6), "de")
        )
        caseload.move_to(case.id, Phase.ASSESSMENT, on=date(2026, 1, 6))
        caseload.add_contact(
            Contact(case.id, last_contact, 45, Setting.OUTREACH, short_referral=short)
        )
        return case.id

    active = admitted_case("Aktiv", date(2026, 11, 2))
    silent = admitted_case("Still", date(2026, 6, 1))
    gone = admitted_case("Weg", date(2026, 10, 1))
    caseload.move_to(
        gone, Phase.CLOSED, on=date(2026, 10, 2), closure_reason=ClosureReason.MOVED_AWAY
    )
    caseload.open_case(caseload.add_person(make_person("Neu", "Y")))  # screening only

    assert caseload.caseload_count() == 3  # active, silent (open), gone (recent counselling)
    assert [row.id for row in caseload.closure_suggestions()] == [silent]
    assert caseload.caseload_capacity() == pytest.approx(37.5)
    assert TODAY == caseload.today and active
