"""Parts of the Art. 15 information: the referrals with their course; and the closing parts:
to whom the person's data went (the monthly reports, pseudonymised), how long they are kept,
and the client's rights with the organisation's data protection officer."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from kimdesk.caseload import REPORT_EXPORTED, Caseload
from kimdesk.domain.records import CaseRow, Profile
from kimdesk.i18n import _
from kimdesk.lifecycle.erasure import retention_due_on
from kimdesk.printing.bilingual import Words, body
from kimdesk.printing.case_file import grid_table, pairs_table
from kimdesk.printing.consent import RIGHTS, SUPERVISORY_AUTHORITY
from kimdesk.printing.layout import german_date
from kimdesk.referral_followup import service_label

MONTH = re.compile(r"\d{4}-\d{2}")
RIGHTS_ROOM = 75 * mm


@dataclass(frozen=True)
class ReportSent:
    """One monthly report that carried a case of the person, under its pseudonym."""

    month: str  # YYYY-MM
    exported_on: date
    pseudonym: str


def reports_sent(caseload: Caseload, cases: Iterable[CaseRow]) -> list[ReportSent]:
    """The exported monthly reports in whose month a case of the person was open."""
    cases = list(cases)
    sent: dict[tuple[str, str], ReportSent] = {}
    for entry in caseload.audit_log():
        month = entry.detail.split(" ")[0] if entry.action == REPORT_EXPORTED else ""
        if not MONTH.fullmatch(month):
            continue
        start = date.fromisoformat(f"{month}-01")
        for row in cases:
            # as the monthly report counts: opened by the month's end, not closed before it
            if row.opened_on.strftime("%Y-%m") <= month and (
                row.closed_on is None or row.closed_on >= start
            ):
                exported = date.fromisoformat(entry.at[:10])
                sent.setdefault((month, row.pseudonym), ReportSent(month, exported, row.pseudonym))
    return sorted(sent.values(), key=lambda r: (r.month, r.pseudonym))


def referrals(caseload: Caseload, case_id: int, words: Words) -> list[Flowable]:
    """The case's referrals with the course of each (every status change with its date),
    the result and whether the client got what they needed."""
    services = dict(caseload.services())
    rows = []
    for f in caseload.referral_follow_ups.of_case(case_id):
        r = f.referral
        outcome = [f.result] if f.result else []
        if f.need_met is not None:
            outcome.append(_("Got what was needed: {answer}").format(answer=f.need_met.label))
        rows.append(
            [
                german_date(r.referred_on),
                service_label(services.get(r.service_id) if r.service_id else None),
                r.domain.label if r.domain else "",
                "\n".join(f"{c.status.label} {german_date(c.on)}" for c in f.history),
                "\n".join(outcome),
                r.note,
            ]
        )
    story = words.heading("Referrals")
    story.append(
        grid_table(
            [_("Date"), _("Service"), _("Life domain"), _("Course"), _("Result"), _("Note")],
            rows,
            [0.11, 0.21, 0.16, 0.18, 0.17, 0.17],
        )
    )
    return story


def recipients(caseload: Caseload, cases: list[CaseRow], words: Words) -> list[Flowable]:
    story = words.heading("To whom your data went")
    story.append(
        body(
            _(
                "Your case manager, and nobody else, works with your personal data in this "
                "program. Other agencies receive data about you only with your release from "
                "confidentiality (see the consents above)."
            )
        )
    )
    sent = reports_sent(caseload, cases)
    if not sent:
        story.append(body(_("No monthly report with your data has been sent yet.")))
        return story
    story.append(
        body(
            _(
                "For the statistics of KIM, the coordinating office receives a monthly report "
                "without names, addresses or dates of birth. Your case was part of these:"
            )
        )
    )
    story.append(
        grid_table(
            [_("Month"), _("Sent on"), _("Recipient and form")],
            [
                [
                    f"{r.month[5:]}/{r.month[:4]}",
                    german_date(r.exported_on),
                    _(
                        "Monthly report to the coordinating office, pseudonymised "
                        "(pseudonym {pseudonym})"
                    ).format(pseudonym=r.pseudonym),
                ]
                for r in sent
            ],
            [0.15, 0.15, 0.7],
        )
    )
    return story


def retention(cases: list[CaseRow], profile: Profile, words: Words) -> list[Flowable]:
    """Per case: kept while it runs, else the day its data are due for deletion."""
    years = profile.retention_years
    rows = []
    for row in cases:
        if row.closed_on is None:
            text = _("as long as the case management continues")
        else:
            text = _("deleted from {date} (closed on {closed}, kept {years} years)").format(
                date=german_date(retention_due_on(row.closed_on, years)),
                closed=german_date(row.closed_on),
                years=years,
            )
        rows.append((_("Case {number}").format(number=row.case_number), text))
    promise = words.base(
        "We delete your data {years} years after the end of the case management, unless a "
        "law requires us to keep them longer."
    ).format(years=years)
    # heading, promise and dates on one page: the heading never stays behind alone
    heading = words.heading("How long we keep your data")[1:]  # KeepTogether breaks instead
    return [KeepTogether([*heading, body(promise), pairs_table(rows)])]


def rights(profile: Profile, words: Words) -> list[Flowable]:
    """Art. 15–21 in the wording of the privacy notice, the complaint to the LDI NRW, and
    whom to ask: the organisation and its data protection officer."""
    from kimdesk.printing.documents import printed_line

    # the rights are read as one list: it starts on a new page rather than be split
    story = words.heading("Your rights", room=RIGHTS_ROOM)
    intro = "Under the General Data Protection Regulation, GDPR, you have these rights:"
    story.append(body(words.base(intro)))
    story += [KeepTogether(words.line(right, prefix="•  ")) for right in RIGHTS]
    story += words.heading("Right to complain")
    complaint = (
        "You can complain to the data protection supervisory authority. In North "
        "Rhine-Westphalia this is the LDI NRW:"
    )
    story += [body(words.base(complaint)), body(SUPERVISORY_AUTHORITY)]
    story += words.heading("Data protection officer")
    question = "If you have questions about your data, please contact the data protection officer."
    story.append(body(words.base(question)))
    organisation = [
        ("Responsible organisation", profile.organisation),
        ("Address", profile.organisation_address),
        ("Data protection officer", profile.data_protection_officer),
    ]
    story.append(
        pairs_table([(words.base(label), printed_line(value)) for label, value in organisation])
    )
    return story
