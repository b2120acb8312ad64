"""Small building blocks shared by the dialogs: headings, hints and per-field notes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from kimdesk.i18n import _


@contextmanager
def busy_cursor() -> Iterator[None]:
    """A wait cursor while the key derivation or the demo generator runs."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def submit_shortcuts(widget: QWidget, slot: Callable[[], object]) -> None:
    """Ctrl+Return (and Ctrl+Enter on the number pad) submit a dialog from any field."""
    for sequence in ("Ctrl+Return", "Ctrl+Enter"):
        QShortcut(QKeySequence(sequence), widget, activated=slot)


def save_cancel_buttons(
    dialog: QDialog, save: Callable[[], object]
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """The dialog's "Save" (default, primary, Ctrl+Return in the tooltip) and "Cancel"."""
    buttons = QDialogButtonBox(dialog)
    save_button = QPushButton(_("Save"), dialog)
    save_button.setObjectName("primary")  # before the button box polishes it
    buttons.addButton(save_button, QDialogButtonBox.ButtonRole.AcceptRole)
    save_button.setDefault(True)
    save_button.setToolTip(_("Save (Ctrl+Return)"))
    cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    cancel.setText(_("Cancel"))
    buttons.accepted.connect(save)
    buttons.rejected.connect(dialog.reject)
    return buttons, save_button, cancel


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab moves through ``widgets`` in this order: the order of the paper form."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)


def leave_with_tab(*widgets: QAbstractItemView | QPlainTextEdit | QTextEdit) -> None:
    """Tab and Shift+Tab move on to the next control instead of staying inside (no keyboard
    trap, WCAG 2.1.2): a table's cells are reached with the arrow keys, a text box takes no
    tab character."""
    for widget in widgets:
        if isinstance(widget, QAbstractItemView):
            widget.setTabKeyNavigation(False)
        else:
            widget.setTabChangesFocus(True)


def heading(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("heading")
    label.setAccessibleName(text)
    return label


def hint(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class FieldNote(QLabel):
    """The line under an input: a neutral hint, or what is wrong with the input (red).

    It always keeps one line of height, so the form does not jump while the user types.
    """

    def __init__(self, field: QWidget, hint_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldNote")
        self.setWordWrap(True)
        self.setMinimumHeight(self.fontMetrics().height())
        self._field = field
        self._hint = hint_text
        self.set_error("")

    @property
    def is_error(self) -> bool:
        return bool(self.property("error"))

    def set_hint(self, hint_text: str) -> None:
        self._hint = hint_text
        if not self.is_error:
            self.set_error("")

    def set_error(self, message: str) -> None:
        """Show ``message`` as an error, or the hint again when it is empty."""
        self.setProperty("error", bool(message))
        self.setText(message or self._hint)
        self._field.setAccessibleDescription(message or self._hint)
        # A changed dynamic property only takes effect in the stylesheet after re-polishing.
        self.style().unpolish(self)
        self.style().polish(self)


def noted_row(
    notes: dict[QWidget, FieldNote],
    form: QFormLayout,
    label_text: str,
    field: QWidget,
    accessible_name: str,
    *,
    note_hint: str = "",
    beside: QWidget | None = None,
    under: QWidget | None = None,
) -> FieldNote:
    """A form row: the label (buddy of the field), the field, optionally a widget beside it
    or under it, and the field's note below, kept in ``notes`` under the field. Typing in a
    line edit clears its error."""
    parent = form.parentWidget()
    label = QLabel(label_text, parent)
    label.setBuddy(field)
    field.setAccessibleName(accessible_name)
    cell = QWidget(parent)
    column = QVBoxLayout(cell)
    column.setContentsMargins(0, 0, 0, 4)
    column.setSpacing(2)
    line = QHBoxLayout()
    line.setSpacing(12)
    # Fields typed into take the width; others (spin boxes, choices) only what they need.
    typed = isinstance(field, QLineEdit) or (isinstance(field, QComboBox) and field.isEditable())
    line.addWidget(field, 1 if typed else 0)
    if beside is not None:
        line.addWidget(beside, 1)
    elif not typed:
        line.addStretch(1)
    column.addLayout(line)
    if under is not None:
        column.addWidget(under)
    note = FieldNote(field, note_hint, cell)
    column.addWidget(note)
    form.addRow(label, cell)
    if isinstance(field, QLineEdit):
        field.textEdited.connect(lambda _text: note.set_error(""))
    notes[field] = note
    return note
