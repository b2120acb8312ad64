"""The command line as IT staff and scripts use it: real processes, real files, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind
from tests.conftest import PASSWORD, PROFILE, TODAY, make_person


def kimdesk(
    *args: str,
    password: str | None = PASSWORD,
    stdin: str = "",
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_PASSWORD")}
    env["KIMDESK_LANG"] = "de"
    if password is not None:
        env["KIMDESK_PASSWORD"] = password
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "kimdesk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def stored(db_path: Path) -> Path:
    caseload = Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: TODAY)
    person = caseload.add_person(make_person("Kovačević", "Ana"))
    case = caseload.open_case(person, opened_on=TODAY)
    caseload.move_to(case.id, Phase.INTAKE, on=TODAY)
    caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, TODAY, "hr"))
    caseload.move_to(case.id, Phase.ASSESSMENT, on=TODAY)
    caseload.close()
    return db_path


def test_init_creates_a_caseload_and_refuses_to_overwrite(db_path: Path) -> None:
    result = kimdesk(
        "init",
        "--db",
        str(db_path),
        "--name",
        "Erika Beispiel",
        "--organisation",
        "AWO",
        "--full-time-share",
        "0.5",
    )
    assert result.returncode == 0, result.stderr
    caseload = Caseload.open(db_path, PASSWORD)
    assert caseload.profile().case_manager == "Erika Beispiel"
    assert caseload.profile().full_time_share == 0.5
    caseload.close()
    before = db_path.read_bytes()
    again = kimdesk("init", "--db", str(db_path))
    assert again.returncode == 2
    assert "nicht überschrieben" in again.stderr
    assert db_path.read_bytes() == before


def test_init_rejects_a_short_password(db_path: Path) -> None:
    result = kimdesk("init", "--db", str(db_path), password="kurz")
    assert result.returncode == 2
    assert "mindestens 10 Zeichen" in result.stderr
    assert not db_path.exists()


def test_password_from_a_file(stored: Path, tmp_path: Path) -> None:
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    result = kimdesk("cases", "--db", str(stored), "--password-file", str(secret), password=None)
    assert result.returncode == 0, result.stderr
    assert "2026-0001" in result.stdout


def test_password_is_never_taken_as_an_argument(stored: Path) -> None:
    result = kimdesk("cases", "--db", str(stored), "--password", PASSWORD, password=None)
    assert result.returncode == 2


def test_without_any_password_source_the_command_says_so(stored: Path) -> None:
    result = kimdesk("cases", "--db", str(stored), password=None)
    assert result.returncode == 2
    assert "KIMDESK_PASSWORD" in result.stderr


def test_wrong_password_exits_3_and_leaves_the_file(stored: Path) -> None:
    before = stored.read_bytes()
    result = kimdesk("cases", "--db", str(stored), password="falsches-passwort")
    assert result.returncode == 3
    assert "Das Passwort ist falsch." in result.stderr
    assert "hmac" not in result.stderr.lower()
    assert stored.read_bytes() == before


def test_damaged_file_exits_4(tmp_path: Path) -> None:
    broken = tmp_path / "broken.kimdesk"
    broken.write_bytes(b"\x00" * 1000)
    assert kimdesk("check", "--db", str(broken)).returncode == 4


def test_cases_lists_numbers_and_phases_but_names_only_on_request(stored: Path) -> None:
    plain = kimdesk("cases", "--db", str(stored))
    assert plain.returncode == 0, plain.stderr
    assert "2026-0001" in plain.stdout and "Assessment" in plain.stdout
    assert "23.11.2026" in plain.stdout
    assert "Kovačević" not in plain.stdout
    named = kimdesk("cases", "--db", str(stored), "--names")
    assert "Kovačević, Ana" in named.stdout


def test_check_reports_schema_and_integrity(stored: Path) -> None:
    result = kimdesk("check", "--db", str(stored))
    assert result.returncode == 0, result.stderr
    from kimdesk.store.schema import latest_version

    assert f"Schema-Version: {latest_version()} (aktuell: {latest_version()})" in result.stdout
    assert "SQLCipher 4." in result.stdout
    assert "Integrität: in Ordnung" in result.stdout
    assert "Formulardefinitionen: 15 in Ordnung" in result.stdout


def test_check_finds_a_damaged_page(stored: Path) -> None:
    data = bytearray(stored.read_bytes())
    data[-100] ^= 0xFF
    stored.write_bytes(bytes(data))
    result = kimdesk("check", "--db", str(stored))
    assert result.returncode == 4


def test_passwd_changes_the_password(stored: Path) -> None:
    result = kimdesk(
        "passwd", "--db", str(stored), extra_env={"KIMDESK_NEW_PASSWORD": "ein-neues-passwort"}
    )
    assert result.returncode == 0, result.stderr
    assert kimdesk("cases", "--db", str(stored)).returncode == 3
    assert kimdesk("cases", "--db", str(stored), password="ein-neues-passwort").returncode == 0


def test_db_option_before_the_command(stored: Path) -> None:
    result = kimdesk("--db", str(stored), "cases")
    assert result.returncode == 0, result.stderr
    assert "2026-0001" in result.stdout


def test_usage_errors_exit_2() -> None:
    assert kimdesk("no-such-command").returncode == 2
    assert kimdesk("demo", "--cases", "zehn").returncode == 2


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = kimdesk("cases", "--db", str(tmp_path / "none.kimdesk"))
    assert result.returncode == 2
    assert not (tmp_path / "none.kimdesk").exists()


def test_import_reports_bad_rows_and_imports_nothing(stored: Path, tmp_path: Path) -> None:
    source = tmp_path / "liste.csv"
    source.write_text(
        "Nachname;Vorname;Geburtsdatum;Aufnahmedatum\n"
        "Öztürk;Mehmet;01.02.1980;15.03.2026\n"
        ";Fatma;31.02.1985;\n",
        encoding="utf-8-sig",
    )
    result = kimdesk("import", "--db", str(stored), str(source))
    assert result.returncode == 2
    assert "Zeile 3" in result.stdout
    assert "31.02.1985" not in result.stdout + result.stderr  # no personal values echoed
    caseload = Caseload.open(stored, PASSWORD)
    assert len(caseload.cases()) == 1
    caseload.close()

    skipped = kimdesk("import", "--db", str(stored), str(source), "--skip-invalid")
    assert skipped.returncode == 0, skipped.stderr
    caseload = Caseload.open(stored, PASSWORD)
    assert len(caseload.cases()) == 2
    caseload.close()


def test_import_template_round_trip(stored: Path, tmp_path: Path) -> None:
    template = tmp_path / "vorlage.xlsx"
    assert kimdesk("import-template", str(template), password=None).returncode == 0
    assert kimdesk("import-template", str(template), password=None).returncode == 2
    result = kimdesk("import", "--db", str(stored), str(template))
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_never_mixes_invented_persons_into_real_cases(stored: Path) -> None:
    before = stored.read_bytes()
    result = kimdesk("demo", "--db", str(stored), "--cases", "5")
    assert result.returncode == 2
    assert "echte Fälle" in result.stderr
    caseload = Caseload.open(stored, PASSWORD)
    assert len(caseload.cases()) == 1
    caseload.close()
    assert stored.read_bytes() == before


def test_demo_fills_a_new_caseload_marked_as_demo(tmp_path: Path) -> None:
    path = tmp_path / "demo.kimdesk"
    result = kimdesk("demo", "--db", str(path), "--cases", "12", "--seed", "3")
    assert result.returncode == 0, result.stderr
    again = kimdesk("demo", "--db", str(path), "--cases", "3")
    assert again.returncode == 0, again.stderr
    caseload = Caseload.open(path, PASSWORD)
    assert caseload.profile().is_demo
    assert len(caseload.cases()) == 15
    caseload.close()


def test_merge_reports_is_a_command() -> None:
    from kimdesk.cli import build_parser
    from kimdesk.report.merge_cli import cmd_merge_reports

    args = build_parser().parse_args(["merge-reports", "a.xlsx", "b.xlsx", "--out", "B.xlsx"])
    assert args.handler is cmd_merge_reports
