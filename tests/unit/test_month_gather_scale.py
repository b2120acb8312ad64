"""Gathering a month's report is linear in the caseload: the same statements at every size,
the forms read in one pass (each pass decrypts the whole table), and that one pass gives
exactly what the report's separate queries per purpose gave."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from kimdesk.carry_forward import COVER_RESIDENCE, RESIDENCE_STATUS
from kimdesk.caseload import Caseload
from kimdesk.demo import DEMO_PROFILE, fill_demo
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.forms.compare import assessment_changes
from kimdesk.forms.model import FormKind
from kimdesk.report.month import build_month_report, parse_month
from kimdesk.report.outcomes import gather_outcomes, rating_outcomes
from kimdesk.report.privacy import stored_identifiers
from kimdesk.report.residence import residence_statuses
from kimdesk.store import month_forms
from kimdesk.store.database import PAGE_CACHE_KIB
from kimdesk.store.month_forms import read_month_forms
from tests.conftest import PASSWORD, TODAY

MONTHS = ("2026-11", "2026-10", "2026-07")


def demo(folder: Path, cases: int) -> Caseload:
    caseload = Caseload.create(
        folder / f"demo{cases}.kimdesk", PASSWORD, DEMO_PROFILE, today=lambda: TODAY
    )
    fill_demo(caseload, cases=cases, seed=7, today=TODAY)
    return caseload


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gather")


@pytest.fixture(scope="module")
def small(folder: Path) -> Iterator[Caseload]:
    caseload = demo(folder, 20)
    yield caseload
    caseload.close()


@pytest.fixture(scope="module")
def large(folder: Path) -> Iterator[Caseload]:
    caseload = demo(folder, 60)
    yield caseload
    caseload.close()


@contextmanager
def statements(caseload: Caseload) -> Iterator[list[str]]:
    """The statements the caseload's real connection runs meanwhile."""
    seen: list[str] = []
    conn = caseload.db._conn
    conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        conn.set_trace_callback(None)


def gathered(caseload: Caseload, month: str) -> list[str]:
    with statements(caseload) as seen:
        build_month_report(caseload, month)
    return seen


def scans_of_forms(caseload: Caseload, sql: list[str]) -> list[str]:
    """The statements whose plan reads the whole form_instances table."""
    return [
        statement
        for statement in sql
        if "form_instances" in statement
        and any(
            row[3].startswith("SCAN") and "form_instances" in row[3].split(" USING")[0]
            for row in caseload.db.query("EXPLAIN QUERY PLAN " + statement)
        )
    ]


def test_the_gather_runs_the_same_statements_at_every_size(
    small: Caseload, large: Caseload
) -> None:
    for month in MONTHS:
        at_20, at_60 = gathered(small, month), gathered(large, month)
        # No statement per case, form or contact: three times the cases, the same statements.
        assert len(at_20) == len(at_60)
        assert len(at_60) < 40


def test_the_forms_are_read_in_one_pass(large: Caseload) -> None:
    sql = gathered(large, "2026-11")
    # The report used to read the forms in eight statements, six of them passes over the
    # table (the outcomes' assessments and sheets, the residence's cover sheets and
    # assessments, the needs plans, the sheets): each decrypts every form of the caseload,
    # however few the month holds.
    assert len(scans_of_forms(large, sql)) == 1
    # The month's finished sheets and the compared assessments' answers are then fetched by
    # id, not by another pass.
    assert sum("form_instances" in s for s in sql) == 3


