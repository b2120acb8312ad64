"""The case view: header, path, next steps, and the tabs with forms, contacts, referrals,
consents and the comparison of the assessments."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Service
from kimdesk.domain.vocabulary import ConsentKind, LifeDomain
from kimdesk.gui.case_view import CaseView
from kimdesk.gui.consent_dialog import ConsentDialog, WithdrawConsentDialog
from kimdesk.gui.contact_dialog import ContactDialog
from kimdesk.gui.referral_dialog import ReferralDialog
from kimdesk.gui.regelkreis import StepState
from kimdesk.i18n import _
from kimdesk.workflow import Unavailable, unavailable_text
from tests.conftest import TODAY, make_person


@pytest.fixture
def case_id(caseload) -> int:
    return caseload.open_case(caseload.add_person(make_person()), opened_on=date(2026, 2, 2)).id


@pytest.fixture
def view(qtbot, caseload, prompter, case_id) -> CaseView:
    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    view.show_case(case_id)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return view


def consent(caseload, case_id: int) -> None:
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, date(2026, 2, 3), "de"))


def health(kind: str, on: str, physical: int, mental: int) -> dict:
    return {
        "assessment_kind": kind,
        "date": on,
        "physical": {"value": physical, "remark": ""},
        "mental": {"value": mental, "remark": ""},
        "help_use": {"value": None, "remark": ""},
    }


def test_the_header_names_the_person_and_the_case(view, caseload, case_id) -> None:
    case = caseload.case(case_id)
    text = view.name_label.text()
    assert "Yılmaz" in text and "Ayşe" in text and text.index("Yılmaz") < text.index("Ayşe")
    assert case.case_number in view.facts_label.text()
    assert Phase.SCREENING.label in view.facts_label.text()
    assert "02.02.2026" in view.facts_label.text()
    assert case.pseudonym in view.pseudonym_label.text()


def test_an_arabic_name_keeps_its_letters(qtbot, caseload, prompter) -> None:
    person = caseload.add_person(make_person("الخطيب", "نور"))
    case = caseload.open_case(person)
    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.show_case(case.id)
    assert "الخطيب" in view.name_label.text() and "نور" in view.name_label.text()


def test_a_fresh_case_suggests_the_screening_and_opens_it(qtbot, view, case_id) -> None:
    assert [b.text() for b in view.step_buttons] == [_("Fill in the screening sheet")]
    with qtbot.waitSignal(view.open_form) as signal:
        qtbot.mouseClick(view.step_buttons[0], Qt.MouseButton.LeftButton)
    assert signal.args == [case_id, "screening"]


def test_the_path_highlights_the_current_phase(qtbot, view, caseload, case_id, prompter) -> None:
    assert view.phase_path.current is Phase.SCREENING
    assert view.phase_path.steps()[0] == (Phase.SCREENING, StepState.CURRENT)
    screening = {"date": "2026-02-02", "cm_required": "yes"}
    caseload.save_form(case_id, "screening", screening, final=True)
    view.refresh()
    (step,) = view.step_buttons
    with qtbot.waitSignal(view.case_changed):
        qtbot.mouseClick(step, Qt.MouseButton.LeftButton)
    assert prompter.kinds() == ["question"]
    assert caseload.case(case_id).phase is Phase.INTAKE
    states = dict(view.phase_path.steps())
    assert states[Phase.SCREENING] is StepState.DONE
    assert states[Phase.INTAKE] is StepState.CURRENT
    assert states[Phase.ASSESSMENT] is StepState.OPEN
    assert view.phase_path.current is Phase.INTAKE


def test_a_move_that_needs_the_consent_leads_to_it_without_asking(
    qtbot, view, caseload, case_id, prompter
) -> None:
    caseload.move_to(case_id, Phase.INTAKE)
    view.refresh()
    view.move_to(Phase.ASSESSMENT)  # without consent: no question that would end in a refusal
    assert prompter.kinds() == []
    assert isinstance(view.dialog, ConsentDialog)
    assert caseload.case(case_id).phase is Phase.INTAKE


def test_saying_no_leaves_the_phase(view, caseload, case_id, prompter) -> None:
    prompter.answer = False
    view.move_to(Phase.INTAKE)
    assert caseload.case(case_id).phase is Phase.SCREENING


def test_assessments_wait_for_the_consent_recorded_in_the_dialog(qtbot, view, caseload, case_id):
    button = view.new_buttons["assessment_health"]
    assert not button.isEnabled()
    assert button.toolTip() == unavailable_text(Unavailable.CONSENT)
    assert view.consent_notice.isVisibleTo(view)
    assert view.new_buttons["screening"].isEnabled()

    qtbot.mouseClick(view.consent_notice_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ConsentDialog) and dialog.kind() is ConsentKind.DATA_PROCESSING
    with qtbot.waitSignal(view.case_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert caseload.has_valid_consent(case_id)
    assert view.new_buttons["assessment_health"].isEnabled()
    assert not view.consent_notice.isVisibleTo(view)
    assert view.consents_table.rowCount() == 1
    assert view.consents_table.item(0, 0).text() == ConsentKind.DATA_PROCESSING.label


def test_a_consent_is_withdrawn_from_the_consents_tab(qtbot, view, caseload, case_id):
    consent(caseload, case_id)
    caseload.record_consent(Consent(case_id, ConsentKind.PRIVACY_NOTICE, date(2026, 2, 3), "de"))
    view.refresh()
    assert view.new_buttons["assessment_health"].isEnabled()
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.consents_table.parentWidget()))
    assert not view.withdraw_button.isEnabled()  # nothing selected
    view.consents_table.selectRow(1)
    assert not view.withdraw_button.isEnabled()  # the privacy notice was only handed out
    view.consents_table.selectRow(0)
    assert view.withdraw_button.isEnabled()

    qtbot.mouseClick(view.withdraw_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, WithdrawConsentDialog)
    assert dialog.date_edit.minimumDate() == QDate(2026, 2, 3)  # not before the signature
    assert dialog.date_edit.date() == QDate(TODAY)
    with qtbot.waitSignal(view.case_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    withdrawn, notice = caseload.consents(case_id)
    assert withdrawn.withdrawn_on == TODAY and notice.withdrawn_on is None
    assert view.consents_table.item(0, 3).text() == TODAY.strftime("%d.%m.%Y")
    view.consents_table.selectRow(0)
    assert not view.withdraw_button.isEnabled()  # once only
    view.tabs.setCurrentIndex(0)
    assert not view.new_buttons["assessment_health"].isEnabled()
    assert view.consent_notice.isVisibleTo(view)


def test_new_and_enter_open_forms(qtbot, view, caseload, case_id) -> None:
    with qtbot.waitSignal(view.open_form) as started:
        qtbot.mouseClick(view.new_buttons["screening"], Qt.MouseButton.LeftButton)
    assert started.args == [case_id, "screening"]

    instance = caseload.save_form(case_id, "screening", {"date": "2026-02-02"}, final=False)
    view.refresh()
    tree = view.forms_tree
    screening = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole + 1) == "screening"
    )
    (child,) = [screening.child(i) for i in range(screening.childCount())]
    assert child.text(0) == "02.02.2026" and child.text(1) == _("draft")
    tree.setFocus()
    tree.setCurrentItem(child)
    with qtbot.waitSignal(view.open_instance) as opened:
        qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert opened.args == [instance.id]


def test_a_contact_recorded_in_the_dialog_appears_in_the_contacts_tab(qtbot, view, caseload):
    qtbot.keyClick(view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    assert isinstance(dialog, ContactDialog)
    dialog.minutes_spin.setValue(45)
    dialog.note_edit.setPlainText("Termin Jobcenter\nUnterlagen mitbringen")
    with qtbot.waitSignal(view.case_changed):
        qtbot.keyClick(dialog.minutes_spin, Qt.Key.Key_Return)
    table = view.contacts_table
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in (0, 1)] == [TODAY.strftime("%d.%m.%Y"), "45"]
    assert table.item(0, 5).text() == "Termin Jobcenter"  # the first line only


def test_a_referral_recorded_in_the_dialog_appears_in_the_referrals_tab(qtbot, view, caseload):
    finances = frozenset({LifeDomain.FINANCES})
    caseload.add_service(Service("Diakonie", "Schuldnerberatung", domains=finances))
    caseload.add_service(Service("AWO", "Migrationsberatung"))
    view.record_referral()
    dialog = view.dialog
    assert isinstance(dialog, ReferralDialog)
    qtbot.keyClicks(dialog.search_edit, "schuld")
    assert dialog.service_list.count() == 1
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Down)  # into the list, first entry chosen
    assert dialog.domain() is LifeDomain.FINANCES
    with qtbot.waitSignal(view.case_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert view.referrals_table.item(0, 1).text() == "Diakonie – Schuldnerberatung"
    assert view.referrals_table.item(0, 2).text() == LifeDomain.FINANCES.label


def test_a_referral_needs_a_service_or_a_note(qtbot, view, prompter) -> None:
    dialog = view.record_referral()
    assert dialog is not None
    dialog.save()
    assert prompter.kinds() == ["error"] and dialog.isVisible()


def test_the_comparison_draws_first_and_re_assessment(qtbot, view, caseload, case_id) -> None:
    assert view.comparison.is_empty
    consent(caseload, case_id)
    for answers in (health("first", "2026-02-10", 3, 5), health("re", "2026-09-14", 6, 4)):
        caseload.save_form(case_id, "assessment_health", answers, final=True)
    view.refresh()
    assert not view.comparison.is_empty
    radar = view.comparison.radar
    assert len(radar.series) == 2
    health_axis = radar.axes.index(LifeDomain.HEALTH.label)
    assert [values[health_axis] for _name, values in radar.series] == [4.0, 5.0]
    assert "10.02.2026" in radar.series[0][0] and "14.09.2026" in radar.series[1][0]
    table = view.comparison.table
    changes = [table.item(row, table.columnCount() - 1).text() for row in range(table.rowCount())]
    assert changes == ["+3", "−1", "–"]
    assert table.item(0, table.columnCount() - 1).foreground().color().name() == "#2e7d32"


def test_alt_left_goes_back_to_the_case_list(qtbot, view) -> None:
    with qtbot.waitSignal(view.back):
        qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    with qtbot.waitSignal(view.back):
        qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)


def test_alt_numbers_switch_the_tabs(qtbot, view) -> None:
    qtbot.keyClick(view, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentWidget() is view.comparison
    qtbot.keyClick(view, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentIndex() == 1


def test_an_ended_case_offers_nothing_new(qtbot, view, caseload, case_id) -> None:
    caseload.move_to(case_id, Phase.NOT_ADMITTED)
    view.refresh()
    assert view.step_buttons == []
    assert not any(button.isEnabled() for button in view.new_buttons.values())
    assert view.ended_notice.isVisibleTo(view) and not view.consent_notice.isVisibleTo(view)
    assert not view.add_contact_button.isEnabled()
    assert view.record_contact() is None
    assert [p for p, _s in view.phase_path.steps()][-1] is Phase.NOT_ADMITTED
    assert QApplication.activeModalWidget() is None


def test_the_path_names_each_step_and_its_date_on_hover(qtbot, view, caseload, case_id) -> None:
    caseload.move_to(case_id, Phase.INTAKE, on=date(2026, 2, 5))
    view.refresh()
    path = view.phase_path
    second = path.tooltip_at(path.width() / 9 * 1.5)
    assert Phase.INTAKE.label in second and "05.02.2026" in second
    assert path.tooltip_at(path.width() - 1) == Phase.CLOSED.label
    assert Phase.INTAKE.label in path.accessibleDescription()
