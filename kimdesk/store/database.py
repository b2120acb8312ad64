"""The SQLCipher connection: open, create, migrate, transactions, password change, checks.

Every caseload is one SQLCipher 4 file. The key is set before any other statement; then
WAL journaling, foreign keys and secure_delete are switched on, and temporary tables are
kept in memory so that nothing unencrypted reaches the disk.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from kimdesk.errors import BadInput, DamagedDatabase, KimdeskError, WrongPassword
from kimdesk.i18n import _
from kimdesk.paths import ensure_private_dir
from kimdesk.store.faults import caseload_fault
from kimdesk.store.schema import MIGRATIONS, Migration, latest_version

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
PAGE_SIZE = 4096
SIDE_FILES = ("-wal", "-shm")
# How long a writer waits for another program's transaction before giving up (tests shorten it).
BUSY_TIMEOUT_ENV = "KIMDESK_BUSY_TIMEOUT_MS"
DEFAULT_BUSY_TIMEOUT_MS = 5000

# sqlcipher3 ships no type information; rows are sqlcipher3.Row (indexable by name).
Row = Any


def check_password_rule(password: str) -> None:
    """The last line of defence for a new key: kimdesk.passwords' rule (BadInput if refused);
    Caseload adds the owner's name and places, which the store does not know."""
    from kimdesk.passwords import check_new_password  # kept local: only this body is ours

    check_new_password(password)


@dataclass(frozen=True)
class IntegrityReport:
    schema_version: int
    expected_version: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems and self.schema_version == self.expected_version


def _precheck_file(path: Path) -> None:
    """Catch what is certainly not an encrypted caseload, before trying the key."""
    if not path.exists():
        raise BadInput(_("There is no caseload file at {path}.").format(path=path))
    if not path.is_file():
        raise BadInput(_("{path} is not a file.").format(path=path))
    size = path.stat().st_size
    if size == 0 or size % 1024:
        raise DamagedDatabase(_("The caseload file is damaged or not a kimdesk file."))
    with path.open("rb") as handle:
        if handle.read(16) == PLAIN_SQLITE_HEADER:
            raise DamagedDatabase(
                _("The file is an unencrypted SQLite database, not a kimdesk caseload.")
            )


def busy_timeout_ms() -> int:
    """How long a statement waits for another connection's write lock, in milliseconds."""
    try:
        return max(0, int(os.environ.get(BUSY_TIMEOUT_ENV, "")))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT_MS


def _connect(path: Path, password: str, *, uri_query: str = "") -> sqlcipher3.Connection:
    """A keyed connection; ``uri_query`` opens it through a URI with these parameters."""
    target = f"{path.absolute().as_uri()}?{uri_query}" if uri_query else str(path)
    conn = sqlcipher3.connect(
        target, isolation_level=None, check_same_thread=False, uri=bool(uri_query)
    )
    conn.set_key(password)  # before any other statement
    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    # SQLCipher would otherwise print "hmac check failed" for a wrong key.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.row_factory = sqlcipher3.Row
    return conn


def _key_opens(path: Path, password: str) -> bool | None:
    """Whether the key decrypts the caseload (None: cannot tell), found without writing.

    A read-only probe: with both side files present (a crash, or another program has the
    file open) it reads through a read-only -shm and so sees the newest first page, also
    after a password change not yet folded in. Otherwise it ignores the side files
    ("immutable") and reads the file's own first page. SQLCipher checks the page's HMAC.
    """
    wal, shm = (Path(f"{path}{suffix}") for suffix in SIDE_FILES)
    both = wal.exists() and shm.exists()
    query = "mode=ro&readonly_shm=1" if both else "mode=ro&immutable=1"
    probe = _connect(path, password, uri_query=query)
    try:
        probe.execute("PRAGMA user_version").fetchone()  # reads the first page only
    except sqlcipher3.DatabaseError as error:
        # Anything else (busy, unreadable -shm): the real connection tells.
        return False if "not a database" in str(error) else None
    finally:
        probe.close()
    return True


# Decrypted pages kept in memory, in KiB (SQLCipher's default: 8 MB). A month's report
# visits pages more than once (contacts per case, then the month's contacts, the sheets by
# id): 32 MiB spared about 4-8 % of its gathering at 10,000 and 50,000 cases. SQLCipher
# frees the cache on close but does not wipe it (cipher_memory_security is off).
PAGE_CACHE_KIB = 32 * 1024


