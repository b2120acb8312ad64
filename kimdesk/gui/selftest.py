"""A smoke test of an installed kimdesk on a real caseload: the main window, the case list and
every wizard are built once, offscreen, with timings; the overview is computed, and saving a
contact is timed on a throw-away copy. Nothing is written to the caseload.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication

from kimdesk.caseload import Caseload
from kimdesk.domain.duplicates import possible_duplicates
from kimdesk.domain.name_search import searchable
from kimdesk.domain.records import CaseRow
from kimdesk.gui.main_window import MainWindow
from kimdesk.gui.screenshots import SilentPrompter
from kimdesk.gui.wizard import FormWizard

T = TypeVar("T")


def _timed(timings: dict[str, float], name: str, work: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = work()
    QApplication.processEvents()
    timings[name] = round((time.perf_counter() - started) * 1000, 1)
    return result


def run_selftest(caseload: Caseload, *, password: str | None = None) -> dict[str, Any]:
    """Timings in milliseconds and what was checked; raises on any failure. With the
    caseload's ``password``, saving a contact is timed too, on a copy."""
    prompter = SilentPrompter()
    timings: dict[str, float] = {}
    audit_before = len(caseload.audit_log())
    window = _timed(timings, "main_window_ms", lambda: MainWindow(caseload, prompter))
    window.idle_watch.set_minutes(0)
    window.show()
    # The case list is loaded when its page is first shown (kimdesk.gui.caseload_views):
    # timed is showing it, as a click on "Cases" does.
    _timed(timings, "case_list_ms", lambda: window.show_page(window.case_list))
    rows = caseload.cases()
    wizards: dict[str, float] = {}
    if rows:
        case_id = rows[0].id
        # the name rules with their libraries (transliteration tables, edit distance): a
        # frozen build that lacks a data file fails here, not in front of a case manager
        found = _timed(timings, "duplicate_check_ms", lambda: _duplicates_of(rows[0], rows))
        if rows[0].person_id not in found:
            raise RuntimeError("the duplicate check does not find a recorded person")
        for definition in caseload.forms:
            wizard = _timed(
                wizards,
                definition.key,
                lambda key=definition.key: FormWizard(caseload, case_id, key, prompter=prompter),
            )
            wizard.show()
            QApplication.processEvents()
            wizard.discard_changes()
            wizard.close()
            wizard.deleteLater()
    window.idle_watch.stop()
    window.hide()
    window.deleteLater()
    QApplication.processEvents()
    _timed(timings, "overview_ms", caseload.overview)
    if password is not None and any(row.phase.is_open for row in rows):
        timings["save_contact_ms"] = _save_contact_on_copy(caseload, password, prompter)
    if len(caseload.audit_log()) != audit_before:
        raise RuntimeError("the self-test changed the caseload")
    return {
        "ok": True,
        "cases": len(rows),
        "forms": len(wizards),
        "timings_ms": {**timings, "wizards": wizards},
    }


def _save_contact_on_copy(caseload: Caseload, password: str, prompter: SilentPrompter) -> float:
    """Milliseconds of saving one contact as the contact dialog does (store, then the case
    view and the lists updated), in a main window on an encrypted throw-away copy."""
    with tempfile.TemporaryDirectory(prefix="kimdesk-selftest-") as folder:
        copy_path = Path(folder) / "selftest.kimdesk"
        caseload.db.export_to(copy_path)  # same key; deleted with the folder
        copy = Caseload.open(copy_path, password, today=lambda: caseload.today)
        try:
            window = MainWindow(copy, prompter)
            window.idle_watch.set_minutes(0)
            window.show()
            case_id = next(row.id for row in copy.cases() if row.phase.is_open)
            window.show_case(case_id)
            QApplication.processEvents()
            dialog = window.case_view.record_contact()
            if dialog is None:
                raise RuntimeError("the case view offers no contact dialog")
            QApplication.processEvents()
            timings: dict[str, float] = {}
            _timed(timings, "save", dialog.save)  # what "Save" and Ctrl+Return call
            if dialog.contact_id is None:
                raise RuntimeError("saving a contact failed")
            window.idle_watch.stop()
            window.hide()
            window.deleteLater()
            QApplication.processEvents()
        finally:
            copy.close()
    return timings["save"]


def _duplicates_of(row: CaseRow, rows: list[CaseRow]) -> set[int]:
    """The persons the duplicate check finds for ``row``'s own name (itself among them),
    with a birth date so that the similar-name comparison runs too, and the search keys."""
    for other in rows:
        searchable(other.surname, other.given_names)
    found = possible_duplicates(
        row.surname, row.given_names, date(1990, 1, 1), rows, lambda _person_id: None
    )
    return {duplicate.person_id for duplicate in found}
