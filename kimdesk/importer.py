"""Import an existing caseload list (CSV or Excel) and write the import template.

Many case managers keep their caseload in an Excel list today. ``import_file`` reads such
a list, checks every row first and then imports all valid rows in one transaction: each
row becomes a person with an open case. Invalid rows are reported with their spreadsheet
row number, the column and a reason; nothing is imported while any row is invalid, unless
the caller asks to skip the invalid rows.

Cell values are personal data: no message built here ever repeats one. Messages name the
row (as numbered in the spreadsheet, header = row 1) and the column heading only.

Qt-free and SQL-free: everything goes through :class:`~kimdesk.caseload.Caseload` and its
repository.
"""

from __future__ import annotations

import csv
import io
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kimdesk.admission import Admissions
from kimdesk.domain.dates import DateProblem
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import PersonData, search_key
from kimdesk.domain.vocabulary import Gender
from kimdesk.errors import BadInput
from kimdesk.file_limits import FileTooLarge, capped_rows, check_file_size, check_xlsx_archive
from kimdesk.i18n import _, ngettext

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload
    from kimdesk.store.repository import Repository

# -- the columns -------------------------------------------------------------------------

SURNAME = "Nachname"
GIVEN_NAMES = "Vorname"
BIRTH_DATE = "Geburtsdatum"
GENDER = "Geschlecht"
NATIONALITY = "Staatsangehörigkeit"
PHONE = "Telefon"
EMAIL = "E-Mail"
STREET = "Straße"
CITY = "Wohnort"
ADMITTED_ON = "Aufnahmedatum"
NOTE = "Notiz"

#: The columns of an import file, in the template's order (the headings are German in
#: every language: they are the file format, not user interface).
COLUMNS: tuple[str, ...] = (
    SURNAME,
    GIVEN_NAMES,
    BIRTH_DATE,
    GENDER,
    NATIONALITY,
    PHONE,
    EMAIL,
    STREET,
    CITY,
    ADMITTED_ON,
    NOTE,
)
REQUIRED_COLUMNS: tuple[str, ...] = (SURNAME, GIVEN_NAMES)
DATE_COLUMNS: frozenset[str] = frozenset({BIRTH_DATE, ADMITTED_ON})
SUPPORTED_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx")

# A few spellings people use for the same heading (compared after _heading_key).
_ALIASES: dict[str, str] = {
    "familienname": SURNAME,
    "vornamen": GIVEN_NAMES,
    "geburtstag": BIRTH_DATE,
    "telefonnummer": PHONE,
    "ort": CITY,
}

EARLIEST_BIRTH_DATE = date(1900, 1, 1)
# How many written persons between two progress reports: often enough for a smooth bar,
# rarely enough that reporting (a signal to the GUI thread) costs nothing noticeable.
PROGRESS_EVERY = 250

_GENDERS: dict[str, Gender] = {
    "w": Gender.FEMALE,
    "weiblich": Gender.FEMALE,
    "m": Gender.MALE,
    "männlich": Gender.MALE,
    "maennlich": Gender.MALE,
    "d": Gender.DIVERSE,
    "divers": Gender.DIVERSE,
    "x": Gender.DIVERSE,
}
_DATE_PATTERN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")

# Cells as read from a file: text, or a date where Excel stored a date.
Cell = str | date


def _heading_key(text: str) -> str:
    """``" E-Mail "`` → ``"email"``, ``"Straße"`` → ``"strasse"``: for matching headings."""
    folded = unicodedata.normalize("NFC", text).strip().casefold()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        folded = folded.replace(umlaut, plain)
    return re.sub(r"[\s\-_.]+", "", folded)


_HEADINGS: dict[str, str] = {_heading_key(c): c for c in COLUMNS} | _ALIASES


# -- value types ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RawRow:
    """One non-empty data row: its spreadsheet row number and its cells by column.

    ``values`` is keyed by the canonical column name (``COLUMNS``); ``headings`` maps the
    canonical name to the heading as written in the file (for messages).
    """

    row: int
    values: Mapping[str, Cell]
    headings: Mapping[str, str] = field(default_factory=dict, compare=False)

    def __repr__(self) -> str:  # the cells are personal data
        return f"RawRow(row={self.row})"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str | None
    reason: str


