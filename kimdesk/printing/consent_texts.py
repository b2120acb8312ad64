"""The texts of the consent documents: a gettext domain of its own in i18n/consent/.

Source strings are English; the German catalog is the binding text. Each catalog's header
says whether a sworn translator has reviewed it (``X-Reviewed: yes``), so a municipality can
track which translations are checked.
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from kimdesk.paths import i18n_dir

BINDING_LANGUAGE = "de"

# code -> (German name, native name)
CONSENT_LANGUAGES: dict[str, tuple[str, str]] = {
    "de": ("Deutsch", "Deutsch"),
    "en": ("Englisch", "English"),
    "fr": ("Französisch", "Français"),
    "ar": ("Arabisch", "العربية"),
    "fa": ("Persisch (Farsi/Dari)", "فارسی"),
    "ps": ("Paschtu", "پښتو"),
    "ku": ("Kurdisch (Kurmandschi)", "Kurmancî"),
    "tr": ("Türkisch", "Türkçe"),
    "uk": ("Ukrainisch", "Українська"),
    "ru": ("Russisch", "Русский"),
    "ro": ("Rumänisch", "Română"),
    "bg": ("Bulgarisch", "Български"),
    "pl": ("Polnisch", "Polski"),
    "ti": ("Tigrinya", "ትግርኛ"),
}


def consent_dir() -> Path:
    return i18n_dir() / "consent"


def _check(language: str) -> None:
    if language not in CONSENT_LANGUAGES:
        raise ValueError(f"no consent texts for language {language!r}")


@cache
def _catalog(language: str) -> Catalog:
    _check(language)
    with (consent_dir() / f"{language}.po").open("rb") as handle:
        return read_po(handle, locale=language)


@cache
def translations(language: str) -> gettext.GNUTranslations:
    """The compiled catalog of one language."""
    buffer = io.BytesIO()
    write_mo(buffer, _catalog(language))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def consent_text(language: str, message: str) -> str:
    """``message`` (an English msgid) in ``language``; the msgid itself if untranslated."""
    return translations(language).gettext(message)


def messages(language: str) -> dict[str, str]:
    """Every msgid with its translation, for checks over a whole catalog."""
    return {
        str(message.id): str(message.string)
        for message in _catalog(language)
        if message.id and message.string
    }


@dataclass(frozen=True)
class Review:
    """Whether a sworn translator has checked a catalog, and who and when if the header says."""

    reviewed: bool
    by: str = ""  # header X-Reviewed-By
    on: str = ""  # header X-Reviewed-On


def review(language: str) -> Review:
    """The review of this language's catalog as its header records it."""
    # read from the file: babel's Catalog drops header fields it does not know
    _check(language)
    header = (consent_dir() / f"{language}.po").read_text(encoding="utf-8").split("\n\n", 1)[0]
    return Review(
        reviewed=_header_field(header, "X-Reviewed").lower().split()[:1] == ["yes"],
        by=_header_field(header, "X-Reviewed-By"),
        on=_header_field(header, "X-Reviewed-On"),
    )


def _header_field(header: str, name: str) -> str:
    found = re.search(
        rf'^"{re.escape(name)}:[ \t]*(.*?)(?:\\n)?"\r?$', header, flags=re.MULTILINE | re.IGNORECASE
    )
    return found.group(1).strip() if found else ""


def reviewed(language: str) -> bool:
    """Whether a sworn translator has checked this language's catalog."""
    return review(language).reviewed


def reviewed_status() -> dict[str, bool]:
    """The reviewed status of every consent language, by language code."""
    return {language: reviewed(language) for language in CONSENT_LANGUAGES}
