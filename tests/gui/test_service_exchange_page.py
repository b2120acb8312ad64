"""The service directory page: deactivating an offer (no longer offered for a new referral,
still shown by the old one), and exporting and importing the directory as a workbook."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Referral, Service
from kimdesk.domain.vocabulary import ConsentKind, LifeDomain
from kimdesk.gui.case_view import CaseView
from kimdesk.gui.referral_dialog import ReferralDialog
from kimdesk.gui.services_page import ServiceDirectoryPage
from kimdesk.service_exchange import COLUMNS
from tests.conftest import TODAY, make_person
from tests.gui.conftest import RecordingPrompter

DIAKONIE = Service("Diakonie", "Schuldnerberatung", domains=frozenset({LifeDomain.FINANCES}))
CARITAS = Service("Caritas", "Sprachkurs", domains=frozenset({LifeDomain.EDUCATION_WORK}))


@pytest.fixture
def page(qtbot, caseload: Caseload, prompter: RecordingPrompter) -> ServiceDirectoryPage:
    caseload.add_service(DIAKONIE)
    caseload.add_service(CARITAS)
    page = ServiceDirectoryPage(caseload, prompter)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    return page


def case_with_referral(caseload: Caseload, service_id: int) -> int:
    case_id = caseload.open_case(caseload.add_person(make_person())).id
    caseload.move_to(case_id, Phase.INTAKE)
    signed = TODAY - timedelta(days=60)
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, signed, "tr"))
    caseload.move_to(case_id, Phase.ASSESSMENT)
    caseload.add_referral(Referral(case_id, TODAY, service_id=service_id))
    return case_id


def row_of(page: ServiceDirectoryPage, provider: str) -> int:
    return [s.provider for s in page.shown_services()].index(provider)


def offered(dialog: ReferralDialog) -> list[str]:
    return [
        dialog.service_list.item(row).text()
        for row in range(dialog.service_list.count())
        if dialog.service_list.item(row).flags() & Qt.ItemFlag.ItemIsSelectable
    ]


def test_a_deactivated_offer_is_not_offered_for_new_referrals_but_old_ones_show_it(
    qtbot, page: ServiceDirectoryPage, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    diakonie_id = 1
    case_id = case_with_referral(caseload, diakonie_id)
    assert not page.active_button.isEnabled()  # nothing selected yet
    page.table.selectRow(row_of(page, "Diakonie"))
    assert page.active_button.text() == "Deak&tivieren"

    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)

    assert not dict(caseload.services())[diakonie_id].active
    row = row_of(page, "Diakonie")
    assert page.proxy.index(row, 1).data() == "deaktiviert: Schuldnerberatung"
    assert page.proxy.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert page.active_button.text() == "Wieder ak&tivieren"  # the entry stays selected
    assert prompter.messages == []

    new = ReferralDialog(caseload, case_id, prompter)
    qtbot.addWidget(new)
    assert offered(new) == ["Caritas – Sprachkurs"]
    [(referral_id, referral)] = caseload.corrections.referrals(case_id)
    correction = ReferralDialog(caseload, case_id, prompter, editing=(referral_id, referral))
    qtbot.addWidget(correction)
    assert correction.service_id() == diakonie_id  # the referral keeps its offer
    assert "Diakonie – Schuldnerberatung" in offered(correction)

    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.show_case(case_id)
    table = view.referrals_table
    texts = [table.item(0, c).text() for c in range(table.columnCount()) if table.item(0, c)]
    assert any("Diakonie" in text for text in texts)

    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)  # and back
    assert dict(caseload.services())[diakonie_id].active
    assert page.proxy.index(row_of(page, "Diakonie"), 1).data() == "Schuldnerberatung"


def test_removing_a_named_offer_offers_deactivation(
    qtbot, page: ServiceDirectoryPage, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    case_with_referral(caseload, 1)
    prompter.answer = False
    page.table.selectRow(row_of(page, "Diakonie"))
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert prompter.kinds() == ["question"] and prompter.actions == ["Deaktivieren"]
    assert dict(caseload.services())[1].active  # declined: nothing changed
    page.table.selectRow(row_of(page, "Caritas"))
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert [s.provider for s in page.shown_services()] == ["Caritas", "Diakonie"]  # declined


def test_the_directory_is_exported_and_imported_with_duplicates_named(
    qtbot,
    page: ServiceDirectoryPage,
    caseload: Caseload,
    prompter: RecordingPrompter,
    tmp_path: Path,
) -> None:
    out = tmp_path / "angebote.xlsx"
    assert page.export_directory(out)
    assert prompter.messages[-1] == ("info", "2 Angebote in angebote.xlsx geschrieben.")
    rows = list(openpyxl.load_workbook(out)["Angebote"].iter_rows(values_only=True))
    assert [row[:2] for row in rows[1:]] == [
        ("Diakonie", "Schuldnerberatung"),
        ("Caritas", "Sprachkurs"),
    ]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    sheet.append(["DIAKONIE", "Schuldner-Beratung", "", "", "", "finanzielle Situation"])
    sheet.append(["AWO", "Jugendmigrationsdienst", "", "", "", "Migration/Integration"])
    incoming = tmp_path / "koordination.xlsx"
    book.save(incoming)

    prompter.answer = False
    assert page.import_directory(incoming) == 0
    question = prompter.messages[-1][1]
    assert question.startswith("1 Angebot in die Angebotsdatenbank übernehmen?")
    assert "Zeile 2: DIAKONIE – Schuldner-Beratung steht bereits" in question
    assert len(caseload.services()) == 2

    prompter.answer = True
    changed: list[bool] = []
    page.changed.connect(lambda: changed.append(True))
    assert page.import_directory(incoming) == 1
    assert [s.provider for s in page.shown_services()] == ["AWO", "Caritas", "Diakonie"]
    assert changed == [True]

    assert page.import_directory(incoming) == 0  # everything is known now
    assert prompter.messages[-1][0] == "info"
    assert "nichts zu übernehmen" in prompter.messages[-1][1]

    broken = tmp_path / "kaputt.xlsx"
    broken.write_bytes(b"PK\x03\x04 kein Archiv")
    assert page.import_directory(broken) == 0
    assert prompter.messages[-1][0] == "error"
    assert len(caseload.services()) == 3
