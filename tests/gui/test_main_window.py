"""The (still empty) main window: title, case count, profile, and closing the caseload."""

from __future__ import annotations

import pytest
import sqlcipher3

from kimdesk.caseload import Caseload
from kimdesk.domain.records import Profile
from kimdesk.gui.main_window import MainWindow
from kimdesk.i18n import _
from tests.conftest import PASSWORD, PROFILE, make_person


def test_title_case_count_and_profile(qtbot, caseload: Caseload, prompter) -> None:
    for surname in ("Yılmaz", "Nowak", "Haddad"):
        caseload.open_case(caseload.add_person(make_person(surname)))
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    assert PROFILE.case_manager in window.windowTitle()
    assert window.windowTitle() == _("kimdesk – {name}").format(name=PROFILE.case_manager)
    assert window.case_count == 3 and "3" in window.count_label.text()
    shown = [label.text() for label in window.detail_labels.values()]
    assert PROFILE.organisation in shown and PROFILE.municipality in shown
    assert "75 %" in shown


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


def test_about_goes_through_the_prompter(qtbot, caseload, prompter) -> None:
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.about_action.trigger()
    assert prompter.kinds() == ["info"]
    window.close()


def test_the_menus_exist(qtbot, caseload, prompter) -> None:
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == [_("&File"), _("&Help")]
    window.close()
