"""Information to the client under Art. 15 GDPR: one PDF with everything the caseload stores
about the person of a case — personal data, every case with its phases, forms, contacts,
goals, referrals and consents, the monthly reports their pseudonym went into, the retention
date, and the client's rights with the organisation's data protection officer.

The text is in the application's language (German); the headings and the list of rights are
repeated in the client's consent language (bilingual.py). The closing parts — recipients,
retention, rights — are in access_sections.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from kimdesk.caseload import Caseload
from kimdesk.consent_scope import ConsentScope
from kimdesk.contact_attempts import kind_text
from kimdesk.domain.records import CaseRow, FormInstance, PersonData
from kimdesk.domain.vocabulary import AccessRoute
from kimdesk.forms.model import Field, FieldType, FormDefinition, FormKind
from kimdesk.i18n import N_, _
from kimdesk.printing.access_sections import recipients, referrals, retention, rights
from kimdesk.printing.bilingual import Words, body
from kimdesk.printing.case_conference import access_section as conference_section
from kimdesk.printing.case_file import goals_table, grid_table, pairs_table
from kimdesk.printing.consent_texts import CONSENT_LANGUAGES
from kimdesk.printing.forms_pdf import answer_text
from kimdesk.printing.layout import MUTED, PageInfo, build_pdf, german_date, styles
from kimdesk.printing.planning_conference import access_section as planning_section
from kimdesk.printing.theme_links import access_section as theme_section

CASE_ROOM = 85 * mm  # a case heading starts a new page when its facts would not fit below

# Every field of PersonData with its label, in the order of the cover sheet.
PERSON_FIELDS: tuple[tuple[str, str], ...] = (
    ("surname", N_("Surname")),
    ("given_names", N_("Given names")),
    ("birth_name", N_("Birth name")),
    ("birth_date", N_("Date of birth")),
    ("gender", N_("Gender")),
    ("nationality", N_("Nationality")),
    ("phone", N_("Phone")),
    ("email", N_("E-mail")),
    ("street", N_("Street")),
    ("city", N_("Town")),
    ("note", N_("Note")),
)


def render_access_report(
    caseload: Caseload, case_id: int, *, lang: str, printed_on: date
) -> bytes:
    """The Art. 15 information about the person of ``case_id``; headings also in ``lang``."""
    case = caseload.case(case_id)
    person = caseload.person(case.person_id)
    profile = caseload.profile()
    cases = sorted(
        (row for row in caseload.cases() if row.person_id == case.person_id),
        key=lambda row: (row.opened_on, row.case_number),
    )
    words = Words(lang)
    title = words.heading("Information about your stored data (Art. 15 GDPR)", title=True)
    story: list[Flowable] = [*title, Spacer(1, 2 * mm)]
    story.append(
        body(
            _(
                "You asked us which data about you we store. This document lists everything "
                "stored about you in KIM case management on {date}: your personal data, your "
                "cases with every form, contact, goal, referral and consent, to whom data "
                "went, how long we keep them, and your rights."
            ).format(date=german_date(printed_on))
        )
    )
    story += words.heading("Purpose")
    story.append(body(words.base(_PURPOSE)))
    story.append(body(words.base(_LEGAL_BASIS)))
    story += words.heading("Personal data")
    # the cover sheet stores the key of the chosen gender ("f"); the client reads its label
    gender = _cover_sheet_label(caseload, "gender", person.gender)
    story.append(pairs_table(person_rows(replace(person, gender=gender))))
    for row in cases:
        story += _case_story(caseload, row, words)
    story += recipients(caseload, cases, words)
    story += retention(cases, profile, words)
    story += rights(profile, words)
    info = PageInfo(
        _("Information under Art. 15 GDPR"), case.case_number, printed_on, words.language
    )
    return build_pdf(story, info)


def person_rows(person: PersonData) -> list[tuple[str, str]]:
    """Every personal field with its label; empty ones as "–"."""
    rows = []
    for key, label in PERSON_FIELDS:
        value = getattr(person, key)
        rows.append((_(label), german_date(value) if isinstance(value, date) else str(value)))
    return rows


def form_blocks(
    definition: FormDefinition, answers: dict[str, Any]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every answered field of a form as (label, answer), in blocks: the plain fields under
    no heading, each entry of a repeating group under "group – entry n"."""
    blocks: list[tuple[str, list[tuple[str, str]]]] = [("", [])]
    for field in definition.fields:
        value = answers.get(field.key)
        if field.type is not FieldType.REPEATING_GROUP:
            if blocks[-1][0]:  # the fields after a group start a block of their own
                blocks.append(("", []))
            blocks[-1][1].extend(_answered([field], answers))
            continue
        items = [item for item in value or [] if isinstance(item, dict)]
        for number, item in enumerate(items, start=1):
            entry = _("Entry {number}").format(number=number)
            blocks.append((f"{field.label} – {entry}", _answered(field.fields, item)))
    return [(heading, rows) for heading, rows in blocks if rows]


# -- the parts ---------------------------------------------------------------------------

_PURPOSE = (
    "Kommunales Integrationsmanagement, KIM for short, supports you with questions about "
    "residence, language, work, housing, health and family. Your case manager coordinates "
    "the help of different agencies for you. For this we need to process data about you."
)
_LEGAL_BASIS = (
    "The legal basis is your consent: Art. 6 paragraph 1 letter a GDPR, for health data "
    "Art. 9 paragraph 2 letter a GDPR."
)


