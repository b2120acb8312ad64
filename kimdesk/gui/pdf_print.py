"""Printing our PDFs through the system's print dialog, with a preview first.

The PDF stays in memory: QtPdf reads it from a buffer and draws each page, at the printer's
resolution, onto the printer the user chose. No temporary file is written, so a document with
a client's name on it is never left in a temporary folder or a print spool file of ours.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QToolButton, QWidget

from kimdesk.errors import KimdeskError
from kimdesk.i18n import _

# Paper does not gain from more; at 600 dpi an A4 page would be a 140 MB image.
MAX_DPI = 300


class PdfPages:
    """A PDF held in memory, page by page, for the preview and the printer."""

    def __init__(self, data: bytes) -> None:
        self._buffer = QBuffer()
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument()
        self.document.load(self._buffer)
        if self.document.status() != QPdfDocument.Status.Ready or self.page_count == 0:
            raise KimdeskError(_("The document could not be prepared for printing."))

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def paint(self, printer: QPrinter) -> int:
        """Draw the pages the printer asks for (all, or its page ranges); returns how many."""
        wanted = printer.pageRanges()
        pages = [
            index
            for index in range(self.page_count)
            if wanted.isEmpty() or wanted.contains(index + 1)
        ]
        dpi = min(printer.resolution(), MAX_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise KimdeskError(_("The printer could not be started."))
        try:
            for position, index in enumerate(pages):
                if position and not printer.newPage():
                    raise KimdeskError(_("The printer did not accept the next page."))
                self._paint_page(painter, printer, index, dpi)
        finally:
            painter.end()
        return len(pages)

    def _paint_page(self, painter: QPainter, printer: QPrinter, index: int, dpi: int) -> None:
        points = self.document.pagePointSize(index)
        size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        image = self.document.render(index, size)
        # Our PDFs carry their own margins: draw onto the whole sheet, keeping the proportions.
        target = printer.paperRect(QPrinter.Unit.DevicePixel).toRect()
        fitted = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
        area = QRect(target.topLeft(), fitted)
        area.moveCenter(target.center())
        painter.fillRect(area, Qt.GlobalColor.white)
        painter.drawImage(area, image)


def a4_printer(document_name: str) -> QPrinter:
    """A printer set up for our A4 pages; the name shows in the print queue, so no names."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document_name)
    printer.setFullPage(True)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


def preview_dialog(
    pages: PdfPages, document_name: str, parent: QWidget | None = None
) -> QPrintPreviewDialog:
    """The preview, whose print button opens the system's print dialog."""
    printer = a4_printer(document_name)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(_("Print preview – kimdesk"))
    dialog.paintRequested.connect(pages.paint)
    dialog.resize(900, 1000)
    # Qt's toolbar buttons take no keyboard focus: without a mouse there would be no way to
    # the print button. As tab stops they are reached in their row, left to right.
    for button in dialog.findChildren(QToolButton):
        if not button.objectName().startswith("qt_"):  # not the toolbar's overflow arrow
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    # The dialog owns neither: keep both alive as long as the dialog.
    dialog.pages = pages
    dialog.printer = printer
    return dialog
