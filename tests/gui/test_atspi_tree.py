"""What a Linux screen reader (Orca) gets: the app runs on Xvfb with Qt's AT-SPI bridge on,
and the accessibility tree is listed through pyatspi, as a screen reader reads it. A rating
row is ONE slider with its name, its value "7 von 10" and the scale's ends, not ten buttons;
setting its value through AT-SPI is an edit the app records.

Needs the Debian packages at-spi2-core, python3-pyatspi, xvfb, xauth and dbus-daemon
(tasks.py installs them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYSTEM_PYTHON = "/usr/bin/python3"  # the one with pyatspi (python3-pyatspi)
# A bound for a hung child (Xvfb, the bus), not a measurement: the run takes about 3 s.
HANG_LIMIT_SECONDS = 240


def accessibility_tree() -> list[dict]:
    """The JSON lines atspi_session.py prints: the tree, then the value set and its echo."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("QT_QPA_PLATFORM", "DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
    }
    env["KIMDESK_LANG"] = "de"
    done = subprocess.run(
        [
            "xvfb-run",
            "-a",
            "dbus-run-session",
            "--",
            SYSTEM_PYTHON,
            str(HERE / "atspi_session.py"),
            sys.executable,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG_LIMIT_SECONDS,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def test_a_screen_reader_meets_the_rating_row_as_one_slider_with_its_value() -> None:
    lines = accessibility_tree()
    tree = [line for line in lines if "role" in line]
    assert tree[0]["role"] == "application"
    sliders = [node for node in tree if node["role"] == "slider"]
    assert sliders == [
        {
            "depth": sliders[0]["depth"],
            "role": "slider",
            "name": "Gesundheit",
            "description": "7 von 10. 1 = krank bis 10 = gesund",
            "children": 0,
            "value": [7.0, 0.0, 10.0],
        }
    ]
    # nothing per number: no button, toggle button, radio button or check box at all
    roles = {node["role"] for node in tree}
    assert not roles & {"push button", "toggle button", "radio button", "check box"}
    remark = [node for node in tree if node["role"] == "text"]
    assert [node["name"] for node in remark] == ["Gesundheit: Bemerkung CM"]
    # a screen reader sets the value: the app takes it as the user's rating
    assert {"app": "value 3"} in lines
    (after,) = [line["after"] for line in lines if "after" in line]
    assert after["value"][0] == 3.0
    assert after["description"].startswith("3 von 10.")
