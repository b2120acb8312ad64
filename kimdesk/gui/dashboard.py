"""The overview (Übersicht): what needs the case manager's attention today, as calm cards —
the caseload against the caseload key, goal reviews due, persons without contact, the monthly
report, unfinished drafts and referrals without news. It only shows an ``Overview``; the main
window builds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kimdesk.case_groups import CaseGroup
from kimdesk.domain.names import display_name
from kimdesk.domain.records import CaseRow, Draft, GoalDue, Overview, Profile
from kimdesk.domain.rules import PERSONS_PER_FULL_TIME_POST
from kimdesk.gui.widgets import heading, hint
from kimdesk.i18n import _, language, ngettext

MAX_ENTRIES = 8
ALERT_COLOUR = QColor("#b3261e")
HIGH_LOAD = 0.9  # amber from 90 % of the caseload key


def babel_locale() -> Locale:
    try:
        return Locale.parse(language())
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")


def day(on: date | None) -> str:
    return on.strftime("%d.%m.%Y") if on else "–"


def decimal(value: float) -> str:
    """37.5 as "37,5" in German; whole numbers without decimals."""
    return format_decimal(round(value, 2), locale=babel_locale())


def month_name(month: str) -> str:
    """ "2026-11" as "November 2026" in the UI language."""
    year, number = (int(part) for part in month.split("-"))
    return format_date(date(year, number, 1), "MMMM yyyy", locale=babel_locale())


def changed_at(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).strftime("%d.%m.%Y %H:%M")
    except ValueError:
        return stamp[:10]


def short_title(title: str) -> str:
    """A form title without the "Case Management: " every paper form starts with."""
    head, colon, rest = title.partition(": ")
    return rest if colon and head.casefold() == "case management" else title


def load_level(count: int, capacity: float) -> str:
    """ "over" above the caseload key, "high" from 90 % of it, else "ok"."""
    if count > capacity:
        return "over"
    return "high" if capacity > 0 and count >= HIGH_LOAD * capacity else "ok"


@dataclass(frozen=True)
class Entry:
    """One line of a dashboard list; ``target`` is the case or form instance it opens."""

    text: str
    target: int
    alert: bool = False


class EntryList(QListWidget):
    """A short, frameless list whose entries open something on click or Enter."""

    chosen = Signal(int)

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardList")
        self.setAccessibleName(name)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Long entries wrap instead of being cut (also at 200 % text); the list is as high as
        # its entries at the width it has.
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.itemClicked.connect(self._choose)

    def set_entries(self, entries: list[Entry], tooltip: str) -> None:
        self.clear()
        for entry in entries:
            item = QListWidgetItem(entry.text, self)
            item.setData(Qt.ItemDataRole.UserRole, entry.target)
            item.setToolTip(f"{entry.text}\n{tooltip}")
            if entry.alert:
                item.setForeground(ALERT_COLOUR)
        if entries:
            self.setCurrentRow(0)
        self._fit_height()

    def _fit_height(self) -> None:
        rows = sum(self.visualItemRect(self.item(row)).height() for row in range(self.count()))
        self.setFixedHeight(rows + 2 * self.frameWidth() + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.doItemsLayout()  # the entries wrap anew at the new width
        self._fit_height()

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self._choose(self.currentItem())
            event.accept()
            return
        super().keyPressEvent(event)


class Card(QFrame):
    """A titled white panel of the overview."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 14, 18, 14)
        self.body.setSpacing(6)
        top = QHBoxLayout()
        self.title = QLabel(title, self)
        self.title.setObjectName("cardTitle")
        self.setAccessibleName(title.replace("&", ""))  # the panel's meaning, for a reader
        top.addWidget(self.title)
        top.addStretch(1)
        self.badge = QLabel(self)
        self.badge.setObjectName("cardBadge")
        self.badge.hide()
        top.addWidget(self.badge)
        self.body.addLayout(top)

    def set_badge(self, count: int, *, alert: bool = False) -> None:
        self.badge.setText(str(count))
        self.badge.setProperty("alert", alert)
        self.badge.style().unpolish(self.badge)
        self.badge.style().polish(self.badge)
        self.badge.setVisible(count > 0)
        # the badge's number and its red: in words, for assistive technology
        words = ngettext("{n} entry", "{n} entries", count).format(n=count)
        if alert:
            words += "; " + _("some of them urgent")
        self.badge.setAccessibleName(words)
        self.setAccessibleDescription(words)


