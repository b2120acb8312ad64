"""The Planungskonferenz: 3–4 closed or long-running cases reconstructed truly anonymised
(pseudonym, age group, region where a nationality is rare, months of the case instead of dates,
agencies by type, ratings, goals and referrals by life domain), free texts only as the case
manager released them after review, and the conference's result as generative themes.

Nothing that identifies a person leaves through the bundle: every free text passes the
monthly report's identifier check over the whole caseload, plus a check for exact dates and
ages, when it is released and again when it is printed or recorded.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kimdesk import themes
from kimdesk.domain.phases import Phase
from kimdesk.domain.referral_status import NeedMet, ReferralStatus
from kimdesk.domain.vocabulary import ASSESSMENT_DOMAINS, Achievement, ClosureReason, LifeDomain
from kimdesk.errors import BadInput
from kimdesk.forms.model import FieldType, FormKind
from kimdesk.i18n import N_, _
from kimdesk.referral_followup import ReferralFollowUps
from kimdesk.report import privacy
from kimdesk.store.planning_rows import ApprovedRow, CaseFacts, ConferenceRow, PlanningRows

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload

MIN_CASES, MAX_CASES = 3, 4  # "ca. 3-4 Fälle" (Gütersloh profile)
LONG_RUNNING_MONTHS = 6  # an open case qualifies after this long
MIN_DOMAINS = 3  # a KIM case has challenges in at least three life domains
TEXT_MAX = 2000
RECORDED = "planning_conference.recorded"

KIND_DATE = N_("Date")
KIND_AGE = N_("exact age")

# Honorifics and titles that come with a contact person's name but are no names.
_NOT_NAMES = frozenset({"frau", "herr", "herrn", "prof", "familie"})
# Exact dates in any way a text may write them; a month with its year alone is no exact date.
_MONTHS = (
    "januar|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|november|dezember"
    "|jan|feb|mär|apr|jun|jul|aug|sep|sept|okt|nov|dez"
)
_EXACT_DATE = re.compile(
    r"\b\d{1,2}\.\s?\d{1,2}\.(\s?\d{2,4})?(?!\d)"  # 3.4.2025, 03.04.25, 3.4.
    r"|\b\d{4}-\d{1,2}-\d{1,2}\b"  # 2025-04-03
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b"  # 04/03/2025
    rf"|\b\d{{1,2}}\.?\s*(?:{_MONTHS})\b",  # 3. April
    re.IGNORECASE,
)
_EXACT_AGE = re.compile(
    r"\b\d{1,3}\s*(?:-\s*)?(?:jahre|jährig|jaehrig|j\.)|\balter(?:\s*von)?\s*:?\s*\d{1,3}\b",
    re.IGNORECASE,
)


# -- which cases -----------------------------------------------------------------------------


def month_of_case(day: date, opened_on: date) -> int:
    """1 for the month the case was opened in, 2 for the next, ...: no calendar date leaves."""
    return max(1, (day.year - opened_on.year) * 12 + day.month - opened_on.month + 1)


def _months(facts: CaseFacts, on: date) -> int:
    """How many months the case ran (closed) or has been running (open), counted inclusively."""
    return month_of_case(facts.closed_on or on, facts.opened_on)


@dataclass(frozen=True)
class Candidate:
    """A case that can be brought into a planning conference."""

    case_id: int
    pseudonym: str
    phase: Phase
    months: int
    domains: tuple[LifeDomain, ...]

    @property
    def closed(self) -> bool:
        return self.phase is Phase.CLOSED


def _domains(keys: set[str]) -> tuple[LifeDomain, ...]:
    return tuple(d for d in LifeDomain if d.value in keys)


def _ineligible(facts: CaseFacts, domains: tuple[LifeDomain, ...], on: date) -> str | None:
    if facts.phase == Phase.NOT_ADMITTED.value:
        return _("it never entered case management")
    if facts.phase != Phase.CLOSED.value and _months(facts, on) < LONG_RUNNING_MONTHS + 1:
        return _("it is open for less than {n} months").format(n=LONG_RUNNING_MONTHS)
    if len(domains) < MIN_DOMAINS:
        return _("it concerns fewer than {n} life domains").format(n=MIN_DOMAINS)
    return None


def candidates(caseload: Caseload, on: date | None = None) -> list[Candidate]:
    """Closed cases and cases open for at least six months, each with challenges in at least
    three life domains; closed first (the profile advises closed cases), the richest first."""
    on = on or caseload.today
    rows = PlanningRows(caseload.db)
    domains = rows.domains()
    found = []
    for facts in rows.cases():
        mine = _domains(domains.get(facts.id, set()))
        if _ineligible(facts, mine, on) is None:
            found.append(
                Candidate(facts.id, facts.pseudonym, Phase(facts.phase), _months(facts, on), mine)
            )
    return sorted(found, key=lambda c: (not c.closed, -len(c.domains), -c.months, c.pseudonym))


# -- the reconstruction ---------------------------------------------------------------------


@dataclass(frozen=True)
class FreeText:
    """A text a person wrote about the case: it goes out only as released after review."""

    key: str  # stable: "goal:12:title", "assessment:40:situation", "case:3:closure_note"
    case_id: int
    label: str  # what the text is, e.g. "Ziel 2 (Gesundheit): Wortlaut"
    original: str = field(repr=False)


@dataclass(frozen=True)
class DomainRating:
    """Mean rating of a life domain's lines, 1 = extreme difficulties, 10 = no problem."""

    domain: LifeDomain
    first: float | None
    latest: float | None


