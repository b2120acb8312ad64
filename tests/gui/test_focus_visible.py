"""Every focusable widget type shows where the keyboard focus is: focusing it changes a ring of
pixels all around it by at least 3:1, and that ring stands out 3:1 from what is next to it
(WCAG 2.4.7 and 1.4.11; measured the way WCAG 2.2's "focus appearance" measures).

Each widget is grabbed with a margin around it, once without and once with keyboard focus; a
pixel counts as changed when its two colours differ by at least 3:1 (WCAG contrast formula).
Passing needs, for the widget's rectangle:
- at least as many changed pixels as a 1 px ring drawn RING_INSET px inside its edge has
  (controls with a margin or round corners draw their ring a little inside),
- changed pixels along each of its four sides, over most of each side (corners are round),
- the ring, i.e. the outermost changed pixel seen from each side along every row and column,
  3:1 against one of the 3 pixels outward of it in the focused picture (seen against its
  surroundings, not only against the unfocused picture), apart from a few corner pixels.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QCommandLinkButton,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTabBar,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from kimdesk.gui import session
from kimdesk.gui.contact_dialog import date_edit
from kimdesk.gui.dashboard import Entry, EntryList
from kimdesk.gui.main_window import MainWindow
from kimdesk.gui.wizard.rating_scale import RatingScale
from tests.conftest import make_person
from tests.gui.test_wizard import new_case, open_wizard

NEEDED = 3.0
MARGIN = 3  # px around the widget: a ring may not be drawn outside, but its neighbours are
SIDE_COVER = 0.6  # share of each side's length the ring must run along (corners are round)
SEEN_AGAINST_NEIGHBOURS = 0.9  # share of ring pixels 3:1 against the pixel outside them
RING_INSET = 4
SHOTS = os.environ.get("KIMDESK_FOCUS_SHOTS")  # a folder: save both pictures of every widget


def _luminance_table() -> list[float]:
    table = []
    for value in range(256):
        c = value / 255
        table.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    return table


_LINEAR = _luminance_table()


def _luminances(image: QImage) -> list[list[float]]:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    width, height = image.width(), image.height()
    data = bytes(image.constBits())[: image.bytesPerLine() * height]
    rows = []
    for y in range(height):
        start = y * image.bytesPerLine()
        row = []
        for x in range(width):
            b, g, r = data[start + 4 * x], data[start + 4 * x + 1], data[start + 4 * x + 2]
            row.append(0.2126 * _LINEAR[r] + 0.7152 * _LINEAR[g] + 0.0722 * _LINEAR[b])
        rows.append(row)
    return rows


def _ratio(first: float, second: float) -> float:
    high, low = (first, second) if first >= second else (second, first)
    return (high + 0.05) / (low + 0.05)


@dataclass(frozen=True)
class FocusChange:
    """What focusing did to the pixels of a widget's rectangle and its margin."""

    changed: int
    ring: int  # pixels of a 1 px ring RING_INSET px inside the widget's edge
    side_cover: tuple[float, float, float, float]  # top, bottom, left, right
    seen: float  # share of the ring's pixels 3:1 against the pixel outside them

    def problems(self) -> list[str]:
        found = []
        if self.changed < self.ring:
            found.append(f"{self.changed} px change by 3:1, a 1 px ring has {self.ring}")
        for side, cover in zip(("top", "bottom", "left", "right"), self.side_cover, strict=True):
            if cover < SIDE_COVER:
                found.append(f"the {side} side changes along {cover:.0%} of it")
        if self.changed and self.seen < SEEN_AGAINST_NEIGHBOURS:
            found.append(f"only {self.seen:.0%} of the ring is 3:1 against its surroundings")
        return found


