"""The sheet "Ergebnisse" of the monthly report: the month's outcomes in blocks, each row
with its key in the last column so that merge-reports can sum it (kimdesk.report.outcomes_merge).

The layout is fixed and German, like the rest of the report. A rating row of one or two
cases shows SUPPRESSED instead of its figures (k >= 3); the merge counts such rows apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace
from typing import Any

from kimdesk.domain.vocabulary import ASSESSMENT_DOMAINS, Achievement
from kimdesk.forms.model import FIXED_OPTIONS, FieldType
from kimdesk.report.month import MonthReport, german
from kimdesk.report.outcomes import ACHIEVEMENT_LEVELS, CHANGE_LEVELS, NOT_GIVEN, Outcomes

SHEET_OUTCOMES = "Ergebnisse"
MONTHS = (
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
).split()
KEY_HEADER = "Schlüssel"
KEY_COLUMN = 7  # G: after the label (A) and at most five figures (B–F)
SUPPRESSED = "weniger als 3 Fälle"
# The closure and interim sheets' own wording of the four levels (forms/closure.toml).
AREA_LEVEL_LABELS = ("voll und ganz", "zum guten Teil", "kaum", "überhaupt nicht")
CHANGE_LABELS = dict(FIXED_OPTIONS[FieldType.CHANGE_6])
# Key prefixes: one per block, followed by the level, area or domain key.
CHANGE, SHEETS, CLOSURE_AREA, INTERIM_AREA, RATING, GOALS = (
    "change.",
    "sheets",
    "closure_area.",
    "interim_area.",
    "rating.",
    "goals_reviewed.",
)
TITLES = {
    CHANGE: "Gesamtveränderung aus Sicht der Ratsuchenden Person (Bögen im Monat)",
    CLOSURE_AREA: "Zielerreichung je Bereich – Abschlussbögen im Monat (nur bewertete Bereiche)",
    INTERIM_AREA: "Zielerreichung je Bereich – Zwischenstandsbögen im Monat "
    "(nur bewertete Bereiche)",
    RATING: "Veränderung der Einschätzungen (1–10) vom ersten zum letzten Assessment, "
    "je Lebensbereich",
    GOALS: "Im Monat überprüfte Ziele nach Erreichungsgrad",
}
RATING_NOTE = (
    "Fälle des Monats mit mindestens zwei abgeschlossenen Assessments des Lebensbereichs bis "
    "zum Monatsende; Veränderung je Fall = Mittel über die Einschätzungszeilen (letzter minus "
    "erster Wert; positiv = besser). Erst ab 3 Fällen gezeigt."
)

MEAN_FORMAT = "+0.00;-0.00;0.00"
RATING_HEADERS = (
    "Lebensbereich",
    "Fälle",
    "verbessert",
    "unverändert",
    "verschlechtert",
    "mittlere Veränderung (Punkte)",
)
EXPECTED_KEYS = frozenset(
    [f"{CHANGE}{level}" for level in (*CHANGE_LEVELS, NOT_GIVEN)]
    + [SHEETS]
    + [f"{RATING}{domain.value}" for domain in ASSESSMENT_DOMAINS]
    + [f"{GOALS}{level.value}" for level in ACHIEVEMENT_LEVELS]
)


@dataclass(frozen=True)
class Block:
    """A heading, the column headers below it, rows of (label, figures, key), a note."""

    key: str
    title: str
    headers: Sequence[str]
    rows: Sequence[tuple[str, Sequence[Any], str]]
    note: str = ""


def outcome_blocks(outcomes: Outcomes) -> list[Block]:
    """The sheet's five blocks; a rating row of one or two cases shows SUPPRESSED only."""
    closures, interims = outcomes.closures, outcomes.interims
    change_rows = [
        (
            CHANGE_LABELS[level],
            (closures.overall_change[level], interims.overall_change[level]),
            f"{CHANGE}{level}",
        )
        for level in CHANGE_LEVELS
    ]
    change_rows.append(
        (
            "keine Angabe",
            (closures.overall_change[NOT_GIVEN], interims.overall_change[NOT_GIVEN]),
            f"{CHANGE}{NOT_GIVEN}",
        )
    )
    change_rows.append(("Bögen gesamt", (closures.sheets, interims.sheets), SHEETS))

    def areas(prefix: str, counts: dict[str, dict[Achievement, int]]) -> list[Any]:
        return [
            (label, [counts[key][level] for level in ACHIEVEMENT_LEVELS], f"{prefix}{key}")
            for key, label in outcomes.area_labels.items()
        ]

    rating_rows = []
    for rating in outcomes.ratings:
        if rating.suppressed:
            figures: list[Any] = [SUPPRESSED]
        else:
            figures = [rating.cases, rating.improved, rating.unchanged, rating.worsened]
            figures.append(rating.mean_change)
        rating_rows.append((german(rating.domain), figures, f"{RATING}{rating.domain.value}"))
    return [
        Block(
            CHANGE, TITLES[CHANGE], ("Stufe", "Abschlussbögen", "Zwischenstandsbögen"), change_rows
        ),
        Block(
            CLOSURE_AREA,
            TITLES[CLOSURE_AREA],
            ("Bereich", *AREA_LEVEL_LABELS),
            areas(CLOSURE_AREA, closures.areas),
        ),
        Block(
            INTERIM_AREA,
            TITLES[INTERIM_AREA],
            ("Bereich", *AREA_LEVEL_LABELS),
            areas(INTERIM_AREA, interims.areas),
        ),
        Block(RATING, TITLES[RATING], RATING_HEADERS, rating_rows, RATING_NOTE),
        Block(
            GOALS,
            TITLES[GOALS],
            ("Erreichungsgrad", "Ziele"),
            [
                (german(level), [outcomes.goals_reviewed[level]], f"{GOALS}{level.value}")
                for level in ACHIEVEMENT_LEVELS
            ],
        ),
    ]


