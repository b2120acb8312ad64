"""Every user-visible string has a German translation whose placeholders fit."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import kimdesk
from kimdesk.i18n import load_catalog
from kimdesk.paths import i18n_dir

PLACEHOLDER = re.compile(r"\{(\w*)\}")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def source_messages() -> set[str]:
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        Path(kimdesk.__file__).parent, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def german_catalog():  # type: ignore[no-untyped-def]
    with (i18n_dir() / "de.po").open("rb") as handle:
        return read_po(handle, locale="de")


def test_every_source_string_is_translated_to_german() -> None:
    catalog = german_catalog()
    missing = sorted(
        m
        for m in source_messages()
        if not (catalog.get(m) and catalog.get(m).string and not catalog.get(m).fuzzy)
    )
    assert missing == [], "run `python3 tasks.py pot` and translate:\n" + "\n".join(missing)


def test_translations_keep_their_placeholders() -> None:
    broken = [
        message.id
        for message in german_catalog()
        if message.id
        and isinstance(message.id, str)
        and message.string
        and set(PLACEHOLDER.findall(message.id)) != set(PLACEHOLDER.findall(message.string))
    ]
    assert broken == []


def test_german_is_loaded_from_the_catalog() -> None:
    assert load_catalog("de").gettext("The password is wrong.") == "Das Passwort ist falsch."
    assert load_catalog("en").gettext("The password is wrong.") == "The password is wrong."


def test_each_message_is_translated_once() -> None:
    """gettext's msgfmt refuses a catalog with a msgid twice; babel silently keeps one."""
    text = (i18n_dir() / "de.po").read_text(encoding="utf-8")
    ids = re.findall(r'^msgid ("(?:[^"\\]|\\.)*"(?:\n"(?:[^"\\]|\\.)*")*)', text, re.MULTILINE)
    twice = sorted({m for m in ids if ids.count(m) > 1})
    assert twice == []


def test_the_compiled_catalog_is_what_a_start_reads(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """tasks.py run and bench compile de.po once; a start then reads de.mo without babel,
    and a .po edited afterwards is compiled again instead of being ignored."""
    import shutil

    import kimdesk.i18n as i18n

    shutil.copy(i18n_dir() / "de.po", tmp_path / "de.po")
    monkeypatch.setattr(i18n, "i18n_dir", lambda: tmp_path)
    assert i18n.compile_catalogs() == [tmp_path / "de.mo"]
    assert i18n.compile_catalogs() == []  # up to date: nothing written
    (tmp_path / "de.po").rename(tmp_path / "de.po.away")  # only the .mo can answer now
    assert load_catalog("de").gettext("The password is wrong.") == "Das Passwort ist falsch."
    (tmp_path / "de.po.away").rename(tmp_path / "de.po")
    (tmp_path / "de.po").touch()
    assert i18n.compile_catalogs() == [tmp_path / "de.mo"]
