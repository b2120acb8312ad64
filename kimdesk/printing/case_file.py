"""The case file summary for a case conference.

The summary holds the latest cover sheet, the phases with their dates, the goals with their
review results and the consents, as far as the consents allow: an agency the release from
confidentiality does not cover on the day of printing, and whatever the client excluded from a
needs conference, is left out with a line that says so (without naming it). The anonymised
summary for a planning conference is kimdesk.printing.planning_conference's reconstruction.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from kimdesk.caseload import Caseload
from kimdesk.consent_scope import ConsentScope, Exclusions, Release
from kimdesk.domain.names import display_name
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind, FormStatus, LifeDomain
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

NOTE_SHADE = "#fdf1d8"


def render_case_file(caseload: Caseload, case_id: int, *, printed_on: date) -> bytes:
    """The case file summary as PDF, for a case conference."""
    case = caseload.case(case_id)
    title = _("Case file summary for the case conference")
    story: list[Flowable] = [Paragraph(escape(title), styles()["title"])]
    person = caseload.person(case.person_id)
    rows: list[tuple[str, str]] = [
        (_("Case number"), case.case_number),
        (_("Name"), display_name(case.surname, case.given_names)),
        (_("Date of birth"), german_date(person.birth_date)),
        (_("Pseudonym"), case.pseudonym),
    ]
    rows += [
        (_("Current phase"), case.phase.label),
        (_("Opened on"), german_date(case.opened_on)),
        (_("Admitted on"), german_date(case.admitted_on)),
        (_("Closed on"), german_date(case.closed_on)),
    ]
    story.append(pairs_table(rows))
    scope = ConsentScope(caseload, case_id)
    exclusions = scope.exclusions(printed_on)
    story.extend(_cover_sheet(caseload, case_id, scope=scope, exclusions=exclusions, on=printed_on))
    story.extend(section_heading(_("Phases")))
    story.append(
        grid_table(
            [_("Phase"), _("since")],
            [[phase.label, german_date(on)] for phase, on in caseload.phase_history(case_id)],
            [0.7, 0.3],
        )
    )
    story.extend(section_heading(_("Goals")))
    story.extend(goals_within(caseload, case_id, exclusions))
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
                    _consent_scope_text(consent, scope, exclusions=exclusions, on=printed_on),
                ]
                for consent in caseload.consents(case_id)
            ],
            [0.27, 0.17, 0.09, 0.16, 0.31],
        )
    )
    story.extend(own_words_note(exclusions))
    return build_pdf(story, PageInfo(title, case.case_number, printed_on))


def goals_within(caseload: Caseload, case_id: int, exclusions: Exclusions) -> list[Flowable]:
    """The goals table without the goals of topics the client excluded, and a line saying how
    many were left out (naming none)."""
    story: list[Flowable] = [goals_table(caseload, case_id, left_out=exclusions.domains)]
    left_out = sum(1 for g in caseload.goals(case_id) if g.domain in exclusions.domains)
    if left_out:
        story.append(
            note(
                ngettext(
                    "{n} goal not listed: the client excluded its topic from the needs conference.",
                    "{n} goals not listed: the client excluded their topics from the needs "
                    "conference.",
                    left_out,
                ).format(n=left_out)
            )
        )
    return story


def own_words_note(exclusions: Exclusions) -> list[Flowable]:
    """Restrictions in the client's own words no program can apply: the case manager must."""
    if not exclusions.other.strip():
        return []
    return [
        note(
            _(
                "The client restricted the needs conference further in their own words; "
                "check the consent before handing this out."
            )
        )
    ]


def _cover_sheet(
    caseload: Caseload,
    case_id: int,
    *,
    scope: ConsentScope,
    exclusions: Exclusions,
    on: date,
) -> list[Flowable]:
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
    answers = latest.answers
    rows = _cover_rows(definition, answers)
    excluded_rows = [r for r in rows if r[0] in exclusions.field_keys]
    story.append(
        pairs_table(
            [(label, text) for key, label, text in rows if key not in exclusions.field_keys]
        )
    )
    if excluded_rows:
        story.append(
            note(
                ngettext(
                    "{n} entry not listed: the client excluded its topic from the needs "
                    "conference.",
                    "{n} entries not listed: the client excluded their topics from the needs "
                    "conference.",
                    len(excluded_rows),
                ).format(n=len(excluded_rows))
            )
        )
    agencies = [f for f in definition.fields if f.type is FieldType.AGENCY_CONTACT]
    involved = [f for f in agencies if _filled(answers.get(f.key))]
    if involved:
        story.extend(section_heading(_("Agencies involved")))
        story.extend(_agencies(involved, answers, scope=scope, exclusions=exclusions, on=on))
    return story


