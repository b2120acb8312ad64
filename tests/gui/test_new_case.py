"""A new case: person and case created, duplicates asked about, required names checked."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.vocabulary import AccessRoute, Gender
from kimdesk.errors import BadInput
from kimdesk.gui.new_case import NewCaseDialog, parse_birth_date
from kimdesk.i18n import _
from tests.conftest import make_person
from tests.gui.conftest import RecordingPrompter


@pytest.fixture
def dialog(qtbot, caseload: Caseload, prompter: RecordingPrompter) -> NewCaseDialog:
    dialog = NewCaseDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying ``text`` (any script); QTest.keyClicks only knows ASCII."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def choose(combo, value: str) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(combo.findData(value))


def test_creates_the_person_and_a_case_at_the_screening(
    qtbot, dialog: NewCaseDialog, caseload: Caseload
) -> None:
    assert QApplication.focusWidget() is dialog.surname_edit
    type_text(dialog.surname_edit, "Yılmaz")
    type_text(dialog.given_names_edit, "Ayşe")
    type_text(dialog.birth_edit, "7.3.1988")
    choose(dialog.gender_combo, Gender.FEMALE.value)
    type_text(dialog.phone_edit, "0212 555 01")
    choose(dialog.route_combo, AccessRoute.IMMIGRATION_OFFICE.value)
    qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.case_id is not None
    case = caseload.case(dialog.case_id)
    assert case.phase is Phase.SCREENING
    assert case.opened_on == caseload.today
    person = caseload.person(case.person_id)
    assert (person.surname, person.given_names, person.birth_date) == (
        "Yılmaz",
        "Ayşe",
        date(1988, 3, 7),
    )
    assert (person.gender, person.phone) == ("f", "0212 555 01")
    assert [row.id for row in caseload.cases()] == [dialog.case_id]
    assert dialog.person_id == case.person_id
    assert caseload.repo.table_counts()["persons"] == 1


def test_enter_on_the_last_field_creates(qtbot, dialog: NewCaseDialog, caseload) -> None:
    type_text(dialog.surname_edit, "Nowak")
    type_text(dialog.given_names_edit, "Jan")
    dialog.route_combo.setFocus()
    qtbot.waitUntil(dialog.route_combo.hasFocus)
    qtbot.keyClick(dialog.route_combo, Qt.Key.Key_Return)
    assert dialog.case_id is not None
    assert caseload.person(caseload.case(dialog.case_id).person_id).birth_date is None


@pytest.mark.parametrize(
    ("surname", "given_names"),
    [("الحسن", "فاطمة"), ("Шевченко", "Олена")],
    ids=["arabic", "cyrillic"],
)
def test_names_in_other_scripts_are_stored_and_found(
    qtbot, dialog: NewCaseDialog, caseload: Caseload, surname: str, given_names: str
) -> None:
    type_text(dialog.surname_edit, surname)
    type_text(dialog.given_names_edit, given_names)
    qtbot.keyClick(dialog.given_names_edit, Qt.Key.Key_Return)
    assert dialog.case_id is not None
    person = caseload.person(caseload.case(dialog.case_id).person_id)
    assert (person.surname, person.given_names) == (surname, given_names)
    assert [row.id for row in caseload.find_cases(surname)] == [dialog.case_id]


def test_an_empty_surname_is_named_at_the_field_and_nothing_is_created(
    qtbot, dialog: NewCaseDialog, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    type_text(dialog.given_names_edit, "Ayşe")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.notes[dialog.surname_edit].text() == _("Please enter the surname.")
    assert not dialog.notes[dialog.given_names_edit].is_error
    assert QApplication.focusWidget() is dialog.surname_edit
    assert dialog.case_id is None and dialog.isVisible()
    assert caseload.cases() == []
    assert prompter.messages == []


@pytest.mark.parametrize("text", ["31.02.1990", "morgen", "01.01.2027"])
def test_a_bad_birth_date_blocks_creating(qtbot, dialog, caseload, text: str) -> None:
    dialog.surname_edit.setText("Nowak")
    dialog.given_names_edit.setText("Jan")
    dialog.birth_edit.setText(text)
    dialog.create_case()
    assert dialog.notes[dialog.birth_edit].is_error
    assert caseload.cases() == []


def test_a_failed_creation_leaves_no_person_without_a_case(
    dialog: NewCaseDialog,
    caseload: Caseload,
    prompter: RecordingPrompter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Person and case are written together: a person without a case appears in no list."""
    original = caseload.repo.insert_case

    def fail_once(**kwargs: object) -> int:  # after the person was inserted
        monkeypatch.setattr(caseload.repo, "insert_case", original)
        raise BadInput("the disk is full")

    monkeypatch.setattr(caseload.repo, "insert_case", fail_once)
    dialog.surname_edit.setText("Nowak")
    dialog.given_names_edit.setText("Jan")
    dialog.create_case()
    assert prompter.kinds() == ["error"]
    assert dialog.case_id is None and dialog.isVisible()
    assert caseload.repo.table_counts()["persons"] == 0

    dialog.create_case()  # the second attempt succeeds, with one person
    assert dialog.case_id is not None
    counts = caseload.repo.table_counts()
    assert (counts["persons"], counts["cases"]) == (1, 1)
    assert caseload.case(dialog.case_id).person_id == dialog.person_id


