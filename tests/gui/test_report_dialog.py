"""The monthly report from the GUI: encrypted file in the chosen folder, the e-mail draft,
the leak check's message, and nothing written when something is wrong."""

from __future__ import annotations

import email
import io
from email import policy
from pathlib import Path

import msoffcrypto
import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

import kimdesk.report
from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Contact
from kimdesk.domain.vocabulary import ConsentKind, Setting
from kimdesk.gui.report_dialog import ReportDialog
from kimdesk.i18n import _
from tests.conftest import TODAY, make_person

PASSWORD = "bericht-2026-geheim"


@pytest.fixture
def case_id(caseload: Caseload) -> int:
    case = caseload.open_case(caseload.add_person(make_person("Haddad", "Amal")))
    caseload.move_to(case.id, Phase.INTAKE)
    caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, TODAY, "ar"))
    caseload.move_to(case.id, Phase.ASSESSMENT)
    caseload.add_contact(Contact(case.id, TODAY, 50, Setting.OUTREACH, note="Haddad privat"))
    return case.id


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "Berichte"  # apart from the caseload file in tmp_path
    folder.mkdir()
    return folder


def dialog_for(qtbot, caseload: Caseload, prompter, folder: Path) -> ReportDialog:
    dialog = ReportDialog(caseload, prompter, month="2026-11", folder=folder)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_an_encrypted_report_is_saved_where_chosen(
    qtbot, caseload: Caseload, case_id: int, prompter, out_dir: Path
) -> None:
    dialog = dialog_for(qtbot, caseload, prompter, out_dir)
    assert dialog.encrypt_box.isChecked()  # on by default
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClicks(dialog.repeat_edit, PASSWORD)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [written] = list(out_dir.iterdir())
    assert written.name == "KIM-CM_Monatsbericht_2026-11_EB.xlsx"
    office = msoffcrypto.OfficeFile(io.BytesIO(written.read_bytes()))
    office.load_key(password=PASSWORD)
    plain = io.BytesIO()
    office.decrypt(plain)
    workbook = openpyxl.load_workbook(plain)
    assert workbook["Termine"].max_row == 2  # header and the one contact
    assert "2026-11" in caseload.exported_months()
    assert prompter.kinds() == ["info"]


def test_a_short_or_differing_password_writes_nothing(
    qtbot, caseload: Caseload, case_id: int, prompter, out_dir: Path
) -> None:
    dialog = dialog_for(qtbot, caseload, prompter, out_dir)
    qtbot.keyClicks(dialog.password_edit, "kurz")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.notes[dialog.password_edit].is_error
    dialog.password_edit.setText(PASSWORD)
    dialog.repeat_edit.setText(PASSWORD + "x")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.notes[dialog.repeat_edit].text() == _("The two passwords differ.")
    assert list(out_dir.iterdir()) == [] and caseload.exported_months() == set()


def test_a_gap_text_naming_the_client_blocks_the_export(
    qtbot, caseload: Caseload, case_id: int, prompter, out_dir: Path
) -> None:
    caseload.save_form(
        case_id,
        "needs_plan",
        {
            "date": TODAY.isoformat(),
            "measures": [
                {
                    "measure": "Wohnungssuche",
                    "alternative_route": True,
                    "gap_domain": "housing",
                    "gap_description": "Frau Haddad findet keine Beratung auf Arabisch",
                }
            ],
        },
        final=True,
    )
    dialog = dialog_for(qtbot, caseload, prompter, out_dir)
    dialog.encrypt_box.setChecked(False)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert prompter.kinds() == ["error"]
    message = prompter.messages[0][1]
    assert "Angebotslücken" in message and "Haddad" not in message
    assert list(out_dir.iterdir()) == [] and dialog.isVisible()


def test_sending_writes_a_draft_and_copies_the_address_when_no_mail_program_opens(
    qtbot, caseload: Caseload, case_id: int, prompter, out_dir: Path, monkeypatch
) -> None:
    # The dialog imports it when it exports (cold start), so it is replaced where it lives.
    monkeypatch.setattr(kimdesk.report, "open_with_mail_program", lambda path: False)
    dialog = dialog_for(qtbot, caseload, prompter, out_dir)
    dialog.password_edit.setText(PASSWORD)
    dialog.repeat_edit.setText(PASSWORD)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    draft = out_dir / "KIM-CM_Monatsbericht_2026-11_EB.eml"
    message = email.message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1" and message["To"] == "koordination@example.org"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "KIM-CM_Monatsbericht_2026-11_EB.xlsx"
    assert QGuiApplication.clipboard().text() == "koordination@example.org"
    assert prompter.kinds() == ["info"] and str(out_dir) in prompter.messages[0][1]
