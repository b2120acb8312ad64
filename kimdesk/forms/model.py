"""Typed form definitions: a form has sections, a section has fields, some fields have options.

Field types and their stored answer values (JSON):

=================  ============================================================================
short_text         "text"
long_text          "text with\nline breaks"
date               "2026-11-23"
number             12 or 3.5 (``min``/``max`` optional; ``integer = true`` allows whole numbers)
single_choice      "option_key"
multiple_choice    ["option_key", ...]
yes_no             true / false
scale_10           {"value": 1..10 or null, "remark": "CM's remark"}  (with ``anchors``)
achievement_4      "fully" | "partly" | "hardly" | "not_at_all"       (labels may be overridden)
change_6           "much_better" | "better" | "stabilised" | "stagnated" | "worse" | "much_worse"
agency_contact     {"name", "contact_person", "phone", "file_number"} (all text)
service            {"service_id": id or null, "name": "provider – offer"}  (service directory)
repeating_group    [{sub-field answers}, ...]  (``fields``, ``max_items``)
=================  ============================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kimdesk.domain.vocabulary import LifeDomain


class FieldType(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    DATE = "date"
    NUMBER = "number"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    SCALE_10 = "scale_10"
    ACHIEVEMENT_4 = "achievement_4"
    CHANGE_6 = "change_6"
    AGENCY_CONTACT = "agency_contact"
    SERVICE = "service"
    REPEATING_GROUP = "repeating_group"


class FormKind(StrEnum):
    """The families of paper forms; the application treats each family its own way."""

    SCREENING = "screening"
    COVER_SHEET = "cover_sheet"
    ASSESSMENT = "assessment"
    GOALS = "goals"
    GOAL_REVIEW = "goal_review"
    NEEDS_PLAN = "needs_plan"
    INTERIM = "interim"
    CLOSURE = "closure"
    OTHER = "other"


CHOICE_TYPES = frozenset({FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE})

# The fixed scales of the paper forms. Keys are stable; labels are the seeds' wording and a
# definition may override them (the interim and closure sheets word achievement differently).
FIXED_OPTIONS: dict[FieldType, tuple[tuple[str, str], ...]] = {
    FieldType.ACHIEVEMENT_4: (
        ("fully", "ganz erreicht"),
        ("partly", "teilweise"),
        ("hardly", "kaum"),
        ("not_at_all", "gar nicht"),
    ),
    FieldType.CHANGE_6: (
        ("much_better", "deutlich verbessert"),
        ("better", "verbessert"),
        ("stabilised", "stabilisiert"),
        ("stagnated", "stagniert"),
        ("worse", "verschlechtert"),
        ("much_worse", "sehr verschlechtert"),
    ),
}

AGENCY_PARTS = ("name", "contact_person", "phone", "file_number")
ASSESSMENT_KIND_FIELD = "assessment_kind"
ASSESSMENT_KINDS = ("first", "re")


@dataclass(frozen=True)
class Option:
    key: str
    label: str


@dataclass(frozen=True)
class Anchors:
    """The texts at both ends of a 1–10 scale."""

    low: str
    high: str


@dataclass(frozen=True)
class Field:
    key: str
    type: FieldType
    label: str
    help: str = ""
    required: bool = False
    personal: bool = False  # a personal identifier: never exported, not even pseudonymised
    options: tuple[Option, ...] = ()
    anchors: Anchors | None = None
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    max_items: int | None = None
    fields: tuple[Field, ...] = ()  # the sub-fields of a repeating group
    computed: str = ""  # the name of a computation (kimdesk.forms.computed): shown, not typed
    not_before: str = ""  # a date field: the key of a date field it may not lie before

    def option_label(self, key: str) -> str:
        return next((o.label for o in self.options if o.key == key), key)

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(o.key for o in self.options)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    help: str = ""
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class FormDefinition:
    key: str
    version: int
    title: str
    kind: FormKind
    sections: tuple[Section, ...]
    date_field: str
    requires_consent: bool
    description: str = ""
    domain: LifeDomain | None = None
    source: str = ""  # the file it was read from, for messages
    raw: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def fields(self) -> tuple[Field, ...]:
        """Every top-level field, in the paper's order."""
        return tuple(f for section in self.sections for f in section.fields)

    def field(self, key: str) -> Field:
        for candidate in self.fields:
            if candidate.key == key:
                return candidate
        raise KeyError(key)

    def rating_lines(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.type is FieldType.SCALE_10)
