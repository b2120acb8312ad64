"""One case at a glance: who, where on the Regelkreis, what is next, and its forms, contacts,
referrals, consents and the comparison of the assessments.

Every read and write goes through ``Caseload``; forms are opened by whoever listens to
``open_form`` / ``open_instance`` (the main window and its wizard).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ASSESSMENT_DOMAINS, AssessmentKind, ConsentKind, LifeDomain
from kimdesk.errors import KimdeskError
from kimdesk.forms.model import ASSESSMENT_KIND_FIELD, FormDefinition, FormKind
from kimdesk.gui.consent_dialog import ConsentDialog, WithdrawConsentDialog, language_name
from kimdesk.gui.contact_dialog import ContactDialog
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.radar import ComparisonPanel
from kimdesk.gui.referral_dialog import ReferralDialog, service_name
from kimdesk.gui.regelkreis import PhasePath
from kimdesk.gui.widgets import heading, hint
from kimdesk.i18n import _
from kimdesk.workflow import Step, Unavailable, unavailable_text

D = TypeVar("D", bound=QDialog)
INSTANCE_ROLE = Qt.ItemDataRole.UserRole
FORM_KEY_ROLE = Qt.ItemDataRole.UserRole + 1


def day(on: date | None) -> str:
    return on.strftime("%d.%m.%Y") if on else "–"


def short_title(title: str) -> str:
    """A form title without the "Case Management: " every paper form starts with."""
    head, colon, rest = title.partition(": ")
    return rest if colon and head.casefold() == "case management" else title


def isolate(text: str) -> str:
    """Wrap a name in a Unicode isolate, so an Arabic surname keeps the comma in place."""
    return f"\u2068{text}\u2069"


def read_only_table(
    columns: list[str], parent: QWidget, name: str, widths: dict[int, int]
) -> QTableWidget:
    """A list of records: one line each (long texts are cut, the tooltip shows them whole),
    narrow columns sized to their contents, the columns of ``widths`` wide, the last one
    taking the rest."""
    table = QTableWidget(0, len(columns), parent)
    table.setWordWrap(False)
    table.setHorizontalHeaderLabels(columns)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    for column, width in widths.items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(column, width)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(row, column, item)


class CaseView(QWidget):
    open_form = Signal(int, str)  # case id, form key: start a new form
    open_instance = Signal(int)  # form instance id: open an existing form
    back = Signal()
    print_requested = Signal()
    changed = Signal()

    def __init__(
        self, caseload: Caseload, prompter: PrompterLike, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._caseload = caseload
        self._prompter = prompter
        self.case_id: int | None = None
        self.dialog: QDialog | None = None
        self.step_buttons: list[QPushButton] = []
        self._consents: list[Consent] = []
        self.new_buttons: dict[str, QPushButton] = {}
        self._build()

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 12, 20, 16)
        layout.setSpacing(10)
        top = QHBoxLayout()
        self.back_button = QPushButton(_("← Case list"), self)
        self.back_button.setToolTip(_("Back to the case list (Alt+Left)"))
        self.back_button.clicked.connect(self.back)
        top.addWidget(self.back_button)
        top.addStretch(1)
        self.print_button = QPushButton(_("Print …"), self)
        self.print_button.setToolTip(
            _("Consent documents in the client's language, forms, case file (Ctrl+P)")
        )
        self.print_button.clicked.connect(self.print_requested)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        self._shortcut("Alt+Left", self.back.emit)
        self._shortcut("Ctrl+K", self.record_contact)

        header = QFrame(self)
        header.setObjectName("card")
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(18, 12, 18, 12)
        header_layout.setSpacing(4)
        self.name_label = heading("", header)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # An Arabic name would otherwise align itself to the right of the card.
        self.name_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        header_layout.addWidget(self.name_label)
        self.facts_label = QLabel(header)
        self.facts_label.setObjectName("caseFacts")
        self.facts_label.setWordWrap(True)
        header_layout.addWidget(self.facts_label)
        self.pseudonym_label = hint("", header)
        self.pseudonym_label.setObjectName("caption")
        header_layout.addWidget(self.pseudonym_label)
        self.phase_path = PhasePath(header)
        header_layout.addSpacing(6)
        header_layout.addWidget(self.phase_path)
        layout.addWidget(header)

        next_row = QHBoxLayout()
        next_row.setSpacing(8)
        caption = QLabel(_("What's next:"), self)
        caption.setObjectName("sectionCaption")
        next_row.addWidget(caption)
        self.steps_layout = QHBoxLayout()
        self.steps_layout.setSpacing(8)
        next_row.addLayout(self.steps_layout)
        next_row.addStretch(1)
        layout.addLayout(next_row)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_forms_tab(), _("&Forms"))
        self.contacts_table, self.add_contact_button, contacts = self._list_tab(
            [_("Date"), _("Minutes"), _("Setting"), _("Topics"), _("Short referral"), _("Note")],
            _("Contacts"),
            _("Record contact"),
            self.record_contact,
            {3: 300},
        )
        self.add_contact_button.setToolTip(_("Record contact (Ctrl+K)"))
        self.tabs.addTab(contacts, _("&Contacts"))
        self.referrals_table, self.add_referral_button, referrals = self._list_tab(
            [_("Date"), _("Service"), _("Life domain"), _("Note")],
            _("Referrals"),
            _("Record referral"),
            self.record_referral,
            {1: 340},
        )
        self.tabs.addTab(referrals, _("&Referrals"))
        self.consents_table, self.add_consent_button, consents = self._list_tab(
            [_("Consent"), _("Signed on"), _("Language"), _("Withdrawn on"), _("Covers")],
            _("Consents"),
            _("Record consent"),
            lambda: self.record_consent(ConsentKind.DATA_PROCESSING),
            {},
        )
        self.withdraw_button = QPushButton(_("&Withdraw …"), consents)
        self.withdraw_button.setToolTip(_("Record that the client withdrew the selected consent"))
        self.withdraw_button.setEnabled(False)
        self.withdraw_button.clicked.connect(self.withdraw_consent)
        buttons_row = consents.layout().itemAt(0).layout()
        buttons_row.insertWidget(1, self.withdraw_button)
        self.consents_table.itemSelectionChanged.connect(self._consent_selected)
        self.tabs.addTab(consents, _("C&onsents"))
        self.comparison = ComparisonPanel(self)
        self.tabs.addTab(self.comparison, _("Co&mparison"))
        for index in range(self.tabs.count()):
            self._shortcut(f"Alt+{index + 1}", lambda i=index: self.tabs.setCurrentIndex(i))
            self.tabs.setTabToolTip(index, f"Alt+{index + 1}")
        layout.addWidget(self.tabs, 1)

    def _shortcut(self, sequence: str, slot: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(sequence), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    def _build_forms_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 10, 0, 0)
        self.consent_notice = QFrame(page)
        self.consent_notice.setObjectName("consentNotice")
        notice_row = QHBoxLayout(self.consent_notice)
        notice_row.setContentsMargins(12, 8, 12, 8)
        notice_text = QLabel(_("Assessment forms are available once the consent is recorded."))
        notice_text.setWordWrap(True)
        notice_row.addWidget(notice_text, 1)
        self.consent_notice_button = QPushButton(_("Record consent"), self.consent_notice)
        self.consent_notice_button.clicked.connect(
            lambda: self.record_consent(ConsentKind.DATA_PROCESSING)
        )
        notice_row.addWidget(self.consent_notice_button)
        layout.addWidget(self.consent_notice)
        self.ended_notice = hint(unavailable_text(Unavailable.CASE_ENDED), page)
        layout.addWidget(self.ended_notice)

        self.forms_tree = QTreeWidget(page)
        self.forms_tree.setColumnCount(3)
        self.forms_tree.setHeaderLabels([_("Form"), _("Status"), ""])
        self.forms_tree.setAccessibleName(_("Forms of the case"))
        self.forms_tree.setAlternatingRowColors(True)
        self.forms_tree.header().setStretchLastSection(False)
        self.forms_tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.forms_tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.forms_tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.forms_tree.itemActivated.connect(self._item_activated)
        self.forms_tree.currentItemChanged.connect(self._show_item_hint)
        layout.addWidget(self.forms_tree, 1)
        self.forms_hint = hint("", page)
        layout.addWidget(self.forms_hint)
        return page

    def _list_tab(
        self,
        columns: list[str],
        name: str,
        action: str,
        slot: Callable[[], object],
        widths: dict[int, int],
    ) -> tuple[QTableWidget, QPushButton, QWidget]:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 10, 0, 0)
        row = QHBoxLayout()
        button = QPushButton(action, page)
        button.clicked.connect(slot)
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        table = read_only_table(columns, page, name, widths)
        layout.addWidget(table, 1)
        return table, button, page

    # -- showing a case --------------------------------------------------------------------

    def show_case(self, case_id: int) -> None:
        self.case_id = case_id
        self.tabs.setCurrentIndex(0)
        self.refresh()

    def refresh(self) -> None:
        if self.case_id is None:
            return
        case = self._caseload.case(self.case_id)
        person = self._caseload.person(case.person_id)
        name = f"{isolate(person.surname)}, {isolate(person.given_names)}"
        self.name_label.setText(name)
        self.name_label.setAccessibleName(_("Name"))
        facts = [
            _("Case {number}").format(number=case.case_number),
            _("Phase: {phase}").format(phase=case.phase.label),
            _("opened {date}").format(date=day(case.opened_on)),
        ]
        if case.admitted_on:
            facts.append(_("admitted {date}").format(date=day(case.admitted_on)))
        if case.closed_on:
            facts.append(_("ended {date}").format(date=day(case.closed_on)))
        if case.closure_reason:
            facts.append(case.closure_reason.label)
        self.facts_label.setText("  ·  ".join(facts))
        self.pseudonym_label.setText(_("Pseudonym: {pseudonym}").format(pseudonym=case.pseudonym))
        self.phase_path.set_case(case.phase, self._caseload.phase_history(case.id))
        self._show_steps(self._caseload.next_steps(case.id), case.phase)
        self._fill_forms(case.id, case.phase)
        self._fill_contacts(case.id)
        self._fill_referrals(case.id)
        self._fill_consents(case.id)
        self.comparison.set_changes(self._caseload.assessment_changes(case.id))
        for button in (self.add_contact_button, self.add_referral_button, self.add_consent_button):
            button.setEnabled(case.phase.is_open)

    def _show_steps(self, steps: list[Step], phase: Phase) -> None:
        while self.steps_layout.count():
            widget = self.steps_layout.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # at once: the deletion waits for the event loop
                widget.deleteLater()
        self.step_buttons = []
        if not steps:
            done = QLabel(_("Nothing more: the case has ended.") if not phase.is_open else "–")
            done.setObjectName("hint")
            self.steps_layout.addWidget(done)
        for index, step in enumerate(steps):
            button = QPushButton(step.label, self)
            if index == 0:
                button.setObjectName("primary")
            button.clicked.connect(lambda _checked=False, s=step: self.run_step(s))
            self.steps_layout.addWidget(button)
            self.step_buttons.append(button)

    def _definitions(self) -> list[FormDefinition]:
        """Every definition in the order of the Regelkreis; assessments by life domain."""
        order = list(FormKind)
        domains = list(ASSESSMENT_DOMAINS)

        def key(d: FormDefinition) -> tuple[int, int, str]:
            domain = domains.index(d.domain) if d.domain in domains else len(domains)
            return order.index(d.kind), domain, d.title

        return sorted(self._caseload.forms, key=key)

    def _fill_forms(self, case_id: int, phase: Phase) -> None:
        current = self.forms_tree.currentItem()
        wanted = current.data(0, FORM_KEY_ROLE) if current else None
        self.forms_tree.clear()
        self.new_buttons = {}
        instances = self._caseload.form_instances(case_id)
        needs_consent = False
        assessments: QTreeWidgetItem | None = None
        for definition in self._definitions():
            parent: QTreeWidget | QTreeWidgetItem = self.forms_tree
            if definition.kind is FormKind.ASSESSMENT:
                if assessments is None:
                    assessments = QTreeWidgetItem(self.forms_tree, [_("Assessments")])
                    assessments.setFirstColumnSpanned(True)
                    assessments.setFlags(Qt.ItemFlag.ItemIsEnabled)
                parent = assessments
            reason = self._caseload.form_availability(case_id, definition.key)
            needs_consent |= reason is Unavailable.CONSENT
            own = [i for i in instances if i.form_key == definition.key]
            item = self._definition_item(parent, definition, reason, len(own))
            for instance in reversed(own):
                kind = instance.answers.get(ASSESSMENT_KIND_FIELD)
                text = day(instance.recorded_on)
                if kind in ("first", "re"):
                    text += "  ·  " + AssessmentKind(kind).label
                child = QTreeWidgetItem(item, [text, instance.status.label])
                child.setData(0, INSTANCE_ROLE, instance.id)
                child.setData(0, FORM_KEY_ROLE, definition.key)
                child.setToolTip(0, _("Enter or double click opens this form"))
            if definition.key == wanted:
                self.forms_tree.setCurrentItem(item)
        self.forms_tree.expandAll()
        self.consent_notice.setVisible(needs_consent)
        self.ended_notice.setVisible(not phase.is_open)

    def _definition_item(
        self,
        parent: QTreeWidget | QTreeWidgetItem,
        definition: FormDefinition,
        reason: Unavailable | None,
        count: int,
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [short_title(definition.title), ""])
        item.setToolTip(0, definition.title)
        item.setData(0, FORM_KEY_ROLE, definition.key)
        if count:
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        button = QPushButton(_("New"), self.forms_tree)
        button.setObjectName("rowAction")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter on the row does the same
        button.setAccessibleName(_("New: {form}").format(form=definition.title))
        button.clicked.connect(lambda _checked=False, k=definition.key: self.start_form(k))
        if reason is not None:
            button.setEnabled(False)
            if reason is not Unavailable.CASE_ENDED:  # that one is said once, above the list
                item.setText(1, _("not available"))
                item.setForeground(1, self.palette().placeholderText())
            for column in (0, 1):
                item.setToolTip(column, unavailable_text(reason))
            button.setToolTip(unavailable_text(reason))
        else:
            button.setToolTip(_("Start a new “{form}”").format(form=definition.title))
        self.forms_tree.setItemWidget(item, 2, button)
        self.new_buttons[definition.key] = button
        return item

    def _fill_contacts(self, case_id: int) -> None:
        rows = []
        for contact in reversed(self._caseload.contacts(case_id)):
            topics = sorted(contact.topics, key=list(LifeDomain).index)
            rows.append(
                [
                    day(contact.contact_on),
                    str(contact.minutes),
                    contact.setting.label,
                    ", ".join(t.label for t in topics),
                    _("yes") if contact.short_referral else "",
                    contact.note.splitlines()[0] if contact.note.strip() else "",
                ]
            )
        fill_table(self.contacts_table, rows)

    def _fill_referrals(self, case_id: int) -> None:
        services = dict(self._caseload.services())
        rows = []
        for referral in reversed(self._caseload.referrals(case_id)):
            service = services.get(referral.service_id) if referral.service_id else None
            rows.append(
                [
                    day(referral.referred_on),
                    service_name(service) if service else "–",
                    referral.domain.label if referral.domain else "",
                    referral.note.splitlines()[0] if referral.note.strip() else "",
                ]
            )
        fill_table(self.referrals_table, rows)

    def _fill_consents(self, case_id: int) -> None:
        rows = []
        self._consents = self._caseload.consents(case_id)
        for consent in self._consents:
            covers = "; ".join(consent.agencies) or consent.restrictions
            rows.append(
                [
                    consent.kind.label,
                    day(consent.signed_on),
                    language_name(consent.language),
                    day(consent.withdrawn_on) if consent.withdrawn_on else "",
                    covers,
                ]
            )
        fill_table(self.consents_table, rows)
        self._consent_selected()

    def selected_consent(self) -> Consent | None:
        rows = {index.row() for index in self.consents_table.selectedIndexes()}
        if len(rows) != 1:
            return None
        return self._consents[rows.pop()]

    def _consent_selected(self) -> None:
        consent = self.selected_consent()
        self.withdraw_button.setEnabled(
            consent is not None
            and consent.withdrawn_on is None
            and consent.kind is not ConsentKind.PRIVACY_NOTICE  # handed out, not consented
        )

    def withdraw_consent(self) -> WithdrawConsentDialog | None:
        consent = self.selected_consent()
        if consent is None or not self.withdraw_button.isEnabled():
            return None
        return self._open(WithdrawConsentDialog(self._caseload, consent, self._prompter, self))

    # -- actions ---------------------------------------------------------------------------

    def _item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        instance_id = item.data(0, INSTANCE_ROLE)
        form_key = item.data(0, FORM_KEY_ROLE)
        if isinstance(instance_id, int):
            self.open_instance.emit(instance_id)
        elif isinstance(form_key, str):
            self.start_form(form_key)

    def _show_item_hint(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        button = self.new_buttons.get(item.data(0, FORM_KEY_ROLE)) if item else None
        if item is None or button is None:
            self.forms_hint.setText("")
        elif isinstance(item.data(0, INSTANCE_ROLE), int):
            self.forms_hint.setText(_("Enter opens this form."))
        elif button.isEnabled():
            self.forms_hint.setText(_("Enter starts a new form of this kind."))
        else:
            self.forms_hint.setText(button.toolTip())

    def start_form(self, form_key: str) -> None:
        if self.case_id is None:
            return
        button = self.new_buttons.get(form_key)
        if button is not None and not button.isEnabled():
            self.forms_hint.setText(button.toolTip())
            return
        self.open_form.emit(self.case_id, form_key)

    def run_step(self, step: Step) -> None:
        if self.case_id is None:
            return
        if step.kind == "form":
            self.open_form.emit(self.case_id, step.target)
        elif step.kind == "consent":
            self.record_consent(ConsentKind(step.target))
        elif step.kind == "phase":
            self.move_to(Phase(step.target))

    def move_to(self, target: Phase) -> None:
        if self.case_id is None:
            return
        question = _("Move the case to “{phase}”?").format(phase=target.label)
        if not self._prompter.question(self, question, title=_("Phase of the case")):
            return
        try:
            self._caseload.move_to(self.case_id, target)
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return
        self._stored()

    def record_contact(self) -> ContactDialog | None:
        if self.case_id is None or not self.add_contact_button.isEnabled():
            return None
        return self._open(ContactDialog(self._caseload, self.case_id, self._prompter, self))

    def record_referral(self) -> ReferralDialog | None:
        if self.case_id is None:
            return None
        return self._open(ReferralDialog(self._caseload, self.case_id, self._prompter, self))

    def record_consent(
        self, kind: ConsentKind = ConsentKind.DATA_PROCESSING
    ) -> ConsentDialog | None:
        if self.case_id is None:
            return None
        dialog = ConsentDialog(self._caseload, self.case_id, self._prompter, self, kind=kind)
        return self._open(dialog)

    def _open(self, dialog: D) -> D:
        """Show a dialog window-modal without blocking; store and refresh when it is accepted."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._stored)
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    def _dialog_closed(self) -> None:
        self.dialog = None

    def _stored(self) -> None:
        self.refresh()
        self.changed.emit()
