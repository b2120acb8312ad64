"""Rating blocks as on paper: consecutive 1–10 ratings form one table whose anchor texts
("1 = extreme Schwierigkeiten bis 10 = kein Problem") are shown once, above the rows.

A row whose anchors differ from the row before gets a legend line of its own, so the legend
above a row is always that row's scale. ``add_fields`` lays out a list of fields this way
for a page or a group entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kimdesk.forms.model import Field, FieldType
from kimdesk.gui.wizard.base import FieldEditor
from kimdesk.gui.wizard.choices import ROW_SPACING, ScaleEditor, anchor_legend
from kimdesk.i18n import _

# In characters of the text font, so the columns grow with larger text: rows go in one line
# while the item column gets this much (longer labels wrap) and the remark room to type.
LABEL_MIN_CHARS = 24
REMARK_CHARS = 28  # a comfortable remark column
REMARK_MIN_CHARS = 20
LABEL_SLACK = 4  # QLabel wraps a few pixels earlier than the bare font metrics
WRAP = Qt.TextFlag.TextWordWrap.value
ROW_GAP = 6

EditorFactory = Callable[[Field, QWidget], FieldEditor]


class RatingBlock(QWidget):
    """Legend(s), column captions and the rows (``ScaleEditor``) of consecutive ratings."""

    def __init__(self, editors: list[ScaleEditor], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ratingBlock")
        self.rows = editors
        self.legends: list[QLabel] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(ROW_GAP)
        self.header = QWidget(self)
        header = QHBoxLayout(self.header)
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(ROW_SPACING)
        self._item_caption = QLabel(self.header)  # empty: the item column has no heading
        self._scale_caption = QLabel(_("Client's rating"), self.header)
        remark_caption = QLabel(_("CM's remark"), self.header)
        for caption in (self._scale_caption, remark_caption):
            caption.setObjectName("caption")
        header.addWidget(self._item_caption)
        header.addWidget(self._scale_caption)
        header.addWidget(remark_caption, 1)
        previous = None
        for editor in editors:
            legend = anchor_legend(editor.field)
            if legend and legend != previous:
                self._add_legend(legend, layout)
            if editor is editors[0]:
                layout.addWidget(self.header)
            previous = legend
            editor.setParent(self)
            layout.addWidget(editor)
        self._fit()

    def _add_legend(self, text: str, layout: QBoxLayout) -> None:
        label = QLabel(text, self)
        label.setObjectName("caption")
        label.setWordWrap(True)  # long anchors wrap; the scale's ends are never cut
        layout.addWidget(label)
        self.legends.append(label)

    def _label_widths(self) -> tuple[int, int]:
        """The item column's width for every label in one line, and in at most two."""
        one_line = two_lines = 0
        for row in self.rows:
            row.label.ensurePolished()
            metrics, text = row.label.fontMetrics(), row.label.text()
            width = metrics.horizontalAdvance(text) + LABEL_SLACK
            one_line = max(one_line, width)
            low, high = width // 2, width  # the narrowest width that still needs two lines
            while low < high:
                middle = (low + high) // 2
                box = metrics.boundingRect(0, 0, middle, 1 << 16, WRAP, text)
                if box.height() <= 2 * metrics.lineSpacing():
                    high = middle
                else:
                    low = middle + 1
            two_lines = max(two_lines, high + LABEL_SLACK)
        return one_line, two_lines

    def _fit(self) -> None:
        """Rows in one line where they fit, else stacked; the block's own minimum width is
        the stacked one (the scale in two rows), so a narrow page (or large text) stacks and
        wraps instead of cutting.

        In one line the item column takes each label in one line if the remark keeps a
        comfortable width, else in two lines (three, if even that leaves the remark too
        little); the remark takes the rest."""
        scale = max(row.scale_box.sizeHint().width() for row in self.rows)
        # stacked, a scale wider than the page wraps into two rows of five (large text)
        self.setMinimumWidth(max(row.scale_box.minimumSizeHint().width() for row in self.rows))
        average = self.fontMetrics().averageCharWidth()
        room = self.width() - scale - 2 * ROW_SPACING
        one_line, two_lines = self._label_widths()
        if one_line <= room - REMARK_CHARS * average:
            width = one_line
        else:
            width = min(two_lines, room - REMARK_MIN_CHARS * average)
        stacked = width < min(one_line, LABEL_MIN_CHARS * average)
        self.header.setVisible(not stacked)
        self._item_caption.setFixedWidth(max(width, 0))
        self._scale_caption.setFixedWidth(scale)
        for row in self.rows:
            row.set_stacked(stacked)
            if not stacked:
                row.set_label_width(width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self.rows:
            # after the rows have taken the new font too
            QTimer.singleShot(0, self._fit)


def add_fields(
    fields: Iterable[Field], layout: QBoxLayout, parent: QWidget, make_editor: EditorFactory
) -> list[FieldEditor]:
    """Add an editor per field to ``layout``; runs of 1–10 ratings as one ``RatingBlock``.
    The editors, in the fields' order."""
    editors: list[FieldEditor] = []
    run: list[ScaleEditor] = []

    def close_run() -> None:
        if run:
            layout.addWidget(RatingBlock(list(run), parent))
            run.clear()

    for field in fields:
        editor = make_editor(field, parent)
        editors.append(editor)
        if field.type is FieldType.SCALE_10 and isinstance(editor, ScaleEditor):
            run.append(editor)
            continue
        close_run()
        layout.addWidget(editor)
    close_run()
    return editors
