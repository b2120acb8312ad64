"""The overview on the 1st of a month reminds of the previous month's report, also in a
caseload created that day with the previous month's work, and the reminder's button opens
the report dialog on that month."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kimdesk.caseload import Caseload
from kimdesk.demo.generator import fill_demo
from kimdesk.gui.main_window import MainWindow
from kimdesk.gui.report_dialog import ReportDialog
from tests.conftest import PASSWORD, PROFILE

FIRST = date(2026, 12, 1)


@pytest.fixture
def demo_of_the_first(tmp_path: Path):  # type: ignore[no-untyped-def]
    caseload = Caseload.create(tmp_path / "demo.kimdesk", PASSWORD, PROFILE, today=lambda: FIRST)
    fill_demo(caseload, cases=12, seed=3)
    yield caseload
    caseload.close()


def test_the_overview_on_the_first_reminds_of_last_months_report(
    qtbot, demo_of_the_first: Caseload, prompter, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # the dialog's default folder
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    window = MainWindow(demo_of_the_first, prompter)
    qtbot.addWidget(window)
    window.show()
    dashboard = window.dashboard
    assert [label.text() for label in dashboard.report_labels] == [
        "Monatsbericht November 2026 ist fällig"
    ]
    assert dashboard.report_button.objectName() == "primary"

    opened: list[ReportDialog] = []

    def look_and_close() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ReportDialog)]
        opened.extend(d for d in dialogs if d.isVisible())
        for dialog in opened:
            dialog.reject()

    QTimer.singleShot(0, look_and_close)  # the dialog runs modally (exec)
    dashboard.report_button.click()
    assert [dialog.month for dialog in opened] == ["2026-11"]
    window.close()
