"""Answers checked against a form definition on save, with one clear message per field.

Drafts may be incomplete; a finished form must have every required field. Values are
normalised to plain JSON (dates as ISO text, empty answers left out) before they are stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from kimdesk.domain.dates import (
    DateInputError,
    DateProblem,
    format_german_date,
    parse_german_date,
)
from kimdesk.errors import BadInput
from kimdesk.forms.model import AGENCY_PARTS, Field, FieldType, FormDefinition
from kimdesk.i18n import _

SHORT_TEXT_LIMIT = 500
SCALE_PARTS = ("value", "remark")
SERVICE_PARTS = ("service_id", "name")


@dataclass(frozen=True)
class AnswerProblem:
    path: str  # e.g. "goals[2].next_step"
    label: str  # what the user sees, e.g. "Ziele 2: Der nächste Schritt"
    message: str

    def __str__(self) -> str:
        return f"{self.label}: {self.message}"


class AnswerError(BadInput):
    def __init__(self, problems: list[AnswerProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class _Empty:
    """Marks an answer that is not given (left out of the stored answers)."""


EMPTY = _Empty()


def clean_answers(
    definition: FormDefinition, answers: Mapping[str, Any], *, final: bool
) -> dict[str, Any]:
    """The answers as they are stored, or AnswerError listing every problem."""
    problems: list[AnswerProblem] = []
    cleaned = _clean_fields(definition.fields, answers, "", "", final, problems)
    problems += _order_problems(definition, cleaned)
    if problems:
        raise AnswerError(problems)
    return cleaned


def _clean_fields(
    fields: tuple[Field, ...],
    answers: Mapping[str, Any],
    path: str,
    label: str,
    final: bool,
    problems: list[AnswerProblem],
) -> dict[str, Any]:
    if not isinstance(answers, Mapping):
        problems.append(AnswerProblem(path, label, _("expected a set of answers")))
        return {}
    known = {f.key for f in fields}
    for key in sorted(set(answers) - known):
        problems.append(
            AnswerProblem(f"{path}{key}", f"{label}{key}", _("this form has no such field"))
        )
    cleaned: dict[str, Any] = {}
    for field in fields:
        where, shown = f"{path}{field.key}", f"{label}{field.label}"
        value = _clean_value(field, answers.get(field.key), where, shown, final, problems)
        if value is EMPTY:
            if final and field.required:
                problems.append(AnswerProblem(where, shown, _("required")))
            continue
        cleaned[field.key] = value
    return cleaned


def _clean_value(
    field: Field, value: Any, where: str, shown: str, final: bool, problems: list[AnswerProblem]
) -> Any:
    def fail(message: str) -> _Empty:
        problems.append(AnswerProblem(where, shown, message))
        return EMPTY

    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    kind = field.type
    if kind in (FieldType.SHORT_TEXT, FieldType.LONG_TEXT):
        if not isinstance(value, str):
            return fail(_("expected text"))
        if kind is FieldType.SHORT_TEXT and len(value) > SHORT_TEXT_LIMIT:
            return fail(_("at most {n} characters").format(n=SHORT_TEXT_LIMIT))
        return value if value.strip() else EMPTY
    if kind is FieldType.DATE:
        return _clean_date(value, fail)
    if kind is FieldType.NUMBER:
        return _clean_number(field, value, fail)
    if kind is FieldType.YES_NO:
        return value if isinstance(value, bool) else fail(_("expected yes or no"))
    if kind in (FieldType.SINGLE_CHOICE, FieldType.ACHIEVEMENT_4, FieldType.CHANGE_6):
        if value not in field.option_keys:
            return fail(_("not one of the offered choices"))
        return value
    if kind is FieldType.MULTIPLE_CHOICE:
        if not isinstance(value, list | tuple) or any(v not in field.option_keys for v in value):
            return fail(_("not one of the offered choices"))
        return [key for key in field.option_keys if key in value]  # the paper's order
    if kind is FieldType.SCALE_10:
        return _clean_parts(value, SCALE_PARTS, fail, _clean_scale)
    if kind is FieldType.AGENCY_CONTACT:
        return _clean_parts(value, AGENCY_PARTS, fail, _clean_texts)
    if kind is FieldType.SERVICE:
        return _clean_parts(value, SERVICE_PARTS, fail, _clean_service)
    if kind is FieldType.REPEATING_GROUP:
        return _clean_group(field, value, where, shown, final, problems, fail)
    return fail(_("unknown field type"))  # pragma: no cover - the loader rules it out


def _clean_date(value: Any, fail: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return fail(DateProblem.NOT_A_DATE.message)
    try:
        return parse_german_date(value).isoformat()
    except DateInputError as error:
        return fail(str(error))  # the same wording as at the date field itself


def _order_problems(definition: FormDefinition, cleaned: Mapping[str, Any]) -> list[AnswerProblem]:
    """A date that may not lie before another (``not_before``): the goal sheet's review date
    before the sheet's own date would make the review due before the goals were agreed."""
    problems = []
    for field in definition.fields:
        later, earlier = cleaned.get(field.key), cleaned.get(field.not_before)
        if field.not_before and later and earlier and later < earlier:  # ISO text sorts by day
            problems.append(
                AnswerProblem(
                    field.key,
                    field.label,
                    _("must not lie before “{field}” ({date})").format(
                        field=definition.field(field.not_before).label,
                        date=format_german_date(date.fromisoformat(earlier)),
                    ),
                )
            )
    return problems


