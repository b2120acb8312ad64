"""The SQL of the monthly report's forms: one pass over the current forms reads everything the
month needs of them (the assessments' ratings, the residence status, the agencies' numbers,
the needs plans' gaps, the finished interim and closure sheets).

Every pass over form_instances decrypts the whole table, as no index narrows it down to the
month: the report's seven readers of forms used to make seven such passes, whose cost grew
with the caseload's history; now the table is read once per report."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from kimdesk.domain.records import FormInstance
from kimdesk.domain.vocabulary import FormStatus, LifeDomain
from kimdesk.forms.model import ASSESSMENT_KIND_FIELD
from kimdesk.store.database import Database
from kimdesk.store.repository import CURRENT_FORM, _form_instance

# Answers read by key (kimdesk.carry_forward's names; kept here so the store needs no domain).
COVER_RESIDENCE = "residence_title"
RESIDENCE_STATUS = "residence_status"
PLAN_MEASURES = "measures"


class AssessmentRow(NamedTuple):
    """A finished assessment as the rating changes need it: which sheet, when, whether it is
    marked as the first assessment. A named tuple: tens of thousands are made per report.
    Its answers are not read with it: only a case's first and latest of a domain are
    compared, and read_answers reads those (the others were 17 MB of JSON at 10,000 cases)."""

    id: int
    case_id: int
    form_key: str
    form_version: int
    recorded_on: date
    definition_digest: str
    assessment_kind: object  # the answer "assessment_kind" ("first", ...), None if not given

    def __repr__(self) -> str:
        return f"AssessmentRow(id={self.id}, case_id={self.case_id}, …)"

    def instance(self) -> FormInstance:
        """As a form instance without its answers (to find its definition)."""
        return FormInstance(
            id=self.id,
            case_id=self.case_id,
            form_key=self.form_key,
            form_version=self.form_version,
            status=FormStatus.FINAL,
            recorded_on=self.recorded_on,
            answers={},
            definition_digest=self.definition_digest,
        )


# (case id, date, JSON value at a path) as Repository.report_form_values gives them
FormValue = tuple[int, date, object]


@dataclass(frozen=True)
class MonthForms:
    """The current forms as the report of ``start``..``end`` needs them; each list by date
    and id unless said otherwise."""

    start: date
    end: date
    # finished assessments up to the end of the cases open at some time in the period,
    # by case, date and id
    assessments: tuple[AssessmentRow, ...]
    residence_titles: tuple[FormValue, ...]  # finished cover sheets up to the end
    residence_keys: tuple[FormValue, ...]  # residence assessments up to the end
    agency_parts: tuple[tuple[str, str], ...]  # (file number, phone), every cover sheet
    plan_measures: tuple[FormValue, ...]  # needs plans dated in the period
    # (kind, sheet) of the finished interim and closure sheets dated in the period
    sheets: tuple[tuple[str, FormInstance], ...]

    def __repr__(self) -> str:
        return "MonthForms(…)"  # the values are answers: never in a message or log


# One row per current form of the kinds the report reads; each column holds a value only
# for the rows it is meant for, so no other answer leaves the database.
_SCAN = f"""
SELECT id, case_id, kind, domain, status, recorded_on, form_key, form_version,
  definition_digest,
  CASE WHEN kind = 'assessment' AND status = 'final' AND case_id IN open_cases
    THEN json_extract(answers, '$.{ASSESSMENT_KIND_FIELD}') END,
  kind = 'assessment' AND status = 'final' AND case_id IN open_cases AND answers IS NOT NULL,
  CASE WHEN kind = 'assessment' AND domain = '{LifeDomain.RESIDENCE.value}'
    THEN json_extract(answers, '$.{RESIDENCE_STATUS}') END,
  CASE WHEN kind = 'cover_sheet' THEN json_extract(answers, '$.{COVER_RESIDENCE}') END,
  CASE WHEN kind = 'cover_sheet' THEN (
    SELECT json_group_array(json_array(e.value ->> '$.file_number', e.value ->> '$.phone'))
    FROM json_each(answers) e WHERE e.type = 'object') END,
  CASE WHEN kind = 'needs_plan' AND recorded_on >= :start
    THEN json_extract(answers, '$.{PLAN_MEASURES}') END
