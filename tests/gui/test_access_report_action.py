"""Case view → Auskunft nach Art. 15 …: the print dialog opens on the access report of the
case, and saves it under a name without personal data."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from kimdesk.caseload import Caseload
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind
from kimdesk.gui.case_view import CaseView
from kimdesk.gui.print_dialog import PrintDialog
from tests.conftest import make_person


def test_the_case_view_opens_the_access_report(
    qtbot, caseload: Caseload, prompter, tmp_path: Path
) -> None:
    case = caseload.open_case(
        caseload.add_person(make_person("Haddad", "Amal", phone="0521 4443322")),
        opened_on=date(2026, 2, 2),
    )
    caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, date(2026, 2, 3), "uk"))
    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.show_case(case.id)
    assert view.access_report_button.text() == "Auskunft nach Art. 15 …"

    qtbot.mouseClick(view.access_report_button, Qt.MouseButton.LeftButton)

    dialog = view.dialog
    assert isinstance(dialog, PrintDialog)
    assert dialog.case is not None and dialog.case.id == case.id
    assert dialog.document.id == "access-report"
    assert not dialog.blank_box.isEnabled() and not dialog.blank_box.isChecked()
    # the headings also in the client's consent language, which can be changed
    assert dialog.language_combo.isEnabled()
    assert dialog.language_combo.currentData() == "uk"
    name = dialog.suggested_name()
    assert name == f"auskunft_art15_{case.case_number}.pdf"
    out = tmp_path / "chosen" / name
    out.parent.mkdir()
    assert dialog.save_to(out)
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Haddad" in text and "0521 4443322" in text and "Art. 15" in text
    assert "Persönliche Daten" in text and "Персональні дані" in text
    assert list(out.parent.iterdir()) == [out]
    assert prompter.messages == []
