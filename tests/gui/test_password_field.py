"""The shared new-password field: the strength shown while typing, and the same refusal with
the German reason in the first start, the settings and the monthly report dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout

from kimdesk.caseload import Caseload
from kimdesk.gui.first_start import FirstStartDialog
from kimdesk.gui.password_field import NewPasswordField
from kimdesk.gui.report_dialog import ReportDialog
from kimdesk.gui.settings_dialog import SettingsDialog
from kimdesk.gui.widgets import FieldNote
from kimdesk.passwords import estimate_password, profile_words
from tests.conftest import PASSWORD, PROFILE
from tests.gui.conftest import RecordingPrompter

PASSPHRASE = "Laterne Brezel Wolke Kran"


@pytest.fixture
def host(qtbot) -> tuple[QDialog, NewPasswordField, dict]:
    dialog = QDialog()
    form = QFormLayout(dialog)
    notes: dict = {}
    field = NewPasswordField(
        dialog,
        form,
        notes,
        label="&Passwort",
        accessible_name="Passwort",
        repeat_label="&Wiederholen",
        repeat_accessible_name="Passwort wiederholen",
        user_inputs=lambda: ("erika", "beispiel"),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, field, notes


def test_typing_updates_the_strength_label(qtbot, host) -> None:
    _dialog, field, notes = host
    changes: list[None] = []
    field.changed.connect(lambda: changes.append(None))
    assert field.meter.label.text() == ""  # nothing typed, nothing judged
    qtbot.keyClicks(field.password_edit, "1111111111")
    assert field.meter.label.text() == "Stärke: sehr schwach"
    assert field.meter.segments.score == 0
    note: FieldNote = notes[field.password_edit]
    assert "Wiederholungen" in note.text() and not note.is_error  # a hint while typing
    field.password_edit.clear()
    qtbot.keyClicks(field.password_edit, PASSPHRASE)
    assert field.meter.label.text() == "Stärke: sehr stark"
    assert "Mindestens 10 Zeichen" in note.text()
    assert len(changes) == len("1111111111") + 1 + len(PASSPHRASE)
    assert field.meter.accessibleDescription() == "Stärke: sehr stark"
    field.password_edit.clear()
    assert field.meter.label.text() == "" and field.meter.segments.score is None


def test_the_field_knows_the_words_that_do_not_count(qtbot, host) -> None:
    _dialog, field, _notes = host
    qtbot.keyClicks(field.password_edit, "Beispiel2026!")  # strong, if it were not the name
    qtbot.keyClicks(field.repeat_edit, "Beispiel2026!")
    errors = field.errors()
    assert list(errors) == [field.password_edit] and "Ihr Name" in errors[field.password_edit]
    assert field.password() == "Beispiel2026!"


def test_the_password_is_never_shown(qtbot, host) -> None:
    dialog, field, _notes = host
    qtbot.keyClicks(field.password_edit, "kimdesk2026")
    assert field.password_edit.echoMode() == field.password_edit.EchoMode.Password
    shown = [label.text() for label in dialog.findChildren(FieldNote)]
    shown.append(field.meter.label.text())
    assert not any("kimdesk2026" in text for text in shown)


# -- first start -----------------------------------------------------------------------------


@pytest.fixture
def first_start(qtbot, db_path: Path, demo_path: Path, prompter) -> FirstStartDialog:
    dialog = FirstStartDialog(db_path, demo_path, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_form()
    qtbot.keyClicks(dialog.name_edit, PROFILE.case_manager)
    qtbot.keyClicks(dialog.organisation_edit, PROFILE.organisation)
    qtbot.keyClicks(dialog.municipality_edit, PROFILE.municipality)
    return dialog


@pytest.mark.parametrize("weak", ["1111111111", "qwertzuiop", "Erika Beispiel1234"])
def test_first_start_keeps_create_disabled_for_a_weak_password(
    qtbot, first_start: FirstStartDialog, db_path: Path, weak: str
) -> None:
    qtbot.keyClicks(first_start.password_edit, weak)
    qtbot.keyClicks(first_start.repeat_edit, weak)
    assert not first_start.create_button.isEnabled()
    note = first_start.notes[first_start.password_edit]
    reason = estimate_password(weak, user_inputs=profile_words(PROFILE)).reason
    assert note.is_error and note.text() == reason
    meter = first_start.new_password.meter.label.text()
    assert meter in ("Stärke: sehr schwach", "Stärke: schwach")
    qtbot.keyClick(first_start.repeat_edit, Qt.Key.Key_Return)
    assert first_start.isVisible() and not db_path.exists()


def test_first_start_estimates_again_when_the_name_changes(
    qtbot, first_start: FirstStartDialog
) -> None:
    first_start.name_edit.clear()
    qtbot.keyClicks(first_start.name_edit, "Max Muster")
    qtbot.keyClicks(first_start.password_edit, "Beispiel2026!")
    qtbot.keyClicks(first_start.repeat_edit, "Beispiel2026!")
    assert first_start.create_button.isEnabled()
    first_start.name_edit.clear()
    qtbot.keyClicks(first_start.name_edit, "Erika Beispiel")
    assert not first_start.create_button.isEnabled()
    assert "Ihr Name" in first_start.notes[first_start.password_edit].text()
    assert first_start.new_password.meter.label.text() == "Stärke: mittel"


def test_first_start_accepts_a_passphrase(qtbot, first_start: FirstStartDialog) -> None:
    qtbot.keyClicks(first_start.password_edit, PASSPHRASE)
    qtbot.keyClicks(first_start.repeat_edit, PASSPHRASE)
    assert first_start.create_button.isEnabled()
    assert first_start.new_password.meter.label.text() == "Stärke: sehr stark"


# -- settings --------------------------------------------------------------------------------


def test_settings_ok_refuses_a_weak_new_password(
    qtbot, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    dialog = SettingsDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.profile_tab)
    qtbot.keyClicks(dialog.current_edit, PASSWORD)
    qtbot.keyClicks(dialog.new_edit, "passwort123")
    assert dialog.new_password.meter.label.text() == "Stärke: schwach"  # while typing
    qtbot.keyClicks(dialog.repeat_edit, "passwort123")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.saved_profile is None
    assert dialog.tabs.currentWidget() is dialog.password_tab
    note = dialog.notes[dialog.new_edit]
    assert note.is_error and "häufigsten Passwörter" in note.text()
    assert prompter.messages == [] and caseload.password_matches(PASSWORD)


# -- the monthly report ----------------------------------------------------------------------


@pytest.mark.parametrize("weak", ["export12", "kimdesk2026", "Erika Beispiel1234"])
def test_the_report_refuses_a_weak_export_password(
    qtbot, caseload: Caseload, prompter: RecordingPrompter, tmp_path: Path, weak: str
) -> None:
    folder = tmp_path / "Berichte"
    folder.mkdir()
    dialog = ReportDialog(caseload, prompter, month="2026-11", folder=folder)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password_edit, weak)  # "export12" was enough before: 8 characters
    qtbot.keyClicks(dialog.repeat_edit, weak)
    assert dialog.export_password.meter.label.text().startswith("Stärke: ")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    note = dialog.notes[dialog.password_edit]
    assert note.is_error
    assert note.text() == estimate_password(weak, user_inputs=profile_words(PROFILE)).reason
    assert prompter.messages == [] and list(folder.iterdir()) == []
    assert dialog.isVisible() and caseload.exported_months() == set()


def test_the_report_fields_follow_the_encryption_box(qtbot, caseload, prompter) -> None:
    dialog = ReportDialog(caseload, prompter, month="2026-11")
    qtbot.addWidget(dialog)
    dialog.encrypt_box.setChecked(False)
    assert not dialog.password_edit.isEnabled() and not dialog.repeat_edit.isEnabled()
    dialog.encrypt_box.setChecked(True)
    assert dialog.password_edit.isEnabled() and dialog.export_password.meter.isEnabled()
