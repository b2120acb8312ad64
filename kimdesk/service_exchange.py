"""Sharing the service directory (Angebotsdatenbank) as a workbook: the active offers are
exported for the coordinating office and colleagues; a directory from them is imported all
or nothing, every bad row named by row and column, and offers already known are skipped.

The file is a plain .xlsx with German headings (they are the format, not user interface), so
that a list kept by hand in Excel with the same headings can be imported as well. Entries are
organisations and their offers, never clients; still, messages name rows and columns, not
what a cell holds, as the import list does.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kimdesk.domain.records import Service, search_key
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.errors import BadInput
from kimdesk.file_limits import FileTooLarge, capped_rows, check_xlsx_archive
from kimdesk.i18n import _, ngettext
from kimdesk.report.month import german
from kimdesk.report.sending import write_atomically
from kimdesk.report.workbook_print import prepare_for_print
from kimdesk.report.xlsx import save_to_bytes

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload

LAYOUT = "kimdesk-angebote"
LAYOUT_VERSION = 1
SHEET = "Angebote"
META_SHEET = "_kimdesk"
PROVIDER, OFFER, CONTACT, PHONE, EMAIL, DOMAINS = (
    "Träger",
    "Angebot",
    "Ansprechperson",
    "Telefon",
    "E-Mail",
    "Lebensbereiche",
)
COLUMNS = (PROVIDER, OFFER, CONTACT, PHONE, EMAIL, DOMAINS)
REQUIRED = (PROVIDER, OFFER)
WIDTHS = (30, 36, 24, 18, 30, 50)
DOMAIN_SEPARATOR = "; "
MAX_TEXT = 500  # characters of one cell; a directory entry is a line, not a document
SHOWN_PROBLEMS = 20
HEADER_ROWS_SEARCHED = 3
# Other spellings of the headings in lists kept by hand (compared after _heading_key).
_ALIASES = {
    "anbieter": PROVIDER,
    "traeger": PROVIDER,
    "einrichtung": PROVIDER,
    "organisation": PROVIDER,
    "angebote": OFFER,
    "ansprechpartner": CONTACT,
    "ansprechpartnerin": CONTACT,
    "ansprechpartner in": CONTACT,
    "kontaktperson": CONTACT,
    "telefonnummer": PHONE,
    "tel": PHONE,
    "email": EMAIL,
    "e mail adresse": EMAIL,
    "mail": EMAIL,
    "lebensbereich": DOMAINS,
}


# -- values ----------------------------------------------------------------------------------


def normalised_name(text: str) -> str:
    """Case, accents, punctuation and spacing do not tell two offers apart ("Diakonie e.V."
    and "diakonie e. V." are one provider, "Wohnungsnotfall-Hilfe" and "Wohnungsnotfallhilfe"
    one offer)."""
    return "".join(ch for ch in search_key(text) if ch.isalnum())


def same_offer(first: Service, second: Service) -> bool:
    """A duplicate: the same provider and offer (normalised) for the same life domain, i.e.
    the life domains overlap or one of the two has none (it was just not tagged). An offer
    of the same name for other life domains is another offer."""
    if normalised_name(first.provider) != normalised_name(second.provider):
        return False
    if normalised_name(first.offer) != normalised_name(second.offer):
        return False
    return not first.domains or not second.domains or bool(first.domains & second.domains)


def domains_cell(domains: Iterable[LifeDomain]) -> str:
    """The life domains as the file writes them: German labels, in the sheets' order."""
    chosen = set(domains)
    return DOMAIN_SEPARATOR.join(german(d) for d in LifeDomain if d in chosen)


def _domain_names() -> dict[str, LifeDomain]:
    """Every name a life domain may have in a file: German, the UI language's, its key."""
    names: dict[str, LifeDomain] = {}
    for domain in LifeDomain:
        for name in (german(domain), domain.label, domain.value):
            names[normalised_name(name)] = domain
    return names


