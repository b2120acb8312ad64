"""The coordinating office's merge: many case managers' monthly reports, one district overview.

Reads workbooks of the fixed monthly-report layout (encrypted ones with their passwords),
checks the layout, counts every report once and writes the district workbook. Case rows are
never copied: pseudonyms of different case managers stay apart, only counts travel.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kimdesk.domain.referral_status import NeedMet, ReferralStatus
from kimdesk.domain.vocabulary import ClosureReason, Labelled, LifeDomain, Setting
from kimdesk.errors import BadInput
from kimdesk.file_limits import FileTooLarge, capped_rows, check_file_size, check_xlsx_archive
from kimdesk.i18n import N_, _
from kimdesk.report import outcomes_merge, system_work
from kimdesk.report.sending import write_atomically
from kimdesk.report.workbook import CASE_HEADERS, CONTACT_HEADERS, GAP_HEADERS
from kimdesk.report.workbook_print import district_overview_charts, prepare_for_print
from kimdesk.report.xlsx import save_to_bytes

LAYOUT = "kimdesk-monatsbericht"
LAYOUT_VERSION = 1
META_SHEET = "_kimdesk"
# Sheet name -> the headers its table must carry (in any order; a trailing "(…)" is allowed).
TABLE_HEADERS: dict[str, tuple[str, ...]] = {
    "Fälle": CASE_HEADERS,
    "Termine": CONTACT_HEADERS,
    "Angebotslücken": GAP_HEADERS,
}
SHEETS = ("Übersicht", *TABLE_HEADERS, META_SHEET)
# Keys describing the report rather than counting something.
META_KEYS = frozenset(
    {
        "layout",
        "layout_version",
        "report_id",
        "month",
        "code",
        "case_manager",
        "organisation",
        "municipality",
        "full_time_share",
        "created_at",
    }
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML lives in an OLE container


@dataclass(frozen=True)
class GapRow:
    """A service gap as reported: life domain label, what is missing, the case's pseudonym."""

    domain: str
    description: str
    pseudonym: str


@dataclass(frozen=True)
class Report:
    """One case manager's monthly report, read and checked."""

    source: str  # the file name, for messages
    report_id: str
    month: str  # "YYYY-MM"
    code: str
    case_manager: str
    organisation: str
    municipality: str
    full_time_share: float
    created_at: datetime
    figures: dict[str, float]  # every numeric key of _kimdesk except the meta keys
    gaps: tuple[GapRow, ...]
    # The sheet Ergebnisse; None in a report of an older kimdesk (kimdesk.report.outcomes_merge)
    outcomes: outcomes_merge.ReportOutcomes | None = None

    def figure(self, key: str) -> float:
        return self.figures.get(key, 0)

    def sum_of(self, prefix: str) -> float:
        return sum(value for key, value in self.figures.items() if key.startswith(prefix))


@dataclass(frozen=True)
class Supersession:
    """Two different reports of one case manager and month: the newer one counts."""

    code: str
    kept: str
    dropped: str


@dataclass(frozen=True)
class Merged:
    month: str
    reports: tuple[Report, ...]  # the reports that count, ordered by code
    totals: dict[str, float]  # every numeric key summed over the reports that count
    duplicates: tuple[str, ...]  # files given again (same report_id), counted once
    superseded: tuple[Supersession, ...]

    @property
    def full_time_share(self) -> float:
        return sum(report.full_time_share for report in self.reports)

    def notes(self) -> list[str]:
        """What the merge decided, in words for the coordinating office."""
        lines = [
            _("{file} contains a report that was already given; it is counted once.").format(
                file=name
            )
            for name in self.duplicates
        ]
        lines += [
            _(
                "Two reports of {code} for this month: the newer one ({kept}) counts, "
                "the older one ({dropped}) is left out."
            ).format(code=item.code, kept=item.kept, dropped=item.dropped)
            for item in self.superseded
        ]
        lines += outcomes_merge.outcome_notes(self.reports)
        return lines


# -- reading ---------------------------------------------------------------------------------


