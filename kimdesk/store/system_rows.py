"""The SQL of system work (schema migration 11): generative themes with their status history
and links, service gaps and interface problems, network time. No rules live here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kimdesk.store.database import Database


@dataclass(frozen=True)
class ThemeRow:
    id: int
    title: str
    domain: str | None
    description: str
    noted_on: date
    status: str
    status_on: date


@dataclass(frozen=True)
class GapRow:
    id: int
    kind: str
    domain: str | None
    description: str
    noted_on: date
    service_id: int | None


@dataclass(frozen=True)
class NetworkRow:
    id: int
    worked_on: date
    kind: str
    minutes: int
    topic: str


def _links(db: Database, sql: str, params: tuple[object, ...] = ()) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = {}
    for owner, other in db.query(sql, params):
        found.setdefault(int(owner), []).append(int(other))
    return {k: tuple(v) for k, v in found.items()}


# The status of each theme on a day: its latest change up to then (by date, then id).
_STATUS_ON = (
    "SELECT {column} FROM theme_status_changes s WHERE s.theme_id = t.id AND s.changed_on <= ? "
    "ORDER BY s.changed_on DESC, s.id DESC LIMIT 1"
)


class SystemRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- themes ----------------------------------------------------------------------------

    def themes(self, on: date | None = None) -> list[ThemeRow]:
        """Every theme noted up to ``on`` (all if None) with its status on that day."""
        day = (on or date.max).isoformat()
        rows = self.db.query(
            "SELECT t.id, t.title, t.domain, t.description, t.noted_on, "
            f"({_STATUS_ON.format(column='status')}), "
            f"({_STATUS_ON.format(column='changed_on')}) "
            "FROM themes t WHERE t.noted_on <= ? ORDER BY t.title COLLATE NOCASE, t.id",
            (day, day, day),
        )
        return [
            ThemeRow(
                r[0],
                r[1],
                r[2],
                r[3],
                date.fromisoformat(r[4]),
                r[5] or "observed",
                date.fromisoformat(r[6] or r[4]),
            )
            for r in rows
        ]

    def theme_cases(self, on: date | None = None) -> dict[int, tuple[int, ...]]:
        """The cases linked to each theme (up to ``on``, all if None)."""
        return _links(
            self.db,
            "SELECT theme_id, case_id FROM theme_cases WHERE linked_on <= ? ORDER BY case_id",
            ((on or date.max).isoformat(),),
        )

    def theme_gaps(self) -> dict[int, tuple[int, ...]]:
        return _links(self.db, "SELECT theme_id, gap_id FROM theme_gaps ORDER BY gap_id")

    def insert_theme(
        self, title: str, domain: str | None, description: str, noted_on: date, status: str
    ) -> int:
        theme_id = self.db.execute(
            "INSERT INTO themes(title, domain, description, noted_on) VALUES (?, ?, ?, ?)",
            (title, domain, description, noted_on.isoformat()),
        )
        self.add_status(theme_id, status, noted_on)
        return theme_id

    def update_theme(self, theme_id: int, title: str, domain: str | None, description: str) -> None:
        self.db.execute(
            "UPDATE themes SET title = ?, domain = ?, description = ? WHERE id = ?",
            (title, domain, description, theme_id),
        )

    def add_status(self, theme_id: int, status: str, on: date) -> None:
        self.db.execute(
            "INSERT INTO theme_status_changes(theme_id, status, changed_on) VALUES (?, ?, ?)",
            (theme_id, status, on.isoformat()),
        )

    def delete_theme(self, theme_id: int) -> None:
        self.db.execute("DELETE FROM themes WHERE id = ?", (theme_id,))

    def link_theme_case(self, theme_id: int, case_id: int, on: date) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO theme_cases(theme_id, case_id, linked_on) VALUES (?, ?, ?)",
            (theme_id, case_id, on.isoformat()),
        )

    def unlink_theme_case(self, theme_id: int, case_id: int) -> None:
        self.db.execute(
            "DELETE FROM theme_cases WHERE theme_id = ? AND case_id = ?", (theme_id, case_id)
        )

    def link_theme_gap(self, theme_id: int, gap_id: int) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO theme_gaps(theme_id, gap_id) VALUES (?, ?)", (theme_id, gap_id)
        )

    def unlink_theme_gap(self, theme_id: int, gap_id: int) -> None:
        self.db.execute(
            "DELETE FROM theme_gaps WHERE theme_id = ? AND gap_id = ?", (theme_id, gap_id)
        )

    def themes_of_case(self, case_id: int) -> list[int]:
        rows = self.db.query("SELECT theme_id FROM theme_cases WHERE case_id = ?", (case_id,))
        return [int(r[0]) for r in rows]

    # -- gaps and interface problems -------------------------------------------------------

    def gaps(self, start: date | None = None, end: date | None = None) -> list[GapRow]:
        """Gaps noted between ``start`` and ``end`` (inclusive; open ends when None)."""
        rows = self.db.query(
            "SELECT id, kind, domain, description, noted_on, service_id FROM service_gaps "
            "WHERE noted_on >= ? AND noted_on <= ? ORDER BY noted_on DESC, id DESC",
            ((start or date.min).isoformat(), (end or date.max).isoformat()),
        )
        return [GapRow(r[0], r[1], r[2], r[3], date.fromisoformat(r[4]), r[5]) for r in rows]

    def gap_cases(self) -> dict[int, tuple[int, ...]]:
        return _links(self.db, "SELECT gap_id, case_id FROM gap_cases ORDER BY case_id")

    def insert_gap(
        self,
        kind: str,
        domain: str | None,
        description: str,
        noted_on: date,
        service_id: int | None,
    ) -> int:
        return self.db.execute(
            "INSERT INTO service_gaps(kind, domain, description, noted_on, service_id) "
            "VALUES (?, ?, ?, ?, ?)",
            (kind, domain, description, noted_on.isoformat(), service_id),
        )

    def update_gap(
        self,
        gap_id: int,
        kind: str,
        domain: str | None,
        description: str,
        noted_on: date,
        service_id: int | None,
    ) -> None:
        self.db.execute(
            "UPDATE service_gaps SET kind = ?, domain = ?, description = ?, noted_on = ?, "
            "service_id = ? WHERE id = ?",
            (kind, domain, description, noted_on.isoformat(), service_id, gap_id),
        )

    def delete_gap(self, gap_id: int) -> None:
        self.db.execute("DELETE FROM service_gaps WHERE id = ?", (gap_id,))

    def link_gap_case(self, gap_id: int, case_id: int) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO gap_cases(gap_id, case_id) VALUES (?, ?)", (gap_id, case_id)
        )

    def unlink_gap_case(self, gap_id: int, case_id: int) -> None:
        self.db.execute("DELETE FROM gap_cases WHERE gap_id = ? AND case_id = ?", (gap_id, case_id))

    def service_exists(self, service_id: int) -> bool:
        return self.db.scalar("SELECT 1 FROM services WHERE id = ?", (service_id,)) is not None

    def case_exists(self, case_id: int) -> bool:
        return self.db.scalar("SELECT 1 FROM cases WHERE id = ?", (case_id,)) is not None

    def theme_exists(self, theme_id: int) -> bool:
        return self.db.scalar("SELECT 1 FROM themes WHERE id = ?", (theme_id,)) is not None

    def gap_exists(self, gap_id: int) -> bool:
        return self.db.scalar("SELECT 1 FROM service_gaps WHERE id = ?", (gap_id,)) is not None

    # -- network time ----------------------------------------------------------------------

    def network_time(self, start: date | None = None, end: date | None = None) -> list[NetworkRow]:
        rows = self.db.query(
            "SELECT id, worked_on, kind, minutes, topic FROM network_time "
            "WHERE worked_on >= ? AND worked_on <= ? ORDER BY worked_on DESC, id DESC",
            ((start or date.min).isoformat(), (end or date.max).isoformat()),
        )
        return [NetworkRow(r[0], date.fromisoformat(r[1]), r[2], r[3], r[4]) for r in rows]

    def insert_network(self, worked_on: date, kind: str, minutes: int, topic: str) -> int:
        return self.db.execute(
            "INSERT INTO network_time(worked_on, kind, minutes, topic) VALUES (?, ?, ?, ?)",
            (worked_on.isoformat(), kind, minutes, topic),
        )

    def update_network(
        self, entry_id: int, worked_on: date, kind: str, minutes: int, topic: str
    ) -> None:
        self.db.execute(
            "UPDATE network_time SET worked_on = ?, kind = ?, minutes = ?, topic = ? WHERE id = ?",
            (worked_on.isoformat(), kind, minutes, topic, entry_id),
        )

    def delete_network(self, entry_id: int) -> None:
        self.db.execute("DELETE FROM network_time WHERE id = ?", (entry_id,))
