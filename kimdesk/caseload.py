"""The caseload as the application uses it: the domain rules over the encrypted store.

The GUI, the command line, the importer and the demo all go through this class; it keeps
the hard rules (consent before assessment data, the phase machine, one open case per
person) and writes the audit log, which never holds personal data.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from kimdesk import consent_scope, contact_attempts
from kimdesk.admission import Admissions, Admitted
from kimdesk.carry_forward import carry_forward
from kimdesk.case_conference import CaseConferences
from kimdesk.consent_scope import Exclusions
from kimdesk.corrections import Corrections
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import (
    DEFAULT_RETENTION_YEARS,
    MAX_RETENTION_YEARS,
    MIN_RETENTION_YEARS,
    AuditEntry,
    CaseRef,
    CaseRow,
    Consent,
    Contact,
    Draft,
    FormInstance,
    Goal,
    Overview,
    PersonData,
    Profile,
    Referral,
    Service,
    search_key,
)
from kimdesk.domain.referral_status import FIRST_STATUS, ReferralStatus
from kimdesk.domain.rules import (
    CaseActivity,
    activity_of,
    caseload_capacity,
    caseload_count,
    closure_suggested,
)
from kimdesk.domain.vocabulary import (
    AttemptChannel,
    ClosureReason,
    ConsentKind,
    FormStatus,
)
from kimdesk.draft_cleanup import discard_drafts
from kimdesk.errors import BadInput, ConsentRequired, DamagedDatabase
from kimdesk.form_effects import finishing_effects
from kimdesk.forms.answers import clean_answers
from kimdesk.forms.compare import RatingChange, assessment_changes
from kimdesk.forms.computed import fill_computed
from kimdesk.forms.loader import FormRegistry, default_forms, from_snapshot, snapshot
from kimdesk.forms.model import FormDefinition, FormKind
from kimdesk.i18n import _
from kimdesk.overview import compute_overview
from kimdesk.overview import reports_due as overview_reports_due
from kimdesk.passwords import check_new_password, profile_words
from kimdesk.phase_moves import apply_move, check_move
from kimdesk.referral_followup import ReferralFollowUps
from kimdesk.store.database import Database, remove_caseload_files
from kimdesk.store.dialog_drafts import DialogDrafts
from kimdesk.store.repository import Repository
from kimdesk.system_config import effective_profile_values, preset_new_profile
from kimdesk.workflow import (
    CaseState,
    Step,
    Unavailable,
    assessment_names,
    availability,
    next_steps,
    prefill,
)

log = logging.getLogger(__name__)


class Caseload:
    def __init__(
        self,
        db: Database,
        *,
        today: Callable[[], date] = date.today,
        forms: FormRegistry | None = None,
    ) -> None:
        self.db = db
        self.repo = Repository(db, now=lambda: datetime.combine(today(), datetime.now().time()))
        self._today = today
        self._forms = forms

    @classmethod
    def open(
        cls,
        path: Path,
        password: str,
        *,
        today: Callable[[], date] = date.today,
        forms: FormRegistry | None = None,
    ) -> Caseload:
        return cls(Database.open(path, password), today=today, forms=forms)

    @classmethod
    def create(
        cls,
        path: Path,
        password: str,
        profile: Profile,
        *,
        today: Callable[[], date] = date.today,
        forms: FormRegistry | None = None,
    ) -> Caseload:
        profile = preset_new_profile(profile)  # IT's presets where nobody chose a value
        check_profile(profile)
        check_new_password(password, user_inputs=profile_words(profile))
        caseload = cls(Database.create(path, password), today=today, forms=forms)
        try:
            with caseload.db.transaction():
                caseload.repo.set_profile_values(_profile_values(profile))
                caseload.repo.append_audit("caseload.created")
        except BaseException:
            caseload.close()
            remove_caseload_files(path)
            raise
        return caseload

    def close(self) -> None:
        self.db.close()

    @property
    def today(self) -> date:
        return self._today()

    # -- profile ---------------------------------------------------------------------------

    def profile(self) -> Profile:
        values = effective_profile_values(self.repo.profile_values())  # IT's kimdesk.toml
        return Profile(
            case_manager=values.get("case_manager", ""),
            organisation=values.get("organisation", ""),
            municipality=values.get("municipality", ""),
            full_time_share=float(values.get("full_time_share", "1") or 1),
            coordination_email=values.get("coordination_email", ""),
            is_demo=values.get("is_demo") == "1",
            idle_lock_minutes=int(values.get("idle_lock_minutes", "10") or 10),
            organisation_address=values.get("organisation_address", ""),
            data_protection_officer=values.get("data_protection_officer", ""),
            retention_years=int(values.get("retention_years", "") or DEFAULT_RETENTION_YEARS),
        )

    def update_profile(self, profile: Profile) -> None:
        check_profile(profile)
        with self.db.transaction():
            self.repo.set_profile_values(_profile_values(profile))
            self.repo.append_audit("profile.updated")

    def password_matches(self, password: str) -> bool:
        return self.db.password_matches(password)

    def change_password(self, new_password: str) -> None:
        check_new_password(new_password, user_inputs=profile_words(self.profile()))
        self.db.change_password(new_password)
        with self.db.transaction():
            self.repo.append_audit("password.changed")

    # -- persons and cases -----------------------------------------------------------------

    def add_person(self, person: PersonData) -> int:
        """Only the person; a new person together with the first case: ``admit_person``."""
        _check_names(person)
        with self.db.transaction():
            return self.repo.insert_person(person)

    def admit_person(
        self,
        person: PersonData,
        *,
        opened_on: date | None = None,
        access_route: str = "",
        rng: random.Random | None = None,
    ) -> Admitted:
        """A new person with their first case at the screening, in one transaction."""
        _check_names(person)
        with self.db.transaction():
            admitted = Admissions(self.repo, rng=rng).admit(
                person, opened_on=opened_on or self.today, access_route=access_route
            )
            self.repo.append_audit("case.opened", admitted.case.id)
        return admitted

    def open_case(
        self,
        person_id: int,
        *,
        opened_on: date | None = None,
        access_route: str = "",
        rng: random.Random | None = None,
    ) -> CaseRef:
        """Open a case episode at the screening; one open episode per person."""
        opened_on = opened_on or self.today
        with self.db.transaction():
            try:
                case = Admissions(self.repo, rng=rng).open_case(
                    person_id,
                    phase=Phase.SCREENING,
                    opened_on=opened_on,
                    access_route=access_route,
                )
            except sqlcipher3.IntegrityError:
                raise BadInput(_("This person already has an open case.")) from None
            self.repo.append_audit("case.opened", case.id)
        return case

    def case(self, case_id: int) -> CaseRow:
        row = self.repo.case(case_id)
        if row is None:
            raise BadInput(_("There is no such case."))
        return row

    def person(self, person_id: int) -> PersonData:
        person = self.repo.person(person_id)
        if person is None:
            raise BadInput(_("There is no such person."))
        return person

    def cases(self) -> list[CaseRow]:
        return self.repo.list_cases()

    def find_cases(self, fragment: str) -> list[CaseRow]:
        return self.repo.find_cases(fragment)

    def move_to(
        self,
        case_id: int,
        target: Phase,
        *,
        on: date | None = None,
        closure_reason: ClosureReason | None = None,
        closure_note: str = "",
    ) -> None:
        """Move a case along the Regelkreis, keeping the documents' hard rules."""
        on = on or self.today
        case = self.case(case_id)
        check_move(self, case, target, on, closure_reason, closure_note)
        with self.db.transaction():
            apply_move(self, case, target, on, closure_reason, closure_note)

    def phase_history(self, case_id: int) -> list[tuple[Phase, date]]:
        return self.repo.phase_history(case_id)

    # -- consents ----------------------------------------------------------

    def record_consent(self, consent: Consent, *, exclusions: Exclusions | None = None) -> int:
        """``exclusions``: what the client excluded from a needs conference."""
        if consent.signed_on > self.today:
            raise BadInput(_("A consent cannot be signed in the future."))
        if not consent.language.strip():
            raise BadInput(_("Please state the language of the consent form."))
        if consent.kind is ConsentKind.CONFIDENTIALITY_RELEASE and not consent.agencies:
            raise BadInput(_("A release from confidentiality must list the agencies it covers."))
        consent_scope.check_exclusions(consent, exclusions)
        with self.db.transaction():
            consent_id = self.repo.insert_consent(consent)
            consent_scope.store_exclusions(self.db, consent_id, exclusions)
            self.repo.append_audit("consent.recorded", consent.case_id, consent.kind.value)
        return consent_id

    def consents(self, case_id: int) -> list[Consent]:
        return self.repo.consents(case_id)

    def withdraw_consent(self, case_id: int, consent_id: int, on: date | None = None) -> None:
        """Record that the client withdrew this consent on ``on`` (today by default).

        What was processed before stays lawful and stays stored; from that day on, a
        withdrawn consent to data processing no longer allows new assessment data.
        """
        on = on or self.today
        consent = next((c for c in self.repo.consents(case_id) if c.id == consent_id), None)
        if consent is None:
            raise BadInput(_("This consent is not part of the case."))
        if consent.kind is ConsentKind.PRIVACY_NOTICE:
            raise BadInput(_("The privacy notice was handed out; there is nothing to withdraw."))
        if consent.withdrawn_on is not None:
            raise BadInput(_("This consent has already been withdrawn."))
        if on > self.today:
            raise BadInput(_("A withdrawal cannot be dated in the future."))
        if on < consent.signed_on:
            raise BadInput(_("A withdrawal cannot be dated before the consent was signed."))
        with self.db.transaction():
            self.repo.set_consent_withdrawn(consent_id, on)
            self.repo.append_audit("consent.withdrawn", case_id, consent.kind.value)

    def withdraw_consent_agencies(
        self, case_id: int, consent_id: int, agencies: Sequence[str], on: date | None = None
    ) -> None:
        """The client withdrew the release from confidentiality for these agencies only."""
        consent_scope.withdraw_agencies(self, case_id, consent_id, agencies, on or self.today)

    def has_valid_consent(self, case_id: int, on: date | None = None) -> bool:
        """A signed consent to data processing, dated on or before ``on``, not withdrawn."""
        on = on or self.today
        return any(
            c.kind is ConsentKind.DATA_PROCESSING
            and c.signed_on <= on
            and (c.withdrawn_on is None or c.withdrawn_on > on)
            for c in self.repo.consents(case_id)
        )

    # -- forms -----------------------------------------------------------------------------

    @property
    def forms(self) -> FormRegistry:
        """The form definitions of forms/, read and checked on first use."""
        if self._forms is None:
            self._forms = default_forms()
        return self._forms

    def save_form(
        self,
        case_id: int,
        form_key: str,
        answers: Mapping[str, Any],
        *,
        final: bool,
        instance_id: int | None = None,
    ) -> FormInstance:
        """Check the answers against the definition and store them as a draft or final form.

        A stored instance is always saved against the definition it was first saved under,
        so an old form keeps its fields after forms/ changed.
        """
        existing = self.form_instance(instance_id) if instance_id is not None else None
        if existing is not None and (existing.case_id, existing.form_key) != (case_id, form_key):
            raise BadInput(_("This form belongs to another case."))
        definition = self.definition_of(existing) if existing else self.forms.get(form_key)
        self.case(case_id)
        answers = fill_computed(definition, answers, today=self.today)  # never typed, never off
        cleaned = clean_answers(definition, answers, final=final)
        recorded_on = date.fromisoformat(cleaned.get(definition.date_field, self.today.isoformat()))
        if recorded_on > self.today:
            raise BadInput(_("The date of the form cannot lie in the future."))
        if definition.requires_consent and not self.has_valid_consent(case_id, recorded_on):
            raise ConsentRequired(
                _(
                    "No form data without a signed consent: record the consent to data "
                    "processing first."
                )
            )
        if final:
            consent_scope.check_finishing(self, definition, case_id, cleaned)
        effects = finishing_effects(self, definition, case_id, cleaned) if final else None
        digest, text = snapshot(definition)
        instance = FormInstance(
            case_id=case_id,
            form_key=form_key,
            form_version=definition.version,
            status=FormStatus.FINAL if final else FormStatus.DRAFT,
            recorded_on=recorded_on,
            answers=cleaned,
            id=instance_id,
            definition_digest=digest,
        )
        with self.db.transaction():
            self.repo.store_definition(digest, definition.key, definition.version, text)
            if existing is None:
                new_id = self.repo.insert_form_instance(
                    instance,
                    kind=definition.kind.value,
                    domain=definition.domain.value if definition.domain else None,
                )
                instance = replace(instance, id=new_id)
            else:
                self.repo.update_form_instance(instance)
            if effects is not None:
                effects()
            self.repo.append_audit(
                "form.saved", case_id, f"{form_key} v{definition.version} {instance.status.value}"
            )
            if final:
                self.corrections.settle_finished(instance.id or 0)
        return self.form_instance(instance.id or 0)

    def discard_draft(self, instance_id: int) -> None:
        self.discard_drafts([instance_id])

    def discard_drafts(self, instance_ids: Sequence[int]) -> int:
        """Abandoned drafts, all or none; audit-logged without values."""
        return discard_drafts(self, instance_ids)

    def drafts(self) -> list[Draft]:
        return [
            Draft(
                instance_id=instance.id or 0,
                case_id=instance.case_id,
                case_number=case_number,
                form_key=instance.form_key,
                title=self._title_of(instance.form_key),
                updated_at=instance.updated_at,
            )
            for instance, case_number in self.repo.drafts()
        ]

    @property
    def corrections(self) -> Corrections:
        """Changing and removing what was recorded by mistake; correcting finished forms."""
        return Corrections(self)

    @property
    def dialog_drafts(self) -> DialogDrafts:
        """Input typed into a dialog, kept while the caseload is locked."""
        return DialogDrafts(self.db)

    def _title_of(self, form_key: str) -> str:
        return self.forms.get(form_key).title if form_key in self.forms else form_key

    def case_state(self, case_id: int) -> CaseState:
        case = self.case(case_id)
        history = self.repo.phase_history(case_id)
        entered = next((on for phase, on in reversed(history) if phase is case.phase), None)
        return CaseState(
            case=case,
            has_consent=self.has_valid_consent(case_id),
            forms=tuple(self.form_instances(case_id)),
            open_goals=tuple(self.open_goals(case_id)),
            today=self.today,
            entered_phase_on=entered,
        )

    def form_availability(
        self, case_id: int, form_key: str, *, state: CaseState | None = None
    ) -> Unavailable | None:
        """``state``: the case's state if the caller has it (one read for every form)."""
        return availability(state or self.case_state(case_id), self.forms.get(form_key))

    def next_steps(self, case_id: int, *, state: CaseState | None = None) -> list[Step]:
        return next_steps(state or self.case_state(case_id), assessment_names(list(self.forms)))

    def prefill(self, case_id: int, form_key: str) -> dict[str, Any]:
        """The answers a new form of this case starts with."""
        case = self.case(case_id)
        definition, person = self.forms.get(form_key), self.person(case.person_id)
        values = prefill(
            definition,
            case=case,
            person=person,
            profile=self.profile(),
            previous=self.form_instances(case_id),
            open_goals=self.open_goals(case_id),
            today=self.today,
        )
        cover_sheets = self.form_instances(case_id, FormKind.COVER_SHEET)
        return carry_forward(
            definition, values, person=person, cover_sheets=cover_sheets, today=self.today
        )

    def form_instance(self, instance_id: int) -> FormInstance:
        instance = self.repo.form_instance(instance_id)
        if instance is None:
            raise BadInput(_("There is no such form."))
        return instance

    def form_instances(self, case_id: int, kind: FormKind | None = None) -> list[FormInstance]:
        return self.repo.form_instances(case_id, kind=kind.value if kind else None)

    def definition_of(self, instance: FormInstance) -> FormDefinition:
        """The definition an instance was saved under (the current one if unchanged)."""
        if instance.form_key in self.forms:
            current = self.forms.get(instance.form_key)
            if snapshot(current)[0] == instance.definition_digest:
                return current
        stored = self.repo.stored_definition(instance.definition_digest)
        if stored is None:
            raise DamagedDatabase(_("The definition of a stored form is missing."))
        return from_snapshot(stored)

    def assessment_changes(self, case_id: int) -> list[RatingChange]:
        """Per domain and rating line: the first assessment's value, later values, change."""
        return assessment_changes(
            (self.definition_of(instance), instance)
            for instance in self.form_instances(case_id, FormKind.ASSESSMENT)
        )

    # -- contacts, goals, referrals, services ----------------------------------------------

    def add_contact(self, contact: Contact) -> int:
        """Record a contact, or an unanswered attempt (``contact.attempt`` set)."""
        contact_attempts.check_contact(contact, self.today)
        with self.db.transaction():
            contact_id = self.repo.insert_contact(contact)
            self.repo.append_audit(contact_attempts.audit_action(contact), contact.case_id)
        return contact_id

    def record_attempt(
        self, case_id: int, on: date, channel: AttemptChannel, note: str = ""
    ) -> int:
        return self.add_contact(contact_attempts.attempt(case_id, on, channel, note))

    def contacts(self, case_id: int) -> list[Contact]:
        return self.repo.contacts(case_id)

    def goals(self, case_id: int) -> list[Goal]:
        return [goal for _id, goal in self.repo.goals(case_id)]

    def open_goals(self, case_id: int) -> list[Goal]:
        """The agreed goals not yet reviewed, by position."""
        return sorted(
            (g for g in self.goals(case_id) if g.reviewed_on is None), key=lambda g: g.position
        )

    def referrals(self, case_id: int) -> list[Referral]:
        return [referral for _id, referral in self.repo.referrals(case_id)]

    def services(self) -> list[tuple[int, Service]]:
        return self.repo.services()

    def find_services(self, text: str) -> list[tuple[int, Service]]:
        """Entries whose provider, offer or contact contain ``text`` (ignoring accents)."""
        wanted = search_key(text)
        return [
            (service_id, service)
            for service_id, service in self.services()
            if wanted in search_key(service.provider, service.offer, service.contact_person)
        ]

    def update_person(self, person_id: int, person: PersonData) -> None:
        if not person.surname.strip() or not person.given_names.strip():
            raise BadInput(_("Surname and given names are required."))
        self.person(person_id)
        with self.db.transaction():
            self.repo.update_person(person_id, person)
            self.repo.append_audit("person.updated")

    def add_goal(self, goal: Goal) -> int:
        if not goal.title.strip():
            raise BadInput(_("A goal needs a wording."))
        with self.db.transaction():
            goal_id = self.repo.insert_goal(goal)
            self.repo.append_audit("goal.added", goal.case_id)
        return goal_id

    def add_service(self, service: Service) -> int:
        with self.db.transaction():
            service_id = self.repo.insert_service(service)
            self.repo.append_audit("service.added")
        return service_id

    def add_referral(self, referral: Referral, status: ReferralStatus = FIRST_STATUS) -> int:
        """A new referral with its first status (agreed unless said otherwise)."""
        return self.referral_follow_ups.record(referral, status)

    @property
    def referral_follow_ups(self) -> ReferralFollowUps:
        """Where each referral stands: status changes, result, the ones without news."""
        return ReferralFollowUps(self)

    @property
    def case_conferences(self) -> CaseConferences:
        """Case conferences: preparation, minutes, tasks (kimdesk.case_conference)."""
        return CaseConferences(self)

    # -- rules over the whole caseload -----------------------------------------------------

    def activities(self) -> list[CaseActivity]:
        return self.repo.case_activities()

    def caseload_count(self, on: date | None = None) -> int:
        return caseload_count(self.activities(), on or self.today)

    def caseload_capacity(self) -> float:
        return caseload_capacity(self.profile().full_time_share)

    def closure_suggestions(self, on: date | None = None) -> list[CaseRow]:
        on = on or self.today
        return [row for row in self.cases() if closure_suggested(activity_of(row), on)]

    def overview(self, on: date | None = None) -> Overview:
        """The dashboard's figures and reminders (kimdesk.overview: indexed queries)."""
        return compute_overview(self, on or self.today)

    def started_on(self) -> date:
        """The day the caseload was created (from the audit log)."""
        created = self.repo.audit_entries("caseload.created")
        return date.fromisoformat(created[0].at[:10]) if created else self.today

    def reports_due(self, on: date | None = None) -> tuple[str, ...]:
        """The months whose report is due and not exported yet, oldest first."""
        return overview_reports_due(self, on or self.today)

    def record_report_export(self, month: str, file_name: str, rows: Mapping[str, int]) -> None:
        """Note in the audit log that a month's report left kimdesk (no personal data)."""
        counts = " ".join(f"{name}={n}" for name, n in rows.items())
        with self.db.transaction():
            self.repo.append_audit(REPORT_EXPORTED, None, f"{month} {file_name} {counts}".strip())

    def exported_months(self) -> set[str]:
        return {e.detail.split(" ")[0] for e in self.repo.audit_entries(REPORT_EXPORTED)}

    def audit_log(self) -> list[AuditEntry]:
        return self.repo.audit_entries()


REPORT_EXPORTED = "report.exported"


def _check_names(person: PersonData) -> None:
    if not person.surname.strip() or not person.given_names.strip():
        raise BadInput(_("Surname and given names are required."))




def _profile_values(profile: Profile) -> dict[str, str]:
    return {
        "case_manager": profile.case_manager,
        "organisation": profile.organisation,
        "municipality": profile.municipality,
        "full_time_share": repr(float(profile.full_time_share)),
        "coordination_email": profile.coordination_email,
        "is_demo": "1" if profile.is_demo else "0",
        "idle_lock_minutes": str(int(profile.idle_lock_minutes)),
        "organisation_address": profile.organisation_address,
        "data_protection_officer": profile.data_protection_officer,
        "retention_years": str(int(profile.retention_years)),
    }


def check_profile(profile: Profile) -> None:
    """Refuse a profile that would print nonsense on the consent documents."""
    if not MIN_RETENTION_YEARS <= profile.retention_years <= MAX_RETENTION_YEARS:
        raise BadInput(
            _("The retention period must be between {low} and {high} years.").format(
                low=MIN_RETENTION_YEARS, high=MAX_RETENTION_YEARS
            )
        )