def existing_case(caseload: Caseload, **extra: object) -> int:
    person_id = caseload.add_person(make_person(**extra))
    return caseload.open_case(person_id).id


def fill_same_person(dialog: NewCaseDialog, birth: str = "07.03.1988") -> None:
    dialog.surname_edit.setText("YıLMAZ")  # the same name, typed differently
    dialog.given_names_edit.setText("ayse")
    dialog.birth_edit.setText(birth)


def test_a_possible_duplicate_is_asked_about_and_can_be_declined(
    dialog: NewCaseDialog, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    first = existing_case(caseload, birth_date=date(1988, 3, 7))
    prompter.answer = False
    fill_same_person(dialog)
    dialog.create_case()
    assert prompter.kinds() == ["question"]
    assert caseload.case(first).case_number in prompter.messages[0][1]
    assert dialog.case_id is None and dialog.isVisible()
    assert [row.id for row in caseload.cases()] == [first]


def test_a_possible_duplicate_can_be_created_anyway(
    dialog: NewCaseDialog, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    first = existing_case(caseload, birth_date=date(1988, 3, 7))
    prompter.answer = True
    fill_same_person(dialog)
    dialog.create_case()
    assert prompter.kinds() == ["question"]
    assert dialog.case_id is not None
    assert {row.id for row in caseload.cases()} == {first, dialog.case_id}


def test_same_name_with_another_birth_date_is_no_duplicate(
    dialog: NewCaseDialog, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    existing_case(caseload, birth_date=date(1990, 1, 1))
    existing_case(caseload, surname="Yılmazer", given_names="Ayşe")  # only a similar name
    fill_same_person(dialog)
    dialog.create_case()
    assert prompter.messages == []
    assert dialog.case_id is not None


def test_an_unknown_birth_date_still_warns(dialog, caseload, prompter) -> None:
    existing_case(caseload)
    fill_same_person(dialog, birth="")
    dialog.create_case()
    assert prompter.kinds() == ["question"]


def test_tab_order_follows_the_form(qtbot, dialog: NewCaseDialog) -> None:
    expected = [
        dialog.given_names_edit,
        dialog.birth_edit,
        dialog.gender_combo,
        dialog.phone_edit,
        dialog.route_combo,
        dialog.create_button,
    ]
    for widget in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is widget
    for widget in dialog.notes:
        assert widget.accessibleName()


def test_birth_dates_are_read_as_day_month_year() -> None:
    assert parse_birth_date(" 07.03.1988 ") == date(1988, 3, 7)
    assert parse_birth_date("7.3.1988") == date(1988, 3, 7)
    assert parse_birth_date("") is None
    assert parse_birth_date("1988-03-07") == date(1988, 3, 7)  # as every date field takes it
    with pytest.raises(ValueError):
        parse_birth_date("31.02.1988")
