"""The overview's card of open referrals without news: no status change for six weeks, so the
case manager asks the service or the client how it goes (Leistungssteuerung)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kimdesk.domain.records import StaleReferral
from kimdesk.domain.referral_status import NO_NEWS_DAYS
from kimdesk.gui.dashboard import MAX_ENTRIES, Entry, ListCard, day
from kimdesk.i18n import _


class ReferralCard(ListCard):
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
        self._entries: list[Entry] = []
        self._expanded = False
        self.more_label.setToolTip(_("Shows all of them here"))
        self.more_requested.connect(self._expand)

    def show_stale(self, stale: tuple[StaleReferral, ...], case_labels: dict[int, str]) -> None:
        """The longest without news first."""
        self._entries = [
            Entry(text=stale_text(item, case_labels), target=item.case_id, alert=True)
            for item in sorted(stale, key=lambda s: (s.since, s.referral_id))
        ]
        self._expanded = False
        self._show()

    def _expand(self) -> None:
        self._expanded = True
        self._show()

    def _show(self) -> None:
        """As ListCard.set_entries, but all entries once "+ n more" was clicked."""
        shown = self._entries if self._expanded else self._entries[:MAX_ENTRIES]
        self.list.set_entries(shown, self._tooltip)
        self.list.setVisible(bool(shown))
        hidden = len(self._entries) - len(shown)
        self.more_label.setText(_("+ {n} more").format(n=hidden))
        self.more_label.setVisible(hidden > 0)
        empty = _("Every open referral has had news within {weeks} weeks.")
        self.empty_label.setText(empty.format(weeks=NO_NEWS_DAYS // 7))
        self.empty_label.setVisible(not shown)
        self.set_badge(len(self._entries), alert=bool(self._entries))


def stale_text(item: StaleReferral, case_labels: dict[int, str]) -> str:
    case = case_labels.get(item.case_id, item.case_number)
    text = _("{case} – {status} since {date}").format(
        case=case, status=item.status.label, date=day(item.since)
    )
    return f"{text} – {item.service}" if item.service else text
