"""One case at a glance: who, where on the Regelkreis, what is next, and its forms, contacts,
referrals, consents and the comparison of the assessments.

Every read and write goes through ``Caseload``; forms are opened by whoever listens to
``open_form`` / ``open_instance`` (the main window and its wizard).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.consent_scope import ConsentScope
from kimdesk.contact_attempts import kind_text
from kimdesk.domain.names import display_name
from kimdesk.domain.phases import Phase, requires_consent
from kimdesk.domain.records import Consent, Contact, Referral
from kimdesk.domain.vocabulary import (
    ConsentKind,
    LifeDomain,
)
from kimdesk.errors import KimdeskError
from kimdesk.gui.case_conference_dialog import CaseConferenceDialog, ConferencesTab
from kimdesk.gui.case_forms_tab import FormsTab
from kimdesk.gui.case_tables import day, fill_table, read_only_table
from kimdesk.gui.consent_dialog import ConsentDialog, WithdrawConsentDialog, language_name
from kimdesk.gui.contact_dialog import ContactDialog
from kimdesk.gui.erasure_dialog import erase_person_on_request
from kimdesk.gui.handover_dialog import HandoverButton
from kimdesk.gui.print_dialog import PrintDialog
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.radar import ComparisonPanel
from kimdesk.gui.record_corrections import confirm_and_remove, correctable
from kimdesk.gui.referral_dialog import ReferralDialog
from kimdesk.gui.referral_status_dialog import (
    REFERRAL_COLUMNS,
    ReferralStatusDialog,
    mark_without_news,
    referral_line,
)
from kimdesk.gui.regelkreis import PhasePath
from kimdesk.gui.table_sync import sync_rows
from kimdesk.gui.widgets import chain_tab_order, heading, hint
from kimdesk.i18n import _
from kimdesk.printing.documents import ACCESS_REPORT
from kimdesk.workflow import Step, Unavailable, blocked_text, unavailable_text

D = TypeVar("D", bound=QDialog)


def contact_line(entry: tuple[int, Contact]) -> list[str]:
    """A contact's row in the case's contacts table."""
    contact = entry[1]
    topics = sorted(contact.topics, key=list(LifeDomain).index)
    return [
        day(contact.contact_on),
        "–" if contact.attempt else str(contact.minutes),
        kind_text(contact),
        ", ".join(t.label for t in topics),
        _("yes") if contact.short_referral else "",
        contact.note.splitlines()[0] if contact.note.strip() else "",
    ]


def contact_saved(dialog: ContactDialog) -> str:
    """The status bar's word after a contact dialog: a contact or an unanswered attempt."""
    return _("Contact attempt saved.") if dialog.is_attempt() else _("Contact saved.")


