"""Recording a referral (Verweisung) to a service of the directory (Angebotsdatenbank)."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.domain.records import Referral, Service
from kimdesk.domain.referral_status import FIRST_STATUS, OPEN_STATUSES, ReferralStatus
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.errors import KimdeskError
from kimdesk.gui.contact_dialog import CorrectionInput, date_edit
from kimdesk.gui.dialog_input import DialogInput
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import heading, save_cancel_buttons, submit_shortcuts
from kimdesk.i18n import _


def service_name(service: Service) -> str:
    return f"{service.provider} – {service.offer}" if service.offer else service.provider


class ReferralDialog(QDialog):
    """Ends accepted with ``referral_id`` set once the referral is stored; given ``editing``
    (the id and the stored referral) it corrects that referral instead."""

    def __init__(
        self,
        caseload: Caseload,
        case_id: int,
        prompter: PrompterLike,
        parent: QWidget | None = None,
        *,
        editing: tuple[int, Referral] | None = None,
    ) -> None:
        super().__init__(parent)
        self.referral_id: int | None = editing[0] if editing else None
        self._editing = editing
        self._caseload = caseload
        self._case_id = case_id
        self._prompter = prompter
        self.title = _("Correct referral") if editing else _("Record referral")
        self.setWindowTitle(self.title)
        self.setMinimumWidth(scaled(560))
        self._build()
        self.filter_services("")
        if editing is not None:
            self.show_referral(editing[1])
        # The search first: it decides which services the list offers to choose from.
        fields: dict[str, QWidget] = {
            "search": self.search_edit,
            "service": self.service_list,
            "domain": self.domain_combo,
            "date": self.date_edit,
            "note": self.note_edit,
        }
        if editing is None:
            fields["status"] = self.status_combo
        if editing is not None:
            self.dialog_input: DialogInput = CorrectionInput(
                self, caseload, kind="referral_correction", case_id=case_id, fields=fields
            )
        else:
            self.dialog_input = DialogInput(
                self, caseload, kind="referral", case_id=case_id, fields=fields
            )
        self.search_edit.setFocus()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(heading(self.title, self))

        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(_("Search provider, offer or contact person …"))
        self.search_edit.setAccessibleName(_("Search the service directory"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.filter_services)
        search_label = QLabel(_("&Service"), self)
        search_label.setBuddy(self.search_edit)
        layout.addWidget(search_label)
        layout.addWidget(self.search_edit)

        self.service_list = QListWidget(self)
        self.service_list.setAccessibleName(_("Services"))
        self.service_list.setMinimumHeight(180)
        self.service_list.currentItemChanged.connect(self._service_chosen)
        layout.addWidget(self.service_list)
        # Down in the search line moves into the list, as in the search field of a browser.
        self.search_edit.installEventFilter(self)

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        layout.addLayout(form)
        self.domain_combo = QComboBox(self)
        self.domain_combo.addItem(_("– none –"), None)
        for domain in LifeDomain:
            self.domain_combo.addItem(domain.label, domain.value)
        self.domain_combo.setAccessibleName(_("Life domain"))
        form.addRow(self._buddy(_("Life &domain"), self.domain_combo), self.domain_combo)

        self.date_edit = date_edit(QDate(self._caseload.today), self)
        self.date_edit.setAccessibleName(_("Referred on"))
        form.addRow(self._buddy(_("Referred &on"), self.date_edit), self.date_edit)

        # Where a new referral stands; later news goes through the status dialog (a
        # correction keeps the course, so the field is not shown then).
        self.status_combo = QComboBox(self)
        for status in sorted(OPEN_STATUSES, key=list(ReferralStatus).index):
            self.status_combo.addItem(status.label, status.value)
        self.status_combo.setCurrentIndex(self.status_combo.findData(FIRST_STATUS.value))
        self.status_combo.setAccessibleName(_("Status"))
        if self._editing is None:
            form.addRow(self._buddy(_("S&tatus"), self.status_combo), self.status_combo)
        else:
            self.status_combo.hide()

        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setAccessibleName(_("Note"))
        self.note_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        form.addRow(self._buddy(_("&Note"), self.note_edit), self.note_edit)

        self.buttons, self.save_button, cancel = save_cancel_buttons(self, self.save)
        layout.addWidget(self.buttons)
        submit_shortcuts(self, self.save)

    def _buddy(self, text: str, field: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(field)
        return label

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            self._into_list()
            return True
        return super().eventFilter(watched, event)

    def _into_list(self) -> None:
        self.service_list.setFocus()
        if self.service_list.currentRow() < 0 and self.service_list.count():
            self.service_list.setCurrentRow(0)

    def filter_services(self, text: str) -> None:
        """Show the directory entries matching ``text``; keep the chosen one if it still fits."""
        chosen = self.service_id()
        found = self._caseload.find_services(text) if text.strip() else self._caseload.services()
        # A deactivated offer is not offered; the one a corrected referral names stays.
        kept = self._editing[1].service_id if self._editing is not None else None
        found = [(i, service) for i, service in found if service.active or i == kept]
        self.service_list.clear()
        for service_id, service in found:
            item = QListWidgetItem(service_name(service), self.service_list)
            item.setData(Qt.ItemDataRole.UserRole, service_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, service)
            details = [p for p in (service.contact_person, service.phone, service.email) if p]
            item.setToolTip("\n".join(details))
            if service_id == chosen:
                self.service_list.setCurrentItem(item)
        if not found:
            item = QListWidgetItem(_("No service matches the search."), self.service_list)
            item.setFlags(Qt.ItemFlag.NoItemFlags)

    def _service_chosen(self, item: QListWidgetItem | None) -> None:
        service = item.data(Qt.ItemDataRole.UserRole + 1) if item is not None else None
        # A service for one life domain only suggests that domain, unless one is chosen.
        if isinstance(service, Service) and len(service.domains) == 1:
            if self.domain_combo.currentData() is None:
                (domain,) = service.domains
                self.domain_combo.setCurrentIndex(self.domain_combo.findData(domain.value))

    def show_referral(self, referral: Referral) -> None:
        """Fill the fields with a stored referral (to correct it)."""
        for row in range(self.service_list.count()):
            item = self.service_list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == referral.service_id:
                self.service_list.setCurrentItem(item)
        key = referral.domain.value if referral.domain else None
        self.domain_combo.setCurrentIndex(max(0, self.domain_combo.findData(key)))
        day = QDate(referral.referred_on)
        if day > self.date_edit.maximumDate():
            self.date_edit.setMaximumDate(day)
        self.date_edit.setDate(day)
        self.note_edit.setPlainText(referral.note)

    # -- values ----------------------------------------------------------------------------

    def service_id(self) -> int | None:
        item = self.service_list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return int(value) if isinstance(value, int) else None

    def domain(self) -> LifeDomain | None:
        key = self.domain_combo.currentData()
        return LifeDomain(key) if key else None

    def status(self) -> ReferralStatus:
        return ReferralStatus(self.status_combo.currentData() or FIRST_STATUS.value)

    def referral(self) -> Referral:
        return Referral(
            case_id=self._case_id,
            referred_on=self.date_edit.date().toPython(),
            service_id=self.service_id(),
            domain=self.domain(),
            note=self.note_edit.toPlainText().strip(),
        )

    def save(self) -> None:
        referral = self.referral()
        if referral.service_id is None and not referral.note:
            self._prompter.error(
                self,
                _("Choose a service from the directory or describe the referral in the note."),
            )
            return
        try:
            if self._editing is not None:
                self._caseload.corrections.update_referral(self._editing[0], referral)
            else:
                self.referral_id = self._caseload.add_referral(referral, self.status())
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return
        self.accept()
