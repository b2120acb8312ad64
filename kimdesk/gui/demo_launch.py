"""Opening the demo caseload from a dialog: progress while it is generated, then its password."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from kimdesk.caseload import Caseload
from kimdesk.errors import KimdeskError
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.widgets import busy_cursor
from kimdesk.i18n import _


def open_demo_with_progress(
    parent: QWidget | None, path: Path, prompter: PrompterLike
) -> Caseload | None:
    """The open demo caseload, or None after telling the user why it could not be opened."""
    # Imported here, not at the top: kimdesk.demo loads the whole generator (cold start).
    from kimdesk.demo import DEMO_CASES, DEMO_PASSWORD, open_demo

    creating = not path.exists()
    progress_dialog: QProgressDialog | None = None
    if creating:
        progress_dialog = QProgressDialog(
            _("Creating the demo caseload with invented cases …"), "", 0, 0, parent
        )
        progress_dialog.setWindowTitle(_("Demo"))
        progress_dialog.setCancelButton(None)
        progress_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        progress_dialog.setMinimumDuration(0)
        progress_dialog.show()
        QApplication.processEvents()

    def report(done: int, total: int) -> None:
        if progress_dialog is not None and total > 0:
            progress_dialog.setMaximum(total)
            progress_dialog.setValue(min(done, total))
        QApplication.processEvents()

    try:
        with busy_cursor():
            caseload = open_demo(path, progress=report)
    except KimdeskError as error:
        prompter.error(parent, str(error))
        return None
    finally:
        if progress_dialog is not None:
            progress_dialog.close()
            progress_dialog.deleteLater()
    if creating:
        prompter.info(
            parent,
            _(
                "The demo caseload was created with {n} invented cases – none of them is a real "
                "person.\n\nIts password:  {password}"
            ).format(n=DEMO_CASES, password=DEMO_PASSWORD),
            title=_("Demo"),
        )
    return caseload
