"""All SQL of the caseload: rows in, value types out. No rules live here."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from kimdesk.domain.identifiers import CaseNumber
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import (
    AuditEntry,
    CaseRow,
    Consent,
    Contact,
    FormInstance,
    Goal,
    PersonData,
    Referral,
    Service,
    search_key,
)
from kimdesk.domain.rules import CaseActivity
from kimdesk.domain.vocabulary import (
    Achievement,
    AttemptChannel,
    ClosureReason,
    ConsentKind,
    FormStatus,
    LifeDomain,
    Setting,
    topics_from_text,
    topics_to_text,
)
from kimdesk.store.audit_chain import append_entry
from kimdesk.store.database import Database, Row


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


CASE_LIST_SQL = """
SELECT c.id, c.case_number, c.pseudonym, c.phase, c.opened_on, c.admitted_on, c.closed_on,
       c.closure_reason, p.id AS person_id, p.surname, p.given_names,
       c.last_contact_on, c.last_attempt_on, c.next_review_due
FROM cases c JOIN persons p ON p.id = c.person_id
"""


# The version of a form that counts: not replaced by a correction, nor a correction unfinished.
CURRENT_FORM = "superseded_on IS NULL AND NOT (corrects_id IS NOT NULL AND status = 'draft')"


# A case list row is made ten thousand times a load: its columns are read by position (in
# CASE_LIST_SQL's order) and the enum members looked up in a dict, not by name and call.
_PHASES = {phase.value: phase for phase in Phase}
_CLOSURE_REASONS = {reason.value: reason for reason in ClosureReason}


INSERT_CONSENT_SQL = (
    "INSERT INTO consents(case_id, kind, signed_on, language, agencies, restrictions, "
    "withdrawn_on) VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def _consent_params(consent: Consent) -> tuple[Any, ...]:
    return (
        consent.case_id,
        consent.kind.value,
        consent.signed_on.isoformat(),
        consent.language,
        json.dumps(list(consent.agencies), ensure_ascii=False),
        consent.restrictions,
        _iso(consent.withdrawn_on),
    )


def _case_row(row: Row) -> CaseRow:
    (
        case_id,
        case_number,
        pseudonym,
        phase,
        opened_on,
        admitted_on,
        closed_on,
        closure_reason,
        person_id,
        surname,
        given_names,
        last_contact_on,
        last_attempt_on,
        next_review_due,
    ) = tuple(row)
    return CaseRow(
        id=case_id,
        case_number=case_number,
        pseudonym=pseudonym,
        phase=_PHASES[phase],
        opened_on=date.fromisoformat(opened_on),
        admitted_on=_day(admitted_on),
        closed_on=_day(closed_on),
        closure_reason=_CLOSURE_REASONS[closure_reason] if closure_reason else None,
        person_id=person_id,
        surname=surname,
        given_names=given_names,
        last_contact_on=_day(last_contact_on),
        next_review_due=_day(next_review_due),
        last_attempt_on=_day(last_attempt_on),
    )


class Repository:
    def __init__(self, db: Database, *, now: Callable[[], datetime] = datetime.now) -> None:
        self.db = db
        # Timestamps come from the caseload's clock, so that a caseload run "on" a given day
        # (tests, the demo) stamps its audit log and forms with that day, not the wall clock's.
        self._now = now

    # -- profile ---------------------------------------------------------------------------

    def profile_values(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self.db.query("SELECT key, value FROM profile")}

    def set_profile_values(self, values: dict[str, str]) -> None:
        self.db.executemany(
            "INSERT INTO profile(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            list(values.items()),
        )

    # -- persons and cases -----------------------------------------------------------------

    def insert_person(self, person: PersonData) -> int:
        return self.db.execute(
            "INSERT INTO persons(surname, given_names, birth_name, birth_date, gender, "
            "nationality, phone, email, street, city, note, search_key, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _person_params(person, _stamp(self._now())),
        )

    def insert_persons(self, persons: Iterable[PersonData]) -> None:
        now = _stamp(self._now())
        self.db.executemany(
            "INSERT INTO persons(surname, given_names, birth_name, birth_date, gender, "
            "nationality, phone, email, street, city, note, search_key, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_person_params(p, now) for p in persons),
        )

    def update_person(self, person_id: int, person: PersonData) -> None:
        params = _person_params(person, _stamp(self._now()))
        self.db.execute(
            "UPDATE persons SET surname = ?, given_names = ?, birth_name = ?, birth_date = ?, "
            "gender = ?, nationality = ?, phone = ?, email = ?, street = ?, city = ?, note = ?, "
            "search_key = ? WHERE id = ?",
            (*params[:-1], person_id),
        )

    def person_exists(self, surname: str, given_names: str, birth_date: date | None) -> bool:
        """Same name (ignoring case and diacritics) and same date of birth."""
        wanted = search_key(surname, given_names)
        rows = self.db.query(
            "SELECT surname, given_names FROM persons WHERE birth_date IS ?", (_iso(birth_date),)
        )
        return any(search_key(r["surname"], r["given_names"]) == wanted for r in rows)

    def person_identities(self) -> list[tuple[str, str, date | None]]:
        """Surname, given names and birth date of every person: read once for a bulk check."""
        rows = self.db.query("SELECT surname, given_names, birth_date FROM persons")
        return [(r["surname"], r["given_names"], _day(r["birth_date"])) for r in rows]

    def person(self, person_id: int) -> PersonData | None:
        row = self.db.query_one("SELECT * FROM persons WHERE id = ?", (person_id,))
        if row is None:
            return None
        return PersonData(
            surname=row["surname"],
            given_names=row["given_names"],
            birth_name=row["birth_name"],
            birth_date=_day(row["birth_date"]),
            gender=row["gender"],
            nationality=row["nationality"],
            phone=row["phone"],
            email=row["email"],
            street=row["street"],
            city=row["city"],
            note=row["note"],
        )

    def next_case_number(self, year: int) -> CaseNumber:
        highest = self.db.scalar(
            "SELECT max(CAST(substr(case_number, 6) AS INTEGER)) FROM cases "
            "WHERE case_number LIKE ?",
            (f"{year}-%",),
        )
        return CaseNumber(year, int(highest or 0) + 1)

    def pseudonyms(self) -> set[str]:
        """Every pseudonym given so far (they must stay unique, closed cases included)."""
        return {r[0] for r in self.db.query("SELECT pseudonym FROM cases")}

    def pseudonym_taken(self, pseudonym: str) -> bool:
        return (
            self.db.query_one("SELECT 1 FROM cases WHERE pseudonym = ?", (pseudonym,)) is not None
        )

    def insert_case(
        self,
        *,
        person_id: int,
        case_number: str,
        pseudonym: str,
        phase: Phase,
        opened_on: date,
        admitted_on: date | None,
        access_route: str,
    ) -> int:
        case_id = self.db.execute(
            "INSERT INTO cases(person_id, case_number, pseudonym, phase, opened_on, admitted_on, "
            "access_route, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                person_id,
                case_number,
                pseudonym,
                phase.value,
                opened_on.isoformat(),
                _iso(admitted_on),
                access_route,
                _stamp(self._now()),
            ),
        )
        self.insert_phase_change(case_id, None, phase, opened_on)
        return case_id

    def insert_phase_change(
        self, case_id: int, from_phase: Phase | None, to_phase: Phase, on: date
    ) -> None:
        self.db.execute(
            "INSERT INTO phase_changes(case_id, from_phase, to_phase, changed_on) "
            "VALUES (?, ?, ?, ?)",
            (case_id, from_phase.value if from_phase else None, to_phase.value, on.isoformat()),
        )

    def case(self, case_id: int) -> CaseRow | None:
        row = self.db.query_one(CASE_LIST_SQL + " WHERE c.id = ?", (case_id,))
        return _case_row(row) if row else None

    def update_case_phase(
        self,
        case_id: int,
        *,
        phase: Phase,
        admitted_on: date | None,
        closed_on: date | None,
        closure_reason: ClosureReason | None,
        closure_note: str,
    ) -> None:
        self.db.execute(
            "UPDATE cases SET phase = ?, admitted_on = ?, closed_on = ?, closure_reason = ?, "
            "closure_note = ? WHERE id = ?",
            (
                phase.value,
                _iso(admitted_on),
                _iso(closed_on),
                closure_reason.value if closure_reason else None,
                closure_note,
                case_id,
            ),
        )

    def phase_history(self, case_id: int) -> list[tuple[Phase, date]]:
        rows = self.db.query(
            "SELECT to_phase, changed_on FROM phase_changes WHERE case_id = ? ORDER BY id",
            (case_id,),
        )
        return [(Phase(r["to_phase"]), date.fromisoformat(r["changed_on"])) for r in rows]

    def list_cases(self) -> list[CaseRow]:
        return [_case_row(r) for r in self.db.query(CASE_LIST_SQL + " ORDER BY c.case_number")]

    def find_cases(self, fragment: str) -> list[CaseRow]:
        """Cases whose person's name or whose case number contains ``fragment``."""
        pattern = f"%{search_key(fragment).strip()}%"
        rows = self.db.query(
            CASE_LIST_SQL + " WHERE p.search_key LIKE ? OR c.case_number LIKE ? "
            "ORDER BY c.case_number",
            (pattern, f"%{fragment.strip()}%"),
        )
        return [_case_row(r) for r in rows]

    def case_count(self) -> int:
        return int(self.db.scalar("SELECT count(*) FROM cases"))

    def case_activities(self) -> list[CaseActivity]:
        rows = self.db.query(
            "SELECT c.person_id, c.phase, c.opened_on, c.admitted_on, count(k.id) AS n, "
            "max(k.contact_on) AS last_on, "
            "max(CASE WHEN k.short_referral = 0 THEN k.contact_on END) AS last_counselling_on "
            "FROM cases c LEFT JOIN contacts k ON k.case_id = c.id AND k.attempt IS NULL "
            "GROUP BY c.id"
        )
        return [
            CaseActivity(
                person_id=r["person_id"],
                phase=Phase(r["phase"]),
                opened_on=date.fromisoformat(r["opened_on"]),
                admitted_on=_day(r["admitted_on"]),
                contact_count=r["n"],
                last_contact_on=_day(r["last_on"]),
                last_counselling_on=_day(r["last_counselling_on"]),
            )
            for r in rows
        ]

    def first_activity_on(self) -> date | None:
        """The earliest case opening, admission, contact or referral (the monthly report's
        start); None in an empty caseload."""
        return _day(
            self.db.scalar(
                "SELECT min(day) FROM (SELECT min(opened_on) AS day FROM cases "
                "UNION ALL SELECT min(admitted_on) FROM cases "
                "UNION ALL SELECT min(contact_on) FROM contacts "
                "UNION ALL SELECT min(referred_on) FROM referrals)"
            )
        )

    # -- contacts and consents -------------------------------------------------------------

    def insert_contacts(self, contacts: Iterable[Contact]) -> None:
        self.db.executemany(
            "INSERT INTO contacts(case_id, contact_on, minutes, setting, topics, note, "
            "short_referral, attempt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (_contact_params(c) for c in contacts),
        )

    def insert_contact(self, contact: Contact) -> int:
        return self.db.execute(
            "INSERT INTO contacts(case_id, contact_on, minutes, setting, topics, note, "
            "short_referral, attempt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            _contact_params(contact),
        )

    def contacts(self, case_id: int) -> list[Contact]:
        rows = self.db.query(
            "SELECT * FROM contacts WHERE case_id = ? ORDER BY contact_on, id", (case_id,)
        )
        return [contact_from_row(r) for r in rows]

    def insert_consent(self, consent: Consent) -> int:
        return self.db.execute(INSERT_CONSENT_SQL, _consent_params(consent))

    def consents(self, case_id: int) -> list[Consent]:
        rows = self.db.query("SELECT * FROM consents WHERE case_id = ? ORDER BY id", (case_id,))
        return [
            Consent(
                case_id=r["case_id"],
                kind=ConsentKind(r["kind"]),
                signed_on=date.fromisoformat(r["signed_on"]),
                language=r["language"],
                agencies=tuple(json.loads(r["agencies"])),
                restrictions=r["restrictions"],
                withdrawn_on=_day(r["withdrawn_on"]),
                id=r["id"],
            )
            for r in rows
        ]

    def set_consent_withdrawn(self, consent_id: int, on: date) -> None:
        self.db.execute(
            "UPDATE consents SET withdrawn_on = ? WHERE id = ?", (on.isoformat(), consent_id)
        )

    # -- forms ---------------------------------------------------------------------------

    def store_definition(self, digest: str, form_key: str, version: int, definition: str) -> None:
        self.db.execute(
            "INSERT OR IGNORE INTO form_definitions(digest, form_key, version, definition) "
            "VALUES (?, ?, ?, ?)",
            (digest, form_key, version, definition),
        )

    def stored_definition(self, digest: str) -> str | None:
        value = self.db.scalar(
            "SELECT definition FROM form_definitions WHERE digest = ?", (digest,)
        )
        return None if value is None else str(value)

    def insert_form_instance(self, instance: FormInstance, *, kind: str, domain: str | None) -> int:
        now = _stamp(self._now())
        return self.db.execute(
            "INSERT INTO form_instances(case_id, form_key, form_version, definition_digest, kind, "
            "domain, status, recorded_on, answers, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                instance.case_id,
                instance.form_key,
                instance.form_version,
                instance.definition_digest,
                kind,
                domain,
                instance.status.value,
                instance.recorded_on.isoformat(),
                _json(instance.answers),
                now,
                now,
            ),
        )

    def insert_form_instances(self, rows: Iterable[tuple[FormInstance, str, str | None]]) -> None:
        """Bulk insert (demo data): (instance, kind, domain) triples."""
        now = _stamp(self._now())
        self.db.executemany(
            "INSERT INTO form_instances(case_id, form_key, form_version, definition_digest, kind, "
            "domain, status, recorded_on, answers, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    i.case_id,
                    i.form_key,
                    i.form_version,
                    i.definition_digest,
                    kind,
                    domain,
                    i.status.value,
                    i.recorded_on.isoformat(),
                    _json(i.answers),
                    now,
                    now,
                )
                for i, kind, domain in rows
            ),
        )

    def update_form_instance(self, instance: FormInstance) -> None:
        self.db.execute(
            "UPDATE form_instances SET form_version = ?, definition_digest = ?, status = ?, "
            "recorded_on = ?, answers = ?, updated_at = ? WHERE id = ?",
            (
                instance.form_version,
                instance.definition_digest,
                instance.status.value,
                instance.recorded_on.isoformat(),
                _json(instance.answers),
                _stamp(self._now()),
                instance.id,
            ),
        )

    def form_instance(self, instance_id: int) -> FormInstance | None:
        row = self.db.query_one("SELECT * FROM form_instances WHERE id = ?", (instance_id,))
        return _form_instance(row) if row else None

    def form_instances(self, case_id: int, *, kind: str | None = None) -> list[FormInstance]:
        # A form replaced by its finished correction is kept, but no longer the case's form.
        sql = "SELECT * FROM form_instances WHERE case_id = ? AND superseded_on IS NULL"
        params: list[Any] = [case_id]
        if kind is not None:
            sql += " AND kind = ?"
            params.append(kind)
        rows = self.db.query(sql + " ORDER BY recorded_on, id", params)
        return [_form_instance(r) for r in rows]

    # -- goals, services, referrals --------------------------------------------------------

    def insert_goal(self, goal: Goal) -> int:
        return self.db.execute(
            "INSERT INTO goals(case_id, position, title, domain, agreed_on, review_due, "
            "reviewed_on, achievement, achievement_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _goal_params(goal),
        )

    def insert_goals(self, goals: Iterable[Goal]) -> None:
        self.db.executemany(
            "INSERT INTO goals(case_id, position, title, domain, agreed_on, review_due, "
            "reviewed_on, achievement, achievement_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_goal_params(g) for g in goals),
        )

    def goals(self, case_id: int) -> list[tuple[int, Goal]]:
        rows = self.db.query(
            "SELECT * FROM goals WHERE case_id = ? ORDER BY agreed_on, position, id", (case_id,)
        )
        return [(r["id"], _goal(r)) for r in rows]

    def goals_due(self, until: date) -> list[tuple[int, Goal]]:
        """Unreviewed goals of open cases whose review is due on or before ``until``."""
        rows = self.db.query(
            "SELECT g.* FROM goals g JOIN cases c ON c.id = g.case_id "
            "WHERE g.reviewed_on IS NULL AND g.review_due IS NOT NULL AND g.review_due <= ? "
            "AND c.phase NOT IN ('closed', 'not_admitted') ORDER BY g.review_due, g.case_id",
            (_iso(until),),
        )
        return [(r["id"], _goal(r)) for r in rows]

    def delete_open_goals(self, case_id: int) -> None:
        self.db.execute("DELETE FROM goals WHERE case_id = ? AND reviewed_on IS NULL", (case_id,))

    def review_goal(
        self, goal_id: int, reviewed_on: date, achievement: str | None, note: str
    ) -> None:
        self.db.execute(
            "UPDATE goals SET reviewed_on = ?, achievement = ?, achievement_note = ? WHERE id = ?",
            (_iso(reviewed_on), achievement, note, goal_id),
        )

    def insert_service(self, service: Service) -> int:
        return self.db.execute(
            "INSERT INTO services(provider, offer, contact_person, phone, email, domains, active) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                service.provider,
                service.offer,
                service.contact_person,
                service.phone,
                service.email,
                topics_to_text(service.domains),
                int(service.active),
            ),
        )

    def services(self) -> list[tuple[int, Service]]:
        """The service directory with each entry's id, in the order entered."""
        return [
            (
                r["id"],
                Service(
                    provider=r["provider"],
                    offer=r["offer"],
                    contact_person=r["contact_person"],
                    phone=r["phone"],
                    email=r["email"],
                    domains=topics_from_text(r["domains"]),
                    active=bool(r["active"]),
                ),
            )
            for r in self.db.query("SELECT * FROM services ORDER BY id")
        ]

    def insert_referral(self, referral: Referral) -> int:
        return self.db.execute(
            "INSERT INTO referrals(case_id, service_id, referred_on, domain, note) "
            "VALUES (?, ?, ?, ?, ?)",
            _referral_params(referral),
        )

    def insert_referrals(self, referrals: Iterable[Referral]) -> None:
        self.db.executemany(
            "INSERT INTO referrals(case_id, service_id, referred_on, domain, note) "
            "VALUES (?, ?, ?, ?, ?)",
            (_referral_params(r) for r in referrals),
        )

    def referrals(self, case_id: int) -> list[tuple[int, Referral]]:
        rows = self.db.query(
            "SELECT * FROM referrals WHERE case_id = ? ORDER BY referred_on, id", (case_id,)
        )
        return [
            (
                r["id"],
                Referral(
                    case_id=r["case_id"],
                    referred_on=date.fromisoformat(r["referred_on"]),
                    service_id=r["service_id"],
                    domain=LifeDomain(r["domain"]) if r["domain"] else None,
                    note=r["note"],
                ),
            )
            for r in rows
        ]

    def drafts(self) -> list[tuple[FormInstance, str]]:
        """Every unfinished form with its case number, most recently changed first."""
        rows = self.db.query(
            "SELECT f.*, c.case_number FROM form_instances f JOIN cases c ON c.id = f.case_id "
            "WHERE f.status = 'draft' ORDER BY f.updated_at DESC, f.id DESC"
        )
        return [(_form_instance(r), r["case_number"]) for r in rows]

    def delete_form_instance(self, instance_id: int) -> None:
        self.db.execute("DELETE FROM form_instances WHERE id = ?", (instance_id,))

    # -- audit -----------------------------------------------------------------------------

    def append_audit(self, action: str, case_id: int | None = None, detail: str = "") -> None:
        """Chained to the entry before (kimdesk.store.audit_chain); never personal data."""
        append_entry(self.db, at=_stamp(self._now()), action=action, case_id=case_id, detail=detail)

    def audit_entries(self, action: str | None = None) -> list[AuditEntry]:
        sql = "SELECT * FROM audit_log"
        params: tuple[str, ...] = ()
        if action is not None:
            sql, params = sql + " WHERE action = ?", (action,)
        return [
            AuditEntry(r["at"], r["action"], r["case_id"], r["detail"])
            for r in self.db.query(sql + " ORDER BY id", params)
        ]

    def table_counts(self) -> dict[str, int]:
        names = (
            "persons",
            "cases",
            "contacts",
            "consents",
            "form_instances",
            "goals",
            "services",
            "referrals",
        )
        return {n: int(self.db.scalar(f"SELECT count(*) FROM {n}")) for n in names}

    # -- monthly report (bulk reads; plain rows, no notes or other free text) ------------

    def report_cases(self, until: date) -> list[dict[str, Any]]:
        """Every case opened by ``until`` as it stood then: its phase on that day, contact
        figures up to it, and the person's birth date, gender and nationality."""
        end = until.isoformat()
        rows = self.db.query(
            "SELECT c.id, c.person_id, c.pseudonym, c.opened_on, c.admitted_on, c.closed_on, "
            "c.closure_reason, c.access_route, p.birth_date, p.gender, p.nationality, "
            "(SELECT to_phase FROM phase_changes WHERE case_id = c.id AND changed_on <= :end "
            " ORDER BY changed_on DESC, id DESC LIMIT 1) AS phase_then, c.phase, "
            "(SELECT count(*) FROM contacts WHERE case_id = c.id AND contact_on <= :end "
            " AND attempt IS NULL) AS n, "
            "(SELECT max(contact_on) FROM contacts WHERE case_id = c.id AND contact_on <= :end "
            " AND attempt IS NULL) AS last_on, "
            "(SELECT max(contact_on) FROM contacts WHERE case_id = c.id AND contact_on <= :end "
            " AND attempt IS NULL AND short_referral = 0) AS last_counselling_on "
            "FROM cases c JOIN persons p ON p.id = c.person_id WHERE c.opened_on <= :end "
            "ORDER BY c.opened_on, c.id",
            {"end": end},
        )
        return [dict(zip(r.keys(), tuple(r), strict=True)) for r in rows]

    def report_contacts(
        self, start: date, end: date
    ) -> list[tuple[int, date, int, str, str, bool]]:
        """(case id, day, minutes, setting, topics, short referral) of the period's contacts;
        unanswered attempts are no contacts and stay out of the report."""
        # The month's ids from the index first, then the rows in the table's order: a month's
        # contacts lie all over the table, and read by day each page was decrypted again and
        # again once the table outgrew the page cache (3.3 s instead of 1.3 at 50,000 cases).
        rows = self.db.query(
            "SELECT case_id, contact_on, minutes, setting, topics, short_referral FROM contacts "
            "WHERE id IN (SELECT id FROM contacts WHERE contact_on BETWEEN ? AND ?) "
            "AND attempt IS NULL ORDER BY contact_on, id",
            (start.isoformat(), end.isoformat()),
        )
        return [(r[0], date.fromisoformat(r[1]), r[2], r[3], r[4], bool(r[5])) for r in rows]

    def report_referrals(self, start: date, end: date) -> list[tuple[int, str | None]]:
        rows = self.db.query(
            "SELECT case_id, domain FROM referrals WHERE referred_on BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        )
        return [(r[0], r[1]) for r in rows]

    def report_goals(self, until: date, fully: str) -> dict[int, tuple[int, int, int]]:
        """Per case: its goals agreed by ``until``, how many of them were reviewed by then and
        how many of those were reached with the achievement ``fully``. Counted here: a row per
        goal held in Python was 10 MB at 10,000 cases."""
        end = until.isoformat()
        rows = self.db.query(
            "SELECT case_id, count(*), "
            "coalesce(sum(reviewed_on IS NOT NULL AND reviewed_on <= :end), 0), "
            "coalesce(sum(reviewed_on IS NOT NULL AND reviewed_on <= :end "
            "AND achievement IS :fully), 0) "
            "FROM goals WHERE agreed_on <= :end GROUP BY case_id",
            {"end": end, "fully": fully},
        )
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def report_form_values(
        self,
        kind: str,
        start: date | None,
        end: date,
        path: str,
        *,
        domain: str | None = None,
        final_only: bool = False,
    ) -> list[tuple[int, date, str | None]]:
        """(case id, date, JSON value at ``path``) of the forms of a kind in a period, by date;
        reads one answer only, so other answers never leave the database."""
        sql = (
            "SELECT case_id, recorded_on, json_extract(answers, ?) FROM form_instances "
            "WHERE kind = ? AND recorded_on <= ? AND " + CURRENT_FORM
        )
        params: list[Any] = [path, kind, end.isoformat()]
        if final_only:
            sql += " AND status = 'final'"
        if start is not None:
            sql += " AND recorded_on >= ?"
            params.append(start.isoformat())
        if domain is not None:
            sql += " AND domain = ?"
            params.append(domain)
        rows = self.db.query(sql + " ORDER BY recorded_on, id", params)
        return [(r[0], date.fromisoformat(r[1]), r[2]) for r in rows]

    def report_identifiers(self) -> list[tuple[str, str, str, date | None, str, str, str]]:
        """(surname, given names, birth name, birth date, phone, e-mail, street) of everyone."""
        rows = self.db.query(
            "SELECT surname, given_names, birth_name, birth_date, phone, email, street FROM persons"
        )
        return [(r[0], r[1], r[2], _day(r[3]), r[4], r[5], r[6]) for r in rows]

    def report_agency_parts(self) -> list[tuple[str, str]]:
        """(file number, phone) of every agency on every cover sheet."""
        rows = self.db.query(
            "SELECT json_extract(e.value, '$.file_number'), json_extract(e.value, '$.phone') "
            "FROM form_instances f, json_each(f.answers) e "
            "WHERE f.kind = 'cover_sheet' AND e.type = 'object' AND " + CURRENT_FORM
        )
        return [(r[0] or "", r[1] or "") for r in rows]


def _person_params(p: PersonData, now: str) -> tuple[Any, ...]:
    return (
        p.surname,
        p.given_names,
        p.birth_name,
        _iso(p.birth_date),
        p.gender,
        p.nationality,
        p.phone,
        p.email,
        p.street,
        p.city,
        p.note,
        search_key(p.surname, p.given_names, p.birth_name),
        now,
    )


def contact_from_row(r: Row) -> Contact:
    return Contact(
        case_id=r["case_id"],
        contact_on=date.fromisoformat(r["contact_on"]),
        minutes=r["minutes"],
        setting=Setting(r["setting"]),
        topics=topics_from_text(r["topics"]),
        note=r["note"],
        short_referral=bool(r["short_referral"]),
        attempt=AttemptChannel(r["attempt"]) if r["attempt"] else None,
    )


def _contact_params(c: Contact) -> tuple[Any, ...]:
    return (
        c.case_id,
        c.contact_on.isoformat(),
        c.minutes,
        c.setting.value,
        topics_to_text(c.topics),
        c.note,
        int(c.short_referral),
        c.attempt.value if c.attempt else None,
    )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _form_instance(row: Row) -> FormInstance:
    return FormInstance(
        id=row["id"],
        case_id=row["case_id"],
        form_key=row["form_key"],
        form_version=row["form_version"],
        status=FormStatus(row["status"]),
        recorded_on=date.fromisoformat(row["recorded_on"]),
        answers=json.loads(row["answers"]),
        definition_digest=row["definition_digest"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _goal_params(g: Goal) -> tuple[Any, ...]:
    return (
        g.case_id,
        g.position,
        g.title,
        g.domain.value if g.domain else None,
        g.agreed_on.isoformat(),
        _iso(g.review_due),
        _iso(g.reviewed_on),
        g.achievement.value if g.achievement else None,
        g.achievement_note,
    )


def _goal(r: Row) -> Goal:
    return Goal(
        case_id=r["case_id"],
        position=r["position"],
        title=r["title"],
        agreed_on=date.fromisoformat(r["agreed_on"]),
        domain=LifeDomain(r["domain"]) if r["domain"] else None,
        review_due=_day(r["review_due"]),
        reviewed_on=_day(r["reviewed_on"]),
        achievement=Achievement(r["achievement"]) if r["achievement"] else None,
        achievement_note=r["achievement_note"],
    )


def _referral_params(r: Referral) -> tuple[Any, ...]:
    return (
        r.case_id,
        r.service_id,
        r.referred_on.isoformat(),
        r.domain.value if r.domain else None,
        r.note,
    )