def looks_like_email(text: str) -> bool:
    """A loose check: something, "@", something with a dot, no spaces."""
    at = text.find("@")
    return at > 0 and "." in text[at + 2 : -1] and not any(ch.isspace() for ch in text)


# -- export ----------------------------------------------------------------------------------


def directory_workbook(services: Sequence[Service]) -> Workbook:
    """The offers as a workbook: one row each, a hidden sheet naming the layout."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="3B5B7A")
        cell.alignment = Alignment(vertical="center")
    for service in services:
        sheet.append(
            [
                service.provider,
                service.offer,
                service.contact_person,
                service.phone,
                service.email,
                domains_cell(service.domains),
            ]
        )
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(2, len(services) + 1)}"
    meta = book.create_sheet(META_SHEET)
    for key, value in (("layout", LAYOUT), ("layout_version", LAYOUT_VERSION)):
        meta.append([key, value])
    meta.sheet_state = "hidden"
    book.properties.creator = "kimdesk"
    book.properties.title = "Angebotsdatenbank"
    prepare_for_print(book, title_rows={SHEET: "1:1"})
    return book


def export_services(caseload: Caseload, out: Path, *, overwrite: bool = False) -> int:
    """Write the active offers to ``out`` (.xlsx) all or nothing; returns how many."""
    if out.suffix.lower() != ".xlsx":
        raise BadInput(_("The output file must end in .xlsx."))
    if not out.parent.is_dir():
        raise BadInput(_("The folder {path} does not exist.").format(path=out.parent))
    if out.exists() and not overwrite:
        raise BadInput(
            _("The file {name} exists already; choose another name.").format(name=out.name)
        )
    services = [service for _id, service in caseload.services() if service.active]
    data = save_to_bytes(directory_workbook(services))
    try:
        write_atomically(out, data, overwrite=overwrite)
    except FileExistsError:
        raise BadInput(
            _("The file {name} exists already; choose another name.").format(name=out.name)
        ) from None
    except OSError:
        raise BadInput(_("{path} cannot be written.").format(path=out)) from None
    with caseload.db.transaction():
        caseload.repo.append_audit("services.exported", None, f"offers={len(services)}")
    return len(services)


# -- import ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A cell the import cannot take: the row as the spreadsheet numbers it, the column's
    heading and why."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("Row {row}, column {column}: {reason}").format(
            row=self.row, column=self.column, reason=self.reason
        )


class ServiceImportRejected(BadInput):
    """Rows the import cannot take; nothing was imported."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = [str(problem) for problem in self.problems[:SHOWN_PROBLEMS]]
        hidden = len(self.problems) - len(lines)
        if hidden:
            lines.append(
                ngettext("… and {n} more problem", "… and {n} more problems", hidden).format(
                    n=hidden
                )
            )
        heading = ngettext(
            "Nothing was imported: {n} problem in the workbook.",
            "Nothing was imported: {n} problems in the workbook.",
            len(self.problems),
        ).format(n=len(self.problems))
        super().__init__("\n".join([heading, *lines]))


