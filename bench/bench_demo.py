#!/usr/bin/env python3
"""Demo benchmark: building the demo caseload of 1,000 and of 10,000 cases, cases per second.

    .venv/bin/python bench/bench_demo.py [--sizes 1000 10000] [--large] [--repeat 1]

Builds each demo into a fresh encrypted caseload in a temporary folder with
``kimdesk.demo.fill_demo`` (seed 1, a fixed day) and prints the cases per second, by CPU time
of this process (the machine may be shared) and by the clock. A build that is linear in the
cases shows about the same rate at both sizes (a ratio near 1). ``--large`` adds 50,000 cases
(several minutes, about 0.7 GB on disk meanwhile); ``--repeat`` keeps the fastest of runs.

Prints a Markdown table and writes it to bench/out/demo.md (not versioned).
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_out import publish  # noqa: E402

from kimdesk.caseload import Caseload  # noqa: E402
from kimdesk.demo import DEMO_PROFILE, fill_demo  # noqa: E402
from kimdesk.store.database import remove_caseload_files  # noqa: E402

PASSWORD = "benchmark-password-1"
TODAY = date(2026, 6, 30)  # fixed, so that every run builds the same caseload
LARGE = 50_000


@dataclass
class Result:
    cases: int
    cpu: float  # seconds of this process
    wall: float
    contacts: int
    forms: int

    @property
    def rate(self) -> float:
        return self.cases / self.cpu

    @property
    def wall_rate(self) -> float:
        return self.cases / self.wall


def build(folder: Path, cases: int) -> Result:
    path = folder / f"demo-{cases}.kimdesk"
    caseload = Caseload.create(path, PASSWORD, DEMO_PROFILE, today=lambda: TODAY)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 0.5 or done == total:
            last[0] = now
            print(f"\r  {cases:,} cases: {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    try:
        cpu, wall = time.process_time(), time.perf_counter()
        summary = fill_demo(caseload, cases=cases, seed=1, today=TODAY, progress=progress)
        result = Result(
            cases,
            time.process_time() - cpu,
            time.perf_counter() - wall,
            summary.contacts,
            summary.forms,
        )
        print(file=sys.stderr)
    finally:
        caseload.close()
        remove_caseload_files(path)
    return result


def fastest(folder: Path, cases: int, repeat: int) -> Result:
    return min((build(folder, cases) for _ in range(repeat)), key=lambda r: r.cpu)


def report(results: list[Result], repeat: int) -> str:
    small, large = results[0], results[-1]
    lines = [
        f"# kimdesk demo benchmark ({date.today().isoformat()})",
        "",
        f"- `fill_demo` (seed 1, day {TODAY.isoformat()}) into a fresh encrypted caseload, one "
        f"transaction; CPU seconds of the process, fastest of {repeat}; "
        f"Python {platform.python_version()}, {platform.machine()}",
        "",
        "| cases | contacts | forms | CPU seconds | cases/s (CPU) | clock seconds | cases/s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {r.cases:,} | {r.contacts:,} | {r.forms:,} | {r.cpu:,.2f} | {r.rate:,.0f} "
            f"| {r.wall:,.2f} | {r.wall_rate:,.0f} |"
            for r in results
        ),
        "",
        f"cases/s of {large.cases:,} cases ÷ cases/s of {small.cases:,} cases: "
        f"{large.rate / small.rate:.2f} by CPU, {large.wall_rate / small.wall_rate:.2f} by the "
        "clock (linear: about 1)",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--large", action="store_true", help=f"also {LARGE:,} cases")
    parser.add_argument("--repeat", type=int, default=1, help="keep the fastest of N runs")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes) | ({LARGE} if args.large else set()))
    with tempfile.TemporaryDirectory(prefix="kimdesk-bench-demo-") as tmp:
        results = [fastest(Path(tmp), size, max(1, args.repeat)) for size in sizes]
    text = report(results, max(1, args.repeat))
    publish(text, "demo.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
