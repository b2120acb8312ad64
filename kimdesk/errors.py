"""Known errors: each carries a message for the user (German by default) and an exit code.

Messages never contain personal data (names, dates of birth, field values), because they
end up in terminals, dialogs and possibly logs.
"""

from __future__ import annotations

from pathlib import Path

from kimdesk.i18n import _


class KimdeskError(Exception):
    """An expected failure the user can act on; anything else is a bug."""

    exit_code = 1


class BadInput(KimdeskError):
    exit_code = 2


class WrongPassword(KimdeskError):
    exit_code = 3


class DamagedDatabase(KimdeskError):
    exit_code = 4


class ConsentRequired(BadInput):
    """Assessment data may only be stored after a signed consent is recorded."""


class PhaseTransitionError(BadInput):
    """The case cannot move from its phase to the requested one."""


class EnvironmentProblem(KimdeskError):
    """The machine lacks something kimdesk needs (a library, a display)."""

    exit_code = 1


class StorageProblem(KimdeskError):
    """The disk, the file system or another program stands in the way; the user can act."""

    exit_code = 2

    def __init__(self, message: str | None = None) -> None:
        # The message is made when raised, so that it is in the language then in use.
        super().__init__(self.default_message() if message is None else message)

    @staticmethod
    def default_message() -> str:
        return ""


class CaseloadBusy(StorageProblem):
    """Another program holds the caseload's write lock longer than a writer waits."""

    @staticmethod
    def default_message() -> str:
        return _(
            "The caseload is being used by another kimdesk program. Please close it, "
            "or wait a moment and try again."
        )


class DiskFull(StorageProblem):
    """No space left (or the file may grow no further); what was being saved is not."""

    @staticmethod
    def default_message() -> str:
        return _(
            "The disk is full: what was just to be saved has not been saved. Please free "
            "some space (or choose another drive) and try again."
        )


class DiskFailure(StorageProblem):
    """SQLite's "disk I/O error": it does not tell a full drive from a failing one."""

    @staticmethod
    def default_message() -> str:
        return _(
            "The drive reports an error (it may be full, disconnected or faulty): what was "
            "just to be saved has not been saved. Please check the free space and the "
            "drive, then try again."
        )


class CaseloadReadOnly(StorageProblem):
    """The caseload file or its folder may not be written (or read) by this user."""

    @staticmethod
    def default_message() -> str:
        return _(
            "The caseload is write-protected, or you have no permission for the file or "
            "its folder. Please ask (e.g. your IT staff) for read and write access to "
            "both, then try again."
        )


class NoPermission(StorageProblem):
    """Another file or folder kimdesk needs may not be read or written by this user."""

    @staticmethod
    def default_message() -> str:
        return _(
            "No permission: kimdesk may not read or write a file or folder it needs (it "
            "is write-protected or belongs to someone else). Please choose another "
            "folder or ask for access, then try again."
        )


class MissingFolder(BadInput):
    """An output file was to go into a folder that does not exist."""

    def __init__(self, folder: Path | str) -> None:
        # The folder is the user's own choice; file names (which may hold names) stay out.
        super().__init__(
            _(
                "The folder {folder} does not exist. Please create it or choose another "
                "folder; nothing was written."
            ).format(folder=folder)
        )
