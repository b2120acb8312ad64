"""Recording consents: the kinds, the language of the form, the agencies of the release."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTimer

from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind
from kimdesk.gui.consent_dialog import LANGUAGES, ConsentDialog, language_name
from kimdesk.i18n import _
from tests.conftest import TODAY, make_person


@pytest.fixture
def case_id(caseload) -> int:
    return caseload.open_case(caseload.add_person(make_person())).id


def open_dialog(qtbot, caseload, case_id, prompter, **kind) -> ConsentDialog:
    dialog = ConsentDialog(caseload, case_id, prompter, **kind)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def with_cover_sheet(caseload, case_id: int) -> None:
    """A consent to data processing and a cover sheet draft naming two agencies."""
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, TODAY, "de"))
    agency = {"contact_person": "", "phone": "", "file_number": ""}
    caseload.save_form(
        case_id,
        "cover_sheet",
        {
            "admitted_on": TODAY.isoformat(),
            "agency_jobcenter": {**agency, "name": "Jobcenter Solingen"},
            "agency_doctors": {**agency, "name": "Dr. Demir"},
            "agency_youth": {**agency, "name": ""},
        },
        final=False,
    )


def test_by_default_it_records_the_consent_to_data_processing_today_in_german(
    qtbot, caseload, case_id, prompter
) -> None:
    dialog = open_dialog(qtbot, caseload, case_id, prompter)
    assert dialog.kind() is ConsentKind.DATA_PROCESSING
    assert dialog.date_edit.date() == QDate(TODAY)
    assert dialog.language_combo.currentData() == "de"
    assert not dialog.agency_group.isVisibleTo(dialog)
    assert not dialog.restrictions_edit.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert caseload.has_valid_consent(case_id)
    assert dialog.consent_id is not None


def test_the_consent_languages_are_named_in_the_ui_language(qtbot, caseload, case_id, prompter):
    dialog = open_dialog(qtbot, caseload, case_id, prompter)
    codes = [dialog.language_combo.itemData(i) for i in range(dialog.language_combo.count())]
    assert codes == "de en fr ar fa ps ku tr uk ru ro bg pl ti".split()
    arabic = dialog.language_combo.findData("ar")
    assert dialog.language_combo.itemText(arabic) == _("Arabic") == language_name("ar")
    assert language_name("xx") == "xx"
    dialog.set_language("ar")
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    assert [c.language for c in caseload.consents(case_id)] == ["ar"]
    assert len(LANGUAGES) == 14


def test_the_release_offers_the_agencies_of_the_cover_sheet(qtbot, caseload, case_id, prompter):
    with_cover_sheet(caseload, case_id)
    dialog = open_dialog(
        qtbot, caseload, case_id, prompter, kind=ConsentKind.CONFIDENTIALITY_RELEASE
    )
    assert dialog.agency_group.isVisibleTo(dialog)
    names = [box.accessibleName() for box in dialog.agency_boxes]
    # in the order of the paper form; the agency without a name is left out
    assert names == ["Jobcenter: Jobcenter Solingen", "Ärzte: Dr. Demir"]

    dialog.save()  # no agency chosen: the caseload refuses, the dialog says why
    assert prompter.kinds() == ["error"] and dialog.isVisible()

    dialog.agency_boxes[0].setChecked(True)
    qtbot.keyClicks(dialog.other_agency_edit, "Schule; Kita Nord")  # QTest types ASCII only
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    release = caseload.consents(case_id)[-1]
    assert release.kind is ConsentKind.CONFIDENTIALITY_RELEASE
    assert release.agencies == ("Jobcenter: Jobcenter Solingen", "Schule", "Kita Nord")


def test_a_case_without_cover_sheet_takes_agencies_from_the_free_line(
    qtbot, caseload, case_id, prompter
) -> None:
    dialog = open_dialog(
        qtbot, caseload, case_id, prompter, kind=ConsentKind.CONFIDENTIALITY_RELEASE
    )
    assert dialog.agency_boxes == []
    qtbot.keyClicks(dialog.other_agency_edit, "Jobcenter")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.other_agency_edit, Qt.Key.Key_Return)
    assert caseload.consents(case_id)[0].agencies == ("Jobcenter",)


def test_the_needs_conference_records_its_restrictions(qtbot, caseload, case_id, prompter):
    dialog = open_dialog(qtbot, caseload, case_id, prompter)
    combo = dialog.kind_combo
    combo.setCurrentIndex(combo.findData(ConsentKind.NEEDS_CONFERENCE.value))
    assert dialog.restrictions_edit.isVisibleTo(dialog)
    assert not dialog.agency_group.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.restrictions_edit, "ohne Angaben zur Gesundheit")
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    (consent,) = caseload.consents(case_id)
    assert consent.kind is ConsentKind.NEEDS_CONFERENCE
    assert consent.restrictions == "ohne Angaben zur Gesundheit" and consent.agencies == ()


def test_escape_stores_nothing(qtbot, caseload, case_id, prompter) -> None:
    dialog = open_dialog(qtbot, caseload, case_id, prompter)
    with qtbot.waitSignal(dialog.rejected):
        qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Escape)
    assert caseload.consents(case_id) == []


def test_the_form_to_sign_prints_from_here_in_the_chosen_language(
    qtbot, caseload, case_id, prompter, tmp_path
) -> None:
    with_cover_sheet(caseload, case_id)
    dialog = open_dialog(
        qtbot, caseload, case_id, prompter, kind=ConsentKind.CONFIDENTIALITY_RELEASE
    )
    dialog.set_language("ti")
    printed: list[Path] = []

    def save_and_close() -> None:
        printing = dialog.print_dialog
        assert printing.document.id == "release-of-confidentiality"
        assert printing.language_combo.currentData() == "ti"
        assert printing.save_to(tmp_path / printing.suggested_name())
        printed.append(printing.saved)

    QTimer.singleShot(0, save_and_close)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    [path] = printed
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Schweigepflichtentbindung" in text and "ሓበሬታ" in text  # German and Tigrinya
    assert "Jobcenter Solingen" in text and "Dr. Demir" in text  # the cover sheet's agencies
    assert caseload.consents(case_id)[-1].kind is ConsentKind.DATA_PROCESSING  # nothing recorded
