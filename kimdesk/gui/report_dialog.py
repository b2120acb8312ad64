"""The monthly report in one step: choose the month, protect it with a password, save it or
prepare the e-mail to the coordinating office. Nothing is sent by kimdesk itself.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kimdesk.app_settings import load_app_settings, remember_report_folder
from kimdesk.caseload import Caseload
from kimdesk.domain.rules import month_key, months_before, report_month_to_offer
from kimdesk.errors import KimdeskError
from kimdesk.gui.password_field import NewPasswordField
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import FieldNote, chain_tab_order, heading, hint
from kimdesk.gui.worker import run_with_progress
from kimdesk.i18n import _
from kimdesk.passwords import profile_words

if TYPE_CHECKING:
    from kimdesk.report import ExportResult

log = logging.getLogger(__name__)


def default_folder(documents: Path | None = None) -> Path:
    """The user's documents folder, created if a fresh profile has none yet; else home."""
    if documents is None:
        location = QStandardPaths.StandardLocation.DocumentsLocation
        found = QStandardPaths.writableLocation(location)
        documents = Path(found) if found else None
    if documents is None:
        return Path.home()
    try:
        documents.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        log.info("no documents folder (%s); the report goes home", type(error).__name__)
        return Path.home()
    return documents


def starting_folder() -> Path:
    """The folder the last report went to, while it exists; else the default."""
    remembered = load_app_settings().report_folder
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    return default_folder()


def report_file_name(month: str, code: str) -> str:
    return f"KIM-CM_Monatsbericht_{month}_{code}.xlsx"


