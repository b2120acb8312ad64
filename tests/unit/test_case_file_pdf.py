"""The case file summary names the person; its anonymised variant (the planning conference's
reconstruction of one case) names nobody and shows no date, age or free text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kimdesk.caseload import Caseload
from kimdesk.demo import fill_demo
from kimdesk.domain.records import CaseRow, Consent
from kimdesk.domain.vocabulary import ConsentKind, FormStatus
from kimdesk.forms.model import AGENCY_PARTS, FieldType, FormKind
from kimdesk.i18n import _
from kimdesk.printing.case_file import render_case_file
from kimdesk.printing.documents import (
    CASE_FILE_ANONYMISED,
    cover_sheet_agencies,
    render_document,
)
from kimdesk.printing.fonts import Script, script_of
from kimdesk.printing.layout import german_date
from tests.conftest import PASSWORD, PROFILE, TODAY
from tests.unit.test_forms_pdf import flat, pdf_text


def squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Caseload]:
    path: Path = tmp_path_factory.mktemp("demo") / "demo.kimdesk"
    caseload = Caseload.create(path, PASSWORD, PROFILE, today=lambda: TODAY)
    fill_demo(caseload, cases=30, seed=2, today=TODAY)
    yield caseload
    caseload.close()


def cover_sheet(caseload: Caseload, case_id: int) -> dict[str, Any] | None:
    finals = [
        i
        for i in caseload.form_instances(case_id, FormKind.COVER_SHEET)
        if i.status is FormStatus.FINAL
    ]
    return max(finals, key=lambda i: (i.recorded_on, i.id or 0)).answers if finals else None


def agency_values(answers: dict[str, Any]) -> list[str]:
    """The names and file numbers of the agencies on a cover sheet."""
    found = []
    for value in answers.values():
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            if isinstance(entry, dict):
                contacts = [entry, *(v for v in entry.values() if isinstance(v, dict))]
                for contact in contacts:
                    found += [str(contact[p]) for p in ("name", "file_number") if contact.get(p)]
    return found


@pytest.fixture(scope="module")
def case(demo: Caseload) -> CaseRow:
    """An open case with a cover sheet naming agencies, a phone and a street, in Latin script."""
    for row in demo.cases():
        answers = cover_sheet(demo, row.id)
        person = demo.person(row.person_id)
        if (
            row.phase.is_open  # a closed case's release has ended: no agency is named
            and answers
            and agency_values(answers)
            and answers.get("phone")
            and answers.get("street")
            and person.birth_date
            and script_of(row.surname + row.given_names) is Script.LATIN
            and demo.goals(row.id)
        ):
            return row
    raise AssertionError("the demo has no fitting case")


def test_case_file_names_the_person(demo: Caseload, case: CaseRow) -> None:
    # The demo's releases name agencies by kind ("Ausländerbehörde"); the case file names only
    # the agencies a release covers, as the consent dialog records them.
    lines = tuple(agency for agency, _person in cover_sheet_agencies(demo, case.id))
    demo.record_consent(
        Consent(case.id, ConsentKind.CONFIDENTIALITY_RELEASE, TODAY, "de", agencies=lines)
    )
    raw = pdf_text(render_case_file(demo, case.id, printed_on=TODAY))
    text = flat(raw)
    assert case.surname in text and case.given_names in text
    assert case.case_number in text
    answers = cover_sheet(demo, case.id)
    assert answers is not None
    assert answers["phone"] in text
    for value in agency_values(answers)[:3]:
        assert squeezed(value) in squeezed(text)  # narrow cells may wrap a file number
    for phase, on in demo.phase_history(case.id):
        assert phase.label in text and german_date(on) in text
    for goal in demo.goals(case.id):
        assert flat(goal.title) in text
    assert _("Page {page} of {pages}").format(page=1, pages=raw.count("\f")) in text


def test_anonymised_case_file_names_nobody(demo: Caseload, case: CaseRow) -> None:
    pdf = render_document(
        demo, CASE_FILE_ANONYMISED, case_number=case.case_number, printed_on=TODAY
    )
    text = flat(pdf_text(pdf))
    assert case.pseudonym in text
    person = demo.person(case.person_id)
    answers = cover_sheet(demo, case.id)
    assert answers is not None and person.birth_date is not None
    forbidden = [
        case.surname,
        case.given_names,
        case.case_number,
        german_date(person.birth_date),
        answers["phone"],
        answers["street"],
        *agency_values(answers),
    ]
    definition = demo.forms.get("cover_sheet")
    for field in definition.fields:
        value = answers.get(field.key)
        if field.personal and field.type is FieldType.SHORT_TEXT and value:
            forbidden.append(value)
    # No exact date of the case and no free text: the goals' wording is not reviewed here.
    forbidden += [german_date(on) for _phase, on in demo.phase_history(case.id)]
    forbidden += [goal.title for goal in demo.goals(case.id)]
    for value in forbidden:
        assert squeezed(str(value)) not in squeezed(text)
    # Agencies appear by kind: the label of the cover sheet's field.
    involved = [
        f.label
        for f in definition.fields
        if f.type is FieldType.AGENCY_CONTACT
        and any(str(answers.get(f.key, {}).get(p) or "").strip() for p in AGENCY_PARTS)
    ]
    assert involved
    for label in involved:
        assert flat(label) in text


def test_case_without_cover_sheet_prints(caseload: Caseload) -> None:
    from tests.conftest import make_person

    person_id = caseload.add_person(make_person())
    case_id = caseload.open_case(person_id).id
    row = caseload.case(case_id)
    anonymised = render_document(
        caseload, CASE_FILE_ANONYMISED, case_number=row.case_number, printed_on=TODAY
    )
    text = flat(pdf_text(anonymised))
    assert row.pseudonym in text
    assert "Yılmaz" not in text
    named = flat(pdf_text(render_case_file(caseload, case_id, printed_on=TODAY)))
    assert "Yılmaz" in named and "Ayşe" in named


def test_arabic_name_prints_shaped(caseload: Caseload) -> None:
    from tests.conftest import make_person

    person_id = caseload.add_person(make_person(surname="حسینی", given_names="مریم"))
    case_id = caseload.open_case(person_id).id
    text = pdf_text(render_case_file(caseload, case_id, printed_on=TODAY))
    # Reshaped for print: the letters come out as presentation forms, in visual order.
    assert any(0xFB50 <= ord(ch) <= 0xFEFF for ch in text)
