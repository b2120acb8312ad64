"""Printing from the application: choose a document (consent documents in the client's language,
forms blank or filled, the comparison, the case file) and save it as PDF where the user says.

The PDF is made in memory and written only to the file the user chooses; file names carry the
document and the case number, never a name.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kimdesk.caseload import Caseload
from kimdesk.errors import KimdeskError
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.report_dialog import default_folder
from kimdesk.gui.widgets import heading, hint
from kimdesk.gui.worker import run_with_progress
from kimdesk.i18n import _
from kimdesk.printing.consent_texts import CONSENT_LANGUAGES, reviewed
from kimdesk.printing.documents import Document, client_language, documents, render_document
from kimdesk.report.sending import write_atomically


class PrintDialog(QDialog):
    """``saved`` holds the path after a successful save."""

    def __init__(
        self,
        caseload: Caseload,
        prompter: PrompterLike,
        parent: QWidget | None = None,
        *,
        case_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._caseload = caseload
        self._prompter = prompter
        self.case = caseload.case(case_id) if case_id is not None else None
        self.saved: Path | None = None
        self.setWindowTitle(_("Print – kimdesk"))
        self.setMinimumWidth(620)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        title = (
            _("Print for case {number}").format(number=self.case.case_number)
            if self.case
            else _("Print blank forms")
        )
        layout.addWidget(heading(title, self))
        layout.addWidget(
            hint(_("The PDF is saved only where you choose; print it from there."), self)
        )
        form = QFormLayout()
        self.document_combo = QComboBox(self)
        self.document_combo.setAccessibleName(_("Document"))
        # Long titles must not squeeze the labels: the combo shows ~40 characters and elides.
        self.document_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.document_combo.setMinimumContentsLength(40)
        self._documents = [
            d for d in documents(caseload.forms) if self.case is not None or not d.needs_case
        ]
        for document in self._documents:
            self.document_combo.addItem(document.title, document.id)
        form.addRow(_("&Document"), self.document_combo)
        self.language_combo = QComboBox(self)
        self.language_combo.setAccessibleName(_("Language"))
        for code, (german, native) in CONSENT_LANGUAGES.items():
            note = "" if reviewed(code) else _(" (translation not yet reviewed)")
            self.language_combo.addItem(f"{german} – {native}{note}", code)
        wanted = client_language(caseload, self.case.id) if self.case else "de"
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(wanted), 0))
        form.addRow(_("&Language"), self.language_combo)
        self.blank_box = QCheckBox(_("&Blank, for filling in on paper"), self)
        self.blank_box.setChecked(self.case is None)
        self.blank_box.setEnabled(self.case is not None)
        form.addRow("", self.blank_box)
        layout.addLayout(form)

        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(_("Save as &PDF …"), self)
        self.save_button.setObjectName("primary")
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.choose_and_save)
        layout.addWidget(buttons)
        self.document_combo.currentIndexChanged.connect(self._document_changed)
        self._document_changed()

    @property
    def document(self) -> Document:
        return self._documents[self.document_combo.currentIndex()]

    def _document_changed(self) -> None:
        document = self.document
        self.language_combo.setEnabled(document.kind == "consent")
        self.blank_box.setEnabled(self.case is not None and not document.needs_case)

    def suggested_name(self) -> str:
        parts = [self.document.id]
        if self.document.kind == "consent":
            parts.append(str(self.language_combo.currentData()))
        if self.case is not None and not self.blank_box.isChecked():
            parts.append(self.case.case_number)
        return "_".join(parts) + ".pdf"

    def choose_and_save(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save as PDF"),
            str(default_folder() / self.suggested_name()),
            _("PDF documents (*.pdf)"),
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> bool:
        """Render the chosen document and write it to ``path`` (chosen by the user)."""
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        document, blank = self.document, self.blank_box.isChecked()
        case_number = self.case.case_number if self.case else None
        lang = str(self.language_combo.currentData())
        try:
            data = run_with_progress(
                self,
                _("Preparing the PDF …"),
                lambda: render_document(
                    self._caseload, document.id, case_number=case_number, lang=lang, blank=blank
                ),
            )
            write_atomically(path, data, overwrite=True)  # the save dialog asked already
        except KimdeskError as error:
            self._prompter.error(self, str(error), title=_("Print"))
            return False
        except OSError:
            self._prompter.error(
                self, _("The PDF cannot be written there; please choose another folder.")
            )
            return False
        self.saved = path
        self.accept()
        return True
