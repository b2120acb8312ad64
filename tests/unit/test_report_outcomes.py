"""The monthly report's outcomes against a hand count: a small caseload built from real closure,
interim, assessment, goal and goal-review forms around the month's edges (October 2026; the
first and the last day count, the first of November and the last of September do not)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import Achievement, ConsentKind, LifeDomain
from kimdesk.report.merge import read_report
from kimdesk.report.month import build_month_report
from kimdesk.report.outcomes_sheet import KEY_COLUMN, SHEET_OUTCOMES
from kimdesk.report.workbook import write_workbook
from tests.conftest import make_person

MONTH = "2026-10"
D = date.fromisoformat


def admitted(caseload: Caseload, surname: str) -> int:
    """A case in the assessment phase since January, with its consent."""
    person = caseload.add_person(make_person(surname, "Testperson"))
    case_id = caseload.open_case(person, opened_on=D("2026-01-05")).id
    caseload.move_to(case_id, Phase.INTAKE, on=D("2026-01-06"))
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, D("2026-01-07"), "de"))
    caseload.move_to(case_id, Phase.ASSESSMENT, on=D("2026-01-08"))
    return case_id


def closure(
    caseload: Caseload, case_id: int, on: str, change: str | None, final: bool = True, **areas: str
) -> None:
    answers: dict[str, Any] = {"date": on, "closure_type": "moved_away"}
    if change:
        answers["overall_change"] = change
    answers |= {f"area_{key}": level for key, level in areas.items()}
    caseload.save_form(case_id, "closure", answers, final=final)


def interim(caseload: Caseload, case_id: int, on: str, change: str, **areas: str) -> None:
    answers: dict[str, Any] = {"date": on, "overall_change": change}
    answers |= {f"area_{key}": level for key, level in areas.items()}
    caseload.save_form(case_id, "interim", answers, final=True)


def assessment(
    caseload: Caseload, case_id: int, domain: str, on: str, final: bool = True, **ratings: int
) -> None:
    kind = (
        "re"
        if caseload.prefill(case_id, f"assessment_{domain}").get("assessment_kind") == "re"
        else "first"
    )
    answers: dict[str, Any] = {"assessment_kind": kind, "date": on}
    answers |= {line: {"value": value, "remark": ""} for line, value in ratings.items()}
    caseload.save_form(case_id, f"assessment_{domain}", answers, final=final)


def goals(caseload: Caseload, case_id: int, on: str, count: int) -> None:
    sheet = {
        "date": on,
        "goals": [{"goal": f"Ziel {n}"} for n in range(1, count + 1)],
        "next_review_on": "2026-12-01",
        "agreement": True,
    }
    caseload.save_form(case_id, "goals", sheet, final=True)


def review(caseload: Caseload, case_id: int, on: str, **levels: str) -> None:
    answers: dict[str, Any] = {"date": on}
    answers |= {f"achievement_{n[1:]}": level for n, level in levels.items()}
    caseload.save_form(case_id, "goal_review", answers, final=True)


@pytest.fixture
def known(caseload: Caseload) -> Caseload:
    """The caseload of the hand count (each line says what October sees)."""
    a, b, c = (admitted(caseload, name) for name in ("Ahrens", "Brandt", "Celik"))
    d, e, f = (admitted(caseload, name) for name in ("Dahl", "Ebert", "Fischer"))
    g, h = admitted(caseload, "Günther"), admitted(caseload, "Haas")

    # Ratings, housing: A +3/+1 -> +2 (improved); B 0 on the month's last day (unchanged);
    # C -3 in October (worsened), its +6 of 2 November comes too late; D assessed the second
    # time only in November; E's October re-assessment is a draft; H closed in September.
    assessment(caseload, a, "housing", "2026-03-01", housing=3, mobility=5)
    assessment(caseload, a, "housing", "2026-09-01", housing=6, mobility=6)
    assessment(caseload, b, "housing", "2026-03-02", housing=5, mobility=5)
    assessment(caseload, b, "housing", "2026-10-31", housing=5, mobility=5)
    assessment(caseload, c, "housing", "2026-03-03", housing=7)
    assessment(caseload, c, "housing", "2026-10-05", housing=4)
    assessment(caseload, c, "housing", "2026-11-02", housing=10)
    assessment(caseload, d, "housing", "2026-04-01", housing=2)
    assessment(caseload, d, "housing", "2026-11-01", housing=9)
    assessment(caseload, e, "housing", "2026-04-01", housing=2)
    assessment(caseload, e, "housing", "2026-10-10", final=False, housing=9)
    assessment(caseload, h, "housing", "2026-04-01", housing=2)
    assessment(caseload, h, "housing", "2026-08-01", housing=7)
    # Health: one case only (A, +1): fewer than three, not shown.
    assessment(caseload, a, "health", "2026-03-01", physical=4)
    assessment(caseload, a, "health", "2026-10-20", physical=5)

    # Goals reviewed: F on 31 October fully, fully, hardly; G on 1 October partly (goal 2
    # stays open), G's goal 2 fully on 1 November (too late); H not at all in September.
    goals(caseload, f, "2026-06-01", 3)
    review(caseload, f, "2026-10-31", n1="fully", n2="fully", n3="hardly")
    goals(caseload, g, "2026-06-01", 2)
    review(caseload, g, "2026-10-01", n1="partly")
    review(caseload, g, "2026-11-01", n2="fully")
    goals(caseload, h, "2026-06-01", 1)
    review(caseload, h, "2026-09-30", n1="not_at_all")

    # Interim sheets: 10 and 31 October count, 1 November does not.
    interim(caseload, d, "2026-10-10", "stabilised", housing="partly")
    interim(caseload, e, "2026-10-31", "better", housing="partly", mental_health="fully")
    interim(caseload, f, "2026-11-01", "much_worse", housing="not_at_all")

    # Closure sheets: A on the last day, B on the first day, C without an overall change,
    # D on 1 November, H on 30 September; E's closure sheet is a draft.
    closure(caseload, a, "2026-10-31", "better", housing="fully", finances="partly")
    closure(caseload, b, "2026-10-01", "much_worse", housing="hardly")
    closure(caseload, c, "2026-10-15", None, family="not_at_all")
    closure(caseload, d, "2026-11-01", "stabilised", housing="fully")
    closure(caseload, h, "2026-09-30", "much_better", housing="fully")
    closure(caseload, e, "2026-10-20", "worse", final=False, housing="hardly")
    return caseload


def test_the_outcomes_equal_the_hand_count(known: Caseload) -> None:
    outcomes = build_month_report(known, MONTH).outcomes

    assert outcomes.closures.sheets == 3
    assert outcomes.closures.overall_change == {
        "much_better": 0,
        "better": 1,
        "stabilised": 0,
        "stagnated": 0,
        "worse": 0,
        "much_worse": 1,
        "none": 1,
    }
    levels = list(Achievement)
    closure_areas = {k: [v[level] for level in levels] for k, v in outcomes.closures.areas.items()}
    assert closure_areas["area_housing"] == [1, 0, 1, 0]
    assert closure_areas["area_finances"] == [0, 1, 0, 0]
    assert closure_areas["area_family"] == [0, 0, 0, 1]
    assert sum(map(sum, closure_areas.values())) == 4
    assert len(closure_areas) == 11  # every area of the closure sheet, rated or not

    assert outcomes.interims.sheets == 2
    assert outcomes.interims.overall_change["stabilised"] == 1
    assert outcomes.interims.overall_change["better"] == 1
    assert sum(outcomes.interims.overall_change.values()) == 2
    interim_areas = {k: [v[level] for level in levels] for k, v in outcomes.interims.areas.items()}
    assert interim_areas["area_housing"] == [0, 2, 0, 0]
    assert interim_areas["area_mental_health"] == [1, 0, 0, 0]
    assert sum(map(sum, interim_areas.values())) == 3

    ratings = {r.domain: r for r in outcomes.ratings}
    housing = ratings[LifeDomain.HOUSING]
    assert (housing.cases, housing.improved, housing.unchanged, housing.worsened) == (3, 1, 1, 1)
    assert housing.mean_change == pytest.approx(-1 / 3)
    assert not housing.suppressed
    health = ratings[LifeDomain.HEALTH]
    assert (health.cases, health.suppressed) == (1, True)
    assert all(
        ratings[d].cases == 0 for d in ratings if d not in (LifeDomain.HOUSING, LifeDomain.HEALTH)
    )

    assert outcomes.goals_reviewed == {
        Achievement.FULLY: 2,
        Achievement.PARTLY: 1,
        Achievement.HARDLY: 1,
        Achievement.NOT_AT_ALL: 0,
    }


def outcome_rows(data: bytes) -> dict[str, tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(data))[SHEET_OUTCOMES]
    return {
        row[KEY_COLUMN - 1]: row[1 : KEY_COLUMN - 1]
        for row in sheet.iter_rows(values_only=True)
        if len(row) >= KEY_COLUMN and row[KEY_COLUMN - 1] not in (None, "Schlüssel")
    }


def test_the_sheet_shows_the_hand_count_and_hides_the_small_domain(known: Caseload) -> None:
    report = build_month_report(known, MONTH)
    data = write_workbook(report)
    rows = outcome_rows(data)
    assert rows["change.better"][:2] == (1, 1)
    assert rows["change.much_worse"][:2] == (1, 0)
    assert rows["change.stabilised"][:2] == (0, 1)
    assert rows["change.none"][:2] == (1, 0)
    assert rows["sheets"][:2] == (3, 2)
    assert rows["closure_area.area_housing"][:4] == (1, 0, 1, 0)
    assert rows["interim_area.area_housing"][:4] == (0, 2, 0, 0)
    assert rows["rating.housing"][:4] == (3, 1, 1, 1)
    assert rows["rating.housing"][4] == pytest.approx(-1 / 3)
    assert rows["rating.health"] == ("weniger als 3 Fälle", None, None, None, None)
    assert rows["rating.family"][:4] == (0, 0, 0, 0)
    assert [rows[f"goals_reviewed.{a.value}"][0] for a in Achievement] == [2, 1, 1, 0]

    book = load_workbook(io.BytesIO(data))
    sheet = book[SHEET_OUTCOMES]
    setup = sheet.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert sheet.print_title_rows == "$1:$1" and sheet["A1"].font.name == "Calibri"
    # counts only: no pseudonym, no name of the caseload on the sheet
    cells = {str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None}
    pseudonyms = {case.pseudonym for case in known.cases()}
    assert not cells & pseudonyms
    assert not any("Ahrens" in cell or "Testperson" in cell for cell in cells)
    # the overview keeps its rows: the outcomes are not on it
    overview = [str(r[0]) for r in book["Übersicht"].iter_rows(values_only=True) if r[0]]
    assert not any("Assessment" in label or "Zielerreichung" in label for label in overview)


def test_an_empty_month_has_zero_outcomes(caseload: Caseload) -> None:
    outcomes = build_month_report(caseload, MONTH).outcomes
    assert outcomes.closures.sheets == outcomes.interims.sheets == 0
    assert all(r.cases == 0 and r.mean_change is None for r in outcomes.ratings)
    assert set(outcomes.goals_reviewed.values()) == {0}
    rows = outcome_rows(write_workbook(build_month_report(caseload, MONTH)))
    assert rows["rating.housing"][:5] == (0, 0, 0, 0, None)


def test_merge_reads_the_real_workbook_back(known: Caseload, tmp_path: Path) -> None:
    path = tmp_path / "bericht.xlsx"
    path.write_bytes(write_workbook(build_month_report(known, MONTH)))
    outcomes = read_report(path).outcomes
    assert outcomes is not None
    assert outcomes.counts["sheets"] == (3, 2)
    assert outcomes.counts["goals_reviewed.fully"] == (2,)
    assert outcomes.ratings["rating.health"] is None  # one case: suppressed
    housing = outcomes.ratings["rating.housing"]
    assert housing is not None and (housing.cases, housing.worsened) == (3, 1)
    assert housing.mean_change == pytest.approx(-1 / 3)
