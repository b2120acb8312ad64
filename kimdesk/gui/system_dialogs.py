"""The entry dialogs of the page "Systemarbeit": a generative theme (with its status and the
cases and gaps it is linked to), a theme's status change, a service gap or interface
problem, and an entry of network time. Each ends accepted with ``saved_id`` set once stored;
the rules (and the check that no client data is in a text) live in the core modules."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kimdesk import network_time, service_gaps, themes
from kimdesk.caseload import Caseload
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.errors import KimdeskError
from kimdesk.gui.contact_dialog import CorrectionInput, date_edit
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.referral_status_dialog import day
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import heading, hint, save_cancel_buttons, submit_shortcuts
from kimdesk.i18n import _
from kimdesk.network_time import NetworkEntry, NetworkKind
from kimdesk.overview import case_numbers as numbers_of_cases
from kimdesk.referral_followup import service_label
from kimdesk.service_gaps import GapKind, ServiceGap
from kimdesk.themes import Theme, ThemeStatus


def domain_combo(parent: QWidget, current: LifeDomain | None) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(_("no life domain"), None)
    for domain in LifeDomain:
        combo.addItem(domain.label, domain.value)
    combo.setCurrentIndex(max(0, combo.findData(current.value if current else None)))
    return combo


def chosen_domain(combo: QComboBox) -> LifeDomain | None:
    key = combo.currentData()
    return LifeDomain(key) if key else None


def text_box(parent: QWidget, text: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setPlainText(text)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def case_numbers(caseload: Caseload, case_ids: tuple[int, ...]) -> str:
    numbers = numbers_of_cases(caseload, case_ids)  # these cases only, not the case list
    return ", ".join(numbers[i] for i in case_ids if i in numbers)


class _EntryDialog(QDialog):
    """The common frame: a heading, a hint, a form, Save and Cancel; closed at a lock."""

    def __init__(
        self, caseload: Caseload, prompter: PrompterLike, title: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self._caseload = caseload
        self._prompter = prompter
        self.saved_id: int | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(scaled(680))
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(24, 20, 24, 16)
        self.layout_.setSpacing(10)
        self.layout_.addWidget(heading(title, self))

    def _form(self, hint_text: str) -> QFormLayout:
        self.layout_.addWidget(hint(hint_text, self))
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        self.layout_.addLayout(form)
        return form

    def _row(self, form: QFormLayout, text: str, field: QWidget, name: str) -> None:
        label = QLabel(text, self)
        label.setBuddy(field)
        field.setAccessibleName(name)
        form.addRow(label, field)

    def _finish(self, kind: str, fields: dict[str, QWidget]) -> None:
        self.buttons, self.save_button, _cancel = save_cancel_buttons(self, self.save)
        self.layout_.addWidget(self.buttons)
        submit_shortcuts(self, self.save)
        # A lock closes the dialog like any input dialog; the catalogue is there to reopen it.
        self.dialog_input = CorrectionInput(
            self, self._caseload, kind=kind, case_id=None, fields=fields
        )

    def save(self) -> None:
        try:
            self.saved_id = self._store()
        except KimdeskError as error:
            self._prompter.error(self, str(error), title=self.windowTitle())
            return
        self.accept()

    def _store(self) -> int:
        raise NotImplementedError


class ThemeDialog(_EntryDialog):
    """A new theme, or the correction of ``editing``: title, life domain, description,
    status since a day, the cases (by number) and the gaps it appears in."""

    def __init__(
        self,
        caseload: Caseload,
        prompter: PrompterLike,
        parent: QWidget | None = None,
        *,
        editing: Theme | None = None,
    ) -> None:
        title = _("Correct theme") if editing else _("New generative theme")
        super().__init__(caseload, prompter, title, parent)
        self.editing = editing
        form = self._form(
            _(
                "A problem that recurs across cases, worded generally. No names, dates or "
                "other client data: the theme goes to the coordinating office."
            )
        )
        self.title_edit = QLineEdit(editing.title if editing else "", self)
        self.title_edit.setMaxLength(themes.TITLE_MAX)
        self._row(form, _("&Title"), self.title_edit, _("Title"))
        self.domain_combo = domain_combo(self, editing.domain if editing else None)
        self._row(form, _("Life &domain"), self.domain_combo, _("Life domain"))
        self.description_edit = text_box(self, editing.description if editing else "")
        self._row(form, _("D&escription"), self.description_edit, _("Description"))
        self.status_combo = QComboBox(self)
        for status in ThemeStatus:
            self.status_combo.addItem(status.label, status.value)
        current = editing.status if editing else ThemeStatus.OBSERVED
        self.status_combo.setCurrentIndex(self.status_combo.findData(current.value))
        self._row(form, _("&Status"), self.status_combo, _("Status"))
        today = QDate(caseload.today)
        self.status_date = date_edit(today, self)
        self._row(form, _("Status s&ince"), self.status_date, _("Status since"))
        if editing and editing.status_on:
            self.status_date.setDate(QDate(editing.status_on))
        self.status_combo.currentIndexChanged.connect(self._status_chosen)
        self.cases_edit = QLineEdit(
            case_numbers(caseload, editing.case_ids) if editing else "", self
        )
        self.cases_edit.setPlaceholderText(_("Case numbers, e.g. 2026-0012, 2026-0031"))
        self.cases_edit.setCursorPosition(0)
        self._row(form, _("&Cases"), self.cases_edit, _("Linked cases (case numbers)"))
        self.gap_list = QListWidget(self)
        self.gap_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.gap_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.gap_list.setUniformItemSizes(True)
        linked = set(editing.gap_ids) if editing else set()
        for found in service_gaps.gaps(caseload):
            item = QListWidgetItem(f"{found.kind.label}: {found.description}", self.gap_list)
            item.setData(Qt.ItemDataRole.UserRole, found.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if found.id in linked else Qt.CheckState.Unchecked
            )
            item.setToolTip(item.text())
        # Room for five entries (the list scrolls beyond), at least one line when empty.
        rows = max(1, min(5, self.gap_list.count()))
        row_height = max(self.gap_list.sizeHintForRow(0), self.fontMetrics().height() + 6)
        self.gap_list.setFixedHeight(rows * row_height + 2 * self.gap_list.frameWidth() + 4)
        self._row(form, _("&Gaps and interface problems"), self.gap_list, _("Linked gaps"))
        self._finish(
            "theme",
            {
                "title": self.title_edit,
                "domain": self.domain_combo,
                "description": self.description_edit,
                "status": self.status_combo,
                "cases": self.cases_edit,
            },
        )
        self.title_edit.setFocus()

    def _status_chosen(self) -> None:
        """A new status starts today unless another day is set."""
        if self.editing is not None:
            self.status_date.setDate(QDate(self._caseload.today))

    def gap_ids(self) -> tuple[int, ...]:
        items = (self.gap_list.item(i) for i in range(self.gap_list.count()))
        return tuple(
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        )

    def _store(self) -> int:
        return themes.save_theme(
            self._caseload,
            self.editing.id if self.editing else None,
            title=self.title_edit.text(),
            domain=chosen_domain(self.domain_combo),
            description=self.description_edit.toPlainText(),
            status=ThemeStatus(self.status_combo.currentData()),
            status_on=self.status_date.date().toPython(),
            case_ids=themes.case_ids_from_numbers(self._caseload, self.cases_edit.text()),
            gap_ids=self.gap_ids(),
        )


class ThemeStatusDialog(_EntryDialog):
    """The status of one theme from a day on (the history is kept for the report)."""

    def __init__(
        self, caseload: Caseload, prompter: PrompterLike, theme: Theme, parent: QWidget | None
    ) -> None:
        super().__init__(caseload, prompter, _("Change the theme's status"), parent)
        self.theme = theme
        since = day(theme.status_on) if theme.status_on else ""
        form = self._form(
            _("“{title}” is “{status}” since {date}.").format(
                title=theme.title, status=theme.status.label, date=since
            )
        )
        self.status_combo = QComboBox(self)
        for status in ThemeStatus:
            if status is not theme.status:
                self.status_combo.addItem(status.label, status.value)
        self._row(form, _("New &status"), self.status_combo, _("New status"))
        self.date_edit = date_edit(QDate(caseload.today), self)
        if theme.status_on:
            self.date_edit.setMinimumDate(QDate(theme.status_on))
        self._row(form, _("Changed &on"), self.date_edit, _("Changed on"))
        self._finish("theme_status", {"status": self.status_combo, "date": self.date_edit})
        self.status_combo.setFocus()

    def _store(self) -> int:
        themes.change_status(
            self._caseload,
            self.theme.id,
            ThemeStatus(self.status_combo.currentData()),
            self.date_edit.date().toPython(),
        )
        return self.theme.id


class GapDialog(_EntryDialog):
    """A new service gap or interface problem, or the correction of ``editing``."""

    def __init__(
        self,
        caseload: Caseload,
        prompter: PrompterLike,
        parent: QWidget | None = None,
        *,
        editing: ServiceGap | None = None,
    ) -> None:
        title = _("Correct entry") if editing else _("New service gap or interface problem")
        super().__init__(caseload, prompter, title, parent)
        self.editing = editing
        form = self._form(
            _(
                "A service gap: no service exists for a need. An interface problem: a service "
                "exists, but access fails. Worded generally, without client data."
            )
        )
        self.kind_combo = QComboBox(self)
        for kind in GapKind:
            self.kind_combo.addItem(kind.label, kind.value)
        if editing:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(editing.kind.value))
        self._row(form, _("&Kind"), self.kind_combo, _("Kind"))
        self.domain_combo = domain_combo(self, editing.domain if editing else None)
        self._row(form, _("Life &domain"), self.domain_combo, _("Life domain"))
        self.description_edit = text_box(self, editing.description if editing else "")
        self.description_edit.setPlaceholderText(_("What is missing, or where access fails"))
        self._row(form, _("D&escription"), self.description_edit, _("Description"))
        self.service_combo = QComboBox(self)
        self.service_combo.addItem(_("no directory entry"), None)
        for service_id, service in caseload.services():
            self.service_combo.addItem(service_label(service), service_id)
        if editing and editing.service_id is not None:
            self.service_combo.setCurrentIndex(
                max(0, self.service_combo.findData(editing.service_id))
            )
        self._row(form, _("Directory &entry"), self.service_combo, _("Directory entry"))
        self.date_edit = date_edit(QDate(caseload.today), self)
        if editing:
            self.date_edit.setDate(QDate(editing.noted_on))
        self._row(form, _("Noted &on"), self.date_edit, _("Noted on"))
        self.cases_edit = QLineEdit(
            case_numbers(caseload, editing.case_ids) if editing else "", self
        )
        self.cases_edit.setPlaceholderText(_("Case numbers, e.g. 2026-0012, 2026-0031"))
        self.cases_edit.setCursorPosition(0)
        self._row(form, _("&Cases"), self.cases_edit, _("Linked cases (case numbers)"))
        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)
        self._kind_chosen()
        self._finish(
            "service_gap",
            {
                "kind": self.kind_combo,
                "domain": self.domain_combo,
                "description": self.description_edit,
                "service": self.service_combo,
                "cases": self.cases_edit,
            },
        )
        self.kind_combo.setFocus()

    def kind(self) -> GapKind:
        return GapKind(self.kind_combo.currentData())

    def _kind_chosen(self) -> None:
        """Only an interface problem names a directory entry: a gap has none to name."""
        interface = self.kind() is GapKind.INTERFACE
        self.service_combo.setEnabled(interface)
        if not interface:
            self.service_combo.setCurrentIndex(0)

    def _store(self) -> int:
        return service_gaps.save_gap(
            self._caseload,
            self.editing.id if self.editing else None,
            kind=self.kind(),
            domain=chosen_domain(self.domain_combo),
            description=self.description_edit.toPlainText(),
            noted_on=self.date_edit.date().toPython(),
            service_id=self.service_combo.currentData(),
            case_ids=themes.case_ids_from_numbers(self._caseload, self.cases_edit.text()),
        )


class NetworkDialog(_EntryDialog):
    """An entry of network time, or the correction of ``editing``."""

    def __init__(
        self,
        caseload: Caseload,
        prompter: PrompterLike,
        parent: QWidget | None = None,
        *,
        editing: NetworkEntry | None = None,
    ) -> None:
        title = _("Correct network time") if editing else _("Record network time")
        super().__init__(caseload, prompter, title, parent)
        self.editing = editing
        form = self._form(
            _(
                "Time for network work, conferences and working groups. The topic in a few "
                "words, without client data."
            )
        )
        self.date_edit = date_edit(QDate(caseload.today), self)
        if editing:
            self.date_edit.setDate(QDate(editing.worked_on))
        self._row(form, _("&Date"), self.date_edit, _("Date"))
        self.kind_combo = QComboBox(self)
        for kind in NetworkKind:
            self.kind_combo.addItem(kind.label, kind.value)
        if editing:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(editing.kind.value))
        self._row(form, _("&Kind"), self.kind_combo, _("Kind"))
        self.minutes_spin = QSpinBox(self)
        self.minutes_spin.setRange(0, network_time.DAY_MINUTES)
        self.minutes_spin.setSingleStep(15)
        self.minutes_spin.setSuffix(_(" min."))
        self.minutes_spin.setValue(editing.minutes if editing else 60)
        self._row(form, _("D&uration"), self.minutes_spin, _("Duration in minutes"))
        self.topic_edit = QLineEdit(editing.topic if editing else "", self)
        self.topic_edit.setMaxLength(network_time.TOPIC_MAX)
        self.topic_edit.setPlaceholderText(_("e.g. working group housing, no client data"))
        self._row(form, _("&Topic"), self.topic_edit, _("Topic"))
        self._finish(
            "network_time",
            {
                "date": self.date_edit,
                "kind": self.kind_combo,
                "minutes": self.minutes_spin,
                "topic": self.topic_edit,
            },
        )
        self.date_edit.setFocus()

    def _store(self) -> int:
        values = {
            "worked_on": self.date_edit.date().toPython(),
            "kind": NetworkKind(self.kind_combo.currentData()),
            "minutes": self.minutes_spin.value(),
            "topic": self.topic_edit.text(),
        }
        if self.editing is None:
            return network_time.add_entry(self._caseload, **values)
        network_time.edit_entry(self._caseload, self.editing.id, **values)
        return self.editing.id


__all__ = [
    "GapDialog",
    "NetworkDialog",
    "ThemeDialog",
    "ThemeStatusDialog",
    "case_numbers",
]