@dataclass(frozen=True)
class GoalLine:
    domain: LifeDomain | None
    agreed_month: int
    reviewed_month: int | None
    achievement: Achievement | None
    text_key: str
    note_key: str | None


@dataclass(frozen=True)
class ReferralLine:
    domain: LifeDomain | None
    month: int
    status: ReferralStatus
    need_met: NeedMet | None
    result_key: str | None


@dataclass(frozen=True)
class Reconstruction:
    """One case as a planning conference sees it."""

    case_id: int
    pseudonym: str
    age_group: str
    gender: str
    origin: str  # nationality, or its region (or "andere") where the combination is rare
    closed: bool
    months: int
    closure: ClosureReason | None
    phases: tuple[tuple[Phase, int], ...]  # each phase entered, with the month of the case
    agencies: tuple[str, ...]  # the kinds of the cover sheet's agencies, never their names
    further_agencies: int
    ratings: tuple[DomainRating, ...]
    goals: tuple[GoalLine, ...]
    referrals: tuple[ReferralLine, ...]
    situations: tuple[tuple[LifeDomain, str], ...]  # (domain, free text key)
    closure_note_key: str | None
    texts: tuple[FreeText, ...]


@dataclass(frozen=True)
class Bundle:
    """The reconstructions of one planning conference and the identifiers to check against."""

    cases: tuple[Reconstruction, ...]
    ids: privacy.Identifiers = field(repr=False)

    @property
    def texts(self) -> tuple[FreeText, ...]:
        return tuple(t for case in self.cases for t in case.texts)

    def text(self, key: str) -> FreeText:
        for text in self.texts:
            if text.key == key:
                return text
        raise BadInput(_("This text is no longer part of the case."))

    def problem(self, text: str) -> str | None:
        """The kind of personal data in ``text`` (translated), or None if it may go out."""
        return text_problem(text, self.ids)

    def cleared(self, reviews: Mapping[str, str]) -> dict[str, str]:
        """Of the released texts (key -> text as edited), those that may be printed: known,
        not empty, and passing the check. Everything else is left out."""
        keys = {t.key for t in self.texts}
        return {
            key: text.strip()
            for key, text in reviews.items()
            if key in keys and text.strip() and self.problem(text.strip()) is None
        }


def text_problem(text: str, ids: privacy.Identifiers) -> str | None:
    """The monthly report's leak check, plus exact dates and ages (translated kind, or None)."""
    kind = privacy.leak_kind(text, ids)
    if kind is None and _EXACT_DATE.search(text):
        kind = KIND_DATE
    if kind is None and _EXACT_AGE.search(text):
        kind = KIND_AGE
    return _(kind) if kind else None


