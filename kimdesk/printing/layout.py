"""The A4 page of every printed form (header with title and case number, footer with the page)
and the drawn parts of paper forms: lines for handwriting, tick boxes, the 1–10 rating boxes.

The footer says "Seite X von Y", and Y is known only when the whole story is laid out: the
canvas keeps every page's state and draws header and footer in a second pass on ``save()``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from arabic_reshaper import reshape
from bidi.algorithm import get_display
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from kimdesk.domain.names import FSI
from kimdesk.i18n import _, language
from kimdesk.printing.fonts import Script, font_name, register_fonts, script_of
from kimdesk.printing.metadata import PdfMetadata
from kimdesk.printing.text import font_runs, visual_isolated

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 18 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b7a")
RULE = colors.HexColor("#9aa5b1")
ANSWER_INK = colors.HexColor("#1c3f6e")  # written-in answers stand out like a pen's ink


@dataclass(frozen=True)
class PageInfo:
    """What every page's header and footer show."""

    title: str
    case_number: str
    # None: no print date, where the day itself could be one stored for a person (the
    # anonymised planning bundle).
    printed_on: date | None
    language: str = ""  # the document's language; empty: the language of the application
    marking: str = ""  # the header's right side instead of the case number


def german_date(on: date | None) -> str:
    return on.strftime("%d.%m.%Y") if on else ""


def _numbered_canvas(info: PageInfo) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Holds back every page until the count is known, then adds header and footer."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab API)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                _draw_furniture(self, info, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _draw_furniture(canvas: Canvas, info: PageInfo, page: int, total: int) -> None:
    regular = font_name(Script.LATIN)
    bold = font_name(Script.LATIN, bold=True)
    top = PAGE_HEIGHT - 11 * mm
    canvas.saveState()
    canvas.setFillColor(INK)
    canvas.setFont(bold, 9)
    canvas.drawString(MARGIN, top, info.title)
    right = info.marking or (
        _("Case {number}").format(number=info.case_number) if info.case_number else ""
    )
    if right:
        canvas.setFont(regular, 9)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, top, right)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, top - 2.5 * mm, PAGE_WIDTH - MARGIN, top - 2.5 * mm)
    bottom = 10 * mm
    canvas.line(MARGIN, bottom + 4 * mm, PAGE_WIDTH - MARGIN, bottom + 4 * mm)
    canvas.setFont(regular, 8)
    canvas.setFillColor(MUTED)
    if info.printed_on:
        canvas.drawString(
            MARGIN, bottom, _("Printed on {date}").format(date=german_date(info.printed_on))
        )
    canvas.drawRightString(
        PAGE_WIDTH - MARGIN, bottom, _("Page {page} of {pages}").format(page=page, pages=total)
    )
    canvas.restoreState()


def build_pdf(story: Sequence[Flowable], info: PageInfo) -> bytes:
    """Lay out ``story`` on numbered A4 pages and return the PDF."""
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 2 * mm,
        bottomMargin=MARGIN,
        **PdfMetadata(info.title, info.language or language()).doc_template_arguments(),
    )
    frame = Frame(
        MARGIN,
        MARGIN,
        CONTENT_WIDTH,
        PAGE_HEIGHT - 2 * MARGIN - 2 * mm,
        leftPadding=0,
        rightPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(list(story), canvasmaker=_numbered_canvas(info))
    return buffer.getvalue()


@cache
def styles() -> dict[str, ParagraphStyle]:
    """The few paragraph styles of the printed forms."""
    register_fonts()
    regular = font_name(Script.LATIN)
    bold = font_name(Script.LATIN, bold=True)
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5, textColor=INK)
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", parent=base, fontName=bold, fontSize=15, leading=19, spaceAfter=4
        ),
        "description": ParagraphStyle(
            "description", parent=base, textColor=MUTED, spaceAfter=6, fontSize=9
        ),
        "section": ParagraphStyle(
            "section",
            parent=base,
            fontName=bold,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=3,
        ),
        "label": ParagraphStyle("label", parent=base, fontName=bold, fontSize=9.5),
        "help": ParagraphStyle("help", parent=base, fontSize=8, leading=10, textColor=MUTED),
        "help_right": ParagraphStyle(
            "help_right", parent=base, fontSize=8, leading=10, textColor=MUTED, alignment=TA_RIGHT
        ),
        "answer_small": ParagraphStyle(
            "answer_small", parent=base, textColor=ANSWER_INK, fontSize=8.5, leading=10.5
        ),
        "answer": ParagraphStyle("answer", parent=base, textColor=ANSWER_INK, fontSize=10),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10),
        "small_bold": ParagraphStyle(
            "small_bold", parent=base, fontName=bold, fontSize=8, leading=10
        ),
    }


