"""Every character the consent documents print has a glyph in the font it is drawn with."""

from __future__ import annotations

import unicodedata

import pytest

from kimdesk.printing.consent import CONSENT_DOCUMENTS, SUPERVISORY_AUTHORITY
from kimdesk.printing.consent_texts import CONSENT_LANGUAGES, messages
from kimdesk.printing.fonts import Script, font_for, font_name, has_glyph, script_of
from kimdesk.printing.text import ZWNJ, font_runs, shape, wrap

FALLBACK = {font_name(Script.LATIN), font_name(Script.LATIN, bold=True)}


def printed_strings(lang: str) -> list[str]:
    return list(messages(lang).values())


@pytest.mark.parametrize("bold", [False, True], ids=["regular", "bold"])
@pytest.mark.parametrize("lang", list(CONSENT_LANGUAGES))
def test_every_catalog_character_has_a_glyph(lang: str, bold: bool) -> None:
    strings = printed_strings(lang)
    assert len(strings) == len(messages("de"))  # every message translated
    for text in strings:
        shaped = shape(text)
        assert ZWNJ not in shaped
        own_font = font_for(text, bold=bold)
        for character in shaped:
            if has_glyph(own_font, character):
                continue
            # only neutral Latin letters, digits and punctuation fall back to Noto Sans
            assert ord(character) < 0x2100, (lang, unicodedata.name(character, "?"))
            assert has_glyph(font_name(Script.LATIN, bold=bold), character), (lang, character)
        for font, part in font_runs(shaped, bold=bold):
            missing = [c for c in part if not has_glyph(font, c)]
            assert not missing, (lang, font, [unicodedata.name(c, "?") for c in missing])


@pytest.mark.parametrize("lang", ["ar", "fa", "ps"])
def test_arabic_script_letters_are_drawn_in_naskh_as_joined_forms(lang: str) -> None:
    for text in printed_strings(lang):
        assert script_of(text) is Script.ARABIC
        for line in wrap(text, 400, 9.5):
            assert line.rtl
            for font, part in font_runs(line.text):
                if any(0xFB50 <= ord(c) <= 0xFEFF for c in part):
                    assert font == font_for(text)
        # reshaping turns letters into presentation forms (joined shapes)
        assert any(0xFB50 <= ord(c) <= 0xFEFF for c in shape(text))


def test_ethiopic_letters_are_drawn_in_noto_sans_ethiopic() -> None:
    for text in printed_strings("ti"):
        runs = font_runs(text)
        for font, part in runs:
            if any(0x1200 <= ord(c) <= 0x139F for c in part):
                assert font == font_name(Script.ETHIOPIC)
            else:
                assert font in FALLBACK or part.isspace() or font == font_name(Script.ETHIOPIC)


def test_fixed_texts_and_language_names_are_covered() -> None:
    fixed = [SUPERVISORY_AUTHORITY, *CONSENT_DOCUMENTS.values()]
    fixed += [name for names in CONSENT_LANGUAGES.values() for name in names]
    for text in fixed:
        for font, part in font_runs(shape(text)):
            assert all(has_glyph(font, c) for c in part), text


def test_mixed_arabic_and_latin_keeps_the_latin_word_and_number_in_order() -> None:
    [line] = wrap("في KIM منذ 2026", 500, 10)
    # visual order, left to right: "2026 <منذ reversed> KIM <في reversed>"
    assert line.text.startswith("2026 ")
    assert line.text.endswith(" KIM " + shape("في")[::-1])
