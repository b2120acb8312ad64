"""A person's name reads "Surname, Given names" in any script: on screen and printed."""

from __future__ import annotations

import re
import unicodedata

import pytest

from kimdesk.caseload import Caseload
from kimdesk.domain.names import FSI, LRM, PDI, display_name
from kimdesk.printing.case_file import render_case_file
from kimdesk.printing.documents import render_document
from kimdesk.printing.fonts import has_glyph
from kimdesk.printing.text import font_runs, visual_isolated
from tests.conftest import TODAY, make_person
from tests.unit.test_forms_pdf import pdf_text

SURNAME, GIVEN = "حداد", "Олена"  # an Arabic surname, a Cyrillic given name
# pdftotext marks right-to-left runs with embedding controls; they are not text
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


def test_each_part_is_isolated_and_the_surname_comes_first() -> None:
    assert display_name(SURNAME, GIVEN) == f"{LRM}{FSI}{SURNAME}{PDI}, {FSI}{GIVEN}{PDI}"
    assert display_name(" Müller ", "Jürgen") == f"{LRM}{FSI}Müller{PDI}, {FSI}Jürgen{PDI}"
    assert display_name("Müller", "") == f"{LRM}{FSI}Müller{PDI}"


def test_the_printed_line_keeps_the_order_and_needs_no_glyph_for_the_isolates() -> None:
    line = visual_isolated(display_name(SURNAME, GIVEN))
    assert not set(line) & {LRM, FSI, PDI}
    # the surname (shaped, reversed into visual order) left of the comma, the given name right
    surname, given = line.split(", ")
    assert unicodedata.normalize("NFKC", surname)[::-1] == SURNAME and given == GIVEN
    for font, part in font_runs(line):  # no character falls to a missing-glyph box
        assert all(has_glyph(font, character) for character in part), (font, part)


def name_lines(pdf: bytes) -> list[str]:
    """The lines of the PDF's text holding the given name, marks and presentation forms
    folded away."""
    text = unicodedata.normalize("NFKC", pdf_text(pdf)).translate(BIDI_CONTROLS)
    return [line.strip() for line in text.splitlines() if GIVEN in line]


@pytest.fixture
def case_number(caseload: Caseload) -> str:
    person = caseload.add_person(make_person(SURNAME, GIVEN))
    return caseload.open_case(person).case_number


@pytest.mark.parametrize("doc_id", ["consent", "release-of-confidentiality"])
def test_the_consent_documents_print_the_surname_first(
    caseload: Caseload, case_number: str, doc_id: str
) -> None:
    pdf = render_document(caseload, doc_id, case_number=case_number, lang="de", printed_on=TODAY)
    lines = name_lines(pdf)
    assert lines and all(re.search(f"{SURNAME}, {GIVEN}", line) for line in lines), lines
    assert FSI not in pdf_text(pdf) and PDI not in pdf_text(pdf)


def test_the_case_file_prints_the_surname_first(caseload: Caseload, case_number: str) -> None:
    case = next(row for row in caseload.cases() if row.case_number == case_number)
    pdf = render_case_file(caseload, case.id, printed_on=TODAY)
    lines = name_lines(pdf)
    assert lines and all(f"{SURNAME}, {GIVEN}" in line for line in lines), lines
    assert FSI not in pdf_text(pdf) and PDI not in pdf_text(pdf)
