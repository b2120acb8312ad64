"""The main window: title, navigation between the pages, idle lock, closing the caseload."""

from __future__ import annotations

import pytest
import sqlcipher3
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from kimdesk.caseload import Caseload
from kimdesk.domain.records import Profile
from kimdesk.gui.main_window import MainWindow
from kimdesk.i18n import _
from tests.conftest import PASSWORD, PROFILE, make_person


def test_title_and_the_overview_first(qtbot, caseload: Caseload, prompter) -> None:
    for surname in ("Yılmaz", "Nowak", "Haddad"):
        caseload.open_case(caseload.add_person(make_person(surname)))
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == _("kimdesk – {name}").format(name=PROFILE.case_manager)
    assert window.stack.currentWidget() is window.dashboard
    assert window.case_count == 3
    # The case list is loaded when it is first shown, not for the overview (cold start).
    table = window.case_list.findChild(QTableView)
    assert table.model().rowCount() == 0
    window.show_page(window.case_list)
    assert table.model().rowCount() == 3
    window.close()


def test_the_pages_are_reached_by_keyboard_and_a_case_opens(
    qtbot, caseload: Caseload, prompter
) -> None:
    case = caseload.open_case(caseload.add_person(make_person("Коваленко", "Олена")))
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.case_list
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.services_page
    with qtbot.waitSignal(window.case_list.open_case):
        window._go(1)
        window.case_list.open_case.emit(case.id)
    assert window.stack.currentWidget() is window.case_view
    window.close()


def test_idle_time_locks_the_caseload(qtbot, caseload: Caseload, prompter) -> None:
    now = [1000.0]
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.idle_watch._clock = lambda: now[0]
    window.idle_watch.set_minutes(5)
    now[0] += 4 * 60
    window.idle_watch.check()
    assert window.caseload is not None
    now[0] += 61
    with qtbot.waitSignal(window.closed) as signal:
        window.idle_watch.check()
    assert signal.args == [True] and window.caseload is None


def test_locking_saves_what_is_typed_in_an_open_wizard(
    qtbot, db_path, caseload: Caseload, prompter
) -> None:
    case = caseload.open_case(caseload.add_person(make_person()))
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    window.open_form(case.id, "screening")
    assert window.wizard is not None
    window.wizard.editor("urgent_concern").set_value("Mietschulden, Räumungsklage")
    with qtbot.waitSignal(window.closed):
        window.lock_action.trigger()  # at once: before the draft timer fired
    reopened = Caseload.open(db_path, PASSWORD)
    try:
        [draft] = reopened.drafts()
        answers = reopened.form_instance(draft.instance_id).answers
        assert answers["urgent_concern"] == "Mietschulden, Räumungsklage"
    finally:
        reopened.close()


def test_a_started_draft_is_offered_again(qtbot, caseload: Caseload, prompter) -> None:
    case = caseload.open_case(caseload.add_person(make_person()))
    draft = caseload.save_form(case.id, "screening", {"urgent_concern": "Miete"}, final=False)
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    prompter.answer = True
    window.open_form(case.id, "screening")
    assert prompter.kinds() == ["question"]
    assert window.wizard is not None and window.wizard.instance_id == draft.id
    window.close()


def test_a_demo_says_so_in_the_title(qtbot, tmp_path, prompter) -> None:
    profile = Profile("Demo-Case-Manager*in", "Demo-Träger", "Musterstadt", 1.0, "", is_demo=True)
    caseload = Caseload.create(tmp_path / "demo.kimdesk", PASSWORD, profile)
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    assert window.windowTitle() == _("{title} (Demo)").format(
        title=_("kimdesk – {name}").format(name=profile.case_manager)
    )
    window.close()


def test_closing_the_window_closes_the_caseload(qtbot, caseload, prompter) -> None:
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.closed) as signal:
        window.close()
    assert signal.args == [False]
    assert window.caseload is None
    with pytest.raises(sqlcipher3.ProgrammingError):
        caseload.cases()


def test_locking_closes_the_caseload_and_asks_for_the_password_again(
    qtbot, caseload, prompter
) -> None:
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.closed) as signal:
        window.lock_action.trigger()
    assert signal.args == [True]
    assert window.caseload is None


def test_about_opens_its_own_dialog(qtbot, caseload, prompter) -> None:
    from kimdesk.gui.about_dialog import AboutDialog  # tests/gui/test_about_dialog.py

    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.about_action.trigger()
    assert window.findChild(AboutDialog) is not None and prompter.kinds() == []
    window.close()


def test_the_menus_exist(qtbot, caseload, prompter) -> None:
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == [_("&File"), _("&View"), _("&Help")]
    window.close()
