"""The organisation details of the profile: stored in the encrypted caseload, printed on the
consent documents instead of blank lines."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.errors import BadInput
from kimdesk.printing.documents import printed_line, render_document
from tests.conftest import PASSWORD, PROFILE

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")

DETAILED = replace(
    PROFILE,
    organisation="Caritasverband Solingen e.V.",
    organisation_address="Hauptstraße 12, 42651 Solingen",
    data_protection_officer="Dr. A. Beispiel, datenschutz@caritas-solingen.example, 0212 123",
    retention_years=5,
)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text with every run of white space (line breaks too) as one space."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return re.sub(r"\s+", " ", result.stdout.decode("utf-8"))


def reopened(caseload: Caseload, db_path: Path) -> Caseload:
    caseload.close()
    return Caseload.open(db_path, PASSWORD, today=lambda: caseload.today)


def test_the_details_survive_closing_and_reopening_the_caseload(
    caseload: Caseload, db_path: Path
) -> None:
    caseload.update_profile(DETAILED)
    again = reopened(caseload, db_path)
    try:
        assert again.profile() == DETAILED
    finally:
        again.close()


def test_a_caseload_without_the_details_reads_the_defaults(caseload: Caseload) -> None:
    # a caseload stored before the details existed has no such keys in its profile table
    with caseload.db.transaction():
        caseload.db.execute(
            "DELETE FROM profile WHERE key IN "
            "('organisation_address', 'data_protection_officer', 'retention_years')"
        )
    profile = caseload.profile()
    assert (profile.organisation_address, profile.data_protection_officer) == ("", "")
    assert profile.retention_years == 3
    assert profile == PROFILE


@pytest.mark.parametrize("years", [0, 31, -2])
def test_a_retention_period_out_of_range_is_refused(caseload: Caseload, years: int) -> None:
    with pytest.raises(BadInput):
        caseload.update_profile(replace(DETAILED, retention_years=years))
    assert caseload.profile() == PROFILE


@needs_poppler
def test_the_privacy_notice_prints_the_organisation_details(
    caseload: Caseload, db_path: Path, tmp_path: Path
) -> None:
    caseload.update_profile(DETAILED)
    again = reopened(caseload, db_path)
    try:
        text = pdf_text(render_document(again, "privacy-notice", blank=True, lang="de"), tmp_path)
    finally:
        again.close()
    assert DETAILED.organisation in text
    assert DETAILED.organisation_address in text
    assert DETAILED.data_protection_officer in text
    assert "Wir löschen Ihre Daten 5 Jahre nach dem Ende des Case Managements" in text


@needs_poppler
@pytest.mark.parametrize("doc_id", ["consent", "release-of-confidentiality"])
def test_every_consent_document_prints_the_organisation(
    caseload: Caseload, tmp_path: Path, doc_id: str
) -> None:
    caseload.update_profile(DETAILED)
    text = pdf_text(render_document(caseload, doc_id, blank=True, lang="tr"), tmp_path)
    assert DETAILED.organisation_address in text
    assert DETAILED.data_protection_officer in text


@needs_poppler
def test_an_address_over_several_lines_prints_on_one_line(
    caseload: Caseload, tmp_path: Path
) -> None:
    caseload.update_profile(
        replace(DETAILED, organisation_address="Hauptstraße 12,\n  42651   Solingen\n")
    )
    text = pdf_text(render_document(caseload, "privacy-notice", blank=True, lang="de"), tmp_path)
    assert "Hauptstraße 12, 42651 Solingen Anschrift" in text


def test_printed_line_joins_lines_with_commas() -> None:
    assert (
        printed_line("Musterstraße 1\n\n12345 Musterstadt ") == "Musterstraße 1, 12345 Musterstadt"
    )
    assert printed_line("Postfach 7;\r\n12345 Musterstadt") == "Postfach 7, 12345 Musterstadt"
    assert printed_line("") == ""
