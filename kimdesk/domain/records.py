"""Value types of the caseload, as the domain layer and its callers see them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from kimdesk.domain.phases import Phase
from kimdesk.domain.referral_status import ReferralStatus
from kimdesk.domain.vocabulary import (
    Achievement,
    AttemptChannel,
    ClosureReason,
    ConsentKind,
    FormStatus,
    LifeDomain,
    Setting,
)

if TYPE_CHECKING:
    from kimdesk.case_conference import ConferenceTaskDue

# Letters that are not a base letter plus a diacritic, but are typed as one on a German keyboard.
_PLAIN_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss"})


def search_key(*parts: str) -> str:
    """Lower-case text without diacritics, so "muller" finds "Müller", "sahin" "Şahin" and
    "yilmaz" "Yılmaz": the one accent folding (stored keys, duplicates, the case list's
    search, which adds Latin spellings on top in ``kimdesk.domain.name_search``)."""
    text = " ".join(part.strip() for part in parts if part.strip()).casefold()
    if text.isascii():  # most names and every case number: nothing to fold
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


DEFAULT_RETENTION_YEARS = 3  # years the data are kept after the case management
MIN_RETENTION_YEARS = 1
MAX_RETENTION_YEARS = 30
MAX_IDLE_MINUTES = 120  # the longest idle time before locking; 0 switches the lock off
# automatic backups kept, one a day; stored in the caseload's profile table
DEFAULT_BACKUPS_TO_KEEP = 7
MIN_BACKUPS_TO_KEEP, MAX_BACKUPS_TO_KEEP = 1, 100


@dataclass(frozen=True)
class Profile:
    """The case manager's own settings, stored in the caseload."""

    case_manager: str
    organisation: str
    municipality: str
    full_time_share: float
    coordination_email: str
    is_demo: bool = False
    idle_lock_minutes: int = 10  # lock the caseload after this long without input; 0: never
    # printed on the consent documents and the privacy notice
    organisation_address: str = ""
    data_protection_officer: str = ""  # name and contact, free text
    retention_years: int = DEFAULT_RETENTION_YEARS  # after the case management ends


@dataclass(frozen=True)
class PersonData:
    """A ratsuchende Person / Klient*in. Every field is personal data."""

    surname: str
    given_names: str
    birth_name: str = ""
    birth_date: date | None = None
    gender: str = ""
    nationality: str = ""
    phone: str = ""
    email: str = ""
    street: str = ""
    city: str = ""
    note: str = ""

    def __repr__(self) -> str:  # keep names out of tracebacks and logs
        return "PersonData(…)"


@dataclass(frozen=True)
class CaseRef:
    id: int
    case_number: str
    pseudonym: str


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: int
    case_number: str
    pseudonym: str
    phase: Phase
    opened_on: date
    admitted_on: date | None
    closed_on: date | None
    closure_reason: ClosureReason | None
    person_id: int
    surname: str
    given_names: str
    last_contact_on: date | None  # contacts only: an unanswered attempt is none
    next_review_due: date | None
    last_attempt_on: date | None = None  # the last unanswered contact attempt

    def __repr__(self) -> str:
        return f"CaseRow(id={self.id}, phase={self.phase.value})"


@dataclass(frozen=True)
class Contact:
    case_id: int
    contact_on: date
    minutes: int
    setting: Setting
    topics: frozenset[LifeDomain] = frozenset()
    note: str = field(default="", repr=False)
    short_referral: bool = False
    # Set for an unanswered contact attempt (Kontaktversuch): no duration, no topics, and it
    # counts as no contact for any rule or report.
    attempt: AttemptChannel | None = None


@dataclass(frozen=True)
class Consent:
    case_id: int
    kind: ConsentKind
    signed_on: date
    language: str
    # The release from confidentiality covers these agencies; a needs conference may not
    # see or include what the restrictions say. Both may name people: kept out of repr.
    agencies: tuple[str, ...] = field(default=(), repr=False)
    restrictions: str = field(default="", repr=False)
    withdrawn_on: date | None = None
    id: int | None = field(default=None, compare=False)  # set once stored


@dataclass(frozen=True)
class FormInstance:
    """One filled paper form of a case: a draft while being filled, final when finished."""

    case_id: int
    form_key: str
    form_version: int
    status: FormStatus
    recorded_on: date
    answers: dict[str, Any] = field(default_factory=dict, repr=False)
    id: int | None = None
    definition_digest: str = ""
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class Goal:
    case_id: int
    position: int
    title: str = field(repr=False)
    agreed_on: date
    domain: LifeDomain | None = None
    review_due: date | None = None
    reviewed_on: date | None = None
    achievement: Achievement | None = None
    achievement_note: str = field(default="", repr=False)


@dataclass(frozen=True)
class Service:
    """An entry of the service directory (Angebotsdatenbank)."""

    provider: str
    offer: str
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    domains: frozenset[LifeDomain] = frozenset()
    # A deactivated entry is no longer offered for new referrals; earlier ones still name it.
    active: bool = True


@dataclass(frozen=True)
class Referral:
    case_id: int
    referred_on: date
    service_id: int | None = None
    domain: LifeDomain | None = None
    note: str = field(default="", repr=False)


@dataclass(frozen=True)
class AuditEntry:
    at: str
    action: str
    case_id: int | None
    detail: str


@dataclass(frozen=True)
class StaleReferral:
    """An open referral without news: no status change since ``since``."""

    referral_id: int
    case_id: int
    case_number: str
    status: ReferralStatus
    since: date
    service: str = ""  # the directory entry's provider (whom to ask), if one was chosen


@dataclass(frozen=True)
class GoalDue:
    """A goal whose review (Überprüfung der Planung) is due or overdue."""

    goal_id: int
    case_id: int
    case_number: str
    position: int
    review_due: date
    overdue: bool


@dataclass(frozen=True)
class Draft:
    """A form left unfinished."""

    instance_id: int
    case_id: int
    case_number: str
    form_key: str
    title: str
    updated_at: str


@dataclass(frozen=True)
class Overview:
    """The dashboard (Übersicht): what needs the case manager's attention today."""

    on: date
    caseload_count: int
    capacity: float
    open_cases: int
    reviews_due: tuple[GoalDue, ...]
    closure_suggestions: tuple[CaseRow, ...]
    reports_due: tuple[str, ...]  # months "YYYY-MM" whose report is due and not exported
    drafts: tuple[Draft, ...]
    # Of the closure suggestions, the cases tried since their last contact: the last attempt.
    closure_attempts: dict[int, date] = field(default_factory=dict)
    # Open referrals without a status change for NO_NEWS_DAYS (kimdesk.referral_followup).
    stale_referrals: tuple[StaleReferral, ...] = ()
    # Open tasks of case conferences due within a week or overdue (kimdesk.case_conference).
    conference_tasks: tuple[ConferenceTaskDue, ...] = ()

    @property
    def over_capacity(self) -> bool:
        return self.caseload_count > self.capacity
