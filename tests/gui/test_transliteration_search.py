"""The case list finds "Попов" by "popov" and "حداد" by "haddad", typed into its search."""

from __future__ import annotations

import pytest

from kimdesk.caseload import Caseload
from kimdesk.gui.case_list import CaseListPage
from tests.conftest import make_person

NAMES = [("Попов", "Иван"), ("حداد", "Олена"), ("Müller", "Jürgen"), ("Haddad", "Amira")]


@pytest.fixture
def page(qtbot, caseload: Caseload) -> CaseListPage:
    for surname, given in NAMES:
        caseload.open_case(caseload.add_person(make_person(surname, given)))
    shown = CaseListPage()
    qtbot.addWidget(shown)
    shown.set_rows(caseload.cases(), caseload.today)
    shown.show()
    return shown


def surnames_found(qtbot, caseload: Caseload, page: CaseListPage, text: str) -> set[str]:
    surname = {row.id: row.surname for row in caseload.cases()}
    page.search.clear()
    qtbot.keyClicks(page.search, text)
    return {surname[page.proxy.case_id_at(row)] for row in range(page.proxy.rowCount())}


@pytest.mark.parametrize(
    ("text", "surnames"),
    [
        ("popov", {"Попов"}),
        ("haddad", {"حداد", "Haddad"}),
        ("hadad olena", {"حداد"}),
        ("mul", {"Müller"}),
        ("jurgen muller", {"Müller"}),
    ],
)
def test_search_finds_names_in_other_scripts(
    qtbot, caseload: Caseload, page: CaseListPage, text: str, surnames: set[str]
) -> None:
    assert surnames_found(qtbot, caseload, page, text) == surnames
    page.search.clear()
    assert page.proxy.rowCount() == len(NAMES)
