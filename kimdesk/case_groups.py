"""The named groups of cases the overview lists and the case list filters by: goal review due
or overdue, without contact for more than three months, a draft open, due for erasure.

Both screens take a group's members from here, and here they come from the overview and the
retention rule, so a group means the same cases wherever it is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from kimdesk.domain.records import Overview
from kimdesk.i18n import _
from kimdesk.lifecycle.erasure import DueErasure


class CaseGroup(StrEnum):
    """A group of cases the overview shows as a card."""

    REVIEW_DUE = "review_due"
    NO_CONTACT = "no_contact"
    DRAFT_OPEN = "draft_open"
    ERASURE_DUE = "erasure_due"

    @property
    def label(self) -> str:
        return {
            CaseGroup.REVIEW_DUE: _("Review due/overdue"),
            CaseGroup.NO_CONTACT: _("No contact > 3 months"),
            CaseGroup.DRAFT_OPEN: _("Draft open"),
            CaseGroup.ERASURE_DUE: _("Due for erasure"),
        }[self]


CaseGroups = Mapping[CaseGroup, frozenset[int]]


def case_groups(overview: Overview, due: Iterable[DueErasure]) -> CaseGroups:
    """The case ids of every group, from the overview and the persons due for erasure."""
    return {
        CaseGroup.REVIEW_DUE: frozenset(goal.case_id for goal in overview.reviews_due),
        CaseGroup.NO_CONTACT: frozenset(row.id for row in overview.closure_suggestions),
        CaseGroup.DRAFT_OPEN: frozenset(draft.case_id for draft in overview.drafts),
        CaseGroup.ERASURE_DUE: frozenset(case_id for entry in due for case_id in entry.case_ids),
    }
