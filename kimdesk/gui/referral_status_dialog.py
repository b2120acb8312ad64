"""Recording news about a referral: its new status with the day, the result, and whether the
client got what they needed; the course so far is shown above, the last change can be undone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.domain.records import Service
from kimdesk.domain.referral_status import NO_NEWS_DAYS, NeedMet, ReferralStatus, without_news
from kimdesk.errors import KimdeskError
from kimdesk.gui.contact_dialog import CorrectionInput, date_edit
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import heading, hint, save_cancel_buttons, submit_shortcuts
from kimdesk.i18n import N_, _
from kimdesk.referral_followup import FollowUp, service_label

ALERT_COLOUR = QColor("#b3261e")  # the overview's


# The status offered first: the usual next step of an open referral.
USUAL_NEXT = {
    ReferralStatus.PROPOSED: ReferralStatus.AGREED,
    ReferralStatus.AGREED: ReferralStatus.ACCEPTED,
    ReferralStatus.ACCEPTED: ReferralStatus.COMPLETED,
}


def day(on: date) -> str:
    return on.strftime("%d.%m.%Y")


class ReferralStatusDialog(QDialog):
    """Ends accepted once a status change is stored or the last one undone."""

    def __init__(
        self,
        caseload: Caseload,
        referral_id: int,
        prompter: PrompterLike,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._caseload = caseload
        self._prompter = prompter
        self.referral_id = referral_id
        self.follow_up: FollowUp = caseload.referral_follow_ups.follow_up(referral_id)
        self.title = _("Referral: record news")
        self.setWindowTitle(self.title)
        self.setMinimumWidth(scaled(560))
        self._build()
        # Closed at a lock like any input dialog; the referral is there to be opened again.
        self.dialog_input = CorrectionInput(
            self,
            caseload,
            kind="referral_status",
            case_id=self.follow_up.referral.case_id,
            fields={
                "status": self.status_combo,
                "date": self.date_edit,
                "result": self.result_edit,
                **{f"need_{need.value}": button for need, button in self.need_buttons.items()},
            },
        )
        self.status_combo.setFocus()

    def _build(self) -> None:
        follow_up = self.follow_up
        referral = follow_up.referral
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(heading(self.title, self))
        services = dict(self._caseload.services())
        facts = [
            service_label(services.get(referral.service_id or 0)) or _("no directory entry"),
            referral.domain.label if referral.domain else "",
            _("referred on {date}").format(date=day(referral.referred_on)),
        ]
        self.facts_label = QLabel(" · ".join(part for part in facts if part), self)
        self.facts_label.setWordWrap(True)
        layout.addWidget(self.facts_label)

        course = QLabel(_("Course so far"), self)
        course.setObjectName("sectionCaption")
        layout.addWidget(course)
        # One line per change, oldest first: the referral's course, read only.
        self.history_label = QLabel(
            "\n".join(f"{day(c.on)}   {c.status.label}" for c in follow_up.history), self
        )
        self.history_label.setAccessibleName(_("Course so far"))
        self.history_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        course.setBuddy(self.history_label)
        layout.addWidget(self.history_label)
        self.ended_hint = hint(
            _("This referral has ended. Record a new referral, or undo the last change."), self
        )
        self.ended_hint.setVisible(not follow_up.is_open)
        layout.addWidget(self.ended_hint)

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        layout.addLayout(form)
        self.status_combo = QComboBox(self)
        self.status_combo.setAccessibleName(_("New status"))
        for status in ReferralStatus:
            if status is not follow_up.status:
                self.status_combo.addItem(status.label, status.value)
        following = USUAL_NEXT.get(follow_up.status)
        if following is not None:
            self.status_combo.setCurrentIndex(self.status_combo.findData(following.value))
        self.status_combo.currentIndexChanged.connect(self._status_chosen)
        form.addRow(self._buddy(_("New &status"), self.status_combo), self.status_combo)

        today = QDate(self._caseload.today)
        self.date_edit = date_edit(today, self)
        self.date_edit.setMinimumDate(QDate(follow_up.since))
        self.date_edit.setAccessibleName(_("Changed on"))
        form.addRow(self._buddy(_("Changed &on"), self.date_edit), self.date_edit)

        self.result_edit = QPlainTextEdit(self)
        self.result_edit.setTabChangesFocus(True)
        self.result_edit.setAccessibleName(_("Result"))
        self.result_edit.setPlaceholderText(_("What came of it, in a few words"))
        self.result_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.result_edit.setPlainText(follow_up.result)
        form.addRow(self._buddy(_("&Result"), self.result_edit), self.result_edit)

        need_row = QHBoxLayout()
        self.need_group = QButtonGroup(self)
        self.need_buttons: dict[NeedMet, QRadioButton] = {}
        for need in NeedMet:
            button = QRadioButton(need.label, self)
            self.need_group.addButton(button)
            self.need_buttons[need] = button
            need_row.addWidget(button)
        need_row.addStretch(1)
        self.need_label = QLabel(_("Got what they needed?"), self)
        self.need_label.setToolTip(_("Said when the referral ends; required to complete it"))
        form.addRow(self.need_label, need_row)

        bottom = QHBoxLayout()
        self.undo_button = QPushButton(_("&Undo the last change …"), self)
        self.undo_button.setToolTip(_("Take back the last status change if it was a mistake"))
        self.undo_button.setEnabled(len(follow_up.history) > 1)
        self.undo_button.clicked.connect(self.undo_last_change)
        bottom.addWidget(self.undo_button)
        bottom.addStretch(1)
        self.buttons, self.save_button, _cancel = save_cancel_buttons(self, self.save)
        self.save_button.setEnabled(follow_up.is_open)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        submit_shortcuts(self, self.save)
        for widget in (self.status_combo, self.date_edit, self.result_edit):
            widget.setEnabled(follow_up.is_open)
        self._status_chosen()

    def _buddy(self, text: str, field: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(field)
        return label

    def _status_chosen(self) -> None:
        """Whether the need was met is said only when the referral ends."""
        status = self.status()
        ends = status is not None and not status.is_open and self.follow_up.is_open
        for button in self.need_buttons.values():
            button.setEnabled(ends)
        if not ends:
            self.need_group.setExclusive(False)  # an exclusive group cannot uncheck
            for button in self.need_buttons.values():
                button.setChecked(False)
            self.need_group.setExclusive(True)
        self.need_label.setEnabled(ends)

    # -- values ----------------------------------------------------------------------------

    def status(self) -> ReferralStatus | None:
        key = self.status_combo.currentData()
        return ReferralStatus(key) if key else None

    def need_met(self) -> NeedMet | None:
        return next((n for n, b in self.need_buttons.items() if b.isChecked()), None)

    def save(self) -> None:
        status = self.status()
        if status is None or not self.follow_up.is_open:
            return
        try:
            self._caseload.referral_follow_ups.change_status(
                self.referral_id,
                status,
                on=self.date_edit.date().toPython(),
                result=self.result_edit.toPlainText(),
                need_met=self.need_met(),
            )
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return
        self.accept()

    def undo_last_change(self) -> bool:
        if len(self.follow_up.history) < 2:
            return False
        last, before = self.follow_up.history[-1], self.follow_up.history[-2]
        question = _(
            "Undo the change to “{status}” of {date}? The referral is “{before}” again."
        ).format(status=last.status.label, date=day(last.on), before=before.status.label)
        if not self._prompter.confirm(
            self, question, action=_("Undo the change"), title=self.title
        ):
            return False
        try:
            self._caseload.referral_follow_ups.undo_last_change(self.referral_id)
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return False
        self.accept()
        return True


REFERRAL_COLUMNS = (
    N_("Date"),
    N_("Service"),
    N_("Life domain"),
    N_("Status"),
    N_("Last change"),
    N_("Need met"),
    N_("Result"),
    N_("Note"),
)
STATUS_COLUMN = 3


def referral_line(follow_up: FollowUp, services: Mapping[int, Service]) -> list[str]:
    """One line of the case view's referrals table (long texts: their first line)."""
    referral = follow_up.referral
    return [
        day(referral.referred_on),
        service_label(services.get(referral.service_id or 0)) or "–",
        referral.domain.label if referral.domain else "",
        follow_up.status.label,
        day(follow_up.since),
        follow_up.need_met.label if follow_up.need_met else "",
        follow_up.result.splitlines()[0] if follow_up.result.strip() else "",
        referral.note.splitlines()[0] if referral.note.strip() else "",
    ]


def mark_without_news(table: QTableWidget, follow_ups: Sequence[FollowUp], on: date) -> None:
    """The status of an open referral without news for too long, in the alert colour."""
    for row, follow_up in enumerate(follow_ups):
        item = table.item(row, STATUS_COLUMN)
        if item is not None and without_news(follow_up.history, on):
            item.setForeground(ALERT_COLOUR)
            item.setToolTip(
                _("No news for {days} days or more: ask how it goes").format(days=NO_NEWS_DAYS)
            )
