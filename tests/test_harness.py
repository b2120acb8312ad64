"""The test run itself: it fails when tests were skipped, and its clock can be moved.

Outside tests/unit, so that the calendar runs of the unit tests do not repeat it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_pytest(folder: Path, source: str, **env: str) -> subprocess.CompletedProcess[str]:
    (folder / "conftest.py").write_text(
        "from tests.plugins.clock import pytest_configure, pytest_unconfigure  # noqa: F401\n"
        "from tests.plugins.run_guard import pytest_sessionfinish  # noqa: F401\n"
    )
    (folder / "test_sample.py").write_text(source)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_TEST_")}
    environment.update(env, PYTHONPATH=str(ROOT))
    environment.pop("KIMDESK_ALLOW_SKIPS", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:qt"]
        + [str(folder)],
        cwd=folder,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_skipped_test_fails_the_run_and_is_named(tmp_path: Path) -> None:
    result = run_pytest(
        tmp_path,
        "import pytest\n"
        "def test_runs():\n    pass\n"
        "def test_needs_a_tool():\n    pytest.skip('the tool is missing')\n",
    )
    assert result.returncode == 1, result.stdout
    assert "test_needs_a_tool: " in result.stdout and "the tool is missing" in result.stdout


def test_a_run_that_passed_nothing_fails(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, "def helper():\n    pass\n")
    assert result.returncode != 0, result.stdout


def test_the_moved_clock_reaches_the_test_and_its_child_processes(tmp_path: Path) -> None:
    result = run_pytest(
        tmp_path,
        "import subprocess, sys\n"
        "from datetime import date\n"
        "def test_day():\n"
        "    assert date.today() == date(2028, 2, 29)\n"
        "    child = subprocess.run([sys.executable, '-c',\n"
        "        'from datetime import date; print(date.today())'],\n"
        "        capture_output=True, text=True, check=True)\n"
        "    assert child.stdout.strip() == '2028-02-29'\n",
        KIMDESK_TEST_CLOCK="2028-02-29T12:00",
    )
    assert result.returncode == 0, result.stdout + result.stderr
