"""The assessment comparison's figures: one mean per life domain and assessment round.

Kept apart from the PDF (kimdesk.printing.comparison) so the screen's radar chart gets them
without loading reportlab at start.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kimdesk.domain.dates import format_german_date
from kimdesk.domain.vocabulary import ASSESSMENT_DOMAINS, AssessmentKind
from kimdesk.forms.compare import RatingChange
from kimdesk.i18n import _

Series = list[tuple[str, list[float | None]]]


def domain_means(changes: Sequence[RatingChange]) -> tuple[list[str], Series]:
    """One axis per assessment domain, one series per round with the mean of its lines."""
    axes = [domain.label for domain in ASSESSMENT_DOMAINS]
    rounds = max((len(change.later) for change in changes), default=-1) + 1
    values: list[list[list[int]]] = [[[] for _d in ASSESSMENT_DOMAINS] for _r in range(rounds)]
    dates: list[set[date]] = [set() for _r in range(rounds)]
    for change in changes:
        column = ASSESSMENT_DOMAINS.index(change.domain)
        for round_no, (on, value) in enumerate([(change.first_on, change.first), *change.later]):
            dates[round_no].add(on)
            if value is not None:
                values[round_no][column].append(value)
    series: Series = []
    for round_no in range(rounds):
        means = [sum(v) / len(v) if v else None for v in values[round_no]]
        series.append((_round_name(round_no, rounds, dates[round_no]), means))
    return axes, series


def _round_name(round_no: int, rounds: int, dates: set[date]) -> str:
    if round_no == 0:
        name = AssessmentKind.FIRST.label
    elif rounds > 2:
        name = _("Re-assessment {n}").format(n=round_no)
    else:
        name = AssessmentKind.RE_ASSESSMENT.label
    first, last = format_german_date(min(dates)), format_german_date(max(dates))
    when = first if first == last else f"{first}–{last}"
    return f"{name} · {when}"
