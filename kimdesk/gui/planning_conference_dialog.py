"""Preparing and recording a planning conference in four steps: choose 3–4 cases, review
each free text side by side (original | text for the conference), print the anonymised
bundle, record the result as generative themes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kimdesk import planning_conference as pc
from kimdesk import themes
from kimdesk.caseload import Caseload
from kimdesk.domain.vocabulary import ASSESSMENT_DOMAINS
from kimdesk.errors import KimdeskError
from kimdesk.gui.contact_dialog import date_edit
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import chain_tab_order, heading, hint, leave_with_tab
from kimdesk.i18n import _

ORIGINAL, CONFERENCE, RELEASE, CHECK = 2, 3, 4, 5
FILE_NAME = "Planungskonferenz.pdf"  # never a pseudonym or name in a file name


class PlanningConferenceDialog(QDialog):
    """Ends accepted once the conference is recorded."""

    def __init__(
        self, caseload: Caseload, prompter: PrompterLike, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._caseload = caseload
        self._prompter = prompter
        self.bundle: pc.Bundle | None = None
        self.conference_id: int | None = None
        self.candidates = pc.candidates(caseload)
        self.setWindowTitle(_("Prepare a planning conference"))
        self.resize(min(scaled(1000), 1800), 680)  # still fits a full-HD screen
        layout = QVBoxLayout(self)
        self.step_label = heading("", self)
        layout.addWidget(self.step_label)
        self.pages = QStackedWidget(self)
        layout.addWidget(self.pages, 1)
        self.pages.addWidget(self._cases_page())
        self.pages.addWidget(self._texts_page())
        self.pages.addWidget(self._print_page())
        self.pages.addWidget(self._result_page())
        row = QHBoxLayout()
        self.back_button = QPushButton(_("Back"), self)
        self.next_button = QPushButton(_("Next step"), self)
        self.next_button.setObjectName("primary")
        self.next_button.setDefault(True)
        # Wide enough for the last step's longer text, so the row does not jump.
        self.next_button.setMinimumWidth(
            self.next_button.fontMetrics().horizontalAdvance(_("Record the conference")) + 32
        )
        cancel = QPushButton(_("Cancel"), self)
        row.addWidget(cancel)
        row.addStretch(1)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        layout.addLayout(row)
        chain_tab_order([cancel, self.back_button, self.next_button])  # as the row reads
        cancel.clicked.connect(self.reject)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next_step)
        self._show(0)

    # -- step 1: the cases ---------------------------------------------------------------

    def _cases_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(
            hint(
                _(
                    "Choose {low} to {high} cases: closed ones if possible, or cases open for "
                    "at least {months} months, each with challenges in at least {domains} life "
                    "domains. The conference sees them only anonymised."
                ).format(
                    low=pc.MIN_CASES,
                    high=pc.MAX_CASES,
                    months=pc.LONG_RUNNING_MONTHS,
                    domains=pc.MIN_DOMAINS,
                ),
                page,
            )
        )
        self.case_table = QTableWidget(len(self.candidates), 4, page)
        leave_with_tab(self.case_table)
        self.case_table.setHorizontalHeaderLabels(
            [_("Pseudonym"), _("Course"), _("Months of the case"), _("Life domains")]
        )
        self.case_table.verticalHeader().setVisible(False)
        self.case_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.case_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for row, candidate in enumerate(self.candidates):
            first = QTableWidgetItem(candidate.pseudonym)
            first.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            first.setCheckState(Qt.CheckState.Unchecked)
            first.setData(Qt.ItemDataRole.UserRole, candidate.case_id)
            self.case_table.setItem(row, 0, first)
            course = _("closed case") if candidate.closed else _("open case")
            for column, text in enumerate(
                (course, str(candidate.months), ", ".join(d.label for d in candidate.domains)),
                start=1,
            ):
                self.case_table.setItem(row, column, QTableWidgetItem(text))
        header = self.case_table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.case_table.resizeColumnsToContents()
        self.case_table.itemChanged.connect(lambda _item: self._update_buttons())
        layout.addWidget(self.case_table, 1)
        if not self.candidates:
            layout.addWidget(hint(_("No case qualifies yet."), page))
        return page

    def chosen_cases(self) -> list[int]:
        return [
            int(self.case_table.item(row, 0).data(Qt.ItemDataRole.UserRole))
            for row in range(self.case_table.rowCount())
            if self.case_table.item(row, 0).checkState() is Qt.CheckState.Checked
        ]

    def choose_cases(self, case_ids: list[int]) -> None:
        for row in range(self.case_table.rowCount()):
            item = self.case_table.item(row, 0)
            wanted = item.data(Qt.ItemDataRole.UserRole) in case_ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    # -- step 2: the free texts ----------------------------------------------------------

    def _texts_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(
            hint(
                _(
                    "Each free text goes to the conference only if you release it. Reword it "
                    "in the right column so that nobody can be recognised; a text that still "
                    "holds a name, a date, an age, a phone, file or case number or an address "
                    "stored in the caseload cannot be released."
                ),
                page,
            )
        )
        self.text_table = QTableWidget(0, 6, page)
        leave_with_tab(self.text_table)
        self.text_table.setHorizontalHeaderLabels(
            [
                _("Case (pseudonym)"),
                _("Which text"),
                _("Original text"),
                _("Text for the conference (editable)"),
                _("Release it"),
                _("Identifier check"),
            ]
        )
        self.text_table.verticalHeader().setVisible(False)
        self.text_table.setWordWrap(True)
        header = self.text_table.horizontalHeader()
        header.setSectionResizeMode(ORIGINAL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CONFERENCE, QHeaderView.ResizeMode.Stretch)
        self.text_table.itemChanged.connect(self._text_changed)
        layout.addWidget(self.text_table, 1)
        self.text_summary = hint("", page)
        layout.addWidget(self.text_summary)
        return page

    def _fill_texts(self) -> None:
        assert self.bundle is not None
        names = {c.case_id: c.pseudonym for c in self.bundle.cases}
        table = self.text_table
        table.blockSignals(True)
        table.setRowCount(len(self.bundle.texts))
        for row, text in enumerate(self.bundle.texts):
            fixed = [names[text.case_id], text.label, text.original]
            for column, value in enumerate(fixed):
                item = QTableWidgetItem(value)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                table.setItem(row, column, item)
            table.item(row, 0).setData(Qt.ItemDataRole.UserRole, text.key)
            table.setItem(row, CONFERENCE, QTableWidgetItem(text.original))
            release = QTableWidgetItem("")
            release.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            release.setCheckState(Qt.CheckState.Unchecked)
            table.setItem(row, RELEASE, release)
            check = QTableWidgetItem("")
            check.setFlags(Qt.ItemFlag.ItemIsEnabled)
            table.setItem(row, CHECK, check)
            self._check_row(row)
        table.blockSignals(False)
        table.resizeColumnToContents(0)
        table.setColumnWidth(1, 200)
        table.setColumnWidth(RELEASE, 80)
        table.setColumnWidth(CHECK, 170)
        table.resizeRowsToContents()
        self._summarise()

    def _row_of(self, key: str) -> int:
        for row in range(self.text_table.rowCount()):
            if self.text_table.item(row, 0).data(Qt.ItemDataRole.UserRole) == key:
                return row
        raise KeyError(key)

    def set_conference_text(self, key: str, text: str) -> None:
        self.text_table.item(self._row_of(key), CONFERENCE).setText(text)

    def set_released(self, key: str, released: bool) -> None:
        state = Qt.CheckState.Checked if released else Qt.CheckState.Unchecked
        self.text_table.item(self._row_of(key), RELEASE).setCheckState(state)

    def check_text_of(self, key: str) -> str:
        return self.text_table.item(self._row_of(key), CHECK).text()

    def released(self) -> dict[str, str]:
        """key -> text for the conference, of the rows released (and passing the check)."""
        found = {}
        for row in range(self.text_table.rowCount()):
            if self.text_table.item(row, RELEASE).checkState() is Qt.CheckState.Checked:
                key = self.text_table.item(row, 0).data(Qt.ItemDataRole.UserRole)
                found[key] = self.text_table.item(row, CONFERENCE).text()
        return self.bundle.cleared(found) if self.bundle else {}

    def _text_changed(self, item: QTableWidgetItem) -> None:
        if item.column() in (CONFERENCE, RELEASE):
            self.text_table.blockSignals(True)
            self._check_row(item.row())
            self.text_table.blockSignals(False)
            self._summarise()

    def _check_row(self, row: int) -> None:
        """Run the identifier check on the edited text; a failing text cannot stay released."""
        assert self.bundle is not None
        text = self.text_table.item(row, CONFERENCE).text().strip()
        release = self.text_table.item(row, RELEASE)
        check = self.text_table.item(row, CHECK)
        problem = self.bundle.problem(text) if text else _("empty text")
        if problem:
            release.setCheckState(Qt.CheckState.Unchecked)
            release.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not checkable until reworded
            check.setText(_("contains: {kind}").format(kind=problem))
            check.setForeground(QColor("#b3261e"))
        else:
            release.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            released = release.checkState() is Qt.CheckState.Checked
            check.setText(
                _("released for the conference") if released else _("passes, not released")
            )
            # Muted for "not released", yet readable (WCAG 4.5:1 on white).
            check.setForeground(QColor("#2e7d32") if released else QColor("#52606d"))

    def _summarise(self) -> None:
        total = self.text_table.rowCount()
        self.text_summary.setText(
            _("{released} of {total} texts released; the others are left out.").format(
                released=len(self.released()), total=total
            )
        )

    # -- step 3: print -------------------------------------------------------------------

    def _print_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.print_summary = hint("", page)
        layout.addWidget(self.print_summary)
        row = QHBoxLayout()
        self.preview_button = QPushButton(_("Preview and print …"), page)
        self.save_button = QPushButton(_("Save as PDF …"), page)
        row.addWidget(self.preview_button)
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.preview_button.clicked.connect(self.preview)
        self.save_button.clicked.connect(self.choose_and_save)
        return page

    def render_pdf(self) -> bytes:
        from kimdesk.printing.planning_conference import render_bundle

        assert self.bundle is not None
        return render_bundle(self.bundle, self.released())

    def save_to(self, path: Path) -> None:
        try:
            path.write_bytes(self.render_pdf())
        except OSError:
            self._prompter.error(self, _("The PDF could not be saved there."))

    def choose_and_save(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from kimdesk.gui.report_dialog import default_folder

        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save as PDF"), str(default_folder() / FILE_NAME), _("PDF documents (*.pdf)")
        )
        if chosen:
            self.save_to(Path(chosen))

    def preview(self) -> None:
        from kimdesk.gui.pdf_print import PdfPages, preview_dialog

        try:
            pages = PdfPages(self.render_pdf())
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return
        dialog = preview_dialog(pages, _("Planning conference bundle"), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # -- step 4: the result --------------------------------------------------------------

    def _result_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Held on"), page))
        self.held_edit = date_edit(QDate(self._caseload.today), page)
        row.addWidget(self.held_edit)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(
            hint(
                _(
                    "The generative themes the conference found: tick those of the catalogue "
                    "or add new ones. Each is linked to the cases discussed."
                ),
                page,
            )
        )
        self.theme_list = QListWidget(page)
        layout.addWidget(self.theme_list, 1)
        new_row = QHBoxLayout()
        self.theme_title = QLineEdit(page)
        self.theme_title.setPlaceholderText(_("New theme, worded generally"))
        self.theme_domain = QComboBox(page)
        self.theme_domain.addItem(_("without a life domain"), None)
        for domain in ASSESSMENT_DOMAINS:
            self.theme_domain.addItem(domain.label, domain)
        add = QPushButton(_("Add to the catalogue"), page)
        new_row.addWidget(self.theme_title, 1)
        new_row.addWidget(self.theme_domain)
        new_row.addWidget(add)
        layout.addLayout(new_row)
        add.clicked.connect(self.add_theme)
        self._fill_themes(set())
        return page

    def _fill_themes(self, ticked: set[int]) -> None:
        self.theme_list.clear()
        for theme in themes.themes(self._caseload):
            item = QListWidgetItem(
                f"{theme.title} ({theme.domain.label})" if theme.domain else theme.title
            )
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            checked = theme.id in ticked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.theme_list.addItem(item)

    def chosen_themes(self) -> list[int]:
        return [
            int(self.theme_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.theme_list.count())
            if self.theme_list.item(i).checkState() is Qt.CheckState.Checked
        ]

    def tick_theme(self, theme_id: int) -> None:
        for i in range(self.theme_list.count()):
            if self.theme_list.item(i).data(Qt.ItemDataRole.UserRole) == theme_id:
                self.theme_list.item(i).setCheckState(Qt.CheckState.Checked)

    def add_theme(self) -> None:
        try:
            theme_id = themes.add_theme(
                self._caseload,
                title=self.theme_title.text(),
                domain=self.theme_domain.currentData(),
            )
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return
        self.theme_title.clear()
        self._fill_themes({*self.chosen_themes(), theme_id})

    def record(self) -> bool:
        try:
            self.conference_id = pc.record_conference(
                self._caseload,
                held_on=self.held_edit.date().toPython(),
                case_ids=self.chosen_cases(),
                approved=self.released(),
                theme_ids=self.chosen_themes(),
            )
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return False
        self.accept()
        return True

    # -- stepping ------------------------------------------------------------------------

    def _show(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        titles = (
            _("Step 1 of 4: choose the cases"),
            _("Step 2 of 4: review the free texts"),
            _("Step 3 of 4: print the bundle"),
            _("Step 4 of 4: record the result"),
        )
        self.step_label.setText(titles[index])
        if index == 2:
            self.print_summary.setText(
                _(
                    "The bundle holds {cases} anonymised cases and {texts} released texts; "
                    "it shows no date, no name and no exact age."
                ).format(cases=len(self.chosen_cases()), texts=len(self.released()))
            )
        self.next_button.setText(_("Record the conference") if index == 3 else _("Next step"))
        self._update_buttons()

    def _update_buttons(self) -> None:
        index = self.pages.currentIndex()
        self.back_button.setEnabled(index > 0)
        if index == 0:
            self.next_button.setEnabled(pc.MIN_CASES <= len(self.chosen_cases()) <= pc.MAX_CASES)
        else:
            self.next_button.setEnabled(True)

    def next_step(self) -> None:
        index = self.pages.currentIndex()
        if index == 0:
            try:
                self.bundle = pc.prepare(self._caseload, self.chosen_cases())
            except KimdeskError as error:
                self._prompter.error(self, str(error))
                return
            self._fill_texts()
        if index == 3:
            self.record()
            return
        self._show(index + 1)

    def back(self) -> None:
        self._show(max(0, self.pages.currentIndex() - 1))
