"""The synthetic demo caseload: complete, consistent with the rules, and deterministic."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.demo import DemoSummary, fill_demo
from kimdesk.domain.phases import Phase, allowed_transitions
from kimdesk.domain.vocabulary import ClosureReason, FormStatus
from kimdesk.forms.model import FormKind
from tests.conftest import PASSWORD, PROFILE, TODAY


def new_caseload(path: Path) -> Caseload:
    return Caseload.create(path, PASSWORD, PROFILE)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Caseload, DemoSummary]]:
    caseload = new_caseload(tmp_path_factory.mktemp("demo") / "demo.kimdesk")
    calls: list[tuple[int, int]] = []
    summary = fill_demo(
        caseload,
        cases=200,
        seed=7,
        today=TODAY,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls and calls[-1] == (200, 200)
    yield caseload, summary
    caseload.close()


def test_every_phase_is_present_and_most_cases_are_working(filled) -> None:
    caseload, summary = filled
    phases = Counter(row.phase for row in caseload.cases())
    assert set(phases) == set(Phase)
    assert summary.cases == sum(phases.values()) == 200
    working = sum(n for p, n in phases.items() if p.is_open and p.is_admitted)
    assert working > 100


def test_every_closure_reason_is_present_and_other_is_explained(filled) -> None:
    caseload, summary = filled
    reasons = Counter(row.closure_reason for row in caseload.cases() if row.closure_reason)
    assert set(reasons) == set(ClosureReason)
    assert summary.closures_by_reason == {r: reasons[r] for r in ClosureReason}
    unexplained = caseload.db.scalar(
        "SELECT count(*) FROM cases WHERE closure_reason = 'other' AND trim(closure_note) = ''"
    )
    assert unexplained == 0


def test_summary_counts_match_the_tables(filled) -> None:
    caseload, summary = filled
    counts = caseload.repo.table_counts()
    assessments = caseload.db.scalar(
        "SELECT count(*) FROM form_instances WHERE kind = 'assessment'"
    )
    assert (
        counts["cases"],
        counts["contacts"],
        counts["form_instances"],
        assessments,
        counts["goals"],
        counts["referrals"],
    ) == (
        summary.cases,
        summary.contacts,
        summary.forms,
        summary.assessments,
        summary.goals,
        summary.referrals,
    )
    assert 20 <= summary.contacts / summary.cases <= 40
    assert 5 <= summary.forms / summary.cases <= 15
    assert 20 <= counts["services"] <= 30


def test_a_consent_precedes_every_form_but_the_screening(filled) -> None:
    caseload, _summary = filled
    without_consent = caseload.db.scalar(
        "SELECT count(*) FROM form_instances f WHERE f.kind <> 'screening' AND NOT EXISTS ("
        " SELECT 1 FROM consents k WHERE k.case_id = f.case_id"
        " AND k.kind = 'data_processing' AND k.signed_on <= f.recorded_on)"
    )
    assert without_consent == 0
    before_admission = caseload.db.scalar(
        "SELECT count(*) FROM form_instances f JOIN cases c ON c.id = f.case_id"
        " WHERE f.kind = 'assessment' AND (c.admitted_on IS NULL OR f.recorded_on < c.admitted_on)"
    )
    assert before_admission == 0
    kinds = {
        r[0]
        for r in caseload.db.query(
            "SELECT DISTINCT json_extract(answers, '$.assessment_kind') FROM form_instances"
            " WHERE kind = 'assessment'"
        )
    }
    assert kinds == {"first", "re"}


def test_assessments_use_the_rating_lines_and_reassessments_mostly_improve(filled) -> None:
    caseload, _summary = filled
    first_values: list[int] = []
    re_values: list[int] = []
    for row in caseload.cases():
        for instance in caseload.form_instances(row.id, FormKind.ASSESSMENT):
            if instance.status is not FormStatus.FINAL:
                continue
            definition = caseload.definition_of(instance)
            lines = [f.key for f in definition.rating_lines()]
            assert set(lines) <= set(instance.answers)  # every rating line is answered
            values = [instance.answers[line]["value"] for line in lines]
            assert all(1 <= v <= 10 for v in values)
            kind = instance.answers["assessment_kind"]
            (first_values if kind == "first" else re_values).extend(values)
    assert first_values and re_values
    assert sum(re_values) / len(re_values) > sum(first_values) / len(first_values)


def test_phase_history_follows_the_allowed_transitions(filled) -> None:
    caseload, _summary = filled
    for row in caseload.cases():
        history = caseload.phase_history(row.id)
        assert history[0] == (Phase.SCREENING, row.opened_on)
        assert history[-1][0] is row.phase
        for (before, on_before), (after, on_after) in pairwise(history):
            assert after in allowed_transitions(before)
            assert on_before <= on_after <= TODAY
        if row.phase.is_admitted:
            assert row.admitted_on == next(day for p, day in history if p is Phase.ASSESSMENT)
        if row.phase in (Phase.CLOSED, Phase.NOT_ADMITTED):
            assert row.closed_on == history[-1][1]


def test_nothing_lies_in_the_future_and_goals_are_well_formed(filled) -> None:
    caseload, _summary = filled
    db = caseload.db
    for sql in (
        "SELECT max(contact_on) FROM contacts",
        "SELECT max(signed_on) FROM consents",
        "SELECT max(recorded_on) FROM form_instances",
        "SELECT max(agreed_on) FROM goals",
        "SELECT max(referred_on) FROM referrals",
        "SELECT max(opened_on) FROM cases",
    ):
        assert date.fromisoformat(db.scalar(sql)) <= TODAY, sql
    assert db.scalar("SELECT count(*) FROM goals WHERE review_due IS NULL") == 0
    assert db.scalar("SELECT count(*) FROM goals WHERE achievement IS NOT NULL") > 0
    assert db.scalar("SELECT count(*) FROM contacts WHERE short_referral = 1") > 0
    settings = {r[0] for r in db.query("SELECT DISTINCT setting FROM contacts")}
    assert len(settings) == 5


def test_names_use_several_scripts_and_diacritics(filled) -> None:
    caseload, _summary = filled
    text = " ".join(f"{r.surname} {r.given_names}" for r in caseload.cases())
    scripts = {unicodedata.name(ch).split()[0] for ch in text if ch.isalpha()}
    assert {"LATIN", "CYRILLIC", "ARABIC"} <= scripts
    assert any(not ch.isascii() and unicodedata.name(ch).startswith("LATIN") for ch in text)


def test_some_cases_suggest_closure(filled) -> None:
    caseload, _summary = filled
    suggested = caseload.closure_suggestions(TODAY)
    assert suggested
    assert all(row.phase.is_open and row.admitted_on for row in suggested)


def test_the_audit_entry_holds_no_personal_data(filled) -> None:
    caseload, _summary = filled
    entries = [e for e in caseload.audit_log() if e.action == "demo.filled"]
    assert [(e.case_id, e.detail) for e in entries] == [(None, "cases=200")]


def snapshot(caseload: Caseload) -> tuple[list[tuple[str, str, Phase]], list[int]]:
    rows = caseload.cases()
    contacts = Counter(r[0] for r in caseload.db.query("SELECT case_id FROM contacts"))
    return ([(r.case_number, r.pseudonym, r.phase) for r in rows], [contacts[r.id] for r in rows])


def test_same_seed_and_day_give_the_same_caseload(tmp_path: Path) -> None:
    snapshots = []
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        caseload = new_caseload(tmp_path / f"{name}.kimdesk")
        fill_demo(caseload, cases=40, seed=seed, today=TODAY)
        snapshots.append(snapshot(caseload))
        caseload.close()
    assert snapshots[0] == snapshots[1]
    assert snapshots[0] != snapshots[2]


def test_filling_an_existing_caseload_continues_the_numbers(tmp_path: Path) -> None:
    caseload = new_caseload(tmp_path / "twice.kimdesk")
    fill_demo(caseload, cases=30, seed=1, today=TODAY)
    first = {r.case_number for r in caseload.cases()}
    services = caseload.repo.table_counts()["services"]
    fill_demo(caseload, cases=30, seed=1, today=TODAY)
    rows = caseload.cases()
    assert len(rows) == 60
    assert len({r.case_number for r in rows}) == len({r.pseudonym for r in rows}) == 60
    for year in {n[:4] for n in first}:
        old = max(int(n[5:]) for n in first if n.startswith(year))
        new = [
            int(r.case_number[5:])
            for r in rows
            if r.case_number.startswith(year) and r.case_number not in first
        ]
        assert all(n > old for n in new)
    assert caseload.repo.table_counts()["services"] == services  # the directory is reused
    caseload.close()
