"""The audit log's hash chain on real encrypted caseloads: a direct SQL edit of the log
(changed, removed, forged entries, a cut-off end) is reported by `kimdesk check` with exit 4
and the first broken entry; the migration from schema 3 chains the entries written before."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.errors import BadInput
from kimdesk.store.audit_chain import (
    ALTERED,
    GAP,
    GENESIS_HASH,
    TRUNCATED,
    ChainEntry,
    canonical_content,
    entry_hash,
    verify_chain,
)
from kimdesk.store.database import Database
from kimdesk.store.schema import MIGRATIONS, Migration, latest_version
from tests.conftest import PASSWORD, PROFILE, TODAY, make_person
from tests.unit.test_cli import kimdesk

SECRET_DETAIL = "Kovačević"  # what a forger writes must not be echoed by the check


@pytest.fixture
def logged(db_path: Path) -> Path:
    """A caseload with a few entries over three days (ids 1..5)."""
    days = iter([TODAY, TODAY, date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 25)])
    current = {"day": next(days)}
    caseload = Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: current["day"])
    for _ in range(4):
        current["day"] = next(days)
        caseload.update_profile(PROFILE)
    caseload.close()
    return db_path


def tamper(path: Path, *statements: str) -> None:
    """Edit the log behind kimdesk's back, as a database tool with the password could."""
    db = Database.open(path, PASSWORD)
    try:
        for sql in statements:
            db.execute(sql)
        db.checkpoint()
    finally:
        db.close()


def check(path: Path):  # type: ignore[no-untyped-def]
    return kimdesk("check", "--db", str(path))


def test_an_untouched_caseload_passes_the_check(logged: Path) -> None:
    result = check(logged)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Protokoll: 5 Einträge, Kette unversehrt" in result.stdout


def test_a_changed_detail_is_reported_with_the_entry(logged: Path) -> None:
    tamper(logged, f"UPDATE audit_log SET detail = '{SECRET_DETAIL}' WHERE id = 3")
    result = check(logged)
    assert result.returncode == 4
    assert "Protokoll beschädigt bei Eintrag 3 vom 24.11.2026" in result.stdout
    assert SECRET_DETAIL not in result.stdout + result.stderr


def test_a_deleted_middle_entry_is_reported_at_the_next_one(logged: Path) -> None:
    tamper(logged, "DELETE FROM audit_log WHERE id = 3")
    result = check(logged)
    assert result.returncode == 4
    assert "Protokoll beschädigt vor Eintrag 4 vom 25.11.2026" in result.stdout
    db = Database.open(logged, PASSWORD)
    try:
        broken = verify_chain(db).broken
    finally:
        db.close()
    assert broken is not None and broken.kind == GAP


def test_a_forged_creation_in_1999_is_reported(logged: Path) -> None:
    tamper(
        logged,
        "INSERT INTO audit_log(id, at, action, case_id, detail) "
        "VALUES (0, '1999-01-01T09:00:00', 'caseload.created', NULL, '')",
    )
    result = check(logged)
    assert result.returncode == 4
    assert "Protokoll beschädigt bei Eintrag 0 vom 01.01.1999" in result.stdout


def test_a_forged_entry_at_the_end_is_reported(logged: Path) -> None:
    tamper(
        logged,
        "INSERT INTO audit_log(at, action, case_id, detail) "
        "VALUES ('1999-01-01T09:00:00', 'caseload.created', NULL, '')",
    )
    result = check(logged)
    assert result.returncode == 4
    assert "Eintrag 6 vom 01.01.1999" in result.stdout


def test_a_cut_off_end_is_reported(logged: Path) -> None:
    tamper(logged, "DELETE FROM audit_log WHERE id = 5")
    result = check(logged)
    assert result.returncode == 4
    assert "Protokoll beschädigt nach Eintrag 4 vom 25.11.2026" in result.stdout


