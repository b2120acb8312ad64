"""The monthly report as an .xlsx workbook in memory (openpyxl), in the fixed layout that
the coordinating office's merge relies on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kimdesk.domain.referral_status import NeedMet, ReferralStatus
from kimdesk.domain.vocabulary import ClosureReason, LifeDomain, Setting
from kimdesk.report import privacy
from kimdesk.report.month import MonthReport, german
from kimdesk.report.outcomes_sheet import SHEET_OUTCOMES, write_outcome_sheet
from kimdesk.report.sheets_out import write_sheet as write_forms_sheet
from kimdesk.report.system_work import write_sheet as write_system_sheet
from kimdesk.report.workbook_print import monthly_overview_charts, prepare_for_print
from kimdesk.report.xlsx import save_to_bytes

LAYOUT = "kimdesk-monatsbericht"
LAYOUT_VERSION = 1
DATE_FORMAT = "DD.MM.YYYY"
MONTHS = (
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
).split()

SHEET_OVERVIEW, SHEET_CASES, SHEET_CONTACTS, SHEET_GAPS, SHEET_META = (
    "Übersicht",
    "Fälle",
    "Termine",
    "Angebotslücken",
    "_kimdesk",
)
CASE_HEADERS = (
    "Pseudonym",
    "Phase am Monatsende",
    "Aufnahmemonat",
    "Altersgruppe",
    "Geschlecht",
    "Staatsangehörigkeit",
    "Aufenthaltsstatus",
    "Zugangsweg",
    "Kontakte im Monat",
    "Minuten im Monat",
    "Themen im Monat",
    "Vermittlungen im Monat",
    "Ziele (Anzahl)",
    "Ziele überprüft",
    "Ziele erreicht",
    "Abschlussart",
    "Abschlussmonat",
)
CONTACT_HEADERS = ("Pseudonym", "Datum", "Kontaktart", "Dauer (Min.)", "Themen", "Kurzvermittlung")
GAP_HEADERS = ("Lebensbereich", "Was fehlt", "Pseudonym")
COARSENING_NOTE = (
    "Staatsangehörigkeit zu Region vergröbert, wo die Kombination Altersgruppe × Geschlecht × "
    "Staatsangehörigkeit weniger als dreimal vorkommt"
)

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="3B5B7A")
_BLOCK_FONT = Font(bold=True, color="3B5B7A")
_TITLE_FONT = Font(bold=True, size=14)


def month_title(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def write_workbook(report: MonthReport) -> bytes:
    """The finished workbook as bytes; nothing unencrypted touches the disk."""
    return save_to_bytes(report_workbook(report))


def report_workbook(report: MonthReport) -> Workbook:
    """The month's workbook as an openpyxl object (write_workbook saves it)."""
    book = Workbook()
    overview = book.active
    assert overview is not None
    overview.title = SHEET_OVERVIEW
    _overview(overview, report)
    _cases(book.create_sheet(SHEET_CASES), report)
    _contacts(book.create_sheet(SHEET_CONTACTS), report)
    _gaps(book.create_sheet(SHEET_GAPS), report)
    write_outcome_sheet(book.create_sheet(SHEET_OUTCOMES), report)
    write_system_sheet(book, report.system_work.figures)
    write_forms_sheet(book, report.sheets)
    meta = book.create_sheet(SHEET_META)
    for key, value in metadata(report):
        meta.append([key, value])
    meta.sheet_state = "hidden"
    book.properties.creator = "kimdesk"
    book.properties.title = f"KIM-CM Monatsbericht {month_title(report.month)}"
    # Printed for the coordinating office: the overview with its charts on one page.
    monthly_overview_charts(overview)
    tables = {title: "1:1" for title in (SHEET_CASES, SHEET_CONTACTS, SHEET_GAPS)}
    prepare_for_print(book, title_rows={SHEET_OVERVIEW: "1:3", **tables}, one_page={overview.title})
    return book


