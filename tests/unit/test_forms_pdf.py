"""Every form of forms/ prints blank and filled; the comparison prints its chart and table."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kimdesk.caseload import Caseload
from kimdesk.demo import fill_demo
from kimdesk.domain.vocabulary import FormStatus
from kimdesk.forms.loader import default_forms
from kimdesk.forms.model import Field, FieldType, FormDefinition
from kimdesk.i18n import _
from kimdesk.printing.comparison import render_comparison, signed
from kimdesk.printing.forms_pdf import render_form
from kimdesk.printing.layout import RatingBoxes
from tests.conftest import PASSWORD, PROFILE, TODAY

FORM_KEYS = [definition.key for definition in default_forms()]


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it, pages separated by form feeds."""
    assert pdf.startswith(b"%PDF")
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Caseload]:
    path: Path = tmp_path_factory.mktemp("demo") / "demo.kimdesk"
    caseload = Caseload.create(path, PASSWORD, PROFILE, today=lambda: TODAY)
    fill_demo(caseload, cases=30, seed=2, today=TODAY)
    yield caseload
    caseload.close()


def final_instance(caseload: Caseload, form_key: str) -> tuple[str, Any]:
    for case in caseload.cases():
        for instance in caseload.form_instances(case.id):
            if instance.form_key == form_key and instance.status is FormStatus.FINAL:
                return case.case_number, instance
    raise AssertionError(f"the demo has no finished {form_key}")


def labels(definition: FormDefinition) -> list[Field]:
    found: list[Field] = []
    for field in definition.fields:
        found.append(field)
        found.extend(field.fields)
    return found


def assert_paper_text(definition: FormDefinition, text: str) -> None:
    flat_text = flat(text)
    assert flat(definition.title) in flat_text
    for section in definition.sections:
        assert flat(section.title) in flat_text, section.key
    for field in labels(definition):
        assert flat(field.label) in flat_text, field.key
    pages = text.count("\f")
    assert pages >= 1
    assert _("Page {page} of {pages}").format(page=1, pages=pages) in flat_text


@pytest.mark.parametrize("key", FORM_KEYS)
def test_every_form_prints_blank(key: str) -> None:
    definition = default_forms().get(key)
    text = pdf_text(render_form(definition, None, case_number="2026-0042", printed_on=TODAY))
    assert_paper_text(definition, text)
    assert _("Case {number}").format(number="2026-0042") in text
    if any(f.type is FieldType.DATE for f in definition.fields):
        assert "__.__.____" in text
    for field in definition.fields:
        for option in field.options:
            assert flat(option.label) in flat(text), (field.key, option.key)


@pytest.mark.parametrize("key", FORM_KEYS)
def test_every_form_prints_filled(demo: Caseload, key: str) -> None:
    case_number, instance = final_instance(demo, key)
    definition = demo.definition_of(instance)
    text = pdf_text(
        render_form(definition, instance.answers, case_number=case_number, printed_on=TODAY)
    )
    assert_paper_text(definition, text)
    assert "__.__.____" not in text
    for field in definition.fields:
        answer = instance.answers.get(field.key)
        if field.type is FieldType.SHORT_TEXT and answer:
            assert flat(answer) in flat(text), field.key


def test_filled_screening_shows_a_typed_answer() -> None:
    definition = default_forms().get("screening")
    field = next(f for f in definition.fields if f.type is FieldType.LONG_TEXT)
    answers = {field.key: "Sucht eine größere Wohnung & einen Sprachkurs"}
    text = pdf_text(render_form(definition, answers, printed_on=TODAY))
    assert "Sucht eine größere Wohnung & einen Sprachkurs" in flat(text)


def test_rating_prints_the_anchors_and_remark() -> None:
    definition = default_forms().get("assessment_housing")
    line = definition.rating_lines()[0]
    answers = {line.key: {"value": 7, "remark": "Mietvertrag läuft aus"}}
    text = flat(pdf_text(render_form(definition, answers, printed_on=TODAY)))
    assert line.anchors is not None
    assert flat(line.anchors.low) in text and flat(line.anchors.high) in text
    assert "Mietvertrag läuft aus" in text


class RecordingCanvas:
    """Stands in for a reportlab canvas and notes what a flowable draws."""

    def __init__(self) -> None:
        self.rects: list[float] = []
        self.crosses: list[float] = []

    def rect(self, x: float, *_args: Any, **_kwargs: Any) -> None:
        self.rects.append(x)

    def line(self, x1: float, *_args: Any) -> None:
        self.crosses.append(x1)

    def __getattr__(self, _name: str) -> Any:
        return lambda *_a, **_k: None


@pytest.mark.parametrize("value", [1, 7, 10, None])
def test_rating_marks_exactly_its_value(value: int | None) -> None:
    boxes = RatingBoxes(value)
    boxes.wrap(400, 100)
    canvas = RecordingCanvas()
    boxes.canv = canvas  # type: ignore[assignment]
    boxes.draw()
    assert len(canvas.rects) == 10
    if value is None:
        assert canvas.crosses == []
    else:
        box_x = canvas.rects[value - 1]
        assert canvas.crosses and all(box_x < x < box_x + 12 for x in canvas.crosses)


def test_blank_repeating_groups_print_their_max_items() -> None:
    goals = pdf_text(render_form(default_forms().get("goals"), None, printed_on=TODAY))
    assert _("Entry {number}").format(number=3) in goals
    assert _("Entry {number}").format(number=4) not in goals
    cover = pdf_text(render_form(default_forms().get("cover_sheet"), None, printed_on=TODAY))
    assert _("Entry {number}").format(number=3) in cover  # no max_items: three blank blocks


def test_comparison_prints_domains_and_changes(demo: Caseload) -> None:
    case = max(demo.cases(), key=lambda c: len(demo.assessment_changes(c.id)))
    changes = demo.assessment_changes(case.id)
    assert any(change.later for change in changes)
    text = flat(
        pdf_text(render_comparison(changes, case_number=case.case_number, printed_on=TODAY))
    )
    for change in changes:
        assert flat(change.domain.label) in text
        assert flat(change.label) in text
        assert signed(change.change) in text
    assert case.case_number in text


def test_comparison_without_assessments_says_so() -> None:
    text = pdf_text(render_comparison([], case_number="2026-0001", printed_on=TODAY))
    assert _("No finished assessments to compare yet.") in flat(text)


def test_signed_change() -> None:
    assert [signed(2), signed(0), signed(-3), signed(None)] == ["+2", "±0", "-3", "–"]
