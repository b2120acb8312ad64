"""Backups of the encrypted caseload: made while it is open, verified, restored, rotated.

A backup is a complete SQLCipher caseload under the same password. It is written under a
temporary name in the target folder and renamed when complete, and never overwrites a file.
Restoring verifies the backup first and keeps the current file aside instead of replacing it.
Names of automatic backups hold a time stamp only, never personal data.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlcipher3

from kimdesk.caseload import Caseload
from kimdesk.domain.records import (
    DEFAULT_BACKUPS_TO_KEEP,
    MAX_BACKUPS_TO_KEEP,
    MIN_BACKUPS_TO_KEEP,
)
from kimdesk.errors import BadInput, DamagedDatabase, KimdeskError, MissingFolder, WrongPassword
from kimdesk.i18n import _
from kimdesk.paths import ensure_private_dir
from kimdesk.store.database import (
    PLAIN_SQLITE_HEADER,
    Database,
    busy_timeout_ms,
    caseload_files,
    remove_caseload_files,
)
from kimdesk.store.faults import caseload_fault
from kimdesk.store.repository import Repository
from kimdesk.store.schema import latest_version
from kimdesk.system_config import effective_profile_values, system_config

log = logging.getLogger(__name__)

BACKUP_SUFFIX = ".kimdesk-backup"
BACKUP_FOLDER = "backups"
AUTO_PREFIX = "caseload-"
AUTO_STAMP = "%Y-%m-%dT%H%M%S"
_AUTO_NAME = re.compile(r"^caseload-(\d{4}-\d{2}-\d{2}T\d{6})\.kimdesk-backup$")
KEEP_KEY = "backups_to_keep"  # in the caseload's profile table: a per-caseload setting
DEFAULT_KEEP = DEFAULT_BACKUPS_TO_KEEP
MIN_KEEP, MAX_KEEP = MIN_BACKUPS_TO_KEEP, MAX_BACKUPS_TO_KEEP
BACKUP_CREATED = "backup.created"
BACKUP_RESTORED = "backup.restored"
# Folders that a sync client copies elsewhere (the cloud, other machines).
CLOUD_MARKERS = ("onedrive", "dropbox", "nextcloud", "owncloud", "google drive", "icloud")
# The tables every kimdesk caseload has; a file without them is someone else's database.
KIMDESK_TABLES = frozenset({"profile", "persons", "cases", "contacts", "audit_log"})


@dataclass(frozen=True)
class BackupSummary:
    """What a verified backup holds, shown before anything is replaced (no personal data)."""

    persons: int
    cases: int
    contacts: int
    last_change: str | None  # "YYYY-MM-DD HH:MM:SS" or None for an empty caseload
    schema_version: int
    integrity_ok: bool


@dataclass(frozen=True)
class RestoreResult:
    summary: BackupSummary
    kept_aside: Path | None  # where the replaced caseload went (None: there was none)


# -- making ------------------------------------------------------------------------------


def _database(source: Database | Caseload) -> Database:
    return source.db if isinstance(source, Caseload) else source


def make_backup(source: Database | Caseload, target: Path) -> Path:
    """Write a backup of the open caseload to ``target``, a new file; BadInput if it exists."""
    db = _database(source)
    target = Path(target)
    if not target.parent.is_dir():
        raise MissingFolder(target.parent)
    if target.exists():
        raise BadInput(_("{path} already exists; it is not overwritten.").format(path=target))
    if target.resolve() in {path.resolve() for path in caseload_files(db.path)}:
        raise BadInput(_("The backup must not replace the caseload itself."))
    partial = target.parent / f".kimdesk-{secrets.token_hex(6)}.partial"
    try:
        db.export_to(partial)
        _rename_new(partial, target)
    finally:
        remove_caseload_files(partial)  # after a failure: no half-written backup is left
    repo = source.repo if isinstance(source, Caseload) else Repository(db)
    with db.transaction():
        repo.append_audit(BACKUP_CREATED)
    return target


def _rename_new(source: Path, target: Path) -> None:
    """Rename without ever replacing: a hard link fails if the name is taken."""
    try:
        os.link(source, target)
    except FileExistsError:
        raise BadInput(
            _("{path} already exists; it is not overwritten.").format(path=target)
        ) from None
    except OSError:
        # No hard links (a FAT-formatted USB stick): check, then rename.
        if target.exists():
            raise BadInput(
                _("{path} already exists; it is not overwritten.").format(path=target)
            ) from None
        os.replace(source, target)


# -- automatic backups -------------------------------------------------------------------


def backup_folder(caseload_path: Path) -> Path:
    """The folder of the automatic backups: IT's ``backup_folder``, else beside the caseload."""
    return system_config().backup_folder or Path(caseload_path).parent / BACKUP_FOLDER


