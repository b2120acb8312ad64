"""A date field that may stay empty: typed as dd.mm.yyyy, or picked from a calendar.

A QDateEdit always holds some date; the paper forms have many dates that are simply not
filled in yet, so this is a line edit that understands German date input.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from kimdesk.domain.dates import DateInputError, parse_german_date
from kimdesk.domain.dates import format_german_date as format_date
from kimdesk.forms.model import Field
from kimdesk.gui.text_size import scaled
from kimdesk.gui.wizard.base import FieldEditor
from kimdesk.i18n import _

DATE_WIDTH = 130
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


def parse_date(text: str, *, today: date | None = None) -> date | None:
    """A date typed as 23.11.2026, 23.11.26, 1.2.2026, 23112026 or 2026-11-23; else None.

    What is wrong with other text is said by ``kimdesk.domain.dates.parse_german_date``.
    """
    try:
        return parse_german_date(text, today=today)
    except DateInputError:
        return None


class DateEditor(FieldEditor):
    """Value: ISO text ("2026-11-23"), "" when empty, or the raw text if it is no date (the
    check on saving then names the problem at the field)."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(_("dd.mm.yyyy"))
        self.edit.setFixedWidth(scaled(DATE_WIDTH))
        self.edit.setToolTip(_("Type the date, e.g. 23.11.2026; Alt+Down opens the calendar."))
        self.edit.textEdited.connect(self.emit_changed)
        self.edit.editingFinished.connect(self._tidy)
        self.edit.installEventFilter(self)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setObjectName("calendarButton")
        self.calendar_button.setToolTip(_("Choose from the calendar"))
        self.calendar_button.setAccessibleName(
            _("{field}: choose from the calendar").format(field=field.label)
        )
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down does it
        self.calendar_button.clicked.connect(self.open_calendar)
        row.addWidget(self.edit)
        row.addWidget(self.calendar_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.register_inputs(self.edit)
        self._menu: QMenu | None = None

    def value(self) -> str:
        text = self.edit.text().strip()
        if not text:
            return ""
        parsed = parse_date(text)
        return parsed.isoformat() if parsed else text

    def _show_value(self, value: Any) -> None:
        parsed = date.fromisoformat(value) if isinstance(value, str) and _ISO.match(value) else None
        self.edit.setText(format_date(parsed) if parsed else "")

    def _apply_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.calendar_button.setVisible(not read_only)

    def _tidy(self) -> None:
        """On leaving the field: write the date out in full, or say what is wrong."""
        text = self.edit.text().strip()
        if not text:
            return
        try:
            parsed = parse_german_date(text)
        except DateInputError as error:
            self.set_error(str(error))  # the one wording of every date field
            return
        if format_date(parsed) != self.edit.text():
            self.edit.setText(format_date(parsed))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            opens = event.key() == Qt.Key.Key_F4 or (
                event.key() == Qt.Key.Key_Down
                and bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            )
            if opens and not self.is_read_only():
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    def open_calendar(self) -> None:
        """A calendar under the field; made once, kept with the editor."""
        if self._menu is None:
            self._menu = QMenu(self)
            self.calendar = QCalendarWidget(self._menu)
            self.calendar.setGridVisible(False)
            self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            self.calendar.setAccessibleName(self.field.label)
            action = QWidgetAction(self._menu)
            action.setDefaultWidget(self.calendar)
            self._menu.addAction(action)
            self.calendar.activated.connect(self._pick)
            self.calendar.clicked.connect(self._pick)
        current = parse_date(self.edit.text())
        self.calendar.setSelectedDate(QDate(current) if current else QDate.currentDate())
        self._menu.popup(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self.calendar.setFocus()

    def _pick(self, day: QDate) -> None:
        self.edit.setText(format_date(day.toPython()))  # type: ignore[arg-type]
        if self._menu is not None:
            self._menu.hide()
        self.edit.setFocus()
        self.emit_changed()
