"""Importing a caseload list is linear in its rows, counted, not timed: the same reads and the
same statements per row at four times the rows, and the same SQL work per row."""

from __future__ import annotations

from pathlib import Path

from kimdesk.caseload import Caseload
from kimdesk.importer import import_file
from tests.conftest import PASSWORD, PROFILE, TODAY
from tests.unit.sql_counting import Counts, counting
from tests.unit.test_import_scale import write_list

SMALL, LARGE = 200, 800


def imported(tmp_path: Path, rows: int) -> Counts:
    caseload = Caseload.create(
        tmp_path / f"import-{rows}.kimdesk", PASSWORD, PROFILE, today=lambda: TODAY
    )
    try:
        path = write_list(tmp_path / f"liste-{rows}.csv", rows)
        with counting(caseload) as counts:
            assert import_file(caseload, path, today=TODAY).persons_imported == rows
    finally:
        caseload.close()
    return counts


def test_an_import_is_linear_in_its_rows(tmp_path: Path) -> None:
    small, large = imported(tmp_path, SMALL), imported(tmp_path, LARGE)
    # Reading: once per import (duplicates, case numbers per year, pseudonyms), any size.
    assert len(large.reads) == len(small.reads)
    # Writing: the same number of statements for every row (person, case, phase change),
    # so four times the rows are exactly four times the writes beyond the fixed ones.
    per_row = (len(large.writes) - len(small.writes)) / (LARGE - SMALL)
    fixed = len(small.writes) - per_row * SMALL  # the audit entry and its head
    assert per_row == int(per_row) <= 3
    assert 0 <= fixed <= 5
    # The SQL work per row: a scan per row (a duplicate check against every person so far)
    # would grow with the rows already written.
    assert large.vm_steps / LARGE <= 1.1 * small.vm_steps / SMALL