@dataclass(frozen=True)
class Duplicate:
    """A row skipped because its offer is known: ``row`` of the file, and either the id of
    the directory entry it repeats or the earlier row of the file."""

    row: int
    service: Service
    existing_id: int | None = None
    existing_active: bool = True
    earlier_row: int | None = None

    def describe(self) -> str:
        name = f"{self.service.provider} – {self.service.offer}"
        if self.earlier_row is not None:
            return _("Row {row}: {name} is the same as row {earlier}; skipped.").format(
                row=self.row, name=name, earlier=self.earlier_row
            )
        if not self.existing_active:
            return _(
                "Row {row}: {name} is already in the directory (deactivated); skipped."
            ).format(row=self.row, name=name)
        return _("Row {row}: {name} is already in the directory; skipped.").format(
            row=self.row, name=name
        )


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do: the new offers (with their rows) and the duplicates."""

    new: tuple[tuple[int, Service], ...]
    duplicates: tuple[Duplicate, ...]


def read_directory(path: Path) -> list[tuple[int, Service]]:
    """The offers of a workbook with their row numbers, every row checked first."""
    if path.suffix.lower() != ".xlsx":
        raise BadInput(_("Only Excel workbooks (.xlsx) can be imported into the directory."))
    try:
        check_xlsx_archive(path)  # before parsing: a crafted archive would fill the memory
        is_zip = zipfile.is_zipfile(path)
    except FileTooLarge:
        raise
    except OSError:
        raise BadInput(_("{file} cannot be read.").format(file=path.name)) from None
    if not is_zip:
        raise BadInput(_("{file} is not an Excel workbook (.xlsx).").format(file=path.name))
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it skips
            book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on damaged packages
        raise BadInput(
            _("{file} cannot be read as an Excel workbook (.xlsx); it may be damaged.").format(
                file=path.name
            )
        ) from None
    try:
        return _read_book(book, path.name)
    except BadInput:
        raise
    except Exception:
        raise BadInput(
            _("{file} cannot be read as an Excel workbook (.xlsx); it may be damaged.").format(
                file=path.name
            )
        ) from None
    finally:
        book.close()


def _read_book(book: Any, name: str) -> list[tuple[int, Service]]:
    if META_SHEET in book.sheetnames:
        meta = {
            row[0]: row[1]
            for row in book[META_SHEET].iter_rows(min_col=1, max_col=2, values_only=True)
            if row and isinstance(row[0], str)
        }
        if meta.get("layout") != LAYOUT:
            raise BadInput(
                _("{file} is not a service directory but another kimdesk workbook.").format(
                    file=name
                )
            )
        if not isinstance(meta.get("layout_version"), int) or meta["layout_version"] > (
            LAYOUT_VERSION
        ):
            raise BadInput(
                _("{file} was written by a newer kimdesk. Please update kimdesk.").format(file=name)
            )
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    header_row, columns = _header(sheet, name)
    problems: list[Problem] = []
    services: list[tuple[int, Service]] = []
    known_domains = _domain_names()
    rows = sheet.iter_rows(min_row=header_row + 1)
    for number, row in enumerate(capped_rows(rows), start=header_row + 1):
        values: dict[str, str] = {}
        bad: list[Problem] = []
        for heading, index in columns.items():
            cell = row[index] if index < len(row) else None
            text, problem = _text(cell)
            if problem is None and len(text) > MAX_TEXT:
                problem = _("longer than {n} characters").format(n=MAX_TEXT)
            if problem is not None:
                bad.append(Problem(number, heading, problem))
            values[heading] = text
        problems += bad
        if not any(values.values()) and not bad:
            continue  # an empty row between blocks, or the sheet's formatted tail
        service, row_problems = _service(number, values, known_domains)
        # A cell already named (a formula, too long) is not named again as empty or wrong.
        row_problems = [p for p in row_problems if p.column not in {b.column for b in bad}]
        problems += row_problems
        if service is not None and not bad:
            services.append((number, service))
    if problems:
        raise ServiceImportRejected(problems)
    if not services:
        raise BadInput(_("{file} holds no offers.").format(file=name))
    return services


def _heading_key(value: Any) -> str:
    return normalised_name(str(value)) if value is not None else ""


def _header(sheet: Any, name: str) -> tuple[int, dict[str, int]]:
    """The header row (one of the first rows) and each known heading's column index."""
    wanted = {_heading_key(column): column for column in COLUMNS}
    wanted |= {_heading_key(alias): column for alias, column in _ALIASES.items()}
    for number, row in enumerate(
        sheet.iter_rows(min_row=1, max_row=HEADER_ROWS_SEARCHED, values_only=True), start=1
    ):
        found: dict[str, int] = {}
        for index, value in enumerate(row):
            column = wanted.get(_heading_key(value))
            if column is not None and column not in found:
                found[column] = index
        if all(column in found for column in REQUIRED):
            return number, found
    raise BadInput(
        _(
            "{file}: no header row with the columns {columns} was found in the first rows; "
            "the directory's columns are: {all}."
        ).format(file=name, columns=", ".join(REQUIRED), all=", ".join(COLUMNS))
    )


