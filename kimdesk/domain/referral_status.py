"""Where a referral (Vermittlung) stands: its status with the rule for changing it, whether the
client got what they needed, and how long an open referral may go without news."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from kimdesk.domain.vocabulary import Labelled, _with_labels
from kimdesk.errors import BadInput
from kimdesk.i18n import N_, _

# Eine offene Vermittlung ohne Nachricht (ohne Statuswechsel) erscheint nach sechs Wochen in
# der Übersicht. Warum sechs Wochen: Beratungsstellen, Ämter und Kursträger melden sich in
# der Regel innerhalb von zwei bis vier Wochen (Termin, Zusage, Warteliste); wer nach sechs
# Wochen nichts gehört hat, sollte nachfragen. Die Fallverantwortung bleibt beim Case
# Management, das über den Stand der Beratung oder Maßnahme informiert sein soll
# (Leistungssteuerung, Solingen 2.6; Linking, Gütersloh) – so fallen Abbrüche früh auf.
NO_NEWS_DAYS = 42


class ReferralStatus(Labelled):
    """The course of a referral; the first three are open, the last three end it."""

    PROPOSED = "proposed"
    AGREED = "agreed"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    BROKEN_OFF = "broken_off"
    COMPLETED = "completed"

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


_with_labels(
    ReferralStatus,
    {
        "proposed": N_("proposed"),
        "agreed": N_("agreed"),
        "accepted": N_("accepted"),
        "refused": N_("refused"),
        "broken_off": N_("broken off"),
        "completed": N_("completed"),
    },
)

OPEN_STATUSES = frozenset({ReferralStatus.PROPOSED, ReferralStatus.AGREED, ReferralStatus.ACCEPTED})
# The service refused the client, or could not take or keep them: named in the monthly report.
REFUSALS = frozenset({ReferralStatus.REFUSED, ReferralStatus.BROKEN_OFF})
# What a referral recorded before its status was kept stands for (schema migration 7): the
# case manager had agreed it with the client and sent them there.
FIRST_STATUS = ReferralStatus.AGREED


class NeedMet(Labelled):
    """Whether the client got what they needed from the referral."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


_with_labels(NeedMet, {"yes": N_("yes"), "partly": N_("partly"), "no": N_("no")})


@dataclass(frozen=True)
class StatusChange:
    """One entry of a referral's history; the first is the referral itself."""

    status: ReferralStatus
    on: date


def check_status_change(
    history: Sequence[StatusChange],
    status: ReferralStatus,
    on: date,
    *,
    today: date,
    need_met: NeedMet | None,
) -> None:
    """Refuse a change the history does not allow, with a message that says why."""
    current = history[-1]
    if not current.status.is_open:
        raise BadInput(
            _(
                "This referral has ended ({status}); record a new referral, or undo the last "
                "change if it was a mistake."
            ).format(status=current.status.label)
        )
    if status is current.status:
        raise BadInput(_("The referral already has this status."))
    if on > today:
        raise BadInput(_("A status change cannot lie in the future."))
    if on < current.on:
        raise BadInput(
            _("A status change cannot lie before the last change ({date}).").format(
                date=current.on.strftime("%d.%m.%Y")
            )
        )
    if status.is_open and need_met is not None:
        raise BadInput(_("Whether the client got what they needed is said when it ends."))
    if status is ReferralStatus.COMPLETED and need_met is None:
        raise BadInput(_("Please say whether the client got what they needed."))


def without_news(history: Sequence[StatusChange], on: date) -> bool:
    """Open, and no status change for ``NO_NEWS_DAYS`` days or more."""
    current = history[-1]
    return current.status.is_open and (on - current.on).days >= NO_NEWS_DAYS
