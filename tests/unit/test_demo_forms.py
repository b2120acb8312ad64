"""The demo's paper forms: valid for their definitions and consistent with the rest of each case."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.demo import fill_demo
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import CaseRow, FormInstance
from kimdesk.domain.vocabulary import ClosureReason, FormStatus
from kimdesk.forms.answers import clean_answers
from kimdesk.forms.model import FormKind
from tests.conftest import PASSWORD, PROFILE, TODAY

CASES = 80


def new_caseload(path: Path) -> Caseload:
    return Caseload.create(path, PASSWORD, PROFILE)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Caseload]:
    caseload = new_caseload(tmp_path_factory.mktemp("demo-forms") / "demo.kimdesk")
    fill_demo(caseload, cases=CASES, seed=11, today=TODAY)
    yield caseload
    caseload.close()


@pytest.fixture(scope="module")
def instances(demo: Caseload) -> list[tuple[CaseRow, FormInstance]]:
    return [(row, i) for row in demo.cases() for i in demo.form_instances(row.id)]


def of_kind(
    instances: list[tuple[CaseRow, FormInstance]], demo: Caseload, kind: FormKind
) -> list[tuple[CaseRow, FormInstance]]:
    return [(r, i) for r, i in instances if demo.definition_of(i).kind is kind]


def test_every_instance_passes_the_checks_of_its_definition_unchanged(demo, instances) -> None:
    assert len(instances) > 5 * CASES
    for _row, instance in instances:
        definition = demo.definition_of(instance)
        final = instance.status is FormStatus.FINAL
        assert clean_answers(definition, instance.answers, final=final) == instance.answers, (
            instance.form_key
        )
        assert instance.form_version == definition.version
        assert instance.recorded_on.isoformat() == instance.answers[definition.date_field]
        assert instance.recorded_on <= TODAY


def test_every_form_kind_appears_and_drafts_only_in_open_cases(demo, instances) -> None:
    kinds = Counter(demo.definition_of(i).kind for _r, i in instances)
    assert set(kinds) == set(FormKind) - {FormKind.OTHER}
    assert {i.form_key for _r, i in instances} >= {
        d.key for d in demo.forms.of_kind(FormKind.ASSESSMENT)
    }
    drafts = [(r, i) for r, i in instances if i.status is FormStatus.DRAFT]
    assert drafts
    assert len(drafts) < 0.1 * len(instances)  # a few
    assert all(row.phase.is_open for row, _i in drafts)


def test_every_definition_is_stored_once(demo) -> None:
    rows = demo.db.query("SELECT form_key, count(*) AS n FROM form_definitions GROUP BY form_key")
    assert {r["form_key"]: r["n"] for r in rows} == {d.key: 1 for d in demo.forms}


def test_a_consent_precedes_every_form_but_the_screening(demo, instances) -> None:
    for row, instance in instances:
        if demo.definition_of(instance).kind is FormKind.SCREENING:
            continue
        assert row.admitted_on is not None and instance.recorded_on >= row.admitted_on
        assert demo.has_valid_consent(row.id, instance.recorded_on), instance.form_key


def test_screening_and_cover_sheet_follow_the_case_and_the_person(demo, instances) -> None:
    screenings = of_kind(instances, demo, FormKind.SCREENING)
    assert sorted(r.id for r, _i in screenings) == sorted(r.id for r in demo.cases())
    for row, instance in screenings:
        assert instance.recorded_on == row.opened_on
        assert instance.answers["client_name"] == f"{row.given_names} {row.surname}"
        decision = instance.answers.get("cm_required")
        if row.admitted_on is not None:
            assert decision == "yes"
        elif row.phase is Phase.NOT_ADMITTED:
            assert decision in ("no", "more_information")
        if decision is None:
            assert instance.status is FormStatus.DRAFT and row.phase is Phase.SCREENING
    covers = of_kind(instances, demo, FormKind.COVER_SHEET)
    assert sorted(r.id for r, _i in covers) == sorted(
        r.id for r in demo.cases() if r.admitted_on is not None
    )
    for row, instance in covers:
        person = demo.person(row.person_id)
        answers = instance.answers
        assert instance.recorded_on == row.admitted_on
        assert (answers["surname"], answers["given_names"]) == (person.surname, person.given_names)
        assert answers["birth_date"] == (
            person.birth_date.isoformat() if person.birth_date else None
        )
        assert answers["gender"] == person.gender
        assert answers.get("phone", "") == person.phone
    assert any(k.startswith("agency_") for _r, i in covers for k in i.answers)


def test_the_residence_status_fits_the_person_and_stays_the_same(demo, instances) -> None:
    statuses: dict[int, set[str]] = {}
    for row, instance in instances:
        if instance.form_key == "assessment_residence" and "residence_status" in instance.answers:
            statuses.setdefault(row.id, set()).add(instance.answers["residence_status"])
    assert statuses
    for case_id, found in statuses.items():
        row = demo.case(case_id)
        assert len(found) == 1
        assert demo.person(row.person_id).nationality not in ("deutsch", "polnisch", "rumänisch")
        assert not found & {"german_citizenship", "eu_citizenship", "settlement_permit"}
        if row.closure_reason is ClosureReason.DEPORTED:
            assert found <= {"toleration_60a", "toleration_60b", "border_crossing_certificate"}


def test_closure_sheets_match_the_closure(demo, instances) -> None:
    closures = of_kind(instances, demo, FormKind.CLOSURE)
    assert sorted(r.id for r, _i in closures) == sorted(
        r.id for r in demo.cases() if r.phase is Phase.CLOSED
    )
    reasons = set()
    for row, instance in closures:
        answers = instance.answers
        assert instance.status is FormStatus.FINAL
        assert answers["closure_type"] == row.closure_reason
        assert instance.recorded_on == row.closed_on
        reasons.add(row.closure_reason)
        note = demo.db.scalar("SELECT closure_note FROM cases WHERE id = ?", (row.id,))
        if row.closure_reason is ClosureReason.OTHER:
            assert answers["closure_other"] == note
        if row.closure_reason is ClosureReason.AGREED_HANDED_OVER:
            assert answers["handed_over_to"]
        assert any(key.startswith("area_") for key in answers)
        assert {"cooperation", "method_suitable", "retrospective"} <= set(answers)
    assert reasons == set(ClosureReason)


def test_reassessed_cases_show_mostly_positive_change(demo, instances) -> None:
    reassessed = {
        row.id
        for row, i in of_kind(instances, demo, FormKind.ASSESSMENT)
        if i.answers["assessment_kind"] == "re" and i.status is FormStatus.FINAL
    }
    assert len(reassessed) >= 5
    changes = []
    for case_id in reassessed:
        case_changes = demo.assessment_changes(case_id)
        assert case_changes
        changes += [c.change for c in case_changes if c.change is not None]
    assert changes
    assert sum(1 for c in changes if c > 0) > 2 * sum(1 for c in changes if c < 0)
    assert sum(changes) / len(changes) > 0


def goal_rows(demo: Caseload, case_id: int) -> list:
    return demo.db.query(
        "SELECT * FROM goals WHERE case_id = ? ORDER BY agreed_on, position", (case_id,)
    )


def test_goal_sheets_and_reviews_match_the_goal_rows(demo, instances) -> None:
    sheets = of_kind(instances, demo, FormKind.GOALS)
    reviews = of_kind(instances, demo, FormKind.GOAL_REVIEW)
    assert sheets and reviews
    for row in demo.cases():
        rounds: dict[str, list] = {}
        for goal in goal_rows(demo, row.id):
            rounds.setdefault(goal["agreed_on"], []).append(goal)
        case_sheets = {i.recorded_on.isoformat(): i for r, i in sheets if r.id == row.id}
        assert set(case_sheets) == set(rounds)
        case_reviews = {i.recorded_on.isoformat(): i for r, i in reviews if r.id == row.id}
        reviewed = {g[0]["reviewed_on"]: g for g in rounds.values() if g[0]["reviewed_on"]}
        assert set(case_reviews) == set(reviewed)
        for agreed, goals in rounds.items():
            answers = case_sheets[agreed].answers
            assert 1 <= len(goals) <= 3
            assert [(e["goal"], e["domain"]) for e in answers["goals"]] == [
                (g["title"], g["domain"]) for g in goals
            ]
            assert answers["next_review_on"] == goals[0]["review_due"]
            assert date.fromisoformat(agreed) <= TODAY
        for day, goals in reviewed.items():
            answers = case_reviews[day].answers
            for goal in goals:
                assert answers[f"goal_{goal['position']}"] == goal["title"]
                assert answers[f"achievement_{goal['position']}"] == goal["achievement"]


def test_needs_plans_name_directory_services_that_the_case_is_referred_to(demo, instances) -> None:
    plans = of_kind(instances, demo, FormKind.NEEDS_PLAN)
    assert plans
    directory = {sid: f"{s.provider} – {s.offer}" for sid, s in demo.repo.services()}
    for _row, instance in plans:
        measures = instance.answers["measures"]
        assert 1 <= len(measures) <= 3
        for measure in measures:
            if "provider" in measure:
                assert directory[measure["provider"]["service_id"]] == measure["provider"]["name"]
    checked = 0
    for row in demo.cases():
        case_plans = [i for r, i in plans if r.id == row.id]
        referred = {
            r["service_id"]
            for r in demo.db.query("SELECT service_id FROM referrals WHERE case_id = ?", (row.id,))
        }
        for phase, day in demo.phase_history(row.id):
            before = [i for i in case_plans if i.recorded_on <= day]
            if phase is not Phase.LINKING or not before:
                continue
            providers = {
                m["provider"]["service_id"]
                for m in before[-1].answers["measures"]
                if "provider" in m
            }
            assert providers <= referred  # linking refers to the latest plan's providers
            checked += 1
    assert checked


def test_some_plans_report_a_gap_without_personal_data(demo, instances) -> None:
    gaps = [
        m
        for _r, i in of_kind(instances, demo, FormKind.NEEDS_PLAN)
        for m in i.answers["measures"]
        if m.get("alternative_route")
    ]
    assert gaps
    plans = len(of_kind(instances, demo, FormKind.NEEDS_PLAN))
    assert len(gaps) <= 0.4 * plans
    names: set[str] = set()
    for row in demo.cases():
        person = demo.person(row.person_id)
        for part in (person.surname, person.given_names, person.birth_name, person.street):
            names.update(w.casefold() for w in re.findall(r"\w+", part) if len(w) > 2)
    for gap in gaps:
        assert gap["gap_domain"]
        words = {w.casefold() for w in re.findall(r"\w+", gap["gap_description"])}
        assert not words & names, gap["gap_description"]


def forms_of(caseload: Caseload) -> list[tuple[str, str, str, date, dict]]:
    return [
        (row.case_number, i.form_key, i.status.value, i.recorded_on, i.answers)
        for row in caseload.cases()
        for i in caseload.form_instances(row.id)
    ]


def test_the_forms_are_deterministic(tmp_path: Path) -> None:
    results = []
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        caseload = new_caseload(tmp_path / f"{name}.kimdesk")
        fill_demo(caseload, cases=30, seed=seed, today=TODAY)
        results.append(forms_of(caseload))
        caseload.close()
    assert results[0] == results[1]
    assert results[0] != results[2]
