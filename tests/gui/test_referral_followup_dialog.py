"""Referrals followed up in the GUI: the case view's Vermittlungen tab with status, last change
and result, the status dialog (a change, the need met, an undo), the first status of a new
referral, and the overview's card of referrals without news. Set KIMDESK_SHOTS to a folder to
keep pictures of the tab, the dialog and the card."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QTableWidget

from kimdesk.caseload import Caseload
from kimdesk.domain.records import Referral, Service
from kimdesk.domain.referral_status import NeedMet, ReferralStatus
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.gui.case_view import CaseView
from kimdesk.gui.dashboard import ALERT_COLOUR, MAX_ENTRIES, Dashboard
from kimdesk.gui.referral_dialog import ReferralDialog
from kimdesk.gui.referral_status_dialog import ReferralStatusDialog
from tests.conftest import TODAY, make_person

S = ReferralStatus
REFERRED = date(2026, 9, 1)
SHOTS = os.environ.get("KIMDESK_SHOTS")


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / name))


@pytest.fixture
def case_id(caseload: Caseload) -> int:
    person = caseload.add_person(make_person())
    return caseload.open_case(person, opened_on=date(2026, 2, 2)).id


@pytest.fixture
def services(caseload: Caseload) -> dict[str, int]:
    return {
        "debts": caseload.add_service(
            Service("Diakonie", "Schuldnerberatung", domains=frozenset({LifeDomain.FINANCES}))
        ),
        "course": caseload.add_service(Service("VHS Solingen", "Integrationskurs B1")),
    }


@pytest.fixture
def view(qtbot, caseload: Caseload, prompter, case_id: int) -> CaseView:
    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.resize(1180, 620)
    view.show()
    view.show_case(case_id)
    view.tabs.setCurrentIndex(2)
    return view


def select_row(table: QTableWidget, row: int) -> None:
    table.setFocus()
    table.setCurrentCell(row, 0)
    table.selectRow(row)


def texts(table: QTableWidget, row: int) -> list[str]:
    return [table.item(row, column).text() for column in range(table.columnCount())]


def open_status_dialog(qtbot, view: CaseView, row: int = 0) -> ReferralStatusDialog:  # type: ignore[no-untyped-def]
    select_row(view.referrals_table, row)
    assert view.referral_status_button.isEnabled()
    qtbot.mouseClick(view.referral_status_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ReferralStatusDialog)
    return dialog


def choose(dialog: ReferralStatusDialog, status: ReferralStatus) -> None:
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData(status.value))


def test_the_tab_shows_status_last_change_and_result(
    qtbot, view: CaseView, caseload: Caseload, case_id: int, services: dict[str, int]
) -> None:
    course = caseload.add_referral(
        Referral(case_id, REFERRED, services["course"], note="Anmeldung")
    )
    debts = caseload.add_referral(
        Referral(case_id, date(2026, 10, 20), services["debts"], LifeDomain.FINANCES)
    )
    caseload.referral_follow_ups.change_status(
        debts, S.COMPLETED, on=date(2026, 11, 10), result="Ratenplan steht", need_met=NeedMet.YES
    )
    view.refresh()
    table = view.referrals_table
    assert [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())] == [
        "Datum", "Angebot", "Lebensbereich", "Status", "Letzte Änderung", "Bedarf gedeckt",
        "Ergebnis", "Notiz",
    ]  # fmt: skip
    assert texts(table, 0) == [
        "20.10.2026",
        "Diakonie – Schuldnerberatung",
        LifeDomain.FINANCES.label,
        "abgeschlossen",
        "10.11.2026",
        "ja",
        "Ratenplan steht",
        "",
    ]
    assert texts(table, 1)[3:5] == ["vereinbart", "01.09.2026"]
    # agreed on 1 September, no news since: the status in the alert colour
    assert table.item(1, 3).foreground().color() == ALERT_COLOUR
    assert table.item(0, 3).foreground().color() != ALERT_COLOUR
    assert course  # the older one is the second line (newest first)
    assert not view.referral_status_button.isEnabled()  # nothing selected


def test_a_status_change_is_recorded_in_the_dialog(
    qtbot, view: CaseView, caseload: Caseload, case_id: int, services: dict[str, int]
) -> None:
    referral_id = caseload.add_referral(
        Referral(case_id, REFERRED, services["course"], LifeDomain.EDUCATION_WORK, note="Kurs")
    )
    caseload.referral_follow_ups.change_status(referral_id, S.ACCEPTED, on=date(2026, 9, 15))
    view.refresh()
    dialog = open_status_dialog(qtbot, view)
    assert dialog.history_label.text() == "01.09.2026   vereinbart\n15.09.2026   angenommen"
    offered = [dialog.status_combo.itemText(i) for i in range(dialog.status_combo.count())]
    assert "angenommen" not in offered and "abgeschlossen" in offered
    assert dialog.status() is S.COMPLETED  # the usual next step is offered first
    assert dialog.date_edit.minimumDate() == QDate(2026, 9, 15)

    choose(dialog, S.COMPLETED)
    dialog.date_edit.setDate(QDate(2026, 11, 18))
    qtbot.keyClicks(dialog.result_edit, "B1 bestanden")
    assert all(button.isEnabled() for button in dialog.need_buttons.values())
    qtbot.mouseClick(dialog.need_buttons[NeedMet.PARTLY], Qt.MouseButton.LeftButton)
    shot(dialog, "referral_status_dialog.png")
    with qtbot.waitSignal(view.case_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    (follow_up,) = caseload.referral_follow_ups.of_case(case_id)
    assert [(c.status, c.on) for c in follow_up.history][-1] == (S.COMPLETED, date(2026, 11, 18))
    assert (follow_up.result, follow_up.need_met) == ("B1 bestanden", NeedMet.PARTLY)
    assert texts(view.referrals_table, 0)[3:7] == [
        "abgeschlossen",
        "18.11.2026",
        "teilweise",
        "B1 bestanden",
    ]
    shot(view, "referrals_tab.png")


def test_the_need_is_said_only_at_the_end_and_required_to_complete(
    qtbot, view: CaseView, caseload: Caseload, case_id: int, prompter
) -> None:
    caseload.add_referral(Referral(case_id, REFERRED, note="Wohnungsamt"))
    view.refresh()
    dialog = open_status_dialog(qtbot, view)
    choose(dialog, S.COMPLETED)
    dialog.need_buttons[NeedMet.YES].setChecked(True)
    choose(dialog, S.ACCEPTED)  # open again: the answer is taken back and cannot be given
    assert dialog.need_met() is None
    assert not any(button.isEnabled() for button in dialog.need_buttons.values())

    choose(dialog, S.COMPLETED)
    dialog.save()
    assert prompter.messages == [
        ("error", "Bitte geben Sie an, ob die Person bekommen hat, was sie brauchte.")
    ]
    assert dialog.isVisible()
    (follow_up,) = caseload.referral_follow_ups.of_case(case_id)
    assert len(follow_up.history) == 1


def test_the_last_change_is_undone_from_the_dialog(
    qtbot, view: CaseView, caseload: Caseload, case_id: int, prompter
) -> None:
    referral_id = caseload.add_referral(Referral(case_id, REFERRED, note="Kita"))
    caseload.referral_follow_ups.change_status(
        referral_id, S.REFUSED, on=date(2026, 10, 2), need_met=NeedMet.NO
    )
    view.refresh()
    dialog = open_status_dialog(qtbot, view)
    assert not dialog.save_button.isEnabled() and dialog.ended_hint.isVisibleTo(dialog)
    with qtbot.waitSignal(view.case_changed):
        qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert prompter.actions == ["Änderung zurücknehmen"]
    assert "„abgelehnt“ vom 02.10.2026" in prompter.messages[0][1]
    (follow_up,) = caseload.referral_follow_ups.of_case(case_id)
    assert follow_up.status is S.AGREED and follow_up.need_met is None
    assert texts(view.referrals_table, 0)[3] == "vereinbart"


def test_a_new_referral_is_recorded_with_its_first_status(
    qtbot, view: CaseView, caseload: Caseload, case_id: int, services: dict[str, int]
) -> None:
    dialog = view.record_referral()
    assert isinstance(dialog, ReferralDialog)
    assert dialog.status() is S.AGREED
    qtbot.keyClicks(dialog.search_edit, "schuld")
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Down)
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData(S.PROPOSED.value))
    with qtbot.waitSignal(view.case_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    (follow_up,) = caseload.referral_follow_ups.of_case(case_id)
    assert [(c.status, c.on) for c in follow_up.history] == [(S.PROPOSED, TODAY)]
    assert texts(view.referrals_table, 0)[3] == "vorgeschlagen"


def test_the_overview_card_lists_referrals_without_news(
    qtbot, caseload: Caseload, case_id: int, services: dict[str, int]
) -> None:
    for offset in range(MAX_ENTRIES + 1):
        caseload.add_referral(
            Referral(case_id, REFERRED + timedelta(days=offset), services["debts"])
        )
    board = Dashboard()
    qtbot.addWidget(board)
    board.resize(1100, 900)
    labels = {row.id: f"{row.case_number} {row.surname}" for row in caseload.cases()}
    card = board.referrals_card

    board.show_overview(
        caseload.overview(REFERRED + timedelta(days=41)), caseload.profile(), labels
    )
    board.show()
    assert card.list.isHidden() and not card.empty_label.isHidden()
    assert "6 Wochen" in card.empty_label.text()

    later = REFERRED + timedelta(days=42 + MAX_ENTRIES)
    board.show_overview(caseload.overview(later), caseload.profile(), labels)
    assert card.list.count() == MAX_ENTRIES and card.badge.text() == str(MAX_ENTRIES + 1)
    first = card.list.item(0).text()
    assert first == f"{labels[case_id]} – vereinbart seit 01.09.2026 – Diakonie"
    assert card.more_label.isVisibleTo(card) and card.more_label.text() == "+ 1 weitere"
    shot(board, "overview_referrals_card.png")
    qtbot.mouseClick(card.more_label, Qt.MouseButton.LeftButton)
    assert card.list.count() == MAX_ENTRIES + 1 and not card.more_label.isVisibleTo(card)

    with qtbot.waitSignal(board.open_case) as opened:
        card.list.setFocus()
        card.list.setCurrentRow(0)
        qtbot.keyClick(card.list, Qt.Key.Key_Return)
    assert opened.args == [case_id]
