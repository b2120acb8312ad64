"""IT's kimdesk.toml in the windows: locked keys read-only in the settings dialog ("von der IT
vorgegeben") and kept on saving, presets at the first start, problems shown once at the start."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from kimdesk.app_settings import load_app_settings
from kimdesk.caseload import Caseload
from kimdesk.gui.first_start import FirstStartDialog
from kimdesk.gui.session import Session
from kimdesk.gui.settings_dialog import SettingsDialog
from kimdesk.lifecycle.backup import backups_to_keep
from tests.conftest import PASSWORD, PROFILE, Write
from tests.gui.conftest import RecordingPrompter

IT_NOTE = "von der IT vorgegeben"
ORGANISATION = "Diakonie Musterkreis e. V."
ADDRESS = "Kirchplatz 3, 33330 Musterstadt"
LOCKED_FILE = f"""
organisation = "{ORGANISATION}"
organisation_address = "{ADDRESS}"
retention_years = 10
backups_to_keep = 14
language = "de"
idle_lock_minutes = 5
locked = ["organisation", "retention_years", "backups_to_keep", "language"]
"""


def settings(qtbot, caseload: Caseload, prompter: RecordingPrompter) -> SettingsDialog:
    dialog = SettingsDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_locked_keys_are_read_only_with_the_it_note(
    qtbot, machine: Write, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    machine(LOCKED_FILE)
    dialog = settings(qtbot, caseload, prompter)
    assert dialog.organisation_edit.text() == ORGANISATION  # over the caseload's "Caritas"
    assert dialog.organisation_edit.isReadOnly()
    assert dialog.retention_spin.isReadOnly() and dialog.retention_spin.value() == 10
    assert dialog.backup_keep_spin.isReadOnly() and dialog.backup_keep_spin.value() == 14
    assert not dialog.language_combo.isEnabled()
    for field in (
        dialog.organisation_edit,
        dialog.retention_spin,
        dialog.backup_keep_spin,
        dialog.language_combo,
    ):
        assert dialog.notes[field].text() == IT_NOTE and field.toolTip() == IT_NOTE
    assert set(dialog.locked_fields) == {
        "organisation",
        "retention_years",
        "backups_to_keep",
        "language",
    }
    # not locked: a preset fills the empty address, and the fields stay open to the user
    assert dialog.address_edit.text() == ADDRESS and not dialog.address_edit.isReadOnly()
    assert dialog.idle_spin.value() == PROFILE.idle_lock_minutes  # the caseload's own value
    for field in (dialog.name_edit, dialog.address_edit, dialog.officer_edit, dialog.idle_spin):
        assert dialog.notes[field].text() != IT_NOTE and field.isEnabled()


def test_saving_keeps_the_locked_values(
    qtbot, machine: Write, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    machine(LOCKED_FILE)
    dialog = settings(qtbot, caseload, prompter)
    dialog.tabs.setCurrentWidget(dialog.organisation_tab)
    qtbot.keyClicks(dialog.organisation_edit, " und Freunde")  # read-only: typing does nothing
    dialog.retention_spin.setFocus()
    qtbot.keyClick(dialog.retention_spin, Qt.Key.Key_Up)
    qtbot.keyClicks(dialog.officer_edit, "DSB Musterkreis, 01234 5678")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted and prompter.messages == []
    assert dialog.saved_profile is not None
    assert dialog.saved_profile.organisation == ORGANISATION
    assert dialog.saved_profile.retention_years == 10
    assert dialog.saved_profile.data_protection_officer == "DSB Musterkreis, 01234 5678"
    stored = caseload.repo.profile_values()
    assert stored["organisation"] == ORGANISATION and stored["retention_years"] == "10"
    assert stored["data_protection_officer"] == "DSB Musterkreis, 01234 5678"
    assert "backups_to_keep" not in stored  # the locked count was not written as the user's
    assert backups_to_keep(caseload) == 14
    assert load_app_settings().language == "de"


def test_a_locked_value_wins_even_if_the_field_was_changed_behind_its_back(
    qtbot, machine: Write, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    machine(LOCKED_FILE)
    dialog = settings(qtbot, caseload, prompter)
    dialog.organisation_edit.setText("Caritas")  # as a programme or an accessibility tool could
    dialog.retention_spin.setValue(2)
    dialog.save()
    assert caseload.profile().organisation == ORGANISATION
    assert caseload.repo.profile_values()["retention_years"] == "10"


def test_without_the_file_every_field_is_open(
    qtbot, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    dialog = settings(qtbot, caseload, prompter)
    assert dialog.locked_fields == {}
    assert not any(isinstance(field, QLineEdit) and field.isReadOnly() for field in dialog.notes)
    assert dialog.language_combo.isEnabled() and not dialog.retention_spin.isReadOnly()


def test_the_backup_hint_names_the_folder_of_the_file(
    qtbot, machine: Write, caseload: Caseload, prompter: RecordingPrompter, tmp_path: Path
) -> None:
    machine(f'backup_folder = "{tmp_path / "sicherungen"}"\n')
    dialog = settings(qtbot, caseload, prompter)
    assert dialog.backup_hint.text() == (
        f"Je Tag wird eine Sicherung aufbewahrt, im Ordner {tmp_path / 'sicherungen'}."
    )


# -- the first start -------------------------------------------------------------------------


def test_the_first_start_is_filled_in_from_the_presets(
    qtbot, machine: Write, db_path: Path, demo_path: Path, prompter: RecordingPrompter
) -> None:
    machine(
        f"""
