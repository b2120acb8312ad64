"""Erasing a person on a real encrypted caseload: gone from every decrypted page of the file
and its write-ahead log, the others intact, the audit log without personal data."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Contact, Goal, Referral, Service, search_key
from kimdesk.domain.vocabulary import ClosureReason, ConsentKind, LifeDomain, Setting
from kimdesk.errors import BadInput
from kimdesk.lifecycle.erasure import (
    PERSON_ERASED,
    REASON_RETENTION,
    add_years,
    due_for_erasure,
    erase_due,
    erase_person,
    erase_persons,
    person_of_case,
)
from kimdesk.store.database import Database
from tests.conftest import PASSWORD, TODAY, make_person
from tests.unit.erasure_pages import found_values


@dataclass(frozen=True)
class Client:
    person_id: int
    case_id: int
    case_number: str
    pseudonym: str
    values: list[str]


def add_client(caseload: Caseload, tag: str, *, closed_on: date | None = None) -> Client:
    """A person with a case holding every kind of record; ``tag`` makes the values unique."""
    values = {
        "surname": f"Zwetschgenbaum{tag}",
        "given_names": f"Quirinus{tag} Aurelio",
        "birth_name": f"Geborene{tag}",
        "phone": f"0151 9876{tag}",
        "email": f"quirinus{tag}@example.invalid",
        "street": f"Holunderweg {tag}7",
        "note": f"Personennotiz {tag} Familie",
    }
    birth = date(1971, 3, 10 + int(tag))
    person_id = caseload.add_person(make_person(**values, birth_date=birth))
    case = caseload.open_case(person_id, opened_on=date(2026, 9, 1))
    caseload.move_to(case.id, Phase.INTAKE, on=date(2026, 9, 1))
    restriction = f"Nicht an das Amt Beschränkung{tag}"
    caseload.record_consent(
        Consent(
            case.id,
            ConsentKind.DATA_PROCESSING,
            date(2026, 9, 1),
            "de",
            agencies=(f"Jobcenter Sachbearbeiterin{tag}",),
            restrictions=restriction,
        )
    )
    caseload.move_to(case.id, Phase.ASSESSMENT, on=date(2026, 9, 2))
    contact_note = f"Schulden beim Zahnarzt Kontakt{tag}"
    caseload.add_contact(
        Contact(case.id, date(2026, 9, 3), 30, Setting.IN_PERSON, note=contact_note)
    )
    gap = f"Kein Platz im Sprachkurs Lücke{tag}"
    measure = {"measure": "Kurs", "alternative_route": True, "gap_domain": "family"}
    caseload.save_form(
        case.id,
        "needs_plan",
        {"date": "2026-09-04", "measures": [measure | {"gap_description": gap}]},
        final=False,
    )
    goal = f"Wohnung in Ohligs Ziel{tag}"
    caseload.add_goal(Goal(case.id, 1, goal, date(2026, 9, 5), LifeDomain.HOUSING))
    service = caseload.add_service(Service("Beratung", "Schuldnerberatung"))
    referral = f"Verweis Schuldnerberatung Vermerk{tag}"
    caseload.add_referral(Referral(case.id, date(2026, 9, 6), service, note=referral))
    draft = f"Halb getippt Entwurf{tag}"
    caseload.dialog_drafts.save("contact", case.id, {"note": draft})
    if closed_on is not None:
        caseload.move_to(
            case.id, Phase.CLOSED, on=closed_on, closure_reason=ClosureReason.MOVED_AWAY
        )
    row = caseload.case(case.id)
    key = search_key(values["surname"], values["given_names"])  # the index keeps it too
    texts = [*values.values(), key, birth.isoformat(), restriction, contact_note, gap, goal]
    return Client(
        person_id, case.id, row.case_number, row.pseudonym, texts + [referral, draft]
    )


@pytest.fixture
def two_clients(caseload: Caseload) -> tuple[Client, Client]:
    return add_client(caseload, "1", closed_on=date(2026, 10, 1)), add_client(caseload, "2")


def test_erased_values_are_in_no_decrypted_page_of_file_or_wal(
    caseload: Caseload, db_path: Path, two_clients: tuple[Client, Client]
) -> None:
    gone, kept = two_clients
    # The check is meaningful: before the erasure it finds every value.
    assert found_values(db_path, PASSWORD, gone.values) == gone.values

    record = erase_person(caseload, gone.person_id)

    assert record.pseudonyms == (gone.pseudonym,)
    assert record.case_count == 1 and record.erased_on == TODAY and record.file_cleaned
    assert found_values(db_path, PASSWORD, gone.values) == []
    assert found_values(db_path, PASSWORD, kept.values) == kept.values
    assert Path(f"{db_path}-wal").stat().st_size == 0  # truncated, not only checkpointed


def test_nothing_refers_to_the_person_and_the_others_stay(
    caseload: Caseload, db_path: Path, two_clients: tuple[Client, Client]
) -> None:
    gone, kept = two_clients
    before = caseload.repo.table_counts()

    erase_person(caseload, gone.person_id)

    after = caseload.repo.table_counts()
    assert after["persons"] == before["persons"] - 1
    for table in ("cases", "contacts", "consents", "form_instances", "goals", "referrals"):
        assert after[table] == before[table] - 1, table
    assert after["services"] == before["services"]  # the directory is not the person's
    for table in ("dialog_drafts", "phase_changes"):
        sql = f"SELECT count(*) FROM {table} WHERE case_id = ?"
        assert caseload.db.scalar(sql, (gone.case_id,)) == 0, table
    assert [row.id for row in caseload.cases()] == [kept.case_id]
    assert caseload.contacts(kept.case_id)[0].note.endswith("Kontakt2")
    assert caseload.dialog_drafts.newest() is not None
    assert caseload.db.integrity_report().ok

    caseload.close()  # and it opens again with the same password
    reopened = Caseload.open(db_path, PASSWORD, today=lambda: TODAY)
    try:
        assert reopened.person(kept.person_id).surname == "Zwetschgenbaum2"
    finally:
        reopened.close()


def test_the_audit_log_proves_the_erasure_without_personal_data(
    caseload: Caseload, two_clients: tuple[Client, Client]
) -> None:
    gone, _kept = two_clients
    erase_person(caseload, gone.person_id)

    entries = caseload.audit_log()
    erased = [entry for entry in entries if entry.action == PERSON_ERASED]
    assert len(erased) == 1
    assert erased[0].case_id is None
    assert erased[0].detail == f"pseudonyms={gone.pseudonym} on={TODAY.isoformat()} reason=request"
    # Older entries never held personal data; the case references are cut.
    everything = " ".join(f"{e.at} {e.action} {e.detail}" for e in entries)
    for value in gone.values + [gone.case_number]:
        assert value not in everything
    assert all(entry.case_id != gone.case_id for entry in entries)


def test_a_person_with_several_cases_goes_with_all_of_them(
    caseload: Caseload, db_path: Path
) -> None:
    client = add_client(caseload, "3", closed_on=date(2026, 10, 1))
    second = caseload.open_case(client.person_id, opened_on=date(2026, 11, 1))

    record = erase_person(caseload, client.person_id)

    assert record.case_count == 2
    assert set(record.pseudonyms) == {client.pseudonym, second.pseudonym}
    assert caseload.cases() == []
    assert found_values(db_path, PASSWORD, client.values) == []


def test_a_table_added_later_that_refers_to_cases_is_emptied_too(
    caseload: Caseload, db_path: Path, two_clients: tuple[Client, Client]
) -> None:
    # As a later migration might add it: a plain reference, no ON DELETE action.
    gone, kept = two_clients
    caseload.db.execute(
        "CREATE TABLE later_notes (id INTEGER PRIMARY KEY, "
        "case_id INTEGER NOT NULL REFERENCES cases(id), text TEXT NOT NULL)"
    )
    for client in two_clients:
        caseload.db.execute(
            "INSERT INTO later_notes(case_id, text) VALUES (?, ?)",
            (client.case_id, f"Spätere Notiz {client.pseudonym}"),
        )

    erase_person(caseload, gone.person_id)

    rows = caseload.db.query("SELECT case_id FROM later_notes")
    assert [row["case_id"] for row in rows] == [kept.case_id]
    assert found_values(db_path, PASSWORD, [f"Spätere Notiz {gone.pseudonym}"]) == []


def test_erasing_an_unknown_person_is_refused_and_changes_nothing(
    caseload: Caseload, two_clients: tuple[Client, Client]
) -> None:
    with pytest.raises(BadInput, match="keine solche Person"):
        erase_person(caseload, 999)
    assert len(caseload.cases()) == 2
    assert not [e for e in caseload.audit_log() if e.action == PERSON_ERASED]


def test_add_years_keeps_the_day_and_handles_29_february() -> None:
    assert add_years(date(2023, 11, 22), 3) == date(2026, 11, 22)
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)


def _closed_case(
    caseload: Caseload,
    surname: str,
    opened: date,
    closed: date,
    *,
    person_id: int | None = None,
    phase: Phase = Phase.CLOSED,
) -> int:
    if person_id is None:
        person_id = caseload.add_person(make_person(surname, "Test"))
    case = caseload.open_case(person_id, opened_on=opened)
    if phase is Phase.NOT_ADMITTED:
        caseload.move_to(case.id, Phase.NOT_ADMITTED, on=closed)
    else:
        caseload.move_to(case.id, Phase.INTAKE, on=opened)
        caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, opened, "de"))
        caseload.move_to(case.id, Phase.ASSESSMENT, on=opened)
        reason, note = ClosureReason.OTHER, "Umzug"
        caseload.move_to(case.id, Phase.CLOSED, on=closed, closure_reason=reason, closure_note=note)
    return person_id


def test_exactly_the_persons_past_the_retention_period_are_due(caseload: Caseload) -> None:
    # Retention: 3 years (the default); today is 2026-11-23.
    old = _closed_case(caseload, "Alt", date(2019, 1, 1), date(2020, 5, 10))
    one_day_past = _closed_case(caseload, "Knapp", date(2023, 1, 1), date(2023, 11, 22))
    _closed_case(caseload, "Genau", date(2023, 1, 1), date(2023, 11, 23))  # exactly 3 years
    reopened = _closed_case(caseload, "Wieder", date(2018, 1, 1), date(2019, 1, 1))
    caseload.open_case(reopened, opened_on=date(2026, 1, 1))  # an open case: not due
    recent = _closed_case(caseload, "Zweimal", date(2018, 1, 1), date(2019, 1, 1))
    _closed_case(caseload, "", date(2025, 1, 1), date(2025, 6, 1), person_id=recent)
    not_admitted = _closed_case(
        caseload, "Abgelehnt", date(2021, 1, 1), date(2021, 2, 1), phase=Phase.NOT_ADMITTED
    )

    due = due_for_erasure(caseload, TODAY)

    assert [d.person_id for d in due] == [old, not_admitted, one_day_past]
    assert due[0].closed_on == date(2020, 5, 10) and due[0].due_on == date(2023, 5, 11)
    assert due[2].due_on == TODAY
    assert "Alt" not in repr(due)
    assert [d.person_id for d in due_for_erasure(caseload, date(2026, 11, 22))] == [
        old,
        not_admitted,
    ]
    records = erase_due(caseload, TODAY)
    assert [r.reason for r in records] == [REASON_RETENTION] * 3
    assert due_for_erasure(caseload, TODAY) == []
    assert len(caseload.cases()) == 5  # Genau, Wieder (2), Zweimal (2)


def test_the_retention_period_is_the_profiles(caseload: Caseload) -> None:
    person = _closed_case(caseload, "Alt", date(2019, 1, 1), date(2021, 5, 10))
    assert [d.person_id for d in due_for_erasure(caseload, TODAY)] == [person]
    caseload.update_profile(replace(caseload.profile(), retention_years=10))
    assert due_for_erasure(caseload, TODAY) == []


def test_the_person_of_a_case_number(caseload: Caseload) -> None:
    client = add_client(caseload, "4")
    assert person_of_case(caseload, client.case_number) == client.person_id
    with pytest.raises(BadInput):
        person_of_case(caseload, "1999-0001")


def test_several_persons_are_erased_all_or_none(
    caseload: Caseload, two_clients: tuple[Client, Client]
) -> None:
    first, second = two_clients
    with pytest.raises(BadInput):
        erase_persons(caseload, [first.person_id, 999])
    assert len(caseload.cases()) == 2  # the first was not erased either

    records = erase_persons(caseload, [first.person_id, second.person_id])
    assert [r.pseudonyms for r in records] == [(first.pseudonym,), (second.pseudonym,)]
    assert caseload.cases() == []
    assert [e.action for e in caseload.audit_log()].count(PERSON_ERASED) == 2


def test_with_another_reader_the_rows_go_and_the_pages_follow_at_the_last_close(
    caseload: Caseload, db_path: Path, two_clients: tuple[Client, Client]
) -> None:
    gone, _kept = two_clients
    reader = Database.open(db_path, PASSWORD)
    reader.execute("BEGIN")
    reader.query("SELECT count(*) FROM persons")  # holds a snapshot: no full checkpoint

    record = erase_person(caseload, gone.person_id)

    assert not record.file_cleaned
    assert caseload.cases()[0].person_id != gone.person_id
    reader.execute("ROLLBACK")
    reader.close()
    caseload.close()
    assert not Path(f"{db_path}-wal").exists()
    assert found_values(db_path, PASSWORD, gone.values) == []