def measure(before: QImage, after: QImage, margin: int) -> FocusChange:
    """Compare the pictures of a widget (with ``margin`` px around it) without and with focus."""
    old, new = _luminances(before), _luminances(after)
    height, width = len(old), len(old[0])
    changed = [
        [_ratio(old[y][x], new[y][x]) >= NEEDED for x in range(width)] for y in range(height)
    ]
    inner_w, inner_h = width - 2 * margin, height - 2 * margin
    # A side's band: its outer third (at most 8 px) inside the widget plus the margin outside.
    depth_x = min(8, max(1, inner_w // 3)) + margin
    depth_y = min(8, max(1, inner_h // 3)) + margin
    columns = range(margin, width - margin)
    rows = range(margin, height - margin)

    def cover_rows(band: range) -> float:
        return sum(any(changed[y][x] for y in band) for x in columns) / max(1, inner_w)

    def cover_columns(band: range) -> float:
        return sum(any(changed[y][x] for x in band) for y in rows) / max(1, inner_h)

    sides = (
        cover_rows(range(0, depth_y)),
        cover_rows(range(height - depth_y, height)),
        cover_columns(range(0, depth_x)),
        cover_columns(range(width - depth_x, width)),
    )
    # The ring seen from outside: the outermost changed pixel of every row and column, and
    # the pixels outward of it (a ring pixel may continue as a dark outline that was dark
    # enough before to not count as changed; the surroundings begin at most 3 px further).
    outer: list[tuple[float, list[float]]] = []
    for y in rows:
        line = [x for x in columns if changed[y][x]]
        if line:
            outer.append((new[y][line[0]], [new[y][line[0] - d] for d in (1, 2, 3)]))
            outer.append((new[y][line[-1]], [new[y][line[-1] + d] for d in (1, 2, 3)]))
    for x in columns:
        line = [y for y in rows if changed[y][x]]
        if line:
            outer.append((new[line[0]][x], [new[line[0] - d][x] for d in (1, 2, 3)]))
            outer.append((new[line[-1]][x], [new[line[-1] + d][x] for d in (1, 2, 3)]))
    seen = sum(max(_ratio(ring, o) for o in out) >= NEEDED for ring, out in outer)
    ring_w, ring_h = inner_w - 2 * RING_INSET, inner_h - 2 * RING_INSET
    return FocusChange(
        changed=sum(map(sum, changed)),
        ring=2 * (ring_w + ring_h) - 4,
        side_cover=sides,  # type: ignore[arg-type]
        seen=seen / len(outer) if outer else 0.0,
    )


def settle() -> None:
    for _round in range(3):
        QApplication.processEvents()


def picture(widget: QWidget, margin: int, part: QRect | None) -> QImage:
    """The window's pixels under the widget (or ``part`` of it) and ``margin`` px around."""
    return widget.window().grab(_area(widget, margin, part)).toImage()


def _area(widget: QWidget, margin: int, part: QRect | None = None) -> QRect:
    """``part`` of the widget (all of it by default) and ``margin`` px around, in the window."""
    part = part if part is not None else widget.rect()
    top_left = widget.mapTo(widget.window(), part.topLeft())
    return QRect(top_left, part.size()).adjusted(-margin, -margin, margin, margin)


def focus_change(widget: QWidget, name: str, *, margin: int = MARGIN) -> FocusChange:
    """Grab ``widget`` without focus, give it focus as Tab does, grab again, compare.

    A tab bar shows the focus on its current tab: that tab is what is measured.
    """
    part = widget.tabRect(widget.currentIndex()) if isinstance(widget, QTabBar) else None
    window = widget.window()
    window.activateWindow()
    window.setFocus(Qt.FocusReason.TabFocusReason)  # the window itself draws no focus
    settle()
    assert QApplication.focusWidget() is window
    before = picture(widget, margin, part)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    settle()
    assert widget.hasFocus(), f"{name} does not take focus"
    after = picture(widget, margin, part)
    if SHOTS:
        folder = Path(SHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        before.save(str(folder / f"{name}-unfocused.png"))
        after.save(str(folder / f"{name}-focused.png"))
    return measure(before, after, margin)


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[QApplication]:
    """The application's look (Fusion, office palette, style sheet), restored afterwards."""
    before = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    session.apply_style(qapp)
    yield qapp
    qapp.setStyleSheet(before[2])
    qapp.setPalette(before[1])
    qapp.setStyle(before[0])


def _button(name: str, text: str = "Speichern") -> Callable[[QWidget], QWidget]:
    def build(parent: QWidget) -> QWidget:
        button = QPushButton(text, parent)
        if name:
            button.setObjectName(name)
        return button

    return build


def _clear_choice(parent: QWidget) -> QWidget:
    button = QToolButton(parent)
    button.setObjectName("clearChoice")
    button.setText("Auswahl löschen")
    return button


def _rating_scale(rating: int | None) -> Callable[[QWidget], QWidget]:
    def build(parent: QWidget) -> QWidget:
        scale = RatingScale(parent)
        scale.set_rating(rating)
        return scale

    return build


def _default_button(parent: QWidget) -> QWidget:
    """A dialog's default button (OK in the settings), as QDialogButtonBox makes it."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, parent)
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setDefault(True)
    return ok


def _list(name: str) -> Callable[[QWidget], QWidget]:
    def build(parent: QWidget) -> QWidget:
        widget = QListWidget(parent)
        if name:
            widget.setObjectName(name)
        widget.addItems(["Erstgespräch", "Einschätzung", "Ziele"])
        widget.setCurrentRow(0)
        widget.setFixedSize(220, 110)
        return widget

    return build


def _entry_list(parent: QWidget) -> QWidget:
    widget = EntryList("Wiedervorlagen", parent)
    widget.set_entries([Entry("Nowak, Anna – Ziele prüfen", 1, False)] * 3, "Öffnen")
    widget.setFixedWidth(260)
    return widget


def _table(name: str) -> Callable[[QWidget], QWidget]:
    def build(parent: QWidget) -> QWidget:
        table = QTableWidget(3, 2, parent)
        if name:
            table.setObjectName(name)
        table.setHorizontalHeaderLabels(["Name", "Phase"])
        for row in range(3):
            table.setItem(row, 0, QTableWidgetItem(f"Fall {row + 1}"))
            table.setItem(row, 1, QTableWidgetItem("Erstgespräch"))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setCurrentCell(0, 0)
        table.setFixedSize(260, 130)
        return table

    return build


def _tree(parent: QWidget) -> QWidget:
    tree = QTreeWidget(parent)
    tree.setHeaderLabels(["Eintrag"])
    for text in ("Kontakt", "Vermittlung"):
        QTreeWidgetItem(tree, [text])
    tree.setCurrentItem(tree.topLevelItem(0))
    tree.setFixedSize(220, 100)
    return tree


def _tab_bar(parent: QWidget) -> QWidget:
    tabs = QTabWidget(parent)
    for title in ("Kontakte", "Vermittlungen", "Einverständnisse"):
        tabs.addTab(QLabel("…"), title)
    tabs.setFixedSize(360, 80)
    return tabs.tabBar()


def _combo(editable: bool) -> Callable[[QWidget], QWidget]:
    def build(parent: QWidget) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems(["persönlich", "telefonisch"])
        combo.setEditable(editable)
        return combo

    return build


def _scroll_area(name: str) -> Callable[[QWidget], QWidget]:
    def build(parent: QWidget) -> QWidget:
        area = QScrollArea(parent)
        area.setObjectName(name)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidgetResizable(True)
        area.setWidget(QLabel("Ein längerer Text\n" * 12))
        area.setFixedSize(240, 110)
        return area

    return build


def _labelled(widget_type: type[QCheckBox] | type[QRadioButton]) -> Callable[[QWidget], QWidget]:
    def build(parent: QWidget) -> QWidget:
        return widget_type("Einverständnis liegt vor", parent)

    return build


def _line_edit(parent: QWidget) -> QWidget:
    edit = QLineEdit("Nowak", parent)
    edit.setFixedWidth(200)
    return edit


def _plain_text(parent: QWidget) -> QWidget:
    edit = QPlainTextEdit("Notiz", parent)
    edit.setFixedSize(240, 70)
    return edit


def _spin_box(parent: QWidget) -> QWidget:
    spin = QSpinBox(parent)
    spin.setValue(3)
    return spin


def _date(parent: QWidget) -> QWidget:
    return date_edit(QDate(2026, 11, 23), parent)


def _command_link(parent: QWidget) -> QWidget:
    return QCommandLinkButton("Neue Fallakte anlegen", "Mit einem leeren Formular", parent)


# Every focusable widget type kimdesk uses, with the object names the style sheet styles apart.
WIDGETS: dict[str, Callable[[QWidget], QWidget]] = {
    "push-button": _button(""),
    "push-button-primary": _button("primary"),
    "push-button-link": _button("link", "Alle anzeigen"),
    "push-button-row-action": _button("rowAction", "Öffnen"),
    "push-button-blocked-step": _button("blockedStep", "Ziele vereinbaren"),
    "push-button-default": _default_button,
    "tool-button-clear-choice": _clear_choice,
    "rating-scale": _rating_scale(None),
    "rating-scale-rated": _rating_scale(7),
    "command-link-button": _command_link,
    "line-edit": _line_edit,
    "plain-text-edit": _plain_text,
    "combo-box": _combo(False),
    "combo-box-editable": _combo(True),
    "spin-box": _spin_box,
    "date-edit": _date,
    "check-box": _labelled(QCheckBox),
    "radio-button": _labelled(QRadioButton),
    "list": _list(""),
    "list-navigation": _list("navigation"),
    "list-page-list": _list("pageList"),
    "list-dashboard": _entry_list,
    "table": _table(""),
    "table-case-table": _table("caseTable"),
    "table-service-table": _table("serviceTable"),
    "tree": _tree,
    "tab-bar": _tab_bar,
    "scroll-area-wizard-page": _scroll_area("wizardPage"),
    "scroll-area-dashboard": _scroll_area("dashboardScroll"),
}


@pytest.mark.parametrize("name", list(WIDGETS))
def test_every_widget_type_shows_its_focus(qtbot, styled, name: str) -> None:
    window = QDialog()
    qtbot.addWidget(window)
    layout = QGridLayout(window)
    layout.setContentsMargins(16, 16, 16, 16)
    widget = WIDGETS[name](window)
    # the widget, or what it is part of (a tab bar: its tab widget)
    layout.addWidget(widget if widget.parentWidget() is window else widget.parentWidget())
    window.show()
    qtbot.waitExposed(window)
    problems = focus_change(widget, name).problems()
    assert not problems, f"{name}: " + "; ".join(problems)


def test_the_main_window_shows_focus_on_its_lists_and_tables(
    qtbot, styled, caseload, prompter
) -> None:
    for surname in ("Nowak", "Haddad"):
        case = caseload.open_case(caseload.add_person(make_person(surname)))
    # a draft: the overview's list of drafts has an entry
    caseload.save_form(case.id, "screening", {"date": "2026-11-20"}, final=False)
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.resize(1100, 720)
    window.show()
    qtbot.waitExposed(window)
    found = {"navigation": window.navigation}
    for entry_list in window.dashboard.findChildren(EntryList):
        if entry_list.isVisible() and entry_list.count():
            found.setdefault("dashboard-list", entry_list)
    assert "dashboard-list" in found
    scroll = window.dashboard.findChild(QScrollArea, "dashboardScroll")
    if scroll.focusPolicy() & Qt.FocusPolicy.TabFocus:
        found["dashboard-scroll"] = scroll
    problems = []
    for name, widget in found.items():
        problems += [f"{name}: {p}" for p in focus_change(widget, f"main-{name}").problems()]
    window._go(1)
    settle()
    table = window.case_list.findChild(QAbstractItemView, "caseTable")
    problems += [f"caseTable: {p}" for p in focus_change(table, "main-case-table").problems()]
    assert not problems, "\n".join(problems)
    window.close()


def test_the_wizard_shows_focus_on_its_page_list_and_page(
    qtbot, styled, caseload, prompter
) -> None:
    case_id = new_case(caseload, consent=True)
    wizard = open_wizard(qtbot, caseload, case_id, "screening", prompter)
    wizard.resize(1100, 760)
    settle()
    problems = [
        f"pageList: {p}" for p in focus_change(wizard.page_list, "wizard-page-list").problems()
    ]
    page = wizard.pages[0]
    # The page scrolls with the arrow keys when it has the focus itself: then it shows it.
    if page.focusPolicy() & Qt.FocusPolicy.TabFocus:
        problems += [f"page: {p}" for p in focus_change(page, "wizard-page").problems()]
    assert not problems, "\n".join(problems)
