"""The overview's card of tasks from case conferences: open tasks due within a week or
overdue, so the case manager follows up what the agencies agreed (Fallkonferenz)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kimdesk.case_conference import TASK_NOTICE_DAYS, ConferenceTaskDue
from kimdesk.gui.dashboard import MAX_ENTRIES, Entry, ListCard, day
from kimdesk.i18n import _


class ConferenceTaskCard(ListCard):
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
        self._entries: list[Entry] = []
        self._expanded = False
        self.more_label.setToolTip(_("Shows all of them here"))
        self.more_requested.connect(self._expand)

    def show_tasks(self, due: tuple[ConferenceTaskDue, ...], case_labels: dict[int, str]) -> None:
        """The earliest due first; overdue ones in the alert colour."""
        self._entries = [
            Entry(text=task_text(item, case_labels), target=item.case_id, alert=item.overdue)
            for item in sorted(due, key=lambda d: (d.due_on, d.task_id))
        ]
        self._expanded = False
        self._show()

    def _expand(self) -> None:
        self._expanded = True
        self._show()

    def _show(self) -> None:
        shown = self._entries if self._expanded else self._entries[:MAX_ENTRIES]
        self.list.set_entries(shown, self._tooltip)
        self.list.setVisible(bool(shown))
        hidden = len(self._entries) - len(shown)
        self.more_label.setText(_("+ {n} more").format(n=hidden))
        self.more_label.setVisible(hidden > 0)
        self.empty_label.setText(_("No task from a case conference is due this week."))
        self.empty_label.setVisible(not shown)
        overdue = any(e.alert for e in self._entries)
        self.set_badge(len(self._entries), alert=overdue)


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
