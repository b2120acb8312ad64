"""Fixtures for the qtbot tests: a recording prompter instead of real message boxes."""

from __future__ import annotations

import os

# Before anything imports Qt (the top-level conftest does the same; this keeps gui/ safe alone).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402


@dataclass
class RecordingPrompter:
    """Takes the place of the message boxes; ``answer`` is what question() returns."""

    answer: bool = True
    messages: list[tuple[str, str]] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)  # the buttons confirm() offered

    def info(self, parent: object, text: str, *, title: str = "") -> None:
        self.messages.append(("info", text))

    def warning(self, parent: object, text: str, *, title: str = "") -> None:
        self.messages.append(("warning", text))

    def error(self, parent: object, text: str, *, title: str = "") -> None:
        self.messages.append(("error", text))

    def question(self, parent: object, text: str, *, title: str = "") -> bool:
        self.messages.append(("question", text))
        return self.answer

    def confirm(self, parent: object, text: str, *, action: str, title: str = "") -> bool:
        """A question whose default button does ``action``; recorded as a question."""
        self.messages.append(("question", text))
        self.actions.append(action)
        return self.answer

    def kinds(self) -> list[str]:
        return [kind for kind, _text in self.messages]


@pytest.fixture(autouse=True)
def no_modifier_left_pressed() -> Iterator[None]:
    """QTest.keyClick(w, key, Ctrl) releases Ctrl in an event that still carries Ctrl, and Qt
    keeps the last key event's modifiers as the keyboard's state: the next test's selectRow
    would then toggle like a Ctrl+click and select nothing. Each test starts with none held."""
    yield
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    if QApplication.instance() is None or not QGuiApplication.keyboardModifiers():
        return
    receiver = QWidget()
    for key in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
        QTest.keyRelease(receiver, key)
    receiver.deleteLater()


@pytest.fixture
def prompter() -> RecordingPrompter:
    return RecordingPrompter()


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    return tmp_path / "demo.kimdesk"


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo caseload (40 cases) for the tests that look at every screen; read, not changed."""
    from kimdesk.caseload import Caseload
    from kimdesk.demo import DEMO_PROFILE, fill_demo
    from tests.conftest import PASSWORD, TODAY

    path = tmp_path_factory.mktemp("demo") / "demo.kimdesk"
    caseload = Caseload.create(path, PASSWORD, DEMO_PROFILE)
    try:
        fill_demo(caseload, cases=40, seed=3, today=TODAY)
    finally:
        caseload.close()
    return path


@pytest.fixture
def demo(demo_file: Path) -> Iterator[Any]:  # a Caseload
    from kimdesk.caseload import Caseload
    from tests.conftest import PASSWORD, TODAY

    caseload = Caseload.open(demo_file, PASSWORD, today=lambda: TODAY)
    yield caseload
    caseload.close()
