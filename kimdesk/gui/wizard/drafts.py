"""Keeping the input of a form: a draft saved a moment after the last change, or at once.

A field whose value fails the check is left out of the draft and marked, so one wrong date
never costs the rest of the input.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from kimdesk.domain.records import FormInstance
from kimdesk.errors import KimdeskError
from kimdesk.forms.answers import AnswerError, AnswerProblem
from kimdesk.gui.wizard.pages import without_problems
from kimdesk.i18n import _

log = logging.getLogger(__name__)

AUTOSAVE_MS = 600

Answers = dict[str, Any]


class DraftKeeper(QObject):
    """``note_change()`` after every edit; ``saved`` carries the id of the stored draft."""

    saved = Signal(int)

    def __init__(
        self,
        *,
        answers: Callable[[], Answers],
        store: Callable[[Answers], FormInstance],
        show_problems: Callable[[tuple[AnswerProblem, ...]], None],
        status: QLabel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._answers = answers
        self._store = store
        self._show_problems = show_problems
        self._status = status
        self._dirty = False
        self._baseline: Answers = {}
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_now)

    def note_change(self) -> None:
        self._dirty = True
        self.timer.start()

    def pending(self) -> bool:
        """Input not stored yet: an edit since the last save, or answers set by the program
        (``set_value`` is no edit, yet must not be lost either)."""
        return self._dirty or self.timer.isActive() or self._answers() != self._baseline

    def settled(self) -> None:
        """The answers as they are now count as kept (loaded, finished, or discarded)."""
        self.timer.stop()
        self._dirty = False
        self._baseline = self._answers()

    def save_now(self) -> bool:
        """Store the answers as a draft; True if all of them were stored."""
        self.timer.stop()
        answers = self._answers()
        complete = True
        try:
            instance = self._store(answers)
        except AnswerError as error:
            complete = False
            self._show_problems(error.problems)
            try:
                instance = self._store(without_problems(answers, error.problems))
            except KimdeskError as again:
                return self._failed(again)
        except KimdeskError as error:
            return self._failed(error)
        self._dirty = False
        self._baseline = answers
        time = datetime.now().strftime("%H:%M:%S")
        if complete:
            text = _("Draft saved at {time}").format(time=time)
        else:
            text = _("Draft saved at {time}; the fields marked red were left out.").format(
                time=time
            )
        self._show_status(text, error=not complete)
        self.saved.emit(instance.id or 0)
        return complete

    def _failed(self, error: KimdeskError) -> bool:
        # The message is the caseload's; it never quotes field values.
        log.info("a draft was not saved (%s)", type(error).__name__)
        self._show_status(_("Draft not saved: {reason}").format(reason=error), error=True)
        return False

    def _show_status(self, text: str, *, error: bool) -> None:
        self._status.setProperty("error", error)
        self._status.setText(text)
        self._status.style().unpolish(self._status)
        self._status.style().polish(self._status)
