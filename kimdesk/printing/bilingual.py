"""Texts of the printed client documents in the document's language, with the headings and a
few key lines once more in the client's language below them (from the consent catalogs)."""

from __future__ import annotations

from xml.sax.saxutils import escape

from arabic_reshaper import reshape
from bidi.algorithm import get_display
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from kimdesk.i18n import language
from kimdesk.printing.consent_texts import BINDING_LANGUAGE, CONSENT_LANGUAGES, consent_text
from kimdesk.printing.fonts import Script, font_name
from kimdesk.printing.layout import MUTED, styles
from kimdesk.printing.text import font_runs, is_rtl

HEADING_ROOM = 30 * mm  # a heading starts a new page when less than this is left


class Words:
    """The fixed texts of the consent catalogs (English msgids) in the document's language,
    and once more in the client's language."""

    def __init__(self, client: str) -> None:
        current = language()
        self.language = current if current in CONSENT_LANGUAGES else BINDING_LANGUAGE
        self.client = client if client in CONSENT_LANGUAGES else self.language

    def base(self, message: str) -> str:
        return consent_text(self.language, message)

    def translated(self, message: str) -> str | None:
        """``message`` in the client's language, None where it reads as in the document."""
        text = consent_text(self.client, message)
        return None if text == self.base(message) else text

    def heading(
        self, message: str, *, title: bool = False, base: str = "", room: float = HEADING_ROOM
    ) -> list[Flowable]:
        """The heading in the document's language (or ``base``), the client's below it; a
        new page first when less than ``room`` is left."""
        style = styles()["title" if title else "section"]
        parts: list[Flowable] = [Paragraph(escape(base or self.base(message)), style)]
        other = self.translated(message)
        if other:
            parts.append(client_paragraph(other, client_style(13 if title else 10)))
        # A heading never stays behind alone at the foot of a page.
        return parts if title else [CondPageBreak(room), *parts]

    def line(self, message: str, *, prefix: str = "") -> list[Flowable]:
        """A short text in the document's language, the client's below it in grey."""
        parts: list[Flowable] = [body(prefix + self.base(message))]
        other = self.translated(message)
        if other:
            parts.append(client_paragraph(other, client_style(9)))
        return parts


def client_paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """A line in the client's script, each character in a font that has it (the Ethiopic
    font has no digits, the Arabic one no Latin letters); right-to-left text reordered.
    Meant for short lines: reordered text is not re-wrapped."""
    rtl = is_rtl(text)
    shown = get_display(reshape(text)).replace("\u200c", "") if rtl else text
    markup = "".join(
        f'<font face="{font}">{escape(part)}</font>' for font, part in font_runs(shown)
    )
    if rtl:
        style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
    return Paragraph(markup, style)


def body(text: str) -> Paragraph:
    """A paragraph of running text."""
    style = ParagraphStyle("client-body", parent=styles()["body"], spaceAfter=4)
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def client_style(size: float) -> ParagraphStyle:
    return ParagraphStyle(
        f"client-{size}",
        parent=styles()["body"],
        fontName=font_name(Script.LATIN),
        fontSize=size,
        leading=size * 1.35,
        textColor=MUTED,
        spaceAfter=3,
    )