def identifiers(caseload: Caseload) -> privacy.Identifiers:
    """Everything personal in the WHOLE caseload: persons, agencies' contact persons, phone
    and file numbers (also of further agencies and the directory), the case numbers."""
    repo, rows = caseload.repo, PlanningRows(caseload.db)
    contacts = rows.agency_contacts()
    services = rows.service_contacts()
    people = [
        (person, "", "", None, phone, "", "")
        for person, phone in [(c, p) for c, p, _n in contacts] + services
    ]
    ids = privacy.collect_identifiers(
        persons=[*repo.report_identifiers(), *people],
        file_numbers=[n for _c, _p, n in contacts]
        + [number for number, _p in repo.report_agency_parts()]
        + [c.case_number for c in caseload.cases()],
        phones=[p for _n, p in repo.report_agency_parts()],
    )
    return privacy.Identifiers(
        names=frozenset(ids.names - _NOT_NAMES),
        birth_dates=ids.birth_dates,
        phones=ids.phones,
        emails=ids.emails,
        addresses=ids.addresses,
        file_numbers=ids.file_numbers,
    )


def prepare(caseload: Caseload, case_ids: Sequence[int], on: date | None = None) -> Bundle:
    """The anonymised reconstructions of 3–4 eligible cases, in the order given."""
    on = on or caseload.today
    if len(set(case_ids)) != len(case_ids):
        raise BadInput(_("Each case can be brought into a planning conference only once."))
    if not MIN_CASES <= len(case_ids) <= MAX_CASES:
        raise BadInput(
            _("A planning conference discusses {low} to {high} cases.").format(
                low=MIN_CASES, high=MAX_CASES
            )
        )
    rows = PlanningRows(caseload.db)
    everyone = rows.cases()
    by_id = {facts.id: facts for facts in everyone}
    domains = rows.domains()
    for number, case_id in enumerate(case_ids, start=1):
        if case_id not in by_id:
            raise BadInput(_("A case chosen no longer exists."))
        why = _ineligible(by_id[case_id], _domains(domains.get(case_id, set())), on)
        if why:
            raise BadInput(
                _("Case {number} cannot be brought into a planning conference: {why}.").format(
                    number=number, why=why
                )
            )
    origins = _origins(everyone)
    return Bundle(
        tuple(_reconstruct(caseload, rows, by_id[i], origins[i], on) for i in case_ids),
        identifiers(caseload),
    )


def anonymised_case(caseload: Caseload, case_id: int, on: date | None = None) -> Bundle:
    """One case's anonymised reconstruction, any phase, with no free text: the print dialog's
    "case file anonymised" (the conference's own bundle reviews its texts)."""
    on = on or caseload.today
    rows = PlanningRows(caseload.db)
    everyone = rows.cases()
    facts = next((f for f in everyone if f.id == case_id), None)
    if facts is None:
        raise BadInput(_("A case chosen no longer exists."))
    origin = _origins(everyone)[case_id]
    return Bundle((_reconstruct(caseload, rows, facts, origin, on),), identifiers(caseload))


def _quasi(facts: CaseFacts) -> tuple[str, str, str]:
    return (
        privacy.age_group(facts.birth_date, facts.opened_on),
        privacy.gender_label(facts.gender),
        privacy.nationality_label(facts.nationality),
    )


def _origins(everyone: list[CaseFacts]) -> dict[int, str]:
    """The k >= 3 rule of the monthly report over every case of the caseload: a nationality
    shows only where its (age group, gender, nationality) combination occurs three times."""
    shown, _changed = privacy.coarsen_nationalities([_quasi(f) for f in everyone])
    return {facts.id: value for facts, value in zip(everyone, shown, strict=True)}


