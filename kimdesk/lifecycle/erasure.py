"""Retention and erasure: which persons are due for deletion, and erasing one person so that
nothing of them is left in the caseload file's bytes (GDPR Art. 5(1)(e) and Art. 17).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from kimdesk.errors import BadInput, KimdeskError
from kimdesk.i18n import _

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload
    from kimdesk.domain.records import CaseRow
    from kimdesk.store.database import Database

log = logging.getLogger(__name__)

PERSON_ERASED = "person.erased"
# Why a person was erased; goes into the audit entry.
REASON_RETENTION = "retention"
REASON_REQUEST = "request"
REASONS = (REASON_RETENTION, REASON_REQUEST)
# The audit log keeps its rows when a case goes (its case reference is set to NULL); it
# holds no personal data, and it is the proof of the erasure.
_KEPT_TABLES = frozenset({"audit_log"})
_PERSON_TABLES = ("persons", "cases")


@dataclass(frozen=True)
class DueErasure:
    """A person whose every case ended more than the retention period ago (no personal data:
    the GUI takes names from the caseload itself)."""

    person_id: int
    case_ids: tuple[int, ...]
    case_numbers: tuple[str, ...]
    closed_on: date  # the latest closure of the person's cases
    due_on: date  # the first day past the retention period


@dataclass(frozen=True)
class ErasureRecord:
    """What an erasure did; the same facts as its audit entry."""

    pseudonyms: tuple[str, ...]
    case_count: int
    erased_on: date
    reason: str
    # False when another program held the file open (or the disk was full) so that the file
    # could not be rewritten: the rows are gone, old pages remain until the last one closes.
    file_cleaned: bool


def add_years(day: date, years: int) -> date:
    """``day`` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def retention_due_on(closed_on: date, retention_years: int) -> date:
    """The first day a case closed on ``closed_on`` is past the retention period."""
    return add_years(closed_on, retention_years) + timedelta(days=1)


def due_for_erasure(
    caseload: Caseload, today: date | None = None, *, rows: Iterable[CaseRow] | None = None
) -> list[DueErasure]:
    """Persons all of whose cases have ended, the latest more than the retention period
    before ``today``; ordered by the day they became due. ``rows``: the case list, if the
    caller has it already."""
    today = today or caseload.today
    years = caseload.profile().retention_years
    cases = caseload.cases() if rows is None else rows
    return [due for due in _by_person(cases, years) if due.due_on <= today]


def _by_person(rows: Iterable[CaseRow], years: int) -> list[DueErasure]:
    cases: dict[int, list[CaseRow]] = {}
    for row in rows:
        cases.setdefault(row.person_id, []).append(row)
    result: list[DueErasure] = []
    for person_id, own in cases.items():
        if any(row.phase.is_open or row.closed_on is None for row in own):
            continue
        own.sort(key=lambda row: (row.opened_on, row.id))
        closed_on = max(row.closed_on for row in own if row.closed_on is not None)
        result.append(
            DueErasure(
                person_id=person_id,
                case_ids=tuple(row.id for row in own),
                case_numbers=tuple(row.case_number for row in own),
                closed_on=closed_on,
                due_on=retention_due_on(closed_on, years),
            )
        )
    result.sort(key=lambda due: (due.due_on, due.case_numbers))
    return result


def erase_person(
    caseload: Caseload, person_id: int, *, reason: str = REASON_REQUEST
) -> ErasureRecord:
    """Delete the person with every case and everything that refers to them, in one
    transaction; then rewrite the file so that the freed pages and the write-ahead log no
    longer hold any of it. The audit log gets one entry: pseudonyms and date only."""
    return erase_persons(caseload, [person_id], reason=reason)[0]


def erase_persons(
    caseload: Caseload, person_ids: Sequence[int], *, reason: str = REASON_REQUEST
) -> list[ErasureRecord]:
    """``erase_person`` for several persons: all or none, and the file rewritten once (a
    rewrite takes about a second per 10 MB, so not once per person)."""
    if reason not in REASONS:
        raise ValueError("unknown erasure reason")
    db = caseload.db
    today = caseload.today
    erased: list[tuple[str, ...]] = []
    with db.transaction():
        for person_id in person_ids:
            erased.append(_delete_person(caseload, person_id, today, reason))
        # sqlite_stat4 (ANALYZE) keeps sample index keys, e.g. search keys made from names.
        if db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat4'"):
            db.execute("ANALYZE")
    cleaned = wipe_freed_pages(db)
    log.info("%d person(s) erased", len(erased))
    return [
        ErasureRecord(
            pseudonyms=pseudonyms,
            case_count=len(pseudonyms),
            erased_on=today,
            reason=reason,
            file_cleaned=cleaned,
        )
        for pseudonyms in erased
    ]


