"""The application's start in a fresh interpreter, for tests/gui/test_cold_start_imports.py.

Started with the caseload's path (its password in KIMDESK_TEST_PASSWORD) and a folder for
the files it writes. It unlocks the caseload through the real session, paints the main
window and notes which of the libraries only printing and exporting need were loaded by then,
with the lines of kimdesk that imported each; then it prints a PDF, opens the print preview,
exports the month's report and runs the duplicate check, noting that each library came with
its first use and that the work succeeded. Prints one line of JSON.
"""

from __future__ import annotations

import builtins
import json
import os
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
PACKAGE = str(REPO / "kimdesk")

# Only printing, the print preview, the month's export and the duplicate check need these.
LAZY = (
    "openpyxl",
    "reportlab",
    "msoffcrypto",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtPrintSupport",
    "arabic_reshaper",
    "bidi",
    "PIL",
    "rapidfuzz",
    "lxml",
)
TODAY = date(2026, 11, 23)
MONTH = "2026-11"

# The lines of kimdesk on the stack when each library was first loaded.
chains: dict[str, list[str]] = {}
_plain_import = builtins.__import__


def _recording_import(name: str, *args: Any, **kwargs: Any) -> Any:
    known = len(sys.modules)
    module = _plain_import(name, *args, **kwargs)
    if len(sys.modules) != known:
        for lazy in LAZY:
            if lazy not in chains and lazy in sys.modules:
                chains[lazy] = [
                    f"{Path(frame.filename).relative_to(REPO)}:{frame.lineno}: {frame.line}"
                    for frame in traceback.extract_stack()[:-1]
                    if frame.filename.startswith(PACKAGE)
                ]
    return module


builtins.__import__ = _recording_import

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from kimdesk.gui.session import Session, create_application  # noqa: E402


class Prompter:
    """Answers no (nothing is changed behind the test's back); every message is kept."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def _note(self, kind: str) -> Callable[..., bool]:
        def note(parent: object, text: str, **_kwargs: object) -> bool:
            self.messages.append(f"{kind}: {text}")
            return False

        return note

    def __getattr__(self, kind: str) -> Callable[..., bool]:
        return self._note(kind)


def loaded() -> dict[str, list[str]]:
    return {lazy: chains.get(lazy, []) for lazy in LAZY if lazy in sys.modules}


def type_password_when_asked(app: QApplication, password: str) -> None:
    """The unlock dialog is modal: fill it in from inside its own event loop."""
    dialog = app.activeModalWidget()
    if dialog is None or not hasattr(dialog, "password_edit"):
        QTimer.singleShot(10, lambda: type_password_when_asked(app, password))
        return
    dialog.password_edit.setText(password)
    dialog.unlock()


def first_uses(window: Any, out: Path, prompter: Prompter) -> dict[str, Any]:
    """Each library loads with the work that needs it, and the work is done."""
    from kimdesk.caseload import Caseload
    from kimdesk.domain.records import PersonData
    from kimdesk.gui.new_case import NewCaseDialog
    from kimdesk.gui.print_dialog import PrintDialog
    from kimdesk.gui.report_dialog import ReportDialog

    caseload = window.caseload
    case = caseload.cases()[0]
    uses: dict[str, Any] = {}

    printing = PrintDialog(caseload, prompter, window, case_id=case.id, document_id="comparison")
    pdf = out / "comparison.pdf"
    uses["pdf saved"] = printing.save_to(pdf) and pdf.read_bytes().startswith(b"%PDF")
    uses["after the pdf"] = sorted(loaded())

    previewing = PrintDialog(caseload, prompter, window, document_id="consent", language="ar")
    preview = previewing.open_preview()
    uses["preview made"] = preview is not None
    uses["after the preview"] = sorted(loaded())

    # The export's month is over on the test's day, whatever the clock says.
    dated = Caseload.open(
        caseload.db.path, os.environ["KIMDESK_TEST_PASSWORD"], today=lambda: TODAY
    )
    try:
        report = ReportDialog(dated, prompter, window, month=MONTH, folder=out)
        report.password_edit.setText("Bericht-Passwort-2026!")
        report.repeat_edit.setText("Bericht-Passwort-2026!")
        uses["report saved"] = report.export(send=False) and report.out_path().is_file()
    finally:
        dated.close()
    uses["after the report"] = sorted(loaded())

    new_case = NewCaseDialog(caseload, prompter, window)
    person = PersonData(surname=case.surname, given_names=case.given_names)
    uses["duplicates found"] = len(new_case.possible_duplicates(person)) >= 1
    uses["after the duplicate check"] = sorted(loaded())
    return uses


def main() -> int:
    caseload_path, out = Path(sys.argv[1]), Path(sys.argv[2])
    # kimdesk.cli.main builds the parser of every command before it starts the GUI: the
    # commands' modules are loaded at every start, so they are part of this one.
    from kimdesk.cli_parser import build_parser

    build_parser().parse_args(["--db", str(caseload_path)])
    app = create_application(sys.argv[:1])
    prompter = Prompter()
    session = Session(app, caseload_path, prompter, demo_path=out / "demo.kimdesk")
    QTimer.singleShot(0, lambda: type_password_when_asked(app, os.environ["KIMDESK_TEST_PASSWORD"]))
    if not session.begin() or session.window is None:
        print(json.dumps({"error": "not unlocked", "messages": prompter.messages}))
        return 1
    window = session.window
    for _round in range(3):
        app.processEvents()
    painted = not window.grab().isNull()
    at_start = loaded()
    result = {
        "painted": painted,
        "at_start": at_start,
        "first_use": first_uses(window, out, prompter),
        "messages": prompter.messages,
    }
    print(json.dumps(result))
    window.idle_watch.stop()
    session.release_lock()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
