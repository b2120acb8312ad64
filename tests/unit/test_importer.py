"""Importing caseload lists from CSV and Excel: checks, all-or-nothing, template, privacy."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import PersonData, search_key
from kimdesk.errors import BadInput
from kimdesk.importer import (
    COLUMNS,
    ImportFileError,
    ImportReport,
    RowError,
    format_report,
    import_file,
    parse_date,
    read_rows,
    write_template,
)
from tests.conftest import PASSWORD, PROFILE, TODAY

HEADER = [
    "Nachname",
    "Vorname",
    "Geburtsdatum",
    "Geschlecht",
    "Staatsangehörigkeit",
    "Telefon",
    "E-Mail",
    "Straße",
    "Wohnort",
    "Aufnahmedatum",
    "Notiz",
]


def write_csv(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def persons(caseload: Caseload) -> list[PersonData]:
    found = [caseload.repo.person(row.person_id) for row in caseload.cases()]
    return [p for p in found if p is not None]


def count(caseload: Caseload, table: str = "persons") -> int:
    return caseload.repo.table_counts()[table]


# -- reading ------------------------------------------------------------------------------


def test_semicolon_csv_in_cp1252_with_umlauts(caseload: Caseload, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "liste.csv",
        [
            HEADER,
            [
                "Müller",
                "Jürgen",
                "03.04.1979",
                "männlich",
                "österreichisch",
                "0521 998877",
                "j.mueller@example.org",
                "Große Straße 5",
                "Gütersloh",
                "",
                "Grüße; Ärger",
            ],
            ["Weiß", "Zoë", "1.2.1990", "w", "", "", "", "", "", "15.10.2025", ""],
        ],
        encoding="cp1252",
    )
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")

    report = import_file(caseload, path, today=TODAY)

    assert report == ImportReport(rows_read=2, persons_imported=2, cases_opened=2)
    by_name = {p.surname: p for p in persons(caseload)}
    mueller, weiss = by_name["Müller"], by_name["Weiß"]
    assert (mueller.given_names, mueller.birth_date, mueller.gender) == (
        "Jürgen",
        date(1979, 4, 3),
        "m",
    )
    assert (mueller.nationality, mueller.phone, mueller.street, mueller.city, mueller.note) == (
        "österreichisch",
        "0521 998877",
        "Große Straße 5",
        "Gütersloh",
        "Grüße; Ärger",
    )
    assert mueller.email == "j.mueller@example.org"
    assert (weiss.given_names, weiss.birth_date, weiss.gender) == ("Zoë", date(1990, 2, 1), "f")


def test_cases_open_in_screening_today_or_intake_on_the_admission_day(
    caseload: Caseload, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "l.csv",
        [
            ["Nachname", "Vorname", "Aufnahmedatum"],
            ["Ohne", "Aufnahme", ""],
            ["Mit", "Aufnahme", "15.10.2025"],
        ],
    )
    assert import_file(caseload, path, today=TODAY).cases_opened == 2
    cases = {row.surname: row for row in caseload.cases()}
    without, admitted = cases["Ohne"], cases["Mit"]
    assert (without.phase, without.opened_on, without.admitted_on) == (Phase.SCREENING, TODAY, None)
    assert (admitted.phase, admitted.opened_on, admitted.admitted_on) == (
        Phase.INTAKE,
        date(2025, 10, 15),
        date(2025, 10, 15),
    )
    assert admitted.case_number.startswith("2025-")
    assert without.case_number.startswith("2026-")
    assert without.pseudonym != admitted.pseudonym
    assert not caseload.has_valid_consent(admitted.id)  # the consent is recorded later
    entries = [e for e in caseload.audit_log() if e.action == "import"]
    assert [(e.case_id, e.detail) for e in entries] == [(None, "rows=2 persons=2 cases=2")]


def test_comma_csv_in_utf8_with_bom(caseload: Caseload, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "l.csv",
        [
            [" nachname ", "VORNAME", "Geburtsdatum", "Staatsangehoerigkeit", "Strasse", "EMail"],
            [
                "Шевченко",
                "Тарас",
                "09.03.1994",
                "ukrainisch",
                "Hauptstr. 1, Hinterhaus",
                "t@example.org",
            ],
            ["الأحمد", "محمد", "", "syrisch", "", ""],
        ],
        delimiter=",",
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    report = import_file(caseload, path, today=TODAY)
    assert report.ok and report.persons_imported == 2
    names = {(p.surname, p.given_names, p.street, p.nationality) for p in persons(caseload)}
    assert names == {
        ("Шевченко", "Тарас", "Hauptstr. 1, Hinterhaus", "ukrainisch"),
        ("الأحمد", "محمد", "", "syrisch"),
    }


def test_xlsx_with_date_cells_numbers_and_gaps(caseload: Caseload, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B2"], sheet["C2"], sheet["D2"], sheet["E2"], sheet["F2"] = (
        "Nachname",
        "Vorname",
        "Geburtsdatum",
        "Telefon",
        "Aufnahmedatum",
    )
    sheet.append(
        [None, "Yılmaz", "Ayşe", datetime(1988, 5, 17), 4915112345678.0, datetime(2025, 1, 9, 0, 0)]
    )
    sheet.append([])  # an empty row in between is skipped
    sheet["B5"], sheet["C5"], sheet["D5"], sheet["E5"] = ("Nowak", "Piotr", "07.07.1970", 521123)
    sheet["D3"].number_format = "DD.MM.YYYY"
    path = tmp_path / "liste.xlsx"
    workbook.save(path)

    rows = read_rows(path)
    assert [r.row for r in rows] == [3, 5]
    report = import_file(caseload, path, today=TODAY)
    assert report == ImportReport(rows_read=2, persons_imported=2, cases_opened=2)
    by_name = {p.surname: p for p in persons(caseload)}
    assert by_name["Yılmaz"].birth_date == date(1988, 5, 17)
    assert by_name["Yılmaz"].phone == "4915112345678"
    assert by_name["Nowak"].phone == "521123"
    assert by_name["Nowak"].birth_date == date(1970, 7, 7)
    intake = [c for c in caseload.cases() if c.phase is Phase.INTAKE]
    assert [c.admitted_on for c in intake] == [date(2025, 1, 9)]


def test_xlsx_error_rows_use_spreadsheet_numbers(caseload: Caseload, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "l.xlsx",
        [
            [],
            ["Nachname", "Vorname", "Geburtsdatum"],
            ["A", "B", "31.02.1990"],
        ],
    )
    report = import_file(caseload, path, today=TODAY)
    assert report.errors == (RowError(3, "Geburtsdatum", report.errors[0].reason),)


def test_parse_date() -> None:
    assert parse_date("01.02.1990") == date(1990, 2, 1)
    assert parse_date("1.2.1990") == date(1990, 2, 1)
    assert parse_date("29.02.2024") == date(2024, 2, 29)
    for bad in ("29.02.2023", "32.01.2000", "01.13.2000", "1990-02-01", "01.02.90", "", "x"):
        assert parse_date(bad) is None


# -- checking -----------------------------------------------------------------------------

BAD_ROWS = [
    HEADER,
    ["Gutfeld", "Gerda", "01.01.1980", "w", "", "", "", "", "", "", ""],  # row 2
    ["", "Ohne-Nachname", "", "", "", "", "", "", "", "", ""],  # row 3
    ["Kaputt", "Datum", "31.02.1991", "", "", "", "", "", "", "", ""],  # row 4
    ["Zukunftsmann", "Zora", "01.01.2030", "", "", "", "", "", "", "", ""],  # row 5
    ["Alt", "Adam", "31.12.1899", "", "", "", "", "", "", "", ""],  # row 6
    ["Falsch", "Gisela", "", "weiblichx", "", "", "keine-adresse", "", "", "", ""],  # row 7
    ["Früh", "Fritz", "05.05.2000", "", "", "", "", "", "", "04.05.2000", ""],  # row 8
    ["Gutfeld", "Gerda", "01.01.1980", "", "", "", "", "", "", "", ""],  # row 9
    ["Zweiter", "Guter", "", "divers", "", "", "", "", "", "", ""],  # row 10
]
PERSONAL_VALUES = [
    "Ohne-Nachname",
    "Kaputt",
    "31.02.1991",
    "Zukunftsmann",
    "01.01.2030",
    "Zora",
    "31.12.1899",
    "weiblichx",
    "keine-adresse",
    "Gisela",
    "Fritz",
    "04.05.2000",
    "05.05.2000",
    "Gerda",
    "01.01.1980",
    "Gutfeld",
]


def test_invalid_rows_are_reported_and_nothing_is_imported(
    caseload: Caseload, tmp_path: Path
) -> None:
    before = caseload.repo.table_counts()
    report = import_file(caseload, write_csv(tmp_path / "l.csv", BAD_ROWS), today=TODAY)

    assert caseload.repo.table_counts() == before
    assert not any(e.action == "import" for e in caseload.audit_log())
    assert (report.rows_read, report.persons_imported, report.cases_opened) == (9, 0, 0)
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "Nachname"),
        (4, "Geburtsdatum"),
        (5, "Geburtsdatum"),
        (6, "Geburtsdatum"),
        (7, "Geschlecht"),
        (7, "E-Mail"),
        (8, "Aufnahmedatum"),
        (9, None),
    ]
    assert "2" in report.errors[-1].reason  # the row it duplicates
    assert report.invalid_rows == 7 and not report.ok and not report.imported
    text = format_report(report)
    assert len(text.splitlines()) >= len(report.errors) + 1
    for error in report.errors:
        assert str(error.row) in text


def test_messages_never_contain_cell_values(caseload: Caseload, tmp_path: Path) -> None:
    caseload.add_person(PersonData("Bestand", "Berta", birth_date=date(1970, 1, 1)))
    rows = [*BAD_ROWS, ["Bestand", "Berta", "01.01.1970", "", "", "", "", "", "", "", ""]]
    report = import_file(caseload, write_csv(tmp_path / "l.csv", rows), today=TODAY)
    skipped = import_file(
        caseload, write_csv(tmp_path / "l.csv", rows), today=TODAY, skip_invalid=True
    )
    for text in (format_report(report), format_report(skipped)):
        for value in [*PERSONAL_VALUES, "Bestand", "Berta", "01.01.1970"]:
            assert value not in text, value


def test_skip_invalid_imports_only_the_valid_rows(caseload: Caseload, tmp_path: Path) -> None:
    report = import_file(
        caseload, write_csv(tmp_path / "l.csv", BAD_ROWS), today=TODAY, skip_invalid=True
    )
    assert (report.rows_read, report.persons_imported, report.cases_opened) == (9, 2, 2)
    assert report.imported and report.invalid_rows == 7
    assert sorted(p.surname for p in persons(caseload)) == ["Gutfeld", "Zweiter"]
    assert count(caseload) == 2 and count(caseload, "cases") == 2
    [entry] = [e for e in caseload.audit_log() if e.action == "import"]
    assert entry.detail == "rows=9 persons=2 cases=2"
    assert format_report(report)


def test_persons_already_in_the_caseload_are_invalid(caseload: Caseload, tmp_path: Path) -> None:
    caseload.add_person(PersonData("Şahin", "Elif", birth_date=date(1985, 6, 1)))
    caseload.add_person(PersonData("Ohne", "Datum"))
    path = write_csv(
        tmp_path / "l.csv",
        [
            ["Nachname", "Vorname", "Geburtsdatum"],
            ["SAHIN", "elif", "01.06.1985"],  # same person, other spelling
            ["Şahin", "Elif", "02.06.1985"],  # another birth date: another person
            ["Ohne", "Datum", ""],
            ["Ohne", "Datum", "01.01.2001"],
        ],
    )
    report = import_file(caseload, path, today=TODAY)
    assert [(e.row, e.column) for e in report.errors] == [(2, None), (4, None)]
    assert count(caseload) == 2
    report = import_file(caseload, path, today=TODAY, skip_invalid=True)
    assert report.persons_imported == 2 and count(caseload) == 4


def test_duplicates_within_the_file(caseload: Caseload, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "l.csv",
        [
            ["Nachname", "Vorname", "Geburtsdatum"],
            ["Müller", "Anna  Maria", "01.01.1990"],
            ["Mueller", "Anna", "01.01.1990"],  # not the same normalized name
            ["muller", "anna maria", "1.1.1990"],  # the same as row 2
            ["Müller", "Anna Maria", ""],  # no birth date: a different key
        ],
    )
    report = import_file(caseload, path, today=TODAY)
    assert [(e.row, e.column) for e in report.errors] == [(4, None)]
    assert "2" in report.errors[0].reason


def test_all_or_nothing_when_the_transaction_fails(
    caseload: Caseload, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_csv(tmp_path / "l.csv", [["Nachname", "Vorname"], ["A", "B"], ["C", "D"]])
    calls = []
    original = caseload.repo.insert_case

    def failing_insert_case(**kwargs: object) -> int:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(caseload.repo, "insert_case", failing_insert_case)
    with pytest.raises(RuntimeError):
        import_file(caseload, path, today=TODAY)
    assert count(caseload) == 0 and count(caseload, "cases") == 0


# -- file-level problems ------------------------------------------------------------------


def file_errors(caseload: Caseload, path: Path) -> tuple[str, ...]:
    before = caseload.repo.table_counts()
    report = import_file(caseload, path, today=TODAY)
    assert report.file_errors and report.persons_imported == 0 and not report.errors
    assert caseload.repo.table_counts() == before
    assert format_report(report)
    return report.file_errors


def test_unknown_columns_are_named_with_the_expected_ones(
    caseload: Caseload, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "l.csv",
        [
            ["Nachname", "Vorname", "Aktenzeichen", "Telefon"],
            ["A", "B", "AZ-1", "1"],
        ],
    )
    [problem] = file_errors(caseload, path)
    assert "Aktenzeichen" in problem and "Staatsangehörigkeit" in problem
    assert "AZ-1" not in problem


def test_missing_required_columns(caseload: Caseload, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", [["Nachname", "Telefon"], ["Kowalski", "1"]])
    [problem] = file_errors(caseload, path)
    assert "Vorname" in problem and "Kowalski" not in problem


def test_file_without_header_row_does_not_echo_the_first_person(
    caseload: Caseload, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "l.csv", [["Kowalski", "Jan", "01.02.1980"], ["Nowak", "Ewa", ""]])
    text = "\n".join(file_errors(caseload, path))
    assert "Kowalski" not in text and "01.02.1980" not in text and "Nachname" in text


@pytest.mark.parametrize(
    "rows",
    [
        [["Nachname", "Vorname", "Nachname"], ["A", "B", "C"]],  # duplicate heading
        [["Nachname", "Vorname", ""], ["A", "B", "lost?"]],  # data without a heading
        [["Nachname", "Vorname"]],  # no data rows
        [["", "", ""], [" ", "", ""]],  # nothing at all
    ],
)
def test_bad_headings_and_empty_lists(
    caseload: Caseload, tmp_path: Path, rows: list[list[str]]
) -> None:
    path = write_csv(tmp_path / "l.csv", rows)
    assert "lost?" not in "\n".join(file_errors(caseload, path))


def test_unusable_files(caseload: Caseload, tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (tmp_path / "binary.csv").write_bytes(b"PK\x03\x04\x00\x00\x81\x8d")
    (tmp_path / "liste.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "liste.ods").write_bytes(b"x")
    for name in ("empty.csv", "broken.xlsx", "binary.csv", "liste.xls", "liste.ods", "missing.csv"):
        file_errors(caseload, tmp_path / name)
        with pytest.raises(BadInput):
            read_rows(tmp_path / name)
    with pytest.raises(ImportFileError) as raised:
        read_rows(tmp_path / "liste.xls")
    assert ".xlsx" in raised.value.problems[0]


# -- template ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["vorlage.xlsx", "vorlage.csv", "VORLAGE.XLSX"])
def test_template_round_trip(caseload: Caseload, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write_template(path)
    report = import_file(caseload, path, today=TODAY)
    assert report == ImportReport(rows_read=1, persons_imported=1, cases_opened=1)
    [person] = persons(caseload)
    assert (person.surname, person.given_names, person.birth_date, person.gender) == (
        "Mustermann",
        "Erika",
        date(1984, 8, 12),
        "f",
    )
    assert person.phone == "0521 1234567"
    [case] = caseload.cases()
    assert case.phase is Phase.INTAKE and case.admitted_on == date(2024, 3, 1)


def test_xlsx_template_layout(tmp_path: Path) -> None:
    path = tmp_path / "vorlage.xlsx"
    write_template(path)
    workbook = openpyxl.load_workbook(path)
    sheet, notes = workbook.worksheets
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet["C2"].value == datetime(1984, 8, 12)
    assert sheet["C2"].number_format == "DD.MM.YYYY"
    assert sheet["J2"].number_format == "DD.MM.YYYY"
    assert sheet.column_dimensions["A"].width >= 15
    assert notes.title == "Hinweise"
    explained = {row[0] for row in notes.iter_rows(values_only=True)}
    assert set(COLUMNS) <= explained


def test_csv_template_format(tmp_path: Path) -> None:
    path = tmp_path / "vorlage.csv"
    write_template(path)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join(COLUMNS)
    assert lines[1].startswith("Mustermann;Erika;12.08.1984;")
    assert len(lines) == 2


def test_template_other_extension(tmp_path: Path) -> None:
    with pytest.raises(BadInput):
        write_template(tmp_path / "vorlage.ods")
    assert not (tmp_path / "vorlage.ods").exists()


# -- property: names and data round-trip exactly -------------------------------------------

NAME_CHARS = st.sampled_from(
    "abcxyzABCXYZäöüßÄÖÜéèçñøåłśźżčšžőűİıŞşğ"
    "абвгдежзийклмнопрстуфхцчшщыэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЭЮЯіїєґ"
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    "αβγδεζηθ中文"
)
NAMES = (
    st.builds(
        lambda first, rest: first + rest,
        st.text(NAME_CHARS, min_size=1, max_size=1),
        st.text(st.one_of(NAME_CHARS, st.sampled_from(" -'’;,\"")), max_size=15),
    )
    .map(str.rstrip)
    .filter(bool)
)
BIRTH_DATES = st.one_of(st.none(), st.dates(date(1900, 1, 1), TODAY))
PERSON = st.tuples(
    NAMES,
    NAMES,
    BIRTH_DATES,
    st.sampled_from(["", "w", "M", "d", "X"]),
    st.text(NAME_CHARS, max_size=10),
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(
        PERSON,
        min_size=1,
        max_size=6,
        unique_by=lambda p: (" ".join(search_key(p[0], p[1]).split()), p[2]),
    ),
    as_xlsx=st.booleans(),
)
def test_valid_rows_round_trip_exactly(
    rows: list[tuple[str, str, date | None, str, str]], as_xlsx: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        caseload = Caseload.create(
            Path(folder) / "c.kimdesk", PASSWORD, PROFILE, today=lambda: TODAY
        )
        try:
            table: list[list[object]] = [
                ["Nachname", "Vorname", "Geburtsdatum", "Geschlecht", "Notiz"]
            ]
            for surname, given_names, birth, gender, note in rows:
                shown: object = birth
                if not as_xlsx:
                    shown = birth.strftime("%d.%m.%Y") if birth else ""
                table.append([surname, given_names, shown, gender, note])
            path = Path(folder) / ("l.xlsx" if as_xlsx else "l.csv")
            (write_xlsx if as_xlsx else write_csv)(path, table)

            report = import_file(caseload, path, today=TODAY)

            assert report.ok, format_report(report)
            genders = {"": "", "w": "f", "M": "m", "d": "d", "X": "d"}
            expected = sorted(((s, g, b, genders[x], n) for s, g, b, x, n in rows), key=str)
            got = sorted(
                (
                    (p.surname, p.given_names, p.birth_date, p.gender, p.note)
                    for p in persons(caseload)
                ),
                key=str,
            )
            assert got == expected
        finally:
            caseload.close()


def test_excel_sep_directive_line(caseload: Caseload, tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_bytes(b"sep=,\r\nNachname,Vorname,Geburtsdatum\r\nA,B,31.02.1990\r\n")
    report = import_file(caseload, path, today=TODAY)
    assert [(e.row, e.column) for e in report.errors] == [(2, "Geburtsdatum")]
