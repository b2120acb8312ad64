"""The command line when the machine gets in the way: a busy or crashed caseload, a full disk,
a missing or write-protected folder. Each gets a German sentence and exit code 2 (or 3 for a
wrong password), never "interner Fehler", and nothing half-written.

Faults are made for real, in the child process only:
- a full disk: a file-size limit (RLIMIT_FSIZE); a write beyond it fails with EFBIG, which
  SQLite reports as "disk I/O error" (a really full disk gives SQLITE_FULL; that mapping is
  tested in test_database_faults with a page limit).
- write protection: chmod. Root ignores file permissions, and CI runs as root, so there the
  child drops the capabilities that let root do so (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH,
  CAP_FOWNER) before it starts; it stays root and owner of every file, so it still reaches
  the interpreter and the repository. Switching to a user such as "nobody" would not: the
  interpreter may live under /root.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import resource
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.demo import DEMO_PROFILE
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind
from kimdesk.store.database import BUSY_TIMEOUT_ENV, Database, caseload_files
from tests.conftest import PASSWORD, PROFILE, TODAY, make_person

Preexec = Callable[[], None]

BUSY = "Der Caseload wird gerade von einem anderen kimdesk-Programm benutzt."
READ_ONLY = "Die Caseload-Datei ist schreibgeschützt, oder Sie haben keine Berechtigung"
NO_PERMISSION = "Keine Berechtigung: kimdesk darf eine benötigte Datei oder einen Ordner"
DISK_ERROR = "Das Laufwerk meldet einen Fehler (es ist vielleicht voll"
DISK_FULL = "Der Speicherplatz ist voll"


def kimdesk(
    *args: str,
    password: str = PASSWORD,
    extra_env: dict[str, str] | None = None,
    preexec_fn: Preexec | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("KIMDESK_PASSWORD", "KIMDESK_DEBUG", BUSY_TIMEOUT_ENV))
    }
    env.update(KIMDESK_LANG="de", KIMDESK_PASSWORD=password, **(extra_env or {}))
    return subprocess.run(
        [sys.executable, "-m", "kimdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        preexec_fn=preexec_fn,
    )


def assert_told(result: subprocess.CompletedProcess[str], code: int, sentence: str) -> None:
    assert result.returncode == code, result.stderr
    assert sentence in result.stderr
    assert "Traceback" not in result.stderr
    assert "interner Fehler" not in result.stderr


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def with_a_case(path: Path) -> Caseload:
    caseload = Caseload.create(path, PASSWORD, PROFILE, today=lambda: TODAY)
    case = caseload.open_case(caseload.add_person(make_person()), opened_on=TODAY)
    caseload.move_to(case.id, Phase.INTAKE, on=TODAY)
    caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, TODAY, "de"))
    caseload.move_to(case.id, Phase.ASSESSMENT, on=TODAY)
    return caseload


@pytest.fixture
def stored(db_path: Path) -> Path:
    with_a_case(db_path).close()
    return db_path


# -- the child's limits ------------------------------------------------------------------------

PR_CAPBSET_DROP = 24
LINUX_CAPABILITY_VERSION_3 = 0x20080522
ROOT_OVERRIDES = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def permissions_apply() -> Preexec | None:
    """What the child must do first so that chmod binds it (nothing unless it is root)."""
    if os.geteuid() != 0:
        return None
    libc = ctypes.CDLL(None, use_errno=True)  # loaded here, not in the forked child

    def drop_root_overrides() -> None:
        for capability in ROOT_OVERRIDES:  # from the bounding set: exec cannot grant them
            if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")
        header = _CapHeader(LINUX_CAPABILITY_VERSION_3, 0)
        data = (_CapData * 2)()
        if libc.capget(ctypes.byref(header), data) != 0:
            raise OSError(ctypes.get_errno(), "capget")
        keep = ~sum(1 << capability for capability in ROOT_OVERRIDES) & 0xFFFFFFFF
        for field in ("effective", "permitted", "inheritable"):  # inheritable survives exec
            setattr(data[0], field, getattr(data[0], field) & keep)
        if libc.capset(ctypes.byref(header), data) != 0:
            raise OSError(ctypes.get_errno(), "capset")

    return drop_root_overrides


def file_size_limit(limit: int) -> Preexec:
    """Files may grow to ``limit`` bytes; Python ignores SIGXFSZ, so writes fail with EFBIG."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.fixture
def protect() -> Iterator[Callable[[Path, int], None]]:
    """chmod a path for one test; the permissions are restored so that cleanup works."""
    changed: list[tuple[Path, int]] = []

    def chmod(path: Path, mode: int) -> None:
        changed.append((path, stat.S_IMODE(path.stat().st_mode)))
        path.chmod(mode)

    yield chmod
    for path, mode in reversed(changed):
        path.chmod(mode)


# -- a busy caseload ---------------------------------------------------------------------------


def test_a_write_to_a_caseload_in_use_elsewhere_is_refused_in_german(db_path: Path) -> None:
    Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: TODAY).close()
    holder = Database.open(db_path, PASSWORD)  # another kimdesk, in the middle of saving
    try:
        holder.execute("BEGIN IMMEDIATE")
        result = kimdesk(
            "demo", "--cases", "1", "--db", str(db_path), extra_env={BUSY_TIMEOUT_ENV: "300"}
        )
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    assert_told(result, 2, BUSY)
    caseload = Caseload.open(db_path, PASSWORD)
    try:
        assert caseload.cases() == [] and caseload.profile() == PROFILE
    finally:
        caseload.close()


# -- a wrong password after a crash ------------------------------------------------------------


