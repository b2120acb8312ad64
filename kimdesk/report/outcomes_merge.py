"""merge-reports for the outcomes: read each monthly report's sheet "Ergebnisse" by the keys
in its last column, and write the district's sheet "Ergebnisse".

Counts are summed. A domain's mean change is combined as the mean weighted by each report's
number of cases, which is why the monthly sheet carries both. A row a report suppressed
(one or two cases) cannot be summed: the district shows how many reports suppressed it.
A report without the sheet (written before kimdesk had it) is left out of this sheet only,
and said so on the sheet and in the merge's notes: refusing it would stop the whole
district overview for a colleague who has not updated yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kimdesk.errors import BadInput
from kimdesk.file_limits import capped_rows
from kimdesk.i18n import _
from kimdesk.report.outcomes_sheet import (
    AREA_LEVEL_LABELS,
    CHANGE,
    CLOSURE_AREA,
    EXPECTED_KEYS,
    GOALS,
    INTERIM_AREA,
    KEY_COLUMN,
    KEY_HEADER,
    RATING,
    SHEET_OUTCOMES,
    SHEETS,
    SUPPRESSED,
    Block,
    write_blocks,
)

# Figures per row, by block: what the monthly sheet writes after the label.
_WIDTH = {CHANGE: 2, SHEETS: 2, CLOSURE_AREA: 4, INTERIM_AREA: 4, RATING: 5, GOALS: 1}


@dataclass(frozen=True)
class RatingFigures:
    cases: int
    improved: int
    unchanged: int
    worsened: int
    mean_change: float | None


@dataclass(frozen=True)
class ReportOutcomes:
    """One report's sheet "Ergebnisse" as read: the labels and figures by key, in order."""

    labels: dict[str, str]
    counts: dict[str, tuple[float, ...]]  # every key but the ratings
    ratings: dict[str, RatingFigures | None]  # rating key -> None where suppressed


class _Counted(Protocol):
    # Read-only: the merge's reports are frozen dataclasses.
    @property
    def source(self) -> str: ...

    @property
    def outcomes(self) -> ReportOutcomes | None: ...


def _block(key: str) -> str:
    if key == SHEETS:
        return SHEETS
    prefix = key.split(".", 1)[0] + "."
    return prefix if prefix in _WIDTH else ""


def read_outcomes(workbook: Any, name: str) -> ReportOutcomes | None:
    """The sheet "Ergebnisse" of a monthly report; None if the report has none (older
    kimdesk); BadInput naming the file and row if it is there but damaged."""
    if SHEET_OUTCOMES not in workbook.sheetnames:
        return None
    labels: dict[str, str] = {}
    counts: dict[str, tuple[float, ...]] = {}
    ratings: dict[str, RatingFigures | None] = {}
    rows = capped_rows(workbook[SHEET_OUTCOMES].iter_rows(values_only=True))
    for number, row in enumerate(rows, start=1):
        key = row[KEY_COLUMN - 1] if len(row) >= KEY_COLUMN else None
        if not isinstance(key, str) or not key.strip() or key == KEY_HEADER:
            continue
        key = key.strip()
        block = _block(key)
        if not block or key in labels:
            raise _damaged(name, number)
        figures = tuple(row[1 : 1 + _WIDTH[block]])
        if block == RATING:
            ratings[key] = _rating(figures, name, number)
        elif all(_count(value) for value in figures):
            counts[key] = tuple(float(value) for value in figures)
        else:
            raise _damaged(name, number)
        labels[key] = str(row[0] or key)
    if not EXPECTED_KEYS <= set(labels):
        raise BadInput(
            _("{file}: the sheet {sheet} lacks some of its rows; it may be damaged.").format(
                file=name, sheet=SHEET_OUTCOMES
            )
        )
    return ReportOutcomes(labels, counts, ratings)