@dataclass(frozen=True)
class ValidRow:
    row: int
    person: PersonData
    admitted_on: date | None

    def __repr__(self) -> str:
        return f"ValidRow(row={self.row})"


@dataclass(frozen=True)
class Validation:
    valid: tuple[ValidRow, ...]
    errors: tuple[RowError, ...]

    @property
    def invalid_rows(self) -> tuple[int, ...]:
        return tuple(sorted({e.row for e in self.errors}))


@dataclass(frozen=True)
class ImportReport:
    rows_read: int
    persons_imported: int
    cases_opened: int
    errors: tuple[RowError, ...] = ()
    file_errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Everything in the file was imported."""
        return not self.errors and not self.file_errors

    @property
    def invalid_rows(self) -> int:
        return len({e.row for e in self.errors})

    @property
    def imported(self) -> bool:
        return self.persons_imported > 0


class ImportFileError(BadInput):
    """The file as a whole cannot be imported; ``problems`` lists every reason."""

    def __init__(self, *problems: str) -> None:
        super().__init__("\n".join(problems))
        self.problems: tuple[str, ...] = problems


# -- reading -------------------------------------------------------------------------------


def read_rows(path: Path | str) -> list[RawRow]:
    """The non-empty data rows of a ``.csv`` or ``.xlsx`` file with a header row.

    Raises :class:`ImportFileError` (a ``BadInput``) when the file as a whole is unusable:
    unsupported type, unreadable, empty, or headings that are missing or unknown.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise ImportFileError(
            _(
                "Old Excel files (.xls) cannot be read. Save the list as "
                "Excel workbook (.xlsx) or as CSV first."
            )
        )
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportFileError(
            _("Files of this type cannot be imported; please use a .csv or .xlsx file.")
        )
    if not path.is_file():
        raise ImportFileError(_("The file to import does not exist."))
    grid = _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
    return _rows_from_grid(grid)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        raise ImportFileError(
            _("The file cannot be opened. Is it still open in another program?")
        ) from None


def _read_csv(path: Path) -> list[tuple[int, list[Cell]]]:
    check_file_size(path)
    data = _read_bytes(path)
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    not_text = ImportFileError(
        _(
            "The file is not a readable CSV text file. Save the list as “CSV UTF-8” or "
            "“CSV (Trennzeichen-getrennt)” and try again."
        )
    )
    if b"\x00" in data:
        raise not_text
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise not_text
    lines = text.splitlines()
    directive = re.fullmatch(r"sep=([;,\t])", lines[0].strip()) if lines else None
    if directive:  # Excel's "sep=;" first line: not a row, Excel does not show it
        delimiter = directive.group(1)
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:
        header_line = next((line for line in lines if line.strip()), "")
        delimiter = "," if header_line.count(",") > header_line.count(";") else ";"
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise not_text from None
    return [(number, list(record)) for number, record in enumerate(capped_rows(records), start=1)]


def _read_xlsx(path: Path) -> list[tuple[int, list[Cell]]]:
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    _read_bytes(path)  # a clear message when the file is locked
    check_xlsx_archive(path)  # before parsing: a crafted archive would fill the memory
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        OSError,
        ValueError,
        TypeError,
        IndexError,
    ):
        raise ImportFileError(
            _("The file cannot be read as an Excel workbook (.xlsx); it may be damaged.")
        ) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The file is empty."))
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs write wrong sheet sizes
        grid = [
            (number, [_excel_cell(value) for value in values])
            for number, values in enumerate(
                capped_rows(sheet.iter_rows(min_row=1, values_only=True)), start=1
            )
        ]
    except (ImportFileError, FileTooLarge):
        raise
    except Exception:  # openpyxl raises many kinds of errors on damaged sheets
        raise ImportFileError(
            _("The file cannot be read as an Excel workbook (.xlsx); it may be damaged.")
        ) from None
    finally:
        workbook.close()
    return grid


def _excel_cell(value: Any) -> Cell:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, time | timedelta):
        return str(value)
    return str(value)


def _is_blank(cell: Cell) -> bool:
    return isinstance(cell, str) and not cell.strip()