def test_a_wrong_password_leaves_a_crashed_caseload_byte_identical(tmp_path: Path) -> None:
    original = tmp_path / "laufend" / "caseload.kimdesk"
    crashed = tmp_path / "abgestuerzt" / "caseload.kimdesk"
    crashed.parent.mkdir()
    caseload = Caseload.create(original, PASSWORD, PROFILE, today=lambda: TODAY)
    try:
        caseload.db.execute("PRAGMA wal_autocheckpoint = 0")  # the new case stays in the WAL
        case = caseload.open_case(caseload.add_person(make_person()), opened_on=TODAY)
        # Copied while open: exactly what SIGKILL leaves behind, without process timing.
        for source, target in zip(caseload_files(original), caseload_files(crashed), strict=True):
            shutil.copyfile(source, target)
    finally:
        caseload.close()
    before = digests(crashed.parent)
    assert len(before) == 3

    wrong = kimdesk("cases", "--db", str(crashed), password="falsches-passwort")
    assert_told(wrong, 3, "Das Passwort ist falsch.")
    assert digests(crashed.parent) == before  # nothing folded in, no side file deleted

    right = kimdesk("cases", "--db", str(crashed))
    assert right.returncode == 0, right.stderr
    assert str(case.case_number) in right.stdout  # committed before the crash: recovered


# -- a full disk -------------------------------------------------------------------------------


def test_a_full_disk_during_demo_leaves_the_caseload_as_it_was(db_path: Path) -> None:
    Caseload.create(db_path, PASSWORD, DEMO_PROFILE, today=lambda: TODAY).close()
    # Room for the -shm and a little WAL, far too little for 60 cases.
    limit = db_path.stat().st_size + 64 * 1024
    result = kimdesk(
        "demo", "--cases", "60", "--db", str(db_path), preexec_fn=file_size_limit(limit)
    )
    assert_told(result, 2, DISK_ERROR)
    caseload = Caseload.open(db_path, PASSWORD)
    try:
        assert caseload.repo.table_counts()["cases"] == 0  # the transaction rolled back
        assert caseload.db.integrity_report().ok
    finally:
        caseload.close()


def test_an_export_on_a_full_disk_leaves_no_file(stored: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "export"
    out_dir.mkdir()
    # Held open, the caseload keeps its side files: the child only reads and writes nothing
    # of its own but the workbook, which is larger than the limit.
    holder = Database.open(stored, PASSWORD)
    try:
        result = kimdesk(
            "export-month",
            "2026-11",
            "--out",
            str(out_dir / "bericht.xlsx"),
            "--db",
            str(stored),
            preexec_fn=file_size_limit(2048),
        )
    finally:
        holder.close()
    assert_told(result, 2, DISK_FULL)
    assert list(out_dir.iterdir()) == []  # neither the workbook nor a temporary part


# -- a missing folder --------------------------------------------------------------------------


def test_an_export_into_a_missing_folder_names_the_folder_and_writes_nothing(
    stored: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "gibt-es-nicht"
    result = kimdesk(
        "export-month", "2026-11", "--out", str(missing / "bericht.xlsx"), "--db", str(stored)
    )
    assert_told(result, 2, f"Den Ordner {missing} gibt es nicht.")
    assert "bericht" not in result.stderr
    assert not missing.exists()

    # The draft's folder is checked before the workbook is written, too.
    out = tmp_path / "bericht.xlsx"
    result = kimdesk(
        "export-month",
        "2026-11",
        "--out",
        str(out),
        "--eml",
        str(missing / "entwurf.eml"),
        "--db",
        str(stored),
    )
    assert_told(result, 2, f"Den Ordner {missing} gibt es nicht.")
    assert not out.exists()


# -- write protection --------------------------------------------------------------------------


def test_a_write_protected_caseload_is_not_unprotected_and_not_written(
    db_path: Path, protect: Callable[[Path, int], None]
) -> None:
    Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: TODAY).close()
    protect(db_path, 0o400)
    before = db_path.read_bytes()
    result = kimdesk("demo", "--cases", "1", "--db", str(db_path), preexec_fn=permissions_apply())
    assert_told(result, 2, READ_ONLY)
    assert db_path.read_bytes() == before
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o400  # opening left the protection


def test_a_write_protected_folder_is_not_called_damaged(
    stored: Path, protect: Callable[[Path, int], None]
) -> None:
    before = digests(stored.parent)
    protect(stored.parent, 0o500)  # the side files cannot be made
    result = kimdesk("cases", "--db", str(stored), preexec_fn=permissions_apply())
    assert_told(result, 2, READ_ONLY)
    assert "beschädigt" not in result.stderr and "nicht gelesen" not in result.stderr
    assert digests(stored.parent) == before


def test_an_unreadable_caseload_is_a_missing_permission(
    stored: Path, protect: Callable[[Path, int], None]
) -> None:
    protect(stored, 0o000)
    result = kimdesk("cases", "--db", str(stored), preexec_fn=permissions_apply())
    assert_told(result, 2, READ_ONLY)


def test_an_export_into_a_write_protected_folder_is_a_missing_permission(
    stored: Path, tmp_path: Path, protect: Callable[[Path, int], None]
) -> None:
    out_dir = tmp_path / "nur-lesen"
    out_dir.mkdir()
    protect(out_dir, 0o500)
    result = kimdesk(
        "export-month",
        "2026-11",
        "--out",
        str(out_dir / "bericht.xlsx"),
        "--db",
        str(stored),
        preexec_fn=permissions_apply(),
    )
    assert_told(result, 2, NO_PERMISSION)
    assert list(out_dir.iterdir()) == []
