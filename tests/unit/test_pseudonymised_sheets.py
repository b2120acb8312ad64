"""The interim and closure sheets go to the coordinating office pseudonymised: as a PDF and as
rows of the monthly workbook's sheet "Bögen", with the monthly report's pseudonym, the month,
the case manager's initials, and no free text that fails the identifier check."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook

from kimdesk.caseload import Caseload
from kimdesk.printing.documents import documents, render_document
from kimdesk.report import build_month_report, write_workbook
from kimdesk.report.merge import merge_reports, read_report, write_merged
from kimdesk.report.privacy import leak_kind
from kimdesk.report.sheets_out import REMOVED, SHEET_FORMS, caseload_identifiers
from tests.conftest import TODAY
from tests.unit.test_report_export import SECRETS, build_known

MONTH = "2026-11"
CLOSED_ON, INTERIM_ON = date(2026, 11, 20), date(2026, 11, 14)
PASSING = "Gute Zusammenarbeit mit dem Jobcenter, Termin am 12.11.2026 wahrgenommen"
FAILING = (
    "Frau Kowalczyk brauchte viel Zeit",  # a name
    "Rückruf unter 0176 1234567 vereinbart",  # a phone number
    "Bożena kam immer pünktlich",  # a given name
    "Geboren am 24.12.1990, daher",  # a birth date
)
HANDED_OVER = "Migrationsberatung für Erwachsene (MBE)"
FULL_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b|\b\d{4}-\d{2}-\d{2}\b")


def with_sheets(caseload: Caseload) -> dict[str, int]:
    """build_known's caseload with a finished closure sheet (the case closed in November) and
    a finished interim sheet, both with free texts that pass and that fail."""
    ids = build_known(caseload)
    closure = {
        "date": CLOSED_ON.isoformat(),
        "client_name": "Ayşe Yılmaz",
        "case_manager": "Erika Beispiel",
        "closure_type": "agreed_handed_over",
        "handed_over_to": HANDED_OVER,
        "duration_months": 2,
        "overall_change": "better",
        "area_housing": "partly",
        "area_family": "fully",
        "cooperation": PASSING,
        "method_suitable": FAILING[0],
        "retrospective": FAILING[1],
    }
    caseload.save_form(ids["turkish"], "closure", closure, final=True)
    interim = {
        "date": INTERIM_ON.isoformat(),
        "client_name": "Bożena Kowalczyk",
        "case_manager": "Erika Beispiel",
        "topic": "Wohnungssuche",
        "overall_change": "stabilised",
        "area_housing": "hardly",
        "cooperation": FAILING[2],
        "method_suitable": FAILING[3],
    }
    caseload.save_form(ids["polish"], "interim", interim, final=True)
    draft = {**interim, "date": "2026-11-16", "cooperation": "Entwurf, nicht fertig"}
    caseload.save_form(ids["polish"], "interim", draft, final=False)  # a draft stays home
    return ids


def caseload_dates(caseload: Caseload) -> set[str]:
    """Every exact date of the caseload's cases and people, in both spellings."""
    days = {CLOSED_ON, INTERIM_ON, date(2026, 11, 12), date(1983, 4, 5), date(1990, 12, 24)}
    days |= {date(2026, 11, 1) + timedelta(days=n) for n in range(30)}  # the whole month
    days |= {date(2026, 9, 1), date(2026, 10, 1), date(2026, 10, 20), date(2026, 10, 30)}
    days.discard(TODAY)  # the day of printing, in the footer: not a date of the person
    return {f"{d:%d.%m.%Y}" for d in days} | {d.isoformat() for d in days}


def assert_nothing_personal(texts: list[str], caseload: Caseload) -> None:
    ids = caseload_identifiers(caseload)
    joined = "\n".join(texts)
    for kind, values in SECRETS.items():
        for value in values:
            assert value not in joined, (kind, value)
    for value in ("Yılmaz", "Ayşe", "Erika Beispiel", *FAILING, "Entwurf"):
        assert value not in joined, value
    for day in caseload_dates(caseload):
        assert day not in joined, day
    for text in texts:
        assert leak_kind(text, ids) is None, text


