"""The pages of the wizard: one scrollable page per section of a form, and the small helpers
that map an answer path ("goals[2].next_step") to its field."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kimdesk.domain.records import Service
from kimdesk.forms.answers import AnswerProblem
from kimdesk.forms.model import Section
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import hint
from kimdesk.gui.wizard.base import FieldEditor
from kimdesk.gui.wizard.editors import editor_for
from kimdesk.gui.wizard.rating_block import add_fields

LAYOUT_ROUNDS = 3  # nested layouts settle one level per round
SCROLL_MARGIN = 48
PAGE_WIDTH = 780  # wider lines are hard to read; the rest of a large window stays empty
_TOP_KEY = re.compile(r"^([^.\[]+)(.*)$")
_NESTED = re.compile(r"^\[(\d+)\]\.([^.\[]+)$")


def split_path(path: str) -> tuple[str, str]:
    """ "goals[2].next_step" → ("goals", "[2].next_step"); "date" → ("date", "")."""
    found = _TOP_KEY.match(path)
    return (found.group(1), found.group(2)) if found else (path, "")


def without_problems(
    answers: Mapping[str, Any], problems: Iterable[AnswerProblem]
) -> dict[str, Any]:
    """The answers minus the parts that failed the check, so the rest can still be stored."""
    kept = copy.deepcopy(dict(answers))
    for problem in problems:
        key, rest = split_path(problem.path)
        nested = _NESTED.match(rest)
        entries = kept.get(key)
        if nested and isinstance(entries, list) and int(nested.group(1)) <= len(entries):
            entry = entries[int(nested.group(1)) - 1]
            if isinstance(entry, dict):
                entry.pop(nested.group(2), None)
                continue
        kept.pop(key, None)
    return kept


class SectionPage(QScrollArea):
    """A section of the paper form: its title, its help, its fields in the paper's order."""

    def __init__(
        self,
        section: Section,
        services: list[tuple[int, Service]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.section = section
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setObjectName("wizardPage")
        content = QWidget(self)
        content.setObjectName("wizardPageContent")
        content.setMaximumWidth(scaled(PAGE_WIDTH))
        content.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 16, 24, 24)
        layout.setSpacing(18)
        title = QLabel(section.title, content)
        title.setObjectName("pageHeading")
        title.setWordWrap(True)
        title.setAccessibleName(section.title)
        top = QVBoxLayout()
        top.setSpacing(4)
        top.addWidget(title)
        if section.help:
            top.addWidget(hint(section.help, content))
        layout.addLayout(top)
        self.editors: list[FieldEditor] = add_fields(
            section.fields,
            layout,
            content,
            lambda field, parent: editor_for(field, parent, services=services),
        )
        layout.addStretch(1)
        holder = QWidget(self)
        holder.setObjectName("wizardPageHolder")
        outer = QVBoxLayout(holder)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(content)
        self.setWidget(holder)

    def has_error(self) -> bool:
        return any(editor.has_error() for editor in self.editors)

    def show_editor(self, editor: QWidget) -> None:
        """Scroll ``editor`` into view, after laying out what changed (errors shown, entries
        added) so the position is the final one."""
        for _round in range(LAYOUT_ROUNDS):
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        top = editor.mapTo(self.widget(), QPoint(0, 0)).y()
        self.verticalScrollBar().setValue(top - SCROLL_MARGIN)  # the field near the top