def _text(cell: Any) -> tuple[str, str | None]:
    """A cell as text, or why it cannot be one (a formula, a date)."""
    if cell is None or cell.value is None:
        return "", None
    value = cell.value
    if getattr(cell, "data_type", None) == "f":
        return "", _("a formula; please enter the text itself")
    if isinstance(value, bool) or isinstance(value, datetime | date | time):
        return "", _("not a text")
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed as a number
    if isinstance(value, int | float):
        return str(value), None
    return " ".join(str(value).split()), None


def _service(
    row: int, values: dict[str, str], known_domains: dict[str, LifeDomain]
) -> tuple[Service | None, list[Problem]]:
    problems = [
        Problem(row, column, _("required, but empty")) for column in REQUIRED if not values[column]
    ]
    email = values.get(EMAIL, "")
    if email and not looks_like_email(email):
        problems.append(Problem(row, EMAIL, _("not a valid e-mail address")))
    domains: set[LifeDomain] = set()
    for part in re.split(r"[;,\n]", values.get(DOMAINS, "")):
        if not part.strip():
            continue
        domain = known_domains.get(normalised_name(part))
        if domain is None:
            problems.append(
                Problem(
                    row,
                    DOMAINS,
                    _("unknown life domain (known are: {names})").format(
                        names=DOMAIN_SEPARATOR.join(german(d) for d in LifeDomain)
                    ),
                )
            )
        else:
            domains.add(domain)
    if problems:
        return None, problems
    return (
        Service(
            provider=values[PROVIDER],
            offer=values[OFFER],
            contact_person=values.get(CONTACT, ""),
            phone=values.get(PHONE, ""),
            email=email,
            domains=frozenset(domains),
        ),
        [],
    )


def plan_import(caseload: Caseload, path: Path) -> ImportPlan:
    """Read and check ``path`` and sort its offers into new ones and duplicates (of the
    directory or of an earlier row); nothing is written."""
    existing = caseload.services()
    new: list[tuple[int, Service]] = []
    duplicates: list[Duplicate] = []
    for row, service in read_directory(path):
        known = next(((i, s) for i, s in existing if same_offer(s, service)), None)
        if known is not None:
            duplicates.append(Duplicate(row, service, known[0], known[1].active))
            continue
        earlier = next((r for r, s in new if same_offer(s, service)), None)
        if earlier is not None:
            duplicates.append(Duplicate(row, service, earlier_row=earlier))
            continue
        new.append((row, service))
    return ImportPlan(tuple(new), tuple(duplicates))


def apply_import(caseload: Caseload, plan: ImportPlan) -> int:
    """Add the plan's new offers in one transaction; returns how many."""
    with caseload.db.transaction():
        for _row, service in plan.new:
            caseload.repo.insert_service(service)
        caseload.repo.append_audit(
            "services.imported",
            None,
            f"offers={len(plan.new)} duplicates={len(plan.duplicates)}",
        )
    return len(plan.new)


def import_services(caseload: Caseload, path: Path) -> ImportPlan:
    """Import the new offers of ``path``, skipping the duplicates; all or nothing."""
    plan = plan_import(caseload, path)
    apply_import(caseload, plan)
    return plan


__all__ = [
    "COLUMNS",
    "Duplicate",
    "ImportPlan",
    "Problem",
    "ServiceImportRejected",
    "apply_import",
    "directory_workbook",
    "export_services",
    "import_services",
    "plan_import",
    "read_directory",
    "same_offer",
]
