"""Paragraph layout for printed text in any of the bundled scripts, right-to-left included.

Arabic-script text is reshaped (joined letter forms) in logical order, wrapped at the width,
and only then reordered line by line into visual order (python-bidi), so that a wrapped line
never carries words of its neighbour. Every line is drawn in runs: each character goes to the
text's own font if that font has its glyph, else to Noto Sans (Noto Naskh has no Latin letters,
Noto Sans Ethiopic no digits), so no character ever prints as a missing-glyph box.
``Sheet`` flows such paragraphs, bilingual, over A4 pages with header and numbered footer.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import arabic_reshaper
from bidi.algorithm import get_display
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from kimdesk.domain.names import FSI, MARKS, PDI
from kimdesk.printing.fonts import Script, font_for, font_name, has_glyph, script_of
from kimdesk.printing.metadata import PdfMetadata

ZWNJ = "\u200c"
GREY = Color(0.35, 0.35, 0.35)
RULE = Color(0.6, 0.6, 0.6)
MARGIN = 18 * mm
BOTTOM = 20 * mm
BOX = 3.6 * mm
VALUE = 10.5  # font size of a value written on a line
LABEL = 7.5  # font size of the label under a line


@dataclass(frozen=True)
class Line:
    """One line in visual order, ready to draw."""

    text: str
    rtl: bool


def is_rtl(text: str) -> bool:
    """Right-to-left paragraph; isolated parts (a person's name) do not decide it."""
    if FSI in text:
        text = "".join(part for part, isolated in isolated_parts(text) if not isolated)
    return script_of(text) is Script.ARABIC


def isolated_parts(text: str) -> list[tuple[str, bool]]:
    """``text`` split at FSI … PDI into (part, isolated) pieces, the marks (LRM too) dropped."""
    parts: list[tuple[str, bool]] = []
    current, isolated = "", False
    for character in text:
        if character in MARKS:
            if current:
                parts.append((current, isolated))
            current, isolated = "", character == FSI
        else:
            current += character
    if current:
        parts.append((current, isolated))
    return parts


def visual_isolated(line: str) -> str:
    """A left-to-right line with isolated parts (``display_name``) in visual order.

    python-bidi's algorithm knows no isolates (it fails on FSI), and PDF fonts have no glyph
    for them: so each part is shaped and reordered on its own, the parts stay in logical
    order, and the marks are dropped. "⁨حداد⁩, ⁨Олена⁩" prints as surname, comma, given name.
    """
    return "".join(
        str(get_display(shape(part), base_dir="R")) if is_rtl(part) else part
        for part, _isolated in isolated_parts(line)
    )


@cache
def _covered(font: str, character: str) -> bool:
    return has_glyph(font, character)


def font_runs(text: str, *, bold: bool = False) -> list[tuple[str, str]]:
    """``text`` split into (font, part) runs, each part fully covered by its font."""
    primary = font_for(text, bold=bold)
    fallback = font_name(Script.LATIN, bold=bold)
    runs: list[tuple[str, str]] = []
    for character in text:
        font = primary if _covered(primary, character) else fallback
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + character)
        else:
            runs.append((font, character))
    return runs


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    return sum(stringWidth(part, font, size) for font, part in font_runs(text, bold=bold))


def shape(text: str) -> str:
    """Joined presentation forms for Arabic-script text (still in logical order)."""
    if not is_rtl(text):
        return text
    return arabic_reshaper.reshape(text).replace(ZWNJ, "")


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[Line]:
    """``text`` broken into lines no wider than ``width``; explicit newlines are kept."""
    rtl = is_rtl(text)
    lines: list[Line] = []
    for paragraph in text.split("\n"):
        logical = _wrap_words(shape(paragraph), width, size, bold=bold)
        for line in logical:
            if FSI in paragraph or PDI in paragraph:
                lines.append(Line(visual_isolated(line), rtl))
                continue
            visual = get_display(line, base_dir="R") if rtl else line
            lines.append(Line(str(visual), rtl))
    return lines


def _wrap_words(text: str, width: float, size: float, *, bold: bool) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold=bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


def draw_line(
    canvas: Canvas, line: Line, x: float, y: float, width: float, size: float, *, bold: bool = False
) -> None:
    """Draw one visual line inside [x, x + width]: right-aligned if it is right-to-left."""
    runs = font_runs(line.text, bold=bold)
    total = sum(stringWidth(part, font, size) for font, part in runs)
    cursor = x + width - total if line.rtl else x
    for font, part in runs:
        canvas.setFont(font, size)
        canvas.drawString(cursor, y, part)
        cursor += stringWidth(part, font, size)


