"""The sheet "Ergebnisse" of the monthly report: the month's outcomes in blocks, each row
with its key in the last column so that merge-reports can sum it (kimdesk.report.outcomes_merge).

The layout is fixed and German, like the rest of the report. A rating row of one or two
cases shows SUPPRESSED instead of its figures (k >= 3); the merge counts such rows apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

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

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="3B5B7A")
_BLOCK_FONT = Font(bold=True, color="3B5B7A")
_NOTE_FONT = Font(italic=True, size=9)
_KEY_FONT = Font(color="808080", size=8)
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


def write_blocks(
    sheet: Worksheet,
    title: str,
    blocks: Sequence[Block],
    *,
    notes: Sequence[str] = (),
    key_column: int = KEY_COLUMN,
    key_header: str = KEY_HEADER,
    mean_column: int | None = 6,
) -> None:
    """The title, notes and blocks, the key of each row in ``key_column``."""
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    for note in notes:
        sheet.append([note])
        sheet.cell(sheet.max_row, 1).font = _NOTE_FONT
    for block in blocks:
        if block.key == RATING:  # its own page: the block's heading never parts from its rows
            sheet.row_breaks.append(Break(id=sheet.max_row))
        sheet.append([])
        sheet.append([block.title])
        sheet.cell(sheet.max_row, 1).font = _BLOCK_FONT
        header: list[str | None] = [*block.headers]
        header += [None] * (key_column - 1 - len(header)) + [key_header]
        sheet.append(header)
        sheet.row_dimensions[sheet.max_row].height = 30  # two lines for the longer headers
        for column, value in enumerate(header, start=1):
            if value is not None:
                cell = sheet.cell(sheet.max_row, column)
                cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
                # over a figure: to the right, where the numbers stand
                side = "right" if 1 < column < key_column else "left"
                cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal=side)
        for label, figures, key in block.rows:
            row = [label, *figures]
            sheet.append(row + [None] * (key_column - 1 - len(row)) + [key])
            key_cell = sheet.cell(sheet.max_row, key_column)
            key_cell.font, key_cell.alignment = _KEY_FONT, Alignment(indent=2)
            if block.key == RATING and mean_column is not None:
                sheet.cell(sheet.max_row, mean_column).number_format = MEAN_FORMAT
        if block.note:
            sheet.append([block.note])
            sheet.cell(sheet.max_row, 1).font = _NOTE_FONT
    sheet.column_dimensions["A"].width = 58
    for column in range(2, key_column):
        sheet.column_dimensions[get_column_letter(column)].width = 19
    sheet.column_dimensions[get_column_letter(key_column)].width = 30


def write_outcome_sheet(sheet: Worksheet, report: MonthReport) -> None:
    """The monthly report's sheet "Ergebnisse"; the workbook's print setup (landscape, fit
    to width, Calibri) covers it, its title row repeated on each page."""
    year, number = report.month.split("-")
    write_blocks(
        sheet,
        f"KIM-CM Monatsbericht {MONTHS[int(number) - 1]} {year} – Ergebnisse",
        outcome_blocks(report.outcomes),
        notes=("Nur Anzahlen und Mittelwerte, keine Pseudonyme.",),
    )
    sheet.print_title_rows = "1:1"
    sheet.freeze_panes = "A2"


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