def metadata(report: MonthReport) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        ("layout", LAYOUT),
        ("layout_version", LAYOUT_VERSION),
        ("report_id", report.report_id),
        ("month", report.month),
        ("code", report.code),
        ("case_manager", report.case_manager),
        ("organisation", report.organisation),
        ("municipality", report.municipality),
        ("full_time_share", float(report.full_time_share)),
        ("created_at", report.created_at.isoformat()),
        ("active_cases", report.active_cases),
        ("admissions", report.admissions),
        ("not_admitted", report.not_admitted),
    ]
    rows += [(f"closures.{r.value}", report.closures[r]) for r in ClosureReason]
    rows += [("caseload_count", report.caseload_count), ("capacity", float(report.capacity))]
    rows += [(f"contacts.{s.value}", report.contacts_by_setting[s]) for s in Setting]
    rows += [("contacts_total", report.contacts_total), ("contact_minutes", report.contact_minutes)]
    rows += [(f"topics.{d.value}", report.topics[d]) for d in LifeDomain]
    rows += [(f"referrals.{d.value}", report.referrals[d]) for d in LifeDomain]
    rows += [("referrals.unknown", report.referrals[None]), ("gaps", len(report.gaps))]
    rows += referral_metadata(report)
    rows += report.system_work.metadata()
    rows += [(f"rows.{name}", n) for name, n in report.row_counts().items()]
    return rows


def referral_metadata(report: MonthReport) -> list[tuple[str, Any]]:
    """The referral follow-up's keys: where they stand, refusals by type, needs met."""
    figures = report.referral_figures
    rows: list[tuple[str, Any]] = [
        (f"referral_status.{s.value}", figures.by_status[s]) for s in ReferralStatus
    ]
    rows += [(f"referral_refusals.{d.value}", figures.refusals[d]) for d in LifeDomain]
    rows += [("referral_refusals.unknown", figures.refusals[None])]
    rows += [(f"referral_need_met.{n.value}", figures.need_met[n]) for n in NeedMet]
    return rows


def referral_blocks(report: MonthReport) -> list[tuple[str, list[tuple[str, Any]]]]:
    """The overview's referral blocks; only the service types that refused are named."""
    figures = report.referral_figures
    refused = [(german(d), figures.refusals[d]) for d in LifeDomain if figures.refusals[d]]
    if figures.refusals[None]:
        refused.append((privacy.UNKNOWN, figures.refusals[None]))
    return [
        (
            "Vermittlungen nach Stand am Monatsende (offen oder im Monat beendet)",
            [(german(s), figures.by_status[s]) for s in ReferralStatus],
        ),
        (
            "Abgelehnt oder abgebrochen im Monat, nach Angebotsart (Lebensbereich)",
            refused or [("keine", 0)],
        ),
        (
            "Im Monat beendete Vermittlungen: Bedarf gedeckt",
            [(german(n), figures.need_met[n]) for n in NeedMet],
        ),
    ]


def _overview(sheet: Worksheet, report: MonthReport) -> None:
    sheet["A1"] = f"KIM-CM Monatsbericht {month_title(report.month)}"
    sheet["A1"].font = _TITLE_FONT
    sheet.append([])
    sheet.append(["Kennzahl", "Wert"])
    _style_header(sheet, 3, 2)

    def block(title: str, lines: Sequence[tuple[str, Any]]) -> None:
        sheet.append([])
        sheet.append([title])
        sheet.cell(sheet.max_row, 1).font = _BLOCK_FONT
        for label, value in lines:
            sheet.append([label, value])

    block(
        "Allgemein",
        [
            ("Monat", month_title(report.month)),
            ("Case Manager*in", report.case_manager),
            ("Träger", report.organisation),
            ("Kommune/Kreis", report.municipality),
            ("Stellenanteil", float(report.full_time_share)),
            ("erstellt am", report.created_at),
        ],
    )
    sheet.cell(sheet.max_row, 2).number_format = "DD.MM.YYYY HH:MM"
    block(
        "Fälle",
        [
            ("Aktive Fälle am Monatsende", report.active_cases),
            ("Aufnahmen", report.admissions),
            ("nicht aufgenommen nach Screening/Erstberatung", report.not_admitted),
            *((f"Abschlüsse: {german(r)}", report.closures[r]) for r in ClosureReason),
            ("Fallzahl (Solingen-Regel) am Monatsende", report.caseload_count),
            ("Kapazität (50 × Stellenanteil)", float(report.capacity)),
        ],
    )
    block(
        "Kontakte",
        [
            *((f"Kontakte: {german(s)}", report.contacts_by_setting[s]) for s in Setting),
            ("Kontakte gesamt", report.contacts_total),
            ("Kontaktstunden gesamt", round(report.contact_minutes / 60, 1)),
        ],
    )
    by_count = sorted(LifeDomain, key=lambda d: (-report.topics[d], list(LifeDomain).index(d)))
    block(
        "Themen (Lebensbereiche) nach Häufigkeit",
        [(german(d), report.topics[d]) for d in by_count],
    )
    block(
        "Vermittlungen je Lebensbereich",
        [
            *((german(d), report.referrals[d]) for d in LifeDomain),
            (privacy.UNKNOWN, report.referrals[None]),
        ],
    )
    for title, lines in referral_blocks(report):
        block(title, lines)
    block("Angebotslücken", [("gemeldete Angebotslücken", len(report.gaps))])
    sheet.freeze_panes = "A4"
    sheet.column_dimensions["A"].width = 62
    sheet.column_dimensions["B"].width = 24
    for row in sheet.iter_rows(min_row=4, min_col=2, max_col=2):
        row[0].alignment = Alignment(horizontal="left")


