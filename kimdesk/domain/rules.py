"""Counting rules of the seeds, as pure functions over small snapshots of cases.

- Caseload count (Solingen §3, "Fallschlüssel"): every person who has had at least the
  first conversation, plus every case with a counselling contact beyond a short referral
  in the last three months; compared with about 50 persons per full-time post.
- Closure suggestion (Solingen §2.8): contact refused or absent for more than three months.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kimdesk.domain.phases import Phase

PERSONS_PER_FULL_TIME_POST = 50
NO_CONTACT_MONTHS = 3


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, clamped to the month's end."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


@dataclass(frozen=True)
class CaseActivity:
    """What the rules need to know about one case."""

    person_id: int
    phase: Phase
    opened_on: date
    admitted_on: date | None
    contact_count: int
    last_contact_on: date | None
    last_counselling_on: date | None  # last contact that was more than a short referral


def had_first_conversation(case: CaseActivity) -> bool:
    """The first conversation (Erstgespräch) is the intake; screening alone is not enough."""
    if case.phase is Phase.SCREENING:
        return False
    return case.admitted_on is not None or case.contact_count > 0


def counts_for_caseload(case: CaseActivity, today: date) -> bool:
    if case.phase.is_open and had_first_conversation(case):
        return True
    recent = months_before(today, NO_CONTACT_MONTHS)
    return case.last_counselling_on is not None and recent <= case.last_counselling_on <= today


def caseload_count(cases: Iterable[CaseActivity], today: date) -> int:
    """Distinct persons counted by the Solingen rule on ``today``."""
    return len({c.person_id for c in cases if counts_for_caseload(c, today)})


def caseload_capacity(full_time_share: float) -> float:
    """The caseload key: about 50 persons per full-time post."""
    return PERSONS_PER_FULL_TIME_POST * full_time_share


def closure_suggested(case: CaseActivity, today: date) -> bool:
    """An admitted open case without any contact for more than three months."""
    if not case.phase.is_open or case.admitted_on is None:
        return False
    last = case.last_contact_on or case.admitted_on
    return last < months_before(today, NO_CONTACT_MONTHS)


REPORT_DUE_DAY = 25  # the monthly report is due from the 25th until it is exported
REVIEW_NOTICE_DAYS = 14  # goal reviews show on the dashboard this many days ahead


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def report_months_due(today: date, exported: set[str], started: date) -> list[str]:
    """Months whose report is due and not yet exported.

    The report of a month is due from its 25th until it is exported; the previous month's
    stays due into the next month. Months before the caseload was started are never due.
    """
    previous = months_before(today.replace(day=1), 1)
    candidates = []
    if month_key(previous) >= month_key(started):
        candidates.append(month_key(previous))
    if today.day >= REPORT_DUE_DAY:
        candidates.append(month_key(today))
    return [m for m in candidates if m not in exported]
