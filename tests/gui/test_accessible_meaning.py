"""Meaning for assistive technology: a rating row is ONE control (a slider with its value and
the scale's ends), and the overview's cards, the case header and the phase path say in
words what they show by colour and position."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAccessible, QColor, QFont, QImage, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Contact, Goal
from kimdesk.domain.vocabulary import ConsentKind, Setting
from kimdesk.forms.model import Anchors, Field, FieldType
from kimdesk.gui.case_view import CaseView
from kimdesk.gui.dashboard import Dashboard
from kimdesk.gui.wizard.choices import ScaleEditor
from kimdesk.gui.wizard.rating_block import RatingBlock
from kimdesk.gui.wizard.rating_scale import RatingScale
from tests.conftest import make_person
from tests.unit.test_style_contrast import contrast

HEALTH = Field(
    "health",
    FieldType.SCALE_10,
    "Gesundheit",
    anchors=Anchors("1 = extrem krank", "10 = gesund"),
)
LEGEND = "1 = extrem krank bis 10 = gesund"


@pytest.fixture
def row(qtbot) -> ScaleEditor:
    editor = ScaleEditor(HEALTH)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_a_rating_row_is_one_slider_with_name_value_and_the_scale_ends(row) -> None:
    scale = row.scale_box
    interface = QAccessible.queryAccessibleInterface(scale)
    assert interface is not None and interface.isValid()
    assert interface.role() is QAccessible.Role.Slider  # not ten buttons
    assert interface.childCount() == 0
    assert interface.text(QAccessible.Text.Name) == "Gesundheit"
    assert interface.text(QAccessible.Text.Description) == f"nicht bewertet. {LEGEND}"
    row.set_value({"value": 7, "remark": ""})
    assert interface.text(QAccessible.Text.Description) == f"7 von 10. {LEGEND}"
    value = interface.valueInterface()
    assert value is not None
    assert (value.currentValue(), value.minimumValue(), value.maximumValue()) == (7, 0, 10)
    # the row's focusable parts: the scale and the remark, nothing for each number
    focusable = [
        w for w in row.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus.value
    ]
    assert set(focusable) == {scale, row.remark}
    assert row.label.buddy() is scale


def test_the_keys_choose_on_the_focused_scale(qtbot, row) -> None:
    scale = row.scale_box
    scale.setFocus()
    qtbot.waitUntil(scale.hasFocus)
    with qtbot.waitSignal(row.changed):
        qtbot.keyClick(scale, Qt.Key.Key_Right)
    assert row.rating() == 1  # from "not rated", the first step is 1
    for _ in range(3):
        qtbot.keyClick(scale, Qt.Key.Key_Right)
    assert row.rating() == 4
    qtbot.keyClick(scale, Qt.Key.Key_Left)
    assert row.rating() == 3
    qtbot.keyClick(scale, Qt.Key.Key_End)
    assert row.rating() == 10
    qtbot.keyClick(scale, Qt.Key.Key_Right)
    assert row.rating() == 10
    qtbot.keyClick(scale, Qt.Key.Key_Home)
    assert row.rating() == 1
    qtbot.keyClick(scale, Qt.Key.Key_Left)
    assert row.rating() == 1
    qtbot.keyClick(scale, Qt.Key.Key_7)
    assert row.value() == {"value": 7, "remark": ""}
    assert "7 von 10" in scale.accessibleDescription()
    qtbot.keyClick(scale, Qt.Key.Key_Delete)
    assert row.value() == {}
    assert scale.accessibleDescription().startswith("nicht bewertet.")
    qtbot.keyClick(scale, Qt.Key.Key_9)
    qtbot.keyClick(scale, Qt.Key.Key_Backspace)
    assert row.rating() is None


def test_the_mouse_still_clicks_a_number_and_the_wheel_changes_nothing(qtbot, row) -> None:
    scale = row.scale_box
    with qtbot.waitSignal(row.changed):
        qtbot.mouseClick(scale, Qt.MouseButton.LeftButton, pos=scale.box_rect(6).center())
    assert row.rating() == 6
    assert scale.hasFocus()  # the keys go on from the clicked row
    qtbot.mouseClick(scale, Qt.MouseButton.LeftButton, pos=scale.box_rect(6).center())
    assert row.rating() is None  # the chosen number again: taken back
    gap = QPoint(scale.box_rect(2).left() - 1, scale.box_rect(2).center().y())
    assert scale.number_at(gap) == 0
    qtbot.mouseClick(scale, Qt.MouseButton.LeftButton, pos=gap)
    assert row.rating() is None
    row.set_value({"value": 5, "remark": ""})
    scale.setFocus()
    qtbot.waitUntil(scale.hasFocus)
    centre = QPointF(scale.box_rect(5).center())
    wheel = QWheelEvent(
        centre,
        QPointF(scale.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(scale, wheel)
    assert row.rating() == 5  # scrolling the page never changes a rating


def test_assistive_technology_can_set_the_value_and_it_counts_as_an_edit(qtbot, row) -> None:
    interface = QAccessible.queryAccessibleInterface(row.scale_box)
    value = interface.valueInterface()
    with qtbot.waitSignal(row.changed):
        value.setCurrentValue(8)
    assert row.value() == {"value": 8, "remark": ""}
    row.set_read_only(True)
    value.setCurrentValue(2)
    assert row.rating() == 8  # read-only: not even through the slider interface


def test_read_only_rows_take_no_keys(qtbot, row) -> None:
    row.set_value({"value": 4, "remark": ""})
    row.set_read_only(True)
    qtbot.keyClick(row.scale_box, Qt.Key.Key_9)
    qtbot.mouseClick(
        row.scale_box, Qt.MouseButton.LeftButton, pos=row.scale_box.box_rect(2).center()
    )
    assert row.rating() == 4


def grab(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def test_the_focused_scale_shows_a_frame_of_at_least_3_to_1(qtbot, row) -> None:
    scale: RatingScale = row.scale_box
    row.window().activateWindow()
    row.remark.setFocus()  # the window gives its first widget, the scale, the focus
    qtbot.waitUntil(row.remark.hasFocus)
    without = grab(scale)
    scale.setFocus()
    qtbot.waitUntil(scale.hasFocus)
    with_focus = grab(scale)
    changed = [
        (without.pixelColor(x, y), with_focus.pixelColor(x, y))
        for x in range(without.width())
        for y in range(without.height())
        if without.pixel(x, y) != with_focus.pixel(x, y)
    ]
    assert len(changed) >= 2 * (scale.width() + scale.height())  # a frame all round
    best = max(contrast(QColor(a).name(), QColor(b).name()) for a, b in changed)
    assert best >= 3.0


# -- the overview, the case header, the phase path -------------------------------------------


def test_the_phase_path_says_where_the_case_stands(qtbot, caseload: Caseload, prompter) -> None:
    case_id = caseload.open_case(caseload.add_person(make_person()), opened_on=date(2026, 2, 2)).id
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, date(2026, 2, 3), "de"))
    for phase in (Phase.INTAKE, Phase.ASSESSMENT, Phase.GOALS):
        caseload.move_to(case_id, phase, on=date(2026, 2, 5))
    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.show_case(case_id)
    description = view.phase_path.accessibleDescription()
    assert description.startswith(f"Phase 4 von 9: {Phase.GOALS.label}; erledigt: ")
    done = description.split("; erledigt: ")[1].split(";")[0]
    assert done.split(", ") == [Phase.SCREENING.label, Phase.INTAKE.label, Phase.ASSESSMENT.label]
    assert f"noch nicht: {Phase.PLANNING.label}" in description
    assert view.header.accessibleName() == "Kopf der Fallakte"
    header = view.header.accessibleDescription()
    assert description in header and caseload.case(case_id).case_number in header
    # the person's name is what a screen reader says for the name label, not "Name"
    interface = QAccessible.queryAccessibleInterface(view.name_label)
    assert interface.text(QAccessible.Text.Name) == view.name_label.text()


def test_the_cards_say_their_counts_and_urgency_in_words(qtbot, caseload: Caseload) -> None:
    case_id = caseload.open_case(caseload.add_person(make_person()), opened_on=date(2026, 1, 10)).id
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, date(2026, 9, 1), "de"))
    caseload.move_to(case_id, Phase.INTAKE, on=date(2026, 9, 1))
    caseload.move_to(case_id, Phase.ASSESSMENT, on=date(2026, 9, 1))
    caseload.add_contact(Contact(case_id, date(2026, 11, 20), 60, Setting.IN_PERSON))
    caseload.add_goal(Goal(case_id, 1, "Ziel 1", date(2026, 9, 1), review_due=date(2026, 11, 1)))
    dashboard = Dashboard()
    qtbot.addWidget(dashboard)
    dashboard.show_overview(caseload.overview(), caseload.profile(), {})
    card = dashboard.reviews_card
    assert card.accessibleName() == "Fällige Überprüfungen"
    assert card.accessibleDescription() == "1 Eintrag; einige davon dringend"
    assert card.badge.accessibleName() == card.accessibleDescription()
    assert dashboard.drafts_card.accessibleDescription() == "0 Einträge"


def test_a_scale_too_wide_for_its_place_wraps_into_two_rows(qtbot, row) -> None:
    scale = row.scale_box
    full = scale.sizeHint().width()
    assert scale.minimumSizeHint().width() < full * 0.6
    assert (scale.columns(full), scale.columns(full - 1)) == (10, 5)
    assert scale.heightForWidth(full - 1) > scale.heightForWidth(full)
    scale.resize(full - 1, scale.heightForWidth(full - 1))
    assert scale.box_rect(6).left() == scale.box_rect(1).left()  # 6–10 under 1–5
    assert scale.box_rect(6).top() > scale.box_rect(5).bottom()
    assert all(scale.rect().contains(scale.box_rect(n)) for n in range(1, 11))


def test_at_200_percent_the_block_stacks_and_the_scale_ends_wrap(qtbot) -> None:
    rows = [ScaleEditor(HEALTH), ScaleEditor(replace(HEALTH, key="mind", label="Psyche"))]
    block = RatingBlock(rows)
    qtbot.addWidget(block)
    font = QFont(block.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    block.setFont(font)
    width = rows[0].scale_box.sizeHint().width() - 20  # narrower than the scale in one row
    block.resize(width, 800)
    block.show()
    qtbot.waitExposed(block)
    qtbot.waitUntil(lambda: all(row.is_stacked() for row in rows))
    assert block.minimumWidth() <= width
    (legend,) = block.legends
    assert legend.wordWrap() and legend.width() <= width
    assert legend.height() >= legend.heightForWidth(legend.width())  # all lines shown
    for each in rows:
        scale = each.scale_box
        assert scale.width() <= width and scale.columns() == 5
        assert all(scale.rect().contains(scale.box_rect(n)) for n in range(1, 11))
