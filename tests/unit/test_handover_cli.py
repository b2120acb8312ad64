"""`kimdesk handover export|import|confirm` on real encrypted caseloads, in German."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.cli import main
from tests.conftest import PASSWORD, PROFILE, TODAY, make_person
from tests.unit.test_handover import RECEIVER_PASSWORD, add_client

Run = tuple[int, str, str]


@pytest.fixture
def sender_db(tmp_path: Path) -> Path:
    path = tmp_path / "sender.kimdesk"
    caseload = Caseload.create(path, PASSWORD, PROFILE, today=lambda: TODAY)
    add_client(caseload)
    caseload.close()
    return path


@pytest.fixture
def receiver_db(tmp_path: Path) -> Path:
    path = tmp_path / "receiver.kimdesk"
    Caseload.create(path, RECEIVER_PASSWORD, PROFILE, today=lambda: TODAY).close()
    return path


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    password: str,
    *args: str,
    one_time: str | None = None,
) -> Run:
    monkeypatch.setenv("KIMDESK_PASSWORD", password)
    if one_time is None:
        monkeypatch.delenv("KIMDESK_HANDOVER_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("KIMDESK_HANDOVER_PASSWORD", one_time)
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def export(capsys, monkeypatch, sender_db: Path, out: Path) -> str:  # type: ignore[no-untyped-def]
    code, text, err = run(
        capsys, monkeypatch, PASSWORD, "handover", "export", "--db", str(sender_db),
        "--case", "2026-0001", "--out", str(out),
    )
    assert code == 0, err
    found = re.search(r"Einmal-Passwort.*?: ([A-Z0-9-]{24})", text)
    assert found, text
    return found.group(1)


def test_export_import_confirm(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sender_db: Path,
    receiver_db: Path,
    tmp_path: Path,
) -> None:
    out = tmp_path / "fall.kimhandover"
    password = export(capsys, monkeypatch, sender_db, out)

    code, _out, err = run(
        capsys, monkeypatch, RECEIVER_PASSWORD, "handover", "import", "--db", str(receiver_db),
        str(out), one_time="AAAA-BBBB-CCCC-DDDD-EEEE",
    )
    assert code == 3 and "Einmal-Passwort passt nicht" in err

    damaged = tmp_path / "kaputt.kimhandover"
    data = bytearray(out.read_bytes())
    data[-5] ^= 1
    damaged.write_bytes(bytes(data))
    code, _out, err = run(
        capsys, monkeypatch, RECEIVER_PASSWORD, "handover", "import", "--db", str(receiver_db),
        str(damaged), one_time=password,
    )
    assert code == 4 and "beschädigt" in err

    code, _out, err = run(
        capsys, monkeypatch, RECEIVER_PASSWORD, "handover", "import", "--db", str(receiver_db),
        str(out),
    )
    assert code == 2 and "Einmal-Passwort" in err  # none given, no terminal to ask

    password_file = tmp_path / "otp.txt"
    password_file.write_text(password + "\n", encoding="utf-8")
    code, text, err = run(
        capsys, monkeypatch, RECEIVER_PASSWORD, "handover", "import", "--db", str(receiver_db),
        str(out), "--handover-password-file", str(password_file),
    )
    assert code == 0, err
    assert "2026-0001" in text
    receipt = re.search(r"Empfangscode.*?: ([A-Z0-9]{4}-[A-Z0-9]{4})", text)
    assert receipt, text

    code, _out, err = run(
        capsys, monkeypatch, PASSWORD, "handover", "confirm", "--db", str(sender_db),
        "--case", "2026-0001", "--receipt", "ZZZZ-ZZZZ",
    )
    assert code == 2 and "Empfangscode passt nicht" in err
    code, text, err = run(
        capsys, monkeypatch, PASSWORD, "handover", "confirm", "--db", str(sender_db),
        "--case", "2026-0001", "--receipt", receipt.group(1),
    )
    assert code == 0, err
    assert "gelöscht" in text
    sender = Caseload.open(sender_db, PASSWORD)
    assert sender.cases() == []
    sender.close()


def test_a_possible_duplicate_exits_2_listing_the_cases(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sender_db: Path,
    receiver_db: Path,
    tmp_path: Path,
) -> None:
    receiver = Caseload.open(receiver_db, RECEIVER_PASSWORD)
    receiver.admit_person(
        make_person(surname="Zwetschgenbaum", given_names="Quirinus Aurelio"),
        opened_on=date(2026, 3, 1),
    )
    receiver.close()
    out = tmp_path / "fall.kimhandover"
    password = export(capsys, monkeypatch, sender_db, out)
    args = ("handover", "import", "--db", str(receiver_db), str(out))

    code, _out, err = run(capsys, monkeypatch, RECEIVER_PASSWORD, *args, one_time=password)
    assert code == 2 and "2026-0001" in err and "--new-person" in err

    code, text, err = run(
        capsys, monkeypatch, RECEIVER_PASSWORD, *args, "--new-person", one_time=password
    )
    assert code == 0, err
    assert "2026-0002" in text  # the receiver's numbering


def test_export_refuses_a_missing_folder_and_an_unknown_case(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    sender_db: Path,
    tmp_path: Path,
) -> None:
    code, _out, err = run(
        capsys, monkeypatch, PASSWORD, "handover", "export", "--db", str(sender_db),
        "--case", "2026-0001", "--out", str(tmp_path / "fehlt" / "f.kimhandover"),
    )
    assert code == 2 and "existiert nicht" in err
    code, _out, err = run(
        capsys, monkeypatch, PASSWORD, "handover", "export", "--db", str(sender_db),
        "--case", "2026-0099", "--out", str(tmp_path / "f.kimhandover"),
    )
    assert code == 2 and "2026-0099" in err
    assert list(tmp_path.glob("*.kimhandover")) == []