def _table(
    sheet: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[int]
) -> None:
    sheet.append(list(headers))
    _style_header(sheet, 1, len(headers))
    for row in rows:
        sheet.append(list(row))
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _style_header(sheet: Worksheet, row: int, columns: int) -> None:
    for column in range(1, columns + 1):
        cell = sheet.cell(row, column)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def _choices(sheet: Worksheet, column: str, rows: int, values: Sequence[str]) -> None:
    """A drop-down where the coordinating office may correct a value."""
    if rows == 0:
        return
    listed = ",".join(v.replace(",", " ") for v in values)
    if len(listed) > 250:  # Excel's limit for an inline list
        return
    validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
    validation.add(f"{column}2:{column}{rows + 1}")
    sheet.add_data_validation(validation)


def _cases(sheet: Worksheet, report: MonthReport) -> None:
    rows = [
        (
            c.pseudonym,
            c.phase,
            c.admission_month,
            c.age_group,
            c.gender,
            c.nationality,
            c.residence_status,
            c.access_route,
            c.contacts,
            c.minutes,
            c.topics,
            c.referrals,
            c.goals,
            c.goals_reviewed,
            c.goals_achieved,
            c.closure,
            c.closure_month,
        )
        for c in report.cases
    ]
    widths = (14, 24, 14, 13, 12, 22, 30, 30, 10, 10, 40, 12, 10, 10, 10, 40, 14)
    _table(sheet, CASE_HEADERS, rows, widths)
    _choices(sheet, "D", len(rows), privacy.AGE_GROUPS)
    _choices(sheet, "E", len(rows), (*privacy.GENDERS.values(), privacy.UNKNOWN))
    if report.coarsened:
        sheet["F1"].comment = Comment(COARSENING_NOTE, "kimdesk")
        sheet.cell(len(rows) + 3, 1, f"Hinweis: {COARSENING_NOTE}.").font = Font(italic=True)


def _contacts(sheet: Worksheet, report: MonthReport) -> None:
    rows = [
        (c.pseudonym, c.on, c.setting, c.minutes, c.topics, "ja" if c.short_referral else "nein")
        for c in report.contacts
    ]
    _table(sheet, CONTACT_HEADERS, rows, (14, 12, 22, 12, 50, 16))
    for (cell,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.number_format = DATE_FORMAT
    _choices(sheet, "C", len(rows), [german(s) for s in Setting])
    _choices(sheet, "F", len(rows), ("ja", "nein"))


def _gaps(sheet: Worksheet, report: MonthReport) -> None:
    rows = [(g.domain, g.description, g.pseudonym) for g in report.gaps]
    _table(sheet, GAP_HEADERS, rows, (34, 80, 14))
    for (cell,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def bare_workbook(report: MonthReport) -> bytes:
    """The same cell values without any styling or validation (benchmark baseline)."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, headers, rows in _plain_tables(report):
        sheet = book.create_sheet(title)
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
    meta = book.create_sheet(SHEET_META)
    for key, value in metadata(report):
        meta.append([key, value])
    return save_to_bytes(book)


def _plain_tables(report: MonthReport) -> list[tuple[str, Sequence[str], list[Sequence[Any]]]]:
    return [
        (SHEET_CASES, CASE_HEADERS, [tuple(vars(c).values()) for c in report.cases]),
        (
            SHEET_CONTACTS,
            CONTACT_HEADERS,
            [
                (
                    c.pseudonym,
                    c.on,
                    c.setting,
                    c.minutes,
                    c.topics,
                    "ja" if c.short_referral else "nein",
                )
                for c in report.contacts
            ],
        ),
        (SHEET_GAPS, GAP_HEADERS, [(g.domain, g.description, g.pseudonym) for g in report.gaps]),
    ]


__all__ = [
    "LAYOUT",
    "LAYOUT_VERSION",
    "bare_workbook",
    "metadata",
    "report_workbook",
    "write_workbook",
]
