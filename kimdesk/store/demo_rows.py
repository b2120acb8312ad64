"""Bulk rows for the demo generator: persons, cases with their phase history, consents and
contacts, written one batch at a time with the ids chosen in Python, so that no statement runs
per case.

Ids are the next free ones, as SQLite would give them (no table here uses AUTOINCREMENT), and
only one transaction writes at a time, so nobody takes them meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, PersonData
from kimdesk.domain.vocabulary import ClosureReason
from kimdesk.store.database import Database
from kimdesk.store.repository import (  # the same columns as Repository's
    INSERT_CONSENT_SQL,
    _consent_params,
    _person_params,
)


@dataclass(frozen=True)
class CaseInsert:
    """A case as it stands at the end of its path, and the path that led there."""

    id: int
    person_id: int
    case_number: str
    pseudonym: str
    phase: Phase
    opened_on: date
    admitted_on: date | None
    closed_on: date | None
    closure_reason: ClosureReason | None
    closure_note: str
    access_route: str
    path: tuple[tuple[Phase, date], ...]  # the phases entered, the first being the screening


class ContactRow(NamedTuple):
    """A contact as stored (kimdesk.store.repository's ``_contact_params``, no attempt):
    thirty a case, made without a record object each."""

    case_id: int
    contact_on: str  # ISO date
    minutes: int
    setting: str  # a Setting's key
    topics: str  # as topics_to_text stores them
    note: str
    short_referral: int  # 0 or 1


class CaseDates(NamedTuple):
    id: int
    phase: Phase
    opened_on: date
    admitted_on: date | None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


class DemoRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def last_ids(self) -> tuple[int, int]:
        """The highest person id and case id so far (0 in an empty caseload)."""
        row = self.db.query_one(
            "SELECT (SELECT ifnull(max(id), 0) FROM persons), "
            "(SELECT ifnull(max(id), 0) FROM cases)"
        )
        assert row is not None
        return int(row[0]), int(row[1])

    def case_dates(self) -> list[CaseDates]:
        """Every case's phase and days, by id: what picking cases for the demo's conferences
        and themes needs, without the case list's per-case figures."""
        return [
            CaseDates(
                r[0],
                Phase(r[1]),
                date.fromisoformat(r[2]),
                date.fromisoformat(r[3]) if r[3] else None,
            )
            for r in self.db.query(
                "SELECT id, phase, opened_on, admitted_on FROM cases ORDER BY id"
            )
        ]

    def insert_persons(self, persons: Iterable[tuple[int, PersonData]], *, now: str) -> None:
        self.db.executemany(
            "INSERT INTO persons(id, surname, given_names, birth_name, birth_date, gender, "
            "nationality, phone, email, street, city, note, search_key, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            ((person_id, *_person_params(p, now)) for person_id, p in persons),
        )

    def insert_cases(self, cases: list[CaseInsert], *, now: str) -> None:
        """The cases in their final phase, then every phase change of each, in path order."""
        self.db.executemany(
            "INSERT INTO cases(id, person_id, case_number, pseudonym, phase, opened_on, "
            "admitted_on, closed_on, closure_reason, closure_note, access_route, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    c.id,
                    c.person_id,
                    c.case_number,
                    c.pseudonym,
                    c.phase.value,
                    c.opened_on.isoformat(),
                    _iso(c.admitted_on),
                    _iso(c.closed_on),
                    c.closure_reason.value if c.closure_reason else None,
                    c.closure_note,
                    c.access_route,
                    now,
                )
                for c in cases
            ),
        )
        self.db.executemany(
            "INSERT INTO phase_changes(case_id, from_phase, to_phase, changed_on) "
            "VALUES (?, ?, ?, ?)",
            (
                (c.id, before.value if before else None, phase.value, day.isoformat())
                for c in cases
                for before, (phase, day) in zip(
                    (None, *(p for p, _d in c.path)), c.path, strict=False
                )
            ),
        )

    def insert_contacts(self, contacts: Iterable[ContactRow]) -> None:
        """Contacts as the demo makes them: as stored, no attempts among them."""
        self.db.executemany(
            "INSERT INTO contacts(case_id, contact_on, minutes, setting, topics, note, "
            "short_referral, attempt) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
            contacts,
        )

    @contextmanager
    def page_cache(self, kib: int) -> Iterator[None]:
        """A page cache of ``kib`` KiB meanwhile (pages are taken only as needed), then the
        size before: a demo of many cases writes indexes larger than the usual cache, in
        random order, and would otherwise read and decrypt their pages again and again."""
        before = int(self.db.scalar("PRAGMA cache_size"))
        if before < 0 and -before >= kib:
            yield
            return
        self.db.execute(f"PRAGMA cache_size = {-int(kib)}")
        try:
            yield
        finally:
            self.db.execute(f"PRAGMA cache_size = {before}")

    def insert_consents(self, consents: Iterable[Consent]) -> None:
        self.db.executemany(INSERT_CONSENT_SQL, (_consent_params(c) for c in consents))
