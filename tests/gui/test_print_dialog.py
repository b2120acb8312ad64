"""Printing from the GUI: the consent in the client's language for a case, blank forms
without a case, the file only where the user chose it and named without personal data."""

from __future__ import annotations

import subprocess
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPageRanges
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind
from kimdesk.gui.main_window import MainWindow
from kimdesk.gui.pdf_print import a4_printer
from kimdesk.gui.print_dialog import PrintDialog
from kimdesk.printing.documents import render_document
from tests.conftest import TODAY, make_person


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_consent_defaults_to_the_clients_language(
    qtbot, caseload: Caseload, prompter, tmp_path: Path
) -> None:
    case = caseload.open_case(caseload.add_person(make_person("Haddad", "Amal")))
    caseload.move_to(case.id, Phase.INTAKE)
    caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, TODAY, "uk"))
    dialog = PrintDialog(caseload, prompter, case_id=case.id)
    qtbot.addWidget(dialog)
    assert dialog.language_combo.currentData() == "uk"
    assert not dialog.blank_box.isChecked()
    name = dialog.suggested_name()
    assert name == f"consent_uk_{case.case_number}.pdf" and "Haddad" not in name
    out = tmp_path / "chosen" / name
    out.parent.mkdir()
    assert dialog.save_to(out)
    text = pdf_text(out)
    assert "Einverständniserklärung" in text and "Haddad, Amal" in text  # as display_name
    assert list(out.parent.iterdir()) == [out]


def test_without_a_case_only_blank_documents_are_offered(
    qtbot, caseload: Caseload, prompter, tmp_path: Path
) -> None:
    dialog = PrintDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    ids = [dialog.document_combo.itemData(i) for i in range(dialog.document_combo.count())]
    assert "screening" in ids and "comparison" not in ids and "case-file" not in ids
    assert dialog.blank_box.isChecked() and not dialog.blank_box.isEnabled()
    dialog.document_combo.setCurrentIndex(ids.index("screening"))
    assert not dialog.language_combo.isEnabled()
    assert dialog.save_to(tmp_path / "screening")  # .pdf is added
    assert "Screening" in pdf_text(tmp_path / "screening.pdf")


def _consent_case(caseload: Caseload, language: str = "ar") -> int:
    case = caseload.open_case(caseload.add_person(make_person("Haddad", "Amal")))
    caseload.move_to(case.id, Phase.INTAKE)
    caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, TODAY, language))
    return case.id


SMOOTH = Qt.TransformationMode.SmoothTransformation


def page_images(pdf: Path, prefix: Path) -> list[QImage]:
    """The PDF's pages as small greyscale images, drawn by poppler (not by Qt)."""
    size = ["-scale-to-x", "210", "-scale-to-y", "297"]
    subprocess.run(["pdftoppm", *size, "-gray", "-png", str(pdf), str(prefix)], check=True)
    return [QImage(str(p)) for p in sorted(prefix.parent.glob(prefix.name + "*.png"))]


def difference(a: QImage, b: QImage) -> float:
    """Mean difference of two grey images of one size, 0 (same) to 255, blurred so that
    the edges of single letters (drawn at another resolution) do not count."""
    assert a.size() == b.size()
    a, b = (i.scaled(a.width() // 4, a.height() // 4, mode=SMOOTH) for i in (a, b))
    total = sum(
        abs(a.pixelColor(x, y).value() - b.pixelColor(x, y).value())
        for y in range(a.height())
        for x in range(a.width())
    )
    return total / (a.width() * a.height())


def ink(image: QImage) -> float:
    dark = sum(
        image.pixelColor(x, y).value() < 200
        for y in range(image.height())
        for x in range(image.width())
    )
    return dark / (image.width() * image.height())


def test_print_previews_every_page_and_prints_what_the_pdf_shows(
    qtbot, caseload: Caseload, prompter, tmp_path: Path, monkeypatch
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    case_id = _consent_case(caseload)
    dialog = PrintDialog(caseload, prompter, case_id=case_id)
    qtbot.addWidget(dialog)
    assert dialog.print_button.isDefault()
    preview = dialog.open_preview()
    assert preview is not None and prompter.messages == []
    pages = preview.pages
    preview.show()
    widget = preview.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: widget.pageCount() == pages.page_count)
    assert pages.page_count >= 2
    # The printer's queue shows the job under the document and case number, never a name.
    printer = a4_printer(dialog.suggested_name().removesuffix(".pdf"))
    assert "Haddad" not in printer.docName() and "consent_ar_" in printer.docName()

    # What the print dialog does with "print to file": the same painting onto a PDF printer.
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert pages.paint(printer) == pages.page_count
    preview.close()

    original = tmp_path / "original.pdf"
    original.write_bytes(
        render_document(caseload, "consent", case_number=dialog.case.case_number, lang="ar")
    )
    want = page_images(original, tmp_path / "want")
    got = page_images(tmp_path / "printed.pdf", tmp_path / "got")
    assert len(got) == len(want) == pages.page_count
    # Two different pages of the document differ this much; a printed page from its own
    # page far less (only by the edges of letters, resampled at print resolution).
    other_page = difference(want[0], want[1])
    for printed_page, pdf_page in zip(got, want, strict=True):
        assert ink(printed_page) > 0.03  # not a blank sheet
        assert difference(printed_page, pdf_page) < other_page / 2
    assert list(temp.iterdir()) == []  # nothing in the temporary folder


def test_the_print_dialog_prints_only_the_pages_asked_for(
    qtbot, caseload: Caseload, prompter, tmp_path: Path
) -> None:
    dialog = PrintDialog(caseload, prompter, case_id=_consent_case(caseload, "de"))
    qtbot.addWidget(dialog)
    preview = dialog.open_preview()
    assert preview is not None
    printer = a4_printer("consent_de")
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "page2.pdf"))
    printer.setPageRanges(QPageRanges.fromString("2"))  # what "Pages: 2" in the dialog sets
    assert preview.pages.paint(printer) == 1
    text = pdf_info(tmp_path / "page2.pdf")
    assert "Pages:           1" in text


def pdf_info(path: Path) -> str:
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def test_the_case_view_offers_printing(qtbot, caseload: Caseload, prompter) -> None:
    case_id = _consent_case(caseload, "fa")
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show_case(case_id)
    opened: list[PrintDialog] = []

    def look_and_close() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PrintDialog))
        opened.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, look_and_close)
    qtbot.mouseClick(window.case_view.print_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1
    assert opened[0].case is not None and opened[0].case.id == case_id
    assert opened[0].language_combo.currentData() == "fa"
    window.close()
