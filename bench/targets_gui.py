#!/usr/bin/env python3
"""The in-process figures of the target benchmark, on one caseload copy, printed as JSON.

    KIMDESK_PASSWORD=PW .venv/bin/python bench/targets_gui.py --db COPY.kimdesk [--runs 3] [--save]

Each run unlocks the caseload as the application does after its unlock dialog and then, on the
freshly opened caseload, computes the overview and loads the case list (``cases()`` and the
list model's ``set_rows``), so that nothing is served from an earlier run's cache. With
``--save`` it then builds the real MainWindow (offscreen), shows one open case and saves
contacts alternately the way the contact dialog does (its save → store → case view and lists
updated, events processed) and with ``caseload.add_contact`` alone. CPU time of this process
(``time.process_time``), minimum of the runs after a first one that is not counted (it pays
for lazy imports); the copy gains the saved contacts.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from kimdesk.audit import unlock_caseload  # noqa: E402
from kimdesk.caseload import Caseload  # noqa: E402
from kimdesk.domain.records import Contact  # noqa: E402
from kimdesk.domain.vocabulary import LifeDomain, Setting  # noqa: E402


def cpu_ms(work: Callable[[], object]) -> tuple[float, object]:
    started = time.process_time()
    result = work()
    return (time.process_time() - started) * 1000, result


def both_ms(work: Callable[[], object]) -> tuple[float, float]:
    """CPU and wall milliseconds (the wall time includes the commit's wait for the disk)."""
    wall = time.perf_counter()
    cpu, _ = cpu_ms(work)
    return cpu, (time.perf_counter() - wall) * 1000


def growth_figures(path: Path, password: str, runs: int) -> dict[str, float]:
    """unlock, overview and case list load on a freshly unlocked caseload; minimum of runs."""
    from kimdesk.gui.case_list import CaseListPage

    figures: dict[str, list[float]] = {"unlock_ms": [], "overview_ms": [], "case_list_ms": []}
    for _run in range(runs + 1):  # the first run pays for lazy imports: not counted
        ms, opened = cpu_ms(lambda: unlock_caseload(path, password))
        caseload: Caseload = opened  # type: ignore[assignment]
        figures["unlock_ms"].append(ms)
        try:
            ms, _ = cpu_ms(caseload.overview)
            figures["overview_ms"].append(ms)
            page = CaseListPage()

            def load(page: CaseListPage = page, caseload: Caseload = caseload) -> None:
                page.set_rows(caseload.cases(), caseload.today)

            ms, _ = cpu_ms(load)
            figures["case_list_ms"].append(ms)
            page.deleteLater()
        finally:
            caseload.close()
        QApplication.processEvents()
    return {name: min(values[1:]) for name, values in figures.items()}


def save_figures(path: Path, password: str, runs: int) -> dict[str, float]:
    """Saving one contact through the GUI and through the store alone; minimum of runs."""
    from kimdesk.gui.main_window import MainWindow
    from kimdesk.gui.screenshots import SilentPrompter

    caseload = unlock_caseload(path, password)
    window = MainWindow(caseload, SilentPrompter())
    try:
        window.idle_watch.set_minutes(0)
        window.show()
        QApplication.processEvents()
        case_id = next(row.id for row in caseload.cases() if row.phase.is_open)
        window.show_case(case_id)
        QApplication.processEvents()
        gui, store, gui_wall, store_wall = [], [], [], []
        for run in range(runs + 1):  # the first run pays for lazy imports: not counted
            dialog = window.case_view.record_contact()
            if dialog is None:
                raise RuntimeError("the case view offers no contact dialog")
            QApplication.processEvents()

            def save(dialog: object = dialog) -> None:
                dialog.save()  # type: ignore[attr-defined]  # what Ctrl+Return and "Save" call
                QApplication.processEvents()  # the case view and the lists update

            ms, wall = both_ms(save)
            gui.append(ms)
            gui_wall.append(wall)
            if dialog.contact_id is None:
                raise RuntimeError("the contact dialog did not store the contact")
            contact = Contact(
                case_id,
                caseload.today,
                30 + run,
                Setting.PHONE,
                frozenset({LifeDomain.HEALTH}),
                note="Benchmark",
            )
            ms, wall = both_ms(lambda contact=contact: caseload.add_contact(contact))
            store.append(ms)
            store_wall.append(wall)
        return {
            "gui_contact_ms": min(gui[1:]),
            "store_contact_ms": min(store[1:]),
            "gui_contact_wall_ms": min(gui_wall[1:]),
            "store_contact_wall_ms": min(store_wall[1:]),
        }
    finally:
        window.idle_watch.stop()
        window.hide()
        window.deleteLater()
        QApplication.processEvents()
        caseload.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--password", default=os.environ.get("KIMDESK_PASSWORD"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--save", action="store_true", help="also time saving a contact")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication([])  # noqa: F841 - kept alive
    figures = growth_figures(args.db, args.password, args.runs)
    if args.save:
        figures |= save_figures(args.db, args.password, args.runs)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
