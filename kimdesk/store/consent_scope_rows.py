"""The SQL of what a consent covers (schema migration 8): agencies withdrawn one by one from a
release, and the participants and topics a client excluded from a needs conference."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kimdesk.store.database import Database

PARTICIPANT = "participant"
TOPIC = "topic"


def agency_withdrawals(db: Database, case_id: int) -> dict[int, dict[str, date]]:
    """consent id -> {agency: withdrawn on} for every consent of the case."""
    rows = db.query(
        "SELECT w.consent_id, w.agency, w.withdrawn_on FROM consent_agency_withdrawals w "
        "JOIN consents c ON c.id = w.consent_id WHERE c.case_id = ? ORDER BY w.id",
        (case_id,),
    )
    found: dict[int, dict[str, date]] = {}
    for row in rows:
        found.setdefault(int(row["consent_id"]), {})[str(row["agency"])] = date.fromisoformat(
            row["withdrawn_on"]
        )
    return found


def insert_agency_withdrawals(
    db: Database, consent_id: int, agencies: Iterable[str], on: date
) -> None:
    db.executemany(
        "INSERT INTO consent_agency_withdrawals(consent_id, agency, withdrawn_on) VALUES (?, ?, ?)",
        [(consent_id, agency, on.isoformat()) for agency in agencies],
    )


def conference_exclusions(db: Database, case_id: int) -> dict[int, dict[str, list[str]]]:
    """consent id -> {"participant": [...], "topic": [...]}, in the order recorded."""
    rows = db.query(
        "SELECT x.consent_id, x.kind, x.value FROM conference_exclusions x "
        "JOIN consents c ON c.id = x.consent_id WHERE c.case_id = ? ORDER BY x.id",
        (case_id,),
    )
    found: dict[int, dict[str, list[str]]] = {}
    for row in rows:
        kinds = found.setdefault(int(row["consent_id"]), {PARTICIPANT: [], TOPIC: []})
        kinds[str(row["kind"])].append(str(row["value"]))
    return found


def insert_conference_exclusions(
    db: Database, consent_id: int, *, participants: Iterable[str], topics: Iterable[str]
) -> None:
    rows = [(consent_id, PARTICIPANT, p) for p in dict.fromkeys(participants)]
    rows += [(consent_id, TOPIC, t) for t in dict.fromkeys(topics)]
    db.executemany(
        "INSERT INTO conference_exclusions(consent_id, kind, value) VALUES (?, ?, ?)", rows
    )
