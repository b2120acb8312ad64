"""Rating blocks as on paper: the 1–10 anchor texts once per block, above rows of one line
(item, ten buttons, remark side by side), still announced to a screen reader per row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kimdesk.caseload import Caseload
from kimdesk.forms.model import Anchors, Field, FieldType, FormKind, Section
from kimdesk.gui.wizard import FormWizard
from kimdesk.gui.wizard.choices import ScaleEditor
from kimdesk.gui.wizard.pages import SectionPage
from kimdesk.gui.wizard.rating_block import RatingBlock
from kimdesk.paths import ui_dir
from tests.gui.test_wizard import new_case, open_wizard

WIZARD_SIZE = (1100, 760)  # the size the screenshots use
ASSESSMENTS = [
    "assessment_residence",
    "assessment_education_work",
    "assessment_family",
    "assessment_finances",
    "assessment_health",
    "assessment_migration",
    "assessment_social",
    "assessment_housing",
]


def settle() -> None:
    for _round in range(4):
        QApplication.processEvents()


def rating_page(
    qtbot, caseload: Caseload, key: str, prompter, *, styled: bool = True
) -> tuple[FormWizard, SectionPage]:
    case_id = new_case(caseload, consent=True)
    wizard = open_wizard(qtbot, caseload, case_id, key, prompter)
    if styled:  # the application's look (button sizes, fonts), on this window only
        wizard.setStyleSheet((ui_dir() / "kimdesk.qss").read_text(encoding="utf-8"))
    wizard.resize(*WIZARD_SIZE)
    index = next(
        i
        for i, page in enumerate(wizard.pages)
        if any(f.type is FieldType.SCALE_10 for f in page.section.fields)
    )
    wizard.go_to_page(index)
    settle()
    return wizard, wizard.pages[index]


def one_line() -> int:
    """The height of a plain one-line label."""
    return QLabel("Einkommen").sizeHint().height()


def labels_showing(widget: QWidget, text: str) -> list[QLabel]:
    return [label for label in widget.findChildren(QLabel) if text in label.text()]


def test_every_form_keeps_one_scale_per_block(caseload: Caseload) -> None:
    """What the forms carry: anchors per field, identical for all lines of a block."""
    for definition in caseload.forms.of_kind(FormKind.ASSESSMENT):
        for section in definition.sections:
            anchors = {f.anchors for f in section.fields if f.type is FieldType.SCALE_10}
            assert len(anchors) <= 1, definition.key


@pytest.mark.parametrize("key", ASSESSMENTS)
def test_one_legend_above_rows_of_one_line(qtbot, caseload: Caseload, prompter, key) -> None:
    wizard, page = rating_page(qtbot, caseload, key, prompter)
    (block,) = page.findChildren(RatingBlock)
    rows = [e for e in page.editors if isinstance(e, ScaleEditor)]
    assert block.rows == rows and rows
    anchors = rows[0].field.anchors
    assert anchors is not None
    legend_text = f"{anchors.low} bis {anchors.high}"  # worded as under the paper's table
    assert [legend.text() for legend in block.legends] == [legend_text]
    legend = block.legends[0]
    assert legend.isVisible() and legend.wordWrap()
    # shown once on the page, never beside a row
    assert labels_showing(page.widget(), anchors.low) == [legend]
    assert labels_showing(page.widget(), anchors.high) == [legend]
    top_of_rows = min(row.mapTo(block, QPoint(0, 0)).y() for row in rows)
    assert legend.geometry().bottom() < top_of_rows
    line = one_line()
    for row in rows:
        assert not row.is_stacked()
        buttons = row.scale_box.geometry()
        # item, buttons and remark side by side in one band: as high as the buttons, or as a
        # long item label wrapped once (about the same); the old layout took six lines
        label_lines = 2 * row.label.fontMetrics().lineSpacing()
        assert row.height() <= max(buttons.height(), label_lines) + 4, row.field.key
        assert row.height() < 3 * line, row.field.key
        for part in (row.label, row.remark):
            middle = part.geometry().center().y()
            assert buttons.top() <= middle <= buttons.bottom(), row.field.key
        assert row.label.geometry().right() < buttons.left() < buttons.right()
        assert buttons.right() < row.remark.geometry().left()
        assert row.remark.geometry().right() <= row.width()
    # the block fits the page: nothing is cut at the right
    right = block.mapTo(page.widget(), QPoint(block.width(), 0)).x()
    assert right <= page.viewport().width()
    wizard.close()


def test_clicking_a_rating_still_records_it(qtbot, caseload: Caseload, prompter) -> None:
    wizard, page = rating_page(qtbot, caseload, "assessment_health", prompter)
    row = wizard.editor("mental")
    assert isinstance(row, ScaleEditor)
    qtbot.mouseClick(
        row.scale_box, Qt.MouseButton.LeftButton, pos=row.scale_box.box_rect(4).center()
    )
    qtbot.keyClicks(row.remark, "stabil")
    assert wizard.answers()["mental"] == {"value": 4, "remark": "stabil"}
    assert wizard.save_draft_now()
    stored = caseload.form_instance(wizard.instance_id).answers  # type: ignore[arg-type]
    assert stored["mental"] == {"value": 4, "remark": "stabil"}
    wizard.close()


def test_each_row_announces_its_anchors(qtbot, caseload: Caseload, prompter) -> None:
    wizard, page = rating_page(qtbot, caseload, "assessment_family", prompter)
    for row in (e for e in page.editors if isinstance(e, ScaleEditor)):
        anchors = row.field.anchors
        assert anchors is not None
        legend = f"{anchors.low} bis {anchors.high}"
        assert row.accessibleDescription() == legend
        assert row.scale_box.accessibleName() == row.field.label
        assert legend in row.scale_box.accessibleDescription()
        assert row.remark.accessibleName() == f"{row.field.label}: Bemerkung CM"
        assert legend in row.remark.accessibleDescription()
        assert row.label.buddy() is row.scale_box
    wizard.close()


def scale(key: str, label: str, low: str, high: str) -> Field:
    return Field(key, FieldType.SCALE_10, label, anchors=Anchors(low, high))


def test_a_row_with_other_anchors_gets_its_own_legend(qtbot) -> None:
    section = Section(
        "ratings",
        "Einschätzung",
        fields=(
            scale("a", "Einkommen", "1 = kein Einkommen", "10 = kein Problem"),
            scale("b", "Schulden", "1 = kein Einkommen", "10 = kein Problem"),
            scale("c", "Wohnung", "1 = keine Wohnung", "10 = Wohnung vorhanden"),
            scale("d", "Mobilität", "1 = kein Einkommen", "10 = kein Problem"),
            Field("note", FieldType.SHORT_TEXT, "Notiz"),
            scale("e", "Sprache", "1 = keine Kenntnisse", "10 = fließend"),
        ),
    )
    page = SectionPage(section, [])
    qtbot.addWidget(page)
    page.resize(800, 600)
    page.show()
    settle()
    first, second = page.findChildren(RatingBlock)
    assert [legend.text() for legend in first.legends] == [
        "1 = kein Einkommen bis 10 = kein Problem",
        "1 = keine Wohnung bis 10 = Wohnung vorhanden",
        "1 = kein Einkommen bis 10 = kein Problem",
    ]
    (other,) = second.legends
    assert other.text() == "1 = keine Kenntnisse bis 10 = fließend"
    # each legend stands right above the rows it explains
    a, b, c, d = first.rows
    legends = first.legends
    assert legends[0].y() < a.y() < b.y() < legends[1].y() < c.y() < legends[2].y() < d.y()
    assert [e.field.key for e in page.editors] == ["a", "b", "c", "d", "note", "e"]


def test_large_text_stacks_the_rows_instead_of_cutting(qtbot, caseload: Caseload, prompter) -> None:
    # unstyled: a style sheet on the window would keep its own fonts
    wizard, page = rating_page(qtbot, caseload, "assessment_health", prompter, styled=False)
    font = wizard.font()
    font.setPointSizeF(font.pointSizeF() * 2)  # 200 % text
    wizard.setFont(font)
    (block,) = page.findChildren(RatingBlock)
    # the new font reaches the rows through posted events, the block then lays out again
    qtbot.waitUntil(lambda: all(row.is_stacked() for row in block.rows))
    settle()
    assert not block.header.isVisible()
    width = page.viewport().width()
    for widget in (*block.legends, *block.rows):
        assert widget.mapTo(page.widget(), QPoint(widget.width(), 0)).x() <= width
    assert block.legends[0].height() > 2 * block.legends[0].fontMetrics().lineSpacing()
    font.setPointSizeF(font.pointSizeF() / 2)
    wizard.setFont(font)
    qtbot.waitUntil(lambda: not any(row.is_stacked() for row in block.rows))
    wizard.close()


def test_ratings_in_a_group_entry_share_one_legend(qtbot) -> None:
    group = Field(
        "lines",
        FieldType.REPEATING_GROUP,
        "Einschätzungen",
        max_items=2,
        fields=(
            scale("a", "Einkommen", "1 = kein Einkommen", "10 = kein Problem"),
            scale("b", "Schulden", "1 = kein Einkommen", "10 = kein Problem"),
        ),
    )
    page = SectionPage(Section("s", "Gruppe", fields=(group,)), [])
    qtbot.addWidget(page)
    page.resize(800, 600)
    page.show()
    settle()
    (block,) = page.findChildren(RatingBlock)
    assert [legend.text() for legend in block.legends] == [
        "1 = kein Einkommen bis 10 = kein Problem"
    ]
    row = block.rows[0]
    qtbot.mouseClick(
        row.scale_box, Qt.MouseButton.LeftButton, pos=row.scale_box.box_rect(7).center()
    )
    assert page.editors[0].value() == [{"a": {"value": 7, "remark": ""}}]