def text_paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph in the font the text needs; right-to-left text shaped and mirrored.

    Arabic-script text is reshaped and reordered line by line (reportlab does not do bidi);
    such text is short here (names, a typed answer), so no re-wrapping is attempted.
    """
    if FSI in text:  # a person's name (``display_name``): each part in its own direction
        runs = font_runs(visual_isolated(text), bold=style.fontName.endswith("-bold"))
        marked = "".join(f'<font name="{font}">{escape(part)}</font>' for font, part in runs)
        return Paragraph(marked.replace("\n", "<br/>"), style)
    script = script_of(text)
    if script is Script.ARABIC:
        lines = [get_display(reshape(line)).replace("\u200c", "") for line in text.split("\n")]
        style = ParagraphStyle(
            f"{style.name}-rtl",
            parent=style,
            fontName=font_name(script, bold=style.fontName.endswith("-bold")),
            alignment=TA_RIGHT,
        )
        return Paragraph("<br/>".join(escape(line) for line in lines), style)
    if script is not Script.LATIN:
        style = ParagraphStyle(
            f"{style.name}-{script.value}",
            parent=style,
            fontName=font_name(script, bold=style.fontName.endswith("-bold")),
        )
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


# -- the drawn parts of a paper form ------------------------------------------------------

BOX = 3.4 * 72 / 25.4  # 3.4 mm
LINE_GAP = 7.5 * 72 / 25.4  # room for one line of handwriting


class WritingLines(Flowable):
    """``count`` ruled lines to write on by hand, optionally only ``fraction`` of the width."""

    def __init__(self, count: int, *, fraction: float = 1.0, text: str = "") -> None:
        super().__init__()
        self.count = count
        self.fraction = fraction
        self.text = text  # printed at the start of the first line, e.g. "__.__.____"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self.count * LINE_GAP
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        for index in range(self.count):
            y = self.height - (index + 1) * LINE_GAP + 1.5
            canvas.line(0, y, self.width * self.fraction, y)
        if self.text:
            canvas.setFillColor(MUTED)
            canvas.setFont(font_name(Script.LATIN), 12)
            canvas.drawString(0, self.height - LINE_GAP + 3, self.text)


class Boxes(Flowable):
    """Tick boxes with their labels, flowing over as many rows as the width needs.

    ``items`` are (label, marked); a marked box carries a cross, as if ticked by pen.
    """

    def __init__(
        self, items: Sequence[tuple[str, bool]], *, font_size: float = 9, gap: float = 14
    ) -> None:
        super().__init__()
        self.items = list(items)
        self.font_size = font_size
        self.gap = gap
        self.row_height = max(BOX, font_size) + 5
        self._rows: list[list[tuple[float, str, bool]]] = []

    def _font(self, marked: bool) -> str:
        return font_name(Script.LATIN, bold=marked)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._rows = [[]]
        x = 0.0
        for label, marked in self.items:
            width = BOX + 4 + stringWidth(label, self._font(marked), self.font_size)
            if x > 0 and x + width > avail_width:
                self._rows.append([])
                x = 0.0
            self._rows[-1].append((x, label, marked))
            x += width + self.gap
        self.width = avail_width
        self.height = len(self._rows) * self.row_height
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        for row_no, row in enumerate(self._rows):
            y = self.height - (row_no + 1) * self.row_height + 2.5
            for x, label, marked in row:
                _box(canvas, x, y, marked)
                canvas.setFillColor(ANSWER_INK if marked else INK)
                canvas.setFont(self._font(marked), self.font_size)
                canvas.drawString(x + BOX + 4, y + 0.5, label)


def _box(canvas: Any, x: float, y: float, marked: bool) -> None:
    canvas.setStrokeColor(INK)
    canvas.setLineWidth(0.7)
    canvas.rect(x, y, BOX, BOX, stroke=1, fill=0)
    if marked:
        canvas.setStrokeColor(ANSWER_INK)
        canvas.setLineWidth(1.4)
        canvas.line(x + 1.2, y + 1.2, x + BOX - 1.2, y + BOX - 1.2)
        canvas.line(x + 1.2, y + BOX - 1.2, x + BOX - 1.2, y + 1.2)


class RatingBoxes(Flowable):
    """The ten boxes of a 1–10 rating, numbered below, the chosen value crossed."""

    def __init__(self, value: int | None) -> None:
        super().__init__()
        self.value = value
        self.step = 10 * 72 / 25.4

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = BOX * 1.6 + 14
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        size = BOX * 1.6
        left = (self.width - 9 * self.step - size) / 2
        for number in range(1, 11):
            x = left + (number - 1) * self.step
            marked = number == self.value
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(0.7)
            canvas.rect(x, 12, size, size, stroke=1, fill=0)
            if marked:
                canvas.setStrokeColor(ANSWER_INK)
                canvas.setLineWidth(1.6)
                canvas.line(x + 1.5, 13.5, x + size - 1.5, 12 + size - 1.5)
                canvas.line(x + 1.5, 12 + size - 1.5, x + size - 1.5, 13.5)
            canvas.setFillColor(ANSWER_INK if marked else INK)
            canvas.setFont(font_name(Script.LATIN, bold=marked), 8.5)
            canvas.drawCentredString(x + size / 2, 2, str(number))
