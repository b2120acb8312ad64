"""Hilfe → Protokoll: the audit log read-only, filtered by kind and days, with the chain's
state on top; the GUI's unlock and PDF saving write their entries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractItemView

from kimdesk.audit import PDF_SAVED, UNLOCKED
from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.gui.audit_viewer import AuditViewer
from kimdesk.gui.main_window import MainWindow
from kimdesk.gui.print_dialog import PrintDialog
from kimdesk.gui.unlock import UnlockDialog
from kimdesk.store.audit_chain import logged_entries
from tests.conftest import PASSWORD, PROFILE, make_person


def caseload_over_days(path: Path) -> Caseload:
    """Entries on 2, 10 and 20 November 2026; 'today' is the 23rd."""
    current = {"day": date(2026, 11, 2)}
    caseload = Caseload.create(path, PASSWORD, PROFILE, today=lambda: current["day"])
    current["day"] = date(2026, 11, 10)
    case = caseload.open_case(caseload.add_person(make_person("Haddad", "Amal")))
    current["day"] = date(2026, 11, 20)
    caseload.move_to(case.id, Phase.INTAKE)
    caseload.update_profile(PROFILE)
    current["day"] = date(2026, 11, 23)
    return caseload


def column(viewer: AuditViewer, index: int) -> list[str]:
    return [viewer.table.item(row, index).text() for row in range(viewer.table.rowCount())]


def test_the_viewer_filters_by_kind_and_days(qtbot, db_path: Path) -> None:
    caseload = caseload_over_days(db_path)
    try:
        viewer = AuditViewer(caseload)
        qtbot.addWidget(viewer)
        assert viewer.report.ok and viewer.chain_label.objectName() == "chainOk"
        assert "4 Einträge" in viewer.chain_label.text()
        assert column(viewer, 1) == [
            "Einstellungen geändert",
            "Phase gewechselt",
            "Fall eröffnet",
            "Caseload angelegt",
        ]
        assert column(viewer, 0)[-1].startswith("02.11.2026 ")
        assert column(viewer, 2)[2] == "2026-0001"
        assert viewer.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers

        viewer.kind_combo.setCurrentIndex(viewer.kind_combo.findText("Fall eröffnet"))
        assert column(viewer, 1) == ["Fall eröffnet"]
        viewer.kind_combo.setCurrentIndex(0)  # all kinds
        viewer.since_edit.setDate(QDate(2026, 11, 5))
        viewer.until_edit.setDate(QDate(2026, 11, 15))
        assert column(viewer, 1) == ["Fall eröffnet"]
        assert viewer.count_label.text() == "1 von 4 Einträgen angezeigt"
        assert "Haddad" not in " ".join(column(viewer, 3))
    finally:
        caseload.close()


def test_the_viewer_says_when_the_log_was_changed(qtbot, caseload: Caseload) -> None:
    caseload.db.execute("UPDATE audit_log SET at = '1999-01-01T09:00:00' WHERE id = 1")
    viewer = AuditViewer(caseload)
    qtbot.addWidget(viewer)
    assert not viewer.report.ok and viewer.chain_label.objectName() == "errorMessage"
    assert "Eintrag 1 vom 01.01.1999" in viewer.chain_label.text()


def test_help_menu_opens_the_log(qtbot, caseload: Caseload, prompter) -> None:
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    assert window.audit_action.text() == "&Protokoll …"
    assert window.audit_action in window.menuBar().actions()[-1].menu().actions()


def test_the_unlock_dialog_logs_the_failed_attempts(qtbot, db_path: Path, prompter) -> None:
    Caseload.create(db_path, PASSWORD, PROFILE).close()
    dialog = UnlockDialog(db_path, prompter)
    qtbot.addWidget(dialog)
    for _ in range(3):
        dialog.password_edit.setText("falsches-passwort")
        dialog.unlock()
    dialog.password_edit.setText(PASSWORD)
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.caseload is not None
    try:
        entry = logged_entries(dialog.caseload.db)[-1]
    finally:
        dialog.caseload.close()
    assert (entry.action, entry.detail) == (UNLOCKED, "failed_attempts=3")


def test_saving_a_pdf_with_the_cases_data_is_logged(
    qtbot, caseload: Caseload, prompter, tmp_path: Path
) -> None:
    case = caseload.open_case(caseload.add_person(make_person("Haddad", "Amal")))
    caseload.move_to(case.id, Phase.INTAKE)
    dialog = PrintDialog(caseload, prompter, case_id=case.id, document_id="case-file")
    qtbot.addWidget(dialog)
    assert dialog.save_to(tmp_path / "akte.pdf")
    entry = logged_entries(caseload.db)[-1]
    expected = (PDF_SAVED, case.case_number, "case-file")
    assert (entry.action, entry.case_number, entry.detail) == expected
    blank = PrintDialog(caseload, prompter)
    qtbot.addWidget(blank)
    assert blank.save_to(tmp_path / "leer.pdf")
    assert logged_entries(caseload.db)[-1] == entry  # a blank form holds no one's data
