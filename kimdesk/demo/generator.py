"""A realistic, entirely synthetic caseload for trying kimdesk out and for benchmarks.

``fill_demo`` adds cases in every phase of the Regelkreis to a new or existing caseload:
persons with names in several scripts, about a year of contacts, consents recorded before
any form that needs them, goals, a service directory with referrals and what came of them
(kimdesk.demo.referral_news), closures with every closure reason, and some cases without
contact for more than three months (so that the closure suggestion has examples). Every
name, date of birth, phone number, file number and address is invented.

The paper forms are filled as the case went: a screening for every case, the cover sheet on
admission, the assessment sheets of the case's life domains at each (re-)assessment with
ratings that mostly improve, the goal sheet and its review matching the goal rows, needs
plans whose measures name the services the case is then referred to (sometimes with a gap
in the service landscape), occasional interim sheets and a closure sheet for every closed
case. Answers are built from the form definitions in forms/ (the only source of the fields
and rating lines) and always fit them: every finished form passes ``clean_answers``
unchanged. A few forms of open cases are left as drafts.

The output depends only on the seed, the day, the caseload's contents before the call and
the form definitions: all randomness comes from ``random.Random`` instances seeded from
``seed``. Rows are built in Python and written in one transaction as bulk inserts, one
statement per table for every 500 cases (kimdesk.store.demo_rows gives persons and cases
their ids in Python), with nothing read per case: the build is linear in the cases and
10,000 cases with about 300,000 contacts and 80,000 forms take seconds, not minutes
(bench/bench_demo.py; tests/unit/test_demo_linear.py counts the statements).
"""

from __future__ import annotations

import random
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Any, Generic, NamedTuple, TypeVar

from kimdesk.caseload import Caseload
from kimdesk.demo.conferences import write_conferences
from kimdesk.demo.planning import write_planning
from kimdesk.demo.referral_news import News, referral_news, write_news
from kimdesk.demo.system_work import write_system_work
from kimdesk.demo.words import (
    ACCOMPANIMENT_NOTES,
    AGENCIES,
    AGENCY_DOMAINS,
    AGREED_OTHERS,
    AREA_CODES,
    ASSESSMENT_TEXTS,
    BIRTH_PLACES,
    CITIES,
    CLOSURE_NOTES_OTHER,
    CONTACT_PERSONS,
    COOPERATION,
    COUNTRIES,
    DEPORTATION_STATUSES,
    DOCTORS,
    EMPLOYERS,
    FAMILY_CONTACTS,
    FAMILY_MEMBERS,
    GAPS,
    GERMAN_ORIGINS,
    GOAL_DEVIATIONS,
    GOAL_EXPLANATIONS,
    GOAL_STEPS,
    GOAL_TITLES,
    HEALTH_INSURERS,
    INSECURE_STATUSES,
    INTERIM_TOPICS,
    INVOLVED_BY_ACCESS,
    LANDLORDS,
    LEGAL_HELP,
    MEASURE_TASKS,
    MEASURES,
    METHOD_GOOD,
    METHOD_MIXED,
    MOBILE_PREFIXES,
    NAME_GROUPS,
    NOTES,
    PARTICIPANTS,
    PLAN_DEVIATIONS,
    REACHABLE_VIA,
    REFERRAL_NOTES,
    REMARKS_HIGH,
    REMARKS_LOW,
    REMARKS_MIDDLE,
    RESIDENCE_CONCERNS,
    RESIDENCE_EXPLANATIONS,
    RESIDENCE_OTHER,
    RESIDENCE_PROBLEMS,
    RESIDENCE_STATUSES,
    RESIDENCE_TITLES,
    RESOURCES,
    RESPONSIBLE,
    RETROSPECTIVE,
    REVIEW_REASONS,
    SCHOOLS,
    SCREENING_OTHER,
    SCREENING_PROBLEMS,
    SECURE_STATUSES,
    SERVICES,
    SHORT_REFERRAL_NOTES,
    STREETS,
    URGENT_CONCERNS,
    WISHES,
    NameGroup,
)
from kimdesk.domain.identifiers import CaseNumber, new_pseudonym
from kimdesk.domain.phases import WORKING, Phase
from kimdesk.domain.records import (
    Consent,
    FormInstance,
    Goal,
    PersonData,
    Referral,
    Service,
    search_key,
)
from kimdesk.domain.vocabulary import (
    ASSESSMENT_DOMAINS,
    AccessRoute,
    Achievement,
    ClosureReason,
    ConsentKind,
    FormStatus,
    Gender,
    LifeDomain,
    Setting,
    topics_to_text,
)
from kimdesk.forms.loader import FormRegistry, snapshot
from kimdesk.forms.model import (
    AGENCY_PARTS,
    ASSESSMENT_KIND_FIELD,
    Field,
    FieldType,
    FormDefinition,
)
from kimdesk.store.demo_rows import CaseInsert, ContactRow, DemoRows
from kimdesk.store.referral_rows import ReferralRows
from kimdesk.store.repository import Repository

T = TypeVar("T")
D = LifeDomain

PROGRESS_EVERY = 500  # cases per batch of bulk inserts
# The page cache while building (taken only as needed): 50,000 cases write indexes of 100 MB.
BUILD_CACHE_KIB = 256 * 1024


@dataclass(frozen=True)
class DemoSummary:
    cases: int
    contacts: int
    assessments: int  # assessment form instances (first and re-assessments, drafts included)
    forms: int  # every form instance
    goals: int
    referrals: int
    closures_by_reason: dict[ClosureReason, int] = field(default_factory=dict)


# -- distributions ------------------------------------------------------------------------------

PHASE_WEIGHTS: dict[Phase, int] = {
    Phase.SCREENING: 5,
    Phase.INTAKE: 6,
    Phase.NOT_ADMITTED: 6,
    Phase.ASSESSMENT: 8,
    Phase.GOALS: 8,
    Phase.PLANNING: 9,
    Phase.LINKING: 12,
    Phase.MONITORING: 22,
    Phase.REASSESSMENT: 8,
    Phase.CLOSED: 16,
}
CLOSURE_WEIGHTS: dict[ClosureReason, int] = {
    ClosureReason.AGREED_NO_SUPPORT_NEEDED: 40,
    ClosureReason.AGREED_HANDED_OVER: 25,
    ClosureReason.MOVED_AWAY: 12,
    ClosureReason.DEPORTED: 3,
    ClosureReason.CONTACT_REFUSED: 14,
    ClosureReason.OTHER: 6,
}
# Days between entering a phase and entering the next one on the path.
STEP_DAYS: dict[Phase, tuple[int, int]] = {
    Phase.INTAKE: (3, 21),
    Phase.ASSESSMENT: (5, 30),
    Phase.GOALS: (14, 45),
    Phase.PLANNING: (7, 30),
    Phase.LINKING: (7, 45),
    Phase.MONITORING: (14, 60),
    Phase.REASSESSMENT: (60, 150),
    Phase.CLOSED: (7, 60),
    Phase.NOT_ADMITTED: (1, 21),
}
# How long an open case has been in its current phase.
DWELL_DAYS: dict[Phase, int] = {
    Phase.SCREENING: 30,
    Phase.INTAKE: 40,
    Phase.ASSESSMENT: 40,
    Phase.GOALS: 30,
    Phase.PLANNING: 40,
    Phase.LINKING: 60,
    Phase.MONITORING: 240,
    Phase.REASSESSMENT: 30,
}
SETTING_WEIGHTS: dict[Setting, int] = {
    Setting.IN_PERSON: 45,
    Setting.OUTREACH: 12,
    Setting.PHONE: 25,
    Setting.ELECTRONIC: 10,
    Setting.ACCOMPANIMENT: 8,
}
MINUTES: dict[Setting, tuple[int, int]] = {
    Setting.IN_PERSON: (30, 90),
    Setting.OUTREACH: (45, 120),
    Setting.PHONE: (5, 30),
    Setting.ELECTRONIC: (5, 20),
    Setting.ACCOMPANIMENT: (60, 180),
}
DOMAIN_WEIGHTS: dict[LifeDomain, int] = {
    D.RESIDENCE: 14,
    D.EDUCATION_WORK: 20,
    D.FAMILY: 12,
    D.FINANCES: 18,
    D.HEALTH: 12,
    D.MIGRATION: 8,
    D.SOCIAL: 6,
    D.HOUSING: 14,
}
ACCESS_WEIGHTS: dict[AccessRoute, int] = {
    AccessRoute.DIRECT: 30,
    AccessRoute.NEIGHBOURHOOD_WORK: 15,
    AccessRoute.IMMIGRATION_OFFICE: 15,
    AccessRoute.MUNICIPAL_SERVICE: 15,
    AccessRoute.COUNSELLING_SERVICE: 20,
    AccessRoute.OTHER: 5,
}
CONTACTS_PER_30_DAYS = (3.5, 7.5)  # per admitted case; tuned for ~30 contacts a case
STALE_SHARE = 0.07  # open admitted cases without contact for more than three months
WORKING_LOOP = WORKING  # the Regelkreis order of the working phases
# Forms of the phase an open case is in that are still drafts (share of such cases).
DRAFT_SHARE: dict[Phase, float] = {
    Phase.SCREENING: 0.35,
    Phase.ASSESSMENT: 0.3,
    Phase.GOALS: 0.3,
    Phase.PLANNING: 0.3,
    Phase.REASSESSMENT: 0.5,
}
GAP_SHARE = 0.15  # needs plans with one measure on an alternative route (a gap in services)
INTERIM_SHARE = 0.25  # monitoring phases long enough for an interim sheet that have one
# Nationalities that make no sense for some cases: residence problems need a residence title,
# a deportation a nationality that allows one.
NO_RESIDENCE_TITLE = frozenset({"deutsch", "polnisch", "rumänisch"})
NOT_DEPORTABLE = NO_RESIDENCE_TITLE | {"ukrainisch"}