def _case_story(caseload: Caseload, row: CaseRow, words: Words) -> list[Flowable]:
    closure_note, access_route = _case_extras(caseload, row.id)
    number = _("Case {number}").format(number=row.case_number)
    story = words.heading("Case", base=number, room=CASE_ROOM)
    story.append(
        pairs_table(
            [
                (_("Case number"), row.case_number),
                (_("Pseudonym"), row.pseudonym),
                (_("Current phase"), row.phase.label),
                (_("Access route"), _access_route(access_route)),
                (_("Opened on"), german_date(row.opened_on)),
                (_("Admitted on"), german_date(row.admitted_on)),
                (_("Closed on"), german_date(row.closed_on)),
                (_("Type of closure"), row.closure_reason.label if row.closure_reason else ""),
                (_("Note on the closure"), closure_note),
            ]
        )
    )
    story += words.heading("Course of the case")
    story.append(
        grid_table(
            [_("Phase"), _("since")],
            [[phase.label, german_date(on)] for phase, on in caseload.phase_history(row.id)],
            [0.7, 0.3],
        )
    )
    story += _forms(caseload, row.id, words)
    story += words.heading("Contacts")
    story.append(
        grid_table(
            [_("Date"), _("Minutes"), _("Setting"), _("Topics"), _("Note")],
            [
                [
                    german_date(c.contact_on),
                    "" if c.attempt else str(c.minutes),
                    kind_text(c) + (f" ({_('Short referral')})" if c.short_referral else ""),
                    "\n".join(sorted(topic.label for topic in c.topics)),
                    c.note,
                ]
                for c in caseload.contacts(row.id)
            ],
            [0.12, 0.10, 0.16, 0.30, 0.32],
        )
    )
    story += words.heading("Goals and reviews")
    story.append(goals_table(caseload, row.id))
    story += referrals(caseload, row.id, words)  # with each one's course and result
    story += conference_section(caseload, row.id, words)  # none: nothing printed
    story += theme_section(caseload, row.id, words)  # none: nothing printed
    story += planning_section(caseload, row.id, words)  # none: nothing printed
    story += words.heading("Consents and withdrawals")
    scope = ConsentScope(caseload, row.id)  # single agencies withdrawn, conference exclusions
    story.append(
        grid_table(
            [_("Consent"), _("Signed on"), _("Language"), _("Withdrawn on"), _("Agencies")],
            [
                [
                    c.kind.label,
                    german_date(c.signed_on),
                    CONSENT_LANGUAGES.get(c.language, (c.language,))[0],
                    german_date(c.withdrawn_on),
                    scope.describe(c, caseload.today)
                    or "\n".join(
                        part
                        for part in (
                            ", ".join(c.agencies),
                            _("Restrictions: {text}").format(text=c.restrictions)
                            if c.restrictions
                            else "",
                        )
                        if part
                    ),
                ]
                for c in caseload.consents(row.id)
            ],
            [0.25, 0.17, 0.13, 0.14, 0.31],
        )
    )
    return story


def _forms(caseload: Caseload, case_id: int, words: Words) -> list[Flowable]:
    story = words.heading("Forms")
    instances = sorted(
        caseload.form_instances(case_id), key=lambda i: (i.recorded_on, i.id or 0)
    )
    if not instances:
        story.append(Paragraph("–", styles()["help"]))
    for instance in instances:
        definition = caseload.definition_of(instance)
        story.append(KeepTogether([_form_title(definition, instance), Spacer(1, 1 * mm)]))
        blocks = form_blocks(definition, instance.answers)
        for heading, rows in blocks:
            if heading:
                story.append(Paragraph(escape(heading), _entry_style()))
            story.append(pairs_table(rows))
        if not blocks:
            story.append(Paragraph(escape(_("No answers yet.")), styles()["help"]))
        story.append(Spacer(1, 3 * mm))
    return story


def _form_title(definition: FormDefinition, instance: FormInstance) -> Paragraph:
    text = f"{definition.title} · {german_date(instance.recorded_on)} · {instance.status.label}"
    return Paragraph(escape(text), styles()["label"])


def _answered(fields: Iterable[Field], answers: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for field in fields:
        text = answer_text(field, answers.get(field.key))
        if text:
            rows.append((field.label, text))
    return rows


def _case_extras(caseload: Caseload, case_id: int) -> tuple[str, str]:
    """The closure note and the access route: stored with the case, not part of CaseRow."""
    found = caseload.db.query_one(
        "SELECT closure_note, access_route FROM cases WHERE id = ?", (case_id,)
    )
    return (found["closure_note"], found["access_route"]) if found else ("", "")


def _cover_sheet_label(caseload: Caseload, field_key: str, value: str) -> str:
    sheets = caseload.forms.of_kind(FormKind.COVER_SHEET)
    field = next((f for d in sheets[:1] for f in d.fields if f.key == field_key), None)
    if field is None or value not in {option.key for option in field.options}:
        return value
    return field.option_label(value)


def _access_route(key: str) -> str:
    try:
        return AccessRoute(key).label if key else ""
    except ValueError:  # a route of an older version: shown as stored
        return key


def _entry_style() -> ParagraphStyle:
    return ParagraphStyle(
        "access-entry", parent=styles()["small_bold"], textColor=MUTED, spaceBefore=4
    )
