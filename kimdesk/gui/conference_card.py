"""The overview's card of tasks from case conferences: open tasks due within a week or
overdue, so the case manager follows up what the agencies agreed (Fallkonferenz)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kimdesk.case_conference import TASK_NOTICE_DAYS, ConferenceTaskDue
from kimdesk.gui.dashboard import Entry, day
from kimdesk.gui.expanding_card import ExpandingListCard
from kimdesk.i18n import _


class ConferenceTaskCard(ExpandingListCard):
    """Its "+ n more" shows the whole list in place: no case list filter fits a task."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Tasks from case co&nferences"),
            _("Tasks from case conferences"),
            _("Open tasks due within {days} days or overdue. Enter or click opens the case").format(
                days=TASK_NOTICE_DAYS
            ),
            parent,
        )

    def show_tasks(self, due: tuple[ConferenceTaskDue, ...], case_labels: dict[int, str]) -> None:
        """The earliest due first; overdue ones in the alert colour."""
        entries = [
            Entry(text=task_text(item, case_labels), target=item.case_id, alert=item.overdue)
            for item in sorted(due, key=lambda d: (d.due_on, d.task_id))
        ]
        self.show_entries(entries, _("No task from a case conference is due this week."))


def task_text(item: ConferenceTaskDue, case_labels: dict[int, str]) -> str:
    case = case_labels.get(item.case_id, item.case_number)
    template = (
        _("{case} – {task} ({responsible}), overdue since {date}")
        if item.overdue
        else _("{case} – {task} ({responsible}), due {date}")
    )
    task = item.description.splitlines()[0] if item.description.strip() else ""
    return template.format(
        case=case, task=task, responsible=item.responsible, date=day(item.due_on)
    )
