"""Generative themes: the small catalogue of recurring problems seen across cases (title, life
domain, description, status), linked to the cases and the service gaps where they appear.

A theme is a system-level fact that goes to the coordinating office, so its texts must hold no
client data: each is checked against every identifier the caseload stores.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.errors import BadInput
from kimdesk.i18n import N_, _
from kimdesk.store.system_rows import SystemRows, ThemeRow

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload
    from kimdesk.report.privacy import Identifiers

TITLE_MAX = 120
TEXT_MAX = 2000


class ThemeStatus(StrEnum):
    OBSERVED = "observed"
    REPORTED = "reported"
    IN_WORK = "in_work"
    SOLVED = "solved"

    @property
    def label(self) -> str:
        return _(STATUS_LABELS[self])


STATUS_LABELS = {
    ThemeStatus.OBSERVED: N_("observed"),
    ThemeStatus.REPORTED: N_("reported to the coordinating office"),
    ThemeStatus.IN_WORK: N_("in progress"),
    ThemeStatus.SOLVED: N_("solved"),
}


@dataclass(frozen=True)
class Theme:
    id: int
    title: str
    domain: LifeDomain | None
    description: str
    status: ThemeStatus
    case_ids: tuple[int, ...]
    gap_ids: tuple[int, ...]
    noted_on: date | None = None
    status_on: date | None = None  # the day of the latest status change


# -- free text without client data --------------------------------------------------------


def identifiers(caseload: Caseload) -> Identifiers:
    """Everything personal the caseload stores, as the monthly report's leak check sees it."""
    # Imported here: kimdesk.report imports the report's system-work figures, which use this.
    from kimdesk.report import privacy

    return privacy.stored_identifiers(caseload.repo)


def refuse_client_data(
    caseload: Caseload, texts: Iterable[tuple[str, str]], ids: Identifiers | None = None
) -> None:
    """Raise BadInput for the first (field label, text) whose text holds personal data stored in
    the caseload; the message names the field and the kind of data, never the value."""
    from kimdesk.report import privacy

    ids = ids or identifiers(caseload)
    for label, text in texts:
        kind = privacy.leak_kind(text, ids)
        if kind is not None:
            raise BadInput(
                _(
                    "“{field}” contains personal data stored in the caseload ({kind}). "
                    "System work is recorded without client data: please reword it."
                ).format(field=label, kind=_(kind))
            )


def _clean_theme(caseload: Caseload, title: str, description: str) -> tuple[str, str]:
    title, description = title.strip(), description.strip()
    if not title:
        raise BadInput(_("A theme needs a title."))
    if len(title) > TITLE_MAX:
        raise BadInput(_("The title may hold at most {n} characters.").format(n=TITLE_MAX))
    if len(description) > TEXT_MAX:
        raise BadInput(_("The description may hold at most {n} characters.").format(n=TEXT_MAX))
    refuse_client_data(caseload, [(_("Title"), title), (_("Description"), description)])
    return title, description


def _domain(value: LifeDomain | str | None) -> str | None:
    return LifeDomain(value).value if value else None


# -- the contract -------------------------------------------------------------------------


def add_theme(
    caseload: Caseload,
    *,
    title: str,
    domain: LifeDomain | None,
    description: str = "",
    status: ThemeStatus = ThemeStatus.OBSERVED,
    on: date | None = None,
) -> int:
    """A new theme in the catalogue, noted on ``on`` (today by default)."""
    title, description = _clean_theme(caseload, title, description)
    day = on or caseload.today
    if day > caseload.today:
        raise BadInput(_("A theme cannot be noted in the future."))
    with caseload.db.transaction():
        return SystemRows(caseload.db).insert_theme(
            title, _domain(domain), description, day, ThemeStatus(status).value
        )


def link_case(caseload: Caseload, theme_id: int, case_id: int, on: date | None = None) -> None:
    """The theme appears in the case (seen on ``on``, today by default); linking twice
    changes nothing."""
    rows = SystemRows(caseload.db)
    _known_theme(rows, theme_id)
    if not rows.case_exists(case_id):
        raise BadInput(_("This case no longer exists."))
    with caseload.db.transaction():
        rows.link_theme_case(theme_id, case_id, on or caseload.today)


def themes(caseload: Caseload, on: date | None = None) -> list[Theme]:
    """The catalogue, by title; with ``on``: the themes noted by then, with their status then."""
    rows = SystemRows(caseload.db)
    cases, gaps = rows.theme_cases(on), rows.theme_gaps()
    return [_theme(r, cases.get(r.id, ()), gaps.get(r.id, ())) for r in rows.themes(on)]


# -- more ---------------------------------------------------------------------------------


def _theme(row: ThemeRow, case_ids: tuple[int, ...], gap_ids: tuple[int, ...]) -> Theme:
    return Theme(
        id=row.id,
        title=row.title,
        domain=LifeDomain(row.domain) if row.domain else None,
        description=row.description,
        status=ThemeStatus(row.status),
        case_ids=case_ids,
        gap_ids=gap_ids,
        noted_on=row.noted_on,
        status_on=row.status_on,
    )


def _known_theme(rows: SystemRows, theme_id: int) -> None:
    if not rows.theme_exists(theme_id):
        raise BadInput(_("This theme no longer exists."))


def theme(caseload: Caseload, theme_id: int) -> Theme:
    found = next((t for t in themes(caseload) if t.id == theme_id), None)
    if found is None:
        raise BadInput(_("This theme no longer exists."))
    return found


