"""One editor widget per field type of the paper forms, and ``editor_for`` to pick one.

The text, date and number editors live here; the choices and scales are in ``choices``,
the composite fields (agency, service, repeating group) in ``composite``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QFrame,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from kimdesk.domain.records import Service
from kimdesk.forms.answers import SHORT_TEXT_LIMIT
from kimdesk.forms.model import Field, FieldType
from kimdesk.gui.text_size import scaled
from kimdesk.gui.wizard.base import FieldEditor
from kimdesk.gui.wizard.choices import (
    MultipleChoiceEditor,
    ScaleEditor,
    YesNoEditor,
    choice_editor,
)
from kimdesk.gui.wizard.composite import AgencyContactEditor, ServiceEditor
from kimdesk.gui.wizard.date_input import DateEditor
from kimdesk.gui.wizard.group import RepeatingGroupEditor

SHORT_TEXT_WIDTH = 520
NUMBER_WIDTH = 130
NUMBER_LIMIT = 1_000_000  # the range of a number field that states no bound


class ShortTextEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = QLineEdit(self)
        self.edit.setMaxLength(SHORT_TEXT_LIMIT)
        self.edit.setMaximumWidth(scaled(SHORT_TEXT_WIDTH))
        self.edit.textEdited.connect(self.emit_changed)
        self.body.addWidget(self.edit)
        self.register_inputs(self.edit)

    def value(self) -> str:
        return self.edit.text()

    def _show_value(self, value: Any) -> None:
        self.edit.setText(value if isinstance(value, str) else "")
        self.edit.setCursorPosition(0)

    def _apply_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class GrowingTextEdit(QPlainTextEdit):
    """A plain text box a few lines high that grows with its text (up to a limit).

    Tab moves the focus on, as in every other field of the form.
    """

    MIN_LINES = 3
    MAX_LINES = 14

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self, *_args: object) -> None:
        lines = int(self.document().documentLayout().documentSize().height())
        lines = max(self.MIN_LINES, min(self.MAX_LINES, lines))
        margins = self.contentsMargins()
        frame = margins.top() + margins.bottom() + 2 * int(self.document().documentMargin())
        self.setFixedHeight(lines * self.fontMetrics().lineSpacing() + frame + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(480, self.height())


class LongTextEditor(FieldEditor):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.edit = GrowingTextEdit(self)
        self.edit.textChanged.connect(self.emit_changed)
        self.body.addWidget(self.edit)
        self.register_inputs(self.edit)

    def value(self) -> str:
        return self.edit.toPlainText()

    def _show_value(self, value: Any) -> None:
        self.edit.setPlainText(value if isinstance(value, str) else "")

    def _apply_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class _EmptyableSpin:
    """Mix-in: the spin box's minimum stands for "not given" and shows as an empty box."""

    def validate(self, text: str, pos: int) -> object:
        if not text.strip():
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)  # type: ignore[misc]

    def valueFromText(self, text: str) -> Any:
        if not text.strip():
            return self.minimum()  # type: ignore[attr-defined]
        return super().valueFromText(text)  # type: ignore[misc]

    def textFromValue(self, value: Any) -> str:
        if value == self.minimum():  # type: ignore[attr-defined]
            return ""
        return super().textFromValue(value)  # type: ignore[misc]


class EmptyableSpinBox(_EmptyableSpin, QSpinBox):
    pass


class EmptyableDoubleSpinBox(_EmptyableSpin, QDoubleSpinBox):
    pass


class NumberEditor(FieldEditor):
    """A spin box within the field's min/max (whole numbers if ``integer``), or empty."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        low = field.minimum if field.minimum is not None else -NUMBER_LIMIT
        high = field.maximum if field.maximum is not None else NUMBER_LIMIT
        self.spin: QSpinBox | QDoubleSpinBox
        if field.integer:
            self.spin = EmptyableSpinBox(self)
            self._empty: float = int(low) - 1
            self.spin.setRange(int(self._empty), int(high))
        else:
            self.spin = EmptyableDoubleSpinBox(self)
            self.spin.setDecimals(2)
            self._empty = low - 1
            self.spin.setRange(self._empty, high)
        self.spin.setValue(self.spin.minimum())
        self.spin.setMaximumWidth(scaled(NUMBER_WIDTH))
        self.spin.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self.spin.valueChanged.connect(self.emit_changed)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.body.addWidget(self.spin)
        self.register_inputs(self.spin)

    def value(self) -> int | float | None:
        current = self.spin.value()
        if current == self.spin.minimum():
            return None
        return int(current) if self.field.integer else float(current)

    def _show_value(self, value: Any) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = int(value) if self.field.integer else float(value)
            self.spin.setValue(number)  # type: ignore[arg-type]
        else:
            self.spin.setValue(self.spin.minimum())

    def _apply_read_only(self, read_only: bool) -> None:
        self.spin.setReadOnly(read_only)
        self.spin.setButtonSymbols(
            QAbstractSpinBox.ButtonSymbols.NoButtons
            if read_only
            else QAbstractSpinBox.ButtonSymbols.UpDownArrows
        )


def editor_for(
    field: Field, parent: QWidget | None, *, services: list[tuple[int, Service]]
) -> FieldEditor:
    """The editor widget for ``field``."""
    kind = field.type
    if kind is FieldType.SHORT_TEXT:
        return ShortTextEditor(field, parent)
    if kind is FieldType.LONG_TEXT:
        return LongTextEditor(field, parent)
    if kind is FieldType.DATE:
        return DateEditor(field, parent)
    if kind is FieldType.NUMBER:
        return NumberEditor(field, parent)
    if kind in (FieldType.SINGLE_CHOICE, FieldType.ACHIEVEMENT_4, FieldType.CHANGE_6):
        return choice_editor(field, parent)
    if kind is FieldType.MULTIPLE_CHOICE:
        return MultipleChoiceEditor(field, parent)
    if kind is FieldType.YES_NO:
        return YesNoEditor(field, parent)
    if kind is FieldType.SCALE_10:
        return ScaleEditor(field, parent)
    if kind is FieldType.AGENCY_CONTACT:
        return AgencyContactEditor(field, parent)
    if kind is FieldType.SERVICE:
        return ServiceEditor(field, parent, services=services)
    if kind is FieldType.REPEATING_GROUP:

        def make(sub: Field, owner: QWidget) -> FieldEditor:
            return editor_for(sub, owner, services=services)

        return RepeatingGroupEditor(field, parent, make_editor=make)
    raise ValueError(f"no editor for field type {kind}")  # the loader rules this out
