"""The SQL of the pseudonymised interim and closure sheets: the finished ones of a period."""

from __future__ import annotations

from datetime import date

from kimdesk.domain.records import FormInstance
from kimdesk.store.database import Database
from kimdesk.store.repository import CURRENT_FORM, _form_instance


def finished_sheets(db: Database, start: date, end: date) -> list[FormInstance]:
    """The case's current, finished interim and closure sheets dated in the period, by date."""
    rows = db.query(
        "SELECT * FROM form_instances WHERE kind IN ('interim', 'closure') "
        "AND status = 'final' AND recorded_on BETWEEN ? AND ? AND "
        + CURRENT_FORM
        + " ORDER BY recorded_on, id",
        (start.isoformat(), end.isoformat()),
    )
    return [_form_instance(row) for row in rows]