FROM form_instances
WHERE {CURRENT_FORM} AND (kind = 'cover_sheet' OR recorded_on <= :end AND (
  kind = 'assessment' AND (status = 'final' AND case_id IN open_cases
    OR domain = '{LifeDomain.RESIDENCE.value}')
  OR kind IN ('needs_plan', 'interim', 'closure') AND recorded_on >= :start))
ORDER BY recorded_on, id
"""
_OPEN_CASES = (
    "WITH open_cases AS (SELECT id FROM cases WHERE opened_on <= :end "
    "AND (closed_on IS NULL OR closed_on >= :start)) "
)


def read_month_forms(db: Database, start: date, end: date) -> MonthForms:
    """Everything the report of ``start``..``end`` reads of the forms, in one pass."""
    first, last = start.isoformat(), end.isoformat()
    rows = db.stream(_OPEN_CASES + _SCAN, {"start": first, "end": last})  # not kept
    assessments: list[AssessmentRow] = []
    titles: list[FormValue] = []
    keys: list[FormValue] = []
    agencies: list[tuple[str, str]] = []
    measures: list[FormValue] = []
    sheet_ids: list[int] = []
    # Tens of thousands of rows share a few hundred days and a few sheet versions: each day,
    # key and digest is held once (as a string SQLite hands out a new copy for every row).
    days: dict[str, date] = {}
    shared: dict[str, str] = {}
    for (
        form_id,
        case_id,
        kind,
        domain,
        status,
        recorded,
        form_key,
        version,
        digest,
        assessment_kind,
        compared,
        residence_key,
        title,
        parts,
        plan,
    ) in rows:
        in_time = recorded <= last
        final = status == FormStatus.FINAL.value
        if kind == "assessment":
            on = days.get(recorded) or days.setdefault(recorded, date.fromisoformat(recorded))
            if compared:
                form_key = shared.setdefault(form_key, form_key)
                digest = shared.setdefault(digest, digest)
                assessments.append(
                    AssessmentRow(form_id, case_id, form_key, version, on, digest, assessment_kind)
                )
            if domain == LifeDomain.RESIDENCE.value:
                keys.append((case_id, on, residence_key))
        elif kind == "cover_sheet":
            agencies += [(number or "", phone or "") for number, phone in json.loads(parts)]
            if final and in_time:
                titles.append((case_id, date.fromisoformat(recorded), title))
        elif recorded >= first and in_time:
            if kind == "needs_plan":
                measures.append((case_id, date.fromisoformat(recorded), plan))
            elif final:
                sheet_ids.append(form_id)
    assessments.sort(key=lambda row: row.case_id)  # stable: by date and id within a case
    return MonthForms(
        start=start,
        end=end,
        assessments=tuple(assessments),
        residence_titles=tuple(titles),
        residence_keys=tuple(keys),
        agency_parts=tuple(agencies),
        plan_measures=tuple(measures),
        sheets=tuple(_sheets(db, sheet_ids)),
    )


def _sheets(db: Database, ids: list[int]) -> list[tuple[str, FormInstance]]:
    """The sheets by id (a few hundred a month), with every column, by date and id."""
    rows = db.query(
        "SELECT * FROM form_instances WHERE id IN (SELECT value FROM json_each(?)) "
        "ORDER BY recorded_on, id",
        (json.dumps(ids),),
    )
    return [(row["kind"], _form_instance(row)) for row in rows]


def read_answers(db: Database, ids: list[int]) -> Iterator[tuple[int, str]]:
    """(id, answers as stored: JSON text) of the forms ``ids`` (the assessments the rating
    changes compare), one at a time: the caller keeps only what it needs of each."""
    yield from db.stream(
        "SELECT id, answers FROM form_instances WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(ids),),
    )
