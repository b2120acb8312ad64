"""Contact attempts through the real widgets: the dialog, the contacts tab, the overview."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Contact
from kimdesk.domain.vocabulary import AttemptChannel, ConsentKind, Setting
from kimdesk.gui.case_view import CaseView
from kimdesk.gui.contact_dialog import ContactDialog, taken_mnemonics
from kimdesk.gui.dashboard import Dashboard
from tests.conftest import PROFILE, TODAY, make_person

LONG_AGO = TODAY - timedelta(days=120)
LAST_WEEK = TODAY - timedelta(days=7)


def admitted_case(caseload: Caseload, surname: str, on: date = date(2026, 2, 1)) -> int:
    person_id = caseload.add_person(make_person(surname, "Olena"))
    case_id = caseload.open_case(person_id, opened_on=on).id
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, on, "de"))
    caseload.move_to(case_id, Phase.INTAKE, on=on)
    caseload.move_to(case_id, Phase.ASSESSMENT, on=on)
    return case_id


@pytest.fixture
def case_id(caseload: Caseload) -> int:
    return admitted_case(caseload, "Коваленко")


def opened(qtbot, dialog: ContactDialog) -> ContactDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press_mnemonic(qtbot, button) -> None:
    """Alt+the letter marked in ``button``'s text (a label: its buddy gets the focus)."""
    (letter,) = taken_mnemonics(button.text())
    qtbot.keyClick(focused(), Qt.Key(ord(letter.upper())), Qt.KeyboardModifier.AltModifier)
    if isinstance(button, QAbstractButton):
        qtbot.waitUntil(button.isChecked)


def test_an_attempt_is_recorded_with_the_keyboard(qtbot, caseload, case_id, prompter) -> None:
    dialog = opened(qtbot, ContactDialog(caseload, case_id, prompter))
    assert dialog.contact_button.isChecked() and dialog.minutes_spin.isVisible()
    assert not dialog.channel_buttons[AttemptChannel.PHONE].isVisible()

    press_mnemonic(qtbot, dialog.attempt_button)
    # an attempt has no duration, setting, topics or short referral; it has a channel
    assert not dialog.minutes_spin.isVisible()
    assert not dialog.setting_buttons[Setting.IN_PERSON].isVisible()
    assert not dialog.short_referral_box.isVisible()
    assert all(button.isVisible() for button in dialog.channel_buttons.values())
    assert dialog.attempt_button.text().replace("&", "") == "Kontaktversuch (nicht erreicht)"
    press_mnemonic(qtbot, dialog.channel_buttons[AttemptChannel.LETTER])
    press_mnemonic(qtbot, dialog.note_label)
    assert focused() is dialog.note_edit
    qtbot.keyClicks(dialog.note_edit, "Einladung geschickt")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    (stored,) = caseload.contacts(case_id)
    assert stored.attempt is AttemptChannel.LETTER and stored.contact_on == TODAY
    assert (stored.minutes, stored.topics, stored.note) == (0, frozenset(), "Einladung geschickt")
    assert caseload.case(case_id).last_contact_on is None


def test_every_channel_has_a_mnemonic_of_its_own(qtbot, caseload, case_id, prompter) -> None:
    dialog = opened(qtbot, ContactDialog(caseload, case_id, prompter))
    dialog.attempt_button.setChecked(True)
    visible = [dialog.contact_button, dialog.attempt_button, *dialog.channel_buttons.values()]
    letters = [next(iter(taken_mnemonics(b.text()))) for b in visible]
    labels = taken_mnemonics(dialog.date_label.text(), dialog.note_label.text())
    assert len(set(letters)) == len(letters) and not labels & set(letters)
    # Hidden choices may share a letter with shown ones: the shown one always gets it.
    for channel in reversed(AttemptChannel):
        press_mnemonic(qtbot, dialog.channel_buttons[channel])
    press_mnemonic(qtbot, dialog.contact_button)
    for setting in reversed(Setting):
        press_mnemonic(qtbot, dialog.setting_buttons[setting])
    assert dialog.channel() is AttemptChannel.PHONE and not dialog.is_attempt()


