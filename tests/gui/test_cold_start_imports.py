"""Cold start: the main window is painted before the libraries of printing, the print preview,
the month's export and the duplicate check are loaded; each loads with its first use and works.

Runs tests/gui/cold_start_app.py in a fresh interpreter: only there does ``sys.modules`` say
what the start itself loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kimdesk.caseload import Caseload
from kimdesk.demo import DEMO_PROFILE, fill_demo
from tests.conftest import PASSWORD, TODAY

REPO = Path(__file__).resolve().parents[2]
APP = Path(__file__).with_name("cold_start_app.py")
PRINTING = {"reportlab", "arabic_reshaper", "bidi"}
PREVIEW = {"PySide6.QtPdf", "PySide6.QtPrintSupport"}
EXPORT = {"openpyxl", "msoffcrypto"}


def start_the_application(tmp_path: Path) -> dict:
    path = tmp_path / "caseload.kimdesk"
    caseload = Caseload.create(path, PASSWORD, DEMO_PROFILE)
    try:
        fill_demo(caseload, cases=6, seed=3, today=TODAY)
    finally:
        caseload.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", KIMDESK_TEST_PASSWORD=PASSWORD)
    done = subprocess.run(
        [sys.executable, str(APP), str(path), str(tmp_path)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def chains_text(loaded: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{library}, imported by:\n    " + "\n    ".join(chain or ["(not through an import)"])
        for library, chain in loaded.items()
    )


def test_the_main_window_paints_without_them_and_each_loads_when_first_used(
    tmp_path: Path,
) -> None:
    started = start_the_application(tmp_path)
    assert started["painted"]
    assert started["at_start"] == {}, "loaded before the main window was painted:\n" + (
        chains_text(started["at_start"])
    )

    used = started["first_use"]
    assert used["pdf saved"] and PRINTING <= set(used["after the pdf"])
    assert not (PREVIEW | EXPORT) & set(used["after the pdf"])
    assert used["preview made"] and PREVIEW <= set(used["after the preview"])
    assert not EXPORT & set(used["after the preview"])
    assert used["report saved"] and EXPORT <= set(used["after the report"])
    assert "rapidfuzz" not in used["after the report"]
    assert used["duplicates found"] and "rapidfuzz" in used["after the duplicate check"]
    assert (tmp_path / "comparison.pdf").read_bytes().startswith(b"%PDF")
    assert [m for m in started["messages"] if m.startswith("error:")] == []
