"""Unlocking an existing caseload with its password.

The profile (and so the case manager's name) is encrypted, so the dialog can only name the
file. A wrong password is said inside the dialog, and the typed text stays for correction.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kimdesk.audit import unlock_caseload
from kimdesk.caseload import Caseload
from kimdesk.errors import KimdeskError, WrongPassword
from kimdesk.gui.backup_dialog import RestoreDialog
from kimdesk.gui.demo_launch import open_demo_with_progress
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import busy_cursor, chain_tab_order, heading, hint
from kimdesk.i18n import _


class UnlockDialog(QDialog):
    """Ends accepted with ``self.caseload`` open, or rejected when the user quits.

    With ``demo_path`` given (and different from ``path``), a button opens the demo instead.
    """

    def __init__(
        self,
        path: Path,
        prompter: PrompterLike,
        parent: QWidget | None = None,
        *,
        demo_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.caseload: Caseload | None = None
        self._path = path
        self._demo_path = demo_path
        self._prompter = prompter
        self.setWindowTitle(_("Unlock caseload – kimdesk"))
        self.setMinimumWidth(scaled(520))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(heading(_("Unlock caseload"), self))
        layout.addWidget(
            hint(_("The caseload is stored encrypted. Enter your password to open it."), self)
        )

        file_label = QLabel(self)
        file_label.setObjectName("fileName")
        file_label.setText(path.name)
        file_label.setToolTip(str(path))
        layout.addWidget(file_label)
        folder = hint(_("in {folder}").format(folder=path.parent), self)
        folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(folder)
        if demo_path is not None and path == demo_path:
            # Imported here, not at the top: kimdesk.demo loads the whole generator (cold start).
            from kimdesk.demo import DEMO_PASSWORD

            demo_note = hint(
                _("This is the demo caseload; its password is: {password}").format(
                    password=DEMO_PASSWORD
                ),
                self,
            )
            demo_note.setObjectName("notice")
            layout.addWidget(demo_note)
        layout.addSpacing(6)

        password_label = QLabel(_("&Password"), self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(_("Password"))
        password_label.setBuddy(self.password_edit)
        layout.addWidget(password_label)
        layout.addWidget(self.password_edit)

        self.message_label = QLabel(self)
        self.message_label.setObjectName("errorMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setMinimumHeight(self.message_label.fontMetrics().height())
        self.message_label.setAccessibleName(_("Message"))
        layout.addWidget(self.message_label)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        self.demo_button: QPushButton | None = None
        if demo_path is not None and path != demo_path:
            self.demo_button = QPushButton(_("View demo"), self)
            self.demo_button.setObjectName("link")
            self.demo_button.setAutoDefault(False)
            self.demo_button.clicked.connect(self.open_demo)
            buttons.addWidget(self.demo_button)
        self.restore_button = QPushButton(_("Restore from backup …"), self)
        self.restore_button.setObjectName("link")
        self.restore_button.setAutoDefault(False)
        self.restore_button.clicked.connect(self.restore_from_backup)
        self.restore_button.setHidden(path.exists())  # offered when missing or damaged
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        self.quit_button = QPushButton(_("Quit"), self)
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        self.unlock_button = QPushButton(_("Unlock"), self)
        self.unlock_button.setObjectName("primary")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)

        # As the row reads, left to right; Enter unlocks from the password field anyway.
        links = [b for b in (self.demo_button, self.restore_button) if b is not None]
        chain_tab_order([self.password_edit, *links, self.quit_button, self.unlock_button])
        self.password_edit.setFocus()

    @property
    def message(self) -> str:
        return self.message_label.text()

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.password_edit.setAccessibleDescription(text)

    def unlock(self) -> None:
        password = self.password_edit.text()
        if not password:
            self.show_message(_("Please enter the password."))
            self.password_edit.setFocus()
            return
        try:
            with busy_cursor():
                caseload = unlock_caseload(self._path, password)  # logged, failures counted
        except WrongPassword as error:
            self.show_message(str(error))
            self.password_edit.selectAll()
            self.password_edit.setFocus()
            return
        except KimdeskError as error:  # damaged, missing, or from a newer kimdesk
            self.show_message(str(error))
            self.restore_button.setHidden(False)
            return
        self.password_edit.clear()
        self.caseload = caseload
        self.accept()

    def restore_from_backup(self) -> None:
        if RestoreDialog(self._path, self._prompter, self).exec():
            self.show_message(_("The backup was restored. Enter its password to open it."))
            self.password_edit.setFocus()

    def open_demo(self) -> None:
        assert self._demo_path is not None
        caseload = open_demo_with_progress(self, self._demo_path, self._prompter)
        if caseload is not None:
            self.password_edit.clear()
            self.caseload = caseload
            self.accept()
