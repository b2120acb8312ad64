"""Case conferences (Fallkonferenz): the agencies of one case meet to solve what bilateral
talks could not, and share out clearly defined tasks (Gütersloh profile).

Preparing one invites the cover sheet's agencies the release from confidentiality covers and
the needs-conference consent does not exclude; recording one keeps the day, who took part by
agency, the agreements and the tasks with who is responsible and by when. Open tasks due
soon or overdue appear on the overview until they are marked done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from kimdesk.consent_scope import ConsentScope, Exclusions
from kimdesk.domain.vocabulary import FormStatus
from kimdesk.errors import BadInput
from kimdesk.forms.model import FieldType, FormKind
from kimdesk.i18n import N_, _
from kimdesk.store.conference_rows import INVITED, PRESENT, ConferenceRows

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload
    from kimdesk.store.database import Database

TASK_NOTICE_DAYS = 7  # the overview shows open tasks due within a week, and overdue ones
PREPARED, RECORDED = "conference.prepared", "conference.recorded"
TASK_DONE, TASK_REOPENED = "conference.task_done", "conference.task_open"
REMOVED = "conference.removed"

# Parties that are always there and need no release: stored by key, shown translated.
CASE_MANAGEMENT, CLIENT = "case-management", "client"
OWN_PARTIES = {CASE_MANAGEMENT: N_("Case Management"), CLIENT: N_("Client")}

# The course of a case conference (Gütersloh: "Ablaufplan"), offered as the agenda.
DEFAULT_AGENDA = (
    N_("Welcome, aim of the conference, data protection (release and exclusions)"),
    N_("The case as the case management presents it"),
    N_("The view of each agency taking part"),
    N_("Agreements: what is to be done, by whom, by when"),
    N_("Next steps and whether to meet again"),
)


def party_label(party: str) -> str:
    """How a participant or a task's responsible reads: an agency as the cover sheet names it,
    "Case Management" or the client in the user's language."""
    return _(OWN_PARTIES[party]) if party in OWN_PARTIES else party


def default_agenda() -> str:
    return "\n".join(_(item) for item in DEFAULT_AGENDA)


@dataclass(frozen=True)
class ConferenceTask:
    """A task agreed at the conference; ``responsible`` is a participant (an agency), the
    case management or the client."""

    description: str = field(repr=False)
    responsible: str = field(repr=False)
    due_on: date
    done_on: date | None = None
    id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.done_on is None

    def overdue(self, on: date) -> bool:
        return self.is_open and self.due_on < on


@dataclass(frozen=True)
class Preparation:
    planned_on: date
    invited: tuple[str, ...] = field(repr=False)
    agenda: str = field(default="", repr=False)


@dataclass(frozen=True)
class Minutes:
    held_on: date
    present: tuple[str, ...] = field(repr=False)
    agreements: str = field(default="", repr=False)
    tasks: tuple[ConferenceTask, ...] = ()


@dataclass(frozen=True)
class CaseConference:
    id: int
    case_id: int
    preparation: Preparation
    minutes: Minutes | None

    @property
    def held(self) -> bool:
        return self.minutes is not None

    @property
    def on(self) -> date:
        return self.minutes.held_on if self.minutes else self.preparation.planned_on

    @property
    def tasks(self) -> tuple[ConferenceTask, ...]:
        return self.minutes.tasks if self.minutes else ()


@dataclass(frozen=True)
class Invitation:
    """Who may take part on a day: the cover sheet's agencies (in the paper's order) that the
    release covers and the conference consent does not exclude, and how many were left out
    for each reason (never which)."""

    agencies: tuple[str, ...] = field(repr=False)
    not_covered: int
    excluded: int
    exclusions: Exclusions
    conference_consent: bool

    @property
    def parties(self) -> tuple[str, ...]:
        """Everyone who may take part: the case management, the client, the agencies."""
        return (CASE_MANAGEMENT, CLIENT, *self.agencies)


