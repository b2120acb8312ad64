"""The demo's case conferences: some open cases in planning, linking or monitoring had one
with the agencies their release covers, with agreements and tasks (some done, some due this
week, some overdue, so the overview shows them); a few more are prepared for the weeks ahead.
Written inside the demo's transaction, straight through the rows: the parties come from the
case's own invitation, so they are those the consents allow; only the cases drawn are asked.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from kimdesk.case_conference import (
    CASE_MANAGEMENT,
    CLIENT,
    CaseConferences,
    default_agenda,
)
from kimdesk.domain.phases import Phase
from kimdesk.store.conference_rows import INVITED, PRESENT, ConferenceRows
from kimdesk.store.demo_rows import DemoRows

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload

HELD, PREPARED = 8, 3  # conferences held, and prepared ones still ahead
PHASES = frozenset({Phase.PLANNING, Phase.LINKING, Phase.MONITORING, Phase.REASSESSMENT})

AGREEMENTS = (
    "Vorrang hat der Sprachkurs; die Arbeitsaufnahme wird danach gemeinsam geplant.",
    "Die Unterlagen werden gesammelt und gemeinsam eingereicht; Rückfragen laufen über das "
    "Case Management.",
    "Alle Beteiligten informieren das Case Management, sobald ein Bescheid vorliegt.",
    "Die Familie wird bei der Wohnungssuche unterstützt; die Miete wird vorerst übernommen.",
    "Ein weiteres Treffen in acht Wochen, falls die Aufgaben bis dahin nicht erledigt sind.",
)
# (task, who: the case management, the client, or the first / a further agency)
TASKS = (
    ("Anmeldung zum Integrationskurs vorbereiten", CLIENT),
    ("Termin zur Vorsprache vereinbaren", CASE_MANAGEMENT),
    ("Antrag auf Kostenübernahme prüfen und bescheiden", "agency"),
    ("Fehlende Nachweise nachreichen", CLIENT),
    ("Rückmeldung zum Stand an das Case Management geben", "agency"),
    ("Beratungstermin bei der Schuldnerberatung begleiten", CASE_MANAGEMENT),
    ("Eingliederungsvereinbarung anpassen", "agency"),
    ("Übersetzung der Zeugnisse beauftragen", CLIENT),
)


def write_conferences(caseload: Caseload, rng: random.Random, today: date) -> None:
    """Held and prepared conferences for open cases whose release covers an agency."""
    conferences, rows = CaseConferences(caseload), ConferenceRows(caseload.db)
    eligible = [
        (case.id, case.admitted_on)
        for case in DemoRows(caseload.db).case_dates()
        if case.phase in PHASES
        and case.admitted_on is not None
        and (today - case.admitted_on).days >= 30
    ]
    # An invitation reads the case's cover sheet and consents: it is asked of the cases in a
    # random order only until enough of them have agencies to invite, not of every case.
    chosen: list[tuple[int, date, tuple[str, ...]]] = []
    for case_id, admitted_on in rng.sample(eligible, len(eligible)):
        if len(chosen) == HELD + PREPARED:
            break
        agencies = conferences.invitation(case_id, today).agencies
        if agencies:
            chosen.append((case_id, admitted_on, agencies))
    for number, (case_id, admitted_on, agencies) in enumerate(chosen):
        if number < HELD:
            _held(rows, rng, case_id, admitted_on, agencies, today, overdue=number % 2 == 0)
        else:
            planned_on = today + timedelta(days=rng.randint(3, 21))
            invited = (CASE_MANAGEMENT, CLIENT, *agencies)
            conference_id = rows.insert(case_id, planned_on, default_agenda())
            rows.set_participants(conference_id, INVITED, invited)


def _held(
    rows: ConferenceRows,
    rng: random.Random,
    case_id: int,
    admitted_on: date,
    agencies: tuple[str, ...],
    today: date,
    *,
    overdue: bool,
) -> None:
    held_on = today - timedelta(days=rng.randint(10, min(90, (today - admitted_on).days)))
    planned_on = held_on - timedelta(days=rng.randint(0, 3))
    invited = (CASE_MANAGEMENT, CLIENT, *agencies)
    present = tuple(p for p in invited if p == CASE_MANAGEMENT or rng.random() < 0.85)
    if not any(p in agencies for p in present):
        present = (*present, agencies[0])
    conference_id = rows.insert(case_id, planned_on, default_agenda())
    present_agencies = [p for p in present if p in agencies]
    tasks = []
    for description, who in rng.sample(TASKS, rng.randint(2, 4)):
        responsible = rng.choice(present_agencies) if who == "agency" else who
        due_on = held_on + timedelta(days=rng.randint(14, 42))
        done_on = None
        if due_on < today:  # the overdue ones come below, one for every other conference
            done_on = min(today, due_on - timedelta(days=rng.randint(0, 10)))
            done_on = max(done_on, held_on)
        tasks.append((description, responsible, due_on, done_on))
    # Every other conference leaves one task overdue, the others one due this week.
    if overdue:
        late = today - timedelta(days=rng.randint(1, 9))
        tasks.append((TASKS[4][0], present_agencies[0], late, None))
    else:
        soon = today + timedelta(days=rng.randint(0, 6))
        tasks.append(
            ("Nächstes Gespräch mit allen Beteiligten abstimmen", CASE_MANAGEMENT, soon, None)
        )
    rows.update(
        conference_id,
        planned_on=planned_on,
        held_on=held_on,
        agenda=default_agenda(),
        agreements=" ".join(rng.sample(AGREEMENTS, 2)),
    )
    rows.set_participants(conference_id, INVITED, invited)
    rows.set_participants(conference_id, PRESENT, present)
    rows.replace_tasks(conference_id, tasks)
