"""Text at 200 %: the style sheet's sizes follow the application font, and on every main screen
and dialog every text still fits its widget (WCAG 1.4.4, EN 301 549 11.1.4.4).

The rule, for every visible widget of a window opened at 200 % text on a demo caseload:
- QLabel: its text, laid out as the label lays it out (word wrap, rich text, mnemonic), fits
  the label's contents rect;
- QAbstractButton (push, tool, check and radio buttons): at least its own size hint, which Qt
  computes from text, font, icon and the style sheet's padding (a command link: its height
  for its width);
- QGroupBox: its title fits the title's place;
- QTabBar: each tab at least as wide as its text;
- QListWidget: each item's size hint fits the item's rect within the viewport (an elided
  item counts as cut);
- QHeaderView: each section at least its contents' size (sort arrow not counted: it sits in
  the padding);
- the painted phase path: each label, wrapped to its step, fits under the dots (a word wider
  than the step, "Zielvereinbarung" at 200 %, wraps inside: every letter shown);
- every window no wider than a 1920 px screen.
One pixel of rounding is allowed. Table cells are not checked: long cell texts elide by design
and show the full text in the tool tip and in the dialog the row opens.

Run as a script (``python -m tests.gui.test_text_scaling docs/screenshots``) it writes the
200 % screenshots for the README.
"""

from __future__ import annotations

import os
import re
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QRect, Qt  # noqa: E402
from PySide6.QtGui import QImage, QTextDocument  # noqa: E402
from PySide6.QtGui import Qt as GuiQt  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QStyle,
    QStyleOptionGroupBox,
    QTabBar,
    QWidget,
)

from kimdesk.caseload import Caseload  # noqa: E402
from kimdesk.demo import DEMO_PROFILE, fill_demo  # noqa: E402
from kimdesk.forms.model import FormKind  # noqa: E402
from kimdesk.gui.about_dialog import AboutDialog  # noqa: E402
from kimdesk.gui.audit_viewer import AuditViewer  # noqa: E402
from kimdesk.gui.backup_dialog import RestoreDialog  # noqa: E402
from kimdesk.gui.case_conference_dialog import CaseConferenceDialog  # noqa: E402
from kimdesk.gui.consent_dialog import ConsentDialog  # noqa: E402
from kimdesk.gui.contact_dialog import ContactDialog  # noqa: E402
from kimdesk.gui.drafts_dialog import DraftsDialog  # noqa: E402
from kimdesk.gui.first_start import FirstStartDialog  # noqa: E402
from kimdesk.gui.handover_dialog import HandoverExportDialog  # noqa: E402
from kimdesk.gui.main_window import MainWindow  # noqa: E402
from kimdesk.gui.new_case import NewCaseDialog  # noqa: E402
from kimdesk.gui.planning_conference_dialog import PlanningConferenceDialog  # noqa: E402
from kimdesk.gui.print_dialog import PrintDialog  # noqa: E402
from kimdesk.gui.referral_dialog import ReferralDialog  # noqa: E402
from kimdesk.gui.regelkreis import DOT, PhasePath  # noqa: E402
from kimdesk.gui.report_dialog import ReportDialog  # noqa: E402
from kimdesk.gui.screenshots import SilentPrompter, _final, _rating_page, showcase_case  # noqa: E402
from kimdesk.gui.session import apply_style  # noqa: E402
from kimdesk.gui.settings_dialog import SettingsDialog  # noqa: E402
from kimdesk.gui.unlock import UnlockDialog  # noqa: E402
from kimdesk.gui.wizard import FormWizard  # noqa: E402
from kimdesk.paths import ui_dir  # noqa: E402
from tests.conftest import PASSWORD, TODAY  # noqa: E402

SLACK = 1  # px of rounding
SCREEN_WIDTH, SCREEN_HEIGHT = 1920, 1080  # a full-HD office screen
WINDOW_SIZE = (1920, 1040)  # the main window maximised on it
WIZARD_SIZE = (1600, 1000)


