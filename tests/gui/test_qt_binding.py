"""Guards against Qt binding releases whose bugs would crash a long working session."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QLineEdit

CALLS = 5000


def test_setting_texts_does_not_leak_references_to_none(qtbot) -> None:
    """PySide6 6.12.0 decremented None's refcount on each call: an abort after ~4,000 calls."""
    label, edit = QLabel(), QLineEdit()
    qtbot.addWidget(label)
    qtbot.addWidget(edit)
    before = sys.getrefcount(None)
    for index in range(CALLS):
        label.setText(str(index))
        edit.setAccessibleDescription(str(index))
        edit.setText(str(index))
    assert sys.getrefcount(None) >= before - 50
