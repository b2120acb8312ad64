"""Dates as people type them, with one wording for what can be wrong, used by every date field.

Accepted: 23.11.2026, 1.2.2026, 23.11.26, 23112026 and 2026-11-23. Two problems are told
apart: text that is no date at all, and a date that does not exist ("31.02.1990"). Whether a
real date fits (not in the future, not before another date) is for the caller to say.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from kimdesk.errors import BadInput
from kimdesk.i18n import _

_GERMAN = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\s*$")
_DIGITS = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


class DateProblem(StrEnum):
    NOT_A_DATE = "not_a_date"
    NO_SUCH_DAY = "no_such_day"

    @property
    def message(self) -> str:
        # Looked up when shown, so the message follows the language in use.
        if self is DateProblem.NO_SUCH_DAY:
            return _("This day does not exist.")
        return _("Please type the date as dd.mm.yyyy, e.g. 23.11.2026.")


class DateInputError(BadInput, ValueError):
    """A typed date that cannot be read; the message never repeats the text typed.

    Also a ValueError, as ``date()`` and ``strptime`` raise, for callers that catch those."""

    def __init__(self, problem: DateProblem) -> None:
        self.problem = problem
        super().__init__(problem.message)


def parse_german_date(text: str, *, today: date | None = None) -> date:
    """The date in ``text``, or DateInputError saying what is wrong.

    ``today`` decides the century of a two-digit year: up to ten years ahead count as this
    century, the rest as the last.
    """
    found = _GERMAN.match(text) or _DIGITS.match(text)
    if found:
        day, month, year = (int(part) for part in found.groups())
        if len(found.group(3)) == 2:
            pivot = (today or date.today()).year % 100 + 10
            year += 2000 if year <= pivot else 1900
    else:
        iso = _ISO.match(text)
        if iso is None:
            raise DateInputError(DateProblem.NOT_A_DATE)
        year, month, day = (int(part) for part in iso.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise DateInputError(DateProblem.NO_SUCH_DAY) from None


def format_german_date(value: date) -> str:
    return value.strftime("%d.%m.%Y")
