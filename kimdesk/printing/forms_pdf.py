"""Every paper form of forms/ as a PDF, blank for handwriting or filled with a case's answers.

The page follows the paper: the title, the sections in order with their help, each field with
its German label; blank forms get lines, boxes and the "__.__.____" of a date, filled forms
the answers written in and the chosen boxes crossed.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Indenter,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kimdesk.forms.model import AGENCY_PARTS, Field, FieldType, FormDefinition
from kimdesk.i18n import _
from kimdesk.printing.layout import (
    CONTENT_WIDTH,
    INK,
    RULE,
    Boxes,
    PageInfo,
    RatingBoxes,
    WritingLines,
    build_pdf,
    german_date,
    styles,
    text_paragraph,
)

BLANK_GROUP_ITEMS = 3  # repeating groups without max_items get this many blank blocks
LONG_TEXT_LINES = 4
INDENT = 5 * mm  # the entries of a repeating group
HEADING_ROOM = 35 * mm  # a heading starts a new page when less than this is left


def render_form(
    definition: FormDefinition,
    answers: Mapping[str, Any] | None,
    *,
    case_number: str = "",
    printed_on: date,
) -> bytes:
    """The form as PDF: blank when ``answers`` is None, else filled with them."""
    story: list[Flowable] = [Paragraph(_escape(definition.title), styles()["title"])]
    if definition.description:
        story.append(Paragraph(_escape(definition.description), styles()["description"]))
    story.extend(form_story(definition, answers))
    return build_pdf(story, PageInfo(definition.title, case_number, printed_on))


def form_story(definition: FormDefinition, answers: Mapping[str, Any] | None) -> list[Flowable]:
    """The sections and fields of a form as flowables (blank when ``answers`` is None)."""
    story: list[Flowable] = []
    for section in definition.sections:
        # A section title never ends a page alone.
        story.append(CondPageBreak(HEADING_ROOM))
        story.append(Paragraph(_escape(section.title), styles()["section"]))
        if section.help:
            story.append(Paragraph(_escape(section.help), styles()["help"]))
            story.append(Spacer(1, 2 * mm))
        agencies: list[Field] = []
        for field in (*section.fields, None):
            if field is not None and field.type is FieldType.AGENCY_CONTACT:
                agencies.append(field)
                continue
            if agencies:
                story.extend([agency_grid(agencies, answers), Spacer(1, 3 * mm)])
                agencies = []
            if field is not None:
                story.extend(field_block(field, answers))
    return story


def field_block(
    field: Field, answers: Mapping[str, Any] | None, *, width: float = CONTENT_WIDTH
) -> list[Flowable]:
    """One field: its label and help, then lines, boxes or the answer, ``width`` wide."""
    value = None if answers is None else answers.get(field.key)
    if field.type is FieldType.REPEATING_GROUP:
        return _group_block(field, value, filled=answers is not None, width=width)
    if field.type is FieldType.AGENCY_CONTACT:
        return [agency_grid([field], answers, width=width), Spacer(1, 3 * mm)]
    head: list[Flowable] = [Paragraph(_escape(field.label), styles()["label"])]
    if field.help:
        head.append(Paragraph(_escape(field.help), styles()["help"]))
    body = _input(field, value, filled=answers is not None, width=width)
    return [KeepTogether([*head, Spacer(1, 1 * mm), *body, Spacer(1, 3 * mm)])]


def _input(field: Field, value: Any, *, filled: bool, width: float) -> list[Flowable]:
    kind = field.type
    if kind in (
        FieldType.SINGLE_CHOICE,
        FieldType.MULTIPLE_CHOICE,
        FieldType.ACHIEVEMENT_4,
        FieldType.CHANGE_6,
    ):
        chosen = set(value) if isinstance(value, list) else {value}
        return [Boxes([(o.label, o.key in chosen) for o in field.options])]
    if kind is FieldType.YES_NO:
        return [Boxes([(_("yes"), value is True), (_("no"), value is False)])]
    if kind is FieldType.SCALE_10:
        return _rating(field, value if isinstance(value, dict) else {}, filled=filled, width=width)
    text = answer_text(field, value)
    if text:
        return [text_paragraph(text, styles()["answer"])]
    if filled:
        return [Paragraph("–", styles()["help"])]
    if kind is FieldType.DATE:
        return [WritingLines(1, fraction=0, text="__.__.____")]
    if kind is FieldType.LONG_TEXT:
        return [WritingLines(LONG_TEXT_LINES)]
    if kind is FieldType.NUMBER:
        return [WritingLines(1, fraction=0.25)]
    return [WritingLines(1)]


def _rating(
    field: Field, value: Mapping[str, Any], *, filled: bool, width: float
) -> list[Flowable]:
    parts: list[Flowable] = []
    if field.anchors is not None:
        anchors = Table(
            [
                [
                    Paragraph(_escape(field.anchors.low), styles()["help"]),
                    Paragraph(_escape(field.anchors.high), styles()["help_right"]),
                ]
            ],
            colWidths=[width / 2] * 2,
        )
        anchors.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        parts.append(anchors)
    number = value.get("value")
    parts.append(RatingBoxes(number if isinstance(number, int) else None))
    remark = str(value.get("remark") or "").strip()
    parts.append(Paragraph(_escape(_("Case manager's remark:")), styles()["small_bold"]))
    if remark:
        parts.append(text_paragraph(remark, styles()["answer"]))
    elif filled:
        parts.append(Paragraph("–", styles()["help"]))
    else:
        parts.append(WritingLines(2))
    return parts


def _group_block(field: Field, value: Any, *, filled: bool, width: float) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(_escape(field.label), styles()["label"])]
    if field.help:
        story.append(Paragraph(_escape(field.help), styles()["help"]))
    if filled:
        items = (
            [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
        )
        if not items:
            story.append(Paragraph("–", styles()["help"]))
    else:
        items = [{}] * (field.max_items or BLANK_GROUP_ITEMS)
    story.append(Spacer(1, 2 * mm))
    for number, item in enumerate(items, start=1):
        heading = Paragraph(
            _escape(_("Entry {number}").format(number=number)), styles()["small_bold"]
        )
        inner = width - INDENT
        blocks = [field_block(sub, item if filled else None, width=inner) for sub in field.fields]
        # The entry's heading never stays behind alone at the foot of a page.
        # (Flattened: reportlab breaks the page after a KeepTogether nested in another.)
        first = (
            [KeepTogether([heading, Spacer(1, 1 * mm), *_unwrapped(blocks[0])])]
            if blocks
            else [heading]
        )
        rest = [flowable for block in blocks[1:] for flowable in block]
        story.extend([Indenter(left=INDENT), *first, *rest, Indenter(left=-INDENT)])
    return story


def agency_grid(
    fields: list[Field], answers: Mapping[str, Any] | None, *, width: float = CONTENT_WIDTH
) -> Flowable:
    """Agencies as a grid: the kind of agency, then name, contact person, phone, file number."""
    small, answer = styles()["small"], styles()["answer_small"]
    header = [
        Paragraph(_escape(text), styles()["small_bold"])
        for text in (
            _("Agency"),
            _("Name/address"),
            _("Contact person"),
            _("Phone/e-mail"),
            _("File number"),
        )
    ]
    rows: list[list[Any]] = [header]
    for field in fields:
        value = answers.get(field.key) if answers is not None else None
        parts = value if isinstance(value, dict) else {}
        rows.append(
            [
                Paragraph(_escape(field.label), small),
                *(text_paragraph(str(parts.get(part) or ""), answer) for part in AGENCY_PARTS),
            ]
        )
    widths = [0.22, 0.26, 0.2, 0.17, 0.15]
    blank_height = None if answers is not None else 9 * mm
    table = Table(
        rows,
        colWidths=[width * w for w in widths],
        rowHeights=[None] + [blank_height] * len(fields),
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("BACKGROUND", (0, 0), (-1, 0), "#eef1f4"),
            ]
        )
    )
    return table


def answer_text(field: Field, value: Any) -> str:
    """An answer as one line of text (empty when not answered)."""
    if value is None or value == "" or value == [] or value == {}:
        return ""
    kind = field.type
    if kind is FieldType.DATE:
        try:
            return german_date(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if kind is FieldType.NUMBER:
        return f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)
    if kind in (FieldType.SINGLE_CHOICE, FieldType.ACHIEVEMENT_4, FieldType.CHANGE_6):
        return field.option_label(str(value))
    if kind is FieldType.MULTIPLE_CHOICE:
        return ", ".join(field.option_label(str(key)) for key in value)
    if kind is FieldType.YES_NO:
        return _("yes") if value is True else _("no")
    if kind is FieldType.SCALE_10 and isinstance(value, dict):
        shown = [str(value["value"])] if value.get("value") is not None else []
        if value.get("remark"):
            shown.append(str(value["remark"]))
        return " – ".join(shown)
    if kind is FieldType.AGENCY_CONTACT and isinstance(value, dict):
        return " · ".join(str(value[p]) for p in AGENCY_PARTS if value.get(p))
    if kind is FieldType.SERVICE and isinstance(value, dict):
        return str(value.get("name") or "")
    if kind is FieldType.REPEATING_GROUP:
        return ""
    return str(value)


def _unwrapped(flowables: list[Flowable]) -> list[Flowable]:
    out: list[Flowable] = []
    for flowable in flowables:
        out.extend(flowable._content if isinstance(flowable, KeepTogether) else [flowable])
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
