"""The common frame of every field editor: label, help hint, error line, read-only switch.

An editor shows one field of a form definition and speaks the field's stored JSON value
(see ``kimdesk.forms.model``); subclasses only build their inputs and convert values.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kimdesk.forms.model import Field
from kimdesk.i18n import _

REQUIRED_MARK = " *"


def is_empty(value: Any) -> bool:
    """The values an editor returns when nothing is entered."""
    return value is None or value == "" or value == [] or value == {}


class FieldEditor(QWidget):
    """Base class: ``changed`` is emitted on every edit by the user, never by ``set_value``."""

    changed = Signal()

    def __init__(self, field: Field, parent: QWidget | None = None, *, show_label: bool = True):
        super().__init__(parent)
        self.field = field
        self._error = ""
        self._read_only = False
        self._quiet = 0
        self._inputs: list[QWidget] = []
        self.setObjectName(f"editor_{field.key}")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.label: QLabel | None = None
        if show_label:
            self.label = QLabel(self.label_text().replace("&", "&&"), self)
            self.label.setObjectName("fieldLabel")
            self.label.setWordWrap(True)
            self._layout.addWidget(self.label)
        self.hint_label: QLabel | None = None
        if field.help:
            self.hint_label = QLabel(field.help, self)
            self.hint_label.setObjectName("hint")
            self.hint_label.setWordWrap(True)
            self._layout.addWidget(self.hint_label)
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(4)
        self._layout.addLayout(self.body)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("fieldNote")
        self.error_label.setProperty("error", True)
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self._layout.addWidget(self.error_label)

    # -- what subclasses provide -----------------------------------------------------------

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        with self.quiet():
            self._show_value(value)

    def _show_value(self, value: Any) -> None:
        raise NotImplementedError

    def _apply_read_only(self, read_only: bool) -> None:
        for widget in self._inputs:
            widget.setEnabled(not read_only)

    # -- shared behaviour ------------------------------------------------------------------

    def label_text(self) -> str:
        return self.field.label + (REQUIRED_MARK if self.field.required else "")

    def register_inputs(self, *widgets: QWidget, name: str | None = None) -> None:
        """Inputs get the field's label as accessible name (or ``name``) and the hint."""
        for widget in widgets:
            widget.setAccessibleName(name if name is not None else self.field.label)
            self._inputs.append(widget)
        if self.label is not None and self._inputs:
            self.label.setBuddy(self._inputs[0])
        self._describe()

    def focus_widgets(self) -> list[QWidget]:
        """The inputs in tab order."""
        return list(self._inputs)

    def focus_input(self) -> None:
        widgets = [w for w in self.focus_widgets() if w.isEnabled()] or self.focus_widgets()
        if widgets:
            widgets[0].setFocus()

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Changes made inside are no edits of the user: no ``changed``."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def emit_changed(self) -> None:
        if self._quiet:
            return
        if self._error:
            self.set_error("")
        self.changed.emit()

    def error(self) -> str:
        return self._error

    def has_error(self) -> bool:
        return bool(self._error)

    def set_error(self, message: str) -> None:
        """Show ``message`` in red right under the field; "" clears it."""
        self._error = message
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))
        self._describe()

    def set_error_at(self, path: str, message: str) -> None:
        """An error for a part of this field; ``path`` is relative, e.g. "[2].next_step"."""
        self.set_error(message)

    def editor_at(self, path: str) -> FieldEditor:
        """The editor that shows the part of this field at ``path`` (relative)."""
        return self

    def clear_errors(self) -> None:
        self.set_error("")

    def is_read_only(self) -> bool:
        return self._read_only

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._apply_read_only(read_only)

    def _describe(self) -> None:
        parts = [self._error] if self._error else []
        if self.field.required:
            parts.append(_("Required field."))
        if self.field.help:
            parts.append(self.field.help)
        description = " ".join(parts)
        for widget in self._inputs:
            widget.setAccessibleDescription(description)
