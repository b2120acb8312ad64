"""The month's outcomes for the coordinating office, counted from the caseload: the closure
and interim sheets' overall change and goal achievement per area, the change of the ratings
between the first and the latest assessment per life domain, the goals reviewed by level.

Counts and means only, no pseudonyms: the sheet "Ergebnisse" (kimdesk.report.outcomes_sheet)
shows them, and merge-reports sums them (kimdesk.report.outcomes_merge).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING, Any

from kimdesk.domain.vocabulary import ASSESSMENT_DOMAINS, Achievement, LifeDomain
from kimdesk.forms.model import FIXED_OPTIONS, FieldType, FormDefinition, FormKind
from kimdesk.report.privacy import MIN_GROUP
from kimdesk.store.month_forms import AssessmentRow, MonthForms, read_answers, read_month_forms
from kimdesk.store.outcome_rows import OutcomeRows, SheetScales, sheet_scales

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload

# The six levels of the sheets' overall change, best first (forms/closure.toml, change_6).
CHANGE_LEVELS = tuple(key for key, _label in FIXED_OPTIONS[FieldType.CHANGE_6])
ACHIEVEMENT_LEVELS = tuple(Achievement)
NOT_GIVEN = "none"  # a finished sheet whose overall change was left open
# The section of the closure and interim sheets that rates the goals per area.
AREAS_SECTION = "areas"


@dataclass(frozen=True)
class SheetOutcomes:
    """The finished closure (or interim) sheets dated in the month."""

    sheets: int
    overall_change: dict[str, int]  # CHANGE_LEVELS and NOT_GIVEN -> sheets
    areas: dict[str, dict[Achievement, int]]  # area field key -> level -> sheets


@dataclass(frozen=True)
class RatingOutcome:
    """Cases whose domain was assessed at least twice by the month's end: how their mean
    rating changed from the first to the latest assessment (positive: better)."""

    domain: LifeDomain
    cases: int
    improved: int
    unchanged: int
    worsened: int
    mean_change: float | None  # None without cases

    @property
    def suppressed(self) -> bool:
        """One or two cases: too few to show (the k >= 3 rule of the monthly report)."""
        return 0 < self.cases < MIN_GROUP


@dataclass(frozen=True)
class Outcomes:
    closures: SheetOutcomes
    interims: SheetOutcomes
    area_labels: dict[str, str]  # area field key -> the sheet's (German) label, in its order
    ratings: tuple[RatingOutcome, ...]  # one per assessment domain, in their order
    goals_reviewed: dict[Achievement, int]


def area_fields(definition: FormDefinition) -> dict[str, str]:
    """The four-level area fields of a closure or interim sheet: key -> label."""
    return {
        field.key: field.label
        for section in definition.sections
        if section.key == AREAS_SECTION
        for field in section.fields
        if field.type is FieldType.ACHIEVEMENT_4
    }


def gather_outcomes(
    caseload: Caseload, start: date, end: date, *, forms: MonthForms | None = None
) -> Outcomes:
    """The outcomes of the period ``start``..``end`` (both days included); ``forms``: the
    month's forms if the report has read them already."""
    forms = forms or read_month_forms(caseload.db, start, end)
    closure = caseload.forms.get("closure")
    labels = area_fields(closure)
    interim_areas = [k for k in area_fields(caseload.forms.get("interim")) if k in labels]
    return Outcomes(
        closures=sheet_outcomes(
            sheet_scales(forms.sheets, FormKind.CLOSURE.value, list(labels)), labels
        ),
        interims=sheet_outcomes(
            sheet_scales(forms.sheets, FormKind.INTERIM.value, interim_areas), labels
        ),
        area_labels=labels,
        ratings=rating_outcomes(_case_changes(caseload, forms.assessments)),
        goals_reviewed=goal_levels(OutcomeRows(caseload.db).goals_reviewed(start, end)),
    )


def sheet_outcomes(sheets: Sequence[SheetScales], area_keys: Iterable[str]) -> SheetOutcomes:
    """Count the sheets per overall change and, per area, per level of achievement."""
    changes = Counter(
        s.overall_change if s.overall_change in CHANGE_LEVELS else NOT_GIVEN for s in sheets
    )
    areas: dict[str, dict[Achievement, int]] = {}
    for key in area_keys:
        levels = Counter(s.areas.get(key) for s in sheets)
        areas[key] = {level: levels[level.value] for level in ACHIEVEMENT_LEVELS}
    return SheetOutcomes(
        sheets=len(sheets),
        overall_change={level: changes[level] for level in (*CHANGE_LEVELS, NOT_GIVEN)},
        areas=areas,
    )


def goal_levels(achievements: Iterable[str | None]) -> dict[Achievement, int]:
    counts = Counter(achievements)
    return {level: counts[level.value] for level in ACHIEVEMENT_LEVELS}


