#!/usr/bin/env python3
"""Case list benchmark: kimdesk's model/view case table against the plain Qt way, 10,000 rows.

    .venv/bin/python bench/bench_case_list.py [--cases 10000] [--runs 5]

The baseline is what a straightforward implementation would do: a QStandardItemModel with one
item per cell and QSortFilterProxyModel's own fixed-string filter. kimdesk's table
(kimdesk.gui.case_list) precomputes display texts, sort keys and accent-free search keys
instead. Both get the same synthetic rows, offscreen, in the same process; runs alternate and
each figure is the median, so the ratio is what matters, not the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSortFilterProxyModel, Qt  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView  # noqa: E402

from kimdesk.demo.words import NAME_GROUPS  # noqa: E402
from kimdesk.domain.phases import Phase  # noqa: E402
from kimdesk.domain.records import CaseRow  # noqa: E402
from kimdesk.gui.case_list import CaseListPage  # noqa: E402

TODAY = date(2026, 11, 23)


def synthetic_rows(n: int) -> list[CaseRow]:
    rng = random.Random(5)
    surnames = [male for group in NAME_GROUPS for male, _female in group[3]]
    given = [name for group in NAME_GROUPS for name in group[4] + group[5]]
    rows = []
    for i in range(n):
        opened = TODAY - timedelta(days=rng.randrange(30, 900))
        rows.append(
            CaseRow(
                id=i + 1,
                case_number=f"{opened.year}-{i + 1:04d}",
                pseudonym=f"P{i:06d}",
                phase=rng.choice(list(Phase)),
                opened_on=opened,
                admitted_on=opened + timedelta(days=10),
                closed_on=None,
                closure_reason=None,
                person_id=i + 1,
                surname=rng.choice(surnames),
                given_names=rng.choice(given),
                last_contact_on=TODAY - timedelta(days=rng.randrange(0, 200)),
                next_review_due=TODAY + timedelta(days=rng.randrange(-60, 90)),
            )
        )
    return rows


def _day(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "–"


class Baseline:
    """The straightforward table: an item per cell, Qt's own filter and sort."""

    def __init__(self) -> None:
        self.model = QStandardItemModel()
        self.proxy = QSortFilterProxyModel()
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.view = QTableView()
        self.view.setModel(self.proxy)

    def set_rows(self, rows: list[CaseRow]) -> None:
        self.model.clear()
        for row in rows:
            self.model.appendRow(
                [
                    QStandardItem(row.case_number),
                    QStandardItem(f"{row.surname}, {row.given_names}"),
                    QStandardItem(row.phase.label),
                    QStandardItem(_day(row.last_contact_on)),
                    QStandardItem(_day(row.next_review_due)),
                    QStandardItem(""),
                ]
            )

    def filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)

    def sort(self, order: Qt.SortOrder) -> None:
        self.proxy.sort(3, order)


def median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        QApplication.processEvents()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])  # noqa: F841 - kept alive
    rows = synthetic_rows(args.cases)
    page, baseline = CaseListPage(), Baseline()
    page.resize(1200, 700)
    baseline.view.resize(1200, 700)
    page.show()
    baseline.view.show()
    page.set_rows(rows, TODAY)
    baseline.set_rows(rows)

    def typed(target: Callable[[str], None]) -> Callable[[], None]:
        def work() -> None:  # "mül" typed letter by letter, then cleared
            for text in ("m", "mü", "mül", ""):
                target(text)

        return work

    def alternating(sort: Callable[[Qt.SortOrder], None]) -> Callable[[], None]:
        def work() -> None:  # a sorted table re-sorted the same way costs nothing: flip
            sort(Qt.SortOrder.DescendingOrder)
            sort(Qt.SortOrder.AscendingOrder)

        return work

    def sort_ours(order: Qt.SortOrder) -> None:
        page.table.sortByColumn(3, order)

    operations = [
        ("load the case list", lambda: page.set_rows(rows, TODAY), lambda: baseline.set_rows(rows)),
        ("type a name fragment (4 keystrokes)", typed(page.proxy.set_text), typed(baseline.filter)),
        ("sort by last contact, down and up", alternating(sort_ours), alternating(baseline.sort)),
    ]
    print(f"{args.cases:,} cases, median of {args.runs} runs, offscreen\n")
    print("| operation | kimdesk (ms) | plain Qt items (ms) | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for name, ours, theirs in operations:
        ours_ms = median_ms(ours, args.runs)
        theirs_ms = median_ms(theirs, args.runs)
        print(f"| {name} | {ours_ms:.1f} | {theirs_ms:.1f} | {ours_ms / theirs_ms:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