class ReportDialog(QDialog):
    """Ends accepted after a successful export; ``result`` then says what was written."""

    def __init__(
        self,
        caseload: Caseload,
        prompter: PrompterLike,
        parent: QWidget | None = None,
        *,
        month: str | None = None,
        folder: Path | None = None,
    ) -> None:
        # Imported here, not at the top: the report's modules load openpyxl (cold start).
        from kimdesk.report.merge import month_title

        super().__init__(parent)
        self._caseload = caseload
        self._prompter = prompter
        self.profile = caseload.profile()
        self.result: ExportResult | None = None
        self.folder = folder or starting_folder()
        self.setWindowTitle(_("Monthly report – kimdesk"))
        self.setMinimumWidth(scaled(560))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(heading(_("Monthly report for the coordinating office"), self))
        layout.addWidget(
            hint(
                _(
                    "Pseudonymised: no names, addresses, birth dates, phone numbers, file "
                    "numbers or notes. Only the descriptions of service gaps are free text; "
                    "they are checked against the caseload before anything is written."
                ),
                self,
            )
        )
        form = QFormLayout()
        self.month_combo = QComboBox(self)
        self.month_combo.setAccessibleName(_("Month"))
        today = caseload.today
        for back in range(0, 4):
            key = month_key(months_before(today.replace(day=1), back))
            self.month_combo.addItem(month_title(key), key)
        wanted = month or report_month_to_offer(today, caseload.reports_due())
        index = self.month_combo.findData(wanted)
        self.month_combo.setCurrentIndex(max(index, 0))
        form.addRow(_("&Month"), self.month_combo)

        self.encrypt_box = QCheckBox(_("Protect the workbook with a &password"), self)
        self.encrypt_box.setChecked(True)
        self.encrypt_box.toggled.connect(self._encryption_toggled)
        form.addRow("", self.encrypt_box)
        self.notes: dict[QWidget, FieldNote] = {}
        # The caseload's rule and meter: one rule for every password kimdesk sets.
        self.export_password = NewPasswordField(
            self,
            form,
            self.notes,
            label=_("Pass&word"),
            accessible_name=_("Export password"),
            repeat_label=_("&Repeat"),
            repeat_accessible_name=_("Repeat export password"),
            repeat_hint=_("Tell the coordinating office this password separately, e.g. by phone."),
            user_inputs=lambda: profile_words(self.profile),
        )
        self.password_edit = self.export_password.password_edit
        self.repeat_edit = self.export_password.repeat_edit

        folder_row = QHBoxLayout()
        self.folder_label = QLabel(str(self.folder), self)
        self.folder_label.setObjectName("fileName")
        self.folder_label.setWordWrap(True)
        choose = QPushButton(_("&Change …"), self)
        choose.clicked.connect(self.choose_folder)
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(choose)
        form.addRow(_("Folder"), folder_row)
        layout.addLayout(form)
        # The password fields join the dialog (and its Tab chain) in rows of their own only
        # here, after the folder's button.
        chain_tab_order([self.encrypt_box, self.password_edit, self.repeat_edit, choose])

        buttons = QDialogButtonBox(self)
        self.send_button = QPushButton(_("&Send to the coordinating office"), self)
        self.send_button.setObjectName("primary")
        self.send_button.setToolTip(
            _("Saves the workbook and an e-mail draft and opens it in your mail program")
        )
        self.save_button = QPushButton(_("Save &only"), self)
        buttons.addButton(self.send_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.rejected.connect(self.reject)
        self.send_button.clicked.connect(lambda: self.export(send=True))
        self.save_button.clicked.connect(lambda: self.export(send=False))
        layout.addWidget(buttons)
        self.send_button.setEnabled(bool(self.profile.coordination_email))
        if not self.profile.coordination_email:
            self.send_button.setToolTip(
                _("Enter the coordinating office's e-mail address in the settings first.")
            )

    def _encryption_toggled(self, on: bool) -> None:
        self.export_password.set_enabled(on)

    @property
    def month(self) -> str:
        return str(self.month_combo.currentData())

    def out_path(self) -> Path:
        from kimdesk.report import initials  # here, not at the top: cold start

        code = initials(self.profile.case_manager)
        return self.folder / report_file_name(self.month, code)

    def choose_folder(self) -> None:
        title = _("Folder for the report")
        chosen = QFileDialog.getExistingDirectory(self, title, str(self.folder))
        if chosen:
            self.folder = Path(chosen)
            self.folder_label.setText(chosen)

    def _password(self) -> str | None:
        """The export password, None without encryption; "" when it is not acceptable."""
        if not self.encrypt_box.isChecked():
            return None
        errors = self.export_password.errors()
        for field, note in self.notes.items():
            note.set_error(errors.get(field, ""))
        if errors:
            next(iter(errors)).setFocus()
            return ""
        return self.export_password.password()

    def export(self, *, send: bool) -> bool:
        # Imported here, not at the top: the export loads openpyxl and msoffcrypto (cold start).
        from kimdesk.report import export_month, open_with_mail_program

        password = self._password()
        if password == "":
            return False
        out = self.out_path()
        draft = out.with_suffix(".eml") if send else None
        try:
            # The remembered or default folder may have gone since (a USB stick, a cleanup).
            self.folder.mkdir(parents=True, exist_ok=True)
            result = run_with_progress(
                self,
                _("Writing the monthly report …"),
                lambda: export_month(self._caseload, self.month, out, password=password, eml=draft),
            )
        except KimdeskError as error:
            self._prompter.error(self, str(error), title=_("Monthly report"))
            return False
        except OSError:
            self._prompter.error(
                self,
                _("The report cannot be written to this folder; please choose another."),
                title=_("Monthly report"),
            )
            return False
        self.result = result
        remember_report_folder(self.folder)
        if send and result.draft is not None and not open_with_mail_program(result.draft):
            QGuiApplication.clipboard().setText(self.profile.coordination_email)
            self._prompter.info(
                self,
                _(
                    "The e-mail draft could not be opened with a mail program. It is in "
                    "{folder} ({name}); the address of the coordinating office was copied to "
                    "the clipboard."
                ).format(folder=result.draft.parent, name=result.draft.name),
                title=_("Monthly report"),
            )
        else:
            self._prompter.info(
                self,
                _("The monthly report was saved: {path}").format(path=result.path),
                title=_("Monthly report"),
            )
        self.accept()
        return True
