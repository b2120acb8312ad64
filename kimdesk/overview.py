"""The overview's figures and the case list's groups from indexed queries
(kimdesk.store.overview_rows): the work grows with what the overview shows, not with the
caseload, so the main window can compute it at start and after a save.

``Caseload.overview`` calls ``compute_overview``; the main window asks for
``dashboard_data`` (the overview, the persons due for erasure and the cases' labels) and,
after one case changed, for ``groups_of`` those cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from kimdesk.case_groups import CaseGroup, CaseGroups, case_groups
from kimdesk.contact_attempts import closure_attempts
from kimdesk.domain.names import display_name
from kimdesk.domain.records import CaseRow, Draft, GoalDue, Overview, StaleReferral
from kimdesk.domain.referral_status import NO_NEWS_DAYS
from kimdesk.domain.rules import (
    NO_CONTACT_MONTHS,
    REVIEW_NOTICE_DAYS,
    activity_of,
    caseload_capacity,
    closure_suggested,
    months_before,
    report_months_due,
    reporting_since,
)
from kimdesk.lifecycle.erasure import DueErasure, due_for_erasure
from kimdesk.store.overview_rows import OverviewRows

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload

CASELOAD_CREATED = "caseload.created"
REPORT_EXPORTED = "report.exported"


@dataclass(frozen=True)
class DashboardData:
    """What the overview page shows: the figures, the persons due for erasure, and a label
    ("case number name") for every case it names."""

    overview: Overview
    due: tuple[DueErasure, ...]
    labels: dict[int, str]

    @property
    def groups(self) -> CaseGroups:
        return case_groups(self.overview, self.due)


def compute_overview(caseload: Caseload, on: date) -> Overview:
    """The dashboard's figures and reminders on ``on``."""
    rows = OverviewRows(caseload.db)
    dormant = tuple(rows.dormant(months_before(on, NO_CONTACT_MONTHS)))
    until = on + timedelta(days=REVIEW_NOTICE_DAYS)
    reviews = tuple(
        GoalDue(
            goal_id=due.goal_id,
            case_id=due.case_id,
            case_number=due.case_number,
            position=due.position,
            review_due=due.review_due,
            overdue=due.review_due < on,
        )
        for due in rows.goals_due(until)
    )
    return Overview(
        on=on,
        caseload_count=rows.caseload_count(recent=months_before(on, NO_CONTACT_MONTHS), today=on),
        capacity=caseload_capacity(caseload.profile().full_time_share),
        open_cases=rows.open_case_count(),
        reviews_due=reviews,
        closure_suggestions=dormant,
        reports_due=reports_due(caseload, on),
        drafts=drafts(caseload),
        closure_attempts=closure_attempts(dormant),
        stale_referrals=stale_referrals(caseload, on),
        conference_tasks=caseload.case_conferences.tasks_due(on),
    )


def reports_due(caseload: Caseload, on: date) -> tuple[str, ...]:
    """The months whose report is due and not exported yet, oldest first."""
    rows = OverviewRows(caseload.db)
    created = rows.audit_details(CASELOAD_CREATED)
    started = date.fromisoformat(created[0][0][:10]) if created else caseload.today
    exported = {detail.split(" ")[0] for _at, detail in rows.audit_details(REPORT_EXPORTED)}
    since = reporting_since(started, rows.first_activity_on())
    return tuple(report_months_due(on, exported, since))


def drafts(caseload: Caseload) -> tuple[Draft, ...]:
    """Every unfinished form, most recently changed first (without its answers)."""
    forms = caseload.forms
    return tuple(
        Draft(
            instance_id=row.instance_id,
            case_id=row.case_id,
            case_number=row.case_number,
            form_key=row.form_key,
            title=forms.get(row.form_key).title if row.form_key in forms else row.form_key,
            updated_at=row.updated_at,
        )
        for row in OverviewRows(caseload.db).drafts()
    )


def stale_referrals(caseload: Caseload, on: date) -> tuple[StaleReferral, ...]:
    """Open referrals of open cases without a status change for ``NO_NEWS_DAYS`` days."""
    found = OverviewRows(caseload.db).open_referrals(on - timedelta(days=NO_NEWS_DAYS))
    if not found:
        return ()
    providers = {i: service.provider for i, service in caseload.repo.services()}
    return tuple(
        StaleReferral(
            referral_id=row.referral_id,
            case_id=row.case_id,
            case_number=row.case_number,
            status=row.status,
            since=row.since,
            service=providers.get(row.service_id or 0, ""),
        )
        for row in found
    )


