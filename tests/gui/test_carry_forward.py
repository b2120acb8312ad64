"""Type once: the phone of "Neuer Fall" in the screening, the age from the birth date, the
cover sheet's residence title in the residence assessment and in the monthly report."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from kimdesk.caseload import Caseload
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind
from kimdesk.gui.new_case import NewCaseDialog
from kimdesk.gui.wizard.editors import NumberEditor
from kimdesk.report import build_month_report, write_workbook
from tests.conftest import PASSWORD, PROFILE, make_person
from tests.gui.test_wizard import new_case, open_wizard


def consented_case(caseload: Caseload, **person: object) -> int:
    case = caseload.open_case(caseload.add_person(make_person(**person)))
    signed = date(2026, 11, 1)  # before the dates of the sheets below
    caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, signed, "de"))
    return case.id


def finish_cover_sheet(caseload: Caseload, case_id: int, **answers: object) -> None:
    start = caseload.prefill(case_id, "cover_sheet")
    caseload.save_form(case_id, "cover_sheet", {**start, **answers}, final=True)


# -- the phone number ---------------------------------------------------------------------


def test_the_phone_of_new_case_is_the_screenings_contact(qtbot, caseload, prompter) -> None:
    dialog = NewCaseDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.surname_edit, "Nowak")
    qtbot.keyClicks(dialog.given_names_edit, "Jan")
    qtbot.keyClicks(dialog.phone_edit, "0212 555 01")
    dialog.create_case()
    assert dialog.case_id is not None

    wizard = open_wizard(qtbot, caseload, dialog.case_id, "screening", prompter)
    assert wizard.editor("contact").value() == "0212 555 01"
    wizard.editor("contact").set_value("0212 555 02 (abends)")  # still the user's to change
    assert wizard.save_draft_now()
    stored = caseload.form_instances(dialog.case_id)[0].answers
    assert stored["contact"] == "0212 555 02 (abends)"


def test_without_a_phone_the_contact_stays_empty(qtbot, caseload, prompter) -> None:
    wizard = open_wizard(qtbot, caseload, new_case(caseload), "screening", prompter)
    assert wizard.editor("contact").value() == ""


# -- the age ------------------------------------------------------------------------------


def test_the_age_follows_the_birth_date_and_cannot_be_typed(qtbot, caseload, prompter) -> None:
    # TODAY is 23.11.2026: born 23.11.1988 is 38 today, born a day later still 37.
    case_id = consented_case(caseload, birth_date=date(1988, 11, 23))
    wizard = open_wizard(qtbot, caseload, case_id, "cover_sheet", prompter)
    age = wizard.editor("age")
    assert isinstance(age, NumberEditor)
    assert age.value() == 38
    assert age.is_read_only() and age.spin.isReadOnly()

    birth = wizard.editor("birth_date")
    birth.edit.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(birth.edit, "24.11.1988")  # type: ignore[attr-defined]
    assert age.value() == 37
    birth.edit.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(birth.edit, "31.02.1988")  # type: ignore[attr-defined]
    assert age.value() is None  # no real birth date, no age

    birth.edit.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(birth.edit, "1.12.2000")  # type: ignore[attr-defined]
    qtbot.keyClick(age.spin, Qt.Key.Key_Up)  # read-only: the arrow key changes nothing
    assert age.value() == 25
    assert wizard.finish()
    stored = caseload.form_instances(case_id)[0].answers
    assert (stored["birth_date"], stored["age"]) == ("2000-12-01", 25)


def test_a_stored_age_never_disagrees_with_the_birth_date(caseload: Caseload) -> None:
    case_id = consented_case(caseload)
    start = caseload.prefill(case_id, "cover_sheet")
    draft = caseload.save_form(
        case_id, "cover_sheet", {**start, "birth_date": "1990-01-15", "age": 99}, final=False
    )
    assert draft.answers["age"] == 36
    cleared = caseload.save_form(
        case_id,
        "cover_sheet",
        {**start, "age": 40},
        final=False,
        instance_id=draft.id,
    )
    assert "age" not in cleared.answers  # no birth date: no age to agree with


def test_the_injected_day_decides_the_age(db_path) -> None:
    on_birthday = Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: date(2027, 2, 28))
    try:
        case_id = consented_case(on_birthday, birth_date=date(2000, 2, 29))
        assert on_birthday.prefill(case_id, "cover_sheet")["age"] == 26
    finally:
        on_birthday.close()


# -- the residence title ------------------------------------------------------------------


def test_the_cover_sheets_residence_title_opens_the_residence_assessment(
    qtbot, caseload, prompter
) -> None:
    case_id = consented_case(caseload)
    finish_cover_sheet(caseload, case_id, residence_title="Aufenthaltserlaubnis")
    wizard = open_wizard(qtbot, caseload, case_id, "assessment_residence", prompter)
    assert wizard.editor("residence_status").value() == "residence_permit"
    assert wizard.editor("residence_status_other").value() == ""


def test_a_title_off_the_list_becomes_sonstiges_with_its_text(qtbot, caseload, prompter) -> None:
    case_id = consented_case(caseload)
    finish_cover_sheet(caseload, case_id, residence_title="Duldung")  # §60a, b, c or d?
    wizard = open_wizard(qtbot, caseload, case_id, "assessment_residence", prompter)
    assert wizard.editor("residence_status").value() == "other"
    assert wizard.editor("residence_status_other").value() == "Duldung"


def test_only_a_finished_cover_sheet_is_carried_forward(qtbot, caseload, prompter) -> None:
    case_id = consented_case(caseload)
    start = caseload.prefill(case_id, "cover_sheet")
    caseload.save_form(
        case_id, "cover_sheet", {**start, "residence_title": "Aufenthaltserlaubnis"}, final=False
    )
    wizard = open_wizard(qtbot, caseload, case_id, "assessment_residence", prompter)
    assert wizard.editor("residence_status").value() in ("", None)
    assert build_month_report(caseload, "2026-11").cases[0].residence_status == "unbekannt"


def test_the_monthly_report_takes_the_residence_from_the_cover_sheet(caseload: Caseload) -> None:
    case_id = consented_case(caseload)
    assert build_month_report(caseload, "2026-11").cases[0].residence_status == "unbekannt"
    finish_cover_sheet(caseload, case_id, residence_title="Aufenthaltserlaubnis")
    report = build_month_report(caseload, "2026-11")
    assert report.cases[0].residence_status == "(befristete) Aufenthaltserlaubnis"
    sheet = load_workbook(io.BytesIO(write_workbook(report)))["Fälle"]
    cells = [c.value for row in sheet.iter_rows() for c in row]
    assert "(befristete) Aufenthaltserlaubnis" in cells


def test_the_report_never_shows_the_cover_sheets_free_text(caseload: Caseload) -> None:
    case_id = consented_case(caseload)
    finish_cover_sheet(caseload, case_id, residence_title="Duldung bis 03.2027, Akte AiB 4711")
    report = build_month_report(caseload, "2026-11")
    assert report.cases[0].residence_status == "Sonstiges"
    sheet = load_workbook(io.BytesIO(write_workbook(report)))["Fälle"]
    assert not any("4711" in str(c.value) for row in sheet.iter_rows() for c in row)


def test_a_later_residence_assessment_wins_over_the_cover_sheet(caseload: Caseload) -> None:
    case_id = consented_case(caseload)
    finish_cover_sheet(
        caseload, case_id, residence_title="Aufenthaltserlaubnis", admitted_on="2026-11-02"
    )
    start = caseload.prefill(case_id, "assessment_residence")
    assert start["residence_status"] == "residence_permit"
    caseload.save_form(
        case_id,
        "assessment_residence",
        {**start, "date": "2026-11-20", "residence_status": "settlement_permit"},
        final=True,
    )
    report = build_month_report(caseload, "2026-11")
    assert report.cases[0].residence_status == "(Unbefristete) Niederlassungserlaubnis"
