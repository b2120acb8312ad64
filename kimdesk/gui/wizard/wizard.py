"""The form wizard: a paper form of ``forms/`` filled page by page, section by section.

Nothing typed is lost: every change is saved as a draft after a short pause and when the
dialog closes; finishing checks the whole form and puts each problem at its field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.domain.records import FormInstance
from kimdesk.domain.vocabulary import FormStatus
from kimdesk.errors import BadInput, KimdeskError
from kimdesk.forms.answers import AnswerError, AnswerProblem
from kimdesk.forms.computed import fill_computed
from kimdesk.forms.model import FormDefinition
from kimdesk.gui.conference_notice import add_conference_notice
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import heading
from kimdesk.gui.wizard.base import FieldEditor, is_empty
from kimdesk.gui.wizard.buttons import ButtonBar
from kimdesk.gui.wizard.drafts import DraftKeeper
from kimdesk.gui.wizard.group import RepeatingGroupEditor
from kimdesk.gui.wizard.pages import SectionPage, split_path
from kimdesk.i18n import _, ngettext

PAGE_LIST_WIDTH = 250


class FormWizard(QDialog):
    """Fills one form of one case: a new one (``instance_id`` None), a draft, or shows a
    finished one read-only. ``form_finished`` carries the id of the finished instance."""

    form_finished = Signal(int)

    def __init__(
        self,
        caseload: Caseload,
        case_id: int,
        form_key: str,
        *,
        prompter: PrompterLike,
        instance_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._caseload = caseload
        self._case_id = case_id
        self._form_key = form_key
        self._prompter = prompter
        self.instance_id = instance_id
        self.read_only = False
        answers = self._load()
        case = caseload.case(case_id)
        self.setWindowTitle(
            _("{title} – case {number}").format(
                title=self.definition.title, number=case.case_number
            )
        )
        self.setObjectName("formWizard")
        self.resize(1060, 760)
        self.setMinimumSize(760, 520)
        self._build(case.case_number)
        self.drafts = DraftKeeper(
            answers=self.answers,
            store=lambda answers: self._save(answers, final=False),
            show_problems=self._show_problems,
            status=self.status_label,
            parent=self,
        )
        self.drafts.saved.connect(self._draft_saved)
        for key, editor in self._editors.items():
            editor.set_value(answers.get(key))
        if self.read_only:
            for editor in self._editors.values():
                editor.set_read_only(True)
        else:
            for editor in self._computed_editors():
                editor.set_read_only(True)  # shown, never typed: it cannot disagree
            self._update_computed()
        for editor in self._editors.values():
            editor.changed.connect(self._on_change)
            if isinstance(editor, RepeatingGroupEditor):
                editor.structure_changed.connect(self._refresh_tab_order)
        self.drafts.settled()  # what was loaded needs no saving
        self._refresh_tab_order()
        self.go_to_page(0)
        self._first_show = True

    def _load(self) -> dict[str, Any]:
        """The definition and the answers to start with; decides read-only."""
        if self.instance_id is None:
            self.definition: FormDefinition = self._caseload.forms.get(self._form_key)
            return self._caseload.prefill(self._case_id, self._form_key)
        instance: FormInstance = self._caseload.form_instance(self.instance_id)
        if (instance.case_id, instance.form_key) != (self._case_id, self._form_key):
            raise BadInput(_("This form belongs to another case."))
        self.definition = self._caseload.definition_of(instance)
        self.read_only = instance.status is FormStatus.FINAL
        return dict(instance.answers)

    # -- building --------------------------------------------------------------------------

    def _build(self, case_number: str) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(heading(self.definition.title, self))
        caption = _("Case {number}").format(number=case_number)
        if self.definition.description:
            caption += " · " + self.definition.description
        caption_label = QLabel(caption, self)
        caption_label.setObjectName("caption")
        caption_label.setWordWrap(True)
        layout.addWidget(caption_label)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("errorSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.hide()
        layout.addWidget(self.summary_label)

        middle = QHBoxLayout()
        middle.setSpacing(12)
        self.page_list = QListWidget(self)
        self.page_list.setObjectName("pageList")
        self.page_list.setAccessibleName(_("Pages of the form"))
        self.page_list.setFixedWidth(scaled(PAGE_LIST_WIDTH))
        self.page_list.setWordWrap(True)
        self.page_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_list.setSpacing(2)
        self.stack = QStackedWidget(self)
        self.pages: list[SectionPage] = []
        self._editors: dict[str, FieldEditor] = {}
        self._page_of: dict[str, int] = {}
        services = self._caseload.services()
        for index, section in enumerate(self.definition.sections):
            page = SectionPage(section, services, self.stack)
            self.stack.addWidget(page)
            self.pages.append(page)
            item = QListWidgetItem(section.title)
            item.setToolTip(section.title)
            self.page_list.addItem(item)
            for editor in page.editors:
                self._editors[editor.field.key] = editor
                self._page_of[editor.field.key] = index
        self.conference_notice = add_conference_notice(
            self.pages, self._caseload, self._case_id, self.definition
        )
        self.page_list.currentRowChanged.connect(self._page_chosen)
        middle.addWidget(self.page_list)
        middle.addWidget(self.stack, 1)
        layout.addLayout(middle, 1)
        layout.addWidget(self._build_buttons())

    def _build_buttons(self) -> ButtonBar:
        self.button_bar = bar = ButtonBar(self)
        self.status_label = bar.status_label
        self.back_button, self.next_button = bar.back_button, bar.next_button
        self.save_button, self.finish_button = bar.save_button, bar.finish_button
        self.close_button = bar.close_button
        bar.back_button.clicked.connect(self.back)
        bar.next_button.clicked.connect(self.next)
        bar.save_button.clicked.connect(self.save_draft_now)
        bar.finish_button.clicked.connect(self.finish)
        bar.close_button.clicked.connect(self.reject)
        shortcuts = {
            "Alt+Left": self.back,
            "PgUp": self.back,
            "Alt+Right": self.next,
            "PgDown": self.next,
            "Ctrl+S": self.save_draft_now,
            "Ctrl+Return": self.finish,
            "Ctrl+Enter": self.finish,
        }
        for sequence, slot in shortcuts.items():
            QShortcut(QKeySequence(sequence), self, activated=slot)
        if self.read_only:
            bar.set_read_only()
        return bar

    def _refresh_tab_order(self) -> None:
        """Tab follows the paper: the page list, the fields in order, then the buttons."""
        chain: list[QWidget] = [self.page_list]
        for page in self.pages:
            chain.append(page)  # the page scrolls with the keyboard too; it frames its fields
            for editor in page.editors:
                chain += editor.focus_widgets()
        chain += self.button_bar.buttons()
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- pages -----------------------------------------------------------------------------

    def page_count(self) -> int:
        return len(self.pages)

    def current_page(self) -> int:
        return self.stack.currentIndex()

    def go_to_page(self, index: int) -> None:
        if not 0 <= index < len(self.pages):
            return
        self.stack.setCurrentIndex(index)
        if self.page_list.currentRow() != index:
            self.page_list.blockSignals(True)
            self.page_list.setCurrentRow(index)
            self.page_list.blockSignals(False)
        self.button_bar.show_page(index, len(self.pages))

    def back(self) -> None:
        self._step(-1)

    def next(self) -> None:
        self._step(1)

    def _step(self, step: int) -> None:
        target = self.current_page() + step
        if 0 <= target < len(self.pages):
            self.go_to_page(target)
            editors = self.pages[target].editors
            if editors and not self.read_only:
                editors[0].focus_input()

    def _page_chosen(self, row: int) -> None:
        self.go_to_page(row)

    def _mark_pages(self) -> None:
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        for index, page in enumerate(self.pages):
            item = self.page_list.item(index)
            if page.has_error():
                item.setIcon(warning)
                note = _("Fields on this page need attention.")
                item.setToolTip(f"{page.section.title}\n{note}")
            else:
                item.setIcon(QIcon())
                item.setToolTip(page.section.title)
        if not any(page.has_error() for page in self.pages):
            self.summary_label.hide()

    # -- answers ---------------------------------------------------------------------------

    def editor(self, key: str) -> FieldEditor:
        """The top-level editor of the field ``key``."""
        return self._editors[key]

    def answers(self) -> dict[str, Any]:
        values = {key: editor.value() for key, editor in self._editors.items()}
        return {key: value for key, value in values.items() if not is_empty(value)}

    def _computed_editors(self) -> list[FieldEditor]:
        return [editor for editor in self._editors.values() if editor.field.computed]

    def _update_computed(self) -> None:
        """Computed fields follow their sources as they are typed (the age the birth date)."""
        editors = self._computed_editors()
        if not editors:
            return
        filled = fill_computed(self.definition, self.answers(), today=self._caseload.today)
        for editor in editors:
            editor.set_value(filled.get(editor.field.key))

    def _on_change(self) -> None:
        if self.read_only:
            return
        self._update_computed()
        self.drafts.note_change()
        self._mark_pages()

    def _save(self, answers: dict[str, Any], *, final: bool) -> FormInstance:
        return self._caseload.save_form(
            self._case_id, self._form_key, answers, final=final, instance_id=self.instance_id
        )

    def _draft_saved(self, instance_id: int) -> None:
        self.instance_id = instance_id

    def save_draft_now(self) -> bool:
        """Store the answers as a draft at once; a failing field is left out and marked.
        True if everything was stored."""
        if self.read_only:
            return False
        return self.drafts.save_now()

    def discard_changes(self) -> None:
        """Forget the input not saved yet: closing then stores nothing (the self-test)."""
        self.drafts.settled()

    def finish(self) -> bool:
        """Check and store the form as finished; on problems show them and stay open."""
        if self.read_only:
            return False
        for editor in self._editors.values():
            editor.clear_errors()
        try:
            instance = self._save(self.answers(), final=True)
        except AnswerError as error:
            if self.drafts.pending():
                self.drafts.save_now()  # keep the input while the problems are fixed
            self._show_problems(error.problems, summary=True)
            return False
        except KimdeskError as error:
            if self.drafts.pending():
                self.drafts.save_now()
            self._mark_pages()
            self._prompter.error(self, str(error))
            return False
        self.drafts.settled()
        self.instance_id = instance.id
        self.form_finished.emit(instance.id or 0)
        self.accept()
        return True

    def _show_problems(self, problems: tuple[AnswerProblem, ...], *, summary: bool = False) -> None:
        """Each problem at its field; with ``summary`` also a line on top and a jump to the
        first problem in the paper's order."""
        order = list(self._editors)
        first: tuple[int, int, str, str] | None = None
        for problem in problems:
            key, rest = split_path(problem.path)
            editor = self._editors.get(key)
            if editor is None:
                continue
            editor.set_error_at(rest, problem.message)
            where = (self._page_of[key], order.index(key), key, rest)
            first = where if first is None or where < first else first
        self._mark_pages()
        if not summary:
            return
        count = len(problems)
        self.summary_label.setText(
            ngettext(
                "The form cannot be finished yet: {n} entry needs attention (marked red).",
                "The form cannot be finished yet: {n} entries need attention (marked red).",
                count,
            ).format(n=count)
        )
        self.summary_label.show()
        if first is not None:
            page, _position, key, rest = first
            self.go_to_page(page)
            target = self._editors[key].editor_at(rest)
            self.pages[page].show_editor(target)
            target.focus_input()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._first_show:
            self._first_show = False
            editors = self.pages[0].editors if self.pages else []
            if editors and not self.read_only:
                editors[0].focus_input()
            else:
                self.page_list.setFocus()

    # -- closing ---------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """However the dialog closes (button, Esc, window): pending input is saved first."""
        if not self.read_only and self.drafts.pending():
            self.drafts.save_now()
        super().done(result)