class CaseView(QWidget):
    open_form = Signal(int, str)  # case id, form key: start a new form
    open_instance = Signal(int)  # form instance id: open an existing form
    back = Signal()
    print_requested = Signal()
    case_changed = Signal(int)  # a case id: something of that case was stored
    case_removed = Signal(int)  # a case id: the case was erased or handed over
    saved = Signal(str)  # a short confirmation for the status bar, never a client's data
    dialog_opened = Signal(QDialog)  # so the main window's Ctrl+L reaches it

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
        self._contacts: list[tuple[int, Contact]] = []  # as the table shows them
        self._referrals: list[tuple[int, Referral]] = []
        # What the phase path and the comparison show: a refresh redraws only what changed
        # (a saved contact changes neither).
        self._path_shown: object = None
        self._changes_shown: object = None
        self._steps_shown: object = None
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
        self.erase_button = QPushButton(_("Erase person (Art. 17) …"), self)
        self.erase_button.setToolTip(
            _("Erase this person with all their cases and data for good, on request (Art. 17 GDPR)")
        )
        self.erase_button.clicked.connect(self.erase_person)
        self.access_report_button = QPushButton(_("Information under Art. 15 …"), self)
        self.access_report_button.setToolTip(
            _("Everything stored about this person, as a PDF for the client (Art. 15 GDPR)")
        )
        self.access_report_button.clicked.connect(self.show_access_report)
        top.addWidget(self.access_report_button)
        self.handover_button = HandoverButton(self._caseload, self._prompter, self)
        self.handover_button.stored.connect(self._stored)
        self.handover_button.erased.connect(self._handed_over)
        top.addWidget(self.handover_button)
        self.print_button = QPushButton(_("Print …"), self)
        self.print_button.setToolTip(
            _("Consent documents in the client's language, forms, case file (Ctrl+P)")
        )
        self.print_button.clicked.connect(self.print_requested)
        top.addWidget(self.print_button)
        # The one action that cannot be undone stands apart from the everyday ones.
        top.addSpacing(24)
        top.addWidget(self.erase_button)
        layout.addLayout(top)
        chain_tab_order(  # as they stand, left to right (the erase button was made first)
            [
                self.back_button,
                self.access_report_button,
                self.handover_button,
                self.print_button,
                self.erase_button,
            ]
        )
        self._shortcut("Alt+Left", self.back.emit)
        self._shortcut("Ctrl+K", self.record_contact)

        header = self.header = QFrame(self)
        header.setObjectName("card")
        header.setAccessibleName(_("Case header"))
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
        self.forms_tab = FormsTab(self._caseload, self._prompter, self)
        self.forms_tab.open_form.connect(self.open_form)
        self.forms_tab.open_instance.connect(self.open_instance)
        self.forms_tab.consent_wanted.connect(
            lambda: self.record_consent(ConsentKind.DATA_PROCESSING)
        )
        self.forms_tab.correction_started.connect(self.refresh)
        # the tab's parts under the names the rest of the view (and its tests) use
        self.forms_tree = self.forms_tab.tree
        self.forms_hint = self.forms_tab.hint
        self.correct_form_button = self.forms_tab.correct_button
        self.consent_notice = self.forms_tab.consent_notice
        self.consent_notice_button = self.forms_tab.consent_notice_button
        self.ended_notice = self.forms_tab.ended_notice
        self.tabs.addTab(self.forms_tab, _("&Forms"))
        self.contacts_table, self.add_contact_button, contacts = self._list_tab(
            [_("Date"), _("Minutes"), _("Setting"), _("Topics"), _("Short referral"), _("Note")],
            _("Contacts"),
            _("Record contact"),
            self.record_contact,
            {3: 300},
        )
        self.add_contact_button.setToolTip(_("Record contact (Ctrl+K)"))
        correctable(self.contacts_table, edit=self.edit_contact, remove=self.remove_contact)
        self.tabs.addTab(contacts, _("&Contacts"))
        self.referrals_table, self.add_referral_button, referrals = self._list_tab(
            [_(column) for column in REFERRAL_COLUMNS],
            _("Referrals"),
            _("Record referral"),
            self.record_referral,
            {1: 230, 6: 260},
        )
        correctable(self.referrals_table, edit=self.edit_referral, remove=self.remove_referral)
        self.referral_status_button = QPushButton(_("Record &news …"), referrals)
        self.referral_status_button.setToolTip(
            _("Record the new status of the selected referral, its result, or undo a change")
        )
        self.referral_status_button.setEnabled(False)
        self.referral_status_button.clicked.connect(lambda: self.record_referral_news())
        referrals.layout().itemAt(0).layout().insertWidget(1, self.referral_status_button)
        self.referrals_table.itemSelectionChanged.connect(self._referral_selected)
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
        self.release_notice = hint("", consents)  # K: a release ending soon, or ended
        self.release_notice.setObjectName("notice")
        consents.layout().insertWidget(1, self.release_notice)
        self.tabs.addTab(consents, _("C&onsents"))
        self.comparison = ComparisonPanel(self)
        self.tabs.addTab(self.comparison, _("Co&mparison"))
        self.conferences_tab = ConferencesTab(self._caseload, self._prompter, self)
        self.conferences_tab.open_conference.connect(self.open_conference)
        self.conferences_tab.removed.connect(self._stored)
        self.tabs.addTab(self.conferences_tab, _("Case co&nferences"))
        for index in range(self.tabs.count()):
            self._shortcut(f"Alt+{index + 1}", lambda i=index: self.tabs.setCurrentIndex(i))
            self.tabs.setTabToolTip(index, f"Alt+{index + 1}")
        layout.addWidget(self.tabs, 1)

    def _shortcut(self, sequence: str, slot: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(sequence), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

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
        name = display_name(person.surname, person.given_names)
        self.name_label.setText(name)
        # The label's own text is its accessible name (a name of "Name" hid the person's name)
        self.name_label.setAccessibleDescription(_("Name"))
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
        path = (case.phase, self._caseload.phase_history(case.id))
        if path != self._path_shown:  # unchanged after a contact: no new layout and paint
            self._path_shown = path
            self.phase_path.set_case(*path)
        # the header's summary in words: the facts and where the case stands on its path
        self.header.setAccessibleDescription(
            f"{', '.join(facts)}. {self.phase_path.accessibleDescription()}"
        )
        self.handover_button.set_case(case)
        # The case's state is read once for the steps and every form's availability.
        state = self._caseload.case_state(case.id)
        self._show_steps(self._caseload.next_steps(case.id, state=state), case.phase)
        self.forms_tab.show_case(case.id, case.phase, state)
        self._fill_contacts(case.id)
        self._fill_referrals(case.id)
        self._fill_consents(case.id)
        changes = (case.id, self._caseload.assessment_changes(case.id))
        if changes != self._changes_shown:
            self._changes_shown = changes
            self.comparison.set_changes(changes[1])
        self.conferences_tab.show_case(case.id, is_open=case.phase.is_open)
        for button in (self.add_contact_button, self.add_referral_button, self.add_consent_button):
            button.setEnabled(case.phase.is_open)

    def _show_steps(self, steps: list[Step], phase: Phase) -> None:
        if (steps, phase) == self._steps_shown:
            return  # the same buttons: not made anew
        self._steps_shown = (steps, phase)
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
            if step.blocked is not None:
                # Not a question followed by a refusal: the button says what is missing and
                # leads there (run_step).
                button.setText(
                    _("{step} – {missing}").format(
                        step=step.label, missing=blocked_text(step.blocked)
                    )
                )
                button.setObjectName("blockedStep")
                button.setToolTip(unavailable_text(step.blocked))
            elif index == 0:
                button.setObjectName("primary")
            button.clicked.connect(lambda _checked=False, s=step: self.run_step(s))
            self.steps_layout.addWidget(button)
            self.step_buttons.append(button)
        # Made last, they would come after the tabs' content; they stand above it.
        chain_tab_order([self.erase_button, *self.step_buttons])

    def _fill_contacts(self, case_id: int) -> None:
        # Only the rows that changed are written: a saved contact inserts one row.
        shown = self._contacts
        self._contacts = list(reversed(self._caseload.corrections.contacts(case_id)))
        written = sync_rows(self.contacts_table, shown, self._contacts, contact_line)
        for row in written:
            if self._contacts[row][1].attempt is not None:  # attempts are no contacts
                for column in range(self.contacts_table.columnCount()):
                    item = self.contacts_table.item(row, column)
                    font = item.font()
                    font.setItalic(True)
                    item.setFont(font)

    def _fill_referrals(self, case_id: int) -> None:
        services = dict(self._caseload.services())
        follow_ups = list(reversed(self._caseload.referral_follow_ups.of_case(case_id)))
        self._referrals = [(f.referral_id, f.referral) for f in follow_ups]
        fill_table(self.referrals_table, [referral_line(f, services) for f in follow_ups])
        mark_without_news(self.referrals_table, follow_ups, self._caseload.today)
        self._referral_selected()

    def _referral_selected(self) -> None:
        rows = {index.row() for index in self.referrals_table.selectedIndexes()}
        self.referral_status_button.setEnabled(len(rows) == 1)

    def _fill_consents(self, case_id: int) -> None:
        rows = []
        self._consents = self._caseload.consents(case_id)
        scope, today = ConsentScope(self._caseload, case_id), self._caseload.today
        notices = scope.release_notices(today)
        self.release_notice.setText("\n".join(notices))
        self.release_notice.setVisible(bool(notices))
        for consent in self._consents:
            covers = scope.describe(consent, today)
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
        dialog = WithdrawConsentDialog(self._caseload, consent, self._prompter, self)
        return self._open(dialog, saved=_("Withdrawal of the consent saved."))

    # -- actions ---------------------------------------------------------------------------

    @property
    def new_buttons(self) -> dict[str, QPushButton]:
        """The "New" button of each form, by form key."""
        return self.forms_tab.new_buttons

    def correct_form(self) -> int | None:
        return self.forms_tab.correct_form()

    def start_form(self, form_key: str) -> None:
        self.forms_tab.start_form(form_key)

    def run_step(self, step: Step) -> None:
        if self.case_id is None:
            return
        if step.blocked is Unavailable.CONSENT:
            self.record_consent(ConsentKind.DATA_PROCESSING)
        elif step.blocked is not None:
            self._prompter.info(self, unavailable_text(step.blocked))
        elif step.kind == "form":
            self.open_form.emit(self.case_id, step.target)
        elif step.kind == "consent":
            self.record_consent(ConsentKind(step.target))
        elif step.kind == "phase":
            self.move_to(Phase(step.target))

    def move_to(self, target: Phase) -> None:
        if self.case_id is None:
            return
        if requires_consent(target) and not self._caseload.has_valid_consent(self.case_id):
            # Asking first would only lead to a refusal: go where the consent is recorded.
            self.record_consent(ConsentKind.DATA_PROCESSING)
            return
        question = _("Move the case to “{phase}”?").format(phase=target.label)
        action = _("Move to “{phase}”").format(phase=target.label)
        if not self._prompter.confirm(self, question, action=action, title=_("Phase of the case")):
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
        dialog = ContactDialog(self._caseload, self.case_id, self._prompter, self)
        return self._open(dialog, saved=lambda: contact_saved(dialog), contacts_only=True)

    def record_referral(self) -> ReferralDialog | None:
        if self.case_id is None:
            return None
        dialog = ReferralDialog(self._caseload, self.case_id, self._prompter, self)
        return self._open(dialog, saved=_("Referral saved."))

    def record_consent(
        self, kind: ConsentKind = ConsentKind.DATA_PROCESSING
    ) -> ConsentDialog | None:
        if self.case_id is None:
            return None
        dialog = ConsentDialog(self._caseload, self.case_id, self._prompter, self, kind=kind)
        return self._open(dialog, saved=_("Consent saved."))

    def open_conference(self, conference_id: int | None = None) -> CaseConferenceDialog | None:
        """Prepare a new case conference, or open one to record its minutes."""
        if self.case_id is None or self.dialog is not None:
            return None
        dialog = CaseConferenceDialog(
            self._caseload, self.case_id, self._prompter, self, conference_id=conference_id
        )
        return self._open(dialog, saved=_("Case conference saved."))

    def show_access_report(self) -> PrintDialog | None:
        """The print dialog set to the Art. 15 information about this case's person."""
        if self.case_id is None:
            return None
        dialog = PrintDialog(
            self._caseload, self._prompter, self, case_id=self.case_id, document_id=ACCESS_REPORT
        )
        return self._open(dialog)

    # -- corrections -----------------------------------------------------------------------

    @staticmethod
    def _selected_row(table: QTableWidget) -> int | None:
        rows = {index.row() for index in table.selectedIndexes()}
        if len(rows) == 1:
            return rows.pop()
        return table.currentRow() if not rows and table.currentRow() >= 0 else None

    def edit_contact(self, row: int | None = None) -> ContactDialog | None:
        row = self._selected_row(self.contacts_table) if row is None else row
        if self.case_id is None or row not in range(len(self._contacts)) or self.dialog is not None:
            return None
        dialog = ContactDialog(
            self._caseload, self.case_id, self._prompter, self, editing=self._contacts[row]
        )
        return self._open(dialog, saved=lambda: contact_saved(dialog), contacts_only=True)

    def remove_contact(self) -> bool:
        row = self._selected_row(self.contacts_table)
        if self.case_id is None or row is None:
            return False
        contact_id, contact = self._contacts[row]
        question = _("Remove the contact of {date}? This cannot be undone.").format(
            date=day(contact.contact_on)
        )
        return self._remove(
            question,
            lambda: self._caseload.corrections.remove_contact(contact_id),
            contacts_only=True,
        )

    def _referral_to_open(self, row: int | None) -> int | None:
        """The referral row a dialog may open for: ``row`` or the selected one, while no other
        dialog of this case is open."""
        row = self._selected_row(self.referrals_table) if row is None else row
        if self.case_id is None or self.dialog is not None:
            return None
        return row if row in range(len(self._referrals)) else None

    def edit_referral(self, row: int | None = None) -> ReferralDialog | None:
        row = self._referral_to_open(row)
        if row is None or self.case_id is None:
            return None
        dialog = ReferralDialog(
            self._caseload, self.case_id, self._prompter, self, editing=self._referrals[row]
        )
        return self._open(dialog, saved=_("Referral saved."))

    def record_referral_news(self, row: int | None = None) -> ReferralStatusDialog | None:
        """The status dialog of the selected referral (or of ``row``)."""
        row = self._referral_to_open(row)
        if row is None:
            return None
        dialog = ReferralStatusDialog(self._caseload, self._referrals[row][0], self._prompter, self)
        return self._open(dialog, saved=_("Referral status saved."))

    def remove_referral(self) -> bool:
        row = self._selected_row(self.referrals_table)
        if self.case_id is None or row is None:
            return False
        referral_id, referral = self._referrals[row]
        question = _("Remove the referral of {date}? This cannot be undone.").format(
            date=day(referral.referred_on)
        )
        return self._remove(
            question, lambda: self._caseload.corrections.remove_referral(referral_id)
        )

    def _remove(
        self, question: str, remove: Callable[[], None], *, contacts_only: bool = False
    ) -> bool:
        """Ask, remove, and refresh the case when it was removed."""
        removed = confirm_and_remove(self, self._prompter, question, remove)
        if removed:
            self._contact_stored() if contacts_only else self._stored()
        return removed

    def _open(
        self, dialog: D, *, saved: str | Callable[[], str] = "", contacts_only: bool = False
    ) -> D:
        """Show a dialog window-modal without blocking; store and refresh when it is accepted
        (``contacts_only``: what a contact changes), then say ``saved`` (or what it returns
        then) in the status bar."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._contact_stored if contacts_only else self._stored)
        if saved:
            dialog.accepted.connect(
                lambda: self.saved.emit(saved() if callable(saved) else saved)
            )
        self.dialog_opened.emit(dialog)
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        return dialog

    def _handed_over(self) -> None:
        """The receipt is confirmed: the case may be gone, so back to the list."""
        case_id, self.case_id = self.case_id, None
        if case_id is not None:
            self.case_removed.emit(case_id)
        self.back.emit()

    def erase_person(self) -> bool:
        """Erase this case's person on request, after a question; then back to the list."""
        if self.case_id is None:
            return False
        if erase_person_on_request(self, self._caseload, self._prompter, self.case_id) is None:
            return False
        case_id, self.case_id = self.case_id, None
        self.case_removed.emit(case_id)
        self.back.emit()
        return True

    def _dialog_closed(self) -> None:
        self.dialog = None

    def _stored(self) -> None:
        self.refresh()
        if self.case_id is not None:
            self.case_changed.emit(self.case_id)

    def _contact_stored(self) -> None:
        """A contact changes its table, the next steps and which forms may start; not the
        header, the referrals, the consents, the comparison or the conferences."""
        if self.case_id is None:
            return
        case = self._caseload.case(self.case_id)
        state = self._caseload.case_state(case.id)
        self._show_steps(self._caseload.next_steps(case.id, state=state), case.phase)
        self.forms_tab.show_case(case.id, case.phase, state)
        self._fill_contacts(case.id)
        self.case_changed.emit(self.case_id)
