"""The print dialog's choice of document: every document in the order of the process, by its
short name, each name shown whole — in the closed box and in the open list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QComboBox, QStyle, QWidget

from kimdesk.printing.documents import Document

# Room beside an entry's text in the open list: the item's margins and a scroll bar, should
# a small screen need one.
LIST_MARGIN = 24


def _group(document: Document) -> str:
    """Consent documents, the forms, and the documents made from a whole case."""
    return document.kind if document.kind in ("consent", "form") else "case"


class DocumentCombo(QComboBox):
    """Documents by short name (full heading as tooltip), groups apart by separators;
    ``currentData()`` is the chosen document's id."""

    def __init__(self, documents: list[Document], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentCombo")
        previous = None
        for document in documents:
            if previous is not None and _group(document) != previous:
                self.insertSeparator(self.count())
            previous = _group(document)
            self.addItem(document.name, document.id)
            self.setItemData(self.count() - 1, document.title, Qt.ItemDataRole.ToolTipRole)
        # The closed box is as wide as the longest name, and the open list shows every entry
        # at once, so no name is cut and nothing needs scrolling.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMaxVisibleItems(self.count())
        self.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.fit_list()

    def fit_list(self) -> None:
        """Make the open list wide enough for the longest name (also after a font change)."""
        metrics = self.view().fontMetrics()
        widest = max(
            (metrics.horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0
        )
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.view().setMinimumWidth(widest + LIST_MARGIN + scroll_bar)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.fit_list()
