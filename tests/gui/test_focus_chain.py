"""Tab through every main screen and dialog on a demo caseload: no keyboard trap, every control
reached, Shift+Tab walks back, and the order is the visual order (WCAG 2.1.1, 2.1.2, 2.4.3).

The walk presses Tab on ``QApplication.focusWidget()`` and follows where the focus goes, as a
case manager without a mouse would.

The visual order, precisely: the controls are compared pairwise along the chain. Two
controls are placed by their rectangles in the window; a control inside a scrolled area is
placed by its position in the area's contents when the other control is in the same area,
otherwise by the area's own rectangle (so the fields of a long form come before the buttons
under it). The next control must then either stand in the same row (their vertical extents
overlap by at least half the smaller height) and begin further right, or not share the row
and begin lower. A control entering the area it sits in (a table before a widget in its cells)
counts as forward. A group box or a card (a frame named "card") is read as a whole like a
scrolled area: its controls are placed within it, and it is placed among the others by its
own rectangle (the overview's cards stand two by two; each is read to its end before the one
to its right). As the walk may start anywhere, the chain is a cycle: exactly one step (the
wrap from the last control back to the first) goes against the order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QDialog,
    QGroupBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QTreeWidget,
    QWidget,
)

from kimdesk import themes
from kimdesk.caseload import Caseload
from kimdesk.gui.about_dialog import AboutDialog
from kimdesk.gui.audit_viewer import AuditViewer
from kimdesk.gui.backup_dialog import RestoreDialog
from kimdesk.gui.case_conference_dialog import CaseConferenceDialog
from kimdesk.gui.consent_dialog import ConsentDialog, WithdrawConsentDialog
from kimdesk.gui.contact_dialog import ContactDialog
from kimdesk.gui.drafts_dialog import DraftsDialog
from kimdesk.gui.first_start import FirstStartDialog
from kimdesk.gui.handover_dialog import (
    ConfirmReceiptDialog,
    HandoverExportDialog,
    HandoverImportDialog,
)
from kimdesk.gui.instance_lock import AlreadyOpenDialog, LockHolder
from kimdesk.gui.main_window import MainWindow
from kimdesk.gui.new_case import NewCaseDialog
from kimdesk.gui.planning_conference_dialog import PlanningConferenceDialog
from kimdesk.gui.print_dialog import PrintDialog
from kimdesk.gui.prompter import Prompter
from kimdesk.gui.referral_dialog import ReferralDialog
from kimdesk.gui.referral_status_dialog import ReferralStatusDialog
from kimdesk.gui.report_dialog import ReportDialog
from kimdesk.gui.screenshots import SilentPrompter
from kimdesk.gui.services_page import ServiceDialog
from kimdesk.gui.settings_dialog import SettingsDialog
from kimdesk.gui.system_dialogs import GapDialog, NetworkDialog, ThemeDialog, ThemeStatusDialog
from kimdesk.gui.unlock import UnlockDialog
from kimdesk.gui.wizard import FormWizard

Opener = Callable[[Caseload, Path], QWidget]


# -- the walk -------------------------------------------------------------------------------


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    # Sent to the focused widget, so a widget that keeps Tab to itself (a trap) shows it.
    QTest.keyClick(focused(), key, modifier)


def tab_chain(top: QWidget, *, backwards: bool = False, limit: int = 400) -> list[QWidget]:
    """The controls Tab (or Shift+Tab) visits from the focused one until it is back there."""
    start = focused()
    chain = [start]
    for _press in range(limit):
        before = focused()
        if backwards:
            press(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        else:
            press(Qt.Key.Key_Tab)
        after = focused()
        assert after is not before, f"Tab does not leave {describe(before)} (a keyboard trap)"
        assert after.window() is top, f"Tab left the window from {describe(before)}"
        if after is start:
            return chain
        assert after not in chain, f"the chain loops without its start at {describe(after)}"
        chain.append(after)
    raise AssertionError(f"the focus did not come back after {limit} presses")


# Buttons Tab skips on purpose, each with the key that does the same (tested where named).
KEYBOARD_INSTEAD = {
    "calendarButton": "Alt+Down in the date field opens the calendar "
    "(test_wizard_editors.py::test_the_calendar_opens_with_alt_down_and_picks_a_day)",
    "rowAction in the forms tree": "Enter on the form's row starts it "
    "(test_enter_on_a_form_row_starts_the_form below); one tab stop, not fourteen",
}


def must_be_reached(widget: QWidget) -> bool:
    """A button Tab skips is a button the keyboard cannot press: every button counts, but
    Qt's own helpers (a table's corner, a tab bar's arrows) and those of KEYBOARD_INSTEAD."""
    if not isinstance(widget, QPushButton | QToolButton) or widget.objectName().startswith("qt_"):
        return False
    if widget.objectName() == "calendarButton":
        return False
    in_tree = isinstance(widget.parentWidget(), QWidget) and isinstance(
        widget.parentWidget().parentWidget(), QTreeWidget
    )
    return not (widget.objectName() == "rowAction" and in_tree)