@dataclass(frozen=True)
class ConferenceTaskDue:
    """An open task of a case conference that is due within the notice period or overdue."""

    task_id: int
    case_id: int
    case_number: str
    description: str = field(repr=False)
    responsible: str = field(repr=False)  # as party_label shows it
    due_on: date
    overdue: bool


def cover_sheet_lines(caseload: Caseload, case_id: int) -> list[tuple[str, str, str]]:
    """(field key, line label, agency name) of every agency line of the latest finished cover
    sheet, in the paper's order; the agency as the release names it is "label: name"."""
    sheets = [
        s
        for s in caseload.form_instances(case_id, FormKind.COVER_SHEET)
        if s.status is FormStatus.FINAL
    ]
    if not sheets:
        return []
    latest = max(sheets, key=lambda s: (s.recorded_on, s.id or 0))
    definition = caseload.definition_of(latest)
    lines = []
    for f in definition.fields:
        value: Any = latest.answers.get(f.key)
        if f.type is FieldType.AGENCY_CONTACT and isinstance(value, dict):
            name = str(value.get("name") or "").strip()
            if name:
                lines.append((f.key, f.label, name))
    return lines


class CaseConferences:
    """The case conferences of one open caseload."""

    def __init__(self, caseload: Caseload) -> None:
        self._caseload = caseload
        self._rows = ConferenceRows(caseload.db)

    # -- preparing -------------------------------------------------------------------------

    def invitation(self, case_id: int, on: date) -> Invitation:
        scope = ConsentScope(self._caseload, case_id)
        exclusions = scope.exclusions(on)
        agencies, not_covered, excluded = [], 0, 0
        for key, label, name in cover_sheet_lines(self._caseload, case_id):
            if not scope.covers(label, name, on):
                not_covered += 1
            elif exclusions.excludes(label, name) or key in exclusions.field_keys:
                excluded += 1
            else:
                agencies.append(f"{label}: {name}")
        return Invitation(
            tuple(dict.fromkeys(agencies)),
            not_covered,
            excluded,
            exclusions,
            scope.conference_consent(on) is not None,
        )

    # -- reading ---------------------------------------------------------------------------

    def of_case(self, case_id: int) -> list[CaseConference]:
        """The case's conferences, oldest first (by the day held, else planned)."""
        rows = self._rows.conferences(case_id)
        ids = [r.id for r in rows]
        parties, tasks = self._rows.participants(ids), self._rows.tasks(ids)
        found = []
        for row in rows:
            minutes = None
            if row.held_on is not None:
                minutes = Minutes(
                    row.held_on,
                    tuple(parties[row.id][PRESENT]),
                    row.agreements,
                    tuple(
                        ConferenceTask(t.description, t.responsible, t.due_on, t.done_on, t.id)
                        for t in tasks[row.id]
                    ),
                )
            preparation = Preparation(row.planned_on, tuple(parties[row.id][INVITED]), row.agenda)
            found.append(CaseConference(row.id, row.case_id, preparation, minutes))
        return found

    def conference(self, conference_id: int) -> CaseConference:
        case_id = self._rows.case_of_conference(conference_id)
        if case_id is None:
            raise BadInput(_("This case conference no longer exists."))
        return next(c for c in self.of_case(case_id) if c.id == conference_id)

    def tasks_due(self, on: date) -> tuple[ConferenceTaskDue, ...]:
        """Open tasks of open cases due within ``TASK_NOTICE_DAYS`` or overdue, earliest
        first: the overview's card."""
        return tuple(
            ConferenceTaskDue(
                row.task_id,
                row.case_id,
                row.case_number,
                row.description,
                party_label(row.responsible),
                row.due_on,
                row.due_on < on,
            )
            for row in self._rows.open_tasks(on + timedelta(days=TASK_NOTICE_DAYS))
        )

    # -- writing ---------------------------------------------------------------------------

    def prepare(self, case_id: int, preparation: Preparation) -> int:
        """A new conference of an open case, prepared; returns its id."""
        return self.save(case_id, preparation)

    def record(self, conference_id: int, minutes: Minutes) -> None:
        """The minutes of a prepared conference (again, to correct them)."""
        conference = self.conference(conference_id)
        self.save(conference.case_id, conference.preparation, minutes, conference_id=conference_id)

    def save(
        self,
        case_id: int,
        preparation: Preparation,
        minutes: Minutes | None = None,
        *,
        conference_id: int | None = None,
    ) -> int:
        """Store a conference's preparation, and its minutes once held, in one step.
        Audit-logged with counts only."""
        case = self._caseload.case(case_id)
        if conference_id is None and not case.phase.is_open:
            raise BadInput(_("A case conference can only be prepared for an open case."))
        if conference_id is not None and self._rows.case_of_conference(conference_id) != case_id:
            raise BadInput(_("This case conference no longer exists."))
        stored = self.conference(conference_id) if conference_id is not None else None
        # Who was invited was checked when stored; a release ended since must not block the
        # minutes or a task marked done.
        if stored is None or stored.preparation.invited != preparation.invited:
            self._check_preparation(case_id, preparation, case.opened_on)
        tasks: tuple[ConferenceTask, ...] = ()
        if minutes is not None:
            self._check_minutes(case_id, minutes, case.opened_on)
            tasks = tuple(
                ConferenceTask(t.description.strip(), t.responsible, t.due_on, t.done_on)
                for t in minutes.tasks
            )
        db = self._caseload.db
        with db.transaction():
            if conference_id is None:
                conference_id = self._rows.insert(
                    case_id, preparation.planned_on, preparation.agenda.strip()
                )
            self._rows.update(
                conference_id,
                planned_on=preparation.planned_on,
                held_on=minutes.held_on if minutes else None,
                agenda=preparation.agenda.strip(),
                agreements=minutes.agreements.strip() if minutes else "",
            )
            self._rows.set_participants(conference_id, INVITED, preparation.invited)
            self._rows.set_participants(conference_id, PRESENT, minutes.present if minutes else ())
            self._rows.replace_tasks(
                conference_id, ((t.description, t.responsible, t.due_on, t.done_on) for t in tasks)
            )
            if minutes is None:
                detail = f"{len(set(preparation.invited))}"
                self._caseload.repo.append_audit(PREPARED, case_id, detail)
            else:
                detail = f"{len(set(minutes.present))} {len(tasks)}"
                self._caseload.repo.append_audit(RECORDED, case_id, detail)
        return conference_id

    def set_task_done(self, task_id: int, done_on: date | None) -> None:
        """Mark a task done on ``done_on``, or open again with None."""
        task = self._rows.task(task_id)
        if task is None:
            raise BadInput(_("This task no longer exists."))
        case_id = self._rows.case_of_conference(task.conference_id)
        conference = self.conference(task.conference_id)
        if done_on is not None:
            if done_on > self._caseload.today:
                raise BadInput(_("A task cannot be done on a day in the future."))
            if conference.minutes and done_on < conference.minutes.held_on:
                raise BadInput(_("A task cannot be done before the conference was held."))
        with self._caseload.db.transaction():
            self._rows.set_task_done(task_id, done_on)
            self._caseload.repo.append_audit(TASK_DONE if done_on else TASK_REOPENED, case_id, "")

    def remove(self, conference_id: int) -> None:
        case_id = self._rows.case_of_conference(conference_id)
        if case_id is None:
            raise BadInput(_("This case conference no longer exists."))
        with self._caseload.db.transaction():
            self._rows.delete(conference_id)
            self._caseload.repo.append_audit(REMOVED, case_id, "")

    # -- rules -----------------------------------------------------------------------------

    def _check_preparation(self, case_id: int, preparation: Preparation, opened_on: date) -> None:
        if preparation.planned_on < opened_on:
            raise BadInput(_("A case conference cannot be planned before the case was opened."))
        invitation = self.invitation(case_id, min(preparation.planned_on, self._caseload.today))
        self._check_parties(preparation.invited, invitation)

    def _check_minutes(self, case_id: int, minutes: Minutes, opened_on: date) -> None:
        if minutes.held_on > self._caseload.today:
            raise BadInput(_("A case conference cannot be recorded before it took place."))
        if minutes.held_on < opened_on:
            raise BadInput(_("A case conference cannot be held before the case was opened."))
        self._check_parties(minutes.present, self.invitation(case_id, minutes.held_on))
        parties = set(minutes.present) | set(OWN_PARTIES)
        for task in minutes.tasks:
            if not task.description.strip():
                raise BadInput(_("Each task needs a description."))
            if task.responsible not in parties:
                raise BadInput(
                    _(
                        "A task's responsible must be an agency that took part, the case "
                        "management or the client."
                    )
                )
            if task.due_on < minutes.held_on:
                raise BadInput(_("A task cannot be due before the conference."))
            if task.done_on is not None and task.done_on < minutes.held_on:
                raise BadInput(_("A task cannot be done before the conference was held."))

    @staticmethod
    def _check_parties(parties: tuple[str, ...], invitation: Invitation) -> None:
        allowed = set(invitation.parties)
        # Never the agency's name in the message: it may name a doctor.
        if any(p not in allowed for p in parties):
            raise BadInput(
                _(
                    "A participant is not covered by the release from confidentiality or was "
                    "excluded by the client. Only the agencies offered can take part."
                )
            )
        if not any(p not in OWN_PARTIES for p in parties):
            raise BadInput(_("A case conference needs at least one agency taking part."))


