"""The SQL behind the overview and the case list's groups: each query reads a few entries of
an index (schema migrations 13 and 14, kimdesk.store.schema_indexes and schema_aggregates),
never every contact, form or goal. The rules stay in kimdesk.domain.rules; these queries
only select what they apply to.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kimdesk.domain.phases import Phase
from kimdesk.domain.records import CaseRow
from kimdesk.domain.referral_status import OPEN_STATUSES, ReferralStatus
from kimdesk.store.database import Database
from kimdesk.store.referral_rows import OpenReferralRow
from kimdesk.store.repository import CASE_LIST_SQL, _case_row

# As a list rather than "NOT IN (closed, not_admitted)": an IN list searches the phase index.
OPEN_PHASES = ", ".join(f"'{phase.value}'" for phase in Phase if phase.is_open)
AFTER_SCREENING = ", ".join(
    f"'{phase.value}'" for phase in Phase if phase.is_open and phase is not Phase.SCREENING
)
OPEN_STATUS_KEYS = ", ".join(f"'{status.value}'" for status in sorted(OPEN_STATUSES))
CHUNK = 500  # ids per IN list, well below SQLite's limit of bound parameters

OPEN_CASES_SQL = f"SELECT count(*) FROM cases WHERE phase IN ({OPEN_PHASES})"

# The Solingen rule (kimdesk.domain.rules.counts_for_caseload) as two indexed sets of the
# cases' own figures (schema migration 14, kimdesk.store.schema_aggregates): open cases after
# the first conversation (admitted, or a contact), and cases whose latest counselling lies in
# the last three months (none after today). No contact is read.
CASELOAD_COUNT_SQL = f"""
SELECT count(*) FROM (
    SELECT person_id FROM cases
    WHERE phase IN ({AFTER_SCREENING})
    AND (admitted_on IS NOT NULL OR last_contact_on IS NOT NULL)
    UNION
    SELECT person_id FROM cases
    WHERE last_counselling_on IS NOT NULL AND last_counselling_on BETWEEN :recent AND :today
)
"""

# kimdesk.domain.rules.closure_suggested: open, admitted, and the last contact (or, without
# any, the admission) before the cut-off; searched in the index of that very expression.
DORMANT_SQL = (
    CASE_LIST_SQL
    + f"""
