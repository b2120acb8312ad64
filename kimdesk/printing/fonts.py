"""The bundled fonts (resources/fonts/, OFL) registered with reportlab, and which one a text needs.

Built-in Helvetica has no glyphs beyond Latin-1: Arabic, Persian, Pashto, Tigrinya, Cyrillic and
Romanian comma-below letters would print as boxes. Noto Sans covers Latin, Cyrillic and Greek,
Noto Naskh Arabic the Arabic script with the Persian and Pashto letters, Noto Sans Ethiopic the
Ge'ez script of Tigrinya.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kimdesk.paths import resources_dir


class Script(StrEnum):
    LATIN = "latin"  # also Cyrillic and Greek: Noto Sans has them
    ARABIC = "arabic"
    ETHIOPIC = "ethiopic"


FONT_FILES: dict[Script, tuple[str, str]] = {
    Script.LATIN: ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    Script.ARABIC: ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),
    Script.ETHIOPIC: ("NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
}


def font_name(script: Script, *, bold: bool = False) -> str:
    return f"kimdesk-{script.value}{'-bold' if bold else ''}"


@cache
def register_fonts() -> None:
    """Register every bundled font once; later calls do nothing."""
    folder = resources_dir() / "fonts"
    for script, (regular, bold) in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(font_name(script), str(folder / regular)))
        pdfmetrics.registerFont(TTFont(font_name(script, bold=True), str(folder / bold)))
        pdfmetrics.registerFontFamily(
            font_name(script),
            normal=font_name(script),
            bold=font_name(script, bold=True),
            italic=font_name(script),
            boldItalic=font_name(script, bold=True),
        )


def script_of(text: str) -> Script:
    """The script a text needs its font for: the first Arabic or Ethiopic letter decides."""
    for ch in text:
        code = ord(ch)
        if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
            return Script.ARABIC
        if 0x1200 <= code <= 0x139F or 0x2D80 <= code <= 0x2DDF or 0xAB00 <= code <= 0xAB2F:
            return Script.ETHIOPIC
    return Script.LATIN


def font_for(text: str, *, bold: bool = False) -> str:
    """The registered font name that has glyphs for ``text``."""
    register_fonts()
    return font_name(script_of(text), bold=bold)


def has_glyph(font: str, character: str) -> bool:
    """Whether the registered TrueType font has a glyph for ``character``."""
    register_fonts()
    face = pdfmetrics.getFont(font).face
    return ord(character) in face.charToGlyph
