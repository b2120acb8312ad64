"""A new person and their first case: written in one transaction, or not at all."""

from __future__ import annotations

import random
from datetime import date

import pytest
import sqlcipher3

from kimdesk.admission import Admissions
from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.errors import BadInput
from tests.conftest import TODAY, make_person


def counts(caseload: Caseload) -> tuple[int, int]:
    table = caseload.repo.table_counts()
    return table["persons"], table["cases"]


def test_admitting_creates_the_person_and_a_case_at_the_screening(caseload: Caseload) -> None:
    admitted = caseload.admit_person(make_person(), access_route="jobcenter")
    case = caseload.case(admitted.case.id)
    assert case.person_id == admitted.person_id
    assert (case.phase, case.opened_on, case.case_number) == (
        Phase.SCREENING,
        TODAY,
        admitted.case.case_number,
    )
    assert case.pseudonym == admitted.case.pseudonym
    assert caseload.person(admitted.person_id).surname == "Yılmaz"
    assert [e.case_id for e in caseload.audit_log() if e.action == "case.opened"] == [case.id]


def test_a_failing_case_insert_leaves_no_person_behind(caseload: Caseload) -> None:
    # access_route NULL violates the cases table: the case insert fails after the person's.
    with pytest.raises(sqlcipher3.IntegrityError):
        caseload.admit_person(make_person(), access_route=None)  # type: ignore[arg-type]
    assert counts(caseload) == (0, 0)
    caseload.admit_person(make_person())
    assert counts(caseload) == (1, 1)


def test_names_are_required(caseload: Caseload) -> None:
    with pytest.raises(BadInput):
        caseload.admit_person(make_person(surname=" "))
    assert counts(caseload) == (0, 0)


def test_numbers_count_up_per_year_and_pseudonyms_stay_unique(caseload: Caseload) -> None:
    caseload.admit_person(make_person("A", "B"), opened_on=date(2025, 12, 31))
    taken = caseload.admit_person(make_person("C", "D"), rng=random.Random(3)).case.pseudonym
    with caseload.db.transaction():
        admissions = Admissions(caseload.repo, rng=random.Random(3))
        numbers = [admissions.case_number(year) for year in (2026, 2025, 2026, 2027)]
        pseudonyms = [admissions.pseudonym() for _ in range(20)]
    assert numbers == ["2026-0002", "2025-0002", "2026-0003", "2027-0001"]
    assert taken not in pseudonyms and len(set(pseudonyms)) == 20
