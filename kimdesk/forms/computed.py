"""Fields a form computes from its other answers (``computed = "…"`` in forms/), so that the
two can never disagree: the age on the cover sheet follows the birth date."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from kimdesk.forms.model import Field, FormDefinition


def age_on(birth_date: date, on: date) -> int:
    """Completed years on ``on`` (someone born on 29 February turns a year older on 1 March)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def _age_from_birth_date(field: Field, answers: Mapping[str, Any], today: date) -> int | None:
    try:
        born = date.fromisoformat(str(answers.get("birth_date", "")))
    except ValueError:
        return None  # no birth date, or one still being typed: no age either
    age = age_on(born, today)
    low = field.minimum if field.minimum is not None else 0
    high = field.maximum if field.maximum is not None else float("inf")
    # A birth date outside the field's range is the birth date's problem; a red read-only
    # age field could not be fixed where the message stands.
    return age if low <= age <= high else None


COMPUTATIONS: dict[str, Callable[[Field, Mapping[str, Any], date], Any]] = {
    "age_from_birth_date": _age_from_birth_date,
}


def fill_computed(
    definition: FormDefinition, answers: Mapping[str, Any], *, today: date
) -> dict[str, Any]:
    """The answers with every computed field set from the others (left out when unknown);
    ``today`` is the day the computation refers to (the caseload's, injected in tests)."""
    filled = dict(answers)
    for field in definition.fields:
        if not field.computed:
            continue
        value = COMPUTATIONS[field.computed](field, answers, today)
        if value is None:
            filled.pop(field.key, None)
        else:
            filled[field.key] = value
    return filled
