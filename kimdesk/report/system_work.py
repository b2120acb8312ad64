"""System work in the monthly report and its merge, counts only: generative themes by life
domain and status with the number of linked cases, service gaps and interface problems noted
in the month, network time by kind; the sheet "Systemarbeit" that shows them.

The figures travel as keys of the hidden sheet _kimdesk (prefix ``system.``), so the merge
sums them like every other key; the sheet is written from those keys alone, so the monthly
and the district workbook show the same table. A report made before this sheet existed has
no ``system.`` keys: the merge counts it as zero and says so on the district sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.errors import BadInput
from kimdesk.i18n import _
from kimdesk.network_time import NetworkKind, entries, minutes_by_kind
from kimdesk.service_gaps import GapKind, gaps
from kimdesk.themes import ThemeStatus, themes

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from kimdesk.caseload import Caseload

PREFIX = "system."
SHEET = "Systemarbeit"
UNKNOWN_KEY = "unknown"
MARK = f"{PREFIX}reports"  # 1 in every report that has the sheet; summed: how many had it

# German, whatever the UI language: the workbook's layout is fixed (as in workbook.py).
STATUS_DE = {
    ThemeStatus.OBSERVED: "beobachtet",
    ThemeStatus.REPORTED: "an Koordinierung gemeldet",
    ThemeStatus.IN_WORK: "in Bearbeitung",
    ThemeStatus.SOLVED: "gelöst",
}
KIND_DE = {
    NetworkKind.NETWORK: "Netzwerkarbeit",
    NetworkKind.CONFERENCE: "Konferenzen",
    NetworkKind.WORKING_GROUP: "Arbeitskreise und -gruppen",
}
THEME_HEADERS = (
    "Generative Themen am Monatsende: Lebensbereich",
    *STATUS_DE.values(),
    "Themen gesamt",
    "verknüpfte Fälle",
)
GAP_HEADERS = (
    "Im Monat erfasst: Lebensbereich",
    "Angebotslücken",
    "Schnittstellenprobleme",
    "Angebotslücken aus Hilfeplänen",
)
NETWORK_HEADERS = ("Netzwerk- und Systemarbeit im Monat", "Einträge", "Minuten", "Stunden")
TABLES = (THEME_HEADERS, GAP_HEADERS, NETWORK_HEADERS)
GAP_NOTE = (
    "Hinweis: Die Angebotslücken aus Hilfeplänen stehen einzeln im Blatt „Angebotslücken“; "
    "die erfassten Angebotslücken und Schnittstellenprobleme kommen aus dem Katalog der "
    "Systemarbeit. Dieselbe Lücke kann in beiden gezählt sein: die Spalten nicht addieren."
)

_DOMAIN_KEYS = (*(d.value for d in LifeDomain), UNKNOWN_KEY)
_HEADER_COLOURS = ("FFFFFF", "3B5B7A")  # as the other sheets of the workbook


@dataclass(frozen=True)
class SystemWorkFigures:
    """The month's system-work figures as ``system.`` keys of the _kimdesk sheet."""

    figures: Mapping[str, int] = field(default_factory=dict)

    def metadata(self) -> list[tuple[str, int]]:
        return list(self.figures.items())


def _domain_key(domain: LifeDomain | None) -> str:
    return domain.value if domain else UNKNOWN_KEY


