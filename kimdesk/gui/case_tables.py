"""The look of the case view's lists (contacts, referrals, consents, case conferences): read-only
tables of one line per record, and the dates they show."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import leave_with_tab


def day(on: date | None) -> str:
    return on.strftime("%d.%m.%Y") if on else "–"


def read_only_table(
    columns: list[str], parent: QWidget, name: str, widths: dict[int, int]
) -> QTableWidget:
    """A list of records: one line each (long texts are cut, the tooltip shows them whole),
    narrow columns sized to their contents, the columns of ``widths`` wide, the last one
    taking the rest."""
    table = QTableWidget(0, len(columns), parent)
    leave_with_tab(table)  # cells by the arrow keys; Tab moves on
    table.setWordWrap(False)
    table.setHorizontalHeaderLabels(columns)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    for column, width in widths.items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(column, scaled(width))
    return table


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(row, column, item)
