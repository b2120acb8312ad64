"""High contrast: black text on white, strong borders, a dark blue for what is chosen.

On when the user chose it in the settings ("Hoher Kontrast: Ein") or, by default, when the
system asks for it and Qt reports that (``QStyleHints.accessibility().contrastPreference()``,
Qt 6.10 and later: Windows' and macOS' high-contrast settings, GNOME's where the platform
theme passes it on). The palette here and ui/kimdesk-high-contrast.qss, appended after the
main style sheet, make the variant; every colour pair is at least 7:1 (WCAG AAA).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

from kimdesk.paths import ui_dir

# The palette of the variant; the style sheet uses the same colours.
HIGH_CONTRAST_COLOURS = {
    QPalette.ColorRole.Window: "#ffffff",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f0f0f0",
    QPalette.ColorRole.WindowText: "#000000",
    QPalette.ColorRole.Text: "#000000",
    QPalette.ColorRole.Button: "#ffffff",
    QPalette.ColorRole.ButtonText: "#000000",
    QPalette.ColorRole.PlaceholderText: "#3a3a3a",
    QPalette.ColorRole.Highlight: "#00306b",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#00306b",
    QPalette.ColorRole.ToolTipBase: "#ffffff",
    QPalette.ColorRole.ToolTipText: "#000000",
    QPalette.ColorRole.Mid: "#000000",
    QPalette.ColorRole.Dark: "#000000",
    QPalette.ColorRole.Shadow: "#000000",
}
# Disabled text stays readable (4.5:1 on white): a read-only form must still be read.
DISABLED_TEXT = "#595959"

_follower: Callable[[Qt.ContrastPreference], None] | None = None


def high_contrast_style_sheet_path() -> Path:
    return ui_dir() / "kimdesk-high-contrast.qss"


def high_contrast_palette(palette: QPalette) -> QPalette:
    """``palette`` with the high-contrast colours in every colour group."""
    for role, colour in HIGH_CONTRAST_COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    return palette


def system_prefers_high_contrast(app: QGuiApplication) -> bool:
    """What the platform reports; False where it reports nothing."""
    hints = app.styleHints()
    return hints.accessibility().contrastPreference() is Qt.ContrastPreference.HighContrast


def wants_high_contrast(choice: str, system_high: bool) -> bool:
    """The user's choice ("on", "off") wins; "system" (the default) follows the system."""
    if choice == "on":
        return True
    if choice == "off":
        return False
    return system_high


def follow_system_contrast(app: QGuiApplication, restyle: Callable[[bool], None]) -> None:
    """Call ``restyle(system_high)`` whenever the system's contrast preference changes."""
    global _follower
    hints = app.styleHints()
    accessibility = hints.accessibility()
    if _follower is not None:  # one follower: apply_style runs again after a change
        try:
            accessibility.contrastPreferenceChanged.disconnect(_follower)
        except (RuntimeError, TypeError):  # connected to an application that is gone
            pass

    def changed(preference: Qt.ContrastPreference) -> None:
        restyle(preference is Qt.ContrastPreference.HighContrast)

    _follower = changed
    accessibility.contrastPreferenceChanged.connect(changed)
