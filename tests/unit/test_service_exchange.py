"""The service directory: entries deactivated (a named one cannot be removed), exported to a
workbook and imported from one, all or nothing, with duplicates skipped and reported."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest

from kimdesk.caseload import Caseload
from kimdesk.cli import main
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Referral, Service
from kimdesk.domain.vocabulary import ConsentKind, LifeDomain
from kimdesk.errors import BadInput
from kimdesk.file_limits import FileTooLarge
from kimdesk.report.workbook import report_workbook
from kimdesk.report.xlsx import save_to_bytes
from kimdesk.service_exchange import (
    COLUMNS,
    ServiceImportRejected,
    export_services,
    import_services,
    plan_import,
    same_offer,
)
from kimdesk.store.database import Database
from kimdesk.store.schema import MIGRATIONS
from tests.conftest import PASSWORD, PROFILE, TODAY, make_person
from tests.unit.test_file_limits import bomb

FINANCES, HOUSING, HEALTH = LifeDomain.FINANCES, LifeDomain.HOUSING, LifeDomain.HEALTH
DIAKONIE = Service(
    "Diakonie Solingen e.V.",
    "Schuldnerberatung",
    "Frau Weißenberger",
    "0212 12345",
    "schulden@diakonie.example",
    frozenset({FINANCES}),
)
CARITAS = Service("Caritas", "Wohnungsnotfallhilfe", domains=frozenset({HOUSING}))
HEADER = list(COLUMNS)


def referred_case(caseload: Caseload, service_id: int) -> int:
    case_id = caseload.open_case(caseload.add_person(make_person())).id
    caseload.move_to(case_id, Phase.INTAKE)
    signed = TODAY - timedelta(days=30)
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, signed, "de"))
    caseload.move_to(case_id, Phase.ASSESSMENT)
    caseload.add_referral(Referral(case_id, TODAY, service_id=service_id))
    return case_id


def workbook_file(path: Path, rows: list[list[object]], *, title: str = "Angebote") -> Path:
    """A list kept by hand: openpyxl's defaults, no layout sheet."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def other_caseload(tmp_path: Path) -> Caseload:
    return Caseload.create(tmp_path / "kollegin.kimdesk", PASSWORD, PROFILE, today=lambda: TODAY)


# -- deactivation ----------------------------------------------------------------------------


def test_a_named_offer_is_deactivated_not_removed(caseload: Caseload) -> None:
    used = caseload.add_service(DIAKONIE)
    case_id = referred_case(caseload, used)
    corrections = caseload.corrections

    with pytest.raises(BadInput, match="1 Vermittlung genannt.*deaktivieren Sie es"):
        corrections.remove_service(used)
    corrections.set_service_active(used, False)
    assert dict(caseload.services())[used] == replace(DIAKONIE, active=False)
    # A correction of the entry keeps it deactivated; the referral still names it.
    corrections.update_service(used, Service("Diakonie Solingen", "Schuldner- und Insolvenz"))
    assert not dict(caseload.services())[used].active
    assert [r.service_id for r in caseload.referrals(case_id)] == [used]

    corrections.set_service_active(used, True)
    assert dict(caseload.services())[used].active
    actions = [e.action for e in caseload.audit_log()]
    assert actions.count("service.deactivated") == 1 and actions.count("service.activated") == 1
    with pytest.raises(BadInput):
        corrections.set_service_active(used + 99, False)


def test_entries_stored_before_stay_active(tmp_path: Path) -> None:
    path = tmp_path / "alt.kimdesk"
    before = MIGRATIONS[:-1]  # the schema before entries could be deactivated
    db = Database.create(path, PASSWORD, migrations=before)
    db.execute(
        "INSERT INTO services(provider, offer, domains) VALUES ('AWO', 'Sprachcafé', 'social')"
    )
    db.close()
    caseload = Caseload.open(path, PASSWORD)
    try:
        assert caseload.db.schema_version == MIGRATIONS[-1].version
        [(_id, service)] = caseload.services()
        assert service.active and service.provider == "AWO"
    finally:
        caseload.close()


# -- export ----------------------------------------------------------------------------------