def _rows_from_grid(grid: Sequence[tuple[int, list[Cell]]]) -> list[RawRow]:
    content = [(number, cells) for number, cells in grid if not all(map(_is_blank, cells))]
    if not content:
        raise ImportFileError(_("The file is empty."))
    (_header_number, header_cells), data = content[0], content[1:]
    columns = _match_headings(header_cells, data)
    if not data:
        raise ImportFileError(_("The file has a header row but no data rows."))
    rows = []
    for number, cells in data:
        values: dict[str, Cell] = {}
        for index, column in columns.items():
            cell = cells[index] if index < len(cells) else ""
            values[column] = cell.strip() if isinstance(cell, str) else cell
        headings = {column: _heading_text(header_cells[i]) for i, column in columns.items()}
        rows.append(RawRow(number, values, headings))
    return rows


def _heading_text(cell: Cell) -> str:
    return cell.strip() if isinstance(cell, str) else str(cell)


def _column_label(index: int) -> str:
    """0 → A, 26 → AA: how spreadsheets name columns."""
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def _match_headings(header: list[Cell], data: Sequence[tuple[int, list[Cell]]]) -> dict[int, str]:
    """Cell index → canonical column; every problem with the headings at once."""
    columns: dict[int, str] = {}
    unknown: list[str] = []
    problems: list[str] = []
    seen: set[str] = set()
    width = max([len(header), *(len(cells) for _n, cells in data)])
    for index in range(width):
        heading = _heading_text(header[index]) if index < len(header) else ""
        if not heading:
            if any(index < len(cells) and not _is_blank(cells[index]) for _n, cells in data):
                problems.append(
                    _("Column {column} contains data but has no heading.").format(
                        column=_column_label(index)
                    )
                )
            continue
        column = _HEADINGS.get(_heading_key(heading))
        if column is None:
            unknown.append(heading)
        elif column in seen:
            problems.append(_("The column {column} appears more than once.").format(column=column))
        else:
            seen.add(column)
            columns[index] = column
    missing = [c for c in REQUIRED_COLUMNS if c not in seen]
    expected = ", ".join(COLUMNS)
    if not seen:
        # Probably no header row at all: the first row holds a person, so do not repeat it.
        raise ImportFileError(
            _(
                "The first row is not a header row: none of the expected column headings was "
                "found. Expected columns: {expected}."
            ).format(expected=expected)
        )
    if missing:
        problems.insert(
            0, _("Required columns are missing: {columns}.").format(columns=", ".join(missing))
        )
    if unknown:
        shown = ", ".join(f"“{_shorten(h)}”" for h in unknown)
        problems.append(
            _(
                "Unknown columns: {columns}. Expected columns: {expected}. Rename or remove "
                "the unknown columns; nothing is left out silently."
            ).format(columns=shown, expected=expected)
        )
    if problems:
        raise ImportFileError(*problems)
    return columns


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- checking ------------------------------------------------------------------------------


def validate(
    rows: Iterable[RawRow],
    *,
    repo: Repository | None = None,
    today: date,
) -> Validation:
    """Check every row; with ``repo``, persons already in the caseload are invalid too.

    The caseload's persons are read once (not once per row: lists can be long). For the
    answer to hold until the rows are written, call this inside the write transaction.
    """
    valid: list[ValidRow] = []
    errors: list[RowError] = []
    first_row_of: dict[tuple[str, date | None], int] = {}
    known: set[tuple[str, date | None]] = set()
    if repo is not None:
        known = {
            _identity(surname, given_names, born)
            for surname, given_names, born in repo.person_identities()
        }
    for raw in rows:
        row_errors: list[RowError] = []
        candidate = _check_row(raw, today, row_errors)
        if candidate is not None:
            person = candidate.person
            key = _identity(person.surname, person.given_names, person.birth_date)
            if key in first_row_of:
                row_errors.append(
                    RowError(
                        raw.row,
                        None,
                        _(
                            "the same person (name and date of birth) already appears in row {row}"
                        ).format(row=first_row_of[key]),
                    )
                )
            else:
                first_row_of[key] = raw.row
                if key in known:
                    row_errors.append(
                        RowError(
                            raw.row,
                            None,
                            _("this person (name and date of birth) is already in the caseload"),
                        )
                    )
        if row_errors:
            errors.extend(row_errors)
        elif candidate is not None:
            valid.append(candidate)
    return Validation(tuple(valid), tuple(errors))


