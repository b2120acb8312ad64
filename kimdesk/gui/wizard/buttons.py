"""The bottom line of the wizard: the draft status, the page count and the five buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kimdesk.i18n import _


class ButtonBar(QWidget):
    """Back, Next, Save draft, Finish (primary), Close; the dialog connects them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("draftStatus")
        self.status_label.setWordWrap(True)
        row.addWidget(self.status_label, 1)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("caption")
        row.addWidget(self.page_label)
        self.back_button = self._button(_("&Back"), _("Previous page (Alt+Left, Page Up)"))
        self.next_button = self._button(_("&Next"), _("Next page (Alt+Right, Page Down)"))
        self.save_button = self._button(_("Save &draft"), _("Save the draft now (Ctrl+S)"))
        self.finish_button = self._button(
            _("&Finish"), _("Check the form and finish it (Ctrl+Return)")
        )
        self.finish_button.setObjectName("primary")
        self.close_button = self._button(_("&Close"), _("Close; the input is kept (Esc)"))
        for button in self.buttons():
            row.addWidget(button)

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        return button

    def buttons(self) -> list[QPushButton]:
        """In tab order."""
        return [
            self.back_button,
            self.next_button,
            self.save_button,
            self.finish_button,
            self.close_button,
        ]

    def show_page(self, index: int, count: int) -> None:
        self.back_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < count - 1)
        self.page_label.setText(_("Page {n} of {total}").format(n=index + 1, total=count))

    def set_read_only(self) -> None:
        """A finished form: only the page buttons and Close."""
        self.save_button.hide()
        self.finish_button.hide()
        self.status_label.setText(_("This form is finished; it can be read, not changed."))
