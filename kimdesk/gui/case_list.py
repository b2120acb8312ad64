"""The case list: every case in one sortable, filterable table (model/view, no widget per row).

The source model keeps one precomputed line per case (texts, sort keys, search key), so
filtering and sorting ten thousand cases stay smooth; the model sorts itself and the proxy
only filters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kimdesk.case_groups import CaseGroup, CaseGroups
from kimdesk.domain.name_search import Query
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import CaseRow
from kimdesk.gui.case_lines import (  # noqa: F401 (the table's names, used from here too)
    DORMANT_COLOUR,
    FLAGS,
    LAST_CONTACT,
    NAME,
    NEXT_REVIEW,
    NUMBER,
    OVERDUE_COLOUR,
    PHASE,
    CaseLine,
    Words,
    case_line,
    column_titles,
    day,
    tooltip,
)
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import heading, hint
from kimdesk.i18n import _, ngettext

Index = QModelIndex | QPersistentModelIndex
CASE_ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMN_WIDTHS = (100, 190, 215, 110, 100)  # the flags column stretches


class CaseTableModel(QAbstractTableModel):
    """The cases as table rows; it sorts itself on precomputed keys."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[CaseLine] = []
        self._titles = column_titles()
        self._sort: tuple[int, Qt.SortOrder] = (NUMBER, Qt.SortOrder.AscendingOrder)
        self.groups: dict[CaseGroup, set[int]] = {group: set() for group in CaseGroup}
        self._rows: dict[int, int] = {}  # case id -> row, rebuilt when rows move

    def set_rows(self, rows: list[CaseRow], today: date, groups: CaseGroups | None = None) -> None:
        self.beginResetModel()
        words = Words.current()
        if groups is not None:
            self.groups = {group: set(groups.get(group, ())) for group in CaseGroup}
        known = self.groups if groups is not None else None  # else the rule decides
        self._lines = [case_line(row, today, words, known) for row in rows]
        self._sort_lines()
        self.endResetModel()

    # -- one case at a time: the rest of the table stays as it is --------------------------

    def upsert(
        self, rows: list[CaseRow], today: date, groups: Mapping[CaseGroup, set[int]]
    ) -> None:
        """These cases as they are now (``groups``: which of them are in which group): a
        changed row is redrawn and moved to its place in the order, a new one inserted."""
        words = Words.current()
        for row in rows:
            for group, members in self.groups.items():
                if row.id in groups.get(group, ()):
                    members.add(row.id)
                else:
                    members.discard(row.id)
            line = case_line(row, today, words, self.groups)
            position = self._rows.get(row.id)
            if position is None:
                self._insert(line)
            else:
                self._replace(position, line)

    def remove(self, case_ids: Iterable[int]) -> None:
        for case_id in case_ids:
            position = self._rows.get(case_id)
            if position is None:
                continue
            self.beginRemoveRows(QModelIndex(), position, position)
            del self._lines[position]
            self._index_rows()
            self.endRemoveRows()
            for members in self.groups.values():
                members.discard(case_id)

    def case_ids_of_person(self, person_id: int) -> set[int]:
        return {line.case_id for line in self._lines if line.row.person_id == person_id}

    def person_of(self, case_id: int) -> int | None:
        position = self._rows.get(case_id)
        return None if position is None else self._lines[position].row.person_id

    def _place(self, line: CaseLine) -> int:
        """Where ``line`` belongs in the current order (a binary search on its sort key)."""
        column, order = self._sort
        key, descending = line.sort_keys[column], order is Qt.SortOrder.DescendingOrder
        low, high = 0, len(self._lines)
        while low < high:
            middle = (low + high) // 2
            other = self._lines[middle].sort_keys[column]
            if (other > key) if descending else (other < key):
                low = middle + 1
            else:
                high = middle
        return low

    def _insert(self, line: CaseLine) -> None:
        position = self._place(line)
        self.beginInsertRows(QModelIndex(), position, position)
        self._lines.insert(position, line)
        self._index_rows()
        self.endInsertRows()

    def _replace(self, position: int, line: CaseLine) -> None:
        old = self._lines.pop(position)
        target = self._place(line)
        self._lines.insert(position, old)
        if target != position:
            # Qt counts the destination before the row is taken out.
            destination = target + 1 if target > position else target
            self.beginMoveRows(QModelIndex(), position, position, QModelIndex(), destination)
            del self._lines[position]
            self._lines.insert(target, line)
            self._index_rows()
            self.endMoveRows()
        else:
            self._lines[position] = line
        self.dataChanged.emit(self.index(target, 0), self.index(target, len(self._titles) - 1))

    def _index_rows(self) -> None:
        self._rows = {line.case_id: row for row, line in enumerate(self._lines)}

    def case_id_at(self, row: int) -> int:
        return self._lines[row].case_id

    def line(self, row: int) -> CaseLine:
        return self._lines[row]

    def row_of(self, case_id: int) -> int | None:
        return self._rows.get(case_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._titles)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._titles[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line, column = self._lines[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return line.texts[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(line, column) or None
        if role == CASE_ID_ROLE:
            return line.case_id
        if role == SORT_ROLE:
            return line.sort_keys[column][0]
        if role == Qt.ItemDataRole.ForegroundRole and column in (FLAGS, NEXT_REVIEW):
            if line.overdue:
                return OVERDUE_COLOUR
            if line.dormant and column == FLAGS:
                return DORMANT_COLOUR
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._titles):
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._lines[index.row()].case_id for index in persistent]
        self._sort_lines()
        rows = {line.case_id: row for row, line in enumerate(self._lines)}
        self.changePersistentIndexList(
            persistent,
            [self.index(rows[i], index.column()) for i, index in zip(ids, persistent, strict=True)],
        )
        self.layoutChanged.emit()

    def _sort_lines(self) -> None:
        column, order = self._sort
        self._lines.sort(
            key=lambda line: line.sort_keys[column],
            reverse=order is Qt.SortOrder.DescendingOrder,
        )
        self._index_rows()


class CaseScope(Enum):
    """The choices of the phase filter besides a single phase."""

    OPEN = "open"
    ALL = "all"


Scope = Phase | CaseScope | CaseGroup


class CaseFilterProxy(QSortFilterProxyModel):
    """Filters by name or case number (ignoring case and accents) and by phase or by one of
    the overview's groups; sorting is handed to the source model, which sorts its precomputed
    keys."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = Query(())
        self._scope: Scope = CaseScope.OPEN
        self._cases: CaseTableModel | None = None
        self.setSortRole(SORT_ROLE)

    def setSourceModel(  # type: ignore[override]  # noqa: N802 (Qt API)
        self, model: CaseTableModel
    ) -> None:
        self._cases = model
        super().setSourceModel(model)

    @property
    def scope(self) -> Scope:
        return self._scope

    def set_text(self, text: str) -> None:
        """Every word must occur in the case number or name; "Şahin, Ayşe" finds "ayse sahin"."""
        query = Query.parse(text)
        if query != self._query:
            self.beginFilterChange()
            self._query = query
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_phase(self, phase: Scope | None) -> None:
        """A single phase, ``CaseScope.OPEN`` (the default), all cases (``None``/ALL) or the
        cases of one of the overview's groups, whatever their phase."""
        scope = CaseScope.ALL if phase is None else phase
        if not isinstance(scope, Phase | CaseScope | CaseGroup):
            scope = Phase(scope)  # a phase key that went through a QVariant as plain str
        if scope != self._scope:
            self.beginFilterChange()
            self._scope = scope
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        assert self._cases is not None
        line = self._cases.line(source_row)
        scope = self._scope
        if isinstance(scope, CaseGroup):
            if line.case_id not in self._cases.groups[scope]:
                return False
        elif scope is CaseScope.OPEN:
            if not line.phase.is_open:
                return False
        elif scope is not CaseScope.ALL and line.phase is not scope:
            return False
        return self._query.matches(line.search)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._cases is not None:
            self._cases.sort(column, order)

    def case_id_at(self, row: int) -> int:
        assert self._cases is not None
        return self._cases.case_id_at(self.mapToSource(self.index(row, 0)).row())


class CaseListPage(QWidget):
    open_case = Signal(int)
    new_case = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CaseTableModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self._update_count()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(heading(_("Cases"), self))
        top.addStretch(1)
        self.new_button = QPushButton(_("&New case"), self)
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip(_("Open a new case, starting with the screening"))
        self.new_button.clicked.connect(self.new_case)
        top.addWidget(self.new_button)
        layout.addLayout(top)

        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Search name or case number"))
        self.search.setAccessibleName(_("Search name or case number"))
        self.search.setToolTip(_("Search as you type; accents do not matter (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(scaled(280))
        self.search.textChanged.connect(self.proxy.set_text)
        self.search.textChanged.connect(self._update_count)
        self.search.installEventFilter(self)
        bar.addWidget(self.search, 2)
        phase_label = QLabel(_("&Show:"), self)
        self.phase_combo = QComboBox(self)
        self.phase_combo.setAccessibleName(_("Show cases in phase"))
        phase_label.setBuddy(self.phase_combo)
        # Item data are indexes into this list: Qt would turn a StrEnum into a plain str.
        self._scopes: list[Scope] = [CaseScope.OPEN, CaseScope.ALL, *CaseGroup, *Phase]
        self.phase_combo.addItem(_("Open cases"), 0)
        self.phase_combo.addItem(_("All cases"), 1)
        self.phase_combo.insertSeparator(2)
        for position, group in enumerate(CaseGroup, start=2):
            self.phase_combo.addItem(group.label, position)
        self.phase_combo.insertSeparator(self.phase_combo.count())
        for position, phase in enumerate(Phase, start=2 + len(CaseGroup)):
            self.phase_combo.addItem(phase.label, position)
        self.phase_combo.currentIndexChanged.connect(self._phase_chosen)
        bar.addSpacing(12)
        bar.addWidget(phase_label)
        bar.addWidget(self.phase_combo, 1)
        bar.addStretch(1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("caption")
        bar.addWidget(self.count_label)
        layout.addLayout(bar)

        self.table = self._build_table()
        layout.addWidget(self.table, 1)
        self.empty_hint = hint("", self)
        self.empty_hint.hide()
        layout.addWidget(self.empty_hint)

        QShortcut(
            QKeySequence.StandardKey.Find,
            self,
            self.focus_search,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        QWidget.setTabOrder(self.search, self.phase_combo)
        QWidget.setTabOrder(self.phase_combo, self.table)
        QWidget.setTabOrder(self.table, self.new_button)

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("caseTable")
        table.setAccessibleName(_("Cases"))
        table.setModel(self.proxy)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setShowGrid(False)
        table.setTabKeyNavigation(False)
        rows = table.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 12)
        columns = table.horizontalHeader()
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setStretchLastSection(True)
        bold = QFont(table.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        for column, width in enumerate(COLUMN_WIDTHS):
            # Room for the translated title and the sort arrow.
            title = self.model.headerData(column, Qt.Orientation.Horizontal)
            table.setColumnWidth(column, max(scaled(width), metrics.horizontalAdvance(title) + 28))
        # The stretched flags column shrinks to the minimum when the table scrolls sideways.
        flags_title = self.model.headerData(FLAGS, Qt.Orientation.Horizontal)
        columns.setMinimumSectionSize(metrics.horizontalAdvance(flags_title) + 28)
        table.setSortingEnabled(True)
        table.sortByColumn(NUMBER, Qt.SortOrder.AscendingOrder)
        table.doubleClicked.connect(self._open_index)
        table.installEventFilter(self)
        return table

    # -- behaviour -------------------------------------------------------------------------

    def set_rows(self, rows: list[CaseRow], today: date, groups: CaseGroups | None = None) -> None:
        """Show these cases; the selected case stays selected if it is still there.
        ``groups``: the overview's groups (``kimdesk.case_groups``) for the group filters."""
        current = self.current_case_id()
        self.model.set_rows(rows, today, groups)
        if current is not None:
            self.select_case(current)

    def current_case_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.proxy.case_id_at(index.row()) if index.isValid() else None

    def select_case(self, case_id: int) -> bool:
        source_row = self.model.row_of(case_id)
        if source_row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not index.isValid():
            return False
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def set_scope(self, scope: Scope) -> None:
        """Choose open cases, all cases, a group or a phase, as if picked in the combo box."""
        self.phase_combo.setCurrentIndex(self.phase_combo.findData(self._scopes.index(scope)))

    def show_group(self, group: CaseGroup) -> None:
        """Exactly the cases of one of the overview's groups: the search is cleared too."""
        self.search.clear()
        self.set_scope(group)

    def _phase_chosen(self, index: int) -> None:
        position = self.phase_combo.itemData(index)
        if isinstance(position, int):
            self.proxy.set_phase(self._scopes[position])
            self._update_count()

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_case.emit(self.proxy.case_id_at(index.row()))

    def _focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.proxy.rowCount() > 0:
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if watched is self.table and enter:
                self._open_index(self.table.currentIndex())
                return True
            if watched is self.search and key == Qt.Key.Key_Down:
                self._focus_table()
                return True
            if watched is self.search and enter:
                if self.proxy.rowCount() == 1:
                    self._open_index(self.proxy.index(0, 0))
                else:
                    self._focus_table()
                return True
        return super().eventFilter(watched, event)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            ngettext("{shown} of {total} case", "{shown} of {total} cases", total).format(
                shown=shown, total=total
            )
        )
        if total == 0:
            self.empty_hint.setText(_("No cases yet. Start with “New case”."))
        elif shown == 0:
            self.empty_hint.setText(_("No case matches the search and the filter chosen."))
        self.empty_hint.setVisible(shown == 0)
