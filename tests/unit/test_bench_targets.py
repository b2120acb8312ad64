"""The target benchmark (bench/bench_targets.py): every target row with its goal and a right
verdict for given figures, and the whole harness once on a tiny caseload."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"


def load_table_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("targets_table", BENCH / "targets_table.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


targets = load_table_module()


def row_of(text: str, what: str) -> list[str]:
    (line,) = [line for line in text.splitlines() if line.startswith(f"| {what} |")]
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_the_verdict_says_met_or_by_how_much_it_is_missed() -> None:
    assert targets.verdict(2.0, 3.0) == "met"
    assert targets.verdict(3.0, 3.0) == "met"
    assert targets.verdict(3.3, 3.0) == "missed by 0.30× (+10 %)"
    assert targets.verdict(15.0, 1.5) == "missed by 13.50× (+900 %)"


def test_every_target_row_is_printed_with_its_goal_and_verdict() -> None:
    Figure = targets.Figure
    figures = {
        "save_contact": Figure(5.0, 14.0, "ms"),  # 2.8×: met
        "cold_start": Figure(150.0, 600.0, "ms"),  # 4×: missed
        "cold_start_large": Figure(160.0, 800.0, "ms"),  # 5×: met, just
        "export_time": Figure(1000.0, 1400.0, "ms"),
        "export_memory": Figure(100.0, 390.0, "MB"),  # 3.9×: missed
        "growth_unlock": Figure(500.0, 510.0, "ms"),
        "growth_overview": Figure(100.0, 700.0, "ms"),  # 7×: missed
        "growth_case_list": Figure(100.0, 500.0, "ms"),
        "growth_export": Figure(10_000.0, 50_000.0, "ms"),
        # "sqlcipher" left out: not measured
    }
    text = targets.table(figures, base=10_000, large=50_000, heading=["# title"])
    expected = {
        "save_contact": ("≤ 3×", "2.80×", "met"),
        "cold_start": ("≤ 3×", "4.00×", "missed by 1.00× (+33 %)"),
        "cold_start_large": ("≤ 5×", "5.00×", "met"),
        "export_time": ("≤ 1.5×", "1.40×", "met"),
        "export_memory": ("≤ 2×", "3.90×", "missed by 1.90× (+95 %)"),
        "growth_unlock": ("≤ 5.5×", "1.02×", "met"),
        "growth_overview": ("≤ 5.5×", "7.00×", "missed by 1.50× (+27 %)"),
        "growth_case_list": ("≤ 5.5×", "5.00×", "met"),
        "growth_export": ("≤ 5.5×", "5.00×", "met"),
        "sqlcipher": ("≤ 1.3×", "–", "not measured"),
    }
    assert [target.key for target in targets.TARGETS] == list(expected)
    for target in targets.TARGETS:
        what = target.what.format(base="10,000", large="50,000")
        goal, ratio, verdict = expected[target.key]
        assert row_of(text, what)[3:] == [ratio, goal, verdict], target.key
    assert "| 150.0 ms | 600.0 ms |" in text
    assert "| 100 MB | 390 MB |" in text
    assert "growth 10,000 → 50,000 cases: overview" in text
    assert text.startswith("# title\n")


def test_the_harness_runs_end_to_end_on_a_tiny_caseload(tmp_path: Path) -> None:
    # The SQLCipher part (bench_store.py's 1,000 commits per database) is left out for time.
    command = [sys.executable, str(BENCH / "bench_targets.py"), "--cases", "30"]
    command += ["--large", "90", "--runs", "1", "--out-dir", str(tmp_path)]
    command += ["--only", "save", "cold", "export", "growth"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    written = (tmp_path / "targets.md").read_text(encoding="utf-8")
    assert done.stdout.strip() == written.strip()
    for target in targets.TARGETS:
        cells = row_of(written, target.what.format(base="30", large="90"))
        if target.key == "sqlcipher":
            assert cells[-1] == "not measured"
        else:
            assert cells[-1] == "met" or cells[-1].startswith("missed by"), cells
            assert float(cells[3].rstrip("×")) > 0
    assert sorted(p.suffix for p in (tmp_path / "demos").iterdir()) == [
        ".json",
        ".json",
        ".kimdesk",
        ".kimdesk",
    ]
    assert not list(tmp_path.glob("targets-work-*"))  # the working copies are gone