# -- the rule ------------------------------------------------------------------------------


def _name(widget: QWidget) -> str:
    return f"{type(widget).__name__}#{widget.objectName()}"


def label_cut(label: QLabel) -> str | None:
    text = label.text()
    if not text.strip():
        return None
    m = label.margin()
    room = label.contentsRect().adjusted(m, m, -m, -m)
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    )
    if rich:
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(text)
        if label.wordWrap():
            document.setTextWidth(room.width())
        width = document.idealWidth() if label.wordWrap() else document.size().width()
        height, shown = document.size().height(), document.toPlainText()
    else:
        flags = label.alignment().value
        if label.buddy() is not None:
            flags |= Qt.TextFlag.TextShowMnemonic.value
        if label.wordWrap():
            flags |= Qt.TextFlag.TextWordWrap.value
        needed = label.fontMetrics().boundingRect(QRect(0, 0, room.width(), 100_000), flags, text)
        width, height, shown = needed.width(), needed.height(), text
    if width > room.width() + SLACK or height > room.height() + SLACK:
        return (
            f"{_name(label)} {shown[:40]!r}: needs {width:.0f}x{height:.0f}, "
            f"has {room.width()}x{room.height()}"
        )
    return None


def button_cut(button: QAbstractButton) -> str | None:
    if not button.text().strip():
        return None
    hint = button.sizeHint()
    if button.hasHeightForWidth():  # a command link: its description wraps
        hint.setWidth(button.minimumSizeHint().width())
        hint.setHeight(button.heightForWidth(button.width()))
    if button.width() + SLACK < hint.width() or button.height() + SLACK < hint.height():
        return (
            f"{_name(button)} {button.text()[:40]!r}: needs {hint.width()}x{hint.height()}, "
            f"has {button.width()}x{button.height()}"
        )
    return None


def group_cut(box: QGroupBox) -> str | None:
    if not box.title():
        return None
    option = QStyleOptionGroupBox()
    option.initFrom(box)
    option.text = box.title()
    option.subControls = QStyle.SubControl.SC_GroupBoxLabel
    place = box.style().subControlRect(
        QStyle.ComplexControl.CC_GroupBox, option, QStyle.SubControl.SC_GroupBoxLabel, box
    )
    needed = box.fontMetrics().horizontalAdvance(box.title().replace("&", ""))
    if needed > place.width() + SLACK or box.width() + SLACK < box.minimumSizeHint().width():
        return f"{_name(box)} {box.title()!r}: needs {needed}, has {place.width()}"
    return None


def tab_cuts(bar: QTabBar) -> list[str]:
    found = []
    for index in range(bar.count()):
        if not bar.isTabVisible(index):
            continue
        text = bar.tabText(index).replace("&", "")
        needed = bar.fontMetrics().horizontalAdvance(text)
        if bar.tabRect(index).width() + SLACK < needed:
            found.append(f"{_name(bar)} tab {text!r}: needs {needed}, has {bar.tabRect(index)}")
    return found


def list_cuts(view: QListWidget) -> list[str]:
    found = []
    viewport = view.viewport().width()
    for row in range(view.count()):
        item = view.item(row)
        if item.isHidden():
            continue
        needed = view.sizeHintForIndex(view.indexFromItem(item)).width()
        rect = view.visualItemRect(item)
        has = min(rect.width(), viewport - max(rect.x(), 0))
        if view.wordWrap():  # wrapped: the lines at the width there is must fit the height
            metrics = view.fontMetrics()
            padding = needed - metrics.horizontalAdvance(item.text())
            lines = metrics.boundingRect(
                QRect(0, 0, has - padding, 100_000), Qt.TextFlag.TextWordWrap, item.text()
            )
            if lines.width() > has - padding + SLACK or lines.height() > rect.height() + SLACK:
                found.append(f"{_name(view)} item {item.text()[:40]!r}: wrapped, cut")
        elif needed > has + SLACK:
            found.append(f"{_name(view)} item {item.text()[:40]!r}: needs {needed}, has {has}")
    return found


