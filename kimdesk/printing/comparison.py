"""The assessment comparison as PDF: a radar chart of the life domains and the table of changes.

Each axis is a life domain; its value is the mean of the domain's rating lines in one round
(round 0: the first assessment, round n: the n-th re-assessment), 10 meaning "no problem".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from kimdesk.domain.vocabulary import AssessmentKind
from kimdesk.forms.compare import RatingChange
from kimdesk.i18n import _
from kimdesk.printing.domain_means import Series, domain_means
from kimdesk.printing.fonts import Script, font_name
from kimdesk.printing.layout import (
    CONTENT_WIDTH,
    INK,
    MUTED,
    RULE,
    PageInfo,
    build_pdf,
    german_date,
    styles,
)

RINGS = (2, 4, 6, 8, 10)
FIRST_COLOUR = colors.HexColor("#b4690e")  # as on screen: warm for the starting point
LATEST_COLOUR = colors.HexColor("#2b5d8c")
BETWEEN_COLOUR = colors.HexColor("#8795a5")
GRID_COLOUR = colors.HexColor("#d5dbe1")


def render_comparison(changes: list[RatingChange], *, case_number: str, printed_on: date) -> bytes:
    """The radar chart (first assessment against each re-assessment) and the table of changes."""
    title = _("Assessment comparison")
    story: list[Flowable] = [Paragraph(title, styles()["title"])]
    if not changes:
        story.append(Paragraph(_("No finished assessments to compare yet."), styles()["body"]))
        return build_pdf(story, PageInfo(title, case_number, printed_on))
    axes, series = domain_means(changes)
    story.append(
        Paragraph(
            _("Mean rating per life domain (1 = extreme difficulties, 10 = no problem)."),
            styles()["description"],
        )
    )
    story.append(radar_chart(axes, series))
    story.append(Spacer(1, 6 * mm))
    story.append(CondPageBreak(40 * mm))
    story.append(Paragraph(_("Changes per rating line"), styles()["section"]))
    story.append(changes_table(changes))
    return build_pdf(story, PageInfo(title, case_number, printed_on))


def _colour(index: int, count: int) -> colors.Color:
    if index == count - 1 and count > 1:
        return LATEST_COLOUR
    return FIRST_COLOUR if index == 0 else BETWEEN_COLOUR


def radar_chart(axes: list[str], series: Series) -> Drawing:
    """Rings at 2, 4, 6, 8, 10, one spoke per domain, one polygon per round, a legend below."""
    regular = font_name(Script.LATIN)
    legend_height = 5 * mm * len(series) + 4 * mm
    radius = 52 * mm
    height = 2 * radius + 22 * mm + legend_height
    drawing = Drawing(CONTENT_WIDTH, height)
    cx, cy = CONTENT_WIDTH / 2, legend_height + radius + 11 * mm

    def point(axis: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * axis / len(axes)
        return cx + math.cos(angle) * radius * value / 10, cy + math.sin(
            angle
        ) * radius * value / 10

    for ring in RINGS:
        corners = [c for axis in range(len(axes)) for c in point(axis, ring)]
        drawing.add(Polygon(corners, strokeColor=GRID_COLOUR, fillColor=None, strokeWidth=0.6))
        x, y = point(0, ring)
        drawing.add(
            String(x + 2, y - 3, str(ring), fontName=regular, fontSize=6.5, fillColor=MUTED)
        )
    for axis, label in enumerate(axes):
        x, y = point(axis, 10)
        drawing.add(Line(cx, cy, x, y, strokeColor=GRID_COLOUR, strokeWidth=0.6))
        lx, ly = point(axis, 11.2)
        anchor = "middle" if abs(lx - cx) < 5 else ("start" if lx > cx else "end")
        drawing.add(
            String(
                lx, ly - 3, label, fontName=regular, fontSize=7.5, fillColor=INK, textAnchor=anchor
            )
        )
    for index, (_name, values) in enumerate(series):
        colour = _colour(index, len(series))
        known = [point(axis, v) for axis, v in enumerate(values) if v is not None]
        flat = [c for xy in known for c in xy]
        if len(known) >= 3:
            drawing.add(
                Polygon(
                    flat, strokeColor=colour, strokeWidth=1.6, fillColor=colour, fillOpacity=0.10
                )
            )
        elif len(known) == 2:
            drawing.add(PolyLine(flat, strokeColor=colour, strokeWidth=1.6))
        for x, y in known:
            drawing.add(Circle(x, y, 2.2, fillColor=colour, strokeColor=colour))
    for index, (name, _values) in enumerate(series):
        y = legend_height - (index + 1) * 5 * mm
        colour = _colour(index, len(series))
        left = CONTENT_WIDTH / 2 - 45 * mm
        drawing.add(Line(left, y + 2.5, left + 8 * mm, y + 2.5, strokeColor=colour, strokeWidth=2))
        drawing.add(String(left + 10 * mm, y, name, fontName=regular, fontSize=8.5, fillColor=INK))
    return drawing


def signed(change: int | None) -> str:
    if change is None:
        return "–"
    return f"+{change}" if change > 0 else ("±0" if change == 0 else f"-{-change}")


def changes_table(changes: Sequence[RatingChange]) -> Flowable:
    """Domain, line, first value, later values with their dates, change with its sign."""
    small, bold = styles()["small"], styles()["small_bold"]
    rows: list[list[Flowable]] = [
        [
            Paragraph(text, bold)
            for text in (
                _("Life domain"),
                _("Rating line"),
                AssessmentKind.FIRST.label,
                _("Later values"),
                _("Change"),
            )
        ]
    ]
    for change in changes:
        later = ", ".join(
            f"{'–' if value is None else value} ({german_date(on)})" for on, value in change.later
        )
        first = "–" if change.first is None else str(change.first)
        rows.append(
            [
                Paragraph(escape(change.domain.label), small),
                Paragraph(escape(change.label), small),
                Paragraph(f"{first} ({german_date(change.first_on)})", small),
                Paragraph(later or "–", small),
                Paragraph(signed(change.change), bold),
            ]
        )
    widths = [0.25, 0.3, 0.15, 0.16, 0.14]
    table = Table(rows, colWidths=[CONTENT_WIDTH * w for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), "#eef1f4"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table