# -- handover --------------------------------------------------------------------------------


def handover_values(caseload: Caseload, case_id: int) -> list[dict[str, Any]]:
    """The case's conferences for the handover file: the tasks go on with the case."""
    return [
        {
            "planned_on": c.preparation.planned_on.isoformat(),
            "agenda": c.preparation.agenda,
            "invited": list(c.preparation.invited),
            "held_on": c.minutes.held_on.isoformat() if c.minutes else None,
            "present": list(c.minutes.present) if c.minutes else [],
            "agreements": c.minutes.agreements if c.minutes else "",
            "tasks": [
                {
                    "description": t.description,
                    "responsible": t.responsible,
                    "due_on": t.due_on.isoformat(),
                    "done_on": t.done_on.isoformat() if t.done_on else None,
                }
                for t in c.tasks
            ],
        }
        for c in CaseConferences(caseload).of_case(case_id)
    ]


def store_handover_values(db: Database, case_id: int, sent: list[dict[str, Any]]) -> None:
    """Inside the handover's transaction. A file from before conferences has none; a malformed
    one raises KeyError, TypeError or ValueError, which the handover reports as incomplete."""
    rows = ConferenceRows(db)
    for conference in sent:
        held_on = conference.get("held_on")
        conference_id = rows.insert(
            case_id, date.fromisoformat(conference["planned_on"]), str(conference["agenda"])
        )
        rows.update(
            conference_id,
            planned_on=date.fromisoformat(conference["planned_on"]),
            held_on=date.fromisoformat(held_on) if held_on else None,
            agenda=str(conference["agenda"]),
            agreements=str(conference.get("agreements") or ""),
        )
        rows.set_participants(conference_id, INVITED, [str(p) for p in conference["invited"]])
        rows.set_participants(conference_id, PRESENT, [str(p) for p in conference["present"]])
        rows.replace_tasks(
            conference_id,
            [
                (
                    str(t["description"]),
                    str(t["responsible"]),
                    date.fromisoformat(t["due_on"]),
                    date.fromisoformat(t["done_on"]) if t.get("done_on") else None,
                )
                for t in conference["tasks"]
            ],
        )
