"""What keeps the monthly report anonymous enough to e-mail: age groups instead of birth
dates, nationalities coarsened to regions where a combination is rare, and the leak check
of the only free text (the service gaps) against what the caseload knows about people."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kimdesk.domain.records import search_key
from kimdesk.errors import BadInput
from kimdesk.i18n import N_, _

if TYPE_CHECKING:
    from kimdesk.store.repository import Repository

UNKNOWN = "unbekannt"
OTHER = "andere"
MIN_GROUP = 3  # a combination seen fewer times than this is coarsened

AGE_GROUPS = ("unter 18", "18–26", "27–39", "40–54", "55–64", "65+", UNKNOWN)
GENDERS = {"f": "weiblich", "m": "männlich", "d": "divers"}

GERMANY, EU, EUROPE = "Deutschland", "EU", "Europa außerhalb der EU"
NEAR_EAST, ASIA, AFRICA = "Naher und Mittlerer Osten", "übriges Asien", "Afrika"
AMERICAS = "Amerika und Ozeanien"

# Nationality (as written on the cover sheet, German adjective) -> region.
REGIONS: dict[str, str] = {
    "deutsch": GERMANY,
    **dict.fromkeys(
        (
            "polnisch rumänisch bulgarisch italienisch griechisch kroatisch ungarisch "
            "spanisch portugiesisch französisch niederländisch österreichisch litauisch "
            "lettisch estnisch slowakisch tschechisch slowenisch belgisch irisch schwedisch "
            "dänisch finnisch luxemburgisch maltesisch zyprisch"
        ).split(),
        EU,
    ),
    **dict.fromkeys(
        (
            "türkisch kosovarisch albanisch serbisch bosnisch nordmazedonisch montenegrinisch "
            "ukrainisch russisch belarussisch moldauisch georgisch armenisch aserbaidschanisch "
            "britisch schweizerisch norwegisch"
        ).split(),
        EUROPE,
    ),
    **dict.fromkeys(
        (
            "syrisch irakisch libanesisch iranisch jordanisch palästinensisch jemenitisch "
            "afghanisch israelisch saudi-arabisch kuwaitisch"
        ).split(),
        NEAR_EAST,
    ),
    **dict.fromkeys(
        (
            "kasachisch usbekisch kirgisisch tadschikisch turkmenisch pakistanisch indisch "
            "bangladeschisch sri-lankisch chinesisch vietnamesisch thailändisch philippinisch "
            "indonesisch japanisch koreanisch mongolisch"
        ).split(),
        ASIA,
    ),
    **dict.fromkeys(
        (
            "eritreisch guineisch senegalesisch nigerianisch somalisch äthiopisch ghanaisch "
            "gambisch marokkanisch algerisch tunesisch ägyptisch sudanesisch kamerunisch "
            "kongolesisch ivorisch malisch sierra-leonisch libysch"
        ).split(),
        AFRICA,
    ),
    **dict.fromkeys(
        (
            "amerikanisch kanadisch brasilianisch kolumbianisch venezolanisch mexikanisch "
            "peruanisch argentinisch chilenisch kubanisch australisch"
        ).split(),
        AMERICAS,
    ),
}
_BY_KEY = {search_key(name): name for name in REGIONS}


def age_group(birth_date: date | None, on: date) -> str:
    if birth_date is None or birth_date > on:
        return UNKNOWN
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    for upper, label in ((18, "unter 18"), (27, "18–26"), (40, "27–39"), (55, "40–54")):
        if age < upper:
            return label
    return "55–64" if age < 65 else "65+"


def gender_label(gender: str) -> str:
    return GENDERS.get(gender.strip().casefold()[:1], UNKNOWN) if gender.strip() else UNKNOWN


@functools.lru_cache(maxsize=4096)  # a few hundred ways of writing them, thousands of people
def nationality_label(nationality: str) -> str:
    """The first listed nationality we know; free text we do not know never leaves."""
    if not nationality.strip():
        return UNKNOWN
    for part in re.split(r"[,;/]|\bund\b", nationality):
        known = _BY_KEY.get(search_key(part))
        if known:
            return known
    return OTHER


def region_of(nationality: str) -> str:
    return REGIONS.get(nationality, OTHER if nationality != UNKNOWN else UNKNOWN)


def coarsen_nationalities(rows: Sequence[tuple[str, str, str]]) -> tuple[list[str], bool]:
    """Per row (age group, gender, nationality): the nationality to show, and whether any
    was coarsened. Rare combinations get the region, still rare ones "andere"."""
    counts = Counter(rows)
    changed = [counts[row] < MIN_GROUP for row in rows]
    shown = [
        region_of(nat) if rare else nat for (_a, _g, nat), rare in zip(rows, changed, strict=True)
    ]
    regional = Counter(
        (age, gender, value)
        for (age, gender, _n), value, rare in zip(rows, shown, changed, strict=True)
        if rare
    )
    for i, ((age, gender, _n), value) in enumerate(zip(rows, shown, strict=True)):
        if changed[i] and value != UNKNOWN and regional[(age, gender, value)] < MIN_GROUP:
            shown[i] = OTHER
    return shown, any(value != row[2] for value, row in zip(shown, rows, strict=True))


# -- the leak check -----------------------------------------------------------------------


class ReportLeak(BadInput):
    """A gap description names something the caseload stores about a person."""


KIND_NAME = N_("Name")
KIND_BIRTH_DATE = N_("Birth date")
KIND_PHONE = N_("Phone number")
KIND_EMAIL = N_("E-mail address")
KIND_ADDRESS = N_("Address")
KIND_FILE_NUMBER = N_("File number")


@dataclass(frozen=True)
class Identifiers:
    """Everything personal the caseload stores that a free text must not contain."""

    names: frozenset[str] = frozenset()  # search keys of name tokens, >= 3 letters
    birth_dates: frozenset[date] = frozenset()
    phones: frozenset[str] = frozenset()  # digits only, >= 6
    emails: frozenset[str] = frozenset()
    addresses: frozenset[str] = frozenset()  # normalised street lines
    file_numbers: frozenset[str] = frozenset()  # normalised, without spaces

    def __repr__(self) -> str:
        return "Identifiers(…)"

    # Indexes built once per set, so that checking a text costs the same however many people
    # the caseload holds: a text is looked up window by window, never compared with each entry.
    @functools.cached_property
    def phone_lengths(self) -> Lengths:
        return _by_length(self.phones)

    @functools.cached_property
    def phone_parts(self) -> frozenset[str]:
        """Every run of six or more digits inside a stored phone number."""
        return frozenset(
            phone[start:end]
            for phone in self.phones
            for start in range(len(phone))
            for end in range(start + 6, len(phone) + 1)
        )

    @functools.cached_property
    def email_lengths(self) -> Lengths:
        return _by_length(self.emails)

    @functools.cached_property
    def address_lengths(self) -> Lengths:
        return _by_length(self.addresses)

    @functools.cached_property
    def file_number_lengths(self) -> Lengths:
        return _by_length(self.file_numbers)


@dataclass(frozen=True)
class Lengths:
    """Stored values grouped by their length, with the set of their first ``prefix`` letters:
    most places of a text start no stored value, and one set lookup tells so."""

    groups: tuple[tuple[int, frozenset[str]], ...]  # (length, values of that length)
    prefix: int  # the shortest length, at most PREFIX
    prefixes: frozenset[str]


PREFIX = 4


def _by_length(values: Iterable[str]) -> Lengths:
    grouped: dict[int, set[str]] = {}
    for value in values:
        grouped.setdefault(len(value), set()).add(value)
    prefix = min((PREFIX, *grouped))
    return Lengths(
        groups=tuple((length, frozenset(group)) for length, group in sorted(grouped.items())),
        prefix=prefix,
        prefixes=frozenset(value[:prefix] for group in grouped.values() for value in group),
    )


def contains_any(text: str, lengths: Lengths) -> bool:
    """Whether a stored value occurs in ``text``: at each place whose first letters start a
    stored value, the window of each stored length is looked up in the set of that length
    (work: the text's length, plus the distinct lengths at the few places that qualify)."""
    if not lengths.groups:
        return False
    if lengths.prefix == 0:
        return True  # an empty stored value is in every text, as with ``in``
    prefix, prefixes = lengths.prefix, lengths.prefixes
    for start in range(len(text) - prefix + 1):
        if text[start : start + prefix] in prefixes and any(
            text[start : start + length] in values
            for length, values in lengths.groups
            if start + length <= len(text)
        ):
            return True
    return False


_TOKEN = re.compile(r"[^\W\d_]+")


def name_tokens(*names: str) -> set[str]:
    return {t for t in _TOKEN.findall(search_key(*names)) if len(t) >= 3}


_NON_DIGIT = re.compile(r"\D")
_COMPACTED = re.compile(r"[\s.\-/]")


def phone_digits(phone: str) -> str:
    digits = _NON_DIGIT.sub("", phone)
    for prefix in ("0049", "49"):
        if phone.strip().startswith(("+", "00")) and digits.startswith(prefix):
            return "0" + digits[len(prefix) :]
    return digits


def _compact(text: str) -> str:
    return _COMPACTED.sub("", search_key(text))


def collect_identifiers(
    *,
    persons: Iterable[tuple[str, str, str, date | None, str, str, str]],
    file_numbers: Iterable[str],
    phones: Iterable[str] = (),
) -> Identifiers:
    """From (surname, given names, birth name, birth date, phone, e-mail, street) tuples."""
    names: set[str] = set()
    births: set[date] = set()
    all_phones = set(phones)  # each distinct number normalised once
    emails: set[str] = set()
    streets: set[str] = set()
    for surname, given, birth_name, born, phone, email, street in persons:
        names |= name_tokens(surname, given, birth_name)
        if born:
            births.add(born)
        all_phones.add(phone)
        if email.strip():
            emails.add(email.strip().casefold())
        street_key = search_key(street)
        if len(street_key) >= 5:
            streets.add(" ".join(street_key.split()))
    return Identifiers(
        names=frozenset(names),
        birth_dates=frozenset(births),
        phones=frozenset(d for d in map(phone_digits, all_phones) if len(d) >= 6),
        emails=frozenset(emails),
        addresses=frozenset(streets),
        file_numbers=frozenset(c for c in map(_compact, set(file_numbers)) if len(c) >= 4),
    )


_DATE = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
_DIGIT_RUN = re.compile(r"\+?\d[\d\s/()\-]*\d")


def stored_identifiers(
    repo: Repository, *, agency_parts: Sequence[tuple[str, str]] | None = None
) -> Identifiers:
    """Everything personal the caseload stores: its persons, and the file and phone numbers of
    the agencies on their cover sheets — what every text leaving kimdesk is checked against.
    ``agency_parts``: the agencies' (file number, phone) if read already with other forms."""
    agencies = repo.report_agency_parts() if agency_parts is None else agency_parts
    return collect_identifiers(
        persons=repo.report_identifiers(),
        file_numbers=[number for number, _p in agencies],
        phones=[phone for _n, phone in agencies],
    )


def _dates_in(text: str) -> set[date]:
    found = set()
    for m in _DATE.finditer(text):
        day, month, year = (m[1], m[2], m[3]) if m[1] else (m[6], m[5], m[4])
        try:
            found.add(date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return found


def leak_kind(text: str, ids: Identifiers) -> str | None:
    """The kind of personal data ``text`` contains (untranslated), or None."""
    key = search_key(text)
    if ids.names & set(_TOKEN.findall(key)):
        return KIND_NAME
    if ids.birth_dates & _dates_in(text):
        return KIND_BIRTH_DATE
    for run in _DIGIT_RUN.findall(text):
        digits = phone_digits(run)
        # A stored number inside the run, or the run a part of a stored number.
        if len(digits) >= 6 and (
            digits in ids.phone_parts or contains_any(digits, ids.phone_lengths)
        ):
            return KIND_PHONE
    if contains_any(text.casefold(), ids.email_lengths):
        return KIND_EMAIL
    if contains_any(" ".join(key.split()), ids.address_lengths):
        return KIND_ADDRESS
    if contains_any(_compact(text), ids.file_number_lengths):
        return KIND_FILE_NUMBER
    return None


def check_gap_texts(texts: Sequence[str], ids: Identifiers, *, first_row: int = 2) -> None:
    """Raise ReportLeak naming the sheet row and the kind of data, never the value."""
    for offset, text in enumerate(texts):
        kind = leak_kind(text, ids)
        if kind is not None:
            raise ReportLeak(
                _(
                    "The export was stopped: the service gap in sheet “Angebotslücken”, "
                    "row {row}, contains personal data ({kind}) stored in the caseload. "
                    "Please reword it in the needs plan and export again."
                ).format(row=first_row + offset, kind=_(kind))
            )