def test_the_active_offers_are_exported_as_text_for_print(
    caseload: Caseload, tmp_path: Path
) -> None:
    hostile = Service('=HYPERLINK("http://evil.example","Diakonie")', "@SUM(1+1)")
    caseload.add_service(DIAKONIE)
    gone = caseload.add_service(CARITAS)
    caseload.add_service(hostile)
    caseload.corrections.set_service_active(gone, False)
    out = tmp_path / "angebote.xlsx"

    assert export_services(caseload, out) == 2

    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Angebote", "_kimdesk"]
    rows = list(book["Angebote"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[1] == (
        "Diakonie Solingen e.V.",
        "Schuldnerberatung",
        "Frau Weißenberger",
        "0212 12345",
        "schulden@diakonie.example",
        "finanzielle Situation",
    )
    assert rows[2][:2] == (hostile.provider, hostile.offer)
    assert "f" not in {cell.data_type for row in book["Angebote"].iter_rows() for cell in row}
    sheet = book["Angebote"]
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"
    assert caseload.audit_log()[-1].action == "services.exported"
    assert "Weißenberger" not in caseload.audit_log()[-1].detail

    with pytest.raises(BadInput, match="gibt es bereits"):
        export_services(caseload, out)
    with pytest.raises(BadInput, match=r"\.xlsx"):
        export_services(caseload, tmp_path / "angebote.csv")


def test_an_exported_directory_is_imported_by_a_colleague(
    caseload: Caseload, tmp_path: Path
) -> None:
    caseload.add_service(DIAKONIE)
    caseload.add_service(CARITAS)
    out = tmp_path / "angebote.xlsx"
    export_services(caseload, out)
    colleague = other_caseload(tmp_path)
    try:
        colleague.add_service(Service("CARITAS", "Wohnungsnotfall-Hilfe", domains=frozenset()))
        plan = import_services(colleague, out)
        assert [s for _row, s in plan.new] == [DIAKONIE]
        assert [(d.row, d.existing_id) for d in plan.duplicates] == [(3, 1)]
        assert [s for _id, s in colleague.services()][1] == DIAKONIE
        # Again: everything is known now, nothing is added twice.
        again = import_services(colleague, out)
        assert again.new == () and len(again.duplicates) == 2
        assert len(colleague.services()) == 2
        details = [e.detail for e in colleague.audit_log() if e.action == "services.imported"]
        assert details == ["offers=1 duplicates=1", "offers=0 duplicates=2"]
    finally:
        colleague.close()


# -- import ----------------------------------------------------------------------------------


def test_duplicates_are_the_same_name_for_the_same_life_domain() -> None:
    base = Service("Diakonie Solingen e.V.", "Schuldnerberatung", domains=frozenset({FINANCES}))
    assert same_offer(base, Service(" diakonie  SOLINGEN e. V. ", "Schuldnerberatung"))
    assert same_offer(
        base,
        Service(
            "Diakonie Solingen eV", "schuldnerberatung", domains=frozenset({FINANCES, HOUSING})
        ),
    )  # noqa: E501
    assert not same_offer(
        base, Service("Diakonie Solingen e.V.", "Schuldnerberatung", domains=frozenset({HEALTH}))
    )  # noqa: E501
    assert not same_offer(base, Service("Diakonie Wuppertal", "Schuldnerberatung"))
    assert same_offer(Service("Çağrı", "Beratung"), Service("Cagri", "Beratung"))


def test_a_hand_kept_list_with_other_headings_is_read(caseload: Caseload, tmp_path: Path) -> None:
    path = workbook_file(
        tmp_path / "liste.xlsx",
        [
            ["Angebote der Kommune, Stand November"],
            [
                "Anbieter",
                "Angebot",
                "Ansprechpartner*in",
                "Telefonnummer",
                "E-Mail-Adresse",
                "Lebensbereich",
                "Notizen",
            ],
            ["AWO", "Sprachcafé", "", 2125550, "", "Bildung/Sprache/Ausbildung/Arbeit; social"],
            [None, None, None, None, None, None, None],
            ["Caritas", "Wohnungsnotfallhilfe", None, None, None, "Wohnsituation", "intern"],
            ["caritas", "Wohnungsnotfallhilfe", None, None, None, "housing"],
        ],
        title="Tabelle1",
    )
    plan = plan_import(caseload, path)
    assert caseload.services() == []  # planning writes nothing
    assert [(row, s.provider, s.phone) for row, s in plan.new] == [
        (3, "AWO", "2125550"),
        (5, "Caritas", ""),
    ]
    assert plan.new[0][1].domains == {LifeDomain.EDUCATION_WORK, LifeDomain.SOCIAL}
    [duplicate] = plan.duplicates
    assert (duplicate.row, duplicate.earlier_row) == (6, 5)
    assert "Zeile 6" in duplicate.describe() and "Zeile 5" in duplicate.describe()


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_imported(
    caseload: Caseload, tmp_path: Path
) -> None:
    caseload.add_service(CARITAS)
    path = workbook_file(
        tmp_path / "angebote.xlsx",
        [
            HEADER,
            ["AWO", "Sprachcafé"],
            ["", "Beratung", "Frau Geheimname"],
            ["Diakonie", "Tafel", None, None, "keine-adresse", "Essen"],
            ["VHS", "=A1&B1"],
            ["Jobcenter", "Beratung", None, None, None, None],
        ],
    )
    book = openpyxl.load_workbook(path)
    book.active["B5"].data_type = "f"  # a real formula, as Excel stores one
    book.active["A7"] = "Stadt"
    book.active["B7"] = "x" * 501
    book.save(path)

    with pytest.raises(ServiceImportRejected) as rejected:
        import_services(caseload, path)

    problems = {(p.row, p.column) for p in rejected.value.problems}
    assert problems == {
        (3, "Träger"),
        (4, "E-Mail"),
        (4, "Lebensbereiche"),
        (5, "Angebot"),
        (7, "Angebot"),
    }
    message = str(rejected.value)
    assert message.startswith("Nichts wurde importiert: 5 Probleme")
    assert "Zeile 3, Spalte Träger: Pflichtangabe, aber leer" in message
    assert "Zeile 5, Spalte Angebot: eine Formel" in message
    for secret in ("Geheimname", "keine-adresse", "Essen", "A1&B1"):
        assert secret not in message
    assert [s for _id, s in caseload.services()] == [CARITAS]
    assert "services.imported" not in [e.action for e in caseload.audit_log()]


def test_files_that_are_no_directory_are_refused(caseload: Caseload, tmp_path: Path) -> None:
    from kimdesk.report import build_month_report

    report = tmp_path / "bericht.xlsx"
    report.write_bytes(save_to_bytes(report_workbook(build_month_report(caseload, "2026-11"))))
    with pytest.raises(BadInput, match="keine Angebotsdatenbank"):
        plan_import(caseload, report)
    text = tmp_path / "angebote.xlsx"
    text.write_text("Träger;Angebot\n", encoding="utf-8")
    with pytest.raises(BadInput, match="keine Excel-Arbeitsmappe"):
        plan_import(caseload, text)
    with pytest.raises(BadInput, match=r"\.xlsx"):
        plan_import(caseload, tmp_path / "angebote.csv")
    headless = workbook_file(tmp_path / "ohne.xlsx", [["Name", "Beschreibung"], ["AWO", "x"]])
    with pytest.raises(BadInput, match="Träger, Angebot"):
        plan_import(caseload, headless)
    empty = workbook_file(tmp_path / "leer.xlsx", [HEADER])
    with pytest.raises(BadInput, match="enthält keine Angebote"):
        plan_import(caseload, empty)


def test_the_file_limits_of_imports_apply(
    caseload: Caseload, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(FileTooLarge):
        plan_import(caseload, bomb(tmp_path / "bombe.xlsx", megabytes=2, level=9))
    monkeypatch.setattr("kimdesk.file_limits.MAX_ROWS", 3)
    rows = [HEADER] + [[f"Träger {n}", "Angebot"] for n in range(5)]
    with pytest.raises(FileTooLarge, match="mehr als 3 Zeilen"):
        plan_import(caseload, workbook_file(tmp_path / "lang.xlsx", rows))
    assert caseload.services() == []


# -- command line ----------------------------------------------------------------------------


def test_the_command_line_exports_and_imports(
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caseload = Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: TODAY)
    caseload.add_service(DIAKONIE)
    caseload.close()
    monkeypatch.setenv("KIMDESK_PASSWORD", PASSWORD)
    out = tmp_path / "angebote.xlsx"

    assert main(["services", "export", "--db", str(db_path), "--out", str(out)]) == 0
    assert "1 Angebot geschrieben" in capsys.readouterr().out
    assert main(["services", "export", "--db", str(db_path), "--out", str(out)]) == 2
    assert "gibt es bereits" in capsys.readouterr().err

    extra = workbook_file(
        tmp_path / "koordination.xlsx",
        [HEADER, ["Diakonie Solingen e. V.", "Schuldnerberatung"], ["AWO", "Sprachcafé"]],
    )
    assert main(["services", "import", "--db", str(db_path), str(extra)]) == 0
    printed = capsys.readouterr().out
    assert "Zeile 2: Diakonie Solingen e. V. – Schuldnerberatung steht bereits" in printed
    assert "1 Angebot in die Angebotsdatenbank übernommen, 1 Dublette übersprungen." in printed

    bad = workbook_file(tmp_path / "falsch.xlsx", [HEADER, ["", "Sprachcafé"]])
    assert main(["services", "import", "--db", str(db_path), str(bad)]) == 2
    assert "Zeile 2, Spalte Träger" in capsys.readouterr().err
    caseload = Caseload.open(db_path, PASSWORD)
    try:
        assert [s.provider for _id, s in caseload.services()] == ["Diakonie Solingen e.V.", "AWO"]
    finally:
        caseload.close()


def test_the_exported_workbook_reads_back_from_bytes(caseload: Caseload, tmp_path: Path) -> None:
    """The export goes through the shared in-memory writer: the file is a whole package."""
    caseload.add_service(DIAKONIE)
    out = tmp_path / "angebote.xlsx"
    export_services(caseload, out)
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    meta = dict(book["_kimdesk"].iter_rows(values_only=True))
    assert meta == {"layout": "kimdesk-angebote", "layout_version": 1}
    assert book["_kimdesk"].sheet_state == "hidden"
