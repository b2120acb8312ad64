"""The case view's "Formulare" tab: every form of the Regelkreis with its versions, a "New"
button per form where one may start, and the notices that say why one may not.

Opening is left to whoever listens (the case view passes it on to the main window's wizard):
``open_form`` for a new form, ``open_instance`` for a stored one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.corrections import FormVersion
from kimdesk.domain.phases import Phase
from kimdesk.domain.vocabulary import ASSESSMENT_DOMAINS, AssessmentKind, FormStatus
from kimdesk.errors import KimdeskError
from kimdesk.forms.model import ASSESSMENT_KIND_FIELD, FormDefinition, FormKind
from kimdesk.gui.case_tables import day
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.record_corrections import version_status
from kimdesk.gui.widgets import hint
from kimdesk.i18n import _
from kimdesk.workflow import CaseState, Unavailable, unavailable_text

INSTANCE_ROLE = Qt.ItemDataRole.UserRole
FORM_KEY_ROLE = Qt.ItemDataRole.UserRole + 1
CORRECTABLE_ROLE = Qt.ItemDataRole.UserRole + 2


def short_title(title: str) -> str:
    """A form title without the "Case Management: " every paper form starts with."""
    head, colon, rest = title.partition(": ")
    return rest if colon and head.casefold() == "case management" else title


class FormsTab(QWidget):
    open_form = Signal(int, str)  # case id, form key: start a new form
    open_instance = Signal(int)  # form instance id: open a stored form or a correction
    consent_wanted = Signal()  # "Record consent" on the notice above the forms
    correction_started = Signal()  # a correction draft was stored: the case view refreshes

    def __init__(
        self, caseload: Caseload, prompter: PrompterLike, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._caseload = caseload
        self._prompter = prompter
        self.case_id: int | None = None
        self.new_buttons: dict[str, QPushButton] = {}
        # What the tree shows: it is rebuilt only when a form, its availability or the case
        # changed (a saved contact or referral changes none of them).
        self._shown: object = None
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        self.consent_notice = QFrame(self)
        self.consent_notice.setObjectName("consentNotice")
        notice_row = QHBoxLayout(self.consent_notice)
        notice_row.setContentsMargins(12, 8, 12, 8)
        notice_text = QLabel(_("Assessment forms are available once the consent is recorded."))
        notice_text.setWordWrap(True)
        notice_row.addWidget(notice_text, 1)
        self.consent_notice_button = QPushButton(_("Record consent"), self.consent_notice)
        self.consent_notice_button.clicked.connect(self.consent_wanted)
        notice_row.addWidget(self.consent_notice_button)
        layout.addWidget(self.consent_notice)
        self.ended_notice = hint(unavailable_text(Unavailable.CASE_ENDED), self)
        layout.addWidget(self.ended_notice)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([_("Form"), _("Status"), ""])
        self.tree.setAccessibleName(_("Forms of the case"))
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._item_activated)
        self.tree.currentItemChanged.connect(self._show_item_hint)
        layout.addWidget(self.tree, 1)
        below = QHBoxLayout()
        self.hint = hint("", self)
        below.addWidget(self.hint, 1)
        self.correct_button = QPushButton(_("Co&rrect …"), self)
        self.correct_button.setToolTip(
            _("Correct the selected finished form; the earlier version is kept")
        )
        self.correct_button.setEnabled(False)
        self.correct_button.clicked.connect(self.correct_form)
        below.addWidget(self.correct_button)
        layout.addLayout(below)

    # -- showing ---------------------------------------------------------------------------

    def _definitions(self) -> list[FormDefinition]:
        """Every definition in the order of the Regelkreis; assessments by life domain."""
        order = list(FormKind)
        domains = list(ASSESSMENT_DOMAINS)

        def key(d: FormDefinition) -> tuple[int, int, str]:
            domain = domains.index(d.domain) if d.domain in domains else len(domains)
            return order.index(d.kind), domain, d.title

        return sorted(self._caseload.forms, key=key)

    def show_case(self, case_id: int, phase: Phase, state: CaseState | None = None) -> None:
        """The forms of the case, each with what may be started (``state``: the case's state
        as read for the whole view, read here if not given)."""
        self.case_id = case_id
        versions = self._caseload.corrections.form_versions(case_id)
        definitions = self._definitions()
        reasons = [
            self._caseload.form_availability(case_id, d.key, state=state) for d in definitions
        ]
        self.consent_notice.setVisible(Unavailable.CONSENT in reasons)
        self.ended_notice.setVisible(not phase.is_open)
        shown = (case_id, phase, reasons, versions)
        if shown == self._shown:
            return
        self._shown = shown
        current = self.tree.currentItem()
        wanted = current.data(0, FORM_KEY_ROLE) if current else None
        self.tree.clear()
        self.new_buttons = {}
        assessments: QTreeWidgetItem | None = None
        for definition, reason in zip(definitions, reasons, strict=True):
            parent: QTreeWidget | QTreeWidgetItem = self.tree
            if definition.kind is FormKind.ASSESSMENT:
                if assessments is None:
                    assessments = QTreeWidgetItem(self.tree, [_("Assessments")])
                    assessments.setFirstColumnSpanned(True)
                    assessments.setFlags(Qt.ItemFlag.ItemIsEnabled)
                parent = assessments
            own = [v for v in versions if v.instance.form_key == definition.key]
            item = self._definition_item(parent, definition, reason, sum(v.is_current for v in own))
            self._version_items(item, definition.key, own)
            if definition.key == wanted:
                self.tree.setCurrentItem(item)
        self.tree.expandAll()

    def _version_items(self, item: QTreeWidgetItem, form_key: str, own: list[FormVersion]) -> None:
        """The forms of one kind, newest first; an earlier version, replaced by a correction,
        below the version that replaced it, shown as "corrected on …"."""
        replaced_by = {
            v.corrects_id: v.instance.id or 0
            for v in own
            if v.corrects_id is not None and v.instance.status is FormStatus.FINAL
        }
        items: dict[int, QTreeWidgetItem] = {}
        current = [v for v in reversed(own) if v.is_current]
        # A replacing version has the higher id: going down the ids, its item exists already.
        earlier = sorted(
            (v for v in own if not v.is_current), key=lambda v: v.instance.id or 0, reverse=True
        )
        for version in [*current, *earlier]:
            instance = version.instance
            replacing = replaced_by.get(instance.id or 0)
            parent = item if version.is_current else items.get(replacing or 0, item)
            kind = instance.answers.get(ASSESSMENT_KIND_FIELD)
            text = day(instance.recorded_on)
            if kind in ("first", "re"):
                text += "  ·  " + AssessmentKind(kind).label
            status = version_status(version, corrected=version.corrects_id is not None)
            child = QTreeWidgetItem(parent, [text, status])
            child.setData(0, INSTANCE_ROLE, instance.id)
            child.setData(0, FORM_KEY_ROLE, form_key)
            child.setData(
                0,
                CORRECTABLE_ROLE,
                version.is_current and instance.status is FormStatus.FINAL,
            )
            child.setToolTip(0, _("Enter or double click opens this form"))
            if not version.is_current:
                child.setToolTip(0, _("An earlier version, replaced by a correction; read only"))
                for column in (0, 1):
                    child.setForeground(column, self.palette().placeholderText())
            items[instance.id or 0] = child

    def _definition_item(
        self,
        parent: QTreeWidget | QTreeWidgetItem,
        definition: FormDefinition,
        reason: Unavailable | None,
        count: int,
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [short_title(definition.title), ""])
        item.setToolTip(0, definition.title)
        item.setData(0, FORM_KEY_ROLE, definition.key)
        if count:
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        button = QPushButton(_("New"), self.tree)
        button.setObjectName("rowAction")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter on the row does the same
        button.setAccessibleName(_("New: {form}").format(form=definition.title))
        button.clicked.connect(lambda _checked=False, k=definition.key: self.start_form(k))
        if reason is not None:
            button.setEnabled(False)
            if reason is not Unavailable.CASE_ENDED:  # that one is said once, above the list
                item.setText(1, _("not available"))
                item.setForeground(1, self.palette().placeholderText())
            for column in (0, 1):
                item.setToolTip(column, unavailable_text(reason))
            button.setToolTip(unavailable_text(reason))
        else:
            button.setToolTip(_("Start a new “{form}”").format(form=definition.title))
        self.tree.setItemWidget(item, 2, button)
        self.new_buttons[definition.key] = button
        return item

    # -- actions ---------------------------------------------------------------------------

    def _item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        instance_id = item.data(0, INSTANCE_ROLE)
        form_key = item.data(0, FORM_KEY_ROLE)
        if isinstance(instance_id, int):
            self.open_instance.emit(instance_id)
        elif isinstance(form_key, str):
            self.start_form(form_key)

    def _show_item_hint(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        can_correct = item is not None and item.data(0, CORRECTABLE_ROLE) is True
        self.correct_button.setEnabled(can_correct)
        button = self.new_buttons.get(item.data(0, FORM_KEY_ROLE)) if item else None
        if item is None or button is None:
            self.hint.setText("")
        elif isinstance(item.data(0, INSTANCE_ROLE), int):
            self.hint.setText(_("Enter opens this form."))
        elif button.isEnabled():
            self.hint.setText(_("Enter starts a new form of this kind."))
        else:
            self.hint.setText(button.toolTip())

    def correct_form(self) -> int | None:
        """Reopen the selected finished form as a correction (a draft with its answers);
        returns the correction's id. Finishing it replaces the form, which stays stored."""
        item = self.tree.currentItem()
        if item is None or item.data(0, CORRECTABLE_ROLE) is not True:
            return None
        try:
            draft_id = self._caseload.corrections.start_form_correction(item.data(0, INSTANCE_ROLE))
        except KimdeskError as error:
            self._prompter.error(self, str(error))
            return None
        self.correction_started.emit()
        self.open_instance.emit(draft_id)
        return draft_id

    def start_form(self, form_key: str) -> None:
        if self.case_id is None:
            return
        button = self.new_buttons.get(form_key)
        if button is not None and not button.isEnabled():
            self.hint.setText(button.toolTip())
            return
        self.open_form.emit(self.case_id, form_key)
