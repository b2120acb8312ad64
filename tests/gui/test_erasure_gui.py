"""Erasure in the GUI: the overview's "due for erasure" card and the case view's Art. 17
button, on a real caseload, with the recording prompter answering the questions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kimdesk.caseload import Caseload
from kimdesk.domain.names import display_name
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ClosureReason, ConsentKind
from kimdesk.gui.main_window import MainWindow
from kimdesk.lifecycle.erasure import PERSON_ERASED
from tests.conftest import PASSWORD, make_person
from tests.unit.erasure_pages import found_values


def _case(caseload: Caseload, surname: str, closed: date | None) -> int:
    person = caseload.add_person(make_person(surname, "Testa", street="Ulmenallee 12"))
    opened = date(2019, 1, 1) if closed else date(2026, 11, 1)
    case = caseload.open_case(person, opened_on=opened)
    if closed is not None:
        caseload.move_to(case.id, Phase.INTAKE, on=opened)
        caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, opened, "de"))
        caseload.move_to(case.id, Phase.ASSESSMENT, on=opened)
        caseload.move_to(
            case.id, Phase.CLOSED, on=closed, closure_reason=ClosureReason.MOVED_AWAY
        )
    return case.id


@pytest.fixture
def ids(caseload: Caseload) -> dict[str, int]:
    return {
        "due": _case(caseload, "Fälligmann", date(2020, 3, 1)),
        "recent": _case(caseload, "Neulich", date(2025, 3, 1)),
        "open": _case(caseload, "Offenbach", None),
    }


@pytest.fixture
def window(qtbot, caseload: Caseload, prompter, ids: dict[str, int]) -> MainWindow:
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    return window


def _erasures(caseload: Caseload) -> int:
    return [entry.action for entry in caseload.audit_log()].count(PERSON_ERASED)


def test_the_overview_lists_exactly_the_due_cases(
    qtbot, window: MainWindow, caseload: Caseload, ids: dict[str, int]
) -> None:
    card = window.dashboard.erasure_card
    assert card.isVisible()
    number = caseload.case(ids["due"]).case_number
    texts = [card.list.item(row).text() for row in range(card.list.count())]
    assert texts == [
        f"{number} {display_name('Fälligmann', 'Testa')} – beendet am 01.03.2020 – "
        "fällig seit 02.03.2023"
    ]
    assert card.title.text() == "Zur &Löschung fällig"
    assert card.erase_button.text() == "Fällige Fälle löschen …"

    card.list.setFocus()
    qtbot.keyClick(card.list, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.case_view
    assert window.case_view.case_id == ids["due"]


def test_the_overview_button_asks_once_then_erases(
    qtbot, window: MainWindow, caseload: Caseload, prompter, ids: dict[str, int], db_path: Path
) -> None:
    card = window.dashboard.erasure_card
    number = caseload.case(ids["due"]).case_number

    prompter.answer = False
    qtbot.mouseClick(card.erase_button, Qt.MouseButton.LeftButton)
    assert prompter.kinds() == ["question"]
    assert number in prompter.messages[0][1] and "mehr als 3 Jahren" in prompter.messages[0][1]
    assert len(caseload.cases()) == 3 and _erasures(caseload) == 0

    prompter.answer = True
    qtbot.mouseClick(card.erase_button, Qt.MouseButton.LeftButton)
    assert prompter.kinds() == ["question", "question", "info"]
    assert prompter.messages[-1][1].startswith("Gelöscht: 1 Person und ihre Fälle")
    assert {row.id for row in caseload.cases()} == {ids["recent"], ids["open"]}
    assert _erasures(caseload) == 1
    assert not card.isVisible()
    assert window.case_count == 2
    assert found_values(db_path, PASSWORD, ["Fälligmann", "Neulich"]) == ["Neulich"]


def test_the_case_view_erases_one_person_on_request(
    qtbot, window: MainWindow, caseload: Caseload, prompter, ids: dict[str, int], db_path: Path
) -> None:
    window.show_case(ids["open"])
    view = window.case_view
    number = caseload.case(ids["open"]).case_number
    assert view.erase_button.text() == "Person löschen (Art. 17) …"

    prompter.answer = False
    qtbot.mouseClick(view.erase_button, Qt.MouseButton.LeftButton)
    assert prompter.messages[0] == (
        "question",
        f"Die Person des Falls {number} mit allen Bögen, Kontakten, Zielen, Vermittlungen und "
        "Einwilligungen endgültig löschen (Art. 17 DSGVO)?\n\n"
        "Das kann nicht rückgängig gemacht werden.",
    )
    assert view.case_id == ids["open"] and _erasures(caseload) == 0

    prompter.answer = True
    qtbot.mouseClick(view.erase_button, Qt.MouseButton.LeftButton)
    assert prompter.kinds()[-1] == "info"
    assert view.case_id is None
    assert window.stack.currentWidget() is window.case_list
    assert window.case_count == 2
    assert {row.id for row in caseload.cases()} == {ids["due"], ids["recent"]}
    assert found_values(db_path, PASSWORD, ["Offenbach"]) == []
    # Not past its retention period: the request alone decides.
    erased = [e.detail for e in caseload.audit_log() if e.action == PERSON_ERASED]
    assert len(erased) == 1 and erased[0].endswith("reason=request")
