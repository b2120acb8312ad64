"""What is known is not asked again: a new form starts with what the case already holds
beyond the workflow's prefill — the phone number of "Neuer Fall" as the screening's contact,
the cover sheet's residence title as the residence assessment's status, computed fields."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from kimdesk.domain.records import FormInstance, PersonData
from kimdesk.domain.vocabulary import FormStatus, LifeDomain
from kimdesk.forms.computed import fill_computed
from kimdesk.forms.model import Field, FormDefinition, FormKind

SCREENING_CONTACT = "contact"
COVER_RESIDENCE = "residence_title"  # free text on the cover sheet
RESIDENCE_STATUS = "residence_status"  # a choice on the residence assessment
RESIDENCE_OTHER_OPTION, RESIDENCE_OTHER_TEXT = "other", "residence_status_other"


def carry_forward(
    definition: FormDefinition,
    values: Mapping[str, Any],
    *,
    person: PersonData,
    cover_sheets: Iterable[FormInstance],
    today: date,
) -> dict[str, Any]:
    """``values`` (the workflow's prefill) completed; what is there already is kept."""
    filled = dict(values)
    keys = {f.key: f for f in definition.fields}

    def put(key: str, value: Any) -> None:
        if key in keys and value not in (None, "") and key not in filled:
            filled[key] = value

    if definition.kind is FormKind.SCREENING:
        put(SCREENING_CONTACT, person.phone.strip())
    status = keys.get(RESIDENCE_STATUS)
    if definition.domain is LifeDomain.RESIDENCE and status is not None:
        title = latest_residence_title(cover_sheets)
        option = residence_status_key(title, status)
        put(RESIDENCE_STATUS, option)
        if option == RESIDENCE_OTHER_OPTION:
            put(RESIDENCE_OTHER_TEXT, title)
    return fill_computed(definition, filled, today=today)


def latest_residence_title(cover_sheets: Iterable[FormInstance]) -> str:
    """The residence title of the latest finished cover sheet ("" if none says one)."""
    finished = [s for s in cover_sheets if s.status is FormStatus.FINAL]
    finished.sort(key=lambda s: (s.recorded_on, s.id or 0))
    return str(finished[-1].answers.get(COVER_RESIDENCE, "")).strip() if finished else ""


def _plain(text: str) -> str:
    """ "(befristete) Aufenthaltserlaubnis" and "Aufenthaltserlaubnis" compare equal."""
    text = re.sub(r"\([^)]*\)", " ", text.casefold())
    return " ".join(re.sub(r"[^\w§]+", " ", text).split())


def residence_status_key(title: str, status: Field) -> str | None:
    """The option of the residence status that a typed residence title names.

    The cover sheet has free text, the assessment and the report a fixed list: a title that
    is exactly one option (its wording without the bracketed part, or the start of only one)
    is that option; any other title is "other" ("Sonstiges"); no title is None.
    """
    typed = _plain(title)
    if not typed:
        return None
    labels = {option.key: _plain(option.label) for option in status.options}
    exact = [key for key, label in labels.items() if label == typed]
    starting = [key for key, label in labels.items() if label.startswith(typed)]
    found = exact or starting
    if len(found) == 1:
        return found[0]
    return RESIDENCE_OTHER_OPTION if RESIDENCE_OTHER_OPTION in labels else None
