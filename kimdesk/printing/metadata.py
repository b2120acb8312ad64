"""What every PDF kimdesk makes says about itself: its language (/Lang, read by screen
readers), a title in that language, kimdesk as author and creator.

reportlab's defaults would be author "anonymous", subject "unspecified" and no language; a
person's name never goes into the metadata (a PDF for a case is passed on).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from kimdesk import __version__

AUTHOR = "kimdesk"
# BCP 47 tags for /Lang: German documents are German as written in Germany; the client
# languages keep their plain code ("ar", "fa", "uk", ...).
_REGION = {"de": "de-DE"}


def pdf_language(code: str) -> str:
    """The /Lang value for a kimdesk language code."""
    return _REGION.get(code, code)


@dataclass(frozen=True)
class PdfMetadata:
    """A document's title (in its language) and its language code."""

    title: str
    language: str

    @property
    def lang(self) -> str:
        return pdf_language(self.language)

    def doc_template_arguments(self) -> dict[str, str]:
        """Keyword arguments for a reportlab ``BaseDocTemplate``."""
        return {
            "title": self.title,
            "author": AUTHOR,
            "creator": f"kimdesk {__version__}",
            "subject": self.title,
            "lang": self.lang,
        }

    def apply(self, canvas: Canvas) -> None:
        """Set title, author, creator and subject on a canvas made with ``lang=self.lang``."""
        canvas.setTitle(self.title)
        canvas.setAuthor(AUTHOR)
        canvas.setCreator(f"kimdesk {__version__}")
        canvas.setSubject(self.title)
