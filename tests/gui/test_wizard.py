"""The form wizard over a real encrypted caseload: pages, drafts, finishing, read-only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind, FormStatus
from kimdesk.gui.wizard import FormWizard
from kimdesk.gui.wizard.choices import RadioChoiceEditor
from kimdesk.gui.wizard.group import RepeatingGroupEditor
from kimdesk.i18n import _
from tests.conftest import TODAY, make_person


def new_case(caseload: Caseload, *, consent: bool = False) -> int:
    case = caseload.open_case(caseload.add_person(make_person()))
    if consent:
        caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, TODAY, "de"))
        caseload.move_to(case.id, Phase.INTAKE)
        caseload.move_to(case.id, Phase.ASSESSMENT)
    return case.id


def open_wizard(qtbot, caseload: Caseload, case_id: int, key: str, prompter, **kw) -> FormWizard:
    wizard = FormWizard(caseload, case_id, key, prompter=prompter, **kw)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    return wizard


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_every_form_opens_with_one_page_per_section(qtbot, caseload: Caseload, prompter) -> None:
    case_id = new_case(caseload, consent=True)
    number = caseload.case(case_id).case_number
    for definition in caseload.forms:
        wizard = open_wizard(qtbot, caseload, case_id, definition.key, prompter)
        assert wizard.page_count() == len(definition.sections)
        assert wizard.page_list.count() == len(definition.sections)
        assert definition.title in wizard.windowTitle() and number in wizard.windowTitle()
        for index in range(wizard.page_count()):
            wizard.go_to_page(index)
            assert wizard.current_page() == index
        for field in definition.fields:
            assert wizard.editor(field.key).field is field
        wizard.close()
    assert caseload.drafts() == []  # opening and closing untouched forms stores nothing
    assert prompter.messages == []


def test_a_new_form_starts_with_the_prefill(qtbot, caseload: Caseload, prompter) -> None:
    case_id = new_case(caseload)
    wizard = open_wizard(qtbot, caseload, case_id, "screening", prompter)
    assert wizard.editor("date").value() == TODAY.isoformat()
    assert wizard.editor("client_name").value() == "Yılmaz, Ayşe"
    assert wizard.answers() == caseload.prefill(case_id, "screening")


def test_typing_saves_a_draft_that_reopens(qtbot, caseload: Caseload, prompter) -> None:
    case_id = new_case(caseload)
    wizard = open_wizard(qtbot, caseload, case_id, "screening", prompter)
    wizard.go_to_page(1)
    housing = wizard.editor("housing")
    qtbot.keyClicks(housing.edit, "Zimmer zu klein")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(caseload.drafts()) == 1, timeout=1500)
    assert wizard.instance_id == caseload.drafts()[0].instance_id
    prefix = _("Draft saved at {time}").split("{time}")[0]
    assert wizard.status_label.text().startswith(prefix)
    instance_id = wizard.instance_id
    wizard.close()

    again = open_wizard(qtbot, caseload, case_id, "screening", prompter, instance_id=instance_id)
    assert again.editor("housing").value() == "Zimmer zu klein"
    assert again.editor("date").value() == TODAY.isoformat()
    qtbot.keyClicks(again.editor("other").edit, "mehr")  # type: ignore[attr-defined]
    assert again.save_draft_now()
    assert len(caseload.drafts()) == 1  # the same draft, updated
    assert caseload.form_instance(instance_id).answers["other"] == "mehr"


def test_closing_saves_pending_input_at_once(qtbot, caseload: Caseload, prompter) -> None:
    case_id = new_case(caseload)
    wizard = open_wizard(qtbot, caseload, case_id, "screening", prompter)
    qtbot.keyClicks(wizard.editor("contact").edit, "0212 123456")  # type: ignore[attr-defined]
    assert caseload.drafts() == []  # the pause has not passed yet
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert not wizard.isVisible()
    (draft,) = caseload.drafts()
    assert caseload.form_instance(draft.instance_id).answers["contact"] == "0212 123456"


def test_finishing_without_a_required_answer_points_at_the_field(
    qtbot, caseload: Caseload, prompter
) -> None:
    case_id = new_case(caseload)
    wizard = open_wizard(qtbot, caseload, case_id, "screening", prompter)
    wizard.go_to_page(3)
    qtbot.keyClicks(wizard.editor("urgent_concern").edit, "Miete")  # type: ignore[attr-defined]
    assert not wizard.finish()
    decision = wizard.editor("cm_required")
    assert decision.error() == _("required")
    assert decision.error_label.isVisibleTo(wizard)
    assert wizard.current_page() == 4
    assert wizard.summary_label.isVisible()
    assert not wizard.page_list.item(4).icon().isNull()
    assert wizard.page_list.item(0).icon().isNull()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in decision.focus_widgets())
    assert prompter.messages == []
    assert wizard.isVisible()
    assert caseload.drafts()  # what was there is kept as a draft
    assert isinstance(decision, RadioChoiceEditor)
    qtbot.mouseClick(decision.buttons[0], Qt.MouseButton.LeftButton)
    assert not decision.error() and wizard.page_list.item(4).icon().isNull()


def test_finishing_a_complete_screening_stores_it_final(
    qtbot, caseload: Caseload, prompter
) -> None:
    case_id = new_case(caseload)
    wizard = open_wizard(qtbot, caseload, case_id, "screening", prompter)
    assert focused() is wizard.editor("date").focus_widgets()[0]
    qtbot.keyClick(focused(), Qt.Key.Key_PageDown)
    assert wizard.current_page() == 1
    assert focused() is wizard.editor("housing").focus_widgets()[0]
    qtbot.keyClicks(wizard.editor("finances").edit, "Schulden")  # type: ignore[attr-defined]
    wizard.go_to_page(4)
    decision = wizard.editor("cm_required")
    assert isinstance(decision, RadioChoiceEditor)
    qtbot.mouseClick(decision.buttons[0], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(wizard.form_finished) as finished:
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert wizard.result() == FormWizard.DialogCode.Accepted
    instance = caseload.form_instance(finished.args[0])
    assert instance.status is FormStatus.FINAL
    assert instance.answers["finances"] == "Schulden"
    assert instance.answers["cm_required"] == "yes"
    assert instance.answers["date"] == TODAY.isoformat()
    assert caseload.drafts() == []


def test_a_finished_form_opens_read_only(qtbot, caseload: Caseload, prompter) -> None:
    case_id = new_case(caseload)
    answers = {"date": TODAY.isoformat(), "cm_required": "no", "health": "Rücken"}
    instance = caseload.save_form(case_id, "screening", answers, final=True)
    wizard = open_wizard(qtbot, caseload, case_id, "screening", prompter, instance_id=instance.id)
    assert all(wizard.editor(key).is_read_only() for key in ("date", "health", "cm_required"))
    assert not wizard.finish_button.isVisible() and not wizard.save_button.isVisible()
    assert wizard.close_button.isVisible()
    wizard.go_to_page(1)
    health = wizard.editor("health")
    qtbot.keyClicks(health.edit, "xyz")  # type: ignore[attr-defined]
    assert health.value() == "Rücken"
    assert not wizard.finish() and not wizard.save_draft_now()
    wizard.close()
    assert caseload.form_instance(instance.id or 0).answers == answers


def test_keyboard_moves_between_pages_and_saves(qtbot, caseload: Caseload, prompter) -> None:
    case_id = new_case(caseload)
    wizard = open_wizard(qtbot, caseload, case_id, "screening", prompter)
    assert not wizard.back_button.isEnabled()
    qtbot.keyClick(focused(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(focused(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert wizard.current_page() == 2
    qtbot.keyClick(focused(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert wizard.current_page() == 1
    qtbot.keyClick(focused(), Qt.Key.Key_PageUp)
    assert wizard.current_page() == 0
    wizard.page_list.setCurrentRow(4)
    assert wizard.current_page() == 4 and not wizard.next_button.isEnabled()
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(caseload.drafts()) == 1


def test_tab_follows_the_paper(qtbot, caseload: Caseload, prompter) -> None:
    case_id = new_case(caseload)
    wizard = open_wizard(qtbot, caseload, case_id, "screening", prompter)
    order = ["date", "case_manager", "client_name", "contact"]
    first = wizard.editor("date").focus_widgets()[0]
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    for key in order[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is wizard.editor(key).focus_widgets()[0]


def test_a_bad_value_is_marked_and_the_rest_still_saved(
    qtbot, caseload: Caseload, prompter
) -> None:
    case_id = new_case(caseload)
    wizard = open_wizard(qtbot, caseload, case_id, "screening", prompter)
    date = wizard.editor("date")
    date.edit.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(date.edit, "31.02.2026")  # type: ignore[attr-defined]
    qtbot.keyClicks(wizard.editor("contact").edit, "per Mail")  # type: ignore[attr-defined]
    assert not wizard.save_draft_now()
    assert date.error()
    answers = caseload.form_instance(wizard.instance_id or 0).answers
    assert answers["contact"] == "per Mail" and "date" not in answers
    assert wizard.status_label.property("error")


def test_a_consent_form_without_consent_reports_the_rule(
    qtbot, caseload: Caseload, prompter
) -> None:
    case_id = new_case(caseload)
    wizard = open_wizard(qtbot, caseload, case_id, "cover_sheet", prompter)
    wizard.editor("surname").set_value("Yılmaz")
    wizard.editor("given_names").set_value("Ayşe")
    assert not wizard.finish()
    assert prompter.kinds() == ["error"]
    assert wizard.isVisible()
    assert caseload.form_instances(case_id) == []


def test_group_problems_go_to_the_entry(qtbot, caseload: Caseload, prompter) -> None:
    case_id = new_case(caseload, consent=True)
    wizard = open_wizard(qtbot, caseload, case_id, "goals", prompter)
    goals = wizard.editor("goals")
    assert isinstance(goals, RepeatingGroupEditor)
    goals.add_item()
    goals.items[0].editors["goal"].set_value("Wohnung finden")
    goals.items[1].editors["next_step"].set_value("Termin beim Amt")
    wizard.editor("next_review_on").set_value("2027-02-01")
    wizard.editor("agreement").set_value(True)
    assert not wizard.finish()
    assert goals.items[1].editors["goal"].error() == _("required")
    assert not goals.items[0].editors["goal"].error()
    assert wizard.current_page() == wizard.definition.sections.index(
        next(s for s in wizard.definition.sections if s.key == "goals")
    )
    page = wizard.pages[wizard.current_page()]
    missing = goals.items[1].editors["goal"]
    assert page.verticalScrollBar().value() > 0  # scrolled down to the second entry
    qtbot.waitUntil(lambda: QApplication.focusWidget() in missing.focus_widgets())
    goals.items[1].editors["goal"].set_value("Deutschkurs")
    with qtbot.waitSignal(wizard.form_finished):
        assert wizard.finish()
    assert [goal.title for goal in caseload.open_goals(case_id)] == [
        "Wohnung finden",
        "Deutschkurs",
    ]


def test_answers_set_by_the_program_are_saved_on_close_too(
    qtbot, caseload: Caseload, prompter
) -> None:
    case_id = new_case(caseload)
    wizard = open_wizard(qtbot, caseload, case_id, "screening", prompter)
    wizard.editor("urgent_concern").set_value("Miete")
    wizard.close()
    (draft,) = caseload.drafts()
    assert caseload.form_instance(draft.instance_id).answers["urgent_concern"] == "Miete"


def test_discarded_changes_are_not_saved(qtbot, caseload: Caseload, prompter) -> None:
    case_id = new_case(caseload)
    wizard = open_wizard(qtbot, caseload, case_id, "screening", prompter)
    qtbot.keyClicks(wizard.editor("contact").edit, "0212")  # type: ignore[attr-defined]
    wizard.discard_changes()
    wizard.close()
    assert caseload.drafts() == []
