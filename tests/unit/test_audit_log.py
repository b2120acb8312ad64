"""What the audit log records for accountability: unlocks with the failed attempts before
them (counted outside the file, never the attempted text), PDFs with a case's data, and the
viewer's filter and names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kimdesk.audit import (
    PDF_SAVED,
    UNLOCKED,
    action_label,
    filter_entries,
    kinds,
    unlock_caseload,
)
from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.errors import WrongPassword
from kimdesk.store.audit_chain import LoggedEntry, logged_entries, verify_chain
from kimdesk.unlock_attempts import attempts_path, failed_unlocks
from tests.conftest import PASSWORD, PROFILE, TODAY, make_person
from tests.unit.test_cli import kimdesk

WRONG = "falsches-passwort-123"


@pytest.fixture
def stored(db_path: Path) -> Path:
    Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: TODAY).close()
    return db_path


def last_entry(path: Path) -> LoggedEntry:
    caseload = Caseload.open(path, PASSWORD)
    try:
        return logged_entries(caseload.db)[-1]
    finally:
        caseload.close()


def test_an_unlock_after_failed_attempts_says_how_many(stored: Path) -> None:
    for _ in range(2):
        with pytest.raises(WrongPassword):
            unlock_caseload(stored, WRONG)
    assert failed_unlocks(stored) == 2
    assert WRONG.encode() not in attempts_path().read_bytes()
    caseload = unlock_caseload(stored, PASSWORD)
    try:
        entry = logged_entries(caseload.db)[-1]
        assert (entry.action, entry.detail) == (UNLOCKED, "failed_attempts=2")
        assert action_label(entry.action, entry.detail) == (
            "Caseload entsperrt nach 2 Fehlversuchen"
        )
        assert verify_chain(caseload.db).ok
    finally:
        caseload.close()
    assert failed_unlocks(stored) == 0
    unlock_caseload(stored, PASSWORD).close()
    entry = last_entry(stored)
    assert (entry.action, entry.detail) == (UNLOCKED, "")
    assert action_label(entry.action, entry.detail) == "Caseload entsperrt"


def test_the_command_line_counts_wrong_passwords_for_the_next_unlock(stored: Path) -> None:
    assert kimdesk("cases", "--db", str(stored), password=WRONG).returncode == 3
    before = logged_entries_of(stored)
    for command in ("cases", "check"):  # reading commands write nothing, not even an unlock
        result = kimdesk(command, "--db", str(stored))
        assert result.returncode == 0, result.stderr
    assert logged_entries_of(stored) == before
    unlock_caseload(stored, PASSWORD).close()
    entry = last_entry(stored)
    assert (entry.action, entry.detail) == (UNLOCKED, "failed_attempts=1")


def logged_entries_of(path: Path) -> list[LoggedEntry]:
    caseload = Caseload.open(path, PASSWORD)
    try:
        return logged_entries(caseload.db)
    finally:
        caseload.close()


def test_a_pdf_with_a_cases_data_is_logged_a_blank_one_is_not(
    stored: Path, tmp_path: Path
) -> None:
    caseload = Caseload.open(stored, PASSWORD, today=lambda: TODAY)
    case = caseload.open_case(caseload.add_person(make_person("Haddad", "Amal")))
    caseload.move_to(case.id, Phase.INTAKE)
    caseload.close()
    blank_pdf = tmp_path / "b.pdf"
    blank = kimdesk("print", "screening", "--blank", "--out", str(blank_pdf), "--db", str(stored))
    assert blank.returncode == 0, blank.stderr
    assert not any(e.action == PDF_SAVED for e in logged_entries_of(stored))
    filled_pdf = str(tmp_path / "f.pdf")
    filled = kimdesk(
        "print", "case-file", "--case", case.case_number, "--out", filled_pdf, "--db", str(stored)
    )
    assert filled.returncode == 0, filled.stderr
    entry = logged_entries_of(stored)[-1]
    expected = (PDF_SAVED, case.case_number, "case-file")
    assert (entry.action, entry.case_number, entry.detail) == expected
    assert "Haddad" not in entry.detail


def entries() -> list[LoggedEntry]:
    return [
        LoggedEntry(1, "2026-11-01T09:00:00", "caseload.created", None, ""),
        LoggedEntry(2, "2026-11-05T10:00:00", UNLOCKED, None, ""),
        LoggedEntry(3, "2026-11-20T11:00:00", "case.opened", "2026-0001", ""),
        LoggedEntry(4, "2026-11-23T12:00:00", UNLOCKED, None, "failed_attempts=1"),
        LoggedEntry(5, "kein Datum", "backup.verified", None, ""),
    ]


def test_the_filter_takes_kind_and_days_both_included() -> None:
    assert [e.sequence for e in filter_entries(entries(), action=UNLOCKED)] == [2, 4]
    window = filter_entries(entries(), since=date(2026, 11, 5), until=date(2026, 11, 20))
    assert [e.sequence for e in window] == [2, 3]
    assert [e.sequence for e in filter_entries(entries())] == [1, 2, 3, 4, 5]


def test_unknown_actions_keep_their_key() -> None:
    assert action_label("backup.verified") == "backup.verified"
    assert action_label("case.opened") == "Fall eröffnet"
    assert action_label(UNLOCKED, "failed_attempts=1") == "Caseload entsperrt nach 1 Fehlversuch"
    labels = [k.label for k in kinds(entries())]
    assert labels == sorted(labels, key=str.lower) and "backup.verified" in labels


def test_the_caseloads_own_entries_are_all_named(caseload: Caseload) -> None:
    person = caseload.add_person(make_person())
    case = caseload.open_case(person, opened_on=date(2026, 11, 23))
    caseload.move_to(case.id, Phase.INTAKE)
    for entry in logged_entries(caseload.db):
        assert action_label(entry.action) != entry.action