def read_report(path: Path, passwords: Sequence[str] = ()) -> Report:
    """Read and check one monthly report; BadInput names the file and the problem."""
    name = path.name
    try:
        check_file_size(path)
        data = path.read_bytes()
        if data.startswith(_OLE_MAGIC):
            data = _decrypt(data, passwords, name)
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise BadInput(_("{file} is not an Excel workbook (.xlsx).").format(file=name))
        check_xlsx_archive(data)  # before parsing: a crafted archive would fill the memory
    except OSError:
        raise BadInput(_("{file} cannot be read.").format(file=name)) from None
    except FileTooLarge as error:
        raise FileTooLarge(f"{name}: {error}") from None
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it skips
            # Not data_only: kimdesk writes no formulas, and a text beginning with "=" that an
            # older kimdesk stored as a formula (without a value) is read back as that text.
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on damaged packages
        raise BadInput(
            _("{file} cannot be read as an Excel workbook (.xlsx); it may be damaged.").format(
                file=name
            )
        ) from None
    try:
        return _parse(workbook, name)
    except BadInput:
        raise
    except Exception:
        raise BadInput(
            _("{file} cannot be read as an Excel workbook (.xlsx); it may be damaged.").format(
                file=name
            )
        ) from None
    finally:
        workbook.close()


def _decrypt(data: bytes, passwords: Sequence[str], name: str) -> bytes:
    import msoffcrypto

    try:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        encrypted = office.is_encrypted()
    except Exception:
        raise BadInput(_("{file} is not an Excel workbook (.xlsx).").format(file=name)) from None
    if not encrypted:
        raise BadInput(_("{file} is not an Excel workbook (.xlsx).").format(file=name))
    if not passwords:
        raise BadInput(_("{file} is encrypted, but no password was given.").format(file=name))
    for password in passwords:
        out = io.BytesIO()
        try:
            office = msoffcrypto.OfficeFile(io.BytesIO(data))
            office.load_key(password=password)
            office.decrypt(out)
        except Exception:  # msoffcrypto signals a wrong key by several exception types
            continue
        return out.getvalue()
    raise BadInput(
        _("{file} is encrypted and none of the given passwords opens it.").format(file=name)
    )


def _parse(workbook: Any, name: str) -> Report:
    if META_SHEET not in workbook.sheetnames:
        raise BadInput(
            _(
                "{file} is not a kimdesk monthly report: its layout is unknown "
                "(the sheet {sheet} is missing)."
            ).format(file=name, sheet=META_SHEET)
        )
    meta = _key_values(workbook[META_SHEET])
    if meta.get("layout") != LAYOUT:
        raise BadInput(
            _("{file} has an unknown layout ({layout}); expected is {expected}.").format(
                file=name, layout=meta.get("layout") or "?", expected=LAYOUT
            )
        )
    if meta.get("layout_version") != LAYOUT_VERSION:
        raise BadInput(
            _(
                "{file} has layout version {version}, which this kimdesk does not know "
                "(it reads version {expected}). Please update kimdesk."
            ).format(file=name, version=meta.get("layout_version"), expected=LAYOUT_VERSION)
        )
    for sheet in SHEETS:
        if sheet not in workbook.sheetnames:
            raise BadInput(
                _("{file}: the sheet {sheet} is missing.").format(file=name, sheet=sheet)
            )
    system_work.check_sheet(workbook, name, meta)
    columns = {
        sheet: _header(workbook[sheet], headers, name, sheet)
        for sheet, headers in TABLE_HEADERS.items()
    }
    return Report(
        source=name,
        report_id=_text(meta, "report_id", name),
        month=_month(meta, name),
        code=_text(meta, "code", name),
        case_manager=str(meta.get("case_manager") or ""),
        organisation=str(meta.get("organisation") or ""),
        municipality=str(meta.get("municipality") or ""),
        full_time_share=_number(meta.get("full_time_share")),
        created_at=_created_at(meta, name),
        figures={
            key: value for key, value in meta.items() if key not in META_KEYS and _is_number(value)
        },
        gaps=tuple(_gap_rows(workbook["Angebotslücken"], columns["Angebotslücken"])),
        outcomes=outcomes_merge.read_outcomes(workbook, name),
    )


