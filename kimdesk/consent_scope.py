"""What the consents of a case allow on a given day, and the rules that make them act.

The release from confidentiality covers the agencies it names until the end of the case
management, at most two years from its signature (so the signed form says); single agencies
can be withdrawn from it. A needs conference needs its own consent, which may exclude
participants and topics; what the client excluded stays out of what is printed for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from kimdesk.domain.dates import format_german_date
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind, LifeDomain
from kimdesk.errors import BadInput
from kimdesk.forms.answers import AnswerError, AnswerProblem
from kimdesk.forms.model import FormDefinition, FormKind
from kimdesk.i18n import N_, _
from kimdesk.lifecycle.erasure import add_years
from kimdesk.store import consent_scope_rows as rows

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload
    from kimdesk.store.database import Database

RELEASE_YEARS = 2  # "höchstens zwei Jahre ab dem Datum der Unterschrift"
EXPIRY_NOTICE_DAYS = 30
# The needs plan's yes/no "Bedarfskonferenz vorgesehen" (forms/needs_plan.toml).
CONFERENCE_FIELD = "needs_conference"


class Topic(StrEnum):
    """The topics of the signed needs-conference form (i18n/consent: topic_*)."""

    RESIDENCE = "residence"
    LANGUAGE = "language"
    WORK = "work"
    HOUSING = "housing"
    HEALTH = "health"
    FAMILY = "family"

    @property
    def label(self) -> str:
        return _(TOPIC_LABELS[self])


# The form's own English wording, so the dialog reads like the paper the client crossed.
TOPIC_LABELS = {
    Topic.RESIDENCE: N_("Residence and documents"),
    Topic.LANGUAGE: N_("Language and school"),
    Topic.WORK: N_("Work and income"),
    Topic.HOUSING: N_("Housing"),
    Topic.HEALTH: N_("Health"),
    Topic.FAMILY: N_("Family and children"),
}
# A topic left out leaves out the goals of these life domains; where a domain mixes topics
# ("Bildung/Sprache/Ausbildung/Arbeit"), leaving out either topic leaves out the domain.
TOPIC_DOMAINS: dict[Topic, frozenset[LifeDomain]] = {
    Topic.RESIDENCE: frozenset({LifeDomain.RESIDENCE}),
    Topic.LANGUAGE: frozenset({LifeDomain.EDUCATION_WORK}),
    Topic.WORK: frozenset({LifeDomain.EDUCATION_WORK, LifeDomain.FINANCES}),
    Topic.HOUSING: frozenset({LifeDomain.HOUSING}),
    Topic.HEALTH: frozenset({LifeDomain.HEALTH}),
    Topic.FAMILY: frozenset({LifeDomain.FAMILY}),
}
# ... and these lines of the cover sheet: its data, and the agencies whose mere involvement
# tells the topic (a doctor tells of health).
TOPIC_FIELDS: dict[Topic, frozenset[str]] = {
    Topic.RESIDENCE: frozenset({"residence_title", "agency_aib", "agency_social_asylblg"}),
    Topic.LANGUAGE: frozenset(),
    Topic.WORK: frozenset({"agency_jobcenter", "agency_employment_agency", "agency_employer"}),
    Topic.HOUSING: frozenset(),
    Topic.HEALTH: frozenset({"agency_doctors", "agency_insurance"}),
    Topic.FAMILY: frozenset(
        {"marital_status", "household", "children_in_household", "agency_family", "agency_youth"}
    ),
}


@dataclass(frozen=True)
class Exclusions:
    """What the client excluded from a needs conference: participants (agencies or persons,
    as the cover sheet names them), topics of the form, and further restrictions in words."""

    participants: tuple[str, ...] = field(default=(), repr=False)
    topics: tuple[Topic, ...] = ()
    other: str = field(default="", repr=False)

    def __bool__(self) -> bool:
        return bool(self.participants or self.topics or self.other.strip())

    @property
    def domains(self) -> frozenset[LifeDomain]:
        return frozenset().union(*(TOPIC_DOMAINS[t] for t in self.topics))

    @property
    def field_keys(self) -> frozenset[str]:
        return frozenset().union(*(TOPIC_FIELDS[t] for t in self.topics))

    def excludes(self, label: str, name: str) -> bool:
        return agency_matches(self.participants, label, name)


@dataclass(frozen=True)
class Release:
    """One release from confidentiality with the day it ends and its single withdrawals."""

    consent: Consent
    ends_on: date  # the last day it is valid
    withdrawn: Mapping[str, date] = field(default_factory=dict, repr=False)

    def in_force(self, on: date) -> bool:
        consent = self.consent
        return consent.signed_on <= on <= self.ends_on and (
            consent.withdrawn_on is None or consent.withdrawn_on > on
        )

    def covered(self, on: date) -> tuple[str, ...]:
        """The agencies it covers on ``on``: none once it ended or was withdrawn."""
        if not self.in_force(on):
            return ()
        return tuple(a for a in self.consent.agencies if not self.withdrawn_by(a, on))

    def withdrawn_by(self, agency: str, on: date) -> bool:
        withdrawn_on = self.withdrawn.get(agency)
        return withdrawn_on is not None and withdrawn_on <= on


def release_ends_on(signed_on: date, closed_on: date | None) -> date:
    """Until the end of the case management, at most two years from the signature."""
    limit = add_years(signed_on, RELEASE_YEARS)
    return min(limit, closed_on) if closed_on is not None else limit


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def agency_matches(named: Iterable[str], label: str, name: str) -> bool:
    """Whether one of ``named`` names the cover sheet's line: as the consent dialog offers it
    ("Jobcenter: Jobcenter Solingen"), by the agency's name or by the line's kind. Nothing
    looser: an agency wrongly taken for covered would be shown to the others."""
    line = {_key(f"{label}: {name}"), _key(name), _key(label)} - {""}
    return any(_key(text) in line for text in named)


class ConsentScope:
    """The consents of one case as they act on a given day."""

    def __init__(self, caseload: Caseload, case_id: int) -> None:
        case = caseload.case(case_id)
        consents = caseload.consents(case_id)
        withdrawals = rows.agency_withdrawals(caseload.db, case_id)
        exclusions = rows.conference_exclusions(caseload.db, case_id)
        self.releases = [
            Release(c, release_ends_on(c.signed_on, case.closed_on), withdrawals.get(c.id or 0, {}))
            for c in consents
            if c.kind is ConsentKind.CONFIDENTIALITY_RELEASE
        ]
        self.conferences = [
            (c, _exclusions(c, exclusions.get(c.id or 0, {})))
            for c in consents
            if c.kind is ConsentKind.NEEDS_CONFERENCE
        ]
        self.case_open = case.phase.is_open

    def release(self, consent_id: int) -> Release | None:
        return next((r for r in self.releases if r.consent.id == consent_id), None)

    def covered_agencies(self, on: date) -> list[str]:
        return list(dict.fromkeys(a for r in self.releases for a in r.covered(on)))

    def covers(self, label: str, name: str, on: date) -> bool:
        return agency_matches(self.covered_agencies(on), label, name)

    def conference_consent(self, on: date) -> tuple[Consent, Exclusions] | None:
        """The latest consent to a needs conference signed by ``on`` and not withdrawn."""
        valid = [
            (c, x)
            for c, x in self.conferences
            if c.signed_on <= on and (c.withdrawn_on is None or c.withdrawn_on > on)
        ]
        return valid[-1] if valid else None

    def exclusions(self, on: date) -> Exclusions:
        """What the conference consent in force on ``on`` excludes (the latest replaces
        earlier ones); nothing without one."""
        found = self.conference_consent(on)
        return found[1] if found else Exclusions()

    def describe(self, consent: Consent, on: date) -> str:
        """What a consent covers, for the case manager's own view: a release's agencies (a
        withdrawn one marked) and its end, a conference's exclusions."""
        release = self.release(consent.id or 0)
        if release is not None:
            # The end first: a long list of agencies is cut off in the table's cell.
            end = format_german_date(release.ends_on)
            names = []
            if release.in_force(on):
                names.append(_("valid until {date}").format(date=end))
            elif consent.withdrawn_on is None and release.ends_on < on:
                names.append(_("ended on {date}").format(date=end))
            names += [a for a in consent.agencies if not release.withdrawn_by(a, on)]
            names += [
                _("{agency} (withdrawn on {date})").format(
                    agency=a, date=format_german_date(release.withdrawn[a])
                )
                for a in consent.agencies
                if release.withdrawn_by(a, on)
            ]
            return "; ".join(names)
        exclusions = next((x for c, x in self.conferences if c.id == consent.id), None)
        if exclusions is None:
            return ""
        return "; ".join(exclusion_lines(exclusions))

    def release_notices(self, on: date) -> list[str]:
        """For the case view: the release in force ends within the notice period, or the last
        one ended after two years and the case is still open. A release signed anew in time
        ends the warning about the old one."""
        if not self.case_open:
            return []
        in_force = [r for r in self.releases if r.in_force(on)]
        if in_force:
            last = max(in_force, key=lambda r: r.ends_on)
            if (last.ends_on - on).days > EXPIRY_NOTICE_DAYS:
                return []
            return [
                _(
                    "The release from confidentiality signed on {signed} ends on {end} "
                    "(at most two years). Have a new one signed if the agencies are still "
                    "needed."
                ).format(
                    signed=format_german_date(last.consent.signed_on),
                    end=format_german_date(last.ends_on),
                )
            ]
        expired = [r for r in self.releases if r.ends_on < on and r.consent.withdrawn_on is None]
        if not expired:
            return []
        last = max(expired, key=lambda r: r.ends_on)
        return [
            _(
                "The release from confidentiality ended on {end}: no agency is named in the "
                "case file until a new one is signed."
            ).format(end=format_german_date(last.ends_on))
        ]


