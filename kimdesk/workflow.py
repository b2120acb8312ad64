"""The Regelkreis as guidance: which forms a case may open now, what comes next, and what a
new form starts with.

Pure functions over what the caseload already knows; the GUI shows their results and the
caseload keeps the hard rules (consent, phases) whatever the GUI does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

from kimdesk.domain.phases import IDEAL_NEXT, Phase, requires_consent
from kimdesk.domain.records import CaseRow, FormInstance, Goal, PersonData, Profile
from kimdesk.domain.vocabulary import ASSESSMENT_DOMAINS, FormStatus
from kimdesk.forms.model import (
    ASSESSMENT_KIND_FIELD,
    FieldType,
    FormDefinition,
    FormKind,
)
from kimdesk.i18n import _

MAX_GOALS = 3


class Unavailable(StrEnum):
    """Why a form cannot be started now."""

    CONSENT = "consent"
    CASE_ENDED = "case_ended"
    ALREADY_CLOSED = "already_closed"
    NOT_YET = "not_yet"


@dataclass(frozen=True)
class Step:
    """One thing to do next: fill a form, record the consent, or move the case on.

    A step that needs something first is still shown (the case manager sees where the case
    goes), with ``blocked`` saying what is missing; the button then leads there instead.
    """

    kind: str  # "form", "consent" or "phase"
    target: str  # a form key, "data_processing", or a phase key
    label: str
    blocked: Unavailable | None = None


@dataclass(frozen=True)
class CaseState:
    """What the guidance needs to know about one case."""

    case: CaseRow
    has_consent: bool
    forms: tuple[FormInstance, ...]
    open_goals: tuple[Goal, ...]
    today: date
    entered_phase_on: date | None = None  # when the case entered its current phase

    def finals(self, form_key: str) -> list[FormInstance]:
        return [f for f in self.forms if f.form_key == form_key and f.status is FormStatus.FINAL]

    def finished_since(self, form_key: str, since: date | None) -> bool:
        return any(since is None or f.recorded_on >= since for f in self.finals(form_key))


def availability(state: CaseState, definition: FormDefinition) -> Unavailable | None:
    """None if the form can be started for this case now, else the reason it cannot."""
    phase = state.case.phase
    if not phase.is_open:
        return Unavailable.CASE_ENDED
    if definition.requires_consent and not state.has_consent:
        return Unavailable.CONSENT
    if definition.kind is FormKind.CLOSURE:
        if state.finals(definition.key):
            return Unavailable.ALREADY_CLOSED
        if not phase.is_admitted:
            return Unavailable.NOT_YET
    if definition.kind is FormKind.GOAL_REVIEW and not state.open_goals:
        return Unavailable.NOT_YET
    return None


def unavailable_text(reason: Unavailable) -> str:
    return {
        Unavailable.CONSENT: _("Available once the signed consent to data processing is recorded."),
        Unavailable.CASE_ENDED: _("The case has ended; its forms can be read but not added."),
        Unavailable.ALREADY_CLOSED: _("The closure sheet of this case is finished."),
        Unavailable.NOT_YET: _("Not yet: this form belongs to a later step of the case."),
    }[reason]


def blocked_text(reason: Unavailable) -> str:
    """What a step button adds to its label while the step cannot be taken."""
    if reason is Unavailable.CONSENT:
        return _("first record the consent")
    return unavailable_text(reason)


def _needs_consent(step: Step) -> bool:
    """Every form but the screening needs the consent (the form loader insists on it)."""
    if step.kind == "phase":
        return requires_consent(Phase(step.target))
    return step.kind == "form" and step.target != "screening"


def next_steps(state: CaseState, assessment_keys: dict[str, str]) -> list[Step]:
    """What the case view suggests next, most important first.

    ``assessment_keys`` maps each assessment form key to the name of its life domain.
    Without a valid consent, the steps that need it are marked ``blocked``.
    """
    steps = _next_steps(state, assessment_keys)
    if state.has_consent:
        return steps
    return [
        replace(step, blocked=Unavailable.CONSENT) if _needs_consent(step) else step
        for step in steps
    ]


def _next_steps(state: CaseState, assessment_keys: dict[str, str]) -> list[Step]:
    case, steps = state.case, []
    phase = case.phase
    if not phase.is_open:
        return []
    if phase is Phase.SCREENING:
        if not state.finals("screening"):
            return [Step("form", "screening", _("Fill in the screening sheet"))]
        decision = state.finals("screening")[-1].answers.get("cm_required")
        if decision == "no":
            return [
                Step("phase", Phase.NOT_ADMITTED.value, _("Close as not admitted/referral")),
                Step("phase", Phase.INTAKE.value, _("Start the first counselling anyway")),
            ]
        return [Step("phase", Phase.INTAKE.value, _("Start the first counselling (intake)"))]
    if not state.has_consent:
        steps.append(Step("consent", "data_processing", _("Record the signed consent")))
    if phase is Phase.INTAKE:
        if state.has_consent and not state.finals("cover_sheet"):
            steps.append(Step("form", "cover_sheet", _("Fill in the cover sheet")))
        steps.append(Step("phase", Phase.ASSESSMENT.value, _("Begin the assessment")))
        return steps
    entered = state.entered_phase_on
    if phase in (Phase.ASSESSMENT, Phase.REASSESSMENT):
        # Only the sheets that matter for the person are filled: no count towards all eight.
        done = [name for key, name in assessment_keys.items() if state.finished_since(key, entered)]
        missing = [key for key in assessment_keys if not state.finished_since(key, entered)]
        if missing:
            label = (
                _("Assess the life domains – filled in: {domains}").format(domains=", ".join(done))
                if done
                else _("Assess the life domains")
            )
            steps.append(Step("form", missing[0], label))
    if phase is Phase.REASSESSMENT and state.open_goals:
        steps.append(Step("form", "goal_review", _("Review the goals")))
    if phase is Phase.GOALS and not state.finished_since("goals", entered):
        steps.append(Step("form", "goals", _("Agree on goals (goal sheet)")))
    if phase is Phase.PLANNING and not state.finished_since("needs_plan", entered):
        steps.append(Step("form", "needs_plan", _("Write the help and needs plan")))
    if phase is Phase.MONITORING and any(
        g.review_due is not None and g.review_due <= state.today for g in state.open_goals
    ):
        steps.append(Step("form", "goal_review", _("Review the goals: the review is due")))
    for target in IDEAL_NEXT[phase]:
        if target is Phase.CLOSED:
            steps.append(Step("form", "closure", _("Close the case (closure sheet)")))
        else:
            steps.append(
                Step("phase", target.value, _("Move on to “{phase}”").format(phase=target.label))
            )
    return steps


def prefill(
    definition: FormDefinition,
    *,
    case: CaseRow,
    person: PersonData,
    profile: Profile,
    previous: list[FormInstance],
    open_goals: list[Goal],
    today: date,
) -> dict[str, Any]:
    """What a new form of ``definition`` starts with: today's date, names, earlier answers.

    ``previous`` are the case's forms so far, oldest first.
    """
    keys = {f.key: f for f in definition.fields}
    values: dict[str, Any] = {}

    def put(key: str, value: Any) -> None:
        field = keys.get(key)
        if field is None or value in (None, ""):
            return
        if field.type is FieldType.SINGLE_CHOICE and value not in field.option_keys:
            return
        values[key] = value

    date_field = keys.get(definition.date_field)
    if date_field is not None and date_field.type is FieldType.DATE:
        put(definition.date_field, today.isoformat())
    full_name = f"{person.surname}, {person.given_names}"
    for key in ("client_name", "agreed_client"):
        put(key, full_name)
    for key in ("case_manager", "agreed_cm"):
        put(key, profile.case_manager)

    kind = definition.kind
    if kind is FormKind.ASSESSMENT:
        earlier = [
            f for f in previous if f.form_key == definition.key and f.status is FormStatus.FINAL
        ]
        put(ASSESSMENT_KIND_FIELD, "re" if earlier else "first")
    elif kind is FormKind.COVER_SHEET:
        put("admitted_on", (case.admitted_on or today).isoformat())
        put("surname", person.surname)
        put("given_names", person.given_names)
        put("birth_name", person.birth_name)
        put("birth_date", person.birth_date.isoformat() if person.birth_date else None)
        put("gender", person.gender)
        put("nationalities", person.nationality)
        put("street", person.street)
        put("town", person.city)
        put("phone", person.phone)
        put("email", person.email)
    elif kind is FormKind.GOAL_REVIEW:
        for goal in open_goals[:MAX_GOALS]:
            put(f"goal_{goal.position}", goal.title)
    elif kind in (FormKind.INTERIM, FormKind.CLOSURE):
        start = case.admitted_on or case.opened_on
        months = (today.year - start.year) * 12 + today.month - start.month
        put("duration_months", max(months, 0))
    return values


def assessment_names(definitions: list[FormDefinition]) -> dict[str, str]:
    """Assessment form keys with the names of their life domains, in the domains' order."""
    by_domain = {d.domain: d for d in definitions if d.kind is FormKind.ASSESSMENT}
    return {
        by_domain[domain].key: domain.label for domain in ASSESSMENT_DOMAINS if domain in by_domain
    }
