"""Ctrl+L locks from anywhere: from the main window, from a field of an open wizard (a window
of its own, window-modal) and from an input dialog of the case view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.gui.main_window import MainWindow
from tests.conftest import PASSWORD, make_person


def open_window(qtbot, caseload: Caseload, prompter) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def press_ctrl_l(qtbot, field: QWidget, window: MainWindow) -> list[bool]:  # type: ignore[no-untyped-def]
    field.window().activateWindow()
    qtbot.waitUntil(field.window().isActiveWindow)
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    with qtbot.waitSignal(window.closed, timeout=2000) as signal:
        qtbot.keyClick(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    return list(signal.args)


def test_ctrl_l_locks_from_a_field_of_an_open_wizard(
    qtbot, db_path, caseload: Caseload, prompter
) -> None:
    case = caseload.open_case(caseload.add_person(make_person()))
    window = open_window(qtbot, caseload, prompter)
    window.open_form(case.id, "screening")
    wizard = window.wizard
    assert wizard is not None and wizard.isWindow()
    editor = wizard.editor("urgent_concern")
    editor.set_value("Mietschulden")
    field = editor.focusProxy() or editor
    assert press_ctrl_l(qtbot, field, window) == [True]
    assert window.caseload is None
    reopened = Caseload.open(db_path, PASSWORD)  # what was typed is kept as a draft
    try:
        [draft] = reopened.drafts()
        assert reopened.form_instance(draft.instance_id).answers["urgent_concern"] == "Mietschulden"
    finally:
        reopened.close()


def test_ctrl_l_locks_from_the_contact_dialog(qtbot, caseload: Caseload, prompter) -> None:
    case = caseload.open_case(caseload.add_person(make_person()))
    caseload.move_to(case.id, Phase.INTAKE)
    window = open_window(qtbot, caseload, prompter)
    window.show_case(case.id)
    dialog = window.case_view.record_contact()
    assert dialog is not None
    assert press_ctrl_l(qtbot, dialog.minutes_spin, window) == [True]
    assert window.caseload is None


def test_ctrl_l_locks_from_the_main_window(qtbot, caseload: Caseload, prompter) -> None:
    window = open_window(qtbot, caseload, prompter)
    assert press_ctrl_l(qtbot, window.navigation, window) == [True]
