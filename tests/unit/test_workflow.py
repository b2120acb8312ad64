"""The guidance through a case and what finishing a form changes, on a real caseload."""

from __future__ import annotations

from datetime import date

import pytest

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Contact, PersonData
from kimdesk.domain.vocabulary import (
    Achievement,
    ClosureReason,
    ConsentKind,
    FormStatus,
    LifeDomain,
    Setting,
)
from kimdesk.errors import BadInput, PhaseTransitionError
from kimdesk.workflow import Unavailable
from tests.conftest import PROFILE, TODAY, make_person


def new_case(caseload: Caseload, **person: object) -> int:
    return caseload.open_case(caseload.add_person(make_person(**person))).id  # type: ignore[arg-type]


def admitted_case(caseload: Caseload) -> int:
    case_id = new_case(caseload)
    caseload.move_to(case_id, Phase.INTAKE)
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, TODAY, "tr"))
    caseload.move_to(case_id, Phase.ASSESSMENT)
    return case_id


def step_targets(caseload: Caseload, case_id: int) -> list[tuple[str, str]]:
    return [(s.kind, s.target) for s in caseload.next_steps(case_id)]


def test_a_new_case_starts_with_the_screening(caseload: Caseload) -> None:
    case_id = new_case(caseload)
    assert step_targets(caseload, case_id) == [("form", "screening")]
    answers = caseload.prefill(case_id, "screening")
    assert answers == {
        "date": TODAY.isoformat(),
        "client_name": "Yılmaz, Ayşe",
        "case_manager": PROFILE.case_manager,
    }


def test_the_screening_decision_suggests_intake_or_not_admitted(caseload: Caseload) -> None:
    yes, no = new_case(caseload), new_case(caseload, surname="Nowak", given_names="Jan")
    caseload.save_form(yes, "screening", {"date": "2026-11-20", "cm_required": "yes"}, final=True)
    caseload.save_form(no, "screening", {"date": "2026-11-20", "cm_required": "no"}, final=True)
    assert step_targets(caseload, yes) == [("phase", "intake")]
    assert step_targets(caseload, no)[0] == ("phase", "not_admitted")


def test_assessment_forms_wait_for_the_consent(caseload: Caseload) -> None:
    case_id = new_case(caseload)
    caseload.move_to(case_id, Phase.INTAKE)
    assert caseload.form_availability(case_id, "assessment_health") is Unavailable.CONSENT
    assert caseload.form_availability(case_id, "screening") is None
    assert ("consent", "data_processing") in step_targets(caseload, case_id)
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, TODAY, "ar"))
    assert caseload.form_availability(case_id, "assessment_health") is None
    assert step_targets(caseload, case_id)[0] == ("form", "cover_sheet")


def test_re_assessment_is_prefilled_as_such(caseload: Caseload) -> None:
    case_id = admitted_case(caseload)
    assert caseload.prefill(case_id, "assessment_health")["assessment_kind"] == "first"
    caseload.save_form(
        case_id, "assessment_health", caseload.prefill(case_id, "assessment_health"), final=True
    )
    assert caseload.prefill(case_id, "assessment_health")["assessment_kind"] == "re"
    steps = caseload.next_steps(case_id)
    assert steps[0].kind == "form" and steps[0].target != "assessment_health"


def test_the_cover_sheet_is_prefilled_and_updates_the_person(caseload: Caseload) -> None:
    person_id = caseload.add_person(
        PersonData("Коваленко", "Олена", birth_date=date(1990, 3, 4), phone="0171 1")
    )
    case_id = caseload.open_case(person_id).id
    caseload.move_to(case_id, Phase.INTAKE)
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, TODAY, "uk"))
    answers = caseload.prefill(case_id, "cover_sheet")
    assert answers["surname"] == "Коваленко" and answers["birth_date"] == "1990-03-04"
    answers.update(phone="0160 999", town="Solingen")
    caseload.save_form(case_id, "cover_sheet", answers, final=True)
    person = caseload.person(person_id)
    assert (person.phone, person.city, person.surname) == ("0160 999", "Solingen", "Коваленко")


def test_a_finished_goal_sheet_sets_the_open_goals_and_the_review_marks_them(
    caseload: Caseload,
) -> None:
    case_id = admitted_case(caseload)
    caseload.move_to(case_id, Phase.GOALS)
    sheet = caseload.prefill(case_id, "goals")
    sheet.update(
        goals=[{"goal": "Wohnung finden", "domain": "housing"}, {"goal": "B1-Kurs beginnen"}],
        next_review_on="2026-12-01",
        agreement=True,
    )
    caseload.save_form(case_id, "goals", sheet, final=True)
    goals = caseload.open_goals(case_id)
    assert [(g.position, g.title, g.domain) for g in goals] == [
        (1, "Wohnung finden", LifeDomain.HOUSING),
        (2, "B1-Kurs beginnen", None),
    ]
    assert {g.review_due for g in goals} == {date(2026, 12, 1)}

    review = caseload.prefill(case_id, "goal_review")
    assert (review["goal_1"], review["goal_2"]) == ("Wohnung finden", "B1-Kurs beginnen")
    review.update(achievement_1="partly", reason_1="Besichtigung nächste Woche")
    caseload.save_form(case_id, "goal_review", review, final=True)
    reviewed = {g.position: g for g in caseload.goals(case_id)}
    assert reviewed[1].achievement is Achievement.PARTLY and reviewed[1].reviewed_on == TODAY
    assert [g.position for g in caseload.open_goals(case_id)] == [2]