def _case_changes(
    caseload: Caseload, assessments: Iterable[AssessmentRow]
) -> list[tuple[LifeDomain, float]]:
    """(domain, change) per case and domain with a first and a later finished assessment:
    the mean over the rating lines that have both values (latest minus first).

    The same comparison as kimdesk.forms.compare.assessment_changes, reduced to what the
    mean needs: of a case's assessments of a domain only the first and the latest are
    parsed, and the rating lines of each set of sheet versions are collected once."""
    definitions: dict[str, FormDefinition] = {}  # by digest: a few versions, many sheets
    domains: dict[str, LifeDomain | None] = {}  # by digest: the assessment's domain
    lines: dict[frozenset[str], frozenset[str]] = {}  # digests -> their rating line keys

    def domain_of(row: AssessmentRow) -> LifeDomain | None:
        if row.definition_digest not in domains:
            sheet = definitions[row.definition_digest] = caseload.definition_of(row.instance())
            is_assessment = sheet.kind is FormKind.ASSESSMENT
            domains[row.definition_digest] = sheet.domain if is_assessment else None
        return domains[row.definition_digest]

    def line_keys(digests: frozenset[str]) -> frozenset[str]:
        if digests not in lines:
            lines[digests] = frozenset(
                line.key for digest in digests for line in definitions[digest].rating_lines()
            )
        return lines[digests]

    # (domain, rating line keys, first, latest): the answers of both are read afterwards,
    # in one query, for these pairs only.
    pairs: list[tuple[LifeDomain, frozenset[str], int, int]] = []
    for _case_id, group in groupby(assessments, key=lambda r: r.case_id):
        by_domain: dict[LifeDomain, list[AssessmentRow]] = {}
        for row in group:
            domain = domain_of(row)
            if domain is not None:
                by_domain.setdefault(domain, []).append(row)
        for domain in _DOMAIN_ORDER:
            if len(by_domain.get(domain, ())) < 2:
                continue  # nothing to compare with
            entries = sorted(by_domain[domain], key=lambda r: (r.recorded_on, r.id))
            firsts = [i for i, r in enumerate(entries) if r.assessment_kind == "first"]
            first = firsts[0] if firsts else 0
            if first >= len(entries) - 1:
                continue  # no later assessment to compare with
            keys = line_keys(frozenset(r.definition_digest for r in entries[first:]))
            pairs.append((domain, keys, entries[first].id, entries[-1].id))
    wanted: dict[int, frozenset[str]] = {}  # assessment id -> the rating lines read of it
    for _domain, keys, first_id, latest_id in pairs:
        for form_id in (first_id, latest_id):
            wanted[form_id] = wanted.get(form_id, frozenset()) | keys
    ratings: dict[int, dict[str, int]] = {}  # the ratings only: parsed answers are large
    for form_id, text in read_answers(caseload.db, sorted(wanted)):
        answers = json.loads(text)
        ratings[form_id] = {
            key: value for key in wanted[form_id] if (value := _rating(answers, key)) is not None
        }
    changes: list[tuple[LifeDomain, float]] = []
    for domain, keys, first_id, latest_id in pairs:
        before, after = ratings[first_id], ratings[latest_id]
        values = [after[key] - before[key] for key in keys if key in before and key in after]
        if values:
            changes.append((domain, sum(values) / len(values)))
    return changes


_DOMAIN_ORDER = tuple(ASSESSMENT_DOMAINS)  # members read once: enum access is not free


def _rating(answers: dict[str, Any], key: str) -> int | None:
    """A rating line's value, as kimdesk.forms.compare reads it."""
    answer = answers.get(key)
    if isinstance(answer, dict) and isinstance(answer.get("value"), int):
        return int(answer["value"])
    return None


def rating_outcomes(changes: Iterable[tuple[LifeDomain, float]]) -> tuple[RatingOutcome, ...]:
    """Per assessment domain: how many cases improved, stayed, worsened, and the mean."""
    by_domain: dict[LifeDomain, list[float]] = {domain: [] for domain in ASSESSMENT_DOMAINS}
    for domain, change in changes:
        by_domain.setdefault(domain, []).append(change)
    return tuple(
        RatingOutcome(
            domain=domain,
            cases=len(values),
            improved=sum(1 for v in values if v > 0),
            unchanged=sum(1 for v in values if v == 0),
            worsened=sum(1 for v in values if v < 0),
            mean_change=sum(values) / len(values) if values else None,
        )
        for domain, values in by_domain.items()
        if domain in ASSESSMENT_DOMAINS
    )


__all__ = [
    "ACHIEVEMENT_LEVELS",
    "CHANGE_LEVELS",
    "NOT_GIVEN",
    "Outcomes",
    "RatingOutcome",
    "SheetOutcomes",
    "area_fields",
    "gather_outcomes",
    "goal_levels",
    "rating_outcomes",
    "sheet_outcomes",
]
