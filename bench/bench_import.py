#!/usr/bin/env python3
"""Import benchmark: a caseload list of 1,000 and of 100,000 rows, rows per second for each.

    .venv/bin/python bench/bench_import.py [--sizes 1000 100000]

Writes synthetic CSV lists (invented names from ``kimdesk.demo.words``, every person once)
into a temporary folder, imports each into a fresh encrypted caseload with
``kimdesk.importer.import_file`` and prints the rows per second, by the clock and by CPU
time of this process (steadier where other work shares the machine). An import that is linear
in the number of rows shows about the same rate for both sizes (a ratio near 1); one that
queries the store once per row for the next case number falls far behind on the large list.

Prints a Markdown table and writes it to bench/out/import.md (not versioned).
"""

from __future__ import annotations

import argparse
import csv
import io
import platform
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_out import publish  # noqa: E402

from kimdesk.caseload import Caseload  # noqa: E402
from kimdesk.demo import DEMO_PROFILE  # noqa: E402
from kimdesk.demo.words import CITIES, NAME_GROUPS, STREETS  # noqa: E402
from kimdesk.domain.records import search_key  # noqa: E402
from kimdesk.importer import COLUMNS, format_report, import_file  # noqa: E402

PASSWORD = "benchmark-password-1"
TODAY = date(2026, 6, 30)  # fixed, so that the lists and the case numbers are the same each run


def invented_rows(count: int, seed: int = 1) -> list[list[str]]:
    """``count`` distinct invented persons (name and birth date), two thirds admitted."""
    rng = random.Random(seed)
    weights = [group[0] for group in NAME_GROUPS]
    seen: set[tuple[str, date]] = set()
    rows: list[list[str]] = []
    while len(rows) < count:
        _weight, nationalities, _language, surnames, male, female = rng.choices(
            NAME_GROUPS, weights
        )[0]
        is_female = rng.random() < 0.5
        surname = rng.choice(surnames)[1 if is_female else 0]
        given = rng.choice(female if is_female else male)
        born = date(1945, 1, 1) + timedelta(days=rng.randrange(60 * 365))
        key = (search_key(surname, given), born)
        if key in seen:
            continue
        seen.add(key)
        admitted = TODAY - timedelta(days=rng.randrange(900)) if rng.random() < 2 / 3 else None
        rows.append(
            [
                surname,
                given,
                born.strftime("%d.%m.%Y"),
                "w" if is_female else "m",
                rng.choice(nationalities),
                f"0{rng.randrange(150, 180)} {rng.randrange(1000000, 9999999)}",
                "",
                f"{rng.choice(STREETS)} {rng.randrange(1, 120)}",
                rng.choice(CITIES),
                admitted.strftime("%d.%m.%Y") if admitted else "",
                "",
            ]
        )
    return rows


def write_list(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


@dataclass
class Result:
    rows: int
    seconds: float
    cpu: float  # seconds of this process: steadier than the clock on a shared machine

    @property
    def rate(self) -> float:
        return self.rows / self.seconds

    @property
    def cpu_rate(self) -> float:
        return self.rows / self.cpu


def run(folder: Path, size: int) -> Result:
    csv_path = folder / f"liste-{size}.csv"
    write_list(csv_path, invented_rows(size))
    caseload = Caseload.create(folder / f"import-{size}.kimdesk", PASSWORD, DEMO_PROFILE)
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 0.5 or done == total:
            last[0] = now
            print(f"\r  {size:,} rows: {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

    try:
        start, cpu = time.perf_counter(), time.process_time()
        report = import_file(caseload, csv_path, today=TODAY, progress=progress)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(file=sys.stderr)
        if report.persons_imported != size:
            raise SystemExit(f"import of {size} rows failed:\n{format_report(report)}")
    finally:
        caseload.close()
    return Result(size, seconds, cpu)


def report(results: list[Result]) -> str:
    small, large = results[0], results[-1]
    lines = [
        f"# kimdesk import benchmark ({date.today().isoformat()})",
        "",
        f"- CSV lists of invented persons, each imported into a fresh encrypted caseload "
        f"(read, check, write in one transaction); Python {platform.python_version()}, "
        f"{platform.machine()}",
        "",
        "| rows | seconds | rows/s | CPU seconds | rows/s (CPU) |",
        "| ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {r.rows:,} | {r.seconds:,.2f} | {r.rate:,.0f} | {r.cpu:,.2f} | {r.cpu_rate:,.0f} |"
            for r in results
        ),
        "",
        f"rows/s of {large.rows:,} rows ÷ rows/s of {small.rows:,} rows: "
        f"{large.rate / small.rate:.2f} by the clock, {large.cpu_rate / small.cpu_rate:.2f} by "
        "CPU (linear: about 1)",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kimdesk-bench-import-") as tmp:
        results = [run(Path(tmp), size) for size in sorted(args.sizes)]
    text = report(results)
    publish(text, "import.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
