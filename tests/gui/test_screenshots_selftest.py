"""`kimdesk screenshots` and `kimdesk selftest` on a demo caseload: real files, nothing written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from kimdesk.caseload import Caseload
from kimdesk.gui.screenshots import render_screenshots
from tests.conftest import PASSWORD

SCREENS = [
    "unlock",
    "dashboard",
    "case-list",
    "case-view",
    "screening",
    "assessment-ratings",
    "goal-sheet",
    "contact-entry",
    "assessment-comparison",
    "settings",
    "print",
    "print-preview",
    "service-directory",
]



def test_every_main_screen_is_rendered_without_writing(qtbot, demo: Caseload, tmp_path) -> None:
    audit_before, drafts_before = len(demo.audit_log()), demo.drafts()
    written = render_screenshots(demo, tmp_path / "shots")
    assert [p.stem.split("-", 1)[1] for p in written] == SCREENS
    for path in written:
        image = QImage(str(path))
        # The smallest screen, the print dialog, is ~195 px high without the application's
        # style sheet (which the test's QApplication may or may not have, by test order).
        assert image.width() >= 400 and image.height() >= 150, path.name
        # Not a blank picture: more than a handful of distinct colours.
        xs, ys = range(0, image.width(), 7), range(0, min(200, image.height()), 5)
        colours = {image.pixel(x, y) for x in xs for y in ys}
        assert len(colours) > 8, path.name
    assert len(demo.audit_log()) == audit_before
    assert demo.drafts() == drafts_before


def run_kimdesk(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KIMDESK_PASSWORD": PASSWORD, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "kimdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_selftest_prints_timings_and_exits_0(demo_file: Path) -> None:
    result = run_kimdesk("selftest", "--db", str(demo_file))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["cases"] == 40 and report["forms"] == 15
    timings = report["timings_ms"]
    assert {"open_ms", "main_window_ms", "case_list_ms", "wizards"} <= set(timings)
    assert len(timings["wizards"]) == 15
    # saving a contact (on a throw-away copy) and the overview, for an installed build
    assert timings["save_contact_ms"] > 0 and timings["overview_ms"] > 0


def test_selftest_leaves_the_caseload_as_it_was(demo_file: Path) -> None:
    before = Caseload.open(demo_file, PASSWORD)
    try:
        contacts = before.repo.table_counts()["contacts"]
        audit = len(before.audit_log())
    finally:
        before.close()
    assert run_kimdesk("selftest", "--db", str(demo_file)).returncode == 0
    after = Caseload.open(demo_file, PASSWORD)
    try:
        assert after.repo.table_counts()["contacts"] == contacts
        assert len(after.audit_log()) == audit
    finally:
        after.close()


def test_selftest_with_a_wrong_password_says_so(demo_file: Path, tmp_path: Path) -> None:
    wrong = tmp_path / "pw"
    wrong.write_text("falsch-falsch-1\n", encoding="utf-8")
    result = run_kimdesk("selftest", "--db", str(demo_file), "--password-file", str(wrong))
    assert result.returncode == 3
    assert result.stdout == ""
