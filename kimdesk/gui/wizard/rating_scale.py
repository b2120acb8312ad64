"""The ten numbers of a 1–10 rating as ONE control: a slider for assistive technology
(role, value, name, description), ten boxes to click for the mouse, one tab stop.

Qt gives a ``QAbstractSlider`` its accessible slider interface (role Slider, value 0–10,
value-change events); the numbers are painted, not child widgets, so a screen reader meets
one control with its value instead of ten separate buttons. 0 means "not rated".
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractSlider, QSizePolicy, QWidget

from kimdesk.i18n import _

SCALE_MAX = 10
FRAME = 3  # room for the focus frame around the boxes


def rating_text(value: int | None) -> str:
    """The value as a screen reader says it: "7 von 10", "nicht bewertet"."""
    if value is None:
        return _("not rated")
    return _("{value} of {maximum}").format(value=value, maximum=SCALE_MAX)


class RatingScale(QAbstractSlider):
    """Click a number to choose it (again: take it back); with the focus, the arrow keys,
    Home/End and the digits (0 for 10) choose, Delete/Backspace takes the rating back."""

    # A change by the user: mouse, keyboard, or assistive technology setting the value
    # through the slider interface; not a change by ``set_rating``.
    chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingScale")
        self.setRange(0, SCALE_MAX)
        self.setOrientation(Qt.Orientation.Horizontal)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)  # the hover outline
        # as wide as one row where there is room, down to two rows of five where there is not
        policy = QSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._hovered = 0
        self._setting = False
        self._last = 0
        self.valueChanged.connect(self._value_changed)

    # -- the value -------------------------------------------------------------------------

    def rating(self) -> int | None:
        return self.value() or None

    def set_rating(self, rating: int | None) -> None:
        self._setting = True
        try:
            self.setValue(rating or 0)
        finally:
            self._setting = False

    def _choose_by_user(self, rating: int | None) -> None:
        self.setValue(rating or 0)

    def _value_changed(self, value: int) -> None:
        if not self._setting and not self.isEnabled():
            self.set_rating(self._last or None)  # read-only: not even through the value
            return
        self._last = value
        self.update()
        if not self._setting:
            self.chosen.emit()

    # -- geometry --------------------------------------------------------------------------

    def _box_size(self) -> QSize:
        """Each number's box, from the font, so it grows with larger text."""
        metrics = self.fontMetrics()
        width = max(metrics.horizontalAdvance("10") + metrics.averageCharWidth() * 2, 26)
        height = max(metrics.height() + 8, 24)
        return QSize(width, height)

    def _gap(self) -> int:
        return max(3, self.fontMetrics().averageCharWidth() // 2)

    def _extent(self, columns: int) -> QSize:
        """The size the boxes take in ``columns`` columns (10: one row, 5: two rows)."""
        box, gap = self._box_size(), self._gap()
        rows = -(-SCALE_MAX // columns)
        return QSize(
            2 * FRAME + columns * box.width() + (columns - 1) * gap,
            2 * FRAME + rows * box.height() + (rows - 1) * gap,
        )

    def columns(self, width: int | None = None) -> int:
        """One row where it fits, else 1–5 over 6–10: large text on a narrow page wraps
        the scale instead of cutting it."""
        width = self.width() if width is None else width
        return SCALE_MAX if width >= self._extent(SCALE_MAX).width() else SCALE_MAX // 2

    def box_rect(self, number: int) -> QRect:
        """Where ``number`` (1–10) is drawn and clicked."""
        box, gap, columns = self._box_size(), self._gap(), self.columns()
        row, column = divmod(number - 1, columns)
        return QRect(
            FRAME + column * (box.width() + gap),
            FRAME + row * (box.height() + gap),
            box.width(),
            box.height(),
        )

    def number_at(self, point: QPoint) -> int:
        """The number under ``point``, 0 for none (the gaps and the frame)."""
        for number in range(1, SCALE_MAX + 1):
            if self.box_rect(number).contains(point):
                return number
        return 0

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return self._extent(SCALE_MAX)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self._extent(SCALE_MAX // 2).width(), self._extent(SCALE_MAX).height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        return self._extent(self.columns(width)).height()

    # -- input -----------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        number = self.number_at(event.position().toPoint())
        if event.button() != Qt.MouseButton.LeftButton or not number or not self.isEnabled():
            event.ignore()
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        # clicking the chosen number again takes it back, as before
        self._choose_by_user(None if number == self.value() else number)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        event.accept()  # QAbstractSlider would move the value on release

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        number = self.number_at(event.position().toPoint())
        if number != self._hovered:
            self._hovered = number
            self.update()

    def leaveEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        self._hovered = 0
        self.update()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt API)
        event.ignore()  # the wheel scrolls the page; it must never change a rating

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if not self.isEnabled():
            event.ignore()
            return
        key, text, current = event.key(), event.text(), self.value()
        if len(text) == 1 and text.isdigit():
            self._choose_by_user(int(text) or SCALE_MAX)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self._choose_by_user(min(current + 1, SCALE_MAX))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self._choose_by_user(max(current - 1, 1))
        elif key == Qt.Key.Key_Home:
            self._choose_by_user(1)
        elif key == Qt.Key.Key_End:
            self._choose_by_user(SCALE_MAX)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._choose_by_user(None)
        else:
            event.ignore()  # Tab, Page Up/Down, Enter: for the page and the wizard
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt API)
        super().focusOutEvent(event)
        self.update()

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        enabled = self.isEnabled()
        group = QPalette.ColorGroup.Active if enabled else QPalette.ColorGroup.Disabled
        chosen_fill = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
        chosen_text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
        # the outline of a box: the placeholder grey (≥ 3:1 on white; black in high contrast)
        outline = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        fill = palette.color(
            QPalette.ColorGroup.Active,
            QPalette.ColorRole.Base if enabled else QPalette.ColorRole.Window,
        )
        text = palette.color(group, QPalette.ColorRole.Text)
        for number in range(1, SCALE_MAX + 1):
            rect = QRectF(self.box_rect(number)).adjusted(0.5, 0.5, -0.5, -0.5)
            is_chosen = number == self.value()
            hovered = enabled and number == self._hovered and not is_chosen
            painter.setPen(QPen(chosen_fill if hovered or is_chosen else outline, 1))
            painter.setBrush(chosen_fill if is_chosen else fill)
            painter.drawRoundedRect(rect, 4, 4)
            font = self.font()
            font.setBold(is_chosen)  # chosen: not by colour alone
            painter.setFont(font)
            painter.setPen(chosen_text if is_chosen else text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(number))
        if self.hasFocus():  # a ring in the text colour, like every focused control
            pen = QPen(palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text), 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            used = QRectF(0, 0, *self._extent(self.columns()).toTuple())
            painter.drawRoundedRect(used.adjusted(1, 1, -1, -1), 5, 5)
