"""The field editors of the form wizard: values round-trip, keyboard input, scales, groups,
read-only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QVBoxLayout, QWidget

from kimdesk.domain.records import Service
from kimdesk.forms.loader import default_forms
from kimdesk.forms.model import FIXED_OPTIONS, Anchors, Field, FieldType, Option
from kimdesk.gui.wizard import FieldEditor, editor_for
from kimdesk.gui.wizard.choices import ComboChoiceEditor, RadioChoiceEditor, ScaleEditor
from kimdesk.gui.wizard.date_input import DateEditor, parse_date
from kimdesk.gui.wizard.editors import GrowingTextEdit, NumberEditor, ShortTextEditor
from kimdesk.gui.wizard.group import RepeatingGroupEditor
from kimdesk.i18n import _

SERVICES = [
    (4, Service(provider="Caritas", offer="Schuldnerberatung")),
    (9, Service(provider="AWO", offer="Migrationsberatung")),
]
OPTIONS = (Option("yes", "ja"), Option("no", "nein"), Option("more", "weitere Informationen"))
MANY = tuple(Option(f"o{i}", f"Bereich {i}") for i in range(9))


def fixed(kind: FieldType) -> tuple[Option, ...]:
    return tuple(Option(key, label) for key, label in FIXED_OPTIONS[kind])


GROUP = Field(
    "goals",
    FieldType.REPEATING_GROUP,
    "Ziele",
    max_items=3,
    fields=(
        Field("goal", FieldType.LONG_TEXT, "Ziel", required=True),
        Field("next_step", FieldType.SHORT_TEXT, "Der nächste Schritt"),
    ),
)
SCALE = Field(
    "physical",
    FieldType.SCALE_10,
    "der körperlichen Gesundheit",
    anchors=Anchors("1 = extrem krank", "10 = gesund"),
)

SAMPLES: list[tuple[Field, Any]] = [
    (Field("name", FieldType.SHORT_TEXT, "Name"), "Ayşe Yılmaz"),
    (Field("note", FieldType.LONG_TEXT, "Notiz"), "Zeile eins\nZeile zwei"),
    (Field("date", FieldType.DATE, "Datum"), "2026-11-23"),
    (Field("age", FieldType.NUMBER, "Alter", integer=True, minimum=0, maximum=120), 42),
    (Field("share", FieldType.NUMBER, "Anteil", minimum=0, maximum=1), 0.75),
    (Field("cm", FieldType.SINGLE_CHOICE, "CM erforderlich?", options=OPTIONS), "more"),
    (Field("area", FieldType.SINGLE_CHOICE, "Lebensbereich", options=MANY), "o7"),
    (Field("topics", FieldType.MULTIPLE_CHOICE, "Themen", options=MANY), ["o1", "o5"]),
    (Field("agreed", FieldType.YES_NO, "Einigkeit"), False),
    (Field("agreed2", FieldType.YES_NO, "Einigkeit"), True),
    (SCALE, {"value": 7, "remark": "stabil"}),
    (SCALE, {"value": None, "remark": "nur Bemerkung"}),
    (
        Field("a", FieldType.ACHIEVEMENT_4, "Ziel 1", options=fixed(FieldType.ACHIEVEMENT_4)),
        "hardly",
    ),
    (Field("c", FieldType.CHANGE_6, "Situation", options=fixed(FieldType.CHANGE_6)), "worse"),
    (
        Field("jobcenter", FieldType.AGENCY_CONTACT, "Jobcenter"),
        {"name": "Jobcenter Solingen", "contact_person": "Fr. Beispiel", "file_number": "A-1"},
    ),
    (
        Field("provider", FieldType.SERVICE, "Anbieter"),
        {"service_id": 9, "name": "AWO – Migrationsberatung"},
    ),
    (Field("provider2", FieldType.SERVICE, "Anbieter"), {"service_id": None, "name": "Tafel"}),
    (GROUP, [{"goal": "Wohnung finden", "next_step": "Termin"}, {"goal": "Deutschkurs B1"}]),
]


def make(qtbot, field: Field) -> FieldEditor:
    editor = editor_for(field, None, services=SERVICES)
    qtbot.addWidget(editor)
    return editor


def shown(qtbot, field: Field) -> FieldEditor:
    editor = make(qtbot, field)
    editor.show()
    editor.activateWindow()
    qtbot.waitExposed(editor)
    return editor


@pytest.mark.parametrize(("field", "value"), SAMPLES, ids=lambda x: getattr(x, "key", ""))
def test_set_value_and_value_round_trip(qtbot, field: Field, value: Any) -> None:
    editor = make(qtbot, field)
    with qtbot.assertNotEmitted(editor.changed):
        editor.set_value(value)
    assert editor.value() == value
    editor.set_value(None)
    assert editor.value() in (None, "", [], {})


def test_every_field_of_every_form_gets_an_editor_that_starts_empty(qtbot) -> None:
    for definition in default_forms():
        for field in definition.fields:
            editor = make(qtbot, field)
            assert editor.value() in (None, "", [], {}), field.key
            assert editor.focus_widgets(), field.key


def test_labels_mark_required_fields_and_name_the_inputs(qtbot) -> None:
    editor = make(qtbot, Field("date", FieldType.DATE, "Datum", required=True, help="Heute"))
    assert isinstance(editor, DateEditor) and editor.label is not None
    assert editor.label.text() == "Datum *"
    assert editor.edit.accessibleName() == "Datum"
    assert _("Required field.") in editor.edit.accessibleDescription()
    assert "Heute" in editor.edit.accessibleDescription()


def test_typing_text_emits_changed(qtbot) -> None:
    editor = shown(qtbot, Field("name", FieldType.SHORT_TEXT, "Name"))
    assert isinstance(editor, ShortTextEditor)
    with qtbot.waitSignal(editor.changed):
        qtbot.keyClicks(editor.edit, "Nowak")
    assert editor.value() == "Nowak"


def test_long_text_takes_lines_and_tab_moves_on(qtbot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    editor = editor_for(Field("note", FieldType.LONG_TEXT, "Notiz"), holder, services=[])
    after = QLineEdit(holder)
    layout = QVBoxLayout(holder)
    layout.addWidget(editor)
    layout.addWidget(after)
    holder.show()
    qtbot.waitExposed(holder)
    text_edit = editor.findChild(GrowingTextEdit)
    text_edit.setFocus()
    qtbot.waitUntil(text_edit.hasFocus)
    height = text_edit.height()
    qtbot.keyClicks(text_edit, "eins")
    for line in ("zwei", "drei", "vier", "fuenf"):
        qtbot.keyClick(text_edit, Qt.Key.Key_Return)
        qtbot.keyClicks(text_edit, line)
    assert editor.value() == "eins\nzwei\ndrei\nvier\nfuenf"
    assert text_edit.height() > height  # it grows with the text
    qtbot.keyClick(text_edit, Qt.Key.Key_Tab)
    assert "\t" not in editor.value()
    assert after.hasFocus()


def test_a_date_is_typed_with_the_keyboard_and_may_stay_empty(qtbot) -> None:
    editor = shown(qtbot, Field("date", FieldType.DATE, "Datum"))
    assert isinstance(editor, DateEditor)
    assert editor.value() == ""
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "23.11.2026")
    assert editor.value() == "2026-11-23"
    editor.edit.selectAll()
    qtbot.keyClicks(editor.edit, "1.2.26")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    assert editor.edit.text() == "01.02.2026" and editor.value() == "2026-02-01"
    editor.edit.selectAll()
    qtbot.keyClick(editor.edit, Qt.Key.Key_Delete)
    assert editor.value() == ""
    qtbot.keyClicks(editor.edit, "31.02.2026")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Return)
    assert editor.error() and editor.error_label.isVisible()
    assert editor.value() == "31.02.2026"  # left as typed: saving names the problem


def test_parse_date_understands_the_usual_ways_of_writing() -> None:
    today = date(2026, 11, 23)
    assert parse_date("23.11.2026", today=today) == date(2026, 11, 23)
    assert parse_date("23112026", today=today) == date(2026, 11, 23)
    assert parse_date("2026-11-23", today=today) == date(2026, 11, 23)
    assert parse_date("5.3.88", today=today) == date(1988, 3, 5)
    assert parse_date("5.3.30", today=today) == date(2030, 3, 5)
    assert parse_date("32.1.2026", today=today) is None
    assert parse_date("morgen", today=today) is None


def test_a_number_is_typed_within_its_bounds_and_can_be_emptied(qtbot) -> None:
    field = Field("age", FieldType.NUMBER, "Alter", integer=True, minimum=0, maximum=120)
    editor = shown(qtbot, field)
    assert isinstance(editor, NumberEditor)
    assert editor.value() is None
    editor.spin.setFocus()
    qtbot.keyClicks(editor.spin, "42")
    assert editor.value() == 42
    qtbot.keyClicks(editor.spin, "9")  # 429 is above the maximum: not accepted
    assert editor.value() == 42
    editor.spin.lineEdit().selectAll()
    qtbot.keyClick(editor.spin, Qt.Key.Key_Delete)
    assert editor.value() is None
    qtbot.keyClicks(editor.spin, "0")
    assert editor.value() == 0


def test_scale_click_sets_and_clicking_again_clears(qtbot) -> None:
    editor = shown(qtbot, SCALE)
    assert isinstance(editor, ScaleEditor)
    assert editor.accessibleDescription() == "1 = extrem krank bis 10 = gesund"
    scale = editor.scale_box
    with qtbot.waitSignal(editor.changed):
        qtbot.mouseClick(scale, Qt.MouseButton.LeftButton, pos=scale.box_rect(7).center())
    assert editor.value() == {"value": 7, "remark": ""}
    assert scale.value() == 7
    qtbot.mouseClick(scale, Qt.MouseButton.LeftButton, pos=scale.box_rect(3).center())
    assert editor.rating() == 3
    qtbot.mouseClick(scale, Qt.MouseButton.LeftButton, pos=scale.box_rect(3).center())
    assert editor.value() == {}
    assert scale.rating() is None
    qtbot.keyClicks(editor.remark, "schwankend")
    assert editor.value() == {"value": None, "remark": "schwankend"}


def test_scale_digits_choose_on_the_focused_row(qtbot) -> None:
    editor = shown(qtbot, SCALE)
    assert isinstance(editor, ScaleEditor)
    editor.scale_box.setFocus()
    qtbot.waitUntil(editor.scale_box.hasFocus)
    qtbot.keyClick(editor.scale_box, Qt.Key.Key_4)
    assert editor.rating() == 4
    qtbot.keyClick(editor.scale_box, Qt.Key.Key_0)
    assert editor.rating() == 10
    assert editor.scale_box.focusPolicy() == Qt.FocusPolicy.StrongFocus


def test_single_choice_radio_buttons_can_be_cleared(qtbot) -> None:
    editor = shown(qtbot, Field("cm", FieldType.SINGLE_CHOICE, "CM?", options=OPTIONS))
    assert isinstance(editor, RadioChoiceEditor)
    qtbot.mouseClick(editor.buttons[1], Qt.MouseButton.LeftButton)
    assert editor.value() == "no"
    assert editor.clear_button.isVisible()
    with qtbot.waitSignal(editor.changed):
        qtbot.mouseClick(editor.clear_button, Qt.MouseButton.LeftButton)
    assert editor.value() is None


def test_many_options_make_a_combo_box_with_an_empty_entry(qtbot) -> None:
    editor = make(qtbot, Field("area", FieldType.SINGLE_CHOICE, "Bereich", options=MANY))
    assert isinstance(editor, ComboChoiceEditor)
    editor.combo.setCurrentIndex(3)
    assert editor.value() == "o2"
    editor.combo.setCurrentIndex(0)
    assert editor.value() is None


def test_yes_no_shows_translated_answers(qtbot) -> None:
    editor = make(qtbot, Field("agreed", FieldType.YES_NO, "Einigkeit"))
    assert isinstance(editor, RadioChoiceEditor | FieldEditor)
    texts = [button.text() for button in editor.buttons]  # type: ignore[attr-defined]
    assert texts == [_("yes"), _("no")]


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen completer popup
def test_service_picks_a_directory_entry_or_free_text(qtbot) -> None:
    editor = shown(qtbot, Field("provider", FieldType.SERVICE, "Anbieter"))
    line = editor.combo.lineEdit()  # type: ignore[attr-defined]
    line.setFocus()
    qtbot.keyClicks(line, "schuldner")  # QTest types ASCII only; the completer finds the rest
    popup = editor.combo.completer().popup()  # type: ignore[attr-defined]
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert editor.value() == {"service_id": 4, "name": "Caritas – Schuldnerberatung"}
    line.selectAll()
    qtbot.keyClicks(line, "Tafel Solingen")
    assert editor.value() == {"service_id": None, "name": "Tafel Solingen"}


def test_repeating_group_adds_up_to_max_items_and_removes(qtbot) -> None:
    editor = shown(qtbot, GROUP)
    assert isinstance(editor, RepeatingGroupEditor)
    assert editor.item_count() == 1 and editor.value() == []
    with qtbot.waitSignal(editor.structure_changed):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.item_count() == 3
    assert not editor.add_button.isEnabled()
    assert [item.number_label.text() for item in editor.items] == ["1.", "2.", "3."]
    editor.items[1].editors["goal"].set_value("Zweites Ziel")
    editor.items[2].editors["goal"].set_value("Drittes Ziel")
    assert editor.value() == [{}, {"goal": "Zweites Ziel"}, {"goal": "Drittes Ziel"}]
    with qtbot.waitSignal(editor.changed):
        qtbot.mouseClick(editor.items[0].remove_button, Qt.MouseButton.LeftButton)
    assert editor.item_count() == 2 and editor.add_button.isEnabled()
    assert [item.number_label.text() for item in editor.items] == ["1.", "2."]
    assert editor.value() == [{"goal": "Zweites Ziel"}, {"goal": "Drittes Ziel"}]


def test_repeating_group_errors_are_addressed_by_path(qtbot) -> None:
    editor = make(qtbot, GROUP)
    editor.set_value([{"goal": "A"}, {"next_step": "B"}])
    editor.set_error_at("[2].goal", "Pflichtangabe")
    target = editor.editor_at("[2].goal")
    assert target is editor.items[1].editors["goal"]
    assert target.error() == "Pflichtangabe"
    assert editor.has_error() and not editor.error()
    editor.set_error_at("", "höchstens 3 Einträge")
    assert editor.error() == "höchstens 3 Einträge"
    editor.clear_errors()
    assert not editor.has_error()


def test_an_error_shows_at_the_field_and_goes_with_the_next_edit(qtbot) -> None:
    editor = shown(qtbot, Field("name", FieldType.SHORT_TEXT, "Name"))
    editor.set_error("zu lang")
    assert editor.error_label.isVisible() and editor.error_label.text() == "zu lang"
    assert "zu lang" in editor.edit.accessibleDescription()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor.edit, "x")  # type: ignore[attr-defined]
    assert not editor.error() and not editor.error_label.isVisible()


@pytest.mark.parametrize(("field", "value"), SAMPLES, ids=lambda x: getattr(x, "key", ""))
def test_read_only_blocks_every_edit(qtbot, field: Field, value: Any) -> None:
    editor = shown(qtbot, field)
    editor.set_value(value)
    editor.set_read_only(True)
    assert editor.is_read_only()
    for widget in editor.findChildren(QWidget):
        if not widget.isVisible():
            continue
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(widget, "9x")
        qtbot.keyClick(widget, Qt.Key.Key_Delete)
        qtbot.keyClick(widget, Qt.Key.Key_Space)
    assert editor.value() == value
    if isinstance(editor, RepeatingGroupEditor):
        assert not editor.add_button.isVisible()
        assert not any(item.remove_button.isVisible() for item in editor.items)


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen popup
def test_the_calendar_opens_with_alt_down_and_picks_a_day(qtbot) -> None:
    editor = shown(qtbot, Field("date", FieldType.DATE, "Datum"))
    assert isinstance(editor, DateEditor)
    editor.edit.setFocus()
    qtbot.keyClicks(editor.edit, "23.11.2026")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    menu = editor._menu
    assert menu is not None
    calendar = menu.findChild(QCalendarWidget)
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate() == QDate(2026, 11, 23)
    with qtbot.waitSignal(editor.changed):
        calendar.clicked.emit(QDate(2026, 12, 1))
    assert editor.value() == "2026-12-01"
    qtbot.waitUntil(lambda: not calendar.isVisible())
