"""Counting what a caseload's real connection does, for the linearity tests: the statements
it runs, the calls into it (a bulk insert is one call), and the SQLite VM instructions it
executes. Nothing of the storage is faked: the counters only watch the real connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from kimdesk.caseload import Caseload

VM_STEP = 100  # the progress handler runs every this many VM instructions


@dataclass
class Counts:
    statements: list[str] = field(default_factory=list)  # every statement run, bulk rows too
    calls: int = 0  # execute and executemany calls: one per statement or per bulk insert
    vm_steps: int = 0  # in units of VM_STEP instructions

    @property
    def reads(self) -> list[str]:
        return [s for s in self.statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]

    @property
    def writes(self) -> list[str]:
        return [
            s
            for s in self.statements
            if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
        ]


class _CountingConnection:
    """Forwards everything to the real connection and counts the calls that run SQL."""

    def __init__(self, conn: Any, counts: Counts) -> None:
        self._conn, self._counts = conn, counts

    def execute(self, *args: Any) -> Any:
        self._counts.calls += 1
        return self._conn.execute(*args)

    def executemany(self, *args: Any) -> Any:
        self._counts.calls += 1
        return self._conn.executemany(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@contextmanager
def counting(caseload: Caseload) -> Iterator[Counts]:
    """Count meanwhile what the caseload's connection runs."""
    counts = Counts()
    db = caseload.db
    conn = db._conn  # the real connection

    def step() -> int:
        counts.vm_steps += 1
        return 0  # go on

    conn.set_trace_callback(counts.statements.append)
    conn.set_progress_handler(step, VM_STEP)
    db._conn = _CountingConnection(conn, counts)  # type: ignore[assignment]
    try:
        yield counts
    finally:
        db._conn = conn
        conn.set_trace_callback(None)
        conn.set_progress_handler(None, VM_STEP)
