"""The drafts list: every unfinished form with the client's name and the form, newest change
first; continue one, or discard the abandoned ones after a question that says how many."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.domain.names import display_name
from kimdesk.domain.records import Draft
from kimdesk.errors import KimdeskError
from kimdesk.gui.dashboard import changed_at, short_title
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import hint
from kimdesk.i18n import _, ngettext

NAME, FORM, CHANGED = range(3)
INSTANCE_ROLE = Qt.ItemDataRole.UserRole


def newest_first(drafts: list[Draft]) -> list[Draft]:
    return sorted(drafts, key=lambda d: (d.updated_at, d.instance_id), reverse=True)


class DraftsDialog(QDialog):
    """All drafts of the caseload; ``chosen`` is the form instance to continue, if any."""

    def __init__(
        self, caseload: Caseload, prompter: PrompterLike, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._caseload = caseload
        self._prompter = prompter
        self.discarded = 0
        self.chosen: int | None = None
        self.setWindowTitle(_("Unfinished drafts – kimdesk"))
        self.resize(scaled(820), 520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        heading = QLabel(_("Unfinished drafts"), self)
        heading.setObjectName("pageHeading")
        layout.addWidget(heading)
        layout.addWidget(
            hint(
                _(
                    "Newest change first. Select one or several (Ctrl or Shift + click) to "
                    "discard drafts that will not be finished."
                ),
                self,
            )
        )
        self.table = self._build_table()
        layout.addWidget(self.table, 1)
        self.empty_label = hint(_("No unfinished forms."), self)
        self.empty_label.setObjectName("emptyState")
        layout.addWidget(self.empty_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.continue_button = QPushButton(_("&Continue"), self)
        self.discard_button = QPushButton(_("&Discard draft …"), self)
        buttons.addButton(self.continue_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.continue_button.clicked.connect(self.continue_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemActivated.connect(lambda _item: self.continue_selected())
        self.reload()

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(0, 3, self)
        table.setObjectName("draftsTable")
        table.setAccessibleName(_("Unfinished drafts"))
        table.setHorizontalHeaderLabels([_("Client"), _("Form"), _("Last changed")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FORM, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CHANGED, QHeaderView.ResizeMode.ResizeToContents)
        return table

    def reload(self) -> None:
        caseload = self._caseload
        names = {
            row.id: f"{row.case_number} {display_name(row.surname, row.given_names)}"
            for row in caseload.cases()
        }
        drafts = newest_first(caseload.drafts())
        self.table.setRowCount(len(drafts))
        for row, draft in enumerate(drafts):
            texts = (
                names.get(draft.case_id, draft.case_number),
                short_title(draft.title),
                changed_at(draft.updated_at),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(INSTANCE_ROLE, draft.instance_id)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(drafts))
        self.empty_label.setVisible(not drafts)
        self._update_buttons()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [int(self.table.model().index(row, NAME).data(INSTANCE_ROLE)) for row in rows]

    def select_rows(self, rows: list[int]) -> None:
        """Select these rows, as Ctrl + click would."""
        self.table.clearSelection()
        mode = self.table.selectionMode()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        for row in rows:
            self.table.selectRow(row)
        self.table.setSelectionMode(mode)

    def _update_buttons(self) -> None:
        count = len(self.selected_ids())
        self.continue_button.setEnabled(count == 1)
        self.discard_button.setEnabled(count > 0)

    def continue_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.chosen = ids[0]
            self.accept()

    def discard_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        question = ngettext(
            "Discard {n} draft for good? What was entered in it is lost.",
            "Discard {n} drafts for good? What was entered in them is lost.",
            len(ids),
        ).format(n=len(ids))
        if not self._prompter.question(self, question, title=_("Discard drafts")):
            return
        try:
            self.discarded += self._caseload.discard_drafts(ids)
        except KimdeskError as error:
            self._prompter.error(self, str(error))
        self.reload()