def automatic_backup_name(now: datetime) -> str:
    return f"{AUTO_PREFIX}{now.strftime(AUTO_STAMP)}{BACKUP_SUFFIX}"


def automatic_backups(folder: Path) -> list[tuple[datetime, Path]]:
    """The automatic backups in ``folder``, oldest first (other files are not ours)."""
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = _AUTO_NAME.match(entry.name)
        if match and entry.is_file():
            found.append((datetime.strptime(match.group(1), AUTO_STAMP), entry))
    return sorted(found)


def last_automatic_backup(caseload_path: Path) -> datetime | None:
    backups = automatic_backups(backup_folder(caseload_path))
    return backups[-1][0] if backups else None


def backup_due(last: datetime | None, now: datetime) -> bool:
    """At most one automatic backup a day while the application runs."""
    if last is None or now < last:  # none yet, or the clock was set back
        return True
    return now - last >= timedelta(days=1)


def rotate(folder: Path, keep: int) -> list[Path]:
    """Keep the newest backup of each of the last ``keep`` days; remove the other automatic ones.

    Several a day (closing the application more than once) would otherwise push out the
    older days. Returns what was removed.
    """
    newest_per_day: dict[str, Path] = {}
    for stamp, path in automatic_backups(folder):
        newest_per_day[stamp.date().isoformat()] = path  # sorted: the last one wins
    kept = {newest_per_day[day] for day in sorted(newest_per_day)[-max(keep, 1) :]}
    removed = []
    for _stamp, path in automatic_backups(folder):
        if path not in kept:
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                log.warning("an old automatic backup could not be removed")
    return removed


