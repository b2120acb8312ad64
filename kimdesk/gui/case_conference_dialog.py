"""Preparing and recording a case conference (Fallkonferenz): who is invited (only the
agencies the consents allow), the agenda; once held, who took part, the agreements and the
tasks with who is responsible and by when. Tasks are marked done here too. The case view's
tab lists a case's conferences."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kimdesk.case_conference import (
    CaseConference,
    ConferenceTask,
    Invitation,
    Minutes,
    Preparation,
    default_agenda,
    party_label,
)
from kimdesk.caseload import Caseload
from kimdesk.consent_scope import exclusion_lines
from kimdesk.errors import KimdeskError
from kimdesk.gui.case_tables import fill_table, read_only_table
from kimdesk.gui.contact_dialog import CorrectionInput, DateField, date_edit
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.record_corrections import DeleteKey, confirm_and_remove
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import (
    chain_tab_order,
    heading,
    hint,
    leave_with_tab,
    save_cancel_buttons,
    submit_shortcuts,
)
from kimdesk.i18n import _, ngettext

PLAN_AHEAD_DAYS = 366
TASK_COLUMNS = 4  # task, responsible, due by, done
TASK_WIDTHS = {1: 230, 2: 120, 3: 110}  # the task's words take the rest


def day(on: date | None) -> str:
    return on.strftime("%d.%m.%Y") if on else ""


def invitation_notes(invitation: Invitation) -> list[str]:
    """For the case manager's own eyes: what was left out and what the client excluded."""
    notes = []
    if invitation.not_covered:
        notes.append(
            ngettext(
                "{n} agency of the cover sheet is not offered: no release from "
                "confidentiality covers it.",
                "{n} agencies of the cover sheet are not offered: no release from "
                "confidentiality covers them.",
                invitation.not_covered,
            ).format(n=invitation.not_covered)
        )
    if invitation.conference_consent:
        notes += exclusion_lines(invitation.exclusions)
    else:
        notes.append(
            _(
                "No consent to a needs conference is recorded: the release from confidentiality "
                "alone decides who may take part."
            )
        )
    return notes


