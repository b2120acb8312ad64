"""The fixed word lists of KIM case management, with stable keys and German labels.

Keys are stored in the database and exported; labels are for people and go through
gettext (English source, German catalog).
"""

from __future__ import annotations

from enum import StrEnum

from kimdesk.i18n import N_, _

_LABELS: dict[type, dict[str, str]] = {}


class Labelled(StrEnum):
    """A StrEnum whose members carry a translatable label."""

    @property
    def label(self) -> str:
        return _(_LABELS[type(self)][self.value])

    @classmethod
    def from_key(cls, key: str) -> Labelled:
        return cls(key)


def _with_labels(cls: type[Labelled], labels: dict[str, str]) -> type[Labelled]:
    assert set(labels) == {member.value for member in cls}, cls.__name__
    _LABELS[cls] = labels
    return cls


class LifeDomain(Labelled):
    """The eight assessment domains, plus "other" on the screening sheet."""

    RESIDENCE = "residence"
    EDUCATION_WORK = "education_work"
    FAMILY = "family"
    FINANCES = "finances"
    HEALTH = "health"
    MIGRATION = "migration"
    SOCIAL = "social"
    HOUSING = "housing"
    OTHER = "other"


_with_labels(
    LifeDomain,
    {
        "residence": N_("Residence status/legal matters"),
        "education_work": N_("Education/language/training/work"),
        "family": N_("Family situation"),
        "finances": N_("Financial situation"),
        "health": N_("Health"),
        "migration": N_("Migration/integration"),
        "social": N_("Social situation and leisure"),
        "housing": N_("Housing situation"),
        "other": N_("Other"),
    },
)

ASSESSMENT_DOMAINS = tuple(d for d in LifeDomain if d is not LifeDomain.OTHER)


class Setting(Labelled):
    """How a contact took place."""

    IN_PERSON = "in_person"
    OUTREACH = "outreach"
    PHONE = "phone"
    ELECTRONIC = "electronic"
    ACCOMPANIMENT = "accompaniment"


_with_labels(
    Setting,
    {
        "in_person": N_("in person"),
        "outreach": N_("outreach visit"),
        "phone": N_("by phone"),
        "electronic": N_("electronic"),
        "accompaniment": N_("accompaniment"),
    },
)


class AttemptChannel(Labelled):
    """How an unanswered contact attempt (Kontaktversuch) was made; it is no contact."""

    PHONE = "phone"
    LETTER = "letter"
    VISIT = "visit"
    MESSAGE = "message"


_with_labels(
    AttemptChannel,
    {
        "phone": N_("called, not reached"),
        "letter": N_("letter, no answer"),
        "visit": N_("visit, nobody there"),
        "message": N_("message, no answer"),
    },
)


class ClosureReason(Labelled):
    """The six closure types of the Abschlussbogen."""

    AGREED_NO_SUPPORT_NEEDED = "agreed_no_support_needed"
    AGREED_HANDED_OVER = "agreed_handed_over"
    MOVED_AWAY = "moved_away"
    DEPORTED = "deported"
    CONTACT_REFUSED = "contact_refused"
    OTHER = "other"


_with_labels(
    ClosureReason,
    {
        "agreed_no_support_needed": N_("agreed, the person needs no more support"),
        "agreed_handed_over": N_("agreed, the person is supported further by another service"),
        "moved_away": N_("ended because the person moved away"),
        "deported": N_("ended because the person was deported"),
        "contact_refused": N_(
            "ended because the person refused contact for more than three months"
        ),
        "other": N_("other reason (explained)"),
    },
)


class ConsentKind(Labelled):
    DATA_PROCESSING = "data_processing"
    CONFIDENTIALITY_RELEASE = "confidentiality_release"
    NEEDS_CONFERENCE = "needs_conference"
    PRIVACY_NOTICE = "privacy_notice"


_with_labels(
    ConsentKind,
    {
        "data_processing": N_("Consent to data processing"),
        "confidentiality_release": N_("Release from confidentiality"),
        "needs_conference": N_("Consent to a needs conference"),
        "privacy_notice": N_("Data protection notice handed out"),
    },
)


class AssessmentKind(Labelled):
    FIRST = "first"
    RE_ASSESSMENT = "re"


_with_labels(AssessmentKind, {"first": N_("First assessment"), "re": N_("Re-assessment")})


class FormStatus(Labelled):
    DRAFT = "draft"
    FINAL = "final"


_with_labels(FormStatus, {"draft": N_("draft"), "final": N_("finished")})


class Achievement(Labelled):
    """Four-level goal achievement (Überprüfung der Planung)."""

    FULLY = "fully"
    PARTLY = "partly"
    HARDLY = "hardly"
    NOT_AT_ALL = "not_at_all"


_with_labels(
    Achievement,
    {
        "fully": N_("fully achieved"),
        "partly": N_("partly"),
        "hardly": N_("hardly"),
        "not_at_all": N_("not at all"),
    },
)


class Gender(Labelled):
    FEMALE = "f"
    MALE = "m"
    DIVERSE = "d"


_with_labels(Gender, {"f": N_("female"), "m": N_("male"), "d": N_("diverse")})


class AccessRoute(Labelled):
    """How the person came to the case manager (Solingen §3)."""

    DIRECT = "direct"
    NEIGHBOURHOOD_WORK = "neighbourhood_work"
    IMMIGRATION_OFFICE = "immigration_office"
    MUNICIPAL_SERVICE = "municipal_service"
    COUNSELLING_SERVICE = "counselling_service"
    OTHER = "other"


_with_labels(
    AccessRoute,
    {
        "direct": N_("came directly"),
        "neighbourhood_work": N_("neighbourhood social work (screening)"),
        "immigration_office": N_("immigration and integration office (building block 3)"),
        "municipal_service": N_("municipal service"),
        "counselling_service": N_("counselling service"),
        "other": N_("other"),
    },
)


def topics_to_text(topics: frozenset[LifeDomain] | set[LifeDomain]) -> str:
    """Store a topic set as sorted comma-separated keys."""
    return ",".join(sorted(t.value for t in topics))


def topics_from_text(text: str) -> frozenset[LifeDomain]:
    return frozenset(LifeDomain(k) for k in text.split(",") if k)
