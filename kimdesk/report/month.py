"""The month's figures for the coordinating office, gathered from the caseload with a few
bulk queries into plain values; nothing here knows about Excel."""

from __future__ import annotations

import calendar
import functools
import gettext
import json
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import search_key
from kimdesk.domain.rules import CaseActivity, caseload_capacity, caseload_count
from kimdesk.domain.vocabulary import (
    _LABELS,
    AccessRoute,
    Achievement,
    ClosureReason,
    LifeDomain,
    Setting,
    topics_from_text,
)
from kimdesk.errors import BadInput
from kimdesk.i18n import _, load_catalog
from kimdesk.referral_followup import ReferralFigures, report_figures
from kimdesk.report import privacy
from kimdesk.report.outcomes import Outcomes, gather_outcomes
from kimdesk.report.residence import residence_statuses
from kimdesk.report.sheets_out import SheetLine, sheet_lines
from kimdesk.report.system_work import SystemWorkFigures, gather_system_work
from kimdesk.store.month_forms import read_month_forms

_MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_month(text: str) -> tuple[date, date]:
    """First and last day of a "YYYY-MM" month."""
    match = _MONTH.fullmatch(text.strip())
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1900:
        raise BadInput(
            _("“{month}” is not a month; write it as YYYY-MM, e.g. 2026-11.").format(
                month=text.strip()[:20]
            )
        )
    year, month = int(match[1]), int(match[2])
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def initials(name: str) -> str:
    """ "Erika Beispiel" -> "EB"; umlauts transliterated, letters A-Z only; "CM" if none."""
    umlauts = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
    letters = ""
    for word in re.split(r"[\s\-]+", name):
        plain = re.sub(r"[^A-Z]", "", search_key(word.casefold().translate(umlauts)).upper())
        letters += plain[:1]
    return letters or "CM"


@functools.cache
def _german_catalog() -> gettext.NullTranslations:
    return load_catalog("de")


def german(member: Any) -> str:
    """A vocabulary label in German whatever the UI language: the report's layout is fixed."""
    return _german_catalog().gettext(_LABELS[type(member)][member.value])


class CaseLine(NamedTuple):
    """A row of the sheet Fälle, its fields in the sheet's column order (named tuples: one
    per case and contact, made and read without a frozen dataclass's setattr per field)."""

    pseudonym: str
    phase: str
    admission_month: str
    age_group: str
    gender: str
    nationality: str  # after coarsening
    residence_status: str
    access_route: str
    contacts: int
    minutes: int
    topics: str
    referrals: int
    goals: int
    goals_reviewed: int
    goals_achieved: int
    closure: str
    closure_month: str


class ContactLine(NamedTuple):
    pseudonym: str
    on: date
    setting: str
    minutes: int
    topics: str
    short_referral: bool


@dataclass(frozen=True)
class GapLine:
    domain: str
    description: str
    pseudonym: str


@dataclass(frozen=True)
class MonthReport:
    month: str  # "YYYY-MM"
    code: str
    case_manager: str
    organisation: str
    municipality: str
    coordination_email: str
    full_time_share: float
    created_at: datetime
    active_cases: int
    admissions: int
    not_admitted: int
    closures: dict[ClosureReason, int]
    caseload_count: int
    capacity: float
    contacts_by_setting: dict[Setting, int]
    contact_minutes: int
    topics: dict[LifeDomain, int]
    referrals: dict[LifeDomain | None, int]
    # Where the referrals stand, refusals by service type, needs met (kimdesk.referral_followup)
    referral_figures: ReferralFigures
    cases: tuple[CaseLine, ...]
    contacts: tuple[ContactLine, ...]
    gaps: tuple[GapLine, ...]
    coarsened: bool
    # Outcomes: overall change, goal achievement, rating changes (kimdesk.report.outcomes)
    outcomes: Outcomes
    # Themes, gaps and interface problems, network time (kimdesk.report.system_work)
    system_work: SystemWorkFigures
    # The interim and closure sheets finished in the month, pseudonymised (report.sheets_out)
    sheets: tuple[SheetLine, ...] = ()
    report_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def contacts_total(self) -> int:
        return sum(self.contacts_by_setting.values())

    @property
    def first_day(self) -> date:
        return parse_month(self.month)[0]

    @property
    def file_name(self) -> str:
        return f"KIM-CM_Monatsbericht_{self.month}_{self.code}.xlsx"

    def row_counts(self) -> dict[str, int]:
        return {"cases": len(self.cases), "contacts": len(self.contacts), "gaps": len(self.gaps)}


