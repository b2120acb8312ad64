#!/usr/bin/env python3
"""One cold start, run in a fresh process: prints "painted CPU" once the main window's first
paint is done, CPU being the seconds of CPU the process has used since it was spawned (user
and system, all threads), then exits at once. The parent times spawn → that line as well.

    KIMDESK_PASSWORD=PW .venv/bin/python bench/targets_cold.py kimdesk --db COPY.kimdesk
    .venv/bin/python bench/targets_cold.py bare

``kimdesk`` goes the application's way (kimdesk.cli's imports, the GUI check, the Qt set-up,
the form definitions, unlocking as after the unlock dialog, the MainWindow); ``bare`` is the
baseline: PySide6, a QApplication and a QMainWindow holding a QTableWidget of a few rows.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TIMEOUT_MS = 120_000
_KEPT: list[object] = []  # the application and its translators live until the exit


def kimdesk_window(db: Path, password: str) -> object:
    from kimdesk.cli_parser import build_parser

    # the entry point's work before the GUI (kimdesk.cli.main): its imports and the parser
    # of every command
    build_parser().parse_args(["--db", str(db)])
    from kimdesk.gui.environment import check_gui_environment

    problem = check_gui_environment()
    if problem:
        raise SystemExit(problem)
    from kimdesk.gui.session import create_application, install_qt_translations

    app = create_application()
    _KEPT.extend([app, install_qt_translations(app)])  # as start() does
    from kimdesk.audit import unlock_caseload
    from kimdesk.forms.loader import default_forms
    from kimdesk.gui.prompter import Prompter

    default_forms()  # Session.begin checks forms/ before the unlock dialog
    caseload = unlock_caseload(db, password)
    from kimdesk.gui.main_window import MainWindow

    return MainWindow(caseload, Prompter())


def bare_window() -> object:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

    _KEPT.append(QApplication.instance() or QApplication([]))
    window = QMainWindow()
    window.resize(1240, 780)
    table = QTableWidget(5, 4, window)
    for row in range(5):
        for column in range(4):
            table.setItem(row, column, QTableWidgetItem(f"{row}:{column}"))
    window.setCentralWidget(table)
    return window


def wait_for_first_paint(window: object) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert app is not None

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
            if event.type() == QEvent.Type.Paint and watched is window:
                # the children are painted in the same flush; quit once it is through
                QTimer.singleShot(0, app.quit)
            return False

    watcher = FirstPaint()
    window.installEventFilter(watcher)  # type: ignore[attr-defined]
    QTimer.singleShot(TIMEOUT_MS, lambda: app.exit(1))
    window.show()  # type: ignore[attr-defined]
    if app.exec() != 0:
        raise SystemExit("no paint event within the time-out")


def time_to_paint(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds the child used up to its first paint (its own report) and wall seconds from
    spawning ``command`` to its "painted" line."""
    import subprocess
    import time

    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert child.stdout is not None
    seen: list[bytes] = []
    for line in child.stdout:
        if line.startswith(b"painted "):
            seconds = time.perf_counter() - started
            cpu = float(line.split()[1])
            break
        seen.append(line)
    else:
        child.wait()
        raise RuntimeError(
            f"the cold start ({command[2]}) ended without painting ({child.returncode}):\n"
            + b"".join(seen).decode(errors="replace")[-3000:]
        )
    child.stdout.read()
    child.wait()
    return cpu, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("kimdesk", "bare"))
    parser.add_argument("--db", type=Path)
    parser.add_argument("--password", default=os.environ.get("KIMDESK_PASSWORD"))
    args = parser.parse_args(argv)
    if args.kind == "kimdesk":
        window = kimdesk_window(args.db, args.password)
    else:
        window = bare_window()
    wait_for_first_paint(window)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"painted {usage.ru_utime + usage.ru_stime:.4f}", flush=True)
    os._exit(0)  # the parent has its figure; tearing down is not part of the start


if __name__ == "__main__":
    raise SystemExit(main())
