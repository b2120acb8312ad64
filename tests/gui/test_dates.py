"""One wording for dates everywhere: a day that does not exist is told apart from text that
is no date, in the wizard's date fields, on saving a form and in "Neuer Fall"."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from kimdesk.caseload import Caseload
from kimdesk.domain.dates import DateInputError, DateProblem, parse_german_date
from kimdesk.forms.answers import AnswerError
from kimdesk.gui.new_case import NewCaseDialog
from kimdesk.importer import import_file
from tests.conftest import TODAY
from tests.gui.test_wizard import new_case, open_wizard
from tests.unit.test_importer import write_xlsx

NO_SUCH_DAY = "Diesen Tag gibt es nicht."
NOT_A_DATE = "Bitte das Datum als TT.MM.JJJJ eingeben, z. B. 23.11.2026."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23.11.2026", date(2026, 11, 23)),
        (" 1.2.2026 ", date(2026, 2, 1)),
        ("23112026", date(2026, 11, 23)),
        ("2026-11-23", date(2026, 11, 23)),
        ("5.3.88", date(1988, 3, 5)),
        ("5.3.30", date(2030, 3, 5)),
        ("29.02.2024", date(2024, 2, 29)),
    ],
)
def test_the_usual_ways_of_writing_a_date(text: str, expected: date) -> None:
    assert parse_german_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("31.02.1990", DateProblem.NO_SUCH_DAY),
        ("29.02.2023", DateProblem.NO_SUCH_DAY),
        ("12.13.2026", DateProblem.NO_SUCH_DAY),
        ("2026-04-31", DateProblem.NO_SUCH_DAY),
        ("morgen", DateProblem.NOT_A_DATE),
        ("1.2.", DateProblem.NOT_A_DATE),
        ("23/11/2026", DateProblem.NOT_A_DATE),
        ("", DateProblem.NOT_A_DATE),
    ],
)
def test_what_is_wrong_is_said_in_one_of_two_ways(text: str, problem: DateProblem) -> None:
    with pytest.raises(DateInputError) as raised:
        parse_german_date(text, today=TODAY)
    assert raised.value.problem is problem
    assert (
        str(raised.value)
        == {
            DateProblem.NO_SUCH_DAY: NO_SUCH_DAY,
            DateProblem.NOT_A_DATE: NOT_A_DATE,
        }[problem]
    )
    assert text.strip() == "" or text not in str(raised.value)  # the typed text is not repeated


def type_date(qtbot, wizard, key: str, text: str) -> None:  # type: ignore[no-untyped-def]
    editor = wizard.editor(key)
    editor.edit.setFocus()
    qtbot.waitUntil(editor.edit.hasFocus)
    editor.edit.clear()
    qtbot.keyClicks(editor.edit, text)
    qtbot.keyClick(editor.edit, Qt.Key.Key_Tab)  # leaving the field checks it


def test_the_wizard_says_that_the_31st_of_february_does_not_exist(
    qtbot, caseload: Caseload, prompter
) -> None:
    case_id = new_case(caseload, consent=True)
    wizard = open_wizard(qtbot, caseload, case_id, "cover_sheet", prompter)
    wizard.go_to_page(1)
    type_date(qtbot, wizard, "birth_date", "31.02.1990")
    assert wizard.editor("birth_date").error() == NO_SUCH_DAY
    type_date(qtbot, wizard, "birth_date", "irgendwann")
    assert wizard.editor("birth_date").error() == NOT_A_DATE
    type_date(qtbot, wizard, "birth_date", "28.2.90")
    assert wizard.editor("birth_date").error() == ""
    assert wizard.editor("birth_date").edit.text() == "28.02.1990"  # type: ignore[attr-defined]


def test_finishing_names_the_same_problem_at_the_field(qtbot, caseload: Caseload, prompter) -> None:
    case_id = new_case(caseload, consent=True)
    wizard = open_wizard(qtbot, caseload, case_id, "cover_sheet", prompter)
    wizard.editor("birth_date").set_value("")
    wizard.editor("birth_date").edit.setText("31.02.1990")  # type: ignore[attr-defined]
    assert not wizard.finish()
    assert wizard.editor("birth_date").error() == NO_SUCH_DAY
    assert caseload.form_instances(case_id)[0].status.value == "draft"
    assert "birth_date" not in caseload.form_instances(case_id)[0].answers


def test_saving_answers_uses_the_same_wording(caseload: Caseload) -> None:
    case_id = new_case(caseload)
    for text, message in (("31.02.1990", NO_SUCH_DAY), ("gestern", NOT_A_DATE)):
        with pytest.raises(AnswerError) as raised:
            caseload.save_form(case_id, "screening", {"date": text}, final=False)
        assert [p.message for p in raised.value.problems] == [message]
    saved = caseload.save_form(case_id, "screening", {"date": "02.11.2026"}, final=False)
    assert saved.answers["date"] == "2026-11-02"  # a German date is taken as it is meant


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31.02.1990", NO_SUCH_DAY),
        ("31.2.90", NO_SUCH_DAY),
        ("morgen", NOT_A_DATE),
        ("01.01.2027", "Das Geburtsdatum kann nicht in der Zukunft liegen."),
    ],
)
def test_new_case_says_the_same(qtbot, caseload: Caseload, prompter, text, message) -> None:
    dialog = NewCaseDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.surname_edit, "Nowak")
    qtbot.keyClicks(dialog.given_names_edit, "Jan")
    qtbot.keyClicks(dialog.birth_edit, text)
    dialog.create_case()
    note = dialog.notes[dialog.birth_edit]
    assert note.is_error and note.text() == message
    assert caseload.cases() == []


def test_the_import_list_says_the_same(caseload: Caseload, tmp_path) -> None:
    rows = [["Nachname", "Vorname", "Geburtsdatum"], ["A", "B", "31.02.1990"], ["C", "D", "x"]]
    report = import_file(caseload, write_xlsx(tmp_path / "l.xlsx", rows), today=TODAY)
    assert [e.reason for e in report.errors] == [NO_SUCH_DAY, NOT_A_DATE]
