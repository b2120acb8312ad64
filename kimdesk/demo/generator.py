"""A realistic, entirely synthetic caseload for trying kimdesk out and for benchmarks.

``fill_demo`` adds cases in every phase of the Regelkreis to a new or existing caseload:
persons with names in several scripts, about a year of contacts, consents recorded before
the first assessment, first and re-assessments, goals, a service directory with referrals,
closures with every closure reason, and some cases without contact for more than three
months (so that the closure suggestion has examples). Every name, date of birth, phone
number and address is invented.

The output depends only on the seed, the day and the caseload's contents before the call:
all randomness comes from ``random.Random`` instances seeded from ``seed``. Rows are built
in Python and written in one transaction, mostly with the repository's bulk inserts, so that
10,000 cases with about 300,000 contacts take seconds, not minutes.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate, pairwise
from typing import Any, Generic, TypeVar

from kimdesk.caseload import Caseload
from kimdesk.demo.words import (
    ACCOMPANIMENT_NOTES,
    AGENCIES,
    CITIES,
    CLOSURE_NOTES_OTHER,
    GOAL_TITLES,
    MOBILE_PREFIXES,
    NAME_GROUPS,
    NOTES,
    PARTICIPANTS,
    REFERRAL_NOTES,
    RESOURCES,
    SERVICES,
    SHORT_REFERRAL_NOTES,
    STREETS,
    WISHES,
)
from kimdesk.domain.identifiers import CaseNumber, new_pseudonym
from kimdesk.domain.phases import WORKING, Phase
from kimdesk.domain.records import (
    Assessment,
    Consent,
    Contact,
    Goal,
    PersonData,
    Referral,
    Service,
    search_key,
)
from kimdesk.domain.vocabulary import (
    AccessRoute,
    Achievement,
    AssessmentKind,
    ClosureReason,
    ConsentKind,
    Gender,
    LifeDomain,
    Setting,
)
from kimdesk.store.repository import Repository

T = TypeVar("T")
D = LifeDomain

# The 1-10 self-rating lines of the eight paper assessment sheets, per life domain.
RATING_LINES: dict[LifeDomain, tuple[str, ...]] = {
    D.RESIDENCE: ("residence_situation", "legal_help_use"),
    D.EDUCATION_WORK: ("education", "language", "training_work", "help_use"),
    D.FAMILY: ("partnership", "children_participation", "other_family", "help_use"),
    D.FINANCES: ("income", "debts", "help_use"),
    D.HEALTH: ("physical", "mental", "help_use"),
    D.MIGRATION: ("participation", "community", "racism", "help_use"),
    D.SOCIAL: ("social_integration", "mso_volunteers", "daily_structure"),
    D.HOUSING: ("housing", "mobility", "communication", "help_use"),
}

PROGRESS_EVERY = 500


@dataclass(frozen=True)
class DemoSummary:
    cases: int
    contacts: int
    assessments: int
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

    def entered(self, phase: Phase) -> list[date]:
        return [day for p, day in self.path if p is phase]

    def latest_after(self, day: date, today: date) -> date:
        """The last day of the phase entered on ``day``, no later than the last contact."""
        later = [d for _, d in self.path if d > day]
        return max(day, min([*later, today, self.last_contact_on]))


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


def _person(rng: random.Random, today: date) -> tuple[PersonData, str]:
    group = rng.choices(NAME_GROUPS, weights=[g[0] for g in NAME_GROUPS])[0]
    _, nationalities, language, surnames, male, female = group
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
        phone = f"{rng.choice(MOBILE_PREFIXES)} {rng.randint(1000000, 99999999)}"
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


def _consents(rng: random.Random, case_id: int, plan: _Plan, language: str) -> list[Consent]:
    admitted = plan.entered(Phase.ASSESSMENT)
    if not admitted:
        return []
    intake = plan.entered(Phase.INTAKE)[0]
    signed = intake + timedelta(rng.randint(0, (admitted[0] - intake).days))
    form_language = language if rng.random() < 0.7 else "de"
    result = [
        Consent(case_id, ConsentKind.PRIVACY_NOTICE, signed, form_language),
        Consent(case_id, ConsentKind.DATA_PROCESSING, signed, form_language),
        Consent(
            case_id,
            ConsentKind.CONFIDENTIALITY_RELEASE,
            signed,
            form_language,
            agencies=tuple(sorted(rng.sample(AGENCIES, rng.randint(2, 4)))),
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


def _contacts(rng: random.Random, case_id: int, plan: _Plan) -> list[Contact]:
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
        result.append(Contact(case_id, day, minutes, setting, frozenset(topics), note, short))
    return result


def _ratings(
    rng: random.Random, domain: LifeDomain, before: dict[str, int] | None
) -> dict[str, int]:
    if before is None:
        return {line: _FIRST_RATING(rng) for line in RATING_LINES[domain]}
    return {line: max(1, min(10, value + _RATING_CHANGE(rng))) for line, value in before.items()}


def _remark(rng: random.Random, value: int) -> str:
    if value <= 3:
        return rng.choice(("akuter Handlungsbedarf", "wird zuerst bearbeitet", "belastend"))
    if value <= 6:
        return rng.choice(("Unterstützung nötig", "teilweise geklärt", ""))
    return rng.choice(("stabil", "kein aktueller Bedarf", ""))


def _assessments(rng: random.Random, case_id: int, plan: _Plan, today: date) -> list[Assessment]:
    result: list[Assessment] = []
    previous: dict[LifeDomain, dict[str, int]] = {}
    for phase, entered in plan.path:
        if phase not in (Phase.ASSESSMENT, Phase.REASSESSMENT):
            continue
        latest = plan.latest_after(entered, today)
        on = entered + timedelta(rng.randint(0, min(14, (latest - entered).days)))
        kind = AssessmentKind.FIRST if phase is Phase.ASSESSMENT else AssessmentKind.RE_ASSESSMENT
        for domain in plan.domains:
            ratings = _ratings(rng, domain, previous.get(domain))
            previous[domain] = ratings
            data: dict[str, Any] = {
                "participants": rng.choice(PARTICIPANTS),
                "ratings": {k: {"value": v, "remark": _remark(rng, v)} for k, v in ratings.items()},
                "resources": rng.choice(RESOURCES),
                "wishes": rng.choice(WISHES),
            }
            result.append(Assessment(case_id, domain, kind, on, data))
    return result


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
            achievement = None
            if reviewed is not None:
                achievement = _pick(
                    rng,
                    {
                        Achievement.FULLY: 35,
                        Achievement.PARTLY: 35,
                        Achievement.HARDLY: 18,
                        Achievement.NOT_AT_ALL: 12,
                    },
                )
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


def _referrals(
    rng: random.Random,
    case_id: int,
    plan: _Plan,
    today: date,
    services: Sequence[tuple[int, frozenset[LifeDomain]]],
) -> list[Referral]:
    days = [(d, rng.randint(1, 3)) for d in plan.entered(Phase.LINKING)]
    if plan.phase is Phase.NOT_ADMITTED and rng.random() < 0.7:
        days.append((plan.path[-1][1], 1))
    if plan.closure_reason is ClosureReason.AGREED_HANDED_OVER:
        days.append((plan.path[-1][1], 1))
    result = []
    for start, count in days:
        latest = plan.latest_after(start, today)
        for domain in rng.sample(plan.domains, min(count, len(plan.domains))):
            matching = [sid for sid, domains in services if domain in domains]
            on = start + timedelta(rng.randint(0, min(20, (latest - start).days)))
            result.append(
                Referral(
                    case_id,
                    on,
                    rng.choice(matching) if matching else None,
                    domain,
                    rng.choice(REFERRAL_NOTES),
                )
            )
    return result


# -- writing ------------------------------------------------------------------------------------


def _service_directory(caseload: Caseload) -> list[tuple[int, frozenset[LifeDomain]]]:
    """The existing directory, or the demo directory when there is none yet."""
    repo = caseload.repo
    existing = repo.services()
    if existing:
        return [(service_id, service.domains) for service_id, service in existing]
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
        directory.append((repo.insert_service(service), frozenset(domains)))
    return directory


def _fresh_pseudonym(rng: random.Random, repo: Repository) -> str:
    while True:
        candidate = new_pseudonym(rng)
        if not repo.pseudonym_taken(candidate):
            return candidate


def _write_case(
    repo: Repository, plan: _Plan, person_id: int, number: str, pseudonym: str, access_route: str
) -> int:
    case_id = repo.insert_case(
        person_id=person_id,
        case_number=number,
        pseudonym=pseudonym,
        phase=Phase.SCREENING,
        opened_on=plan.opened_on,
        admitted_on=None,
        access_route=access_route,
    )
    for (before, _entered), (phase, day) in pairwise(plan.path):
        repo.insert_phase_change(case_id, before, phase, day)
    admitted = plan.entered(Phase.ASSESSMENT)
    terminal = plan.phase in (Phase.CLOSED, Phase.NOT_ADMITTED)
    repo.update_case_phase(
        case_id,
        phase=plan.phase,
        admitted_on=admitted[0] if admitted else None,
        closed_on=plan.path[-1][1] if terminal else None,
        closure_reason=plan.closure_reason,
        closure_note=plan.closure_note,
    )
    return case_id


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
    plans = _plan_all(plan_rng, cases, today)
    totals: Counter[str] = Counter()
    closures: Counter[ClosureReason] = Counter()
    next_numbers: dict[int, CaseNumber] = {}
    contacts: list[Contact] = []
    assessments: list[Assessment] = []
    goals: list[Goal] = []
    referrals: list[Referral] = []

    def flush() -> None:
        repo.insert_contacts(contacts)
        repo.insert_assessments(assessments)
        repo.insert_goals(goals)
        repo.insert_referrals(referrals)
        totals.update(
            contacts=len(contacts),
            assessments=len(assessments),
            goals=len(goals),
            referrals=len(referrals),
        )
        for rows in (contacts, assessments, goals, referrals):
            rows.clear()

    with caseload.db.transaction():
        services = _service_directory(caseload)
        for done, plan in enumerate(plans, start=1):
            year = plan.opened_on.year
            number = next_numbers.get(year) or repo.next_case_number(year)
            next_numbers[year] = number.next()
            person, language = _person(rows_rng, today)
            case_id = _write_case(
                repo,
                plan,
                repo.insert_person(person),
                str(number),
                _fresh_pseudonym(code_rng, repo),
                _pick(rows_rng, ACCESS_WEIGHTS).value,
            )
            for consent in _consents(rows_rng, case_id, plan, language):
                repo.insert_consent(consent)  # before the assessments: the trigger checks
            contacts.extend(_contacts(rows_rng, case_id, plan))
            assessments.extend(_assessments(rows_rng, case_id, plan, today))
            goals.extend(_goals(rows_rng, case_id, plan, today))
            referrals.extend(_referrals(rows_rng, case_id, plan, today, services))
            if plan.closure_reason is not None:
                closures[plan.closure_reason] += 1
            if done % PROGRESS_EVERY == 0 or done == len(plans):
                flush()
                if progress is not None:
                    progress(done, len(plans))
        repo.append_audit("demo.filled", None, f"cases={len(plans)}")
    return DemoSummary(
        cases=len(plans),
        contacts=totals["contacts"],
        assessments=totals["assessments"],
        goals=totals["goals"],
        referrals=totals["referrals"],
        closures_by_reason={reason: closures[reason] for reason in ClosureReason},
    )
