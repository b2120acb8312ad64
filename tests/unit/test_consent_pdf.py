"""The consent documents render in every language; the extracted text has the expected words."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from kimdesk.printing import consent_texts
from kimdesk.printing.consent import (
    CONSENT_DOCUMENTS,
    TITLES,
    Organisation,
    render_consent,
)
from kimdesk.printing.consent_texts import (
    BINDING_LANGUAGE,
    CONSENT_LANGUAGES,
    Review,
    consent_text,
    review,
    reviewed_status,
)
from kimdesk.printing.text import is_rtl

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")

ORGANISATION = Organisation(
    name="Caritasverband Musterstadt e.V.",
    address="Hauptstraße 12, 33330 Gütersloh",
    data_protection_officer="M. Beispiel, datenschutz@example.org",
)
ARABIC_NAME = "محمد الأحمد"
AGENCIES = (("Jobcenter Gütersloh", "Herr Schmidt"), ("Beratungsstelle Sonnenhof", "Frau Yilmaz"))
PARTICIPANTS = (("Anna Müller", "Jobcenter"),)
# a German key word of each document's binding text
GERMAN_KEY_WORDS = {
    "consent": "widerrufen",
    "release-of-confidentiality": "Ansprechperson",
    "privacy-notice": "Kavalleriestraße",
    "needs-conference-consent": "Gesundheit",
}
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u200c"))


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def letters(text: str) -> str:
    """Base letters without bidi marks or spaces: presentation forms folded by NFKC."""
    folded = unicodedata.normalize("NFKC", text).translate(BIDI_CONTROLS)
    return re.sub(r"\s+", "", folded)


def contains_word(text: str, word: str) -> bool:
    """``word`` in the text, in logical or in visual (reversed) order."""
    haystack = letters(text)
    needle = letters(word)
    return needle in haystack or needle[::-1] in haystack


def longest_word(text: str) -> str:
    return max(re.findall(r"\w+", text.replace("\u200c", "")), key=len)


@pytest.mark.parametrize("lang", list(CONSENT_LANGUAGES))
@pytest.mark.parametrize("doc_id", list(CONSENT_DOCUMENTS))
@pytest.mark.parametrize("for_case", [False, True], ids=["blank", "case"])
def test_every_document_renders_in_every_language(
    doc_id: str, lang: str, for_case: bool, tmp_path: Path
) -> None:
    pdf = render_consent(
        doc_id,
        lang,
        organisation=ORGANISATION if for_case else Organisation(),
        client_name=ARABIC_NAME if for_case else None,
        date=dt.date(2026, 11, 23) if for_case else None,
        agencies=AGENCIES if for_case else (),
        participants=PARTICIPANTS if for_case else (),
    )
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    assert longest_word(CONSENT_DOCUMENTS[doc_id]) in text
    assert GERMAN_KEY_WORDS[doc_id] in text
    assert "Unterschrift" in text
    translated_title = consent_text(lang, TITLES[doc_id])
    if is_rtl(translated_title):
        assert contains_word(text, longest_word(translated_title))
    else:
        assert longest_word(translated_title) in text
    if lang != BINDING_LANGUAGE:
        binding = consent_text(
            lang, "The German text is binding. The translation helps you to understand it."
        )
        assert contains_word(text, longest_word(binding))
    assert contains_word(text, "محمد") is for_case
    if for_case and doc_id == "release-of-confidentiality":
        for agency, contact in AGENCIES:
            assert agency in text and contact in text


def test_release_lists_exactly_the_given_agencies(tmp_path: Path) -> None:
    pdf = render_consent(
        "release-of-confidentiality", "de", organisation=ORGANISATION, agencies=AGENCIES
    )
    text = pdf_text(pdf, tmp_path)
    table = text.split("Ansprechperson", 1)[1].split("Diese Schweigepflichtentbindung gilt", 1)[0]
    rows = sorted(line.strip() for line in table.splitlines() if line.strip())
    assert rows == sorted(value for pair in AGENCIES for value in pair)


def test_blank_prints_carry_no_name_or_date(tmp_path: Path) -> None:
    blank = pdf_text(render_consent("consent", "uk", organisation=Organisation()), tmp_path)
    filled = pdf_text(
        render_consent(
            "consent",
            "uk",
            organisation=ORGANISATION,
            client_name="Olena Koval",
            date=dt.date(2026, 11, 23),
            printed_on=dt.date(2026, 11, 24),
        ),
        tmp_path,
    )
    assert "Olena Koval" in filled and "23.11.2026" in filled
    assert "Olena Koval" not in blank and "Caritasverband" not in blank
    assert "23.11.2026" not in blank.replace(dt.date.today().strftime("%d.%m.%Y"), "")


def test_footer_numbers_the_pages(tmp_path: Path) -> None:
    pdf = render_consent(
        "privacy-notice", "ar", organisation=ORGANISATION, printed_on=dt.date(2026, 11, 23)
    )
    text = pdf_text(pdf, tmp_path)
    pages = text.count("\f")
    assert pages >= 2
    assert f"Seite 1 von {pages}" in text and f"Seite {pages} von {pages}" in text
    assert "Gedruckt am 23.11.2026" in text


def test_the_client_name_stays_out_of_the_metadata(tmp_path: Path) -> None:
    path = tmp_path / "document.pdf"
    path.write_bytes(
        render_consent("consent", "de", organisation=ORGANISATION, client_name="Olena Koval")
    )
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout
    assert CONSENT_DOCUMENTS["consent"].split()[0].encode() in info
    assert b"Olena" not in info and b"Koval" not in info


def test_reviewed_status_marks_only_german_as_checked() -> None:
    status = reviewed_status()
    assert set(status) == set(CONSENT_LANGUAGES)
    assert status["de"] is True
    assert not any(reviewed for lang, reviewed in status.items() if lang != "de")


def test_the_review_names_the_translator_and_date_if_the_header_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = (consent_texts.consent_dir() / "ar.po").read_text(encoding="utf-8")
    checked = catalog.replace(
        '"X-Reviewed: no\\n"',
        '"X-Reviewed: yes\\n"\n'
        '"X-Reviewed-By: L. Aydın, vereidigte Übersetzerin\\n"\n'
        '"X-Reviewed-On: 2026-10-01\\n"',
    )
    (tmp_path / "ar.po").write_text(checked, encoding="utf-8")
    (tmp_path / "fa.po").write_text(catalog, encoding="utf-8")
    monkeypatch.setattr(consent_texts, "consent_dir", lambda: tmp_path)
    assert review("ar") == Review(True, "L. Aydın, vereidigte Übersetzerin", "2026-10-01")
    assert review("fa") == Review(False)


def test_unknown_documents_and_languages_are_refused() -> None:
    with pytest.raises(ValueError):
        render_consent("contract", "de", organisation=ORGANISATION)
    with pytest.raises(ValueError):
        render_consent("consent", "xx", organisation=ORGANISATION)


def test_german_titles_match_the_binding_catalog() -> None:
    for doc_id, title in CONSENT_DOCUMENTS.items():
        assert consent_text("de", TITLES[doc_id]) == title