def header_cuts(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return []
    found = []
    arrow = header.isSortIndicatorShown()
    header.setSortIndicatorShown(False)  # the arrow sits in the padding; not counted
    try:
        for logical in range(header.count()):
            text = model.headerData(logical, header.orientation(), Qt.ItemDataRole.DisplayRole)
            if header.isSectionHidden(logical) or not text:
                continue
            needed = header.sectionSizeFromContents(logical).width()
            if needed > header.sectionSize(logical) + SLACK:
                found.append(
                    f"{_name(header)} {str(text)[:40]!r}: needs {needed}, "
                    f"has {header.sectionSize(logical)}"
                )
    finally:
        header.setSortIndicatorShown(arrow)
    return found


def phase_path_cuts(path: PhasePath) -> list[str]:
    """The painted phase path: each label, wrapped to its step, fits under the dots."""
    steps = path.steps()
    step = path.width() / max(len(steps), 1)
    room = path.height() - DOT - 10
    return [
        f"PhasePath {phase.label!r}: needs {path.label_height(phase, step):.0f}, has {room:.0f}"
        for phase, _state in steps
        if path.label_height(phase, step) > room + SLACK
    ]


def cut_texts(window: QWidget) -> list[str]:
    """Every text of ``window`` that does not fit its widget, as readable lines."""
    found = []
    if window.width() > SCREEN_WIDTH:
        found.append(f"{_name(window)} is {window.width()} px wide, the screen {SCREEN_WIDTH}")
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            found.append(label_cut(widget) or "")
        elif isinstance(widget, QAbstractButton):
            found.append(button_cut(widget) or "")
        elif isinstance(widget, QGroupBox):
            found.append(group_cut(widget) or "")
        elif isinstance(widget, QTabBar):
            found += tab_cuts(widget)
        elif isinstance(widget, QHeaderView):
            found += header_cuts(widget)
        if isinstance(widget, QListWidget):
            found += list_cuts(widget)
        if isinstance(widget, PhasePath):
            found += phase_path_cuts(widget)
    return [line for line in found if line]


# -- the screens ---------------------------------------------------------------------------


def settle() -> None:
    for _round in range(3):
        QApplication.processEvents()


Visit = Callable[[str, QWidget], None]


def show_as_on_full_hd(dialog: QDialog) -> None:
    """Show ``dialog`` at the size Qt gives a new window on a 1920 x 1080 screen: its size
    hint (height for its width, for wrapped text), at most 2/3 of the screen, at least its
    minimum. (The offscreen screen is 800 x 800, which would cap every dialog at 533 px.)
    A dialog that chose its own size keeps it."""
    if dialog.testAttribute(Qt.WidgetAttribute.WA_Resized):
        dialog.show()
        return
    dialog.ensurePolished()
    hint = dialog.sizeHint()
    layout = dialog.layout()
    if layout is not None and layout.hasHeightForWidth():
        hint.setHeight(layout.totalHeightForWidth(hint.width()))
    width = max(min(hint.width(), SCREEN_WIDTH * 2 // 3), dialog.minimumSizeHint().width())
    height = min(hint.height(), SCREEN_HEIGHT * 2 // 3)
    if layout is not None and layout.hasHeightForWidth():
        height = max(height, min(layout.totalHeightForWidth(width), SCREEN_HEIGHT * 2 // 3))
    dialog.resize(max(width, dialog.minimumWidth()), max(height, dialog.minimumSizeHint().height()))
    dialog.show()


def visit_screens(caseload: Caseload, visit: Visit) -> None:
    """Open every main screen and the main dialogs with this caseload; ``visit`` each."""
    prompter = SilentPrompter()
    window = MainWindow(caseload, prompter)
    window.idle_watch.set_minutes(0)
    window.resize(*WINDOW_SIZE)
    window.show()
    try:
        visit("overview", window)
        window.show_page(window.case_list)
        visit("case-list", window)
        case = showcase_case(caseload)
        window.show_case(case.id)
        tabs = window.case_view.tabs
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            visit(f"case-view-{index}", window)
        tabs.setCurrentIndex(0)
        window.show_page(window.services_page)
        visit("service-directory", window)
        window.show_page(window.system_page)
        visit("system-work", window)
        for kind, page_of in (
            (FormKind.SCREENING, lambda wizard: 1),
            (FormKind.ASSESSMENT, _rating_page),
        ):
            instance_id = _final(caseload, case.id, kind, rated=kind is FormKind.ASSESSMENT)
            assert instance_id is not None
            form_key = caseload.form_instance(instance_id).form_key
            wizard = FormWizard(
                caseload, case.id, form_key, prompter=prompter, instance_id=instance_id
            )
            wizard.resize(*WIZARD_SIZE)
            wizard.show()
            wizard.go_to_page(page_of(wizard))
            visit(f"wizard-{kind.value}", wizard)
            wizard.close()
            wizard.deleteLater()
        folder = caseload.db.path.parent  # nothing is created there: the dialogs are closed
        dialogs: list[tuple[str, QDialog]] = [
            ("contact", ContactDialog(caseload, case.id, prompter)),
            ("referral", ReferralDialog(caseload, case.id, prompter)),
            ("consent", ConsentDialog(caseload, case.id, prompter)),
            ("print", PrintDialog(caseload, prompter, case_id=case.id)),
            ("settings", SettingsDialog(caseload, prompter)),
            ("new-case", NewCaseDialog(caseload, prompter)),
            ("unlock", UnlockDialog(caseload.db.path, prompter)),
            ("report", ReportDialog(caseload, prompter)),
            ("first-start", FirstStartDialog(folder / "n.kimdesk", folder / "x.kimdesk", prompter)),
            ("case-conference", CaseConferenceDialog(caseload, case.id, prompter)),
            ("planning-conference", PlanningConferenceDialog(caseload, prompter)),
            ("drafts", DraftsDialog(caseload, prompter)),
            ("audit-log", AuditViewer(caseload)),
            ("about", AboutDialog(caseload.db.path)),
            ("handover", HandoverExportDialog(caseload, case.id, prompter)),
            ("restore", RestoreDialog(caseload.db.path, prompter)),
        ]
        for name, dialog in dialogs:
            show_as_on_full_hd(dialog)
            visit(name, dialog)
            if name == "settings":
                tab_widget = dialog.tabs  # type: ignore[attr-defined]
                for index in range(1, tab_widget.count()):
                    tab_widget.setCurrentIndex(index)
                    visit(f"settings-{index}", dialog)
            dialog.reject()
            dialog.deleteLater()
    finally:
        window.idle_watch.stop()
        window.hide()
        window.deleteLater()
        settle()


def heading_points() -> float:
    label = QLabel("Heading")
    label.setObjectName("heading")
    label.ensurePolished()
    return label.font().pointSizeF()


def enlarge_text(app: QApplication, factor: float) -> None:
    font = app.font()
    font.setPointSizeF(font.pointSizeF() * factor)
    app.setFont(font)


# -- tests ---------------------------------------------------------------------------------



@pytest.fixture
def styled(qapp: QApplication) -> Iterator[QApplication]:
    """The application with kimdesk's style; font, sheet and palette as before afterwards."""
    before = qapp.font(), qapp.styleSheet(), qapp.palette()
    apply_style(qapp)
    yield qapp
    qapp.setFont(before[0])
    qapp.setStyleSheet(before[1])
    qapp.setPalette(before[2])
    settle()


def test_the_style_sheet_follows_the_application_font(styled: QApplication) -> None:
    base = styled.font().pointSizeF()
    normal = heading_points()
    assert normal == pytest.approx(base * 1.67, abs=0.05)  # 15 pt at Qt's default 9 pt
    enlarge_text(styled, 2.0)
    assert styled.font().pointSizeF() == pytest.approx(2 * base)  # the user's size is kept
    assert heading_points() == pytest.approx(2 * normal, abs=0.05)
    enlarge_text(styled, 0.5)
    assert heading_points() == pytest.approx(normal, abs=0.05)


def test_every_font_size_in_the_style_sheets_is_relative() -> None:
    sheets = sorted(ui_dir().glob("*.qss"))
    assert sheets
    for sheet in sheets:
        text = sheet.read_text(encoding="utf-8")
        assert not re.findall(r"font-size:\s*[\d.]+\s*(?:pt|px)", text), sheet.name
        assert not re.findall(r"\bfont:", text), sheet.name  # the shorthand would fix a size


def test_an_open_window_follows_a_changed_text_size(
    qtbot, styled: QApplication, caseload: Caseload
) -> None:
    window = MainWindow(caseload, SilentPrompter())
    qtbot.addWidget(window)
    window.show()
    before = window.navigation.width()
    enlarge_text(styled, 2.0)
    settle()
    assert window.navigation.width() == 2 * before
    assert not cut_texts(window.navigation)
    window.idle_watch.stop()


def test_a_style_sheet_set_by_someone_else_is_left_alone(styled: QApplication) -> None:
    styled.setStyleSheet("QLabel { color: #1f2933; }")
    enlarge_text(styled, 2.0)
    assert styled.styleSheet() == "QLabel { color: #1f2933; }"


def test_every_screen_fits_at_200_percent_text(qtbot, styled: QApplication, demo) -> None:
    enlarge_text(styled, 2.0)
    cuts: dict[str, list[str]] = {}
    visited = []

    def visit(name: str, widget: QWidget) -> None:
        settle()
        visited.append(name)
        found = cut_texts(widget)
        if found:
            cuts[name] = found

    visit_screens(demo, visit)
    assert len(visited) >= 20
    assert cuts == {}


def test_the_rule_sees_a_cut_label(qtbot, styled: QApplication) -> None:
    label = QLabel("Angebotsdatenbank")
    qtbot.addWidget(label)
    label.setFixedWidth(label.sizeHint().width() // 2)
    label.show()
    assert cut_texts(label)


# -- screenshots ---------------------------------------------------------------------------

SHOTS = {"overview": "overview", "case-view-0": "case-view", "wizard-assessment": "wizard"}


def save_screenshots(caseload: Caseload, out_dir: Path) -> list[Path]:
    """The overview, the case view and a wizard page at 200 % text, as text-200-*.png."""
    written = []

    def visit(name: str, widget: QWidget) -> None:
        if name in SHOTS:
            settle()
            path = out_dir / f"text-200-{SHOTS[name]}.png"
            widget.grab().save(str(path))
            written.append(path)

    visit_screens(caseload, visit)
    return written


def test_screenshots_at_200_percent(qtbot, styled: QApplication, demo, tmp_path) -> None:
    enlarge_text(styled, 2.0)
    written = save_screenshots(demo, tmp_path)
    assert [path.name for path in written] == [
        "text-200-overview.png",
        "text-200-case-view.png",
        "text-200-wizard.png",
    ]
    for path in written:
        assert QImage(str(path)).width() >= 1600


def main(out_dir: Path) -> None:
    """Write the 200 % screenshots from a fresh demo caseload in a temporary folder."""
    import tempfile

    application = QApplication(sys.argv[:1])
    apply_style(application)
    enlarge_text(application, 2.0)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.kimdesk"
        caseload = Caseload.create(path, PASSWORD, DEMO_PROFILE)
        fill_demo(caseload, cases=40, seed=3, today=TODAY)
        caseload.close()
        caseload = Caseload.open(path, PASSWORD, today=lambda: TODAY)
        try:
            for written in save_screenshots(caseload, out_dir):
                print(written)
        finally:
            caseload.close()


if __name__ == "__main__":  # python -m tests.gui.test_text_scaling docs/screenshots
    main(Path(sys.argv[1]))
