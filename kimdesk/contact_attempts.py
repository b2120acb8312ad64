"""Unanswered contact attempts (Kontaktversuch): stored with the contacts, counted as none.

Called and not reached, a letter or a message without answer, a visit with nobody there: the
attempt is recorded like a contact (same table, so corrections, the handover, the access
report and erasure take it along), but no rule or report counts it as contact. For the
three-month rule it is evidence that contact is absent (Solingen §2.8).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kimdesk.domain.records import CaseRow, Contact
from kimdesk.domain.rules import activity_of, attempt_since_contact
from kimdesk.domain.vocabulary import AttemptChannel, Setting
from kimdesk.errors import BadInput
from kimdesk.i18n import _

# The database needs a setting for every row; for an attempt it is only the nearest one
# (what counts is the channel), and it is never counted or shown.
ATTEMPT_SETTINGS: dict[AttemptChannel, Setting] = {
    AttemptChannel.PHONE: Setting.PHONE,
    AttemptChannel.LETTER: Setting.ELECTRONIC,
    AttemptChannel.VISIT: Setting.OUTREACH,
    AttemptChannel.MESSAGE: Setting.ELECTRONIC,
}

ATTEMPT_ADDED = "contact.attempted"  # the audit action; a contact's is "contact.added"


def attempt(case_id: int, on: date, channel: AttemptChannel, note: str = "") -> Contact:
    """An unanswered attempt as a contact row: no duration, no topics."""
    return Contact(
        case_id=case_id,
        contact_on=on,
        minutes=0,
        setting=ATTEMPT_SETTINGS[channel],
        note=note,
        attempt=channel,
    )


def check_contact(contact: Contact, today: date) -> None:
    """The checks of recording and of correcting a contact or an attempt (BadInput)."""
    if contact.minutes < 0:
        raise BadInput(_("The duration cannot be negative."))
    if contact.contact_on > today:
        raise BadInput(_("A contact cannot lie in the future."))
    if contact.attempt is not None and (
        contact.minutes or contact.topics or contact.short_referral
    ):
        raise BadInput(_("A contact attempt has no duration, no topics and is no short referral."))


def audit_action(contact: Contact) -> str:
    return ATTEMPT_ADDED if contact.attempt is not None else "contact.added"


def kind_text(contact: Contact) -> str:
    """How the contact took place, or "Contact attempt – called, not reached"."""
    if contact.attempt is None:
        return contact.setting.label
    return _("Contact attempt – {channel}").format(channel=contact.attempt.label)



def closure_attempts(rows: Iterable[CaseRow]) -> dict[int, date]:
    """Of the cases without contact, those tried since: case id -> day of the last attempt."""
    attempts = {row.id: attempt_since_contact(activity_of(row)) for row in rows}
    return {case_id: on for case_id, on in attempts.items() if on is not None}
