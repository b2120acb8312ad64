"""A blank paper form prints without a caseload: no file, no password asked for."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from tests.unit.test_cli import kimdesk


def test_a_blank_screening_without_a_caseload(tmp_path: Path) -> None:
    data = tmp_path / "keine-daten"
    out = tmp_path / "screening.pdf"
    result = kimdesk(
        "print",
        "screening",
        "--blank",
        "--out",
        str(out),
        password=None,  # and stdin is no terminal: a password prompt would fail
        extra_env={"KIMDESK_DATA_DIR": str(data)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Screening" in text
    assert not data.exists() or not any(data.rglob("*.kimdesk"))  # no caseload was made


def test_the_examples_of_the_print_help_that_need_no_caseload(tmp_path: Path) -> None:
    """`kimdesk print --help` shows these; they run as shown, in an empty folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_PASSWORD")}
    env["KIMDESK_DATA_DIR"] = str(tmp_path / "daten")
    for example in ("kimdesk print --list", "kimdesk print screening --blank --out screening.pdf"):
        assert example in kimdesk("print", "--help").stdout
        result = subprocess.run(
            [sys.executable, "-m", *shlex.split(example)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env={**env, "PYTHONPATH": str(Path(__file__).parents[2])},
        )
        assert result.returncode == 0, (example, result.stderr)
    assert (tmp_path / "screening.pdf").read_bytes().startswith(b"%PDF")


def test_a_blank_consent_still_needs_the_caseload_for_the_organisation(tmp_path: Path) -> None:
    result = kimdesk(
        "print",
        "consent",
        "--blank",
        "--out",
        str(tmp_path / "c.pdf"),
        password=None,
        extra_env={"KIMDESK_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 2
    assert "Passwort" in result.stderr and not (tmp_path / "c.pdf").exists()


def test_a_blank_form_is_not_overwritten_nor_written_into_a_missing_folder(
    tmp_path: Path,
) -> None:
    existing = tmp_path / "da.pdf"
    existing.write_bytes(b"alt")
    refused = kimdesk("print", "screening", "--blank", "--out", str(existing), password=None)
    assert refused.returncode == 2 and existing.read_bytes() == b"alt"
    missing = kimdesk(
        "print", "screening", "--blank", "--out", str(tmp_path / "fehlt" / "x.pdf"), password=None
    )
    assert missing.returncode == 2 and not (tmp_path / "fehlt").exists()


def test_an_unknown_document_is_refused_before_the_password(tmp_path: Path) -> None:
    result = kimdesk(
        "print", "screenig", "--blank", "--out", str(tmp_path / "x.pdf"), password=None
    )
    assert result.returncode == 2
    assert "Unbekanntes Dokument „screenig“" in result.stderr
    assert "Passwort" not in result.stderr
