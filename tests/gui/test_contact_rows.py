"""After a contact is saved, corrected or removed, the case view rewrites only the contact
rows that changed and leaves the other tabs alone; the table then reads as a new view's."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QTableWidget

from kimdesk.domain.records import Consent, Contact
from kimdesk.domain.vocabulary import AttemptChannel, ConsentKind, Setting
from kimdesk.gui.case_view import CaseView
from kimdesk.gui.contact_dialog import ContactDialog
from tests.conftest import TODAY, make_person


def cells(table: QTableWidget) -> list[tuple[str, ...]]:
    return [
        tuple(
            f"{table.item(row, c).text()}{'/i' if table.item(row, c).font().italic() else ''}"
            for c in range(table.columnCount())
        )
        for row in range(table.rowCount())
    ]


@pytest.fixture
def view(qtbot, caseload, prompter) -> CaseView:
    case_id = caseload.open_case(caseload.add_person(make_person()), opened_on=date(2026, 2, 2)).id
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, date(2026, 2, 3), "de"))
    for days, minutes in ((30, 45), (20, 60), (10, 15)):
        caseload.add_contact(
            Contact(case_id, TODAY - timedelta(days=days), minutes, Setting.IN_PERSON)
        )
    caseload.record_attempt(case_id, TODAY - timedelta(days=5), next(iter(AttemptChannel)))
    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.show()
    view.show_case(case_id)
    return view


def same_as_a_new_view(qtbot, view: CaseView, caseload, prompter) -> None:
    fresh = CaseView(caseload, prompter)
    qtbot.addWidget(fresh)
    fresh.show_case(view.case_id)
    assert cells(view.contacts_table) == cells(fresh.contacts_table)
    assert [c for _id, c in view._contacts] == [c for _id, c in fresh._contacts]


def test_a_saved_contact_inserts_one_row(qtbot, view, caseload, prompter) -> None:
    table = view.contacts_table
    kept = [table.item(row, 0) for row in range(table.rowCount())]
    consent_item = view.consents_table.item(0, 0)
    dialog = view.record_contact()
    assert isinstance(dialog, ContactDialog)
    dialog.minutes_spin.setValue(35)
    with qtbot.waitSignal(view.case_changed):
        dialog.save()
    assert table.rowCount() == 5 and table.item(0, 1).text() == "35"
    # the earlier rows are the same items, moved down one; the consents were not redrawn
    assert [table.item(row, 0) for row in range(1, 5)] == kept
    assert view.consents_table.item(0, 0) is consent_item
    same_as_a_new_view(qtbot, view, caseload, prompter)


def test_a_corrected_and_a_removed_contact_rewrite_their_rows(
    qtbot, view, caseload, prompter
) -> None:
    table = view.contacts_table
    last = table.item(3, 0)  # the oldest contact
    contact_id, contact = view._contacts[2]
    caseload.corrections.update_contact(
        contact_id, replace(contact, contact_on=TODAY - timedelta(days=1))
    )
    view._contact_stored()
    assert table.item(3, 0) is last  # untouched
    same_as_a_new_view(qtbot, view, caseload, prompter)
    table.selectRow(1)  # the attempt, now second
    assert view.remove_contact()
    assert table.rowCount() == 3 and table.item(2, 0) is last
    same_as_a_new_view(qtbot, view, caseload, prompter)
