"""Recording a contact with the keyboard alone, in a few keystrokes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from kimdesk.domain.vocabulary import LifeDomain, Setting
from kimdesk.gui.contact_dialog import ContactDialog, taken_mnemonics, with_mnemonic
from tests.conftest import TODAY, make_person


@pytest.fixture
def case_id(caseload) -> int:
    return caseload.open_case(caseload.add_person(make_person())).id


@pytest.fixture
def dialog(qtbot, caseload, case_id, prompter) -> ContactDialog:
    dialog = ContactDialog(caseload, case_id, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def mnemonic_key(widget: QWidget) -> Qt.Key:
    (letter,) = taken_mnemonics(widget.text())
    return Qt.Key(ord(letter.upper()))


def test_it_starts_with_today_half_an_hour_in_person_and_the_duration_selected(dialog) -> None:
    assert dialog.date_edit.date() == QDate(TODAY)
    assert dialog.date_edit.maximumDate() == QDate(TODAY)  # no contact in the future
    assert dialog.date_edit.displayFormat() == "dd.MM.yyyy"
    assert dialog.minutes_spin.value() == 30 and dialog.minutes_spin.singleStep() == 5
    assert dialog.setting() is Setting.IN_PERSON
    assert focused() is dialog.minutes_spin


def test_a_phone_call_about_health_and_money_takes_22_keystrokes(qtbot, dialog, caseload, case_id):
    # "4" "5"                     duration 45 (the 30 is selected)
    # Alt+<phone>                 setting: by phone
    # Alt+<health> Alt+<finances> topics
    # Alt+<note>                  into the note
    # "Termin Hausarzt"           15 characters
    # Ctrl+Return                 save
    keystrokes = 0

    def click(key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        nonlocal keystrokes
        qtbot.keyClick(focused(), key, modifier)
        keystrokes += 1

    def mnemonic(button) -> None:
        click(mnemonic_key(button), Qt.KeyboardModifier.AltModifier)
        # A mnemonic presses the button at once and releases it a moment later.
        qtbot.waitUntil(button.isChecked)

    def type_text(text: str) -> None:
        nonlocal keystrokes
        qtbot.keyClicks(focused(), text)
        keystrokes += len(text)

    type_text("45")
    mnemonic(dialog.setting_buttons[Setting.PHONE])
    mnemonic(dialog.topic_boxes[LifeDomain.HEALTH])
    mnemonic(dialog.topic_boxes[LifeDomain.FINANCES])
    click(mnemonic_key(dialog.note_label), Qt.KeyboardModifier.AltModifier)
    assert focused() is dialog.note_edit
    type_text("Termin Hausarzt")
    with qtbot.waitSignal(dialog.accepted):
        click(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert keystrokes == 22
    (contact,) = caseload.contacts(case_id)
    assert dialog.contact_id is not None
    assert (contact.contact_on, contact.minutes, contact.setting) == (TODAY, 45, Setting.PHONE)
    assert contact.topics == {LifeDomain.HEALTH, LifeDomain.FINANCES}
    assert contact.note == "Termin Hausarzt" and not contact.short_referral


def test_enter_in_the_duration_saves(qtbot, dialog, caseload, case_id) -> None:
    qtbot.keyClicks(dialog.minutes_spin, "15")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.minutes_spin, Qt.Key.Key_Return)
    assert [c.minutes for c in caseload.contacts(case_id)] == [15]


def test_tab_walks_the_fields_in_order(qtbot, dialog) -> None:
    dialog.date_edit.setFocus()
    seen = [focused()]
    for _step in range(4):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        seen.append(focused())
    in_person = dialog.setting_buttons[Setting.IN_PERSON]
    assert seen[:3] == [dialog.date_edit, dialog.minutes_spin, in_person]
    assert seen[3] is dialog.topic_boxes[LifeDomain.RESIDENCE]
    dialog.note_edit.setFocus()
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Tab)  # Tab leaves the note instead of indenting
    assert focused() is dialog.save_button
    assert dialog.note_edit.toPlainText() == ""


def test_space_toggles_a_topic_and_short_referral_is_stored(qtbot, dialog, caseload, case_id):
    qtbot.keyClick(dialog.topic_boxes[LifeDomain.HOUSING], Qt.Key.Key_Space)
    dialog.short_referral_box.setChecked(True)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.minutes_spin, Qt.Key.Key_Return)
    (contact,) = caseload.contacts(case_id)
    assert contact.topics == {LifeDomain.HOUSING} and contact.short_referral


def test_escape_cancels_without_storing(qtbot, dialog, caseload, case_id) -> None:
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.minutes_spin, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert caseload.contacts(case_id) == [] and dialog.contact_id is None


def test_a_refused_contact_is_reported_and_the_dialog_stays(
    qtbot, dialog, prompter, caseload, case_id
) -> None:
    dialog.date_edit.setMaximumDate(QDate(2030, 1, 1))  # only the caseload's rule is left
    dialog.date_edit.setDate(QDate(2027, 1, 4))
    dialog.save()
    assert prompter.kinds() == ["error"]
    assert dialog.isVisible() and caseload.contacts(case_id) == []


def test_every_choice_has_its_own_mnemonic(dialog) -> None:
    buttons = [*dialog.setting_buttons.values(), *dialog.topic_boxes.values()]
    letters = [next(iter(taken_mnemonics(b.text()))) for b in buttons]
    assert len(set(letters)) == len(letters)
    labels = [dialog.date_label, dialog.minutes_label, dialog.note_label, dialog.short_referral_box]
    assert not set().union(*(taken_mnemonics(w.text()) for w in labels)) & set(letters)


def test_with_mnemonic_picks_a_free_letter_and_escapes_ampersands() -> None:
    taken = {"w"}
    assert with_mnemonic("Wohnen & Leben", taken) == "Wohnen && &Leben"
    assert with_mnemonic("Leben", taken) == "L&eben"
    assert taken == {"w", "l", "e"}