def gather_system_work(
    caseload: Caseload, start: date, end: date, plan_gap_domains: Iterable[str] = ()
) -> SystemWorkFigures:
    """The figures of the month ``start``–``end``; ``plan_gap_domains``: the German domain
    labels of the needs-plan gaps the report already lists (counted beside the catalogue's)."""
    figures: dict[str, int] = {MARK: 1}
    for key in _DOMAIN_KEYS:
        for status in ThemeStatus:
            figures[f"{PREFIX}themes.{key}.{status.value}"] = 0
        figures[f"{PREFIX}theme_cases.{key}"] = 0
        for kind in GapKind:
            figures[f"{PREFIX}gaps.{kind.value}.{key}"] = 0
        figures[f"{PREFIX}plan_gaps.{key}"] = 0
    catalogue = themes(caseload, on=end)
    cases_by_domain: dict[str, set[int]] = {}
    for theme in catalogue:
        key = _domain_key(theme.domain)
        figures[f"{PREFIX}themes.{key}.{theme.status.value}"] += 1
        cases_by_domain.setdefault(key, set()).update(theme.case_ids)
    for key, cases in cases_by_domain.items():
        figures[f"{PREFIX}theme_cases.{key}"] = len(cases)
    figures[f"{PREFIX}theme_cases.any"] = len({c for t in catalogue for c in t.case_ids})
    figures[f"{PREFIX}themes_new"] = sum(1 for t in catalogue if t.noted_on and t.noted_on >= start)
    for gap in gaps(caseload, start, end):
        figures[f"{PREFIX}gaps.{gap.kind.value}.{_domain_key(gap.domain)}"] += 1
    by_label = {_german_domain(d): d.value for d in LifeDomain}
    for label in plan_gap_domains:
        figures[f"{PREFIX}plan_gaps.{by_label.get(label, UNKNOWN_KEY)}"] += 1
    for work, (count, minutes) in minutes_by_kind(entries(caseload, start, end)).items():
        figures[f"{PREFIX}network.{work.value}.entries"] = count
        figures[f"{PREFIX}network.{work.value}.minutes"] = minutes
    return SystemWorkFigures(figures)


def _german_domain(domain: LifeDomain | None) -> str:
    from kimdesk.report.month import german  # month.py imports this module

    return german(domain) if domain else "ohne Lebensbereich"


# -- the sheet ------------------------------------------------------------------------------


def _rows(figure: Callable[[str], float]) -> list[list[Any]]:
    """The sheet's cells, top to bottom: three tables with a blank row between."""
    theme_rows: list[list[Any]] = [list(THEME_HEADERS)]
    gap_rows: list[list[Any]] = [list(GAP_HEADERS)]
    for key in _DOMAIN_KEYS:
        domain = LifeDomain(key) if key != UNKNOWN_KEY else None
        label = _german_domain(domain)
        counts = [int(figure(f"{PREFIX}themes.{key}.{s.value}")) for s in ThemeStatus]
        theme_rows.append([label, *counts, sum(counts), int(figure(f"{PREFIX}theme_cases.{key}"))])
        gap_rows.append(
            [
                label,
                *(int(figure(f"{PREFIX}gaps.{k.value}.{key}")) for k in GapKind),
                int(figure(f"{PREFIX}plan_gaps.{key}")),
            ]
        )
    totals = [sum(row[i] for row in theme_rows[1:]) for i in range(1, len(THEME_HEADERS) - 1)]
    theme_rows.append(["gesamt", *totals, int(figure(f"{PREFIX}theme_cases.any"))])
    theme_rows.append(["davon im Monat neu erfasst", int(figure(f"{PREFIX}themes_new"))])
    gap_rows.append(
        ["gesamt", *(sum(row[i] for row in gap_rows[1:]) for i in range(1, len(GAP_HEADERS)))]
    )
    network_rows: list[list[Any]] = [list(NETWORK_HEADERS)]
    for kind in NetworkKind:
        minutes = int(figure(f"{PREFIX}network.{kind.value}.minutes"))
        network_rows.append(
            [
                KIND_DE[kind],
                int(figure(f"{PREFIX}network.{kind.value}.entries")),
                minutes,
                round(minutes / 60, 1),
            ]
        )
    all_minutes = sum(row[2] for row in network_rows[1:])
    network_rows.append(
        ["gesamt", sum(row[1] for row in network_rows[1:]), all_minutes, round(all_minutes / 60, 1)]
    )
    return [*theme_rows, [], *gap_rows, [GAP_NOTE], [], *network_rows]


