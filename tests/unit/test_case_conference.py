"""Case conferences: only agencies the release covers and the client did not exclude are
invited and take part, the minutes keep the agreements and tasks, open tasks due soon show on
the overview, and both papers leave out what the consents do not allow."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from kimdesk.case_conference import (
    CASE_MANAGEMENT,
    CLIENT,
    CaseConference,
    ConferenceTask,
    Minutes,
    Preparation,
    cover_sheet_lines,
)
from kimdesk.caseload import Caseload
from kimdesk.consent_scope import ConsentScope, Exclusions, Topic, agency_matches
from kimdesk.demo.generator import fill_demo
from kimdesk.domain.records import Consent, Goal
from kimdesk.domain.vocabulary import ConsentKind, LifeDomain
from kimdesk.errors import BadInput
from kimdesk.lifecycle.erasure import erase_person
from kimdesk.lifecycle.handover import export_case, import_handover
from kimdesk.printing.case_conference import render_minutes, render_preparation
from kimdesk.printing.documents import render_document
from tests.conftest import PROFILE, TODAY, make_person
from tests.unit.test_consent_scope import close
from tests.unit.test_forms_pdf import flat, pdf_text
from tests.unit.test_handover import RECEIVER_PASSWORD

SIGNED = date(2025, 3, 10)
JOBCENTER = "Jobcenter: Jobcenter Solingen"
DOCTOR = "Ärzte: Dr. Demir"
AGENCY = {"contact_person": "Frau Albers", "phone": "0212 12345", "file_number": ""}


@pytest.fixture
def case_id(caseload: Caseload) -> int:
    """A case whose cover sheet names a Jobcenter, a doctor and the Ausländerbehörde, with a
    release for the Jobcenter and the Ausländerbehörde only, and goals in health and work."""
    case_id = caseload.open_case(caseload.add_person(make_person()), opened_on=SIGNED).id
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, SIGNED, "de"))
    caseload.save_form(
        case_id,
        "cover_sheet",
        {
            "admitted_on": SIGNED.isoformat(),
            "agency_jobcenter": {**AGENCY, "name": "Jobcenter Solingen"},
            "agency_doctors": {**AGENCY, "name": "Dr. Demir"},
            "agency_aib": {**AGENCY, "name": "Ausländeramt Solingen"},
        },
        final=True,
    )
    caseload.record_consent(
        Consent(
            case_id,
            ConsentKind.CONFIDENTIALITY_RELEASE,
            SIGNED,
            "de",
            agencies=(JOBCENTER, "Ausländeramt Solingen"),
        )
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


def aib_label(caseload: Caseload, case_id: int) -> str:
    """The Ausländerbehörde as the cover sheet's line names it."""
    found = [a for a in caseload.case_conferences.invitation(case_id, TODAY).agencies]
    return next(a for a in found if a.endswith("Ausländeramt Solingen"))


def prepared(caseload: Caseload, case_id: int, *invited: str) -> int:
    return caseload.case_conferences.prepare(
        case_id,
        Preparation(TODAY - timedelta(days=10), (CASE_MANAGEMENT, CLIENT, *invited), "Begrüßung"),
    )


