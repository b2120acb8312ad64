""" "Neuer Fall" asks about near-duplicates, and speaks of a birth date only when one was typed."""

from __future__ import annotations

from datetime import date

import pytest

from kimdesk.caseload import Caseload
from kimdesk.gui.new_case import NewCaseDialog
from tests.conftest import make_person
from tests.gui.conftest import RecordingPrompter


@pytest.fixture
def dialog(qtbot, caseload: Caseload, prompter: RecordingPrompter) -> NewCaseDialog:
    prompter.answer = False
    shown = NewCaseDialog(caseload, prompter)
    qtbot.addWidget(shown)
    return shown


def recorded(caseload: Caseload, surname: str, given: str, born: date | None = None) -> str:
    person = caseload.add_person(make_person(surname, given, birth_date=born))
    return caseload.open_case(person).case_number


def enter(dialog: NewCaseDialog, surname: str, given: str, born: str = "") -> None:
    dialog.surname_edit.setText(surname)
    dialog.given_names_edit.setText(given)
    dialog.birth_edit.setText(born)
    dialog.create_case()


@pytest.mark.parametrize(
    ("surname", "given"),
    [("Hadad", "Amira"), ("Amira", "Haddad"), ("Haddad", "Amirah")],
    ids=["spelling", "swapped", "given-name"],
)
def test_a_near_duplicate_is_asked_about(
    dialog: NewCaseDialog, caseload: Caseload, prompter: RecordingPrompter, surname, given
) -> None:
    number = recorded(caseload, "Haddad", "Amira")
    enter(dialog, surname, given)
    assert prompter.kinds() == ["question"]
    text = prompter.messages[0][1]
    assert number in text and "ähnlichem Namen" in text
    assert "Geburtsdatum" not in text  # none was typed
    assert dialog.case_id is None and len(caseload.cases()) == 1


def test_the_same_birth_date_with_a_similar_name_is_asked_about(
    dialog: NewCaseDialog, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    number = recorded(caseload, "Nguyen", "Lan", date(1990, 4, 5))
    enter(dialog, "Nguyen", "Thi Lan", "05.04.1990")
    assert prompter.kinds() == ["question"]
    assert number in prompter.messages[0][1] and "Geburtsdatum" in prompter.messages[0][1]


def test_a_similar_name_with_another_birth_date_is_not_asked_about(
    dialog: NewCaseDialog, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    recorded(caseload, "Haddad", "Amira", date(1970, 1, 1))
    prompter.answer = True
    enter(dialog, "Hadad", "Amira", "05.04.1990")
    assert prompter.messages == [] and dialog.case_id is not None