def write_sheet(
    book: Workbook, figures: Mapping[str, float], *, notes: Sequence[str] = ()
) -> Worksheet:
    """The sheet "Systemarbeit" from the ``system.`` keys (monthly or summed for the district);
    ``notes`` go below the tables. Placed before the hidden _kimdesk sheet."""
    # Imported here: month.py imports this module and knows nothing about Excel.
    from openpyxl.styles import Alignment, Font, PatternFill

    font, fill = (
        Font(bold=True, color=_HEADER_COLOURS[0]),
        PatternFill("solid", fgColor=_HEADER_COLOURS[1]),
    )
    sheet = book.create_sheet(SHEET)
    for row in _rows(lambda key: figures.get(key, 0)):
        sheet.append(row)
        if row and row[0] in {h[0] for h in TABLES}:
            for cell in sheet[sheet.max_row]:
                cell.font = font
                cell.fill = fill
                cell.alignment = Alignment(vertical="center", wrap_text=True)
            sheet.row_dimensions[sheet.max_row].height = 30  # two lines of a wrapped header
        elif row and row[0] == "gesamt":
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        elif row and row[0] == GAP_NOTE:
            # Across the table's width, wrapped: one long cell would run off the page.
            note = sheet.cell(sheet.max_row, 1)
            note.font = Font(italic=True)
            note.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=4
            )
            sheet.row_dimensions[sheet.max_row].height = 36
    hours_from = next(
        i for i, r in enumerate(sheet.iter_rows(values_only=True), 1) if r[0] == NETWORK_HEADERS[0]
    )
    for (cell,) in sheet.iter_rows(min_row=hours_from + 1, min_col=4, max_col=4):
        cell.number_format = "0.0"
    for note in notes:
        sheet.append([])
        sheet.append([note])
        sheet.cell(sheet.max_row, 1).font = Font(italic=True)
    sheet.column_dimensions["A"].width = 46
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 18
    sheet.column_dimensions["C"].width = 24  # "Schnittstellenprobleme" on one line
    # The first table's header stays in view and repeats on every printed page
    # (prepare_for_print keeps it); its filter lets the themes be sorted by status.
    sheet.print_title_rows = "1:1"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{chr(ord('A') + len(THEME_HEADERS) - 1)}{len(_DOMAIN_KEYS) + 1}"
    if "_kimdesk" in book.sheetnames:
        book.move_sheet(sheet, offset=book.sheetnames.index("_kimdesk") - len(book.sheetnames) + 1)
    return sheet


# -- the merge ------------------------------------------------------------------------------


def check_sheet(workbook: Any, name: str, meta: Mapping[str, Any]) -> None:
    """Refuse a report whose sheet "Systemarbeit" is malformed; a report without it and
    without ``system.`` keys is an older one and counts as zero."""
    has_keys = MARK in meta
    if SHEET not in workbook.sheetnames:
        if has_keys:
            raise BadInput(
                _("{file}: the sheet {sheet} is missing.").format(file=name, sheet=SHEET)
            )
        return
    firsts = {
        " ".join(str(row[0]).split())
        for row in workbook[SHEET].iter_rows(values_only=True)
        if row and row[0] is not None
    }
    if not has_keys or any(headers[0] not in firsts for headers in TABLES):
        raise BadInput(
            _("{file}: the sheet {sheet} does not have the expected columns.").format(
                file=name, sheet=SHEET
            )
        )


def district_sheet(workbook: Any, merged: Any) -> None:
    """The district's sheet "Systemarbeit" from the merged totals (a merge.Merged); the
    reports made before the sheet existed are named as counted with zero."""
    older = [r.source for r in merged.reports if not r.figure(MARK)]
    notes = (
        [
            _("Without system work (older reports, counted as zero): {files}").format(
                files=", ".join(older)
            )
        ]
        if older
        else []
    )
    write_sheet(workbook, merged.totals, notes=notes)
