"""Backups in the GUI: the restore dialog, the unlock dialog's offer, automatic backups."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog

from kimdesk.caseload import Caseload
from kimdesk.demo import fill_demo
from kimdesk.gui.backup_dialog import AutoBackup, RestoreDialog, create_backup
from kimdesk.gui.main_window import MainWindow
from kimdesk.gui.settings_dialog import SettingsDialog
from kimdesk.gui.unlock import UnlockDialog
from kimdesk.lifecycle.backup import (
    automatic_backup_name,
    automatic_backups,
    backup_folder,
    backups_to_keep,
    make_backup,
)
from tests.conftest import PASSWORD, PROFILE, TODAY
from tests.gui.conftest import RecordingPrompter

NOW = datetime(2026, 12, 5, 9, 30)


@pytest.fixture
def with_backup(db_path: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A closed caseload with cases, and a backup of it on a "USB stick"."""
    caseload = Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: TODAY)
    fill_demo(caseload, cases=3, seed=2, today=TODAY)
    stick = tmp_path / "usb"
    stick.mkdir()
    backup = make_backup(caseload, stick / "sicherung.kimdesk-backup")
    caseload.close()
    return db_path, backup


def counts(path: Path) -> tuple[int, int, int]:
    caseload = Caseload.open(path, PASSWORD)
    try:
        table = caseload.repo.table_counts()
    finally:
        caseload.close()
    return table["persons"], table["cases"], table["contacts"]


