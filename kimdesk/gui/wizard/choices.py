"""Editors for the fields answered by choosing: options, yes/no, the fixed scales, 1–10."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QToolButton,
    QWidget,
)

from kimdesk.forms.answers import SHORT_TEXT_LIMIT
from kimdesk.forms.model import Field, FieldType, Option
from kimdesk.gui.wizard.base import FieldEditor
from kimdesk.gui.wizard.rating_scale import RatingScale, rating_text
from kimdesk.i18n import _

MAX_RADIO_OPTIONS = 6  # more options than this: a combo box
ROW_TEXT_LENGTH = 70  # options whose labels together are shorter go in one row
ROW_SPACING = 12
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum" for a widget's size


class _RadioChoice(FieldEditor):
    """Radio buttons for a few options, and a small button that takes the answer back."""

    def __init__(self, field: Field, options: tuple[Option, ...], parent: QWidget | None) -> None:
        super().__init__(field, parent)
        self._keys = [option.key for option in options]
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        # A row if the labels fit in one line, else rows of three (the six-level change)
        # or one option per line (long wordings).
        text_length = sum(len(o.label) for o in options)
        if text_length <= ROW_TEXT_LENGTH:
            columns = len(options)
        elif field.type in (FieldType.ACHIEVEMENT_4, FieldType.CHANGE_6):
            columns = 3 if len(options) > 4 else 2
        else:
            columns = 1
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(2)
        for index, option in enumerate(options):
            button = QRadioButton(option.label.replace("&", "&&"), self)
            self.group.addButton(button, index)
            self.buttons.append(button)
            grid.addWidget(button, index // columns, index % columns)
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("clearChoice")
        self.clear_button.setText(_("clear"))
        self.clear_button.setToolTip(_("Take the answer back"))
        self.clear_button.setAccessibleName(_("{field}: clear").format(field=field.label))
        self.clear_button.hide()
        self.clear_button.clicked.connect(self._clear_by_user)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(grid)
        row.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignBottom)
        row.addStretch(1)
        self.body.addLayout(row)
        self.group.idToggled.connect(self._toggled)
        for button, option in zip(self.buttons, options, strict=True):
            self.register_inputs(button, name=f"{field.label}: {option.label}")
        self.register_inputs(self.clear_button, name=self.clear_button.accessibleName())

    def key(self) -> str | None:
        checked = self.group.checkedId()
        return self._keys[checked] if checked >= 0 else None

    def set_key(self, key: str | None) -> None:
        if key in self._keys:
            self.buttons[self._keys.index(key)].setChecked(True)
        else:
            self._uncheck()

    def _uncheck(self) -> None:
        self.group.setExclusive(False)
        for button in self.buttons:
            button.setChecked(False)
        self.group.setExclusive(True)
        self.clear_button.hide()

    def _clear_by_user(self) -> None:
        had = self.key() is not None
        self._uncheck()
        if self.buttons:
            self.buttons[0].setFocus()
        if had:
            self.emit_changed()

    def _toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self.clear_button.setVisible(not self.is_read_only())
            self.emit_changed()

    def _apply_read_only(self, read_only: bool) -> None:
        for button in self.buttons:
            button.setEnabled(not read_only)
        self.clear_button.setVisible(not read_only and self.key() is not None)


def choice_editor(field: Field, parent: QWidget | None = None) -> FieldEditor:
    """single_choice, achievement_4, change_6: radio buttons, or a combo box for many options."""
    if field.type is FieldType.SINGLE_CHOICE and len(field.options) > MAX_RADIO_OPTIONS:
        return ComboChoiceEditor(field, parent)
    return RadioChoiceEditor(field, parent)


class RadioChoiceEditor(_RadioChoice):
    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, field.options, parent)

    def value(self) -> str | None:
        return self.key()

    def _show_value(self, value: Any) -> None:
        self.set_key(value if isinstance(value, str) else None)


class ComboChoiceEditor(FieldEditor):
    """Many options: a combo box whose first, empty entry means "not answered"."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        self.combo = QComboBox(self)
        self.combo.addItem("–", None)
        for option in field.options:
            self.combo.addItem(option.label, option.key)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.currentIndexChanged.connect(self.emit_changed)
        row = QHBoxLayout()
        row.addWidget(self.combo)
        row.addStretch(1)
        self.body.addLayout(row)
        self.register_inputs(self.combo)

    def value(self) -> str | None:
        data = self.combo.currentData()
        return data if isinstance(data, str) else None

    def _show_value(self, value: Any) -> None:
        index = self.combo.findData(value) if isinstance(value, str) else -1
        self.combo.setCurrentIndex(max(index, 0))