class _NumberedCanvas(Canvas):
    """A canvas that draws the footer once the number of pages is known."""

    def __init__(self, *args: Any, footer: Callable[[Canvas, int, int], None], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._footer = footer

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._footer(self, number, total)
            super().showPage()
        super().save()


class Sheet:
    """Bilingual text flowed top to bottom over as many pages as needed."""

    def __init__(
        self,
        client: Callable[[str], str],
        german: Callable[[str], str] | None,
        title_message: str,
        *,
        footer: str,
        metadata: PdfMetadata,
    ) -> None:
        self._client = client
        self._german = german
        self.title_message = title_message
        self._footer_template = footer
        self._buffer = io.BytesIO()
        self.canvas = _NumberedCanvas(
            self._buffer,
            pagesize=A4,
            pageCompression=1,
            footer=self._draw_footer,
            initialFontName=font_for("", bold=False),  # registers; Helvetica lacks the glyphs
            initialFontSize=9.5,
            lang=metadata.lang,
        )
        metadata.apply(self.canvas)
        self.width = A4[0] - 2 * MARGIN
        self.left = MARGIN
        self.y = 0.0
        self._page_header()

    @property
    def bilingual(self) -> bool:
        """Whether every text is printed twice: in the client's language and in German."""
        return self._german is not None

    def client(self, message: str, **values: object) -> str:
        return self._client(message).format(**values)

    def german(self, message: str, **values: object) -> str:
        return (self._german or self._client)(message).format(**values)

    # -- pages -----------------------------------------------------------------------------

    def _page_header(self) -> None:
        self.y = A4[1] - MARGIN
        for text in self._both(self.title_message):
            self.paragraph(text, size=12.5, bold=True, after=0, check=False)
        self.y -= 2
        self.canvas.setStrokeColor(RULE)
        self.canvas.line(self.left, self.y, self.left + self.width, self.y)
        self.y -= 5 * mm

    def _draw_footer(self, canvas: Canvas, number: int, total: int) -> None:
        canvas.setFillColor(GREY)
        text = self._footer_template.format(page=number, pages=total)
        draw_line(canvas, Line(text, False), self.left, BOTTOM - 8 * mm, self.width, 7.5)

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` still fits on this one."""
        if self.y - height < BOTTOM:
            self.canvas.showPage()
            self._page_header()

    def pdf(self) -> bytes:
        self.canvas.showPage()
        self.canvas.save()
        return self._buffer.getvalue()

    # -- text ------------------------------------------------------------------------------

    def _both(self, message: str, **values: object) -> list[str]:
        texts = [self.client(message, **values)]
        if self.bilingual:
            texts.append(self.german(message, **values))
        return texts

    def paragraph(
        self,
        text: str,
        *,
        size: float = 9.5,
        bold: bool = False,
        colour: Color = black,
        after: float = 3,
        indent: float = 0,
        check: bool = True,
    ) -> None:
        leading = size * 1.35
        for line in wrap(text, self.width - indent, size, bold=bold):
            if check:
                self.ensure(leading)
            self.y -= leading
            self.canvas.setFillColor(colour)
            # an indent is on the side where the lines start
            x = self.left if line.rtl else self.left + indent
            draw_line(
                self.canvas, line, x, self.y + size * 0.3, self.width - indent, size, bold=bold
            )
        self.y -= after

    def text(
        self, message: str, *, bold: bool = False, indent: float = 0, **values: object
    ) -> None:
        """A text in the client's language, then (smaller, grey) in German."""
        self.paragraph(self.client(message, **values), bold=bold, indent=indent, after=1)
        if self.bilingual:
            self.paragraph(
                self.german(message, **values),
                size=8.5,
                bold=bold,
                colour=GREY,
                indent=indent,
                after=1,
            )
        self.y -= 3

    def text_height(self, message: str, *, bold: bool = False, **values: object) -> float:
        """The height ``text`` takes for this message."""
        height = len(wrap(self.client(message, **values), self.width, 9.5, bold=bold)) * 9.5
        height = height * 1.35 + 1
        if self.bilingual:
            german = wrap(self.german(message, **values), self.width, 8.5, bold=bold)
            height += len(german) * 8.5 * 1.35 + 1
        return height + 3

    def label_lines(
        self, message: str, width: float, size: float, *, bold: bool = False
    ) -> list[Line]:
        """A short bilingual label: "client / German" on one line, or RTL and German stacked."""
        texts = self._both(message)
        if len(texts) > 1 and is_rtl(texts[0]):
            return [line for text in texts for line in wrap(text, width, size, bold=bold)]
        return wrap(" / ".join(texts), width, size, bold=bold)

    def heading(self, message: str) -> None:
        self.ensure(40)
        self.y -= 3
        self.canvas.setFillColor(black)
        lines = self.label_lines(message, self.width, 10.5, bold=True)
        self._lines(lines, self.left, self.y - 10.5, self.width, 10.5, bold=True)
        self.y -= len(lines) * 10.5 * 1.3 + 4

    # -- form parts ------------------------------------------------------------------------

    def box(self, x: float, y: float) -> None:
        self.canvas.setStrokeColor(black)
        self.canvas.rect(x, y, BOX, BOX, stroke=1, fill=0)

    def hand_line(self, x: float, y: float, width: float) -> None:
        self.canvas.setStrokeColor(GREY)
        self.canvas.line(x, y, x + width, y)

    def labelled_line(self, message: str, value: str | None) -> None:
        """A value (or a blank line to write on) with its bilingual label underneath."""
        self.labelled_row([(message, value)])

    def labelled_row(self, fields: Sequence[tuple[str, str | None]], *, space: float = 20) -> None:
        """Values (or blank lines to write on) side by side, each with its bilingual label
        underneath; ``space`` above the line is room for handwriting. A long value wraps
        upwards over the line, never cut off."""
        gap = 8 * mm
        width = (self.width - gap * (len(fields) - 1)) / len(fields)
        values = [wrap(value, width, VALUE) if value else [] for _message, value in fields]
        labels = [self._label_baselines(message, width) for message, _value in fields]
        if any(len(baselines) > 1 for baselines in labels):  # then all alike, side by side
            labels = [self._label_baselines(m, width, stacked=True) for m, _value in fields]
        above = max(len(lines) for lines in values) * VALUE * 1.3 + 6
        below = max(len(lines) for lines in labels) * LABEL * 1.3 + 2
        self.ensure(max(space, above) + below)
        self.y -= max(space, above)
        for index, (lines, baselines) in enumerate(zip(values, labels, strict=True)):
            x = self.left + index * (width + gap)
            self.canvas.setFillColor(black)
            self._lines(lines, x, self.y + 3 + (len(lines) - 1) * VALUE * 1.3, width, VALUE)
            self.hand_line(x, self.y, width)
            self.canvas.setFillColor(GREY)
            for number, baseline in enumerate(baselines):
                for line in baseline:
                    draw_line(
                        self.canvas, line, x, self.y - 8.5 - number * LABEL * 1.3, width, LABEL
                    )
        if any(labels):
            self.y -= below + 4

    def _label_baselines(
        self, message: str, width: float, *, stacked: bool = False
    ) -> list[list[Line]]:
        """A label under a line: "client / German", or German on the left and the
        right-to-left label on the right of the same baseline (stacked when too wide)."""
        if not message:
            return []
        texts = self._both(message)
        if len(texts) > 1 and is_rtl(texts[0]):
            german = wrap(texts[1], width, LABEL)
            client = wrap(texts[0], width, LABEL)
            widths = text_width(texts[1], LABEL) + text_width(texts[0], LABEL)
            if not stacked and len(german) == len(client) == 1 and widths + 4 * mm < width:
                return [[german[0], client[0]]]
            return [[line] for line in client + german]
        return [[line] for line in wrap(" / ".join(texts), width, LABEL)]

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        box_header: str,
        blank_rows: int = 4,
    ) -> None:
        """Rows with a box to cross in front; blank rows with lines when there is no data."""
        box_column = 24 * mm
        column_width = (self.width - box_column) / len(headers)
        lefts = [self.left + box_column + index * column_width for index in range(len(headers))]
        self.ensure(60)
        cells = [(self.left, box_column, box_header)] + [
            (x, column_width, header) for x, header in zip(lefts, headers, strict=True)
        ]
        heads = [(x, w, self.label_lines(h, w - 3 * mm, 8, bold=True)) for x, w, h in cells]
        self.canvas.setFillColor(black)
        for x, w, lines in heads:
            self._lines(lines, x, self.y - 8, w - 3 * mm, 8, bold=True)
        self.y -= max(len(lines) for _, _, lines in heads) * 8 * 1.3 + 3
        for row in rows or [("",) * len(headers)] * blank_rows:
            wrapped = [wrap(cell, column_width - 3 * mm, 9.5) for cell in row]
            height = max(len(lines) for lines in wrapped) * 9.5 * 1.35 + 8
            self.ensure(height)
            self.box(self.left + (box_column - BOX) / 2 - 3 * mm, self.y - height + 7)
            for x, lines in zip(lefts, wrapped, strict=True):
                self.canvas.setFillColor(black)
                self._lines(lines, x, self.y - 11, column_width - 3 * mm, 9.5)
                self.hand_line(x, self.y - height + 6, column_width - 3 * mm)
            self.y -= height
        self.y -= 4

    def _lines(
        self,
        lines: Sequence[Line],
        x: float,
        y: float,
        width: float,
        size: float,
        *,
        bold: bool = False,
    ) -> None:
        for line in lines:
            draw_line(self.canvas, line, x, y, width, size, bold=bold)
            y -= size * 1.3

    def checklist(self, messages: Sequence[str]) -> None:
        """One box per item, the German label left and the client's label on the right."""
        half = (self.width - BOX - 3 * mm) / 2
        start = self.left + BOX + 3 * mm
        for message in messages:
            self.ensure(16)
            self.y -= 15
            self.box(self.left, self.y)
            self.canvas.setFillColor(black)
            draw_line(self.canvas, Line(self.german(message), False), start, self.y + 1, half, 9.5)
            if self.bilingual:
                [line, *_] = wrap(self.client(message), half - 2 * mm, 9.5)
                draw_line(self.canvas, line, start + half + 2 * mm, self.y + 1, half - 2 * mm, 9.5)
        self.y -= 6
