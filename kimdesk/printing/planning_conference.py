"""The planning conference's bundle as PDF: one page (or more) per anonymised case, then a
page for the themes found. It shows no date at all: the footer says no "printed on" (that day
could be one stored for a case), the course of a case is told in months of the case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kimdesk.i18n import _, ngettext
from kimdesk.planning_conference import (
    Bundle,
    Reconstruction,
    conferences_of_case,
    released_texts,
)
from kimdesk.printing.case_file import grid_table
from kimdesk.printing.layout import (
    CONTENT_WIDTH,
    INK,
    RULE,
    PageInfo,
    WritingLines,
    build_pdf,
    german_date,
    styles,
    text_paragraph,
)

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload
    from kimdesk.printing.bilingual import Words
    from kimdesk.store.planning_rows import ApprovedRow

NOT_RELEASED = "—"


def render_bundle(bundle: Bundle, released: Mapping[str, str]) -> bytes:
    """The bundle with the released texts (key -> text); each is checked once more and a
    text that fails, or one not released, is left out."""
    texts = bundle.cleared(released)
    title = _("Planning conference: anonymised case reconstructions")
    story: list[Flowable] = [
        Paragraph(title, styles()["title"]),
        Paragraph(
            ngettext(
                "{count} case, under its pseudonym.",
                "{count} cases, each under its pseudonym.",
                len(bundle.cases),
            ).format(count=len(bundle.cases))
            + " "
            + _(
                "Instead of personal data: the age group at the start of the case, the "
                "nationality only where at least three cases of the caseload share it with the "
                "same age group and gender (else the region), months of the case instead of "
                "dates (month 1 is the month the case began), agencies by their kind. Free texts "
                "appear only as the case manager reviewed and released them; “{dash}” marks a "
                "text not released."
            ).format(dash=NOT_RELEASED),
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
        for referral in case.referrals:
            rows.append(
                [
                    _p(referral.domain.label if referral.domain else "—"),
                    _p(_("month {month}").format(month=referral.month)),
                    _p(referral.status.label),
                    _p(referral.need_met.label if referral.need_met else "—"),
                    _p(_text(texts, referral.result_key) if referral.result_key else ""),
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
    # No print date: the day could be one stored for a person of the caseload.
    marking = _("anonymised, confidential")
    return build_pdf(story, PageInfo(_("Planning conference bundle"), "", None, marking=marking))


def access_section(caseload: Caseload, case_id: int, words: Words) -> list[Flowable]:
    """The Art. 15 information's part on planning conferences: when the case was discussed
    (anonymised) and the texts released for it; nothing for a case never discussed."""
    held = conferences_of_case(caseload, case_id)
    if not held:
        return []
    texts: dict[int, list[ApprovedRow]] = {}
    for approved in released_texts(caseload, case_id):
        texts.setdefault(approved.conference_id, []).append(approved)
    rows = [
        [german_date(c.held_on), text.label, text.text]
        for c in held
        for text in texts.get(c.id, [])
    ]
    rows += [
        [german_date(c.held_on), _("no text released"), ""] for c in held if not texts.get(c.id)
    ]
    heading = _("Planning conferences your case was discussed in, anonymised")
    story = words.heading(
        "Planning conferences your case was discussed in, anonymised", base=heading
    )
    story.append(grid_table([_("Held on"), _("Text"), _("As released")], rows, [0.16, 0.34, 0.5]))
    return story
