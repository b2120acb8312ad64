"""The encrypted store: keys, wrong passwords, rekey, migrations, damage, and no plaintext."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlcipher3

from kimdesk.caseload import Caseload
from kimdesk.domain.records import Consent, Contact, FormInstance, PersonData
from kimdesk.domain.vocabulary import ConsentKind, FormStatus, LifeDomain, Setting
from kimdesk.errors import BadInput, DamagedDatabase, WrongPassword
from kimdesk.store.database import Database
from kimdesk.store.schema import MIGRATIONS, Migration, latest_version
from tests.conftest import PASSWORD, PROFILE, TODAY

NAMES = ("Zbigniewska-Kowalczyk", "Müllerström", "Ștefănescu", "Шевченко", "الأحمد")


def folder_snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def fill_names(caseload: Caseload) -> None:
    for name in NAMES:
        person_id = caseload.add_person(
            PersonData(surname=name, given_names="Testperson", note=f"Notiz zu {name}")
        )
        case = caseload.open_case(person_id, opened_on=TODAY)
        caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, TODAY, "de"))
        caseload.add_contact(
            Contact(
                case.id,
                TODAY,
                30,
                Setting.PHONE,
                frozenset({LifeDomain.HEALTH}),
                note=f"Gespräch {name}",
            )
        )


def assert_no_names(data: bytes, where: str) -> None:
    for name in NAMES:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert name.encode(encoding) not in data, f"{name!r} readable in {where}"
    assert b"Testperson" not in data


def test_pragmas_are_set_for_a_safe_store(caseload: Caseload) -> None:
    db = caseload.db
    assert db.scalar("PRAGMA journal_mode") == "wal"
    assert db.scalar("PRAGMA foreign_keys") == 1
    assert db.scalar("PRAGMA secure_delete") == 1
    assert db.scalar("PRAGMA temp_store") == 2  # memory: no unencrypted temp files
    assert db.scalar("PRAGMA cipher_version").startswith("4.")


def test_names_never_reach_the_disk_in_the_clear(caseload: Caseload, db_path: Path) -> None:
    fill_names(caseload)
    # While open, the newest pages live in the WAL: it must be encrypted too.
    files = {p.name: p.read_bytes() for p in db_path.parent.iterdir()}
    assert set(files) == {db_path.name, db_path.name + "-wal", db_path.name + "-shm"}
    assert len(files[db_path.name + "-wal"]) > 0
    for name, data in files.items():
        assert_no_names(data, name)
    caseload.close()
    for path in db_path.parent.iterdir():
        assert_no_names(path.read_bytes(), path.name)


def test_wrong_password_writes_nothing(caseload: Caseload, db_path: Path) -> None:
    fill_names(caseload)
    caseload.close()
    before = folder_snapshot(db_path.parent)
    with pytest.raises(WrongPassword) as raised:
        Database.open(db_path, "falsches-passwort")
    assert str(raised.value) == "Das Passwort ist falsch."
    assert raised.value.exit_code == 3
    assert folder_snapshot(db_path.parent) == before


def test_reopening_with_the_right_password_keeps_everything(
    caseload: Caseload, db_path: Path
) -> None:
    fill_names(caseload)
    caseload.close()
    reopened = Caseload.open(db_path, PASSWORD)
    assert sorted(r.surname for r in reopened.cases()) == sorted(NAMES)
    assert reopened.profile() == PROFILE
    reopened.close()


def test_create_refuses_to_overwrite(caseload: Caseload, db_path: Path) -> None:
    with pytest.raises(BadInput):
        Database.create(db_path, PASSWORD)


def test_create_enforces_the_password_length_rule(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="mindestens 10 Zeichen"):
        Database.create(tmp_path / "x.kimdesk", "kurz")
    assert list(tmp_path.iterdir()) == []


def test_change_password_rekeys_the_file(caseload: Caseload, db_path: Path) -> None:
    fill_names(caseload)
    caseload.change_password("ein-ganz-neues-passwort")
    caseload.close()
    with pytest.raises(WrongPassword):
        Database.open(db_path, PASSWORD)
    reopened = Caseload.open(db_path, "ein-ganz-neues-passwort")
    assert len(reopened.cases()) == len(NAMES)
    assert reopened.audit_log()[-1].action == "password.changed"
    reopened.close()
    for path in db_path.parent.iterdir():
        assert_no_names(path.read_bytes(), path.name)


def test_change_password_keeps_the_length_rule(caseload: Caseload) -> None:
    with pytest.raises(BadInput):
        caseload.change_password("kurz")


def test_older_schema_is_migrated_after_an_encrypted_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.kimdesk"
    old = Caseload.create(path, PASSWORD, PROFILE, today=lambda: TODAY)
    fill_names(old)
    old.close()
    newer = MIGRATIONS + (
        Migration(
            MIGRATIONS[-1].version + 1,
            "test: a column for a later feature",
            "ALTER TABLE cases ADD COLUMN language TEXT NOT NULL DEFAULT '';",
        ),
    )

    db = Database.open(path, PASSWORD, migrations=newer)
    assert db.schema_version == newer[-1].version
    assert db.scalar("SELECT count(*) FROM cases WHERE language = ''") == len(NAMES)
    backup = db.backup_path
    db.close()

    assert backup is not None and backup.exists() and backup.parent == tmp_path
    assert_no_names(backup.read_bytes(), "backup")
    with pytest.raises(WrongPassword):
        Database.open(backup, "falsches-passwort")
    restored = Database.open(backup, PASSWORD, migrations=MIGRATIONS)
    assert restored.schema_version == MIGRATIONS[-1].version
    assert restored.scalar("SELECT count(*) FROM persons") == len(NAMES)
    restored.close()


def test_failed_migration_leaves_the_old_schema(tmp_path: Path) -> None:
    path = tmp_path / "old.kimdesk"
    Caseload.create(path, PASSWORD, PROFILE).close()
    broken = MIGRATIONS + (
        Migration(
            MIGRATIONS[-1].version + 1,
            "broken",
            "ALTER TABLE cases ADD COLUMN x TEXT; SELECT * FROM nope;",
        ),
    )
    with pytest.raises(DamagedDatabase):
        Database.open(path, PASSWORD, migrations=broken)
    db = Database.open(path, PASSWORD)
    assert db.schema_version == MIGRATIONS[-1].version
    columns = [r["name"] for r in db.query("PRAGMA table_info(cases)")]
    assert "x" not in columns
    db.close()


def test_file_from_a_newer_kimdesk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.kimdesk"
    newer = MIGRATIONS + (Migration(MIGRATIONS[-1].version + 1, "future", "SELECT 1;"),)
    Database.create(path, PASSWORD, migrations=newer).close()
    with pytest.raises(DamagedDatabase, match="neuere"):
        Database.open(path, PASSWORD)


@pytest.mark.parametrize("content", [b"", b"garbage" * 100, b"SQLite format 3\x00" + bytes(4080)])
def test_files_that_are_no_caseload_are_reported_as_damaged(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.kimdesk"
    path.write_bytes(content)
    with pytest.raises(DamagedDatabase) as raised:
        Database.open(path, PASSWORD)
    assert raised.value.exit_code == 4
    assert path.read_bytes() == content


def test_a_damaged_page_is_found_by_the_check(caseload: Caseload, db_path: Path) -> None:
    fill_names(caseload)
    caseload.close()
    data = bytearray(db_path.read_bytes())
    assert len(data) >= 3 * 4096
    data[2 * 4096 + 100] ^= 0xFF  # flip a byte in the third page
    db_path.write_bytes(bytes(data))
    db = Database.open(db_path, PASSWORD)
    report = db.integrity_report()
    db.close()
    assert not report.ok
    assert report.problems


def test_missing_file_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(BadInput):
        Database.open(tmp_path / "nope.kimdesk", PASSWORD)
    assert list(tmp_path.iterdir()) == []


def test_a_healthy_caseload_passes_the_check(caseload: Caseload) -> None:
    fill_names(caseload)
    report = caseload.db.integrity_report()
    assert report.ok, report.problems
    assert report.schema_version == MIGRATIONS[-1].version


def test_transaction_rolls_back_everything_on_error(caseload: Caseload) -> None:
    with pytest.raises(RuntimeError), caseload.db.transaction():
        caseload.repo.insert_person(PersonData(surname="A", given_names="B"))
        raise RuntimeError("boom")
    assert caseload.repo.table_counts()["persons"] == 0


def test_consent_rule_holds_in_the_database_itself(caseload: Caseload) -> None:
    """Even a path that bypasses the domain layer cannot store form data first."""
    person_id = caseload.add_person(PersonData(surname="A", given_names="B"))
    case = caseload.open_case(person_id)
    instance = FormInstance(case.id, "assessment_health", 1, FormStatus.DRAFT, TODAY, {}, None, "x")
    caseload.repo.store_definition("x", "assessment_health", 1, "{}")
    with pytest.raises(sqlcipher3.IntegrityError, match="consent required"):
        caseload.repo.insert_form_instance(instance, kind="assessment", domain="health")


def test_migration_2_makes_old_search_keys_find_dotless_i(tmp_path) -> None:
    """A caseload written under schema 1 stored "yılmaz"; after opening, "yilmaz" finds it."""
    from kimdesk.caseload import Caseload
    from kimdesk.domain.records import PersonData
    from kimdesk.store.schema import MIGRATIONS

    path = tmp_path / "old.kimdesk"
    db = Database.create(path, PASSWORD, migrations=MIGRATIONS[:1])
    db.execute(
        "INSERT INTO persons(surname, given_names, search_key, created_at) "
        "VALUES ('Yılmaz', 'Ayşe', 'yılmaz ayse', '2026-01-01')"
    )
    db.execute(
        "INSERT INTO cases(person_id, case_number, pseudonym, phase, opened_on, created_at) "
        "VALUES (1, '2026-0001', 'K-ABCD-EFGH', 'screening', '2026-01-01', '2026-01-01')"
    )
    db.close()
    caseload = Caseload.open(path, PASSWORD)
    try:
        assert caseload.db.schema_version == latest_version()
        assert caseload.db.backup_path is not None
        assert [row.surname for row in caseload.find_cases("yilmaz")] == ["Yılmaz"]
        caseload.add_person(PersonData("Kowalski", "Łukasz"))
        assert caseload.repo.person_exists("Kowalski", "Lukasz", None)
    finally:
        caseload.close()
