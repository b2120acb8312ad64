"""Large imports stay linear: case numbers and pseudonyms are counted in memory, not queried
per row, and the caller sees the progress."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from kimdesk.caseload import Caseload
from kimdesk.domain.identifiers import PSEUDONYM_PATTERN, CaseNumber
from kimdesk.importer import import_file
from tests.conftest import TODAY, make_person


def write_list(path: Path, rows: int, *, start: int = 0) -> Path:
    """``rows`` invented persons; every third without admission date (opened today, 2026),
    the others admitted in 2025 or 2026."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Nachname", "Vorname", "Geburtsdatum", "Aufnahmedatum"])
    for n in range(start, start + rows):
        admitted = "" if n % 3 == 0 else f"{n % 28 + 1:02d}.0{n % 9 + 1}.{2025 + n % 2}"
        writer.writerow([f"Nachname{n}", f"Vorname{n}", f"{n % 28 + 1:02d}.05.1980", admitted])
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


@contextmanager
def statements(caseload: Caseload) -> Iterator[list[str]]:
    """Every SQL statement the caseload's connection runs meanwhile."""
    seen: list[str] = []
    conn = caseload.db._conn  # the real connection: nothing of the storage is faked
    conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        conn.set_trace_callback(None)


def reads(seen: list[str]) -> list[str]:
    return [s for s in seen if s.lstrip().upper().startswith("SELECT")]


def test_the_number_of_queries_does_not_grow_with_the_rows(
    caseload: Caseload, tmp_path: Path
) -> None:
    small = write_list(tmp_path / "klein.csv", 200)
    large = write_list(tmp_path / "gross.csv", 2000, start=200)
    with statements(caseload) as seen_small:
        assert import_file(caseload, small, today=TODAY).persons_imported == 200
    with statements(caseload) as seen_large:
        assert import_file(caseload, large, today=TODAY).persons_imported == 2000

    # Reading happens once per import, whatever the size: no per-row case-number,
    # pseudonym or duplicate queries (they made a 100,000-row import quadratic).
    assert len(reads(seen_large)) == len(reads(seen_small)) <= 10
    number_queries = [s for s in seen_large if "case_number" in s and "SELECT" in s.upper()]
    assert len(number_queries) <= 2  # one per year of admission in the list
    # Writing: a bounded number of statements per row (person, case, phase change).
    assert len(seen_large) <= 3 * 2000 + 20


def case_numbers(caseload: Caseload) -> list[str]:
    return [row.case_number for row in caseload.cases()]


def test_case_numbers_continue_per_year_without_gaps(caseload: Caseload, tmp_path: Path) -> None:
    for year, count in ((2025, 2), (2026, 3)):
        for n in range(count):
            person = caseload.add_person(make_person(f"Bestand{year}", f"P{n}"))
            caseload.open_case(person, opened_on=date(year, 2, 1))
    report = import_file(caseload, write_list(tmp_path / "l.csv", 300), today=TODAY)
    assert report.persons_imported == 300

    numbers = sorted(CaseNumber.parse(text) for text in case_numbers(caseload))
    assert len(set(numbers)) == 305
    for year in (2025, 2026):
        sequences = [n.sequence for n in numbers if n.year == year]
        assert sequences == list(range(1, len(sequences) + 1)), year
    # The rows admitted in 2025 got 2025 numbers; rows without a date were opened today.
    admitted_2025 = sum(1 for n in range(300) if n % 3 and n % 2 == 0)
    assert sum(1 for n in numbers if n.year == 2025) == 2 + admitted_2025


def test_pseudonyms_already_taken_are_not_given_again(caseload: Caseload, tmp_path: Path) -> None:
    existing = caseload.open_case(caseload.add_person(make_person()), rng=random.Random(7))
    # The same random sequence: the import's first candidate is the existing pseudonym.
    import_file(caseload, write_list(tmp_path / "l.csv", 50), today=TODAY, rng=random.Random(7))
    pseudonyms = [row.pseudonym for row in caseload.cases()]
    assert len(pseudonyms) == len(set(pseudonyms)) == 51
    assert existing.pseudonym in pseudonyms
    assert all(PSEUDONYM_PATTERN.match(p) for p in pseudonyms)


def test_progress_is_reported_up_to_the_total(caseload: Caseload, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    path = write_list(tmp_path / "l.csv", 2500)
    report = import_file(
        caseload, path, today=TODAY, progress=lambda done, total: calls.append((done, total))
    )
    assert report.persons_imported == 2500
    assert calls[-1] == (2500, 2500)
    assert {total for _done, total in calls} == {2500}
    done = [d for d, _total in calls]
    assert done == sorted(done) and done[0] < 2500
    assert 2 < len(calls) < 100  # regularly, but not for every row


def test_no_progress_is_reported_when_nothing_is_imported(
    caseload: Caseload, tmp_path: Path
) -> None:
    calls: list[tuple[int, int]] = []
    bad = tmp_path / "l.csv"
    bad.write_text("Nachname;Vorname\n;ohne Nachnamen\n", encoding="utf-8")
    report = import_file(caseload, bad, today=TODAY, progress=lambda d, t: calls.append((d, t)))
    assert not report.imported and calls == []