def _configure(conn: sqlcipher3.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")


def caseload_files(path: Path) -> tuple[Path, ...]:
    """The database file and the side files SQLite keeps beside it."""
    return (path, *(Path(f"{path}{suffix}") for suffix in SIDE_FILES))


def remove_caseload_files(path: Path) -> None:
    """Remove a caseload that was never finished (creation failed half-way)."""
    for leftover in caseload_files(path):
        leftover.unlink(missing_ok=True)


def _restrict_permissions(path: Path) -> None:
    """Take group and others' access away; a write protection the owner chose stays."""
    if os.name != "posix":
        return
    for candidate in caseload_files(path):
        try:
            mode = stat.S_IMODE(candidate.stat().st_mode)
            if mode & ~0o600:
                candidate.chmod(mode & 0o600)
        except FileNotFoundError:
            continue
        except PermissionError:
            # Another user's file (a shared caseload opened for reading): not ours to change.
            log.warning("cannot restrict the permissions of a caseload file")


class Database:
    """An open, unlocked caseload file."""

    def __init__(self, conn: sqlcipher3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self.backup_path: Path | None = None  # written when this open migrated the file

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: Path, password: str, *, migrations: tuple[Migration, ...] = MIGRATIONS
    ) -> Database:
        """Unlock an existing caseload; migrate it (after a backup) if it is older.

        A wrong password leaves every file as it was, side files left by a crash included.
        """
        path = Path(path)
        try:
            _precheck_file(path)
            # With a WAL beside the file (left by a crash, or another program has it open),
            # a read-write connection opens the WAL before it checks the key; failing, it
            # still folds the WAL into the file and deletes the side files as it closes. So
            # the key is tried read-only first. Without a WAL it checks the key before it
            # touches anything, and the second key derivation (~0.25 s) is saved.
            if Path(f"{path}{SIDE_FILES[0]}").exists():
                if _key_opens(path, password) is False:
                    raise WrongPassword(_("The password is wrong."))
        except (OSError, sqlcipher3.Error) as error:
            raise caseload_fault(error) from None
        conn = _connect(path, password)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as error:
            conn.close()
            known = caseload_fault(error)
            if known is not error:
                raise known from None
            if "not a database" in str(error):
                raise WrongPassword(_("The password is wrong.")) from None
            raise DamagedDatabase(_("The caseload file cannot be read.")) from None
        db = cls(conn, path)
        try:
            _configure(conn)
            db._migrate(password, migrations)
        except KimdeskError:
            db.close()
            raise
        except (OSError, sqlcipher3.DatabaseError) as error:
            db.close()
            known = caseload_fault(error)
            if known is not error:
                raise known from None
            if isinstance(error, OSError):
                raise
            raise DamagedDatabase(_("The caseload file cannot be read.")) from None
        _restrict_permissions(path)
        return db

    @classmethod
    def create(
        cls, path: Path, password: str, *, migrations: tuple[Migration, ...] = MIGRATIONS
    ) -> Database:
        """Create a new encrypted caseload; refuses to overwrite anything."""
        path = Path(path)
        check_password_rule(password)
        if any(candidate.exists() for candidate in caseload_files(path)):
            raise BadInput(_("{path} already exists; it is not overwritten.").format(path=path))
        try:
            ensure_private_dir(path.parent)
        except OSError as error:
            raise caseload_fault(error) from None
        conn = _connect(path, password)
        db = cls(conn, path)
        try:
            _configure(conn)
            db._apply(migrations, from_version=0)
        except BaseException as error:
            db.close()
            remove_caseload_files(path)
            known = caseload_fault(error)
            if known is error:
                raise
            raise known from None
        _restrict_permissions(path)
        return db

    # -- schema ----------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self, password: str, migrations: tuple[Migration, ...]) -> None:
        current, target = self.schema_version, latest_version(migrations)
        if current > target:
            raise DamagedDatabase(
                _(
                    "The caseload was written by a newer kimdesk (schema {found}, "
                    "this version knows {known}). Please update kimdesk."
                ).format(found=current, known=target)
            )
        if current == target:
            return
        if current > 0:
            self.backup_path = self._backup_before_migration(password, current)
            log.info("backup before migrating from schema %d written", current)
        self._apply(migrations, from_version=current)

    def _apply(self, migrations: tuple[Migration, ...], *, from_version: int) -> None:
        for migration in migrations:
            if migration.version <= from_version:
                continue
            try:
                # The script leaves the transaction open for the Python step; executescript
                # would commit a pending transaction first, so the end goes statement-wise.
                self._conn.executescript(f"BEGIN IMMEDIATE;\n{migration.sql}\n")
                if migration.after is not None:
                    migration.after(self._conn)
                self._conn.execute(f"PRAGMA user_version = {int(migration.version)}")
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            log.info("schema migrated to version %d", migration.version)

    def _backup_before_migration(self, password: str, version: int) -> Path:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target_path = self.path.with_name(f"{self.path.name}.backup-v{version}-{stamp}")
        target = _connect(target_path, password)
        try:
            self._conn.backup(target)
        except BaseException:
            target.close()
            remove_caseload_files(target_path)  # no half-written backup is left behind
            raise
        target.close()
        _restrict_permissions(target_path)
        return target_path

    def export_to(self, target_path: Path) -> None:
        """Write an encrypted copy (same key, same schema version) to the new file ``target_path``.

        sqlcipher_export into a database attached without KEY, which SQLCipher encrypts with
        this connection's key: no password is needed again, and the copy is read inside one
        transaction, so it is consistent while the file is in use (never a copy of live files).
        """
        try:
            self._conn.execute("ATTACH DATABASE ? AS backup_copy", (str(target_path),))
        except sqlcipher3.Error as error:
            raise caseload_fault(error) from None
        try:
            self._conn.execute("BEGIN")
            self._conn.execute("SELECT sqlcipher_export('backup_copy')")
            self._conn.execute(f"PRAGMA backup_copy.user_version = {self.schema_version}")
            self._conn.execute("COMMIT")
        except sqlcipher3.Error as error:
            self._rollback()
            raise caseload_fault(error) from None
        finally:
            try:
                self._conn.execute("DETACH DATABASE backup_copy")
            except sqlcipher3.Error:
                log.warning("the backup copy could not be detached")
        _restrict_permissions(target_path)

    # -- statements ------------------------------------------------------------------------

    # A busy caseload, a full disk or a write-protected file surface as a StorageProblem
    # (kimdesk.store.faults) from every statement below; other errors pass unchanged.

    @property
    def in_transaction(self) -> bool:
        return bool(self._conn.in_transaction)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """All statements inside commit together or not at all."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")  # waits up to the busy timeout
        except sqlcipher3.Error as error:
            raise caseload_fault(error) from None
        try:
            yield self
            self._conn.execute("COMMIT")
        except BaseException as error:
            # A failed COMMIT (disk full) may leave the transaction open, or SQLite may
            # already have rolled it back: either way nothing of it may stay.
            self._rollback()
            known = caseload_fault(error)
            if known is error:
                raise
            raise known from None

    def _rollback(self) -> None:
        if not self._conn.in_transaction:
            return
        try:
            self._conn.execute("ROLLBACK")
        except sqlcipher3.Error:
            log.warning("rollback failed; the connection's close discards the transaction")

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """Run one statement; returns the last inserted row id."""
        try:
            cursor = self._conn.execute(sql, params)
        except sqlcipher3.Error as error:
            raise caseload_fault(error) from None
        return int(cursor.lastrowid or 0)

    def executemany(self, sql: str, rows: Any) -> None:
        try:
            self._conn.executemany(sql, rows)
        except sqlcipher3.Error as error:
            raise caseload_fault(error) from None

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlcipher3.Error as error:
            raise caseload_fault(error) from None

    def stream(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Iterator[Row]:
        """The rows of a query one at a time: a large read is not held as a list."""
        try:
            yield from self._conn.execute(sql, params)
        except sqlcipher3.Error as error:
            raise caseload_fault(error) from None

    def query_one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        try:
            row: Row | None = self._conn.execute(sql, params).fetchone()
        except sqlcipher3.Error as error:
            raise caseload_fault(error) from None
        return row

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        try:
            row = self._conn.execute(sql, params).fetchone()
        except sqlcipher3.Error as error:
            raise caseload_fault(error) from None
        return None if row is None else row[0]

    # -- maintenance -----------------------------------------------------------------------

    def change_password(self, new_password: str) -> None:
        """Re-encrypt every page with a key derived from the new password."""
        check_password_rule(new_password)
        try:
            self._conn.reset_key(new_password)
            # Pages written under the old key may still sit in the WAL: fold them in.
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlcipher3.Error as error:
            raise caseload_fault(error) from None

    def password_matches(self, password: str) -> bool:
        """Whether ``password`` unlocks this file: a second, read-only look (slow on purpose)
        that writes nothing, neither the file nor its side files."""
        try:
            return _key_opens(self.path, password) is True
        except (OSError, sqlcipher3.Error) as error:
            raise caseload_fault(error) from None

    def checkpoint(self) -> None:
        try:
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlcipher3.Error as error:
            raise caseload_fault(error) from None

    def integrity_report(self) -> IntegrityReport:
        problems: list[str] = []
        try:
            self.checkpoint()
            for row in self._conn.execute("PRAGMA cipher_integrity_check"):
                problems.append(f"cipher: {row[0]}")
            for row in self._conn.execute("PRAGMA integrity_check"):
                if row[0] != "ok":
                    problems.append(f"integrity: {row[0]}")
            for row in self._conn.execute("PRAGMA foreign_key_check"):
                problems.append(f"foreign key: table {row[0]} row {row[1]}")
        except sqlcipher3.DatabaseError:
            problems.append("the file cannot be read completely")
        return IntegrityReport(self.schema_version, latest_version(), tuple(problems))

    def close(self) -> None:
        try:
            self._conn.close()
        except sqlcipher3.Error:
            pass