def erasure_due(caseload: Caseload, on: date) -> list[DueErasure]:
    """The persons past the retention period, from the cases closed long enough ago only."""
    years = caseload.profile().retention_years
    # Due means closed_on + years < on: every such closure lies in this year or before.
    cutoff = date(on.year - years, 12, 31)
    candidates = OverviewRows(caseload.db).retention_candidates(cutoff)
    return due_for_erasure(caseload, on, rows=candidates) if candidates else []


def dashboard_data(caseload: Caseload, on: date | None = None) -> DashboardData:
    on = on or caseload.today
    overview = caseload.overview(on)
    due = tuple(erasure_due(caseload, on))
    named: set[int] = {due.case_id for due in overview.reviews_due}
    named.update(row.id for row in overview.closure_suggestions)
    named.update(draft.case_id for draft in overview.drafts)
    named.update(referral.case_id for referral in overview.stale_referrals)
    named.update(task.case_id for task in overview.conference_tasks)
    named.update(case_id for entry in due for case_id in entry.case_ids)
    labels = {
        case_id: f"{number} {display_name(surname, given)}"
        for case_id, (number, surname, given) in OverviewRows(caseload.db)
        .case_labels(named)
        .items()
    }
    return DashboardData(overview, due, labels)


def groups_of(caseload: Caseload, rows: Sequence[CaseRow], on: date) -> dict[CaseGroup, set[int]]:
    """Which of the cases ``rows`` belong to which group, by the same rules as the overview.
    ``rows`` holds every case of its persons: the retention rule looks at all of them."""
    ids = [row.id for row in rows]
    queries = OverviewRows(caseload.db)
    due = due_for_erasure(caseload, on, rows=rows)
    return {
        CaseGroup.REVIEW_DUE: queries.review_due_among(
            ids, on + timedelta(days=REVIEW_NOTICE_DAYS)
        ),
        CaseGroup.NO_CONTACT: {row.id for row in rows if closure_suggested(activity_of(row), on)},
        CaseGroup.DRAFT_OPEN: queries.drafts_among(ids),
        CaseGroup.ERASURE_DUE: {case_id for entry in due for case_id in entry.case_ids},
    }


def cases_of_persons(caseload: Caseload, person_ids: Iterable[int]) -> list[CaseRow]:
    """Every case of these persons, as the case list shows them."""
    queries = OverviewRows(caseload.db)
    return [row for person_id in sorted(set(person_ids)) for row in queries.person_cases(person_id)]


def list_groups(caseload: Caseload, rows: Sequence[CaseRow], on: date) -> CaseGroups:
    """The groups of the whole case list, from its rows and two indexed queries."""
    queries = OverviewRows(caseload.db)
    until = on + timedelta(days=REVIEW_NOTICE_DAYS)
    due = due_for_erasure(caseload, on, rows=rows)
    return {
        CaseGroup.REVIEW_DUE: frozenset(goal.case_id for goal in queries.goals_due(until)),
        CaseGroup.NO_CONTACT: frozenset(
            row.id for row in rows if closure_suggested(activity_of(row), on)
        ),
        CaseGroup.DRAFT_OPEN: frozenset(draft.case_id for draft in queries.drafts()),
        CaseGroup.ERASURE_DUE: frozenset(case_id for entry in due for case_id in entry.case_ids),
    }


def case_numbers(caseload: Caseload, case_ids: Iterable[int]) -> dict[int, str]:
    """The case numbers of these cases (by primary key, not the whole case list)."""
    labels = OverviewRows(caseload.db).case_labels(case_ids)
    return {case_id: number for case_id, (number, _surname, _given) in labels.items()}


def one_case(caseload: Caseload, case_id: int) -> CaseRow | None:
    """The case as the case list shows it; None if it is gone (erased, handed over)."""
    return OverviewRows(caseload.db).case(case_id)


def case_count(caseload: Caseload) -> int:
    return caseload.repo.case_count()
