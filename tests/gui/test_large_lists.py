"""The overview of 3,000 demo cases: "+ n weitere" under a card opens the case list filtered to
exactly the cases the card stands for — all of them, not only the hidden ones."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kimdesk.case_groups import CaseGroup
from kimdesk.caseload import Caseload
from kimdesk.gui.case_list import CaseListPage
from kimdesk.gui.dashboard import MAX_ENTRIES, ListCard
from kimdesk.gui.main_window import MainWindow
from kimdesk.lifecycle.erasure import add_years, due_for_erasure
from tests.conftest import TODAY
from tests.gui.large_caseload import (  # noqa: F401 (fixtures)
    OpenLarge,
    large_caseload_file_fixture,
    large_caseload_fixture,
    open_large_fixture,
)


def shown_ids(page: CaseListPage) -> list[int]:
    return [page.proxy.case_id_at(row) for row in range(page.proxy.rowCount())]


def window_on(qtbot, caseload: Caseload, prompter) -> MainWindow:
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def click_more(
    qtbot,
    window: MainWindow,
    card: ListCard,
    members: set[int],
    case_of: dict[int, int] | None = None,
) -> list[int]:
    """Click "+ n weitere" under ``card``; the case list's shown ids. ``case_of``: the case of
    each entry's target when the entries open something else (a draft)."""
    assert card.more_label.isVisible()
    badge = int(card.badge.text())
    assert card.more_label.text() == f"+ {badge - MAX_ENTRIES} weitere"
    window.case_list.search.setText("something typed before")
    qtbot.mouseClick(card.more_label, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.case_list
    assert window.case_list.search.text() == ""
    shown = shown_ids(window.case_list)
    assert len(shown) == len(set(shown)) and set(shown) == members
    # The entries the card showed are among them, not only the hidden ones.
    targets = [card.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(card.list.count())]
    assert {(case_of or {}).get(target, target) for target in targets} <= set(shown)
    return shown


def test_more_opens_the_case_list_with_exactly_those_cases(
    qtbot, large_caseload: Caseload, prompter
) -> None:
    overview = large_caseload.overview()
    window = window_on(qtbot, large_caseload, prompter)
    board = window.dashboard
    closure = {row.id for row in overview.closure_suggestions}
    shown = click_more(qtbot, window, board.closure_card, closure)
    assert len(shown) == len(overview.closure_suggestions) > MAX_ENTRIES
    assert window.case_list.proxy.scope is CaseGroup.NO_CONTACT
    assert window.case_list.phase_combo.currentText() == "ohne Kontakt > 3 Monate"

    window.show_page(board)
    click_more(qtbot, window, board.reviews_card, {due.case_id for due in overview.reviews_due})
    assert window.case_list.phase_combo.currentText() == "Überprüfung fällig/überfällig"

    window.show_page(board)
    case_of = {draft.instance_id: draft.case_id for draft in overview.drafts}
    click_more(qtbot, window, board.drafts_card, set(case_of.values()), case_of)
    assert window.case_list.phase_combo.currentText() == "Entwurf offen"


def test_more_under_due_for_erasure_opens_those_closed_cases(
    qtbot, open_large: OpenLarge, prompter
) -> None:
    years = open_large().profile().retention_years
    caseload = open_large(today=add_years(TODAY, years + 1))
    due = {case_id for entry in due_for_erasure(caseload) for case_id in entry.case_ids}
    window = window_on(qtbot, caseload, prompter)
    assert window.dashboard.erasure_card.isVisible()
    click_more(qtbot, window, window.dashboard.erasure_card, due)
    assert window.case_list.phase_combo.currentText() == "zur Löschung fällig"
