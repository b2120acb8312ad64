"""The monthly report end to end on a real encrypted caseload: what is in the workbook,
and above all what is not; encryption, the e-mail draft and the command line."""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import date
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import msoffcrypto
import pytest
from openpyxl import load_workbook

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Contact
from kimdesk.domain.vocabulary import ClosureReason, ConsentKind, LifeDomain, Setting
from kimdesk.errors import BadInput
from kimdesk.i18n import _
from kimdesk.report import ReportLeak, build_month_report, export_month, write_workbook
from kimdesk.report.sending import decrypt_workbook, encrypt_workbook
from tests.conftest import PASSWORD, TODAY, make_person
from tests.unit.test_cli import kimdesk

NOV = date(2026, 11, 2)
SECRETS = {
    # kind: values that must never appear in the report
    "names": ["Kowalczyk", "Bożena", "Nowakowska", "Abebe", "Tsehay", "Yılmaz", "Ayşe"],
    "birth": ["1983-04-05", "05.04.1983", "1990-12-24", "24.12.1990"],
    "phones": ["01761234567", "0176 1234567", "021255501"],
    "streets": ["Lindenweg 4", "Hauptstraße 99"],
    "files": ["AZ-4711/26", "JC-99887766"],
    "notes": ["Streit mit dem Vermieter", "geheime Notiz zur Familie"],
    "emails": ["bozena@example.net"],
}


def _admitted(caseload: Caseload, person_id: int, *, opened: date, route: str = "direct") -> int:
    case = caseload.open_case(person_id, opened_on=opened, access_route=route)
    caseload.move_to(case.id, Phase.INTAKE, on=opened)
    caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, opened, "de"))
    caseload.move_to(case.id, Phase.ASSESSMENT, on=opened)
    return case.id


def _plan(caseload: Caseload, case_id: int, on: date, gap: str) -> None:
    measure = {
        "measure": "Übergangslösung",
        "alternative_route": True,
        "gap_domain": "family",
        "gap_description": gap,
    }
    caseload.save_form(
        case_id, "needs_plan", {"date": on.isoformat(), "measures": [measure]}, final=False
    )


def build_known(
    caseload: Caseload, *, gap: str = "Kein Kitaplatz für Kinder unter drei"
) -> dict[str, int]:
    """Four cases with known personal data; returns their ids by role."""
    polish = caseload.add_person(
        make_person(
            "Kowalczyk",
            "Bożena",
            birth_name="Nowakowska",
            birth_date=date(1983, 4, 5),
            gender="f",
            nationality="polnisch",
            phone="0176 1234567",
            email="bozena@example.net",
            street="Lindenweg 4",
            city="Solingen",
            note="geheime Notiz zur Familie",
        )
    )
    eritrean = caseload.add_person(
        make_person(
            "Abebe",
            "Tsehay",
            birth_date=date(1990, 12, 24),
            gender="m",
            nationality="eritreisch",
            street="Hauptstraße 99",
            phone="021255501",
        )
    )
    turkish = caseload.add_person(make_person(gender="f", nationality="türkisch"))
    old = caseload.add_person(make_person("Altfall", "Otto", gender="m"))
    ids = {
        "polish": _admitted(caseload, polish, opened=date(2026, 9, 1)),
        "eritrean": _admitted(caseload, eritrean, opened=date(2026, 11, 3), route="other"),
        "turkish": _admitted(caseload, turkish, opened=date(2026, 10, 1)),
        "old": _admitted(caseload, old, opened=date(2026, 1, 5)),
    }
    caseload.move_to(
        ids["old"], Phase.CLOSED, on=date(2026, 10, 20), closure_reason=ClosureReason.MOVED_AWAY
    )
    caseload.move_to(
        ids["turkish"],
        Phase.CLOSED,
        on=date(2026, 11, 20),
        closure_reason=ClosureReason.AGREED_HANDED_OVER,
    )
    cover = {
        "admitted_on": "2026-09-01",
        "agency_jobcenter": {
            "name": "Jobcenter",
            "phone": "0212 55501",
            "file_number": "JC-99887766",
        },
        "agency_legal": {"name": "Kanzlei", "file_number": "AZ-4711/26"},
    }
    caseload.save_form(ids["polish"], "cover_sheet", cover, final=False)
    for day, minutes, setting, short in (
        (NOV, 45, Setting.IN_PERSON, False),
        (date(2026, 11, 10), 10, Setting.PHONE, True),
    ):
        caseload.add_contact(
            Contact(
                ids["polish"],
                day,
                minutes,
                setting,
                frozenset({LifeDomain.HOUSING}),
                "Streit mit dem Vermieter",
                short,
            )
        )
    caseload.add_contact(
        Contact(ids["eritrean"], date(2026, 11, 5), 60, Setting.OUTREACH, frozenset(), "Notiz")
    )
    caseload.add_contact(Contact(ids["polish"], date(2026, 10, 30), 30, Setting.PHONE))  # October
    _plan(caseload, ids["polish"], date(2026, 11, 12), gap)
    return ids


