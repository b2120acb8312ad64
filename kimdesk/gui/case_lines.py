"""One case as the case list shows it: its texts, sort keys and flags, computed once per case
(kimdesk.gui.case_list keeps a list of them and redraws one when its case changed).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from PySide6.QtGui import QColor

from kimdesk.case_groups import CaseGroup
from kimdesk.domain.name_search import searchable
from kimdesk.domain.names import display_name
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import CaseRow, search_key
from kimdesk.domain.rules import activity_of, closure_suggested
from kimdesk.i18n import _

NUMBER, NAME, PHASE, LAST_CONTACT, NEXT_REVIEW, FLAGS = range(6)
OVERDUE_COLOUR = QColor("#b3261e")
DORMANT_COLOUR = QColor("#8a5a00")
PHASE_ORDER = {phase: position for position, phase in enumerate(Phase)}
NO_DATE_FIRST, NO_DATE_LAST = 0, date.max.toordinal()


@lru_cache(maxsize=4096)
def day(on: date | None) -> str:
    return f"{on.day:02d}.{on.month:02d}.{on.year:04d}" if on else "–"


def column_titles() -> tuple[str, ...]:
    return (
        _("Case number"),
        _("Name"),
        _("Phase"),
        _("Last contact"),
        _("Next review"),
        _("Notes"),
    )


class Words(NamedTuple):
    """The translated words of the table, looked up once per ``set_rows``, not per row."""

    phases: dict[Phase, str]
    overdue: str
    dormant: str

    @classmethod
    def current(cls) -> Words:
        return cls(
            {phase: phase.label for phase in Phase},
            _("Review overdue"),
            _("no contact > 3 months"),
        )


@dataclass(frozen=True, slots=True)
class CaseLine:
    """One case as the table shows it, computed once per ``set_rows``."""

    row: CaseRow
    texts: tuple[str, ...]
    sort_keys: tuple[tuple[Any, str], ...]
    search: str
    overdue: bool
    dormant: bool

    @property
    def case_id(self) -> int:
        return self.row.id

    @property
    def phase(self) -> Phase:
        return self.row.phase


def case_line(
    row: CaseRow,
    today: date,
    words: Words | None = None,
    groups: Mapping[CaseGroup, Collection[int]] | None = None,
) -> CaseLine:
    """``groups``: the overview's groups; the "no contact" note then follows the overview."""
    words = words or Words.current()
    due = row.next_review_due
    overdue = row.phase.is_open and due is not None and due < today
    if groups is not None:
        dormant = row.id in groups[CaseGroup.NO_CONTACT]
    else:
        dormant = closure_suggested(activity_of(row), today)
    flags = [words.overdue] if overdue else []
    if dormant:
        flags.append(words.dormant)
    number, contact = row.case_number, row.last_contact_on
    name_key = search_key(row.surname, row.given_names)
    return CaseLine(
        row=row,
        texts=(
            number,
            display_name(row.surname, row.given_names),
            words.phases[row.phase],
            day(contact),
            day(due),
            " · ".join(flags),
        ),
        sort_keys=(
            (number, number),
            (name_key, number),
            (PHASE_ORDER[row.phase], number),
            (contact.toordinal() if contact else NO_DATE_FIRST, number),
            (due.toordinal() if due else NO_DATE_LAST, number),
            (-(overdue + dormant), number),
        ),
        search=searchable(number, row.surname, row.given_names),
        overdue=overdue,
        dormant=dormant,
    )


def tooltip(line: CaseLine, column: int) -> str:
    """Built when asked for (on hover), not for every row in advance."""
    row = line.row
    if column == NUMBER:
        return _("Pseudonym: {pseudonym}").format(pseudonym=row.pseudonym)
    if column == NAME:
        return line.texts[NAME]
    if column == PHASE:
        return _("Opened on {date}").format(date=day(row.opened_on))
    if column == LAST_CONTACT and row.last_contact_on is None:
        return _("No contact recorded yet")
    if column == NEXT_REVIEW and row.next_review_due is not None:
        return _("Next review of the goals")
    tips = []
    if column == FLAGS and line.overdue:
        tips.append(
            _("The review of the goals was due on {date}.").format(date=day(row.next_review_due))
        )
    if column == FLAGS and line.dormant:
        tips.append(_("No contact for more than three months: consider closing the case."))
    return "\n".join(tips)