def _delete_person(
    caseload: Caseload, person_id: int, today: date, reason: str
) -> tuple[str, ...]:
    """The rows of one person and the audit entry; inside the caller's transaction."""
    db = caseload.db
    if db.scalar("SELECT count(*) FROM persons WHERE id = ?", (person_id,)) == 0:
        raise BadInput(_("There is no such person in the caseload."))
    rows = db.query(
        "SELECT id, pseudonym FROM cases WHERE person_id = ? ORDER BY id", (person_id,)
    )
    case_ids = [int(row["id"]) for row in rows]
    pseudonyms = tuple(str(row["pseudonym"]) for row in rows)
    _delete_references(db, person_id, case_ids)
    db.execute("DELETE FROM cases WHERE person_id = ?", (person_id,))
    db.execute("DELETE FROM persons WHERE id = ?", (person_id,))
    caseload.repo.append_audit(
        PERSON_ERASED,
        None,
        f"pseudonyms={','.join(pseudonyms) or '-'} on={today.isoformat()} reason={reason}",
    )
    return pseudonyms


def erase_due(caseload: Caseload, today: date | None = None) -> list[ErasureRecord]:
    """Erase every person due for erasure (the overview's button), all in one go."""
    due = due_for_erasure(caseload, today)
    if not due:
        return []
    return erase_persons(caseload, [entry.person_id for entry in due], reason=REASON_RETENTION)


def person_of_case(caseload: Caseload, case_number: str) -> int:
    """The person a case number belongs to (BadInput if there is no such case)."""
    for row in caseload.cases():
        if row.case_number == case_number:
            return row.person_id
    raise BadInput(_("There is no case with the number {number}.").format(number=case_number))


def _delete_references(db: Database, person_id: int, case_ids: list[int]) -> None:
    """Delete the rows of every table that refers to the person or their cases.

    Found from the schema rather than listed, so that a table added later (a handover, a
    correction) cannot keep a copy; deeper references go by their ON DELETE CASCADE, and a
    reference without one makes the delete fail, so nothing is left half-erased.
    """
    keys = {"persons": [person_id], "cases": case_ids}
    for table, column, parent in _references(db):
        ids = keys[parent]
        if not ids:
            continue
        marks = ",".join("?" * len(ids))
        db.execute(f'DELETE FROM "{table}" WHERE "{column}" IN ({marks})', ids)


def _references(db: Database) -> list[tuple[str, str, str]]:
    """(table, column, parent) for every column that references persons or cases."""
    found: list[tuple[str, str, str]] = []
    tables = db.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    for row in tables:
        table = str(row["name"])
        if table in _KEPT_TABLES or table in _PERSON_TABLES:
            continue
        for ref in db.query(f"PRAGMA foreign_key_list(\"{table}\")"):
            if ref["table"] in _PERSON_TABLES:
                found.append((table, str(ref["from"]), str(ref["table"])))
    return found


def wipe_freed_pages(db: Database) -> bool:
    """Rewrite the file without its free pages and empty the write-ahead log.

    secure_delete already zeroes deleted content; VACUUM then rebuilds the file from the
    live rows only, and a TRUNCATE checkpoint copies the result in and cuts the WAL, which
    held the old pages, to nothing. False if another connection kept the WAL in use or the
    disk had no room for the rewrite: the rows are gone all the same, and the old pages are
    overwritten at the checkpoint when the last connection closes.
    """
    try:
        first = _checkpoint(db)
        db.execute("VACUUM")
        return _checkpoint(db) and first
    except KimdeskError:
        log.warning("the caseload could not be rewritten after an erasure")
        return False


def _checkpoint(db: Database) -> bool:
    row: Any = db.query_one("PRAGMA wal_checkpoint(TRUNCATE)")
    return row is None or int(row[0]) == 0