def controls(top: QWidget) -> list[list[QWidget]]:
    """Every visible, enabled control Tab should reach; a group of radio-style buttons is one
    control (Tab enters it once, the arrow keys choose)."""
    units: dict[object, list[QWidget]] = {}
    for widget in top.findChildren(QWidget):
        if widget.window() is not top or not widget.isVisible() or not widget.isEnabled():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not must_be_reached(widget):
            continue
        target = widget
        while target.focusProxy() is not None:
            target = target.focusProxy()
        key: object = target
        if isinstance(target, QAbstractButton):
            group = target.group()
            if group is not None and group.exclusive():
                key = group
            elif target.autoExclusive() and target.isCheckable():
                key = ("auto-exclusive", target.parentWidget())
        units.setdefault(key, [])
        if target not in units[key]:
            units[key].append(target)
    return list(units.values())


def lets_tab_go_on(top: QWidget) -> None:
    """Also the tables and text boxes not shown now (another tab, an empty list) give Tab on."""
    for view in top.findChildren(QAbstractItemView):
        assert not view.tabKeyNavigation(), f"Tab moves between the cells of {describe(view)}"
    for box in [*top.findChildren(QPlainTextEdit), *top.findChildren(QTextEdit)]:
        assert box.tabChangesFocus() or box.isReadOnly(), f"Tab types into {describe(box)}"


def describe(widget: QWidget) -> str:
    name = widget.accessibleName() or widget.objectName()
    if not name and isinstance(widget, QAbstractButton):
        name = widget.text()
    at = widget.mapTo(widget.window(), QPoint(0, 0))
    return f"{type(widget).__name__} {name!r} at {at.x()},{at.y()}"


# -- the visual order -----------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where a widget stands, from the window down through each scrolled area it sits in."""

    levels: tuple[tuple[QWidget, QRect], ...]  # (the widget or its area, rectangle) outermost first