def test_a_draft_goal_sheet_changes_no_goals(caseload: Caseload) -> None:
    case_id = admitted_case(caseload)
    caseload.save_form(case_id, "goals", {"goals": [{"goal": "Arbeit"}]}, final=False)
    assert caseload.goals(case_id) == []


def test_the_closure_sheet_closes_the_case(caseload: Caseload) -> None:
    case_id = admitted_case(caseload)
    assert caseload.prefill(case_id, "closure")["duration_months"] == 0
    closure = caseload.prefill(case_id, "closure")
    closure["closure_type"] = "moved_away"
    caseload.save_form(case_id, "closure", closure, final=True)
    case = caseload.case(case_id)
    assert case.phase is Phase.CLOSED and case.closure_reason is ClosureReason.MOVED_AWAY
    assert caseload.form_availability(case_id, "interim") is Unavailable.CASE_ENDED
    assert caseload.next_steps(case_id) == []


def test_an_other_closure_needs_its_explanation_and_nothing_is_stored(
    caseload: Caseload,
) -> None:
    case_id = admitted_case(caseload)
    closure = {**caseload.prefill(case_id, "closure"), "closure_type": "other"}
    with pytest.raises(BadInput):
        caseload.save_form(case_id, "closure", closure, final=True)
    assert caseload.form_instances(case_id) == []
    assert caseload.case(case_id).phase is Phase.ASSESSMENT


def test_a_closure_before_admission_is_refused(caseload: Caseload) -> None:
    case_id = new_case(caseload)
    caseload.move_to(case_id, Phase.INTAKE)
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, TODAY, "de"))
    assert caseload.form_availability(case_id, "closure") is Unavailable.NOT_YET
    with pytest.raises(PhaseTransitionError):
        caseload.save_form(
            case_id, "closure", {"date": "2026-11-23", "closure_type": "moved_away"}, final=True
        )


def test_drafts_are_listed_and_can_be_discarded(caseload: Caseload) -> None:
    case_id = new_case(caseload)
    draft = caseload.save_form(case_id, "screening", {"urgent_concern": "Miete"}, final=False)
    [listed] = caseload.drafts()
    assert (listed.instance_id, listed.case_id, listed.form_key) == (draft.id, case_id, "screening")
    assert listed.title == caseload.forms.get("screening").title
    caseload.discard_draft(draft.id or 0)
    assert caseload.drafts() == []
    final = caseload.save_form(
        case_id, "screening", {"date": "2026-11-23", "cm_required": "yes"}, final=True
    )
    assert final.status is FormStatus.FINAL
    with pytest.raises(BadInput):
        caseload.discard_draft(final.id or 0)


def test_the_overview_collects_what_needs_attention(caseload: Caseload) -> None:
    quiet = new_case(caseload)
    caseload.move_to(quiet, Phase.INTAKE, on=date(2026, 6, 1))
    caseload.record_consent(Consent(quiet, ConsentKind.DATA_PROCESSING, date(2026, 6, 1), "tr"))
    caseload.move_to(quiet, Phase.ASSESSMENT, on=date(2026, 6, 1))
    caseload.add_contact(Contact(quiet, date(2026, 10, 1), 30, Setting.PHONE))
    # A case admitted long ago without contact since: closure suggested.
    old = new_case(caseload, surname="Haddad", given_names="Amal")
    caseload.move_to(old, Phase.INTAKE, on=date(2026, 5, 1))
    caseload.record_consent(Consent(old, ConsentKind.DATA_PROCESSING, date(2026, 5, 1), "ar"))
    caseload.move_to(old, Phase.ASSESSMENT, on=date(2026, 5, 1))
    sheet = {
        "date": "2026-11-01",
        "goals": [{"goal": "Kita-Platz"}, {"goal": "Sprachkurs"}],
        "next_review_on": "2026-11-20",
        "agreement": True,
    }
    caseload.save_form(quiet, "goals", sheet, final=True)
    caseload.save_form(quiet, "interim", {"topic": "Zwischenstand"}, final=False)

    overview = caseload.overview()
    assert overview.open_cases == 2
    assert overview.capacity == 37.5
    assert [c.id for c in overview.closure_suggestions] == [old]
    assert [(r.case_id, r.position, r.overdue) for r in overview.reviews_due] == [
        (quiet, 1, True),
        (quiet, 2, True),
    ]
    assert [d.form_key for d in overview.drafts] == ["interim"]


def test_the_monthly_report_is_due_from_the_25th_until_exported(caseload: Caseload) -> None:
    assert caseload.overview(on=date(2026, 11, 24)).reports_due == ()
    assert caseload.overview(on=date(2026, 11, 25)).reports_due == ("2026-11",)
    assert caseload.overview(on=date(2026, 12, 2)).reports_due == ("2026-11",)
    caseload.record_report_export("2026-11", "KIM-CM_Monatsbericht_2026-11_EB.xlsx", {"cases": 3})
    assert caseload.overview(on=date(2026, 12, 2)).reports_due == ()
    assert caseload.overview(on=date(2026, 12, 27)).reports_due == ("2026-12",)
