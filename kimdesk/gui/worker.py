"""Long work off the GUI thread, with a progress dialog, while the window stays responsive.

The caseload's connection may be used from the worker because the dialog is window-modal:
the GUI thread does not touch the database until the work is done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEventLoop, Qt, QThread
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")


class _Work(QThread, Generic[T]):
    def __init__(self, work: Callable[[], T]) -> None:
        super().__init__()
        self._work = work
        self.result: T | None = None
        self.error: BaseException | None = None

    def run(self) -> None:  # in the worker thread
        try:
            self.result = self._work()
        except BaseException as error:  # noqa: BLE001 - handed back to the GUI thread
            self.error = error


def run_with_progress(parent: QWidget | None, text: str, work: Callable[[], T]) -> T:
    """Run ``work`` in a worker thread behind a busy progress dialog; its result, or its
    exception raised again in the GUI thread."""
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    thread: _Work[T] = _Work(work)
    loop = QEventLoop()
    thread.finished.connect(loop.quit)
    thread.start()
    if thread.isRunning():
        loop.exec()
    thread.wait()
    dialog.close()
    dialog.deleteLater()
    if thread.error is not None:
        raise thread.error
    return thread.result  # type: ignore[return-value]