def _pick(rng: random.Random, weights: dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Draw(Generic[T]):
    """A weighted choice for hot loops: ``rng.choices`` without its per-call set-up."""

    def __init__(self, weights: dict[T, int]) -> None:
        self.items = list(weights)
        self.cumulative = list(accumulate(weights.values()))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> T:
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


_SETTING = _Draw(SETTING_WEIGHTS)
_TOPIC_COUNT = _Draw({1: 60, 2: 30, 3: 10})  # every case has at least three domains
_FIRST_RATING = _Draw(dict(zip(range(1, 11), (4, 8, 12, 14, 14, 12, 8, 5, 3, 2), strict=True)))
_RATING_CHANGE = _Draw({-1: 10, 0: 20, 1: 30, 2: 25, 3: 15})  # re-assessments mostly improve
_ACHIEVEMENT = _Draw(
    {
        Achievement.FULLY: 35,
        Achievement.PARTLY: 35,
        Achievement.HARDLY: 18,
        Achievement.NOT_AT_ALL: 12,
    }
)
_MARITAL = _Draw(
    {
        "single": 30,
        "married": 45,
        "civil_partnership": 1,
        "separated": 6,
        "divorced": 9,
        "widowed": 4,
        "unknown": 3,
    }
)
_HOUSEHOLD_COUPLE = _Draw({"couple_children": 65, "couple": 25, "with_relatives": 5, "other": 5})
_HOUSEHOLD_SINGLE = _Draw({"alone": 40, "single_parent": 30, "with_relatives": 15, "shared": 15})
_ROLE = _Draw({"supporting": 40, "mediating": 35, "advocating": 15, "selecting": 10})


def _sample_weighted(rng: random.Random, weights: dict[T, int], k: int) -> list[T]:
    pool = dict(weights)
    chosen: list[T] = []
    for _ in range(min(k, len(pool))):
        item = _pick(rng, pool)
        chosen.append(item)
        del pool[item]
    return chosen


def _quota(weights: dict[T, int], total: int, minimum: dict[T, int]) -> list[T]:
    """``total`` items distributed by weight (largest remainder), each at least its minimum."""
    counts = {
        k: max(minimum.get(k, 0), total * w // sum(weights.values())) for k, w in weights.items()
    }
    by_remainder = sorted(weights, key=lambda k: -(total * weights[k] % sum(weights.values())))
    i = 0
    while sum(counts.values()) < total:
        counts[by_remainder[i % len(by_remainder)]] += 1
        i += 1
    while sum(counts.values()) > total:  # the minimums overshot: take from the largest
        largest = max(counts, key=lambda k: counts[k] - minimum.get(k, 0))
        if counts[largest] <= minimum.get(largest, 0):
            break
        counts[largest] -= 1
    return [k for k in weights for _ in range(counts[k])]


# -- planning one case ------------------------------------------------------------------------


@dataclass
class _Plan:
    """The life of one synthetic case, as dates; rows are made from it later."""

    phase: Phase
    path: list[tuple[Phase, date]]
    last_contact_on: date
    domains: list[LifeDomain]
    closure_reason: ClosureReason | None = None
    closure_note: str = ""

    @property
    def opened_on(self) -> date:
        return self.path[0][1]

    @property
    def closed_on(self) -> date:
        return self.path[-1][1]

    def entered(self, phase: Phase) -> list[date]:
        return [day for p, day in self.path if p is phase]

    def latest_after(self, day: date, today: date) -> date:
        """The last day of the phase entered on ``day``, no later than the last contact."""
        later = [d for _, d in self.path if d > day]
        return max(day, min([*later, today, self.last_contact_on]))

    def is_current(self, phase: Phase, day: date) -> bool:
        """The open case is still in the phase entered on ``day``."""
        return self.phase.is_open and self.path[-1] == (phase, day)


def _path_phases(rng: random.Random, phase: Phase) -> list[Phase]:
    head = [Phase.SCREENING]
    if phase is Phase.SCREENING:
        return head
    if phase is Phase.NOT_ADMITTED:
        return head + ([Phase.INTAKE] if rng.random() < 0.6 else []) + [phase]
    head.append(Phase.INTAKE)
    if phase is Phase.INTAKE:
        return head
    last = phase
    if phase is Phase.CLOSED:
        last = _pick(
            rng,
            {
                Phase.ASSESSMENT: 9,
                Phase.GOALS: 6,
                Phase.PLANNING: 8,
                Phase.LINKING: 12,
                Phase.MONITORING: 40,
                Phase.REASSESSMENT: 25,
            },
        )
    working = list(WORKING_LOOP[: WORKING_LOOP.index(last) + 1])
    if (
        last in (Phase.GOALS, Phase.PLANNING, Phase.LINKING, Phase.MONITORING)
        and rng.random() < 0.2
    ):  # a second round after a re-assessment
        working = list(WORKING_LOOP) + working[1:]
    return head + working + ([Phase.CLOSED] if phase is Phase.CLOSED else [])


def _plan_case(
    rng: random.Random, phase: Phase, reason: ClosureReason | None, stale: bool, today: date
) -> _Plan:
    phases = _path_phases(rng, phase)
    if phase in (Phase.CLOSED, Phase.NOT_ADMITTED):
        end = today - timedelta(rng.randint(1, 330))
        last_contact = end
        if reason is ClosureReason.CONTACT_REFUSED:
            last_contact = end - timedelta(rng.randint(95, 140))
        elif reason in (ClosureReason.MOVED_AWAY, ClosureReason.DEPORTED, ClosureReason.OTHER):
            last_contact = end - timedelta(rng.randint(0, 30))
        # the phase before the closure began on or before the last contact
        previous_end = min(end - timedelta(rng.randint(*STEP_DAYS[phase])), last_contact)
        dates = [end, previous_end]
    else:
        if stale:
            last_contact = today - timedelta(rng.randint(95, 200))
            end = last_contact - timedelta(rng.randint(0, 30))
        else:
            end = today - timedelta(rng.randint(0, DWELL_DAYS[phase]))
            last_contact = max(end, today - timedelta(rng.randint(0, 21)))
        dates = [end]
    for index in range(len(phases) - len(dates), 0, -1):  # walk the path backwards
        dates.append(dates[-1] - timedelta(rng.randint(*STEP_DAYS[phases[index]])))
    path = list(zip(phases, reversed(dates), strict=True))
    domains = _sample_weighted(rng, DOMAIN_WEIGHTS, rng.choice((3, 3, 4, 4, 5)))
    if reason is ClosureReason.DEPORTED and D.RESIDENCE not in domains:
        domains[-1] = D.RESIDENCE  # a deportation is preceded by residence problems
    note = rng.choice(CLOSURE_NOTES_OTHER) if reason is ClosureReason.OTHER else ""
    return _Plan(phase, path, last_contact, domains, reason, note)


def _plan_all(rng: random.Random, cases: int, today: date) -> list[_Plan]:
    minimum: dict[Phase, int] = {}
    if cases >= len(PHASE_WEIGHTS):  # every phase at least once
        minimum = {p: 1 for p in PHASE_WEIGHTS}
    if cases >= 30:  # enough closed cases to show every closure reason
        minimum[Phase.CLOSED] = len(ClosureReason)
    phases = _quota(PHASE_WEIGHTS, cases, minimum)
    rng.shuffle(phases)
    closed = phases.count(Phase.CLOSED)
    reasons = list(ClosureReason)[:closed] + [
        _pick(rng, CLOSURE_WEIGHTS) for _ in range(closed - len(ClosureReason))
    ]
    rng.shuffle(reasons)
    working = [i for i, p in enumerate(phases) if p in WORKING]
    stale = set(rng.sample(working, max(min(2, len(working)), round(len(working) * STALE_SHARE))))
    plans = [
        _plan_case(rng, p, reasons.pop() if p is Phase.CLOSED else None, i in stale, today)
        for i, p in enumerate(phases)
    ]
    return sorted(plans, key=lambda plan: plan.opened_on)  # stable: ties keep their order


# -- rows of one case ---------------------------------------------------------------------------


def _person(
    rng: random.Random, today: date, excluded: frozenset[str] = frozenset()
) -> tuple[PersonData, str]:
    groups: Sequence[NameGroup] = NAME_GROUPS
    if excluded:
        groups = [g for g in NAME_GROUPS if set(g[1]) - excluded]
    group = rng.choices(groups, weights=[g[0] for g in groups])[0]
    _, nationalities, language, surnames, male, female = group
    if excluded:
        nationalities = tuple(n for n in nationalities if n not in excluded)
    gender = _pick(rng, {Gender.FEMALE: 52, Gender.MALE: 46, Gender.DIVERSE: 2})
    given = rng.choice(
        female if gender is Gender.FEMALE else male if gender is Gender.MALE else male + female
    )
    surname_pair = rng.choice(surnames)
    surname = surname_pair[1] if gender is Gender.FEMALE else surname_pair[0]
    birth_name = ""
    if gender is Gender.FEMALE and language in ("de", "tr", "pl", "ro") and rng.random() < 0.2:
        birth_name = rng.choice(surnames)[1]
    age = rng.randint(18, 72)
    birth = date(today.year - age, 1, 1) + timedelta(rng.randint(0, 364))
    phone = ""
    if rng.random() < 0.85:
        phone = _mobile(rng)
    email = ""
    ascii_name = "".join(c for c in search_key(surname) if c.isascii() and c.isalnum())
    if ascii_name and rng.random() < 0.3:
        first = "".join(c for c in search_key(given.split()[0]) if c.isascii() and c.isalnum())
        email = f"{first}.{ascii_name}{rng.randint(1, 99)}@example.net"
    street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}{rng.choice(('', '', '', 'a', 'b'))}"
    person = PersonData(
        surname=surname,
        given_names=given,
        birth_name=birth_name,
        birth_date=birth,
        gender=gender.value,
        nationality=rng.choice(nationalities),
        phone=phone,
        email=email,
        street=street,
        city=rng.choice(CITIES),
    )
    return person, language


def _mobile(rng: random.Random) -> str:
    return f"{rng.choice(MOBILE_PREFIXES)} {rng.randint(1000000, 99999999)}"


# The release names the agencies as the cover sheet's lines do (forms/cover_sheet.toml), so
# that the case file and the case conference find them covered; the kinds without a line of
# their own go to the sheet's further agencies under the same words.
_RELEASE_LABELS = {
    "Ausländerbehörde": "AiB",
    "Jugendamt": "SD Jugend (ASD)",
    "Hausarztpraxis": "Ärzte",
    "Krankenkasse": "Krankenkasse/ Rentenversicherung o.Ä.",
    "Schule": "Schule/Kita",
}
_SOCIAL_ASYLBLG, _SOCIAL_SGB12 = "SD Soziales (AsylbLG)", "SD Soziales (Grusi/ SGB XII)"


def _release_label(agency: str, plan: _Plan) -> str:
    if agency == "Sozialamt":  # asylum seekers and the tolerated get AsylbLG benefits
        insecure = plan.closure_reason is ClosureReason.DEPORTED or D.RESIDENCE in plan.domains
        return _SOCIAL_ASYLBLG if insecure else _SOCIAL_SGB12
    return _RELEASE_LABELS.get(agency, agency)


def _consents(rng: random.Random, case_id: int, plan: _Plan, language: str) -> list[Consent]:
    admitted = plan.entered(Phase.ASSESSMENT)
    if not admitted:
        return []
    intake = plan.entered(Phase.INTAKE)[0]
    signed = intake + timedelta(rng.randint(0, (admitted[0] - intake).days))
    form_language = language if rng.random() < 0.7 else "de"
    # the release names the agencies of the case's life domains first
    relevant = [a for a in AGENCIES if any(d in plan.domains for d in AGENCY_DOMAINS[a])]
    count = rng.randint(2, 4)
    agencies = rng.sample(relevant, min(count, len(relevant)))
    agencies += rng.sample([a for a in AGENCIES if a not in relevant], count - len(agencies))
    result = [
        Consent(case_id, ConsentKind.PRIVACY_NOTICE, signed, form_language),
        Consent(case_id, ConsentKind.DATA_PROCESSING, signed, form_language),
        Consent(
            case_id,
            ConsentKind.CONFIDENTIALITY_RELEASE,
            signed,
            form_language,
            agencies=tuple(_release_label(a, plan) for a in sorted(agencies)),
        ),
    ]
    planning = plan.entered(Phase.PLANNING)
    if planning and rng.random() < 0.12:
        result.append(
            Consent(
                case_id,
                ConsentKind.NEEDS_CONFERENCE,
                planning[0],
                form_language,
                restrictions=rng.choice(
                    ("", "ohne Angaben zur Gesundheit", "ohne Vertretung des Vermieters")
                ),
            )
        )
    return result


def _contacts(rng: random.Random, case_id: int, plan: _Plan) -> list[ContactRow]:
    """Contacts on the days the case changed phase, on the last contact day, and between."""
    start, end = plan.opened_on, plan.last_contact_on
    days = sorted({day for _, day in plan.path if day <= end} | {end})
    span = (end - start).days
    if plan.entered(Phase.ASSESSMENT):
        wanted = round(rng.uniform(*CONTACTS_PER_30_DAYS) * span / 30)
    else:
        wanted = rng.randint(1, 4)
    days += [start + timedelta(rng.randint(0, span)) for _ in range(max(0, wanted - len(days)))]
    short_share = 0.04 if plan.entered(Phase.ASSESSMENT) else 0.3
    result = []
    for day in sorted(days):
        setting = _SETTING(rng)
        short = rng.random() < short_share
        topics = rng.sample(plan.domains, _TOPIC_COUNT(rng))
        if short:
            minutes, note = 5 * rng.randint(2, 4), rng.choice(SHORT_REFERRAL_NOTES)
        else:
            low, high = MINUTES[setting]
            minutes = 5 * rng.randint(low // 5, high // 5)
            note = rng.choice(
                ACCOMPANIMENT_NOTES if setting is Setting.ACCOMPANIMENT else NOTES[topics[0]]
            )
        result.append(
            ContactRow(
                case_id,
                day.isoformat(),
                minutes,
                _SETTING_KEYS[setting],
                _topics_text(topics),
                note,
                int(short),
            )
        )
    return result


_SETTING_KEYS = {s: s.value for s in Setting}
_TOPIC_TEXTS: dict[tuple[LifeDomain, ...], str] = {}


def _topics_text(topics: list[LifeDomain]) -> str:
    """As topics_to_text stores them; each of the few combinations is encoded once."""
    key = tuple(topics)
    text = _TOPIC_TEXTS.get(key)
    if text is None:
        text = _TOPIC_TEXTS[key] = topics_to_text(frozenset(topics))
    return text


def _goals(rng: random.Random, case_id: int, plan: _Plan, today: date) -> list[Goal]:
    result = []
    for agreed in plan.entered(Phase.GOALS):
        review_due = agreed + timedelta(rng.randint(60, 120))
        later_reviews = [
            d for p, d in plan.path if d > agreed and p in (Phase.REASSESSMENT, Phase.CLOSED)
        ]
        reviewed = min(later_reviews) if later_reviews else None
        if reviewed is None and review_due <= plan.last_contact_on and rng.random() < 0.5:
            reviewed = review_due
        domains = rng.sample(plan.domains, rng.randint(1, min(3, len(plan.domains))))
        for position, domain in enumerate(domains, start=1):
            achievement = _ACHIEVEMENT(rng) if reviewed is not None else None
            result.append(
                Goal(
                    case_id,
                    position,
                    rng.choice(GOAL_TITLES[domain]),
                    agreed,
                    domain,
                    review_due,
                    reviewed,
                    achievement,
                )
            )
    return result


class _Service(NamedTuple):
    """An entry of the service directory as the generator needs it."""

    id: int
    domains: frozenset[LifeDomain]
    name: str  # "provider – offer", as a form's service field shows it
    offer: str


@dataclass(frozen=True)
class _Measure:
    goal: Goal
    service: _Service | None
    gap: tuple[str, str] | None = None  # (alternative route, what is missing)


@dataclass(frozen=True)
class _NeedsPlan:
    entered: date  # the day the planning phase began
    on: date
    measures: tuple[_Measure, ...]


def _needs_plans(
    rng: random.Random, plan: _Plan, goals: list[Goal], services: Sequence[_Service], today: date
) -> list[_NeedsPlan]:
    """One plan per planning phase: a measure per goal of the round, mostly with a provider."""
    result = []
    for entered in plan.entered(Phase.PLANNING):
        agreed = max((g.agreed_on for g in goals if g.agreed_on <= entered), default=None)
        round_goals = [g for g in goals if g.agreed_on == agreed]
        if not round_goals:
            continue
        latest = plan.latest_after(entered, today)
        on = entered + timedelta(rng.randint(0, min(10, (latest - entered).days)))
        gap_at = rng.randrange(len(round_goals)) if rng.random() < GAP_SHARE else -1
        measures = []
        for index, goal in enumerate(round_goals):
            domain = goal.domain or plan.domains[0]
            if index == gap_at:
                measures.append(_Measure(goal, None, rng.choice(GAPS[domain])))
                continue
            matching = [s for s in services if domain in s.domains]
            measures.append(_Measure(goal, rng.choice(matching) if matching else None))
        result.append(_NeedsPlan(entered, on, tuple(measures)))
    return result


def _referrals(
    rng: random.Random,
    case_id: int,
    plan: _Plan,
    today: date,
    services: Sequence[_Service],
    needs_plans: Sequence[_NeedsPlan],
) -> list[Referral]:
    """Linking refers to the providers of the latest needs plan; closures hand over."""
    targets: list[tuple[date, list[tuple[LifeDomain, _Service | None]]]] = []
    for start in plan.entered(Phase.LINKING):
        before = [p for p in needs_plans if p.on <= start]
        chosen: list[tuple[LifeDomain, _Service | None]] = [
            (m.goal.domain or plan.domains[0], m.service)
            for m in (before[-1].measures if before else ())
            if m.service is not None
        ]
        targets.append((start, chosen or _any_service(rng, plan, services)))
    if plan.phase is Phase.NOT_ADMITTED and rng.random() < 0.7:
        targets.append((plan.closed_on, _any_service(rng, plan, services)))
    if plan.closure_reason is ClosureReason.AGREED_HANDED_OVER:
        targets.append((plan.closed_on, _any_service(rng, plan, services)))
    result = []
    for start, chosen in targets:
        latest = plan.latest_after(start, today)
        for domain, service in chosen:
            on = start + timedelta(rng.randint(0, min(20, (latest - start).days)))
            sid = service.id if service else None
            result.append(Referral(case_id, on, sid, domain, rng.choice(REFERRAL_NOTES)))
    return result


def _any_service(
    rng: random.Random, plan: _Plan, services: Sequence[_Service]
) -> list[tuple[LifeDomain, _Service | None]]:
    domain = rng.choice(plan.domains)
    matching = [s for s in services if domain in s.domains]
    return [(domain, rng.choice(matching) if matching else None)]


# -- the paper forms ----------------------------------------------------------------------------

FormRow = tuple[FormInstance, str, str | None]  # as Repository.insert_form_instances takes them
TEXT_TYPES = frozenset({FieldType.SHORT_TEXT, FieldType.LONG_TEXT})
KEYED_TYPES = frozenset({FieldType.SINGLE_CHOICE, FieldType.ACHIEVEMENT_4, FieldType.CHANGE_6})
SHORT_TEXT_LIMIT = 500
FILLER_TEXT = "keine Angabe"


@dataclass(frozen=True)
class _Slot:
    """A field reduced to what fitting an answer needs (built once per definition)."""

    key: str
    type: FieldType
    required: bool
    options: tuple[str, ...]
    minimum: float | None
    maximum: float | None
    integer: bool
    max_items: int | None
    slots: tuple[_Slot, ...]

    @classmethod
    def of(cls, f: Field) -> _Slot:
        return cls(
            f.key,
            f.type,
            f.required,
            f.option_keys,
            f.minimum,
            f.maximum,
            f.integer,
            f.max_items,
            tuple(cls.of(sub) for sub in f.fields),
        )

    def fit(self, value: Any, on: date, final: bool) -> Any:
        """The value as ``clean_answers`` keeps it, or None where it would not."""
        kind = self.type
        if kind in TEXT_TYPES:
            if not isinstance(value, str) or not value.strip():
                return None
            return value[:SHORT_TEXT_LIMIT] if kind is FieldType.SHORT_TEXT else value
        if kind in KEYED_TYPES:
            return value if value in self.options else None
        if kind is FieldType.MULTIPLE_CHOICE:
            return [k for k in self.options if k in value] or None
        if kind is FieldType.NUMBER:
            if self.minimum is not None:
                value = max(value, self.minimum)
            if self.maximum is not None:
                value = min(value, self.maximum)
            return int(value) if self.integer else value
        if kind is FieldType.REPEATING_GROUP:
            items = [item for item in (_fit(self.slots, v, on, final) for v in value) if item]
            return items[: self.max_items] or None
        return value

    def filler(self, on: date) -> Any:
        """A neutral answer for a required field the generator knows nothing about."""
        kind = self.type
        if kind is FieldType.DATE:
            return on.isoformat()
        if kind is FieldType.NUMBER:
            low = self.minimum or 0
            return int(low) if self.integer else low
        if kind in KEYED_TYPES:
            return self.options[0]
        if kind is FieldType.MULTIPLE_CHOICE:
            return [self.options[0]]
        if kind is FieldType.YES_NO:
            return True
        if kind is FieldType.SCALE_10:
            return {"value": 5, "remark": ""}
        if kind is FieldType.AGENCY_CONTACT:
            return {AGENCY_PARTS[0]: FILLER_TEXT}
        if kind is FieldType.SERVICE:
            return {"service_id": None, "name": FILLER_TEXT}
        if kind is FieldType.REPEATING_GROUP:
            item = _fit(self.slots, {}, on, True) or {self.slots[0].key: self.slots[0].filler(on)}
            return [item]
        return FILLER_TEXT


def _fit(slots: tuple[_Slot, ...], answers: Mapping[str, Any], on: date, final: bool) -> dict:
    """Only the fields the definition has; required ones filled when the form is final."""
    fitted = {}
    for slot in slots:
        value = answers.get(slot.key)
        if value is not None:
            value = slot.fit(value, on, final)
        if value is None and final and slot.required:
            value = slot.filler(on)
        if value is not None:
            fitted[slot.key] = value
    return fitted


class _Form:
    """One form definition with its digest, ready to make instances."""

    def __init__(self, definition: FormDefinition) -> None:
        self.definition = definition
        self.digest, self.text = snapshot(definition)
        self.fields = definition.fields
        self.slots = tuple(_Slot.of(f) for f in self.fields)
        self.rating_lines = tuple(f.key for f in definition.rating_lines())
        self.kind = definition.kind.value
        self.domain = definition.domain.value if definition.domain else None
        self.keys = frozenset(f.key for f in self.fields)

    def store(self, repo: Repository) -> None:
        d = self.definition
        repo.store_definition(self.digest, d.key, d.version, self.text)

    def instance(
        self, case_id: int, on: date, answers: dict[str, Any], *, final: bool = True
    ) -> FormRow:
        answers[self.definition.date_field] = on.isoformat()
        instance = FormInstance(
            case_id=case_id,
            form_key=self.definition.key,
            form_version=self.definition.version,
            status=FormStatus.FINAL if final else FormStatus.DRAFT,
            recorded_on=on,
            answers=_fit(self.slots, answers, on, final),
            definition_digest=self.digest,
        )
        return instance, self.kind, self.domain


class _Sheets:
    """The definitions the demo fills, each snapshotted once."""

    def __init__(self, registry: FormRegistry) -> None:
        self.screening = _Form(registry.get("screening"))
        self.cover_sheet = _Form(registry.get("cover_sheet"))
        self.assessments: dict[LifeDomain, _Form] = {
            d: _Form(registry.assessment(d)) for d in ASSESSMENT_DOMAINS
        }
        self.goals = _Form(registry.get("goals"))
        self.goal_review = _Form(registry.get("goal_review"))
        self.needs_plan = _Form(registry.get("needs_plan"))
        self.interim = _Form(registry.get("interim"))
        self.closure = _Form(registry.get("closure"))

    def all(self) -> list[_Form]:
        return [
            self.screening,
            self.cover_sheet,
            *self.assessments.values(),
            self.goals,
            self.goal_review,
            self.needs_plan,
            self.interim,
            self.closure,
        ]


@dataclass
class _Case:
    """Everything the forms of one case are made from."""

    id: int
    plan: _Plan
    person: PersonData
    language: str
    access_route: AccessRoute
    consents: list[Consent]
    goals: list[Goal]
    needs_plans: list[_NeedsPlan]
    referrals: list[Referral]
    case_manager: str
    services: Mapping[int, _Service]
    residence_status: str = ""
    country: str = ""
    marital_status: str = ""
    household: str = ""
    children: int = 0

    @property
    def client_name(self) -> str:
        return f"{self.person.given_names} {self.person.surname}"

    @property
    def town(self) -> str:
        return self.person.city.split(" ", 1)[-1]

    @property
    def residence_security(self) -> str:
        return "insecure" if self.residence_status in INSECURE_STATUSES else "temporary"

    @property
    def admitted_on(self) -> date | None:
        admitted = self.plan.entered(Phase.ASSESSMENT)
        return admitted[0] if admitted else None


def _months(start: date, end: date) -> int:
    return max(0, round((end - start).days / 30.44))


def _age(birth: date | None, on: date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _complete_case(rng: random.Random, case: _Case) -> None:
    """Origin, residence title and household: the same on every sheet of the case."""
    person, plan = case.person, case.plan
    case.country = COUNTRIES.get(person.nationality) or rng.choice(
        GERMAN_ORIGINS.get(case.language, ("Kasachstan",))
    )
    if plan.closure_reason is ClosureReason.DEPORTED:
        case.residence_status = rng.choice(DEPORTATION_STATUSES)
    else:
        statuses = RESIDENCE_STATUSES.get(person.nationality, ())
        if D.RESIDENCE in plan.domains:  # residence problems: not a secure status
            statuses = tuple(s for s in statuses if s not in SECURE_STATUSES)
        case.residence_status = rng.choice(statuses or ("residence_permit",))
    marital = _MARITAL(rng)
    if marital in ("married", "civil_partnership"):
        household = _HOUSEHOLD_COUPLE(rng)
    elif marital == "unknown":
        household = "unknown"
    else:
        household = _HOUSEHOLD_SINGLE(rng)
    if D.FAMILY in plan.domains and household not in ("couple_children", "single_parent"):
        household = "couple_children" if marital == "married" else "single_parent"
    case.marital_status, case.household = marital, household
    case.children = rng.randint(1, 4) if household in ("couple_children", "single_parent") else 0


def _case_forms(rng: random.Random, sheets: _Sheets, case: _Case, today: date) -> list[FormRow]:
    _complete_case(rng, case)
    rows = [_screening(rng, sheets.screening, case)]
    admitted = case.admitted_on
    if admitted is None:
        return rows
    rows.append(_cover_sheet(rng, sheets.cover_sheet, case, admitted))
    rows += _assessment_sheets(rng, sheets, case, today)
    rows += _goal_sheets(rng, sheets, case)
    rows += _needs_plan_sheets(rng, sheets.needs_plan, case)
    rows += _interim_sheets(rng, sheets.interim, case, today)
    if case.plan.closure_reason is not None:
        rows.append(_closure_sheet(rng, sheets.closure, case, admitted))
    return rows


def _screening(rng: random.Random, form: _Form, case: _Case) -> FormRow:
    plan, person = case.plan, case.person
    answers: dict[str, Any] = {
        "case_manager": case.case_manager,
        "client_name": case.client_name,
        "contact": person.phone or person.email or "über die Beratungsstelle erreichbar",
    }
    for domain in plan.domains:  # the screening's problem fields are keyed by life domain
        problems = SCREENING_PROBLEMS.get(domain) or RESIDENCE_PROBLEMS[case.residence_security]
        answers[domain.value] = rng.choice(problems)
    if rng.random() < 0.1:
        answers[D.OTHER.value] = rng.choice(SCREENING_OTHER)
    answers["involved_services"] = rng.choice(INVOLVED_BY_ACCESS[case.access_route.value])
    concerns = URGENT_CONCERNS.get(plan.domains[0]) or RESIDENCE_CONCERNS[case.residence_security]
    answers["urgent_concern"] = rng.choice(concerns)
    if plan.entered(Phase.ASSESSMENT):
        decision = "yes"
    elif plan.phase is Phase.NOT_ADMITTED:
        had_intake = bool(plan.entered(Phase.INTAKE))
        decision = "more_information" if rng.random() < (0.6 if had_intake else 0.2) else "no"
    else:  # screening or intake: admission still open
        decision = "yes" if rng.random() < 0.7 else "more_information"
    answers["cm_required"] = decision
    draft = plan.phase is Phase.SCREENING and rng.random() < DRAFT_SHARE[Phase.SCREENING]
    if draft:
        del answers["cm_required"], answers["urgent_concern"]
    return form.instance(case.id, plan.opened_on, answers, final=not draft)


def _office_phone(rng: random.Random, town: str) -> str:
    code = AREA_CODES.get(town, "0212")
    return f"{code} {rng.randint(10, 99)}{rng.randint(100, 999)}-{rng.randint(10, 99)}"


def _agency(rng: random.Random, name: str, town: str, file_number: str = "") -> dict[str, str]:
    contact = {
        "name": name,
        "contact_person": rng.choice(CONTACT_PERSONS),
        "phone": _office_phone(rng, town),
    }
    if file_number:
        contact["file_number"] = file_number
    return contact


def _cover_agencies(rng: random.Random, case: _Case, admitted: date) -> dict[str, Any]:
    """The agencies of the release from confidentiality, plus the case's own contacts."""
    release = next(
        (c.agencies for c in case.consents if c.kind is ConsentKind.CONFIDENTIALITY_RELEASE), ()
    )
    town, year = case.town, admitted.year
    answers: dict[str, Any] = {}
    further: list[dict[str, Any]] = []
    for agency in release:
        if agency == "Jobcenter":
            number = f"{rng.randint(10000, 99999)}BG{rng.randint(0, 9999999):07d}"
            answers["agency_jobcenter"] = _agency(rng, f"Jobcenter {town}", town, number)
        elif agency == "AiB":
            number = f"32.1-{rng.randint(100000, 999999)}"
            name = f"Ausländer- und Integrationsbüro {town}"
            answers["agency_aib"] = _agency(rng, name, town, number)
        elif agency in (_SOCIAL_ASYLBLG, _SOCIAL_SGB12):
            key = "agency_social_asylblg" if agency == _SOCIAL_ASYLBLG else "agency_social_sgb12"
            number = f"50.{rng.randint(1, 4)}-{rng.randint(1000, 99999)}"
            answers[key] = _agency(rng, f"Stadt {town}, Soziale Dienste", town, number)
        elif agency == "SD Jugend (ASD)":
            number = f"ASD-{year}-{rng.randint(100, 9999)}"
            answers["agency_youth"] = _agency(rng, f"Jugendamt {town}, ASD", town, number)
        elif agency == "Ärzte":
            answers["agency_doctors"] = {
                "name": rng.choice(DOCTORS),
                "phone": _office_phone(rng, town),
            }
        elif agency == "Krankenkasse/ Rentenversicherung o.Ä.":
            number = f"{rng.choice('ABCDEFGHKLMNRSTW')}{rng.randint(100000000, 999999999)}"
            answers["agency_insurance"] = _agency(rng, rng.choice(HEALTH_INSURERS), town, number)
        elif agency == "Familienkasse":
            number = f"{rng.randint(100, 999)}FK{rng.randint(100000, 999999)}"
            contact = _agency(rng, "Familienkasse NRW West", town, number)
            further.append({"kind": "Familienkasse", "contact": contact})
        elif agency == "Wohnungsamt":
            number = f"WBS-{year}-{rng.randint(100, 9999)}"
            contact = _agency(rng, f"Wohnungsamt {town}", town, number)
            further.append({"kind": "Wohnungsamt", "contact": contact})
        elif agency == "Schule/Kita":
            contact = _agency(rng, rng.choice(SCHOOLS), town)
            further.append({"kind": "Schule/Kita", "contact": contact})
        elif agency == "Vermieter":
            number = f"MV-{rng.randint(10000, 99999)}"
            contact = _agency(rng, rng.choice(LANDLORDS), town, number)
            further.append({"kind": "Vermieter", "contact": contact})
    if further:
        answers["further_agencies"] = further
    domains = case.plan.domains
    if (case.marital_status == "married" or case.children) and rng.random() < 0.4:
        answers["agency_family"] = {"name": rng.choice(FAMILY_CONTACTS), "phone": _mobile(rng)}
    if D.RESIDENCE in domains and rng.random() < 0.35:
        answers["agency_legal"] = _agency(rng, rng.choice(LEGAL_HELP), town)
    if case.access_route is AccessRoute.COUNSELLING_SERVICE:
        name = "Migrationsberatung für Erwachsene (MBE)"
        answers["agency_previous_counselling"] = _agency(rng, name, town)
    if D.EDUCATION_WORK in domains:
        if rng.random() < 0.25:
            answers["agency_employer"] = _agency(rng, rng.choice(EMPLOYERS), town)
        if rng.random() < 0.15:
            number = f"{rng.randint(100, 999)}D{rng.randint(100000, 999999)}"
            name = f"Agentur für Arbeit {town}"
            answers["agency_employment_agency"] = _agency(rng, name, town, number)
    return answers


def _cover_sheet(rng: random.Random, form: _Form, case: _Case, admitted: date) -> FormRow:
    person = case.person
    answers: dict[str, Any] = {
        "case_manager": case.case_manager,
        "surname": person.surname,
        "given_names": person.given_names,
        "birth_name": person.birth_name,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "birth_place": rng.choice(BIRTH_PLACES.get(case.country, ("unbekannt",))),
        "age": _age(person.birth_date, admitted),
        "nationalities": person.nationality,
        "residence_title": RESIDENCE_TITLES[case.residence_status],
        "gender": person.gender,
        "country_of_origin": case.country,
        "marital_status": case.marital_status,
        "household": case.household,
        "children_in_household": case.children,
        "street": person.street,
        "town": person.city,
        "phone": person.phone,
        "reachable_via": rng.choice(REACHABLE_VIA) if rng.random() < 0.2 else None,
        "email": person.email,
        **_cover_agencies(rng, case, admitted),
    }
    draft = case.plan.is_current(Phase.ASSESSMENT, admitted) and rng.random() < 0.1
    if draft:  # the agencies are still to be asked for
        answers = {k: v for k, v in answers.items() if not k.startswith(("agency_", "further"))}
    return form.instance(case.id, admitted, answers, final=not draft)


def _remark(rng: random.Random, value: int) -> str:
    if value <= 3:
        return rng.choice(REMARKS_LOW)
    if value <= 6:
        return rng.choice(REMARKS_MIDDLE)
    return rng.choice(REMARKS_HIGH)


def _ratings(
    rng: random.Random, lines: tuple[str, ...], before: dict[str, int] | None
) -> dict[str, int]:
    if before is None:
        return {line: _FIRST_RATING(rng) for line in lines}
    return {
        line: max(1, min(10, before[line] + _RATING_CHANGE(rng)))
        if line in before
        else _FIRST_RATING(rng)
        for line in lines
    }


def _assessment_sheets(
    rng: random.Random, sheets: _Sheets, case: _Case, today: date
) -> list[FormRow]:
    """Every domain of the case at each (re-)assessment; ratings mostly improve."""
    plan = case.plan
    rows: list[FormRow] = []
    previous: dict[LifeDomain, dict[str, int]] = {}
    for phase, entered in plan.path:
        if phase not in (Phase.ASSESSMENT, Phase.REASSESSMENT):
            continue
        latest = plan.latest_after(entered, today)
        on = entered + timedelta(rng.randint(0, min(14, (latest - entered).days)))
        kind = "first" if phase is Phase.ASSESSMENT else "re"
        drafts = 0  # the last sheets of an assessment still under way
        if plan.is_current(phase, entered) and rng.random() < DRAFT_SHARE[phase]:
            drafts = 1 if phase is Phase.ASSESSMENT else rng.randint(1, 2)
        for position, domain in enumerate(plan.domains):
            form = sheets.assessments[domain]
            ratings = _ratings(rng, form.rating_lines, previous.get(domain))
            previous[domain] = ratings
            draft = position >= len(plan.domains) - drafts
            answers = _assessment_answers(rng, form, domain, kind, ratings, case)
            if draft:  # wishes not yet asked, the last rating lines still open
                answers.pop("wishes", None)
                answers.pop("resources", None)
                for line in form.rating_lines[1:][-rng.randint(1, 2) :]:
                    answers.pop(line, None)
            rows.append(form.instance(case.id, on, answers, final=not draft))
    return rows


def _assessment_answers(
    rng: random.Random,
    form: _Form,
    domain: LifeDomain,
    kind: str,
    ratings: dict[str, int],
    case: _Case,
) -> dict[str, Any]:
    """Answers for the fields this sheet has, by type: a couple of open questions, all ratings."""
    texts = ASSESSMENT_TEXTS.get(domain, {})
    if domain is D.RESIDENCE:
        texts = {"explanations": RESIDENCE_EXPLANATIONS[case.residence_security]}
    asked = [k for k in texts if k in form.keys]
    chosen = set(rng.sample(asked, min(len(asked), rng.randint(2, 3))))
    answers: dict[str, Any] = {}
    for f in form.fields:
        key = f.key
        if f.type is FieldType.SCALE_10:
            value = ratings[key]
            answers[key] = {"value": value, "remark": _remark(rng, value)}
        elif f.type in TEXT_TYPES:
            if key == "participants":
                answers[key] = rng.choice(PARTICIPANTS)
            elif key == "resources":
                answers[key] = rng.choice(RESOURCES.get(domain, ("hohe Motivation",)))
            elif key == "wishes":
                answers[key] = rng.choice(WISHES[domain])
            elif key in chosen:
                answers[key] = rng.choice(texts[key])
            elif key == "family_members":
                group = case.household if case.household in FAMILY_MEMBERS else "other"
                answers[key] = rng.choice(FAMILY_MEMBERS[group])
            elif key == "eu_citizenship" and case.residence_status == "eu_citizenship":
                answers[key] = case.person.nationality
            elif key == "residence_status_other" and case.residence_status == "other":
                answers[key] = rng.choice(RESIDENCE_OTHER)
        elif f.type is FieldType.SINGLE_CHOICE:
            if key == ASSESSMENT_KIND_FIELD:
                answers[key] = kind
            elif key == "residence_status":
                answers[key] = case.residence_status
    return answers


def _goal_sheets(rng: random.Random, sheets: _Sheets, case: _Case) -> list[FormRow]:
    """A goal sheet per goal agreement (the goal rows' titles and domains) and its review."""
    plan = case.plan
    rounds: dict[date, list[Goal]] = {}
    for goal in case.goals:
        rounds.setdefault(goal.agreed_on, []).append(goal)
    rows = []
    for agreed, goals in rounds.items():
        review_due = goals[0].review_due or agreed + timedelta(90)
        entries = []
        for g in goals:
            activities, next_step = GOAL_STEPS.get(g.title, ("", ""))
            entries.append(
                {
                    "goal": g.title,
                    "domain": g.domain.value if g.domain else None,
                    "activities": activities,
                    "timeframe_responsibility": f"bis {review_due:%d.%m.%Y}; "
                    + rng.choice(RESPONSIBLE),
                    "next_step": next_step,
                }
            )
        agreement = rng.random() < 0.9
        answers: dict[str, Any] = {
            "client_name": case.client_name,
            "case_manager": case.case_manager,
            "goals": entries,
            "explanation": rng.choice(GOAL_EXPLANATIONS) if rng.random() < 0.6 else None,
            "next_review_on": review_due.isoformat(),
            "agreed_client": case.client_name,
            "agreed_others": rng.choice(AGREED_OTHERS) if rng.random() < 0.3 else None,
            "agreed_cm": case.case_manager,
            "agreement": agreement,
            "deviations": None if agreement else rng.choice(GOAL_DEVIATIONS),
        }
        draft = plan.is_current(Phase.GOALS, agreed) and rng.random() < DRAFT_SHARE[Phase.GOALS]
        if draft:  # not yet agreed
            for key in ("agreed_client", "agreed_others", "agreed_cm", "agreement", "deviations"):
                answers.pop(key)
        rows.append(sheets.goals.instance(case.id, agreed, answers, final=not draft))
        reviewed = goals[0].reviewed_on
        if reviewed is None:
            continue
        review: dict[str, Any] = {}
        for goal in goals:
            achievement = (goal.achievement or Achievement.PARTLY).value
            review[f"goal_{goal.position}"] = goal.title
            review[f"achievement_{goal.position}"] = achievement
            review[f"reason_{goal.position}"] = rng.choice(REVIEW_REASONS[achievement])
        rows.append(sheets.goal_review.instance(case.id, reviewed, review))
    return rows


def _needs_plan_sheets(rng: random.Random, form: _Form, case: _Case) -> list[FormRow]:
    plan = case.plan
    conference = next((c for c in case.consents if c.kind is ConsentKind.NEEDS_CONFERENCE), None)
    rows = []
    for needs in case.needs_plans:
        measures: list[dict[str, Any]] = []
        for m in needs.measures:
            domain = m.goal.domain or plan.domains[0]
            if m.gap is not None:
                route, missing = m.gap
                measures.append(
                    {
                        "measure": route,
                        "goal": f"goal_{m.goal.position}",
                        "role": "advocating" if rng.random() < 0.5 else "supporting",
                        "task": "Übergangslösung begleiten, Lücke an die Koordination melden",
                        "responsibility": "CM",
                        "timeframe": f"{rng.randint(2, 6)} Monate",
                        "alternative_route": True,
                        "gap_domain": domain.value,
                        "gap_description": missing,
                    }
                )
                continue
            provider: dict[str, Any] | None = None
            if m.service is not None:  # the provider's offer is the measure
                text, task = m.service.offer, rng.choice(MEASURE_TASKS)
                provider = {"service_id": m.service.id, "name": m.service.name}
            else:
                text, task = rng.choice(MEASURES[domain])
            measures.append(
                {
                    "measure": text,
                    "goal": f"goal_{m.goal.position}",
                    "provider": provider,
                    "role": _ROLE(rng),
                    "task": task,
                    "responsibility": rng.choice(RESPONSIBLE),
                    "timeframe": f"bis {needs.on + timedelta(rng.randint(4, 16) * 7):%d.%m.%Y}",
                    "alternative_route": False,
                }
            )
        # the consent to a needs conference was signed when the first planning began
        restrictions = None
        if conference is not None and conference.signed_on == needs.entered:
            restrictions = conference.restrictions
        agreement = rng.random() < 0.9
        answers: dict[str, Any] = {
            "measures": measures,
            "needs_conference": restrictions is not None,
            "conference_restrictions": restrictions,
            "agreement": agreement,
            "deviations": None if agreement else rng.choice(PLAN_DEVIATIONS),
        }
        current = plan.path[-1][0] is Phase.PLANNING and needs is case.needs_plans[-1]
        draft = current and plan.phase.is_open and rng.random() < DRAFT_SHARE[Phase.PLANNING]
        if draft:  # not yet talked through
            answers.pop("agreement")
            answers.pop("deviations")
        rows.append(form.instance(case.id, needs.on, answers, final=not draft))
    return rows


# The closure and interim sheets' achievement areas per life domain.
AREAS: dict[LifeDomain, tuple[str, ...]] = {
    D.HOUSING: ("area_housing",),
    D.FAMILY: ("area_family",),
    D.SOCIAL: ("area_social",),
    D.EDUCATION_WORK: ("area_education_work",),
    D.FINANCES: ("area_finances",),
    D.HEALTH: ("area_mental_health", "area_physical_health"),
    D.RESIDENCE: ("area_residence",),
    D.MIGRATION: ("area_migration",),
}
ACHIEVEMENT_SCORE = {"fully": 3, "partly": 2, "hardly": 1, "not_at_all": 0}
# How far the goals were reached, by the way the case ended (interim: still under way).
_IN_PROGRESS = _Draw({"fully": 10, "partly": 45, "hardly": 30, "not_at_all": 15})
_OUTCOMES: dict[ClosureReason, _Draw[str]] = {
    ClosureReason.AGREED_NO_SUPPORT_NEEDED: _Draw(
        {"fully": 40, "partly": 45, "hardly": 10, "not_at_all": 5}
    ),
    ClosureReason.AGREED_HANDED_OVER: _Draw(
        {"fully": 20, "partly": 50, "hardly": 20, "not_at_all": 10}
    ),
    ClosureReason.MOVED_AWAY: _Draw({"fully": 15, "partly": 40, "hardly": 30, "not_at_all": 15}),
    ClosureReason.DEPORTED: _Draw({"fully": 5, "partly": 20, "hardly": 35, "not_at_all": 40}),
    ClosureReason.CONTACT_REFUSED: _Draw(
        {"fully": 5, "partly": 25, "hardly": 35, "not_at_all": 35}
    ),
    ClosureReason.OTHER: _Draw({"fully": 15, "partly": 40, "hardly": 30, "not_at_all": 15}),
}
CHANGES = (  # (lowest score, overall change), best first
    (2.6, "much_better"),
    (1.9, "better"),
    (1.3, "stabilised"),
    (0.8, "stagnated"),
    (0.3, "worse"),
)


def _areas(
    rng: random.Random,
    domains: Sequence[LifeDomain],
    known: Mapping[LifeDomain, str],
    draw: _Draw[str],
) -> dict[str, str]:
    """Achievement per area the case worked on: the goal reviews' where known, else drawn."""
    areas: dict[str, str] = {}
    for domain in domains:
        keys = AREAS[domain]
        if len(keys) > 1:
            keys = tuple(rng.sample(keys, rng.randint(1, len(keys))))
        for key in keys:
            areas[key] = known.get(domain) or draw(rng)
    if (D.SOCIAL in domains or D.MIGRATION in domains) and rng.random() < 0.4:
        areas["area_mso_volunteers"] = draw(rng)
    if rng.random() < 0.6:
        areas["area_use_of_help"] = draw(rng)
    return areas


def _overall_change(rng: random.Random, areas: Mapping[str, str], shift: float = 0.0) -> str:
    score = sum(ACHIEVEMENT_SCORE[a] for a in areas.values()) / max(1, len(areas))
    score += rng.uniform(-0.5, 0.5) + shift
    return next((change for lowest, change in CHANGES if score >= lowest), "much_worse")


def _interim_sheets(rng: random.Random, form: _Form, case: _Case, today: date) -> list[FormRow]:
    """Now and then a Zwischenstand during a long enough monitoring phase."""
    plan, admitted = case.plan, case.admitted_on or case.plan.opened_on
    rows = []
    for entered in plan.entered(Phase.MONITORING):
        span = (plan.latest_after(entered, today) - entered).days
        if span < 21 or rng.random() >= INTERIM_SHARE:
            continue
        on = entered + timedelta(rng.randint(14, span))
        worked_on = list(dict.fromkeys(g.domain for g in case.goals if g.agreed_on <= on))
        domains = [d for d in worked_on if d is not None] or plan.domains[:2]
        areas = _areas(rng, domains, {}, _IN_PROGRESS)
        answers: dict[str, Any] = {
            "client_name": case.client_name,
            "case_manager": case.case_manager,
            "topic": rng.choice(INTERIM_TOPICS),
            "duration_months": _months(admitted, on),
            "overall_change": _overall_change(rng, areas, 0.3),
            **areas,
            "cooperation": rng.choice(COOPERATION),
            "method_suitable": rng.choice(METHOD_GOOD) if rng.random() < 0.5 else None,
        }
        rows.append(form.instance(case.id, on, answers))
    return rows


def _closure_sheet(rng: random.Random, form: _Form, case: _Case, admitted: date) -> FormRow:
    plan = case.plan
    reason = plan.closure_reason or ClosureReason.OTHER
    closed = plan.closed_on
    known: dict[LifeDomain, str] = {}
    for goal in sorted(case.goals, key=lambda g: g.agreed_on):  # the latest review counts
        if goal.domain is not None and goal.achievement is not None:
            known[goal.domain] = goal.achievement.value
    areas = _areas(rng, plan.domains, known, _OUTCOMES[reason])
    shift = -0.5 if reason in (ClosureReason.DEPORTED, ClosureReason.CONTACT_REFUSED) else 0.0
    change = _overall_change(rng, areas, shift)
    answers: dict[str, Any] = {
        "client_name": case.client_name,
        "case_manager": case.case_manager,
        "closure_type": reason.value,
        "duration_months": _months(admitted, closed),
        "overall_change": change,
        **areas,
        "cooperation": rng.choice(COOPERATION),
        "method_suitable": rng.choice(
            METHOD_GOOD if change in ("much_better", "better") else METHOD_MIXED
        ),
        "retrospective": rng.choice(RETROSPECTIVE),
    }
    if reason is ClosureReason.OTHER:
        answers["closure_other"] = plan.closure_note
    if reason is ClosureReason.AGREED_HANDED_OVER:
        handover = [
            case.services[r.service_id]
            for r in case.referrals
            if r.referred_on >= closed
            and r.service_id is not None
            and r.service_id in case.services
        ]
        answers["handed_over_to"] = (
            handover[-1].name if handover else "Migrationsberatung für Erwachsene (MBE)"
        )
    return form.instance(case.id, closed, answers)


# -- writing ------------------------------------------------------------------------------------


def _service_name(service: Service) -> str:
    return f"{service.provider} – {service.offer}" if service.offer else service.provider


def _service_directory(caseload: Caseload) -> list[_Service]:
    """The existing directory, or the demo directory when there is none yet."""
    repo = caseload.repo
    existing = repo.services()
    if existing:
        return [
            _Service(sid, s.domains, _service_name(s), s.offer or s.provider) for sid, s in existing
        ]
    directory = []
    for index, (provider, offer, person, domains) in enumerate(SERVICES):
        slug = search_key(provider).split()[0]
        service = Service(
            provider,
            offer,
            person,
            f"0212 290-{1200 + 7 * index}",
            f"kontakt@{slug}.example",
            frozenset(domains),
        )
        sid = repo.insert_service(service)
        directory.append(_Service(sid, service.domains, _service_name(service), offer))
    return directory


def _fresh_pseudonym(rng: random.Random, taken: set[str]) -> str:
    """A pseudonym not given before; ``taken`` (read once, not queried per case) grows."""
    while True:
        candidate = new_pseudonym(rng)
        if candidate not in taken:
            taken.add(candidate)
            return candidate


def _case_insert(
    plan: _Plan, case_id: int, person_id: int, number: str, pseudonym: str, access_route: str
) -> CaseInsert:
    """The case row as it stands at the end of its path (the phase changes come with it)."""
    admitted = plan.entered(Phase.ASSESSMENT)
    terminal = plan.phase in (Phase.CLOSED, Phase.NOT_ADMITTED)
    return CaseInsert(
        id=case_id,
        person_id=person_id,
        case_number=number,
        pseudonym=pseudonym,
        phase=plan.phase,
        opened_on=plan.opened_on,
        admitted_on=admitted[0] if admitted else None,
        closed_on=plan.closed_on if terminal else None,
        closure_reason=plan.closure_reason,
        closure_note=plan.closure_note,
        access_route=access_route,
        path=tuple(plan.path),
    )


def fill_demo(
    caseload: Caseload,
    *,
    cases: int = 60,
    seed: int = 1,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Add ``cases`` synthetic cases to ``caseload``; deterministic for seed, day and contents."""
    today = today or caseload.today
    repo = caseload.repo
    existing = repo.case_count()
    plan_rng = random.Random(f"kimdesk-demo:{seed}:{existing}:plans")
    rows_rng = random.Random(f"kimdesk-demo:{seed}:{existing}:rows")
    code_rng = random.Random(f"kimdesk-demo:{seed}:{existing}:pseudonyms")
    forms_rng = random.Random(f"kimdesk-demo:{seed}:{existing}:forms")
    news_rng = random.Random(f"kimdesk-demo:{seed}:{existing}:referral-news")
    news: list[News] = []  # of every referral, in the order they are inserted
    plans = _plan_all(plan_rng, cases, today)
    sheets = _Sheets(caseload.forms)
    case_manager = caseload.profile().case_manager
    totals: Counter[str] = Counter()
    closures: Counter[ClosureReason] = Counter()
    next_numbers: dict[int, CaseNumber] = {}
    persons: list[tuple[int, PersonData]] = []
    case_rows: list[CaseInsert] = []
    consents: list[Consent] = []
    contacts: list[ContactRow] = []
    goals: list[Goal] = []
    referrals: list[Referral] = []
    forms: list[FormRow] = []
    demo_rows = DemoRows(caseload.db)

    def flush() -> None:
        # One statement per table and batch; the consents before the forms (a trigger
        # checks them), each batch's cases before its rows.
        now = datetime.combine(caseload.today, datetime.now().time()).isoformat("T", "seconds")
        demo_rows.insert_persons(persons, now=now)
        demo_rows.insert_cases(case_rows, now=now)
        demo_rows.insert_consents(consents)
        demo_rows.insert_contacts(contacts)
        repo.insert_form_instances(forms)
        repo.insert_goals(goals)
        repo.insert_referrals(referrals)
        totals.update(
            contacts=len(contacts),
            forms=len(forms),
            assessments=sum(1 for _instance, kind, _domain in forms if kind == "assessment"),
            goals=len(goals),
            referrals=len(referrals),
        )
        for rows in (persons, case_rows, consents, contacts, forms, goals, referrals):
            rows.clear()

    with demo_rows.page_cache(BUILD_CACHE_KIB), caseload.db.transaction():
        for form in sheets.all():
            form.store(repo)
        services = _service_directory(caseload)
        services_by_id = {s.id: s for s in services}
        referral_rows = ReferralRows(caseload.db)
        first_referral = referral_rows.last_id()
        taken = repo.pseudonyms()
        last_person, last_case = demo_rows.last_ids()
        for done, plan in enumerate(plans, start=1):
            year = plan.opened_on.year
            number = next_numbers.get(year) or repo.next_case_number(year)
            next_numbers[year] = number.next()
            excluded: frozenset[str] = frozenset()
            if plan.closure_reason is ClosureReason.DEPORTED:
                excluded = NOT_DEPORTABLE
            elif D.RESIDENCE in plan.domains:
                excluded = NO_RESIDENCE_TITLE
            person, language = _person(rows_rng, today, excluded)
            access_route = _pick(rows_rng, ACCESS_WEIGHTS)
            person_id, case_id = last_person + done, last_case + done
            persons.append((person_id, person))
            pseudonym = _fresh_pseudonym(code_rng, taken)
            case_rows.append(
                _case_insert(plan, case_id, person_id, str(number), pseudonym, access_route.value)
            )
            case_consents = _consents(rows_rng, case_id, plan, language)
            consents.extend(case_consents)
            contacts.extend(_contacts(rows_rng, case_id, plan))
            case_goals = _goals(rows_rng, case_id, plan, today)
            needs_plans = _needs_plans(forms_rng, plan, case_goals, services, today)
            case_referrals = _referrals(rows_rng, case_id, plan, today, services, needs_plans)
            end = today if plan.phase.is_open else min(plan.closed_on, today)
            news.extend(referral_news(news_rng, r, end) for r in case_referrals)
            goals.extend(case_goals)
            referrals.extend(case_referrals)
            case = _Case(
                case_id,
                plan,
                person,
                language,
                access_route,
                case_consents,
                case_goals,
                needs_plans,
                case_referrals,
                case_manager,
                services_by_id,
            )
            forms.extend(_case_forms(forms_rng, sheets, case, today))
            if plan.closure_reason is not None:
                closures[plan.closure_reason] += 1
            if done % PROGRESS_EVERY == 0 or done == len(plans):
                flush()
                if progress is not None:
                    progress(done, len(plans))
        write_news(referral_rows, first_referral, news)
        write_conferences(caseload, random.Random(f"kimdesk-demo:{seed}:{existing}:conf"), today)
        write_system_work(caseload, random.Random(f"kimdesk-demo:{seed}:{existing}:system"), today)
        write_planning(caseload, random.Random(f"kimdesk-demo:{seed}:{existing}:pc"), today)
        repo.append_audit("demo.filled", None, f"cases={len(plans)}")
    return DemoSummary(
        cases=len(plans),
        contacts=totals["contacts"],
        assessments=totals["assessments"],
        forms=totals["forms"],
        goals=totals["goals"],
        referrals=totals["referrals"],
        closures_by_reason={reason: closures[reason] for reason in ClosureReason},
    )
