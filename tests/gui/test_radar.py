"""The radar chart of the assessment comparison: the domain means and the painting."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QColor, QImage

from kimdesk.domain.vocabulary import ASSESSMENT_DOMAINS, LifeDomain
from kimdesk.forms.compare import RatingChange
from kimdesk.gui.radar import ComparisonPanel, RadarChart, change_text, domain_means

FIRST, LATER = date(2026, 3, 2), date(2026, 9, 14)


def line(domain: LifeDomain, key: str, first: int | None, *later: int | None) -> RatingChange:
    return RatingChange(
        domain=domain,
        line=key,
        label=key,
        first_on=FIRST,
        first=first,
        later=tuple((LATER, value) for value in later),
    )


CHANGES = [
    line(LifeDomain.HEALTH, "physical", 3, 6),
    line(LifeDomain.HEALTH, "mental", 5, None),
    line(LifeDomain.HEALTH, "help_use", None, 8),
    line(LifeDomain.HOUSING, "space", 8, 4),
]


def test_domain_means_has_one_axis_per_assessment_domain_and_one_series_per_round() -> None:
    axes, series = domain_means(CHANGES)
    assert axes == [domain.label for domain in ASSESSMENT_DOMAINS]
    assert len(series) == 2
    (first_name, first), (later_name, later) = series
    health = ASSESSMENT_DOMAINS.index(LifeDomain.HEALTH)
    housing = ASSESSMENT_DOMAINS.index(LifeDomain.HOUSING)
    assert first[health] == pytest.approx(4.0)  # (3 + 5) / 2; the unrated line is left out
    assert later[health] == pytest.approx(7.0)  # (6 + 8) / 2
    assert (first[housing], later[housing]) == (8.0, 4.0)
    assert first[ASSESSMENT_DOMAINS.index(LifeDomain.FAMILY)] is None
    assert "02.03.2026" in first_name and "14.09.2026" in later_name


def test_domain_means_of_no_changes_is_empty() -> None:
    axes, series = domain_means([])
    assert len(axes) == 8 and series == []


def test_three_rounds_are_numbered() -> None:
    changes = [line(LifeDomain.FAMILY, "a", 2, 4, 6)]
    _axes, series = domain_means(changes)
    assert len(series) == 3
    assert series[1][0] != series[2][0]


def test_change_text_carries_its_sign() -> None:
    assert [change_text(c) for c in (3, -2, 0, None)] == ["+3", "−2", "±0", "–"]


def test_the_chart_paints_something_antialiased(qtbot) -> None:
    chart = RadarChart()
    qtbot.addWidget(chart)
    chart.resize(chart.sizeHint())
    assert (chart.sizeHint().width(), chart.sizeHint().height()) == (420, 360)
    chart.set_series(*domain_means(CHANGES))
    image = QImage(chart.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    chart.render(image)
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
    }
    assert len(colours) > 20  # grid, two polygons, labels and legend: far from blank
    assert "14.09.2026" in chart.accessibleDescription()


def test_the_panel_shows_the_empty_state_without_changes(qtbot) -> None:
    panel = ComparisonPanel()
    qtbot.addWidget(panel)
    panel.set_changes([])
    assert panel.is_empty
    panel.set_changes(CHANGES)
    assert not panel.is_empty
    assert panel.table.rowCount() == len(CHANGES)
    last = panel.table.columnCount() - 1
    assert panel.table.item(0, last).text() == "+3"
    assert panel.table.item(3, last).text() == "−4"
