"""The demo caseload is built in time linear in its cases, counted, not timed: its reads do not
grow with the cases, its rows go in as bulk inserts, one statement per row, and the SQL work
per row stays the same at four times the size."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.demo import fill_demo
from tests.conftest import PASSWORD, PROFILE, TODAY
from tests.unit.sql_counting import Counts, counting

SMALL, LARGE = 100, 400
# Reads that may come with the size: the case numbers of one more year, one or two more
# invitations drawn for the case conferences before enough cases with agencies are found.
READ_SLACK = 12


@dataclass(frozen=True)
class Run:
    cases: int
    counts: Counts
    rows: int  # rows the demo added, over all tables


def total_rows(caseload: Caseload) -> int:
    tables = [
        r[0]
        for r in caseload.db.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return sum(int(caseload.db.scalar(f'SELECT count(*) FROM "{t}"')) for t in tables)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, Run]]:
    folder = tmp_path_factory.mktemp("demo-linear")
    result = {}
    for cases in (SMALL, LARGE):
        caseload = Caseload.create(
            Path(folder / f"demo-{cases}.kimdesk"), PASSWORD, PROFILE, today=lambda: TODAY
        )
        try:
            before = total_rows(caseload)
            with counting(caseload) as counts:
                summary = fill_demo(caseload, cases=cases, seed=3, today=TODAY)
            assert summary.cases == cases
            result[cases] = Run(cases, counts, total_rows(caseload) - before)
        finally:
            caseload.close()
    yield result


def test_the_reads_do_not_grow_with_the_cases(runs: dict[int, Run]) -> None:
    small, large = runs[SMALL].counts, runs[LARGE].counts
    # Four times the cases, the same reads: nothing is looked up per case (pseudonyms,
    # case numbers, invitations of every eligible case), each read covers the whole caseload.
    assert len(large.reads) <= len(small.reads) + READ_SLACK
    assert len(large.reads) < LARGE / 2


def test_the_rows_go_in_as_bulk_inserts(runs: dict[int, Run]) -> None:
    small, large = runs[SMALL].counts, runs[LARGE].counts
    # Calls into the connection: one per table and batch, not one per person, case, phase
    # change or consent (the batches hold 500 cases: both sizes are one batch).
    assert large.calls <= small.calls + READ_SLACK
    assert len(large.statements) > 10 * large.calls  # most statements are bulk rows


def test_each_case_is_inserted_as_it_ends_up(runs: dict[int, Run]) -> None:
    for run in runs.values():
        # In its final phase with its whole phase history: not inserted and then updated.
        updated = [s for s in run.counts.writes if s.lstrip().upper().startswith("UPDATE CASES")]
        assert updated == [], run.cases


def test_the_sql_work_per_row_stays_the_same(runs: dict[int, Run]) -> None:
    small, large = runs[SMALL], runs[LARGE]
    assert large.rows > 3 * small.rows
    per_row_small = small.counts.vm_steps / small.rows
    per_row_large = large.counts.vm_steps / large.rows
    # A step that grows with the caseload per case (a scan per case) raises the work per row
    # with the size; the fixed part (the directory, the definitions) lowers it.
    assert per_row_large <= 1.1 * per_row_small, (per_row_small, per_row_large)


def test_the_page_cache_is_as_before_after_the_build(tmp_path: Path) -> None:
    caseload = Caseload.create(tmp_path / "demo.kimdesk", PASSWORD, PROFILE, today=lambda: TODAY)
    try:
        before = caseload.db.scalar("PRAGMA cache_size")
        fill_demo(caseload, cases=5, seed=3, today=TODAY)
        # The build's large cache was for the build only.
        assert caseload.db.scalar("PRAGMA cache_size") == before
    finally:
        caseload.close()
