"""Asking for a new password, the same way in every dialog: the password with a strength meter
updated while typing, its repetition, and notes saying what is wrong (kimdesk.passwords)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from kimdesk.gui.widgets import FieldNote, noted_row
from kimdesk.i18n import _
from kimdesk.passwords import MIN_LENGTH, SCORE_LABELS, PasswordEstimate, estimate_password

SEGMENTS = 5  # one per zxcvbn score, 0 to 4
SEGMENT_GAP = 3
# Red and amber for refused scores, greens for accepted ones; the house error red first.
SCORE_COLOURS = ("#b3261e", "#b3261e", "#c77700", "#4d8a3a", "#2e7d32")
EMPTY_SEGMENT = QColor("#dde2e7")


class _Segments(QWidget):
    """Five small bars, as many filled as the score plus one."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.score: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(SEGMENTS * 14, 6)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        width = (self.width() - (SEGMENTS - 1) * SEGMENT_GAP) / SEGMENTS
        filled = -1 if self.score is None else self.score
        for index in range(SEGMENTS):
            colour = QColor(SCORE_COLOURS[filled]) if index <= filled else EMPTY_SEGMENT
            painter.setBrush(colour)
            left = index * (width + SEGMENT_GAP)
            painter.drawRoundedRect(QRectF(left, 0, width, self.height()), 2, 2)
        painter.end()


class StrengthMeter(QWidget):
    """The estimate of the password typed so far: bars and words ("Stärke: mittel")."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.segments = _Segments(self)
        self.label = QLabel(self)
        self.label.setObjectName("hint")
        self.setAccessibleName(_("Password strength"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.segments, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.label)
        layout.addStretch(1)
        # As wide as the longest estimate, so that the password field never jumps.
        metrics = self.label.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(_("Strength: {label}").format(label=_(label)))
            for label in SCORE_LABELS
        )
        self.label.setMinimumWidth(widest + 4)
        self.show_estimate(None)

    def show_estimate(self, estimate: PasswordEstimate | None) -> None:
        """Show ``estimate``; None (nothing typed) shows empty bars and no words."""
        self.segments.score = None if estimate is None else estimate.score
        self.segments.update()
        text = "" if estimate is None else _("Strength: {label}").format(label=estimate.label)
        self.label.setText(text)
        self.setAccessibleDescription(text)


class NewPasswordField(QObject):
    """The two rows of a form that ask for a new password, and their check.

    ``user_inputs`` gives the words that must not make a password strong: the case manager's
    name, organisation and municipality as far as the dialog knows them.
    """

    changed = Signal()  # after every change of either field, once the meter is updated

    def __init__(
        self,
        parent: QWidget,
        form: QFormLayout,
        notes: dict[QWidget, FieldNote],
        *,
        label: str,
        accessible_name: str,
        repeat_label: str,
        repeat_accessible_name: str,
        repeat_hint: str = "",
        user_inputs: Callable[[], Iterable[str]] = tuple,
    ) -> None:
        super().__init__(parent)
        self._user_inputs = user_inputs
        self._cache: tuple[tuple[str, tuple[str, ...]], PasswordEstimate] | None = None
        self._hint = _(
            "At least {n} characters – best a few words that have nothing to do with each other."
        ).format(n=MIN_LENGTH)
        self.password_edit = self._line(parent)
        self.repeat_edit = self._line(parent)
        self.meter = StrengthMeter(parent)
        self.note = noted_row(
            notes,
            form,
            label,
            self.password_edit,
            accessible_name,
            note_hint=self._hint,
            under=self.meter,
        )
        # Room for a reason of two lines: a dialog does not grow while the user types, and
        # a longer note would be cut off.
        self.note.setMinimumHeight(2 * self.note.fontMetrics().lineSpacing())
        self.repeat_note = noted_row(
            notes,
            form,
            repeat_label,
            self.repeat_edit,
            repeat_accessible_name,
            note_hint=repeat_hint,
        )
        self.password_edit.textChanged.connect(self._password_changed)
        self.repeat_edit.textChanged.connect(lambda _text: self.changed.emit())

    @staticmethod
    def _line(parent: QWidget) -> QLineEdit:
        line = QLineEdit(parent)
        line.setEchoMode(QLineEdit.EchoMode.Password)
        return line

    def password(self) -> str:
        return self.password_edit.text()

    def estimate(self) -> PasswordEstimate:
        """The estimate of the password as typed (computed once per text), also shown."""
        key = (self.password_edit.text(), tuple(self._user_inputs()))
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, estimate_password(key[0], user_inputs=key[1]))
        estimate = self._cache[1]
        typed = bool(key[0])
        self.meter.show_estimate(estimate if typed else None)
        # While typing, the reason shows as a neutral hint; the dialog makes it an error.
        self.note.set_hint(estimate.reason if typed and not estimate.acceptable else self._hint)
        return estimate

    def errors(self) -> dict[QWidget, str]:
        """What is wrong: a refused password (with the reason), a differing repetition."""
        errors: dict[QWidget, str] = {}
        estimate = self.estimate()
        if not estimate.acceptable:
            errors[self.password_edit] = estimate.reason
        if self.repeat_edit.text() != self.password_edit.text():
            errors[self.repeat_edit] = _("The two passwords differ.")
        return errors

    def set_enabled(self, on: bool) -> None:
        for widget in (self.password_edit, self.repeat_edit, self.meter):
            widget.setEnabled(on)

    def clear(self) -> None:
        self.password_edit.clear()
        self.repeat_edit.clear()

    def _password_changed(self, _text: str) -> None:
        self.estimate()
        self.changed.emit()
