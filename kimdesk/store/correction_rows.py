"""The SQL of corrections: contacts, referrals and directory entries by id, and the versions
of a corrected form (schema migration 5). No rules live here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kimdesk.domain.records import Contact, FormInstance, Referral, Service
from kimdesk.domain.vocabulary import topics_to_text
from kimdesk.store.database import Database, Row
from kimdesk.store.repository import Repository, _form_instance, contact_from_row


@dataclass(frozen=True)
class InstanceVersion:
    """A stored form with its place among the versions: ``corrects_id`` is the earlier
    version a correction replaces, ``superseded_on`` the day a later one replaced it."""

    instance: FormInstance
    corrects_id: int | None = None
    superseded_on: date | None = None

    @property
    def is_current(self) -> bool:
        return self.superseded_on is None


class CorrectionRows:
    def __init__(self, db: Database, repo: Repository) -> None:
        self.db = db
        self.repo = repo

    # -- contacts --------------------------------------------------------------------------

    def contacts(self, case_id: int) -> list[tuple[int, Contact]]:
        rows = self.db.query(
            "SELECT * FROM contacts WHERE case_id = ? ORDER BY contact_on, id", (case_id,)
        )
        return [(r["id"], contact_from_row(r)) for r in rows]

    def contact_case(self, contact_id: int) -> int | None:
        value = self.db.scalar("SELECT case_id FROM contacts WHERE id = ?", (contact_id,))
        return None if value is None else int(value)

    def update_contact(self, contact_id: int, contact: Contact) -> None:
        self.db.execute(
            "UPDATE contacts SET contact_on = ?, minutes = ?, setting = ?, topics = ?, note = ?, "
            "short_referral = ?, attempt = ? WHERE id = ?",
            (
                contact.contact_on.isoformat(),
                contact.minutes,
                contact.setting.value,
                topics_to_text(contact.topics),
                contact.note,
                int(contact.short_referral),
                contact.attempt.value if contact.attempt else None,
                contact_id,
            ),
        )

    def delete_contact(self, contact_id: int) -> None:
        self.db.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))

    # -- referrals and services ------------------------------------------------------------

    def referral_case(self, referral_id: int) -> int | None:
        value = self.db.scalar("SELECT case_id FROM referrals WHERE id = ?", (referral_id,))
        return None if value is None else int(value)

    def update_referral(self, referral_id: int, referral: Referral) -> None:
        self.db.execute(
            "UPDATE referrals SET service_id = ?, referred_on = ?, domain = ?, note = ? "
            "WHERE id = ?",
            (
                referral.service_id,
                referral.referred_on.isoformat(),
                referral.domain.value if referral.domain else None,
                referral.note,
                referral_id,
            ),
        )

    def delete_referral(self, referral_id: int) -> None:
        self.db.execute("DELETE FROM referrals WHERE id = ?", (referral_id,))

    def service_exists(self, service_id: int) -> bool:
        return self.db.query_one("SELECT 1 FROM services WHERE id = ?", (service_id,)) is not None

    def service_uses(self, service_id: int) -> int:
        return int(
            self.db.scalar("SELECT count(*) FROM referrals WHERE service_id = ?", (service_id,))
        )

    def update_service(self, service_id: int, service: Service) -> None:
        self.db.execute(
            "UPDATE services SET provider = ?, offer = ?, contact_person = ?, phone = ?, "
            "email = ?, domains = ? WHERE id = ?",
            (
                service.provider,
                service.offer,
                service.contact_person,
                service.phone,
                service.email,
                topics_to_text(service.domains),
                service_id,
            ),
        )

    def delete_service(self, service_id: int) -> None:
        self.db.execute("DELETE FROM services WHERE id = ?", (service_id,))

    def set_service_active(self, service_id: int, active: bool) -> None:
        self.db.execute("UPDATE services SET active = ? WHERE id = ?", (int(active), service_id))

    # -- form versions ---------------------------------------------------------------------

    def versions(self, case_id: int) -> list[InstanceVersion]:
        """Every form of the case, the replaced versions included, by date."""
        rows = self.db.query(
            "SELECT * FROM form_instances WHERE case_id = ? ORDER BY recorded_on, id", (case_id,)
        )
        return [self._version(r) for r in rows]

    def version(self, instance_id: int) -> InstanceVersion | None:
        row = self.db.query_one("SELECT * FROM form_instances WHERE id = ?", (instance_id,))
        return self._version(row) if row else None

    @staticmethod
    def _version(row: Row) -> InstanceVersion:
        superseded = row["superseded_on"]
        return InstanceVersion(
            instance=_form_instance(row),
            corrects_id=row["corrects_id"],
            superseded_on=date.fromisoformat(superseded) if superseded else None,
        )

    def open_correction(self, instance_id: int) -> int | None:
        """The unfinished correction of a form, if one was started."""
        value = self.db.scalar(
            "SELECT id FROM form_instances WHERE corrects_id = ? AND status = 'draft' "
            "ORDER BY id DESC LIMIT 1",
            (instance_id,),
        )
        return None if value is None else int(value)

    def copy_as_correction(self, instance_id: int) -> int:
        """A draft holding the form's answers, marked as its correction."""
        now = self.repo._now().isoformat(timespec="seconds")
        return self.db.execute(
            "INSERT INTO form_instances(case_id, form_key, form_version, definition_digest, "
            "kind, domain, status, recorded_on, answers, created_at, updated_at, corrects_id) "
            "SELECT case_id, form_key, form_version, definition_digest, kind, domain, 'draft', "
            "recorded_on, answers, ?, ?, id FROM form_instances WHERE id = ?",
            (now, now, instance_id),
        )

    def set_superseded(self, instance_id: int, on: date) -> None:
        self.db.execute(
            "UPDATE form_instances SET superseded_on = ? WHERE id = ?",
            (on.isoformat(), instance_id),
        )
