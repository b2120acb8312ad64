"""Backup and restore on real encrypted caseloads: through the command line and the core."""

from __future__ import annotations

import hashlib
import os
import socket
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlcipher3

from kimdesk.caseload import Caseload
from kimdesk.cli import main
from kimdesk.demo import fill_demo
from kimdesk.errors import BadInput, DamagedDatabase
from kimdesk.lifecycle.backup import (
    BACKUP_CREATED,
    BACKUP_RESTORED,
    automatic_backup,
    automatic_backup_name,
    automatic_backups,
    backup_due,
    backup_folder,
    backups_to_keep,
    is_cloud_synced,
    make_backup,
    restore_backup,
    rotate,
    set_backups_to_keep,
    verify_backup,
)
from kimdesk.store.schema import latest_version
from tests.conftest import PASSWORD, PROFILE, TODAY

NOW = datetime(2026, 12, 5, 9, 30)
COUNTED = ("persons", "cases", "contacts", "form_instances", "consents", "goals", "referrals")


@pytest.fixture
def filled(db_path: Path) -> Path:
    """A closed caseload with a few demo cases (persons, cases, contacts, forms ...)."""
    caseload = Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: TODAY)
    fill_demo(caseload, cases=4, seed=3, today=TODAY)
    caseload.close()
    return db_path


@pytest.fixture
def cli_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIMDESK_PASSWORD", PASSWORD)


def counts(path: Path, password: str = PASSWORD) -> dict[str, int]:
    caseload = Caseload.open(path, password)
    try:
        assert caseload.db.integrity_report().ok
        table = caseload.repo.table_counts()
    finally:
        caseload.close()
    return {name: table[name] for name in COUNTED}


def healthy(path: Path) -> bool:
    try:
        caseload = Caseload.open(path, PASSWORD)
    except DamagedDatabase:
        return False
    try:
        return caseload.db.integrity_report().ok
    finally:
        caseload.close()


