"""The case list's filter offers the overview's groups — review due/overdue, no contact for
more than three months, a draft open, due for erasure — and each shows exactly the cases the
overview counts, on 3,000 demo cases."""

from __future__ import annotations

import pytest

from kimdesk.case_groups import CaseGroup, case_groups
from kimdesk.caseload import Caseload
from kimdesk.gui.case_list import NAME, CaseListPage, CaseScope
from kimdesk.i18n import ngettext
from kimdesk.lifecycle.erasure import add_years, due_for_erasure
from tests.conftest import TODAY
from tests.gui.large_caseload import (  # noqa: F401 (fixtures)
    LARGE_CASES,
    OpenLarge,
    large_caseload_file_fixture,
    large_caseload_fixture,
    open_large_fixture,
)

LABELS = {
    CaseGroup.REVIEW_DUE: "Überprüfung fällig/überfällig",
    CaseGroup.NO_CONTACT: "ohne Kontakt > 3 Monate",
    CaseGroup.DRAFT_OPEN: "Entwurf offen",
    CaseGroup.ERASURE_DUE: "zur Löschung fällig",
}


def shown_ids(page: CaseListPage) -> list[int]:
    return [page.proxy.case_id_at(row) for row in range(page.proxy.rowCount())]


def list_page(qtbot, caseload: Caseload) -> CaseListPage:
    rows = caseload.cases()
    page = CaseListPage()
    qtbot.addWidget(page)
    page.resize(1200, 700)
    groups = case_groups(caseload.overview(), due_for_erasure(caseload, rows=rows))
    page.set_rows(rows, caseload.today, groups)
    return page


def choose(page: CaseListPage, text: str) -> None:
    """As the user picks it in the "Anzeigen" box."""
    index = page.phase_combo.findText(text)
    assert index >= 0, text
    page.phase_combo.setCurrentIndex(index)


def test_the_filter_offers_the_overviews_groups(qtbot, large_caseload: Caseload) -> None:
    page = list_page(qtbot, large_caseload)
    offered = [page.phase_combo.itemText(i) for i in range(page.phase_combo.count())]
    assert offered[:2] == ["Offene Fälle", "Alle Fälle"]
    assert [text for text in offered if text in LABELS.values()] == list(LABELS.values())


def test_each_group_shows_exactly_the_cases_of_the_overview(
    qtbot, large_caseload: Caseload
) -> None:
    overview = large_caseload.overview()
    expected = {
        CaseGroup.REVIEW_DUE: {due.case_id for due in overview.reviews_due},
        CaseGroup.NO_CONTACT: {row.id for row in large_caseload.closure_suggestions()},
        CaseGroup.DRAFT_OPEN: {draft.case_id for draft in overview.drafts},
    }
    page = list_page(qtbot, large_caseload)
    for group, cases in expected.items():
        assert len(cases) > 8, group  # more than the overview's card shows
        choose(page, LABELS[group])
        assert page.proxy.scope is group
        shown = shown_ids(page)
        assert len(shown) == len(set(shown)) and set(shown) == cases, group
        assert page.count_label.text() == ngettext(
            "{shown} of {total} case", "{shown} of {total} cases", LARGE_CASES
        ).format(shown=len(cases), total=LARGE_CASES)
    # The search narrows the group; it never reaches beyond it.
    choose(page, LABELS[CaseGroup.NO_CONTACT])
    first = large_caseload.case(shown_ids(page)[0])
    page.search.setText(first.case_number)
    assert shown_ids(page) == [first.id]
    page.search.setText(page.proxy.index(0, NAME).data() + " zzzz")
    assert shown_ids(page) == [] and page.empty_hint.isVisibleTo(page)
    choose(page, "Offene Fälle")
    assert page.proxy.scope is CaseScope.OPEN


def test_the_no_contact_note_follows_the_overview(qtbot, large_caseload: Caseload) -> None:
    page = list_page(qtbot, large_caseload)
    dormant = {row.id for row in large_caseload.closure_suggestions()}
    choose(page, "Alle Fälle")
    noted = {
        page.model.line(row).case_id
        for row in range(page.model.rowCount())
        if page.model.line(row).dormant
    }
    assert noted == dormant


def test_due_for_erasure_shows_closed_cases_past_the_retention_period(
    qtbot, open_large: OpenLarge
) -> None:
    years = open_large().profile().retention_years
    later = add_years(TODAY, years + 1)
    caseload = open_large(today=later)
    due = {case_id for entry in due_for_erasure(caseload) for case_id in entry.case_ids}
    assert due and all(not caseload.case(case_id).phase.is_open for case_id in due)
    page = list_page(qtbot, caseload)
    choose(page, LABELS[CaseGroup.ERASURE_DUE])
    assert set(shown_ids(page)) == due and len(shown_ids(page)) == len(due)


@pytest.mark.parametrize("group", list(CaseGroup))
def test_show_group_clears_the_search(qtbot, large_caseload: Caseload, group: CaseGroup) -> None:
    page = list_page(qtbot, large_caseload)
    page.search.setText("nobody at all")
    page.show_group(group)
    assert page.search.text() == "" and page.proxy.scope is group
    assert page.phase_combo.currentText() == LABELS[group]
