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
    ``notes`` go below the tables. Placed before the hidden _kimdesk sheet. ``book`` is a
    normal workbook or the monthly StreamedWorkbook: the rows are laid out first, then
    appended with their styles (a write-only sheet is written once, from the top)."""
    # Imported here: month.py imports this module and knows nothing about Excel.
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Font, PatternFill

    from kimdesk.report.workbook_print import FONT_NAME, print_setup
    from kimdesk.report.xlsx import StreamedWorkbook, note_used_range, styled

    font, fill = (
        Font(name=FONT_NAME, bold=True, color=_HEADER_COLOURS[0]),
        PatternFill("solid", fgColor=_HEADER_COLOURS[1]),
    )
    bold, italic = Font(name=FONT_NAME, bold=True), Font(name=FONT_NAME, italic=True)
    header_alignment = Alignment(vertical="center", wrap_text=True)
    firsts = {h[0] for h in TABLES}
    sheet = book.create_sheet(SHEET)
    sheet.column_dimensions["A"].width = 46
    for letter in "BCDEFG":
        sheet.column_dimensions[letter].width = 18
    sheet.column_dimensions["C"].width = 24  # "Schnittstellenprobleme" on one line
    # The first table's header stays in view and repeats on every printed page; its filter
    # lets the themes be sorted by status.
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{chr(ord('A') + len(THEME_HEADERS) - 1)}{len(_DOMAIN_KEYS) + 1}"
    if isinstance(book, StreamedWorkbook):  # set up before its rows, as write-only needs
        print_setup(sheet, title_rows="1:1")
    else:
        sheet.print_title_rows = "1:1"  # prepare_for_print keeps it, landscape and fitted
    rows: list[list[Any]] = []
    merged: list[str] = []
    widest, hours = 0, False
    for number, values in enumerate(_rows(lambda key: figures.get(key, 0)), start=1):
        row: list[Any] = list(values)
        widest = max(widest, len(row))
        first = row[0] if row else None
        if first in firsts or first == "gesamt":
            # Every cell of the sheet's width so far, as a styled row of a normal sheet
            row += [None] * (widest - len(row))
        if first in firsts:
            row = [
                styled(sheet, value, font=font, fill=fill, alignment=header_alignment)
                for value in row
            ]
            sheet.row_dimensions[number].height = 30  # two lines of a wrapped header
        elif first == "gesamt":
            row = [styled(sheet, value, font=bold) for value in row]
        elif first == GAP_NOTE:
            # Across the table's width, wrapped: one long cell would run off the page.
            wrap = Alignment(wrap_text=True, vertical="top")
            row = [styled(sheet, first, font=italic, alignment=wrap)]
            merged.append(f"A{number}:D{number}")
            sheet.row_dimensions[number].height = 36
        if hours and len(row) >= 4:  # the network table's hours (bold in its "gesamt" row)
            cell = row[3] if isinstance(row[3], Cell) else styled(sheet, row[3])
            cell.number_format = "0.0"
            row[3] = cell
        hours = hours or first == NETWORK_HEADERS[0]
        rows.append(row)
    for note in notes:
        rows.append([])
        rows.append([styled(sheet, note, font=italic)])
    note_used_range(sheet, rows)
    streamed = isinstance(book, StreamedWorkbook)
    if streamed:  # its merged cells are written after the rows, but known before
        for cells in merged:
            sheet.merged_cells.add(cells)
    for row in rows:
        sheet.append(row)
    if not streamed:
        for cells in merged:
            sheet.merge_cells(cells)
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