@functools.cache  # a few dozen keys, tens of thousands of rows
def _label(enum: type[Any], key: str | None) -> str:
    try:
        return german(enum(key)) if key else privacy.UNKNOWN
    except ValueError:
        return privacy.UNKNOWN


@functools.lru_cache(maxsize=1024)
def _topic_text(topics: frozenset[LifeDomain]) -> str:
    return ", ".join(german(t) for t in LifeDomain if t in topics)


def build_month_report(caseload: Caseload, month: str, *, code: str | None = None) -> MonthReport:
    """Gather the report of ``month`` ("YYYY-MM"); checks the gap texts for leaks."""
    start, end = parse_month(month)
    repo, profile = caseload.repo, caseload.profile()
    everyone = repo.report_cases(end)
    active = [c for c in everyone if c["closed_on"] is None or c["closed_on"] >= start.isoformat()]
    pseudonyms = {c["id"]: c["pseudonym"] for c in everyone}

    contacts = repo.report_contacts(start, end)
    per_case: dict[int, list[tuple[int, frozenset[LifeDomain]]]] = defaultdict(list)
    contact_lines = []
    settings: Counter[str] = Counter()
    contact_minutes = 0
    # A few combinations of topics, many contacts: each is read and labelled once.
    topic_sets: dict[str, tuple[frozenset[LifeDomain], str]] = {}
    for case_id, on, minutes, setting, topics_text, short in contacts:
        settings[setting] += 1
        contact_minutes += minutes
        known = topic_sets.get(topics_text)
        if known is None:
            topics = topics_from_text(topics_text)
            known = topic_sets[topics_text] = (topics, _topic_text(topics))
        per_case[case_id].append((minutes, known[0]))
        contact_lines.append(
            ContactLine(
                pseudonyms.get(case_id, ""), on, _label(Setting, setting), minutes, known[1], short
            )
        )
    del contacts  # the lines hold what the report needs of them (memory's peak is ahead)
    referrals = repo.report_referrals(start, end)
    referral_counts = Counter(case_id for case_id, _d in referrals)
    goals = repo.report_goals(end, Achievement.FULLY.value)  # (agreed, reviewed, achieved)
    # The forms are read once for every part of the report that needs them.
    forms = read_month_forms(caseload.db, start, end)
    residence = residence_statuses(caseload, end, forms=forms)

    quasi = [
        (
            privacy.age_group(
                date.fromisoformat(c["birth_date"]) if c["birth_date"] else None, end
            ),
            privacy.gender_label(c["gender"] or ""),
            privacy.nationality_label(c["nationality"] or ""),
        )
        for c in active
    ]
    nationalities, coarsened = privacy.coarsen_nationalities(quasi)
    lines = []
    for c, (age, gender, _n), nationality in zip(active, quasi, nationalities, strict=True):
        mine = per_case.get(c["id"], [])
        topics = frozenset().union(*(t for _m, t in mine)) if mine else frozenset()
        closed_in_time = c["closed_on"] and c["closed_on"] <= end.isoformat()
        admitted = (
            c["admitted_on"] if c["admitted_on"] and c["admitted_on"] <= end.isoformat() else ""
        )
        g = goals.get(c["id"], (0, 0, 0))
        lines.append(
            CaseLine(
                pseudonym=c["pseudonym"],
                phase=_label(Phase, c["phase_then"] or c["phase"]),
                admission_month=admitted[:7],
                age_group=age,
                gender=gender,
                nationality=nationality,
                residence_status=residence.get(c["id"], privacy.UNKNOWN),
                access_route=_label(AccessRoute, c["access_route"]),
                contacts=len(mine),
                minutes=sum(m for m, _t in mine),
                topics=_topic_text(topics),
                referrals=referral_counts[c["id"]],
                goals=g[0],
                goals_reviewed=g[1],
                goals_achieved=g[2],
                closure=_label(ClosureReason, c["closure_reason"])
                if closed_in_time and c["closure_reason"]
                else "",
                closure_month=c["closed_on"][:7] if closed_in_time and c["closure_reason"] else "",
            )
        )

    gaps = _gaps(forms.plan_measures, pseudonyms)
    # Built once per report: the gap texts and the sheets' free texts are checked against it.
    ids = privacy.stored_identifiers(repo, agency_parts=forms.agency_parts)
    privacy.check_gap_texts([gap.description for gap in gaps], ids)

    in_month = lambda day: bool(day) and start.isoformat() <= day <= end.isoformat()  # noqa: E731
    activities = [
        CaseActivity(
            person_id=c["person_id"],
            phase=Phase(c["phase_then"] or c["phase"]),
            opened_on=date.fromisoformat(c["opened_on"]),
            admitted_on=date.fromisoformat(c["admitted_on"])
            if c["admitted_on"] and c["admitted_on"] <= end.isoformat()
            else None,
            contact_count=c["n"],
            last_contact_on=date.fromisoformat(c["last_on"]) if c["last_on"] else None,
            last_counselling_on=date.fromisoformat(c["last_counselling_on"])
            if c["last_counselling_on"]
            else None,
        )
        for c in everyone
    ]
    not_admitted, closed = Phase.NOT_ADMITTED.value, Phase.CLOSED.value
    closure_counts = Counter(
        c["closure_reason"]
        for c in everyone
        if c["phase_then"] == closed and in_month(c["closed_on"])
    )
    topic_counts = Counter(
        t for _m, topics in (x for v in per_case.values() for x in v) for t in topics
    )
    referral_domains = Counter(d for _c, d in referrals)
    return MonthReport(
        month=f"{start:%Y-%m}",
        code=_checked_code(code) if code else initials(profile.case_manager),
        case_manager=profile.case_manager,
        organisation=profile.organisation,
        municipality=profile.municipality,
        coordination_email=profile.coordination_email,
        full_time_share=profile.full_time_share,
        created_at=datetime.now().replace(microsecond=0),
        active_cases=sum(1 for a in activities if a.phase.is_open),
        admissions=sum(1 for c in everyone if in_month(c["admitted_on"])),
        not_admitted=sum(
            1 for c in everyone if c["phase_then"] == not_admitted and in_month(c["closed_on"])
        ),
        closures={reason: closure_counts[reason.value] for reason in ClosureReason},
        caseload_count=caseload_count(activities, end),
        capacity=caseload_capacity(profile.full_time_share),
        contacts_by_setting={s: settings[s.value] for s in Setting},
        contact_minutes=contact_minutes,
        topics={d: topic_counts[d] for d in LifeDomain},
        referrals={
            **{d: referral_domains[d.value] for d in LifeDomain},
            None: sum(
                n for d, n in referral_domains.items() if d not in {x.value for x in LifeDomain}
            ),
        },
        referral_figures=report_figures(caseload, start, end),
        cases=tuple(lines),
        contacts=tuple(contact_lines),
        gaps=tuple(gaps),
        coarsened=coarsened,
        outcomes=gather_outcomes(caseload, start, end, forms=forms),
        system_work=gather_system_work(caseload, start, end, [g.domain for g in gaps]),
        sheets=sheet_lines(caseload, start, end, pseudonyms, ids, forms=forms),
    )


def _gaps(plans: Iterable[tuple[int, date, object]], pseudonyms: dict[int, str]) -> list[GapLine]:
    gaps = []
    for case_id, _on, measures_json in plans:
        for measure in json.loads(str(measures_json or "[]")):
            if not isinstance(measure, dict) or measure.get("alternative_route") is not True:
                continue
            # Exactly as written (no strip): the workbook stores it as text whatever it
            # begins with, and the coordinating office gets what the case manager wrote.
            description = str(measure.get("gap_description") or "")
            gaps.append(
                GapLine(
                    _label(LifeDomain, measure.get("gap_domain")),
                    description,
                    pseudonyms.get(case_id, ""),
                )
            )
    return gaps


def _checked_code(code: str) -> str:
    """The initials given by hand: they go into a file name, so letters and digits only."""
    cleaned = code.strip().upper()
    if not re.fullmatch(r"[A-Z0-9]{1,8}", cleaned):
        raise BadInput(_("The code may only hold up to eight letters A–Z or digits."))
    return cleaned
