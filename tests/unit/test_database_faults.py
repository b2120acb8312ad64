"""The store under faults: a busy caseload, a crash's side files, a full disk."""

from __future__ import annotations

import errno
import hashlib
import shutil
import threading
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.demo import fill_demo
from kimdesk.errors import (
    CaseloadBusy,
    CaseloadReadOnly,
    DiskFull,
    NoPermission,
    StorageProblem,
    WrongPassword,
)
from kimdesk.store.database import BUSY_TIMEOUT_ENV, Database, caseload_files
from kimdesk.store.faults import file_fault
from tests.conftest import PASSWORD, TODAY, make_person

BUSY_MESSAGE = (
    "Der Caseload wird gerade von einem anderen kimdesk-Programm benutzt. Bitte schließen Sie "
    "es oder warten Sie einen Moment und versuchen Sie es erneut."
)


def file_digests(path: Path) -> dict[str, str]:
    """The caseload file and its side files, each by content; a missing one is absent."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in caseload_files(path)
        if p.exists()
    }


def persons(caseload: Caseload) -> int:
    return caseload.repo.table_counts()["persons"]


def crashed_copy(caseload: Caseload, db_path: Path) -> tuple[Path, int]:
    """The files as a killed kimdesk leaves them: committed data still only in the WAL.

    Copying while the connection is open gives exactly the state after SIGKILL (the -shm
    is a plain file), without depending on process timing.
    """
    caseload.db.execute("PRAGMA wal_autocheckpoint = 0")  # keep everything in the WAL
    person_id = caseload.add_person(make_person("Vor-dem-Absturz", "Gespeichert"))
    crashed = db_path.with_name("crashed.kimdesk")
    for source, target in zip(caseload_files(db_path), caseload_files(crashed), strict=True):
        shutil.copyfile(source, target)
    assert Path(f"{crashed}-wal").stat().st_size > 0
    return crashed, person_id


# -- a second writer ---------------------------------------------------------------------------


def test_a_writer_waits_for_another_writer_shorter_than_the_timeout(
    caseload: Caseload, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "60000")  # generous: the holder lets go long before
    second = Caseload.open(db_path, PASSWORD, today=lambda: TODAY)
    try:
        caseload.db.execute("BEGIN IMMEDIATE")
        caseload.db.execute("UPDATE profile SET value = value")
        # The holder commits from another thread while the second writer is waiting.
        release = threading.Timer(0.5, caseload.db.execute, ("COMMIT",))
        release.start()
        person_id = second.add_person(make_person("Zweite", "Schreiberin"))
        release.join()
    finally:
        second.close()
    assert caseload.person(person_id).surname == "Zweite"


def test_a_writer_kept_waiting_past_the_timeout_is_told_the_caseload_is_busy(
    caseload: Caseload, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "200")
    second = Caseload.open(db_path, PASSWORD, today=lambda: TODAY)
    try:
        assert second.db.scalar("PRAGMA busy_timeout") == 200
        caseload.db.execute("BEGIN IMMEDIATE")
        with pytest.raises(CaseloadBusy) as raised:
            second.add_person(make_person("Zweite", "Schreiberin"))
        caseload.db.execute("ROLLBACK")
        assert str(raised.value) == BUSY_MESSAGE
        assert raised.value.exit_code == 2
        # Once the other program is done, the same connection writes again.
        second.add_person(make_person("Zweite", "Schreiberin"))
    finally:
        second.close()
    assert persons(caseload) == 1


def test_every_connection_waits_the_configured_time(
    caseload: Caseload, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(BUSY_TIMEOUT_ENV, raising=False)
    assert caseload.db.scalar("PRAGMA busy_timeout") == 5000
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "1234")
    again = Database.open(db_path, PASSWORD)
    try:
        assert again.scalar("PRAGMA busy_timeout") == 1234
    finally:
        again.close()


# -- a wrong password after a crash ------------------------------------------------------------


def test_a_wrong_password_leaves_a_crashed_caseload_untouched(
    caseload: Caseload, db_path: Path
) -> None:
    crashed, person_id = crashed_copy(caseload, db_path)
    before = file_digests(crashed)
    assert len(before) == 3
    with pytest.raises(WrongPassword):
        Database.open(crashed, "falsches-passwort")
    assert file_digests(crashed) == before  # nothing folded in, nothing deleted
    # The right password recovers what was committed before the crash.
    recovered = Caseload.open(crashed, PASSWORD)
    try:
        assert recovered.person(person_id).surname == "Vor-dem-Absturz"
    finally:
        recovered.close()


def test_confirming_the_password_writes_nothing(caseload: Caseload, db_path: Path) -> None:
    caseload.db.execute("PRAGMA wal_autocheckpoint = 0")
    person_id = caseload.add_person(make_person())
    # The -shm is shared memory every reader marks, this connection's own reads included.
    before = file_digests(db_path)
    del before[f"{db_path.name}-shm"]
    assert caseload.db.password_matches(PASSWORD)
    assert not caseload.db.password_matches("falsches-passwort")
    after = file_digests(db_path)
    assert after.pop(f"{db_path.name}-shm")
    assert after == before  # no checkpoint: the file and the WAL as they were
    assert caseload.person(person_id).surname == "Yılmaz"


# -- a full disk -------------------------------------------------------------------------------


def test_a_full_disk_rolls_the_whole_transaction_back(caseload: Caseload) -> None:
    caseload.add_person(make_person())
    counts = caseload.repo.table_counts()
    # SQLite reports a file that may grow no further exactly like a full disk (SQLITE_FULL).
    pages = caseload.db.scalar("PRAGMA page_count")
    caseload.db.execute(f"PRAGMA max_page_count = {int(pages) + 2}")
    with pytest.raises(DiskFull) as raised:
        fill_demo(caseload, cases=20, seed=1, today=TODAY)  # one transaction
    assert str(raised.value).startswith("Der Speicherplatz ist voll")
    assert raised.value.exit_code == 2
    assert caseload.repo.table_counts() == counts
    caseload.db.execute("PRAGMA max_page_count = 1073741823")
    caseload.add_person(make_person("Danach", "Wieder"))  # the caseload is fine afterwards
    assert persons(caseload) == 2


# -- what the operating system reports ---------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "caseload", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), False, DiskFull),
        (OSError(errno.EFBIG, "File too large"), True, DiskFull),
        (PermissionError(errno.EACCES, "Permission denied"), True, CaseloadReadOnly),
        (PermissionError(errno.EACCES, "Permission denied"), False, NoPermission),
        (OSError(errno.EROFS, "Read-only file system"), False, NoPermission),
    ],
)
def test_os_errors_the_user_can_act_on_get_a_message(
    error: OSError, caseload: bool, expected: type[StorageProblem]
) -> None:
    problem = file_fault(error, caseload=caseload)
    assert type(problem) is expected
    assert problem is not None and problem.exit_code == 2 and str(problem)


def test_other_os_errors_stay_bugs() -> None:
    assert file_fault(OSError(errno.EBADF, "Bad file descriptor"), caseload=True) is None