def damage(path: Path) -> None:
    """Overwrite a page in the middle of the file with garbage."""
    data = bytearray(path.read_bytes())
    middle = (len(data) // 2) // 4096 * 4096
    data[middle : middle + 4096] = os.urandom(4096)
    path.write_bytes(bytes(data))


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


# -- the whole round trip ------------------------------------------------------------------


@pytest.mark.usefixtures("cli_password")
def test_backup_damage_restore_gives_the_same_counts(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(filled)
    assert before["persons"] and before["cases"] and before["contacts"]
    stick = tmp_path / "usb"
    stick.mkdir()
    backup = stick / "sicherung.kimdesk-backup"
    assert main(["backup", "--db", str(filled), "--out", str(backup)]) == 0
    assert backup.exists() and not [p for p in stick.iterdir() if p != backup]

    damage(filled)
    damaged_bytes = filled.read_bytes()
    assert not healthy(filled)

    capsys.readouterr()
    assert main(["restore", "--db", str(filled), str(backup), "--yes"]) == 0
    out = capsys.readouterr().out
    assert f"Personen: {before['persons']}, Fälle: {before['cases']}" in out
    assert counts(filled) == before
    kept = [p for p in tmp_path.iterdir() if ".before-restore-" in p.name]
    assert [p.read_bytes() for p in kept if not p.name.endswith(("-wal", "-shm"))] == [
        damaged_bytes
    ]


def test_the_backup_is_a_full_encrypted_caseload(filled: Path, tmp_path: Path) -> None:
    caseload = Caseload.open(filled, PASSWORD, today=lambda: TODAY)
    backup = make_backup(caseload, tmp_path / "b.kimdesk-backup")
    caseload.close()
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    summary = verify_backup(backup, PASSWORD)
    assert summary.schema_version == latest_version()
    assert summary.integrity_ok
    assert summary.last_change is not None and summary.last_change.startswith("2026-11-23")
    assert (summary.persons, summary.cases) == (4, 4)
    if os.name == "posix":
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_backup_sees_what_is_not_yet_folded_into_the_file(
    caseload: Caseload, tmp_path: Path
) -> None:
    """The caseload is open (its newest pages in the WAL): the backup still holds them."""
    fill_demo(caseload, cases=2, seed=1, today=TODAY)
    backup = make_backup(caseload, tmp_path / "b.kimdesk-backup")
    assert verify_backup(backup, PASSWORD).cases == 2


# -- refusals leave everything as it was -----------------------------------------------------


@pytest.mark.usefixtures("cli_password")
def test_backup_refuses_to_overwrite(filled: Path, tmp_path: Path) -> None:
    existing = tmp_path / "old.kimdesk-backup"
    existing.write_bytes(b"keep me")
    assert main(["backup", "--db", str(filled), "--out", str(existing)]) == 2
    assert existing.read_bytes() == b"keep me"
    caseload = Caseload.open(filled, PASSWORD)
    with pytest.raises(BadInput):
        make_backup(caseload, existing)
    caseload.close()
    assert existing.read_bytes() == b"keep me"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


@pytest.mark.usefixtures("cli_password")
def test_restore_refuses_a_damaged_backup_and_leaves_the_caseload(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "b.kimdesk-backup"
    assert main(["backup", "--db", str(filled), "--out", str(backup)]) == 0
    damage(backup)
    before = digest(tmp_path)
    capsys.readouterr()
    assert main(["restore", "--db", str(filled), str(backup), "--yes"]) == 4
    assert "beschädigt" in capsys.readouterr().err
    assert digest(tmp_path) == before


def test_restore_refuses_a_wrong_password_and_leaves_the_caseload(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIMDESK_PASSWORD", PASSWORD)
    backup = tmp_path / "b.kimdesk-backup"
    assert main(["backup", "--db", str(filled), "--out", str(backup)]) == 0
    before = digest(tmp_path)
    monkeypatch.setenv("KIMDESK_PASSWORD", "ein-ganz-anderes-passwort")
    assert main(["restore", "--db", str(filled), str(backup), "--yes"]) == 3
    assert digest(tmp_path) == before


@pytest.mark.usefixtures("cli_password")
def test_restore_refuses_foreign_files(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "plain.db"
    conn = sqlcipher3.connect(str(plain))
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    other = tmp_path / "other.db"  # encrypted with the same password, but not ours
    conn = sqlcipher3.connect(str(other))
    conn.set_key(PASSWORD)
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    conn.close()
    before = digest(tmp_path)
    assert main(["restore", "--db", str(filled), str(plain), "--yes"]) == 4
    assert "unverschlüsselte" in capsys.readouterr().err
    assert main(["restore", "--db", str(filled), str(other), "--yes"]) == 2
    assert "keine kimdesk-Sicherung" in capsys.readouterr().err
    assert main(["restore", "--db", str(filled), str(tmp_path / "none"), "--yes"]) == 2
    assert digest(tmp_path) == before


@pytest.mark.usefixtures("cli_password")
def test_restore_asks_and_refuses_without_a_terminal(
    filled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "b.kimdesk-backup"
    assert main(["backup", "--db", str(filled), "--out", str(backup)]) == 0
    before = digest(tmp_path)
    assert main(["restore", "--db", str(filled), str(backup)]) == 2  # stdin is no terminal
    assert "--yes" in capsys.readouterr().err
    assert digest(tmp_path) == before


# -- restoring -------------------------------------------------------------------------------


def test_restore_works_when_the_caseload_is_missing(filled: Path, tmp_path: Path) -> None:
    before = counts(filled)
    caseload = Caseload.open(filled, PASSWORD)
    backup = make_backup(caseload, tmp_path / "b.kimdesk-backup")
    caseload.close()
    for path in tmp_path.iterdir():
        if path.name.startswith(filled.name):
            path.unlink()
    result = restore_backup(filled, backup, PASSWORD, now=NOW)
    assert result.kept_aside is None
    assert counts(filled) == before


def test_the_current_file_is_kept_aside_and_never_overwritten(
    filled: Path, tmp_path: Path
) -> None:
    caseload = Caseload.open(filled, PASSWORD)
    backup = make_backup(caseload, tmp_path / "b.kimdesk-backup")
    caseload.close()
    original = filled.read_bytes()
    first = restore_backup(filled, backup, PASSWORD, now=NOW)
    restored = filled.read_bytes()
    second = restore_backup(filled, backup, PASSWORD, now=NOW)  # the same minute
    assert first.kept_aside is not None and second.kept_aside is not None
    assert first.kept_aside != second.kept_aside
    assert first.kept_aside.read_bytes() == original
    assert second.kept_aside.read_bytes() == restored
    assert first.kept_aside.name == "caseload.kimdesk.before-restore-2026-12-05T093000"


def test_backup_and_restore_are_in_the_audit_log(filled: Path, tmp_path: Path) -> None:
    caseload = Caseload.open(filled, PASSWORD, today=lambda: TODAY)
    backup = make_backup(caseload, tmp_path / "Ana-Kovacevic.kimdesk-backup")
    created = caseload.repo.audit_entries(BACKUP_CREATED)
    caseload.close()
    assert len(created) == 1 and "Kovacevic" not in created[0].detail
    restore_backup(filled, backup, PASSWORD, now=NOW)
    caseload = Caseload.open(filled, PASSWORD)
    restored = caseload.repo.audit_entries(BACKUP_RESTORED)
    caseload.close()
    assert len(restored) == 1
    assert "Kovacevic" not in restored[0].detail and "kimdesk" not in restored[0].detail


# -- automatic backups ---------------------------------------------------------------------


def test_automatic_backups_keep_the_newest_of_the_last_n_days(caseload: Caseload) -> None:
    set_backups_to_keep(caseload, 3)
    assert backups_to_keep(caseload) == 3
    moments = [NOW + timedelta(days=day) for day in range(5)]
    moments.append(moments[-1] + timedelta(hours=2))  # closed twice on the last day
    for moment in moments:
        automatic_backup(caseload, now=moment, environ={})
    folder = backup_folder(caseload.db.path)
    assert folder == caseload.db.path.parent / "backups"
    names = [path.name for _stamp, path in automatic_backups(folder)]
    assert names == [automatic_backup_name(m) for m in (moments[2], moments[3], moments[5])]
    assert names[0] == "caseload-2026-12-07T093000.kimdesk-backup"
    assert verify_backup(folder / names[-1], PASSWORD).persons == 0


def test_rotation_leaves_other_files_alone(tmp_path: Path) -> None:
    (tmp_path / "mine.kimdesk-backup").write_bytes(b"x")
    for day in range(3):
        (tmp_path / automatic_backup_name(NOW + timedelta(days=day))).write_bytes(b"x")
    removed = rotate(tmp_path, 1)
    assert len(removed) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "caseload-2026-12-07T093000.kimdesk-backup",
        "mine.kimdesk-backup",
    ]


def test_the_default_number_to_keep_is_seven_and_bounded(caseload: Caseload) -> None:
    assert backups_to_keep(caseload) == 7
    with pytest.raises(BadInput):
        set_backups_to_keep(caseload, 0)
    assert backups_to_keep(caseload) == 7


def test_backup_due_at_most_once_a_day() -> None:
    assert backup_due(None, NOW)
    assert not backup_due(NOW, NOW + timedelta(hours=23))
    assert backup_due(NOW, NOW + timedelta(days=1))
    assert backup_due(NOW, NOW - timedelta(hours=1))  # the clock was set back


@pytest.mark.parametrize(
    "folder",
    [
        "/home/erika/OneDrive - Stadt/kimdesk",
        "/home/erika/Dropbox/kimdesk",
        "/home/erika/Nextcloud/kimdesk",
        "/Users/erika/Google Drive/kimdesk",
        "/Users/erika/Library/Mobile Documents/iCloud~x/kimdesk",
        "/home/erika/roaming/kimdesk",
    ],
)
def test_cloud_and_roaming_folders_are_recognised(folder: str) -> None:
    assert is_cloud_synced(Path(folder), environ={"APPDATA": "/home/erika/roaming"})


def test_a_local_folder_is_not_cloud_synced(tmp_path: Path) -> None:
    assert not is_cloud_synced(tmp_path, environ={})


def test_no_automatic_backup_into_a_synced_folder(tmp_path: Path) -> None:
    synced = tmp_path / "Dropbox"
    synced.mkdir()
    caseload = Caseload.create(synced / "caseload.kimdesk", PASSWORD, PROFILE)
    try:
        with pytest.raises(BadInput, match="Cloud"):
            automatic_backup(caseload, now=NOW, environ={})
    finally:
        caseload.close()
    assert not (synced / "backups").exists()


def test_restore_refuses_while_another_kimdesk_has_the_caseload_open(
    filled: Path, tmp_path: Path
) -> None:
    caseload = Caseload.open(filled, PASSWORD)
    backup = make_backup(caseload, tmp_path / "b.kimdesk-backup")
    caseload.close()
    # the lock file as Qt's QLockFile writes it: pid, program, host name
    lock = filled.with_name(filled.name + ".lock")
    lock.write_text(f"{os.getppid()}\nkimdesk\n{socket.gethostname()}\n", encoding="utf-8")
    before = digest(tmp_path)
    with pytest.raises(BadInput, match="anderen kimdesk"):
        restore_backup(filled, backup, PASSWORD, now=NOW)
    assert digest(tmp_path) == before
    lock.write_text(f"{os.getpid()}\nkimdesk\n{socket.gethostname()}\n", encoding="utf-8")
    assert restore_backup(filled, backup, PASSWORD, now=NOW).kept_aside is not None
