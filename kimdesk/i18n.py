"""Translations: gettext catalogs in i18n/, compiled <lang>.mo or <lang>.po read with babel.

Source strings are English; German is the default language of the application.
Mark strings with ``_()`` where they are shown, or ``N_()`` where they are defined
before the language is known and translated later.
"""

from __future__ import annotations

import gettext
import io
import os
from pathlib import Path

from kimdesk.app_settings import load_app_settings
from kimdesk.paths import i18n_dir

DEFAULT_LANGUAGE = "de"
_current: gettext.NullTranslations | None = None
_language = ""


def load_catalog(language: str) -> gettext.NullTranslations:
    """The translations for a language; English (the source) needs no catalog.

    The frozen build and the wheel ship compiled catalogs (<lang>.mo); a checkout has the
    <lang>.po, compiled here in memory. Where both lie, a .po edited after compiling wins.
    """
    if language == "en":
        return gettext.NullTranslations()
    po_path, mo_path = i18n_dir() / f"{language}.po", i18n_dir() / f"{language}.mo"
    if mo_path.exists() and not _newer(po_path, mo_path):
        with mo_path.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if not po_path.exists():
        return gettext.NullTranslations()
    # Only a checkout without compiled catalogs gets here; babel stays out of the cold start.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def compile_catalogs() -> list[Path]:
    """Compile each interface catalog i18n/<lang>.po to <lang>.mo beside it, where the .mo is
    missing or older (``tasks.py run`` and ``bench``: a checkout then starts from compiled
    catalogs as the installed program does, without parsing the .po at every start)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in sorted(i18n_dir().glob("*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and not _newer(po_path, mo_path):
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.stem)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        partial = mo_path.with_suffix(".mo.partial")
        partial.write_bytes(buffer.getvalue())
        partial.replace(mo_path)
        written.append(mo_path)
    return written


def _newer(path: Path, than: Path) -> bool:
    return path.exists() and path.stat().st_mtime > than.stat().st_mtime


def set_language(language: str) -> None:
    global _current, _language
    _current = load_catalog(language)
    _language = language


def language() -> str:
    """The language in use; chosen on first use from KIMDESK_LANG, the saved setting, German."""
    if _current is None:
        set_language(
            os.environ.get("KIMDESK_LANG") or load_app_settings().language or DEFAULT_LANGUAGE
        )
    return _language


def _(message: str) -> str:
    if _current is None:
        language()
    assert _current is not None
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if _current is None:
        language()
    assert _current is not None
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message
