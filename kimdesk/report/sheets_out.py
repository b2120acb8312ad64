"""The interim and closure sheets as they may go to the coordinating office: pseudonymised
(the monthly report's pseudonym, the month instead of dates, the case manager's initials, no
name) and every free text through the identifier check of kimdesk.report.privacy; and the
monthly workbook's sheet "Bögen" with one row per sheet finished in the month."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kimdesk.domain.records import FormInstance
from kimdesk.forms.model import FieldType, FormDefinition, FormKind
from kimdesk.report import privacy
from kimdesk.store.month_forms import MonthForms, read_month_forms

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook

    from kimdesk.caseload import Caseload

SHEET_FORMS = "Bögen"
# What stands where a free text named something the caseload stores about a person.
REMOVED = "[entfernt: enthält Angaben zur Person]"
KIND_NAMES = {FormKind.INTERIM: "Zwischenstandsbogen", FormKind.CLOSURE: "Abschlussbogen"}
MONTH_NAMES = (
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
).split()
CASE_MANAGER_FIELD = "case_manager"
TEXT_TYPES = frozenset({FieldType.SHORT_TEXT, FieldType.LONG_TEXT})
CHOICE_TYPES = frozenset({FieldType.SINGLE_CHOICE, FieldType.CHANGE_6})
_DATE = re.compile(r"(\bam\s+)?(?:\b\d{1,2}\.\s?(\d{1,2})\.\s?(\d{4})\b|\b(\d{4})-(\d{2})-\d{2}\b)")

HEADERS = (
    "Pseudonym",
    "Bogen",
    "Monat",
    "Case Manager*in",
    "Abschlussart",
    "Dauer (Monate)",
    "Gesamtveränderung",
    "Zielerreichung je Bereich",
    "Freitexte (geprüft)",
)
WIDTHS = (12, 20, 15, 10, 36, 9, 20, 48, 90)


@dataclass(frozen=True)
class SheetLine:
    """One finished interim or closure sheet, pseudonymised: every value as printed."""

    pseudonym: str
    kind: str  # "Zwischenstandsbogen" or "Abschlussbogen"
    title: str  # the form's heading
    month: str  # "November 2026"
    case_manager: str  # initials
    closure_type: str  # the closure sheet's type, "" on an interim sheet
    duration_months: int | None
    overall_change: str
    areas: tuple[tuple[str, str], ...]  # (area, achievement) of the areas rated
    texts: tuple[tuple[str, str], ...]  # (question, answer or REMOVED) of the texts given

    @property
    def file_name(self) -> str:
        """Pseudonym, kind and month only: no name, no date of a person."""
        kind = "Abschlussbogen" if self.kind == KIND_NAMES[FormKind.CLOSURE] else "Zwischenstand"
        month = "-".join(reversed(self.month.split()))  # "2026-November"
        return f"KIM-CM_{kind}_{self.pseudonym}_{month}.pdf"


def month_name(on: date) -> str:
    return f"{MONTH_NAMES[on.month - 1]} {on.year}"


def coarse_dates(text: str) -> str:
    """Every full date in a text as its month: "am 12.11.2026" -> "im November 2026"."""

    def month_of(match: re.Match[str]) -> str:
        month, year = (match[2], match[3]) if match[3] else (match[5], match[4])
        if not 1 <= int(month) <= 12:
            return match[0]
        return ("im " if match[1] else "") + f"{MONTH_NAMES[int(month) - 1]} {year}"

    return _DATE.sub(month_of, text)


def checked_text(text: str, ids: privacy.Identifiers) -> str:
    """The text with its dates coarsened, or REMOVED when it names a person's data."""
    if privacy.leak_kind(text, ids) is not None:
        return REMOVED
    return coarse_dates(text)


def caseload_identifiers(caseload: Caseload) -> privacy.Identifiers:
    """What the caseload stores about people, as the monthly report's leak check uses it."""
    return privacy.stored_identifiers(caseload.repo)