def _reconstruct(
    caseload: Caseload, rows: PlanningRows, facts: CaseFacts, origin: str, on: date
) -> Reconstruction:
    texts: list[FreeText] = []

    def free(key: str, label: str, original: str) -> str | None:
        if not original.strip():
            return None
        texts.append(FreeText(key, facts.id, label, original.strip()))
        return key

    def month(day: date) -> int:
        return month_of_case(day, facts.opened_on)

    age, gender, _n = _quasi(facts)
    phases = tuple((Phase(p), month(day)) for p, day in rows.phase_changes(facts.id))
    goals = []
    for goal in rows.goals(facts.id):
        domain = LifeDomain(goal.domain) if goal.domain else None
        what = _("Goal {position} ({domain}), month {month}").format(
            position=goal.position,
            domain=domain.label if domain else _("without a life domain"),
            month=month(goal.agreed_on),
        )
        goals.append(
            GoalLine(
                domain,
                month(goal.agreed_on),
                month(goal.reviewed_on) if goal.reviewed_on else None,
                Achievement(goal.achievement) if goal.achievement else None,
                free(f"goal:{goal.id}:title", _("{goal}: wording").format(goal=what), goal.title)
                or "",
                free(
                    f"goal:{goal.id}:note",
                    _("{goal}: reason for the achievement").format(goal=what),
                    goal.achievement_note,
                ),
            )
        )
    referrals = []
    for follow_up in ReferralFollowUps(caseload).of_case(facts.id):
        domain = follow_up.referral.domain
        when = month(follow_up.referral.referred_on)
        referrals.append(
            ReferralLine(
                domain,
                when,
                follow_up.status,
                follow_up.need_met,
                free(
                    f"referral:{follow_up.referral_id}:result",
                    _("Referral ({domain}), month {month}: result").format(
                        domain=domain.label if domain else _("without a life domain"), month=when
                    ),
                    follow_up.result,
                ),
            )
        )
    ratings, situations = _assessments(caseload, facts, free)
    agencies, further = _agencies(caseload, facts.id)
    closure_note = free(
        f"case:{facts.id}:closure_note", _("Explanation of the closure"), facts.closure_note
    )
    return Reconstruction(
        case_id=facts.id,
        pseudonym=facts.pseudonym,
        age_group=age,
        gender=gender,
        origin=origin,
        closed=facts.phase == Phase.CLOSED.value,
        months=_months(facts, on),
        closure=ClosureReason(facts.closure_reason) if facts.closure_reason else None,
        phases=phases,
        agencies=agencies,
        further_agencies=further,
        ratings=ratings,
        goals=tuple(goals),
        referrals=tuple(referrals),
        situations=situations,
        closure_note_key=closure_note,
        texts=tuple(texts),
    )


def _assessments(
    caseload: Caseload, facts: CaseFacts, free: Any
) -> tuple[tuple[DomainRating, ...], tuple[tuple[LifeDomain, str], ...]]:
    """Per domain the mean of the first and the latest ratings, and the first assessment's
    situation description (the first text of the sheet's situation section)."""
    changes = caseload.assessment_changes(facts.id)
    firsts: dict[LifeDomain, list[int]] = defaultdict(list)
    latests: dict[LifeDomain, list[int]] = defaultdict(list)
    for change in changes:
        if change.first is not None:
            firsts[change.domain].append(change.first)
        if change.latest is not None:
            latests[change.domain].append(change.latest)
    mean = lambda values: round(sum(values) / len(values), 1) if values else None  # noqa: E731
    ratings = tuple(
        DomainRating(d, mean(firsts[d]), mean(latests[d]))
        for d in ASSESSMENT_DOMAINS
        if d in firsts or d in latests
    )
    situations: list[tuple[LifeDomain, str]] = []
    seen: set[LifeDomain] = set()
    for instance in caseload.form_instances(facts.id, FormKind.ASSESSMENT):
        definition = caseload.definition_of(instance)
        domain = definition.domain
        if domain is None or domain in seen or instance.status.value != "final":
            continue
        seen.add(domain)
        for section in definition.sections:
            if section.key != "situation":
                continue
            for fld in section.fields:
                answer = instance.answers.get(fld.key)
                if fld.type is FieldType.LONG_TEXT and isinstance(answer, str) and answer.strip():
                    key = free(
                        f"assessment:{instance.id}:{fld.key}",
                        _("Situation ({domain}), first assessment").format(domain=domain.label),
                        answer,
                    )
                    situations.append((domain, key))
                    break
    order: dict[LifeDomain, int] = {d: i for i, d in enumerate(ASSESSMENT_DOMAINS)}
    return ratings, tuple(sorted(situations, key=lambda s: order.get(s[0], 99)))


