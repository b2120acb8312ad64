"""Faults of the disk, the file system and other programs, told apart in one place.

SQLite reports a busy caseload, a full disk or a write-protected file as an
``OperationalError`` (sqlcipher3 gives only the primary result code, so "disk I/O error"
cannot be split into reading and writing); the operating system reports them as ``OSError``.
Each known fault becomes a StorageProblem the user can act on; anything else stays a bug.
"""

from __future__ import annotations

import errno

import sqlcipher3

from kimdesk.errors import (
    CaseloadBusy,
    CaseloadReadOnly,
    DiskFailure,
    DiskFull,
    NoPermission,
    StorageProblem,
)

# Another connection holds the write lock (SQLITE_BUSY) or a table lock (SQLITE_LOCKED).
_BUSY = ("SQLITE_BUSY", "SQLITE_LOCKED")
_BUSY_TEXT = ("database is locked", "database table is locked", "database schema is locked")
# CANTOPEN: the side files (-wal, -shm) cannot be made in a write-protected folder.
_READ_ONLY = ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")
_READ_ONLY_TEXT = ("attempt to write a readonly database", "unable to open database file")
# EFBIG: the file may grow no further (file system or process limit); the remedy is the same.
_NO_SPACE = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_PERMISSION = {errno.EACCES, errno.EPERM, errno.EROFS}


def database_fault(error: sqlcipher3.Error) -> StorageProblem | None:
    """The StorageProblem behind an error of SQLite, or None if it is none of them."""
    name = str(getattr(error, "sqlite_errorname", "") or "")
    text = str(error)
    if name.startswith(_BUSY) or text.startswith(_BUSY_TEXT):
        return CaseloadBusy()
    if name == "SQLITE_FULL" or text == "database or disk is full":
        return DiskFull()
    if name == "SQLITE_IOERR" or text == "disk I/O error":
        return DiskFailure()
    if name.startswith(_READ_ONLY) or text in _READ_ONLY_TEXT:
        return CaseloadReadOnly()
    return None


def file_fault(error: OSError, *, caseload: bool) -> StorageProblem | None:
    """The StorageProblem behind an OSError; ``caseload`` when it concerns the caseload's files."""
    if error.errno in _NO_SPACE:
        return DiskFull()
    if isinstance(error, PermissionError) or error.errno in _NO_PERMISSION:
        return CaseloadReadOnly() if caseload else NoPermission()
    return None


def caseload_fault(error: BaseException) -> BaseException:
    """What to raise for ``error`` met while using the caseload: its StorageProblem, or itself."""
    known: StorageProblem | None = None
    if isinstance(error, sqlcipher3.Error):
        known = database_fault(error)
    elif isinstance(error, OSError):
        known = file_fault(error, caseload=True)
    return error if known is None else known
