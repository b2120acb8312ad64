"""Printing from the application: choose a document (consent documents in the client's language,
forms blank or filled, the comparison, the case file), then print it — preview first, then the
system's print dialog — or save it as PDF where the user says.

The PDF is made in memory: printed from there, or written only to the file the user chooses.
File names and print job names carry the document and the case number, never a name.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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

from kimdesk.audit import record_pdf
from kimdesk.caseload import Caseload
from kimdesk.errors import KimdeskError
from kimdesk.gui.print_documents import DocumentCombo
from kimdesk.gui.prompter import PrompterLike
from kimdesk.gui.report_dialog import default_folder
from kimdesk.gui.text_size import scaled
from kimdesk.gui.widgets import heading, hint
from kimdesk.gui.worker import run_with_progress
from kimdesk.i18n import _
from kimdesk.printing.consent_texts import CONSENT_LANGUAGES, reviewed
from kimdesk.printing.documents import Document, client_language, documents, render_document

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrintPreviewDialog


class PrintDialog(QDialog):
    """``saved`` holds the path after a successful save; ``printed`` is true once printed."""

    def __init__(
        self,
        caseload: Caseload,
        prompter: PrompterLike,
        parent: QWidget | None = None,
        *,
        case_id: int | None = None,
        document_id: str | None = None,
        language: str | None = None,
    ) -> None:
        """``document_id`` and ``language`` preset the choice; by default the first
        document, and the consent language of the case."""
        super().__init__(parent)
        self._caseload = caseload
        self._prompter = prompter
        self.case = caseload.case(case_id) if case_id is not None else None
        self.saved: Path | None = None
        self.printed = False
        self.preview: QPrintPreviewDialog | None = None
        self.setWindowTitle(_("Print – kimdesk"))
        self.setMinimumWidth(scaled(620))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        title = (
            _("Print for case {number}").format(number=self.case.case_number)
            if self.case
            else _("Print blank forms")
        )
        layout.addWidget(heading(title, self))
        layout.addWidget(
            hint(
                _(
                    "Print shows a preview first. A PDF is saved only where you choose; "
                    "nothing is left in temporary folders."
                ),
                self,
            )
        )
        form = QFormLayout()
        self._documents = {
            d.id: d for d in documents(caseload.forms) if self.case is not None or not d.needs_case
        }
        self.document_combo = DocumentCombo(list(self._documents.values()), self)
        self.document_combo.setAccessibleName(_("Document"))
        form.addRow(_("&Document"), self.document_combo)
        self.language_combo = QComboBox(self)
        self.language_combo.setAccessibleName(_("Language"))
        for code, (german, native) in CONSENT_LANGUAGES.items():
            note = "" if reviewed(code) else _(" (translation not yet reviewed)")
            self.language_combo.addItem(f"{german} – {native}{note}", code)
        wanted = language or (client_language(caseload, self.case.id) if self.case else "de")
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(wanted), 0))
        form.addRow(_("&Language"), self.language_combo)
        self.blank_box = QCheckBox(_("&Blank, for filling in on paper"), self)
        self.blank_box.setChecked(self.case is None)
        self.blank_box.setEnabled(self.case is not None)
        form.addRow("", self.blank_box)
        layout.addLayout(form)

        buttons = QDialogButtonBox(self)
        self.print_button = QPushButton(_("&Print …"), self)
        self.print_button.setObjectName("primary")
        self.print_button.setDefault(True)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button = QPushButton(_("Save as &PDF …"), self)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(self.preview_and_print)
        self.save_button.clicked.connect(self.choose_and_save)
        layout.addWidget(buttons)
        self.document_combo.currentIndexChanged.connect(self._document_changed)
        if document_id is not None:
            self.document_combo.setCurrentIndex(max(self.document_combo.findData(document_id), 0))
        self._document_changed()

    @property
    def document(self) -> Document:
        return self._documents[self.document_combo.currentData()]

    def _document_changed(self) -> None:
        document = self.document
        self.language_combo.setEnabled(document.kind in ("consent", "access-report"))
        self.blank_box.setEnabled(self.case is not None and not document.needs_case)

    def suggested_name(self) -> str:
        parts = [self.document.file_stem]
        if self.document.kind == "consent":
            parts.append(str(self.language_combo.currentData()))
        if self.document.kind == "pseudonymised-sheet":  # no case number: it links to the person
            return f"{self.document.file_stem}.pdf"
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

    def _render(self) -> bytes:
        document, blank = self.document, self.blank_box.isChecked()
        case_number = self.case.case_number if self.case else None
        lang = str(self.language_combo.currentData())
        return run_with_progress(
            self,
            _("Preparing the document …"),
            lambda: render_document(
                self._caseload, document.id, case_number=case_number, lang=lang, blank=blank
            ),
        )

    def open_preview(self) -> QPrintPreviewDialog | None:
        """Render the chosen document and make its print preview (not yet shown)."""
        # Imported here, not at the top: QtPdf and QtPrintSupport are not needed to start.
        from kimdesk.gui.pdf_print import PdfPages, preview_dialog

        try:
            pages = PdfPages(self._render())
        except KimdeskError as error:
            self._prompter.error(self, str(error), title=_("Print"))
            return None
        name = self.suggested_name().removesuffix(".pdf")
        self.preview = preview_dialog(pages, name, self)
        return self.preview

    def preview_and_print(self) -> None:
        preview = self.open_preview()
        # The preview is accepted once its print button has sent the pages to a printer.
        if preview is not None and preview.exec():
            self.printed = True
            self._log_pdf(printed=True)
            self.accept()

    def _log_pdf(self, *, printed: bool) -> None:
        """A document with the case's data goes into the audit log (a blank form does not)."""
        if self.case is not None and (self.document.needs_case or not self.blank_box.isChecked()):
            record_pdf(
                self._caseload, document_id=self.document.id, case_id=self.case.id, printed=printed
            )

    def save_to(self, path: Path) -> bool:
        """Render the chosen document and write it to ``path`` (chosen by the user)."""
        # Imported here, not at the top: kimdesk.report.sending loads msoffcrypto (cold start).
        from kimdesk.report.sending import write_atomically

        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        try:
            data = self._render()
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
        self._log_pdf(printed=False)
        self.accept()
        return True
