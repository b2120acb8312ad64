"""The first start: welcome, then either the demo caseload or a new caseload of one's own."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCommandLinkButton,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.domain.records import Profile
from kimdesk.domain.rules import PERSONS_PER_FULL_TIME_POST, caseload_capacity
from kimdesk.errors import KimdeskError
from kimdesk.gui.demo_launch import open_demo_with_progress
from kimdesk.gui.machine_settings import lock_field
from kimdesk.gui.password_field import NewPasswordField
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import FieldNote, busy_cursor, heading, hint, noted_row
from kimdesk.i18n import _
from kimdesk.passwords import personal_words
from kimdesk.system_config import system_config

# Proper names of the big providers; the last two entries are translated.
PROVIDERS = ("AWO", "Caritas", "Diakonie", "Internationaler Bund", "KOMPASS")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_SIDE_FILES = ("-wal", "-shm")


class FirstStartDialog(QDialog):
    """Ends accepted with ``self.caseload`` open, or rejected when the user quits."""

    def __init__(
        self,
        caseload_path: Path,
        demo_path: Path,
        prompter: PrompterLike,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.caseload: Caseload | None = None
        self._caseload_path = caseload_path
        self._demo_path = demo_path
        self._prompter = prompter
        self._touched: set[QWidget] = set()
        self.setWindowTitle(_("Welcome to kimdesk"))
        self.setMinimumWidth(scaled(620))

        # Two pages, one visible: the dialog takes the size of the page shown.
        self.welcome_page = self._build_welcome_page()
        self.form_page = self._build_form_page()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.addWidget(self.welcome_page)
        layout.addWidget(self.form_page)
        self.show_welcome()

    # -- pages -----------------------------------------------------------------------------

    def _build_welcome_page(self) -> QWidget:
        # Imported here, not at the top: kimdesk.demo loads the whole generator, which a start
        # with a caseload of one's own never needs (cold start).
        from kimdesk.demo import DEMO_CASES, DEMO_PASSWORD

        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(heading(_("Welcome to kimdesk"), page))
        intro = hint(
            _(
                "kimdesk documents your KIM case management on this computer – from the screening "
                "to the closure – and prepares the monthly overview for the coordinating office. "
                "Everything is stored encrypted with your password and works without a network."
            ),
            page,
        )
        intro.setObjectName("intro")
        layout.addWidget(intro)
        layout.addSpacing(8)

        self.create_choice = QCommandLinkButton(
            _("Create caseload"), _("Set up your own encrypted caseload for your real cases."), page
        )
        self.create_choice.setAccessibleName(_("Create caseload"))
        self.create_choice.clicked.connect(self.show_form)
        self.demo_choice = QCommandLinkButton(
            _("View demo"),
            _(
                "Try kimdesk with {n} invented cases in a separate file.\n"
                "Password of the demo: {password}"
            ).format(n=DEMO_CASES, password=DEMO_PASSWORD),
            page,
        )
        self.demo_choice.setAccessibleName(_("View demo"))
        self.demo_choice.clicked.connect(self.open_demo)
        for choice in (self.create_choice, self.demo_choice):
            # Qt sizes a command link without its description's line breaks (then cuts the
            # second line); a Unicode line separator it counts.
            choice.setDescription(choice.description().replace("\n", "\u2028"))
            layout.addWidget(choice)
        layout.addStretch(1)
        location = hint(
            _("Your caseload will be stored in: {folder}").format(
                folder=self._caseload_path.parent
            ),
            page,
        )
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(location)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.quit_button = QPushButton(_("Quit"), page)
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        buttons.addWidget(self.quit_button)
        layout.addLayout(buttons)
        return page

    def _build_form_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(heading(_("Create caseload"), page))
        layout.addWidget(
            hint(
                _(
                    "These details are stored encrypted in the caseload; the coordinating office's "
                    "address is used for the monthly overview. Fields marked * are required."
                ),
                page,
            )
        )

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(2)
        self.notes: dict[QWidget, FieldNote] = {}

        self.name_edit = QLineEdit(page)
        self.name_edit.setPlaceholderText(_("e.g. Erika Mustermann"))
        noted_row(self.notes, form, _("&Name *"), self.name_edit, _("Name of the case manager"))

        self.organisation_combo = QComboBox(page)
        self.organisation_combo.setEditable(True)
        self.organisation_combo.addItems([*PROVIDERS, _("Municipality"), _("Other")])
        self.organisation_combo.setCurrentIndex(-1)
        self.organisation_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        organisation_edit = self.organisation_combo.lineEdit()
        assert organisation_edit is not None  # the combo is editable
        organisation_edit.setPlaceholderText(_("choose or type"))
        self.organisation_edit = organisation_edit
        noted_row(
            self.notes,
            form,
            _("&Organisation (Träger) *"),
            self.organisation_combo,
            _("Organisation (Träger)"),
        )

        self.municipality_edit = QLineEdit(page)
        self.municipality_edit.setPlaceholderText(_("e.g. Solingen or Kreis Gütersloh"))
        noted_row(
            self.notes,
            form,
            _("&Municipality or district *"),
            self.municipality_edit,
            _("Municipality or district"),
        )

        self.share_spin = QSpinBox(page)
        self.share_spin.setRange(10, 100)
        self.share_spin.setSingleStep(5)
        self.share_spin.setValue(100)
        self.share_spin.setSuffix(" %")
        self.capacity_label = QLabel(self._capacity_text(100), page)
        self.capacity_label.setObjectName("hint")
        self.capacity_label.setToolTip(
            _("The caseload key is about {key} persons per full-time post.").format(
                key=PERSONS_PER_FULL_TIME_POST
            )
        )
        self.share_spin.valueChanged.connect(
            lambda value: self.capacity_label.setText(self._capacity_text(value))
        )
        noted_row(
            self.notes,
            form,
            _("&Full-time share"),
            self.share_spin,
            _("Full-time share"),
            beside=self.capacity_label,
        )

        self.email_edit = QLineEdit(page)
        self.email_edit.setPlaceholderText(_("e.g. kim@kreis-example.de"))
        noted_row(
            self.notes,
            form,
            _("&E-mail of the coordinating office"),
            self.email_edit,
            _("E-mail of the coordinating office"),
            note_hint=_("Optional; can be added later."),
        )

        self.new_password = NewPasswordField(
            page,
            form,
            self.notes,
            label=_("&Password *"),
            accessible_name=_("Password"),
            repeat_label=_("&Repeat password *"),
            repeat_accessible_name=_("Repeat password"),
            user_inputs=lambda: personal_words(
                self.name_edit.text(),
                self.organisation_combo.currentText(),
                self.municipality_edit.text(),
            ),
        )
        self.password_edit = self.new_password.password_edit
        self.repeat_edit = self.new_password.repeat_edit
        layout.addLayout(form)

        warning = hint(
            _(
                "Nobody can restore a forgotten password – not even your IT support. "
                "Keep it in a safe place."
            ),
            page,
        )
        warning.setObjectName("notice")
        layout.addWidget(warning)
        location = hint(_("File: {path}").format(path=self._caseload_path), page)
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(location)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        self.back_button = QPushButton(_("Back"), page)
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.show_welcome)
        self.create_button = QPushButton(_("Create caseload"), page)
        self.create_button.setObjectName("primary")
        self.create_button.clicked.connect(self.create_caseload)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)

        for edit in (
            self.name_edit,
            self.organisation_edit,
            self.municipality_edit,
            self.email_edit,
            self.password_edit,
            self.repeat_edit,
        ):
            edit.textEdited.connect(lambda _text, edit=edit: self._on_edited(edit))
            # Text set without typing (a choice from the list, pasting) counts too.
            edit.textChanged.connect(lambda _text: self.validate())
        self.organisation_combo.activated.connect(
            lambda _index: self._on_edited(self.organisation_edit)
        )
        chain = [
            self.name_edit,
            self.organisation_combo,
            self.municipality_edit,
            self.share_spin,
            self.email_edit,
            self.password_edit,
            self.repeat_edit,
            self.create_button,
            self.back_button,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self._preset_fields()
        return page

    def _preset_fields(self) -> None:
        """Fill in what IT preset in kimdesk.toml; a locked value cannot be changed. The
        presets without a field here (address, retention, ...) are applied on creation."""
        config = system_config()
        fields: dict[str, tuple[QLineEdit, QWidget]] = {
            "organisation": (self.organisation_edit, self.organisation_combo),
            "municipality": (self.municipality_edit, self.municipality_edit),
            "coordination_email": (self.email_edit, self.email_edit),
        }
        for key, (edit, field) in fields.items():
            preset = config.value(key)
            if preset is None:
                continue
            edit.setText(str(preset))
            edit.setCursorPosition(0)
            if config.is_locked(key):
                lock_field(field, self.notes[field])

    @staticmethod
    def _capacity_text(percent: int) -> str:
        return _("caseload key: about {n} persons").format(
            n=round(caseload_capacity(percent / 100))
        )

    # -- navigation ------------------------------------------------------------------------

    @property
    def current_page(self) -> QWidget:
        return self.form_page if self.form_page.isVisibleTo(self) else self.welcome_page

    def _switch_to(self, page: QWidget) -> None:
        other = self.form_page if page is self.welcome_page else self.welcome_page
        other.hide()
        page.show()
        self.adjustSize()

    def show_welcome(self) -> None:
        self._switch_to(self.welcome_page)
        self.create_button.setDefault(False)
        self.create_choice.setFocus()

    def show_form(self) -> None:
        self._switch_to(self.form_page)
        self.create_button.setDefault(True)
        self.validate()
        self.name_edit.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        # Escape in the form goes back to the choice instead of quitting the application.
        if event.key() == Qt.Key.Key_Escape and self.current_page is self.form_page:
            self.show_welcome()
            return
        super().keyPressEvent(event)

    # -- validation ------------------------------------------------------------------------

    def _on_edited(self, edit: QLineEdit) -> None:
        self._touched.add(edit)
        self.validate()

    def field_errors(self) -> dict[QWidget, str]:
        """What is wrong with each field; empty required fields count even if untouched."""
        errors: dict[QWidget, str] = {}
        required = {
            self.name_edit: _("Please enter your name."),
            self.organisation_combo: _("Please choose or enter your organisation."),
            self.municipality_edit: _("Please enter the municipality or district."),
        }
        for field, message in required.items():
            if not self._text(field):
                errors[field] = message
        email = self.email_edit.text().strip()
        if email and not _EMAIL.match(email):
            errors[self.email_edit] = _("This is not a valid e-mail address.")
        errors.update(self.new_password.errors())
        return errors

    def validate(self) -> bool:
        """Update the notes under the fields and the create button; True if all is valid."""
        errors = self.field_errors()
        for field, note in self.notes.items():
            message = errors.get(field, "")
            if not self._shows_errors(field):
                message = ""
            note.set_error(message)
        self.create_button.setEnabled(not errors)
        return not errors

    def _shows_errors(self, field: QWidget) -> bool:
        """Only fields the user has worked on complain; an empty form is not an error."""
        if field is self.organisation_combo:
            return self.organisation_edit in self._touched
        if field is self.repeat_edit:
            return bool(self.repeat_edit.text())
        if field is self.password_edit:
            return bool(self.password_edit.text())
        return field in self._touched

    def _text(self, field: QWidget) -> str:
        if isinstance(field, QComboBox):
            return field.currentText().strip()
        assert isinstance(field, QLineEdit)
        return field.text().strip()

    def profile(self) -> Profile:
        return Profile(
            case_manager=self.name_edit.text().strip(),
            organisation=self.organisation_combo.currentText().strip(),
            municipality=self.municipality_edit.text().strip(),
            full_time_share=self.share_spin.value() / 100,
            coordination_email=self.email_edit.text().strip(),
        )

    # -- actions ---------------------------------------------------------------------------

    def create_caseload(self) -> None:
        if not self.validate():
            return
        path = self._caseload_path
        # Never delete what was there before (Database.create refuses to overwrite it).
        existed = any(p.exists() for p in _caseload_files(path))
        try:
            with busy_cursor():
                caseload = Caseload.create(path, self.password_edit.text(), self.profile())
        except KimdeskError as error:
            if not existed:
                _remove_leftovers(path)
            self._prompter.error(self, str(error))
            return
        except BaseException:
            if not existed:
                _remove_leftovers(path)
            raise
        self.new_password.clear()
        self.caseload = caseload
        self.accept()

    def open_demo(self) -> None:
        caseload = open_demo_with_progress(self, self._demo_path, self._prompter)
        if caseload is not None:
            self.caseload = caseload
            self.accept()


def _caseload_files(path: Path) -> tuple[Path, ...]:
    return (path, *(Path(f"{path}{suffix}") for suffix in _SIDE_FILES))


def _remove_leftovers(path: Path) -> None:
    """A caseload whose creation failed half-way is deleted, never left half-written."""
    for leftover in _caseload_files(path):
        leftover.unlink(missing_ok=True)
