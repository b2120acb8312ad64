"""Work in proportion to the change: a save redraws the row of its case (no reset of the case
list), a new case is inserted as a row and an erased one removed; the overview is computed
only when it is shown and something changed; the case list is loaded only when needed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication

from kimdesk.case_groups import CaseGroup
from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Contact
from kimdesk.domain.vocabulary import ConsentKind, Setting
from kimdesk.gui.case_list import LAST_CONTACT, CaseTableModel, day
from kimdesk.gui.main_window import MainWindow
from kimdesk.gui.new_case import NewCaseDialog
from tests.conftest import TODAY, make_person

SURNAMES = ("Haddad", "Nowak", "Yılmaz", "Berisha")


class Resets:
    """Counts the case list model's resets and the rows it redrew."""

    def __init__(self, model: CaseTableModel) -> None:
        self.resets = 0
        self.changed: list[int] = []
        self.inserted = 0
        self.removed = 0
        model.modelAboutToBeReset.connect(self._reset)
        model.modelReset.connect(self._reset)
        model.dataChanged.connect(lambda first, _last, _roles=(): self.changed.append(first.row()))
        model.rowsInserted.connect(lambda *_: self._count("inserted"))
        model.rowsRemoved.connect(lambda *_: self._count("removed"))

    def _reset(self) -> None:
        self.resets += 1

    def _count(self, name: str) -> None:
        setattr(self, name, getattr(self, name) + 1)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the overview and the whole case list were computed (the real methods run)."""
    counted = {"overview": 0, "cases": 0}
    for name in counted:
        real = getattr(Caseload, name)

        def counting(self: Caseload, *args: object, _real=real, _name=name, **kw: object):
            counted[_name] += 1
            return _real(self, *args, **kw)

        monkeypatch.setattr(Caseload, name, counting)
    return counted


@pytest.fixture
def ids(caseload: Caseload) -> dict[str, int]:
    found = {}
    for surname in SURNAMES:
        case = caseload.open_case(caseload.add_person(make_person(surname)))
        found[surname] = case.id
    caseload.move_to(found["Haddad"], Phase.INTAKE)
    return found


@pytest.fixture
def window(qtbot, caseload: Caseload, prompter, ids: dict[str, int]) -> Iterator[MainWindow]:
    prompter.answer = True
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window


def row_of(window: MainWindow, case_id: int) -> int:
    row = window.case_list.model.row_of(case_id)
    assert row is not None
    return row


def save_contact(qtbot, window: MainWindow) -> None:
    dialog = window.case_view.record_contact()
    assert dialog is not None
    dialog.minutes_spin.setValue(25)
    with qtbot.waitSignal(window.case_view.case_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_the_case_list_is_not_loaded_for_the_overview(
    window: MainWindow, calls: dict[str, int], caseload: Caseload
) -> None:
    fresh = MainWindow(caseload, window._prompter)
    fresh.show()
    QApplication.processEvents()
    assert fresh.stack.currentWidget() is fresh.dashboard
    assert calls == {"overview": 1, "cases": 0}
    assert fresh.case_list.model.rowCount() == 0
    assert fresh.case_count == len(SURNAMES)
    fresh.show_page(fresh.case_list)
    assert calls["cases"] == 1 and fresh.case_list.model.rowCount() == len(SURNAMES)
    fresh._caseload = None  # the fixture's caseload stays open
    fresh.close()


def test_a_saved_contact_redraws_its_row_only(
    qtbot, window: MainWindow, ids: dict[str, int], calls: dict[str, int]
) -> None:
    window.show_page(window.case_list)
    model = window.case_list.model
    case_id = ids["Haddad"]
    assert model.line(row_of(window, case_id)).texts[LAST_CONTACT] == "–"
    counted = Resets(model)
    window.show_case(case_id)
    loaded = calls["cases"]
    save_contact(qtbot, window)
    assert counted.resets == 0 and calls["cases"] == loaded
    row = row_of(window, case_id)
    assert counted.changed == [row]
    assert model.line(row).texts[LAST_CONTACT] == day(TODAY)


def test_a_saved_contact_moves_the_row_when_sorted_by_it(
    qtbot, window: MainWindow, ids: dict[str, int]
) -> None:
    window.show_page(window.case_list)
    table = window.case_list.table
    table.sortByColumn(LAST_CONTACT, Qt.SortOrder.DescendingOrder)
    model = window.case_list.model
    counted = Resets(model)
    window.show_case(ids["Haddad"])
    save_contact(qtbot, window)
    assert counted.resets == 0
    assert model.case_id_at(0) == ids["Haddad"]  # the newest contact first
    keys = [model.line(row).sort_keys[LAST_CONTACT] for row in range(model.rowCount())]
    assert keys == sorted(keys, reverse=True)
    window.show_page(window.case_list)
    assert window.case_list.proxy.case_id_at(0) == ids["Haddad"]


def test_a_recorded_consent_redraws_its_row_only(
    qtbot, window: MainWindow, ids: dict[str, int]
) -> None:
    window.show_page(window.case_list)
    counted = Resets(window.case_list.model)
    window.show_case(ids["Haddad"])
    dialog = window.case_view.record_consent(ConsentKind.DATA_PROCESSING)
    with qtbot.waitSignal(window.case_view.case_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert counted.resets == 0
    assert counted.changed == [row_of(window, ids["Haddad"])]


def test_a_form_finished_in_the_wizard_redraws_its_row_only(
    qtbot, window: MainWindow, ids: dict[str, int], caseload: Caseload
) -> None:
    window.show_page(window.case_list)
    model = window.case_list.model
    case_id = ids["Nowak"]
    counted = Resets(model)
    window.show_case(case_id)
    window.open_form(case_id, "screening")
    wizard = window.wizard
    assert wizard is not None
    wizard.editor("urgent_concern").set_value("Drohende Wohnungslosigkeit")
    wizard.editor("cm_required").set_value("yes")
    wizard.close()  # kept as a draft: the case joins the group "draft open"
    qtbot.waitUntil(lambda: window.wizard is None)
    assert counted.resets == 0 and counted.changed == [row_of(window, case_id)]
    assert case_id in model.groups[CaseGroup.DRAFT_OPEN]

    [draft] = [d for d in caseload.drafts() if d.case_id == case_id]
    window.open_instance(draft.instance_id)
    wizard = window.wizard
    assert wizard is not None
    with qtbot.waitSignal(wizard.form_finished):
        qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.wizard is None)
    assert counted.resets == 0
    assert counted.changed == [row_of(window, case_id)] * 2
    assert case_id not in model.groups[CaseGroup.DRAFT_OPEN]


def test_a_new_case_is_inserted_and_an_erased_one_removed(
    qtbot, window: MainWindow, ids: dict[str, int], caseload: Caseload
) -> None:
    window.show_page(window.case_list)
    model = window.case_list.model
    counted = Resets(model)

    def fill_new_case() -> None:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, NewCaseDialog) and w.isVisible()
        ]
        if not shown:
            QTimer.singleShot(20, fill_new_case)
            return
        dialog = shown[0]
        qtbot.keyClicks(dialog.surname_edit, "Neumann")
        qtbot.keyClicks(dialog.given_names_edit, "Lea")
        qtbot.keyClicks(dialog.birth_edit, "04.03.1988")
        qtbot.keyClick(dialog.surname_edit, Qt.Key.Key_Return)
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(0, fill_new_case)
    window.new_case()
    new_id = window.case_view.case_id
    assert new_id is not None and new_id not in ids.values()
    if window.wizard is not None:  # the screening opens by itself
        window.wizard.close()
        qtbot.waitUntil(lambda: window.wizard is None)
    assert counted.resets == 0 and counted.inserted == 1
    assert model.rowCount() == len(SURNAMES) + 1
    assert model.line(row_of(window, new_id)).row.surname == "Neumann"

    window.show_case(ids["Berisha"])
    qtbot.mouseClick(window.case_view.erase_button, Qt.MouseButton.LeftButton)
    assert window.case_view.case_id is None
    assert counted.resets == 0 and counted.removed == 1
    assert model.row_of(ids["Berisha"]) is None
    assert model.rowCount() == len(SURNAMES) == window.case_count
    assert window.case_list.proxy.rowCount() == len(SURNAMES)


def test_the_overview_is_computed_when_shown_after_a_change(
    qtbot, window: MainWindow, ids: dict[str, int], calls: dict[str, int], caseload: Caseload
) -> None:
    calls["overview"] = 0
    window.show_page(window.case_list)
    window.show_page(window.dashboard)
    assert calls["overview"] == 0  # nothing changed since it was computed
    window.show_case(ids["Haddad"])
    for _ in range(3):
        save_contact(qtbot, window)
    assert calls["overview"] == 0  # hidden: only marked as out of date
    caseload.move_to(ids["Nowak"], Phase.INTAKE)  # a change made elsewhere, told by its id
    window.views.case_changed(ids["Nowak"])
    assert calls["overview"] == 0
    window.show_page(window.dashboard)
    assert calls["overview"] == 1
    window.show_page(window.dashboard)
    assert calls["overview"] == 1
    # The new figures: Haddad had a contact, so counts for the caseload key.
    assert window.dashboard.open_cases_label.text() == f"{len(SURNAMES)} offene Fälle"
    assert window.dashboard.caseload_number.text().startswith("1 von")


def test_a_save_while_the_overview_is_shown_recomputes_it_once(
    window: MainWindow, calls: dict[str, int], ids: dict[str, int], caseload: Caseload
) -> None:
    calls["overview"] = 0
    assert window.stack.currentWidget() is window.dashboard
    assert window.dashboard.caseload_number.text().startswith("0 von")
    caseload.move_to(ids["Nowak"], Phase.INTAKE)
    caseload.add_contact(Contact(ids["Nowak"], TODAY, 30, Setting.IN_PERSON))
    window.views.case_changed(ids["Nowak"])
    assert calls["overview"] == 1
    assert window.dashboard.caseload_number.text().startswith("1 von")
    assert window.case_list.model.rowCount() == 0  # still not loaded
    assert QModelIndex().isValid() is False