organisation = "{ORGANISATION}"
municipality = "Kreis Musterkreis"
coordination_email = "kim@musterkreis.example"
organisation_address = "{ADDRESS}"
retention_years = 10
locked = ["organisation"]
"""
    )
    dialog = FirstStartDialog(db_path, demo_path, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.create_choice, Qt.MouseButton.LeftButton)
    assert dialog.organisation_combo.currentText() == ORGANISATION
    assert not dialog.organisation_combo.isEnabled()
    assert dialog.notes[dialog.organisation_combo].text() == IT_NOTE
    assert dialog.municipality_edit.text() == "Kreis Musterkreis"
    assert not dialog.municipality_edit.isReadOnly()  # a preset, not locked
    assert dialog.email_edit.text() == "kim@musterkreis.example"
    qtbot.keyClicks(dialog.name_edit, PROFILE.case_manager)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClicks(dialog.repeat_edit, PASSWORD)
    assert dialog.create_button.isEnabled()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert dialog.caseload is not None and prompter.messages == []
    try:
        stored = dialog.caseload.repo.profile_values()
        assert stored["organisation"] == ORGANISATION
        assert stored["municipality"] == "Kreis Musterkreis"
        assert stored["organisation_address"] == ADDRESS  # no field here: applied on creation
        assert stored["retention_years"] == "10"
    finally:
        dialog.caseload.close()


# -- the start -------------------------------------------------------------------------------


class FakeApp:
    def quit(self) -> None:
        pass


def test_problems_are_shown_once_at_the_start_and_kimdesk_goes_on(
    machine: Write,
    db_path: Path,
    demo_path: Path,
    prompter: RecordingPrompter,
    monkeypatch: pytest.MonkeyPatch,
    caplog,
) -> None:
    path = machine('retention_years = 99\norganisation = "Geheimverein"\nfarbe = "blau"\n')
    shown: list[str] = []

    def exec_(self: FirstStartDialog) -> int:
        shown.append(self.organisation_combo.currentText())
        return 0  # the user quits

    monkeypatch.setattr(FirstStartDialog, "exec", exec_)
    session = Session(FakeApp(), db_path, prompter, demo_path=demo_path)  # type: ignore[arg-type]
    assert not session.begin()
    [(kind, text)] = prompter.messages
    assert kind == "warning"
    assert f"{path}: retention_years: 99 liegt nicht zwischen 1 und 30" in text
    assert f"{path}: farbe: unbekannte Einstellung" in text
    assert shown == ["Geheimverein"]  # the good key still applies; the window came up
    assert "retention_years" in caplog.text and "Geheimverein" not in caplog.text


def test_a_caseload_with_a_lock_in_the_way_still_opens(
    machine: Write, caseload: Caseload, db_path: Path
) -> None:
    """A locked value the caseload never had is not written behind the user's back."""
    caseload.update_profile(replace(PROFILE, organisation="AWO"))
    machine(LOCKED_FILE)
    assert caseload.profile().organisation == ORGANISATION
    assert caseload.repo.profile_values()["organisation"] == "AWO"