def _identity(surname: str, given_names: str, birth_date: date | None) -> tuple[str, date | None]:
    """What makes two rows (or a row and a stored person) the same person."""
    return " ".join(search_key(surname, given_names).split()), birth_date


def _check_row(raw: RawRow, today: date, errors: list[RowError]) -> ValidRow | None:
    def text(column: str) -> str:
        value = raw.values.get(column, "")
        if isinstance(value, date):
            return value.strftime("%d.%m.%Y")
        return value.strip()

    def fail(column: str, reason: str) -> None:
        errors.append(RowError(raw.row, raw.headings.get(column, column), reason))

    surname, given_names = text(SURNAME), text(GIVEN_NAMES)
    for column, value in ((SURNAME, surname), (GIVEN_NAMES, given_names)):
        if not value:
            fail(column, _("required, but empty"))

    birth_date = _check_date(raw, BIRTH_DATE, today, fail)
    if birth_date is not None and birth_date < EARLIEST_BIRTH_DATE:
        fail(BIRTH_DATE, _("the date lies before 1900"))
        birth_date = None
    admitted_on = _check_date(raw, ADMITTED_ON, today, fail)
    if admitted_on is not None and birth_date is not None and admitted_on < birth_date:
        fail(ADMITTED_ON, _("the admission date lies before the date of birth"))

    gender = ""
    gender_text = text(GENDER)
    if gender_text:
        key = unicodedata.normalize("NFC", gender_text).casefold()
        if key in _GENDERS:
            gender = _GENDERS[key].value
        else:
            fail(GENDER, _("unknown value (allowed: w, m, d, weiblich, männlich, divers, x)"))

    email = text(EMAIL)
    if email and not _EMAIL_PATTERN.match(email):
        fail(EMAIL, _("not a valid e-mail address"))

    if errors:
        return None
    person = PersonData(
        surname=surname,
        given_names=given_names,
        birth_date=birth_date,
        gender=gender,
        nationality=text(NATIONALITY),
        phone=text(PHONE),
        email=email,
        street=text(STREET),
        city=text(CITY),
        note=text(NOTE),
    )
    return ValidRow(raw.row, person, admitted_on)


def _check_date(
    raw: RawRow, column: str, today: date, fail: Callable[[str, str], None]
) -> date | None:
    value = raw.values.get(column, "")
    if isinstance(value, date):
        day: date | None = value
    elif not value:
        return None
    else:
        day = parse_date(value)
        if day is None:
            # the wording of every date field: a day that does not exist, or no date at all
            real = _DATE_PATTERN.match(value.strip())
            fail(column, (DateProblem.NO_SUCH_DAY if real else DateProblem.NOT_A_DATE).message)
            return None
    assert day is not None
    if day > today:
        fail(column, _("the date lies in the future"))
        return None
    return day


def parse_date(text: str) -> date | None:
    """``"01.02.1990"`` or ``"1.2.1990"`` → the date; ``None`` if it is no real date."""
    match = _DATE_PATTERN.match(text.strip())
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


# -- importing -----------------------------------------------------------------------------


