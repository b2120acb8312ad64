"""Recording a signed consent: to data processing, the release from confidentiality (with
the agencies it covers), a needs conference (with the participants and topics the client
crossed out, and restrictions in words) or the privacy notice; and withdrawing one, a release
also for single agencies."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.consent_scope import ConsentScope, Exclusions, Topic
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind
from kimdesk.errors import KimdeskError
from kimdesk.gui.contact_dialog import date_edit
from kimdesk.gui.dialog_input import DialogInput
from kimdesk.gui.print_dialog import PrintDialog
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import heading, hint, save_cancel_buttons, submit_shortcuts
from kimdesk.i18n import N_, _
from kimdesk.printing.documents import DOCUMENT_OF_CONSENT, cover_sheet_agencies

# The languages the consent forms are printed in (key stored with the consent).
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("de", N_("German")),
    ("en", N_("English")),
    ("fr", N_("French")),
    ("ar", N_("Arabic")),
    ("fa", N_("Persian (Farsi/Dari)")),
    ("ps", N_("Pashto")),
    ("ku", N_("Kurdish (Kurmanji)")),
    ("tr", N_("Turkish")),
    ("uk", N_("Ukrainian")),
    ("ru", N_("Russian")),
    ("ro", N_("Romanian")),
    ("bg", N_("Bulgarian")),
    ("pl", N_("Polish")),
    ("ti", N_("Tigrinya")),
)


def language_name(code: str) -> str:
    """The (German) name of a consent language; unknown codes are shown as they are."""
    return next((_(name) for key, name in LANGUAGES if key == code), code)


class ConsentDialog(QDialog):
    """Ends accepted with ``consent_id`` set once the consent is stored."""

    def __init__(
        self,
        caseload: Caseload,
        case_id: int,
        prompter: PrompterLike,
        parent: QWidget | None = None,
        kind: ConsentKind = ConsentKind.DATA_PROCESSING,
    ) -> None:
        super().__init__(parent)
        self.consent_id: int | None = None
        self._caseload = caseload
        self._case_id = case_id
        self._prompter = prompter
        self.setWindowTitle(_("Record consent"))
        self.setMinimumWidth(scaled(540))
        self._build([agency for agency, _person in cover_sheet_agencies(caseload, case_id)])
        self.kind_combo.setCurrentIndex(list(ConsentKind).index(kind))
        self._show_kind_fields()
        # The kind first: it decides which of the other fields are shown.
        fields: dict[str, QWidget] = {
            "kind": self.kind_combo,
            "date": self.date_edit,
            "language": self.language_combo,
        }
        fields |= {f"agency.{box.accessibleName()}": box for box in self.agency_boxes}
        fields |= {f"excluded.{box.accessibleName()}": box for box in self.participant_boxes}
        fields |= {f"topic.{key}": box for key, box in self.topic_boxes.items()}
        fields |= {"other_agency": self.other_agency_edit, "restrictions": self.restrictions_edit}
        self.dialog_input = DialogInput(
            self, caseload, kind="consent", case_id=case_id, fields=fields
        )
        self.kind_combo.setFocus()

    def _build(self, agencies: list[str]) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(heading(_("Record consent"), self))
        layout.addWidget(
            hint(
                _(
                    "Record a consent once the person has signed it – in a language they "
                    "understand. Assessment data can only be stored after the consent to data "
                    "processing."
                ),
                self,
            )
        )
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        layout.addLayout(form)

        self.kind_combo = QComboBox(self)
        for kind in ConsentKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.kind_combo.setAccessibleName(_("Kind of consent"))
        self.kind_combo.currentIndexChanged.connect(self._show_kind_fields)
        form.addRow(self._buddy(_("&Kind"), self.kind_combo), self.kind_combo)

        self.date_edit = date_edit(QDate(self._caseload.today), self)
        self.date_edit.setAccessibleName(_("Signed on"))
        form.addRow(self._buddy(_("&Signed on"), self.date_edit), self.date_edit)

        self.language_combo = QComboBox(self)
        for code, name in LANGUAGES:
            self.language_combo.addItem(_(name), code)
        self.language_combo.setAccessibleName(_("Language of the form"))
        language_label = self._buddy(_("&Language of the form"), self.language_combo)
        form.addRow(language_label, self.language_combo)

        self.agency_group = QGroupBox(_("Agencies covered by the release"), self)
        agency_layout = QVBoxLayout(self.agency_group)
        self.agency_boxes: list[QCheckBox] = []
        for agency in agencies:
            box = QCheckBox(agency.replace("&", "&&"), self.agency_group)
            box.setAccessibleName(agency)
            agency_layout.addWidget(box)
            self.agency_boxes.append(box)
        if not agencies:
            agency_layout.addWidget(
                hint(_("The cover sheet names no agencies yet; enter them below."), self)
            )
        self.other_agency_edit = QLineEdit(self.agency_group)
        self.other_agency_edit.setAccessibleName(_("Other agency"))
        self.other_agency_edit.setPlaceholderText(_("Other agency (several separated by ;)"))
        agency_layout.addWidget(self.other_agency_edit)
        layout.addWidget(self.agency_group)

        self._build_exclusions(agencies, layout)
        self.restrictions_label = QLabel(_("&Other things that must not be discussed"), self)
        self.restrictions_edit = QPlainTextEdit(self)
        self.restrictions_edit.setTabChangesFocus(True)
        self.restrictions_edit.setAccessibleName(_("Restrictions"))
        self.restrictions_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.restrictions_label.setBuddy(self.restrictions_edit)
        layout.addWidget(self.restrictions_label)
        layout.addWidget(self.restrictions_edit)

        self.buttons, self.save_button, cancel = save_cancel_buttons(self, self.save)
        self.print_button = QPushButton(_("&Print the form …"), self)
        self.print_button.setToolTip(
            _("Print this consent document in the chosen language, for signing")
        )
        self.print_button.setAutoDefault(False)
        self.buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.print_button.clicked.connect(self.print_form)
        submit_shortcuts(self, self.save)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def _build_exclusions(self, agencies: list[str], layout: QVBoxLayout) -> None:
        """What the client crossed out on the conference form: who must not take part, which
        topics must not be discussed. Printed documents for the conference leave them out."""
        self.exclusion_group = QGroupBox(_("Crossed out on the form (not agreed to)"), self)
        group_layout = QVBoxLayout(self.exclusion_group)
        self.participant_boxes: list[QCheckBox] = []
        if agencies:
            group_layout.addWidget(hint(_("Must not take part:"), self.exclusion_group))
        for agency in agencies:
            box = QCheckBox(agency.replace("&", "&&"), self.exclusion_group)
            box.setAccessibleName(agency)
            group_layout.addWidget(box)
            self.participant_boxes.append(box)
        group_layout.addWidget(hint(_("Must not be discussed:"), self.exclusion_group))
        self.topic_boxes: dict[str, QCheckBox] = {}
        for topic in Topic:
            box = QCheckBox(topic.label, self.exclusion_group)
            box.setAccessibleName(topic.label)
            group_layout.addWidget(box)
            self.topic_boxes[topic.value] = box
        layout.addWidget(self.exclusion_group)

    def _buddy(self, text: str, field: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(field)
        return label

    def _show_kind_fields(self) -> None:
        kind = self.kind()
        self.agency_group.setVisible(kind is ConsentKind.CONFIDENTIALITY_RELEASE)
        conference = kind is ConsentKind.NEEDS_CONFERENCE
        self.exclusion_group.setVisible(conference)
        self.restrictions_label.setVisible(conference)
        self.restrictions_edit.setVisible(conference)
        self.adjustSize()

    # -- values ----------------------------------------------------------------------------

    def kind(self) -> ConsentKind:
        return ConsentKind(self.kind_combo.currentData())

    def set_language(self, code: str) -> None:
        self.language_combo.setCurrentIndex(self.language_combo.findData(code))

    def agencies(self) -> tuple[str, ...]:
        chosen = [box.accessibleName() for box in self.agency_boxes if box.isChecked()]
        chosen += [p.strip() for p in self.other_agency_edit.text().split(";") if p.strip()]
        return tuple(chosen)

    def consent(self) -> Consent:
        kind = self.kind()
        return Consent(
            case_id=self._case_id,
            kind=kind,
            signed_on=self.date_edit.date().toPython(),
            language=str(self.language_combo.currentData()),
            agencies=self.agencies() if kind is ConsentKind.CONFIDENTIALITY_RELEASE else (),
            restrictions=(
                self.restrictions_edit.toPlainText().strip()
                if kind is ConsentKind.NEEDS_CONFERENCE
                else ""
            ),
        )

    def exclusions(self) -> Exclusions | None:
        if self.kind() is not ConsentKind.NEEDS_CONFERENCE:
            return None
        return Exclusions(
            participants=tuple(b.accessibleName() for b in self.participant_boxes if b.isChecked()),
            topics=tuple(Topic(key) for key, box in self.topic_boxes.items() if box.isChecked()),
        )

    def print_form(self) -> None:
        """Print the document of the chosen kind in the chosen language, to be signed."""
        dialog = PrintDialog(
            self._caseload,
            self._prompter,
            self,
            case_id=self._case_id,
            document_id=DOCUMENT_OF_CONSENT[self.kind()],
            language=str(self.language_combo.currentData()),
        )
        self.print_dialog = dialog
        dialog.exec()

    def save(self) -> None:
        try:
            self.consent_id = self._caseload.record_consent(
                self.consent(), exclusions=self.exclusions()
            )
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return
        self.accept()


class WithdrawConsentDialog(QDialog):
    """Records the withdrawal of one consent, dated between its signature and today."""

    def __init__(
        self,
        caseload: Caseload,
        consent: Consent,
        prompter: PrompterLike,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        assert consent.id is not None
        self._caseload = caseload
        self._consent = consent
        self._prompter = prompter
        self.setWindowTitle(_("Withdraw consent"))
        self.setMinimumWidth(scaled(500))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(heading(_("Withdraw consent"), self))
        layout.addWidget(
            hint(
                _("{kind}, signed on {date}.").format(
                    kind=consent.kind.label, date=consent.signed_on.strftime("%d.%m.%Y")
                ),
                self,
            )
        )
        notice = hint(
            _(
                "What was processed before the withdrawal stays lawful and stays in the case "
                "file. From the day of the withdrawal on, nothing new may be recorded under "
                "this consent."
            ),
            self,
        )
        notice.setObjectName("notice")
        layout.addWidget(notice)
        self._build_agency_choice(layout)
        form = QFormLayout()
        self.date_edit = date_edit(QDate(caseload.today), self)
        self.date_edit.setMinimumDate(QDate(consent.signed_on))
        self.date_edit.setAccessibleName(_("Withdrawn on"))
        label = QLabel(_("&Withdrawn on"), self)
        label.setBuddy(self.date_edit)
        form.addRow(label, self.date_edit)
        layout.addLayout(form)
        self.buttons, self.save_button, _cancel = save_cancel_buttons(self, self.save)
        self.save_button.setText(_("Record withdrawal"))
        submit_shortcuts(self, self.save)
        layout.addWidget(self.buttons)
        self.date_edit.setFocus()

    def _build_agency_choice(self, layout: QVBoxLayout) -> None:
        """A release naming several agencies still covered can be withdrawn for some only."""
        self.whole_button = QRadioButton(_("For the &whole release"), self)
        self.some_button = QRadioButton(_("Only for &these agencies:"), self)
        self.withdraw_agency_boxes: list[QCheckBox] = []
        self.whole_button.setChecked(True)
        release = ConsentScope(self._caseload, self._consent.case_id).release(self._consent.id or 0)
        remaining = []
        if release is not None:
            remaining = [a for a in release.consent.agencies if a not in release.withdrawn]
        if len(remaining) < 2:  # the whole release, or its last agency: the same
            self.whole_button.hide()
            self.some_button.hide()
            return
        layout.addWidget(self.whole_button)
        layout.addWidget(self.some_button)
        for agency in remaining:
            box = QCheckBox(agency.replace("&", "&&"), self)
            box.setAccessibleName(agency)
            box.setEnabled(False)
            layout.addWidget(box)
            self.withdraw_agency_boxes.append(box)
        self.some_button.toggled.connect(self._agency_choice_changed)

    def _agency_choice_changed(self, some: bool) -> None:
        for box in self.withdraw_agency_boxes:
            box.setEnabled(some)

    def chosen_agencies(self) -> list[str] | None:
        """None for the whole release, else the agencies ticked."""
        if not self.some_button.isChecked():
            return None
        return [b.accessibleName() for b in self.withdraw_agency_boxes if b.isChecked()]

    def save(self) -> None:
        assert self._consent.id is not None
        agencies = self.chosen_agencies()
        on = self.date_edit.date().toPython()
        try:
            if agencies is None:
                self._caseload.withdraw_consent(self._consent.case_id, self._consent.id, on)
            else:
                self._caseload.withdraw_consent_agencies(
                    self._consent.case_id, self._consent.id, agencies, on
                )
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return
        self.accept()
