"""Finding a person by name: accents ignored, and a name in another script by its Latin spelling.

A row's search text is computed once when the list is loaded (``searchable``); a query once
per keystroke (``Query``); matching is then plain substring tests, fast for 10,000 cases.

- accents and case: ``search_key`` ("mül" finds "Müller", "sahin" "Şahin");
- other scripts: the row also carries its Latin transliteration (anyascii), so "popov" finds
  "Попов", and a query typed in another script is transliterated too ("Попов" finds "Popov");
- Arabic script is written without short vowels and without doubled letters, so anyascii
  gives a consonant skeleton ("حداد" → "hdd", "محمد" → "mhmd"). For such names the row also
  carries that skeleton, and a Latin query word is matched by its own skeleton: doubled
  letters made single, vowels (and w, y, which stand for long vowels) dropped, v read as w:
  "haddad" and "hadad" → "hdd", "mohammed" → "mhmd", "youssef" → "sf" as "يوسف".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from kimdesk.domain.records import search_key

SKELETON = "\x1f"  # marks a skeleton word in the search text; cannot be typed into a search
WORD = re.compile(r"[^\s,;]+")
_NOT_LETTER = re.compile(r"[^a-z0-9]+")
_VOWELS = str.maketrans("", "", "aeiouwy")
MIN_SKELETON = 2  # one consonant would match half of all Arabic names


def is_arabic_script(text: str) -> bool:
    return any(
        "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff"
        for ch in text
    )


@lru_cache(maxsize=65536)
def latin(word: str) -> str:
    """The Latin spelling of a folded word, lower case, letters and digits only."""
    return _NOT_LETTER.sub("", anyascii(word).casefold())


def _arabic_skeleton(word: str) -> str:
    return latin(word).translate(_VOWELS)


def _latin_skeletons(word: str) -> set[str]:
    """A Latin word's consonant skeletons: with doubled letters made single (Arabic writes
    "dd" once) and as typed (الله has two lams)."""
    plain = word.replace("v", "w")
    single = re.sub(r"(.)\1+", r"\1", plain)
    return {w.translate(_VOWELS) for w in (single, plain)}


def searchable(*parts: str) -> str:
    """What a search looks in for these name parts (and a case number): computed once."""
    folded = search_key(*parts)
    if folded.isascii():
        return folded
    words = folded.split()
    extra = [latin(word) for word in words if not word.isascii()]
    for part in parts:
        if is_arabic_script(part):
            skeletons = [_arabic_skeleton(word) for word in search_key(part).split()]
            whole = "".join(skeletons)  # "abdullah" typed as one word for عبد الله
            extra += [SKELETON + s for s in (*skeletons, whole) if s]
    return " ".join([folded, *dict.fromkeys(word for word in extra if word)])


@dataclass(frozen=True)
class QueryWord:
    """One typed word and the other forms it may be found by."""

    forms: tuple[str, ...]

    def found_in(self, text: str) -> bool:
        return any(form in text for form in self.forms)


@dataclass(frozen=True)
class Query:
    """A typed search: every word must be found, in any order."""

    words: tuple[QueryWord, ...]

    @classmethod
    def parse(cls, text: str) -> Query:
        return cls(tuple(_query_word(word) for word in WORD.findall(search_key(text))))

    def matches(self, text: str) -> bool:
        """Whether a ``searchable`` text holds every word (an empty query matches all)."""
        return all(word.found_in(text) for word in self.words)


def _query_word(word: str) -> QueryWord:
    forms = [word]
    if not word.isascii():
        forms.append(latin(word))
    elif word.isalpha():
        forms += [
            SKELETON + skeleton
            for skeleton in sorted(_latin_skeletons(word))
            if len(skeleton) >= MIN_SKELETON
        ]
    return QueryWord(tuple(form for form in dict.fromkeys(forms) if form))