class ListCard(Card):
    """A card with an entry list, a "+ n more" link and a friendly empty state."""

    more_requested = Signal()  # "+ n more" clicked: the whole group in the case list

    def __init__(self, title: str, name: str, tooltip: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._tooltip = tooltip
        self.list = EntryList(name, self)
        self.list.setAccessibleDescription(tooltip)
        self.title.setBuddy(self.list)
        self.body.addWidget(self.list)
        self.more_label = QPushButton(self)
        self.more_label.setObjectName("link")
        self.more_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.more_label.setToolTip(_("Shows all of these cases in the case list"))
        self.more_label.clicked.connect(self.more_requested)
        self.body.addWidget(self.more_label, 0, Qt.AlignmentFlag.AlignLeft)
        self.empty_label = hint("", self)
        self.empty_label.setObjectName("emptyState")
        self.body.addWidget(self.empty_label)
        self.body.addStretch(1)

    def set_entries(self, entries: list[Entry], empty_text: str) -> None:
        self.list.set_entries(entries[:MAX_ENTRIES], self._tooltip)
        self.list.setVisible(bool(entries))
        hidden = len(entries) - MAX_ENTRIES
        self.more_label.setText(_("+ {n} more").format(n=hidden))
        self.more_label.setVisible(hidden > 0)
        self.empty_label.setText(empty_text)
        self.empty_label.setVisible(not entries)
        self.set_badge(len(entries), alert=any(entry.alert for entry in entries))


class Dashboard(QWidget):
    open_case = Signal(int)
    open_draft = Signal(int)  # a form instance id
    show_cases = Signal()
    show_group = Signal(object)  # a CaseGroup: the case list filtered to the group
    manage_drafts = Signal()
    export_report = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setObjectName("dashboardScroll")
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        content = QWidget(scroll)
        content.setObjectName("dashboardContent")
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 16, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading(_("Overview"), content))
        self.date_label = hint("", content)
        self.date_label.setObjectName("caption")
        layout.addWidget(self.date_label)
        grid = QGridLayout()
        grid.setSpacing(14)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.caseload_card = self._build_caseload_card(content)
        self.report_card = self._build_report_card(content)
        self.reviews_card = ListCard(
            _("Goal &reviews due"),
            _("Goal reviews due"),
            _("Enter or click opens the case"),
            content,
        )
        self.closure_card = ListCard(
            _("Without &contact for more than three months"),
            _("Persons without contact for more than three months"),
            _("Closure suggested. Enter or click opens the case"),
            content,
        )
        self.closure_attempts_label = hint("", self.closure_card)  # H4: contact attempts
        self.closure_card.body.insertWidget(1, self.closure_attempts_label)
        self.drafts_card = ListCard(
            _("Unfinished &drafts"),
            _("Unfinished drafts"),
            _("Enter or click continues the form"),
            content,
        )
        grid.addWidget(self.caseload_card, 0, 0)
        grid.addWidget(self.report_card, 0, 1)
        grid.addWidget(self.reviews_card, 1, 0)
        grid.addWidget(self.closure_card, 1, 1)
        grid.addWidget(self.drafts_card, 2, 0)
        from kimdesk.gui.referral_card import ReferralCard  # builds on ListCard, as below

        self.referrals_card = ReferralCard(content)
        self.referrals_card.list.chosen.connect(self.open_case)
        grid.addWidget(self.referrals_card, 2, 1)
        # Imported here: the card builds on this module's ListCard.
        from kimdesk.gui.erasure_dialog import ErasureCard

        self.erasure_card = ErasureCard(content)
        self.erasure_card.list.chosen.connect(self.open_case)
        from kimdesk.gui.conference_card import ConferenceTaskCard  # as the referral card

        self.conference_card = ConferenceTaskCard(content)
        self.conference_card.list.chosen.connect(self.open_case)
        grid.addWidget(self.conference_card, 3, 0, 1, 2)
        grid.addWidget(self.erasure_card, 4, 0, 1, 2)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.reviews_card.list.chosen.connect(self.open_case)
        self.closure_card.list.chosen.connect(self.open_case)
        self.drafts_card.list.chosen.connect(self.open_draft)
        self.drafts_button = QPushButton(_("Clear &up drafts …"), self.drafts_card)
        self.drafts_button.setToolTip(_("All unfinished forms; discard the abandoned ones"))
        self.drafts_button.clicked.connect(self.manage_drafts)
        self.drafts_card.body.addWidget(self.drafts_button, 0, Qt.AlignmentFlag.AlignLeft)
        # Tab: right after the drafts, not after the cards made later.
        QWidget.setTabOrder(self.drafts_card.more_label, self.drafts_button)
        for card, group in (
            (self.reviews_card, CaseGroup.REVIEW_DUE),
            (self.closure_card, CaseGroup.NO_CONTACT),
            (self.drafts_card, CaseGroup.DRAFT_OPEN),
            (self.erasure_card, CaseGroup.ERASURE_DUE),
        ):
            card.more_requested.connect(lambda group=group: self.show_group.emit(group))
        self.cases_button.clicked.connect(self.show_cases)

    def _build_caseload_card(self, parent: QWidget) -> Card:
        card = Card(_("Caseload and caseload key"), parent)
        self.caseload_number = QLabel(card)
        self.caseload_number.setObjectName("bigNumber")
        card.body.addWidget(self.caseload_number)
        self.caseload_bar = QProgressBar(card)
        self.caseload_bar.setObjectName("caseloadBar")
        self.caseload_bar.setTextVisible(False)
        self.caseload_bar.setFixedHeight(10)
        self.caseload_bar.setAccessibleName(_("Caseload compared with the caseload key"))
        card.body.addWidget(self.caseload_bar)
        self.caseload_rule = hint("", card)
        card.body.addWidget(self.caseload_rule)
        row = QHBoxLayout()
        self.open_cases_label = QLabel(card)
        row.addWidget(self.open_cases_label)
        row.addStretch(1)
        self.cases_button = QPushButton(_("Show the &case list"), card)
        self.cases_button.setObjectName("link")
        self.cases_button.setCursor(Qt.CursorShape.PointingHandCursor)
        row.addWidget(self.cases_button)
        card.body.addLayout(row)
        card.body.addStretch(1)
        return card

    def _build_report_card(self, parent: QWidget) -> Card:
        card = Card(_("Monthly report"), parent)
        self.report_labels: list[QLabel] = []
        self._report_box = QVBoxLayout()
        self._report_box.setSpacing(6)
        card.body.addLayout(self._report_box)
        self.report_hint = hint(
            _(
                "The pseudonymised overview goes to the coordinating office by the end of "
                "each month."
            ),
            card,
        )
        card.body.addWidget(self.report_hint)
        card.body.addStretch(1)
        self.report_button = QPushButton(_("Create the monthly &report …"), card)
        self.report_button.clicked.connect(self.export_report)
        card.body.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignLeft)
        return card

    # -- showing ---------------------------------------------------------------------------

    def show_overview(
        self, overview: Overview, profile: Profile, case_labels: dict[int, str]
    ) -> None:
        today = format_date(overview.on, "full", locale=babel_locale())
        who = ", ".join(part for part in (profile.case_manager, profile.organisation) if part)
        self.date_label.setText(f"{today} · {who}" if who else today)
        self._show_caseload(overview, profile)
        self._show_reports(overview.reports_due)
        self.reviews_card.set_entries(
            self._review_entries(overview.reviews_due, case_labels),
            _("No goal reviews due. Well done."),
        )
        dormant = sorted(
            overview.closure_suggestions, key=lambda row: row.last_contact_on or row.opened_on
        )
        self.closure_card.set_entries(
            [
                self._closure_entry(row, case_labels, overview.closure_attempts.get(row.id))
                if shown < MAX_ENTRIES
                else Entry("", row.id)  # never shown: counted in the badge and "+ n more"
                for shown, row in enumerate(dormant)
            ],
            _("Everyone has had contact within the last three months."),
        )
        tried = len(overview.closure_attempts)
        self.closure_attempts_label.setText(_("{n} of them with a contact attempt").format(n=tried))
        self.closure_attempts_label.setVisible(tried > 0)
        newest_first = sorted(
            overview.drafts, key=lambda d: (d.updated_at, d.instance_id), reverse=True
        )
        self.drafts_card.set_entries(
            [
                self._draft_entry(draft, case_labels)
                if shown < MAX_ENTRIES
                else Entry("", draft.instance_id)
                for shown, draft in enumerate(newest_first)
            ],
            _("No unfinished forms."),
        )
        self.drafts_button.setVisible(bool(overview.drafts))
        self.referrals_card.show_stale(overview.stale_referrals, case_labels)
        self.conference_card.show_tasks(overview.conference_tasks, case_labels)

    def _show_caseload(self, overview: Overview, profile: Profile) -> None:
        count, capacity = overview.caseload_count, overview.capacity
        self.caseload_number.setText(
            _("{count} of {capacity}").format(count=count, capacity=decimal(capacity))
        )
        level = load_level(count, capacity)
        scale = 10  # the bar counts tenths, so 37.5 fits
        self.caseload_bar.setRange(0, max(1, round(capacity * scale)))
        self.caseload_bar.setValue(min(count * scale, self.caseload_bar.maximum()))
        self.caseload_bar.setProperty("level", level)
        self.caseload_number.setProperty("level", level)
        for widget in (self.caseload_bar, self.caseload_number):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.caseload_bar.setAccessibleDescription(
            ngettext(
                "{count} person counted; caseload key {capacity}",
                "{count} persons counted; caseload key {capacity}",
                count,
            ).format(count=count, capacity=decimal(capacity))
            + {"over": " – " + _("above the key"), "high": " – " + _("nearly full")}.get(level, "")
        )
        rule = _(
            "Caseload key (Solingen): about {per_post} persons per full-time post; your post "
            "share is {share}. Counted: everyone after the first conversation and every case "
            "with counselling in the last three months."
        ).format(
            per_post=PERSONS_PER_FULL_TIME_POST,
            share=format_percent(profile.full_time_share, locale=babel_locale()),
        )
        # The bar's colour says it too, but colour alone reaches not everyone (WCAG 1.4.1).
        state = {"over": _("Above the caseload key."), "high": _("Nearly at the caseload key.")}
        if level in state:
            rule = state[level] + " " + rule
        self.caseload_rule.setText(rule)
        self.open_cases_label.setText(
            ngettext("{n} open case", "{n} open cases", overview.open_cases).format(
                n=overview.open_cases
            )
        )

    def _show_reports(self, months: tuple[str, ...]) -> None:
        for label in self.report_labels:
            self._report_box.removeWidget(label)
            label.deleteLater()
        self.report_labels = []
        parent = self.report_card
        texts = [_("Monthly report {month} is due").format(month=month_name(m)) for m in months]
        for text in texts or [_("No monthly report due.")]:
            label = QLabel(text, parent)
            label.setObjectName("notice" if months else "emptyState")
            label.setWordWrap(True)
            self._report_box.addWidget(label)
            self.report_labels.append(label)
        self.report_card.set_badge(len(months))
        self.report_button.setObjectName("primary" if months else "")
        self.report_button.style().unpolish(self.report_button)
        self.report_button.style().polish(self.report_button)

    @staticmethod
    def _review_entries(dues: tuple[GoalDue, ...], case_labels: dict[int, str]) -> list[Entry]:
        """One entry per case and due date: "goals 1, 2" rather than a line per goal."""
        groups: dict[tuple[int, date], list[GoalDue]] = {}
        for due in dues:
            groups.setdefault((due.case_id, due.review_due), []).append(due)
        entries = []
        for (case_id, on), goals in groups.items():
            if len(entries) >= MAX_ENTRIES:  # the rest is only counted: no text needed
                entries.append(Entry("", case_id, alert=goals[0].overdue))
                continue
            positions = ", ".join(str(g.position) for g in sorted(goals, key=lambda g: g.position))
            overdue = goals[0].overdue
            if overdue:
                template = ngettext(
                    "{case} – goal {positions} – overdue since {date}",
                    "{case} – goals {positions} – overdue since {date}",
                    len(goals),
                )
            else:
                template = ngettext(
                    "{case} – goal {positions} – due on {date}",
                    "{case} – goals {positions} – due on {date}",
                    len(goals),
                )
            text = template.format(
                case=case_labels.get(case_id, goals[0].case_number),
                positions=positions,
                date=day(on),
            )
            entries.append(Entry(text, case_id, alert=overdue))
        return entries

    @staticmethod
    def _closure_entry(
        row: CaseRow, case_labels: dict[int, str], attempted: date | None = None
    ) -> Entry:
        name = display_name(row.surname, row.given_names)
        case = case_labels.get(row.id) or f"{row.case_number} {name}"
        if row.last_contact_on is not None:
            text = _("{case} – last contact on {date}").format(
                case=case, date=day(row.last_contact_on)
            )
        else:
            text = _("{case} – no contact since the admission on {date}").format(
                case=case, date=day(row.admitted_on)
            )
        if attempted is not None:
            text += " · " + _("tried on {date}").format(date=day(attempted))
        return Entry(text, row.id)

    @staticmethod
    def _draft_entry(draft: Draft, case_labels: dict[int, str]) -> Entry:
        text = _("{title} – {case_number} – last changed {when}").format(
            title=short_title(draft.title),
            case_number=case_labels.get(draft.case_id, draft.case_number),
            when=changed_at(draft.updated_at),
        )
        return Entry(text, draft.instance_id)