def test_a_forged_entry_with_a_made_up_hash_breaks_the_chain(caseload: Caseload) -> None:
    last = caseload.db.query_one("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
    caseload.db.execute(
        "INSERT INTO audit_log(at, action, detail, case_ref, prev_hash, hash) "
        "VALUES ('1999-01-01T09:00:00', 'caseload.created', '', NULL, ?, ?)",
        (last["hash"], "f" * 64),
    )
    broken = verify_chain(caseload.db).broken
    assert broken is not None and broken.kind == ALTERED and broken.sequence == last["id"] + 1


def test_entries_go_on_chaining_after_a_break_without_hiding_it(logged: Path) -> None:
    tamper(logged, "DELETE FROM audit_log WHERE id = 5")
    caseload = Caseload.open(logged, PASSWORD, today=lambda: TODAY)
    try:
        caseload.update_profile(PROFILE)  # chains to entry 4; the head counts on from 5
        report = verify_chain(caseload.db)
    finally:
        caseload.close()
    assert report.broken is not None and report.broken.kind == TRUNCATED


def test_another_case_on_an_entry_is_detected_but_an_erased_case_is_not(
    caseload: Caseload,
) -> None:
    first = caseload.open_case(caseload.add_person(make_person("Haddad", "Amal")))
    second = caseload.open_case(caseload.add_person(make_person("Nowak", "Jan")))
    third = caseload.open_case(caseload.add_person(make_person("Berisha", "Arta")))
    caseload.move_to(first.id, Phase.INTAKE)
    # Erasing a person sets the log's case references to NULL (a foreign key action).
    caseload.db.execute("DELETE FROM cases WHERE id = ?", (first.id,))
    assert verify_chain(caseload.db).ok
    caseload.db.execute(
        "UPDATE audit_log SET case_id = ? WHERE action = 'case.opened' AND case_id = ?",
        (third.id, second.id),
    )
    broken = verify_chain(caseload.db).broken
    assert broken is not None and broken.kind == ALTERED


def test_an_entry_written_outside_a_transaction_is_chained(caseload: Caseload) -> None:
    caseload.repo.append_audit("profile.updated")
    caseload.repo.append_audit("profile.updated")
    report = verify_chain(caseload.db)
    assert report.ok and report.entries == 3


def test_the_hash_covers_a_stable_serialisation() -> None:
    entry = ChainEntry(7, "2026-11-23T10:00:00", "case.opened", 3, "ä")
    assert canonical_content(entry) == '[7,"2026-11-23T10:00:00","case.opened",3,"ä"]'.encode()
    assert entry_hash(GENESIS_HASH, entry) == entry_hash(GENESIS_HASH, entry)
    assert entry_hash(GENESIS_HASH, entry) != entry_hash("1" * 64, entry)
    assert len(entry_hash(GENESIS_HASH, entry)) == 64


# -- migration 4 ------------------------------------------------------------------------------


def test_a_schema_3_caseload_is_chained_on_opening_and_passes_the_check(db_path: Path) -> None:
    db = Database.create(db_path, PASSWORD, migrations=MIGRATIONS[:3])
    for day, action in (("2026-01-05", "caseload.created"), ("2026-02-01", "profile.updated")):
        db.execute(
            "INSERT INTO audit_log(at, action, case_id, detail) VALUES (?, ?, NULL, '')",
            (f"{day}T09:00:00", action),
        )
    db.close()
    caseload = Caseload.open(db_path, PASSWORD, today=lambda: TODAY)
    try:
        assert caseload.db.schema_version == latest_version()
        assert caseload.started_on() == date(2026, 1, 5)
        report = verify_chain(caseload.db)
        assert report.ok and report.entries == 2
        caseload.update_profile(PROFILE)
    finally:
        caseload.close()
    result = check(db_path)
    assert result.returncode == 0, result.stdout
    assert "Protokoll: 3 Einträge, Kette unversehrt" in result.stdout
    tamper(db_path, "UPDATE audit_log SET at = '1999-01-05T09:00:00' WHERE id = 1")
    assert check(db_path).returncode == 4


def test_a_failing_migration_step_leaves_the_schema_as_it_was(db_path: Path) -> None:
    Database.create(db_path, PASSWORD, migrations=MIGRATIONS[:3]).close()

    def fail(conn: object) -> None:
        raise BadInput("step failed")

    broken = (*MIGRATIONS[:3], Migration(4, "test", "CREATE TABLE half (x);", after=fail))
    with pytest.raises(BadInput):
        Database.open(db_path, PASSWORD, migrations=broken)
    db = Database.open(db_path, PASSWORD, migrations=MIGRATIONS[:3])
    try:
        assert db.schema_version == 3
        assert db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'half'") == 0
    finally:
        db.close()


def test_erasing_a_person_keeps_the_chain_intact(caseload: Caseload) -> None:
    from kimdesk.lifecycle.erasure import erase_person

    person = caseload.add_person(make_person("Haddad", "Amal"))
    case = caseload.open_case(person)
    caseload.move_to(case.id, Phase.INTAKE)
    erase_person(caseload, person)
    report = verify_chain(caseload.db)
    assert report.ok, report.message()
    assert caseload.db.scalar("SELECT count(*) FROM audit_log WHERE case_ref = ?", (case.id,)) == 2
