"""The monthly report as an .xlsx workbook in memory, in the fixed layout that the
coordinating office's merge relies on: openpyxl write-only sheets, each row styled as it is
written and compressed into the package at once (kimdesk.report.xlsx), so that no cell is
kept. openpyxl loads when a workbook is written, not when this module is imported."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from kimdesk.domain.referral_status import NeedMet, ReferralStatus
from kimdesk.domain.vocabulary import ClosureReason, LifeDomain, Setting
from kimdesk.report import privacy
from kimdesk.report.month import MonthReport, german

if TYPE_CHECKING:
    from kimdesk.report.xlsx import StreamedWorkbook

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

# C: the gap before the charts in D, openpyxl's default width of a column it is asked about.
OVERVIEW_WIDTHS = {"A": 62, "B": 24, "C": 13}
CASE_WIDTHS = (14, 24, 14, 13, 12, 22, 30, 30, 10, 10, 40, 12, 10, 10, 10, 40, 14)
CONTACT_WIDTHS = (14, 12, 22, 12, 50, 16)
GAP_WIDTHS = (34, 80, 14)


@cache
def styles() -> SimpleNamespace:
    """The workbook's fonts, fill and alignments, made once; every font is named, as the
    print setup wants it (workbook_print.FONT_NAME), since a written cell cannot be changed."""
    from openpyxl.styles import Alignment, Font, PatternFill

    from kimdesk.report.workbook_print import FONT_NAME

    return SimpleNamespace(
        header_font=Font(name=FONT_NAME, bold=True, color="FFFFFF"),
        header_fill=PatternFill("solid", fgColor="3B5B7A"),
        header_alignment=Alignment(vertical="center", wrap_text=True),
        block_font=Font(name=FONT_NAME, bold=True, color="3B5B7A"),
        title_font=Font(name=FONT_NAME, bold=True, size=14),
        note_font=Font(name=FONT_NAME, italic=True),
        left=Alignment(horizontal="left"),
        wrap_top=Alignment(wrap_text=True, vertical="top"),
    )


def month_title(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def write_workbook(report: MonthReport) -> bytes:
    """The finished workbook as bytes; nothing unencrypted touches the disk."""
    from kimdesk.report.xlsx import save_to_bytes

    return save_to_bytes(report_workbook(report))


def report_workbook(report: MonthReport) -> StreamedWorkbook:
    """The month's workbook, its sheets written and compressed already; write_workbook (or
    kimdesk.report.xlsx.save_to_bytes, once) finishes the package."""
    from kimdesk.report.outcomes_sheet import write_outcome_sheet
    from kimdesk.report.sheets_out import write_sheet as write_forms_sheet
    from kimdesk.report.system_work import write_sheet as write_system_sheet
    from kimdesk.report.workbook_print import print_setup
    from kimdesk.report.xlsx import StreamedWorkbook, stream_sheet, used_range

    book = StreamedWorkbook()
    book.properties.creator = "kimdesk"
    book.properties.title = f"KIM-CM Monatsbericht {month_title(report.month)}"
    try:
        # The sheets in their order, each finished before the next begins: printed for the
        # coordinating office, the overview with its charts on one page.
        _overview(book, report)
        _cases(book, report)
        _contacts(book, report)
        _gaps(book, report)
        write_outcome_sheet(book, report)
        write_system_sheet(book, report.system_work.figures)
        write_forms_sheet(book, report.sheets)
        rows = [list(row) for row in metadata(report)]
        meta = stream_sheet(book, SHEET_META, used_range(rows))
        meta.sheet_state = "hidden"
        print_setup(meta)
        for row in rows:
            meta.append(row)
    except BaseException:
        book.close()
        raise
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


def overview_lines(report: MonthReport) -> list[list[Any]]:
    """The overview's rows below its title, as values: the header, then the blocks."""
    lines: list[list[Any]] = [[], ["Kennzahl", "Wert"]]

    def block(title: str, rows: Sequence[tuple[str, Any]]) -> None:
        lines.append([])
        lines.append([title])
        lines.extend([label, value] for label, value in rows)

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
    for title, rows in referral_blocks(report):
        block(title, rows)
    block("Angebotslücken", [("gemeldete Angebotslücken", len(report.gaps))])
    return lines


def _overview(book: StreamedWorkbook, report: MonthReport) -> None:
    """The overview: the rows are laid out in full first (row heights, the label column's
    width, the charts' ranges), since a write-only sheet cannot be read back."""
    from kimdesk.report.workbook_print import (
        MONTHLY_CHART_COLUMN,
        add_charts,
        compact_heights,
        label_width,
        monthly_charts,
        print_setup,
    )
    from kimdesk.report.xlsx import stream_sheet, styled

    look = styles()
    values: list[list[Any]] = [[f"KIM-CM Monatsbericht {month_title(report.month)}"]]
    values += overview_lines(report)
    # The largest font of each row's filled cells: the title's 14 pt, else the 11 pt default.
    sizes = [
        None if not row else 14.0 if number == 1 else 11.0
        for number, row in enumerate(values, start=1)
    ]
    heights = compact_heights(sizes, [None] * len(values))
    column_a = [row[0] if row else None for row in values]
    sheet = stream_sheet(book, SHEET_OVERVIEW, f"A1:B{len(values)}")
    sheet.column_dimensions["A"].width = label_width(column_a[1:], OVERVIEW_WIDTHS["A"])
    for column in "BC":
        sheet.column_dimensions[column].width = OVERVIEW_WIDTHS[column]
    sheet.freeze_panes = "A4"
    print_setup(sheet, title_rows="1:3", one_page=True)
    for number, (row, height) in enumerate(zip(values, heights, strict=True), start=1):
        if height is not None:
            sheet.row_dimensions[number].height = height
        if number == 1:
            cells = [styled(sheet, row[0], font=look.title_font)]
        elif number == 3:
            cells = [_header_cell(sheet, value) for value in row]
        elif number < 3:
            cells = row
        else:  # below the header, the values stand left, beside their labels
            label = row[0] if row else None
            value = row[1] if len(row) > 1 else None
            stamp = "DD.MM.YYYY HH:MM" if label == "erstellt am" else None
            first = styled(sheet, label, font=look.block_font) if len(row) == 1 else label
            cells = [first, styled(sheet, value, alignment=look.left, number_format=stamp)]
        sheet.append(cells)
    add_charts(sheet, monthly_charts(column_a), column=MONTHLY_CHART_COLUMN, last_row=len(values))


