"""After saving a contact, a consent or a referral the main window's status bar says so,
briefly and in German, without the client's name."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Service
from kimdesk.domain.vocabulary import AttemptChannel, ConsentKind
from kimdesk.gui.main_window import MainWindow
from tests.conftest import make_person


@pytest.fixture
def window(qtbot, caseload: Caseload, prompter) -> MainWindow:
    case = caseload.open_case(caseload.add_person(make_person("Haddad", "Amal")))
    caseload.move_to(case.id, Phase.INTAKE)
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    window.show_case(case.id)
    window.statusBar().clearMessage()
    return window


def save(qtbot, window: MainWindow, dialog) -> str:  # type: ignore[no-untyped-def]
    assert window.statusBar().currentMessage() == ""
    with qtbot.waitSignal(window.case_view.case_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    message = window.statusBar().currentMessage()
    assert "Haddad" not in message and "Amal" not in message
    return message


def test_a_saved_contact_is_confirmed(qtbot, window: MainWindow) -> None:
    dialog = window.case_view.record_contact()
    dialog.minutes_spin.setValue(20)
    assert save(qtbot, window, dialog) == "Kontakt gespeichert."


def test_a_saved_contact_attempt_is_confirmed_as_an_attempt(qtbot, window: MainWindow) -> None:
    dialog = window.case_view.record_contact()
    dialog.attempt_button.setChecked(True)
    dialog.channel_buttons[AttemptChannel.PHONE].setChecked(True)
    assert save(qtbot, window, dialog) == "Kontaktversuch gespeichert."


def test_a_saved_consent_is_confirmed(qtbot, window: MainWindow) -> None:
    dialog = window.case_view.record_consent(ConsentKind.DATA_PROCESSING)
    assert save(qtbot, window, dialog) == "Einverständniserklärung gespeichert."


def test_a_saved_referral_is_confirmed(qtbot, window: MainWindow, caseload: Caseload) -> None:
    caseload.add_service(Service("Diakonie", "Schuldnerberatung"))
    dialog = window.case_view.record_referral()
    qtbot.keyClicks(dialog.search_edit, "schuld")
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Down)
    assert save(qtbot, window, dialog) == "Vermittlung gespeichert."


def test_a_withdrawal_is_confirmed(qtbot, window: MainWindow, caseload: Caseload) -> None:
    case_id = window.case_view.case_id or 0
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, date(2026, 11, 2), "de"))
    window.case_view.refresh()
    window.case_view.consents_table.selectRow(0)
    dialog = window.case_view.withdraw_consent()
    assert save(qtbot, window, dialog) == "Widerruf der Einverständniserklärung gespeichert."


def test_a_cancelled_dialog_says_nothing(qtbot, window: MainWindow) -> None:
    dialog = window.case_view.record_contact()
    dialog.reject()
    assert window.statusBar().currentMessage() == ""
