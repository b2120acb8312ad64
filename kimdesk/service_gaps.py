"""Service gaps (Angebotslücken: no service exists) and interface problems
(Schnittstellenprobleme: a service exists but access fails), recorded as they are seen, not
only from needs plans; linked to the cases where they appear and to generative themes.

Like a theme, a gap goes to the coordinating office and holds no client data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.errors import BadInput
from kimdesk.i18n import N_, _
from kimdesk.store.system_rows import GapRow, SystemRows
from kimdesk.themes import TEXT_MAX, refuse_client_data

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload


class GapKind(StrEnum):
    GAP = "gap"
    INTERFACE = "interface"

    @property
    def label(self) -> str:
        return _(KIND_LABELS[self])


KIND_LABELS = {
    GapKind.GAP: N_("Service gap"),
    GapKind.INTERFACE: N_("Interface problem"),
}


@dataclass(frozen=True)
class ServiceGap:
    id: int
    kind: GapKind
    domain: LifeDomain | None
    description: str
    noted_on: date
    service_id: int | None  # the directory entry of an interface problem, where there is one
    case_ids: tuple[int, ...]
    theme_ids: tuple[int, ...]


def _gap(row: GapRow, case_ids: tuple[int, ...], theme_ids: tuple[int, ...]) -> ServiceGap:
    return ServiceGap(
        id=row.id,
        kind=GapKind(row.kind),
        domain=LifeDomain(row.domain) if row.domain else None,
        description=row.description,
        noted_on=row.noted_on,
        service_id=row.service_id,
        case_ids=case_ids,
        theme_ids=theme_ids,
    )


def gaps(
    caseload: Caseload, start: date | None = None, end: date | None = None
) -> list[ServiceGap]:
    """Gaps and interface problems noted between ``start`` and ``end``, newest first."""
    rows = SystemRows(caseload.db)
    cases = rows.gap_cases()
    themes: dict[int, list[int]] = {}
    for theme_id, gap_ids in rows.theme_gaps().items():
        for gap_id in gap_ids:
            themes.setdefault(gap_id, []).append(theme_id)
    return [
        _gap(r, cases.get(r.id, ()), tuple(sorted(themes.get(r.id, ()))))
        for r in rows.gaps(start, end)
    ]


def gap(caseload: Caseload, gap_id: int) -> ServiceGap:
    found = next((g for g in gaps(caseload) if g.id == gap_id), None)
    if found is None:
        raise BadInput(_("This service gap no longer exists."))
    return found


def _checked(
    caseload: Caseload,
    kind: GapKind,
    description: str,
    noted_on: date | None,
    service_id: int | None,
) -> tuple[str, date, int | None]:
    description = description.strip()
    if not description:
        raise BadInput(_("Please describe what is missing or where access fails."))
    if len(description) > TEXT_MAX:
        raise BadInput(_("The description may hold at most {n} characters.").format(n=TEXT_MAX))
    day = noted_on or caseload.today
    if day > caseload.today:
        raise BadInput(_("A service gap cannot be noted in the future."))
    if GapKind(kind) is GapKind.GAP:
        # A gap is a missing service: no directory entry to name.
        service_id = None
    elif service_id is not None and not SystemRows(caseload.db).service_exists(service_id):
        raise BadInput(_("This entry of the service directory no longer exists."))
    refuse_client_data(caseload, [(_("Description"), description)])
    return description, day, service_id


def add_gap(
    caseload: Caseload,
    *,
    kind: GapKind,
    domain: LifeDomain | None,
    description: str,
    noted_on: date | None = None,
    service_id: int | None = None,
    case_ids: tuple[int, ...] = (),
) -> int:
    """A new gap or interface problem, linked to ``case_ids`` where it appeared."""
    description, day, service_id = _checked(caseload, kind, description, noted_on, service_id)
    rows = SystemRows(caseload.db)
    for case_id in case_ids:
        if not rows.case_exists(case_id):
            raise BadInput(_("This case no longer exists."))
    with caseload.db.transaction():
        gap_id = rows.insert_gap(
            GapKind(kind).value, domain.value if domain else None, description, day, service_id
        )
        for case_id in case_ids:
            rows.link_gap_case(gap_id, case_id)
    return gap_id


def edit_gap(
    caseload: Caseload,
    gap_id: int,
    *,
    kind: GapKind,
    domain: LifeDomain | None,
    description: str,
    noted_on: date | None = None,
    service_id: int | None = None,
) -> None:
    gap(caseload, gap_id)
    description, day, service_id = _checked(caseload, kind, description, noted_on, service_id)
    with caseload.db.transaction():
        SystemRows(caseload.db).update_gap(
            gap_id,
            GapKind(kind).value,
            domain.value if domain else None,
            description,
            day,
            service_id,
        )


def remove_gap(caseload: Caseload, gap_id: int) -> None:
    """The gap and its links go; the cases and themes stay."""
    gap(caseload, gap_id)
    with caseload.db.transaction():
        SystemRows(caseload.db).delete_gap(gap_id)


def link_case(caseload: Caseload, gap_id: int, case_id: int) -> None:
    """The gap appeared in the case; linking twice changes nothing."""
    rows = SystemRows(caseload.db)
    gap(caseload, gap_id)
    if not rows.case_exists(case_id):
        raise BadInput(_("This case no longer exists."))
    with caseload.db.transaction():
        rows.link_gap_case(gap_id, case_id)


def unlink_case(caseload: Caseload, gap_id: int, case_id: int) -> None:
    with caseload.db.transaction():
        SystemRows(caseload.db).unlink_gap_case(gap_id, case_id)


def gaps_of_case(caseload: Caseload, case_id: int) -> list[ServiceGap]:
    return [g for g in gaps(caseload) if case_id in g.case_ids]


def save_gap(
    caseload: Caseload,
    gap_id: int | None,
    *,
    kind: GapKind,
    domain: LifeDomain | None,
    description: str,
    noted_on: date,
    service_id: int | None,
    case_ids: tuple[int, ...],
) -> int:
    """Add (``gap_id`` None) or correct a gap; its case links become exactly ``case_ids``,
    all or nothing."""
    current = gap(caseload, gap_id) if gap_id is not None else None
    description, day, service_id = _checked(caseload, kind, description, noted_on, service_id)
    rows = SystemRows(caseload.db)
    for case_id in case_ids:
        if not rows.case_exists(case_id):
            raise BadInput(_("This case no longer exists."))
    domain_key = domain.value if domain else None
    with caseload.db.transaction():
        if current is None:
            gap_id = rows.insert_gap(GapKind(kind).value, domain_key, description, day, service_id)
        else:
            assert gap_id is not None
            rows.update_gap(gap_id, GapKind(kind).value, domain_key, description, day, service_id)
            for case_id in set(current.case_ids) - set(case_ids):
                rows.unlink_gap_case(gap_id, case_id)
        for case_id in case_ids:
            rows.link_gap_case(gap_id, case_id)
    return gap_id
