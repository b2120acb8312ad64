"""The SQL of case conferences (schema migration 10): a conference of one case with its
participants by agency and its tasks. No rules live here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from kimdesk.store.database import Database, Row

INVITED, PRESENT = "invited", "present"


@dataclass(frozen=True)
class ConferenceRow:
    id: int
    case_id: int
    planned_on: date
    held_on: date | None
    agenda: str
    agreements: str


@dataclass(frozen=True)
class TaskRow:
    id: int
    conference_id: int
    description: str
    responsible: str
    due_on: date
    done_on: date | None


@dataclass(frozen=True)
class OpenTaskRow:
    """An open task of an open case, for the overview."""

    task_id: int
    case_id: int
    case_number: str
    description: str
    responsible: str
    due_on: date


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(on: date | None) -> str | None:
    return on.isoformat() if on else None


class ConferenceRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading ---------------------------------------------------------------------------

    def conferences(self, case_id: int) -> list[ConferenceRow]:
        rows = self.db.query(
            "SELECT id, case_id, planned_on, held_on, agenda, agreements FROM case_conferences "
            "WHERE case_id = ? ORDER BY coalesce(held_on, planned_on), id",
            (case_id,),
        )
        return [self._conference(r) for r in rows]

    def conference(self, conference_id: int) -> ConferenceRow | None:
        row = self.db.query_one(
            "SELECT id, case_id, planned_on, held_on, agenda, agreements FROM case_conferences "
            "WHERE id = ?",
            (conference_id,),
        )
        return None if row is None else self._conference(row)

    @staticmethod
    def _conference(row: Row) -> ConferenceRow:
        return ConferenceRow(
            id=int(row["id"]),
            case_id=int(row["case_id"]),
            planned_on=date.fromisoformat(row["planned_on"]),
            held_on=_day(row["held_on"]),
            agenda=str(row["agenda"]),
            agreements=str(row["agreements"]),
        )

    def participants(self, conference_ids: Sequence[int]) -> dict[int, dict[str, list[str]]]:
        """conference id -> {"invited": [...], "present": [...]}, in the order stored."""
        found: dict[int, dict[str, list[str]]] = {
            i: {INVITED: [], PRESENT: []} for i in conference_ids
        }
        if not conference_ids:
            return found
        marks = ",".join("?" * len(conference_ids))
        for row in self.db.query(
            f"SELECT conference_id, kind, agency FROM case_conference_participants "
            f"WHERE conference_id IN ({marks}) ORDER BY id",
            list(conference_ids),
        ):
            found[int(row["conference_id"])][str(row["kind"])].append(str(row["agency"]))
        return found

    def tasks(self, conference_ids: Sequence[int]) -> dict[int, list[TaskRow]]:
        found: dict[int, list[TaskRow]] = {i: [] for i in conference_ids}
        if not conference_ids:
            return found
        marks = ",".join("?" * len(conference_ids))
        for row in self.db.query(
            f"SELECT id, conference_id, description, responsible, due_on, done_on "
            f"FROM case_conference_tasks WHERE conference_id IN ({marks}) ORDER BY id",
            list(conference_ids),
        ):
            found[int(row["conference_id"])].append(self._task(row))
        return found

    def task(self, task_id: int) -> TaskRow | None:
        row = self.db.query_one(
            "SELECT id, conference_id, description, responsible, due_on, done_on "
            "FROM case_conference_tasks WHERE id = ?",
            (task_id,),
        )
        return None if row is None else self._task(row)

    @staticmethod
    def _task(row: Row) -> TaskRow:
        return TaskRow(
            id=int(row["id"]),
            conference_id=int(row["conference_id"]),
            description=str(row["description"]),
            responsible=str(row["responsible"]),
            due_on=date.fromisoformat(row["due_on"]),
            done_on=_day(row["done_on"]),
        )

    def open_tasks(self, due_by: date) -> list[OpenTaskRow]:
        """Open tasks due by ``due_by`` of conferences held in open cases, earliest first."""
        rows = self.db.query(
            "SELECT t.id, c.id AS case_id, c.case_number, t.description, t.responsible, t.due_on "
            "FROM case_conference_tasks t "
            "JOIN case_conferences k ON k.id = t.conference_id "
            "JOIN cases c ON c.id = k.case_id "
            "WHERE t.done_on IS NULL AND k.held_on IS NOT NULL AND t.due_on <= ? "
            "AND c.phase NOT IN ('closed', 'not_admitted') "
            "ORDER BY t.due_on, t.id",
            (due_by.isoformat(),),
        )
        return [
            OpenTaskRow(
                int(r["id"]),
                int(r["case_id"]),
                str(r["case_number"]),
                str(r["description"]),
                str(r["responsible"]),
                date.fromisoformat(r["due_on"]),
            )
            for r in rows
        ]

    def case_of_conference(self, conference_id: int) -> int | None:
        value = self.db.scalar(
            "SELECT case_id FROM case_conferences WHERE id = ?", (conference_id,)
        )
        return None if value is None else int(value)

    # -- writing (inside the caller's transaction) -----------------------------------------

    def insert(self, case_id: int, planned_on: date, agenda: str) -> int:
        return self.db.execute(
            "INSERT INTO case_conferences(case_id, planned_on, agenda) VALUES (?, ?, ?)",
            (case_id, planned_on.isoformat(), agenda),
        )

    def update(
        self,
        conference_id: int,
        *,
        planned_on: date,
        held_on: date | None,
        agenda: str,
        agreements: str,
    ) -> None:
        self.db.execute(
            "UPDATE case_conferences SET planned_on = ?, held_on = ?, agenda = ?, "
            "agreements = ? WHERE id = ?",
            (planned_on.isoformat(), _iso(held_on), agenda, agreements, conference_id),
        )

    def set_participants(self, conference_id: int, kind: str, agencies: Iterable[str]) -> None:
        self.db.execute(
            "DELETE FROM case_conference_participants WHERE conference_id = ? AND kind = ?",
            (conference_id, kind),
        )
        self.db.executemany(
            "INSERT INTO case_conference_participants(conference_id, kind, agency) "
            "VALUES (?, ?, ?)",
            [(conference_id, kind, a) for a in dict.fromkeys(agencies)],
        )

    def replace_tasks(
        self, conference_id: int, tasks: Iterable[tuple[str, str, date, date | None]]
    ) -> None:
        self.db.execute(
            "DELETE FROM case_conference_tasks WHERE conference_id = ?", (conference_id,)
        )
        self.db.executemany(
            "INSERT INTO case_conference_tasks(conference_id, description, responsible, "
            "due_on, done_on) VALUES (?, ?, ?, ?, ?)",
            [(conference_id, d, r, due.isoformat(), _iso(done)) for d, r, due, done in tasks],
        )

    def set_task_done(self, task_id: int, done_on: date | None) -> None:
        self.db.execute(
            "UPDATE case_conference_tasks SET done_on = ? WHERE id = ?", (_iso(done_on), task_id)
        )

    def delete(self, conference_id: int) -> None:
        self.db.execute("DELETE FROM case_conferences WHERE id = ?", (conference_id,))
