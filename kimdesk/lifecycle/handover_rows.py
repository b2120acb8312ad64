"""The SQL of the case handover: a case's rows as plain dicts out, and back in.

The repository's value types leave out what a handover must carry unchanged (the phase
history's from-phases, a form's kind and time stamps), so the rows are read and written here.
A pending handover at the sender is a row of the key/value table ``profile``: it needs no
schema change and holds no personal data (case id, file id, date, a hash of the receipt).
"""

from __future__ import annotations

import json
from typing import Any

from kimdesk.store.database import Database

PENDING_PREFIX = "handover.pending."

CASE_COLUMNS = (
    "case_number",
    "pseudonym",
    "phase",
    "opened_on",
    "admitted_on",
    "closed_on",
    "closure_reason",
    "closure_note",
    "access_route",
)
FORM_COLUMNS = (
    "form_key",
    "form_version",
    "definition_digest",
    "kind",
    "domain",
    "status",
    "recorded_on",
    "answers",
    "created_at",
    "updated_at",
)


def case_row(db: Database, case_id: int) -> dict[str, Any]:
    row = db.query_one(f"SELECT {', '.join(CASE_COLUMNS)} FROM cases WHERE id = ?", (case_id,))
    return dict(zip(CASE_COLUMNS, tuple(row or ()), strict=False))


def phase_rows(db: Database, case_id: int) -> list[dict[str, Any]]:
    rows = db.query(
        "SELECT from_phase, to_phase, changed_on FROM phase_changes WHERE case_id = ? "
        "ORDER BY id",
        (case_id,),
    )
    return [{"from": r[0], "to": r[1], "on": r[2]} for r in rows]


def form_rows(db: Database, case_id: int) -> list[dict[str, Any]]:
    rows = db.query(
        f"SELECT {', '.join(FORM_COLUMNS)} FROM form_instances WHERE case_id = ? "
        "ORDER BY recorded_on, id",
        (case_id,),
    )
    forms = [dict(zip(FORM_COLUMNS, tuple(r), strict=True)) for r in rows]
    for form in forms:
        form["answers"] = json.loads(form["answers"])
    return forms


def insert_case(db: Database, *, person_id: int, case: dict[str, Any], now: str) -> int:
    values = [case[c] for c in CASE_COLUMNS]
    return db.execute(
        f"INSERT INTO cases(person_id, {', '.join(CASE_COLUMNS)}, created_at) "
        f"VALUES (?, {', '.join('?' for _ in CASE_COLUMNS)}, ?)",
        (person_id, *values, now),
    )


def insert_phases(db: Database, case_id: int, phases: list[dict[str, Any]]) -> None:
    db.executemany(
        "INSERT INTO phase_changes(case_id, from_phase, to_phase, changed_on) VALUES (?, ?, ?, ?)",
        [(case_id, p["from"], p["to"], p["on"]) for p in phases],
    )


def insert_forms(db: Database, case_id: int, forms: list[dict[str, Any]]) -> None:
    db.executemany(
        f"INSERT INTO form_instances(case_id, {', '.join(FORM_COLUMNS)}) "
        f"VALUES (?, {', '.join('?' for _ in FORM_COLUMNS)})",
        [
            (
                case_id,
                *(
                    json.dumps(f[c], ensure_ascii=False, sort_keys=True) if c == "answers" else f[c]
                    for c in FORM_COLUMNS
                ),
            )
            for f in forms
        ],
    )


def person_case_count(db: Database, person_id: int) -> int:
    return int(db.scalar("SELECT count(*) FROM cases WHERE person_id = ?", (person_id,)))


# -- pending handovers at the sender ---------------------------------------------------------


def pending(db: Database, case_id: int) -> list[dict[str, str]]:
    """Every export of the case not yet confirmed (a case may be exported again)."""
    value = db.scalar("SELECT value FROM profile WHERE key = ?", (f"{PENDING_PREFIX}{case_id}",))
    return list(json.loads(value)) if value else []


def set_pending(db: Database, case_id: int, entries: list[dict[str, str]]) -> None:
    key = f"{PENDING_PREFIX}{case_id}"
    if not entries:
        db.execute("DELETE FROM profile WHERE key = ?", (key,))
        return
    db.execute(
        "INSERT INTO profile(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, json.dumps(entries, sort_keys=True)),
    )
