"""Consents that act: the release covers named agencies for a limited time, single agencies
can be withdrawn, the case file leaves out what is not covered, and a needs plan with a
conference is finished only with the consent to it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.consent_scope import (
    ConsentScope,
    Exclusions,
    Topic,
    conference_notice,
    release_ends_on,
)
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Goal
from kimdesk.domain.vocabulary import ClosureReason, ConsentKind, LifeDomain
from kimdesk.errors import BadInput
from kimdesk.forms.answers import AnswerError
from kimdesk.printing.case_file import render_case_file
from kimdesk.store.database import Database
from tests.conftest import PASSWORD, PROFILE, TODAY, make_person
from tests.unit.test_forms_pdf import flat, pdf_text

SIGNED = date(2025, 3, 10)
JOBCENTER = "Jobcenter: Jobcenter Solingen"
DOCTOR = "Ärzte: Dr. Demir"
AGENCY = {"contact_person": "Frau Albers", "phone": "0212 12345", "file_number": ""}


@pytest.fixture
def case_id(caseload: Caseload) -> int:
    """A case with the consent to data processing and a finished cover sheet naming a
    Jobcenter and a doctor, and a goal in health and one in work."""
    case_id = caseload.open_case(caseload.add_person(make_person()), opened_on=SIGNED).id
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, SIGNED, "de"))
    caseload.save_form(
        case_id,
        "cover_sheet",
        {
            "admitted_on": SIGNED.isoformat(),
            "marital_status": "married",
            "agency_jobcenter": {**AGENCY, "name": "Jobcenter Solingen"},
            "agency_doctors": {**AGENCY, "name": "Dr. Demir", "phone": "0212 99999"},
        },
        final=True,
    )
    for position, (title, domain) in enumerate(
        [
            ("Hausarzt für die Schmerzen finden", LifeDomain.HEALTH),
            ("Bewerbung als Lagerhelfer", LifeDomain.EDUCATION_WORK),
        ],
        start=1,
    ):
        caseload.add_goal(Goal(case_id, position, title, SIGNED, domain=domain))
    return case_id


def release(caseload: Caseload, case_id: int, *agencies: str, on: date = SIGNED) -> int:
    return caseload.record_consent(
        Consent(case_id, ConsentKind.CONFIDENTIALITY_RELEASE, on, "de", agencies=agencies)
    )


def case_file(caseload: Caseload, case_id: int, on: date = TODAY) -> str:
    return flat(pdf_text(render_case_file(caseload, case_id, printed_on=on)))


# -- the case file ---------------------------------------------------------------------------


def test_a_release_that_does_not_cover_an_agency_keeps_it_out_of_the_case_file(
    caseload: Caseload, case_id: int
) -> None:
    release(caseload, case_id, JOBCENTER)
    text = case_file(caseload, case_id)
    assert "Jobcenter Solingen" in text
    assert "Dr. Demir" not in text and "0212 99999" not in text
    assert "1 Stelle nicht aufgeführt: keine Schweigepflichtentbindung" in text


def test_without_a_release_no_agency_is_named(caseload: Caseload, case_id: int) -> None:
    text = case_file(caseload, case_id)
    assert "Jobcenter Solingen" not in text and "Dr. Demir" not in text
    assert "Frau Albers" not in text
    assert "2 Stellen nicht aufgeführt: keine Schweigepflichtentbindung" in text


def test_a_release_names_agencies_as_the_dialog_offers_them_or_by_name_or_kind(
    caseload: Caseload, case_id: int
) -> None:
    release(caseload, case_id, "jobcenter", " Dr.  Demir ")
    text = case_file(caseload, case_id)
    assert "Jobcenter Solingen" in text and "Dr. Demir" in text
    assert "nicht aufgeführt" not in text


def test_a_withdrawn_agency_is_left_out_from_its_day_on(caseload: Caseload, case_id: int) -> None:
    consent_id = release(caseload, case_id, JOBCENTER, DOCTOR)
    withdrawn_on = TODAY - timedelta(days=5)
    caseload.withdraw_consent_agencies(case_id, consent_id, [DOCTOR], withdrawn_on)
    before = case_file(caseload, case_id, withdrawn_on - timedelta(days=1))
    assert "Dr. Demir" in before and "nicht aufgeführt" not in before
    after = case_file(caseload, case_id)
    assert "Jobcenter Solingen" in after and "Dr. Demir" not in after
    assert "1 Stelle nicht aufgeführt" in after


def test_an_expired_release_names_no_agency(caseload: Caseload, case_id: int) -> None:
    release(caseload, case_id, JOBCENTER, DOCTOR)
    last_day = date(2027, 3, 10)
    assert "Jobcenter Solingen" in case_file(caseload, case_id, last_day)
    text = case_file(caseload, case_id, last_day + timedelta(days=1))
    assert "Jobcenter Solingen" not in text and "Dr. Demir" not in text
    assert "2 Stellen nicht aufgeführt" in text
    assert "abgelaufen am 10.03.2027" in text


# -- validity --------------------------------------------------------------------------------


def test_the_release_ends_two_years_after_signing_or_with_the_case() -> None:
    assert release_ends_on(date(2025, 3, 10), None) == date(2027, 3, 10)
    assert release_ends_on(date(2024, 2, 29), None) == date(2026, 2, 28)
    assert release_ends_on(date(2025, 3, 10), date(2026, 1, 5)) == date(2026, 1, 5)


def close(caseload: Caseload, case_id: int, on: date) -> None:
    for phase in (
        Phase.INTAKE,
        Phase.ASSESSMENT,
        Phase.GOALS,
        Phase.PLANNING,
        Phase.LINKING,
        Phase.MONITORING,
    ):
        caseload.move_to(case_id, phase, on=SIGNED)
    caseload.move_to(
        case_id, Phase.CLOSED, on=on, closure_reason=ClosureReason.AGREED_NO_SUPPORT_NEEDED
    )


def test_a_closed_case_ends_the_release_early(caseload: Caseload, case_id: int) -> None:
    release(caseload, case_id, JOBCENTER)
    closed_on = date(2026, 6, 30)
    close(caseload, case_id, closed_on)
    scope = ConsentScope(caseload, case_id)
    assert scope.releases[0].ends_on == closed_on
    assert scope.covered_agencies(closed_on) == [JOBCENTER]
    assert scope.covered_agencies(closed_on + timedelta(days=1)) == []
    assert "Jobcenter Solingen" not in case_file(caseload, case_id)
    assert scope.release_notices(TODAY) == []  # a closed case needs no new release


def test_the_case_view_is_warned_thirty_days_ahead(tmp_path: Path) -> None:
    today = [SIGNED]
    caseload = Caseload.create(tmp_path / "c.kimdesk", PASSWORD, PROFILE, today=lambda: today[0])
    case_id = caseload.open_case(caseload.add_person(make_person())).id
    release(caseload, case_id, JOBCENTER)
    ends = date(2027, 3, 10)
    for day, expected in [
        (ends - timedelta(days=31), []),
        (ends - timedelta(days=30), ["endet am 10.03.2027"]),
        (ends, ["endet am 10.03.2027"]),
        (ends + timedelta(days=1), ["endete am 10.03.2027"]),
    ]:
        today[0] = day
        notices = ConsentScope(caseload, case_id).release_notices(day)
        assert len(notices) == len(expected), day
        for notice, words in zip(notices, expected, strict=True):
            assert words in notice
    # A release signed anew before the old one ends ends the warning about the old one.
    today[0] = ends - timedelta(days=3)
    release(caseload, case_id, JOBCENTER, on=today[0])
    for day in (ends - timedelta(days=3), ends + timedelta(days=1)):
        assert ConsentScope(caseload, case_id).release_notices(day) == []
    caseload.close()


# -- withdrawing single agencies -------------------------------------------------------------


def test_single_agencies_are_withdrawn_with_a_date_and_logged_without_names(
    caseload: Caseload, case_id: int
) -> None:
    consent_id = release(caseload, case_id, JOBCENTER, DOCTOR)
    on = date(2026, 5, 4)
    caseload.withdraw_consent_agencies(case_id, consent_id, [DOCTOR], on)
    scope = ConsentScope(caseload, case_id)
    assert scope.covered_agencies(on - timedelta(days=1)) == [JOBCENTER, DOCTOR]
    assert scope.covered_agencies(on) == [JOBCENTER]
    assert "Ärzte: Dr. Demir (widerrufen am 04.05.2026)" in scope.describe(
        caseload.consents(case_id)[1], TODAY
    )
    entry = caseload.audit_log()[-1]
    assert (entry.action, entry.case_id) == ("consent.agency_withdrawn", case_id)
    assert entry.detail == "confidentiality_release 1"
    assert not any("Demir" in e.detail for e in caseload.audit_log())
    # The release as a whole stays in force.
    assert caseload.consents(case_id)[1].withdrawn_on is None


@pytest.mark.parametrize(
    ("agencies", "on", "message"),
    [
        ([], TODAY, "Wählen Sie die Stellen"),
        (["Schule"], TODAY, "nennt diese Stelle nicht"),
        ([DOCTOR], TODAY + timedelta(days=1), "nicht in der Zukunft"),
        ([DOCTOR], SIGNED - timedelta(days=1), "vor der Unterschrift"),
    ],
)
def test_a_withdrawal_that_cannot_be_is_refused(
    caseload: Caseload, case_id: int, agencies: list[str], on: date, message: str
) -> None:
    consent_id = release(caseload, case_id, JOBCENTER, DOCTOR)
    with pytest.raises(BadInput, match=message):
        caseload.withdraw_consent_agencies(case_id, consent_id, agencies, on)
    assert ConsentScope(caseload, case_id).covered_agencies(TODAY) == [JOBCENTER, DOCTOR]


def test_an_agency_is_withdrawn_once_and_not_from_a_withdrawn_release(
    caseload: Caseload, case_id: int
) -> None:
    consent_id = release(caseload, case_id, JOBCENTER, DOCTOR)
    caseload.withdraw_consent_agencies(case_id, consent_id, [DOCTOR], TODAY)
    with pytest.raises(BadInput, match="bereits"):
        caseload.withdraw_consent_agencies(case_id, consent_id, [DOCTOR], TODAY)
    caseload.withdraw_consent(case_id, consent_id, TODAY)
    with pytest.raises(BadInput, match="bereits widerrufen"):
        caseload.withdraw_consent_agencies(case_id, consent_id, [JOBCENTER], TODAY)
    data_processing = caseload.consents(case_id)[0].id
    assert data_processing is not None
    with pytest.raises(BadInput, match="nicht Teil des Falls"):
        caseload.withdraw_consent_agencies(case_id, data_processing, [JOBCENTER], TODAY)


# -- the needs conference --------------------------------------------------------------------

PLAN = {"date": TODAY.isoformat(), "needs_conference": True}


def test_a_needs_plan_with_a_conference_cannot_be_finished_without_the_consent(
    caseload: Caseload, case_id: int
) -> None:
    draft = caseload.save_form(case_id, "needs_plan", PLAN, final=False)  # a draft may
    with pytest.raises(AnswerError) as refused:
        caseload.save_form(case_id, "needs_plan", PLAN, final=True, instance_id=draft.id)
    assert [p.path for p in refused.value.problems] == ["needs_conference"]
    assert "Einverständnis" in str(refused.value)
    assert caseload.form_instance(draft.id or 0).status.value == "draft"
    # Without a conference the plan needs no such consent.
    caseload.save_form(case_id, "needs_plan", {**PLAN, "needs_conference": False}, final=True)
    caseload.record_consent(Consent(case_id, ConsentKind.NEEDS_CONFERENCE, TODAY, "de"))
    finished = caseload.save_form(case_id, "needs_plan", PLAN, final=True, instance_id=draft.id)
    assert finished.status.value == "final"


def test_a_withdrawn_or_later_consent_does_not_let_the_plan_finish(
    caseload: Caseload, case_id: int
) -> None:
    consent_id = caseload.record_consent(
        Consent(case_id, ConsentKind.NEEDS_CONFERENCE, TODAY - timedelta(days=10), "de")
    )
    earlier = {**PLAN, "date": (TODAY - timedelta(days=11)).isoformat()}
    with pytest.raises(AnswerError):  # the plan is dated before the consent was signed
        caseload.save_form(case_id, "needs_plan", earlier, final=True)
    caseload.withdraw_consent(case_id, consent_id, TODAY - timedelta(days=1))
    with pytest.raises(AnswerError):
        caseload.save_form(case_id, "needs_plan", PLAN, final=True)


def conference(caseload: Caseload, case_id: int) -> int:
    return caseload.record_consent(
        Consent(
            case_id,
            ConsentKind.NEEDS_CONFERENCE,
            TODAY,
            "de",
            restrictions="nicht über die Schulden der Schwester sprechen",
        ),
        exclusions=Exclusions(participants=(JOBCENTER,), topics=(Topic.HEALTH, Topic.FAMILY)),
    )


def test_the_conference_restrictions_are_shown_when_preparing(
    caseload: Caseload, case_id: int
) -> None:
    assert "Kein Einverständnis zur Bedarfskonferenz" in conference_notice(caseload, case_id)
    conference(caseload, case_id)
    notice = conference_notice(caseload, case_id)
    assert "unterschrieben am 23.11.2026" in notice
    assert f"Nicht teilnehmen dürfen: {JOBCENTER}" in notice
    assert "Nicht besprochen werden dürfen: Gesundheit, Familie und Kinder" in notice
    assert "Schulden der Schwester" in notice


def test_the_case_file_leaves_out_what_the_conference_excludes(
    caseload: Caseload, case_id: int
) -> None:
    release(caseload, case_id, JOBCENTER, DOCTOR)
    conference(caseload, case_id)
    text = case_file(caseload, case_id)
    # The Jobcenter must not take part, the doctor tells of health: both left out.
    assert "Jobcenter Solingen" not in text and "Dr. Demir" not in text
    assert "2 Stellen nicht aufgeführt: Die ratsuchende Person hat sie" in text
    # The health goal and the marital status (family) are left out, the work goal stays.
    assert "Schmerzen" not in text and "Lagerhelfer" in text
    assert "1 Ziel nicht aufgeführt" in text
    assert "verheiratet" not in text and "1 Angabe nicht aufgeführt" in text
    # The restrictions in words are not printed; the file says there are some.
    assert "Schwester" not in text
    assert "mit Einschränkungen" in text


def test_only_a_conference_consent_excludes_anything(caseload: Caseload, case_id: int) -> None:
    with pytest.raises(BadInput, match="Bedarfskonferenz"):
        caseload.record_consent(
            Consent(case_id, ConsentKind.CONFIDENTIALITY_RELEASE, TODAY, "de", agencies=("X",)),
            exclusions=Exclusions(topics=(Topic.HEALTH,)),
        )
    assert [c.kind for c in caseload.consents(case_id)] == [ConsentKind.DATA_PROCESSING]


def test_withdrawals_and_exclusions_survive_reopening(
    caseload: Caseload, case_id: int, db_path: Path
) -> None:
    consent_id = release(caseload, case_id, JOBCENTER, DOCTOR)
    caseload.withdraw_consent_agencies(case_id, consent_id, [JOBCENTER], TODAY)
    conference(caseload, case_id)
    caseload.close()
    reopened = Caseload(Database.open(db_path, PASSWORD), today=lambda: TODAY)
    scope = ConsentScope(reopened, case_id)
    assert scope.covered_agencies(TODAY) == [DOCTOR]
    exclusions = scope.exclusions(TODAY)
    assert exclusions.participants == (JOBCENTER,)
    assert exclusions.topics == (Topic.HEALTH, Topic.FAMILY)
    assert LifeDomain.HEALTH in exclusions.domains
    reopened.close()


def test_a_handover_carries_withdrawals_and_exclusions(
    caseload: Caseload, case_id: int, tmp_path: Path
) -> None:
    from kimdesk.lifecycle.handover import export_case, import_handover

    consent_id = release(caseload, case_id, JOBCENTER, DOCTOR)
    caseload.withdraw_consent_agencies(case_id, consent_id, [DOCTOR], date(2026, 4, 1))
    conference(caseload, case_id)
    receiver = Caseload.create(
        tmp_path / "receiver.kimdesk", "anderes-geheimnis-77", PROFILE, today=lambda: TODAY
    )
    out = tmp_path / "fall.kimhandover"
    exported = export_case(caseload, case_id, out)
    imported = import_handover(receiver, out, exported.password)
    scope = ConsentScope(receiver, imported.case_id)
    assert scope.covered_agencies(TODAY) == [JOBCENTER]
    assert scope.releases[0].withdrawn == {DOCTOR: date(2026, 4, 1)}
    assert scope.exclusions(TODAY).participants == (JOBCENTER,)
    assert scope.exclusions(TODAY).topics == (Topic.HEALTH, Topic.FAMILY)
    receiver.close()


def test_the_information_under_art_15_shows_withdrawals_and_exclusions(
    caseload: Caseload, case_id: int
) -> None:
    from kimdesk.printing.access_report import render_access_report

    consent_id = release(caseload, case_id, JOBCENTER, DOCTOR)
    caseload.withdraw_consent_agencies(case_id, consent_id, [DOCTOR], date(2026, 4, 1))
    conference(caseload, case_id)
    pdf = render_access_report(caseload, case_id, lang="de", printed_on=TODAY)
    text = flat(pdf_text(pdf))
    assert "Dr. Demir (widerrufen am 01.04.2026)" in text
    assert "Nicht besprochen werden dürfen: Gesundheit, Familie und Kinder" in text
