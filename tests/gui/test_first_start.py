"""The first start: the form that creates a caseload, its field checks, and the demo choice."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

import kimdesk.demo
from kimdesk.caseload import Caseload
from kimdesk.demo import DEMO_PASSWORD
from kimdesk.gui.first_start import FirstStartDialog
from kimdesk.i18n import _
from tests.conftest import PASSWORD, PROFILE
from tests.gui.conftest import RecordingPrompter


@pytest.fixture
def dialog(qtbot, db_path: Path, demo_path: Path, prompter: RecordingPrompter) -> FirstStartDialog:
    dialog = FirstStartDialog(db_path, demo_path, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill_form(
    qtbot,
    dialog: FirstStartDialog,
    *,
    password: str = PASSWORD,
    repeat: str = PASSWORD,
    email: str = PROFILE.coordination_email,
) -> None:
    qtbot.mouseClick(dialog.create_choice, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.name_edit, PROFILE.case_manager)
    qtbot.keyClicks(dialog.organisation_edit, PROFILE.organisation)
    qtbot.keyClicks(dialog.municipality_edit, PROFILE.municipality)
    dialog.share_spin.setValue(round(PROFILE.full_time_share * 100))
    qtbot.keyClicks(dialog.email_edit, email)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClicks(dialog.repeat_edit, repeat)


def test_the_welcome_page_offers_both_choices_and_shows_the_demo_password(dialog) -> None:
    assert dialog.current_page is dialog.welcome_page
    assert DEMO_PASSWORD in dialog.demo_choice.description()


def test_an_untouched_form_shows_no_errors_but_cannot_be_submitted(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.create_choice, Qt.MouseButton.LeftButton)
    assert dialog.current_page is dialog.form_page
    assert not dialog.create_button.isEnabled()
    assert not any(note.is_error for note in dialog.notes.values())


def test_mismatched_passwords_keep_the_button_disabled_and_say_so(qtbot, dialog, db_path) -> None:
    fill_form(qtbot, dialog, repeat=PASSWORD + "x")
    assert not dialog.create_button.isEnabled()
    note = dialog.notes[dialog.repeat_edit]
    assert note.is_error and note.text() == _("The two passwords differ.")
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and not db_path.exists()


def test_a_short_password_shows_the_length_rule(qtbot, dialog) -> None:
    fill_form(qtbot, dialog, password="kurz", repeat="kurz")
    note = dialog.notes[dialog.password_edit]
    assert note.is_error and "10" in note.text()
    assert not dialog.create_button.isEnabled()


def test_an_invalid_email_is_named_at_the_field(qtbot, dialog) -> None:
    fill_form(qtbot, dialog, email="koordination@")
    assert dialog.notes[dialog.email_edit].text() == _("This is not a valid e-mail address.")
    assert not dialog.create_button.isEnabled()


def test_a_cleared_required_field_complains(qtbot, dialog) -> None:
    fill_form(qtbot, dialog)
    dialog.name_edit.selectAll()
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Backspace)
    assert dialog.notes[dialog.name_edit].text() == _("Please enter your name.")
    assert not dialog.create_button.isEnabled()


def test_a_valid_form_creates_the_caseload_and_the_profile_round_trips(
    qtbot, dialog, db_path, prompter
) -> None:
    fill_form(qtbot, dialog)
    assert dialog.create_button.isEnabled()
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)  # Enter submits
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert prompter.messages == []
    assert dialog.caseload is not None
    dialog.caseload.close()
    assert db_path.exists()
    reopened = Caseload.open(db_path, PASSWORD)
    try:
        assert reopened.profile() == PROFILE
    finally:
        reopened.close()
    assert dialog.password_edit.text() == "" and dialog.repeat_edit.text() == ""


def test_an_existing_file_is_reported_and_left_untouched(qtbot, dialog, db_path, prompter) -> None:
    Caseload.create(db_path, "ein-anderes-passwort", PROFILE).close()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    fill_form(qtbot, dialog)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert prompter.kinds() == ["error"]
    assert dialog.caseload is None and dialog.isVisible()
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_escape_in_the_form_goes_back_to_the_choice(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.create_choice, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.current_page is dialog.welcome_page


def test_inputs_have_accessible_names(dialog) -> None:
    for field in dialog.notes:
        assert field.accessibleName()


# -- the demo --------------------------------------------------------------------------------


def test_the_demo_is_created_in_its_own_file_and_opens_with_the_shown_password(
    qtbot, dialog, db_path, demo_path, prompter
) -> None:
    qtbot.mouseClick(dialog.demo_choice, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.caseload is not None
    assert len(dialog.caseload.cases()) == 60
    dialog.caseload.close()
    assert demo_path.exists() and not db_path.exists()
    assert prompter.kinds() == ["info"] and DEMO_PASSWORD in prompter.messages[0][1]
    reopened = Caseload.open(demo_path, DEMO_PASSWORD)
    try:
        assert reopened.profile().is_demo
    finally:
        reopened.close()


def test_an_existing_demo_is_just_opened(qtbot, dialog, demo_path, prompter) -> None:
    qtbot.mouseClick(dialog.demo_choice, Qt.MouseButton.LeftButton)
    dialog.caseload.close()
    again = FirstStartDialog(demo_path.with_name("other.kimdesk"), demo_path, prompter)
    qtbot.addWidget(again)
    again.show()
    qtbot.mouseClick(again.demo_choice, Qt.MouseButton.LeftButton)
    assert again.caseload is not None and len(again.caseload.cases()) == 60
    again.caseload.close()
    assert prompter.kinds() == ["info"]  # the creation message only once


def test_a_failing_demo_generator_leaves_no_file(
    qtbot, dialog, demo_path, prompter, monkeypatch
) -> None:
    def fill_demo(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(kimdesk.demo, "fill_demo", fill_demo)
    with pytest.raises(RuntimeError):
        dialog.open_demo()
    assert not demo_path.exists()
    assert not Path(f"{demo_path}-wal").exists()


def test_choosing_the_organisation_from_the_list_last_enables_the_button(qtbot, dialog) -> None:
    dialog.show_form()
    qtbot.keyClicks(dialog.name_edit, "Erika Beispiel")
    qtbot.keyClicks(dialog.municipality_edit, "Solingen")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClicks(dialog.repeat_edit, PASSWORD)
    assert not dialog.create_button.isEnabled()
    index = dialog.organisation_combo.findText("Caritas")
    assert index >= 0
    dialog.organisation_combo.setCurrentIndex(index)
    dialog.organisation_combo.activated.emit(index)  # what a click in the list sends
    assert dialog.create_button.isEnabled()
