"""The drafts list: the client's name and the form, newest change first; abandoned drafts are
discarded after a question that says how many, through the core, audit-logged without values.
On 3,000 demo cases."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer

from kimdesk.caseload import Caseload
from kimdesk.domain.records import Draft
from kimdesk.domain.vocabulary import FormStatus
from kimdesk.errors import BadInput
from kimdesk.gui.dashboard import Dashboard, short_title
from kimdesk.gui.drafts_dialog import CHANGED, FORM, INSTANCE_ROLE, NAME, DraftsDialog
from kimdesk.gui.main_window import MainWindow
from tests.conftest import TODAY
from tests.gui.large_caseload import (  # noqa: F401 (fixtures)
    OpenLarge,
    large_caseload_file_fixture,
    large_caseload_fixture,
    open_large_fixture,
)


class Clock:
    """A day that tests move on, so that drafts get different times of last change."""

    def __init__(self, on: date) -> None:
        self.on = on

    def __call__(self) -> date:
        return self.on


def touch(caseload: Caseload, clock: Clock, draft: Draft, days: int) -> None:
    """Save the draft again ``days`` after TODAY, unchanged."""
    clock.on = TODAY + timedelta(days=days)
    answers = caseload.form_instance(draft.instance_id).answers
    caseload.save_form(
        draft.case_id, draft.form_key, answers, final=False, instance_id=draft.instance_id
    )


@pytest.fixture
def clock() -> Clock:
    return Clock(TODAY)


@pytest.fixture
def caseload(open_large: OpenLarge, clock: Clock) -> Caseload:
    return open_large(today=clock)


def test_the_list_shows_name_and_form_newest_change_first(
    qtbot, caseload: Caseload, clock: Clock, prompter
) -> None:
    drafts = caseload.drafts()
    assert len(drafts) > 100
    older, newer = drafts[-1], drafts[len(drafts) // 2]
    touch(caseload, clock, older, days=1)
    touch(caseload, clock, newer, days=2)
    dialog = DraftsDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    table = dialog.table
    assert table.rowCount() == len(drafts)
    by_id = {draft.instance_id: draft for draft in caseload.drafts()}
    order = [int(table.item(row, NAME).data(INSTANCE_ROLE)) for row in range(table.rowCount())]
    assert order[:2] == [newer.instance_id, older.instance_id]
    stamps = [by_id[instance_id].updated_at for instance_id in order]
    assert stamps == sorted(stamps, reverse=True)
    cases = {row.id: row for row in caseload.cases()}
    for row in (0, 1, table.rowCount() - 1):
        draft = by_id[order[row]]
        case = cases[draft.case_id]
        name = table.item(row, NAME).text()
        assert case.case_number in name
        assert case.surname in name and case.given_names in name
        assert table.item(row, FORM).text() == short_title(draft.title)
        assert "Case Management" not in table.item(row, FORM).text()
    for row, days in ((0, 2), (1, 1)):
        changed = (TODAY + timedelta(days=days)).strftime("%d.%m.%Y")
        assert table.item(row, CHANGED).text().startswith(changed)


def test_abandoned_drafts_are_discarded_after_a_question(
    qtbot, caseload: Caseload, prompter
) -> None:
    before = caseload.drafts()
    logged = len(caseload.audit_log())
    dialog = DraftsDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    assert not dialog.discard_button.isEnabled()
    dialog.select_rows([0, 2])
    chosen = dialog.selected_ids()
    assert len(chosen) == 2 and dialog.discard_button.isEnabled()
    assert not dialog.continue_button.isEnabled()  # one draft at a time is continued

    prompter.answer = False
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    assert prompter.messages[-1] == (
        "question",
        "2 Entwürfe endgültig verwerfen? Was darin eingetragen wurde, geht verloren.",
    )
    assert len(caseload.drafts()) == len(before)

    prompter.answer = True
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    after = {draft.instance_id for draft in caseload.drafts()}
    assert after == {draft.instance_id for draft in before} - set(chosen)
    assert dialog.table.rowCount() == len(before) - 2 and dialog.discarded == 2
    entries = caseload.audit_log()[logged:]
    gone = {d.instance_id: d for d in before if d.instance_id in chosen}
    assert [(e.action, e.case_id, e.detail) for e in entries] == [
        ("form.discarded", draft.case_id, draft.form_key) for draft in gone.values()
    ]

    dialog.select_rows([0])
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    assert prompter.messages[-1][1].startswith("1 Entwurf endgültig verwerfen?")
    assert len(caseload.drafts()) == len(before) - 3


def test_a_finished_form_refuses_the_whole_lot(caseload: Caseload) -> None:
    [draft, *_rest] = caseload.drafts()
    final = next(
        instance
        for row in caseload.cases()
        for instance in caseload.form_instances(row.id)
        if instance.status is FormStatus.FINAL
    )
    with pytest.raises(BadInput):
        caseload.discard_drafts([draft.instance_id, final.id or 0])
    assert draft.instance_id in {d.instance_id for d in caseload.drafts()}
    assert caseload.form_instance(final.id or 0).status is FormStatus.FINAL


def test_the_overviews_drafts_show_the_clients_name_newest_first(
    qtbot, caseload: Caseload, clock: Clock
) -> None:
    drafts = caseload.drafts()
    newest = drafts[-1]
    touch(caseload, clock, newest, days=1)
    board = Dashboard()
    qtbot.addWidget(board)
    rows = caseload.cases()
    labels = {row.id: f"{row.case_number} {row.surname}, {row.given_names}" for row in rows}
    overview = caseload.overview()
    board.show_overview(overview, caseload.profile(), labels)
    first = board.drafts_card.list.item(0)
    case = caseload.case(newest.case_id)
    assert first.data(Qt.ItemDataRole.UserRole) == newest.instance_id
    assert case.surname in first.text() and case.given_names in first.text()
    assert first.text().startswith(short_title(newest.title))
    assert not board.drafts_button.isHidden()


def test_the_overview_opens_the_drafts_list_and_counts_again(
    qtbot, caseload: Caseload, prompter
) -> None:
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    board = window.dashboard
    before = int(board.drafts_card.badge.text())

    def clear_two() -> None:
        dialog = window.findChild(DraftsDialog)
        assert dialog is not None and dialog.isVisible()
        dialog.select_rows([0, 1])
        dialog.discard_button.click()
        dialog.reject()

    QTimer.singleShot(0, clear_two)
    qtbot.mouseClick(board.drafts_button, Qt.MouseButton.LeftButton)
    assert prompter.kinds() == ["question"]
    assert int(board.drafts_card.badge.text()) == before - 2 == len(caseload.drafts())
    assert window.statusBar().currentMessage() == "2 Entwürfe verworfen"
