"""Sizes that grow with the text: pixel widths chosen for the default font, scaled to the
application font the user has (e.g. 200 % text), so nothing is cut when the text is larger."""

from __future__ import annotations

from PySide6.QtGui import QFont, QGuiApplication

# Qt's default application font (Windows, the offscreen platform): every width in pixels in
# kimdesk/gui was chosen at this size.
REFERENCE_POINTS = 9.0


def base_points(font: QFont | None = None) -> float:
    """The size of ``font`` (else the application font) in points, also when given in pixels."""
    font = font if font is not None else QGuiApplication.font()
    if font.pointSizeF() > 0:
        return font.pointSizeF()
    screen = QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInch() if screen is not None else 96.0
    return font.pixelSize() * 72.0 / dpi


def text_scale() -> float:
    """How much larger the application font is than the reference; never below 1."""
    return max(1.0, base_points() / REFERENCE_POINTS)


def scaled(pixels: int) -> int:
    """``pixels`` measured at the reference font, for the application font now."""
    return round(pixels * text_scale())
