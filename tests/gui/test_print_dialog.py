"""Printing from the GUI: the consent in the client's language for a case, blank forms
without a case, the file only where the user chose it and named without personal data."""

from __future__ import annotations

import subprocess
from pathlib import Path

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind
from kimdesk.gui.print_dialog import PrintDialog
from tests.conftest import TODAY, make_person


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_consent_defaults_to_the_clients_language(
    qtbot, caseload: Caseload, prompter, tmp_path: Path
) -> None:
    case = caseload.open_case(caseload.add_person(make_person("Haddad", "Amal")))
    caseload.move_to(case.id, Phase.INTAKE)
    caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, TODAY, "uk"))
    dialog = PrintDialog(caseload, prompter, case_id=case.id)
    qtbot.addWidget(dialog)
    assert dialog.language_combo.currentData() == "uk"
    assert not dialog.blank_box.isChecked()
    name = dialog.suggested_name()
    assert name == f"consent_uk_{case.case_number}.pdf" and "Haddad" not in name
    out = tmp_path / "chosen" / name
    out.parent.mkdir()
    assert dialog.save_to(out)
    text = pdf_text(out)
    assert "Einverständniserklärung" in text and "Amal Haddad" in text
    assert list(out.parent.iterdir()) == [out]


def test_without_a_case_only_blank_documents_are_offered(
    qtbot, caseload: Caseload, prompter, tmp_path: Path
) -> None:
    dialog = PrintDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    ids = [dialog.document_combo.itemData(i) for i in range(dialog.document_combo.count())]
    assert "screening" in ids and "comparison" not in ids and "case-file" not in ids
    assert dialog.blank_box.isChecked() and not dialog.blank_box.isEnabled()
    dialog.document_combo.setCurrentIndex(ids.index("screening"))
    assert not dialog.language_combo.isEnabled()
    assert dialog.save_to(tmp_path / "screening")  # .pdf is added
    assert "Screening" in pdf_text(tmp_path / "screening.pdf")
