"""Hilfe → Über kimdesk: name, version, where the caseload and its backups lie, and the
components kimdesk bundles with their licences (the texts readable, not editable)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kimdesk import __version__
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import heading, hint, leave_with_tab
from kimdesk.i18n import _
from kimdesk.lifecycle.backup import backup_folder
from kimdesk.paths import user_config_dir

if TYPE_CHECKING:
    from kimdesk.licences import Component


class AboutDialog(QDialog):
    """Read-only; ``components`` lists what the licence view can show."""

    def __init__(self, caseload_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About kimdesk"))
        self.resize(scaled(780), 640)
        # Imported here, not at the top: importlib.metadata is not needed to start (cold start).
        from kimdesk.licences import components

        self.components = components(qt_version=qVersion())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(heading("kimdesk", self))
        self.version_label = QLabel(_("Version {version}").format(version=__version__), self)
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.version_label)
        layout.addWidget(
            hint(
                _(
                    "Case management for KIM case managers in North Rhine-Westphalia. The "
                    "caseload is stored encrypted on this computer and works without a network."
                ),
                self,
            )
        )

        places = QFormLayout()
        places.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.caseload_label = _path_label(caseload_path, self)
        self.backups_label = _path_label(backup_folder(caseload_path), self)
        self.settings_label = _path_label(user_config_dir(), self)
        places.addRow(_("Caseload:"), self.caseload_label)
        places.addRow(_("Automatic backups:"), self.backups_label)
        places.addRow(_("Settings:"), self.settings_label)
        layout.addLayout(places)

        caption = QLabel(_("Components and their licences"), self)
        caption.setObjectName("sectionCaption")
        layout.addWidget(caption)
        self.component_list = QTreeWidget(self)
        self.component_list.setHeaderLabels([_("Component"), _("Version"), _("Licence")])
        self.component_list.setRootIsDecorated(False)
        self.component_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.component_list.setAccessibleName(_("Components and their licences"))
        header = self.component_list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for component in self.components:
            item = QTreeWidgetItem([component.name, component.version or "–", component.licence])
            item.setToolTip(2, component.licence)
            self.component_list.addTopLevelItem(item)
        layout.addWidget(self.component_list, 2)

        self.licence_text = QPlainTextEdit(self)
        leave_with_tab(self.licence_text)
        self.licence_text.setReadOnly(True)
        self.licence_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.licence_text.setAccessibleName(_("Licence text"))
        layout.addWidget(self.licence_text, 3)
        self.component_list.currentItemChanged.connect(self._show_licence)
        # The fonts first: their licence (OFL) asks for its text to travel with them.
        self.component_list.setCurrentItem(self.component_list.topLevelItem(0))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def component(self, name: str) -> Component:
        return next(c for c in self.components if c.name == name)

    def select(self, name: str) -> None:
        row = self.components.index(self.component(name))
        self.component_list.setCurrentItem(self.component_list.topLevelItem(row))

    def _show_licence(self, item: QTreeWidgetItem | None) -> None:
        if item is None:
            return
        component = self.components[self.component_list.indexOfTopLevelItem(item)]
        text = component.licence_text() or _(
            "This build does not include the text of this licence ({licence})."
        ).format(licence=component.licence)
        self.licence_text.setPlainText(text)


def _path_label(path: Path, parent: QWidget) -> QLabel:
    label = QLabel(str(path), parent)
    label.setObjectName("fileName")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def open_about_dialog(parent: QWidget, caseload_path: Path) -> AboutDialog:
    """Open the dialog beside the main window (not blocking it); it deletes itself on close."""
    dialog = AboutDialog(caseload_path, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
