"""The report dialog at month end: it starts with the month that is due, its default folder
exists (created on a fresh profile, else the home folder), and it remembers the last folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kimdesk.app_settings import load_app_settings
from kimdesk.caseload import Caseload
from kimdesk.domain.records import Contact
from kimdesk.domain.vocabulary import Setting
from kimdesk.gui import report_dialog
from kimdesk.gui.report_dialog import ReportDialog, default_folder
from tests.conftest import PASSWORD, PROFILE, make_person

FIRST = date(2026, 12, 1)
NAME = "KIM-CM_Monatsbericht_2026-11_EB.xlsx"


@pytest.fixture
def caseload(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Created on 1 December, full of November's work."""
    caseload = Caseload.create(tmp_path / "neu.kimdesk", PASSWORD, PROFILE, today=lambda: FIRST)
    case = caseload.open_case(caseload.add_person(make_person()), opened_on=date(2026, 11, 3))
    caseload.add_contact(Contact(case.id, date(2026, 11, 17), 45, Setting.IN_PERSON))
    yield caseload
    caseload.close()


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new user's profile: a home folder without "Documents"."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))  # no user-dirs.dirs
    return home


def open_dialog(qtbot, caseload: Caseload, prompter) -> ReportDialog:
    dialog = ReportDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.encrypt_box.setChecked(False)
    return dialog


def test_on_the_first_the_dialog_offers_last_month(qtbot, caseload, prompter, fresh_home) -> None:
    dialog = open_dialog(qtbot, caseload, prompter)
    assert dialog.month == "2026-11"
    assert dialog.month_combo.currentText() == "November 2026"


def test_save_only_works_on_a_fresh_profile(qtbot, caseload, prompter, fresh_home) -> None:
    documents = fresh_home / "Documents"
    dialog = open_dialog(qtbot, caseload, prompter)
    assert dialog.folder == documents and documents.is_dir()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert prompter.kinds() == ["info"]
    assert (documents / NAME).is_file()


def test_a_folder_gone_since_the_dialog_opened_is_made_again(
    qtbot, caseload, prompter, fresh_home
) -> None:
    dialog = open_dialog(qtbot, caseload, prompter)
    dialog.folder.rmdir()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert prompter.kinds() == ["info"] and (dialog.folder / NAME).is_file()


def test_without_a_documents_folder_the_report_goes_home(fresh_home: Path) -> None:
    blocker = fresh_home / "a-file"
    blocker.write_text("", encoding="utf-8")
    assert default_folder(blocker / "Documents") == fresh_home
    assert default_folder(fresh_home / "Dokumente") == fresh_home / "Dokumente"


def test_the_folder_chosen_last_is_remembered(
    qtbot, caseload, prompter, fresh_home, tmp_path: Path, monkeypatch
) -> None:
    chosen = tmp_path / "Berichte"
    chosen.mkdir()
    monkeypatch.setattr(
        report_dialog.QFileDialog, "getExistingDirectory", lambda *args: str(chosen)
    )
    dialog = open_dialog(qtbot, caseload, prompter)
    dialog.choose_folder()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert (chosen / NAME).is_file()
    assert load_app_settings().report_folder == str(chosen)

    again = open_dialog(qtbot, caseload, prompter)
    assert again.folder == chosen and again.folder_label.text() == str(chosen)

    (chosen / NAME).unlink()
    chosen.rmdir()  # a USB stick taken out: back to the default
    assert open_dialog(qtbot, caseload, prompter).folder == fresh_home / "Documents"
