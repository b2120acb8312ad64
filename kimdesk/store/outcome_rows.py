"""The SQL of the monthly report's outcomes: the scales of the month's finished closure and
interim sheets, the finished assessments up to the month's end, the goals reviewed in the
month. Reads coded answers only (no free text leaves a sheet here); no rules live here."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kimdesk.domain.records import FormInstance
from kimdesk.domain.vocabulary import FormStatus
from kimdesk.store.database import Database
from kimdesk.store.repository import CURRENT_FORM


@dataclass(frozen=True)
class SheetScales:
    """One finished closure or interim sheet: its overall change and area achievements."""

    case_id: int
    recorded_on: date
    overall_change: str | None
    areas: dict[str, str | None]  # area field key -> achievement key (None: not rated)


class OutcomeRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def sheet_scales(
        self, kind: str, start: date, end: date, area_keys: Sequence[str]
    ) -> list[SheetScales]:
        """The finished sheets of ``kind`` dated in the period, one JSON value per column."""
        areas = "".join(", json_extract(answers, ?)" for _key in area_keys)
        rows = self.db.query(
            "SELECT case_id, recorded_on, json_extract(answers, '$.overall_change')"
            + areas
            + " FROM form_instances WHERE kind = ? AND status = 'final' "
            "AND recorded_on BETWEEN ? AND ? AND " + CURRENT_FORM + " ORDER BY recorded_on, id",
            [*(f"$.{key}" for key in area_keys), kind, start.isoformat(), end.isoformat()],
        )
        return [
            SheetScales(
                r[0],
                date.fromisoformat(r[1]),
                _text(r[2]),
                {key: _text(r[3 + i]) for i, key in enumerate(area_keys)},
            )
            for r in rows
        ]

    def assessments(self, start: date, end: date) -> list[FormInstance]:
        """The finished assessments up to ``end`` of the cases open at some time in the
        period (opened by its end, not closed before its start), oldest first."""
        rows = self.db.query(
            "SELECT id, case_id, form_key, form_version, recorded_on, answers, definition_digest "
            "FROM form_instances WHERE kind = 'assessment' AND status = 'final' "
            "AND recorded_on <= :end AND case_id IN (SELECT id FROM cases WHERE "
            "opened_on <= :end AND (closed_on IS NULL OR closed_on >= :start)) AND "
            + CURRENT_FORM
            + " ORDER BY case_id, recorded_on, id",
            {"start": start.isoformat(), "end": end.isoformat()},
        )
        return [
            FormInstance(
                id=r[0],
                case_id=r[1],
                form_key=r[2],
                form_version=r[3],
                status=FormStatus.FINAL,
                recorded_on=date.fromisoformat(r[4]),
                answers=json.loads(r[5]),
                definition_digest=r[6],
            )
            for r in rows
        ]

    def goals_reviewed(self, start: date, end: date) -> list[str | None]:
        """The achievement of every goal reviewed in the period."""
        rows = self.db.query(
            "SELECT achievement FROM goals WHERE reviewed_on BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        )
        return [r[0] for r in rows]


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
