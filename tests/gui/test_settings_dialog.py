"""Settings: the profile (checked before storing), the organisation printed on the consent
documents, the password change, the language and the review status of the consent texts."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kimdesk.app_settings import load_app_settings, settings_path
from kimdesk.caseload import Caseload
from kimdesk.errors import WrongPassword
from kimdesk.gui.settings_dialog import SettingsDialog
from kimdesk.i18n import _
from tests.conftest import PASSWORD, PROFILE
from tests.gui.conftest import RecordingPrompter

NEW_PASSWORD = "ganz-neu-und-lang-7"


@pytest.fixture
def dialog(qtbot, caseload: Caseload, prompter: RecordingPrompter) -> SettingsDialog:
    dialog = SettingsDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def press_ok(qtbot, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_shows_the_stored_profile(dialog: SettingsDialog) -> None:
    assert dialog.name_edit.text() == PROFILE.case_manager
    assert dialog.organisation_edit.text() == PROFILE.organisation
    assert dialog.municipality_edit.text() == PROFILE.municipality
    assert dialog.email_edit.text() == PROFILE.coordination_email
    assert dialog.share_spin.value() == 75
    assert dialog.idle_spin.value() == PROFILE.idle_lock_minutes


def test_share_and_e_mail_are_stored_with_ok(qtbot, dialog, caseload: Caseload) -> None:
    dialog.share_spin.clear()
    qtbot.keyClicks(dialog.share_spin, "50")
    dialog.email_edit.clear()
    qtbot.keyClicks(dialog.email_edit, "kim@kreis-guetersloh.example")
    dialog.idle_spin.setValue(0)
    press_ok(qtbot, dialog)

    expected = replace(
        PROFILE,
        full_time_share=0.5,
        coordination_email="kim@kreis-guetersloh.example",
        idle_lock_minutes=0,
    )
    assert caseload.profile() == expected
    assert dialog.saved_profile == expected
    assert dialog.result() == dialog.DialogCode.Accepted
    assert caseload.caseload_capacity() == pytest.approx(25)


def test_the_demo_marker_is_kept(qtbot, caseload: Caseload, prompter) -> None:
    caseload.update_profile(replace(PROFILE, is_demo=True))
    dialog = SettingsDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("Demo-Person")
    dialog.save()
    assert caseload.profile().is_demo
    assert caseload.profile().case_manager == "Demo-Person"


@pytest.mark.parametrize("email", ["koordination", "kim@kreis", "kim@.de", "kim @kreis.de"])
def test_a_bad_e_mail_blocks_saving(qtbot, dialog, caseload: Caseload, email: str) -> None:
    dialog.share_spin.setValue(50)
    dialog.tabs.setCurrentWidget(dialog.language_tab)
    dialog.email_edit.setText(email)
    press_ok(qtbot, dialog)
    assert dialog.notes[dialog.email_edit].is_error
    assert dialog.notes[dialog.email_edit].text() == _("This is not a valid e-mail address.")
    assert dialog.tabs.currentWidget() is dialog.profile_tab
    assert dialog.isVisible() and dialog.saved_profile is None
    assert caseload.profile() == PROFILE


def test_an_empty_e_mail_is_allowed(qtbot, dialog, caseload: Caseload) -> None:
    dialog.email_edit.clear()
    press_ok(qtbot, dialog)
    assert caseload.profile().coordination_email == ""


def test_an_empty_name_blocks_saving(qtbot, dialog, caseload: Caseload) -> None:
    dialog.name_edit.clear()
    press_ok(qtbot, dialog)
    assert dialog.notes[dialog.name_edit].is_error
    assert caseload.profile() == PROFILE


def test_organisation_details_are_stored_with_ok_and_shown_after_reopening(
    qtbot, dialog, caseload: Caseload, db_path: Path, prompter: RecordingPrompter
) -> None:
    dialog.tabs.setCurrentWidget(dialog.organisation_tab)
    assert dialog.retention_spin.value() == 3
    qtbot.keyClicks(dialog.address_edit, "Hauptstraße 12, 42651 Solingen")
    qtbot.keyClicks(dialog.officer_edit, "Dr. A. Beispiel, datenschutz@kreis.example, 0212 123")
    dialog.retention_spin.clear()
    qtbot.keyClicks(dialog.retention_spin, "5")
    press_ok(qtbot, dialog)

    expected = replace(
        PROFILE,
        organisation_address="Hauptstraße 12, 42651 Solingen",
        data_protection_officer="Dr. A. Beispiel, datenschutz@kreis.example, 0212 123",
        retention_years=5,
    )
    assert dialog.saved_profile == expected
    caseload.close()
    reopened = Caseload.open(db_path, PASSWORD)
    try:
        assert reopened.profile() == expected
        again = SettingsDialog(reopened, prompter)
        qtbot.addWidget(again)
        assert again.address_edit.text() == "Hauptstraße 12, 42651 Solingen"
        assert again.officer_edit.text() == expected.data_protection_officer
        assert again.retention_spin.value() == 5
        assert again.retention_spin.suffix() == " " + _("years")
    finally:
        reopened.close()


def test_the_organisation_is_still_required(qtbot, dialog, caseload: Caseload) -> None:
    dialog.organisation_edit.clear()
    press_ok(qtbot, dialog)
    assert dialog.notes[dialog.organisation_edit].text() == _("Please enter your organisation.")
    assert dialog.tabs.currentWidget() is dialog.organisation_tab
    assert caseload.profile() == PROFILE


def test_one_year_is_named_in_the_singular(dialog: SettingsDialog) -> None:
    dialog.retention_spin.setValue(1)
    assert dialog.retention_spin.text() == "1 " + _("year")
    dialog.retention_spin.setValue(30)
    dialog.retention_spin.stepUp()
    assert dialog.retention_spin.text() == "30 " + _("years")


def test_the_translations_tab_shows_which_consent_texts_are_reviewed(dialog) -> None:
    dialog.tabs.setCurrentWidget(dialog.translations_tab)
    table = dialog.translations_table
    rows = {table.item(row, 0).text(): table.item(row, 1) for row in range(table.rowCount())}
    assert len(rows) == 14
    assert rows["Deutsch"].text() == _("Reviewed")
    arabic = rows["Arabisch – العربية"]
    assert arabic.text() == _("Not yet reviewed")
    assert arabic.foreground().color() != rows["Deutsch"].foreground().color()
    assert not table.editTriggers()


def fill_password(qtbot, dialog: SettingsDialog, current: str, new: str, repeat: str) -> None:
    dialog.tabs.setCurrentWidget(dialog.password_tab)
    qtbot.keyClicks(dialog.current_edit, current)
    qtbot.keyClicks(dialog.new_edit, new)
    qtbot.keyClicks(dialog.repeat_edit, repeat)


def test_a_wrong_current_password_is_named_and_the_old_one_keeps_working(
    qtbot, dialog, caseload: Caseload, db_path: Path, prompter: RecordingPrompter
) -> None:
    fill_password(qtbot, dialog, "falsch-falsch-1", NEW_PASSWORD, NEW_PASSWORD)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)

    assert dialog.notes[dialog.current_edit].text() == _("The current password is wrong.")
    assert dialog.new_edit.text() == NEW_PASSWORD  # nothing cleared: the user corrects
    assert prompter.messages == []
    caseload.close()
    with pytest.raises(WrongPassword):
        Caseload.open(db_path, NEW_PASSWORD).close()
    Caseload.open(db_path, PASSWORD).close()


def test_a_short_or_differing_new_password_is_named_at_its_field(qtbot, dialog) -> None:
    fill_password(qtbot, dialog, PASSWORD, "kurz", "anders")
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert dialog.notes[dialog.new_edit].is_error
    assert dialog.notes[dialog.repeat_edit].text() == _("The two passwords differ.")


def test_the_right_password_changes_it_and_the_caseload_opens_with_the_new_one(
    qtbot, dialog, caseload: Caseload, db_path: Path, prompter: RecordingPrompter
) -> None:
    fill_password(qtbot, dialog, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)

    assert prompter.messages == [("info", _("The password has been changed."))]
    assert (dialog.current_edit.text(), dialog.new_edit.text(), dialog.repeat_edit.text()) == (
        "",
        "",
        "",
    )
    assert not any(note.is_error for note in dialog.notes.values())
    caseload.close()
    reopened = Caseload.open(db_path, NEW_PASSWORD)
    try:
        assert reopened.profile() == PROFILE
    finally:
        reopened.close()
    with pytest.raises(WrongPassword):
        Caseload.open(db_path, PASSWORD).close()


def test_ok_also_changes_a_password_typed_in(qtbot, dialog, caseload: Caseload) -> None:
    fill_password(qtbot, dialog, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    press_ok(qtbot, dialog)
    assert dialog.saved_profile == PROFILE
    assert caseload.password_matches(NEW_PASSWORD)


def test_ok_with_a_wrong_password_typed_in_stores_nothing(qtbot, dialog, caseload) -> None:
    dialog.share_spin.setValue(50)
    fill_password(qtbot, dialog, "falsch-falsch-1", NEW_PASSWORD, NEW_PASSWORD)
    dialog.tabs.setCurrentWidget(dialog.profile_tab)
    press_ok(qtbot, dialog)
    assert dialog.tabs.currentWidget() is dialog.password_tab
    assert dialog.saved_profile is None and dialog.isVisible()
    assert caseload.profile() == PROFILE
    assert caseload.password_matches(PASSWORD)


def test_the_language_is_saved_in_the_settings_file(qtbot, dialog) -> None:
    assert dialog.chosen_language() == "de"
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    press_ok(qtbot, dialog)
    assert json.loads(settings_path().read_text(encoding="utf-8"))["language"] == "en"
    assert load_app_settings().language == "en"


def test_the_saved_language_is_preselected(qtbot, caseload: Caseload, prompter) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text('{"language": "en"}', encoding="utf-8")
    dialog = SettingsDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    assert dialog.chosen_language() == "en"


def test_cancel_stores_nothing(qtbot, dialog, caseload: Caseload) -> None:
    dialog.share_spin.setValue(50)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.reject()
    assert caseload.profile() == PROFILE
    assert not settings_path().exists()


def test_every_input_has_an_accessible_name_and_a_label(dialog: SettingsDialog) -> None:
    for field in dialog.notes:
        assert field.accessibleName()
    labels = {label.buddy() for label in dialog.findChildren(type(dialog.capacity_label))}
    assert set(dialog.notes) <= labels