def import_file(
    caseload: Caseload,
    path: Path | str,
    *,
    skip_invalid: bool = False,
    today: date | None = None,
    rng: random.Random | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check the whole file, then import it in one transaction (all or nothing).

    Raises nothing for problems in the file: they are in the report. While any row is
    invalid nothing is imported, unless ``skip_invalid``; then the valid rows are.
    ``progress(done, total)`` is called from time to time while the persons are written
    (from the calling thread), last with ``done == total`` once they are committed; an
    exception it raises rolls everything back.
    """
    today = today or caseload.today
    try:
        rows = read_rows(path)
    except ImportFileError as error:
        return ImportReport(0, 0, 0, file_errors=error.problems)
    except BadInput as error:
        return ImportReport(0, 0, 0, file_errors=(str(error),))
    repo = caseload.repo
    # The check for persons already in the caseload runs inside the write transaction
    # (BEGIN IMMEDIATE): an import of the same list started meanwhile waits for this one,
    # then finds every person there, instead of importing them all a second time.
    with caseload.db.transaction():
        checked = validate(rows, repo=repo, today=today)
        if (checked.errors and not skip_invalid) or not checked.valid:
            return ImportReport(len(rows), 0, 0, errors=checked.errors)
        total = len(checked.valid)
        admissions = Admissions(repo, rng=rng)
        if progress is not None:
            progress(0, total)
        for done, item in enumerate(checked.valid, start=1):
            if item.admitted_on is not None:
                admissions.admit(
                    item.person,
                    phase=Phase.INTAKE,
                    opened_on=item.admitted_on,
                    admitted_on=item.admitted_on,
                )
            else:
                admissions.admit(item.person, phase=Phase.SCREENING, opened_on=today)
            if progress is not None and done % PROGRESS_EVERY == 0 and done < total:
                progress(done, total)
        repo.append_audit("import", None, f"rows={len(rows)} persons={total} cases={total}")
    if progress is not None:
        progress(total, total)
    return ImportReport(len(rows), total, total, errors=checked.errors)


# -- the report ------------------------------------------------------------------------------


def format_error(error: RowError) -> str:
    if error.column:
        return _("Row {row}, column {column}: {reason}").format(
            row=error.row, column=error.column, reason=error.reason
        )
    return _("Row {row}: {reason}").format(row=error.row, reason=error.reason)


def format_report(
    report: ImportReport, *, max_errors: int | None = None, option_hint: bool = True
) -> str:
    """The lines shown after an import (CLI and GUI); never any cell value.

    ``max_errors`` shortens a long list of problems (a message box); ``option_hint`` names
    the command line's ``--skip-invalid``.
    """
    lines: list[str] = []
    if report.file_errors:
        lines.append(_("The file cannot be imported:"))
        lines.extend(f"  {problem}" for problem in report.file_errors)
        return "\n".join(lines)
    shown = report.errors if max_errors is None else report.errors[:max_errors]
    lines.extend(format_error(e) for e in shown)
    if len(shown) < len(report.errors):
        more = len(report.errors) - len(shown)
        lines.append(
            ngettext("… and {n} more problem", "… and {n} more problems", more).format(n=more)
        )
    if report.imported:
        lines.append(
            ngettext("{n} person imported", "{n} persons imported", report.persons_imported).format(
                n=report.persons_imported
            )
            + ", "
            + ngettext("{n} case opened.", "{n} cases opened.", report.cases_opened).format(
                n=report.cases_opened
            )
        )
        if report.errors:
            lines.append(
                ngettext(
                    "{n} invalid row was skipped.",
                    "{n} invalid rows were skipped.",
                    report.invalid_rows,
                ).format(n=report.invalid_rows)
            )
    elif report.errors:
        lines.append(
            ngettext(
                "Nothing was imported: {n} of {total} rows is invalid.",
                "Nothing was imported: {n} of {total} rows are invalid.",
                report.invalid_rows,
            ).format(n=report.invalid_rows, total=report.rows_read)
        )
        if option_hint and report.invalid_rows < report.rows_read:
            lines.append(_("Correct the rows, or import only the valid rows (--skip-invalid)."))
    else:
        lines.append(_("Nothing was imported."))
    return "\n".join(lines)


# -- the template ------------------------------------------------------------------------------

EXAMPLE_ROW: dict[str, Cell] = {
    SURNAME: "Mustermann",
    GIVEN_NAMES: "Erika",
    BIRTH_DATE: date(1984, 8, 12),
    GENDER: "w",
    NATIONALITY: "deutsch",
    PHONE: "0521 1234567",
    EMAIL: "erika.mustermann@example.org",
    STREET: "Musterstraße 1",
    CITY: "Musterstadt",
    ADMITTED_ON: date(2024, 3, 1),
    NOTE: "Beispielzeile – bitte vor dem Import löschen",
}

# The template is a German file format (German headings), so its notes are German too.
COLUMN_NOTES: dict[str, str] = {
    SURNAME: "Pflichtfeld. Familienname der ratsuchenden Person.",
    GIVEN_NAMES: "Pflichtfeld. Alle Vornamen.",
    BIRTH_DATE: "TT.MM.JJJJ, z. B. 12.08.1984. Nicht vor 1900 und nicht in der Zukunft. "
    "Leer lassen, wenn unbekannt.",
    GENDER: "w, m oder d (auch: weiblich, männlich, divers, x). Darf leer bleiben.",
    NATIONALITY: "Freitext, z. B. syrisch. Darf leer bleiben.",
    PHONE: "Telefonnummer als Text (führende 0 bleibt erhalten). Darf leer bleiben.",
    EMAIL: "E-Mail-Adresse. Darf leer bleiben.",
    STREET: "Straße und Hausnummer. Darf leer bleiben.",
    CITY: "Postleitzahl und Ort. Darf leer bleiben.",
    ADMITTED_ON: "TT.MM.JJJJ. Mit Datum: Es wird ein Fall eröffnet, der an diesem Tag "
    "aufgenommen wurde (Erstberatung; die unterschriebene Einverständnis"
    "erklärung wird danach in kimdesk erfasst). Ohne Datum: Der Fall beginnt "
    "heute mit dem Screening.",
    NOTE: "Freitext zur Person. Darf leer bleiben.",
}

GENERAL_NOTES: tuple[str, ...] = (
    "Importvorlage für kimdesk",
    "Eine Zeile je Person. Die Überschriften in Zeile 1 nicht ändern; "
    "Spalten ohne Inhalt dürfen fehlen, weitere Spalten sind nicht erlaubt.",
    "Die Beispielzeile (Mustermann, Erika) vor dem Import löschen.",
    "Enthält eine Zeile einen Fehler, wird nichts importiert; kimdesk nennt Zeile, "
    "Spalte und Grund. Mit --skip-invalid werden nur die fehlerfreien Zeilen importiert.",
    "Personen, die mit Name und Geburtsdatum schon in kimdesk stehen, werden nicht "
    "doppelt angelegt.",
    "Die Datei enthält personenbezogene Daten: nach dem Import sicher löschen.",
)

_WIDTHS: dict[str, int] = {
    SURNAME: 20,
    GIVEN_NAMES: 20,
    BIRTH_DATE: 14,
    GENDER: 12,
    NATIONALITY: 22,
    PHONE: 18,
    EMAIL: 30,
    STREET: 26,
    CITY: 22,
    ADMITTED_ON: 15,
    NOTE: 45,
}


def write_template(path: Path | str) -> None:
    """Write an empty import list with one example row, as ``.xlsx`` or ``.csv``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        _write_xlsx_template(path)
    elif suffix == ".csv":
        _write_csv_template(path)
    else:
        raise BadInput(_("The template can be written as .xlsx or .csv only."))


def _write_csv_template(path: Path) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(
        [
            value.strftime("%d.%m.%Y") if isinstance(value, date) else value
            for value in (EXAMPLE_ROW[c] for c in COLUMNS)
        ]
    )
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


def _write_xlsx_template(path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Personen"
    sheet.append(list(COLUMNS))
    sheet.append([EXAMPLE_ROW[c] for c in COLUMNS])
    bold = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = bold
        dimension = sheet.column_dimensions[letter]
        dimension.width = _WIDTHS[column]
        if column in DATE_COLUMNS:
            dimension.number_format = "DD.MM.YYYY"
            sheet.cell(row=2, column=index).number_format = "DD.MM.YYYY"
        elif column == PHONE:
            dimension.number_format = "@"  # keep the leading 0 when typing numbers
            sheet.cell(row=2, column=index).number_format = "@"
    sheet.freeze_panes = "A2"

    notes = workbook.create_sheet("Hinweise")
    notes.append([GENERAL_NOTES[0]])
    notes["A1"].font = Font(bold=True, size=13)
    for line in GENERAL_NOTES[1:]:
        notes.append([line])
    notes.append([])
    notes.append(["Spalte", "Inhalt"])
    header_row = notes.max_row
    for cell in notes[header_row]:
        cell.font = bold
    for column in COLUMNS:
        notes.append([column, COLUMN_NOTES[column]])
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 90
    for row in notes.iter_rows(min_row=header_row + 1):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(path)
