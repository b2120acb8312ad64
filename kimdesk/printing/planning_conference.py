"""The planning conference's bundle as PDF: one page (or more) per anonymised case, then a
page for the themes found. It shows no date at all: the footer says no "printed on" (that day
could be one stored for a case), the course of a case is told in months of the case.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kimdesk.i18n import _, language
from kimdesk.planning_conference import Bundle, Reconstruction
from kimdesk.printing.fonts import Script, font_name, register_fonts
from kimdesk.printing.layout import (
    CONTENT_WIDTH,
    INK,
    MARGIN,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    WritingLines,
    styles,
    text_paragraph,
)
from kimdesk.printing.metadata import PdfMetadata

NOT_RELEASED = "—"


def render_bundle(bundle: Bundle, released: Mapping[str, str]) -> bytes:
    """The bundle with the released texts (key -> text); each is checked once more and a
    text that fails, or one not released, is left out."""
    texts = bundle.cleared(released)
    title = _("Planning conference: anonymised case reconstructions")
    story: list[Flowable] = [
        Paragraph(title, styles()["title"]),
        Paragraph(
            _(
                "{count} cases, each under its pseudonym. Instead of personal data: the age "
                "group at the start of the case, the nationality only where at least three "
                "cases of the caseload share it with the same age group and gender (else the "
                "region), months of the case instead of dates (month 1 is the month the case "
                "began), agencies by their kind. Free texts appear only as the case manager "
                "reviewed and released them; “{dash}” marks a text not released."
            ).format(count=len(bundle.cases), dash=NOT_RELEASED),
            styles()["description"],
        ),
    ]
    for number, case in enumerate(bundle.cases, start=1):
        if number > 1:
            story.append(PageBreak())
        story.extend(_case(number, case, texts))
    story.append(PageBreak())
    story.extend(_themes_page())
    return _build(story, title)


def _sub(text: str) -> Paragraph:
    style = ParagraphStyle("sub", parent=styles()["label"], spaceBefore=7, spaceAfter=2)
    return Paragraph(text, style)


def _case(number: int, case: Reconstruction, texts: Mapping[str, str]) -> list[Flowable]:
    s = styles()
    parts: list[Flowable] = [
        Paragraph(
            _("Case {number}: {pseudonym}").format(number=number, pseudonym=case.pseudonym),
            s["section"],
        )
    ]
    course = (
        _("closed in month {months}").format(months=case.months)
        if case.closed
        else _("open, now in month {months}").format(months=case.months)
    )
    facts = [
        (_("Age group at the start"), case.age_group),
        (_("Gender"), case.gender),
        (_("Nationality / region"), case.origin),
        (_("Course"), course),
    ]
    if case.closure:
        facts.append((_("Closure"), case.closure.label))
    if case.closure_note_key:
        facts.append((_("Explanation of the closure"), _text(texts, case.closure_note_key)))
    facts.append(
        (
            _("Phases (month)"),
            "; ".join(f"{phase.label} ({month})" for phase, month in case.phases) or "—",
        )
    )
    agencies = list(case.agencies)
    if case.further_agencies:
        agencies.append(_("{n} further").format(n=case.further_agencies))
    facts.append((_("Agencies involved (kind)"), ", ".join(agencies) or "—"))
    parts.append(_grid([[_p(k, "small_bold"), _p(v)] for k, v in facts], (45 * mm, None)))

    if case.ratings:
        parts.append(_sub(_("Ratings per life domain")))
        rows = [
            [
                _p(h, "small_bold")
                for h in (_("Life domain"), _("First assessment"), _("Most recent assessment"))
            ]
        ]
        for r in case.ratings:
            rows.append([_p(r.domain.label), _p(_num(r.first)), _p(_num(r.latest))])
        parts.append(_grid(rows, (None, 28 * mm, 28 * mm), header=True))
        parts.append(
            Paragraph(
                _("Mean of the domain's rating lines, 1 = extreme difficulties, 10 = no problem."),
                s["help"],
            )
        )
    if case.situations:
        parts.append(_sub(_("Situation at the first assessment")))
        rows = [[_p(d.label, "small_bold"), _p(_text(texts, key))] for d, key in case.situations]
        parts.append(_grid(rows, (45 * mm, None)))
    if case.goals:
        parts.append(_sub(_("Goals")))
        rows = [
            [
                _p(h, "small_bold")
                for h in (
                    _("Life domain"),
                    _("Agreed in"),
                    _("Achievement (reviewed)"),
                    _("Goal (released)"),
                )
            ]
        ]
        for g in case.goals:
            achievement = g.achievement.label if g.achievement else _("not reviewed")
            if g.reviewed_month:
                achievement += " " + _("(month {month})").format(month=g.reviewed_month)
            wording = _text(texts, g.text_key)
            if g.note_key and g.note_key in texts:
                wording += "\n" + _text(texts, g.note_key)
            rows.append(
                [
                    _p(g.domain.label if g.domain else "—"),
                    _p(_("month {month}").format(month=g.agreed_month)),
                    _p(achievement),
                    _p(wording),
                ]
            )
        parts.append(_grid(rows, (42 * mm, 20 * mm, 34 * mm, None), header=True))
    if case.referrals:
        parts.append(_sub(_("Referrals")))
        rows = [
            [
                _p(h, "small_bold")
                for h in (
                    _("Life domain"),
                    _("Referred in"),
                    _("Status"),
                    _("Need met"),
                    _("Result (released)"),
                )
            ]
        ]
        for r in case.referrals:
            rows.append(
                [
                    _p(r.domain.label if r.domain else "—"),
                    _p(_("month {month}").format(month=r.month)),
                    _p(r.status.label),
                    _p(r.need_met.label if r.need_met else "—"),
                    _p(_text(texts, r.result_key) if r.result_key else ""),
                ]
            )
        parts.append(_grid(rows, (38 * mm, 18 * mm, 24 * mm, 18 * mm, None), header=True))
    parts.append(Spacer(1, 4 * mm))
    parts.append(
        KeepTogether(
            [
                _sub(_("Themes and problems in this case")),
                WritingLines(4),
            ]
        )
    )
    return parts


def _themes_page() -> list[Flowable]:
    s = styles()
    return [
        Paragraph(_("Generative themes across the cases"), s["section"]),
        Paragraph(
            _(
                "Themes and problems that appear across the cases, worded generally and "
                "agreed by all: no solutions, no measures (that is the case conference's work)."
            ),
            s["description"],
        ),
        *[
            item
            for n in range(1, 6)
            for item in (
                Paragraph(_("Generative theme {n}").format(n=n), s["label"]),
                WritingLines(3),
            )
        ],
    ]


def _text(texts: Mapping[str, str], key: str | None) -> str:
    return texts.get(key or "", NOT_RELEASED)


def _num(value: float | None) -> str:
    return f"{value:.1f}".replace(".", ",") if value is not None else "—"


def _p(text: str, style: str = "small") -> Paragraph:
    return text_paragraph(text, styles()[style])


def _grid(
    rows: Sequence[Sequence[Any]], widths: Sequence[float | None], *, header: bool = False
) -> Table:
    fixed = sum(w for w in widths if w)
    rest = CONTENT_WIDTH - fixed
    table = Table(
        [list(r) for r in rows],
        colWidths=[w if w else rest for w in widths],
        repeatRows=1 if header else 0,
    )
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 0.8, INK))
    table.setStyle(TableStyle(commands))
    table.spaceAfter = 4
    return table


def _build(story: list[Flowable], title: str) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 2 * mm,
        bottomMargin=MARGIN,
        **PdfMetadata(title, language()).doc_template_arguments(),
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

    def furniture(canvas: Canvas, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(font_name(Script.LATIN, bold=True), 9)
        canvas.setFillColor(INK)
        top = PAGE_HEIGHT - 11 * mm
        canvas.drawString(MARGIN, top, _("Planning conference bundle"))
        canvas.setFont(font_name(Script.LATIN), 9)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, top, _("anonymised, confidential"))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, top - 2.5 * mm, PAGE_WIDTH - MARGIN, top - 2.5 * mm)
        bottom = 10 * mm
        canvas.line(MARGIN, bottom + 4 * mm, PAGE_WIDTH - MARGIN, bottom + 4 * mm)
        canvas.setFont(font_name(Script.LATIN), 8)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(
            PAGE_WIDTH - MARGIN, bottom, _("Bundle page {page}").format(page=document.page)
        )
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=furniture)])
    doc.build(story)
    return buffer.getvalue()
