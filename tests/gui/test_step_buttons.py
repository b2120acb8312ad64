"""The "what's next" buttons: a step that needs the consent says so and leads to it (no
question followed by a refusal); a phase change is confirmed with the asked action as the
default button; the assessment step names the sheets filled in, with no target of eight."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind, LifeDomain
from kimdesk.gui.case_view import CaseView
from kimdesk.gui.consent_dialog import ConsentDialog
from kimdesk.gui.prompter import Prompter
from kimdesk.i18n import _
from tests.conftest import make_person

SIGNED = date(2026, 11, 2)


@pytest.fixture
def case_id(caseload) -> int:
    case = caseload.open_case(caseload.add_person(make_person()), opened_on=date(2026, 11, 2))
    caseload.move_to(case.id, Phase.INTAKE, on=date(2026, 11, 2))
    return case.id


@pytest.fixture
def view(qtbot, caseload, prompter, case_id) -> CaseView:
    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    view.show_case(case_id)
    return view


def button(view: CaseView, start: str):
    (found,) = [b for b in view.step_buttons if b.text().startswith(start)]
    return found


def test_the_assessment_before_the_consent_says_why_and_opens_the_consent(
    qtbot, view, caseload, case_id, prompter
) -> None:
    begin = button(view, "Assessment beginnen")
    assert begin.text() == "Assessment beginnen – erst Einverständniserklärung erfassen"
    assert begin.objectName() == "blockedStep"  # looks unavailable …
    assert begin.isEnabled()  # … and still leads somewhere
    assert "Einverständnis" in begin.toolTip()

    qtbot.mouseClick(begin, Qt.MouseButton.LeftButton)
    assert prompter.kinds() == []  # no question, no error
    dialog = view.dialog
    assert isinstance(dialog, ConsentDialog) and dialog.kind() is ConsentKind.DATA_PROCESSING
    with qtbot.waitSignal(view.case_changed):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    # With the consent the same step is an ordinary one that moves the case.
    begin = button(view, "Assessment beginnen")
    assert begin.text() == "Assessment beginnen" and begin.objectName() != "blockedStep"
    with qtbot.waitSignal(view.case_changed):
        qtbot.mouseClick(begin, Qt.MouseButton.LeftButton)
    assert caseload.case(case_id).phase is Phase.ASSESSMENT
    assert prompter.kinds() == ["question"]


def test_a_phase_change_is_confirmed_with_the_asked_action(qtbot, view, caseload, case_id):
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, SIGNED, "de"))
    view.refresh()
    prompter = view._prompter
    qtbot.mouseClick(button(view, "Assessment beginnen"), Qt.MouseButton.LeftButton)
    assert prompter.actions == ["In „Assessment“ überführen"]
    assert caseload.case(case_id).phase is Phase.ASSESSMENT


def test_the_confirmation_box_defaults_to_the_action(qtbot) -> None:
    box = Prompter.confirmation(
        None, _("Move the case to “{phase}”?").format(phase="Assessment"), action="Überführen"
    )
    qtbot.addWidget(box)
    assert box.defaultButton().text() == "Überführen"
    assert box.escapeButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert box.button(QMessageBox.StandardButton.No) is None  # no yes/no with "no" preset


def test_the_assessment_step_names_the_sheets_filled_in_without_a_target_of_eight(
    view, caseload, case_id
) -> None:
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, SIGNED, "de"))
    caseload.move_to(case_id, Phase.ASSESSMENT, on=date(2026, 11, 3))
    view.refresh()
    assert button(view, "Lebensbereiche").text() == "Lebensbereiche einschätzen"
    for key in ("assessment_health", "assessment_housing"):
        answers = {"assessment_kind": "first", "date": "2026-11-10"}
        caseload.save_form(case_id, key, answers, final=True)
    view.refresh()
    text = button(view, "Lebensbereiche").text()
    health, housing = LifeDomain.HEALTH.label, LifeDomain.HOUSING.label
    assert text == f"Lebensbereiche einschätzen – ausgefüllt: {health}, {housing}"
    assert "8" not in text and "von" not in text
