"""The audit log as a hash chain: each entry carries the SHA-256 of the entry before it.

An entry's hash covers the previous hash and the entry's canonical content (sequence number,
time, action, case reference, detail), so altering, removing or inserting a row breaks the
chain at that row. ``audit_head`` keeps the number of entries and the last hash, written in
the same transaction as each entry, so that cutting off the newest entries shows too.

What this cannot stop: someone with the password who recomputes every hash after an edit.
Against that only an anchor outside the file helps; ``kimdesk check`` prints the last hash
so that IT can note it elsewhere and compare later.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kimdesk.i18n import _, ngettext

if TYPE_CHECKING:
    from kimdesk.store.database import Database

GENESIS_HASH = "0" * 64

# Migration 4. case_ref keeps the case id the entry was written with: case_id is set to
# NULL when a case is erased (a foreign key action), and the hash must not depend on that.
AUDIT_CHAIN_SQL = """
ALTER TABLE audit_log ADD COLUMN case_ref INTEGER;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    entries INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
"""

ALTERED = "altered"  # the entry itself does not match its hash (edited or forged)
GAP = "gap"  # the entry is intact, but the one it was chained to is gone or another came in
TRUNCATED = "truncated"  # the newest entries are missing, or the head was edited


@dataclass(frozen=True)
class ChainEntry:
    """An entry's content as hashed; ``case_ref`` is the case id when it was written."""

    sequence: int
    at: str
    action: str
    case_ref: int | None
    detail: str


@dataclass(frozen=True)
class LoggedEntry:
    """An entry as the viewer shows it (no hashes); ``case_number`` None if none or gone."""

    sequence: int
    at: str
    action: str
    case_number: str | None
    detail: str


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    at: str
    kind: str


@dataclass(frozen=True)
class ChainReport:
    entries: int
    last_hash: str
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def message(self) -> str:
        """One sentence without any entry's content (only its number and day)."""
        if self.broken is None:
            return ngettext(
                "Audit log: {n} entry, chain intact (last hash {hash}).",
                "Audit log: {n} entries, chain intact (last hash {hash}).",
                self.entries,
            ).format(n=self.entries, hash=self.last_hash[:16])
        values = {"number": self.broken.sequence, "day": entry_day(self.broken.at)}
        if self.broken.kind == GAP:
            text = _(
                "Audit log broken before entry {number} of {day}: an entry was removed "
                "or inserted there."
            )
        elif self.broken.kind == TRUNCATED:
            text = _(
                "Audit log broken after entry {number} of {day}: newer entries were removed "
                "or the end of the log was changed."
            )
        else:
            text = _(
                "Audit log broken at entry {number} of {day}: the entry was changed or "
                "inserted afterwards."
            )
        return text.format(**values)


def entry_day(at: str) -> str:
    """The day of a stored time stamp as dd.mm.yyyy; a forged, unreadable one as '?'."""
    try:
        return date.fromisoformat(str(at)[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return "?"


def canonical_content(entry: ChainEntry) -> bytes:
    """A stable serialisation: a JSON array in a fixed order, UTF-8, no spaces."""
    fields = [entry.sequence, entry.at, entry.action, entry.case_ref, entry.detail]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(prev_hash: str, entry: ChainEntry) -> str:
    digest = hashlib.sha256(prev_hash.encode("ascii", "replace") + b"\n")
    digest.update(canonical_content(entry))
    return digest.hexdigest()


def _entry(row: Any) -> ChainEntry:
    return ChainEntry(row["id"], row["at"], row["action"], row["case_ref"], row["detail"])


def seal_existing_entries(conn: Any) -> None:
    """Migration 4's step: chain the entries written before, in their order, and start the
    head. Runs inside the migration's transaction on the raw connection."""
    conn.execute("UPDATE audit_log SET case_ref = case_id")
    prev, count = GENESIS_HASH, 0
    for row in conn.execute("SELECT * FROM audit_log ORDER BY id").fetchall():
        current = entry_hash(prev, _entry(row))
        conn.execute(
            "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev, current, row["id"])
        )
        prev, count = current, count + 1
    conn.execute("INSERT INTO audit_head(id, entries, last_hash) VALUES (1, ?, ?)", (count, prev))


def append_entry(db: Database, *, at: str, action: str, case_id: int | None, detail: str) -> None:
    """Chain a new entry to the last one; inside the caller's transaction, or in its own.

    The previous hash is read under the write lock (BEGIN IMMEDIATE), so two writers
    cannot chain to the same entry. The head counts on from its own number, so that entries
    removed before stay visible.
    """
    if not db.in_transaction:
        with db.transaction():
            append_entry(db, at=at, action=action, case_id=case_id, detail=detail)
        return
    last = db.query_one("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
    sequence = int(last["id"]) + 1 if last is not None else 1
    prev = str(last["hash"]) if last is not None and last["hash"] else GENESIS_HASH
    entry = ChainEntry(sequence, at, action, case_id, detail)
    current = entry_hash(prev, entry)
    db.execute(
        "INSERT INTO audit_log(id, at, action, case_id, detail, case_ref, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (sequence, at, action, case_id, detail, case_id, prev, current),
    )
    db.execute(
        "UPDATE audit_head SET entries = entries + 1, last_hash = ? WHERE id = 1", (current,)
    )


def verify_chain(db: Database) -> ChainReport:
    """Walk the log in order; the first entry that does not fit, or the head that does not."""
    prev, count, last_at = GENESIS_HASH, 0, ""
    last_sequence = 0
    for row in db.query("SELECT * FROM audit_log ORDER BY id"):
        entry = _entry(row)
        stored_prev = row["prev_hash"]
        consistent = (
            stored_prev is not None
            and row["hash"] == entry_hash(str(stored_prev), entry)
            and (row["case_id"] is None or row["case_id"] == row["case_ref"])
        )
        if not consistent:
            return ChainReport(count, prev, ChainBreak(entry.sequence, entry.at, ALTERED))
        if stored_prev != prev:
            return ChainReport(count, prev, ChainBreak(entry.sequence, entry.at, GAP))
        prev, count = str(row["hash"]), count + 1
        last_sequence, last_at = entry.sequence, entry.at
    head = db.query_one("SELECT entries, last_hash FROM audit_head WHERE id = 1")
    if head is None or head["entries"] != count or head["last_hash"] != prev:
        return ChainReport(count, prev, ChainBreak(last_sequence, last_at, TRUNCATED))
    return ChainReport(count, prev, None)


def logged_entries(db: Database) -> list[LoggedEntry]:
    """Every entry in order, with the case number of a case that still exists."""
    rows = db.query(
        "SELECT a.id, a.at, a.action, a.detail, c.case_number FROM audit_log a "
        "LEFT JOIN cases c ON c.id = a.case_id ORDER BY a.id"
    )
    return [
        LoggedEntry(r["id"], r["at"], r["action"], r["case_number"], r["detail"]) for r in rows
    ]