def test_only_the_compared_assessments_answers_are_read(
    large: Caseload, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pass over the forms reads no answers of assessments (17 MB of JSON held at 10,000
    cases): only each case's first and latest of a domain are read afterwards, by id."""
    import kimdesk.report.outcomes as outcomes

    start, end = parse_month("2026-11")
    forms = read_month_forms(large.db, start, end)
    assert all(len(row) == 7 for row in forms.assessments)  # no answers field
    read: list[int] = []

    def recorded(db: object, ids: list[int]) -> Iterator[tuple[int, str]]:
        read.extend(ids)
        return month_forms.read_answers(db, ids)  # type: ignore[arg-type]

    monkeypatch.setattr(outcomes, "read_answers", recorded)
    ratings = gather_outcomes(large, start, end, forms=forms).ratings
    compared = sum(outcome.cases for outcome in ratings)
    assert 0 < compared and len(set(read)) == len(read) <= 2 * compared
    assert len(read) < len(forms.assessments)


@pytest.mark.parametrize("month", MONTHS)
def test_the_one_pass_gives_what_the_queries_per_purpose_gave(large: Caseload, month: str) -> None:
    start, end = parse_month(month)
    forms = read_month_forms(large.db, start, end)
    repo = large.repo
    assert list(forms.residence_titles) == repo.report_form_values(
        "cover_sheet", None, end, f"$.{COVER_RESIDENCE}", final_only=True
    )
    assert list(forms.residence_keys) == repo.report_form_values(
        "assessment", None, end, f"$.{RESIDENCE_STATUS}", domain=LifeDomain.RESIDENCE.value
    )
    assert list(forms.plan_measures) == repo.report_form_values(
        "needs_plan", start, end, "$.measures"
    )
    assert sorted(forms.agency_parts) == sorted(repo.report_agency_parts())
    assert stored_identifiers(repo, agency_parts=forms.agency_parts) == stored_identifiers(repo)
    # The store's own names for the answers it reads are the forms' (no import: layers).
    assert (month_forms.COVER_RESIDENCE, month_forms.RESIDENCE_STATUS) == (
        COVER_RESIDENCE,
        RESIDENCE_STATUS,
    )

    open_cases = [
        c["id"]
        for c in repo.report_cases(end)
        if c["closed_on"] is None or c["closed_on"] >= start.isoformat()
    ]
    sheets, assessments = [], []
    for case_id in open_cases:
        for instance in large.form_instances(case_id):
            kind = large.definition_of(instance).kind
            if instance.status.value != "final" or instance.recorded_on > end:
                continue
            if kind is FormKind.ASSESSMENT:
                assessments.append((case_id, instance.recorded_on, instance.id))
            elif kind in (FormKind.INTERIM, FormKind.CLOSURE) and instance.recorded_on >= start:
                sheets.append((instance.recorded_on, instance.id))
    assert [(r.case_id, r.recorded_on, r.id) for r in forms.assessments] == sorted(assessments)
    assert [instance.id for _kind, instance in forms.sheets] == [i for _on, i in sorted(sheets)]


@pytest.mark.parametrize("month", MONTHS)
def test_the_rating_changes_are_those_of_each_case_compared_on_its_own(
    large: Caseload, month: str
) -> None:
    """The per-case comparison of kimdesk.forms.compare (what a case's page shows), its mean
    per domain, against the report's bulk reading of the first and the latest assessment."""
    start, end = parse_month(month)
    changes = []
    for case in large.repo.report_cases(end):
        if case["closed_on"] is not None and case["closed_on"] < start.isoformat():
            continue
        instances = [
            i
            for i in large.form_instances(case["id"], FormKind.ASSESSMENT)
            if i.status.value == "final" and i.recorded_on <= end
        ]
        by_domain: dict[LifeDomain, list[int]] = {}
        for line in assessment_changes((large.definition_of(i), i) for i in instances):
            if line.change is not None:
                by_domain.setdefault(line.domain, []).append(line.change)
        changes += [(domain, sum(v) / len(v)) for domain, v in by_domain.items()]
    expected = rating_outcomes(changes)
    assert gather_outcomes(large, start, end).ratings == expected
    assert sum(r.cases for r in expected) > 0 or month != "2026-11"


def test_the_residence_status_is_the_latest_known(large: Caseload) -> None:
    start, end = parse_month("2026-11")
    statuses = residence_statuses(large, end)
    forms = read_month_forms(large.db, start, end)
    assert statuses == residence_statuses(large, end, forms=forms)
    assert statuses  # the demo states residence titles and statuses
    status = large.forms.assessment(LifeDomain.RESIDENCE).field(RESIDENCE_STATUS)
    assert set(statuses.values()) <= {o.label for o in status.options} | {"unbekannt"}


def test_the_demo_months_hold_what_is_compared(large: Caseload) -> None:
    # The comparisons above mean something only if the months hold such forms.
    months = [read_month_forms(large.db, *parse_month(month)) for month in MONTHS]
    assert all(m.assessments and m.residence_titles and m.agency_parts for m in months)
    assert all(m.plan_measures for m in months)
    assert sum(len(m.sheets) for m in months) >= 5
    assert max(on for _c, on, _v in months[0].residence_titles) <= date(2026, 11, 30)
    assert "answers" not in repr(months[0].assessments[0]) and repr(months[0]) == "MonthForms(…)"


def test_the_month_s_contacts_are_read_in_the_table_s_order(large: Caseload) -> None:
    # By day through the index, each row was a jump to another page of the table, decrypted
    # again once the table outgrew the page cache; the ids first, the rows then by id.
    sql = next(s for s in gathered(large, "2026-11") if "short_referral FROM contacts" in s)
    plan = [row[3] for row in large.db.query("EXPLAIN QUERY PLAN " + sql)]
    assert plan[0] == "SEARCH contacts USING INTEGER PRIMARY KEY (rowid=?)"
    assert any("COVERING INDEX contacts_by_day" in step for step in plan)


def test_the_page_cache_holds_more_than_sqlcipher_s_default(large: Caseload) -> None:
    assert large.db.scalar("PRAGMA cache_size") == -PAGE_CACHE_KIB
    assert PAGE_CACHE_KIB >= 32 * 1024
