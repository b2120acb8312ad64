"""Is this person already recorded? One rule for "Neuer Fall" and for taking over a handover.

A recorded person is a possible duplicate when the names are the same or similar, given
names and surname also crosswise (swapped on a form), and the birth dates do not differ
where both are known. With the same birth date on both sides a looser likeness suffices.

Names are compared after folding accents and writing other scripts in Latin letters
(anyascii), so "Попов" meets "Popov". Two name parts are alike when they sound alike in
German (Kölner Phonetik: "Hadad" and "Haddad" are both "022", "Meier" and "Mayer" "67") or
differ by little (Levenshtein distance through rapidfuzz, at most one edit up to eight letters,
two beyond). For speed (10,000 persons: about 15–30 ms a check, ~120 ms the first time in
a session) each distinct name part is compared once, cheap tests come first, and the
per-name keys are cached across checks.

Kölner Phonetik: H. J. Postel, "Die Kölner Phonetik. Ein Verfahren zur Identifizierung von
Personennamen auf der Grundlage der Gestaltanalyse", IBM-Nachrichten 19 (1969), 925–931;
the rule table as given in the German Wikipedia article "Kölner Phonetik".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import token_sort_ratio
from rapidfuzz.process import extract

from kimdesk.domain.name_search import latin
from kimdesk.domain.records import search_key

# With the same birth date: the whole names, word order ignored, this alike (0–100)
SAME_BIRTH_DATE_RATIO = 75
MAX_LENGTH_GAP = 3  # letters; names further apart in length are never taken as alike


def cologne_phonetic(word: str) -> str:
    """The Kölner Phonetik code of a word (Hans Joachim Postel, 1969).

    Rules, letter by letter with its neighbours (as in the published table):
    A E I J O U Y → 0; H → –; B → 1; P → 1, before H → 3; D T → 2, before C S Z → 8;
    F V W → 3; G K Q → 4; C → 4 at the start before A H K L O Q R U X, elsewhere before
    A H K O Q U X unless after S Z, else 8; X → 48, after C K Q → 8; L → 5; M N → 6; R → 7;
    S Z → 8. Then runs of one digit are made one, and every 0 but a leading one is dropped.
    """
    letters = [ch for ch in latin(search_key(word)).upper() if "A" <= ch <= "Z"]
    codes: list[str] = []
    for index, ch in enumerate(letters):
        before = letters[index - 1] if index else ""
        after = letters[index + 1] if index + 1 < len(letters) else ""
        codes.append(_code(ch, before, after, first=index == 0))
    digits = "".join(codes)
    collapsed = "".join(d for i, d in enumerate(digits) if i == 0 or d != digits[i - 1])
    return collapsed[:1] + collapsed[1:].replace("0", "")


def _code(ch: str, before: str, after: str, *, first: bool) -> str:
    if ch in "AEIJOUY":
        return "0"
    if ch == "H":
        return ""
    if ch == "B" or (ch == "P" and after != "H"):
        return "1"
    if ch in "DT":
        return "8" if after and after in "CSZ" else "2"
    if ch in "FVWP":  # P only before H here
        return "3"
    if ch in "GKQ":
        return "4"
    if ch == "C":
        if first:
            return "4" if after and after in "AHKLOQRUX" else "8"
        return "4" if after and after in "AHKOQUX" and before not in ("S", "Z") else "8"
    if ch == "X":
        return "8" if before and before in "CKQ" else "48"
    return {"L": "5", "M": "6", "N": "6", "R": "7", "S": "8", "Z": "8"}.get(ch, "")


@dataclass(frozen=True)
class NameKey:
    """A name part prepared for comparing."""

    folded: str  # accents and case aside, in its own script
    text: str  # in Latin letters


@lru_cache(maxsize=65536)
def name_key(part: str) -> NameKey:
    folded = search_key(part)
    return NameKey(folded, " ".join(latin(word) for word in folded.split()))


@lru_cache(maxsize=65536)
def sound(text: str) -> str:
    """The Kölner Phonetik of each word; computed only for names that got this far."""
    return " ".join(cologne_phonetic(word) for word in text.split())


def alike(a: NameKey, b: NameKey) -> bool:
    """Two name parts that may be the same name, misspelt or transliterated otherwise.

    Cheapest tests first: equal, then the length window (names of the same sound differ by
    a few letters at most: "Haddad"/"Hadad", "Müller"/"Mueller"), then the edit distance (in
    C), and only then the sound.
    """
    if a.text == b.text:
        return True
    if not a.text or not b.text or abs(len(a.text) - len(b.text)) > MAX_LENGTH_GAP:
        return False
    allowed = 1 if max(len(a.text), len(b.text)) <= 8 else 2
    if Levenshtein.distance(a.text, b.text, score_cutoff=allowed) <= allowed:
        return True
    sound_a = sound(a.text)
    return sound_a == sound(b.text) and bool(sound_a.strip("0 "))


class NamedPerson(Protocol):
    """What the check needs of a recorded person or one case of theirs (a ``CaseRow``)."""

    @property
    def person_id(self) -> int: ...
    @property
    def surname(self) -> str: ...
    @property
    def given_names(self) -> str: ...


@dataclass(frozen=True)
class Candidate:
    """A recorded person, as the check sees it."""

    person_id: int
    surname: str
    given_names: str


@dataclass(frozen=True)
class Duplicate:
    """A recorded person who may be the one entered."""

    person_id: int
    same_name: bool  # the same name (accents and case aside); else a similar one
    same_birth_date: bool  # both known and equal


def _full_name(surname: str, given_names: str) -> str:
    return f"{name_key(surname).text} {name_key(given_names).text}"


def _loosely_alike(
    surname: str, given_names: str, pairs: Sequence[tuple[str, str]]
) -> set[tuple[str, str]]:
    """With the same birth date: the ``pairs`` whose whole names are alike, word order
    ignored (rapidfuzz's token sort ratio, all pairs in one call in C)."""
    choices = [_full_name(*pair) for pair in pairs]
    alike_names = extract(
        _full_name(surname, given_names),
        choices,
        scorer=token_sort_ratio,
        score_cutoff=SAME_BIRTH_DATE_RATIO,
        limit=None,
    )
    return {pairs[index] for _choice, _score, index in alike_names}


def possible_duplicates(
    surname: str,
    given_names: str,
    birth_date: date | None,
    candidates: Iterable[NamedPerson],
    birth_date_of: Callable[[int], date | None],
) -> list[Duplicate]:
    """The recorded persons who may be this one, each once, in the order first met.

    Each distinct name part is compared once, not once per case: 10,000 cases share far
    fewer names. ``birth_date_of`` is asked only for persons whose name is close, so the
    caller need not load every birth date.
    """
    people = list(candidates)
    mine_surname, mine_given = name_key(surname), name_key(given_names)
    parts = {part for person in people for part in (person.surname, person.given_names)}
    as_surname = {part: alike(mine_surname, name_key(part)) for part in parts}
    as_given = {part: alike(mine_given, name_key(part)) for part in parts}
    loosely: set[tuple[str, str]] = set()
    if birth_date is not None:
        pairs = list(dict.fromkeys((person.surname, person.given_names) for person in people))
        loosely = _loosely_alike(surname, given_names, pairs)
    mine = (mine_surname.folded, mine_given.folded)
    found: dict[int, Duplicate] = {}
    for person in people:
        if person.person_id in found:
            continue
        similar = (as_given[person.given_names] and as_surname[person.surname]) or (
            as_surname[person.given_names] and as_given[person.surname]
        )  # the same order, or swapped on a form
        if not similar and (person.surname, person.given_names) not in loosely:
            continue
        known = birth_date_of(person.person_id)
        both = birth_date is not None and known is not None
        if both and known != birth_date:
            continue  # two people of the same name
        if not similar and not both:
            continue  # the looser likeness only counts with the same birth date
        same = (name_key(person.surname).folded, name_key(person.given_names).folded) == mine
        found[person.person_id] = Duplicate(person.person_id, same_name=same, same_birth_date=both)
    return list(found.values())
