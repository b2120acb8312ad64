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
from kimdesk.domain.records import CaseRow

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
    # Unanswered contact attempts are never contacts: they are not in the figures above.
    last_attempt_on: date | None = None


def activity_of(row: CaseRow) -> CaseActivity:
    """What the rules need of a case list row: its contact figures are contacts only (a row
    knows the last contact, not the count, and no short referrals)."""
    return CaseActivity(
        person_id=row.person_id,
        phase=row.phase,
        opened_on=row.opened_on,
        admitted_on=row.admitted_on,
        contact_count=1 if row.last_contact_on else 0,
        last_contact_on=row.last_contact_on,
        last_counselling_on=None,
        last_attempt_on=row.last_attempt_on,
    )


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
    """An admitted open case without any contact for more than three months.

    An unanswered attempt does not reset the three months: it shows that contact is absent
    (Solingen §2.8), see ``attempt_since_contact``.
    """
    if not case.phase.is_open or case.admitted_on is None:
        return False
    last = case.last_contact_on or case.admitted_on
    return last < months_before(today, NO_CONTACT_MONTHS)


def attempt_since_contact(case: CaseActivity) -> date | None:
    """The last unanswered attempt after the last contact (any, if there was none yet)."""
    attempt, contact = case.last_attempt_on, case.last_contact_on
    if attempt is None or (contact is not None and attempt <= contact):
        return None
    return attempt


REPORT_DUE_DAY = 25  # the monthly report is due from the 25th until it is exported
REVIEW_NOTICE_DAYS = 14  # goal reviews show on the dashboard this many days ahead


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def report_months_due(today: date, exported: set[str], started: date) -> list[str]:
    """Months whose report is due and not yet exported, oldest first.

    The report of a month is due from its 25th until it is exported; the previous month's
    stays due into the next month. Months before the caseload was started are never due
    (``started``: see ``reporting_since``).
    """
    previous = months_before(today.replace(day=1), 1)
    candidates = []
    if month_key(previous) >= month_key(started):
        candidates.append(month_key(previous))
    if today.day >= REPORT_DUE_DAY:
        candidates.append(month_key(today))
    return [m for m in candidates if m not in exported]


def reporting_since(created_on: date, first_activity: date | None) -> date:
    """The first day the caseload has work to report on.

    Not simply the day the file was created: a caseload created on 1 December may hold
    November's work (an imported list with admission dates, a handover, the demo, contacts
    typed in afterwards), and November's report is then due. ``first_activity`` is the
    earliest case opening, admission, contact or referral; an empty caseload counts from
    its creation.
    """
    return min(created_on, first_activity) if first_activity is not None else created_on


def report_month_to_offer(today: date, due: Iterable[str]) -> str:
    """The month the report dialog starts with: the oldest one due; else the month that
    ends soonest to be reported (this one from the 25th, before that the one just ended)."""
    for month in due:
        return month
    if today.day >= REPORT_DUE_DAY:
        return month_key(today)
    return month_key(months_before(today.replace(day=1), 1))