def pdf_text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF")
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def test_the_pdf_holds_the_pseudonym_and_only_the_texts_that_pass(caseload: Caseload) -> None:
    ids = with_sheets(caseload)
    case = caseload.case(ids["turkish"])
    report = build_month_report(caseload, MONTH)
    assert case.pseudonym in {line.pseudonym for line in report.cases}

    text = pdf_text(
        render_document(caseload, "closure-pseudonymised", case_number=case.case_number)
    )
    flat = " ".join(text.split())
    assert case.pseudonym in flat and "November 2026" in flat and "EB" in flat
    assert "Abschlussbogen" in flat and "pseudonymisiert" in flat
    assert "Gute Zusammenarbeit mit dem Jobcenter, Termin im November 2026" in flat
    assert HANDED_OVER in flat and "verbessert" in flat and "zum guten Teil" in flat
    assert flat.count(REMOVED) == 2
    assert case.case_number not in flat
    assert_nothing_personal([flat], caseload)

    interim = pdf_text(
        render_document(
            caseload,
            "interim-pseudonymised",
            case_number=caseload.case(ids["polish"]).case_number,
        )
    )
    assert "Wohnungssuche" in interim and " ".join(interim.split()).count(REMOVED) == 2
    assert_nothing_personal([interim], caseload)


def test_the_workbook_has_a_row_per_finished_sheet_with_the_reports_pseudonym(
    caseload: Caseload, tmp_path: Path
) -> None:
    ids = with_sheets(caseload)
    report = build_month_report(caseload, MONTH)
    data = write_workbook(report)
    book = load_workbook(io.BytesIO(data))
    rows = list(book[SHEET_FORMS].iter_rows(values_only=True))
    header, lines = rows[0], rows[1:]
    assert header[:4] == ("Pseudonym", "Bogen", "Monat", "Case Manager*in")
    pseudonyms = {line.pseudonym for line in report.cases}
    polish, turkish = (caseload.case(ids[role]).pseudonym for role in ("polish", "turkish"))
    assert [line[:4] for line in lines] == [
        (polish, "Zwischenstandsbogen", "November 2026", "EB"),
        (turkish, "Abschlussbogen", "November 2026", "EB"),
    ]
    assert {line[0] for line in lines} <= pseudonyms  # the monthly report's pseudonyms
    closure = dict(zip(header, lines[1], strict=True))
    assert closure["Abschlussart"].startswith("gemeinsam vereinbart")
    assert closure["Gesamtveränderung"] == "verbessert"
    assert "Wohnsituation: zum guten Teil" in closure["Zielerreichung je Bereich"]
    assert "Gute Zusammenarbeit mit dem Jobcenter" in closure["Freitexte (geprüft)"]
    assert closure["Freitexte (geprüft)"].count(REMOVED) == 2
    cells = [str(v) for row in rows for v in row if v is not None]
    assert_nothing_personal(cells, caseload)
    sheet = book[SHEET_FORMS]
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"

    # The district workbook leaves the rows out: it goes further than the coordinating
    # office, and the outcome counts it needs are summed from the sheet "Ergebnisse".
    path = tmp_path / "eb.xlsx"
    path.write_bytes(data)
    district = load_workbook(io.BytesIO(write_merged(merge_reports([read_report(path)]))))
    assert SHEET_FORMS not in district.sheetnames
    everything = " ".join(
        str(v) for s in district for row in s.iter_rows(values_only=True) for v in row if v
    )
    assert "Gute Zusammenarbeit" not in everything and REMOVED not in everything


def test_the_documents_are_offered_and_named_without_personal_data(caseload: Caseload) -> None:
    ids = with_sheets(caseload)
    offered = {d.id: d for d in documents(caseload.forms)}
    for doc_id in ("interim-pseudonymised", "closure-pseudonymised"):
        assert offered[doc_id].needs_case
    report = build_month_report(caseload, MONTH)
    for line in report.sheets:
        assert line.pseudonym in line.file_name and "2026" in line.file_name
        assert caseload.case(ids["turkish"]).case_number not in line.file_name
        assert not FULL_DATE.search(line.file_name)
