"""The demo's system work: generative themes linked to demo cases and to gaps, service gaps
and interface problems, and network time across the demo's months. Written inside the
demo's transaction, straight through the rows (the texts are fixed and hold no client data).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from kimdesk.domain.vocabulary import LifeDomain as D
from kimdesk.network_time import NetworkKind
from kimdesk.service_gaps import GapKind
from kimdesk.store.demo_rows import CaseDates, DemoRows
from kimdesk.store.system_rows import SystemRows
from kimdesk.themes import ThemeStatus

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload

MONTHS = 12  # network time goes this far back

# (title, domain, description, the gap it goes with or None)
THEMES = (
    (
        "Wartezeiten auf Integrationskurse",
        D.EDUCATION_WORK,
        "Zwischen Berechtigung und Kursbeginn liegen oft mehr als sechs Monate; "
        "Kinderbetreuung während der Kurse fehlt.",
        0,
    ),
    (
        "Anerkennung ausländischer Berufsabschlüsse dauert lange",
        D.EDUCATION_WORK,
        "Verfahren ziehen sich über Monate; Übersetzungskosten sind nicht gedeckt.",
        None,
    ),
    (
        "Termine bei der Ausländerbehörde",
        D.RESIDENCE,
        "Online-Terminvergabe ist über Wochen ausgebucht; Fiktionsbescheinigungen laufen ab.",
        1,
    ),
    (
        "Bezahlbarer Wohnraum für große Familien",
        D.HOUSING,
        "Kaum Wohnungen mit fünf und mehr Zimmern innerhalb der Angemessenheitsgrenzen.",
        2,
    ),
    (
        "Fachärztliche Versorgung mit Sprachmittlung",
        D.HEALTH,
        "Dolmetschkosten werden nicht übernommen; Termine scheitern an der Verständigung.",
        3,
    ),
    (
        "Schulden durch Rückforderungen von Leistungen",
        D.FINANCES,
        "Rückforderungen nach Statuswechsel führen zu Überschuldung.",
        None,
    ),
)
# (kind, domain, description, days ago, whether it names a directory entry)
GAPS = (
    (
        GapKind.GAP,
        D.EDUCATION_WORK,
        "Integrationskurs mit Kinderbetreuung am Vormittag",
        250,
        False,
    ),
    (
        GapKind.INTERFACE,
        D.RESIDENCE,
        "Ausländerbehörde: Terminvergabe nur online, für Klient*innen ohne Endgerät kaum "
        "erreichbar",
        190,
        True,
    ),
    (GapKind.GAP, D.HOUSING, "Wohnraumvermittlung für Familien ab fünf Personen", 120, False),
    (
        GapKind.INTERFACE,
        D.HEALTH,
        "Psychosoziales Zentrum: Aufnahme nur mit Überweisung, Wartezeit über drei Monate",
        75,
        True,
    ),
    (GapKind.GAP, D.FAMILY, "Ferienbetreuung für Schulkinder in den Randzeiten", 40, False),
    (
        GapKind.INTERFACE,
        D.EDUCATION_WORK,
        "Jobcenter: Zuständigkeit für Anerkennungszuschuss ungeklärt",
        12,
        True,
    ),
)
NETWORK_TOPICS = {
    NetworkKind.NETWORK: (
        "Vorstellung KIM beim Migrationsdienst",
        "Abstimmung mit dem Jobcenter zu Zuständigkeiten",
        "Austausch mit der Ausländerbehörde",
        "Treffen mit Migrantenorganisationen",
    ),
    NetworkKind.CONFERENCE: (
        "Planungskonferenz mit der Koordinierungsstelle",
        "Fallkonferenz (ohne Klientendaten notiert)",
        "Fachtag Integration im Kreis",
    ),
    NetworkKind.WORKING_GROUP: (
        "Arbeitskreis Wohnen",
        "AG Gesundheit und Migration",
        "Arbeitskreis Sprache und Beruf",
    ),
}
# A status path by age: the older a theme, the further it got.
STATUS_PATH = (ThemeStatus.OBSERVED, ThemeStatus.REPORTED, ThemeStatus.IN_WORK, ThemeStatus.SOLVED)


def write_system_work(caseload: Caseload, rng: random.Random, today: date) -> None:
    """Add the demo's themes, gaps and network time (inside the caller's transaction)."""
    rows = SystemRows(caseload.db)
    if rows.themes():
        return  # a second demo run adds cases, not a second catalogue
    cases = DemoRows(caseload.db).case_dates()
    services = [i for i, _s in caseload.repo.services()]
    gap_ids: list[int] = []
    for kind, domain, text, days, names_entry in GAPS:
        noted = today - timedelta(days=days)
        service_id = rng.choice(services) if names_entry and services else None
        gap_id = rows.insert_gap(kind.value, domain.value, text, noted, service_id)
        gap_ids.append(gap_id)
        for case in _some(rng, cases, noted, rng.randint(1, 3)):
            rows.link_gap_case(gap_id, case.id)
    for index, (title, domain, text, gap) in enumerate(THEMES):
        noted = today - timedelta(days=300 - index * 45)
        theme_id = rows.insert_theme(title, domain.value, text, noted, STATUS_PATH[0].value)
        steps = rng.randint(0, min(3, (today - noted).days // 60))
        day = noted
        for status in STATUS_PATH[1 : steps + 1]:
            day = min(today, day + timedelta(days=rng.randint(20, 60)))
            rows.add_status(theme_id, status.value, day)
        for case in _some(rng, cases, noted, rng.randint(3, 8)):
            linked = min(today, max(noted, case.opened_on) + timedelta(days=rng.randint(0, 30)))
            rows.link_theme_case(theme_id, case.id, linked)
        if gap is not None:
            rows.link_theme_gap(theme_id, gap_ids[gap])
    for back in range(MONTHS):
        first = (today.replace(day=1) - timedelta(days=back * 30)).replace(day=1)
        for _ in range(rng.randint(3, 6)):
            work = rng.choices(list(NetworkKind), weights=(5, 3, 4))[0]
            day = first + timedelta(days=rng.randint(0, min(27, (today - first).days)))
            if day > today:
                continue
            minutes = rng.choice((45, 60, 90, 120, 150, 180, 240))
            rows.insert_network(day, work.value, minutes, rng.choice(NETWORK_TOPICS[work]))


def _some(rng: random.Random, cases: list[CaseDates], noted: date, count: int) -> list[CaseDates]:
    """Up to ``count`` cases opened before ``noted`` (all cases if too few were)."""
    before = [c for c in cases if c.opened_on <= noted] or cases
    return rng.sample(before, min(count, len(before)))
