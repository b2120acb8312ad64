"""The two papers of a case conference: the preparation sheet (who is invited, the agenda and
a short case summary, all as far as the consents allow on the day of printing) and the
minutes (the day, who took part by agency, the agreements, the tasks).

As in the case file, an agency the release does not cover and whatever the client excluded
from a needs conference is left out with a shaded line that says so, naming nothing of it.
"""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph

from kimdesk.case_conference import CaseConference, Invitation, party_label
from kimdesk.caseload import Caseload
from kimdesk.domain.names import display_name
from kimdesk.errors import BadInput
from kimdesk.i18n import _, ngettext
from kimdesk.printing.bilingual import Words
from kimdesk.printing.case_file import (
    goals_within,
    grid_table,
    note,
    own_words_note,
    pairs_table,
    section_heading,
)
from kimdesk.printing.layout import PageInfo, build_pdf, german_date, styles, text_paragraph


def render_preparation(caseload: Caseload, conference_id: int, *, printed_on: date) -> bytes:
    """The preparation sheet of a conference, limited by the consents on ``printed_on``."""
    conference = caseload.case_conferences.conference(conference_id)
    case = caseload.case(conference.case_id)
    title = _("Case conference: preparation")
    invitation = caseload.case_conferences.invitation(case.id, printed_on)
    story: list[Flowable] = [Paragraph(escape(title), styles()["title"])]
    story.append(
        pairs_table(
            [
                (_("Case number"), case.case_number),
                (_("Name"), display_name(case.surname, case.given_names)),
                (_("Planned for"), german_date(conference.preparation.planned_on)),
                (_("Current phase"), case.phase.label),
                (_("Admitted on"), german_date(case.admitted_on)),
            ]
        )
    )
    story.extend(section_heading(_("Participants")))
    story.extend(_invited(conference, invitation))
    story.extend(section_heading(_("Agenda")))
    story.extend(_numbered(conference.preparation.agenda))
    story.extend(section_heading(_("The case in brief")))
    exclusions = invitation.exclusions
    story.extend(goals_within(caseload, case.id, exclusions))
    if exclusions.topics:
        story.append(
            note(
                _(
                    "The client excluded topics from the conference: they are left out here "
                    "and must not be discussed (see the consent)."
                )
            )
        )
    story.extend(own_words_note(exclusions))
    return build_pdf(story, PageInfo(title, case.case_number, printed_on))


def _invited(conference: CaseConference, invitation: Invitation) -> list[Flowable]:
    """The invited parties still allowed on the day; lines for those left out, unnamed."""
    allowed = set(invitation.parties)
    invited = conference.preparation.invited
    shown = [p for p in invited if p in allowed]
    story: list[Flowable] = [
        grid_table(
            [_("No."), _("Agency")],
            [[str(i), party_label(p)] for i, p in enumerate(shown, start=1)],
            [0.08, 0.92],
        )
    ]
    no_longer = len(invited) - len(shown)
    if no_longer:
        story.append(
            note(
                ngettext(
                    "{n} invited agency not listed: the consents no longer allow it to take part.",
                    "{n} invited agencies not listed: the consents no longer allow them to take "
                    "part.",
                    no_longer,
                ).format(n=no_longer)
            )
        )
    if invitation.not_covered:
        story.append(
            note(
                ngettext(
                    "{n} agency not listed: no release from confidentiality covers it (not "
                    "named, withdrawn or expired).",
                    "{n} agencies not listed: no release from confidentiality covers them (not "
                    "named, withdrawn or expired).",
                    invitation.not_covered,
                ).format(n=invitation.not_covered)
            )
        )
    if invitation.excluded:
        story.append(
            note(
                ngettext(
                    "{n} agency not listed: the client excluded it from the needs conference.",
                    "{n} agencies not listed: the client excluded them from the needs conference.",
                    invitation.excluded,
                ).format(n=invitation.excluded)
            )
        )
    return story


