"""Every PDF says its language (/Lang), has a title in that language, and names kimdesk as
author and creator: never reportlab's "anonymous", never a person."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from kimdesk import __version__
from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind
from kimdesk.forms.loader import load_forms
from kimdesk.printing.access_report import render_access_report
from kimdesk.printing.consent import Organisation, render_consent
from kimdesk.printing.forms_pdf import render_form
from tests.conftest import PROFILE, TODAY, make_person


def info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    """pdfinfo's fields, read back from the file as a PDF reader sees them."""
    path = tmp_path / "read-back.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdfinfo", "-enc", "UTF-8", str(path)], capture_output=True, text=True, check=True
    ).stdout
    fields = (line.split(":", 1) for line in out.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in fields}


def lang(pdf: bytes) -> str:
    """The document catalog's /Lang (reportlab writes the catalog uncompressed)."""
    (found,) = re.findall(rb"/Lang \(([^)]*)\)", pdf)
    return found.decode()


def assert_kimdesk_is_the_author(fields: dict[str, str]) -> None:
    assert fields["Author"] == "kimdesk"
    assert fields["Creator"] == f"kimdesk {__version__}"
    assert "anonymous" not in str(fields) and "unspecified" not in str(fields)


def test_a_german_consent(tmp_path: Path) -> None:
    pdf = render_consent("consent", "de", organisation=Organisation(name="Caritas"))
    fields = info(pdf, tmp_path)
    assert lang(pdf) == "de-DE"
    assert fields["Title"] == (
        "Einverständniserklärung zur Verarbeitung personenbezogener Daten im KIM Case Management"
    )
    assert_kimdesk_is_the_author(fields)


def test_an_arabic_consent_filled_for_a_client(tmp_path: Path) -> None:
    pdf = render_consent(
        "release-of-confidentiality",
        "ar",
        organisation=Organisation(name="Caritas"),
        client_name="Ayşe Yılmaz",
        date=TODAY,
    )
    fields = info(pdf, tmp_path)
    assert lang(pdf) == "ar"
    arabic, german = fields["Title"].split(" – ")
    assert re.search("[\u0600-\u06ff]", arabic) and german == "Schweigepflichtentbindung"
    assert_kimdesk_is_the_author(fields)
    assert "Yılmaz" not in str(fields)


def test_the_access_report(caseload: Caseload, tmp_path: Path) -> None:
    person = caseload.add_person(make_person("Kovačević", "Ana"))
    case = caseload.open_case(person, opened_on=TODAY)
    caseload.move_to(case.id, Phase.INTAKE, on=TODAY)
    caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, TODAY, "ar"))
    pdf = render_access_report(caseload, case.id, lang="ar", printed_on=TODAY)
    fields = info(pdf, tmp_path)
    assert lang(pdf) == "de-DE"  # written in German, the headings also in Arabic
    assert fields["Title"] == "Auskunft nach Art. 15 DSGVO"
    assert_kimdesk_is_the_author(fields)
    for personal in ("Kovačević", PROFILE.case_manager, PROFILE.organisation):
        assert personal not in str(fields)


def test_a_blank_form(tmp_path: Path) -> None:
    screening = load_forms().get("screening")
    pdf = render_form(screening, None, printed_on=TODAY)
    fields = info(pdf, tmp_path)
    assert lang(pdf) == "de-DE"
    assert fields["Title"] == screening.title
    assert_kimdesk_is_the_author(fields)


@pytest.mark.usefixtures("english")
def test_the_language_follows_the_application() -> None:
    pdf = render_form(load_forms().get("screening"), None, printed_on=TODAY)
    assert lang(pdf) == "en"
