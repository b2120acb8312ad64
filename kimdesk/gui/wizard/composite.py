"""Editors for the fields made of parts: an agency contact and a service directory entry."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kimdesk.domain.records import Service
from kimdesk.forms.answers import SHORT_TEXT_LIMIT
from kimdesk.forms.model import AGENCY_PARTS, Field
from kimdesk.gui.wizard.base import FieldEditor
from kimdesk.i18n import _


def agency_part_labels() -> dict[str, str]:
    return {
        "name": _("Agency or person"),
        "contact_person": _("Contact person"),
        "phone": _("Phone"),
        "file_number": _("File number"),
    }


class AgencyContactEditor(FieldEditor):
    """A group box titled with the field's label: agency, contact person, phone, file number."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent, show_label=False)
        self.box = QGroupBox(self.label_text(), self)
        self.box.setObjectName("agencyBox")
        outer = QVBoxLayout(self.box)
        outer.setContentsMargins(10, 8, 10, 8)
        if self.hint_label is not None:
            self._layout.removeWidget(self.hint_label)
            self.hint_label.setParent(self.box)
            outer.addWidget(self.hint_label)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        outer.addLayout(grid)
        self.parts: dict[str, QLineEdit] = {}
        for index, (part, text) in enumerate(agency_part_labels().items()):
            edit = QLineEdit(self.box)
            edit.setMaxLength(SHORT_TEXT_LIMIT)
            edit.textEdited.connect(self.emit_changed)
            label = QLabel(text, self.box)
            label.setObjectName("caption")
            label.setBuddy(edit)
            row, column = divmod(index, 2)
            grid.addWidget(label, row, column * 2)
            grid.addWidget(edit, row, column * 2 + 1)
            self.parts[part] = edit
            self.register_inputs(edit, name=f"{field.label}: {text}")
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self.body.addWidget(self.box)

    def value(self) -> dict[str, str]:
        return {part: edit.text() for part, edit in self.parts.items() if edit.text().strip()}

    def _show_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        for part in AGENCY_PARTS:
            text = value.get(part)
            self.parts[part].setText(text if isinstance(text, str) else "")
            self.parts[part].setCursorPosition(0)

    def _apply_read_only(self, read_only: bool) -> None:
        for edit in self.parts.values():
            edit.setReadOnly(read_only)


def service_label(service: Service) -> str:
    return f"{service.provider} – {service.offer}" if service.offer else service.provider


class ServiceEditor(FieldEditor):
    """An entry of the service directory, found by typing, or any other name typed in."""

    def __init__(
        self, field: Field, parent: QWidget | None = None, *, services: list[tuple[int, Service]]
    ) -> None:
        super().__init__(field, parent)
        self.combo = QComboBox(self)
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItem("", None)
        for service_id, service in services:
            self.combo.addItem(service_label(service), service_id)
        completer = QCompleter(self.combo.model(), self.combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)
        self.combo.setMinimumContentsLength(36)
        self.combo.lineEdit().setPlaceholderText(_("Type to search the service directory"))
        self.combo.lineEdit().textEdited.connect(self.emit_changed)
        self.combo.activated.connect(self.emit_changed)
        row = QHBoxLayout()
        row.addWidget(self.combo, 1)
        row.addStretch(0)
        self.body.addLayout(row)
        self.register_inputs(self.combo)

    def value(self) -> dict[str, Any]:
        name = self.combo.currentText().strip()
        if not name:
            return {}
        index = self.combo.findText(name, Qt.MatchFlag.MatchExactly)
        service_id = self.combo.itemData(index) if index > 0 else None
        return {"service_id": service_id, "name": name}

    def _show_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        index = self.combo.findData(value.get("service_id")) if value.get("service_id") else -1
        if index > 0:
            self.combo.setCurrentIndex(index)
        else:
            self.combo.setCurrentIndex(0)
            name = value.get("name")
            self.combo.setEditText(name if isinstance(name, str) else "")

    def _apply_read_only(self, read_only: bool) -> None:
        self.combo.setEnabled(not read_only)