def is_cloud_synced(path: Path, environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``path`` lies in an obvious sync folder or in Windows' roaming profile."""
    environ = os.environ if environ is None else environ
    text = str(Path(path).absolute()).replace("\\", "/").lower()
    if any(marker in text for marker in CLOUD_MARKERS):
        return True
    roaming = environ.get("APPDATA", "")
    if roaming:
        root = roaming.replace("\\", "/").lower().rstrip("/")
        return text == root or text.startswith(root + "/")
    return False


def backups_to_keep(caseload: Caseload) -> int:
    raw = effective_profile_values(caseload.repo.profile_values()).get(KEEP_KEY, "")
    try:
        return min(max(int(raw), MIN_KEEP), MAX_KEEP)
    except ValueError:
        return DEFAULT_KEEP


def set_backups_to_keep(caseload: Caseload, keep: int) -> None:
    if not MIN_KEEP <= keep <= MAX_KEEP:
        raise BadInput(
            _("The number of backups to keep must be between {low} and {high}.").format(
                low=MIN_KEEP, high=MAX_KEEP
            )
        )
    with caseload.db.transaction():
        caseload.repo.set_profile_values({KEEP_KEY: str(int(keep))})


def automatic_backup(
    caseload: Caseload, *, now: datetime, environ: Mapping[str, str] | None = None
) -> Path:
    """A backup into the folder beside the caseload, then the rotation; refused (BadInput) when
    that folder is synchronised to a cloud or roams with the Windows profile."""
    folder = backup_folder(caseload.db.path)
    if is_cloud_synced(folder, environ):
        raise BadInput(
            _(
                "No automatic backup was made: the caseload's folder is synchronised with a "
                "cloud or a roaming profile, and backups must not go there. Please move the "
                "caseload to a local folder, or make backups by hand to a place of your choice."
            )
        )
    try:
        ensure_private_dir(folder)
    except OSError as error:
        raise caseload_fault(error) from None
    target = make_backup(caseload, folder / automatic_backup_name(now))
    rotate(folder, backups_to_keep(caseload))
    return target


# -- verifying ---------------------------------------------------------------------------


def _connect_backup(path: Path, password: str) -> sqlcipher3.Connection:
    """A keyed read-only connection that writes nothing beside the file."""
    conn = sqlcipher3.connect(
        f"{path.absolute().as_uri()}?mode=ro&immutable=1",
        uri=True,
        isolation_level=None,
        check_same_thread=False,
    )
    conn.set_key(password)
    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def _precheck_backup(path: Path) -> None:
    if not path.is_file():
        raise BadInput(_("There is no backup file at {path}.").format(path=path))
    size = path.stat().st_size
    if size == 0 or size % 1024:
        raise DamagedDatabase(_("The backup is damaged or not a kimdesk backup."))
    with path.open("rb") as handle:
        if handle.read(16) == PLAIN_SQLITE_HEADER:
            raise DamagedDatabase(
                _("The file is an unencrypted SQLite database, not a kimdesk backup.")
            )


def verify_backup(path: Path, password: str) -> BackupSummary:
    """Open the backup read-only, check it completely and say what it holds.

    WrongPassword (exit 3) if the key does not open it, DamagedDatabase (exit 4) if any page
    fails its check, BadInput for an encrypted database that is not a kimdesk caseload.
    """
    path = Path(path)
    try:
        _precheck_backup(path)
        conn = _connect_backup(path, password)
    except OSError as error:
        raise caseload_fault(error) from None
    try:
        return _summarise(conn)
    finally:
        conn.close()


def _summarise(conn: sqlcipher3.Connection) -> BackupSummary:
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlcipher3.DatabaseError as error:
        if "not a database" in str(error):
            raise WrongPassword(
                _("The password is wrong, or the file is not a kimdesk backup.")
            ) from None
        raise DamagedDatabase(_("The backup is damaged: it cannot be read.")) from None
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        problems = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
        problems += [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
    except sqlcipher3.DatabaseError:
        problems = ["unreadable"]
        version = 0
    if problems:
        raise DamagedDatabase(
            _("The backup is damaged: {n} pages or records fail the check.").format(
                n=len(problems)
            )
        )
    if not KIMDESK_TABLES <= tables or version < 1:
        raise BadInput(_("The file is an encrypted database, but not a kimdesk backup."))
    if version > latest_version():
        raise BadInput(
            _(
                "The backup was written by a newer kimdesk (schema {found}, this version "
                "knows {known}). Please update kimdesk."
            ).format(found=version, known=latest_version())
        )
    counts = {
        name: int(conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0])
        for name in ("persons", "cases", "contacts")
    }
    return BackupSummary(
        persons=counts["persons"],
        cases=counts["cases"],
        contacts=counts["contacts"],
        last_change=_last_change(conn, tables),
        schema_version=version,
        integrity_ok=True,
    )


def _last_change(conn: sqlcipher3.Connection, tables: set[str]) -> str | None:
    """The newest time stamp in the audit log or any table's updated_at column."""
    stamps = [conn.execute("SELECT max(at) FROM audit_log").fetchone()[0]]
    for table in sorted(tables):
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info('{table}')")}
        if "updated_at" in columns:
            stamps.append(conn.execute(f"SELECT max(updated_at) FROM '{table}'").fetchone()[0])
    found = [str(stamp)[:19].replace("T", " ") for stamp in stamps if stamp]
    return max(found) if found else None


# -- restoring ---------------------------------------------------------------------------


def restore_backup(
    caseload_path: Path, backup_path: Path, password: str, *, now: datetime
) -> RestoreResult:
    """Replace the caseload by a verified copy of the backup; the current files are kept aside.

    Works when the current caseload is missing or damaged. The caseload must be closed.
    """
    caseload_path, backup_path = Path(caseload_path), Path(backup_path)
    summary = verify_backup(backup_path, password)
    if open_elsewhere(caseload_path):
        raise BadInput(
            _(
                "The caseload is open in another kimdesk program. Please close it first; "
                "nothing was changed."
            )
        )
    if backup_path.resolve() in {p.resolve() for p in caseload_files(caseload_path)}:
        raise BadInput(_("The backup must not be the caseload itself."))
    if not caseload_path.parent.is_dir():
        raise MissingFolder(caseload_path.parent)
    partial = caseload_path.parent / f".kimdesk-{secrets.token_hex(6)}.partial"
    try:
        _copy_verified(backup_path, partial, password)
        kept_aside = _keep_aside(caseload_path, now)
        os.replace(partial, caseload_path)
    except OSError as error:
        raise caseload_fault(error) from None
    finally:
        remove_caseload_files(partial)
    _note_restore(caseload_path, password, summary)
    return RestoreResult(summary=summary, kept_aside=kept_aside)


def open_elsewhere(caseload_path: Path) -> bool:
    """Whether another running kimdesk holds the caseload's lock file (the GUI's, beside it).

    Its file would be renamed under it, and what it saved afterwards would go to the file
    kept aside. Only checked where a process can be asked without harm (POSIX).
    """
    lock = caseload_path.with_name(caseload_path.name + ".lock")
    try:
        lines = lock.read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(lines[0])
    except (OSError, IndexError, ValueError):
        return False
    if pid == os.getpid() or os.name != "posix":
        return False
    hostname = lines[2] if len(lines) > 2 else ""
    if hostname and hostname != socket.gethostname():
        return True  # a shared folder, held from another computer: cannot ask, assume so
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _copy_verified(backup_path: Path, partial: Path, password: str) -> None:
    """Copy the backup page by page (the online backup API) and check the copy again."""
    source = _connect_backup(backup_path, password)
    target = sqlcipher3.connect(str(partial), isolation_level=None, check_same_thread=False)
    try:
        target.set_key(password)
        target.execute("PRAGMA cipher_log_level = NONE")
        source.backup(target)
    except sqlcipher3.Error as error:
        raise caseload_fault(error) from None
    finally:
        target.close()
        source.close()
    if os.name == "posix":
        os.chmod(partial, 0o600)
    verify_backup(partial, password)


def _keep_aside(caseload_path: Path, now: datetime) -> Path | None:
    """Rename the current caseload and its side files; never over an existing name."""
    present = [path for path in caseload_files(caseload_path) if path.exists()]
    if not present:
        return None
    stamp = now.strftime(AUTO_STAMP)
    base = caseload_path.with_name(f"{caseload_path.name}.before-restore-{stamp}")
    aside, n = base, 1
    while any(path.exists() for path in caseload_files(aside)):
        n += 1
        aside = base.with_name(f"{base.name}-{n}")
    for old, new in zip(caseload_files(caseload_path), caseload_files(aside), strict=True):
        if old.exists():
            os.rename(old, new)
    return aside


def _note_restore(caseload_path: Path, password: str, summary: BackupSummary) -> None:
    """The restored caseload's own audit log records the restore (counts only)."""
    try:
        db = Database.open(caseload_path, password)
    except KimdeskError:
        log.warning("the restored caseload could not be opened to note the restore")
        return
    try:
        with db.transaction():
            Repository(db).append_audit(
                BACKUP_RESTORED,
                None,
                f"persons={summary.persons} cases={summary.cases} contacts={summary.contacts}",
            )
    finally:
        db.close()
