"""Hilfe → Protokoll: the audit log, read-only, filtered by kind and days, with the result of
the chain check (kimdesk.store.audit_chain) on top."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kimdesk.audit import action_label, audit_view, filter_entries, kinds
from kimdesk.caseload import Caseload
from kimdesk.gui.contact_dialog import DateField
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import leave_with_tab
from kimdesk.i18n import _
from kimdesk.store.audit_chain import LoggedEntry

DATE_FORMAT = "dd.MM.yyyy"


def shown_time(at: str) -> str:
    """23.11.2026 14:05 from the stored ISO time stamp (anything else as it is)."""
    text = str(at)
    try:
        day = date.fromisoformat(text[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return text
    return f"{day} {text[11:16]}".strip()


class AuditViewer(QDialog):
    """The log's entries, newest first; nothing here can change them."""

    def __init__(self, caseload: Caseload, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Audit log – kimdesk"))
        self.resize(scaled(820), 560)
        self._entries, self.report = audit_view(caseload)
        today = caseload.today

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        heading = QLabel(_("Audit log"), self)
        heading.setObjectName("pageHeading")
        layout.addWidget(heading)
        intro = QLabel(
            _(
                "What was done in this caseload and when: unlocking, printing, exports, "
                "backups, changes. The log holds no personal data and cannot be edited here."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        layout.addWidget(intro)

        self.chain_label = QLabel(self)
        self.chain_label.setWordWrap(True)
        if self.report.ok:
            intact = _("The log is intact: {n} entries, none changed, removed or inserted.")
            self.chain_label.setText("✓ " + intact.format(n=self.report.entries))
            self.chain_label.setObjectName("chainOk")
        else:
            self.chain_label.setText(
                self.report.message() + " " + _("Please tell your IT department.")
            )
            self.chain_label.setObjectName("errorMessage")
        layout.addWidget(self.chain_label)

        filters = QHBoxLayout()
        self.kind_combo = QComboBox(self)
        self.kind_combo.setAccessibleName(_("Kind"))
        self.kind_combo.addItem(_("All kinds"), None)
        for kind in kinds(self._entries):
            self.kind_combo.addItem(kind.label, kind.action)
        first = min((str(e.at)[:10] for e in self._entries), default=today.isoformat())
        self.since_edit = self._date_edit(_("From"), _qdate(first, today))
        self.until_edit = self._date_edit(_("To"), QDate(today.year, today.month, today.day))
        for text, widget in (
            (_("&Kind"), self.kind_combo),
            (_("&From"), self.since_edit),
            (_("&To"), self.until_edit),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addStretch(1)
        layout.addLayout(filters)

        self.table = QTableWidget(0, 4, self)
        leave_with_tab(self.table)
        self.table.setHorizontalHeaderLabels(
            [_("Date and time"), _("Action"), _("Case number"), _("Details")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in (0, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("caption")
        layout.addWidget(self.count_label)
        buttons = QDialogButtonBox(self)
        buttons.addButton(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.kind_combo.currentIndexChanged.connect(self.refresh)
        self.since_edit.dateChanged.connect(self.refresh)
        self.until_edit.dateChanged.connect(self.refresh)
        self.refresh()

    def _date_edit(self, name: str, value: QDate) -> QDateEdit:
        edit = DateField(value, self)  # Tab leaves the field, not only the day
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        edit.setAccessibleName(name)
        return edit

    def shown_entries(self) -> list[LoggedEntry]:
        """The entries the filter lets through, newest first."""
        chosen = filter_entries(
            self._entries,
            action=self.kind_combo.currentData(),
            since=self.since_edit.date().toPython(),
            until=self.until_edit.date().toPython(),
        )
        return list(reversed(chosen))

    def refresh(self) -> None:
        shown = self.shown_entries()
        self.table.setRowCount(len(shown))
        for row, entry in enumerate(shown):
            values = (
                shown_time(entry.at),
                action_label(entry.action, entry.detail),
                entry.case_number or "",
                entry.detail,
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.count_label.setText(
            _("{shown} of {total} entries shown").format(
                shown=len(shown), total=len(self._entries)
            )
        )


def _qdate(iso: str, fallback: date) -> QDate:
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        day = fallback
    return QDate(day.year, day.month, day.day)
