"""Locking after idle time: a laptop left open on an outreach visit must not show the caseload.

Any key press, click, wheel turn or mouse movement in the application counts as activity.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
CHECK_INTERVAL_MS = 15_000


class IdleWatch(QObject):
    """Emits ``idle`` once when there was no input for the set number of minutes."""

    idle = Signal()

    def __init__(
        self, parent: QObject | None = None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._minutes = 0
        self._last_activity = clock()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        """0 switches the lock off."""
        self._minutes = max(0, int(minutes))
        self._last_activity = self._clock()
        if self._minutes:
            self._timer.start()
        else:
            self._timer.stop()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def check(self) -> None:
        if self._minutes and self._clock() - self._last_activity >= self._minutes * 60:
            self._timer.stop()
            self.idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in ACTIVITY:
            self._last_activity = self._clock()
        return False
