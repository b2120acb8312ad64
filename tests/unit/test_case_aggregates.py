"""Each case's last contact, counselling, attempt and next review kept in its row by triggers
(schema migration 14) stay what the contacts and goals say, whatever is written, on a real
encrypted caseload; a caseload of schema 13 gets them filled in when it is opened."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Contact
from kimdesk.domain.referral_status import ReferralStatus
from kimdesk.domain.vocabulary import AttemptChannel, ConsentKind, Setting
from kimdesk.store.database import Database
from kimdesk.store.schema import MIGRATIONS
from kimdesk.store.schema_aggregates import AGGREGATES, LATEST_STATUS, REFERRAL_AGGREGATES
from tests.conftest import PASSWORD, PROFILE, TODAY, make_person

CASES = 3
SETTING = next(iter(Setting)).value
CHANNEL = next(iter(AttemptChannel)).value


def stored_and_computed(db: Database) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    columns = ", ".join(AGGREGATES)
    computed = ", ".join(f"({sql.format(case='c.id')})" for sql in AGGREGATES.values())
    stored = [tuple(r) for r in db.query(f"SELECT id, {columns} FROM cases c ORDER BY id")]
    wanted = [tuple(r) for r in db.query(f"SELECT id, {computed} FROM cases c ORDER BY id")]
    return stored, wanted


def referral_figures(db: Database) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    columns = ", ".join(REFERRAL_AGGREGATES)
    computed = ", ".join(
        f"({LATEST_STATUS.format(column=source, referral='r.id')})"
        for source in REFERRAL_AGGREGATES.values()
    )
    stored = [tuple(x) for x in db.query(f"SELECT id, {columns} FROM referrals r ORDER BY id")]
    wanted = [tuple(x) for x in db.query(f"SELECT id, {computed} FROM referrals r ORDER BY id")]
    return stored, wanted


def day(offset: int) -> str:
    return (TODAY - timedelta(days=offset)).isoformat()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Caseload]:
    path = tmp_path_factory.mktemp("aggregates") / "caseload.kimdesk"
    caseload = Caseload.create(path, PASSWORD, PROFILE, today=lambda: TODAY)
    for n in range(CASES):
        caseload.open_case(caseload.add_person(make_person(surname=f"Nachname{n}")))
    yield caseload
    caseload.close()


KINDS = st.sampled_from(["contact", "short referral", "attempt"])
CASE = st.integers(0, CASES - 1)
DAY = st.integers(0, 30)  # few days: ties and equal dates happen often
PICK = st.integers(0, 50)
OPERATIONS = st.one_of(
    st.tuples(st.just("add contact"), CASE, DAY, KINDS),
    st.tuples(st.just("change contact"), PICK, CASE, DAY, KINDS),
    st.tuples(st.just("remove contact"), PICK),
    st.tuples(st.just("add goal"), CASE, st.none() | DAY, st.booleans()),
    st.tuples(st.just("change goal"), PICK, CASE, st.none() | DAY, st.booleans()),
    st.tuples(st.just("remove goal"), PICK),
)


def contact_values(kind: str) -> tuple[int, int, str | None]:
    """minutes, short_referral, attempt of a contact of this kind"""
    if kind == "attempt":
        return 0, 0, CHANNEL
    return 30, int(kind == "short referral"), None


def pick(db: Database, table: str, n: int) -> int | None:
    ids = [r[0] for r in db.query(f"SELECT id FROM {table} ORDER BY id")]
    return ids[n % len(ids)] if ids else None


def apply(db: Database, case_ids: list[int], op: tuple[Any, ...]) -> None:
    name = op[0]
    if name == "add contact":
        _, case, offset, kind = op
        minutes, short, attempt = contact_values(str(kind))
        db.execute(
            "INSERT INTO contacts(case_id, contact_on, minutes, setting, short_referral, attempt) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (case_ids[int(case)], day(int(offset)), minutes, SETTING, short, attempt),
        )
    elif name == "change contact" and (found := pick(db, "contacts", int(op[1]))):
        _, _, case, offset, kind = op
        minutes, short, attempt = contact_values(str(kind))
        db.execute(
            "UPDATE contacts SET case_id = ?, contact_on = ?, minutes = ?, short_referral = ?, "
            "attempt = ? WHERE id = ?",
            (case_ids[int(case)], day(int(offset)), minutes, short, attempt, found),
        )
    elif name == "remove contact" and (found := pick(db, "contacts", int(op[1]))):
        db.execute("DELETE FROM contacts WHERE id = ?", (found,))
    elif name == "add goal":
        _, case, due, reviewed = op
        db.execute(
            "INSERT INTO goals(case_id, position, title, agreed_on, review_due, reviewed_on) "
            "VALUES (?, 1, 'Ziel', ?, ?, ?)",
            (
                case_ids[int(case)],
                day(40),
                None if due is None else day(-int(due)),
                day(0) if reviewed else None,
            ),
        )
    elif name == "change goal" and (found := pick(db, "goals", int(op[1]))):
        _, _, case, due, reviewed = op
        db.execute(
            "UPDATE goals SET case_id = ?, review_due = ?, reviewed_on = ? WHERE id = ?",
            (
                case_ids[int(case)],
                None if due is None else day(-int(due)),
                day(0) if reviewed else None,
                found,
            ),
        )
    elif name == "remove goal" and (found := pick(db, "goals", int(op[1]))):
        db.execute("DELETE FROM goals WHERE id = ?", (found,))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(OPERATIONS, max_size=25))
def test_the_stored_figures_follow_every_write(store: Caseload, ops: list[tuple[Any, ...]]) -> None:
    db = store.db
    case_ids = [r[0] for r in db.query("SELECT id FROM cases ORDER BY id")]
    with db.transaction():
        db.execute("DELETE FROM contacts")
        db.execute("DELETE FROM goals")
    for op in ops:
        with db.transaction():
            apply(db, case_ids, op)
        stored, wanted = stored_and_computed(db)
        assert stored == wanted, op


STATUS = st.sampled_from([status.value for status in ReferralStatus])
REFERRAL_OPERATIONS = st.one_of(
    st.tuples(st.just("add referral"), CASE, DAY),
    st.tuples(st.just("change referral day"), PICK, DAY),
    st.tuples(st.just("remove referral"), PICK),
    st.tuples(st.just("add status"), PICK, STATUS, DAY),
    st.tuples(st.just("change status"), PICK, STATUS, DAY),
    st.tuples(st.just("move status"), PICK, PICK),
    st.tuples(st.just("remove status"), PICK),
)


def apply_to_referrals(db: Database, case_ids: list[int], op: tuple[Any, ...]) -> None:
    name, changes = op[0], "referral_status_changes"
    if name == "add referral":
        db.execute(
            "INSERT INTO referrals(case_id, referred_on) VALUES (?, ?)",
            (case_ids[op[1]], day(op[2])),
        )
    elif name == "change referral day" and (found := pick(db, "referrals", op[1])):
        db.execute("UPDATE referrals SET referred_on = ? WHERE id = ?", (day(op[2]), found))
    elif name == "remove referral" and (found := pick(db, "referrals", op[1])):
        db.execute("DELETE FROM referrals WHERE id = ?", (found,))
    elif name == "add status" and (found := pick(db, "referrals", op[1])):
        db.execute(
            f"INSERT INTO {changes}(referral_id, status, changed_on) VALUES (?, ?, ?)",
            (found, op[2], day(op[3])),
        )
    elif name == "change status" and (found := pick(db, changes, op[1])):
        db.execute(
            f"UPDATE {changes} SET status = ?, changed_on = ? WHERE id = ?",
            (op[2], day(op[3]), found),
        )
    elif (
        name == "move status"
        and (found := pick(db, changes, op[1]))
        and (target := pick(db, "referrals", op[2]))
    ):
        db.execute(f"UPDATE {changes} SET referral_id = ? WHERE id = ?", (target, found))
    elif name == "remove status" and (found := pick(db, changes, op[1])):
        db.execute(f"DELETE FROM {changes} WHERE id = ?", (found,))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(REFERRAL_OPERATIONS, max_size=25))
def test_each_referrals_latest_status_follows_every_write(
    store: Caseload, ops: list[tuple[Any, ...]]
) -> None:
    db = store.db
    case_ids = [r[0] for r in db.query("SELECT id FROM cases ORDER BY id")]
    with db.transaction():
        db.execute("DELETE FROM referrals")
    for op in ops:
        with db.transaction():
            apply_to_referrals(db, case_ids, op)
        stored, wanted = referral_figures(db)
        assert stored == wanted, op


def test_the_caseload_api_keeps_the_figures(caseload: Caseload) -> None:
    """Recorded, corrected and removed through the caseload, as the dialogs do."""
    case_id = caseload.open_case(caseload.add_person(make_person())).id
    caseload.move_to(case_id, Phase.INTAKE)
    caseload.record_consent(
        Consent(case_id, ConsentKind.DATA_PROCESSING, TODAY - timedelta(days=60), "tr")
    )
    caseload.add_contact(Contact(case_id, TODAY - timedelta(days=9), 30, Setting.IN_PERSON))
    caseload.add_contact(
        Contact(case_id, TODAY - timedelta(days=5), 10, Setting.IN_PERSON, short_referral=True)
    )
    caseload.record_attempt(case_id, TODAY - timedelta(days=2), next(iter(AttemptChannel)))
    row = caseload.case(case_id)
    assert row.last_contact_on == TODAY - timedelta(days=5)
    assert row.last_attempt_on == TODAY - timedelta(days=2)
    stored, wanted = stored_and_computed(caseload.db)
    assert stored == wanted and stored[-1][2] == (TODAY - timedelta(days=9)).isoformat()
    corrections = caseload.corrections
    (first_id, first), (short_id, _short) = corrections.contacts(case_id)[:2]
    corrections.update_contact(first_id, replace(first, contact_on=TODAY - timedelta(days=1)))
    corrections.remove_contact(short_id)
    assert caseload.case(case_id).last_contact_on == TODAY - timedelta(days=1)
    assert stored_and_computed(caseload.db)[0] == stored_and_computed(caseload.db)[1]


def test_a_caseload_of_schema_13_gets_the_figures_filled_in(tmp_path: Path) -> None:
    path = tmp_path / "old.kimdesk"
    db = Database.create(path, PASSWORD, migrations=MIGRATIONS[:13])
    try:
        for n in range(2):
            person = db.execute(
                "INSERT INTO persons(surname, given_names, search_key, created_at) "
                "VALUES ('A', 'B', 'a b', '2026-01-01')"
            )
            db.execute(
                "INSERT INTO cases(person_id, case_number, pseudonym, phase, opened_on, "
                "created_at) VALUES (?, ?, ?, 'intake', '2026-01-01', '2026-01-01')",
                (person, f"K-{n}", f"P-{n}"),
            )
        db.executemany(
            "INSERT INTO contacts(case_id, contact_on, minutes, setting, short_referral, attempt) "
            "VALUES (1, ?, ?, ?, ?, ?)",
            [
                ("2026-03-01", 30, SETTING, 0, None),
                ("2026-04-01", 10, SETTING, 1, None),
                ("2026-05-01", 0, SETTING, 0, CHANNEL),
            ],
        )
        db.execute(
            "INSERT INTO goals(case_id, position, title, agreed_on, review_due) "
            "VALUES (1, 1, 'Ziel', '2026-01-01', '2026-06-01')"
        )
    finally:
        db.close()
    caseload = Caseload.open(path, PASSWORD, today=lambda: TODAY)
    try:
        stored, wanted = stored_and_computed(caseload.db)
        assert stored == wanted
        assert stored[0][1:] == ("2026-04-01", "2026-03-01", "2026-05-01", "2026-06-01")
        assert stored[1][1:] == (None, None, None, None)
    finally:
        caseload.close()
