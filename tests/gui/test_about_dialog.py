"""Hilfe → Über kimdesk: the version, where the data lie, and the licences of fonts and Qt."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPlainTextEdit

import kimdesk
from kimdesk.gui.about_dialog import AboutDialog
from kimdesk.gui.main_window import MainWindow
from kimdesk.i18n import _
from kimdesk.licences import FONTS_NAME


def rows(dialog: AboutDialog) -> list[list[str]]:
    tree = dialog.component_list
    return [
        [tree.topLevelItem(i).text(column) for column in range(3)]
        for i in range(tree.topLevelItemCount())
    ]


def test_the_version_is_the_one_definition(qtbot, db_path: Path) -> None:
    dialog = AboutDialog(db_path)
    qtbot.addWidget(dialog)
    assert dialog.version_label.text() == f"Version {kimdesk.__version__}"


def test_the_caseload_and_its_backups_are_named_with_their_folders(qtbot, db_path) -> None:
    dialog = AboutDialog(db_path)
    qtbot.addWidget(dialog)
    assert dialog.caseload_label.text() == str(db_path)
    assert dialog.backups_label.text() == str(db_path.parent / "backups")


def test_the_fonts_licence_is_shown_first_and_cannot_be_edited(qtbot, db_path) -> None:
    dialog = AboutDialog(db_path)
    qtbot.addWidget(dialog)
    assert rows(dialog)[0] == [FONTS_NAME, "–", "SIL Open Font License 1.1 (OFL-1.1)"]
    assert "SIL OPEN FONT LICENSE Version 1.1" in dialog.licence_text.toPlainText()
    assert dialog.licence_text.isReadOnly()


def test_qt_is_named_with_its_running_version_and_the_lgpl(qtbot, db_path) -> None:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    dialog = AboutDialog(db_path)
    qtbot.addWidget(dialog)
    qt = next(row for row in rows(dialog) if row[0] == "Qt / PySide6")
    assert qt[1] == f"{pyside_version}, Qt {qVersion()}"
    assert "LGPL-3.0" in qt[2]
    dialog.select("Qt / PySide6")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.licence_text.toPlainText()


def test_every_library_has_a_version_a_licence_and_its_text(qtbot, db_path) -> None:
    dialog = AboutDialog(db_path)
    qtbot.addWidget(dialog)
    for name, version, licence in rows(dialog):
        assert version and licence, name
        dialog.select(name)
        assert len(dialog.licence_text.toPlainText()) > 300, name


def test_the_help_menu_opens_it(qtbot, caseload, prompter) -> None:
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    help_menu = window.menuBar().actions()[-1].menu()
    about = next(a for a in help_menu.actions() if a.text() == _("&About kimdesk"))
    about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Über kimdesk"
    assert dialog.caseload_label.text() == str(caseload.db.path)
    assert dialog.findChild(QPlainTextEdit) is dialog.licence_text
    assert prompter.messages == []
    dialog.close()
    window.close()


def test_rendered(qtbot, db_path, tmp_path) -> None:
    """A picture to look at (tmp_path/about.png); also proves it paints offscreen."""
    dialog = AboutDialog(db_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(tmp_path / "about.png"))
