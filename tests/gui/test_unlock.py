"""Unlocking: a wrong password is said in the dialog and can be corrected in place."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from kimdesk.caseload import Caseload
from kimdesk.demo import DEMO_PASSWORD, DEMO_PROFILE
from kimdesk.gui.unlock import UnlockDialog
from kimdesk.i18n import _
from tests.conftest import PASSWORD, PROFILE
from tests.gui.conftest import RecordingPrompter


@pytest.fixture
def existing(db_path: Path) -> Path:
    Caseload.create(db_path, PASSWORD, PROFILE).close()
    return db_path


@pytest.fixture
def dialog(qtbot, existing: Path, demo_path: Path, prompter: RecordingPrompter) -> UnlockDialog:
    dialog = UnlockDialog(existing, prompter, demo_path=demo_path)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_dialog_names_the_file_only(dialog, existing) -> None:
    texts = [label.text() for label in dialog.findChildren(type(dialog.message_label))]
    assert existing.name in texts
    assert not any(PROFILE.case_manager in text for text in texts)  # the profile is encrypted


def test_a_wrong_password_is_said_in_the_dialog_and_kept_for_correction(
    qtbot, dialog, prompter
) -> None:
    qtbot.keyClicks(dialog.password_edit, "falsches-passwort")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.caseload is None
    assert dialog.message == _("The password is wrong.")
    assert dialog.password_edit.text() == "falsches-passwort"
    assert dialog.password_edit.selectedText() == "falsches-passwort"
    assert prompter.messages == []

    qtbot.keyClicks(dialog.password_edit, PASSWORD)  # typing replaces the selection
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.caseload is not None
    try:
        assert dialog.caseload.profile() == PROFILE
    finally:
        dialog.caseload.close()
    assert dialog.password_edit.text() == ""


def test_an_empty_password_asks_for_one(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.message == _("Please enter the password.")
    assert dialog.isVisible()


def test_a_damaged_file_is_explained(qtbot, tmp_path, prompter) -> None:
    damaged = tmp_path / "kaputt.kimdesk"
    damaged.write_bytes(b"\x00" * 1000)
    dialog = UnlockDialog(damaged, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.caseload is None
    assert dialog.message == _("The caseload file is damaged or not a kimdesk file.")


def test_the_demo_caseload_shows_its_password(qtbot, demo_path, prompter) -> None:
    Caseload.create(demo_path, DEMO_PASSWORD, DEMO_PROFILE).close()
    dialog = UnlockDialog(demo_path, prompter, demo_path=demo_path)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(type(dialog.message_label)))
    assert DEMO_PASSWORD in texts
    assert dialog.demo_button is None  # no "view demo" inside the demo


def test_the_demo_can_be_opened_instead(qtbot, dialog, demo_path) -> None:
    assert dialog.demo_button is not None
    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert dialog.caseload is not None
    try:
        assert dialog.caseload.profile().is_demo
    finally:
        dialog.caseload.close()
    assert demo_path.exists()


def test_the_password_field_hides_its_text_and_is_named(dialog) -> None:
    assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password
    assert dialog.password_edit.accessibleName()
