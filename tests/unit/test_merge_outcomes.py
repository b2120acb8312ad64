"""merge-reports over the sheet "Ergebnisse": counts summed, mean changes weighted by each
report's cases, rows a report suppressed (fewer than 3 cases) counted apart, a report of an
older kimdesk without the sheet left out with a note, a damaged sheet refused."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kimdesk.cli import main
from kimdesk.domain.vocabulary import Achievement, LifeDomain
from kimdesk.errors import BadInput
from kimdesk.report.merge import merge_files, merge_reports, read_report, write_merged
from kimdesk.report.outcomes import (
    Outcomes,
    RatingOutcome,
    SheetOutcomes,
    rating_outcomes,
    sheet_outcomes,
)
from kimdesk.report.outcomes_sheet import KEY_COLUMN, SHEET_OUTCOMES
from tests.unit.outcome_sheets import AREAS, add_outcome_sheet
from tests.unit.test_report_merge import build_report

DISTRICT_KEY_COLUMN = KEY_COLUMN + 1  # the district's rating block has one column more


def rating(
    domain: LifeDomain, cases: int, up: int, same: int, down: int, mean: float | None
) -> RatingOutcome:
    return RatingOutcome(domain, cases, up, same, down, mean)


def outcomes_of(
    *,
    closures: dict[str, int],
    interims: dict[str, int],
    housing_closure: tuple[int, int, int, int],
    ratings: dict[LifeDomain, RatingOutcome],
    goals: tuple[int, int, int, int],
) -> Outcomes:
    def sheets(changes: dict[str, int], housing: tuple[int, int, int, int]) -> SheetOutcomes:
        base = sheet_outcomes([], AREAS)
        overall = {**base.overall_change, **changes}
        areas = {**base.areas, "area_housing": dict(zip(Achievement, housing, strict=True))}
        return SheetOutcomes(sum(overall.values()), overall, areas)

    empty = {r.domain: r for r in rating_outcomes([])}
    return Outcomes(
        closures=sheets(closures, housing_closure),
        interims=sheets(interims, (0, 0, 0, 0)),
        area_labels=AREAS,
        ratings=tuple({**empty, **ratings}.values()),
        goals_reviewed=dict(zip(Achievement, goals, strict=True)),
    )


H, F, FAM = LifeDomain.HOUSING, LifeDomain.HEALTH, LifeDomain.FAMILY
# EB: housing 4 cases, mean +1.5; health 2 cases (suppressed); family 3 cases, mean -0.5.
EB = outcomes_of(
    closures={"better": 2, "none": 1},
    interims={"stabilised": 1},
    housing_closure=(2, 0, 1, 0),
    ratings={
        H: rating(H, 4, 3, 1, 0, 1.5),
        F: rating(F, 2, 2, 0, 0, 2.5),
        FAM: rating(FAM, 3, 0, 2, 1, -0.5),
    },
    goals=(3, 1, 0, 2),
)
# AK: housing 6 cases, mean +0.5; health 5 cases, mean +2.0; family 1 case (suppressed).
AK = outcomes_of(
    closures={"much_worse": 1},
    interims={"stabilised": 2, "better": 1},
    housing_closure=(0, 0, 0, 1),
    ratings={
        H: rating(H, 6, 4, 1, 1, 0.5),
        F: rating(F, 5, 4, 1, 0, 2.0),
        FAM: rating(FAM, 1, 1, 0, 0, 1.0),
    },
    goals=(1, 0, 2, 0),
)


def report_bytes(code: str, outcomes: Outcomes | None, **damage: Any) -> bytes:
    """A report of the fixed layout; with outcomes, the sheet Ergebnisse; ``damage`` maps a
    key to the figures its row gets instead, or to None to delete the row's key."""
    workbook = openpyxl.load_workbook(io.BytesIO(build_report(code=code, outcomes=False)))
    if outcomes is not None:
        add_outcome_sheet(workbook, outcomes)
        sheet = workbook[SHEET_OUTCOMES]
        workbook.move_sheet(sheet, offset=-1)  # before _kimdesk, as kimdesk writes it
        for row in sheet.iter_rows():
            key = row[KEY_COLUMN - 1].value
            if key in damage:
                if damage[key] is None:
                    row[KEY_COLUMN - 1].value = None
                else:
                    for cell, value in zip(row[1:], damage[key], strict=False):
                        cell.value = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes], Path]:
    def _write(name: str, data: bytes) -> Path:
        (tmp_path / name).write_bytes(data)
        return tmp_path / name

    return _write


