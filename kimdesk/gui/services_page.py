"""The service directory (Angebotsdatenbank): local offers and contacts, searchable as you type.

Entries are organisations and their offers, not clients; the table filters locally because
the directory holds tens to hundreds of entries.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.domain.records import Service, search_key
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.errors import KimdeskError
from kimdesk.gui.contact_dialog import taken_mnemonics, with_mnemonic
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.record_corrections import confirm_and_remove, correctable
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import (
    FieldNote,
    chain_tab_order,
    heading,
    hint,
    leave_with_tab,
    noted_row,
    save_cancel_buttons,
    submit_shortcuts,
)
from kimdesk.i18n import _, ngettext

if TYPE_CHECKING:
    from kimdesk.service_exchange import ImportPlan

AnyIndex = QModelIndex | QPersistentModelIndex
COLUMN_SHARES = (0.18, 0.22, 0.13, 0.12, 0.18)  # of the table's width; the last takes the rest
SHOWN_DUPLICATES = 10  # listed in the import's question; the rest are counted
INACTIVE_COLOUR = QColor("#6b7280")  # grey, still 4.8 : 1 against white


def domains_text(domains: frozenset[LifeDomain]) -> str:
    """The life domains of an offer, in the order of the assessment sheets."""
    return ", ".join(domain.label for domain in LifeDomain if domain in domains)


class ServiceTableModel(QAbstractTableModel):
    """The directory's entries as rows: provider, offer, contact, phone, e-mail, domains."""

    COLUMNS = ("provider", "offer", "contact_person", "phone", "email", "domains")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[int, Service]] = []
        self._headers = (
            _("Provider"),
            _("Offer"),
            _("Contact person"),
            _("Phone"),
            _("E-mail"),
            _("Life domains"),
        )

    def set_services(self, rows: list[tuple[int, Service]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def service(self, row: int) -> tuple[int, Service]:
        return self._rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        _id, service = self._rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole:
            # A deactivated entry is greyed, and says so in words (not by colour alone).
            if service.active:
                return None
            return INACTIVE_COLOUR
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = self.COLUMNS[index.column()]
        if column == "domains":
            return domains_text(service.domains)
        if column == "offer" and not service.active:
            # In front: a long offer is cut off at its end.
            return _("deactivated: {offer}").format(offer=service.offer)
        return getattr(service, column)

    def headerData(  # noqa: N802 (Qt API)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


class ServiceFilter(QSortFilterProxyModel):
    """Rows whose provider, offer or contact contain the search text, in one life domain."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wanted = ""
        self._domain: LifeDomain | None = None
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortLocaleAware(True)

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_wanted", search_key(text)))

    def set_domain(self, domain: LifeDomain | None) -> None:
        self._refilter(lambda: setattr(self, "_domain", domain))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, ServiceTableModel)
        _id, service = model.service(source_row)
        if self._domain is not None and self._domain not in service.domains:
            return False
        # The same matching as Caseload.find_services: accents and case do not matter.
        return self._wanted in search_key(service.provider, service.offer, service.contact_person)


class ServiceTable(QTableView):
    """A table that says when its width changed, so the columns can share it anew."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.resized.emit()


class ServiceDirectoryPage(QWidget):
    """The page of the main window; ``changed`` is emitted after the directory changed."""

    changed = Signal()

    def __init__(
        self, caseload: Caseload, prompter: PrompterLike, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._caseload = caseload
        self._prompter = prompter
        self._content_widths: list[int] | None = None
        self.dialog: ServiceDialog | None = None  # the correction being made, while it runs
        self._build()
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.addWidget(heading(_("Service directory"), self))
        top.addStretch(1)
        self.import_button = QPushButton(_("&Import …"), self)
        self.import_button.setToolTip(
            _("Add the offers of a workbook (e.g. from the coordinating office)")
        )
        self.import_button.clicked.connect(lambda: self.import_directory())
        top.addWidget(self.import_button)
        self.export_button = QPushButton(_("E&xport …"), self)
        self.export_button.setToolTip(_("Write the active offers into a workbook, to share"))
        self.export_button.clicked.connect(lambda: self.export_directory())
        top.addWidget(self.export_button)
        self.add_button = QPushButton(_("&Add offer"), self)
        self.add_button.setObjectName("primary")
        self.add_button.setAccessibleName(_("Add offer"))
        self.add_button.clicked.connect(self.add_service)
        top.addWidget(self.add_button)
        layout.addLayout(top)
        layout.addWidget(
            hint(
                _(
                    "Local services and their contacts for referrals. "
                    "The directory holds organisations, never clients."
                ),
                self,
            )
        )

        filters = QHBoxLayout()
        filters.setSpacing(10)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(_("Search provider, offer or contact person …"))
        self.search_edit.setAccessibleName(_("Search the service directory"))
        self.search_edit.setClearButtonEnabled(True)
        search_label = QLabel(_("&Search"), self)
        search_label.setBuddy(self.search_edit)
        self.domain_combo = QComboBox(self)
        self.domain_combo.setAccessibleName(_("Filter by life domain"))
        self.domain_combo.addItem(_("All life domains"), None)
        for domain in LifeDomain:
            self.domain_combo.addItem(domain.label, domain.value)
        self.domain_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.domain_combo.setMinimumContentsLength(24)
        domain_label = QLabel(_("Life &domain"), self)
        domain_label.setBuddy(self.domain_combo)
        filters.addWidget(search_label)
        filters.addWidget(self.search_edit, 2)
        filters.addSpacing(8)
        filters.addWidget(domain_label)
        filters.addWidget(self.domain_combo)
        layout.addLayout(filters)

        self.model = ServiceTableModel(self)
        self.proxy = ServiceFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = ServiceTable(self)
        leave_with_tab(self.table)
        self.table.setObjectName("serviceTable")
        self.table.setAccessibleName(_("Offers"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.resized.connect(self._resize_columns)
        layout.addWidget(self.table, 1)
        correctable(self.table, edit=self.edit_service, remove=self.remove_service)

        bottom = QHBoxLayout()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("hint")
        bottom.addWidget(self.count_label, 1)
        self.correct_button = QPushButton(_("&Correct …"), self)
        self.correct_button.clicked.connect(lambda: self.edit_service())
        self.active_button = QPushButton(_("Deac&tivate"), self)
        self.active_button.setToolTip(
            _("A deactivated offer is no longer offered for new referrals; earlier ones keep it.")
        )
        self.active_button.clicked.connect(self.toggle_active)
        self.remove_button = QPushButton(_("Re&move"), self)
        self.remove_button.clicked.connect(self.remove_service)
        for button in (self.correct_button, self.active_button, self.remove_button):
            bottom.addWidget(button)
        layout.addLayout(bottom)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.search_edit.textChanged.connect(self._filter_changed)
        self.domain_combo.currentIndexChanged.connect(self._filter_changed)
        # Down in the search line moves into the table, as in a browser's search field.
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search_edit)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self._focus_table)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self._focus_search)

        chain_tab_order(
            [
                self.search_edit,
                self.domain_combo,
                self.table,
                self.correct_button,
                self.active_button,
                self.remove_button,
                self.import_button,
                self.export_button,
                self.add_button,
            ]
        )

    # -- data ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the directory from the caseload, keeping the search and the filter."""
        self.model.set_services(self._caseload.services())
        self._content_widths = None
        self._resize_columns()
        self._update_count()
        self._update_buttons()

    def _resize_columns(self) -> None:
        """Columns as wide as their text, but no wider than their share of the table.

        Long offers and addresses are cut off (the full text is in the tool tip), so that
        every column fits without scrolling sideways.
        """
        if self._content_widths is None:
            self.table.resizeColumnsToContents()
            header = self.table.horizontalHeader()
            self._content_widths = [header.sectionSize(c) for c in range(len(COLUMN_SHARES))]
        available = self.table.viewport().width()
        header = self.table.horizontalHeader()
        for column, (content, share) in enumerate(
            zip(self._content_widths, COLUMN_SHARES, strict=True)
        ):
            title = header.sectionSizeFromContents(column).width()  # never cut, at any text size
            self.table.setColumnWidth(column, max(title, min(content, int(available * share))))
        # The stretched last column ("Life domains") shrinks to the minimum when the others fill
        # the table (200 % text); its title must still fit.
        header.setMinimumSectionSize(header.sectionSizeFromContents(len(COLUMN_SHARES)).width())

    def _update_buttons(self) -> None:
        """The row actions need a selected row; the middle one says what it will do."""
        selected = self.selected_service()
        for button in (self.correct_button, self.active_button, self.remove_button):
            button.setEnabled(selected is not None)
        inactive = selected is not None and not selected[1].active
        self.active_button.setText(_("Ac&tivate again") if inactive else _("Deac&tivate"))

    def _filter_changed(self) -> None:
        self.proxy.set_text(self.search_edit.text())
        key = self.domain_combo.currentData()
        self.proxy.set_domain(LifeDomain(key) if key else None)
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if total == 0:
            text = _("No offers yet. Add the first one with “Add offer”.")
        elif shown == total:
            text = ngettext("{n} offer", "{n} offers", total).format(n=total)
        else:
            text = ngettext("{shown} of {n} offer", "{shown} of {n} offers", total).format(
                shown=shown, n=total
            )
        self.count_label.setText(text)

    def shown_services(self) -> list[Service]:
        """The entries the table shows, top to bottom."""
        return [
            self.model.service(self.proxy.mapToSource(self.proxy.index(row, 0)).row())[1]
            for row in range(self.proxy.rowCount())
        ]

    # -- actions ---------------------------------------------------------------------------

    def add_service(self) -> None:
        dialog = ServiceDialog(self._caseload, self._prompter, self)
        try:
            if dialog.exec() and dialog.service_id is not None:
                self.refresh()
                self._select(dialog.service_id)
                self.changed.emit()
        finally:
            dialog.deleteLater()

    def selected_service(self) -> tuple[int, Service] | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().hasSelection():
            return None
        return self.model.service(self.proxy.mapToSource(index).row())

    def edit_service(self, row: int | None = None) -> ServiceDialog | None:
        """Correct the selected entry (or the one in ``row`` of the table) in the dialog
        that added it, window-modal."""
        if row is not None:
            self.table.selectRow(row)
        selected = self.selected_service()
        if selected is None or self.dialog is not None:
            return None
        dialog = ServiceDialog(self._caseload, self._prompter, self, editing=selected)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._corrected(selected[0]))
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _corrected(self, service_id: int) -> None:
        self.refresh()
        self._select(service_id)
        self.changed.emit()

    def remove_service(self) -> bool:
        selected = self.selected_service()
        if selected is None:
            return False
        service_id, service = selected
        uses = self._caseload.corrections.service_uses(service_id)
        if uses:
            # Refused by the rules (the referrals would lose whom they went to): offer what
            # is possible instead of asking first and refusing afterwards.
            self._offer_deactivation(service_id, service, uses)
            return False
        question = _("Remove “{offer}” from the service directory?").format(
            offer=f"{service.provider} – {service.offer}"
        )
        removed = confirm_and_remove(
            self,
            self._prompter,
            question,
            lambda: self._caseload.corrections.remove_service(service_id),
        )
        if removed:
            self.refresh()
            self.changed.emit()
        return removed

    def _offer_deactivation(self, service_id: int, service: Service, uses: int) -> None:
        if not service.active:
            self._prompter.info(
                self,
                ngettext(
                    "This offer is named in {n} referral and cannot be removed; "
                    "it is deactivated already.",
                    "This offer is named in {n} referrals and cannot be removed; "
                    "it is deactivated already.",
                    uses,
                ).format(n=uses),
                title=_("Remove"),
            )
            return
        question = ngettext(
            "This offer is named in {n} referral and cannot be removed. Deactivate it "
            "instead? It is then no longer offered for new referrals; the referral keeps it.",
            "This offer is named in {n} referrals and cannot be removed. Deactivate it "
            "instead? It is then no longer offered for new referrals; the referrals keep it.",
            uses,
        ).format(n=uses)
        if self._prompter.confirm(self, question, action=_("Deactivate"), title=_("Remove")):
            self._set_active(service_id, active=False)

    def toggle_active(self) -> bool:
        """Deactivate the selected entry, or make a deactivated one active again."""
        selected = self.selected_service()
        if selected is None:
            return False
        service_id, service = selected
        return self._set_active(service_id, active=not service.active)

    def _set_active(self, service_id: int, *, active: bool) -> bool:
        try:
            self._caseload.corrections.set_service_active(service_id, active)
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return False
        self.refresh()
        self._select(service_id)
        self.changed.emit()
        return True

    # -- exchange with the coordinating office and colleagues ----------------------------

    def export_directory(self, path: Path | None = None) -> bool:
        """Write the active offers to ``path`` (asked for if not given); True if written."""
        title = _("Export service directory")
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, title, _("Service directory") + ".xlsx", _("Excel workbooks (*.xlsx)")
            )
            if not chosen:
                return False
            path = Path(chosen)
            if path.suffix.lower() != ".xlsx":
                path = path.with_name(path.name + ".xlsx")
        # Imported here, not at the top: the exchange loads openpyxl (cold start).
        from kimdesk.service_exchange import export_services

        try:
            # The file dialog asked before replacing a file; a given path is replaced too.
            count = export_services(self._caseload, path, overwrite=True)
        except KimdeskError as error:
            self._prompter.error(self, str(error), title=title)
            return False
        self._prompter.info(
            self,
            ngettext("{n} offer written to {name}.", "{n} offers written to {name}.", count).format(
                n=count, name=path.name
            ),
            title=title,
        )
        return True

    def import_directory(self, path: Path | None = None) -> int:
        """Add the new offers of a workbook after a question naming the duplicates it
        skips; returns how many were added."""
        title = _("Import service directory")
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, title, "", _("Excel workbooks (*.xlsx)")
            )
            if not chosen:
                return 0
            path = Path(chosen)
        # Imported here, not at the top: the exchange loads openpyxl (cold start).
        from kimdesk.service_exchange import apply_import, plan_import

        try:
            plan = plan_import(self._caseload, path)
        except KimdeskError as error:
            self._prompter.error(self, str(error), title=title)
            return 0
        skipped = duplicates_text(plan)
        if not plan.new:
            text = _("Every offer of the workbook is in the directory already; nothing to add.")
            self._prompter.info(self, f"{text}\n\n{skipped}", title=title)
            return 0
        question = ngettext(
            "Add {n} offer to the service directory?",
            "Add {n} offers to the service directory?",
            len(plan.new),
        ).format(n=len(plan.new))
        if not self._prompter.confirm(
            self, f"{question}\n\n{skipped}".strip(), action=_("Import"), title=title
        ):
            return 0
        try:
            added = apply_import(self._caseload, plan)
        except KimdeskError as error:
            self._prompter.error(self, str(error), title=title)
            return 0
        self.refresh()
        self.changed.emit()
        return added

    def _select(self, service_id: int) -> None:
        """Select an entry; if the search or the filter hides it, clear them first."""
        for attempt in range(2):
            for row in range(self.proxy.rowCount()):
                source = self.proxy.mapToSource(self.proxy.index(row, 0))
                if self.model.service(source.row())[0] == service_id:
                    self.table.selectRow(row)
                    self.table.scrollTo(self.proxy.index(row, 0))
                    return
            if attempt == 0:
                self.search_edit.clear()
                self.domain_combo.setCurrentIndex(0)

    def _focus_table(self) -> None:
        if self.proxy.rowCount():
            self.table.setFocus()
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()