def restore_dialog(qtbot, db_path: Path, prompter: RecordingPrompter) -> RestoreDialog:
    dialog = RestoreDialog(db_path, prompter, now=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_dialog_checks_summarises_and_restores(
    qtbot, with_backup, prompter: RecordingPrompter, tmp_path: Path
) -> None:
    db_path, backup = with_backup
    before = counts(db_path)
    db_path.write_bytes(db_path.read_bytes()[:-100])  # damaged (truncated)
    dialog = restore_dialog(qtbot, db_path, prompter)
    dialog.file_edit.setText(str(backup))
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert f"Personen: {before[0]}, Fälle: {before[1]}, Kontakte: {before[2]}" in (
        dialog.summary_label.text()
    )
    assert "Letzte Änderung: 23.11.2026" in dialog.summary_label.text()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert prompter.kinds() == ["question", "info"]
    assert "Personen:" in prompter.messages[0][1]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.restored is not None and dialog.restored.kept_aside is not None
    assert dialog.restored.kept_aside.exists()
    assert counts(db_path) == before
    assert dialog.password_edit.text() == ""


def test_saying_no_changes_nothing(qtbot, with_backup, prompter: RecordingPrompter) -> None:
    db_path, backup = with_backup
    before = db_path.read_bytes()
    prompter.answer = False
    dialog = restore_dialog(qtbot, db_path, prompter)
    dialog.file_edit.setText(str(backup))
    dialog.password_edit.setText(PASSWORD)
    dialog.restore()  # checks first, then asks
    assert prompter.kinds() == ["question"]
    assert dialog.isVisible() and dialog.restored is None
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("problem", ["password", "damaged"])
def test_a_wrong_password_or_damaged_backup_is_refused_in_the_dialog(
    qtbot, with_backup, prompter: RecordingPrompter, problem: str
) -> None:
    db_path, backup = with_backup
    password = PASSWORD
    if problem == "password":
        password = "ein-anderes-passwort"
    else:
        data = bytearray(backup.read_bytes())
        data[len(data) // 2] ^= 0xFF
        backup.write_bytes(bytes(data))
    before = db_path.read_bytes()
    dialog = restore_dialog(qtbot, db_path, prompter)
    dialog.file_edit.setText(str(backup))
    dialog.password_edit.setText(password)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    expected = "Passwort ist falsch" if problem == "password" else "beschädigt"
    assert expected in dialog.message
    assert prompter.messages == [] and dialog.restored is None
    assert db_path.read_bytes() == before


def test_unlock_offers_restore_only_when_damaged_or_missing(
    qtbot, with_backup, prompter: RecordingPrompter, tmp_path: Path
) -> None:
    db_path, _backup = with_backup
    healthy = UnlockDialog(db_path, prompter)
    qtbot.addWidget(healthy)
    assert healthy.restore_button.isHidden()

    db_path.write_bytes(db_path.read_bytes()[:-100])
    damaged = UnlockDialog(db_path, prompter)
    qtbot.addWidget(damaged)
    damaged.show()
    assert damaged.restore_button.isHidden()  # not known before trying
    qtbot.keyClicks(damaged.password_edit, PASSWORD)
    qtbot.mouseClick(damaged.unlock_button, Qt.MouseButton.LeftButton)
    assert damaged.caseload is None and "beschädigt" in damaged.message
    assert damaged.restore_button.isVisible()

    missing = UnlockDialog(tmp_path / "gone.kimdesk", prompter)
    qtbot.addWidget(missing)
    assert not missing.restore_button.isHidden()


def test_a_backup_by_hand_goes_where_chosen_and_never_overwrites(
    qtbot, caseload: Caseload, prompter: RecordingPrompter, tmp_path: Path
) -> None:
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    target = tmp_path / "stick.kimdesk-backup"
    assert create_backup(window, caseload, prompter, target=target) == target
    assert target.exists() and prompter.kinds() == ["info"]
    before = target.read_bytes()
    assert create_backup(window, caseload, prompter, target=target) is None
    assert prompter.kinds() == ["info", "error"]
    assert "nicht überschrieben" in prompter.messages[-1][1]
    assert target.read_bytes() == before
    assert window.backup_action.text() == "Si&cherung erstellen …"
    window.close()


def test_closing_the_window_makes_an_automatic_backup_locking_does_not(
    qtbot, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    folder = backup_folder(caseload.db.path)
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.closed):
        window.lock()
    assert not folder.exists()

    again = Caseload.open(caseload.db.path, PASSWORD)
    window = MainWindow(again, prompter)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.closed):
        window.close()
    assert len(automatic_backups(folder)) == 1


def test_the_daily_check_makes_at_most_one_backup_a_day(
    qtbot, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    now = [NOW]
    auto = AutoBackup(lambda: caseload, now=lambda: now[0], environ={})
    assert auto.check() is not None
    now[0] = NOW.replace(hour=20)
    assert auto.check() is None
    now[0] = NOW.replace(day=6, hour=10)
    assert auto.check() == backup_folder(caseload.db.path) / automatic_backup_name(now[0])
    auto.stop()


def test_a_failed_automatic_backup_is_reported(qtbot, tmp_path: Path) -> None:
    synced = tmp_path / "OneDrive"
    synced.mkdir()
    caseload = Caseload.create(synced / "caseload.kimdesk", PASSWORD, PROFILE)
    auto = AutoBackup(lambda: caseload, now=lambda: NOW, environ={})
    try:
        with qtbot.waitSignal(auto.failed) as signal:
            assert auto.run() is None
    finally:
        caseload.close()
        auto.stop()
    assert "Cloud" in signal.args[0]


def test_the_number_to_keep_is_a_setting(
    qtbot, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    dialog = SettingsDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    assert dialog.backup_keep_spin.value() == 7
    dialog.backup_keep_spin.setValue(3)
    dialog.save()
    assert backups_to_keep(caseload) == 3


def test_restoring_from_the_main_window_closes_and_asks_for_the_password_again(
    qtbot, with_backup, prompter: RecordingPrompter
) -> None:
    db_path, backup = with_backup
    before = counts(db_path)
    caseload = Caseload.open(db_path, PASSWORD)
    fill_demo(caseload, cases=2, seed=9, today=TODAY)  # changes made after the backup
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()

    def fill_in() -> None:
        dialog = next(w for w in window.findChildren(RestoreDialog) if w.isVisible())
        dialog.file_edit.setText(str(backup))
        dialog.password_edit.setText(PASSWORD)
        dialog.restore()

    QTimer.singleShot(0, fill_in)
    with qtbot.waitSignal(window.closed) as closed:
        window.restore_from_backup()
    assert closed.args == [True]  # locked: the unlock dialog opens the restored file
    assert window.caseload is None
    assert counts(db_path) == before
    assert not backup_folder(db_path).exists()  # no automatic backup of the replaced state