def _key_values(sheet: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for row in sheet.iter_rows(min_col=1, max_col=2, values_only=True):
        if row and isinstance(row[0], str) and row[0].strip():
            values[row[0].strip()] = row[1] if len(row) > 1 else None
    return values


def _normal(value: Any) -> str:
    return " ".join(str(value).split()).casefold() if value is not None else ""


def _header(sheet: Any, expected: tuple[str, ...], name: str, title: str) -> dict[str, int]:
    """Column index per expected header, from the first of the top rows that holds them."""
    for row in sheet.iter_rows(min_row=1, max_row=3, values_only=True):
        cells = [_normal(value) for value in row]
        found: dict[str, int] = {}
        for header in expected:
            want = _normal(header)
            for index, cell in enumerate(cells):
                if cell == want or cell.startswith(want + " ("):
                    found[header] = index
                    break
        if len(found) == len(expected):
            return found
    raise BadInput(
        _("{file}: the sheet {sheet} does not have the expected columns.").format(
            file=name, sheet=title
        )
    )


def _gap_rows(sheet: Any, columns: dict[str, int]) -> Iterator[GapRow]:
    started = False
    for row in capped_rows(sheet.iter_rows(values_only=True)):
        cells = [_normal(value) for value in row]
        if not started:
            started = _normal("Lebensbereich") in cells and _normal("Was fehlt") in cells
            continue

        def cell(header: str, row: tuple[Any, ...] = row) -> str:
            index = columns[header]
            value = row[index] if index < len(row) else None
            # Not stripped: a gap text is carried through exactly as it was reported.
            return "" if value is None else str(value)

        if cell("Lebensbereich").strip() or cell("Was fehlt").strip():
            yield GapRow(cell("Lebensbereich"), cell("Was fehlt"), cell("Pseudonym"))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number(value: Any) -> float:
    return value if _is_number(value) else 0.0


def _text(meta: dict[str, Any], key: str, name: str) -> str:
    value = meta.get(key)
    if value is None or not str(value).strip():
        raise BadInput(
            _("{file}: the entry {key} is missing in the sheet {sheet}.").format(
                file=name, key=key, sheet=META_SHEET
            )
        )
    return str(value).strip()


def _month(meta: dict[str, Any], name: str) -> str:
    month = _text(meta, "month", name)
    try:
        datetime.strptime(month, "%Y-%m")
    except ValueError:
        raise BadInput(
            _("{file}: the month {month} is not in the form YYYY-MM.").format(
                file=name, month=month
            )
        ) from None
    return month


def _created_at(meta: dict[str, Any], name: str) -> datetime:
    value = meta.get("created_at")
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(_text(meta, "created_at", name))
        except ValueError:
            raise BadInput(
                _("{file}: the creation time is not readable.").format(file=name)
            ) from None
    # Compare local wall-clock times: some exporters may write an offset, others none.
    return value.astimezone().replace(tzinfo=None) if value.tzinfo else value


# -- merging ---------------------------------------------------------------------------------


def merge_reports(reports: Iterable[Report]) -> Merged:
    """Sum the reports of one month, each counted once; the newer of a code's reports wins."""
    given = list(reports)
    if not given:
        raise BadInput(_("No reports were given."))
    months = sorted({report.month for report in given})
    if len(months) > 1:
        raise BadInput(
            _("The reports are for different months ({months}); merge one month at a time.").format(
                months=", ".join(months)
            )
        )
    by_id: dict[str, Report] = {}
    duplicates: list[str] = []
    for report in given:
        if report.report_id in by_id:
            duplicates.append(report.source)
        else:
            by_id[report.report_id] = report
    by_code: dict[str, Report] = {}
    superseded: list[Supersession] = []
    for report in by_id.values():
        other = by_code.get(report.code)
        if other is None:
            by_code[report.code] = report
            continue
        newer, older = (report, other) if report.created_at >= other.created_at else (other, report)
        by_code[report.code] = newer
        superseded.append(Supersession(report.code, kept=newer.source, dropped=older.source))
    counted = tuple(sorted(by_code.values(), key=lambda r: (r.code, r.source)))
    totals: dict[str, float] = {}
    for report in counted:
        for key, value in report.figures.items():
            totals[key] = totals.get(key, 0) + value
    return Merged(months[0], counted, totals, tuple(duplicates), tuple(superseded))


# -- writing ---------------------------------------------------------------------------------


_MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
_SIMPLE_KEYS = {
    "active_cases": N_("Active cases at month end"),
    "admissions": N_("Admissions"),
    "not_admitted": N_("Not admitted after screening or first counselling"),
    "caseload_count": N_("Caseload count (Solingen rule) at month end"),
    "capacity": N_("Capacity (50 × full-time share)"),
    "contacts_total": N_("Contacts in total"),
    "contact_minutes": N_("Contact minutes in total"),
    "gaps": N_("Service gaps reported"),
    "rows.cases": N_("Rows in the sheet Fälle"),
    "rows.contacts": N_("Rows in the sheet Termine"),
    "rows.gaps": N_("Rows in the sheet Angebotslücken"),
}
_GROUPS: tuple[tuple[str, type[Labelled], str], ...] = (
    ("closures.", ClosureReason, N_("Closures: {label}")),
    ("contacts.", Setting, N_("Contacts: {label}")),
    ("topics.", LifeDomain, N_("Topics: {label}")),
    ("referrals.", LifeDomain, N_("Referrals: {label}")),
    ("referral_status.", ReferralStatus, N_("Referrals at month end: {label}")),
    ("referral_refusals.", LifeDomain, N_("Refused or broken off, type of service: {label}")),
    ("referral_need_met.", NeedMet, N_("Referrals ended, need met: {label}")),
)
_KEY_ORDER = (
    "active_cases",
    "admissions",
    "not_admitted",
    *(f"closures.{reason.value}" for reason in ClosureReason),
    "caseload_count",
    "capacity",
    *(f"contacts.{setting.value}" for setting in Setting),
    "contacts_total",
    "contact_minutes",
    *(f"topics.{domain.value}" for domain in LifeDomain),
    *(f"referrals.{domain.value}" for domain in LifeDomain),
    "referrals.unknown",
    *(f"referral_status.{status.value}" for status in ReferralStatus),
    *(f"referral_refusals.{domain.value}" for domain in LifeDomain),
    "referral_refusals.unknown",
    *(f"referral_need_met.{need.value}" for need in NeedMet),
    "gaps",
    "rows.cases",
    "rows.contacts",
    "rows.gaps",
)
_HEADER_FILL = "E8ECF1"
_DATE_TIME = "DD.MM.YYYY HH:MM"
_PERCENT = "0.0 %"
_DECIMAL = "0.0#"


def month_title(month: str) -> str:
    """ "2026-11" -> "November 2026" in the UI language."""
    year, number = month.split("-")
    return f"{_(_MONTHS[int(number) - 1])} {year}"


def key_label(key: str) -> str:
    """The readable name of a numeric key of the _kimdesk sheet; unknown keys stay as they are."""
    if key in _SIMPLE_KEYS:
        return _(_SIMPLE_KEYS[key])
    if key == "referrals.unknown":
        return _("Referrals: life domain unknown")
    if key == "referral_refusals.unknown":
        return _("Refused or broken off, type of service unknown")
    for prefix, vocabulary, template in _GROUPS:
        if key.startswith(prefix):
            value = key.removeprefix(prefix)
            return _(template).format(label=_label_of(vocabulary, value))
    return key


def _label_of(vocabulary: type[Labelled], value: str) -> str:
    """A stored key's label; a key this kimdesk does not know is shown as it is."""
    known = {member.value: member for member in vocabulary}
    return known[value].label if value in known else value


def _ordered_keys(keys: Iterable[str]) -> list[str]:
    known = set(keys)
    return [k for k in _KEY_ORDER if k in known] + sorted(known - set(_KEY_ORDER))


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _table(
    workbook: Any,
    title: str,
    headers: list[str],
    rows: list[list[Any]],
    widths: list[int],
    formats: dict[int, str] | None = None,
) -> Any:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(row)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column, number_format in (formats or {}).items():
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = number_format
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 2)}"
    return sheet


