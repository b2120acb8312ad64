"""The targets of issue 17 and the Markdown table that sets each measured ratio beside its goal.

Pure functions only (no Qt, no caseload): the harness fills in ``Figure``s, this module says
"met" or by how much a goal is missed, and a row is printed for every target, measured or not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    key: str
    what: str  # may name {base} and {large}, the two caseload sizes
    goal: float  # the ratio kimdesk / baseline may be at most this


@dataclass(frozen=True)
class Figure:
    baseline: float
    kimdesk: float
    unit: str  # "ms", "MB"
    baseline_label: str = ""  # what the baseline is, when the target's text does not say

    @property
    def ratio(self) -> float:
        return self.kimdesk / self.baseline if self.baseline > 0 else float("inf")


TARGETS: tuple[Target, ...] = (
    Target("save_contact", "GUI cost of saving one contact, over the store call alone", 3.0),
    Target(
        "cold_start",
        "cold start to the painted main window, over a bare PySide6 window with a table "
        "(fresh process, {base} cases)",
        3.0,
    ),
    Target(
        "cold_start_large",
        "cold start to the painted main window, over a bare PySide6 window with a table "
        "(fresh process, {large} cases)",
        5.0,
    ),
    Target(
        "export_time",
        "`kimdesk export-month` as a process, over a process writing the same cells with "
        "bare openpyxl `write_only`",
        1.5,
    ),
    Target("export_memory", "export peak memory, over that baseline", 2.0),
    Target("growth_unlock", "growth {base} → {large} cases: unlock", 5.5),
    Target("growth_overview", "growth {base} → {large} cases: overview", 5.5),
    Target("growth_case_list", "growth {base} → {large} cases: case list load", 5.5),
    Target("growth_export", "growth {base} → {large} cases: export", 5.5),
    Target("sqlcipher", "SQLCipher workload over the same statements on plain sqlite3", 1.3),
)


def verdict(ratio: float, goal: float) -> str:
    """ "met", or how far the ratio is above its goal (as a factor and in per cent)."""
    if ratio <= goal:
        return "met"
    return f"missed by {ratio - goal:.2f}× (+{(ratio / goal - 1) * 100:.0f} %)"


def _amount(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:,.0f} MB"
    if value >= 10_000:
        return f"{value / 1000:,.1f} s"
    return f"{value:,.1f} {unit}"


def rows(figures: Mapping[str, Figure], *, base: int, large: int | None) -> list[str]:
    """One Markdown row per target, in the issue's order; unmeasured ones say so."""
    lines = []
    for target in TARGETS:
        what = target.what.format(base=f"{base:,}", large=f"{large:,}" if large else "–")
        figure = figures.get(target.key)
        goal = f"≤ {target.goal:g}×"
        if figure is None:
            lines.append(f"| {what} | – | – | – | {goal} | not measured |")
            continue
        baseline = _amount(figure.baseline, figure.unit)
        if figure.baseline_label:
            baseline = f"{baseline} ({figure.baseline_label})"
        lines.append(
            f"| {what} | {baseline} | {_amount(figure.kimdesk, figure.unit)} | "
            f"{figure.ratio:.2f}× | {goal} | {verdict(figure.ratio, target.goal)} |"
        )
    return lines


def table(
    figures: Mapping[str, Figure],
    *,
    base: int,
    large: int | None,
    heading: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> str:
    """The whole report: heading lines, the table, notes."""
    return "\n".join(
        [
            *heading,
            "",
            "| row | baseline | kimdesk | ratio | goal | met? |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
            *rows(figures, base=base, large=large),
            "",
            *notes,
            "",
        ]
    )
