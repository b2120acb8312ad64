"""The monthly report's outcomes as stored: the scales of the month's finished closure and
interim sheets (read from the sheets kimdesk.store.month_forms reads), the goals reviewed in
the month. Coded answers only (no free text leaves a sheet here); no rules live here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from kimdesk.domain.records import FormInstance
from kimdesk.store.database import Database


@dataclass(frozen=True)
class SheetScales:
    """One finished closure or interim sheet: its overall change and area achievements."""

    case_id: int
    recorded_on: date
    overall_change: str | None
    areas: dict[str, str | None]  # area field key -> achievement key (None: not rated)


def sheet_scales(
    sheets: Iterable[tuple[str, FormInstance]], kind: str, area_keys: Sequence[str]
) -> list[SheetScales]:
    """The overall change and area achievements of the (kind, sheet) pairs of ``kind``."""
    return [
        SheetScales(
            s.case_id,
            s.recorded_on,
            _text(s.answers.get("overall_change")),
            {key: _text(s.answers.get(key)) for key in area_keys},
        )
        for sheet_kind, s in sheets
        if sheet_kind == kind
    ]


class OutcomeRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def goals_reviewed(self, start: date, end: date) -> list[str | None]:
        """The achievement of every goal reviewed in the period."""
        rows = self.db.query(
            "SELECT achievement FROM goals WHERE reviewed_on BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        )
        return [r[0] for r in rows]


def _text(value: object) -> str | None:
    # A level is a non-empty key; anything else (not rated, a malformed answer) counts as none
    return value if isinstance(value, str) and value else None