class YesNoEditor(_RadioChoice):
    """Value: true, false, or None when not answered."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        options = (Option("yes", _("yes")), Option("no", _("no")))
        super().__init__(field, options, parent)

    def value(self) -> bool | None:
        key = self.key()
        return None if key is None else key == "yes"

    def _show_value(self, value: Any) -> None:
        self.set_key({True: "yes", False: "no"}.get(value) if isinstance(value, bool) else None)


class MultipleChoiceEditor(FieldEditor):
    """Check boxes; value: the checked option keys in the paper's order."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(2)
        columns = 2 if len(field.options) > 4 else 1
        self.boxes: dict[str, QCheckBox] = {}
        for index, option in enumerate(field.options):
            box = QCheckBox(option.label.replace("&", "&&"), self)
            box.toggled.connect(self.emit_changed)
            self.boxes[option.key] = box
            grid.addWidget(box, index // columns, index % columns)
            self.register_inputs(box, name=f"{field.label}: {option.label}")
        grid.setColumnStretch(columns, 1)
        self.body.addLayout(grid)

    def value(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.isChecked()]

    def _show_value(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list | tuple) else set()
        for key, box in self.boxes.items():
            box.setChecked(key in chosen)


def anchor_legend(field: Field) -> str:
    """The scale's anchor texts as the paper prints them under a rating block."""
    if field.anchors is None:
        return ""
    return _("{low} to {high}").format(low=field.anchors.low, high=field.anchors.high)


class ScaleEditor(FieldEditor):
    """A 1–10 self-rating as one line of the paper's table: the item, the scale (one
    ``RatingScale``: one tab stop, one slider for assistive technology), the CM's remark.
    The anchor texts are shown once per block (``RatingBlock``) and are the scale's
    accessible description, after its value ("7 von 10").

    Clicking the chosen number again takes it back. With the focus on the scale the arrow
    keys, Home/End and the digits 1–9 and 0 (for 10) choose, Delete takes it back.
    """

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(field, parent, show_label=False)
        self._stacked: bool | None = None
        self.label = QLabel(self.label_text().replace("&", "&&"), self)
        self.label.setObjectName("ratingLabel")
        self.label.setWordWrap(True)
        self.scale_box = RatingScale(self)
        self.scale_box.chosen.connect(self._chosen_by_user)
        self.scale_box.valueChanged.connect(self._describe)
        self.remark_caption = _("CM's remark")
        self.remark = QLineEdit(self)
        self.remark.setMaxLength(SHORT_TEXT_LIMIT)
        self.remark.textEdited.connect(self.emit_changed)
        self.remark.textChanged.connect(self.remark.setToolTip)  # whole, where the box is narrow
        self.row = QGridLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setHorizontalSpacing(ROW_SPACING)
        self.row.setVerticalSpacing(4)
        self.body.addLayout(self.row)
        if self.hint_label is not None:  # a help text goes under the row, like an error
            self._layout.removeWidget(self.hint_label)
            self._layout.insertWidget(self._layout.indexOf(self.error_label), self.hint_label)
        self.set_stacked(False)
        self.register_inputs(self.scale_box, name=field.label)
        self.register_inputs(self.remark, name=f"{field.label}: {self.remark_caption}")

    def set_stacked(self, stacked: bool) -> None:
        """One line (item, buttons, remark side by side) or, where that does not fit (large
        text, a narrow window), the item, the buttons and the remark one under the other."""
        if stacked == self._stacked:
            return
        self._stacked = stacked
        for widget in (self.label, self.scale_box, self.remark):
            self.row.removeWidget(widget)
        for column in range(3):
            self.row.setColumnStretch(column, 0)
        # In one line the block's column caption names the remark; stacked, the box itself.
        self.remark.setPlaceholderText(self.remark_caption if stacked else "")
        if stacked:
            self.set_label_width(None)
            self.row.addWidget(self.label, 0, 0)
            self.row.addWidget(self.scale_box, 1, 0, Qt.AlignmentFlag.AlignLeft)
            self.row.addWidget(self.remark, 2, 0)
            self.row.setColumnStretch(0, 1)
        else:
            middle = Qt.AlignmentFlag.AlignVCenter
            self.row.addWidget(self.label, 0, 0, middle)
            self.row.addWidget(self.scale_box, 0, 1, middle)
            self.row.addWidget(self.remark, 0, 2, middle)
            self.row.setColumnStretch(2, 1)

    def is_stacked(self) -> bool:
        return bool(self._stacked)

    def set_label_width(self, width: int | None) -> None:
        """The item column's width, the same for every row of a block; None: free."""
        if width is None:
            self.label.setMinimumWidth(0)
            self.label.setMaximumWidth(QWIDGETSIZE_MAX)
        else:
            self.label.setFixedWidth(width)

    def _describe(self) -> None:
        super()._describe()
        legend = anchor_legend(self.field)
        self.setAccessibleDescription(legend)
        for widget in self._inputs:
            parts = [widget.accessibleDescription(), legend]
            if widget is self.scale_box:  # the value first: what a screen reader says on focus
                parts.insert(0, rating_text(self.rating()) + ".")
            widget.setAccessibleDescription(" ".join(part for part in parts if part))

    def rating(self) -> int | None:
        return self.scale_box.rating()

    def value(self) -> dict[str, Any]:
        remark = self.remark.text()
        if self.rating() is None and not remark.strip():
            return {}
        return {"value": self.rating(), "remark": remark}

    def _show_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        rating = value.get("value")
        self.scale_box.set_rating(rating if isinstance(rating, int) and 1 <= rating <= 10 else None)
        remark = value.get("remark")
        self.remark.setText(remark if isinstance(remark, str) else "")
        self.remark.setCursorPosition(0)

    def _chosen_by_user(self) -> None:
        self.emit_changed()

    def _apply_read_only(self, read_only: bool) -> None:
        self.scale_box.setEnabled(not read_only)
        self.remark.setReadOnly(read_only)