def _exclusions(consent: Consent, stored: Mapping[str, list[str]]) -> Exclusions:
    topics = tuple(Topic(t) for t in stored.get(rows.TOPIC, []) if t in _TOPIC_KEYS)
    return Exclusions(
        participants=tuple(stored.get(rows.PARTICIPANT, [])),
        topics=topics,
        other=consent.restrictions,
    )


_TOPIC_KEYS = frozenset(t.value for t in Topic)


# -- recording ---------------------------------------------------------------------------


def check_exclusions(consent: Consent, exclusions: Exclusions | None) -> None:
    if exclusions is None or not (exclusions.participants or exclusions.topics):
        return
    if consent.kind is not ConsentKind.NEEDS_CONFERENCE:
        raise BadInput(_("Only a needs conference excludes participants or topics."))


def store_exclusions(db: Database, consent_id: int, exclusions: Exclusions | None) -> None:
    """Inside the transaction that stores the consent."""
    if exclusions is not None:
        rows.insert_conference_exclusions(
            db,
            consent_id,
            participants=exclusions.participants,
            topics=(t.value for t in exclusions.topics),
        )


def withdraw_agencies(
    caseload: Caseload, case_id: int, consent_id: int, agencies: Sequence[str], on: date
) -> None:
    """The client withdrew the release for these agencies from ``on`` on; the rest stays.
    Audit-logged with the number of agencies, never their names."""
    release = ConsentScope(caseload, case_id).release(consent_id)
    if release is None:
        raise BadInput(_("This release from confidentiality is not part of the case."))
    if release.consent.withdrawn_on is not None:
        raise BadInput(_("This consent has already been withdrawn."))
    if not agencies:
        raise BadInput(_("Choose the agencies the release is withdrawn for."))
    if any(a not in release.consent.agencies for a in agencies):
        raise BadInput(_("The release does not name this agency."))
    if any(a in release.withdrawn for a in agencies):
        raise BadInput(_("The release has already been withdrawn for this agency."))
    if on > caseload.today:
        raise BadInput(_("A withdrawal cannot be dated in the future."))
    if on < release.consent.signed_on:
        raise BadInput(_("A withdrawal cannot be dated before the consent was signed."))
    with caseload.db.transaction():
        rows.insert_agency_withdrawals(caseload.db, consent_id, dict.fromkeys(agencies), on)
        caseload.repo.append_audit(
            "consent.agency_withdrawn",
            case_id,
            f"{ConsentKind.CONFIDENTIALITY_RELEASE.value} {len(set(agencies))}",
        )


