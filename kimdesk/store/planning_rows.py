"""The SQL of planning conferences (schema migration 12) and of what their anonymised
reconstruction reads from a case. No rules live here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from kimdesk.store.database import Database


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class CaseFacts:
    """What the reconstruction starts from; the person's data only as far as it is coarsened."""

    id: int
    pseudonym: str
    phase: str
    opened_on: date
    admitted_on: date | None
    closed_on: date | None
    closure_reason: str | None
    closure_note: str = field(repr=False)
    birth_date: date | None = field(repr=False)
    gender: str = field(repr=False)
    nationality: str = field(repr=False)


@dataclass(frozen=True)
class GoalRow:
    id: int
    position: int
    title: str = field(repr=False)
    domain: str | None
    agreed_on: date
    reviewed_on: date | None
    achievement: str | None
    achievement_note: str = field(repr=False)


@dataclass(frozen=True)
class ConferenceRow:
    id: int
    held_on: date
    case_ids: tuple[int, ...]
    theme_ids: tuple[int, ...]
    texts: int  # how many free texts were released


@dataclass(frozen=True)
class ApprovedRow:
    conference_id: int
    held_on: date
    label: str
    text: str = field(repr=False)


_CASES = (
    "SELECT c.id, c.pseudonym, c.phase, c.opened_on, c.admitted_on, c.closed_on, "
    "c.closure_reason, c.closure_note, p.birth_date, p.gender, p.nationality "
    "FROM cases c JOIN persons p ON p.id = c.person_id"
)


class PlanningRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading a case --------------------------------------------------------------------

    def cases(self, case_ids: Iterable[int] | None = None) -> list[CaseFacts]:
        """The given cases (all if None), by opening day."""
        rows = self.db.query(_CASES + " ORDER BY c.opened_on, c.id")
        wanted = None if case_ids is None else set(case_ids)
        return [
            CaseFacts(
                r[0],
                r[1],
                r[2],
                date.fromisoformat(r[3]),
                _day(r[4]),
                _day(r[5]),
                r[6],
                r[7],
                _day(r[8]),
                r[9],
                r[10],
            )
            for r in rows
            if wanted is None or r[0] in wanted
        ]

    def domains(self) -> dict[int, set[str]]:
        """Per case: the life domains of its finished assessments, goals and referrals."""
        rows = self.db.query(
            "SELECT case_id, domain FROM form_instances WHERE kind = 'assessment' "
            "AND status = 'final' AND superseded_on IS NULL AND domain IS NOT NULL "
            "UNION SELECT case_id, domain FROM goals WHERE domain IS NOT NULL "
            "UNION SELECT case_id, domain FROM referrals WHERE domain IS NOT NULL"
        )
        found: dict[int, set[str]] = defaultdict(set)
        for case_id, domain in rows:
            found[case_id].add(domain)
        return found

    def phase_changes(self, case_id: int) -> list[tuple[str, date]]:
        rows = self.db.query(
            "SELECT to_phase, changed_on FROM phase_changes WHERE case_id = ? "
            "ORDER BY changed_on, id",
            (case_id,),
        )
        return [(r[0], date.fromisoformat(r[1])) for r in rows]

    def goals(self, case_id: int) -> list[GoalRow]:
        rows = self.db.query(
            "SELECT id, position, title, domain, agreed_on, reviewed_on, achievement, "
            "achievement_note FROM goals WHERE case_id = ? ORDER BY agreed_on, position, id",
            (case_id,),
        )
        return [
            GoalRow(r[0], r[1], r[2], r[3], date.fromisoformat(r[4]), _day(r[5]), r[6], r[7])
            for r in rows
        ]

    def agency_contacts(self) -> list[tuple[str, str, str]]:
        """(contact person, phone, file number) of every agency on every cover sheet, also
        those nested in the further agencies."""
        rows = self.db.query(
            "SELECT json_extract(t.value, '$.contact_person'), json_extract(t.value, '$.phone'), "
            "json_extract(t.value, '$.file_number') "
            "FROM form_instances f, json_tree(f.answers) t "
            "WHERE f.kind = 'cover_sheet' AND t.type = 'object' AND t.key IS NOT NULL"
        )
        return [(r[0] or "", r[1] or "", r[2] or "") for r in rows if any(r)]

    def service_contacts(self) -> list[tuple[str, str]]:
        """(contact person, phone) of the service directory."""
        rows = self.db.query("SELECT contact_person, phone FROM services")
        return [(r[0] or "", r[1] or "") for r in rows]

    # -- conferences -----------------------------------------------------------------------

    def insert_conference(self, held_on: date, created_at: str) -> int:
        return self.db.execute(
            "INSERT INTO planning_conferences(held_on, created_at) VALUES (?, ?)",
            (held_on.isoformat(), created_at),
        )

    def add_cases(self, conference_id: int, case_ids: Sequence[int]) -> None:
        self.db.executemany(
            "INSERT INTO planning_conference_cases(conference_id, case_id, position) "
            "VALUES (?, ?, ?)",
            [(conference_id, case_id, i) for i, case_id in enumerate(case_ids, start=1)],
        )

    def add_texts(self, conference_id: int, texts: Iterable[tuple[int, str, str, str]]) -> None:
        """(case id, source key, label, approved text)."""
        self.db.executemany(
            "INSERT INTO planning_conference_texts(conference_id, case_id, source, label, "
            "approved_text) VALUES (?, ?, ?, ?, ?)",
            [(conference_id, *row) for row in texts],
        )

    def add_themes(self, conference_id: int, theme_ids: Iterable[int]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO planning_conference_themes(conference_id, theme_id) "
            "VALUES (?, ?)",
            [(conference_id, theme_id) for theme_id in theme_ids],
        )

    def conferences(self) -> list[ConferenceRow]:
        """Every planning conference, latest first."""
        cases: dict[int, list[int]] = defaultdict(list)
        for conference_id, case_id in self.db.query(
            "SELECT conference_id, case_id FROM planning_conference_cases "
            "ORDER BY conference_id, position"
        ):
            cases[conference_id].append(case_id)
        themes: dict[int, list[int]] = defaultdict(list)
        for conference_id, theme_id in self.db.query(
            "SELECT conference_id, theme_id FROM planning_conference_themes "
            "ORDER BY conference_id, theme_id"
        ):
            themes[conference_id].append(theme_id)
        texts = dict(
            self.db.query(
                "SELECT conference_id, count(*) FROM planning_conference_texts "
                "GROUP BY conference_id"
            )
        )
        rows = self.db.query(
            "SELECT id, held_on FROM planning_conferences ORDER BY held_on DESC, id DESC"
        )
        return [
            ConferenceRow(
                r[0],
                date.fromisoformat(r[1]),
                tuple(cases[r[0]]),
                tuple(themes[r[0]]),
                int(texts.get(r[0], 0)),
            )
            for r in rows
        ]

    def approved_texts(self, case_id: int) -> list[ApprovedRow]:
        """The texts of one case released for conferences, oldest conference first."""
        rows = self.db.query(
            "SELECT t.conference_id, c.held_on, t.label, t.approved_text "
            "FROM planning_conference_texts t JOIN planning_conferences c "
            "ON c.id = t.conference_id WHERE t.case_id = ? ORDER BY c.held_on, t.id",
            (case_id,),
        )
        return [ApprovedRow(r[0], date.fromisoformat(r[1]), r[2], r[3]) for r in rows]
