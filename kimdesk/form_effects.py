"""What finishing a form changes besides the form: the goal sheet sets the case's open goals,
the goal review marks them reviewed, the cover sheet updates the person, the closure sheet
closes the case. Checked before anything is written, applied in the transaction that stores
the form (``Caseload.save_form``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Goal, PersonData
from kimdesk.domain.vocabulary import ClosureReason, LifeDomain
from kimdesk.errors import BadInput
from kimdesk.forms.model import FormDefinition, FormKind
from kimdesk.i18n import _
from kimdesk.phase_moves import apply_move, check_move
from kimdesk.store.repository import Repository

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload


def finishing_effects(
    caseload: Caseload, definition: FormDefinition, case_id: int, answers: Mapping[str, Any]
) -> Callable[[], None] | None:
    """The change finishing this form makes, checked now (raises if it may not be made), to
    be applied in the transaction that stores the form; None if it makes none."""
    kind = definition.kind
    case = caseload.case(case_id)
    on = date.fromisoformat(answers.get(definition.date_field, caseload.today.isoformat()))
    repo = caseload.repo
    if kind is FormKind.GOALS:
        goals = goals_from_sheet(case_id, answers, on)
        return lambda: replace_open_goals(repo, case_id, goals)
    if kind is FormKind.GOAL_REVIEW:
        return lambda: review_open_goals(repo, case_id, answers, on)
    if kind is FormKind.COVER_SHEET:
        person = person_from_cover_sheet(caseload.person(case.person_id), answers)
        if not person.surname.strip() or not person.given_names.strip():
            raise BadInput(_("Surname and given names are required."))
        return lambda: repo.update_person(case.person_id, person)
    if kind is FormKind.CLOSURE and case.phase.is_open:
        reason = ClosureReason(answers["closure_type"])
        note = str(answers.get("closure_other", ""))
        check_move(caseload, case, Phase.CLOSED, on, reason, note)
        return lambda: apply_move(caseload, case, Phase.CLOSED, on, reason, note)
    return None


def replace_open_goals(repo: Repository, case_id: int, goals: list[Goal]) -> None:
    repo.delete_open_goals(case_id)
    repo.insert_goals(goals)


def review_open_goals(repo: Repository, case_id: int, answers: Mapping[str, Any], on: date) -> None:
    for goal_id, goal in repo.goals(case_id):
        if goal.reviewed_on is not None:
            continue
        achievement = answers.get(f"achievement_{goal.position}")
        if achievement is None:
            continue  # not reviewed on this sheet: stays open
        note = str(answers.get(f"reason_{goal.position}", ""))
        repo.review_goal(goal_id, on, achievement, note)


def goals_from_sheet(case_id: int, answers: Mapping[str, Any], agreed_on: date) -> list[Goal]:
    """The goal rows a finished goal sheet stands for: up to three, in its order."""
    due = answers.get("next_review_on")
    goals = []
    for position, item in enumerate(answers.get("goals", [])[:3], start=1):
        domain = item.get("domain")
        goals.append(
            Goal(
                case_id=case_id,
                position=position,
                title=str(item.get("goal", "")).strip() or "–",
                agreed_on=agreed_on,
                domain=LifeDomain(domain) if domain else None,
                review_due=date.fromisoformat(due) if due else None,
            )
        )
    return goals


def person_from_cover_sheet(person: PersonData, answers: Mapping[str, Any]) -> PersonData:
    """The person as the finished cover sheet records them; blank lines keep what was known."""

    def text(key: str, current: str) -> str:
        value = answers.get(key)
        return value.strip() if isinstance(value, str) and value.strip() else current

    birth = answers.get("birth_date")
    return replace(
        person,
        surname=text("surname", person.surname),
        given_names=text("given_names", person.given_names),
        birth_name=text("birth_name", person.birth_name),
        birth_date=date.fromisoformat(birth) if birth else person.birth_date,
        gender=text("gender", person.gender),
        nationality=text("nationalities", person.nationality),
        phone=text("phone", person.phone),
        email=text("email", person.email),
        street=text("street", person.street),
        city=text("town", person.city),
    )