# -- the needs plan ----------------------------------------------------------------------


def plans_conference(definition: FormDefinition) -> bool:
    return definition.kind is FormKind.NEEDS_PLAN and any(
        f.key == CONFERENCE_FIELD for f in definition.fields
    )


def check_finishing(
    caseload: Caseload, definition: FormDefinition, case_id: int, answers: Mapping[str, Any]
) -> None:
    """A needs plan that plans a Bedarfskonferenz is finished only with the client's consent
    to it: signed by the plan's date and not withdrawn since. The problem is put at the field,
    like any other of the form."""
    if not plans_conference(definition) or answers.get(CONFERENCE_FIELD) is not True:
        return
    planned_on = date.fromisoformat(answers.get(definition.date_field, caseload.today.isoformat()))
    scope = ConsentScope(caseload, case_id)
    if scope.conference_consent(planned_on) and scope.conference_consent(caseload.today):
        return
    raise AnswerError(
        [
            AnswerProblem(
                CONFERENCE_FIELD,
                definition.field(CONFERENCE_FIELD).label,
                _(
                    "a needs conference needs the client's signed consent to it; record it "
                    "under Consents first"
                ),
            )
        ]
    )


def conference_notice(caseload: Caseload, case_id: int) -> str:
    """What the case manager must know when preparing the conference: whether the consent is
    there, and what the client excluded."""
    found = ConsentScope(caseload, case_id).conference_consent(caseload.today)
    if found is None:
        return _(
            "No consent to a needs conference is recorded. A plan with a needs conference can "
            "only be finished once the client signed it (tab Consents)."
        )
    consent, exclusions = found
    lines = [
        _("Consent to the needs conference signed on {date}.").format(
            date=format_german_date(consent.signed_on)
        )
    ]
    lines += exclusion_lines(exclusions) or [_("The client excluded nothing.")]
    return "\n".join(lines)


