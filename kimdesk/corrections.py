"""Corrections of what was recorded by mistake: contacts, referrals and directory entries are
changed or removed; a finished form is corrected by a new version that replaces it, while the
earlier version stays stored and readable. Every correction is logged, never its values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kimdesk.contact_attempts import check_contact
from kimdesk.domain.records import Contact, Referral, Service
from kimdesk.domain.vocabulary import FormStatus
from kimdesk.errors import BadInput
from kimdesk.i18n import _, ngettext
from kimdesk.store.correction_rows import CorrectionRows, InstanceVersion

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload


# A form as the case view lists it: the current version, a replaced one (with the day it was
# replaced) or an unfinished correction (with the form it corrects).
FormVersion = InstanceVersion


class Corrections:
    """The corrections of one open caseload."""

    def __init__(self, caseload: Caseload) -> None:
        self._caseload = caseload
        self._db = caseload.db
        self._rows = CorrectionRows(caseload.db, caseload.repo)

    def _log(self, action: str, case_id: int | None, detail: str = "") -> None:
        self._caseload.repo.append_audit(action, case_id, detail)

    # -- contacts --------------------------------------------------------------------------

    def contacts(self, case_id: int) -> list[tuple[int, Contact]]:
        """The contacts of a case with their ids, oldest first."""
        return self._rows.contacts(case_id)

    def _contact_case(self, contact_id: int) -> int:
        case_id = self._rows.contact_case(contact_id)
        if case_id is None:
            raise BadInput(_("This contact no longer exists."))
        return case_id

    def update_contact(self, contact_id: int, contact: Contact) -> None:
        """Correct a contact; the same checks as when it was recorded."""
        case_id = self._contact_case(contact_id)
        if case_id != contact.case_id:
            raise BadInput(_("This contact belongs to another case."))
        check_contact(contact, self._caseload.today)
        with self._db.transaction():
            self._rows.update_contact(contact_id, contact)
            self._log("contact.corrected", case_id)

    def remove_contact(self, contact_id: int) -> None:
        case_id = self._contact_case(contact_id)
        with self._db.transaction():
            self._rows.delete_contact(contact_id)
            self._log("contact.removed", case_id)

    # -- referrals -------------------------------------------------------------------------

    def referrals(self, case_id: int) -> list[tuple[int, Referral]]:
        """The referrals of a case with their ids, oldest first."""
        return self._caseload.repo.referrals(case_id)

    def _referral_case(self, referral_id: int) -> int:
        case_id = self._rows.referral_case(referral_id)
        if case_id is None:
            raise BadInput(_("This referral no longer exists."))
        return case_id

    def update_referral(self, referral_id: int, referral: Referral) -> None:
        case_id = self._referral_case(referral_id)
        if case_id != referral.case_id:
            raise BadInput(_("This referral belongs to another case."))
        if referral.service_id is None and not referral.note.strip():
            raise BadInput(
                _("Choose a service from the directory or describe the referral in the note.")
            )
        if referral.service_id is not None and not self._rows.service_exists(referral.service_id):
            raise BadInput(_("This offer is no longer in the service directory."))
        if referral.referred_on > self._caseload.today:
            raise BadInput(_("A referral cannot lie in the future."))
        # Its status history begins on its date (a schema trigger moves that entry along).
        self._caseload.referral_follow_ups.check_corrected_date(referral_id, referral.referred_on)
        with self._db.transaction():
            self._rows.update_referral(referral_id, referral)
            self._log("referral.corrected", case_id)

    def remove_referral(self, referral_id: int) -> None:
        """The referral with its status history (ON DELETE CASCADE)."""
        case_id = self._referral_case(referral_id)
        with self._db.transaction():
            self._rows.delete_referral(referral_id)
            self._log("referral.removed", case_id)

    # -- the service directory -------------------------------------------------------------

    def _check_service(self, service_id: int) -> None:
        if not self._rows.service_exists(service_id):
            raise BadInput(_("This offer is no longer in the service directory."))

    def update_service(self, service_id: int, service: Service) -> None:
        self._check_service(service_id)
        if not service.provider.strip() or not service.offer.strip():
            raise BadInput(_("An offer needs a provider and a description."))
        with self._db.transaction():
            self._rows.update_service(service_id, service)
            self._log("service.corrected", None)

    def service_uses(self, service_id: int) -> int:
        """How many referrals name this offer."""
        return self._rows.service_uses(service_id)

    def remove_service(self, service_id: int) -> None:
        """Remove an offer no referral names; a named one is refused, since the referrals
        would lose whom the client was sent to (deactivate it instead)."""
        self._check_service(service_id)
        uses = self._rows.service_uses(service_id)
        if uses:
            raise BadInput(
                ngettext(
                    "This offer is named in {n} referral and cannot be removed; "
                    "deactivate it instead, then it is no longer offered for new referrals.",
                    "This offer is named in {n} referrals and cannot be removed; "
                    "deactivate it instead, then it is no longer offered for new referrals.",
                    uses,
                ).format(n=uses)
            )
        with self._db.transaction():
            self._rows.delete_service(service_id)
            self._log("service.removed", None)

    def set_service_active(self, service_id: int, active: bool) -> None:
        """Deactivate an offer (no longer offered for new referrals; the referrals that name
        it keep showing it) or make it active again."""
        self._check_service(service_id)
        with self._db.transaction():
            self._rows.set_service_active(service_id, active)
            self._log("service.activated" if active else "service.deactivated", None)

    # -- finished forms --------------------------------------------------------------------

    def form_versions(self, case_id: int) -> list[FormVersion]:
        """Every form of a case, the replaced versions included, by date."""
        return self._rows.versions(case_id)

    def form_version(self, instance_id: int) -> FormVersion:
        found = self._rows.version(instance_id)
        if found is None:
            raise BadInput(_("There is no such form."))
        return found

    def start_form_correction(self, instance_id: int) -> int:
        """A draft correction of a finished form, filled with its answers; the unfinished
        correction already started, if there is one. Returns the draft's id."""
        version = self.form_version(instance_id)
        if version.instance.status is not FormStatus.FINAL:
            raise BadInput(_("Only a finished form can be corrected."))
        if not version.is_current:
            raise BadInput(_("This version has already been corrected."))
        started = self._rows.open_correction(instance_id)
        if started is not None:
            return started
        with self._db.transaction():
            draft_id = self._rows.copy_as_correction(instance_id)
            instance = version.instance
            self._log("form.correction_started", instance.case_id, instance.form_key)
        return draft_id

    def settle_finished(self, instance_id: int) -> None:
        """Inside the transaction that finished a form: if it is a correction, the form it
        corrects is replaced from today on (kept, and shown as corrected)."""
        version = self._rows.version(instance_id)
        if version is None or version.corrects_id is None:
            return
        earlier = self._rows.version(version.corrects_id)
        if earlier is None or earlier.superseded_on is not None:
            raise BadInput(_("The form this correction replaces has already been corrected."))
        self._rows.set_superseded(earlier.instance.id or 0, self._caseload.today)
        self._log("form.corrected", version.instance.case_id, version.instance.form_key)

