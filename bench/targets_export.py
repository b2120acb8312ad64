#!/usr/bin/env python3
"""The month export as a process against a process writing the same cells with bare openpyxl
``write_only``; run as a script, it is that baseline process.

    .venv/bin/python bench/targets_export.py CELLS.pickle OUT.xlsx

The cells are what kimdesk's own export holds: the parent exports once unencrypted (the
CLI's default), reads every sheet back (values only) and pickles them into a temporary folder;
the baseline child loads the pickle and writes the sheets write-only. Both children are timed
from spawn to exit, and their CPU time and peak memory (``ru_maxrss``) are read from
``os.wait4``.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

Sheets = list[tuple[str, list[tuple[Any, ...]]]]


@dataclass(frozen=True)
class Run:
    seconds: float  # wall, spawn → exit
    cpu_seconds: float  # user + system of the child
    peak_mb: float  # the child's maximum resident set size


def run_child(command: list[str], env: dict[str, str]) -> Run:
    """Spawn → exit of ``command``, and its peak memory; raises if it fails."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert child.stdout is not None
    output = child.stdout.read()  # until the child closes it, at its exit
    child.stdout.close()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command[:4])} … failed ({child.returncode}):\n"
            + output.decode(errors="replace")[-3000:]
        )
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS
    scale = 1 if sys.platform == "darwin" else 1024
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * scale / 1e6)


def kimdesk_export(
    python: str, db: Path, password: str, month: str, out: Path, env: dict[str, str]
) -> Run:
    """The real command line: ``kimdesk --db DB export-month MONTH --out OUT``."""
    out.unlink(missing_ok=True)
    command = [python, "-m", "kimdesk", "--db", str(db), "export-month", month, "--out", str(out)]
    return run_child(command, {**env, "KIMDESK_PASSWORD": password})


def baseline_export(python: str, cells: Path, out: Path, env: dict[str, str]) -> Run:
    out.unlink(missing_ok=True)
    return run_child([python, str(HERE / "targets_export.py"), str(cells), str(out)], env)


def read_cells(workbook: Path) -> tuple[Sheets, int]:
    """Every sheet's values (a formula as its text, written again as a formula), and the
    number of non-empty cells."""
    from openpyxl import load_workbook

    book = load_workbook(workbook, read_only=True)  # formulas stay formulas
    sheets: Sheets = []
    count = 0
    for sheet in book.worksheets:
        rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        count += sum(1 for row in rows for value in row if value is not None)
        sheets.append((sheet.title, rows))
    book.close()
    return sheets, count


def write_cells(cells: Path, out: Path) -> None:
    """The baseline: the same values, bare openpyxl ``write_only``, no styles."""
    from openpyxl import Workbook

    with cells.open("rb") as source:
        sheets: Sheets = pickle.load(source)
    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(out)


if __name__ == "__main__":
    write_cells(Path(sys.argv[1]), Path(sys.argv[2]))
