"""The Art. 15 information: every value stored about a person is in the PDF, none of another
person's; `kimdesk print access-report` writes it; the monthly reports and retention date."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kimdesk.caseload import Caseload
from kimdesk.cli import main
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Contact, Goal, PersonData, Referral, Service
from kimdesk.domain.vocabulary import (
    AccessRoute,
    Achievement,
    ClosureReason,
    ConsentKind,
    LifeDomain,
    Setting,
)
from kimdesk.forms.model import FieldType
from kimdesk.printing.access_report import render_access_report
from kimdesk.printing.documents import documents, render_document
from kimdesk.printing.forms_pdf import answer_text
from kimdesk.printing.layout import german_date
from tests.conftest import PASSWORD, TODAY

PERSON_1 = PersonData(
    surname="Okonkwo-Bergmann",
    given_names="Adaeze",
    birth_name="Nwosuobi",
    birth_date=date(1988, 4, 17),
    gender="weiblich",
    nationality="nigerianisch",
    phone="0211 5550101",
    email="adaeze.ok@example.org",
    street="Lindenweg 17",
    city="40210 Düsseldorf",
    note="Bevorzugt Termine am Vormittag",
)
PERSON_2 = PersonData(
    surname="Kowalczyk",
    given_names="Bartosz",
    birth_name="Wiśniewski",
    birth_date=date(1979, 11, 2),
    gender="männlich",
    nationality="polnisch",
    phone="0171 9998877",
    email="bartosz.k@example.net",
    street="Ahornallee 99",
    city="42103 Wuppertal",
    note="Schichtarbeit, nur abends erreichbar",
)
PHASES = (Phase.ASSESSMENT, Phase.GOALS, Phase.PLANNING, Phase.LINKING, Phase.MONITORING)
TEXT_TYPES = (FieldType.SHORT_TEXT, FieldType.LONG_TEXT)


@dataclass(frozen=True)
class People:
    first_case: int  # person 1, closed
    second_case: int  # person 1, open
    other_case: int  # person 2


def screening(on: str, name: str, housing: str, concern: str) -> dict[str, Any]:
    return {
        "date": on,
        "client_name": name,
        "housing": housing,
        "urgent_concern": concern,
        "cm_required": "yes",
    }


def fill_person(
    caseload: Caseload, person: PersonData, *, opened_on: date, words: dict[str, str]
) -> int:
    """One open case with a finished screening, a consent, a contact, a goal with its
    review and a referral; ``words`` makes every free text of the person unique."""
    case_id = caseload.open_case(
        caseload.add_person(person), opened_on=opened_on, access_route="direct"
    ).id
    on = opened_on.isoformat()
    caseload.save_form(
        case_id,
        "screening",
        screening(on, f"{person.given_names} {person.surname}", words["housing"], words["concern"]),
        final=True,
    )
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, opened_on, "fa"))
    caseload.move_to(case_id, Phase.INTAKE, on=opened_on)
    caseload.add_contact(
        Contact(
            case_id,
            opened_on,
            55,
            Setting.IN_PERSON,
            frozenset({LifeDomain.HOUSING}),
            note=words["contact"],
        )
    )
    caseload.add_goal(
        Goal(
            case_id,
            1,
            words["goal"],
            opened_on,
            domain=LifeDomain.EDUCATION_WORK,
            review_due=date(2026, 9, 1),
            reviewed_on=date(2026, 9, 3),
            achievement=Achievement.PARTLY,
            achievement_note=words["review"],
        )
    )
    service_id = caseload.add_service(Service(words["provider"], words["offer"]))
    caseload.add_referral(
        Referral(case_id, opened_on, service_id, LifeDomain.HEALTH, note=words["referral"])
    )
    return case_id


@pytest.fixture
def people(caseload: Caseload) -> People:
    # Person 1: a closed case in 2025, and an open one with every kind of record.
    first = caseload.open_case(
        caseload.add_person(PERSON_1),
        opened_on=date(2025, 3, 3),
        access_route=AccessRoute.IMMIGRATION_OFFICE.value,
    ).id
    caseload.save_form(
        first,
        "screening",
        screening("2025-03-03", "Adaeze O.", "Wohnt bei einer Freundin", "Aufenthalt klären"),
        final=True,
    )
    caseload.move_to(first, Phase.INTAKE, on=date(2025, 3, 10))
    caseload.record_consent(Consent(first, ConsentKind.DATA_PROCESSING, date(2025, 3, 10), "fa"))
    for phase in PHASES:
        caseload.move_to(first, phase, on=date(2025, 4, 1))
    caseload.move_to(
        first,
        Phase.CLOSED,
        on=date(2025, 9, 30),
        closure_reason=ClosureReason.OTHER,
        closure_note="Umzug zur Schwester nach Bielefeld",
    )
    # the person as a cover sheet updates them: one PersonData for both cases
    person_id = caseload.case(first).person_id
    second = caseload.open_case(person_id, opened_on=date(2026, 2, 2), access_route="direct").id
    on = date(2026, 2, 5)
    caseload.save_form(
        second,
        "screening",
        screening("2026-02-02", "Adaeze Okonkwo", "Notunterkunft Kölner Straße", "Kitaplatz"),
        final=True,
    )
    caseload.record_consent(Consent(second, ConsentKind.DATA_PROCESSING, on, "fa"))
    release = caseload.record_consent(
        Consent(
            second,
            ConsentKind.CONFIDENTIALITY_RELEASE,
            on,
            "fa",
            agencies=("Jobcenter Düsseldorf Mitte", "Caritas Migrationsdienst"),
        )
    )
    caseload.withdraw_consent(second, release, date(2026, 6, 1))
    caseload.record_consent(
        Consent(
            second,
            ConsentKind.NEEDS_CONFERENCE,
            on,
            "fa",
            restrictions="Nicht über die Schulden sprechen",
        )
    )
    caseload.move_to(second, Phase.INTAKE, on=on)
    caseload.save_form(
        second,
        "cover_sheet",
        {
            "admitted_on": "2026-02-05",
            "birth_place": "Enugu",
            "age": 37,
            "gender": "f",
            "marital_status": "separated",
            "agency_jobcenter": {
                "name": "Jobcenter Düsseldorf Mitte",
                "contact_person": "Herr Brandtner",
                "phone": "0211 777123",
                "file_number": "JC-4711-AZ",
            },
            "further_agencies": [
                {"kind": "Hebammenpraxis", "contact": {"name": "Praxis Sonnenschein"}},
            ],
        },
        final=False,
    )
    caseload.add_contact(
        Contact(
            second,
            date(2026, 3, 4),
            45,
            Setting.PHONE,
            frozenset({LifeDomain.FAMILY, LifeDomain.HOUSING}),
            note="Rückruf wegen Kitaplatz",
            short_referral=True,
        )
    )
    caseload.add_contact(Contact(second, date(2026, 4, 8), 90, Setting.ACCOMPANIMENT))
    caseload.add_goal(
        Goal(
            second,
            1,
            "Eigene Wohnung in Düsseldorf finden",
            date(2026, 3, 1),
            domain=LifeDomain.HOUSING,
            review_due=date(2026, 9, 1),
            reviewed_on=date(2026, 9, 10),
            achievement=Achievement.PARTLY,
            achievement_note="Besichtigung in Bilk vereinbart",
        )
    )
    service = caseload.add_service(Service("Diakonie Düsseldorf", "Wohnungslosenhilfe"))
    caseload.add_referral(
        Referral(second, date(2026, 3, 5), service, LifeDomain.HOUSING, note="Termin am Montag")
    )
    other = fill_person(
        caseload,
        PERSON_2,
        opened_on=date(2026, 6, 15),
        words={
            "housing": "Zimmer im Wohnheim Nordstadt",
            "concern": "Lohnabrechnung verstehen",
            "contact": "Unterlagen vom Arbeitgeber gesichtet",
            "goal": "Anerkennung als Schweißer",
            "review": "Bescheid der Kammer fehlt",
            "provider": "IQ Netzwerk Wuppertal",
            "offer": "Anerkennungsberatung",
            "referral": "Mappe mit Zeugnissen mitgeben",
        },
    )
    # Monthly reports: May 2025 (first case), March 2026 (second), July 2026 (second and
    # person 2's case), January 2025 (no case of person 1 open yet).
    for month in ("2025-01", "2025-05", "2026-03", "2026-07"):
        caseload.record_report_export(month, f"KIM_{month}.xlsx", {"cases": 1})
    return People(first, second, other)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "auskunft.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def person_values(person: PersonData) -> list[str]:
    values = []
    for field in fields(PersonData):
        value = getattr(person, field.name)
        if isinstance(value, date):
            values.append(german_date(value))
        elif value:
            values.append(str(value))
    return values


def answer_values(caseload: Caseload, case_id: int, *, text_only: bool = False) -> list[str]:
    """Every answer of every form instance (drafts too) as the PDF writes it."""
    values = []
    for instance in caseload.form_instances(case_id):
        definition = caseload.definition_of(instance)
        for field in definition.fields:
            answer = instance.answers.get(field.key)
            pairs = (
                [(sub, item.get(sub.key)) for item in answer or [] for sub in field.fields]
                if field.type is FieldType.REPEATING_GROUP
                else [(field, answer)]
            )
            for shown, value in pairs:
                if text_only and shown.type not in TEXT_TYPES:
                    continue
                text = answer_text(shown, value)
                if text:
                    values.append(text)
    return values


def stored_values(caseload: Caseload, case_id: int, *, free_text_only: bool = False) -> list[str]:
    """What the caseload stores about one case, field by field; ``free_text_only`` leaves
    out dates, numbers and choices (which another person's record may share)."""
    row = caseload.case(case_id)
    services = dict(caseload.services())
    values = [row.case_number, row.pseudonym]
    values += answer_values(caseload, case_id, text_only=free_text_only)
    for contact in caseload.contacts(case_id):
        values += [contact.note]
    for goal in caseload.goals(case_id):
        values += [goal.title, goal.achievement_note]
    for referral in caseload.referrals(case_id):
        service = services[referral.service_id] if referral.service_id else None
        values += [referral.note, *([service.provider, service.offer] if service else [])]
    for consent in caseload.consents(case_id):
        values += [*consent.agencies, consent.restrictions]
    if not free_text_only:
        values += [german_date(on) for _phase, on in caseload.phase_history(case_id)]
        values += [phase.label for phase, _on in caseload.phase_history(case_id)]
        for contact in caseload.contacts(case_id):
            values += [german_date(contact.contact_on), str(contact.minutes), contact.setting.label]
            values += [topic.label for topic in contact.topics]
        for goal in caseload.goals(case_id):
            values += [german_date(d) for d in (goal.agreed_on, goal.review_due, goal.reviewed_on)]
            values += [goal.achievement.label if goal.achievement else ""]
        for referral in caseload.referrals(case_id):
            values += [german_date(referral.referred_on)]
            values += [referral.domain.label if referral.domain else ""]
        for consent in caseload.consents(case_id):
            values += [consent.kind.label, german_date(consent.signed_on)]
            values += [german_date(consent.withdrawn_on)]
        values += [german_date(d) for d in (row.opened_on, row.admitted_on, row.closed_on)]
        values += [row.closure_reason.label if row.closure_reason else ""]
    return [value for value in values if value]


def test_every_stored_value_of_the_person_and_none_of_another(
    caseload: Caseload, people: People, tmp_path: Path
) -> None:
    text = squeezed(
        pdf_text(
            render_access_report(caseload, people.second_case, lang="fa", printed_on=TODAY),
            tmp_path,
        )
    )
    person = caseload.person(caseload.case(people.second_case).person_id)
    expected = person_values(person)
    assert len(expected) == len(fields(PersonData))  # every personal field is filled
    for case_id in (people.first_case, people.second_case):
        expected += stored_values(caseload, case_id)
    # stored with the case but not part of CaseRow, and a few answers checked by name
    expected += [AccessRoute.IMMIGRATION_OFFICE.label, AccessRoute.DIRECT.label]
    expected += ["Umzug zur Schwester nach Bielefeld", "Enugu", "JC-4711-AZ", "Praxis Sonnenschein"]
    missing = [value for value in expected if squeezed(value) not in text]
    assert missing == []
    other = caseload.person(caseload.case(people.other_case).person_id)
    foreign = person_values(other) + stored_values(
        caseload, people.other_case, free_text_only=True
    )
    leaked = [value for value in foreign if squeezed(value) in text]
    assert leaked == []


def test_the_monthly_reports_by_month_under_the_pseudonym(
    caseload: Caseload, people: People, tmp_path: Path
) -> None:
    first, second = caseload.case(people.first_case), caseload.case(people.second_case)
    text = pdf_text(
        render_access_report(caseload, people.first_case, lang="de", printed_on=TODAY), tmp_path
    )
    flat = " ".join(text.split())
    for month, case in (("05/2025", first), ("03/2026", second), ("07/2026", second)):
        assert month in flat
        assert (
            f"Monatsbericht an die koordinierende Stelle, pseudonymisiert (Pseudonym "
            f"{case.pseudonym})" in flat
        )
    assert "01/2025" not in flat  # no case of the person was open then
    assert caseload.case(people.other_case).pseudonym not in flat


def test_the_retention_date_and_the_rights(
    caseload: Caseload, people: People, tmp_path: Path
) -> None:
    profile = caseload.profile()
    caseload.update_profile(
        type(profile)(
            **{
                **profile.__dict__,
                "organisation": "Caritasverband Musterstadt e.V.",
                "organisation_address": "Hauptstraße 12\n33330 Gütersloh",
                "data_protection_officer": "M. Beispiel, datenschutz@example.org",
                "retention_years": 5,
            }
        )
    )
    text = " ".join(
        pdf_text(
            render_access_report(caseload, people.second_case, lang="de", printed_on=TODAY),
            tmp_path,
        ).split()
    )
    # closed on 30.09.2025, kept five years: deleted from 01.10.2030
    assert "wird ab dem 01.10.2030 gelöscht" in text
    assert "solange die Fallbegleitung läuft" in text
    for words in (
        "Art. 15",
        "Art. 16",
        "Art. 17",
        "Art. 18",
        "Art. 20",
        "Art. 21",
        "Kavalleriestraße",
        "LDI NRW",
        "M. Beispiel, datenschutz@example.org",
        "Hauptstraße 12, 33330 Gütersloh",
        "Caritasverband Musterstadt e.V.",
    ):
        assert words in text


def test_headings_in_the_client_language(
    caseload: Caseload, people: People, tmp_path: Path
) -> None:
    for lang, heading in (("fr", "Données personnelles"), ("uk", "Персональні дані")):
        text = pdf_text(
            render_access_report(caseload, people.second_case, lang=lang, printed_on=TODAY),
            tmp_path,
        )
        assert "Persönliche Daten" in text and heading in text
    german = pdf_text(
        render_access_report(caseload, people.second_case, lang="de", printed_on=TODAY),
        tmp_path,
    )
    assert "Données personnelles" not in german


def test_listed_and_rendered_by_id(caseload: Caseload, people: People) -> None:
    listed = {d.id: d for d in documents(caseload.forms)}
    assert listed["access-report"].needs_case
    number = caseload.case(people.second_case).case_number
    pdf = render_document(caseload, "access-report", case_number=number, printed_on=TODAY)
    assert pdf.startswith(b"%PDF")


def test_the_command_writes_the_pdf(
    caseload: Caseload,
    people: People,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    number = caseload.case(people.second_case).case_number
    caseload.close()
    monkeypatch.setenv("KIMDESK_PASSWORD", PASSWORD)
    assert main(["print", "--list"]) == 0
    assert "access-report" in capsys.readouterr().out
    out = tmp_path / f"auskunft_art15_{number}.pdf"
    db = ["--db", str(db_path)]
    assert main(["print", "access-report", *db, "--case", number, "--out", str(out)]) == 0
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Okonkwo-Bergmann" in text and "Kowalczyk" not in text
    # without a case there is nobody to inform about
    assert main(["print", "access-report", *db, "--out", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()
