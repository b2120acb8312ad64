"""One case from the screening to a contact with the keyboard only, on the real main window,
with the application's style, at the normal text size and at 200 %.

Every step is a key pressed where the focus is, as without a mouse: no click, no text set
directly, no method called to save. The test looks at the screen (which widget has the focus)
only to know when to stop pressing Tab.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kimdesk.caseload import Caseload
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.gui.contact_dialog import ContactDialog
from kimdesk.gui.main_window import MainWindow
from kimdesk.gui.new_case import NewCaseDialog
from kimdesk.gui.session import apply_style
from tests.conftest import PASSWORD, TODAY

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab_to(qtbot, target: QWidget, *, limit: int = 80) -> None:
    """Press Tab until ``target`` (or the field it hands its focus to) has the focus."""
    wanted = target
    while wanted.focusProxy() is not None:
        wanted = wanted.focusProxy()
    for _press in range(limit):
        if focused() is wanted:
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reaches {target.accessibleName() or target}")


def active(qtbot, window: QWidget) -> None:
    """The window the keys go to, as a window manager activates a window that opens."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


@pytest.fixture(params=[1.0, 2.0], ids=["text-100", "text-200"])
def text_size(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[float]:
    """kimdesk's style with the application font at the given factor; all as before after."""
    before = qapp.font(), qapp.styleSheet(), qapp.palette()
    apply_style(qapp)
    font = qapp.font()
    font.setPointSizeF(font.pointSizeF() * request.param)
    qapp.setFont(font)
    yield request.param
    qapp.setFont(before[0])
    qapp.setStyleSheet(before[1])
    qapp.setPalette(before[2])


def test_screening_to_contact_with_the_keyboard(
    qtbot, db_path: Path, caseload: Caseload, prompter, text_size: float
) -> None:
    prompter.answer = True
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    active(qtbot, window)

    # Ctrl+N: the new-case dialog (modal, so it is typed into while it runs).
    typed: list[bool] = []

    def fill_new_case() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewCaseDialog) or QApplication.activeWindow() is not dialog:
            QTimer.singleShot(20, fill_new_case)
            return
        assert focused() is dialog.surname_edit
        type_text(qtbot, "Haddad")
        press(qtbot, Qt.Key.Key_Tab)
        type_text(qtbot, "Amal")
        tab_to(qtbot, dialog.birth_edit)
        type_text(qtbot, "04.03.1988")
        tab_to(qtbot, dialog.phone_edit)
        type_text(qtbot, "0176 5550123")
        typed.append(True)
        press(qtbot, Qt.Key.Key_Return)
        if dialog.isVisible():
            dialog.reject()  # never hang the run; the assertions below then fail

    QTimer.singleShot(0, fill_new_case)
    press(qtbot, Qt.Key.Key_N, CTRL)
    assert typed, "the new-case dialog did not open"
    [row] = caseload.cases()
    view = window.case_view
    assert view.case_id == row.id and window.stack.currentWidget() is view

    # The screening opens by itself; its fields are filled page by page.
    screening = window.wizard
    assert screening is not None and screening.definition.key == "screening"
    active(qtbot, screening)
    assert screening.editor("client_name").value() == "Haddad, Amal"
    press(qtbot, Qt.Key.Key_PageDown)  # the page of the problems
    tab_to(qtbot, screening.editor("housing").focus_widgets()[0])
    type_text(qtbot, "Wohnung zu klein, Schimmel")
    press(qtbot, Qt.Key.Key_PageDown)
    press(qtbot, Qt.Key.Key_PageDown)  # the urgent concern
    tab_to(qtbot, screening.editor("urgent_concern").focus_widgets()[0])
    type_text(qtbot, "Drohende Wohnungslosigkeit")
    press(qtbot, Qt.Key.Key_PageDown)  # the decision: Case Management, yes
    decision = screening.editor("cm_required")
    tab_to(qtbot, decision.focus_widgets()[0])
    press(qtbot, Qt.Key.Key_Space)
    assert decision.value() == "yes"
    with qtbot.waitSignal(screening.form_finished):
        press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.wizard is None)

    # Back in the case: Ctrl+K records a contact.
    active(qtbot, window)
    assert window.stack.currentWidget() is view and view.isAncestorOf(focused())
    press(qtbot, Qt.Key.Key_K, CTRL)
    contact = view.dialog
    assert isinstance(contact, ContactDialog)
    active(qtbot, contact)
    tab_to(qtbot, contact.minutes_spin)
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "45")
    tab_to(qtbot, contact.topic_boxes[LifeDomain.HOUSING])
    press(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, contact.note_edit)
    type_text(qtbot, "Wohnungsangebote besprochen")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: view.dialog is None)
    window.close()

    stored = Caseload.open(db_path, PASSWORD, today=lambda: TODAY)
    try:
        [form] = stored.form_instances(row.id)
        assert form.form_key == "screening"
        assert form.answers["housing"] == "Wohnung zu klein, Schimmel"
        assert form.answers["cm_required"] == "yes"
        [saved] = stored.contacts(row.id)
        assert saved.minutes == 45
        assert set(saved.topics) == {LifeDomain.HOUSING}
        assert saved.note == "Wohnungsangebote besprochen"
        person = stored.person(stored.case(row.id).person_id)
        assert (person.surname, person.given_names) == ("Haddad", "Amal")
    finally:
        stored.close()