def _district_rows(merged: Merged) -> list[list[Any]]:
    totals = merged.totals
    caseload, capacity = totals.get("caseload_count", 0), totals.get("capacity", 0)
    rows: list[list[Any]] = [
        [_("Month"), month_title(merged.month), "month"],
        [_("Reports"), len(merged.reports), "reports"],
        [_("Case managers"), ", ".join(r.code for r in merged.reports), "codes"],
        [_("Full-time shares in total"), merged.full_time_share, "full_time_share"],
        [_("Caseload count against capacity"), _ratio(caseload, capacity), "utilisation"],
        [_("Contact hours in total"), _hours(totals.get("contact_minutes", 0)), "contact_hours"],
    ]
    # The system-work keys have their own sheet; listed here they would crowd the overview.
    keys = [key for key in _ordered_keys(totals) if not key.startswith(system_work.PREFIX)]
    rows += [[key_label(key), totals[key], key] for key in keys]
    return rows


def _manager_rows(merged: Merged) -> list[list[Any]]:
    return [
        [
            r.code,
            r.case_manager,
            r.organisation,
            r.municipality,
            r.full_time_share,
            r.figure("active_cases"),
            r.figure("admissions"),
            r.sum_of("closures."),
            r.figure("caseload_count"),
            r.figure("capacity"),
            _ratio(r.figure("caseload_count"), r.figure("capacity")),
            r.figure("contacts_total"),
            _hours(r.figure("contact_minutes")),
            r.created_at,
            r.source,
        ]
        for r in merged.reports
    ]


