"""Re-assessments compared with the first assessment, per life domain and rating line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kimdesk.domain.records import FormInstance
from kimdesk.domain.vocabulary import ASSESSMENT_DOMAINS, FormStatus, LifeDomain
from kimdesk.forms.model import ASSESSMENT_KIND_FIELD, FormDefinition, FormKind


@dataclass(frozen=True)
class RatingChange:
    """One rating line of one domain: the first value, each later one, and the change."""

    domain: LifeDomain
    line: str
    label: str
    first_on: date
    first: int | None
    later: tuple[tuple[date, int | None], ...]

    @property
    def latest(self) -> int | None:
        return self.later[-1][1] if self.later else None

    @property
    def change(self) -> int | None:
        """Latest minus first (positive: better, since 10 = no problem); None if unknown."""
        if self.first is None or self.latest is None:
            return None
        return self.latest - self.first


def assessment_changes(
    assessments: Iterable[tuple[FormDefinition, FormInstance]],
) -> list[RatingChange]:
    """Finished assessments of one case, compared per domain with the first assessment.

    The first assessment is the earliest finished one marked "Erstes Assessment" (or the
    earliest at all); every finished assessment after it counts as a later value. Lines that
    a later version of the sheet added or dropped are compared where both values exist.
    """
    by_domain: dict[LifeDomain, list[tuple[FormDefinition, FormInstance]]] = {}
    for definition, instance in assessments:
        if (
            definition.kind is FormKind.ASSESSMENT
            and definition.domain is not None
            and (instance.status is FormStatus.FINAL)
        ):
            by_domain.setdefault(definition.domain, []).append((definition, instance))
    changes: list[RatingChange] = []
    for domain in ASSESSMENT_DOMAINS:
        entries = sorted(by_domain.get(domain, []), key=lambda e: (e[1].recorded_on, e[1].id or 0))
        if not entries:
            continue
        firsts = [e for e in entries if e[1].answers.get(ASSESSMENT_KIND_FIELD) == "first"]
        first = firsts[0] if firsts else entries[0]
        later = [
            e
            for e in entries
            if e is not first
            and (e[1].recorded_on, e[1].id or 0) >= (first[1].recorded_on, first[1].id or 0)
        ]
        for key, label in _lines([first, *later]):
            changes.append(
                RatingChange(
                    domain=domain,
                    line=key,
                    label=label,
                    first_on=first[1].recorded_on,
                    first=_rating(first[1], key),
                    later=tuple((inst.recorded_on, _rating(inst, key)) for _d, inst in later),
                )
            )
    return changes


def _lines(entries: list[tuple[FormDefinition, FormInstance]]) -> list[tuple[str, str]]:
    """Every rating line of the versions involved, labelled as in the newest version."""
    labels: dict[str, str] = {}
    for definition, _instance in entries:
        for line in definition.rating_lines():
            labels.setdefault(line.key, line.label)
    newest = entries[-1][0]
    for line in newest.rating_lines():
        labels[line.key] = line.label
    return list(labels.items())


def _rating(instance: FormInstance, key: str) -> int | None:
    answer = instance.answers.get(key)
    if isinstance(answer, dict) and isinstance(answer.get("value"), int):
        return int(answer["value"])
    return None