def _agencies(caseload: Caseload, case_id: int) -> tuple[tuple[str, ...], int]:
    """The kinds of agency on the latest finished cover sheet (the form's label, such as
    "Jobcenter"), and how many further agencies it lists; never a name or number."""
    sheets = [
        s
        for s in caseload.form_instances(case_id, FormKind.COVER_SHEET)
        if s.status.value == "final"
    ]
    if not sheets:
        return (), 0
    sheet = sheets[-1]
    definition = caseload.definition_of(sheet)
    kinds = []
    further = 0
    for fld in definition.fields:
        answer = sheet.answers.get(fld.key)
        if (
            fld.type is FieldType.AGENCY_CONTACT
            and isinstance(answer, dict)
            and any(str(v).strip() for v in answer.values())
        ):
            kinds.append(fld.label)
        elif fld.type is FieldType.REPEATING_GROUP and fld.key == "further_agencies":
            further = len(answer) if isinstance(answer, list) else 0
    return tuple(kinds), further


# -- recording -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanningConference:
    id: int
    held_on: date
    case_ids: tuple[int, ...]
    theme_ids: tuple[int, ...]
    texts: int


def check_release(bundle: Bundle, key: str, text: str) -> str:
    """The text as it may be released; BadInput naming the text's label and the kind of
    personal data it holds, never the data."""
    label = bundle.text(key).label
    cleaned = text.strip()
    if not cleaned:
        raise BadInput(_("“{label}”: an empty text is not released.").format(label=label))
    if len(cleaned) > TEXT_MAX:
        raise BadInput(
            _("“{label}” may hold at most {n} characters.").format(label=label, n=TEXT_MAX)
        )
    kind = bundle.problem(cleaned)
    if kind:
        raise BadInput(
            _(
                "“{label}” still contains personal data ({kind}). Please reword it or do not "
                "release it."
            ).format(label=label, kind=kind)
        )
    return cleaned


def record_conference(
    caseload: Caseload,
    *,
    held_on: date,
    case_ids: Sequence[int],
    approved: Mapping[str, str],
    theme_ids: Sequence[int],
    theme_cases: Mapping[int, Sequence[int]] | None = None,
) -> int:
    """Record a planning conference held on ``held_on``: the cases discussed, the texts as
    released, and its result as generative themes, each linked to the cases it appears in
    (``theme_cases``; all cases discussed where not given). All or nothing."""
    if held_on > caseload.today:
        raise BadInput(_("A planning conference cannot lie in the future."))
    bundle = prepare(caseload, case_ids, on=held_on)
    released = [
        (bundle.text(key).case_id, key, bundle.text(key).label, check_release(bundle, key, text))
        for key, text in approved.items()
    ]
    known = {t.id for t in themes.themes(caseload)}
    if any(theme_id not in known for theme_id in theme_ids):
        raise BadInput(_("A theme chosen no longer exists."))
    links = {t: tuple((theme_cases or {}).get(t) or case_ids) for t in theme_ids}
    if any(case_id not in case_ids for cases in links.values() for case_id in cases):
        raise BadInput(_("A theme can only be linked to the cases discussed."))
    rows = PlanningRows(caseload.db)
    with caseload.db.transaction():
        conference_id = rows.insert_conference(
            held_on, datetime.now().replace(microsecond=0).isoformat()
        )
        rows.add_cases(conference_id, case_ids)
        rows.add_texts(conference_id, released)
        rows.add_themes(conference_id, dict.fromkeys(theme_ids))
        caseload.repo.append_audit(
            RECORDED, None, f"cases={len(case_ids)} texts={len(released)} themes={len(links)}"
        )
    # Through the themes' own API (each link its own transaction, idempotent): linking again
    # after a failure here changes nothing that is already linked.
    for theme_id, cases in links.items():
        for case_id in cases:
            themes.link_case(caseload, theme_id, case_id)
    return conference_id


def conferences(caseload: Caseload) -> list[PlanningConference]:
    """Every recorded planning conference, latest first."""
    return [_conference(row) for row in PlanningRows(caseload.db).conferences()]


def _conference(row: ConferenceRow) -> PlanningConference:
    return PlanningConference(row.id, row.held_on, row.case_ids, row.theme_ids, row.texts)


def conferences_of_case(caseload: Caseload, case_id: int) -> list[PlanningConference]:
    """The planning conferences a case was discussed in (for the case's access report)."""
    return [c for c in conferences(caseload) if case_id in c.case_ids]


def released_texts(caseload: Caseload, case_id: int) -> list[ApprovedRow]:
    """The case's texts as released for planning conferences."""
    return PlanningRows(caseload.db).approved_texts(case_id)
