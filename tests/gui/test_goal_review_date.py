"""A goal sheet cannot set its review before its own date: the review would be due before
the goals were agreed."""

from __future__ import annotations

from datetime import date

import pytest

from kimdesk.caseload import Caseload
from kimdesk.forms.answers import AnswerError
from kimdesk.forms.loader import FormDefinitionError, parse_definition
from kimdesk.gui.wizard.group import RepeatingGroupEditor
from tests.conftest import TODAY
from tests.gui.test_wizard import new_case, open_wizard

REFUSED = "darf nicht vor „Datum“ (23.11.2026) liegen"


def filled_goal_sheet(qtbot, caseload: Caseload, prompter):  # type: ignore[no-untyped-def]
    case_id = new_case(caseload, consent=True)
    wizard = open_wizard(qtbot, caseload, case_id, "goals", prompter)
    goals = wizard.editor("goals")
    assert isinstance(goals, RepeatingGroupEditor)
    goals.items[0].editors["goal"].set_value("Wohnung finden")
    wizard.editor("agreement").set_value(True)
    wizard.editor("date").set_value("2026-11-23")
    return case_id, wizard


def test_a_review_date_before_the_sheets_date_is_refused(qtbot, caseload, prompter) -> None:
    case_id, wizard = filled_goal_sheet(qtbot, caseload, prompter)
    wizard.editor("next_review_on").set_value("2026-11-22")
    assert not wizard.finish()
    assert wizard.editor("next_review_on").error() == REFUSED
    assert wizard.current_page() == wizard._page_of["next_review_on"]
    assert caseload.open_goals(case_id) == []  # nothing agreed, nothing due

    wizard.editor("next_review_on").set_value("2026-11-23")  # the same day is allowed
    assert wizard.finish()
    assert [g.review_due for g in caseload.open_goals(case_id)] == [date(2026, 11, 23)]


def test_a_draft_keeps_the_rest_and_marks_the_review_date(qtbot, caseload, prompter) -> None:
    case_id, wizard = filled_goal_sheet(qtbot, caseload, prompter)
    wizard.editor("next_review_on").set_value("2026-01-01")
    assert not wizard.save_draft_now()
    assert wizard.editor("next_review_on").error() == REFUSED
    draft = caseload.form_instances(case_id)[0]
    assert draft.answers["date"] == "2026-11-23" and "next_review_on" not in draft.answers


def test_the_rule_holds_outside_the_wizard_too(caseload: Caseload) -> None:
    case_id = new_case(caseload, consent=True)
    answers = {
        "date": TODAY.isoformat(),
        "goals": [{"goal": "Deutschkurs"}],
        "next_review_on": "2026-11-01",
        "agreement": True,
    }
    with pytest.raises(AnswerError) as raised:
        caseload.save_form(case_id, "goals", answers, final=True)
    assert [p.path for p in raised.value.problems] == ["next_review_on"]


def test_not_before_must_name_a_date_field() -> None:
    data = {
        "key": "x",
        "version": 1,
        "kind": "other",
        "title": "X",
        "date_field": "date",
        "sections": [
            {
                "key": "s",
                "title": "S",
                "fields": [
                    {"key": "date", "type": "date", "label": "Datum"},
                    {"key": "note", "type": "short_text", "label": "Notiz"},
                    {"key": "later", "type": "date", "label": "Später", "not_before": "note"},
                    {"key": "age", "type": "number", "label": "Alter", "computed": "guess"},
                ],
            }
        ],
    }
    with pytest.raises(FormDefinitionError) as raised:
        parse_definition(data, "x.toml")
    problems = [p.problem for p in raised.value.problems]
    assert problems == [
        "unbekannte Berechnung „guess“; bekannt: age_from_birth_date",
        "„not_before“ muss ein Datumsfeld des Bogens nennen",
    ]
