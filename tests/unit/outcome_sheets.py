"""The sheet "Ergebnisse" as kimdesk writes it, for tests that build report workbooks by hand
(test_report_merge.py, test_merge_outcomes.py)."""

from __future__ import annotations

from typing import Any

from kimdesk.report.outcomes import Outcomes, goal_levels, rating_outcomes, sheet_outcomes
from kimdesk.report.outcomes_sheet import SHEET_OUTCOMES, outcome_blocks, write_blocks

AREAS = {"area_housing": "Wohnsituation", "area_family": "familiäre Situation"}


def empty_outcomes() -> Outcomes:
    return Outcomes(
        closures=sheet_outcomes([], AREAS),
        interims=sheet_outcomes([], AREAS),
        area_labels=AREAS,
        ratings=rating_outcomes([]),
        goals_reviewed=goal_levels([]),
    )


def add_outcome_sheet(workbook: Any, outcomes: Outcomes | None = None) -> None:
    """Append the sheet Ergebnisse (all zero unless ``outcomes`` are given)."""
    sheet = workbook.create_sheet(SHEET_OUTCOMES)
    write_blocks(sheet, "Ergebnisse", outcome_blocks(outcomes or empty_outcomes()))