def picture(pdf: bytes, name: str) -> None:
    """With KIMDESK_SHOTS set to a folder, the PDF's pages as pictures to look at."""
    shots = os.environ.get("KIMDESK_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        command = ["pdftoppm", "-png", "-r", "60", "-", str(Path(shots) / name)]
        subprocess.run(command, input=pdf, check=True)


def task(
    description: str, responsible: str, due_on: date, done_on: date | None = None
) -> ConferenceTask:
    return ConferenceTask(description, responsible, due_on, done_on)


# -- preparing -------------------------------------------------------------------------------


def test_only_agencies_the_release_covers_are_offered(caseload: Caseload, case_id: int) -> None:
    invitation = caseload.case_conferences.invitation(case_id, TODAY)
    assert invitation.agencies == (JOBCENTER, aib_label(caseload, case_id))
    assert invitation.not_covered == 1 and invitation.excluded == 0
    assert invitation.parties[:2] == (CASE_MANAGEMENT, CLIENT)


def test_an_agency_the_release_does_not_cover_cannot_be_invited(
    caseload: Caseload, case_id: int
) -> None:
    with pytest.raises(BadInput, match="nicht von der Schweigepflichtentbindung") as raised:
        prepared(caseload, case_id, JOBCENTER, DOCTOR)
    assert "Demir" not in str(raised.value)
    assert caseload.case_conferences.of_case(case_id) == []


def test_a_conference_needs_an_agency(caseload: Caseload, case_id: int) -> None:
    with pytest.raises(BadInput, match="mindestens eine Stelle"):
        prepared(caseload, case_id)


def test_the_conference_consent_excludes_participants_and_topics(
    caseload: Caseload, case_id: int
) -> None:
    caseload.record_consent(
        Consent(case_id, ConsentKind.NEEDS_CONFERENCE, SIGNED, "de"),
        exclusions=Exclusions(participants=(JOBCENTER,), topics=(Topic.HEALTH,)),
    )
    invitation = caseload.case_conferences.invitation(case_id, TODAY)
    assert invitation.agencies == (aib_label(caseload, case_id),)
    assert invitation.excluded == 1 and invitation.conference_consent
    with pytest.raises(BadInput):
        prepared(caseload, case_id, JOBCENTER)


def test_the_preparation_sheet_leaves_out_what_the_consents_do_not_allow(
    caseload: Caseload, case_id: int
) -> None:
    aib = aib_label(caseload, case_id)
    conference_id = prepared(caseload, case_id, JOBCENTER, aib)
    caseload.record_consent(
        Consent(case_id, ConsentKind.NEEDS_CONFERENCE, TODAY - timedelta(days=5), "de"),
        exclusions=Exclusions(participants=("Jobcenter Solingen",), topics=(Topic.HEALTH,)),
    )
    pdf = render_preparation(caseload, conference_id, printed_on=TODAY)
    picture(pdf, "pdf_preparation_exclusions")
    text = flat(pdf_text(pdf))
    assert "Fallkonferenz: Vorbereitung" in text
    assert "Ausländeramt Solingen" in text and "Case Management" in text and "Klient*in" in text
    # Not covered (the doctor), excluded since (the Jobcenter), the excluded topic's goal.
    assert "Dr. Demir" not in text and "Jobcenter Solingen" not in text
    assert "Hausarzt" not in text and "Bewerbung als Lagerhelfer" in text
    assert "1 eingeladene Stelle nicht aufgeführt" in text
    assert "1 Stelle nicht aufgeführt: keine Schweigepflichtentbindung" in text
    assert "1 Stelle nicht aufgeführt: Die ratsuchende Person hat sie" in text
    assert "1 Ziel nicht aufgeführt" in text
    assert "Begrüßung" in text


# -- recording -------------------------------------------------------------------------------


def test_the_minutes_keep_participants_agreements_and_tasks(
    caseload: Caseload, case_id: int
) -> None:
    conferences = caseload.case_conferences
    conference_id = prepared(caseload, case_id, JOBCENTER)
    held_on = TODAY - timedelta(days=8)
    conferences.record(
        conference_id,
        Minutes(
            held_on,
            (CASE_MANAGEMENT, CLIENT, JOBCENTER),
            "Sprachkurs vor Arbeitsaufnahme.",
            (
                task("Sprachkurs B1 anmelden", CLIENT, TODAY + timedelta(days=3)),
                task("Eingliederungsvereinbarung anpassen", JOBCENTER, TODAY - timedelta(days=1)),
                task("Termin nachhalten", CASE_MANAGEMENT, TODAY + timedelta(days=30)),
            ),
        ),
    )
    (conference,) = conferences.of_case(case_id)
    assert conference.held and conference.on == held_on
    assert conference.preparation.invited == (CASE_MANAGEMENT, CLIENT, JOBCENTER)
    assert [t.responsible for t in conference.tasks] == [CLIENT, JOBCENTER, CASE_MANAGEMENT]
    text = flat(pdf_text(render_minutes(caseload, conference_id, printed_on=TODAY)))
    assert held_on.strftime("%d.%m.%Y") in text
    assert "Jobcenter: Jobcenter Solingen" in text and "Klient*in" in text
    assert "Sprachkurs vor Arbeitsaufnahme." in text
    assert "Eingliederungsvereinbarung anpassen" in text and "offen" in text
    # The audit log keeps counts, never a name or a task's words.
    details = [e.detail for e in caseload.audit_log() if e.action.startswith("conference.")]
    assert details == ["3", "3 3"]


def test_a_task_belongs_to_a_participant_and_is_not_due_before_the_conference(
    caseload: Caseload, case_id: int
) -> None:
    conferences = caseload.case_conferences
    conference_id = prepared(caseload, case_id, JOBCENTER)
    held_on = TODAY - timedelta(days=8)
    present = (CASE_MANAGEMENT, JOBCENTER)
    for bad in (
        task("Bescheid prüfen", aib_label(caseload, case_id), TODAY),  # did not take part
        task("Bescheid prüfen", JOBCENTER, held_on - timedelta(days=1)),
        task("  ", JOBCENTER, TODAY),
    ):
        with pytest.raises(BadInput):
            conferences.record(conference_id, Minutes(held_on, present, "", (bad,)))
    with pytest.raises(BadInput):  # not yet held
        conferences.record(conference_id, Minutes(TODAY + timedelta(days=1), present))
    with pytest.raises(BadInput):  # not covered on the day
        conferences.record(conference_id, Minutes(held_on, (*present, DOCTOR)))
    assert not conferences.conference(conference_id).held


def test_open_tasks_due_within_a_week_or_overdue_are_on_the_overview(
    caseload: Caseload, case_id: int
) -> None:
    conferences = caseload.case_conferences
    conference_id = prepared(caseload, case_id, JOBCENTER)
    conferences.record(
        conference_id,
        Minutes(
            TODAY - timedelta(days=20),
            (CASE_MANAGEMENT, JOBCENTER),
            "",
            (
                task("überfällig", JOBCENTER, TODAY - timedelta(days=2)),
                task("bald", CLIENT, TODAY + timedelta(days=7)),
                task("später", CASE_MANAGEMENT, TODAY + timedelta(days=8)),
                task("erledigt", JOBCENTER, TODAY - timedelta(days=5), TODAY - timedelta(days=6)),
            ),
        ),
    )
    due = caseload.overview(TODAY).conference_tasks
    assert [(d.responsible, d.overdue) for d in due] == [(JOBCENTER, True), ("Klient*in", False)]
    assert {d.case_id for d in due} == {case_id}
    conferences.set_task_done(due[0].task_id, TODAY)
    assert [d.responsible for d in caseload.overview(TODAY).conference_tasks] == ["Klient*in"]
    with pytest.raises(BadInput):
        conferences.set_task_done(due[1].task_id, TODAY + timedelta(days=1))
    conferences.set_task_done(due[0].task_id, None)  # opened again
    assert len(caseload.overview(TODAY).conference_tasks) == 2
    # A closed case's tasks no longer call for attention.
    close(caseload, case_id, TODAY)
    assert caseload.overview(TODAY).conference_tasks == ()


def test_erasing_the_person_erases_the_conferences(caseload: Caseload, case_id: int) -> None:
    conference_id = prepared(caseload, case_id, JOBCENTER)
    caseload.case_conferences.record(
        conference_id,
        Minutes(TODAY, (CASE_MANAGEMENT, JOBCENTER), "", (task("x", JOBCENTER, TODAY),)),
    )
    erase_person(caseload, caseload.case(case_id).person_id)
    for table in ("case_conferences", "case_conference_participants", "case_conference_tasks"):
        assert caseload.db.scalar(f"SELECT count(*) FROM {table}") == 0


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[Caseload]:
    opened = Caseload.create(
        tmp_path / "receiver.kimdesk", RECEIVER_PASSWORD, PROFILE, today=lambda: TODAY
    )
    yield opened
    opened.close()


def test_the_conferences_go_with_a_handed_over_case(
    caseload: Caseload, case_id: int, receiver: Caseload, tmp_path: Path
) -> None:
    conferences = caseload.case_conferences
    held_id = prepared(caseload, case_id, JOBCENTER)
    conferences.record(
        held_id,
        Minutes(
            TODAY - timedelta(days=8),
            (CASE_MANAGEMENT, JOBCENTER),
            "Erst der Kurs.",
            (
                task("Kurs anmelden", CLIENT, TODAY, TODAY - timedelta(days=1)),
                task("Bescheid", JOBCENTER, TODAY + timedelta(days=3)),
            ),
        ),
    )
    caseload.case_conferences.prepare(
        case_id, Preparation(TODAY + timedelta(days=20), (CASE_MANAGEMENT, JOBCENTER), "")
    )
    out = tmp_path / "fall.kimhandover"
    exported = export_case(caseload, case_id, out)
    imported = import_handover(receiver, out, exported.password)

    def strip(found: list[CaseConference]) -> list[tuple[object, ...]]:
        return [
            (
                c.preparation,
                c.minutes and replace(c.minutes, tasks=tuple(replace(t, id=None) for t in c.tasks)),
            )
            for c in found
        ]

    sent = strip(conferences.of_case(case_id))
    assert strip(receiver.case_conferences.of_case(imported.case_id)) == sent
    assert len(sent) == 2 and sent[0][1] is not None and len(sent[0][1].tasks) == 2


def test_the_access_report_lists_the_conferences(caseload: Caseload, case_id: int) -> None:
    from kimdesk.printing.access_report import render_access_report

    before = flat(pdf_text(render_access_report(caseload, case_id, lang="de", printed_on=TODAY)))
    assert "Fallkonferenzen" not in before
    conference_id = prepared(caseload, case_id, JOBCENTER)
    caseload.case_conferences.record(
        conference_id,
        Minutes(
            TODAY, (CASE_MANAGEMENT, JOBCENTER), "Erst der Kurs.", (task("Kurs", CLIENT, TODAY),)
        ),
    )
    text = flat(pdf_text(render_access_report(caseload, case_id, lang="de", printed_on=TODAY)))
    assert "Fallkonferenzen" in text and "Erst der Kurs." in text
    assert "Jobcenter: Jobcenter Solingen" in text


# -- the demo --------------------------------------------------------------------------------

# The cover sheet's lines the demo fills only for an agency its release names.
RELEASED_LINES = {
    "agency_jobcenter",
    "agency_aib",
    "agency_social_asylblg",
    "agency_social_sgb12",
    "agency_youth",
    "agency_doctors",
    "agency_insurance",
}


def test_the_demo_releases_cover_the_cover_sheets_agencies_and_conferences_follow(
    caseload: Caseload,
) -> None:
    fill_demo(caseload, cases=60, seed=1, today=TODAY)
    released = 0
    for case in caseload.cases():
        scope = ConsentScope(caseload, case.id)
        release = next((r for r in scope.releases), None)
        for key, label, name in cover_sheet_lines(caseload, case.id):
            if key in RELEASED_LINES and release is not None:
                released += 1
                assert agency_matches(release.consent.agencies, label, name), key
    assert released > 30
    found = [c for case in caseload.cases() for c in caseload.case_conferences.of_case(case.id)]
    held = [c for c in found if c.minutes is not None]
    assert len(held) >= 5 and len(found) > len(held)
    tasks = [t for c in held for t in c.tasks]
    assert any(t.done_on for t in tasks) and any(t.overdue(TODAY) for t in tasks)
    due = caseload.overview(TODAY).conference_tasks
    assert any(d.overdue for d in due) and any(not d.overdue for d in due)
    for conference in held:  # only parties the consents allowed on the day
        assert conference.minutes is not None
        allowed = caseload.case_conferences.invitation(conference.case_id, conference.on).parties
        assert set(conference.minutes.present) <= set(allowed)


def test_print_offers_the_latest_conference_of_a_case(caseload: Caseload, case_id: int) -> None:
    number = caseload.case(case_id).case_number
    with pytest.raises(BadInput, match="noch keine Fallkonferenz"):
        render_document(caseload, "case-conference-preparation", case_number=number)
    conference_id = prepared(caseload, case_id, JOBCENTER)
    with pytest.raises(BadInput, match="noch keine stattgefundene"):
        render_document(caseload, "case-conference-minutes", case_number=number)
    sheet = pdf_text(render_document(caseload, "case-conference-preparation", case_number=number))
    assert "Fallkonferenz: Vorbereitung" in sheet
    caseload.case_conferences.record(conference_id, Minutes(TODAY, (CASE_MANAGEMENT, JOBCENTER)))
    minutes = pdf_text(render_document(caseload, "case-conference-minutes", case_number=number))
    assert "Fallkonferenz: Protokoll" in minutes and "Teilnehmende nach Stelle" in minutes
