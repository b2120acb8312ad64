"""Demo caseloads for the target benchmark: built once with ``kimdesk.demo.fill_demo`` and kept
in bench/out/demos/ (not versioned), keyed by cases, seed, schema version and the demo code.

A 10,000-case demo takes about a minute to build, a 50,000-case one several; reruns reuse the
file. The benchmark never works on the cached file itself, only on copies of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PASSWORD = "bench-password-1"  # the same as /work/perf's demos, so those can be passed in
SEED = 1
_SIDE_FILES = ("-wal", "-shm")


@dataclass(frozen=True)
class Demo:
    path: Path
    password: str
    cases: int
    today: date  # the demo's "today": the export takes the month before it
    origin: str  # how it came to be, for the report


def demo_code_digest() -> str:
    digest = hashlib.sha256()
    for source in sorted((ROOT / "kimdesk" / "demo").glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def cache_name(cases: int, seed: int = SEED) -> str:
    from kimdesk.store.schema import latest_version

    return f"demo-{cases}-seed{seed}-schema{latest_version()}-{demo_code_digest()}"


def cached_demo(cases: int, folder: Path, *, seed: int = SEED) -> Demo:
    """The demo of ``cases`` cases from the cache in ``folder``, built there if missing."""
    folder.mkdir(parents=True, exist_ok=True)
    name = cache_name(cases, seed)
    path, meta = folder / f"{name}.kimdesk", folder / f"{name}.json"
    if path.exists() and meta.exists():
        facts = json.loads(meta.read_text(encoding="utf-8"))
        today = date.fromisoformat(facts["today"])
        return Demo(path, PASSWORD, cases, today, f"cached, built in {facts['seconds']:.0f} s")
    partial = folder / f"{name}.partial"
    for stale in (partial, *(partial.with_name(partial.name + s) for s in _SIDE_FILES)):
        stale.unlink(missing_ok=True)
    today = date.today()
    print(f"building a {cases:,}-case demo into {folder} …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    in_child("build", str(partial), str(cases), str(seed), today.isoformat())
    seconds = time.perf_counter() - started
    partial.replace(path)
    meta.write_text(json.dumps({"today": today.isoformat(), "seconds": seconds}), "utf-8")
    return Demo(path, PASSWORD, cases, today, f"built now in {seconds:.0f} s")


def given_demo(path: Path, password: str, cases: int) -> Demo:
    """A demo caseload built elsewhere (for example /work/perf's); its day is its file's."""
    today = date.fromtimestamp(path.stat().st_mtime)
    return Demo(path, password, cases, today, f"given: {path}")


def working_copy(demo: Demo, folder: Path, name: str) -> Path:
    """A copy of ``demo`` in ``folder`` to measure on, already migrated to this schema (so that
    no migration is timed as unlocking)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.kimdesk"
    for suffix in ("", *_SIDE_FILES):
        copied = target.with_name(target.name + suffix)
        copied.unlink(missing_ok=True)
        source = demo.path.with_name(demo.path.name + suffix)
        if source.exists():
            shutil.copyfile(source, copied)
    in_child("open", str(target), password=demo.password)
    return target


def in_child(*args: str, password: str = PASSWORD) -> None:
    """Build or open (migrate) a caseload in a process of its own: a child's peak memory
    (``ru_maxrss``) starts from its parent's size, so the harness that spawns the measured
    processes must not have held a demo's build or migration itself."""
    env = {**os.environ, "KIMDESK_PASSWORD": password}
    subprocess.run([sys.executable, __file__, *args], env=env, check=True)


def _child(argv: list[str]) -> None:
    from kimdesk.caseload import Caseload

    password = os.environ["KIMDESK_PASSWORD"]
    if argv[0] == "open":
        Caseload.open(Path(argv[1]), password).close()
        return
    from kimdesk.demo import DEMO_PROFILE, fill_demo

    path, cases, seed = Path(argv[1]), int(argv[2]), int(argv[3])
    today = date.fromisoformat(argv[4])
    caseload = Caseload.create(path, password, DEMO_PROFILE, today=lambda: today)
    try:
        fill_demo(caseload, cases=cases, seed=seed, today=today)
        caseload.db.checkpoint()
    finally:
        caseload.close()


def previous_month(day: date) -> str:
    first = day.replace(day=1)
    year, month = (first.year, first.month - 1) if first.month > 1 else (first.year - 1, 12)
    return f"{year:04d}-{month:02d}"


if __name__ == "__main__":
    _child(sys.argv[1:])