def _topic_rows(merged: Merged) -> list[list[Any]]:
    topics = {
        k.removeprefix("topics."): v for k, v in merged.totals.items() if k.startswith("topics.")
    }
    whole = sum(topics.values())
    rows: list[list[Any]] = [
        [
            _label_of(LifeDomain, key),
            count,
            _ratio(count, whole),
            merged.totals.get(f"referrals.{key}", 0),
        ]
        for key, count in topics.items()
    ]
    rows.sort(key=lambda row: (-row[1], row[0]))
    return rows


def build_workbook(merged: Merged) -> Any:
    """The district overview as an openpyxl workbook (see write_merged)."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    rows = _district_rows(merged)
    district = _table(workbook, "Bezirk", [_("Figure"), _("Value"), _("Key")], rows, [52, 18, 30])
    for row, excel_row in zip(rows, district.iter_rows(min_row=2), strict=True):
        key = row[2]
        if key == "utilisation":
            excel_row[1].number_format = _PERCENT
        elif key in {"full_time_share", "contact_hours"}:
            excel_row[1].number_format = _DECIMAL
    notes = merged.notes()
    if notes:
        district.append([])
        district.append([_("Notes")])
        district.cell(district.max_row, 1).font = Font(bold=True)
        for note in notes:
            district.append([note])
    _table(
        workbook,
        "Case Manager",
        [
            _("Code"),
            _("Case manager"),
            _("Organisation"),
            _("Municipality/district"),
            _("Full-time share"),
            _("Active cases"),
            _("Admissions"),
            _("Closures"),
            _("Caseload count"),
            _("Capacity"),
            _("Utilisation"),
            _("Contacts"),
            _("Contact hours"),
            _("Created on"),
            _("File"),
        ],
        _manager_rows(merged),
        [10, 24, 24, 22, 12, 12, 12, 12, 12, 12, 12, 12, 14, 18, 44],
        {5: _DECIMAL, 11: _PERCENT, 13: _DECIMAL, 14: _DATE_TIME},
    )
    _table(
        workbook,
        "Themen",
        [_("Life domain"), _("Mentions"), _("Share"), _("Referrals")],
        _topic_rows(merged),
        [46, 12, 12, 14],
        {3: _PERCENT},
    )
    gaps = _table(
        workbook,
        "Angebotslücken",
        [_("Code"), _("Life domain"), _("What is missing"), _("Pseudonym")],
        [
            [r.code, gap.domain, gap.description, gap.pseudonym]
            for r in merged.reports
            for gap in r.gaps
        ],
        [10, 30, 70, 16],
    )
    from openpyxl.styles import Alignment

    for (cell,) in gaps.iter_rows(min_row=2, min_col=3, max_col=3):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    # Printed like the monthly report: the district's figures with their charts on one page.
    system_work.district_sheet(workbook, merged)
    outcomes_merge.write_district_outcomes(workbook, merged.reports)
    district_overview_charts(district)
    titles = {sheet.title: "1:1" for sheet in workbook.worksheets}
    prepare_for_print(workbook, title_rows=titles, one_page={district.title})
    return workbook


def write_merged(merged: Merged) -> bytes:
    """The district workbook (sheets Bezirk, Case Manager, Themen, Angebotslücken) as bytes."""
    # In memory, and the gap texts stay text however they begin.
    return save_to_bytes(build_workbook(merged))


def save_atomically(data: bytes, path: Path) -> None:
    """Write via a temp file in the target folder, so a half-written file never appears;
    an existing district workbook is replaced."""
    write_atomically(path, data, overwrite=True)


def merge_files(paths: Sequence[Path], passwords: Sequence[str], out: Path) -> Merged:
    """Read, check and merge the reports, then write the district workbook to ``out``."""
    if out.resolve() in {path.resolve() for path in paths}:
        raise BadInput(_("The overview would overwrite one of the reports; choose another name."))
    merged = merge_reports(read_report(path, passwords) for path in paths)
    save_atomically(write_merged(merged), out)
    return merged


def _hours(minutes: float) -> float:
    return round(minutes / 60, 1)
