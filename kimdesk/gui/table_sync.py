"""Bring a read-only table from one list of records to the next by rewriting only the rows
that differ: after one contact is saved, one row is inserted rather than every row made anew.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

K = TypeVar("K")


def sync_rows(
    table: QTableWidget,
    shown: Sequence[K],
    wanted: Sequence[K],
    texts: Callable[[K], list[str]],
) -> range:
    """Make ``table`` (showing ``shown``, one row each) show ``wanted``; the rows the two have
    in common at the start and at the end stay. Returns the rows written."""
    if table.rowCount() != len(shown):  # not what we think it shows: every row anew
        shown = ()
        table.setRowCount(0)
    start = 0
    most = min(len(shown), len(wanted))
    while start < most and shown[start] == wanted[start]:
        start += 1
    end = 0  # rows in common at the end
    while end < most - start and shown[-1 - end] == wanted[-1 - end]:
        end += 1
    for _row in range(len(shown) - end - start):
        table.removeRow(start)
    written = range(start, len(wanted) - end)
    for row in written:
        table.insertRow(row)
        for column, value in enumerate(texts(wanted[row])):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(row, column, item)
    return written