def edit_theme(
    caseload: Caseload,
    theme_id: int,
    *,
    title: str,
    domain: LifeDomain | None,
    description: str = "",
) -> None:
    rows = SystemRows(caseload.db)
    _known_theme(rows, theme_id)
    title, description = _clean_theme(caseload, title, description)
    with caseload.db.transaction():
        rows.update_theme(theme_id, title, _domain(domain), description)


def change_status(
    caseload: Caseload, theme_id: int, status: ThemeStatus, on: date | None = None
) -> None:
    """The theme's new status from ``on`` (today by default); the same status again is kept
    as it was."""
    current = theme(caseload, theme_id)
    day = on or caseload.today
    if day > caseload.today:
        raise BadInput(_("A status change cannot lie in the future."))
    if current.noted_on and day < current.noted_on:
        raise BadInput(_("A status change cannot lie before the theme was noted."))
    if current.status_on and day < current.status_on:
        raise BadInput(_("A status change cannot lie before the previous one."))
    if ThemeStatus(status) is current.status:
        return
    with caseload.db.transaction():
        SystemRows(caseload.db).add_status(theme_id, ThemeStatus(status).value, day)


def remove_theme(caseload: Caseload, theme_id: int) -> None:
    """The theme and its links go; the cases and gaps stay."""
    rows = SystemRows(caseload.db)
    _known_theme(rows, theme_id)
    with caseload.db.transaction():
        rows.delete_theme(theme_id)


def unlink_case(caseload: Caseload, theme_id: int, case_id: int) -> None:
    with caseload.db.transaction():
        SystemRows(caseload.db).unlink_theme_case(theme_id, case_id)


def link_gap(caseload: Caseload, theme_id: int, gap_id: int) -> None:
    rows = SystemRows(caseload.db)
    _known_theme(rows, theme_id)
    if not rows.gap_exists(gap_id):
        raise BadInput(_("This service gap no longer exists."))
    with caseload.db.transaction():
        rows.link_theme_gap(theme_id, gap_id)


def unlink_gap(caseload: Caseload, theme_id: int, gap_id: int) -> None:
    with caseload.db.transaction():
        SystemRows(caseload.db).unlink_theme_gap(theme_id, gap_id)


def themes_of_case(caseload: Caseload, case_id: int) -> list[Theme]:
    """The themes a case is linked to, by title."""
    return [t for t in themes(caseload) if case_id in t.case_ids]


def case_id_by_number(caseload: Caseload, case_number: str) -> int:
    """The case with that number (as typed, spaces ignored); BadInput naming the number."""
    wanted = "".join(case_number.split()).upper()
    for row in caseload.cases():
        if row.case_number.upper() == wanted:
            return row.id
    raise BadInput(_("There is no case with the number {number}.").format(number=wanted))


def case_ids_from_numbers(caseload: Caseload, text: str) -> tuple[int, ...]:
    """The cases of a list of case numbers (separated by commas, semicolons or spaces), each
    once, in the order given; BadInput names the first unknown number."""
    known = {row.case_number.upper(): row.id for row in caseload.cases()}
    found: list[int] = []
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        case_id = known.get(part.upper())
        if case_id is None:
            raise BadInput(_("There is no case with the number {number}.").format(number=part))
        if case_id not in found:
            found.append(case_id)
    return tuple(found)


def save_theme(
    caseload: Caseload,
    theme_id: int | None,
    *,
    title: str,
    domain: LifeDomain | None,
    description: str,
    status: ThemeStatus,
    status_on: date,
    case_ids: tuple[int, ...],
    gap_ids: tuple[int, ...],
) -> int:
    """Add (``theme_id`` None) or correct a theme with its status and links, all or nothing:
    the links become exactly ``case_ids`` and ``gap_ids``."""
    title, description = _clean_theme(caseload, title, description)
    rows = SystemRows(caseload.db)
    current = theme(caseload, theme_id) if theme_id is not None else None
    if status_on > caseload.today:
        raise BadInput(_("A status change cannot lie in the future."))
    changed = current is None or ThemeStatus(status) is not current.status
    if current is not None and changed and current.status_on and status_on < current.status_on:
        raise BadInput(_("A status change cannot lie before the previous one."))
    for case_id in case_ids:
        if not rows.case_exists(case_id):
            raise BadInput(_("This case no longer exists."))
    for gap_id in gap_ids:
        if not rows.gap_exists(gap_id):
            raise BadInput(_("This service gap no longer exists."))
    with caseload.db.transaction():
        if current is None:
            theme_id = rows.insert_theme(
                title, _domain(domain), description, status_on, ThemeStatus(status).value
            )
            old_cases: tuple[int, ...] = ()
            old_gaps: tuple[int, ...] = ()
        else:
            assert theme_id is not None
            rows.update_theme(theme_id, title, _domain(domain), description)
            if changed:
                rows.add_status(theme_id, ThemeStatus(status).value, status_on)
            old_cases, old_gaps = current.case_ids, current.gap_ids
        for case_id in set(old_cases) - set(case_ids):
            rows.unlink_theme_case(theme_id, case_id)
        for case_id in case_ids:
            rows.link_theme_case(theme_id, case_id, caseload.today)
        for gap_id in set(old_gaps) - set(gap_ids):
            rows.unlink_theme_gap(theme_id, gap_id)
        for gap_id in gap_ids:
            rows.link_theme_gap(theme_id, gap_id)
    return theme_id
