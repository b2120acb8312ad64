"""The phase machine and the consent rule, through the domain service."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import (
    IDEAL_NEXT,
    TERMINAL,
    WORKING,
    Phase,
    allowed_transitions,
    can_move,
)
from kimdesk.domain.records import CaseRef, Consent
from kimdesk.domain.vocabulary import ClosureReason, ConsentKind
from kimdesk.errors import BadInput, ConsentRequired, PhaseTransitionError
from kimdesk.forms.model import FormKind
from tests.conftest import TODAY, make_person

DAY = date(2026, 3, 1)


def new_case(caseload: Caseload) -> CaseRef:
    return caseload.open_case(caseload.add_person(make_person()), opened_on=DAY)


def consent(caseload: Caseload, case: CaseRef, on: date = DAY) -> None:
    caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, on, "tr"))


def test_ideal_path_from_screening_to_closure(caseload: Caseload) -> None:
    case = new_case(caseload)
    assert caseload.case(case.id).phase is Phase.SCREENING
    caseload.move_to(case.id, Phase.INTAKE, on=DAY)
    consent(caseload, case)
    path = [
        Phase.ASSESSMENT,
        Phase.GOALS,
        Phase.PLANNING,
        Phase.LINKING,
        Phase.MONITORING,
        Phase.REASSESSMENT,
        Phase.GOALS,
        Phase.MONITORING,
    ]
    for phase in path:
        caseload.move_to(case.id, phase, on=DAY)
    caseload.move_to(
        case.id, Phase.CLOSED, on=DAY, closure_reason=ClosureReason.AGREED_NO_SUPPORT_NEEDED
    )
    row = caseload.case(case.id)
    assert row.phase is Phase.CLOSED and row.closed_on == DAY and row.admitted_on == DAY
    history = [phase for phase, _ in caseload.phase_history(case.id)]
    assert history == [Phase.SCREENING, Phase.INTAKE, *path, Phase.CLOSED]


def test_every_ideal_step_is_allowed() -> None:
    for phase, targets in IDEAL_NEXT.items():
        for target in targets:
            assert can_move(phase, target), (phase, target)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (Phase.SCREENING, Phase.ASSESSMENT),
        (Phase.SCREENING, Phase.MONITORING),
        (Phase.SCREENING, Phase.CLOSED),
        (Phase.INTAKE, Phase.GOALS),
        (Phase.MONITORING, Phase.NOT_ADMITTED),
        (Phase.MONITORING, Phase.ASSESSMENT),
        (Phase.MONITORING, Phase.SCREENING),
        (Phase.CLOSED, Phase.MONITORING),
        (Phase.NOT_ADMITTED, Phase.INTAKE),
    ],
)
def test_transitions_the_documents_rule_out(current: Phase, target: Phase) -> None:
    assert not can_move(current, target)


def test_working_phases_need_no_fixed_order() -> None:
    # Solingen: the steps "nicht zwangsläufig in einer festen Reihenfolge".
    assert can_move(Phase.LINKING, Phase.GOALS)
    assert can_move(Phase.GOALS, Phase.MONITORING)
    assert can_move(Phase.PLANNING, Phase.REASSESSMENT)


def test_terminal_phases_are_final() -> None:
    for phase in TERMINAL:
        assert allowed_transitions(phase) == frozenset()


def test_not_admitted_after_screening_or_intake(caseload: Caseload) -> None:
    first, second = (
        new_case(caseload),
        caseload.open_case(caseload.add_person(make_person("Nowak", "Zofia")), opened_on=DAY),
    )
    caseload.move_to(first.id, Phase.NOT_ADMITTED, on=DAY)
    caseload.move_to(second.id, Phase.INTAKE, on=DAY)
    caseload.move_to(second.id, Phase.NOT_ADMITTED, on=DAY)
    for case in (first, second):
        row = caseload.case(case.id)
        assert row.phase is Phase.NOT_ADMITTED and row.admitted_on is None


def test_a_forbidden_move_is_refused_with_a_german_message(caseload: Caseload) -> None:
    case = new_case(caseload)
    with pytest.raises(PhaseTransitionError) as raised:
        caseload.move_to(case.id, Phase.MONITORING)
    assert "Screening" in str(raised.value) and "Monitoring" in str(raised.value)
    assert caseload.case(case.id).phase is Phase.SCREENING


def test_no_assessment_phase_without_consent(caseload: Caseload) -> None:
    case = new_case(caseload)
    caseload.move_to(case.id, Phase.INTAKE, on=DAY)
    with pytest.raises(ConsentRequired, match="Einverständnis"):
        caseload.move_to(case.id, Phase.ASSESSMENT, on=DAY)
    assert caseload.case(case.id).phase is Phase.INTAKE


def assess(caseload: Caseload, case_id: int, on: date, kind: str = "first") -> None:
    """A first assessment of the health sheet with one rating, saved as a draft."""
    caseload.save_form(
        case_id,
        "assessment_health",
        {"assessment_kind": kind, "date": on, "physical": {"value": 3, "remark": ""}},
        final=False,
    )


def test_no_assessment_data_without_consent(caseload: Caseload) -> None:
    case = new_case(caseload)
    with pytest.raises(ConsentRequired, match="Einverständniserklärung"):
        assess(caseload, case.id, DAY)
    assert caseload.form_instances(case.id) == []
    consent(caseload, case)
    assess(caseload, case.id, DAY)
    assert len(caseload.form_instances(case.id, FormKind.ASSESSMENT)) == 1


def test_the_screening_may_come_before_the_consent(caseload: Caseload) -> None:
    case = new_case(caseload)
    caseload.save_form(case.id, "screening", {"date": DAY, "cm_required": "yes"}, final=True)
    assert [i.form_key for i in caseload.form_instances(case.id)] == ["screening"]


def test_consent_must_predate_the_assessment_and_be_in_force(caseload: Caseload) -> None:
    case = new_case(caseload)
    consent(caseload, case, on=date(2026, 3, 10))
    with pytest.raises(ConsentRequired):
        assess(caseload, case.id, date(2026, 3, 9))
    other = new_case_for(caseload, "Petrenko", "Olena")
    caseload.record_consent(
        Consent(
            other.id,
            ConsentKind.DATA_PROCESSING,
            date(2026, 3, 1),
            "uk",
            withdrawn_on=date(2026, 4, 1),
        )
    )
    assess(caseload, other.id, date(2026, 3, 20))
    with pytest.raises(ConsentRequired):
        assess(caseload, other.id, date(2026, 4, 2), kind="re")


def test_other_consents_do_not_unlock_the_assessment(caseload: Caseload) -> None:
    case = new_case(caseload)
    caseload.record_consent(
        Consent(case.id, ConsentKind.CONFIDENTIALITY_RELEASE, DAY, "ar", agencies=("Jobcenter",))
    )
    assert not caseload.has_valid_consent(case.id, DAY)


def test_consent_records_type_date_and_language(caseload: Caseload) -> None:
    case = new_case(caseload)
    with pytest.raises(BadInput):
        caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, DAY, ""))
    with pytest.raises(BadInput):
        caseload.record_consent(
            Consent(case.id, ConsentKind.DATA_PROCESSING, date(TODAY.year + 1, 1, 1), "de")
        )
    with pytest.raises(BadInput):
        caseload.record_consent(Consent(case.id, ConsentKind.CONFIDENTIALITY_RELEASE, DAY, "de"))
    consent(caseload, case)
    [stored] = caseload.consents(case.id)
    assert (stored.kind, stored.signed_on, stored.language) == (
        ConsentKind.DATA_PROCESSING,
        DAY,
        "tr",
    )


def test_closure_needs_a_reason_and_other_needs_an_explanation(caseload: Caseload) -> None:
    case = new_case(caseload)
    caseload.move_to(case.id, Phase.INTAKE, on=DAY)
    consent(caseload, case)
    caseload.move_to(case.id, Phase.ASSESSMENT, on=DAY)
    with pytest.raises(BadInput):
        caseload.move_to(case.id, Phase.CLOSED, on=DAY)
    with pytest.raises(BadInput):
        caseload.move_to(case.id, Phase.CLOSED, on=DAY, closure_reason=ClosureReason.OTHER)
    with pytest.raises(BadInput):
        caseload.move_to(case.id, Phase.GOALS, on=DAY, closure_reason=ClosureReason.DEPORTED)
    caseload.move_to(
        case.id, Phase.CLOSED, on=DAY, closure_reason=ClosureReason.OTHER, closure_note="Verstorben"
    )
    assert caseload.case(case.id).closure_reason is ClosureReason.OTHER


def test_one_open_case_per_person(caseload: Caseload) -> None:
    person_id = caseload.add_person(make_person())
    first = caseload.open_case(person_id, opened_on=DAY)
    with pytest.raises(BadInput):
        caseload.open_case(person_id, opened_on=DAY)
    caseload.move_to(first.id, Phase.NOT_ADMITTED, on=DAY)
    second = caseload.open_case(person_id, opened_on=DAY)  # a new episode is fine
    assert second.case_number != first.case_number


def new_case_for(caseload: Caseload, surname: str, given: str) -> CaseRef:
    return caseload.open_case(caseload.add_person(make_person(surname, given)), opened_on=DAY)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.sampled_from(list(Phase)), max_size=15))
def test_random_walks_keep_the_invariants(caseload: Caseload, steps: list[Phase]) -> None:
    case = new_case_for(caseload, "Walk", str(len(caseload.cases())))
    consent(caseload, case)
    for target in steps:
        before = caseload.case(case.id).phase
        reason = ClosureReason.MOVED_AWAY if target is Phase.CLOSED else None
        try:
            caseload.move_to(case.id, target, on=DAY, closure_reason=reason)
        except PhaseTransitionError:
            assert not can_move(before, target)
            assert caseload.case(case.id).phase is before
            continue
        row = caseload.case(case.id)
        assert row.phase is target
        assert (row.closure_reason is not None) == (target is Phase.CLOSED)
        if target in WORKING or target is Phase.CLOSED:
            assert row.admitted_on == DAY
        if target is Phase.NOT_ADMITTED:
            assert row.admitted_on is None


def test_a_withdrawn_consent_stops_new_assessment_data_but_keeps_the_old(
    caseload: Caseload,
) -> None:
    case = new_case(caseload)
    consent(caseload, case, on=DAY)
    assess(caseload, case.id, DAY)
    [recorded] = caseload.consents(case.id)
    assert recorded.id is not None and recorded.withdrawn_on is None
    caseload.withdraw_consent(case.id, recorded.id, on=date(2026, 4, 1))
    [withdrawn] = caseload.consents(case.id)
    assert withdrawn.withdrawn_on == date(2026, 4, 1)
    assert not caseload.has_valid_consent(case.id, on=date(2026, 4, 1))
    assert caseload.has_valid_consent(case.id, on=date(2026, 3, 31))
    with pytest.raises(ConsentRequired):
        assess(caseload, case.id, date(2026, 4, 2))
    assert len(caseload.form_instances(case.id, FormKind.ASSESSMENT)) == 1  # kept
    assert [e.action for e in caseload.audit_log()][-1] == "consent.withdrawn"


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (date(2026, 2, 28), "vor der Unterschrift"),
        (date(2099, 1, 1), "Zukunft"),
    ],
)
def test_a_withdrawal_is_dated_between_signature_and_today(
    caseload: Caseload, on: date, message: str
) -> None:
    case = new_case(caseload)
    consent(caseload, case, on=DAY)
    [recorded] = caseload.consents(case.id)
    assert recorded.id is not None
    with pytest.raises(BadInput, match=message):
        caseload.withdraw_consent(case.id, recorded.id, on=on)
    assert caseload.consents(case.id)[0].withdrawn_on is None


def test_a_consent_is_withdrawn_once_and_only_in_its_case(caseload: Caseload) -> None:
    case, other = new_case(caseload), new_case_for(caseload, "Petrenko", "Olena")
    consent(caseload, case, on=DAY)
    [recorded] = caseload.consents(case.id)
    assert recorded.id is not None
    with pytest.raises(BadInput):
        caseload.withdraw_consent(other.id, recorded.id)
    caseload.withdraw_consent(case.id, recorded.id, on=TODAY)
    with pytest.raises(BadInput, match="bereits"):
        caseload.withdraw_consent(case.id, recorded.id)


def test_the_privacy_notice_is_handed_out_not_withdrawn(caseload: Caseload) -> None:
    case = new_case(caseload)
    caseload.record_consent(Consent(case.id, ConsentKind.PRIVACY_NOTICE, DAY, "ar"))
    [notice] = caseload.consents(case.id)
    assert notice.id is not None
    with pytest.raises(BadInput, match="Datenschutzhinweise"):
        caseload.withdraw_consent(case.id, notice.id)