def _header_cell(sheet: Any, value: Any) -> Any:
    from kimdesk.report.xlsx import styled

    look = styles()
    return styled(
        sheet,
        value,
        font=look.header_font,
        fill=look.header_fill,
        alignment=look.header_alignment,
    )


def _table(
    book: StreamedWorkbook,
    title: str,
    headers: Sequence[str],
    count: int,
    rows: Callable[[Any], Iterable[Sequence[Any]]],
    widths: Sequence[int],
    *,
    note: str = "",
    comment: tuple[int, str] | None = None,
    choices: Sequence[tuple[str, Sequence[str]]] = (),
) -> Any:
    """A table sheet with its header styled, frozen and filtered, widths, drop-downs, print
    titles, a ``comment`` (column, text) on a header cell and a ``note`` two rows below.
    ``rows(sheet)`` gives the ``count`` rows, made one at a time (a styled cell needs its
    sheet), appended as they come."""
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter

    from kimdesk.report.workbook_print import print_setup
    from kimdesk.report.xlsx import stream_sheet, styled

    last = get_column_letter(len(headers))
    end = count + 3 if note else count + 1
    sheet = stream_sheet(book, title, f"A1:{last}{end}")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{max(1, count + 1)}"
    for column, values in choices:
        _choices(sheet, column, count, values)
    print_setup(sheet, title_rows="1:1")
    header = [_header_cell(sheet, value) for value in headers]
    if comment is not None:
        header[comment[0] - 1].comment = Comment(comment[1], "kimdesk")
    sheet.append(header)
    for row in rows(sheet):
        sheet.append(row)
    if note:
        sheet.append([])
        sheet.append([styled(sheet, note, font=styles().note_font)])
    return sheet


def _choices(sheet: Any, column: str, rows: int, values: Sequence[str]) -> None:
    """A drop-down where the coordinating office may correct a value."""
    from openpyxl.worksheet.datavalidation import DataValidation

    if rows == 0:
        return
    listed = ",".join(v.replace(",", " ") for v in values)
    if len(listed) > 250:  # Excel's limit for an inline list
        return
    validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
    validation.add(f"{column}2:{column}{rows + 1}")
    sheet.data_validations.append(validation)  # add_data_validation, also write-only


def _cases(book: StreamedWorkbook, report: MonthReport) -> None:
    rows = report.cases  # a CaseLine is a tuple of the sheet's columns in their order
    _table(
        book,
        SHEET_CASES,
        CASE_HEADERS,
        len(rows),
        lambda _sheet: rows,
        CASE_WIDTHS,
        note=f"Hinweis: {COARSENING_NOTE}." if report.coarsened else "",
        comment=(6, COARSENING_NOTE) if report.coarsened else None,  # on F1
        choices=(
            ("D", privacy.AGE_GROUPS),
            ("E", (*privacy.GENDERS.values(), privacy.UNKNOWN)),
        ),
    )


def _contacts(book: StreamedWorkbook, report: MonthReport) -> None:
    from kimdesk.report.xlsx import styled

    def rows(sheet: Any) -> Iterator[Sequence[Any]]:
        # The date styled, as write-only openpyxl styles any date: one cell for every row, as
        # each row is written out before the next is made (a styled cell per contact cost
        # more than writing it).
        on = styled(sheet, None, number_format=DATE_FORMAT)
        for c in report.contacts:
            on.value = c.on
            yield (c.pseudonym, on, c.setting, c.minutes, c.topics, _yes(c.short_referral))

    _table(
        book,
        SHEET_CONTACTS,
        CONTACT_HEADERS,
        len(report.contacts),
        rows,
        CONTACT_WIDTHS,
        choices=(("C", [german(s) for s in Setting]), ("F", ("ja", "nein"))),
    )


def _yes(flag: bool) -> str:
    return "ja" if flag else "nein"


def _gaps(book: StreamedWorkbook, report: MonthReport) -> None:
    from kimdesk.report.xlsx import styled

    def rows(sheet: Any) -> Iterator[Sequence[Any]]:
        wrap = styles().wrap_top
        for g in report.gaps:
            yield (g.domain, styled(sheet, g.description, alignment=wrap), g.pseudonym)

    _table(book, SHEET_GAPS, GAP_HEADERS, len(report.gaps), rows, GAP_WIDTHS)


def bare_workbook(report: MonthReport) -> bytes:
    """The same cell values with bare openpyxl in write-only mode, as its documentation
    shows it (no styles, widths, filters, validation or comments; its rows staged in
    temporary files): the benchmark's baseline, never a report."""
    import io

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, headers, rows in _plain_tables(report):
        sheet = book.create_sheet(title)
        sheet.append(list(headers))
        for row in rows:
            sheet.append(list(row))
    meta = book.create_sheet(SHEET_META)
    for key, value in metadata(report):
        meta.append([key, value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain_tables(report: MonthReport) -> list[tuple[str, Sequence[str], list[Sequence[Any]]]]:
    return [
        (SHEET_CASES, CASE_HEADERS, [tuple(c) for c in report.cases]),
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
