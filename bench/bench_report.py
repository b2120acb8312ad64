#!/usr/bin/env python3
"""Monthly report benchmark: kimdesk's styled workbook against bare openpyxl, one month of a
10,000-case demo caseload.

    .venv/bin/python bench/bench_report.py [--cases 10000] [--runs 3] [--month 2026-11]

The baseline writes the very same cell values with bare openpyxl (no styles, widths,
filters, validation or comments) in the same process; runs alternate and each figure is
the median, so the ratio is what matters, not the machine. Gathering the month from the
caseload (the bulk queries and the leak check) and encrypting are timed too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
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


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--month", default="2026-11")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        caseload = Caseload.create(
            Path(folder) / "bench.kimdesk", "bench-password", DEMO_PROFILE, today=lambda: TODAY
        )
        build_ms, _ = timed(lambda: fill_demo(caseload, cases=args.cases, seed=1, today=TODAY))
        gather, styled, bare, encrypt = [], [], [], []
        size = 0
        for _run in range(args.runs):
            ms, report = timed(lambda: build_month_report(caseload, args.month))
            gather.append(ms)
            ms, data = timed(lambda: write_workbook(report))  # noqa: B023
            styled.append(ms)
            ms, _ = timed(lambda: bare_workbook(report))  # noqa: B023
            bare.append(ms)
            ms, _ = timed(lambda: encrypt_workbook(data, "export-password"))  # noqa: B023
            encrypt.append(ms)
            size = len(data)
        caseload.close()

    counts = report.row_counts()
    median = statistics.median
    print(
        f"{args.cases} cases (demo built in {build_ms / 1000:.1f} s), month {args.month}: "
        f"{counts['cases']} case rows, {counts['contacts']} contact rows, "
        f"{counts['gaps']} gap rows, {size / 1024:.0f} KB; medians of {args.runs} runs\n"
    )
    print("| step | median ms |")
    print("|---|---:|")
    print(f"| gather the month (bulk queries, leak check) | {median(gather):.0f} |")
    print(f"| write_workbook (kimdesk layout) | {median(styled):.0f} |")
    print(f"| same cells, bare openpyxl | {median(bare):.0f} |")
    print(f"| encrypt in memory (msoffcrypto) | {median(encrypt):.0f} |")
    print(f"\nratio kimdesk / bare openpyxl: {median(styled) / median(bare):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