def _clean_number(field: Field, value: Any, fail: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return fail(_("expected a number"))
    if field.integer and value != int(value):
        return fail(_("expected a whole number"))
    if field.minimum is not None and value < field.minimum:
        return fail(_("at least {n:g}").format(n=field.minimum))
    if field.maximum is not None and value > field.maximum:
        return fail(_("at most {n:g}").format(n=field.maximum))
    return int(value) if field.integer else value


def _clean_parts(value: Any, parts: tuple[str, ...], fail: Any, clean: Any) -> Any:
    if not isinstance(value, Mapping) or not set(value) <= set(parts):
        return fail(_("expected the parts {parts}").format(parts=", ".join(parts)))
    return clean(value, fail)


def _clean_scale(value: Mapping[str, Any], fail: Any) -> Any:
    rating, remark = value.get("value"), value.get("remark", "") or ""
    if rating is not None and (
        isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 10
    ):
        return fail(_("the rating must be a whole number from 1 to 10"))
    if not isinstance(remark, str):
        return fail(_("expected text"))
    if rating is None and not remark.strip():
        return EMPTY
    return {"value": rating, "remark": remark}


def _clean_texts(value: Mapping[str, Any], fail: Any) -> Any:
    if not all(isinstance(v, str) for v in value.values()):
        return fail(_("expected text"))
    cleaned = {k: v for k, v in value.items() if v.strip()}
    return cleaned or EMPTY


def _clean_service(value: Mapping[str, Any], fail: Any) -> Any:
    service_id, name = value.get("service_id"), value.get("name", "") or ""
    if service_id is not None and (isinstance(service_id, bool) or not isinstance(service_id, int)):
        return fail(_("not an entry of the service directory"))
    if not isinstance(name, str):
        return fail(_("expected text"))
    if service_id is None and not name.strip():
        return EMPTY
    return {"service_id": service_id, "name": name}


def _clean_group(
    field: Field,
    value: Any,
    where: str,
    shown: str,
    final: bool,
    problems: list[AnswerProblem],
    fail: Any,
) -> Any:
    if not isinstance(value, list | tuple):
        return fail(_("expected a list of entries"))
    items = []
    for index, item in enumerate(value, start=1):
        if _blank(item):
            continue  # a row added and left empty
        cleaned = _clean_fields(
            field.fields, item, f"{where}[{index}].", f"{shown} {index}: ", final, problems
        )
        if cleaned:
            items.append(cleaned)
    if field.max_items is not None and len(items) > field.max_items:
        return fail(_("at most {n} entries").format(n=field.max_items))
    return items or EMPTY


def _blank(value: Any) -> bool:
    """Nothing typed: empty, whitespace, or containers of such."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Mapping):
        return all(_blank(v) for v in value.values())
    if isinstance(value, list | tuple):
        return all(_blank(v) for v in value)
    return False
