"""`kimdesk print`: the list of documents, PDFs for a case or blank, and clear refusals."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.cli import main
from kimdesk.demo import DEMO_PROFILE, fill_demo
from kimdesk.forms.loader import load_forms
from kimdesk.printing.consent import CONSENT_DOCUMENTS
from tests.conftest import PASSWORD, TODAY


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("print") / "demo.kimdesk"
    caseload = Caseload.create(path, PASSWORD, DEMO_PROFILE)
    try:
        fill_demo(caseload, cases=20, seed=4, today=TODAY)
    finally:
        caseload.close()
    return path


@pytest.fixture
def with_password(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("KIMDESK_PASSWORD", PASSWORD)
    yield


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def a_case(demo_file: Path) -> tuple[str, str, str]:
    """Number, surname and pseudonym of an admitted case with a cover sheet and goals."""
    caseload = Caseload.open(demo_file, PASSWORD)
    try:
        for row in caseload.cases():
            forms = {f.form_key for f in caseload.form_instances(row.id)}
            if {"cover_sheet", "goals"} <= forms and caseload.assessment_changes(row.id):
                return row.case_number, row.surname, row.pseudonym
    finally:
        caseload.close()
    raise AssertionError("the demo has no such case")


def test_the_list_names_every_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["print", "--list"]) == 0
    ids = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert set(CONSENT_DOCUMENTS) <= set(ids)
    assert {d.key for d in load_forms()} <= set(ids)
    assert {"comparison", "case-file", "case-file-anonymised"} <= set(ids)


def test_a_blank_consent_in_arabic(demo_file: Path, tmp_path: Path, with_password: None) -> None:
    out = tmp_path / "einwilligung.pdf"
    code = main(
        ["print", "consent", "--db", str(demo_file), "--lang", "ar", "--blank", "--out", str(out)]
    )
    assert code == 0
    assert "Einverständniserklärung" in pdf_text(out)


def test_a_filled_form_and_the_case_files(
    demo_file: Path, tmp_path: Path, with_password: None
) -> None:
    number, surname, pseudonym = a_case(demo_file)
    for doc in ("goals", "comparison", "case-file", "case-file-anonymised"):
        out = tmp_path / f"{doc}.pdf"
        assert (
            main(["print", doc, "--db", str(demo_file), "--case", number, "--out", str(out)]) == 0
        )
    assert surname in pdf_text(tmp_path / "case-file.pdf")
    anonymised = pdf_text(tmp_path / "case-file-anonymised.pdf")
    assert pseudonym in anonymised and surname not in anonymised


def test_refusals(demo_file: Path, tmp_path: Path, with_password: None, capsys) -> None:
    db = ["--db", str(demo_file)]
    assert main(["print", "no-such-doc", *db, "--blank", "--out", str(tmp_path / "a.pdf")]) == 2
    assert (
        main(["print", "consent", *db, "--lang", "xx", "--blank", "--out", str(tmp_path / "b.pdf")])
        == 2
    )
    assert main(["print", "comparison", *db, "--blank", "--out", str(tmp_path / "c.pdf")]) == 2
    existing = tmp_path / "d.pdf"
    existing.write_bytes(b"keep")
    assert main(["print", "screening", *db, "--blank", "--out", str(existing)]) == 2
    assert existing.read_bytes() == b"keep"
    assert list(tmp_path.glob("*.pdf")) == [existing]
