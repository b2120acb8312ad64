"""The caseload as the application uses it: the domain rules over the encrypted store.

The GUI, the command line, the importer and the demo all go through this class; it keeps
the hard rules (consent before assessment data, the phase machine, one open case per
person) and writes the audit log, which never holds personal data.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import sqlcipher3

from kimdesk.domain.identifiers import new_pseudonym
from kimdesk.domain.phases import Phase, allowed_transitions, requires_consent
from kimdesk.domain.records import (
    AuditEntry,
    CaseRef,
    CaseRow,
    Consent,
    Contact,
    FormInstance,
    Goal,
    PersonData,
    Profile,
    Referral,
    Service,
)
from kimdesk.domain.rules import (
    CaseActivity,
    caseload_capacity,
    caseload_count,
    closure_suggested,
)
from kimdesk.domain.vocabulary import ClosureReason, ConsentKind, FormStatus
from kimdesk.errors import BadInput, ConsentRequired, DamagedDatabase, PhaseTransitionError
from kimdesk.forms.answers import clean_answers
from kimdesk.forms.compare import RatingChange, assessment_changes
from kimdesk.forms.loader import FormRegistry, default_forms, from_snapshot, snapshot
from kimdesk.forms.model import FormDefinition, FormKind
from kimdesk.i18n import _
from kimdesk.store.database import Database, remove_caseload_files
from kimdesk.store.repository import Repository

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
        self.repo = Repository(db)
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
        values = self.repo.profile_values()
        return Profile(
            case_manager=values.get("case_manager", ""),
            organisation=values.get("organisation", ""),
            municipality=values.get("municipality", ""),
            full_time_share=float(values.get("full_time_share", "1") or 1),
            coordination_email=values.get("coordination_email", ""),
            is_demo=values.get("is_demo") == "1",
        )

    def update_profile(self, profile: Profile) -> None:
        with self.db.transaction():
            self.repo.set_profile_values(_profile_values(profile))
            self.repo.append_audit("profile.updated")

    def change_password(self, new_password: str) -> None:
        self.db.change_password(new_password)
        with self.db.transaction():
            self.repo.append_audit("password.changed")

    # -- persons and cases -----------------------------------------------------------------

    def add_person(self, person: PersonData) -> int:
        if not person.surname.strip() or not person.given_names.strip():
            raise BadInput(_("Surname and given names are required."))
        with self.db.transaction():
            return self.repo.insert_person(person)

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
            number = str(self.repo.next_case_number(opened_on.year))
            pseudonym = self._fresh_pseudonym(rng)
            try:
                case_id = self.repo.insert_case(
                    person_id=person_id,
                    case_number=number,
                    pseudonym=pseudonym,
                    phase=Phase.SCREENING,
                    opened_on=opened_on,
                    admitted_on=None,
                    access_route=access_route,
                )
            except sqlcipher3.IntegrityError:
                raise BadInput(_("This person already has an open case.")) from None
            self.repo.append_audit("case.opened", case_id)
        return CaseRef(case_id, number, pseudonym)

    def _fresh_pseudonym(self, rng: random.Random | None) -> str:
        while True:
            candidate = new_pseudonym(rng)
            if not self.repo.pseudonym_taken(candidate):
                return candidate

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
        if target not in allowed_transitions(case.phase):
            raise PhaseTransitionError(
                _("A case in the phase “{current}” cannot move to “{target}”.").format(
                    current=case.phase.label, target=target.label
                )
            )
        if requires_consent(target) and not self.has_valid_consent(case_id, on):
            raise ConsentRequired(
                _("Record the signed consent to data processing before the assessment.")
            )
        if (target is Phase.CLOSED) != (closure_reason is not None):
            raise BadInput(_("A closure needs exactly one closure reason."))
        if closure_reason is ClosureReason.OTHER and not closure_note.strip():
            raise BadInput(_("Please explain the other closure reason."))
        admitted_on = case.admitted_on
        if admitted_on is None and requires_consent(target):
            admitted_on = on
        with self.db.transaction():
            self.repo.update_case_phase(
                case_id,
                phase=target,
                admitted_on=admitted_on,
                closed_on=on if target in (Phase.CLOSED, Phase.NOT_ADMITTED) else None,
                closure_reason=closure_reason,
                closure_note=closure_note,
            )
            self.repo.insert_phase_change(case_id, case.phase, target, on)
            self.repo.append_audit("case.phase", case_id, f"{case.phase.value}->{target.value}")

    def phase_history(self, case_id: int) -> list[tuple[Phase, date]]:
        return self.repo.phase_history(case_id)

    # -- consents ----------------------------------------------------------

    def record_consent(self, consent: Consent) -> int:
        if consent.signed_on > self.today:
            raise BadInput(_("A consent cannot be signed in the future."))
        if not consent.language.strip():
            raise BadInput(_("Please state the language of the consent form."))
        if consent.kind is ConsentKind.CONFIDENTIALITY_RELEASE and not consent.agencies:
            raise BadInput(_("A release from confidentiality must list the agencies it covers."))
        with self.db.transaction():
            consent_id = self.repo.insert_consent(consent)
            self.repo.append_audit("consent.recorded", consent.case_id, consent.kind.value)
        return consent_id

    def consents(self, case_id: int) -> list[Consent]:
        return self.repo.consents(case_id)

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
            self.repo.append_audit(
                "form.saved", case_id, f"{form_key} v{definition.version} {instance.status.value}"
            )
        return self.form_instance(instance.id or 0)

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
        if contact.minutes < 0:
            raise BadInput(_("The duration cannot be negative."))
        if contact.contact_on > self.today:
            raise BadInput(_("A contact cannot lie in the future."))
        with self.db.transaction():
            contact_id = self.repo.insert_contact(contact)
            self.repo.append_audit("contact.added", contact.case_id)
        return contact_id

    def contacts(self, case_id: int) -> list[Contact]:
        return self.repo.contacts(case_id)

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

    def add_referral(self, referral: Referral) -> int:
        with self.db.transaction():
            referral_id = self.repo.insert_referral(referral)
            self.repo.append_audit("referral.added", referral.case_id)
        return referral_id

    # -- rules over the whole caseload -----------------------------------------------------

    def activities(self) -> list[CaseActivity]:
        return self.repo.case_activities()

    def caseload_count(self, on: date | None = None) -> int:
        return caseload_count(self.activities(), on or self.today)

    def caseload_capacity(self) -> float:
        return caseload_capacity(self.profile().full_time_share)

    def closure_suggestions(self, on: date | None = None) -> list[CaseRow]:
        on = on or self.today
        return [row for row in self.cases() if closure_suggested(_activity_of(row), on)]

    def audit_log(self) -> list[AuditEntry]:
        return self.repo.audit_entries()


def _activity_of(row: CaseRow) -> CaseActivity:
    return CaseActivity(
        person_id=row.person_id,
        phase=row.phase,
        opened_on=row.opened_on,
        admitted_on=row.admitted_on,
        contact_count=1 if row.last_contact_on else 0,
        last_contact_on=row.last_contact_on,
        last_counselling_on=None,
    )


def _profile_values(profile: Profile) -> dict[str, str]:
    return {
        "case_manager": profile.case_manager,
        "organisation": profile.organisation,
        "municipality": profile.municipality,
        "full_time_share": repr(float(profile.full_time_share)),
        "coordination_email": profile.coordination_email,
        "is_demo": "1" if profile.is_demo else "0",
    }
