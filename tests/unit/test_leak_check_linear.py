"""The identifier check of every text that leaves kimdesk costs the same however many people
the caseload holds (it used to compare each text with every stored phone, e-mail, street and
file number), and finds exactly what the plain substring comparison finds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from kimdesk.report.privacy import (
    _DIGIT_RUN,
    _TOKEN,
    KIND_ADDRESS,
    KIND_BIRTH_DATE,
    KIND_EMAIL,
    KIND_FILE_NUMBER,
    KIND_NAME,
    KIND_PHONE,
    Identifiers,
    _compact,
    _dates_in,
    collect_identifiers,
    leak_kind,
    phone_digits,
    search_key,
)

TEXTS = [
    "Termin beim Jobcenter am Montag, Unterlagen vollständig eingereicht",
    "Rückruf unter 0176 5550123 vereinbart, Aktenzeichen AZ-2024/117 liegt vor",
    "Wohnung in der Lindenallee 14 besichtigt; Mail an familie.beispiel@example.org",
    "Die Familie wünscht sich Unterstützung bei der Wohnungssuche im Stadtteil",
]


class CountingSet(frozenset):
    """A frozenset that counts what a check does with it: lookups and entries visited."""

    work = 0

    def __contains__(self, item: object) -> bool:
        CountingSet.work += 1
        return super().__contains__(item)

    def __iter__(self) -> Iterator[str]:
        for item in super().__iter__():
            CountingSet.work += 1
            yield item


def caseload_of(size: int) -> Identifiers:
    """``size`` invented people, each with a phone, an e-mail, a street and a file number."""
    people = [
        (
            f"Nachname{i:06d}x",
            "Vorname",
            "",
            date(1980, 1, 1),
            f"0151{i:07d}",
            f"person{i:06d}@example.net",
            f"Musterweg {i}",
        )
        for i in range(size)
    ]
    ids = collect_identifiers(persons=people, file_numbers=[f"AZ{i:07d}" for i in range(size)])
    return Identifiers(
        names=ids.names,
        birth_dates=ids.birth_dates,
        phones=CountingSet(ids.phones),
        emails=CountingSet(ids.emails),
        addresses=CountingSet(ids.addresses),
        file_numbers=CountingSet(ids.file_numbers),
    )


def work_of_checking(ids: Identifiers) -> int:
    # The indexes are built once per caseload (linear in it), before any text is checked.
    for index in ("phone_parts", "phone_lengths", "email_lengths", "address_lengths"):
        getattr(ids, index, None)
    getattr(ids, "file_number_lengths", None)
    CountingSet.work = 0
    for text in TEXTS:
        leak_kind(text, ids)
    return CountingSet.work


def test_the_check_of_a_text_does_not_grow_with_the_caseload() -> None:
    small, large = work_of_checking(caseload_of(200)), work_of_checking(caseload_of(10_000))
    # 50 times the people: the same work per text (comparing with each entry would be 50×).
    assert large == small


def reference_kind(text: str, ids: Identifiers) -> str | None:
    """The plain comparison the check replaces: every stored value against the text."""
    key = search_key(text)
    if ids.names & set(_TOKEN.findall(key)):
        return KIND_NAME
    if ids.birth_dates & _dates_in(text):
        return KIND_BIRTH_DATE
    for run in _DIGIT_RUN.findall(text):
        digits = phone_digits(run)
        if len(digits) >= 6 and any(p in digits or digits in p for p in ids.phones):
            return KIND_PHONE
    if any(email in text.casefold() for email in ids.emails):
        return KIND_EMAIL
    if any(street in " ".join(key.split()) for street in ids.addresses):
        return KIND_ADDRESS
    if any(number in _compact(text) for number in ids.file_numbers):
        return KIND_FILE_NUMBER
    return None


digits = st.text(alphabet="0123456789", min_size=6, max_size=12)
words = st.text(alphabet="abcdeß AZ-./0123456789@", min_size=0, max_size=30)


@settings(max_examples=300, deadline=None)
@given(
    phones=st.lists(digits, max_size=4),
    emails=st.lists(st.from_regex(r"[a-c]{1,4}@[a-c]{1,3}\.de", fullmatch=True), max_size=3),
    streets=st.lists(st.from_regex(r"[a-c]{3,6}weg [1-9]", fullmatch=True), max_size=3),
    numbers=st.lists(st.from_regex(r"AZ[0-9]{2,6}", fullmatch=True), max_size=3),
    text=words,
    inserted=st.sampled_from(["phone", "email", "street", "number", "none"]),
)
def test_the_check_finds_what_the_plain_comparison_finds(
    phones: list[str],
    emails: list[str],
    streets: list[str],
    numbers: list[str],
    text: str,
    inserted: str,
) -> None:
    people = [("", "", "", None, phone, "", "") for phone in phones]
    people += [("", "", "", None, "", email, "") for email in emails]
    people += [("", "", "", None, "", "", street) for street in streets]
    ids = collect_identifiers(persons=people, file_numbers=numbers)
    pool = {"phone": phones, "email": emails, "street": streets, "number": numbers}.get(inserted)
    if pool:
        text = f"{text} {pool[0]} {text}"
    assert leak_kind(text, ids) == reference_kind(text, ids)
