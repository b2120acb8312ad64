"""The layout of the consent documents: the sentence the client signs under stays on the page
with the signature lines, and long organisation details wrap instead of being cut off."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from kimdesk.printing.consent import CONSENT_DOCUMENTS, Organisation, render_consent
from kimdesk.printing.consent_texts import CONSENT_LANGUAGES

SIGNATURE_LABEL = "Unterschrift der ratsuchenden Person"
# the first words of the German declaration each document is signed under
DECLARATIONS = {
    "consent": "Ich habe diese Informationen gelesen",
    "release-of-confidentiality": "Ich bin mit dieser Schweigepflichtentbindung",
    "needs-conference-consent": "Ich bin mit der Bedarfskonferenz",
}


def pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


@pytest.mark.parametrize("doc_id", sorted(DECLARATIONS))
@pytest.mark.parametrize("lang", sorted(CONSENT_LANGUAGES))
def test_the_declaration_is_on_the_page_with_the_signatures(
    doc_id: str, lang: str, tmp_path: Path
) -> None:
    pdf = render_consent(
        doc_id,
        lang,
        organisation=Organisation(name="Träger"),
        client_name="Amal Haddad",
        date=dt.date(2026, 11, 23),
        agencies=(("Jobcenter", "Frau A"),) * 6,
        participants=(("Jobcenter", "Frau A"),) * 6,
    )
    signed = [page for page in pages(pdf, tmp_path) if SIGNATURE_LABEL in page]
    assert len(signed) == 1
    assert DECLARATIONS[doc_id] in signed[0]
    assert "Amal Haddad" in signed[0] and "23.11.2026" in signed[0]


def test_long_organisation_details_wrap_and_nothing_is_cut_off(tmp_path: Path) -> None:
    address = (
        "Caritasverband für den Kreis Musterstadt e.V., Fachdienst Integration, "
        "Kommunales Integrationsmanagement, Bahnhofstraße 123a, 33330 Gütersloh-Innenstadt"
    )
    officer = "Dr. Maximiliane Beispielhaft-Mustermann, datenschutz@caritas-musterstadt.example"
    for doc_id in CONSENT_DOCUMENTS:
        text = " ".join(
            pages(
                render_consent(
                    doc_id,
                    "de",
                    organisation=Organisation(
                        name="Caritas", address=address, data_protection_officer=officer
                    ),
                ),
                tmp_path,
            )
        )
        assert address in text and officer in text, doc_id
