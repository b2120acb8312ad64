"""Corrections through the GUI: contacts and referrals in the case view, offers in the
service directory, and a finished form corrected with its earlier version kept."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QTableWidget, QTreeWidgetItem

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Contact, Referral, Service
from kimdesk.domain.vocabulary import ConsentKind, LifeDomain, Setting
from kimdesk.gui.case_forms_tab import INSTANCE_ROLE
from kimdesk.gui.case_view import CaseView
from kimdesk.gui.contact_dialog import ContactDialog
from kimdesk.gui.referral_dialog import ReferralDialog
from kimdesk.gui.services_page import ServiceDialog, ServiceDirectoryPage
from kimdesk.gui.wizard.wizard import FormWizard
from tests.conftest import TODAY, make_person

NOTE = "Mietschulden bei Herrn Özdemir besprochen"


@pytest.fixture
def case_id(caseload: Caseload) -> int:
    case_id = caseload.open_case(caseload.add_person(make_person())).id
    caseload.move_to(case_id, Phase.INTAKE)
    signed = TODAY - timedelta(days=60)
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, signed, "tr"))
    caseload.move_to(case_id, Phase.ASSESSMENT)
    return case_id


@pytest.fixture
def view(qtbot, caseload: Caseload, prompter, case_id: int) -> CaseView:
    caseload.add_contact(Contact(case_id, TODAY - timedelta(days=3), 30, Setting.IN_PERSON))
    caseload.add_contact(Contact(case_id, TODAY, 20, Setting.PHONE, note=NOTE))
    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    view.show_case(case_id)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return view


def shots() -> Path | None:
    """Where the pictures for a look go (KIMDESK_SHOTS), or nowhere."""
    folder = os.environ.get("KIMDESK_SHOTS")
    return Path(folder) if folder else None


def select_row(qtbot, table: QTableWidget, row: int) -> None:
    table.setFocus()
    table.setCurrentCell(row, 0)
    table.selectRow(row)


def test_enter_on_a_contact_opens_it_filled_in_and_saving_corrects_it(
    qtbot, view: CaseView, caseload: Caseload, case_id: int
) -> None:
    view.tabs.setCurrentIndex(1)
    table = view.contacts_table
    assert table.item(1, 1).text() == "30"  # the newest first
    select_row(qtbot, table, 1)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = view.dialog
    assert isinstance(dialog, ContactDialog)
    assert dialog.windowTitle() == "Kontakt korrigieren"
    assert dialog.minutes_spin.value() == 30
    assert dialog.date_edit.date() == QDate(TODAY - timedelta(days=3))
    if (folder := shots()) is not None:
        dialog.grab().save(str(folder / "contact_correction.png"))
    dialog.minutes_spin.setValue(50)
    dialog.topic_boxes[LifeDomain.HOUSING].setChecked(True)
    dialog.note_edit.setPlainText(NOTE + " (korrigiert)")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert view.dialog is None
    contacts = caseload.contacts(case_id)
    assert len(contacts) == 2
    assert contacts[0].minutes == 50 and contacts[0].topics == {LifeDomain.HOUSING}
    assert table.item(1, 1).text() == "50"
    entries = [e for e in caseload.audit_log() if e.action == "contact.corrected"]
    assert [(e.case_id, e.detail) for e in entries] == [(case_id, "")]
    assert "Özdemir" not in repr(caseload.audit_log())
    if (folder := shots()) is not None:
        view.grab().save(str(folder / "contacts_tab.png"))


def test_a_double_click_opens_the_contact_too(qtbot, view: CaseView) -> None:
    view.tabs.setCurrentIndex(1)
    table = view.contacts_table
    rect = table.visualItemRect(table.item(0, 0))
    # QTest's double click is only the second press: the first click comes before it.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert isinstance(view.dialog, ContactDialog)
    assert view.dialog.minutes_spin.value() == 20
    assert view.dialog.note_edit.toPlainText() == NOTE


@pytest.mark.parametrize("answer", [True, False])
def test_del_removes_a_contact_after_a_question(
    qtbot, view: CaseView, caseload: Caseload, prompter, case_id: int, answer: bool
) -> None:
    prompter.answer = answer
    view.tabs.setCurrentIndex(1)
    select_row(qtbot, view.contacts_table, 0)
    qtbot.keyClick(view.contacts_table, Qt.Key.Key_Delete)
    assert prompter.kinds() == ["question"]
    assert f"{TODAY:%d.%m.%Y}" in prompter.messages[0][1]
    left = [c.minutes for c in caseload.contacts(case_id)]
    removed = [e for e in caseload.audit_log() if e.action == "contact.removed"]
    if answer:
        assert left == [30] and view.contacts_table.rowCount() == 1
        assert [(e.case_id, e.detail) for e in removed] == [(case_id, "")]
    else:
        assert left == [30, 20] and view.contacts_table.rowCount() == 2
        assert removed == []


def test_a_referral_is_corrected_and_removed(
    qtbot, caseload: Caseload, prompter, case_id: int
) -> None:
    first = caseload.add_service(Service("Diakonie", "Schuldnerberatung"))
    second = caseload.add_service(Service("Caritas", "Wohnungsnotfallhilfe"))
    caseload.add_referral(Referral(case_id, TODAY, service_id=first, note="Termin"))
    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.show()
    view.show_case(case_id)
    view.tabs.setCurrentIndex(2)
    select_row(qtbot, view.referrals_table, 0)
    qtbot.keyClick(view.referrals_table, Qt.Key.Key_Return)
    dialog = view.dialog
    assert isinstance(dialog, ReferralDialog) and dialog.service_id() == first
    if (folder := shots()) is not None:
        dialog.grab().save(str(folder / "referral_correction.png"))
    assert dialog.note_edit.toPlainText() == "Termin"
    for row in range(dialog.service_list.count()):
        if dialog.service_list.item(row).data(Qt.ItemDataRole.UserRole) == second:
            dialog.service_list.setCurrentRow(row)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [r.service_id for r in caseload.referrals(case_id)] == [second]
    assert "Caritas" in view.referrals_table.item(0, 1).text()

    select_row(qtbot, view.referrals_table, 0)
    qtbot.keyClick(view.referrals_table, Qt.Key.Key_Delete)
    assert caseload.referrals(case_id) == []
    actions = [e.action for e in caseload.audit_log()]
    assert "referral.corrected" in actions and "referral.removed" in actions


@pytest.fixture
def page(qtbot, caseload: Caseload, prompter) -> ServiceDirectoryPage:
    page = ServiceDirectoryPage(caseload, prompter)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    return page


def test_an_offer_is_corrected_with_enter(qtbot, page: ServiceDirectoryPage, caseload) -> None:
    service_id = caseload.add_service(Service("Diakonie", "Schuldnerberatung", phone="0201 1"))
    page.refresh()
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, ServiceDialog) and dialog.windowTitle() == "Angebot korrigieren"
    assert dialog.phone_edit.text() == "0201 1"
    if (folder := shots()) is not None:
        dialog.grab().save(str(folder / "service_correction.png"))
    dialog.phone_edit.setText("0201 2")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dict(caseload.services())[service_id].phone == "0201 2"
    assert page.shown_services()[0].phone == "0201 2"
    assert [e.detail for e in caseload.audit_log() if e.action == "service.corrected"] == [""]


def test_an_offer_named_in_a_referral_is_not_removed(
    qtbot, page: ServiceDirectoryPage, caseload, prompter, case_id: int
) -> None:
    used = caseload.add_service(Service("Diakonie", "Schuldnerberatung"))
    caseload.add_referral(Referral(case_id, TODAY, service_id=used))
    caseload.add_service(Service("Caritas", "Sprachkurs"))
    page.refresh()
    page.table.setFocus()
    page.table.selectRow(1)  # sorted by provider: Diakonie second
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    # Not asked and then refused: deactivation is offered instead, and done.
    assert prompter.kinds() == ["question"] and prompter.actions == ["Deaktivieren"]
    assert "1 Vermittlung genannt" in prompter.messages[0][1]
    assert len(caseload.services()) == 2 and not dict(caseload.services())[used].active
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert [s.provider for _id, s in caseload.services()] == ["Diakonie"]
    assert [s.provider for s in page.shown_services()] == ["Diakonie"]
    assert [e.action for e in caseload.audit_log()].count("service.removed") == 1


def residence(status: str, on: date) -> dict[str, object]:
    return {"assessment_kind": "first", "date": on.isoformat(), "residence_status": status}


def find_item(view: CaseView, instance_id: int) -> QTreeWidgetItem:
    found = [
        item
        for item in _items(view.forms_tree.invisibleRootItem())
        if item.data(0, INSTANCE_ROLE) == instance_id
    ]
    assert len(found) == 1
    return found[0]


def _items(parent: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    result = []
    for index in range(parent.childCount()):
        child = parent.child(index)
        result += [child, *_items(child)]
    return result


def test_a_finished_form_is_corrected_and_the_earlier_version_stays_readable(
    qtbot, view: CaseView, caseload: Caseload, case_id: int
) -> None:
    on = TODAY - timedelta(days=5)
    first = caseload.save_form(case_id, "assessment_residence", residence("visa", on), final=True)
    view.refresh()
    view.forms_tree.setCurrentItem(find_item(view, first.id or 0))
    assert view.correct_form_button.isEnabled()
    with qtbot.waitSignal(view.open_instance) as opened:
        qtbot.mouseClick(view.correct_form_button, Qt.MouseButton.LeftButton)
    draft_id = opened.args[0]
    assert find_item(view, draft_id).text(1) == "Korrektur (Entwurf)"
    # The wizard's work: finishing the correction with another status.
    caseload.save_form(
        case_id,
        "assessment_residence",
        residence("settlement_permit", on),
        final=True,
        instance_id=draft_id,
    )
    view.refresh()
    current = find_item(view, draft_id)
    earlier = find_item(view, first.id or 0)
    assert current.text(1) == "abgeschlossen, korrigiert"
    assert earlier.text(1) == f"korrigiert am {TODAY:%d.%m.%Y}"
    assert earlier.parent() is current  # below the version that replaced it
    view.forms_tree.setCurrentItem(earlier)
    assert not view.correct_form_button.isEnabled()  # only the current version
    with qtbot.waitSignal(view.open_instance) as reopened:
        view.forms_tree.itemActivated.emit(earlier, 0)
    assert reopened.args == [first.id]  # the wizard shows a finished form read-only
    assert caseload.form_instance(first.id or 0).answers["residence_status"] == "visa"
    assert [e.detail for e in caseload.audit_log() if e.action == "form.corrected"] == [
        "assessment_residence"
    ]
    if (folder := shots()) is not None:
        view.tabs.setCurrentIndex(0)
        view.forms_tree.scrollToItem(current)
        view.grab().save(str(folder / "forms_tree_corrected.png"))


def test_the_wizard_finishes_a_correction_and_the_earlier_form_stays_read_only(
    qtbot, caseload: Caseload, prompter, case_id: int
) -> None:
    on = TODAY - timedelta(days=5)
    key = "assessment_residence"
    first = caseload.save_form(case_id, key, residence("visa", on), final=True)
    draft_id = caseload.corrections.start_form_correction(first.id or 0)
    wizard = FormWizard(caseload, case_id, key, prompter=prompter, instance_id=draft_id)
    qtbot.addWidget(wizard)
    assert not wizard.read_only
    assert wizard.editor("residence_status").value() == "visa"  # filled with the answers
    wizard.editor("residence_status").set_value("settlement_permit")
    assert wizard.finish()
    assert [i.answers["residence_status"] for i in caseload.form_instances(case_id)] == [
        "settlement_permit"
    ]
    earlier = FormWizard(caseload, case_id, key, prompter=prompter, instance_id=first.id)
    qtbot.addWidget(earlier)
    assert earlier.read_only and earlier.editor("residence_status").value() == "visa"
