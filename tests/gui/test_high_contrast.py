"""High contrast: chosen in the settings (Ansicht), or following the system where Qt reports
its contrast preference; black on white with strong outlines, at once and after a restart."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from kimdesk.app_settings import AppSettings, load_app_settings, save_app_settings
from kimdesk.caseload import Caseload
from kimdesk.forms.model import Anchors, Field, FieldType
from kimdesk.gui.contrast import wants_high_contrast
from kimdesk.gui.session import apply_style
from kimdesk.gui.settings_dialog import SettingsDialog
from kimdesk.gui.wizard.choices import ScaleEditor
from tests.unit.test_style_contrast import contrast

HIGH_CONTRAST_RULE = (
    'QLabel#cardBadge[alert="true"] {\n    color: #ffffff;\n    background: #8b0000;'
)


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The application; its style as it was before, after the test."""
    before = qapp.styleSheet(), qapp.palette(), qapp.style().name()
    yield qapp
    qapp.setStyleSheet(before[0])
    qapp.setPalette(before[1])


def is_high_contrast(app: QApplication) -> bool:
    palette = app.palette()
    window = palette.color(QPalette.ColorRole.Window).name()
    text = palette.color(QPalette.ColorRole.WindowText).name()
    high = HIGH_CONTRAST_RULE in app.styleSheet()
    assert high == ((window, text) == ("#ffffff", "#000000"))  # palette and sheet together
    return high


def emit_system_preference(app: QApplication, preference: Qt.ContrastPreference) -> None:
    hints = app.styleHints()
    hints.accessibility().contrastPreferenceChanged.emit(preference)


@pytest.mark.parametrize(
    ("choice", "system_high", "expected"),
    [
        ("system", False, False),
        ("system", True, True),
        ("on", False, True),
        ("on", True, True),
        ("off", True, False),
        ("off", False, False),
    ],
)
def test_the_choice_wins_and_system_follows_the_system(
    choice: str, system_high: bool, expected: bool
) -> None:
    assert wants_high_contrast(choice, system_high) is expected


def test_the_setting_turns_the_palette_and_the_style_sheet_to_high_contrast(app) -> None:
    apply_style(app)  # nothing chosen; the offscreen platform reports no preference
    assert load_app_settings().contrast == "system"
    assert not is_high_contrast(app)
    save_app_settings(AppSettings(contrast="on"))
    apply_style(app)
    assert is_high_contrast(app)
    main_rule = app.styleSheet().index("QLabel#heading")
    assert main_rule < app.styleSheet().index(HIGH_CONTRAST_RULE)  # after: its rules win
    assert "font-size: 167%" not in app.styleSheet()  # the sizes still follow the font
    save_app_settings(AppSettings(contrast="off"))
    apply_style(app)
    assert not is_high_contrast(app)


def test_the_system_preference_is_followed_unless_the_user_chose(app) -> None:
    apply_style(app)
    emit_system_preference(app, Qt.ContrastPreference.HighContrast)
    assert is_high_contrast(app)
    emit_system_preference(app, Qt.ContrastPreference.NoPreference)
    assert not is_high_contrast(app)
    save_app_settings(AppSettings(contrast="off"))
    emit_system_preference(app, Qt.ContrastPreference.HighContrast)
    assert not is_high_contrast(app)  # "Aus" wins over the system


def test_the_settings_dialog_stores_the_choice_and_shows_it_at_once(
    qtbot, app, caseload: Caseload, prompter
) -> None:
    apply_style(app)
    save_app_settings(AppSettings(language="en"))
    dialog = SettingsDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.chosen_contrast() == "system"
    assert dialog.tabs.tabText(dialog.tabs.indexOf(dialog.view_tab)) == "Ansi&cht"
    assert dialog.contrast_combo.accessibleName() == "Hoher Kontrast"
    dialog.contrast_combo.setCurrentIndex(dialog.contrast_combo.findData("on"))
    assert dialog.contrast_combo.currentText() == "Ein"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert load_app_settings() == replace(AppSettings(language="en"), contrast="on")
    assert is_high_contrast(app)
    again = SettingsDialog(caseload, prompter)
    qtbot.addWidget(again)
    assert again.chosen_contrast() == "on"


def test_the_rating_scale_is_drawn_black_on_white(qtbot, app) -> None:
    apply_style(app, high_contrast=True)
    row = ScaleEditor(
        Field("health", FieldType.SCALE_10, "Gesundheit", anchors=Anchors("1 = krank", "10 = gut"))
    )
    qtbot.addWidget(row)
    row.set_value({"value": 3, "remark": ""})
    row.show()
    qtbot.waitExposed(row)
    image = row.scale_box.grab().toImage()
    scale = row.scale_box
    box = scale.box_rect(5)  # not chosen: white, an outline of at least 7:1
    outline = image.pixelColor(box.center().x(), box.top()).name()
    assert contrast(outline, "#ffffff") >= 7.0
    assert image.pixelColor(box.center().x(), box.top() + 3).name() == "#ffffff"
    chosen = scale.box_rect(3)
    assert image.pixelColor(chosen.left() + 4, chosen.top() + 4).name() == "#00306b"