class PartyList(QListWidget):
    """The parties that may take part, each with a check box."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)

    def set_parties(self, parties: tuple[str, ...], checked: set[str]) -> None:
        self.clear()
        for party in parties:
            item = QListWidgetItem(party_label(party), self)
            item.setData(Qt.ItemDataRole.UserRole, party)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if party in checked else Qt.CheckState.Unchecked
            )

    def checked(self) -> tuple[str, ...]:
        return tuple(
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )


class CaseConferenceDialog(QDialog):
    """Ends accepted once the conference is stored."""

    def __init__(
        self,
        caseload: Caseload,
        case_id: int,
        prompter: PrompterLike,
        parent: QWidget | None = None,
        *,
        conference_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._caseload = caseload
        self._prompter = prompter
        self.case_id = case_id
        self.conference_id = conference_id
        conferences = caseload.case_conferences
        self.conference: CaseConference | None = (
            conferences.conference(conference_id) if conference_id is not None else None
        )
        today = caseload.today
        self.invitation = conferences.invitation(case_id, today)
        self.title = _("Case conference") if self.conference else _("Prepare a case conference")
        self.setWindowTitle(self.title)
        self.setMinimumSize(scaled(840), 620)
        self._build(today)
        self.dialog_input = CorrectionInput(
            self,
            caseload,
            kind="case_conference",
            case_id=case_id,
            fields={
                "planned_on": self.planned_edit,
                "agenda": self.agenda_edit,
                "held": self.held_check,
                "held_on": self.held_edit,
                "agreements": self.agreements_edit,
            },
        )

    # -- building --------------------------------------------------------------------------

    def _build(self, today: date) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(heading(self.title, self))
        notes = invitation_notes(self.invitation)
        self.notice = hint("\n".join(notes), self)
        self.notice.setObjectName("notice")
        self.notice.setVisible(bool(notes))
        layout.addWidget(self.notice)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_preparation(today), _("&Preparation"))
        self.tabs.addTab(self._build_minutes(today), _("&Minutes and tasks"))
        layout.addWidget(self.tabs, 1)
        bottom = QHBoxLayout()
        self.print_preparation_button = QPushButton(_("Print pr&eparation sheet …"), self)
        self.print_preparation_button.clicked.connect(lambda: self.print_document(minutes=False))
        self.print_minutes_button = QPushButton(_("Print m&inutes …"), self)
        self.print_minutes_button.clicked.connect(lambda: self.print_document(minutes=True))
        for button in (self.print_preparation_button, self.print_minutes_button):
            button.setToolTip(_("Stored version; save changes first"))
            bottom.addWidget(button)
        self.print_preparation_button.setEnabled(self.conference is not None)
        self.print_minutes_button.setEnabled(self.conference is not None and self.conference.held)
        bottom.addStretch(1)
        self.buttons, self.save_button, _cancel = save_cancel_buttons(self, self.save)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        submit_shortcuts(self, self.save)
        if self.conference is not None and self.conference.held:
            self.tabs.setCurrentIndex(1)

    def _build_preparation(self, today: date) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        form.setContentsMargins(0, 10, 0, 0)
        form.setVerticalSpacing(10)
        conference = self.conference
        self.planned_edit = date_edit(QDate(today), page)
        self.planned_edit.setMaximumDate(QDate(today + timedelta(days=PLAN_AHEAD_DAYS)))
        self.planned_edit.setAccessibleName(_("Planned for"))
        if conference is not None:
            self.planned_edit.setDate(QDate(conference.preparation.planned_on))
        planned_row = QHBoxLayout()
        planned_row.addWidget(self.planned_edit)
        planned_row.addStretch(1)
        form.addRow(self._buddy(_("Planned &for"), self.planned_edit), planned_row)
        self.invited_list = PartyList(_("Invited"), page)
        invited = set(conference.preparation.invited) if conference else set()
        self.invited_list.set_parties(
            self._offered(conference.preparation.invited if conference else ()), invited
        )
        self.invited_list.setMinimumHeight(120)
        form.addRow(self._buddy(_("&Invited"), self.invited_list), self.invited_list)
        self.agenda_edit = QPlainTextEdit(page)
        self.agenda_edit.setTabChangesFocus(True)
        self.agenda_edit.setAccessibleName(_("Agenda"))
        self.agenda_edit.setPlainText(
            conference.preparation.agenda if conference else default_agenda()
        )
        form.addRow(self._buddy(_("&Agenda"), self.agenda_edit), self.agenda_edit)
        return page

    def _offered(self, stored: tuple[str, ...]) -> tuple[str, ...]:
        """The parties allowed today, and those stored before (so a correction shows them)."""
        return tuple(dict.fromkeys((*self.invitation.parties, *stored)))

    def _build_minutes(self, today: date) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 10, 0, 0)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        layout.addLayout(form)
        minutes = self.conference.minutes if self.conference else None
        held_row = QHBoxLayout()
        self.held_check = QCheckBox(_("&Held on"), page)
        self.held_edit = date_edit(QDate(today), page)
        self.held_edit.setAccessibleName(_("Held on"))
        held_row.addWidget(self.held_check)
        held_row.addWidget(self.held_edit)
        held_row.addStretch(1)
        form.addRow(QLabel(_("Conference"), page), held_row)
        self.present_list = PartyList(_("Took part"), page)
        self.present_list.setMinimumHeight(110)
        self.present_list.set_parties(
            self._offered(minutes.present if minutes else ()),
            set(minutes.present) if minutes else set(),
        )
        form.addRow(self._buddy(_("&Took part"), self.present_list), self.present_list)
        self.agreements_edit = QPlainTextEdit(page)
        self.agreements_edit.setTabChangesFocus(True)
        self.agreements_edit.setAccessibleName(_("Agreements"))
        self.agreements_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        form.addRow(self._buddy(_("A&greements"), self.agreements_edit), self.agreements_edit)
        self.tasks_table = QTableWidget(0, TASK_COLUMNS, page)
        leave_with_tab(self.tasks_table)
        # Its cells are fields, each a tab stop of its own; the table itself is none (Tab
        # into it would land on the first field, Shift+Tab on the table: not the same way).
        self.tasks_table.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.tasks_table.setAccessibleName(_("Tasks"))
        self.tasks_table.setHorizontalHeaderLabels(
            [_("Task"), _("Responsible"), _("Due by"), _("Done")]
        )
        self.tasks_table.verticalHeader().setVisible(False)
        header = self.tasks_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in TASK_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.tasks_table.setColumnWidth(column, scaled(width))
        layout.addWidget(self.tasks_table, 1)
        row = QHBoxLayout()
        self.add_task_button = QPushButton(_("Add &task"), page)
        self.add_task_button.clicked.connect(lambda: self.add_task())
        self.remove_task_button = QPushButton(_("&Remove task"), page)
        self.remove_task_button.clicked.connect(self.remove_task)
        row.addWidget(self.add_task_button)
        row.addWidget(self.remove_task_button)
        row.addStretch(1)
        layout.addLayout(row)
        self._task_done_on: list[date | None] = []
        if minutes is not None:
            self.held_check.setChecked(True)
            self.held_edit.setDate(QDate(minutes.held_on))
            self.agreements_edit.setPlainText(minutes.agreements)
            for task in minutes.tasks:
                self.add_task(task)
        self.held_check.toggled.connect(self._held_toggled)
        self._held_toggled(self.held_check.isChecked())
        return page

    def _buddy(self, text: str, field: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(field)
        return label

    def _held_toggled(self, held: bool) -> None:
        for widget in (
            self.held_edit,
            self.present_list,
            self.agreements_edit,
            self.tasks_table,
            self.add_task_button,
            self.remove_task_button,
        ):
            widget.setEnabled(held)

    # -- tasks -----------------------------------------------------------------------------

    def _responsible_parties(self) -> tuple[str, ...]:
        minutes = self.conference.minutes if self.conference else None
        return self._offered(minutes.present if minutes else ())

    def add_task(self, task: ConferenceTask | None = None) -> int:
        table = self.tasks_table
        row = table.rowCount()
        table.insertRow(row)
        description = QLineEdit(task.description if task else "", table)
        description.setAccessibleName(_("Task"))
        table.setCellWidget(row, 0, description)
        responsible = QComboBox(table)
        responsible.setAccessibleName(_("Responsible"))
        for party in self._responsible_parties():
            responsible.addItem(party_label(party), party)
        if task is not None:
            responsible.setCurrentIndex(max(0, responsible.findData(task.responsible)))
        table.setCellWidget(row, 1, responsible)
        due = DateField(QDate(task.due_on if task else self._caseload.today + timedelta(days=14)))
        due.setDisplayFormat("dd.MM.yyyy")
        due.setCalendarPopup(True)
        due.setAccessibleName(_("Due by"))
        table.setCellWidget(row, 2, due)
        done = QCheckBox(day(task.done_on) if task and task.done_on else "", table)
        done.setAccessibleName(_("Done"))
        done.setChecked(bool(task and task.done_on))
        table.setCellWidget(row, 3, done)
        # Tab: the rows in turn, then the buttons under the table (a cell widget joins the
        # focus chain at its end, after the dialog's buttons).
        previous = table.cellWidget(row - 1, 3) if row else table
        chain_tab_order([previous, description, responsible, due, done])
        self._task_done_on.append(task.done_on if task else None)
        table.resizeRowsToContents()
        if task is None:
            description.setFocus()
        return row

    def remove_task(self) -> None:
        row = self.tasks_table.currentRow()
        if row < 0:
            row = self.tasks_table.rowCount() - 1
        if row >= 0:
            self.tasks_table.removeRow(row)
            del self._task_done_on[row]

    def tasks(self) -> tuple[ConferenceTask, ...]:
        table, today = self.tasks_table, self._caseload.today
        found = []
        for row in range(table.rowCount()):
            description = table.cellWidget(row, 0)
            responsible = table.cellWidget(row, 1)
            due = table.cellWidget(row, 2)
            done = table.cellWidget(row, 3)
            assert isinstance(description, QLineEdit) and isinstance(responsible, QComboBox)
            assert isinstance(due, DateField) and isinstance(done, QCheckBox)
            done_on = (self._task_done_on[row] or today) if done.isChecked() else None
            found.append(
                ConferenceTask(
                    description.text(),
                    str(responsible.currentData() or ""),
                    due.date().toPython(),
                    done_on,
                )
            )
        return tuple(found)

    # -- storing ---------------------------------------------------------------------------

    def preparation(self) -> Preparation:
        return Preparation(
            self.planned_edit.date().toPython(),
            self.invited_list.checked(),
            self.agenda_edit.toPlainText(),
        )

    def minutes(self) -> Minutes | None:
        if not self.held_check.isChecked():
            return None
        return Minutes(
            self.held_edit.date().toPython(),
            self.present_list.checked(),
            self.agreements_edit.toPlainText(),
            self.tasks(),
        )

    def save(self) -> None:
        try:
            self.conference_id = self._caseload.case_conferences.save(
                self.case_id,
                self.preparation(),
                self.minutes(),
                conference_id=self.conference_id,
            )
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return
        self.accept()

    def print_document(self, *, minutes: bool) -> QDialog | None:
        """The stored preparation sheet or minutes in the print preview."""
        if self.conference_id is None:
            return None
        from kimdesk.gui.pdf_print import PdfPages, preview_dialog
        from kimdesk.printing.case_conference import render_minutes, render_preparation

        render = render_minutes if minutes else render_preparation
        try:
            pdf = render(self._caseload, self.conference_id, printed_on=self._caseload.today)
            pages = PdfPages(pdf)
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return None
        # The print queue shows the name: the document's kind only.
        name = _("Case conference: minutes") if minutes else _("Case conference: preparation")
        preview = preview_dialog(pages, name, self)
        preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        preview.open()
        return preview


class ConferencesTab(QWidget):
    """The case view's list of a case's conferences; a double click opens one."""

    open_conference = Signal(object)  # a conference id, or None for a new one
    removed = Signal()

    def __init__(
        self, caseload: Caseload, prompter: PrompterLike, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._caseload = caseload
        self._prompter = prompter
        self.conferences: list[CaseConference] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        row = QHBoxLayout()
        self.new_button = QPushButton(_("Prepare case conference"), self)
        self.new_button.clicked.connect(lambda: self.open_conference.emit(None))
        self.open_button = QPushButton(_("&Open, record minutes …"), self)
        self.open_button.setToolTip(
            _("Record who took part, the agreements and the tasks, or mark tasks done")
        )
        self.open_button.clicked.connect(self._open_selected)
        self.remove_button = QPushButton(_("Remove …"), self)
        self.remove_button.setToolTip(_("Remove the selected case conference (Del)"))
        self.remove_button.clicked.connect(self.remove_selected)
        row.addWidget(self.new_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.table = read_only_table(
            [_("Date"), _("Status"), _("Open tasks"), _("Next due"), _("Participants")],
            self,
            _("Case conferences"),
            {},
        )
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemActivated.connect(lambda _item: self._open_selected())
        DeleteKey(self.table, self.remove_selected)
        layout.addWidget(self.table, 1)

    def show_case(self, case_id: int, *, is_open: bool) -> None:
        self.conferences = list(reversed(self._caseload.case_conferences.of_case(case_id)))
        today = self._caseload.today
        rows = []
        for conference in self.conferences:
            open_tasks = [t for t in conference.tasks if t.is_open]
            overdue = sum(1 for t in open_tasks if t.overdue(today))
            minutes = conference.minutes
            parties = minutes.present if minutes else conference.preparation.invited
            rows.append(
                [
                    day(conference.on),
                    _("held") if conference.held else _("prepared"),
                    (
                        _("{n} ({overdue} overdue)").format(n=len(open_tasks), overdue=overdue)
                        if overdue
                        else str(len(open_tasks))
                    ),
                    day(min((t.due_on for t in open_tasks), default=None)),
                    ", ".join(party_label(p) for p in parties),
                ]
            )
        fill_table(self.table, rows)
        self.new_button.setEnabled(is_open)
        self._selected()

    def _selected(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        self.open_button.setEnabled(len(rows) == 1)
        self.remove_button.setEnabled(len(rows) == 1)

    def _open_selected(self) -> None:
        row = self.table.currentRow()
        if row in range(len(self.conferences)):
            self.open_conference.emit(self.conferences[row].id)

    def remove_selected(self) -> bool:
        """Remove the selected conference with its tasks, after a question."""
        row = self.table.currentRow()
        if not self.remove_button.isEnabled() or row not in range(len(self.conferences)):
            return False
        conference = self.conferences[row]
        question = _(
            "Remove the case conference of {date} with its minutes and tasks? This cannot be "
            "undone."
        ).format(date=day(conference.on))
        conferences = self._caseload.case_conferences
        if confirm_and_remove(
            self, self._prompter, question, lambda: conferences.remove(conference.id)
        ):
            self.removed.emit()
            return True
        return False