WHERE c.phase IN ({OPEN_PHASES}) AND c.admitted_on IS NOT NULL
AND coalesce(c.last_contact_on, c.admitted_on) < :cutoff
ORDER BY c.case_number
"""
)

# CROSS JOIN keeps the goals first: the unreviewed ones due by then, from their own index,
# rather than every goal of every open case.
GOALS_DUE_SQL = f"""
SELECT g.id, g.case_id, c.case_number, g.position, g.review_due
FROM goals g CROSS JOIN cases c ON c.id = g.case_id
WHERE g.reviewed_on IS NULL AND g.review_due IS NOT NULL AND g.review_due <= :until
AND c.phase IN ({OPEN_PHASES})
ORDER BY g.review_due, g.case_id
"""

DRAFTS_SQL = """
SELECT f.id, f.case_id, c.case_number, f.form_key, f.updated_at
FROM form_instances f JOIN cases c ON c.id = f.case_id
WHERE f.status = 'draft'
ORDER BY f.updated_at DESC, f.id DESC
"""

# Each referral's latest status and its day are kept in its row (schema migration 14): the
# open statuses are searched, each a range of days, not every referral of every open case.
STALE_REFERRALS_SQL = f"""
SELECT r.id, r.case_id, c.case_number, r.service_id, r.latest_status, r.latest_status_on
FROM referrals r JOIN cases c ON c.id = r.case_id
WHERE r.latest_status IN ({OPEN_STATUS_KEYS}) AND r.latest_status_on <= :since
AND c.phase IN ({OPEN_PHASES})
ORDER BY r.latest_status_on, r.id
"""

FIRST_ACTIVITY_SQL = """
SELECT min(day) FROM (SELECT min(opened_on) AS day FROM cases
UNION ALL SELECT min(admitted_on) FROM cases WHERE admitted_on IS NOT NULL
UNION ALL SELECT min(contact_on) FROM contacts
UNION ALL SELECT min(referred_on) FROM referrals)
"""

AUDIT_DETAILS_SQL = "SELECT at, detail FROM audit_log WHERE action = :action ORDER BY id"

# Every case of the persons with a case closed by the cut-off: the retention rule
# (kimdesk.lifecycle.erasure) then decides which of them are due.
RETENTION_SQL = (
    CASE_LIST_SQL + " WHERE c.person_id IN (SELECT person_id FROM cases WHERE closed_on <= :cutoff)"
)

PERSON_CASES_SQL = CASE_LIST_SQL + " WHERE c.person_id = :person"
ONE_CASE_SQL = CASE_LIST_SQL + " WHERE c.id = :case"

# The queries of the overview, with example parameters: their plans are checked in a test.
OVERVIEW_QUERIES: dict[str, tuple[str, dict[str, Any]]] = {
    "open cases": (OPEN_CASES_SQL, {}),
    "caseload count": (
        CASELOAD_COUNT_SQL,
        {"recent": "2026-08-23", "today": "2026-11-23"},
    ),
    "closure suggestions": (DORMANT_SQL, {"cutoff": "2026-08-23"}),
    "goal reviews due": (GOALS_DUE_SQL, {"until": "2026-12-07"}),
    "drafts": (DRAFTS_SQL, {}),
    "referrals without news": (STALE_REFERRALS_SQL, {"since": "2026-10-23"}),
    "first activity": (FIRST_ACTIVITY_SQL, {}),
    "audit entries of an action": (AUDIT_DETAILS_SQL, {"action": "report.exported"}),
    "due for erasure": (RETENTION_SQL, {"cutoff": "2023-12-31"}),
    "cases of a person": (PERSON_CASES_SQL, {"person": 1}),
    "one case": (ONE_CASE_SQL, {"case": 1}),
}


@dataclass(frozen=True)
class GoalDueRow:
    goal_id: int
    case_id: int
    case_number: str
    position: int
    review_due: date


@dataclass(frozen=True)
class DraftRow:
    instance_id: int
    case_id: int
    case_number: str
    form_key: str
    updated_at: str


def chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


class OverviewRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def open_case_count(self) -> int:
        return int(self.db.scalar(OPEN_CASES_SQL))

    def caseload_count(self, *, recent: date, today: date) -> int:
        return int(
            self.db.scalar(
                CASELOAD_COUNT_SQL, {"recent": recent.isoformat(), "today": today.isoformat()}
            )
        )

    def dormant(self, cutoff: date) -> list[CaseRow]:
        return [_case_row(r) for r in self.db.query(DORMANT_SQL, {"cutoff": cutoff.isoformat()})]

    def goals_due(self, until: date) -> list[GoalDueRow]:
        rows = self.db.query(GOALS_DUE_SQL, {"until": until.isoformat()})
        return [GoalDueRow(r[0], r[1], r[2], r[3], date.fromisoformat(r[4])) for r in rows]

    def drafts(self) -> list[DraftRow]:
        return [DraftRow(r[0], r[1], r[2], r[3], r[4]) for r in self.db.query(DRAFTS_SQL)]

    def open_referrals(self, since_at_most: date) -> list[OpenReferralRow]:
        rows = self.db.query(STALE_REFERRALS_SQL, {"since": since_at_most.isoformat()})
        return [
            OpenReferralRow(r[0], r[1], r[2], r[3], ReferralStatus(r[4]), date.fromisoformat(r[5]))
            for r in rows
        ]

    def first_activity_on(self) -> date | None:
        day = self.db.scalar(FIRST_ACTIVITY_SQL)
        return date.fromisoformat(day) if day else None

    def audit_details(self, action: str) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.db.query(AUDIT_DETAILS_SQL, {"action": action})]

    def retention_candidates(self, cutoff: date) -> list[CaseRow]:
        return [_case_row(r) for r in self.db.query(RETENTION_SQL, {"cutoff": cutoff.isoformat()})]

    def person_cases(self, person_id: int) -> list[CaseRow]:
        return [_case_row(r) for r in self.db.query(PERSON_CASES_SQL, {"person": person_id})]

    def case(self, case_id: int) -> CaseRow | None:
        row = self.db.query_one(ONE_CASE_SQL, {"case": case_id})
        return _case_row(row) if row else None

    def case_labels(self, case_ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
        """Case number, surname and given names of these cases, by primary key."""
        return {
            r[0]: (r[1], r[2], r[3])
            for r in self._among(
                "SELECT c.id, c.case_number, p.surname, p.given_names FROM cases c "
                "JOIN persons p ON p.id = c.person_id WHERE c.id IN ({marks})",
                case_ids,
            )
        }

    def review_due_among(self, case_ids: Sequence[int], until: date) -> set[int]:
        """Of these cases, the open ones with an unreviewed goal due by ``until``."""
        sql = (
            "SELECT DISTINCT g.case_id FROM goals g JOIN cases c ON c.id = g.case_id "
            "WHERE g.case_id IN ({marks}) AND g.reviewed_on IS NULL "
            "AND g.review_due IS NOT NULL AND g.review_due <= ? "
            f"AND c.phase IN ({OPEN_PHASES})"
        )
        return {r[0] for r in self._among(sql, case_ids, until.isoformat())}

    def drafts_among(self, case_ids: Sequence[int]) -> set[int]:
        """Of these cases, the ones with an unfinished form."""
        sql = (
            "SELECT DISTINCT case_id FROM form_instances "
            "WHERE case_id IN ({marks}) AND status = 'draft'"
        )
        return {r[0] for r in self._among(sql, case_ids)}

    def _among(self, sql: str, ids: Iterable[int], *after: Any) -> Iterator[Any]:
        """The rows of ``sql`` for ``ids``, a chunk of them at a time in its ``IN ({marks})``
        (``after``: the parameters behind the list)."""
        for part in chunks(ids):
            marks = ", ".join("?" * len(part))
            yield from self.db.query(sql.replace("{marks}", marks), [*part, *after])