def duplicates_text(plan: ImportPlan) -> str:
    """The duplicates an import skips, the first few by row, the others counted."""
    if not plan.duplicates:
        return ""
    lines = [
        ngettext(
            "{n} offer is in the directory already and is skipped:",
            "{n} offers are in the directory already and are skipped:",
            len(plan.duplicates),
        ).format(n=len(plan.duplicates))
    ]
    lines += [duplicate.describe() for duplicate in plan.duplicates[:SHOWN_DUPLICATES]]
    hidden = len(plan.duplicates) - SHOWN_DUPLICATES
    if hidden > 0:
        lines.append(ngettext("… and {n} more.", "… and {n} more.", hidden).format(n=hidden))
    return "\n".join(lines)


def looks_like_email(text: str) -> bool:
    """A loose check: something, "@", something with a dot, no spaces."""
    at = text.find("@")
    return at > 0 and "." in text[at + 2 : -1] and not any(ch.isspace() for ch in text)


class ServiceDialog(QDialog):
    """A new directory entry; ends accepted with ``service_id`` set once it is stored. Given
    ``editing`` (the id and the stored entry) it corrects that entry instead."""

    def __init__(
        self,
        caseload: Caseload,
        prompter: PrompterLike,
        parent: QWidget | None = None,
        *,
        editing: tuple[int, Service] | None = None,
    ) -> None:
        super().__init__(parent)
        self.service_id: int | None = editing[0] if editing else None
        self._editing = editing
        self._caseload = caseload
        self._prompter = prompter
        self.notes: dict[QWidget, FieldNote] = {}
        self.title = _("Correct offer") if editing else _("Add offer")
        self.setWindowTitle(self.title)
        self.setMinimumWidth(scaled(700))
        self._build()
        if editing is not None:
            self.show_service(editing[1])

    def show_service(self, service: Service) -> None:
        """Fill the fields with a stored entry (to correct it)."""
        self.provider_edit.setText(service.provider)
        self.offer_edit.setText(service.offer)
        self.contact_edit.setText(service.contact_person)
        self.phone_edit.setText(service.phone)
        self.email_edit.setText(service.email)
        for domain, box in self.domain_boxes.items():
            box.setChecked(domain in service.domains)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        # Here, not in __init__: showing the button box would move the focus to it.
        self.provider_edit.setFocus()

    def _build(self) -> None:
        labels = (
            _("&Provider *"),
            _("&Offer *"),
            _("&Contact person"),
            _("P&hone"),
            _("&E-mail"),
        )
        taken = taken_mnemonics(*labels, _("Save"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(heading(self.title, self))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(2)
        layout.addLayout(form)
        self.provider_edit = self._line(form, labels[0], _("Provider"), _("e.g. Diakonie"))
        self.offer_edit = self._line(form, labels[1], _("Offer"), _("e.g. debt counselling"))
        self.contact_edit = self._line(form, labels[2], _("Contact person"))
        self.phone_edit = self._line(form, labels[3], _("Phone"))
        self.email_edit = self._line(form, labels[4], _("E-mail"))

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        self.domain_boxes: dict[LifeDomain, QCheckBox] = {}
        for index, domain in enumerate(LifeDomain):
            box = QCheckBox(with_mnemonic(domain.label, taken), self)
            box.setAccessibleName(_("Life domain: {domain}").format(domain=domain.label))
            self.domain_boxes[domain] = box
            grid.addWidget(box, index // 2, index % 2)
        form.addRow(QLabel(_("Life domains"), self), grid)

        self.buttons, self.save_button, cancel = save_cancel_buttons(self, self.save)
        layout.addWidget(self.buttons)
        submit_shortcuts(self, self.save)

        order: list[QWidget] = [
            self.provider_edit,
            self.offer_edit,
            self.contact_edit,
            self.phone_edit,
            self.email_edit,
            *self.domain_boxes.values(),
            self.save_button,
            cancel,
        ]
        chain_tab_order(order)

    def _line(
        self, form: QFormLayout, label_text: str, accessible_name: str, placeholder: str = ""
    ) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(placeholder)
        noted_row(self.notes, form, label_text, edit, accessible_name)
        return edit

    def field_errors(self) -> dict[QWidget, str]:
        errors: dict[QWidget, str] = {}
        if not self.provider_edit.text().strip():
            errors[self.provider_edit] = _("Please enter the provider.")
        if not self.offer_edit.text().strip():
            errors[self.offer_edit] = _("Please describe the offer.")
        email = self.email_edit.text().strip()
        if email and not looks_like_email(email):
            errors[self.email_edit] = _("This is not a valid e-mail address.")
        return errors

    def service(self) -> Service:
        return Service(
            provider=self.provider_edit.text().strip(),
            offer=self.offer_edit.text().strip(),
            contact_person=self.contact_edit.text().strip(),
            phone=self.phone_edit.text().strip(),
            email=self.email_edit.text().strip(),
            domains=frozenset(d for d, box in self.domain_boxes.items() if box.isChecked()),
        )

    def save(self) -> None:
        errors = self.field_errors()
        for field, note in self.notes.items():
            note.set_error(errors.get(field, ""))
        if errors:
            next(iter(errors)).setFocus()
            return
        try:
            if self._editing is not None:
                self._caseload.corrections.update_service(self._editing[0], self.service())
            else:
                self.service_id = self._caseload.add_service(self.service())
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return
        self.accept()
