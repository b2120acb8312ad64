"""The overview's card of open referrals without news: no status change for six weeks, so the
case manager asks the service or the client how it goes (Leistungssteuerung)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kimdesk.domain.records import StaleReferral
from kimdesk.domain.referral_status import NO_NEWS_DAYS
from kimdesk.gui.dashboard import MAX_ENTRIES, Entry, day
from kimdesk.gui.expanding_card import ExpandingListCard
from kimdesk.i18n import _


class ReferralCard(ExpandingListCard):
    """Its "+ n more" shows the whole list in place: no case list filter fits a referral."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Referrals without &news"),
            _("Referrals without news"),
            _(
                "No status change for {weeks} weeks: ask how it goes. Enter or click opens the case"
            ).format(weeks=NO_NEWS_DAYS // 7),
            parent,
        )

    def show_stale(self, stale: tuple[StaleReferral, ...], case_labels: dict[int, str]) -> None:
        """The longest without news first."""
        entries = [  # texts for the entries shown; the rest is only counted
            Entry(
                text=stale_text(item, case_labels) if shown < MAX_ENTRIES else "",
                target=item.case_id,
                alert=True,
            )
            for shown, item in enumerate(sorted(stale, key=lambda s: (s.since, s.referral_id)))
        ]
        empty = _("Every open referral has had news within {weeks} weeks.")
        self.show_entries(entries, empty.format(weeks=NO_NEWS_DAYS // 7))


def stale_text(item: StaleReferral, case_labels: dict[int, str]) -> str:
    case = case_labels.get(item.case_id, item.case_number)
    text = _("{case} – {status} since {date}").format(
        case=case, status=item.status.label, date=day(item.since)
    )
    return f"{text} – {item.service}" if item.service else text