def pseudonymise(
    instance: FormInstance,
    definition: FormDefinition,
    *,
    pseudonym: str,
    ids: privacy.Identifiers,
    case_manager: str,
) -> SheetLine:
    """The sheet with nothing that names the person: personal fields left out, the case
    manager as initials, the month for the date, free texts checked."""
    from kimdesk.report.month import initials  # month.py imports this module

    answers: Mapping[str, Any] = instance.answers
    areas: list[tuple[str, str]] = []
    texts: list[tuple[str, str]] = []
    closure_type = overall = ""
    for field in definition.fields:
        value = answers.get(field.key)
        if field.personal or value in (None, "", [], {}):
            continue
        if field.type is FieldType.ACHIEVEMENT_4:
            areas.append((field.label, field.option_label(str(value))))
        elif field.type in CHOICE_TYPES:
            label = field.option_label(str(value))
            if field.type is FieldType.CHANGE_6:
                overall = label
            else:
                closure_type = label.rstrip(":").strip()
        elif field.type in TEXT_TYPES and field.key != CASE_MANAGER_FIELD:
            texts.append((field.label, checked_text(str(value), ids)))
    written = str(answers.get(CASE_MANAGER_FIELD) or "").strip()
    duration = answers.get("duration_months")
    kind = FormKind.CLOSURE if definition.kind is FormKind.CLOSURE else FormKind.INTERIM
    return SheetLine(
        pseudonym=pseudonym,
        kind=KIND_NAMES[kind],
        title=definition.title,
        month=month_name(instance.recorded_on),
        case_manager=initials(written or case_manager),
        closure_type=closure_type,
        duration_months=int(duration) if isinstance(duration, int | float) else None,
        overall_change=overall,
        areas=tuple(areas),
        texts=tuple(texts),
    )


def sheet_lines(
    caseload: Caseload,
    start: date,
    end: date,
    pseudonyms: Mapping[int, str],
    ids: privacy.Identifiers,
    *,
    forms: MonthForms | None = None,
) -> tuple[SheetLine, ...]:
    """The interim and closure sheets finished between ``start`` and ``end``, by date;
    ``forms``: the month's forms if the report has read them already."""
    manager = caseload.profile().case_manager
    forms = forms or read_month_forms(caseload.db, start, end)
    definitions: dict[str, FormDefinition] = {}  # by digest: a few versions, many sheets
    lines = []
    for _kind, instance in forms.sheets:
        if instance.definition_digest not in definitions:
            definitions[instance.definition_digest] = caseload.definition_of(instance)
        lines.append(
            pseudonymise(
                instance,
                definitions[instance.definition_digest],
                pseudonym=pseudonyms.get(instance.case_id, ""),
                ids=ids,
                case_manager=manager,
            )
        )
    return tuple(lines)


def row_of(line: SheetLine) -> list[Any]:
    return [
        line.pseudonym,
        line.kind,
        line.month,
        line.case_manager,
        line.closure_type,
        line.duration_months,
        line.overall_change,
        "\n".join(f"{area}: {achievement}" for area, achievement in line.areas),
        "\n\n".join(f"{question}\n{answer}" for question, answer in line.texts),
    ]


def write_sheet(book: Workbook, lines: tuple[SheetLine, ...]) -> None:
    """The sheet "Bögen": one row per finished sheet, the header repeated on each page.
    ``book`` is the monthly StreamedWorkbook (or a normal workbook): widths, frozen header,
    filter and print setup first, then the rows, each cell wrapped as it is written."""
    # Imported here: month.py imports this module, and kimdesk.report loads without Excel.
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from kimdesk.report.workbook_print import FONT_NAME, print_setup
    from kimdesk.report.xlsx import StreamedWorkbook, note_used_range, styled

    sheet = book.create_sheet(SHEET_FORMS)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(1, len(lines) + 1)}"
    if isinstance(book, StreamedWorkbook):
        print_setup(sheet, title_rows="1:1")
    else:
        sheet.print_title_rows = "1:1"  # prepare_for_print keeps it, landscape and fitted
    note_used_range(sheet, [HEADERS, *([None] * len(HEADERS) for _line in lines)])
    font = Font(name=FONT_NAME, bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="3B5B7A")
    centred = Alignment(vertical="center", wrap_text=True)
    sheet.append([styled(sheet, h, font=font, fill=fill, alignment=centred) for h in HEADERS])
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in lines:
        sheet.append([styled(sheet, value, alignment=wrap) for value in row_of(line)])


__all__ = [
    "REMOVED",
    "SHEET_FORMS",
    "SheetLine",
    "caseload_identifiers",
    "checked_text",
    "pseudonymise",
    "sheet_lines",
    "write_sheet",
]
