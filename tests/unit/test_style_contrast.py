"""Every colour pair the style sheet and the palette declare meets WCAG 2.1 AA contrast:
4.5:1 for text (3:1 for large text), 3:1 for the parts that identify a control or a state.
The high-contrast variant (kimdesk-high-contrast.qss after kimdesk.qss, its palette) meets
7:1 for every pair (AAA), also outlines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kimdesk.gui import radar, regelkreis, services_page, session

STYLE_SHEET = Path(__file__).resolve().parents[2] / "ui" / "kimdesk.qss"
HIGH_CONTRAST_SHEET = STYLE_SHEET.with_name("kimdesk-high-contrast.qss")
# What shows through where a rule sets no background: the window and the input fields.
SURFACES = ("#f4f5f7", "#ffffff")
HIGH_CONTRAST_SURFACES = ("#ffffff",)  # window and fields are white in high contrast
HIGH_CONTRAST = 7.0
# Widgets a user operates: their outline tells where the control is (WCAG 1.4.11).
CONTROLS = ("QPushButton", "QToolButton", "QCommandLinkButton", "QLineEdit", "QComboBox")
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b")


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rules(*sheets: Path) -> list[tuple[str, dict[str, str]]]:
    """The rules of ``sheets`` (default: the main one) in order, one per selector."""
    joined = "\n".join(sheet.read_text(encoding="utf-8") for sheet in sheets or (STYLE_SHEET,))
    text = re.sub(r"/\*.*?\*/", "", joined, flags=re.S)
    found = []
    for selectors, body in _RULE.findall(text):
        declarations = {}
        for line in body.split(";"):
            if ":" in line:
                key, value = line.split(":", 1)
                declarations[key.strip()] = value.strip()
        for selector in selectors.split(","):
            found.append((selector.strip(), declarations))
    return found


def _colour(value: str | None) -> str | None:
    match = _COLOUR.search(value or "")
    return match[0].lower() if match else None


def backgrounds(
    selector: str, declared: dict[str, dict[str, str]], surfaces: tuple[str, ...] = SURFACES
) -> tuple[str, ...]:
    """The rule's own background, else its widget's, else the surfaces it may sit on."""
    for candidate in (selector, re.split(r"::?", selector)[0]):
        colour = _colour(declared.get(candidate, {}).get("background"))
        if colour:
            return (colour,)
    return surfaces


def is_large(declarations: dict[str, str]) -> bool:
    size = re.match(r"([\d.]+)pt", declarations.get("font-size", ""))
    points = float(size[1]) if size else 0.0
    bold = declarations.get("font-weight", "") in ("600", "700", "bold")
    return points >= 18 or (points >= 14 and bold)


def pairs(*, high_contrast: bool = False) -> list[tuple[str, str, str, float]]:
    """(where, foreground, background, required ratio) for every declared pair; with
    ``high_contrast`` those in effect with the high-contrast sheet after the main one."""
    found: list[tuple[str, str, str, float]] = []
    all_rules = rules(STYLE_SHEET, HIGH_CONTRAST_SHEET) if high_contrast else rules()
    declared: dict[str, dict[str, str]] = {}
    for selector, declarations in all_rules:
        merged = declared.setdefault(selector, {})
        if "border-color" in declarations and "border" in merged:  # a later colour wins
            merged["border"] = _COLOUR.sub(declarations["border-color"], merged["border"])
        merged.update(declarations)
    if high_contrast:  # the later sheet wins: check what is in effect, once per selector
        all_rules = list(declared.items())
    surfaces = HIGH_CONTRAST_SURFACES if high_contrast else SURFACES
    text_needed, large_needed, part_needed = (
        (HIGH_CONTRAST,) * 3 if high_contrast else (4.5, 3.0, 3.0)
    )
    for selector, declarations in all_rules:
        if ":disabled" in selector:  # WCAG exempts inactive controls
            continue
        grounds = backgrounds(selector, declared, surfaces)
        text = _colour(declarations.get("color"))
        if text:
            needed = large_needed if is_large(declarations) else text_needed
            found += [(selector, text, ground, needed) for ground in grounds]
        selected = _colour(declarations.get("selection-color"))
        selected_ground = _colour(declarations.get("selection-background-color"))
        if selected and selected_ground:
            found.append((selector + " selection", selected, selected_ground, text_needed))
        border = _colour(declarations.get("border") or declarations.get("border-color"))
        if border and selector.startswith(CONTROLS):
            found += [(selector + " border", border, ground, part_needed) for ground in surfaces]
        if selector.endswith("::chunk"):
            track = _colour(
                declared.get(selector.replace("::chunk", "").split("[")[0], {}).get("background")
            )
            chunk = _colour(declarations.get("background"))
            if track and chunk:
                found.append((selector, chunk, track, part_needed))
    return found


def test_the_style_sheet_declares_pairs_to_check() -> None:
    # Guards the parser: a style sheet it cannot read would otherwise pass with no pairs.
    assert len(pairs()) > 40


@pytest.mark.parametrize(("where", "foreground", "background", "needed"), pairs())
def test_every_style_sheet_pair_has_enough_contrast(
    where: str, foreground: str, background: str, needed: float
) -> None:
    ratio = contrast(foreground, background)
    assert ratio >= needed, f"{where}: {foreground} on {background} is {ratio:.2f}:1"


def test_the_high_contrast_sheet_declares_pairs_to_check() -> None:
    assert len(pairs(high_contrast=True)) > 40
    assert HIGH_CONTRAST_SHEET.is_file()


@pytest.mark.parametrize(("where", "foreground", "background", "needed"), pairs(high_contrast=True))
def test_every_high_contrast_pair_has_at_least_7_to_1(
    where: str, foreground: str, background: str, needed: float
) -> None:
    ratio = contrast(foreground, background)
    assert ratio >= needed, f"{where}: {foreground} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize(("high_contrast", "needed"), [(False, 4.5), (True, HIGH_CONTRAST)])
def test_the_palette_text_and_placeholders_have_enough_contrast(
    qapp, high_contrast: bool, needed: float
) -> None:
    from PySide6.QtGui import QPalette

    # Also the colours the rating scale paints (kimdesk/gui/wizard/rating_scale.py).
    palette = session.office_palette(high_contrast)
    role = QPalette.ColorRole
    for text, ground in (
        (role.Text, role.Base),
        (role.WindowText, role.Window),
        (role.PlaceholderText, role.Base),
        (role.HighlightedText, role.Highlight),
        (role.Link, role.Base),
    ):
        ratio = contrast(palette.color(text).name(), palette.color(ground).name())
        assert ratio >= needed, f"{text.name} on {ground.name}: {ratio:.2f}:1"


@pytest.mark.parametrize(
    ("where", "colour", "grounds"),
    [
        ("radar: muted labels", radar.MUTED_TEXT, SURFACES),
        ("radar: labels", radar.TEXT, SURFACES),
        ("phase path: muted labels", regelkreis.MUTED, SURFACES),
        # Rows of the directory's table, whose background is white.
        ("service directory: inactive entries", services_page.INACTIVE_COLOUR, ("#ffffff",)),
    ],
)
def test_text_drawn_by_our_own_widgets_has_enough_contrast(
    where: str, colour: object, grounds: tuple[str, ...]
) -> None:
    for ground in grounds:
        ratio = contrast(colour.name(), ground)  # type: ignore[attr-defined]
        assert ratio >= 4.5, f"{where}: {colour.name()} on {ground} is {ratio:.2f}:1"  # type: ignore[attr-defined]