def exclusion_lines(exclusions: Exclusions) -> list[str]:
    lines = []
    if exclusions.participants:
        lines.append(
            _("Must not take part: {names}").format(names=", ".join(exclusions.participants))
        )
    if exclusions.topics:
        lines.append(
            _("Must not be discussed: {topics}").format(
                topics=", ".join(t.label for t in exclusions.topics)
            )
        )
    if exclusions.other.strip():
        lines.append(_("Further restrictions: {text}").format(text=exclusions.other.strip()))
    return lines


# -- handover --------------------------------------------------------------------------------


def handover_values(caseload: Caseload, consent: Consent) -> dict[str, Any]:
    """A consent's single withdrawals and conference exclusions for the handover file; an
    empty dict where there are none, so a file without them reads as before."""
    values: dict[str, Any] = {}
    withdrawn = rows.agency_withdrawals(caseload.db, consent.case_id).get(consent.id or 0)
    if withdrawn:
        values["agency_withdrawals"] = {a: on.isoformat() for a, on in withdrawn.items()}
    excluded = rows.conference_exclusions(caseload.db, consent.case_id).get(consent.id or 0)
    if excluded:
        values["conference_exclusions"] = excluded
    return values


def store_handover_values(db: Database, consent_id: int, values: Mapping[str, Any]) -> None:
    """Inside the handover's transaction; a malformed value raises ValueError or TypeError,
    which the handover reports as an incomplete file."""
    withdrawn = values.get("agency_withdrawals") or {}
    for agency, on in dict(withdrawn).items():
        rows.insert_agency_withdrawals(db, consent_id, [str(agency)], date.fromisoformat(on))
    excluded = dict(values.get("conference_exclusions") or {})
    rows.insert_conference_exclusions(
        db,
        consent_id,
        participants=[str(p) for p in excluded.get(rows.PARTICIPANT, [])],
        topics=[Topic(t).value for t in excluded.get(rows.TOPIC, [])],
    )
