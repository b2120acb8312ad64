"""Settings (Einstellungen): the case manager's profile, the organisation printed on the
consent documents, the password, the language and the review status of the consent translations.

The profile is stored in the encrypted caseload; the language in the small settings file
read before unlocking (kimdesk.app_settings). OK checks everything before it stores anything.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kimdesk.app_settings import load_app_settings, save_app_settings
from kimdesk.caseload import Caseload
from kimdesk.domain.records import (
    MAX_IDLE_MINUTES,
    MAX_RETENTION_YEARS,
    MIN_RETENTION_YEARS,
    Profile,
)
from kimdesk.domain.rules import caseload_capacity
from kimdesk.errors import KimdeskError
from kimdesk.gui.backup_dialog import backup_keep_spin, save_backup_keep
from kimdesk.gui.machine_settings import lock_field
from kimdesk.gui.password_field import NewPasswordField
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.services_page import looks_like_email
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import FieldNote, busy_cursor, hint, leave_with_tab, noted_row
from kimdesk.i18n import _
from kimdesk.passwords import personal_words, profile_words
from kimdesk.printing.consent_texts import CONSENT_LANGUAGES, review
from kimdesk.system_config import enforce_locked, system_config

# Each language under its own name, so that it can be found whatever language is shown.
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}
NOT_REVIEWED_COLOUR = QColor("#8a5a00")  # amber, as for dormant cases in the case list


class SettingsDialog(QDialog):
    """Ends accepted with ``saved_profile`` set to the profile stored."""

    def __init__(
        self, caseload: Caseload, prompter: PrompterLike, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.saved_profile: Profile | None = None
        self._caseload = caseload
        self._prompter = prompter
        self._profile = caseload.profile()
        self._app_settings = load_app_settings()
        self._system = system_config()  # IT's kimdesk.toml: presets and locked keys
        self.notes: dict[QWidget, FieldNote] = {}
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(scaled(620))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        self.tabs = QTabWidget(self)
        self.profile_tab = self._build_profile_tab()
        self.organisation_tab = self._build_organisation_tab()
        self.password_tab = self._build_password_tab()
        self.language_tab = self._build_language_tab()
        self.translations_tab = self._build_translations_tab()
        self.view_tab = self._build_view_tab()
        self.tabs.addTab(self.profile_tab, _("&Profile"))
        # not "&Organisation": the Träger field on this tab has that mnemonic
        self.tabs.addTab(self.organisation_tab, _("O&rganisation"))
        self.tabs.addTab(self.password_tab, _("Pass&word"))
        self.tabs.addTab(self.language_tab, _("&Language"))
        self.tabs.addTab(self.translations_tab, _("&Translations"))
        self.tabs.addTab(self.view_tab, _("Vie&w"))
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(self)
        self.ok_button = QPushButton(_("OK"), self)
        self.ok_button.setObjectName("primary")  # before the button box polishes it
        buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.locked_fields = self._lock_fields()
        self.name_edit.setFocus()

    # -- tabs ------------------------------------------------------------------------------

    def _form(self, page: QWidget) -> QFormLayout:
        form = QFormLayout(page)
        form.setContentsMargins(16, 16, 16, 8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(2)
        return form

    def _build_profile_tab(self) -> QWidget:
        page = QWidget(self)
        form = self._form(page)
        profile = self._profile
        self.name_edit = QLineEdit(profile.case_manager, page)
        noted_row(self.notes, form, _("&Name *"), self.name_edit, _("Name of the case manager"))
        self.municipality_edit = QLineEdit(profile.municipality, page)
        noted_row(
            self.notes,
            form,
            _("&Municipality or district *"),
            self.municipality_edit,
            _("Municipality or district"),
        )
        self.email_edit = QLineEdit(profile.coordination_email, page)
        self.email_edit.setPlaceholderText(_("e.g. kim@kreis-example.de"))
        noted_row(
            self.notes,
            form,
            _("&E-mail of the coordinating office"),
            self.email_edit,
            _("E-mail of the coordinating office"),
            note_hint=_("Receives the monthly overview."),
        )
        self.share_spin = QSpinBox(page)
        self.share_spin.setRange(10, 100)
        self.share_spin.setSingleStep(5)
        self.share_spin.setSuffix(" %")
        self.share_spin.setValue(round(profile.full_time_share * 100))
        self.capacity_label = QLabel(page)
        self.capacity_label.setObjectName("hint")
        self.share_spin.valueChanged.connect(self._show_capacity)
        self._show_capacity(self.share_spin.value())
        noted_row(
            self.notes,
            form,
            _("&Full-time share"),
            self.share_spin,
            _("Full-time share in percent"),
            beside=self.capacity_label,
        )
        self.idle_spin = QSpinBox(page)
        self.idle_spin.setRange(0, MAX_IDLE_MINUTES)
        self.idle_spin.setSuffix(" " + _("min"))
        self.idle_spin.setSpecialValueText(_("never"))
        self.idle_spin.setValue(min(max(profile.idle_lock_minutes, 0), MAX_IDLE_MINUTES))
        noted_row(
            self.notes,
            form,
            _("Lock &after"),
            self.idle_spin,
            _("Lock after minutes without input"),
            beside=hint(_("without input (0 = never)"), page),
        )
        self.backup_keep_spin = backup_keep_spin(self._caseload, page)
        self.backup_hint = hint(self._backup_place(), page)
        noted_row(
            self.notes,
            form,
            _("&Backups to keep"),
            self.backup_keep_spin,
            _("Automatic backups to keep"),
            beside=self.backup_hint,
        )
        return page

    def _backup_place(self) -> str:
        folder = self._system.backup_folder
        if folder is None:
            return _("One backup per day is kept, in the folder “backups” beside the caseload.")
        return _("One backup per day is kept, in the folder {folder}.").format(folder=folder)

    def _build_organisation_tab(self) -> QWidget:
        page = QWidget(self)
        form = self._form(page)
        profile = self._profile
        self.organisation_edit = QLineEdit(profile.organisation, page)
        noted_row(
            self.notes,
            form,
            _("&Organisation (Träger) *"),
            self.organisation_edit,
            _("Organisation (Träger)"),
        )
        # one line, as the documents print it
        self.address_edit = QLineEdit(profile.organisation_address, page)
        self.address_edit.setPlaceholderText(_("e.g. Main Street 1, 12345 Example Town"))
        noted_row(
            self.notes, form, _("&Address"), self.address_edit, _("Address of the organisation")
        )
        self.officer_edit = QLineEdit(profile.data_protection_officer, page)
        self.officer_edit.setPlaceholderText(
            _("e.g. Dr. A. Example, privacy@district.example, 0521 123")
        )
        noted_row(
            self.notes,
            form,
            _("&Data protection officer"),
            self.officer_edit,
            _("Data protection officer"),
            note_hint=_("Name and contact: e-mail or phone."),
        )
        for edit in (self.organisation_edit, self.address_edit, self.officer_edit):
            edit.setCursorPosition(0)  # a long value shows its beginning
        self.retention_spin = QSpinBox(page)
        self.retention_spin.setRange(MIN_RETENTION_YEARS, MAX_RETENTION_YEARS)
        self.retention_spin.valueChanged.connect(self._show_years)
        self.retention_spin.setValue(
            min(max(profile.retention_years, MIN_RETENTION_YEARS), MAX_RETENTION_YEARS)
        )
        self._show_years(self.retention_spin.value())
        noted_row(
            self.notes,
            form,
            _("&Keep data for"),
            self.retention_spin,
            _("Years the data are kept after the end of the case management"),
            beside=hint(_("after the end of the case management"), page),
        )
        form.addRow(
            hint(
                _(
                    "These details are printed on the consent documents and the privacy "
                    "notice. An empty field prints as a line to fill in by hand."
                ),
                page,
            )
        )
        return page

    def _lock_fields(self) -> dict[str, QWidget]:
        """The fields IT locked in kimdesk.toml: shown, not editable, with a note saying so."""
        fields: dict[str, QWidget] = {
            "organisation": self.organisation_edit,
            "municipality": self.municipality_edit,
            "organisation_address": self.address_edit,
            "data_protection_officer": self.officer_edit,
            "coordination_email": self.email_edit,
            "retention_years": self.retention_spin,
            "idle_lock_minutes": self.idle_spin,
            "backups_to_keep": self.backup_keep_spin,
            "language": self.language_combo,
        }
        locked = {key: field for key, field in fields.items() if self._system.is_locked(key)}
        for field in locked.values():
            lock_field(field, self.notes[field])
        return locked

    def _show_years(self, years: int) -> None:
        self.retention_spin.setSuffix(" " + (_("year") if years == 1 else _("years")))

    def _show_capacity(self, percent: int) -> None:
        self.capacity_label.setText(
            _("caseload key: about {n} persons").format(n=round(caseload_capacity(percent / 100)))
        )

    def _build_password_tab(self) -> QWidget:
        page = QWidget(self)
        form = self._form(page)
        self.current_edit = QLineEdit(page)
        self.current_edit.setEchoMode(QLineEdit.EchoMode.Password)
        noted_row(
            self.notes, form, _("&Current password"), self.current_edit, _("Current password")
        )
        self.new_password = NewPasswordField(
            page,
            form,
            self.notes,
            label=_("&New password"),
            accessible_name=_("New password"),
            repeat_label=_("&Repeat new password"),
            repeat_accessible_name=_("Repeat new password"),
            # The stored profile and the one being typed: either may be the one guessed from.
            user_inputs=lambda: (
                *profile_words(self._profile),
                *personal_words(
                    self.name_edit.text(),
                    self.organisation_edit.text(),
                    self.municipality_edit.text(),
                ),
            ),
        )
        self.new_edit = self.new_password.password_edit
        self.repeat_edit = self.new_password.repeat_edit
        self.change_button = QPushButton(_("C&hange password"), page)
        self.change_button.setAutoDefault(False)
        self.change_button.clicked.connect(self.change_password)
        row = QHBoxLayout()
        row.addWidget(self.change_button)
        row.addStretch(1)
        form.addRow("", row)
        warning = hint(
            _(
                "Nobody can restore a forgotten password – not even your IT support. "
                "Keep it in a safe place."
            ),
            page,
        )
        warning.setObjectName("notice")
        form.addRow(warning)
        return page

    def _build_language_tab(self) -> QWidget:
        page = QWidget(self)
        form = self._form(page)
        self.language_combo = QComboBox(page)
        for code, name in LANGUAGE_NAMES.items():
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(self._app_settings.language))
        )
        noted_row(
            self.notes,
            form,
            _("Language of the &user interface"),
            self.language_combo,
            _("Language of the user interface"),
            note_hint=_("A new language takes effect at the next start of kimdesk."),
        )
        return page

    def _build_view_tab(self) -> QWidget:
        page = QWidget(self)
        form = self._form(page)
        self.contrast_combo = QComboBox(page)
        for code, text in (
            ("system", _("As set in the system")),
            ("on", _("On")),
            ("off", _("Off")),
        ):
            self.contrast_combo.addItem(text, code)
        self.contrast_combo.setCurrentIndex(
            max(0, self.contrast_combo.findData(self._app_settings.contrast))
        )
        noted_row(
            self.notes,
            form,
            _("High &contrast"),
            self.contrast_combo,
            _("High contrast"),
            note_hint=_("Black text on white and strong outlines; takes effect with OK."),
        )
        return page

    def _build_translations_tab(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(16, 16, 16, 8)
        column.setSpacing(8)
        caption = QLabel(_("Translations of the consent documents"), page)
        caption.setObjectName("sectionCaption")
        column.addWidget(caption)
        self.translations_table = QTableWidget(len(CONSENT_LANGUAGES), 2, page)
        leave_with_tab(self.translations_table)
        self.translations_table.setAccessibleName(_("Translations of the consent documents"))
        self.translations_table.setHorizontalHeaderLabels([_("Language"), _("Status")])
        self.translations_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.translations_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.translations_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        rows = self.translations_table.verticalHeader()
        rows.setVisible(False)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        # about half of the languages at a glance, the rest by scrolling
        header_height = self.translations_table.horizontalHeader().sizeHint().height()
        self.translations_table.setMinimumHeight(header_height + 8 * rows.defaultSectionSize() + 4)
        self.translations_table.setShowGrid(False)
        self.translations_table.setAlternatingRowColors(True)
        for row, (code, (german, native)) in enumerate(CONSENT_LANGUAGES.items()):
            name = QTableWidgetItem(german if german == native else f"{german} – {native}")
            name.setToolTip(f"i18n/consent/{code}.po")
            self.translations_table.setItem(row, 0, name)
            self.translations_table.setItem(row, 1, self._review_item(code))
        header = self.translations_table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # room between the longest name and its status
        self.translations_table.setColumnWidth(0, self.translations_table.sizeHintForColumn(0) + 24)
        column.addWidget(self.translations_table, 1)
        explanation = hint(
            _(
                "The German text is binding and is printed beside every translation. "
                "A translation counts as reviewed once a sworn translator has checked it; "
                "this is recorded in its catalog i18n/consent/<code>.po (header line "
                "“X-Reviewed: yes”). Until then, only the German text is reliable."
            ),
            page,
        )
        explanation.setTextFormat(Qt.TextFormat.PlainText)  # "<code>" is no HTML tag
        column.addWidget(explanation)
        return page

    @staticmethod
    def _review_item(code: str) -> QTableWidgetItem:
        found = review(code)
        if not found.reviewed:
            item = QTableWidgetItem(_("Not yet reviewed"))
            item.setForeground(NOT_REVIEWED_COLOUR)
            return item
        details = ", ".join(part for part in (found.by, found.on) if part)
        return QTableWidgetItem(_("Reviewed") + (f" ({details})" if details else ""))

    # -- profile ---------------------------------------------------------------------------

    def profile_errors(self) -> dict[QWidget, str]:
        errors: dict[QWidget, str] = {}
        required = {
            self.name_edit: _("Please enter your name."),
            self.organisation_edit: _("Please enter your organisation."),
            self.municipality_edit: _("Please enter the municipality or district."),
        }
        for edit, message in required.items():
            if not edit.text().strip():
                errors[edit] = message
        email = self.email_edit.text().strip()
        if email and not looks_like_email(email):
            errors[self.email_edit] = _("This is not a valid e-mail address.")
        return errors

    def profile(self) -> Profile:
        """The profile as entered; the demo marker is kept as it was."""
        self.share_spin.interpretText()
        self.idle_spin.interpretText()
        self.retention_spin.interpretText()
        entered = replace(
            self._profile,
            case_manager=self.name_edit.text().strip(),
            organisation=self.organisation_edit.text().strip(),
            municipality=self.municipality_edit.text().strip(),
            coordination_email=self.email_edit.text().strip(),
            full_time_share=self.share_spin.value() / 100,
            idle_lock_minutes=self.idle_spin.value(),
            organisation_address=self.address_edit.text().strip(),
            data_protection_officer=self.officer_edit.text().strip(),
            retention_years=self.retention_spin.value(),
        )
        return enforce_locked(entered, self._system)

    def chosen_language(self) -> str:
        return str(self.language_combo.currentData())

    def chosen_contrast(self) -> str:
        return str(self.contrast_combo.currentData())

    def save(self) -> None:
        """Check the profile (and a password change typed but not yet done), then store."""
        errors = self.profile_errors()
        profile_fields = (
            self.name_edit,
            self.organisation_edit,
            self.municipality_edit,
            self.email_edit,
            self.address_edit,
            self.officer_edit,
        )
        self._show_errors(errors, profile_fields)
        if errors:
            self._go_to(next(iter(errors)))
            return
        if self._password_typed() and not self.change_password():
            return
        profile = self.profile()
        try:
            self._caseload.update_profile(profile)
            save_backup_keep(self._caseload, self.backup_keep_spin)
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return
        if self.chosen_language() != self._app_settings.language:
            try:
                save_app_settings(replace(self._app_settings, language=self.chosen_language()))
            except OSError:
                self._prompter.error(self, _("The language setting could not be saved."))
        if self.chosen_contrast() != self._app_settings.contrast:
            self._save_contrast()
        self.saved_profile = profile
        self.accept()

    def _save_contrast(self) -> None:
        """Store the high-contrast choice and show it at once."""
        # Imported here: the session module imports the main window, which imports this one.
        from kimdesk.gui.session import apply_style

        try:
            # the language just saved, if it changed, is kept: read the file again
            save_app_settings(replace(load_app_settings(), contrast=self.chosen_contrast()))
        except OSError:
            self._prompter.error(self, _("The contrast setting could not be saved."))
            return
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_style(app)

    # -- password --------------------------------------------------------------------------

    def _password_typed(self) -> bool:
        return any(e.text() for e in (self.current_edit, self.new_edit, self.repeat_edit))

    def password_errors(self) -> dict[QWidget, str]:
        """What is wrong with the password fields; the current password is checked last
        because that takes a moment."""
        errors: dict[QWidget, str] = {}
        current, new = self.current_edit.text(), self.new_edit.text()
        if not current:
            errors[self.current_edit] = _("Please enter your current password.")
        errors.update(self.new_password.errors())
        if not errors and new == current:
            errors[self.new_edit] = _("The new password is the same as the current one.")
        if not errors:
            with busy_cursor():
                matches = self._caseload.password_matches(current)
            if not matches:
                errors[self.current_edit] = _("The current password is wrong.")
        return errors

    def change_password(self) -> bool:
        """Change the caseload's password; True on success (the fields are emptied then)."""
        fields = (self.current_edit, self.new_edit, self.repeat_edit)
        errors = self.password_errors()
        self._show_errors(errors, fields)
        if errors:
            self._go_to(next(iter(errors)))
            return False
        try:
            with busy_cursor():
                self._caseload.change_password(self.new_edit.text())
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return False
        self.current_edit.clear()
        self.new_password.clear()
        self._prompter.info(self, _("The password has been changed."))
        return True

    # -- helpers ---------------------------------------------------------------------------

    def _show_errors(self, errors: dict[QWidget, str], fields: tuple[QWidget, ...]) -> None:
        for field in fields:
            self.notes[field].set_error(errors.get(field, ""))

    def _go_to(self, field: QWidget) -> None:
        """Show the tab holding ``field`` and put the cursor there."""
        for index in range(self.tabs.count()):
            if self.tabs.widget(index).isAncestorOf(field):
                self.tabs.setCurrentIndex(index)
        field.setFocus(Qt.FocusReason.OtherFocusReason)
