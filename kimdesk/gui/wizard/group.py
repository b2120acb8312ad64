"""The repeating group: numbered entries of a small sub-form (e.g. the three goals), added
and removed by the user, at most ``max_items``."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kimdesk.forms.model import Field
from kimdesk.gui.wizard.base import FieldEditor, is_empty
from kimdesk.gui.wizard.rating_block import add_fields
from kimdesk.i18n import _, ngettext

_ITEM_PATH = re.compile(r"^\[(\d+)\]\.?(.*)$")
_KEY_PATH = re.compile(r"^([^.\[]+)(.*)$")

EditorFactory = Callable[[Field, QWidget], FieldEditor]


class _Item(QFrame):
    """One entry of a repeating group: its number, its sub-fields, a remove button."""

    def __init__(self, field: Field, make_editor: EditorFactory, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("groupItem")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 12)
        layout.setSpacing(12)
        header = QHBoxLayout()
        self.number_label = QLabel(self)
        self.number_label.setObjectName("itemNumber")
        self.remove_button = QPushButton(_("Remove"), self)
        self.remove_button.setObjectName("rowAction")
        header.addWidget(self.number_label)
        header.addStretch(1)
        header.addWidget(self.remove_button)
        layout.addLayout(header)
        editors = add_fields(field.fields, layout, self, make_editor)
        self.editors: dict[str, FieldEditor] = {e.field.key: e for e in editors}

    def set_number(self, number: int, group_label: str) -> None:
        self.number_label.setText(f"{number}.")
        self.remove_button.setAccessibleName(
            _("{group}: remove entry {n}").format(group=group_label, n=number)
        )

    def value(self) -> dict[str, Any]:
        values = {key: editor.value() for key, editor in self.editors.items()}
        return {key: value for key, value in values.items() if not is_empty(value)}


class RepeatingGroupEditor(FieldEditor):
    """Numbered entries with "Add entry" and per-entry "Remove"; at most ``max_items``.

    ``structure_changed`` tells the dialog that entries (and so inputs) came or went.
    """

    structure_changed = Signal()

    def __init__(
        self, field: Field, parent: QWidget | None = None, *, make_editor: EditorFactory
    ) -> None:
        super().__init__(field, parent)
        self._make_editor = make_editor
        self.items: list[_Item] = []
        self.items_layout = QVBoxLayout()
        self.items_layout.setContentsMargins(0, 4, 0, 0)
        self.items_layout.setSpacing(10)
        self.body.addLayout(self.items_layout)
        self.empty_label = QLabel(_("No entries."), self)
        self.empty_label.setObjectName("hint")
        self.body.addWidget(self.empty_label)
        self.add_button = QPushButton(_("Add entry"), self)
        self.add_button.clicked.connect(self._add_by_user)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.register_inputs(self.add_button, name=f"{field.label}: {_('Add entry')}")
        self._set_count(1)

    # -- entries ---------------------------------------------------------------------------

    def item_count(self) -> int:
        return len(self.items)

    def add_item(self) -> _Item | None:
        if self.field.max_items is not None and len(self.items) >= self.field.max_items:
            return None
        item = _Item(self.field, self._make_editor, self)
        item.remove_button.clicked.connect(lambda: self._remove_by_user(item))
        for editor in item.editors.values():
            editor.changed.connect(self.emit_changed)
            editor.set_read_only(self.is_read_only())
            if isinstance(editor, RepeatingGroupEditor):  # pragma: no cover - not allowed
                editor.structure_changed.connect(self.structure_changed)
        item.remove_button.setVisible(not self.is_read_only())
        self.items_layout.addWidget(item)
        self.items.append(item)
        self._renumber()
        return item

    def remove_item(self, index: int) -> None:
        item = self.items.pop(index)
        self.items_layout.removeWidget(item)
        item.hide()
        item.deleteLater()
        self._renumber()

    def _set_count(self, count: int) -> None:
        while len(self.items) > count:
            self.remove_item(len(self.items) - 1)
        while len(self.items) < count and self.add_item() is not None:
            pass

    def _renumber(self) -> None:
        for number, item in enumerate(self.items, start=1):
            item.set_number(number, self.field.label)
        full = self.field.max_items is not None and len(self.items) >= self.field.max_items
        self.add_button.setEnabled(not full)
        if self.field.max_items is not None:
            n = self.field.max_items
            self.add_button.setToolTip(
                ngettext("At most {n} entry.", "At most {n} entries.", n).format(n=n)
            )
        self.empty_label.setVisible(not self.items)

    def _add_by_user(self) -> None:
        item = self.add_item()
        if item is None:
            return
        self.structure_changed.emit()
        first = next(iter(item.editors.values()), None)
        if first is not None:
            first.focus_input()
        self.emit_changed()

    def _remove_by_user(self, item: _Item) -> None:
        index = self.items.index(item)
        self.remove_item(index)
        self.structure_changed.emit()
        if index < len(self.items):
            next(iter(self.items[index].editors.values())).focus_input()
        else:
            self.add_button.setFocus()
        self.emit_changed()

    # -- FieldEditor -----------------------------------------------------------------------

    def value(self) -> list[dict[str, Any]]:
        values = [item.value() for item in self.items]
        return values if any(values) else []

    def _show_value(self, value: Any) -> None:
        entries = [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []
        self._set_count(0)
        for entry in entries:
            item = self.add_item()
            if item is None:
                break
            for key, editor in item.editors.items():
                editor.set_value(entry.get(key))
        if not self.items and not self.is_read_only():
            self.add_item()
        self.structure_changed.emit()

    def _apply_read_only(self, read_only: bool) -> None:
        if read_only:
            for index in reversed(range(len(self.items))):
                if not self.items[index].value():
                    self.remove_item(index)
        for item in self.items:
            item.remove_button.setVisible(not read_only)
            for editor in item.editors.values():
                editor.set_read_only(read_only)
        self.add_button.setVisible(not read_only)
        self.structure_changed.emit()

    def focus_widgets(self) -> list[QWidget]:
        widgets: list[QWidget] = []
        for item in self.items:
            widgets.append(item.remove_button)  # Tab as it stands: in the header, above
            for editor in item.editors.values():
                widgets += editor.focus_widgets()
        widgets.append(self.add_button)
        return widgets

    def focus_input(self) -> None:
        """The first entry's first field (not its remove button), else "Add entry"."""
        if self.items:
            next(iter(self.items[0].editors.values())).focus_input()
        else:
            self.add_button.setFocus()

    def _locate(self, path: str) -> tuple[FieldEditor, str] | None:
        """The sub-editor for "[2].next_step" (entries count from 1) and the rest of the path."""
        found = _ITEM_PATH.match(path)
        if not found or not 1 <= int(found.group(1)) <= len(self.items):
            return None
        item = self.items[int(found.group(1)) - 1]
        key = _KEY_PATH.match(found.group(2))
        if key is None or key.group(1) not in item.editors:
            return next(iter(item.editors.values())), ""
        return item.editors[key.group(1)], key.group(2)

    def set_error_at(self, path: str, message: str) -> None:
        located = self._locate(path)
        if located is None:
            self.set_error(message)
        else:
            located[0].set_error_at(located[1], message)

    def editor_at(self, path: str) -> FieldEditor:
        located = self._locate(path)
        return self if located is None else located[0].editor_at(located[1])

    def has_error(self) -> bool:
        return super().has_error() or any(
            editor.has_error() for item in self.items for editor in item.editors.values()
        )

    def clear_errors(self) -> None:
        self.set_error("")
        for item in self.items:
            for editor in item.editors.values():
                editor.clear_errors()
