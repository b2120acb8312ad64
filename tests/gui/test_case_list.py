"""The case list: filtering as you type (accents ignored), by phase, sorting, opening a case,
flags, and ten thousand rows without a widget per row."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QWidget

from kimdesk.caseload import Caseload
from kimdesk.domain.names import display_name
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import CaseRow, Consent, Contact, Goal
from kimdesk.domain.vocabulary import ConsentKind, Setting
from kimdesk.gui.case_list import (
    CASE_ID_ROLE,
    FLAGS,
    LAST_CONTACT,
    NAME,
    NEXT_REVIEW,
    NUMBER,
    OVERDUE_COLOUR,
    CaseListPage,
    CaseScope,
    CaseTableModel,
)
from kimdesk.i18n import _, ngettext
from tests.conftest import TODAY, make_person

NAMES = [("Şahin", "Ayşe"), ("Müller", "Jürgen"), ("Коваленко", "Олена"), ("حداد", "ليلى")]


def shown_ids(page: CaseListPage) -> list[int]:
    return [page.proxy.case_id_at(row) for row in range(page.proxy.rowCount())]


@pytest.fixture
def cases(caseload: Caseload) -> dict[str, int]:
    """Four open cases, by surname, opened in this order (case numbers 2026-0001 …)."""
    return {
        surname: caseload.open_case(caseload.add_person(make_person(surname, given))).id
        for surname, given in NAMES
    }


@pytest.fixture
def page(qtbot, caseload: Caseload, cases: dict[str, int]) -> CaseListPage:
    shown = CaseListPage()
    qtbot.addWidget(shown)
    shown.resize(1100, 600)
    shown.set_rows(caseload.cases(), caseload.today)
    return shown


def test_names_in_every_script_are_shown_as_they_are(page: CaseListPage) -> None:
    names = {page.proxy.index(row, NAME).data() for row in range(page.proxy.rowCount())}
    assert names == {display_name(surname, given) for surname, given in NAMES}


def test_typing_filters_by_name_ignoring_case_and_accents(page: CaseListPage, cases) -> None:
    for text in ("sahin", "Şahin", "SAHIN", "ayse sahin", "Şahin, Ayşe", "ahi"):
        page.search.setText(text)
        assert shown_ids(page) == [cases["Şahin"]], text
    page.search.setText("muller")
    assert shown_ids(page) == [cases["Müller"]]
    page.search.setText("олена")
    assert shown_ids(page) == [cases["Коваленко"]]
    page.search.setText("nobody")
    assert shown_ids(page) == []
    assert page.empty_hint.isVisibleTo(page)
    page.search.clear()
    assert len(shown_ids(page)) == 4
    assert page.count_label.text() == ngettext(
        "{shown} of {total} case", "{shown} of {total} cases", 4
    ).format(shown=4, total=4)


def test_typing_filters_by_case_number(page: CaseListPage, caseload: Caseload, cases) -> None:
    number = caseload.case(cases["Müller"]).case_number
    page.search.setText(number)
    assert shown_ids(page) == [cases["Müller"]]
    page.search.setText(number[-4:])
    assert shown_ids(page) == [cases["Müller"]]
    assert page.count_label.text() == ngettext(
        "{shown} of {total} case", "{shown} of {total} cases", 4
    ).format(shown=1, total=4)


def test_the_phase_filter_shows_open_cases_first(
    page: CaseListPage, caseload: Caseload, cases
) -> None:
    caseload.move_to(cases["Şahin"], Phase.INTAKE)
    caseload.move_to(cases["Müller"], Phase.NOT_ADMITTED)
    page.set_rows(caseload.cases(), caseload.today)
    assert page.proxy.scope is CaseScope.OPEN
    assert cases["Müller"] not in shown_ids(page) and len(shown_ids(page)) == 3

    page.set_scope(CaseScope.ALL)
    assert len(shown_ids(page)) == 4
    page.set_scope(Phase.INTAKE)
    assert shown_ids(page) == [cases["Şahin"]]
    page.set_scope(Phase.NOT_ADMITTED)
    assert shown_ids(page) == [cases["Müller"]]
    page.proxy.set_phase(None)  # all cases
    page.search.setText("muller")
    assert shown_ids(page) == [cases["Müller"]]


def test_sorting_by_last_contact_sorts_dates_as_dates(
    page: CaseListPage, caseload: Caseload, cases
) -> None:
    # 09.11. sorts before 10.10. as text ("09" < "10"), but after it as a date.
    for surname, on in (("Şahin", date(2026, 11, 9)), ("Müller", date(2026, 10, 10))):
        caseload.add_contact(Contact(cases[surname], on, 30, Setting.IN_PERSON))
    caseload.add_contact(Contact(cases["حداد"], date(2025, 12, 1), 30, Setting.PHONE))
    page.set_rows(caseload.cases(), caseload.today)
    page.table.sortByColumn(LAST_CONTACT, Qt.SortOrder.AscendingOrder)
    assert shown_ids(page) == [cases["Коваленко"], cases["حداد"], cases["Müller"], cases["Şahin"]]
    assert page.proxy.index(0, LAST_CONTACT).data() == "–"
    page.table.sortByColumn(LAST_CONTACT, Qt.SortOrder.DescendingOrder)
    assert shown_ids(page)[0] == cases["Şahin"]
    page.table.sortByColumn(NUMBER, Qt.SortOrder.AscendingOrder)
    numbers = [page.proxy.index(row, NUMBER).data() for row in range(4)]
    assert numbers == sorted(numbers)


def test_sorting_keeps_the_selected_case(page: CaseListPage, cases) -> None:
    assert page.select_case(cases["Müller"])
    page.table.sortByColumn(NAME, Qt.SortOrder.DescendingOrder)
    assert page.current_case_id() == cases["Müller"]
    page.search.setText("mul")
    assert page.current_case_id() == cases["Müller"]


def test_enter_and_double_click_open_the_case(qtbot, page: CaseListPage, cases) -> None:
    page.show()
    qtbot.waitExposed(page)
    page.search.setText("коваленко")
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.current_case_id() == cases["Коваленко"]
    with qtbot.waitSignal(page.open_case) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [cases["Коваленко"]]

    page.search.clear()
    page.select_case(cases["Müller"])
    rect = page.table.visualRect(page.table.currentIndex())
    # QTest's double click is only the second press: the first click comes before it.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.open_case) as opened:
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [cases["Müller"]]


def test_enter_in_the_search_opens_the_only_match(qtbot, page: CaseListPage, cases) -> None:
    page.search.setText("jurgen")
    with qtbot.waitSignal(page.open_case) as opened:
        qtbot.keyClick(page.search, Qt.Key.Key_Enter)
    assert opened.args == [cases["Müller"]]


def test_ctrl_f_focuses_the_search_and_new_case_is_offered(qtbot, page: CaseListPage) -> None:
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(page.search.hasFocus)
    assert page.search.placeholderText() == _("Search name or case number")
    with qtbot.waitSignal(page.new_case):
        qtbot.keyClick(page.new_button, Qt.Key.Key_Space)


def test_flags_mark_overdue_reviews_and_long_silence(
    page: CaseListPage, caseload: Caseload, cases
) -> None:
    long_ago = TODAY - timedelta(days=200)
    case_id = cases["Şahin"]
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, long_ago, "tr"))
    caseload.move_to(case_id, Phase.INTAKE, on=long_ago)
    caseload.move_to(case_id, Phase.ASSESSMENT, on=long_ago)
    caseload.add_contact(Contact(case_id, long_ago, 45, Setting.IN_PERSON))
    caseload.add_goal(
        Goal(case_id, 1, "Sprachkurs", agreed_on=long_ago, review_due=TODAY - timedelta(days=5))
    )
    page.set_rows(caseload.cases(), caseload.today)
    page.search.setText("sahin")
    flags = page.proxy.index(0, FLAGS)
    assert _("Review overdue") in flags.data()
    assert _("no contact > 3 months") in flags.data()
    assert flags.data(Qt.ItemDataRole.ForegroundRole) == OVERDUE_COLOUR
    assert page.proxy.index(0, NEXT_REVIEW).data() == (TODAY - timedelta(days=5)).strftime(
        "%d.%m.%Y"
    )
    assert flags.data(CASE_ID_ROLE) == case_id
    page.search.setText("muller")
    assert page.proxy.index(0, FLAGS).data() == ""


def synthetic_rows(count: int) -> list[CaseRow]:
    surnames = ["Şahin", "Müller", "Nowak", "Коваленко", "حداد", "Öztürk", "Berisha"]
    phases = list(Phase)
    return [
        CaseRow(
            id=n + 1,
            case_number=f"{2020 + n % 7}-{n:05d}",
            pseudonym=f"P{n:06d}",
            phase=phases[n % len(phases)],
            opened_on=date(2025, 1, 1) + timedelta(days=n % 300),
            admitted_on=None,
            closed_on=None,
            closure_reason=None,
            person_id=n + 1,
            surname=surnames[n % len(surnames)],
            given_names=f"Person {n}",
            last_contact_on=(date(2026, 1, 1) + timedelta(days=n % 320)) if n % 3 else None,
            next_review_due=None,
        )
        for n in range(count)
    ]


def test_ten_thousand_rows_filter_without_a_widget_per_row(qtbot) -> None:
    page = CaseListPage()
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitExposed(page)
    widgets_before = len(page.findChildren(QWidget))
    rows = synthetic_rows(10_000)
    page.set_rows(rows, TODAY)
    page.proxy.set_phase(CaseScope.ALL)
    assert page.proxy.rowCount() == 10_000
    page.search.setText("sahin")
    assert page.proxy.rowCount() == sum(1 for row in rows if row.surname == "Şahin")
    page.search.setText("sahin person 7")  # words in any order, each must match
    assert 0 < page.proxy.rowCount() < 1000
    page.table.sortByColumn(LAST_CONTACT, Qt.SortOrder.DescendingOrder)
    page.search.clear()
    page.proxy.set_phase(Phase.MONITORING)
    assert page.proxy.rowCount() == sum(1 for row in rows if row.phase is Phase.MONITORING)
    assert len(page.findChildren(QWidget)) == widgets_before
    header = page.table.verticalHeader()
    assert header.sectionResizeMode(0) is QHeaderView.ResizeMode.Fixed


def test_the_model_alone_answers_roles() -> None:
    model = CaseTableModel()
    model.set_rows(synthetic_rows(3), TODAY)
    index = model.index(0, NAME)
    assert model.rowCount() == 3 and model.columnCount() == 6
    assert index.data(CASE_ID_ROLE) == model.case_id_at(0)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()
