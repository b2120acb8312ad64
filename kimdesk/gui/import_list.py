"""Importing a caseload list from the window: choose the file, import it behind a progress
bar, show what was imported or why nothing was.

The import runs in a worker thread; the caseload's connection may be used there because the
progress dialog is window-modal: the GUI thread does not touch the database meanwhile.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QWidget

from kimdesk.caseload import Caseload
from kimdesk.gui.prompter import PrompterLike
from kimdesk.i18n import _
from kimdesk.importer import ImportReport, format_report, import_file

# A message box holds a screenful of problems; the command line lists them all.
SHOWN_PROBLEMS = 15


class _ImportWork(QThread):
    progressed = Signal(int, int)

    def __init__(self, caseload: Caseload, path: Path, *, skip_invalid: bool) -> None:
        super().__init__()
        self._caseload, self._path, self._skip_invalid = caseload, path, skip_invalid
        self.report: ImportReport | None = None
        self.error: BaseException | None = None

    def run(self) -> None:  # in the worker thread
        try:
            self.report = import_file(
                self._caseload,
                self._path,
                skip_invalid=self._skip_invalid,
                progress=self.progressed.emit,
            )
        except BaseException as error:  # noqa: BLE001 - handed back to the GUI thread
            self.error = error


class ImportProgressDialog(QProgressDialog):
    """Busy while the list is read and checked, then counts the persons written."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(_("Importing the caseload list …"), "", 0, 0, parent)
        self.setWindowTitle(_("Import caseload list"))
        self.setCancelButton(None)  # a rollback of a long import would take as long again
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoClose(False)  # closed when the commit is done, not at the last row
        self.setAutoReset(False)
        self.setMinimumDuration(300)
        self.steps: list[tuple[int, int]] = []  # what was shown, for the tests

    @Slot(int, int)
    def show_progress(self, done: int, total: int) -> None:
        self.steps.append((done, total))
        if self.maximum() != total:
            self.setRange(0, total)
        self.setValue(done)


def import_with_progress(
    parent: QWidget | None,
    caseload: Caseload,
    path: Path,
    *,
    skip_invalid: bool = False,
    dialog: ImportProgressDialog | None = None,
) -> ImportReport:
    """Import in a worker thread behind a progress dialog; its exceptions raised here."""
    shown = dialog or ImportProgressDialog(parent)
    work = _ImportWork(caseload, path, skip_invalid=skip_invalid)
    # The dialog lives in the GUI thread: the worker's reports reach it queued.
    work.progressed.connect(shown.show_progress, Qt.ConnectionType.QueuedConnection)
    loop = QEventLoop()
    work.finished.connect(loop.quit)
    work.start()
    if work.isRunning():
        loop.exec()
    work.wait()
    QApplication.processEvents()  # the last queued reports, before the dialog goes
    shown.close()
    if dialog is None:
        shown.deleteLater()
    if work.error is not None:
        raise work.error
    assert work.report is not None
    return work.report


def choose_list(parent: QWidget | None) -> Path | None:
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _("Caseload list to import"), "", _("Caseload lists (*.csv *.xlsx)")
    )
    return Path(chosen) if chosen else None


def import_list(
    parent: QWidget | None, caseload: Caseload, prompter: PrompterLike, path: Path
) -> ImportReport:
    """Import ``path``; when only some rows are invalid, offer to import the valid ones."""
    title = _("Import caseload list")
    report = import_with_progress(parent, caseload, path)
    some_valid = report.errors and report.invalid_rows < report.rows_read
    if not report.imported and not report.file_errors and some_valid:
        text = format_report(report, max_errors=SHOWN_PROBLEMS, option_hint=False)
        question = _("Import only the valid rows?")
        if not prompter.question(parent, f"{text}\n\n{question}", title=title):
            return report
        report = import_with_progress(parent, caseload, path, skip_invalid=True)
    text = format_report(report, max_errors=SHOWN_PROBLEMS, option_hint=False)
    if report.imported:
        prompter.info(parent, text, title=title)
    else:
        prompter.error(parent, text, title=title)
    return report