def group_of(widget: QWidget, top: QWidget) -> tuple[QWidget, QWidget] | None:
    """The nearest scrolled area or group (group box, card) ``widget`` sits in, with the widget
    its position is measured from."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            return area, parent
        if isinstance(parent, QGroupBox) or parent.objectName() == "card":
            return parent, parent
        parent = parent.parentWidget()
    return None


def place(widget: QWidget, top: QWidget) -> Place:
    levels: list[tuple[QWidget, QRect]] = []
    current = widget
    while True:
        group = group_of(current, top)
        origin = top if group is None else group[1]
        levels.insert(0, (current, QRect(current.mapTo(origin, QPoint(0, 0)), current.size())))
        if group is None:
            return Place(tuple(levels))
        current = group[0]


def same_row(a: QRect, b: QRect) -> bool:
    overlap = min(a.bottom(), b.bottom()) - max(a.top(), b.top())
    return overlap >= min(a.height(), b.height()) / 2


def follows(a: QRect, b: QRect) -> bool:
    if same_row(a, b):
        return b.left() > a.left() or (b.left() == a.left() and b.top() > a.top())
    return b.top() > a.top()


def in_visual_order(first: QWidget, second: QWidget, top: QWidget) -> bool:
    a, b = place(first, top).levels, place(second, top).levels
    depth = 0
    while depth < min(len(a), len(b)) - 1 and a[depth][0] is b[depth][0]:
        depth += 1
    if a[depth][0] is b[depth][0]:  # one sits inside the other's scrolled area
        return len(b) > len(a)
    return follows(a[depth][1], b[depth][1])


def out_of_order(chain: list[QWidget], top: QWidget) -> list[str]:
    """The steps of the cycle against the reading order, but for the one wrap back to the top
    (a cycle in reading order has exactly one backward step, wherever the walk started)."""
    steps = zip(chain, [*chain[1:], chain[0]], strict=True)
    backward = [(a, b) for a, b in steps if not in_visual_order(a, b, top)]
    if len(chain) < 2 or len(backward) == 1:
        return []
    return [f"{describe(a)} → {describe(b)}" for a, b in backward]


# -- the checks -----------------------------------------------------------------------------


def check_focus_chain(qtbot, top: QWidget) -> list[QWidget]:
    """Walk Tab and Shift+Tab through ``top``; returns the chain for further checks."""
    if not top.isVisible():
        top.show()
    qtbot.waitExposed(top)
    top.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is top)
    if QApplication.focusWidget() is None or QApplication.focusWidget().window() is not top:
        top.focusNextPrevChild(True)
    if not focused().focusPolicy() & Qt.FocusPolicy.TabFocus:
        press(Qt.Key.Key_Tab)  # focus given in code to a widget Tab skips: start on a tab stop
    forward = tab_chain(top)
    reached = set(forward)
    missed = [
        " / ".join(describe(w) for w in unit)
        for unit in controls(top)
        if not reached.intersection(unit)
    ]
    assert not missed, "Tab never reaches: " + "; ".join(missed)
    lets_tab_go_on(top)
    backward = tab_chain(top, backwards=True)
    assert backward == [forward[0], *reversed(forward[1:])], "Shift+Tab does not walk back"
    wrong = out_of_order(forward, top)
    assert not wrong, "Tab jumps against the reading order: " + "; ".join(wrong)
    return forward


# -- the screens ----------------------------------------------------------------------------



def rich_case(caseload: Caseload) -> int:
    """An open case with the most to tab through: contacts, referrals, consents, conferences."""

    def richness(case_id: int) -> tuple[int, ...]:
        return (
            bool(caseload.next_steps(case_id)),
            bool(caseload.case_conferences.of_case(case_id)),
            bool(caseload.referrals(case_id)),
            bool(caseload.consents(case_id)),
            bool(caseload.contacts(case_id)),
        )

    return max((row.id for row in caseload.cases()), key=richness)


@pytest.fixture
def window(qtbot, demo: Caseload) -> Iterator[MainWindow]:
    main = MainWindow(demo, SilentPrompter())
    main.idle_watch.set_minutes(0)
    main.resize(1280, 800)
    qtbot.addWidget(main)
    main.show()
    yield main
    main.idle_watch.stop()
    main.hide()


@pytest.mark.parametrize("row", [0, 1, 2, 3], ids=["overview", "cases", "services", "system"])
def test_main_screens(qtbot, window: MainWindow, row: int) -> None:
    window._go(row)
    window.navigation.setFocus(Qt.FocusReason.OtherFocusReason)
    check_focus_chain(qtbot, window)


@pytest.mark.parametrize("tab", range(6))
def test_case_view_tabs(qtbot, window: MainWindow, demo: Caseload, tab: int) -> None:
    window.show_case(rich_case(demo))
    view = window.case_view
    view.tabs.setCurrentIndex(tab)
    window.navigation.setFocus(Qt.FocusReason.OtherFocusReason)
    chain = check_focus_chain(qtbot, window)
    assert view.tabs.currentWidget().isAncestorOf(chain[-1]) or tab == 0
    assert view.step_buttons and all(b in chain for b in view.step_buttons if b.isEnabled())


FORM_KEYS = sorted(path.stem for path in (Path(__file__).parents[2] / "forms").glob("*.toml"))


def a_stored_form(caseload: Caseload, form_key: str) -> tuple[int, int | None]:
    """A finished form of this kind (read only), else a new one for the richest case."""
    for row in caseload.cases():
        for instance in caseload.form_instances(row.id):
            if instance.form_key == form_key:
                return row.id, instance.id
    return rich_case(caseload), None


@pytest.mark.parametrize("stored", [False, True], ids=["new", "stored"])
@pytest.mark.parametrize("form_key", FORM_KEYS)
def test_wizard_pages(qtbot, demo: Caseload, form_key: str, stored: bool) -> None:
    case_id, instance_id = a_stored_form(demo, form_key) if stored else (rich_case(demo), None)
    wizard = FormWizard(demo, case_id, form_key, prompter=SilentPrompter(), instance_id=instance_id)
    qtbot.addWidget(wizard)
    wizard.resize(1100, 760)
    wizard.show()
    for page in range(wizard.page_count()):
        wizard.go_to_page(page)
        wizard.page_list.setFocus(Qt.FocusReason.OtherFocusReason)
        check_focus_chain(qtbot, wizard)
    wizard.close()


def a_referral(caseload: Caseload) -> int:
    return next(i for row in caseload.cases() for i, _r in caseload.repo.referrals(row.id))


def a_consent(caseload: Caseload):  # noqa: ANN201
    return next(c for row in caseload.cases() for c in caseload.consents(row.id))


def a_conference(caseload: Caseload) -> tuple[int, int]:
    for row in caseload.cases():
        conferences = caseload.case_conferences.of_case(row.id)
        if conferences:
            return row.id, conferences[-1].id
    raise AssertionError("the demo has no case conference")


DIALOGS: dict[str, Opener] = {
    "unlock": lambda c, tmp: UnlockDialog(c.db.path, SilentPrompter(), demo_path=tmp / "d"),
    "first start": lambda c, tmp: FirstStartDialog(
        tmp / "new.kimdesk", tmp / "d", SilentPrompter()
    ),
    "already open": lambda c, tmp: AlreadyOpenDialog(c.db.path, LockHolder(4711, "")),
    "new case": lambda c, tmp: NewCaseDialog(c, SilentPrompter()),
    "contact": lambda c, tmp: ContactDialog(c, rich_case(c), SilentPrompter()),
    "referral": lambda c, tmp: ReferralDialog(c, rich_case(c), SilentPrompter()),
    "referral news": lambda c, tmp: ReferralStatusDialog(c, a_referral(c), SilentPrompter()),
    "consent": lambda c, tmp: ConsentDialog(c, rich_case(c), SilentPrompter()),
    "withdraw consent": lambda c, tmp: WithdrawConsentDialog(c, a_consent(c), SilentPrompter()),
    "case conference (new)": lambda c, tmp: CaseConferenceDialog(c, rich_case(c), SilentPrompter()),
    "case conference (minutes)": lambda c, tmp: CaseConferenceDialog(
        c, a_conference(c)[0], SilentPrompter(), conference_id=a_conference(c)[1]
    ),
    "planning conference": lambda c, tmp: PlanningConferenceDialog(c, SilentPrompter()),
    "settings": lambda c, tmp: SettingsDialog(c, SilentPrompter()),
    "print": lambda c, tmp: PrintDialog(c, SilentPrompter(), case_id=rich_case(c)),
    "report": lambda c, tmp: ReportDialog(c, SilentPrompter(), folder=tmp),
    "restore": lambda c, tmp: RestoreDialog(c.db.path, SilentPrompter()),
    "handover": lambda c, tmp: HandoverExportDialog(c, rich_case(c), SilentPrompter()),
    "handover receipt": lambda c, tmp: ConfirmReceiptDialog(c, rich_case(c), SilentPrompter()),
    "accept handover": lambda c, tmp: HandoverImportDialog(c, SilentPrompter()),
    "drafts": lambda c, tmp: DraftsDialog(c, SilentPrompter()),
    "service": lambda c, tmp: ServiceDialog(c, SilentPrompter()),
    "theme": lambda c, tmp: ThemeDialog(c, SilentPrompter()),
    "theme status": lambda c, tmp: ThemeStatusDialog(
        c, SilentPrompter(), themes.themes(c)[0], None
    ),
    "service gap": lambda c, tmp: GapDialog(c, SilentPrompter()),
    "network time": lambda c, tmp: NetworkDialog(c, SilentPrompter()),
    "audit log": lambda c, tmp: AuditViewer(c),
    "about": lambda c, tmp: AboutDialog(c.db.path),
    "confirmation": lambda c, tmp: Prompter.confirmation(
        None, "Die Person wird gelöscht.", action="Löschen"
    ),
    "print preview": lambda c, tmp: print_preview(c),
}


def print_preview(caseload: Caseload) -> QWidget:
    printing = PrintDialog(caseload, SilentPrompter(), case_id=rich_case(caseload))
    preview = printing.open_preview()
    assert preview is not None
    preview.setParent(None, preview.windowFlags())  # its own window, kept by the test
    preview.printing = printing  # the print dialog lives as long as its preview
    return preview


@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialogs(qtbot, demo: Caseload, tmp_path: Path, name: str) -> None:
    dialog = DIALOGS[name](demo, tmp_path)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, QDialog)
    check_focus_chain(qtbot, dialog)
    for tabs in dialog.findChildren(QTabWidget):  # every page of a dialog with tabs
        for index in range(1, tabs.count()):
            if tabs.isTabEnabled(index) and tabs.isVisible():
                tabs.setCurrentIndex(index)
                tabs.tabBar().setFocus(Qt.FocusReason.OtherFocusReason)
                check_focus_chain(qtbot, dialog)
    dialog.reject()


def test_planning_conference_steps(qtbot, demo: Caseload) -> None:
    dialog = PlanningConferenceDialog(demo, SilentPrompter())
    qtbot.addWidget(dialog)
    dialog.choose_cases([c.case_id for c in dialog.candidates[:4]])
    for _step in range(4):  # choose the cases, review the texts, print, record the result
        check_focus_chain(qtbot, dialog)
        if dialog.pages.currentIndex() < 3:
            dialog.next_step()
    assert dialog.pages.currentIndex() == 3
    dialog.reject()


def test_arrow_keys_still_move_between_cells(qtbot, window: MainWindow, demo: Caseload) -> None:
    """Tab leaves a table, but the arrow keys still go from cell to cell inside it."""
    window.show_case(rich_case(demo))
    view = window.case_view
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    assert view.contacts_table.rowCount() >= 2
    for table in (view.contacts_table, view.referrals_table, view.consents_table):
        assert table.rowCount() >= 1, table.accessibleName()
        view.tabs.setCurrentWidget(table.parentWidget())
        table.setFocus(Qt.FocusReason.TabFocusReason)
        table.setCurrentCell(0, 0)
        press(Qt.Key.Key_Right)
        press(Qt.Key.Key_Down)
        below = 1 if table.rowCount() >= 2 else 0
        assert (table.currentRow(), table.currentColumn()) == (below, 1), table.accessibleName()
        press(Qt.Key.Key_Tab)
        assert focused() is not table, table.accessibleName()


def test_enter_on_a_form_row_starts_the_form(qtbot, window: MainWindow, demo: Caseload) -> None:
    """The forms tree's "New" buttons are no tab stops: Enter on the row does the same."""
    window.show_case(rich_case(demo))
    view = window.case_view
    view.tabs.setCurrentIndex(0)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    key, button = next((k, b) for k, b in view.new_buttons.items() if b.isEnabled())
    tree = view.forms_tree
    row = next(
        item
        for item in tree.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive)
        if item.data(0, Qt.ItemDataRole.UserRole + 1) == key and tree.itemWidget(item, 2) is button
    )
    tree.setFocus(Qt.FocusReason.TabFocusReason)
    tree.setCurrentItem(row)
    with qtbot.waitSignal(view.open_form) as opened:
        press(Qt.Key.Key_Return)
    assert opened.args[1] == key