def test_a_stored_attempt_opens_as_an_attempt_to_correct(qtbot, caseload, case_id, prompter):
    attempt_id = caseload.record_attempt(case_id, LAST_WEEK, AttemptChannel.VISIT, "niemand")
    ((_id, stored),) = caseload.corrections.contacts(case_id)
    dialog = opened(qtbot, ContactDialog(caseload, case_id, prompter, editing=(attempt_id, stored)))
    assert dialog.is_attempt() and dialog.channel_buttons[AttemptChannel.VISIT].isChecked()
    assert not dialog.minutes_spin.isVisible()
    dialog.contact_button.setChecked(True)  # reached after all: 20 minutes by phone
    dialog.minutes_spin.setValue(20)
    dialog.setting_buttons[Setting.PHONE].setChecked(True)
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    (corrected,) = caseload.contacts(case_id)
    assert corrected.attempt is None and (corrected.minutes, corrected.setting) == (
        20,
        Setting.PHONE,
    )


def test_the_contacts_tab_shows_attempts_apart(qtbot, caseload, case_id, prompter) -> None:
    caseload.add_contact(Contact(case_id, LONG_AGO, 45, Setting.IN_PERSON))
    caseload.record_attempt(case_id, LAST_WEEK, AttemptChannel.PHONE)
    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.show()
    view.show_case(case_id)
    table = view.contacts_table
    assert table.rowCount() == 2
    newest = [table.item(0, column).text() for column in range(3)]
    tried = "Kontaktversuch – angerufen, nicht erreicht"
    assert newest == [LAST_WEEK.strftime("%d.%m.%Y"), "–", tried]
    assert table.item(0, 2).font().italic() and not table.item(1, 2).font().italic()
    assert [table.item(1, c).text() for c in (1, 2)] == ["45", Setting.IN_PERSON.label]


def test_the_overview_shows_attempts_of_cases_without_contact(qtbot, caseload) -> None:
    tried = admitted_case(caseload, "Versucht")
    caseload.add_contact(Contact(tried, LONG_AGO, 30, Setting.PHONE))
    caseload.record_attempt(tried, LAST_WEEK, AttemptChannel.PHONE)
    silent = admitted_case(caseload, "Still")
    caseload.add_contact(Contact(silent, LONG_AGO, 30, Setting.PHONE))
    labels = {r.id: f"{r.case_number} {r.surname}" for r in caseload.cases()}

    dashboard = Dashboard()
    qtbot.addWidget(dashboard)
    dashboard.show_overview(caseload.overview(), PROFILE, labels)
    dashboard.show()
    qtbot.waitExposed(dashboard)

    assert dashboard.closure_attempts_label.isVisible()
    assert dashboard.closure_attempts_label.text() == "davon 1 mit Kontaktversuch"
    entries = dashboard.closure_card.list
    texts = {entries.item(row).text() for row in range(entries.count())}
    day = LONG_AGO.strftime("%d.%m.%Y")
    assert texts == {
        f"{labels[tried]} – letzter Kontakt am {day} · "
        f"versucht am {LAST_WEEK.strftime('%d.%m.%Y')}",
        f"{labels[silent]} – letzter Kontakt am {day}",
    }


def test_an_attempt_typed_before_a_lock_comes_back_as_an_attempt(
    qtbot, caseload, case_id, prompter
) -> None:
    first = opened(qtbot, ContactDialog(caseload, case_id, prompter))
    first.attempt_button.setChecked(True)
    first.channel_buttons[AttemptChannel.MESSAGE].setChecked(True)
    first.note_edit.setPlainText("SMS geschickt")
    kept = first.dialog_input.values()
    first.reject()
    again = opened(qtbot, ContactDialog(caseload, case_id, prompter))
    again.dialog_input.restore(kept)
    assert again.is_attempt() and again.channel() is AttemptChannel.MESSAGE
    assert not again.minutes_spin.isVisible() and again.note_edit.toPlainText() == "SMS geschickt"
