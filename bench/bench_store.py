#!/usr/bin/env python3
"""Storage benchmark: the encrypted SQLCipher caseload against plain SQLite, same data.

    .venv/bin/python bench/bench_store.py [--cases 10000] [--runs 5]

Builds a synthetic demo caseload (``kimdesk.demo.fill_demo``) in a temporary folder,
exports it to an unencrypted copy with ``sqlcipher_export`` (same schema, same rows), and
times the operations the GUI depends on against both files in the same process: unlocking,
loading the case list, filtering it by a name fragment, and saving 1,000 contacts one
committed transaction at a time. Each figure is the median of several runs; the runs of the
two databases alternate, so that the ratio is what matters, not the machine.

Prints a Markdown table and writes it to bench/out/results.md (not versioned).
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3  # the unencrypted baseline; the application itself never uses it
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlcipher3

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_out import publish  # noqa: E402

from kimdesk.caseload import Caseload  # noqa: E402
from kimdesk.demo import DEMO_PROFILE, fill_demo  # noqa: E402
from kimdesk.domain.records import Contact, search_key  # noqa: E402
from kimdesk.domain.vocabulary import LifeDomain, Setting  # noqa: E402
from kimdesk.store.database import PAGE_CACHE_KIB, Database  # noqa: E402
from kimdesk.store.repository import CASE_LIST_SQL  # noqa: E402

PASSWORD = "benchmark-password-1"
PROFILE = DEMO_PROFILE
FRAGMENT = "mül"
WRITES = 1000
LIST_SQL = CASE_LIST_SQL + " ORDER BY c.case_number"
# The filter of Repository.find_cases, verbatim.
FIND_SQL = (
    CASE_LIST_SQL + " WHERE p.search_key LIKE ? OR c.case_number LIKE ? ORDER BY c.case_number"
)
FIND_PARAMS = (f"%{search_key(FRAGMENT).strip()}%", f"%{FRAGMENT.strip()}%")
OPERATIONS = (
    "unlock (open + first read)",
    "load case list (SQL, fetchall)",
    "load case list (Repository.list_cases)",
    f"filter by name “{FRAGMENT}”",
    f"write {WRITES:,} contacts (one transaction each)",
)


def open_encrypted(path: Path) -> Database:
    db = Database.open(path, PASSWORD)  # key derivation, configuration, schema check
    db.scalar("SELECT count(*) FROM cases")  # first read
    return db


def open_plain(path: Path) -> Database:
    """The same Database class around a plain sqlite3 connection, configured alike."""
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    for pragma in (
        "foreign_keys = ON",
        "secure_delete = ON",
        "temp_store = MEMORY",
        "journal_mode = WAL",
        f"cache_size = -{PAGE_CACHE_KIB}",
    ):  # as kimdesk.store.database._configure
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("PRAGMA user_version").fetchone()
    db = Database(conn, path)  # type: ignore[arg-type]  # the DB-API is the same
    db.scalar("SELECT count(*) FROM cases")  # first read
    return db


def write_contacts(db: Database, case_ids: list[int]) -> None:
    """One committed transaction per contact, through the same path as the GUI."""
    today = date.today()
    caseload = Caseload(db, today=lambda: today)
    for i in range(WRITES):
        caseload.add_contact(
            Contact(
                case_ids[i % len(case_ids)],
                today,
                30,
                Setting.PHONE,
                frozenset({LifeDomain.HEALTH}),
                note="Benchmark-Kontakt",
            )
        )


@dataclass
class Timing:
    name: str
    encrypted: list[float]
    plain: list[float]

    def row(self) -> str:
        enc, pla = statistics.median(self.encrypted), statistics.median(self.plain)
        return f"| {self.name} | {enc:,.1f} | {pla:,.1f} | {enc / pla:.2f}× |"


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


@dataclass
class Built:
    encrypted_path: Path
    plain_path: Path
    demo_seconds: float
    counts: dict[str, int]
    encrypted_mb: float
    plain_mb: float


def build(folder: Path, cases: int) -> Built:
    encrypted_path, plain_path = folder / "bench.kimdesk", folder / "plain.db"
    caseload = Caseload.create(encrypted_path, PASSWORD, PROFILE)

    def progress(done: int, total: int) -> None:
        print(f"\r  demo: {done:,}/{total:,} cases", end="", flush=True, file=sys.stderr)

    start = time.perf_counter()
    fill_demo(caseload, cases=cases, seed=1, progress=progress)
    seconds = time.perf_counter() - start
    print(file=sys.stderr)
    counts = caseload.repo.table_counts()
    caseload.db.checkpoint()
    caseload.db.execute("ATTACH DATABASE ? AS plaintext KEY ''", (str(plain_path),))
    caseload.db.execute("SELECT sqlcipher_export('plaintext')")
    caseload.db.execute("DETACH DATABASE plaintext")
    caseload.close()
    return Built(
        encrypted_path,
        plain_path,
        seconds,
        counts,
        encrypted_path.stat().st_size / 1e6,
        plain_path.stat().st_size / 1e6,
    )


def run_once(opener: Callable[[Path], Database], path: Path) -> list[float]:
    """One run of every operation against one file; milliseconds, in the order of OPERATIONS."""
    start = time.perf_counter()
    db = opener(path)
    results = [(time.perf_counter() - start) * 1000]
    results.append(timed(lambda: db.query(LIST_SQL)))
    results.append(timed(lambda: Caseload(db).repo.list_cases()))
    results.append(timed(lambda: db.query(FIND_SQL, FIND_PARAMS)))
    case_ids = [r["id"] for r in db.query("SELECT id FROM cases ORDER BY id LIMIT 50")]
    results.append(timed(lambda: write_contacts(db, case_ids)))
    db.checkpoint()
    db.close()
    return results


def measure(encrypted_path: Path, plain_path: Path, runs: int) -> list[Timing]:
    timings = [Timing(name, [], []) for name in OPERATIONS]
    for run in range(runs):
        encrypted = run_once(open_encrypted, encrypted_path)
        plain = run_once(open_plain, plain_path)
        for timing, enc, pla in zip(timings, encrypted, plain, strict=True):
            timing.encrypted.append(enc)
            timing.plain.append(pla)
        print(f"  run {run + 1}/{runs} done", file=sys.stderr, flush=True)
    return timings


def report(cases: int, built: Built, timings: list[Timing], runs: int) -> str:
    counts = built.counts
    cipher = sqlcipher3.connect(":memory:")
    cipher_version = cipher.execute("PRAGMA cipher_version").fetchone()[0]
    cipher_sqlite = cipher.execute("SELECT sqlite_version()").fetchone()[0]
    cipher.close()
    lines = [
        f"# kimdesk storage benchmark ({date.today().isoformat()})",
        "",
        f"- data: {counts['cases']:,} cases, {counts['contacts']:,} contacts, "
        f"{counts['form_instances']:,} form instances, {counts['goals']:,} goals, "
        f"{counts['referrals']:,} referrals (demo generator, {cases:,} cases requested)",
        f"- demo generation into SQLCipher (fill_demo, one transaction): "
        f"{built.demo_seconds:.1f} s",
        f"- file size after the demo: SQLCipher {built.encrypted_mb:.1f} MB, "
        f"plain SQLite {built.plain_mb:.1f} MB",
        f"- SQLCipher {cipher_version} (SQLite {cipher_sqlite}), plain SQLite "
        f"{sqlite3.sqlite_version} (Python's sqlite3), "
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs",
        f"- each figure: median of {runs} runs, runs of both databases alternating",
        "",
        "| operation | SQLCipher (ms) | plain SQLite (ms) | ratio |",
        "| --- | ---: | ---: | ---: |",
        *(t.row() for t in timings),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--folder",
        type=Path,
        default=None,
        help="where the temporary files go (default: the system temp folder); "
        "the write timings depend on its disk",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kimdesk-bench-", dir=args.folder) as tmp:
        folder = Path(tmp)
        print(f"building {args.cases:,} demo cases in {folder} …", file=sys.stderr)
        built = build(folder, args.cases)
        timings = measure(built.encrypted_path, built.plain_path, args.runs)
    text = report(args.cases, built, timings, args.runs)
    publish(text, "results.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
