#!/usr/bin/env python3
"""Monthly report benchmark: kimdesk's styled write-only workbook against bare openpyxl
write-only writing the same cells, one month of a demo caseload.

    .venv/bin/python bench/bench_report.py [--cases 10000] [--runs 3] [--month 2026-11]
    .venv/bin/python bench/bench_report.py --db COPY.kimdesk --password PW [--process]

``--db`` uses an existing caseload (pass a copy: ``--process`` records an export in its
audit log); without it a demo of ``--cases`` cases is built first. The baseline writes the
very same cell values with bare openpyxl ``Workbook(write_only=True)`` (no styles, widths,
filters, validation, comments or charts) in the same process; runs alternate and each
figure is the minimum CPU time, so the ratio is what matters, not the machine. Peak memory
of each writer is traced (tracemalloc) in a run of its own. ``--process`` also runs
``kimdesk export-month`` and a bare process (same gather, bare write-only workbook) as fresh
processes and compares their CPU time and peak resident memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KIMDESK_DATA_DIR", tempfile.mkdtemp(prefix="kimdesk-bench-"))

from kimdesk.caseload import Caseload  # noqa: E402
from kimdesk.demo import DEMO_PROFILE, fill_demo  # noqa: E402
from kimdesk.report.month import build_month_report  # noqa: E402
from kimdesk.report.sending import encrypt_workbook  # noqa: E402
from kimdesk.report.workbook import bare_workbook, write_workbook  # noqa: E402

TODAY = date(2026, 11, 23)


def cpu(action: Callable[[], object]) -> tuple[float, object]:
    """CPU milliseconds of ``action`` (the machine is shared: wall time is noise)."""
    started = time.process_time()
    result = action()
    return (time.process_time() - started) * 1000, result


def traced_peak(action: Callable[[], object]) -> float:
    """The peak of memory allocated by ``action``, in MB (tracemalloc)."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def child(kind: str, db: str, password: str, month: str, out: str) -> int:
    """One export as a process of its own: ``bare`` gathers and writes bare openpyxl."""
    caseload = Caseload.open(Path(db), password)
    try:
        data = bare_workbook(build_month_report(caseload, month))
    finally:
        caseload.close()
    Path(out).write_bytes(data)
    return 0


def process(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds (user + system) and peak resident MB of one fresh process."""
    started = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    _pid, status, usage = os.wait4(started.pid, 0)
    started.returncode = os.waitstatus_to_exitcode(status)
    if started.returncode != 0:
        raise SystemExit(f"{command[:4]} failed: {started.returncode}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def processes(db: Path, password: str, month: str, runs: int) -> None:
    env = {**os.environ, "KIMDESK_PASSWORD": password}
    ours_cpu, ours_rss, bare_cpu, bare_rss = [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs):
            out = Path(folder) / f"bericht-{run}.xlsx"
            command = [sys.executable, "-m", "kimdesk", "--db", str(db), "export-month", month]
            seconds, rss = process([*command, "--out", str(out)], env)
            ours_cpu.append(seconds)
            ours_rss.append(rss)
            bare = [sys.executable, __file__, "--child", "bare", "--db", str(db)]
            bare += ["--password", password, "--month", month, "--out", f"{out}.bare.xlsx"]
            seconds, rss = process(bare, env)
            bare_cpu.append(seconds)
            bare_rss.append(rss)
    print("\n| process (fresh, gather included) | CPU s | peak RSS MB |")
    print("|---|---:|---:|")
    print(f"| kimdesk export-month | {min(ours_cpu):.2f} | {min(ours_rss):.0f} |")
    print(f"| gather + bare openpyxl write_only | {min(bare_cpu):.2f} | {min(bare_rss):.0f} |")
    print(
        f"\nprocess ratio: CPU {min(ours_cpu) / min(bare_cpu):.2f} (goal <= 1.5), "
        f"peak memory {min(ours_rss) / min(bare_rss):.2f} (goal <= 2)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--month", default="2026-11")
    parser.add_argument("--db", help="an existing caseload (a copy)")
    parser.add_argument("--password", default="bench-password")
    parser.add_argument("--process", action="store_true", help="also compare fresh processes")
    parser.add_argument("--child", choices=["bare"], help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.db, args.password, args.month, args.out)

    with tempfile.TemporaryDirectory() as folder:
        if args.db:
            caseload = Caseload.open(Path(args.db), args.password)
            built = f"caseload {Path(args.db).name}"
        else:
            caseload = Caseload.create(
                Path(folder) / "bench.kimdesk", args.password, DEMO_PROFILE, today=lambda: TODAY
            )
            build_ms, _ = cpu(lambda: fill_demo(caseload, cases=args.cases, seed=1, today=TODAY))
            built = f"{args.cases} cases (demo built in {build_ms / 1000:.1f} s CPU)"
        gather_ms, report = cpu(lambda: build_month_report(caseload, args.month))
        caseload.close()
    styled, bare, encrypt = [], [], []
    size = 0
    for _run in range(args.runs):
        ms, data = cpu(lambda: write_workbook(report))
        styled.append(ms)
        ms, _ = cpu(lambda: bare_workbook(report))
        bare.append(ms)
        ms, _ = cpu(lambda: encrypt_workbook(data, "export-password"))  # noqa: B023
        encrypt.append(ms)
        size = len(data)  # type: ignore[arg-type]
    styled_mb = traced_peak(lambda: write_workbook(report))
    bare_mb = traced_peak(lambda: bare_workbook(report))

    counts = report.row_counts()
    cells = 17 * counts["cases"] + 6 * counts["contacts"] + 3 * counts["gaps"]
    print(
        f"{built}, month {args.month}: {counts['cases']} case rows, {counts['contacts']} "
        f"contact rows, {counts['gaps']} gap rows ({cells} table cells), "
        f"{size / 1024:.0f} KB; minimum CPU of {args.runs} runs\n"
    )
    print("| step | CPU ms | traced peak MB |")
    print("|---|---:|---:|")
    print(f"| gather the month (bulk queries, leak check), once | {gather_ms:.0f} | |")
    print(f"| write_workbook (kimdesk layout, write-only) | {min(styled):.0f} | {styled_mb:.1f} |")
    print(f"| same cells, bare openpyxl write_only | {min(bare):.0f} | {bare_mb:.1f} |")
    print(f"| encrypt in memory (msoffcrypto) | {min(encrypt):.0f} | |")
    print(
        f"\nwriting ratio kimdesk / bare openpyxl write_only: CPU {min(styled) / min(bare):.2f}, "
        f"traced peak memory {styled_mb / bare_mb:.2f}"
    )
    if args.process:
        if not args.db:
            raise SystemExit("--process needs --db (a copy of a caseload)")
        processes(Path(args.db), args.password, args.month, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
