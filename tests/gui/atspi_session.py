"""Run by the system's python3 (which has pyatspi) inside ``xvfb-run dbus-run-session``: start
the accessibility bus, the app of tests/gui/atspi_app.py (argv[1]: the Python with PySide6),
list the app's accessibility tree as a screen reader sees it (one JSON object per line), set
the rating through the slider's Value interface, and print what the app reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyatspi  # type: ignore[import-not-found]

LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
APP = Path(__file__).with_name("atspi_app.py")
APP_NAME = "kimdesk-atspi-probe"
ATTEMPTS = 100  # of 0.2 s: the app registers with the registry within a few seconds


def node(accessible, depth: int) -> dict:
    interfaces = pyatspi.listInterfaces(accessible)
    entry = {
        "depth": depth,
        "role": accessible.getRoleName(),
        "name": accessible.name,
        "description": accessible.description,
        "children": accessible.childCount,
    }
    if "Value" in interfaces:
        value = accessible.queryValue()
        entry["value"] = [value.currentValue, value.minimumValue, value.maximumValue]
    return entry


def walk(accessible, depth: int = 0):
    yield accessible, node(accessible, depth)
    for index in range(accessible.childCount):
        child = accessible.getChildAtIndex(index)
        if child is not None:
            yield from walk(child, depth + 1)


def find_app():
    for _ in range(ATTEMPTS):
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            candidate = desktop.getChildAtIndex(index)
            if candidate is not None and candidate.name == APP_NAME:
                return candidate
        time.sleep(0.2)
    raise SystemExit("the app did not appear on the accessibility bus")


def main() -> int:
    launcher = subprocess.Popen([LAUNCHER, "--launch-immediately"])
    env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb")
    app = subprocess.Popen([sys.argv[1], str(APP)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert app.stdout is not None
        if app.stdout.readline().strip() != "ready":
            raise SystemExit("the app did not start")
        sliders = []
        for accessible, entry in walk(find_app()):
            print(json.dumps(entry, ensure_ascii=False), flush=True)
            if entry["role"] == "slider":
                sliders.append(accessible)
        for slider in sliders:  # as a screen reader's "set value" does
            slider.queryValue().currentValue = 3.0
            print(json.dumps({"app": app.stdout.readline().strip()}), flush=True)
            print(json.dumps({"after": node(slider, 0)}, ensure_ascii=False), flush=True)
        return 0
    finally:
        app.terminate()
        app.wait(10)
        launcher.terminate()
        launcher.wait(10)


if __name__ == "__main__":
    raise SystemExit(main())
