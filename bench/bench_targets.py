#!/usr/bin/env python3
"""The targets of issue 17, each measured against its baseline and set beside its goal.

    .venv/bin/python bench/bench_targets.py [--cases 10000] [--large 50000] [--runs 3]
    .venv/bin/python bench/bench_targets.py --quick          # 1,000 cases, one run, no large
    .venv/bin/python bench/bench_targets.py --demo F.kimdesk --password PW   # a given demo

Rows: saving one contact in the GUI over the store call (offscreen, one process, CPU time);
the cold start to the painted main window over a bare PySide6 window with a table (fresh
processes, the CPU time each has used by its first paint); ``kimdesk export-month`` as a
process over a process writing the same cells with bare openpyxl ``write_only`` (CPU time
of each child, and its peak memory); the growth from
the base to the large caseload of unlock, overview, case list load and export; the SQLCipher
workload of bench_store.py over plain sqlite3. Minimum of the runs everywhere (the runs of
kimdesk and its baseline alternate), so the ratio is what matters, not the machine; CPU
time rather than wall time because the machines are shared (the wall times are in the notes).
Linux or macOS (``os.wait4``, ``resource``).

Demo caseloads are built once and cached in bench/out/demos/ (not versioned); all work is
done on copies. Prints a Markdown table and writes it to bench/out/targets.md.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for folder in (ROOT, HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from targets_cold import time_to_paint  # noqa: E402
from targets_demo import Demo, cached_demo, given_demo, previous_month, working_copy  # noqa: E402
from targets_export import baseline_export, kimdesk_export, read_cells  # noqa: E402
from targets_table import Figure, table  # noqa: E402

PYTHON = sys.executable
PARTS = ("save", "cold", "export", "growth", "sqlcipher")


def child_env(home: Path) -> dict[str, str]:
    """Offscreen, with settings and data folders of its own (never the user's), and with
    bytecode kept (in a folder of its own) as an installed program ships it: a shell with
    PYTHONDONTWRITEBYTECODE would otherwise compile every module at every cold start."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KIMDESK_DATA_DIR": str(home),
        "KIMDESK_CONFIG_DIR": str(home),
        "PYTHONPYCACHEPREFIX": str(home / "pycache"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def gui_figures(db: Path, password: str, runs: int, env: dict[str, str], *, save: bool) -> dict:
    command = [PYTHON, str(HERE / "targets_gui.py"), "--db", str(db), "--runs", str(runs)]
    command += ["--save"] if save else []
    env = {**env, "KIMDESK_PASSWORD": password}
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"targets_gui.py failed:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass(frozen=True)
class Timed:
    """Milliseconds of kimdesk and its baseline, as CPU time and as wall time (minima)."""

    cpu: Figure
    wall: Figure

    def note(self, what: str) -> str:
        return (
            f"- {what}, wall time instead of CPU time: {self.wall.baseline:,.0f} ms → "
            f"{self.wall.kimdesk:,.0f} ms ({self.wall.ratio:.2f}×)"
        )


def cold_start(db: Path, password: str, runs: int, env: dict[str, str]) -> Timed:
    """Bare window and kimdesk to the first paint, minimum of alternating runs."""
    script = str(HERE / "targets_cold.py")
    ours = [PYTHON, script, "kimdesk", "--db", str(db)]
    bare, kimdesk = [], []
    # Uncounted first runs write the bytecode (child_env) and warm the disk cache.
    time_to_paint([PYTHON, script, "bare"], env)
    time_to_paint(ours, {**env, "KIMDESK_PASSWORD": password})
    for _run in range(runs):
        bare.append(time_to_paint([PYTHON, script, "bare"], env))
        kimdesk.append(time_to_paint(ours, {**env, "KIMDESK_PASSWORD": password}))
    return Timed(
        Figure(min(b[0] for b in bare) * 1000, min(k[0] for k in kimdesk) * 1000, "ms", "CPU"),
        Figure(min(b[1] for b in bare) * 1000, min(k[1] for k in kimdesk) * 1000, "ms"),
    )


class ExportFigures:
    """The export of one caseload: kimdesk's process and, optionally, the bare baseline."""

    def __init__(
        self, demo: Demo, db: Path, work: Path, runs: int, env: dict, *, baseline: bool
    ) -> None:
        month = previous_month(demo.today)
        out = work / f"export-{demo.cases}.xlsx"
        first = kimdesk_export(PYTHON, db, demo.password, month, out, env)  # also warms up
        self.month = month
        self.cells = 0
        ours, bare = [first], []
        cells = work / f"cells-{demo.cases}.pickle"
        if baseline:
            sheets, self.cells = read_cells(out)
            with cells.open("wb") as sink:
                pickle.dump(sheets, sink, protocol=pickle.HIGHEST_PROTOCOL)
        for _run in range(runs - 1 if not baseline else runs):
            if baseline:
                bare.append(baseline_export(PYTHON, cells, work / "bare.xlsx", env))
            ours.append(kimdesk_export(PYTHON, db, demo.password, month, out, env))
        cells.unlink(missing_ok=True)
        self.cpu_ms = min(run.cpu_seconds for run in ours) * 1000
        self.wall_ms = min(run.seconds for run in ours) * 1000
        self.peak_mb = min(run.peak_mb for run in ours)
        self.bare_cpu_ms = min((run.cpu_seconds for run in bare), default=0.0) * 1000
        self.bare_wall_ms = min((run.seconds for run in bare), default=0.0) * 1000
        self.bare_peak_mb = min((run.peak_mb for run in bare), default=0.0)

    def against_bare(self) -> Timed:
        return Timed(
            Figure(self.bare_cpu_ms, self.cpu_ms, "ms", "CPU"),
            Figure(self.bare_wall_ms, self.wall_ms, "ms"),
        )


def sqlcipher_workload(demo: Demo, work: Path, runs: int) -> tuple[float, float, list[str]]:
    """bench_store.py's operations on an encrypted copy and a plain export of it: summed
    medians (ms) of both, and its per-operation rows."""
    import bench_store

    from kimdesk.caseload import Caseload

    encrypted = working_copy(demo, work, "store-encrypted")
    plain = work / "store-plain.db"
    plain.unlink(missing_ok=True)
    caseload = Caseload.open(encrypted, demo.password)
    try:
        caseload.db.checkpoint()
        caseload.db.execute("ATTACH DATABASE ? AS plaintext KEY ''", (str(plain),))
        caseload.db.execute("SELECT sqlcipher_export('plaintext')")
        caseload.db.execute("DETACH DATABASE plaintext")
    finally:
        caseload.close()
    bench_store.PASSWORD = demo.password  # its opener reads the module's password
    timings = bench_store.measure(encrypted, plain, runs)
    median = statistics.median
    # Without the unlock: its key derivation (PBKDF2, 256,000 iterations) is slow by design
    # and has no plain counterpart; it is in the table below and in the growth rows.
    workload = [t for t in timings if t.name != bench_store.OPERATIONS[0]]
    enc = sum(median(t.encrypted) for t in workload)
    pla = sum(median(t.plain) for t in workload)
    return pla, enc, [t.row() for t in timings]


def choose_demo(cases: int, given: Path | None, password: str, cache: Path) -> Demo:
    if given is not None:
        return given_demo(given, password, cases)
    return cached_demo(cases, cache)


class Measurement:
    """One run of the harness: the demos, their working copies and the figures so far."""

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args, self.work, self.runs = args, work, args.runs
        self.parts = set(args.only or PARTS)
        self.env = child_env(work / "home")
        cache = args.out_dir / "demos"
        self.base = choose_demo(args.cases, args.demo, args.password, cache)
        self.large = None
        if args.large:
            self.large = choose_demo(args.large, args.demo_large, args.password, cache)
        self.base_db = working_copy(self.base, work, "base")
        self.large_db = working_copy(self.large, work, "large") if self.large else None
        self.figures: dict[str, Figure] = {}
        self.notes: list[str] = []
        self.failed: list[str] = []

    def all(self) -> None:
        """Every part asked for; a part that fails is noted and the others still run."""
        steps = (
            ("in-process", self.in_process, {"save", "growth"}),
            ("cold start", self.cold_start, {"cold"}),
            ("export", self.export, {"export", "growth"}),
            ("SQLCipher", self.sqlcipher, {"sqlcipher"}),
        )
        for name, step, wanted in steps:
            if not self.parts & wanted:
                continue
            try:
                step()
            except Exception as error:  # reported; the other parts go on
                say(f"{name} failed: {error}")
                self.failed.append(name)
                first = str(error).strip().splitlines()
                self.notes.append(
                    f"- {name}: FAILED ({type(error).__name__}: {first[-1] if first else ''})"
                )

    def in_process(self) -> None:
        base, large = self.base, self.large
        say(f"in-process figures at {base.cases:,} cases …")
        save = "save" in self.parts
        small = gui_figures(self.base_db, base.password, self.runs, self.env, save=save)
        if save:
            self.figures["save_contact"] = Figure(
                small["store_contact_ms"], small["gui_contact_ms"], "ms", "CPU"
            )
            wall = small["gui_contact_wall_ms"] / small["store_contact_wall_ms"]
            self.notes.append(
                f"- saving one contact, wall time instead of CPU time: GUI "
                f"{small['gui_contact_wall_ms']:.1f} ms, store "
                f"{small['store_contact_wall_ms']:.1f} ms ({wall:.2f}×; the commit waits for "
                "the disk in both)"
            )
        if "growth" in self.parts and self.large_db is not None and large is not None:
            say(f"in-process figures at {large.cases:,} cases …")
            big = gui_figures(self.large_db, large.password, self.runs, self.env, save=False)
            for key, name in (
                ("growth_unlock", "unlock_ms"),
                ("growth_overview", "overview_ms"),
                ("growth_case_list", "case_list_ms"),
            ):
                self.figures[key] = Figure(small[name], big[name], "ms", "CPU")

    def cold_start(self) -> None:
        say(f"cold starts at {self.base.cases:,} cases …")
        timed = cold_start(self.base_db, self.base.password, self.runs, self.env)
        self.figures["cold_start"] = timed.cpu
        self.notes.append(timed.note(f"cold start at {self.base.cases:,} cases"))
        if self.large_db is not None and self.large is not None:
            say(f"cold starts at {self.large.cases:,} cases …")
            timed = cold_start(self.large_db, self.large.password, self.runs, self.env)
            self.figures["cold_start_large"] = timed.cpu
            self.notes.append(timed.note(f"cold start at {self.large.cases:,} cases"))

    def export(self) -> None:
        base, large = self.base, self.large
        say(f"month export at {base.cases:,} cases …")
        small = ExportFigures(base, self.base_db, self.work, self.runs, self.env, baseline=True)
        if "export" in self.parts:
            self.figures["export_time"] = small.against_bare().cpu
            self.notes.append(small.against_bare().note("export"))
            self.figures["export_memory"] = Figure(small.bare_peak_mb, small.peak_mb, "MB")
            self.notes.append(
                f"- export: month {small.month}, {small.cells:,} non-empty cells, unencrypted "
                "(the CLI's default); the process from spawn to exit (CPU: the child's user + "
                "system time), peak = the child's ru_maxrss"
            )
        if "growth" in self.parts and self.large_db is not None and large is not None:
            say(f"month export at {large.cases:,} cases …")
            big = ExportFigures(
                large, self.large_db, self.work, self.runs, self.env, baseline=False
            )
            self.figures["growth_export"] = Figure(small.cpu_ms, big.cpu_ms, "ms", "CPU")
            self.notes.append(
                f"- export growth, wall time: {small.wall_ms:,.0f} ms → {big.wall_ms:,.0f} ms "
                f"({big.wall_ms / small.wall_ms:.2f}×)"
            )
            self.notes.append(
                f"- export at {large.cases:,} cases: peak memory {big.peak_mb:,.0f} MB "
                f"(at {base.cases:,}: {small.peak_mb:,.0f} MB)"
            )

    def sqlcipher(self) -> None:
        say(f"SQLCipher against plain SQLite at {self.base.cases:,} cases …")
        plain, encrypted, rows = sqlcipher_workload(self.base, self.work, self.runs)
        self.figures["sqlcipher"] = Figure(plain, encrypted, "ms", "sum of medians")
        self.notes += [
            "",
            "SQLCipher workload (bench/bench_store.py's operations, medians; the row above "
            "sums all but the unlock, whose key derivation is slow by design):",
            "",
            "| operation | SQLCipher (ms) | plain SQLite (ms) | ratio |",
            "| --- | ---: | ---: | ---: |",
            *rows,
        ]


def heading(args: argparse.Namespace, measured: Measurement) -> list[str]:
    lines = [
        f"# kimdesk against the targets of issue 17 ({date.today().isoformat()})",
        "",
        f"- machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
    ]
    for label, demo in (("base", measured.base), ("large", measured.large)):
        if demo is not None:
            lines.append(
                f"- {label} caseload: {demo.cases:,} demo cases (seed 1, day "
                f"{demo.today.isoformat()}; {demo.origin})"
            )
    lines.append(
        f"- minimum of {args.runs} run(s), kimdesk and baseline alternating; in-process "
        "figures are CPU time (time.process_time), process figures the child's CPU time "
        "(user + system, from its start); wall times in the notes"
    )
    return lines


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=None, help="the base caseload (10,000)")
    parser.add_argument(
        "--large", type=int, default=None, help="the large caseload (50,000; 0: none)"
    )
    parser.add_argument("--runs", type=int, default=None, help="runs of each figure (3)")
    parser.add_argument(
        "--quick", action="store_true", help="1,000 cases, one run, no large caseload"
    )
    parser.add_argument("--demo", type=Path, help="use this demo caseload as the base one")
    parser.add_argument("--demo-large", type=Path, help="use this one as the large one")
    parser.add_argument(
        "--password", default="bench-password-1", help="the password of --demo/--demo-large"
    )
    parser.add_argument("--only", nargs="+", choices=PARTS, help="measure only these parts")
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=ROOT / "bench" / "out",
        help="the demo cache (demos/) and targets.md (default bench/out)",
    )
    args = parser.parse_args(argv)
    if args.cases is None:
        args.cases = 1_000 if args.quick else 10_000
    if args.large is None:
        args.large = 0 if args.quick else (50_000 if args.cases == 10_000 else 5 * args.cases)
    if args.runs is None:
        args.runs = 1 if args.quick else 3
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="targets-work-", dir=args.out_dir))
    try:
        measured = Measurement(args, work)
        measured.all()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = table(
        measured.figures,
        base=args.cases,
        large=args.large or None,
        heading=heading(args, measured),
        notes=measured.notes,
    )
    print(text)
    out = args.out_dir / "targets.md"
    out.write_text(text, encoding="utf-8")
    say(f"written to {out}")
    if measured.failed:
        say("failed: " + ", ".join(measured.failed) + " (see the notes under the table)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
