"""A window with one rating row, for tests/gui/test_atspi_tree.py: run on X (Xvfb) with
Qt's AT-SPI bridge on; prints "ready" when shown and "value N" for each change of the row."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget  # noqa: E402

from kimdesk.forms.model import Anchors, Field, FieldType  # noqa: E402
from kimdesk.gui.wizard.choices import ScaleEditor  # noqa: E402

APP_NAME = "kimdesk-atspi-probe"
ROW = Field("health", FieldType.SCALE_10, "Gesundheit", anchors=Anchors("1 = krank", "10 = gesund"))
SAFETY_SECONDS = 60  # never outlive a test that was killed


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    window = QWidget()
    window.setWindowTitle("Bewertung")
    layout = QVBoxLayout(window)
    row = ScaleEditor(ROW, window)
    layout.addWidget(row)
    row.set_value({"value": 7, "remark": ""})
    row.changed.connect(lambda: print(f"value {row.rating()}", flush=True))
    window.show()
    QTimer.singleShot(0, lambda: print("ready", flush=True))
    QTimer.singleShot(SAFETY_SECONDS * 1000, app.quit)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
