"""What is typed into an input dialog survives a lock: its fields are kept as an encrypted
draft in the caseload before it closes, and filled in again when the dialog is reopened.

Every input dialog names its fields once (``DialogInput(self, caseload, ...)``); reading and
setting the values goes by the kind of widget, so no dialog needs code of its own for it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QDialog,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.errors import KimdeskError
from kimdesk.store.dialog_drafts import FieldValue

log = logging.getLogger(__name__)

Values = dict[str, FieldValue]


def widget_value(widget: QWidget) -> FieldValue:
    """The value a field holds, as text, number, switch or chosen item data."""
    if isinstance(widget, QDateEdit):
        return widget.date().toString(Qt.DateFormat.ISODate)
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QComboBox):
        return _plain(widget.currentData())
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    if isinstance(widget, QListWidget):
        item = widget.currentItem()
        return _plain(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None
    raise TypeError(f"no draft value for a {type(widget).__name__}")


def set_widget_value(widget: QWidget, value: FieldValue) -> None:
    """Put a kept value back; one that no longer fits the field is left out."""
    if isinstance(widget, QDateEdit) and isinstance(value, str):
        day = QDate.fromString(value, Qt.DateFormat.ISODate)
        if day.isValid():
            widget.setDate(day)
    elif isinstance(widget, QSpinBox) and isinstance(value, int):
        widget.setValue(value)
    elif isinstance(widget, QComboBox):
        index = next((i for i in range(widget.count()) if widget.itemData(i) == value), -1)
        if index >= 0:
            widget.setCurrentIndex(index)
    elif isinstance(widget, QLineEdit) and isinstance(value, str):
        widget.setText(value)
    elif isinstance(widget, QPlainTextEdit) and isinstance(value, str):
        widget.setPlainText(value)
    elif isinstance(widget, QAbstractButton) and isinstance(value, bool):
        # In a group of radio buttons the chosen one unchecks the others.
        if value or not widget.autoExclusive():
            widget.setChecked(value)
    elif isinstance(widget, QListWidget):
        for row in range(widget.count()):
            if widget.item(row).data(Qt.ItemDataRole.UserRole) == value:
                widget.setCurrentRow(row)
                break


def _plain(data: object) -> FieldValue:
    return data if isinstance(data, str | int | float | bool) or data is None else str(data)


class DialogInput(QObject):
    """The named fields of one input dialog and the draft kept of them.

    ``kind`` names the dialog ("contact"), ``case_id`` the case it is for (None for a dialog
    of no case). A draft left from a lock is removed once the dialog is finished.
    """

    def __init__(
        self,
        dialog: QDialog,
        caseload: Caseload,
        *,
        kind: str,
        case_id: int | None,
        fields: Mapping[str, QWidget],
    ) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.kind = kind
        self.case_id = case_id
        self._caseload = caseload
        self._fields = dict(fields)
        self._untouched = self.values()
        self._kept = False
        dialog.finished.connect(self._finished)

    def values(self) -> Values:
        return {key: widget_value(widget) for key, widget in self._fields.items()}

    def restore(self, values: Mapping[str, FieldValue]) -> None:
        """Fill the fields in the order they were named (a search before its result list)."""
        for key, widget in self._fields.items():
            if key in values:
                set_widget_value(widget, values[key])

    def has_input(self) -> bool:
        return self.values() != self._untouched

    def keep(self) -> bool:
        """Before the caseload closes: store the input as a draft; False if nothing was kept.

        The dialog is closed right after, and its closing then leaves the draft alone.
        """
        self._kept = True
        drafts = self._caseload.dialog_drafts
        try:
            if self.has_input():
                drafts.save(self.kind, self.case_id, self.values())
                return True
            drafts.discard(self.kind, self.case_id)  # an older draft, already taken back
        except KimdeskError as error:
            # Locking must go on; the values are never logged.
            log.warning("the input of a %s dialog was not kept (%s)", self.kind, error)
        return False

    def _finished(self) -> None:
        if not self._kept:
            # Stored or cancelled: a draft it was restored from has served its purpose.
            try:
                self._caseload.dialog_drafts.discard(self.kind, self.case_id)
            except KimdeskError as error:
                log.warning("a %s draft was not removed (%s)", self.kind, error)
