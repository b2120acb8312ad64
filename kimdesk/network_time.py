"""Time spent on network and system work: network meetings, conferences and working groups
(date, kind, duration, a short topic). No client data: the topic is checked against every
identifier the caseload stores before it is kept."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from kimdesk.errors import BadInput
from kimdesk.i18n import N_, _
from kimdesk.store.system_rows import SystemRows
from kimdesk.themes import refuse_client_data

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload

TOPIC_MAX = 200
DAY_MINUTES = 24 * 60


class NetworkKind(StrEnum):
    NETWORK = "network"
    CONFERENCE = "conference"
    WORKING_GROUP = "working_group"

    @property
    def label(self) -> str:
        return _(KIND_LABELS[self])


KIND_LABELS = {
    NetworkKind.NETWORK: N_("Network work"),
    NetworkKind.CONFERENCE: N_("Conference"),
    NetworkKind.WORKING_GROUP: N_("Working group"),
}


@dataclass(frozen=True)
class NetworkEntry:
    id: int
    worked_on: date
    kind: NetworkKind
    minutes: int
    topic: str


def entries(
    caseload: Caseload, start: date | None = None, end: date | None = None
) -> list[NetworkEntry]:
    """The entries between ``start`` and ``end`` (inclusive), newest first."""
    return [
        NetworkEntry(r.id, r.worked_on, NetworkKind(r.kind), r.minutes, r.topic)
        for r in SystemRows(caseload.db).network_time(start, end)
    ]


def minutes_by_kind(found: list[NetworkEntry]) -> dict[NetworkKind, tuple[int, int]]:
    """(entries, minutes) for every kind, zero where none."""
    counts = Counter(e.kind for e in found)
    minutes = Counter[NetworkKind]()
    for e in found:
        minutes[e.kind] += e.minutes
    return {kind: (counts[kind], minutes[kind]) for kind in NetworkKind}


def duration_text(minutes: int) -> str:
    """ "12 Std. 30 Min." — hours and minutes as the page and report show them."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("{m} min.").format(m=rest)
    if not rest:
        return _("{h} h").format(h=hours)
    return _("{h} h {m} min.").format(h=hours, m=rest)


def _checked(
    caseload: Caseload, worked_on: date, kind: NetworkKind, minutes: int, topic: str
) -> tuple[NetworkKind, str]:
    if worked_on > caseload.today:
        raise BadInput(_("Network time cannot lie in the future."))
    if not 0 < minutes <= DAY_MINUTES:
        raise BadInput(_("The duration must lie between 1 minute and 24 hours."))
    try:
        kind = NetworkKind(kind)
    except ValueError:
        raise BadInput(_("Unknown kind of network work.")) from None
    topic = " ".join(topic.split())
    if len(topic) > TOPIC_MAX:
        raise BadInput(_("The topic may hold at most {n} characters.").format(n=TOPIC_MAX))
    refuse_client_data(caseload, [(_("Topic"), topic)])
    return kind, topic


def add_entry(
    caseload: Caseload, *, worked_on: date, kind: NetworkKind, minutes: int, topic: str = ""
) -> int:
    kind, topic = _checked(caseload, worked_on, kind, minutes, topic)
    with caseload.db.transaction():
        return SystemRows(caseload.db).insert_network(worked_on, kind.value, minutes, topic)


def _known(caseload: Caseload, entry_id: int) -> None:
    if not any(e.id == entry_id for e in entries(caseload)):
        raise BadInput(_("This entry no longer exists."))


def edit_entry(
    caseload: Caseload,
    entry_id: int,
    *,
    worked_on: date,
    kind: NetworkKind,
    minutes: int,
    topic: str = "",
) -> None:
    _known(caseload, entry_id)
    kind, topic = _checked(caseload, worked_on, kind, minutes, topic)
    with caseload.db.transaction():
        SystemRows(caseload.db).update_network(entry_id, worked_on, kind.value, minutes, topic)


def remove_entry(caseload: Caseload, entry_id: int) -> None:
    _known(caseload, entry_id)
    with caseload.db.transaction():
        SystemRows(caseload.db).delete_network(entry_id)
