"""Known errors: each carries a message for the user (German by default) and an exit code.

Messages never contain personal data (names, dates of birth, field values), because they
end up in terminals, dialogs and possibly logs.
"""

from __future__ import annotations


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