def test_the_workbook_has_the_month_and_no_personal_data(
    caseload: Caseload, tmp_path: Path
) -> None:
    ids = build_known(caseload)
    result = export_month(caseload, "2026-11", tmp_path / "bericht.xlsx")
    assert result.rows == {"cases": 3, "contacts": 3, "gaps": 1}  # "old" closed in October
    data = (tmp_path / "bericht.xlsx").read_bytes()
    book = load_workbook(io.BytesIO(data))
    # the fixed sheets first, the meta sheet last; new sheets (Ergebnisse ...) in between
    assert book.sheetnames[:4] == ["Übersicht", "Fälle", "Termine", "Angebotslücken"]
    assert book.sheetnames[-1] == "_kimdesk" and "Ergebnisse" in book.sheetnames
    assert book["_kimdesk"].sheet_state == "hidden"
    meta = {row[0]: row[1] for row in book["_kimdesk"].iter_rows(values_only=True)}
    assert meta["layout"] == "kimdesk-monatsbericht" and meta["month"] == "2026-11"
    assert meta["code"] == "EB" and meta["rows.cases"] == 3 and meta["contacts_total"] == 3
    assert meta["contact_minutes"] == 115 and meta["admissions"] == 1
    assert meta["closures.agreed_handed_over"] == 1 and meta["closures.moved_away"] == 0
    assert meta["topics.housing"] == 2 and meta["capacity"] == 37.5

    cases = list(book["Fälle"].iter_rows(min_row=2, max_row=4, values_only=True))
    pseudonyms = {caseload.case(i).pseudonym for k, i in ids.items() if k != "old"}
    assert {row[0] for row in cases} == pseudonyms
    polish = next(r for r in cases if r[0] == caseload.case(ids["polish"]).pseudonym)
    assert polish[3:5] == ("40–54", "weiblich") and polish[8:10] == (2, 55)
    contacts = list(book["Termine"].iter_rows(min_row=2, values_only=True))
    assert contacts[0][1].date() == NOV and book["Termine"]["B2"].number_format == "DD.MM.YYYY"
    assert book["Angebotslücken"]["B2"].value == "Kein Kitaplatz für Kinder unter drei"

    texts = [
        str(v)
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = "\n".join(package.read(n).decode("utf-8") for n in package.namelist())
    case_numbers = [caseload.case(i).case_number for i in ids.values()]
    for values in [*SECRETS.values(), case_numbers]:
        for secret in values:
            assert not any(secret in text for text in texts), secret
            assert secret not in xml, secret
    assert not re.search(r"0176\s*1234567", xml)
    assert caseload.exported_months() == {"2026-11"}


def test_rare_nationalities_are_coarsened_with_a_note(caseload: Caseload) -> None:
    build_known(caseload)
    report = build_month_report(caseload, "2026-11")
    assert report.coarsened
    assert {c.nationality for c in report.cases} <= {
        "EU",
        "Afrika",
        "Europa außerhalb der EU",
        "andere",
    }
    assert not {"polnisch", "eritreisch", "türkisch"} & {c.nationality for c in report.cases}
    book = load_workbook(io.BytesIO(write_workbook(report)))
    assert "vergröbert" in book["Fälle"]["F1"].comment.text
    assert any("vergröbert" in str(c.value) for c in book["Fälle"]["A"] if c.value)


def test_a_gap_naming_a_client_blocks_the_export(caseload: Caseload, tmp_path: Path) -> None:
    build_known(caseload, gap="Frau Kowalczyk findet keinen Kitaplatz")
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "bericht.xlsx"
    with pytest.raises(ReportLeak) as raised:
        export_month(caseload, "2026-11", out, password="export-geheim")
    assert "Kowalczyk" not in str(raised.value) and "2" in str(raised.value)
    assert _("Name") in str(raised.value)
    assert list(folder.iterdir()) == []
    assert caseload.exported_months() == set()


@pytest.mark.parametrize(
    "gap", ["Akte JC 99887766 fehlt", "Rückruf 0176-123 45 67", "geb. 5.4.1983"]
)
def test_file_numbers_phones_and_birth_dates_block_too(caseload: Caseload, gap: str) -> None:
    build_known(caseload, gap=gap)
    with pytest.raises(ReportLeak):
        build_month_report(caseload, "2026-11")


def test_the_encrypted_workbook_and_the_draft(caseload: Caseload, tmp_path: Path) -> None:
    build_known(caseload)
    folder = tmp_path / "out"
    folder.mkdir()
    out, eml = folder / "KIM.xlsx", folder / "entwurf.eml"
    result = export_month(caseload, "2026-11", out, password="export-geheim", eml=eml)
    assert result.encrypted and result.draft == eml
    encrypted = out.read_bytes()
    assert msoffcrypto.OfficeFile(io.BytesIO(encrypted)).is_encrypted()
    book = load_workbook(io.BytesIO(decrypt_workbook(encrypted, "export-geheim")))
    assert book["Fälle"].max_row >= 4
    with pytest.raises(Exception):  # noqa: B017 - msoffcrypto's own error type
        decrypt_workbook(encrypted, "falsch")
    assert sorted(p.name for p in folder.iterdir()) == ["KIM.xlsx", "entwurf.eml"]

    message = message_from_bytes(eml.read_bytes(), policy=default)
    assert message["X-Unsent"] == "1" and message["To"] == "koordination@example.org"
    assert message["Subject"] == "KIM-CM Monatsbericht November 2026 (EB)"
    assert "Kennwort" in message.get_body(("plain",)).get_content()
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "KIM.xlsx"
    assert attachment.get_content_type().endswith("spreadsheetml.sheet")
    assert attachment.get_content() == encrypted


def test_no_plain_workbook_or_temp_file_is_left(caseload: Caseload, tmp_path: Path) -> None:
    build_known(caseload)
    data = encrypt_workbook(write_workbook(build_month_report(caseload, "2026-11")), "pw")
    assert data[:4] != b"PK\x03\x04"  # an OLE container, not a zip
    # Built in memory: not even a staging folder (see test_report_staging.py).
    assert list(Path(os.environ["KIMDESK_DATA_DIR"]).rglob("*")) == []


def test_existing_files_are_never_overwritten(caseload: Caseload, tmp_path: Path) -> None:
    build_known(caseload)
    out = tmp_path / "x.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(BadInput):
        export_month(caseload, "2026-11", out)
    assert out.read_bytes() == b"old"


def test_the_demo_exports_and_its_gaps_pass(caseload: Caseload, tmp_path: Path) -> None:
    from kimdesk.demo import fill_demo

    fill_demo(caseload, cases=60, seed=1, today=TODAY)
    gaps = 0
    for month in (
        "2025-11",
        "2026-01",
        "2026-03",
        "2026-05",
        "2026-07",
        "2026-09",
        "2026-10",
        "2026-11",
    ):
        report = build_month_report(caseload, month)  # the leak check runs inside
        gaps += len(report.gaps)
        assert len(report.contacts) == report.contacts_total
    assert gaps > 0
    result = export_month(caseload, "2026-11", tmp_path / "demo.xlsx", code="dm")
    assert result.path.name == "demo.xlsx" and result.rows["cases"] > 10


def test_the_command_line(db_path: Path, tmp_path: Path) -> None:
    caseload = Caseload.create(db_path, PASSWORD, caseload_profile(), today=lambda: TODAY)
    build_known(caseload)
    caseload.close()
    out = tmp_path / "KIM-CM_Monatsbericht_2026-11_EB.xlsx"
    result = kimdesk("export-month", "2026-11", "--db", str(db_path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.name in result.stdout and "3" in result.stdout
    assert load_workbook(out)["_kimdesk"]["B4"].value == "2026-11"
    again = kimdesk("export-month", "2026-11", "--db", str(db_path), "--out", str(out))
    assert again.returncode == 2

    for bad in ("2026-13", "11/2026"):
        failed = kimdesk(
            "export-month", bad, "--db", str(db_path), "--out", str(tmp_path / "y.xlsx")
        )
        assert failed.returncode == 2 and bad in failed.stderr
    no_password = kimdesk(
        "export-month",
        "2026-11",
        "--db",
        str(db_path),
        "--out",
        str(tmp_path / "z.xlsx"),
        "--encrypt",
    )
    assert no_password.returncode == 2 and not (tmp_path / "z.xlsx").exists()

    secret = tmp_path / "export-pw"
    secret.write_text("export-geheim\n")
    encrypted = kimdesk(
        "export-month",
        "2026-11",
        "--db",
        str(db_path),
        "--out",
        str(tmp_path / "e.xlsx"),
        "--encrypt",
        "--export-password-file",
        str(secret),
        "--code",
        "XY",
        "--eml",
        str(tmp_path / "d.eml"),
    )
    assert encrypted.returncode == 0, encrypted.stderr
    data = decrypt_workbook((tmp_path / "e.xlsx").read_bytes(), "export-geheim")
    assert load_workbook(io.BytesIO(data))["_kimdesk"]["B5"].value == "XY"
    assert message_from_bytes((tmp_path / "d.eml").read_bytes(), policy=default)[
        "Subject"
    ].endswith("(XY)")


def caseload_profile():  # noqa: ANN201 - the shared test profile
    from tests.conftest import PROFILE

    return PROFILE
