"""The e-mail draft of the monthly report: the attachment's name reaches every mail program
(ASCII filename= and RFC 2231 filename*=), and no empty To: line without an address."""

from __future__ import annotations

import email
import re
from email.policy import default
from pathlib import Path
from urllib.parse import unquote

import pytest

from kimdesk.caseload import Caseload
from kimdesk.report import export_month
from kimdesk.report.sending import ascii_filename, write_eml_draft
from tests.unit.test_report_export import build_known


def draft(tmp_path: Path, name: str, *, to: str = "koordination@example.org") -> bytes:
    path = tmp_path / "entwurf.eml"
    write_eml_draft(
        path,
        to=to,
        subject="KIM-CM Monatsbericht November 2026 (ÖB)",
        body="Guten Tag,\n",
        attachment_name=name,
        attachment_bytes=b"PK\x03\x04 workbook",
    )
    return path.read_bytes()


def disposition(raw: bytes) -> str:
    """The attachment's Content-Disposition header as written, continuation lines joined."""
    (header,) = re.findall(rb"^Content-Disposition: (.*(?:\r?\n[ \t].*)*)", raw, re.MULTILINE)
    return re.sub(r"\r?\n[ \t]", " ", header.decode("ascii"))


def disposition_lines(raw: bytes) -> list[bytes]:
    lines = raw.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(b"Content-Disposition:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i][:1].isspace())
    return lines[start:end]


def test_an_ascii_name_is_given_both_ways(tmp_path: Path) -> None:
    raw = draft(tmp_path, "KIM-CM_Monatsbericht_2026-11_EB.xlsx")
    assert disposition(raw) == (
        'attachment; filename="KIM-CM_Monatsbericht_2026-11_EB.xlsx"; '
        "filename*=utf-8''KIM-CM_Monatsbericht_2026-11_EB.xlsx"
    )
    assert b'name="KIM-CM_Monatsbericht_2026-11_EB.xlsx"' in raw  # Content-Type, for old ones
    assert max(len(line) for line in disposition_lines(raw)) <= 78


def extended_name(header: str) -> str:
    """The RFC 2231 filename*= value (its continuations joined), decoded."""
    single = re.findall(r"filename\*=utf-8''([^;]*)", header)
    segments = [value for _, value in re.findall(r"filename\*(\d+)\*=([^;]*)", header)]
    encoded = single[0] if single else "".join(segments).removeprefix("utf-8''")
    return unquote(encoded, errors="strict")


def test_umlauts_get_an_ascii_fallback_and_the_exact_name(tmp_path: Path) -> None:
    name = "Monatsbericht_März_Bözkurt Öztürk_Straße.xlsx"
    raw = draft(tmp_path, name)
    header = disposition(raw)
    assert 'filename="Monatsbericht_Maerz_Boezkurt_Oeztuerk_Strasse.xlsx"' in header
    assert "filename*0*=utf-8''Monatsbericht_M%C3%A4rz_B%C3%B6zkurt%20%C3%96zt" in header
    assert extended_name(header) == name
    assert header.index("filename=") < header.index("filename*")  # RFC 6266's order
    assert raw.split(b"\n\n", 1)[0].isascii()
    # A reader that knows only filename= (munpack, Python's email) gets the fallback.
    message = email.message_from_bytes(raw, policy=default)
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "Monatsbericht_Maerz_Boezkurt_Oeztuerk_Strasse.xlsx"
    assert attachment.get_content() == b"PK\x03\x04 workbook"


def test_a_long_name_is_continued_without_losing_the_fallback(tmp_path: Path) -> None:
    name = "Monatsbericht Übersicht für die koordinierende Stelle im Kreis Mettmann 2026-11.xlsx"
    raw = draft(tmp_path, name)
    header = disposition(raw)
    fallback = re.search(r'filename="([^"]*)"', header)
    assert fallback is not None
    assert fallback.group(1) == "Monatsbericht_Uebersicht_fuer_die_koordinierende_Stelle.xlsx"
    segments = re.findall(r"filename\*(\d+)\*=([^;]*)", header)
    assert [int(number) for number, _ in segments] == list(range(len(segments)))
    assert len(segments) > 1 and segments[0][1].startswith("utf-8''")
    assert extended_name(header) == name
    for _, segment in segments:  # no character is cut in two: each piece decodes alone
        unquote(segment.removeprefix("utf-8''"), errors="strict")
    # short lines, so that no program (and not Python's generator) folds them anew
    assert max(len(line) for line in disposition_lines(raw)) <= 78


def test_no_to_line_without_an_address(tmp_path: Path) -> None:
    raw = draft(tmp_path, "bericht.xlsx", to="")
    assert not re.search(rb"^To:", raw, re.MULTILINE)
    assert b"X-Unsent: 1" in raw
    raw = draft(tmp_path / "..", "bericht.xlsx", to="koordination@example.org")
    assert re.search(rb"^To: koordination@example.org\r?$", raw, re.MULTILINE)


@pytest.mark.parametrize(
    ("name", "fallback"),
    [
        ("bericht.xlsx", "bericht.xlsx"),
        ("Größe ändern.xlsx", "Groesse_aendern.xlsx"),
        ("Ľubica Šťastná.xlsx", "Lubica_Stastna.xlsx"),
        ("تقرير.xlsx", "anhang.xlsx"),
        ("..", "anhang"),
        ("x" * 80 + ".xlsx", "x" * 55 + ".xlsx"),
    ],
)
def test_the_ascii_fallback(name: str, fallback: str) -> None:
    assert ascii_filename(name) == fallback


def test_the_export_without_a_coordination_address(caseload: Caseload, tmp_path: Path) -> None:
    from dataclasses import replace

    build_known(caseload)
    caseload.update_profile(replace(caseload.profile(), coordination_email=""))
    out, eml = tmp_path / "März_bericht.xlsx", tmp_path / "entwurf.eml"
    export_month(caseload, "2026-11", out, eml=eml)
    raw = eml.read_bytes()
    assert not re.search(rb"^To:", raw, re.MULTILINE)
    header = disposition(raw)
    assert 'filename="Maerz_bericht.xlsx"' in header
    assert "filename*=utf-8''M%C3%A4rz_bericht.xlsx" in header
