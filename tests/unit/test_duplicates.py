"""Near-duplicates: Kölner Phonetik, edit distance, swapped names, the same birth date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kimdesk.caseload import Caseload
from kimdesk.domain.duplicates import Candidate, cologne_phonetic, possible_duplicates
from kimdesk.lifecycle.handover import possible_matches
from tests.conftest import make_person

BORN = date(1990, 4, 5)


@pytest.mark.parametrize(
    ("word", "code"),
    [  # the examples of the published description, and German spelling variants
        ("Müller-Lüdenscheidt", "65752682"),
        ("Wikipedia", "3412"),
        ("Breschnew", "17863"),
        ("Meier", "67"),
        ("Mayer", "67"),
        ("Schmidt", "862"),
        ("Schmitt", "862"),
        ("Hadad", "022"),
        ("Haddad", "022"),
        ("Christoph", "47823"),
        ("Xaver", "4837"),
        ("Philipp", "351"),
    ],
)
def test_cologne_phonetic(word: str, code: str) -> None:
    assert cologne_phonetic(word) == code


def duplicates(surname: str, given_names: str, born: date | None, *recorded) -> list[int]:
    """The ids (1, 2, …) of ``recorded`` (surname, given names, birth date) found alike."""
    people = {
        number: (Candidate(number, surname_, given_), born_)
        for number, (surname_, given_, born_) in enumerate(recorded, start=1)
    }
    found = possible_duplicates(
        surname,
        given_names,
        born,
        [candidate for candidate, _born in people.values()],
        lambda person_id: people[person_id][1],
    )
    return [match.person_id for match in found]


@pytest.mark.parametrize(
    ("entered", "recorded"),
    [
        (("Hadad", "Amira", None), ("Haddad", "Amira", None)),  # sounds alike
        (("Haddad", "Amira", BORN), ("Hadad", "Amira", None)),  # birth date unknown there
        (("Amira", "Haddad", None), ("Haddad", "Amira", None)),  # swapped on the form
        (("Amira", "Hadad", BORN), ("Haddad", "Amira", BORN)),
        (("Schmitt", "Hans", None), ("Schmidt", "Hans", None)),
        (("Kowalski", "Jan", None), ("Kowalsky", "Jan", None)),
        (("Popov", "Ivan", None), ("Попов", "Иван", None)),  # in another script
        (("Yilmaz", "Ayse", None), ("Yılmaz", "Ayşe", None)),  # accents
        (("Nguyen", "Thi Lan", BORN), ("Nguyen", "Lan", BORN)),  # same birth date: looser
    ],
)
def test_near_duplicates_are_found(entered, recorded) -> None:
    assert duplicates(*entered, recorded) == [1]


@pytest.mark.parametrize(
    ("entered", "recorded"),
    [
        (("Haddad", "Amira", BORN), ("Haddad", "Amira", date(1991, 4, 5))),  # another person
        (("Hadad", "Amira", None), ("Yilmaz", "Amira", None)),
        (("Schmidt", "Hans", None), ("Schmidt", "Peter", None)),
        (("Nguyen", "Thi Lan", None), ("Nguyen", "Lan", None)),  # looser only with the date
        (("Nguyen", "Thi Lan", BORN), ("Nguyen", "Lan", None)),
    ],
)
def test_different_people_are_not_found(entered, recorded) -> None:
    assert duplicates(*entered, recorded) == []


names = st.text(st.characters(categories=["L"]), min_size=1, max_size=12)
birth_dates = st.none() | st.dates(min_value=date(1920, 1, 1), max_value=date(2020, 1, 1))


@settings(max_examples=200, deadline=None)
@given(names, names, birth_dates)
def test_an_exact_duplicate_is_always_found(surname: str, given_names: str, born) -> None:
    [match] = possible_duplicates(
        surname, given_names, born, [Candidate(1, surname, given_names)], lambda _id: born
    )
    assert match.same_name and match.same_birth_date is (born is not None)


@settings(max_examples=300, deadline=None)
@given(names, names, birth_dates, names, names, birth_dates)
def test_the_rule_is_symmetric(s1: str, g1: str, b1, s2: str, g2: str, b2) -> None:
    forward = duplicates(s1, g1, b1, (s2, g2, b2))
    backward = duplicates(s2, g2, b2, (s1, g1, b1))
    assert forward == backward


@settings(max_examples=100, deadline=None)
@given(names, names)
def test_swapped_names_are_always_found(surname: str, given_names: str) -> None:
    assert duplicates(given_names, surname, None, (surname, given_names, None)) == [1]


def test_handover_uses_the_same_rule(caseload: Caseload) -> None:
    near = caseload.add_person(make_person("Haddad", "Amira", birth_date=BORN))
    caseload.open_case(near)
    other = caseload.add_person(make_person("Haddad", "Amira", birth_date=date(1970, 1, 1)))
    caseload.open_case(other)
    exact = caseload.add_person(make_person("Hadad", "Amira", birth_date=BORN))
    caseload.open_case(exact)
    matches = possible_matches(caseload, make_person("Hadad", "Amira", birth_date=BORN))
    assert [(m.person_id, m.exact, m.similar) for m in matches] == [
        (near, False, True),
        (exact, True, False),
    ]
    assert matches[0].likeness == "ähnlicher Name"