def _count(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def _rating(figures: tuple[Any, ...], name: str, number: int) -> RatingFigures | None:
    if figures and figures[0] == SUPPRESSED and all(v is None for v in figures[1:]):
        return None
    cases, improved, unchanged, worsened, mean = (*figures, None, None, None, None, None)[:5]
    if not all(_count(v) for v in (cases, improved, unchanged, worsened)):
        raise _damaged(name, number)
    if cases != improved + unchanged + worsened or (cases and not _number(mean)):
        raise _damaged(name, number)
    return RatingFigures(int(cases), int(improved), int(unchanged), int(worsened), mean)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _damaged(name: str, row: int) -> BadInput:
    return BadInput(
        _("{file}: the sheet {sheet} is damaged (row {row}).").format(
            file=name, sheet=SHEET_OUTCOMES, row=row
        )
    )


# -- the district ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictRating:
    cases: int
    improved: int
    unchanged: int
    worsened: int
    mean_change: float | None
    suppressed_reports: int  # reports that showed "weniger als 3 Fälle" here


@dataclass(frozen=True)
class DistrictOutcomes:
    labels: dict[str, str]
    counts: dict[str, tuple[float, ...]]
    ratings: dict[str, DistrictRating]
    with_sheet: int
    without_sheet: tuple[str, ...]  # file names of reports without the sheet


def district_outcomes(reports: Sequence[_Counted]) -> DistrictOutcomes:
    """Sum the reports' outcomes; weighted means; suppressed rows counted, not summed."""
    given = [r.outcomes for r in reports if r.outcomes is not None]
    labels: dict[str, str] = {}
    counts: dict[str, tuple[float, ...]] = {}
    for outcomes in given:
        for key, label in outcomes.labels.items():
            labels.setdefault(key, label)
        for key, values in outcomes.counts.items():
            before = counts.get(key, (0.0,) * len(values))
            counts[key] = tuple(a + b for a, b in zip(before, values, strict=True))
    ratings: dict[str, DistrictRating] = {}
    for key in [k for k in labels if _block(k) == RATING]:
        shown = [o.ratings[key] for o in given if o.ratings.get(key) is not None]
        suppressed = sum(1 for o in given if key in o.ratings and o.ratings[key] is None)
        ratings[key] = _combined([r for r in shown if r is not None], suppressed)
    return DistrictOutcomes(
        labels,
        counts,
        ratings,
        with_sheet=len(given),
        without_sheet=tuple(r.source for r in reports if r.outcomes is None),
    )


def _combined(shown: Iterable[RatingFigures], suppressed: int) -> DistrictRating:
    figures = list(shown)
    cases = sum(r.cases for r in figures)
    weighted = sum(r.cases * (r.mean_change or 0.0) for r in figures)
    return DistrictRating(
        cases=cases,
        improved=sum(r.improved for r in figures),
        unchanged=sum(r.unchanged for r in figures),
        worsened=sum(r.worsened for r in figures),
        mean_change=weighted / cases if cases else None,
        suppressed_reports=suppressed,
    )


def outcome_notes(reports: Sequence[_Counted]) -> list[str]:
    """The merge's note on reports without the sheet (for the command line and the GUI)."""
    missing = [r.source for r in reports if r.outcomes is None]
    if not missing:
        return []
    return [
        _(
            "Without the sheet {sheet} (written by an older kimdesk), left out of the "
            "district's outcomes: {files}."
        ).format(sheet=SHEET_OUTCOMES, files=", ".join(missing))
    ]


def write_district_outcomes(workbook: Any, reports: Sequence[_Counted]) -> Any:
    """The district workbook's sheet "Ergebnisse" (before its print setup)."""
    district = district_outcomes(reports)
    sheet = workbook.create_sheet(SHEET_OUTCOMES)
    notes = [
        _("Reports with this sheet: {given} of {all}.").format(
            given=district.with_sheet, all=len(reports)
        ),
        _(
            "A life domain with fewer than 3 cases in a report is suppressed there and not "
            "contained in the sums; the column “{column}” counts these reports. The mean "
            "change is weighted by each report's number of cases."
        ).format(column=_("Reports below 3 cases")),
        *outcome_notes(reports),
    ]
    write_blocks(
        sheet,
        _("District outcomes"),
        _district_blocks(district),
        notes=notes,
        key_column=KEY_COLUMN + 1,
        key_header=_("Key"),
        mean_column=6,
    )
    sheet.print_title_rows = "1:1"
    sheet.freeze_panes = "A2"
    return sheet


def _district_blocks(district: DistrictOutcomes) -> list[Block]:
    def rows(prefix: str) -> list[tuple[str, Sequence[Any], str]]:
        return [
            (district.labels[key], _whole(district.counts[key]), key)
            for key in district.labels
            if _block(key) == prefix and key in district.counts
        ]

    rating_rows = []
    for key, rating in district.ratings.items():
        figures = [rating.cases, rating.improved, rating.unchanged, rating.worsened]
        rating_rows.append(
            (district.labels[key], [*figures, rating.mean_change, rating.suppressed_reports], key)
        )
    levels = AREA_LEVEL_LABELS  # the closure and interim sheets' own wording
    return [
        Block(
            CHANGE,
            _("Overall change from the person's point of view (sheets of the month)"),
            (_("Level"), _("Closure sheets"), _("Interim sheets")),
            [*rows(CHANGE), *rows(SHEETS)],
        ),
        Block(
            CLOSURE_AREA,
            _("Goal achievement per area – closure sheets"),
            (_("Area"), *levels),
            rows(CLOSURE_AREA),
        ),
        Block(
            INTERIM_AREA,
            _("Goal achievement per area – interim sheets"),
            (_("Area"), *levels),
            rows(INTERIM_AREA),
        ),
        Block(
            RATING,
            _("Change of the ratings from the first to the latest assessment"),
            (
                _("Life domain"),
                _("Cases"),
                _("improved"),
                _("unchanged"),
                _("worsened"),
                _("mean change (points)"),
                _("Reports below 3 cases"),
            ),
            rating_rows,
        ),
        Block(
            GOALS,
            _("Goals reviewed in the month by level of achievement"),
            (_("Level of achievement"), _("Goals")),
            rows(GOALS),
        ),
    ]


def _whole(values: tuple[float, ...]) -> list[float | int]:
    return [int(v) if float(v).is_integer() else v for v in values]


__all__ = [
    "DistrictOutcomes",
    "ReportOutcomes",
    "district_outcomes",
    "outcome_notes",
    "read_outcomes",
    "write_district_outcomes",
]
