"""`kimdesk retention` and `kimdesk erase` on a real encrypted caseload."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.cli import main
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ClosureReason, ConsentKind
from kimdesk.lifecycle.erasure import PERSON_ERASED
from tests.conftest import PASSWORD, TODAY, make_person
from tests.unit.erasure_pages import found_values
from tests.unit.test_cli import kimdesk


def _case(caseload: Caseload, surname: str, closed: date | None) -> str:
    person = caseload.add_person(make_person(surname, "Testa", phone="0171 5550199"))
    opened = date(2019, 1, 1) if closed else TODAY
    case = caseload.open_case(person, opened_on=opened)
    if closed is not None:
        caseload.move_to(case.id, Phase.INTAKE, on=opened)
        caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, opened, "de"))
        caseload.move_to(case.id, Phase.ASSESSMENT, on=opened)
        caseload.move_to(
            case.id, Phase.CLOSED, on=closed, closure_reason=ClosureReason.MOVED_AWAY
        )
    return caseload.case(case.id).case_number


@pytest.fixture
def numbers(caseload: Caseload) -> dict[str, str]:
    numbers = {
        "due": _case(caseload, "Fälligmann", date(2020, 3, 1)),
        "recent": _case(caseload, "Neulich", date(2025, 3, 1)),
        "open": _case(caseload, "Offenbach", None),
    }
    caseload.close()
    return numbers


def test_retention_lists_exactly_the_due_cases_without_names(
    db_path: Path, numbers: dict[str, str]
) -> None:
    result = kimdesk("retention", "--db", str(db_path), "--on", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Fallnummer")
    assert [line.split() for line in lines[1:]] == [[numbers["due"], "01.03.2020", "02.03.2023"]]
    assert "Fälligmann" not in result.stdout

    named = kimdesk("retention", "--db", str(db_path), "--on", "2028-03-02", "--names")
    assert named.returncode == 0, named.stderr
    assert "Fälligmann, Testa" in named.stdout and "Neulich, Testa" in named.stdout
    assert "Offenbach" not in named.stdout

    none = kimdesk("retention", "--db", str(db_path), "--on", "2023-03-01")
    assert none.stdout.strip() == "Kein Fall ist zur Löschung fällig."


def test_a_bad_date_is_refused(db_path: Path, numbers: dict[str, str]) -> None:
    result = kimdesk("retention", "--db", str(db_path), "--on", "1.3.2026")
    assert result.returncode == 2
    assert "JJJJ-MM-TT" in result.stderr


def test_erase_with_yes_erases_the_person(db_path: Path, numbers: dict[str, str]) -> None:
    result = kimdesk("erase", "--db", str(db_path), "--case", numbers["recent"], "--yes")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Gelöscht: eine Person mit 1 Fall (Pseudonym ")
    assert "Neulich" not in result.stdout + result.stderr
    assert found_values(db_path, PASSWORD, ["Neulich"]) == []
    assert found_values(db_path, PASSWORD, ["Fälligmann", "Offenbach"]) == [
        "Fälligmann",
        "Offenbach",
    ]
    caseload = Caseload.open(db_path, PASSWORD, today=lambda: TODAY)
    try:
        assert [e.action for e in caseload.audit_log()].count(PERSON_ERASED) == 1
    finally:
        caseload.close()
    # The file is whole and the audit log's chain unbroken after the rewrite.
    check = kimdesk("check", "--db", str(db_path))
    assert check.returncode == 0, check.stdout + check.stderr


def test_erase_without_yes_and_without_a_terminal_is_refused(
    db_path: Path, numbers: dict[str, str]
) -> None:
    result = kimdesk("erase", "--db", str(db_path), "--case", numbers["due"])
    assert result.returncode == 2
    assert "bestätigt" in result.stderr and "--yes" in result.stderr
    assert found_values(db_path, PASSWORD, ["Fälligmann"]) == ["Fälligmann"]


def test_an_unknown_case_number_is_refused(db_path: Path, numbers: dict[str, str]) -> None:
    result = kimdesk("erase", "--db", str(db_path), "--case", "1999-0001", "--yes")
    assert result.returncode == 2
    assert "1999-0001" in result.stderr


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("answer", "erased"), [("ja\n", True), ("nein\n", False)])
def test_on_a_terminal_erase_asks_first(
    db_path: Path,
    numbers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answer: str,
    erased: bool,
) -> None:
    monkeypatch.setenv("KIMDESK_PASSWORD", PASSWORD)
    monkeypatch.setattr("sys.stdin", _Terminal(answer))

    assert main(["erase", "--db", str(db_path), "--case", numbers["due"]]) == 0

    out = capsys.readouterr().out
    assert f"Die Person des Falls {numbers['due']} und alles" in out
    assert "Jetzt löschen? [ja/nein]" in out
    assert ("Gelöscht" in out) is erased and ("Es wurde nichts gelöscht." in out) is not erased
    assert found_values(db_path, PASSWORD, ["Fälligmann"]) == ([] if erased else ["Fälligmann"])