def _numbered(text: str) -> list[Flowable]:
    items = [line.strip() for line in text.splitlines() if line.strip()]
    if not items:
        return [Paragraph("–", styles()["help"])]
    return [
        text_paragraph(f"{i}. {item}", styles()["body"]) for i, item in enumerate(items, start=1)
    ]


def render_minutes(caseload: Caseload, conference_id: int, *, printed_on: date) -> bytes:
    """The minutes of a held conference."""
    conference = caseload.case_conferences.conference(conference_id)
    case = caseload.case(conference.case_id)
    title = _("Case conference: minutes")
    story: list[Flowable] = [Paragraph(escape(title), styles()["title"])]
    minutes = conference.minutes
    story.append(
        pairs_table(
            [
                (_("Case number"), case.case_number),
                (_("Name"), display_name(case.surname, case.given_names)),
                (_("Held on"), german_date(minutes.held_on) if minutes else _("not yet held")),
            ]
        )
    )
    if minutes is None:
        return build_pdf(story, PageInfo(title, case.case_number, printed_on))
    story.extend(section_heading(_("Participants by agency")))
    story.append(
        grid_table(
            [_("No."), _("Agency")],
            [[str(i), party_label(p)] for i, p in enumerate(minutes.present, start=1)],
            [0.08, 0.92],
        )
    )
    story.extend(section_heading(_("Agreements")))
    if minutes.agreements.strip():
        lines = [line for line in minutes.agreements.splitlines() if line.strip()]
        story.extend(text_paragraph(line, styles()["body"]) for line in lines)
    else:
        story.append(Paragraph("–", styles()["help"]))
    story.extend(section_heading(_("Tasks")))
    story.append(
        grid_table(
            [_("No."), _("Task"), _("Responsible"), _("Due by"), _("Done on")],
            [
                [
                    str(i),
                    task.description,
                    party_label(task.responsible),
                    german_date(task.due_on),
                    german_date(task.done_on) or _("open"),
                ]
                for i, task in enumerate(minutes.tasks, start=1)
            ],
            [0.06, 0.44, 0.24, 0.13, 0.13],
        )
    )
    return build_pdf(story, PageInfo(title, case.case_number, printed_on))


def access_section(caseload: Caseload, case_id: int, words: Words) -> list[Flowable]:
    """The case's conferences for the Art. 15 information: every one with its day, who was
    invited or took part, the agreements and the tasks; nothing for a case without one."""
    conferences = caseload.case_conferences.of_case(case_id)
    if not conferences:
        return []
    rows = []
    for conference in conferences:
        minutes = conference.minutes
        parties = minutes.present if minutes else conference.preparation.invited
        tasks = [
            f"{t.description} ({party_label(t.responsible)}, {german_date(t.due_on)})"
            for t in conference.tasks
        ]
        rows.append(
            [
                german_date(conference.on),
                _("held") if minutes else _("prepared"),
                "\n".join(party_label(p) for p in parties),
                minutes.agreements if minutes else "",
                "\n".join(tasks),
            ]
        )
    story = words.heading("Case conferences", base=_("Case conferences"))
    story.append(
        grid_table(
            [_("Date"), _("Status"), _("Participants"), _("Agreements"), _("Tasks")],
            rows,
            [0.11, 0.12, 0.25, 0.26, 0.26],
        )
    )
    return story


def render_latest(caseload: Caseload, case_id: int, *, minutes: bool, printed_on: date) -> bytes:
    """The preparation sheet of the case's latest conference, or the minutes of the latest one
    held: what the print dialog and ``kimdesk print`` offer for a case."""
    conferences = caseload.case_conferences.of_case(case_id)  # oldest first
    if minutes:
        conferences = [c for c in conferences if c.held]
    if not conferences:
        raise BadInput(
            _("This case has no case conference held yet.")
            if minutes
            else _("This case has no case conference yet.")
        )
    render = render_minutes if minutes else render_preparation
    return render(caseload, conferences[-1].id, printed_on=printed_on)
