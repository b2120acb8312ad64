"""Unanswered contact attempts: stored with the contacts, never counted as a contact."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlcipher3

from kimdesk.caseload import Caseload
from kimdesk.contact_attempts import ATTEMPT_ADDED, attempt
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Contact
from kimdesk.domain.rules import CaseActivity, attempt_since_contact, closure_suggested
from kimdesk.domain.vocabulary import AttemptChannel, ConsentKind, LifeDomain, Setting
from kimdesk.errors import BadInput
from kimdesk.lifecycle.erasure import erase_person
from kimdesk.lifecycle.handover import export_case, import_handover
from kimdesk.printing.access_report import render_access_report
from kimdesk.report import build_month_report
from kimdesk.store.database import Database
from kimdesk.store.schema import MIGRATIONS, latest_version
from tests.conftest import PASSWORD, TODAY, make_person
from tests.unit.erasure_pages import found_values
from tests.unit.test_access_report import pdf_text, squeezed

ADMITTED = TODAY - timedelta(days=200)
LONG_AGO = TODAY - timedelta(days=120)  # more than three months before TODAY
LAST_WEEK = TODAY - timedelta(days=7)


def admitted_case(caseload: Caseload, surname: str = "Zwetschgenbaum") -> int:
    case = caseload.open_case(
        caseload.add_person(make_person(surname, "Quirinus")), opened_on=ADMITTED
    )
    caseload.move_to(case.id, Phase.INTAKE, on=ADMITTED)
    caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, ADMITTED, "de"))
    caseload.move_to(case.id, Phase.ASSESSMENT, on=ADMITTED)
    return case.id


def contact(case_id: int, on: date, minutes: int = 45) -> Contact:
    return Contact(case_id, on, minutes, Setting.IN_PERSON, frozenset({LifeDomain.HEALTH}))


def test_an_attempt_is_stored_with_its_channel_no_duration_and_its_own_audit_entry(
    caseload: Caseload,
) -> None:
    case_id = admitted_case(caseload)
    attempt_id = caseload.record_attempt(case_id, LAST_WEEK, AttemptChannel.LETTER, "Brief 1")
    (stored,) = caseload.contacts(case_id)
    assert stored.attempt is AttemptChannel.LETTER and stored.note == "Brief 1"
    assert (stored.contact_on, stored.minutes, stored.topics) == (LAST_WEEK, 0, frozenset())
    assert [i for i, _c in caseload.corrections.contacts(case_id)] == [attempt_id]
    assert [e.case_id for e in caseload.repo.audit_entries(ATTEMPT_ADDED)] == [case_id]
    assert caseload.repo.audit_entries("contact.added") == []


def test_an_attempt_with_a_duration_or_topics_is_refused_by_the_caseload_and_the_database(
    caseload: Caseload,
) -> None:
    case_id = admitted_case(caseload)
    with_minutes = Contact(case_id, LAST_WEEK, 20, Setting.PHONE, attempt=AttemptChannel.PHONE)
    with pytest.raises(BadInput, match="Kontaktversuch"):
        caseload.add_contact(with_minutes)
    with pytest.raises(sqlcipher3.IntegrityError):
        caseload.repo.insert_contact(with_minutes)
    with pytest.raises(BadInput):
        caseload.record_attempt(case_id, TODAY + timedelta(days=1), AttemptChannel.PHONE)
    assert caseload.contacts(case_id) == []


def test_the_three_month_rule_ignores_attempts(caseload: Caseload) -> None:
    tried = admitted_case(caseload, "Versucht")
    caseload.add_contact(contact(tried, LONG_AGO))
    caseload.record_attempt(tried, LAST_WEEK, AttemptChannel.PHONE)
    caseload.record_attempt(tried, LAST_WEEK - timedelta(days=14), AttemptChannel.VISIT)
    silent = admitted_case(caseload, "Still")
    caseload.add_contact(contact(silent, LONG_AGO))
    never = admitted_case(caseload, "Nie")  # no contact since the admission, one attempt
    caseload.record_attempt(never, LONG_AGO, AttemptChannel.MESSAGE)
    reached = admitted_case(caseload, "Erreicht")  # an old attempt, then a contact
    caseload.record_attempt(reached, LONG_AGO, AttemptChannel.PHONE)
    caseload.add_contact(contact(reached, LAST_WEEK))

    rows = {row.id: row for row in caseload.cases()}
    assert rows[tried].last_contact_on == LONG_AGO and rows[tried].last_attempt_on == LAST_WEEK
    assert [row.id for row in caseload.closure_suggestions()] == [tried, silent, never]
    overview = caseload.overview()
    assert {row.id for row in overview.closure_suggestions} == {tried, silent, never}
    assert overview.closure_attempts == {tried: LAST_WEEK, never: LONG_AGO}


def test_an_attempt_is_no_first_conversation_for_the_caseload_count(caseload: Caseload) -> None:
    case = caseload.open_case(caseload.add_person(make_person("Intake", "Ida")), opened_on=ADMITTED)
    caseload.move_to(case.id, Phase.INTAKE, on=ADMITTED)
    caseload.record_attempt(case.id, LAST_WEEK, AttemptChannel.PHONE)
    assert caseload.caseload_count() == 0
    caseload.add_contact(contact(case.id, TODAY))
    assert caseload.caseload_count() == 1


def test_attempt_since_contact_is_only_an_attempt_after_the_last_contact() -> None:
    def case(last: date | None, tried: date | None) -> CaseActivity:
        return CaseActivity(
            person_id=1,
            phase=Phase.MONITORING,
            opened_on=date(2026, 1, 1),
            admitted_on=date(2026, 1, 10),
            contact_count=1 if last else 0,
            last_contact_on=last,
            last_counselling_on=last,
            last_attempt_on=tried,
        )

    assert attempt_since_contact(case(date(2026, 6, 1), date(2026, 11, 1))) == date(2026, 11, 1)
    assert attempt_since_contact(case(date(2026, 6, 1), date(2026, 6, 1))) is None
    assert attempt_since_contact(case(date(2026, 6, 1), date(2026, 5, 1))) is None
    assert attempt_since_contact(case(None, date(2026, 2, 1))) == date(2026, 2, 1)
    assert attempt_since_contact(case(date(2026, 6, 1), None)) is None
    # the rule itself looks at contacts only
    assert closure_suggested(case(date(2026, 6, 1), date(2026, 11, 20)), date(2026, 11, 23))


def test_the_monthly_report_counts_no_attempt(caseload: Caseload) -> None:
    case_id = admitted_case(caseload)
    day = TODAY.replace(day=2)
    caseload.add_contact(contact(case_id, day, minutes=40))
    caseload.record_attempt(case_id, day + timedelta(days=1), AttemptChannel.PHONE)
    caseload.record_attempt(case_id, day + timedelta(days=2), AttemptChannel.LETTER)
    report = build_month_report(caseload, f"{TODAY:%Y-%m}", code="EB")
    assert report.contacts_total == 1 and report.contact_minutes == 40
    assert [c.on for c in report.contacts] == [day]
    assert report.contacts_by_setting[Setting.PHONE] == 0
    assert report.contacts_by_setting[Setting.ELECTRONIC] == 0
    (line,) = report.cases
    assert line.contacts == 1 and line.minutes == 40


def test_corrections_turn_an_attempt_into_a_contact_and_back(caseload: Caseload) -> None:
    case_id = admitted_case(caseload)
    attempt_id = caseload.record_attempt(case_id, LAST_WEEK, AttemptChannel.PHONE)
    caseload.corrections.update_contact(attempt_id, contact(case_id, LAST_WEEK, minutes=15))
    ((_id, stored),) = caseload.corrections.contacts(case_id)
    assert stored.attempt is None and stored.minutes == 15
    assert caseload.case(case_id).last_contact_on == LAST_WEEK
    again = attempt(case_id, LAST_WEEK, AttemptChannel.VISIT, "niemand da")
    caseload.corrections.update_contact(attempt_id, again)
    assert caseload.contacts(case_id) == [again]
    assert caseload.case(case_id).last_contact_on is None
    with pytest.raises(BadInput):
        caseload.corrections.update_contact(
            attempt_id, Contact(case_id, LAST_WEEK, 5, Setting.PHONE, attempt=AttemptChannel.PHONE)
        )
    caseload.corrections.remove_contact(attempt_id)
    assert caseload.contacts(case_id) == []


def test_a_schema_5_caseload_keeps_its_contacts_as_contacts(tmp_path: Path) -> None:
    path = tmp_path / "old.kimdesk"
    db = Database.create(path, PASSWORD, migrations=MIGRATIONS[:5])
    assert db.schema_version == 5
    db.execute(
        "INSERT INTO persons(surname, given_names, search_key, created_at) "
        "VALUES ('Alt', 'Anna', 'alt anna', '2026-01-01')"
    )
    db.execute(
        "INSERT INTO cases(person_id, case_number, pseudonym, phase, opened_on, admitted_on, "
        "created_at) VALUES (1, '2026-0001', 'K-ABCD-EFGH', 'assessment', '2026-01-01', "
        "'2026-01-02', '2026-01-01')"
    )
    db.execute(
        "INSERT INTO contacts(case_id, contact_on, minutes, setting, topics) "
        "VALUES (1, ?, 30, 'phone', 'health')",
        (LONG_AGO.isoformat(),),
    )
    db.close()
    caseload = Caseload.open(path, PASSWORD, today=lambda: TODAY)
    try:
        assert caseload.db.schema_version == latest_version()  # 6 and every later one
        (old,) = caseload.contacts(1)
        assert old.attempt is None and (old.minutes, old.setting) == (30, Setting.PHONE)
        assert caseload.case(1).last_contact_on == LONG_AGO
        caseload.record_attempt(1, LAST_WEEK, AttemptChannel.PHONE)
        assert caseload.case(1).last_contact_on == LONG_AGO
        assert caseload.overview().closure_attempts == {1: LAST_WEEK}
    finally:
        caseload.close()


def test_the_handover_carries_attempts(caseload: Caseload, tmp_path: Path) -> None:
    case_id = admitted_case(caseload)
    caseload.add_contact(contact(case_id, LONG_AGO))
    caseload.record_attempt(case_id, LAST_WEEK, AttemptChannel.VISIT, "Niemand öffnete Tür")
    out = tmp_path / "fall.kimhandover"
    exported = export_case(caseload, case_id, out)
    receiver = Caseload.create(
        tmp_path / "receiver.kimdesk",
        "anderes-geheimnis-77",
        caseload.profile(),
        today=lambda: TODAY,
    )
    try:
        imported = import_handover(receiver, out, exported.password)
        arrived = receiver.contacts(imported.case_id)
        assert [(c.contact_on, c.attempt, c.note) for c in arrived] == [
            (LONG_AGO, None, ""),
            (LAST_WEEK, AttemptChannel.VISIT, "Niemand öffnete Tür"),
        ]
        assert receiver.overview().closure_attempts == {imported.case_id: LAST_WEEK}
    finally:
        receiver.close()


def test_erasure_removes_attempts_from_every_page(caseload: Caseload, db_path: Path) -> None:
    case_id = admitted_case(caseload)
    note = "Kontaktversuchsnotiz Holunderweg"
    caseload.record_attempt(case_id, LAST_WEEK, AttemptChannel.LETTER, note)
    assert found_values(db_path, PASSWORD, [note]) == [note]
    erase_person(caseload, caseload.case(case_id).person_id)
    assert caseload.repo.table_counts()["contacts"] == 0
    assert found_values(db_path, PASSWORD, [note]) == []


def test_the_access_report_lists_attempts_as_attempts(caseload: Caseload, tmp_path: Path) -> None:
    case_id = admitted_case(caseload)
    caseload.add_contact(contact(case_id, LONG_AGO))
    caseload.record_attempt(case_id, LAST_WEEK, AttemptChannel.PHONE, "Mailbox besprochen")
    text = squeezed(
        pdf_text(render_access_report(caseload, case_id, lang="de", printed_on=TODAY), tmp_path)
    )
    assert squeezed("Kontaktversuch – angerufen, nicht erreicht") in text
    assert squeezed("Mailbox besprochen") in text
    assert squeezed(LAST_WEEK.strftime("%d.%m.%Y")) in text