@cache
def _styles() -> SimpleNamespace:
    """The sheet's fonts (named, as the print setup wants them) and fill, made once."""
    from openpyxl.styles import Font, PatternFill

    from kimdesk.report.workbook_print import FONT_NAME

    return SimpleNamespace(
        title=Font(name=FONT_NAME, bold=True, size=14),
        header=Font(name=FONT_NAME, bold=True, color="FFFFFF"),
        fill=PatternFill("solid", fgColor="3B5B7A"),
        block=Font(name=FONT_NAME, bold=True, color="3B5B7A"),
        note=Font(name=FONT_NAME, italic=True, size=9),
        key=Font(name=FONT_NAME, color="808080", size=8),
    )


def _block_rows(
    sheet: Any,
    title: str,
    blocks: Sequence[Block],
    notes: Sequence[str],
    layout: tuple[int, str, int | None],
) -> tuple[list[list[Any]], list[int], list[int]]:
    """The sheet's rows from the top (styled cells of ``sheet``), the rows of the block
    headers (two lines high) and the rows after which a page breaks."""
    from openpyxl.styles import Alignment

    from kimdesk.report.xlsx import styled

    key_column, key_header, mean_column = layout
    look = _styles()
    rows: list[list[Any]] = [[styled(sheet, title, font=look.title)]]
    rows += [[styled(sheet, note, font=look.note)] for note in notes]
    headers: list[int] = []
    breaks: list[int] = []
    for block in blocks:
        if block.key == RATING:  # its own page: the block's heading never parts from its rows
            breaks.append(len(rows))
        rows.append([])
        rows.append([styled(sheet, block.title, font=look.block)])
        header: list[Any] = [*block.headers]
        header += [None] * (key_column - 1 - len(header)) + [key_header]
        for column, value in enumerate(header, start=1):
            if value is not None:
                # over a figure: to the right, where the numbers stand
                side = "right" if 1 < column < key_column else "left"
                alignment = Alignment(wrap_text=True, vertical="center", horizontal=side)
                header[column - 1] = styled(
                    sheet, value, font=look.header, fill=look.fill, alignment=alignment
                )
        rows.append(header)
        headers.append(len(rows))
        for label, figures, key in block.rows:
            row = [label, *figures]
            row += [None] * (key_column - 1 - len(row))
            row.append(styled(sheet, key, font=look.key, alignment=Alignment(indent=2)))
            if block.key == RATING and mean_column is not None:
                row[mean_column - 1] = styled(
                    sheet, row[mean_column - 1], number_format=MEAN_FORMAT
                )
            rows.append(row)
        if block.note:
            rows.append([styled(sheet, block.note, font=look.note)])
    return rows, headers, breaks


def write_blocks(
    sheet: Any,
    title: str,
    blocks: Sequence[Block],
    *,
    notes: Sequence[str] = (),
    key_column: int = KEY_COLUMN,
    key_header: str = KEY_HEADER,
    mean_column: int | None = 6,
) -> None:
    """The title, notes and blocks, the key of each row in ``key_column``, on a new normal
    or write-only ``sheet`` (whose widths are set before its rows, as write-only needs)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    from kimdesk.report.xlsx import note_used_range

    rows, headers, breaks = _block_rows(
        sheet, title, blocks, notes, (key_column, key_header, mean_column)
    )
    sheet.column_dimensions["A"].width = 58
    for column in range(2, key_column):
        sheet.column_dimensions[get_column_letter(column)].width = 19
    sheet.column_dimensions[get_column_letter(key_column)].width = 30
    for after in breaks:
        sheet.row_breaks.append(Break(id=after))
    for header_row in headers:
        sheet.row_dimensions[header_row].height = 30  # two lines for the longer headers
    note_used_range(sheet, rows)
    for row in rows:
        sheet.append(row)


def write_outcome_sheet(book: Any, report: MonthReport) -> Any:
    """The monthly report's sheet "Ergebnisse", streamed into ``book`` (a StreamedWorkbook),
    landscape and fitted to the width, its title row repeated on each page."""
    from kimdesk.report.workbook_print import print_setup

    year, number = report.month.split("-")
    sheet = book.create_sheet(SHEET_OUTCOMES)
    sheet.freeze_panes = "A2"
    print_setup(sheet, title_rows="1:1")
    write_blocks(
        sheet,
        f"KIM-CM Monatsbericht {MONTHS[int(number) - 1]} {year} – Ergebnisse",
        outcome_blocks(report.outcomes),
        notes=("Nur Anzahlen und Mittelwerte, keine Pseudonyme.",),
    )
    return sheet


__all__ = [
    "EXPECTED_KEYS",
    "KEY_COLUMN",
    "SHEET_OUTCOMES",
    "SUPPRESSED",
    "Block",
    "outcome_blocks",
    "write_blocks",
    "write_outcome_sheet",
]
