"""One case through the whole application, as a case manager works it, then the stored data.

Screening → intake → consent → cover sheet → two assessment sheets → goal sheet → contacts →
monitoring → review of the goals → re-assessment → closure, all through the main window's
widgets (dialogs, step buttons, wizards), and at the end the caseload file reopened from disk.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.vocabulary import (
    Achievement,
    ClosureReason,
    ConsentKind,
    FormStatus,
    LifeDomain,
    Setting,
)
from kimdesk.gui.case_view import CaseView
from kimdesk.gui.consent_dialog import ConsentDialog
from kimdesk.gui.contact_dialog import ContactDialog
from kimdesk.gui.main_window import MainWindow
from kimdesk.gui.new_case import NewCaseDialog
from kimdesk.gui.wizard import FormWizard
from tests.conftest import PASSWORD, TODAY

HEALTH_LINES = ("physical", "mental", "help_use")
HOUSING_LINES = ("housing", "mobility", "communication", "help_use")


def click_step(qtbot, view: CaseView, caseload: Caseload, kind: str, target: str) -> None:
    """Press the "what's next" button for this step, as the case manager would."""
    steps = [(s.kind, s.target) for s in caseload.next_steps(view.case_id or 0)]
    assert (kind, target) in steps, steps
    qtbot.mouseClick(view.step_buttons[steps.index((kind, target))], Qt.MouseButton.LeftButton)


def current_wizard(window: MainWindow, form_key: str) -> FormWizard:
    wizard = window.wizard
    assert wizard is not None and wizard.isVisible()
    assert wizard.definition.key == form_key
    return wizard


def finish(qtbot, window: MainWindow, wizard: FormWizard) -> None:
    with qtbot.waitSignal(wizard.form_finished):
        qtbot.mouseClick(wizard.finish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.wizard is None)


def rate(wizard: FormWizard, lines: tuple[str, ...], values: tuple[int, ...]) -> None:
    """Click the rating buttons on the page of the ratings."""
    for key, value in zip(lines, values, strict=True):
        editor = wizard.editor(key)
        page = next(i for i, page in enumerate(wizard.pages) if page.isAncestorOf(editor))
        wizard.go_to_page(page)
        scale = editor.scale_box
        QTest.mouseClick(scale, Qt.MouseButton.LeftButton, pos=scale.box_rect(value).center())


def test_one_case_from_screening_to_closure(
    qtbot, db_path: Path, caseload: Caseload, prompter
) -> None:
    prompter.answer = True  # "Move the case to …?" – yes
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    view = window.case_view

    # A new case: the dialog is typed into, then the screening opens by itself.
    def fill_new_case() -> None:
        widgets = QApplication.topLevelWidgets()
        shown = [w for w in widgets if isinstance(w, NewCaseDialog) and w.isVisible()]
        if not shown:
            QTimer.singleShot(20, fill_new_case)  # exec() has not shown it yet
            return
        dialog = shown[0]
        qtbot.keyClicks(dialog.surname_edit, "Haddad")
        qtbot.keyClicks(dialog.given_names_edit, "Amal")
        qtbot.keyClicks(dialog.birth_edit, "04.03.1988")
        qtbot.keyClicks(dialog.phone_edit, "0176 5550123")
        qtbot.keyClick(dialog.phone_edit, Qt.Key.Key_Return)
        if dialog.isVisible():
            dialog.reject()  # never hang the run; the assertions below then fail

    QTimer.singleShot(0, fill_new_case)
    window.new_case()
    case_id = view.case_id
    assert case_id is not None and window.stack.currentWidget() is view

    screening = current_wizard(window, "screening")
    assert screening.editor("client_name").value() == "Haddad, Amal"
    qtbot.keyClicks(screening.editor("housing").focus_widgets()[0], "Wohnung zu klein, Schimmel")
    screening.editor("urgent_concern").set_value("Drohende Wohnungslosigkeit")
    screening.editor("cm_required").set_value("yes")
    finish(qtbot, window, screening)

    # Intake, then the consent: assessments stay closed until it is recorded.
    click_step(qtbot, view, caseload, "phase", "intake")
    assert caseload.case(case_id).phase is Phase.INTAKE
    assert not view.new_buttons["assessment_health"].isEnabled()
    assert view.consent_notice.isVisible()
    qtbot.mouseClick(view.consent_notice_button, Qt.MouseButton.LeftButton)
    consent = view.dialog
    assert isinstance(consent, ConsentDialog)
    consent.set_language("ar")
    qtbot.mouseClick(consent.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.dialog is None)
    assert view.new_buttons["assessment_health"].isEnabled()

    click_step(qtbot, view, caseload, "form", "cover_sheet")
    cover = current_wizard(window, "cover_sheet")
    assert cover.editor("surname").value() == "Haddad"
    cover.editor("town").set_value("Solingen")
    cover.editor("agency_jobcenter").set_value(
        {"name": "Jobcenter Solingen", "contact_person": "Frau Berg", "file_number": "JC-4711"}
    )
    finish(qtbot, window, cover)

    # Assessment of two life domains.
    click_step(qtbot, view, caseload, "phase", "assessment")
    for key, lines, values in (
        ("assessment_health", HEALTH_LINES, (4, 3, 5)),
        ("assessment_housing", HOUSING_LINES, (2, 6, 7, 3)),
    ):
        qtbot.mouseClick(view.new_buttons[key], Qt.MouseButton.LeftButton)
        sheet = current_wizard(window, key)
        assert sheet.editor("assessment_kind").value() == "first"
        rate(sheet, lines, values)
        finish(qtbot, window, sheet)

    # Goals.
    click_step(qtbot, view, caseload, "phase", "goals")
    click_step(qtbot, view, caseload, "form", "goals")
    goals = current_wizard(window, "goals")
    goals.editor("goals").set_value(
        [
            {"goal": "Eine größere Wohnung ist gefunden", "domain": "housing"},
            {"goal": "Hausarzt und Therapie sind geklärt", "domain": "health"},
        ]
    )
    goals.editor("next_review_on").set_value("2026-11-23")
    goals.editor("agreement").set_value(True)
    finish(qtbot, window, goals)

    # Contacts, with the keyboard.
    for minutes in ("45", "20"):
        qtbot.mouseClick(view.add_contact_button, Qt.MouseButton.LeftButton)
        contact = view.dialog
        assert isinstance(contact, ContactDialog)
        contact.minutes_spin.selectAll()
        qtbot.keyClicks(contact.minutes_spin, minutes)
        contact.topic_boxes[LifeDomain.HOUSING].setChecked(True)
        qtbot.keyClicks(contact.note_edit, "Wohnungsangebote besprochen")
        qtbot.mouseClick(contact.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.dialog is None)

    # Planning, linking, monitoring; the review is due and opens with the goals filled in.
    click_step(qtbot, view, caseload, "phase", "planning")
    click_step(qtbot, view, caseload, "phase", "linking")
    click_step(qtbot, view, caseload, "phase", "monitoring")
    click_step(qtbot, view, caseload, "form", "goal_review")
    review = current_wizard(window, "goal_review")
    assert review.editor("goal_1").value() == "Eine größere Wohnung ist gefunden"
    assert review.editor("goal_2").value() == "Hausarzt und Therapie sind geklärt"
    review.editor("achievement_1").set_value("partly")
    review.editor("achievement_2").set_value("fully")
    finish(qtbot, window, review)

    # Re-assessment of health: better ratings; the comparison shows both rounds.
    click_step(qtbot, view, caseload, "phase", "reassessment")
    qtbot.mouseClick(view.new_buttons["assessment_health"], Qt.MouseButton.LeftButton)
    again = current_wizard(window, "assessment_health")
    assert again.editor("assessment_kind").value() == "re"
    rate(again, HEALTH_LINES, (7, 5, 8))
    finish(qtbot, window, again)
    assert len(view.comparison.radar.series) == 2

    # Closure through the closure sheet.
    click_step(qtbot, view, caseload, "form", "closure")
    closure = current_wizard(window, "closure")
    closure.editor("closure_type").set_value("agreed_no_support_needed")
    closure.editor("overall_change").set_value("better")
    finish(qtbot, window, closure)
    assert caseload.next_steps(case_id) == []
    assert not view.new_buttons["interim"].isEnabled()
    window.close()

    # What is stored, read back from the file.
    stored = Caseload.open(db_path, PASSWORD, today=lambda: TODAY)
    try:
        case = stored.case(case_id)
        assert case.phase is Phase.CLOSED
        assert case.closure_reason is ClosureReason.AGREED_NO_SUPPORT_NEEDED
        assert [phase for phase, _on in stored.phase_history(case_id)] == [
            Phase.SCREENING,
            Phase.INTAKE,
            Phase.ASSESSMENT,
            Phase.GOALS,
            Phase.PLANNING,
            Phase.LINKING,
            Phase.MONITORING,
            Phase.REASSESSMENT,
            Phase.CLOSED,
        ]
        person = stored.person(case.person_id)
        assert (person.surname, person.birth_date, person.city) == (
            "Haddad",
            date(1988, 3, 4),
            "Solingen",
        )
        [consent_row] = stored.consents(case_id)
        assert (consent_row.kind, consent_row.language) == (ConsentKind.DATA_PROCESSING, "ar")

        forms = stored.form_instances(case_id)
        assert all(f.status is FormStatus.FINAL for f in forms)
        assert [f.form_key for f in forms].count("assessment_health") == 2
        assert {f.form_key for f in forms} == {
            "screening",
            "cover_sheet",
            "assessment_health",
            "assessment_housing",
            "goals",
            "goal_review",
            "closure",
        }
        screening_answers = next(f for f in forms if f.form_key == "screening").answers
        assert screening_answers["housing"] == "Wohnung zu klein, Schimmel"
        cover_answers = next(f for f in forms if f.form_key == "cover_sheet").answers
        assert cover_answers["agency_jobcenter"]["file_number"] == "JC-4711"

        contacts = stored.contacts(case_id)
        assert sorted(c.minutes for c in contacts) == [20, 45]
        assert all(c.setting is Setting.IN_PERSON for c in contacts)
        assert all(LifeDomain.HOUSING in c.topics for c in contacts)

        reviewed = {g.position: g.achievement for g in stored.goals(case_id)}
        assert reviewed == {1: Achievement.PARTLY, 2: Achievement.FULLY}
        changes = {c.line: c for c in stored.assessment_changes(case_id) if c.later}
        assert {k: (c.first, c.latest, c.change) for k, c in changes.items()} == {
            "physical": (4, 7, 3),
            "mental": (3, 5, 2),
            "help_use": (5, 8, 3),
        }
        assert stored.drafts() == []
    finally:
        stored.close()
