"""The main window's page "Systemarbeit": the catalogue of generative themes, the service gaps
and interface problems, and the time spent on network work, each on a tab with its table and
the buttons to add, correct and remove. Nothing here holds client data; cases appear by their
case number only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kimdesk import network_time, service_gaps, themes
from kimdesk.caseload import Caseload
from kimdesk.gui.dashboard import month_name
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.record_corrections import confirm_and_remove, correctable
from kimdesk.gui.referral_status_dialog import day
from kimdesk.gui.system_dialogs import (
    GapDialog,
    NetworkDialog,
    ThemeDialog,
    ThemeStatusDialog,
    case_numbers,
)
from kimdesk.gui.widgets import heading, hint, leave_with_tab
from kimdesk.i18n import _
from kimdesk.network_time import NetworkEntry, duration_text
from kimdesk.overview import case_numbers as linked_case_numbers
from kimdesk.referral_followup import service_label
from kimdesk.service_gaps import ServiceGap
from kimdesk.themes import Theme


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text.strip() else ""


def network_summary(found: Sequence[NetworkEntry], month: str) -> str:
    """ "12 Std. 30 Min. Netzwerk- und Systemarbeit im Dezember 2026 (…)": the month's total
    and, where there was any, the time of each kind."""
    if not found:
        return _("No network time recorded in {month}.").format(month=month_name(month))
    by_kind = network_time.minutes_by_kind(list(found))
    parts = [
        f"{kind.label} {duration_text(minutes)}"
        for kind, (_count, minutes) in by_kind.items()
        if minutes
    ]
    total = sum(minutes for _count, minutes in by_kind.values())
    return _("{duration} of network and system work in {month} ({parts})").format(
        duration=duration_text(total), month=month_name(month), parts=", ".join(parts)
    )


class _RecordTab(QWidget):
    """A tab: a hint, a table of records, and Add / Correct / Remove (and more) buttons."""

    def __init__(
        self, hint_text: str, headers: Sequence[str], add_text: str, parent: QWidget
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(hint(hint_text, self), 1)
        self.add_button = QPushButton(add_text, self)
        self.add_button.setObjectName("primary")
        top.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.summary = QLabel(self)
        self.summary.setObjectName("sectionCaption")
        self.summary.setWordWrap(True)  # one long line; at 200 % text wider than the screen
        self.summary.hide()
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(headers), self)
        leave_with_tab(self.table)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.bottom = QHBoxLayout()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("hint")
        self.bottom.addWidget(self.count_label, 1)
        self.correct_button = QPushButton(_("&Correct …"), self)
        self.remove_button = QPushButton(_("Re&move"), self)
        self.bottom.addWidget(self.correct_button)
        self.bottom.addWidget(self.remove_button)
        layout.addLayout(self.bottom)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def fill(self, rows: Sequence[Sequence[str]], widths: Sequence[int]) -> None:
        selected = self.selected_row()
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if selected is not None and selected < len(rows):
            self.table.selectRow(selected)
        self._update_buttons()

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected_row() is not None
        for button in self.record_buttons():
            button.setEnabled(chosen)

    def record_buttons(self) -> list[QPushButton]:
        return [self.correct_button, self.remove_button]


class SystemWorkPage(QWidget):
    """The page of the main window; ``changed`` is emitted after anything was stored."""

    changed = Signal()

    def __init__(
        self, caseload: Caseload, prompter: PrompterLike, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._caseload = caseload
        self._prompter = prompter
        self.dialog: QDialog | None = None  # the dialog open, while it runs
        self._themes: list[Theme] = []
        self._gaps: list[ServiceGap] = []
        self._entries: list[NetworkEntry] = []
        self._build()
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(heading(_("System work"), self))
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)

        self.theme_tab = _RecordTab(
            _(
                "Generative themes: problems that recur across cases, worded generally and "
                "linked to the cases and gaps where they appear. The monthly report counts them."
            ),
            [_("Theme"), _("Life domain"), _("Status"), _("since"), _("Cases"), _("Gaps")],
            _("&Add theme"),
            self,
        )
        self.status_button = QPushButton(_("&Status …"), self.theme_tab)
        self.status_button.setToolTip(_("Change the theme's status from a day on"))
        self.theme_tab.bottom.insertWidget(1, self.status_button)
        self.theme_tab.record_buttons = lambda: [  # type: ignore[method-assign]
            self.theme_tab.correct_button,
            self.theme_tab.remove_button,
            self.status_button,
        ]
        self.theme_tab.add_button.clicked.connect(lambda: self.add_theme())
        self.theme_tab.correct_button.clicked.connect(lambda: self.edit_theme())
        self.status_button.clicked.connect(lambda: self.change_status())
        self.theme_tab.remove_button.clicked.connect(lambda: self.remove_theme())
        correctable(self.theme_tab.table, edit=self.edit_theme, remove=self.remove_theme)
        self.tabs.addTab(self.theme_tab, _("Generative themes"))

        self.gap_tab = _RecordTab(
            _(
                "Service gaps (no service exists) and interface problems (a service exists, "
                "but access fails), as you meet them — not only from needs plans."
            ),
            [
                _("Noted on"),
                _("Kind"),
                _("Life domain"),
                _("Description"),
                _("Directory entry"),
                _("Cases"),
            ],
            _("&Add entry"),
            self,
        )
        self.gap_tab.add_button.clicked.connect(lambda: self.add_gap())
        self.gap_tab.correct_button.clicked.connect(lambda: self.edit_gap())
        self.gap_tab.remove_button.clicked.connect(lambda: self.remove_gap())
        correctable(self.gap_tab.table, edit=self.edit_gap, remove=self.remove_gap)
        self.tabs.addTab(self.gap_tab, _("Gaps and interfaces"))

        self.network_tab = _RecordTab(
            _("Time for network work, conferences and working groups: no client data."),
            [_("Date"), _("Kind"), _("Duration"), _("Topic")],
            _("&Record time"),
            self,
        )
        self.network_tab.summary.show()
        self.network_tab.add_button.clicked.connect(lambda: self.add_entry())
        self.network_tab.correct_button.clicked.connect(lambda: self.edit_entry())
        self.network_tab.remove_button.clicked.connect(lambda: self.remove_entry())
        correctable(self.network_tab.table, edit=self.edit_entry, remove=self.remove_entry)
        self.tabs.addTab(self.network_tab, _("Network time"))

    # -- data ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        # Cases may have been erased or taken over meanwhile: their numbers go with them.
        self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        caseload = self._caseload
        self._themes = themes.themes(caseload)
        # The numbers of the linked cases only: not the whole case list (cold start).
        numbers = linked_case_numbers(caseload, {i for t in self._themes for i in t.case_ids})
        self.theme_tab.fill(
            [
                [
                    t.title,
                    t.domain.label if t.domain else "",
                    t.status.label,
                    day(t.status_on) if t.status_on else "",
                    ", ".join(numbers[i] for i in t.case_ids if i in numbers),
                    str(len(t.gap_ids)) if t.gap_ids else "",
                ]
                for t in self._themes
            ],
            (300, 220, 200, 90, 200),
        )
        linked = len({c for t in self._themes for c in t.case_ids})
        self.theme_tab.count_label.setText(
            _("{themes} themes, linked to {cases} cases").format(
                themes=len(self._themes), cases=linked
            )
        )
        services = dict(caseload.services())
        self._gaps = service_gaps.gaps(caseload)
        self.gap_tab.fill(
            [
                [
                    day(g.noted_on),
                    g.kind.label,
                    g.domain.label if g.domain else "",
                    _first_line(g.description),
                    service_label(services.get(g.service_id)) if g.service_id else "",
                    case_numbers(caseload, g.case_ids),
                ]
                for g in self._gaps
            ],
            (100, 170, 200, 330, 200),
        )
        self.gap_tab.count_label.setText(_("{n} entries").format(n=len(self._gaps)))
        self._entries = network_time.entries(caseload)
        self.network_tab.fill(
            [
                [day(e.worked_on), e.kind.label, duration_text(e.minutes), e.topic]
                for e in self._entries
            ],
            (100, 220, 120),
        )
        self.network_tab.count_label.setText(_("{n} entries").format(n=len(self._entries)))
        self.network_tab.summary.setText(self.month_summary(caseload.today))

    def month_summary(self, on: date) -> str:
        """This month's network time, and the last month's below it (early in a month the
        current one is still nearly empty)."""
        first = on.replace(day=1)
        before = (first - timedelta(days=1)).replace(day=1)
        return "\n".join(
            network_summary(
                [e for e in self._entries if start <= e.worked_on <= end], f"{start:%Y-%m}"
            )
            for start, end in ((first, on), (before, first - timedelta(days=1)))
        )

    # -- dialogs ---------------------------------------------------------------------------

    def _open(self, dialog: QDialog, select: Callable[[int], None] | None = None) -> QDialog:
        """Window-modal; the page reloads once something was stored."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)

        def stored() -> None:
            self.refresh()
            saved = getattr(dialog, "saved_id", None)
            if select is not None and saved is not None:
                select(saved)
            self.changed.emit()

        dialog.accepted.connect(stored)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _busy(self) -> bool:
        return self.dialog is not None

    def _select(self, tab: _RecordTab, ids: Sequence[int], wanted: int) -> None:
        if wanted in ids:
            tab.table.selectRow(list(ids).index(wanted))

    def _theme_select(self, theme_id: int) -> None:
        self._select(self.theme_tab, [t.id for t in self._themes], theme_id)

    def _chosen(self, tab: _RecordTab, records: Sequence[object], row: int | None) -> object:
        if row is not None:
            tab.table.selectRow(row)
        chosen = tab.selected_row()
        return records[chosen] if chosen is not None and chosen < len(records) else None

    def add_theme(self) -> QDialog | None:
        if self._busy():
            return None
        return self._open(ThemeDialog(self._caseload, self._prompter, self), self._theme_select)

    def edit_theme(self, row: int | None = None) -> QDialog | None:
        theme = self._chosen(self.theme_tab, self._themes, row)
        if not isinstance(theme, Theme) or self._busy():
            return None
        dialog = ThemeDialog(self._caseload, self._prompter, self, editing=theme)
        return self._open(dialog, self._theme_select)

    def change_status(self) -> QDialog | None:
        theme = self._chosen(self.theme_tab, self._themes, None)
        if not isinstance(theme, Theme) or self._busy():
            return None
        dialog = ThemeStatusDialog(self._caseload, self._prompter, theme, self)
        return self._open(dialog, self._theme_select)

    def remove_theme(self) -> bool:
        theme = self._chosen(self.theme_tab, self._themes, None)
        if not isinstance(theme, Theme):
            return False
        question = _(
            "Remove the theme “{title}”? Its links to cases and gaps go with it; the cases "
            "and gaps stay."
        ).format(title=theme.title)
        return self._removed(
            confirm_and_remove(
                self,
                self._prompter,
                question,
                lambda: themes.remove_theme(self._caseload, theme.id),
            )
        )

    def add_gap(self) -> QDialog | None:
        if self._busy():
            return None
        return self._open(GapDialog(self._caseload, self._prompter, self), self._gap_select)

    def edit_gap(self, row: int | None = None) -> QDialog | None:
        gap = self._chosen(self.gap_tab, self._gaps, row)
        if not isinstance(gap, ServiceGap) or self._busy():
            return None
        dialog = GapDialog(self._caseload, self._prompter, self, editing=gap)
        return self._open(dialog, self._gap_select)

    def _gap_select(self, gap_id: int) -> None:
        self._select(self.gap_tab, [g.id for g in self._gaps], gap_id)

    def remove_gap(self) -> bool:
        gap = self._chosen(self.gap_tab, self._gaps, None)
        if not isinstance(gap, ServiceGap):
            return False
        question = _("Remove this {kind}? Its links to cases and themes go with it.").format(
            kind=gap.kind.label
        )
        return self._removed(
            confirm_and_remove(
                self,
                self._prompter,
                question,
                lambda: service_gaps.remove_gap(self._caseload, gap.id),
            )
        )

    def add_entry(self) -> QDialog | None:
        if self._busy():
            return None
        return self._open(NetworkDialog(self._caseload, self._prompter, self), self._entry_select)

    def edit_entry(self, row: int | None = None) -> QDialog | None:
        entry = self._chosen(self.network_tab, self._entries, row)
        if not isinstance(entry, NetworkEntry) or self._busy():
            return None
        dialog = NetworkDialog(self._caseload, self._prompter, self, editing=entry)
        return self._open(dialog, self._entry_select)

    def _entry_select(self, entry_id: int) -> None:
        self._select(self.network_tab, [e.id for e in self._entries], entry_id)

    def remove_entry(self) -> bool:
        entry = self._chosen(self.network_tab, self._entries, None)
        if not isinstance(entry, NetworkEntry):
            return False
        question = _("Remove the network time of {date} ({kind}, {duration})?").format(
            date=day(entry.worked_on), kind=entry.kind.label, duration=duration_text(entry.minutes)
        )
        return self._removed(
            confirm_and_remove(
                self,
                self._prompter,
                question,
                lambda: network_time.remove_entry(self._caseload, entry.id),
            )
        )

    def _removed(self, removed: bool) -> bool:
        if removed:
            self.refresh()
            self.changed.emit()
        return removed


__all__ = ["SystemWorkPage", "network_summary"]
