"""The radar ("Spinnennetz") chart of the assessment comparison, painted with QPainter.

``domain_means`` turns the rating lines of a case into one value per life domain and
assessment round; ``RadarChart`` draws them, the first round in one colour, the latest in
another, with a legend naming the dates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QSizePolicy,
    QStackedLayout,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kimdesk.domain.vocabulary import AssessmentKind
from kimdesk.forms.compare import RatingChange
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import hint, leave_with_tab
from kimdesk.i18n import _
from kimdesk.printing.domain_means import Series, domain_means

SCALE_MAX = 10.0
RINGS = (2, 4, 6, 8, 10)
FIRST_COLOUR = QColor("#b4690e")  # warm: the starting point
LATEST_COLOUR = QColor("#2b5d8c")  # the application's accent: where the person is now
BETWEEN_COLOUR = QColor("#8795a5")
GRID_COLOUR = QColor("#d5dbe1")
MUTED_TEXT = QColor("#5f6b7a")
TEXT = QColor("#1f2933")
BETTER = QColor("#2e7d32")
WORSE = QColor("#b3261e")


def series_colour(index: int, count: int) -> QColor:
    if index == count - 1 and count > 1:
        return LATEST_COLOUR
    return FIRST_COLOUR if index == 0 else BETWEEN_COLOUR


class RadarChart(QWidget):
    """A radar chart on the 1–10 scale: rings at 2, 4, 6, 8, 10, one polygon per series."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.axes: list[str] = []
        self.series: Series = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 280)
        self.setAccessibleName(_("Comparison chart of the life domains"))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(420, 360)

    def set_series(self, axes: list[str], series: Series) -> None:
        self.axes = list(axes)
        self.series = [(name, list(values)) for name, values in series]
        self.setAccessibleDescription(self._describe())
        self.update()

    def _describe(self) -> str:
        """The chart as text for screen readers: every series with its domain values."""
        parts = []
        for name, values in self.series:
            known = [f"{a}: {v:.1f}" for a, v in zip(self.axes, values, strict=False) if v]
            parts.append(f"{name} – {', '.join(known) or '–'}")
        return "; ".join(parts)

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        try:
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        if not self.axes:
            return
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() * 0.9, 7.0))
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        legend_height = self._legend_height(metrics)
        label_width = min(float(scaled(150)), max(self.width() * 0.2, float(scaled(90))))
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8 - legend_height)
        flags = int(Qt.TextFlag.TextWordWrap)
        tallest = max(
            (
                metrics.boundingRect(QRectF(0, 0, 2 * label_width, 200), flags, label).height()
                for axis, label in enumerate(self.axes)
                if self._is_vertical(axis)
            ),
            default=0.0,
        )
        # The labels sit just outside the outer ring (at 10.6 of 10): leave room for them.
        room = min(area.width() / 2 - label_width, area.height() / 2 - tallest - 4)
        radius = max(room / 1.08, 30.0)
        centre = area.center()
        self._paint_grid(painter, centre, radius, metrics)
        self._paint_labels(painter, centre, radius, label_width, metrics)
        for index, (_name, values) in enumerate(self.series):
            colour = series_colour(index, len(self.series))
            self._paint_polygon(painter, centre, radius, values, colour)
        legend = QRectF(8, self.height() - legend_height, self.width() - 16, legend_height)
        self._paint_legend(painter, legend, metrics)

    def _point(self, centre: QPointF, radius: float, axis: int, value: float) -> QPointF:
        angle = -math.pi / 2 + 2 * math.pi * axis / len(self.axes)
        distance = radius * value / SCALE_MAX
        return QPointF(
            centre.x() + distance * math.cos(angle), centre.y() + distance * math.sin(angle)
        )

    def _paint_grid(
        self, painter: QPainter, centre: QPointF, radius: float, metrics: QFontMetricsF
    ) -> None:
        count = len(self.axes)
        painter.setPen(QPen(GRID_COLOUR, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for ring in RINGS:
            ring_points = [self._point(centre, radius, i, ring) for i in range(count)]
            painter.drawPolygon(QPolygonF(ring_points))
        for axis in range(count):
            painter.drawLine(centre, self._point(centre, radius, axis, SCALE_MAX))
        painter.setPen(MUTED_TEXT)
        for ring in RINGS:
            at = self._point(centre, radius, 0, ring)
            painter.drawText(QPointF(at.x() + 3, at.y() + metrics.ascent() / 2), str(ring))

    def _is_vertical(self, axis: int) -> bool:
        """The axis points straight up or down: its label is centred above or below it."""
        return abs(math.cos(-math.pi / 2 + 2 * math.pi * axis / len(self.axes))) < 0.01

    def _paint_labels(
        self,
        painter: QPainter,
        centre: QPointF,
        radius: float,
        width: float,
        metrics: QFontMetricsF,
    ) -> None:
        rated = {i for _n, values in self.series for i, v in enumerate(values) if v is not None}
        flags = Qt.TextFlag.TextWordWrap
        for axis, label in enumerate(self.axes):
            tip = self._point(centre, radius, axis, SCALE_MAX + 0.6)
            vertical = self._is_vertical(axis)
            box_width = 2 * width if vertical else width
            box = metrics.boundingRect(QRectF(0, 0, box_width, 200), int(flags), label)
            top = tip.y() - box.height() / 2
            if vertical:  # centred above or below the axis
                align = Qt.AlignmentFlag.AlignHCenter
                left = tip.x() - box_width / 2
                top = tip.y() - box.height() if tip.y() < centre.y() else tip.y()
            elif tip.x() > centre.x():
                align = Qt.AlignmentFlag.AlignLeft
                left = tip.x()
            else:
                align = Qt.AlignmentFlag.AlignRight
                left = tip.x() - box_width
            painter.setPen(TEXT if axis in rated else MUTED_TEXT)
            rect = QRectF(left, top, box_width, box.height())
            painter.drawText(rect, int(align | flags), label)

    def _paint_polygon(
        self,
        painter: QPainter,
        centre: QPointF,
        radius: float,
        values: list[float | None],
        colour: QColor,
    ) -> None:
        # Domains not assessed are left out: the shape joins the domains that were rated.
        points = [self._point(centre, radius, i, v) for i, v in enumerate(values) if v is not None]
        if not points:
            return
        fill = QColor(colour)
        fill.setAlpha(40)
        painter.setPen(QPen(colour, 2))
        painter.setBrush(fill)
        if len(points) > 2:
            painter.drawPolygon(QPolygonF(points))
        elif len(points) == 2:
            painter.drawLine(points[0], points[1])
        painter.setBrush(colour)
        for point in points:
            painter.drawEllipse(point, 3.5, 3.5)

    def _legend_height(self, metrics: QFontMetricsF) -> float:
        return (metrics.height() + 4) * len(self.series) + 6 if self.series else 0

    def _paint_legend(self, painter: QPainter, area: QRectF, metrics: QFontMetricsF) -> None:
        y = area.top() + 4
        for index, (name, _values) in enumerate(self.series):
            colour = series_colour(index, len(self.series))
            swatch = QRectF(area.left() + 4, y + metrics.height() / 2 - 5, 18, 10)
            fill = QColor(colour)
            fill.setAlpha(60)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(fill)
            painter.drawRect(swatch)
            painter.setPen(TEXT)
            painter.drawText(
                QRectF(swatch.right() + 8, y, area.width() - 40, metrics.height()),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                name,
            )
            y += metrics.height() + 4


def change_text(change: int | None) -> str:
    """A change with its sign: "+3", "−2" (a real minus), "±0", or "–" when unknown."""
    if change is None:
        return "–"
    if change == 0:
        return "±0"
    return f"+{change}" if change > 0 else f"−{abs(change)}"


class ComparisonPanel(QWidget):
    """The comparison tab: the radar of the domain means beside the table of every line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stack = QStackedLayout(self)
        self.empty_label = hint(_("No finished assessments yet."), self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack.addWidget(self.empty_label)
        content = QWidget(self)
        row = QHBoxLayout(content)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        self.radar = RadarChart(content)
        row.addWidget(self.radar, 2)
        column = QVBoxLayout()
        scale = _(
            "1 = extreme difficulties … 10 = no problem; the change compares the latest "
            "assessment with the first one."
        )
        column.addWidget(hint(scale, content))
        self.table = QTableWidget(content)
        leave_with_tab(self.table)
        self.table.setAccessibleName(_("Changes per rating line"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        column.addWidget(self.table)
        row.addLayout(column, 3)
        self._stack.addWidget(content)
        self.table.viewport().installEventFilter(self)
        # The other columns size to their contents later (when shown); follow them.
        self.table.horizontalHeader().sectionResized.connect(
            lambda column, _old, _new: column != 1 and self.fit_rating_column()
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_rating_column()
        return super().eventFilter(watched, event)

    def fit_rating_column(self) -> None:
        """The rating lines take the room the other columns leave, but never less than their
        title (Qt's stretched section would shrink below it at 200 % text); the table then
        scrolls sideways."""
        header = self.table.horizontalHeader()
        if header.count() < 2:
            return
        others = sum(header.sectionSize(c) for c in range(header.count()) if c != 1)
        title = header.sectionSizeFromContents(1).width()
        width = max(title, self.table.viewport().width() - others)
        if width != header.sectionSize(1):
            self.table.setColumnWidth(1, width)
            self.table.resizeRowsToContents()  # the lines wrap anew

    @property
    def is_empty(self) -> bool:
        return self._stack.currentIndex() == 0

    def set_changes(self, changes: Sequence[RatingChange]) -> None:
        if not changes:
            self._stack.setCurrentIndex(0)
            self.radar.set_series([], [])
            self.table.setRowCount(0)
            return
        self._stack.setCurrentIndex(1)
        self.radar.set_series(*domain_means(changes))
        rounds = max(len(c.later) for c in changes)
        headers = [_("Life domain"), _("Rating line"), AssessmentKind.FIRST.label]
        headers += [
            _("Re-assessment {n}").format(n=n) if rounds > 1 else AssessmentKind.RE_ASSESSMENT.label
            for n in range(1, rounds + 1)
        ]
        headers.append(_("Change"))
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(changes))
        previous = None
        for row, change in enumerate(changes):
            domain = change.domain.label if change.domain is not previous else ""
            previous = change.domain
            cells = [self._cell(domain), self._cell(change.label)]
            cells.append(self._value(change.first, change.first_on))
            later = list(change.later) + [None] * (rounds - len(change.later))
            cells += [self._value(p[1], p[0]) if p else self._cell("") for p in later]
            cells.append(self._change(change.change))
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, scaled(130))
        self.fit_rating_column()
        self.table.resizeRowsToContents()

    @staticmethod
    def _cell(text: str) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        return item

    @staticmethod
    def _value(value: int | None, on: date) -> QTableWidgetItem:
        item = QTableWidgetItem("–" if value is None else str(value))
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setToolTip(on.strftime("%d.%m.%Y"))
        return item

    @staticmethod
    def _change(change: int | None) -> QTableWidgetItem:
        item = QTableWidgetItem(change_text(change))
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if change:
            item.setForeground(BETTER if change > 0 else WORSE)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            item.setToolTip(_("better") if change > 0 else _("worse"))
        return item
