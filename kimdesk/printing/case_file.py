"""The case file summary for a case conference, and its anonymised variant for planning.

The summary holds the latest cover sheet, the phases with their dates, the goals with their
review results and the consents. The anonymised variant (planning conference) names the case
by its pseudonym only, leaves out every personal field and every identifier (names, birth
dates, addresses, phones, e-mails, file numbers) and names agencies by their kind, not by name.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from kimdesk.caseload import Caseload
from kimdesk.domain.names import display_name
from kimdesk.domain.vocabulary import FormStatus
from kimdesk.forms.model import Field, FieldType, FormDefinition, FormKind
from kimdesk.i18n import _, ngettext
from kimdesk.printing.forms_pdf import agency_grid, answer_text
from kimdesk.printing.layout import (
    CONTENT_WIDTH,
    RULE,
    PageInfo,
    build_pdf,
    german_date,
    styles,
    text_paragraph,
)

IDENTIFYING_TYPES = frozenset({FieldType.AGENCY_CONTACT})


def render_case_file(
    caseload: Caseload, case_id: int, *, anonymised: bool, printed_on: date
) -> bytes:
    """The case file summary as PDF; ``anonymised`` for a planning conference."""
    case = caseload.case(case_id)
    title = (
        _("Case summary for the planning conference (anonymised)")
        if anonymised
        else _("Case file summary for the case conference")
    )
    story: list[Flowable] = [Paragraph(escape(title), styles()["title"])]
    rows: list[tuple[str, str]] = [(_("Pseudonym"), case.pseudonym)]
    if not anonymised:
        person = caseload.person(case.person_id)
        rows = [
            (_("Case number"), case.case_number),
            (_("Name"), display_name(case.surname, case.given_names)),
            (_("Date of birth"), german_date(person.birth_date)),
            *rows,
        ]
    rows += [
        (_("Current phase"), case.phase.label),
        (_("Opened on"), german_date(case.opened_on)),
        (_("Admitted on"), german_date(case.admitted_on)),
        (_("Closed on"), german_date(case.closed_on)),
    ]
    story.append(pairs_table(rows))
    story.extend(_cover_sheet(caseload, case_id, anonymised=anonymised))
    story.extend(section_heading(_("Phases")))
    story.append(
        grid_table(
            [_("Phase"), _("since")],
            [[phase.label, german_date(on)] for phase, on in caseload.phase_history(case_id)],
            [0.7, 0.3],
        )
    )
    story.extend(section_heading(_("Goals")))
    story.append(goals_table(caseload, case_id))
    story.extend(section_heading(_("Consents")))
    story.append(
        grid_table(
            [_("Consent"), _("Signed on"), _("Language"), _("Withdrawn on"), _("Agencies")],
            [
                [
                    consent.kind.label,
                    german_date(consent.signed_on),
                    consent.language,
                    german_date(consent.withdrawn_on),
                    _agencies_named(consent.agencies, anonymised=anonymised),
                ]
                for consent in caseload.consents(case_id)
            ],
            [0.27, 0.17, 0.09, 0.16, 0.31],
        )
    )
    number = "" if anonymised else case.case_number
    return build_pdf(story, PageInfo(title, number, printed_on))


def _cover_sheet(caseload: Caseload, case_id: int, *, anonymised: bool) -> list[Flowable]:
    instances = [
        i
        for i in caseload.form_instances(case_id, FormKind.COVER_SHEET)
        if i.status is FormStatus.FINAL
    ]
    if not instances:
        return []
    latest = max(instances, key=lambda i: (i.recorded_on, i.id or 0))
    definition = caseload.definition_of(latest)
    story: list[Flowable] = [*section_heading(definition.title)]
    story.append(pairs_table(_cover_rows(definition, latest.answers, anonymised=anonymised)))
    agencies = [f for f in definition.fields if f.type is FieldType.AGENCY_CONTACT]
    involved = [f for f in agencies if _filled(latest.answers.get(f.key))]
    if anonymised:
        kinds = [f.label for f in involved] + _further_kinds(definition, latest.answers)
        story.extend(section_heading(_("Agencies involved (by kind)")))
        story.append(Paragraph(escape(", ".join(kinds) or "–"), styles()["body"]))
    elif involved:
        story.extend(section_heading(_("Agencies involved")))
        story.append(agency_grid(involved, latest.answers))
    return story


def _cover_rows(
    definition: FormDefinition, answers: dict[str, Any], *, anonymised: bool
) -> list[tuple[str, str]]:
    rows = []
    for field in definition.fields:
        if field.type in (FieldType.AGENCY_CONTACT, FieldType.REPEATING_GROUP):
            continue
        if anonymised and _identifying(field):
            continue
        text = answer_text(field, answers.get(field.key))
        if text:
            rows.append((field.label, text))
    return rows


def _identifying(field: Field) -> bool:
    """Personal fields, and whatever names, dates of birth, addresses or numbers a person."""
    return field.personal or field.type in IDENTIFYING_TYPES


def _further_kinds(definition: FormDefinition, answers: dict[str, Any]) -> list[str]:
    """The kinds of the further agencies of a repeating group ("Art der Stelle"), no names."""
    kinds: list[str] = []
    for field in definition.fields:
        if field.type is not FieldType.REPEATING_GROUP:
            continue
        texts = [sub for sub in field.fields if sub.type is FieldType.SHORT_TEXT]
        for item in answers.get(field.key) or []:
            if isinstance(item, dict):
                kinds.extend(str(item[s.key]) for s in texts if not s.personal and item.get(s.key))
    return kinds


def _filled(value: Any) -> bool:
    return isinstance(value, dict) and any(str(v).strip() for v in value.values())


def review_result(achievement: Any, reviewed_on: date | None, note: str) -> str:
    if achievement is None:
        return _("open")
    parts = [achievement.label, german_date(reviewed_on)]
    return " · ".join(p for p in [*parts, note] if p)


def _agencies_named(agencies: tuple[str, ...], *, anonymised: bool) -> str:
    if not agencies:
        return ""
    if anonymised:
        return ngettext("{count} agency", "{count} agencies", len(agencies)).format(
            count=len(agencies)
        )
    return ", ".join(agencies)


def section_heading(text: str) -> list[Flowable]:
    # The page breaks before a heading rather than leaving it alone at the foot of a page.
    return [CondPageBreak(30 * mm), Paragraph(escape(text), styles()["section"])]


def pairs_table(rows: list[tuple[str, str]]) -> Table:
    data = [
        [
            Paragraph(escape(label), styles()["small_bold"]),
            text_paragraph(value or "–", styles()["body"]),
        ]
        for label, value in rows
    ]
    table = Table(data, colWidths=[CONTENT_WIDTH * 0.35, CONTENT_WIDTH * 0.65])
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table


def grid_table(header: list[str], rows: list[list[str]], widths: list[float]) -> Flowable:
    if not rows:
        return Paragraph("–", styles()["help"])
    data = [[Paragraph(escape(text), styles()["small_bold"]) for text in header]]
    data += [[text_paragraph(text, styles()["small"]) for text in row] for row in rows]
    table = Table(data, colWidths=[CONTENT_WIDTH * w for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), "#eef1f4"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def goals_table(caseload: Caseload, case_id: int) -> Flowable:
    """The case's goals with their reviews, in the order they were agreed."""
    goals = sorted(caseload.goals(case_id), key=lambda g: (g.agreed_on, g.position))
    return grid_table(
        [_("No."), _("Goal"), _("Agreed on"), _("Review due"), _("Review result")],
        [
            [
                str(goal.position),
                goal.title + (f" ({goal.domain.label})" if goal.domain else ""),
                german_date(goal.agreed_on),
                german_date(goal.review_due),
                review_result(goal.achievement, goal.reviewed_on, goal.achievement_note),
            ]
            for goal in goals
        ],
        [0.06, 0.4, 0.14, 0.14, 0.26],
    )