def district_rows(data: bytes) -> dict[str, tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data))[SHEET_OUTCOMES]
    return {
        row[DISTRICT_KEY_COLUMN - 1]: row[1 : DISTRICT_KEY_COLUMN - 1]
        for row in sheet.iter_rows(values_only=True)
        if len(row) >= DISTRICT_KEY_COLUMN
        and row[DISTRICT_KEY_COLUMN - 1] not in (None, "Schlüssel")
    }


def sheet_text(data: bytes) -> str:
    sheet = openpyxl.load_workbook(io.BytesIO(data))[SHEET_OUTCOMES]
    return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)


def test_two_reports_are_summed_and_means_weighted(
    write: Callable[[str, bytes], Path], tmp_path: Path
) -> None:
    paths = [write("eb.xlsx", report_bytes("EB", EB)), write("ak.xlsx", report_bytes("AK", AK))]
    merged = merge_files(paths, [], tmp_path / "bezirk.xlsx")
    assert merged.notes() == []
    data = (tmp_path / "bezirk.xlsx").read_bytes()
    rows = district_rows(data)

    assert rows["change.better"][:2] == (2, 1)
    assert rows["change.much_worse"][:2] == (1, 0)
    assert rows["change.stabilised"][:2] == (0, 3)
    assert rows["change.none"][:2] == (1, 0)
    assert rows["sheets"][:2] == (4, 4)
    assert rows["closure_area.area_housing"][:4] == (2, 0, 1, 1)
    assert rows["goals_reviewed.fully"][0] == 4
    assert [rows[f"goals_reviewed.{a.value}"][0] for a in Achievement] == [4, 1, 2, 2]

    # housing: 4 + 6 cases; (4 × 1.5 + 6 × 0.5) / 10 = 0.9; no report suppressed it
    assert rows["rating.housing"][:4] == (10, 7, 2, 1)
    assert rows["rating.housing"][4] == pytest.approx(0.9)
    assert rows["rating.housing"][5] == 0
    # health: EB's two cases are suppressed, so AK's five alone, and one report counted apart
    assert rows["rating.health"][:4] == (5, 4, 1, 0)
    assert rows["rating.health"][4] == pytest.approx(2.0)
    assert rows["rating.health"][5] == 1
    # family: AK's one case is suppressed, EB's three stand
    assert rows["rating.family"][:4] == (3, 0, 2, 1)
    assert rows["rating.family"][4] == pytest.approx(-0.5)
    assert rows["rating.family"][5] == 1
    assert rows["rating.social"] == (0, 0, 0, 0, None, 0)

    text = sheet_text(data)
    assert "Berichte mit diesem Blatt: 2 von 2." in text
    assert "weniger als 3 Fällen in einem Bericht ist dort unterdrückt" in text
    sheet = openpyxl.load_workbook(io.BytesIO(data))[SHEET_OUTCOMES]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$1:$1" and sheet["A1"].font.name == "Calibri"


def test_a_report_without_the_sheet_is_left_out_with_a_note(
    write: Callable[[str, bytes], Path],
) -> None:
    old = read_report(write("alt.xlsx", report_bytes("AK", None)))
    assert old.outcomes is None
    merged = merge_reports([read_report(write("eb.xlsx", report_bytes("EB", EB))), old])
    [note] = merged.notes()
    assert note == (
        "Ohne Blatt Ergebnisse (mit einer älteren kimdesk-Version erstellt), in den "
        "Ergebnissen des Bezirks nicht enthalten: alt.xlsx."
    )
    data = write_merged(merged)
    rows = district_rows(data)
    assert rows["sheets"][:2] == (3, 1)  # EB's alone
    assert rows["rating.housing"][:4] == (4, 3, 1, 0)
    assert rows["rating.health"][:4] == (0, 0, 0, 0) and rows["rating.health"][5] == 1
    text = sheet_text(data)
    assert "Berichte mit diesem Blatt: 1 von 2." in text and "alt.xlsx" in text
    # the other sheets still count both reports
    district = {
        r[2]: r[1]
        for r in openpyxl.load_workbook(io.BytesIO(data))["Bezirk"].iter_rows(values_only=True)
        if r[2]
    }
    assert district["reports"] == 2


