"""An overview card whose "+ n more" shows the whole list in place, for entries no case list
filter fits (a referral, a conference task)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kimdesk.gui.dashboard import MAX_ENTRIES, Entry, ListCard
from kimdesk.i18n import _


class ExpandingListCard(ListCard):
    def __init__(self, title: str, name: str, tooltip: str, parent: QWidget | None = None) -> None:
        super().__init__(title, name, tooltip, parent)
        self._entries: list[Entry] = []
        self._empty_text = ""
        self._expanded = False
        self.more_label.setToolTip(_("Shows all of them here"))
        self.more_requested.connect(self._expand)

    def show_entries(self, entries: list[Entry], empty_text: str) -> None:
        """The first few entries, all of them after "+ n more"; the badge alerts if any does."""
        self._entries = entries
        self._empty_text = empty_text
        self._expanded = False
        self._show()

    def _expand(self) -> None:
        self._expanded = True
        self._show()

    def _show(self) -> None:
        shown = self._entries if self._expanded else self._entries[:MAX_ENTRIES]
        self.list.set_entries(shown, self._tooltip)
        self.list.setVisible(bool(shown))
        hidden = len(self._entries) - len(shown)
        self.more_label.setText(_("+ {n} more").format(n=hidden))
        self.more_label.setVisible(hidden > 0)
        self.empty_label.setText(self._empty_text)
        self.empty_label.setVisible(not shown)
        self.set_badge(len(self._entries), alert=any(e.alert for e in self._entries))