def _agencies(
    involved: list[Field],
    answers: dict[str, Any],
    *,
    scope: ConsentScope,
    exclusions: Exclusions,
    on: date,
) -> list[Flowable]:
    """The agency lines the release covers and the conference does not exclude; a line for
    each reason something was left out, naming nothing of it."""
    shown, not_covered, excluded = [], 0, 0
    for field in involved:
        name = str(answers[field.key].get("name") or "").strip()
        if not scope.covers(field.label, name, on):
            not_covered += 1
        elif exclusions.excludes(field.label, name) or field.key in exclusions.field_keys:
            excluded += 1
        else:
            shown.append(field)
    story: list[Flowable] = [agency_grid(shown, answers)] if shown else []
    if not_covered:
        story.append(
            note(
                ngettext(
                    "{n} agency not listed: no release from confidentiality covers it (not "
                    "named, withdrawn or expired).",
                    "{n} agencies not listed: no release from confidentiality covers them (not "
                    "named, withdrawn or expired).",
                    not_covered,
                ).format(n=not_covered)
            )
        )
    if excluded:
        story.append(
            note(
                ngettext(
                    "{n} agency not listed: the client excluded it from the needs conference.",
                    "{n} agencies not listed: the client excluded them from the needs conference.",
                    excluded,
                ).format(n=excluded)
            )
        )
    return story


def note(text: str) -> Flowable:
    """A line saying what was left out and why, shaded so that nobody reads past it."""
    table = Table([[Paragraph(escape(text), styles()["body"])]], colWidths=[CONTENT_WIDTH])
    table.spaceBefore = 3  # two notes in a row stay two
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), NOTE_SHADE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _cover_rows(definition: FormDefinition, answers: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(field key, label, answer) of the cover sheet's lines that print as pairs."""
    rows = []
    for field in definition.fields:
        if field.type in (FieldType.AGENCY_CONTACT, FieldType.REPEATING_GROUP):
            continue
        text = answer_text(field, answers.get(field.key))
        if text:
            rows.append((field.key, field.label, text))
    return rows


def _filled(value: Any) -> bool:
    return isinstance(value, dict) and any(str(v).strip() for v in value.values())


def review_result(achievement: Any, reviewed_on: date | None, note: str) -> str:
    if achievement is None:
        return _("open")
    parts = [achievement.label, german_date(reviewed_on)]
    return " · ".join(p for p in [*parts, note] if p)


def _consent_scope_text(
    consent: Consent,
    scope: ConsentScope,
    *,
    exclusions: Exclusions,
    on: date,
) -> str:
    """What a consent covers as the case file may say it: a release's agencies still covered
    on ``on`` (a withdrawn one is not named) and until when; that a conference is restricted.
    Where the conference excludes agencies or topics, the release's agencies are counted, not
    named: the list would name what the agency section leaves out."""
    if consent.kind is ConsentKind.NEEDS_CONFERENCE:
        found = next((x for c, x in scope.conferences if c.id == consent.id), None)
        return _("with restrictions (not printed here)") if found else ""
    release = scope.release(consent.id or 0)
    if release is None:
        return ""
    by_count = bool(exclusions.participants or exclusions.topics)
    return _agencies_named(release, by_count=by_count, dated=True, on=on)


def _agencies_named(release: Release, *, by_count: bool, dated: bool, on: date) -> str:
    agencies = release.covered(on)
    if by_count:
        named = ngettext("{count} agency", "{count} agencies", len(agencies)).format(
            count=len(agencies)
        )
    else:
        named = ", ".join(agencies)
    if release.in_force(on):
        if not dated:  # no more exact dates than the planning conference needs
            return named
        return f"{named} · " + _("valid until {date}").format(date=german_date(release.ends_on))
    if release.consent.withdrawn_on is None and release.ends_on < on:
        return _("ended on {date}").format(date=german_date(release.ends_on))
    return ""


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


def goals_table(
    caseload: Caseload, case_id: int, *, left_out: frozenset[LifeDomain] = frozenset()
) -> Flowable:
    """The case's goals with their reviews, in the order they were agreed; without those of
    the life domains ``left_out``."""
    goals = sorted(
        (g for g in caseload.goals(case_id) if g.domain not in left_out),
        key=lambda g: (g.agreed_on, g.position),
    )
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