def test_no_report_with_the_sheet_gives_an_empty_district_sheet(
    write: Callable[[str, bytes], Path],
) -> None:
    merged = merge_reports([read_report(write("alt.xlsx", report_bytes("AK", None)))])
    text = sheet_text(write_merged(merged))
    assert "Berichte mit diesem Blatt: 0 von 1." in text


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ({"change.better": ("viele", 0)}, r"Das Blatt Ergebnisse ist beschädigt \(Zeile \d+\)\.$"),
        ({"goals_reviewed.fully": (-1,)}, r"ist beschädigt \(Zeile \d+\)"),
        ({"rating.housing": (4, 1, 1, 0, 1.5)}, r"ist beschädigt"),  # 4 cases, 2 counted
        ({"rating.housing": (4, 3, 1, 0, "viel")}, r"ist beschädigt"),
        ({"rating.family": ("ein paar", None, None, None, None)}, r"ist beschädigt"),
        ({"rating.housing": None}, r"Dem Blatt Ergebnisse fehlen Zeilen"),
        ({"sheets": None}, r"Dem Blatt Ergebnisse fehlen Zeilen"),
    ],
)
def test_a_damaged_sheet_is_refused_naming_the_file(
    write: Callable[[str, bytes], Path], damage: dict[str, Any], message: str
) -> None:
    path = write("kaputt.xlsx", report_bytes("EB", EB, **damage))
    with pytest.raises(BadInput, match=f"^kaputt.xlsx: .*{message}"):
        read_report(path)


def test_a_row_given_twice_is_refused(write: Callable[[str, bytes], Path]) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(report_bytes("EB", EB)))
    sheet = workbook[SHEET_OUTCOMES]
    sheet.append(["noch einmal", 1, 1, None, None, None, "change.better"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(BadInput, match=r"doppelt.xlsx: Das Blatt Ergebnisse ist beschädigt"):
        read_report(write("doppelt.xlsx", buffer.getvalue()))


def test_the_monthly_sheet_reads_back_as_written(write: Callable[[str, bytes], Path]) -> None:
    outcomes = read_report(write("eb.xlsx", report_bytes("EB", EB))).outcomes
    assert outcomes is not None
    assert outcomes.counts["change.better"] == (2, 0)
    assert outcomes.ratings["rating.health"] is None  # suppressed in the report
    housing = outcomes.ratings["rating.housing"]
    assert housing is not None and (housing.cases, housing.mean_change) == (4, 1.5)
    assert outcomes.labels["closure_area.area_housing"] == "Wohnsituation"


def test_the_command_line_says_which_report_lacks_the_sheet_and_refuses_a_damaged_one(
    write: Callable[[str, bytes], Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eb, old = write("eb.xlsx", report_bytes("EB", EB)), write("alt.xlsx", report_bytes("AK", None))
    out = tmp_path / "bezirk.xlsx"
    assert main(["merge-reports", str(eb), str(old), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Ohne Blatt Ergebnisse" in printed and "alt.xlsx" in printed
    assert district_rows(out.read_bytes())["sheets"][:2] == (3, 1)

    broken = write("kaputt.xlsx", report_bytes("AK", AK, sheets=("drei", 1)))
    again = tmp_path / "bezirk2.xlsx"
    assert main(["merge-reports", str(eb), str(broken), "--out", str(again)]) == 2
    assert "kaputt.xlsx: Das Blatt Ergebnisse ist beschädigt" in capsys.readouterr().err
    assert not again.exists()  # nothing half-written
