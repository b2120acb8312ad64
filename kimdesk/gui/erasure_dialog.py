"""Erasure in the GUI: the overview's card of persons due for erasure, and the questions
asked before erasing them, or one person on request (Art. 17 GDPR)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from kimdesk.caseload import Caseload
from kimdesk.errors import KimdeskError
from kimdesk.gui.dashboard import Entry, ListCard, day
from kimdesk.gui.prompter import PrompterLike
from kimdesk.i18n import _, ngettext
from kimdesk.lifecycle.erasure import (
    REASON_RETENTION,
    DueErasure,
    ErasureRecord,
    due_for_erasure,
    erase_person,
    erase_persons,
)
from kimdesk.overview import cases_of_persons

T = TypeVar("T")


class ErasureCard(ListCard):
    """Closed cases past the retention period; hidden while nothing is due."""

    erase_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Due for &erasure"),
            _("Cases due for erasure"),
            _("The retention period has passed. Enter or click opens the case"),
            parent,
        )
        self.erase_button = QPushButton(_("Erase the due cases …"), self)
        self.erase_button.setToolTip(
            _("Erases these persons with all their data for good; asks first")
        )
        self.erase_button.clicked.connect(self.erase_requested)
        self.body.addWidget(self.erase_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.hide()

    def show_due(self, due: list[DueErasure], case_labels: dict[int, str]) -> None:
        entries = [
            Entry(
                _("{case} – ended on {ended} – due since {due}").format(
                    case=_label(entry, case_labels),
                    ended=day(entry.closed_on),
                    due=day(entry.due_on),
                ),
                entry.case_ids[-1],
                alert=True,
            )
            for entry in due
        ]
        self.setVisible(bool(entries))  # first: the list measures its rows when shown
        self.set_entries(entries, "")


def _label(entry: DueErasure, case_labels: dict[int, str]) -> str:
    first = case_labels.get(entry.case_ids[-1], entry.case_numbers[-1])
    others = list(entry.case_numbers[:-1])
    return f"{first} ({', '.join(others)})" if others else first


def erase_due_cases(
    parent: QWidget, caseload: Caseload, prompter: PrompterLike
) -> list[ErasureRecord]:
    """Ask once, then erase every person due for erasure; [] if declined or nothing due."""
    due = due_for_erasure(caseload)
    if not due:
        return []
    numbers = ", ".join(number for entry in due for number in entry.case_numbers)
    question = ngettext(
        "Erase {n} person whose cases ended more than {years} years ago, with every case, "
        "form, contact, goal, referral and consent, for good?\n\nCases: {numbers}\n\n"
        "This cannot be undone.",
        "Erase {n} persons whose cases ended more than {years} years ago, with every case, "
        "form, contact, goal, referral and consent, for good?\n\nCases: {numbers}\n\n"
        "This cannot be undone.",
        len(due),
    ).format(n=len(due), years=caseload.profile().retention_years, numbers=numbers)
    if not prompter.question(parent, question, title=_("Erase due cases")):
        return []
    person_ids = [entry.person_id for entry in due]
    records = _busy(
        parent, prompter, lambda: erase_persons(caseload, person_ids, reason=REASON_RETENTION)
    )
    if records is not None:
        _report(parent, prompter, records)
    return records or []


def erase_person_on_request(
    parent: QWidget, caseload: Caseload, prompter: PrompterLike, case_id: int
) -> ErasureRecord | None:
    """Erase the person of a case on their request (Art. 17), after a question naming the
    case numbers; None if declined or it failed (the user was told)."""
    case = caseload.case(case_id)
    numbers = [row.case_number for row in cases_of_persons(caseload, [case.person_id])]
    question = ngettext(
        "Erase the person of case {numbers} with every form, contact, goal, referral and "
        "consent, for good (Art. 17 GDPR)?\n\nThis cannot be undone.",
        "Erase the person of the cases {numbers} with every form, contact, goal, referral and "
        "consent, for good (Art. 17 GDPR)?\n\nThis cannot be undone.",
        len(numbers),
    ).format(numbers=", ".join(numbers))
    if not prompter.question(parent, question, title=_("Erase person")):
        return None
    records = _busy(parent, prompter, lambda: [erase_person(caseload, case.person_id)])
    if records is None:
        return None
    _report(parent, prompter, records)
    return records[0]


def _busy(
    parent: QWidget, prompter: PrompterLike, work: Callable[[], list[T]]
) -> list[T] | None:
    """Run the erasure with a wait cursor (rewriting the file takes a moment)."""
    failure: KimdeskError | None = None
    result: list[T] | None = None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = work()
    except KimdeskError as error:
        failure = error
    finally:
        QApplication.restoreOverrideCursor()
    if failure is not None:
        prompter.error(parent, str(failure))
    return result


def _report(parent: QWidget, prompter: PrompterLike, records: list[ErasureRecord]) -> None:
    cases = sum(record.case_count for record in records)
    text = ngettext(
        "Erased: {n} person and their cases ({cases} in all). The audit log keeps only the "
        "pseudonyms and the date.",
        "Erased: {n} persons and their cases ({cases} in all). The audit log keeps only the "
        "pseudonyms and the date.",
        len(records),
    ).format(n=len(records), cases=cases)
    prompter.info(parent, text, title=_("Erased"))
    if not all(record.file_cleaned for record in records):
        prompter.warning(
            parent,
            _(
                "The data are erased, but old copies in the file could not be overwritten yet "
                "(another program has the caseload open, or the disk is full). That happens "
                "when every program has closed the caseload."
            ),
        )
