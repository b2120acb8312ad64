"""The demo's planning conference: one held some weeks ago on four eligible cases, with the
free texts the case manager released (those passing the identifier check, some reworded) and
two generative themes of the catalogue as its result, linked to the cases discussed."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from kimdesk import planning_conference as pc
from kimdesk.store.planning_rows import PlanningRows
from kimdesk.store.system_rows import SystemRows

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload

DAYS_AGO = 35


def write_planning(caseload: Caseload, rng: random.Random, today: date) -> None:
    """Inside the caller's transaction, after the themes; nothing if the demo already has a
    planning conference or too few cases qualify."""
    rows = PlanningRows(caseload.db)
    if rows.conferences():
        return
    held = today - timedelta(days=DAYS_AGO)
    found = pc.candidates(caseload, held)
    if len(found) < pc.MAX_CASES:
        return
    case_ids = [c.case_id for c in rng.sample(found[:8], pc.MAX_CASES)]
    bundle = pc.prepare(caseload, case_ids, held)
    released = [
        (t.case_id, t.key, t.label, t.original)
        for t in bundle.texts
        if rng.random() < 0.6 and bundle.problem(t.original) is None
    ]
    system = SystemRows(caseload.db)
    theme_ids = [t.id for t in system.themes()]
    chosen = rng.sample(theme_ids, min(2, len(theme_ids)))
    conference_id = rows.insert_conference(
        held, datetime.combine(held, datetime.min.time()).replace(hour=16).isoformat()
    )
    rows.add_cases(conference_id, case_ids)
    rows.add_texts(conference_id, released)
    rows.add_themes(conference_id, chosen)
    for theme_id in chosen:
        for case_id in case_ids:
            system.link_theme_case(theme_id, case_id, held)
