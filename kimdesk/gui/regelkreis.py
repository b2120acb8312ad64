"""The path of a case through the Regelkreis: one row of steps, done ones ticked.

The path is ideal-typical (the seeds say so), so a step counts as done when the case has
been in it at some time, whatever the order; the current phase is highlighted.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from kimdesk.domain.phases import Phase
from kimdesk.gui.text_size import scaled
from kimdesk.i18n import _

PATH = (
    Phase.SCREENING,
    Phase.INTAKE,
    Phase.ASSESSMENT,
    Phase.GOALS,
    Phase.PLANNING,
    Phase.LINKING,
    Phase.MONITORING,
    Phase.REASSESSMENT,
    Phase.CLOSED,
)
NOT_ADMITTED_PATH = (Phase.SCREENING, Phase.INTAKE, Phase.NOT_ADMITTED)

ACCENT = QColor("#2b5d8c")
DONE = QColor("#5b8db8")
OPEN = QColor("#b8c2cc")
ENDED = QColor("#8a5a44")
TEXT = QColor("#1f2933")
MUTED = QColor("#5f6b7a")
DOT = 22.0
# Labels wrap between words; a word wider than its step (at 200 % text) wraps inside rather
# than being cut at the step's edge.
LABEL_OPTION = QTextOption(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
LABEL_OPTION.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)


class StepState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    OPEN = "open"


class PhasePath(QWidget):
    """A horizontal stepper: Screening → … → Closure (or → Not admitted)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current: Phase | None = None
        self._steps: list[tuple[Phase, StepState]] = [(p, StepState.OPEN) for p in PATH]
        self._entered: dict[Phase, date] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Path of the case"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_case(self, phase: Phase, history: list[tuple[Phase, date]]) -> None:
        """``history`` lists the phases entered, oldest first (the screening is implicit)."""
        self.current = phase
        self._entered = {entered: on for entered, on in history}
        visited = {Phase.SCREENING, *self._entered}
        path = NOT_ADMITTED_PATH if phase is Phase.NOT_ADMITTED else PATH
        self._steps = []
        for step in path:
            if step is phase:
                state = StepState.CURRENT
            elif step in visited:
                state = StepState.DONE
            else:
                state = StepState.OPEN
            self._steps.append((step, state))
        self.setAccessibleDescription(self.describe())
        self.updateGeometry()
        self.update()

    def steps(self) -> list[tuple[Phase, StepState]]:
        return list(self._steps)

    def describe(self) -> str:
        """What the dots say by colour and position, in words: "Phase 4 von 9: …; erledigt:
        …; noch offen: …" (the accessible description)."""
        parts = []
        for index, (phase, state) in enumerate(self._steps, start=1):
            if state is StepState.CURRENT:
                parts.append(
                    _("Phase {number} of {count}: {phase}").format(
                        number=index, count=len(self._steps), phase=phase.label
                    )
                )
        for state, caption in ((StepState.DONE, _("done")), (StepState.OPEN, _("not yet"))):
            phases = [phase.label for phase, step_state in self._steps if step_state is state]
            if phases:
                parts.append(f"{caption}: {', '.join(phases)}")
        return "; ".join(parts)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(scaled(110) * len(self._steps), self.minimumSizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        # The labels wrap under the dots: as high as the tallest at the narrowest step.
        step = scaled(60)
        tallest = max((self.label_height(phase, step) for phase, _state in self._steps), default=0)
        return QSize(step * len(self._steps), int(DOT + 14 + tallest))

    def label_font(self, *, bold: bool) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
        font.setBold(bold)
        return font

    def label_height(self, phase: Phase, width: float) -> float:
        """The height of a phase's label wrapped to ``width`` as painted (bold, the worst)."""
        layout = QTextLayout(phase.label, self.label_font(bold=True))
        layout.setTextOption(LABEL_OPTION)
        layout.beginLayout()
        height = 0.0
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width - 4)
            height += line.height()
        layout.endLayout()
        return height

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos().x())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def tooltip_at(self, x: float) -> str:
        """The phase under ``x`` and since when the case was in it, for the tooltip."""
        index = int(x // self._step_width()) if self._steps else -1
        if not 0 <= index < len(self._steps):
            return ""
        phase = self._steps[index][0]
        if phase not in self._entered:
            return phase.label
        since = _("since {date}").format(date=self._entered[phase].strftime("%d.%m.%Y"))
        return f"{phase.label}\n{since}"

    def _step_width(self) -> float:
        return self.width() / max(len(self._steps), 1)

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        width = self._step_width()
        top = 4.0
        centres = [QPointF(width * (i + 0.5), top + DOT / 2) for i in range(len(self._steps))]
        for index in range(1, len(self._steps)):
            reached = self._steps[index][1] is not StepState.OPEN
            painter.setPen(QPen(DONE if reached else OPEN, 2))
            painter.drawLine(
                QPointF(centres[index - 1].x() + DOT / 2 + 3, centres[index].y()),
                QPointF(centres[index].x() - DOT / 2 - 3, centres[index].y()),
            )
        for index, (phase, state) in enumerate(self._steps):
            self._paint_dot(painter, centres[index], index + 1, phase, state)
            painter.setFont(self.label_font(bold=state is StepState.CURRENT))
            painter.setPen(TEXT if state is not StepState.OPEN else MUTED)
            box = QRectF(width * index + 2, top + DOT + 6, width - 4, self.height() - DOT - 10)
            painter.drawText(box, phase.label, LABEL_OPTION)

    def _paint_dot(
        self, painter: QPainter, centre: QPointF, number: int, phase: Phase, state: StepState
    ) -> None:
        colour = ENDED if phase is Phase.NOT_ADMITTED else ACCENT
        rect = QRectF(centre.x() - DOT / 2, centre.y() - DOT / 2, DOT, DOT)
        if state is StepState.CURRENT:
            halo = QColor(colour)
            halo.setAlpha(50)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(halo)
            painter.drawEllipse(rect.adjusted(-4, -4, 4, 4))
            painter.setBrush(colour)
            painter.drawEllipse(rect)
            painter.setPen(QColor("#ffffff"))
        elif state is StepState.DONE:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(DONE)
            painter.drawEllipse(rect)
            tick = QPainterPath(QPointF(centre.x() - 5, centre.y()))
            tick.lineTo(centre.x() - 1.5, centre.y() + 4)
            tick.lineTo(centre.x() + 5.5, centre.y() - 4)
            painter.setPen(QPen(QColor("#ffffff"), 2.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(tick)
            return
        else:
            painter.setPen(QPen(OPEN, 1.5))
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(rect)
            painter.setPen(MUTED)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
        painter.setFont(font)
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), str(number))
