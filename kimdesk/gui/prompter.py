"""Message boxes as a dependency: dialogs ask a prompter, tests pass a recording fake."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from kimdesk.i18n import _
from kimdesk.paths import APP_NAME


class PrompterLike(Protocol):
    def info(self, parent: QWidget | None, text: str, *, title: str = "") -> None: ...

    def warning(self, parent: QWidget | None, text: str, *, title: str = "") -> None: ...

    def error(self, parent: QWidget | None, text: str, *, title: str = "") -> None: ...

    def question(self, parent: QWidget | None, text: str, *, title: str = "") -> bool: ...

    def confirm(
        self, parent: QWidget | None, text: str, *, action: str, title: str = ""
    ) -> bool: ...


class Prompter:
    """Modal message boxes; the window title defaults to the application name."""

    def info(self, parent: QWidget | None, text: str, *, title: str = "") -> None:
        self._show(QMessageBox.Icon.Information, parent, text, title)

    def warning(self, parent: QWidget | None, text: str, *, title: str = "") -> None:
        self._show(QMessageBox.Icon.Warning, parent, text, title)

    def error(self, parent: QWidget | None, text: str, *, title: str = "") -> None:
        self._show(QMessageBox.Icon.Critical, parent, text, title)

    def question(self, parent: QWidget | None, text: str, *, title: str = "") -> bool:
        box = self._box(QMessageBox.Icon.Question, parent, text, title)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def confirm(self, parent: QWidget | None, text: str, *, action: str, title: str = "") -> bool:
        """Ask before something the user asked for: Enter does it, Escape cancels."""
        box = self.confirmation(parent, text, action=action, title=title)
        box.exec()
        return box.clickedButton() is box.defaultButton()

    @classmethod
    def confirmation(
        cls, parent: QWidget | None, text: str, *, action: str, title: str = ""
    ) -> QMessageBox:
        """The box of ``confirm``: a button named after the action (the default) and Cancel."""
        box = cls._box(QMessageBox.Icon.Question, parent, text, title)
        box.setStandardButtons(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Cancel).setText(_("Cancel"))
        button = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(button)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        return box

    def _show(self, icon: QMessageBox.Icon, parent: QWidget | None, text: str, title: str) -> None:
        self._box(icon, parent, text, title).exec()

    @staticmethod
    def _box(icon: QMessageBox.Icon, parent: QWidget | None, text: str, title: str) -> QMessageBox:
        box = QMessageBox(icon, title or APP_NAME, text, QMessageBox.StandardButton.Ok, parent)
        # Messages may quote a file name or other input: never interpret it as HTML.
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box
