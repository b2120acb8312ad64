"""Case handover (Fallübergabe): one case out of a caseload into a colleague's, safely.

The sender exports the case into an encrypted ``.kimhandover`` file (handover_file) and
passes the one-time password on separately; the receiver previews and imports it, deciding
about a person who may already be there, and reads a receipt code back; with that code the
sender confirms, the case is closed as handed over and the person erased. Until the
confirmation nothing is deleted at the sender.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from kimdesk import case_conference, consent_scope
from kimdesk.admission import Admissions
from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import (
    CaseRow,
    Consent,
    Contact,
    Goal,
    PersonData,
    Referral,
    Service,
    search_key,
)
from kimdesk.domain.vocabulary import (
    Achievement,
    AttemptChannel,
    ClosureReason,
    ConsentKind,
    LifeDomain,
    Setting,
)
from kimdesk.errors import BadInput, DamagedDatabase
from kimdesk.forms.loader import snapshot
from kimdesk.i18n import _
from kimdesk.lifecycle import handover_file, handover_rows
from kimdesk.referral_followup import ReferralFollowUps

# Version 2 carries unanswered contact attempts; a kimdesk that reads only version 1 refuses
# the file instead of taking the attempts for contacts. Version 1 files hold none.
FORMAT, VERSION = "kimdesk-handover", 2
READABLE_VERSIONS = (1, 2)
EXPORTED, IMPORTED, CONFIRMED = "handover.exported", "handover.imported", "handover.confirmed"


@dataclass(frozen=True)
class Exported:
    path: Path
    password: str  # shown once to the sender, never stored
    pseudonym: str


@dataclass(frozen=True)
class PersonMatch:
    """A person of the receiver's caseload who may be the one handed over."""

    person_id: int
    case_numbers: tuple[str, ...]
    exact: bool  # same name and same birth date; otherwise same name, a birth date unknown
    has_open_case: bool
    similar: bool = False  # a similar name only (kimdesk.domain.duplicates), not the same

    @property
    def likeness(self) -> str:
        """How alike the persons are, in the user's words."""
        if self.similar:
            return _("similar name")
        return _("same name and birth date") if self.exact else _("same name")


@dataclass(frozen=True)
class HandoverPreview:
    payload_id: str
    pseudonym: str
    sender_case_number: str
    exported_on: date
    phase: Phase
    surname: str = field(repr=False)
    given_names: str = field(repr=False)
    birth_date: date | None = field(repr=False)
    counts: dict[str, int] = field(default_factory=dict)
    matches: tuple[PersonMatch, ...] = ()
    pseudonym_taken: bool = False


@dataclass(frozen=True)
class Imported:
    case_id: int
    case_number: str
    pseudonym: str
    receipt_code: str  # read to the sender


@dataclass(frozen=True)
class Confirmed:
    pseudonym: str
    person_erased: bool  # False: the person has other cases here, kept under retention


class DecisionNeeded(BadInput):
    """The person may already be in the caseload: the receiver must choose."""

    def __init__(self, matches: tuple[PersonMatch, ...]) -> None:
        numbers = ", ".join(n for m in matches for n in m.case_numbers)
        super().__init__(
            _(
                "A person with this name (and birth date) is already recorded (case {numbers}). "
                "Choose whether the case belongs to that person (--attach-to NR) or to a new "
                "person (--new-person)."
            ).format(numbers=numbers)
        )
        self.matches = matches


# -- export ----------------------------------------------------------------------------------


def export_case(caseload: Caseload, case_id: int, out: Path) -> Exported:
    """Write the case into ``out`` under a new one-time password; nothing is deleted."""
    case = caseload.case(case_id)
    if not case.phase.is_open:
        raise BadInput(_("Only an open case can be handed over."))
    payload = build_payload(caseload, case_id)
    password = handover_file.new_password()
    data = handover_file.seal(payload, password)
    if not out.parent.is_dir():
        raise BadInput(_("The folder {path} does not exist.").format(path=out.parent))
    handover_file.write_atomically(out, data)
    receipt = handover_file.receipt_code(password, payload["id"])
    try:
        with caseload.db.transaction():
            entries = _pending(caseload, case_id)
            entries.append(
                {
                    "id": payload["id"],
                    "pseudonym": case.pseudonym,
                    "on": caseload.today.isoformat(),
                    "receipt": handover_file.receipt_digest(payload["id"], receipt),
                }
            )
            handover_rows.set_pending(caseload.db, case_id, entries)
            caseload.repo.append_audit(EXPORTED, case_id, _detail(case.pseudonym, caseload))
    except BaseException:
        out.unlink(missing_ok=True)  # no file whose receipt the sender could not check
        raise
    return Exported(out, password, case.pseudonym)


def build_payload(caseload: Caseload, case_id: int) -> dict[str, Any]:
    """Everything of the case as JSON-ready values (personal data: only ever encrypted)."""
    case = caseload.case(case_id)
    db = caseload.db
    forms = handover_rows.form_rows(db, case_id)
    definitions: dict[str, str] = {}
    for form in forms:
        digest = form["definition_digest"]
        if digest not in definitions:
            definitions[digest] = _definition_text(caseload, form["form_key"], digest)
    services = dict(caseload.services())
    return {
        "format": FORMAT,
        "version": VERSION,
        "id": uuid.uuid4().hex,
        "exported_on": caseload.today.isoformat(),
        "sender": {
            "case_manager": caseload.profile().case_manager,
            "organisation": caseload.profile().organisation,
        },
        "person": _values(caseload.person(case.person_id)),
        "case": handover_rows.case_row(db, case_id),
        "phases": handover_rows.phase_rows(db, case_id),
        "consents": [
            {**_values(c, skip=("case_id", "id")), **consent_scope.handover_values(caseload, c)}
            for c in caseload.consents(case_id)
        ],
        "contacts": [_values(c, skip=("case_id",)) for c in caseload.contacts(case_id)],
        "goals": [_values(g, skip=("case_id",)) for g in caseload.goals(case_id)],
        "referrals": [
            {
                **_values(f.referral, skip=("case_id", "service_id")),
                "service": _values(services[f.referral.service_id])
                if f.referral.service_id in services
                else None,
                # Schema 7: status history, result, need met. A reader without them ignores
                # them (its referrals have no status), so the format version stays.
                **ReferralFollowUps.handover_values(f),
            }
            for f in caseload.referral_follow_ups.of_case(case_id)
        ],
        "forms": forms,
        "definitions": definitions,
        # Schema 10; a reader without conferences ignores them, so the format version stays.
        "case_conferences": case_conference.handover_values(caseload, case_id),
    }


def _definition_text(caseload: Caseload, form_key: str, digest: str) -> str:
    stored = caseload.repo.stored_definition(digest)
    if stored is not None:
        return stored
    if form_key in caseload.forms:
        current_digest, text = snapshot(caseload.forms.get(form_key))
        if current_digest == digest:
            return text
    raise DamagedDatabase(_("The definition of a stored form is missing."))


def _values(record: Any, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """A record's fields as JSON values: dates as ISO text, enums as keys, sets sorted."""
    out: dict[str, Any] = {}
    for f in fields(record):
        if f.name in skip:
            continue
        value = getattr(record, f.name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, (frozenset, set)):
            value = sorted(v.value for v in value)
        elif isinstance(value, tuple):
            value = list(value)
        elif hasattr(value, "value"):
            value = value.value
        out[f.name] = value
    return out


def _detail(pseudonym: str, caseload: Caseload) -> str:
    return f"{pseudonym} {caseload.today.isoformat()}"


# -- import ----------------------------------------------------------------------------------


def read_handover(path: Path, password: str) -> dict[str, Any]:
    """The decrypted payload (WrongPassword: exit 3; damaged or foreign: exit 4)."""
    payload = handover_file.open_sealed(handover_file.read_file(path), password)
    if payload.get("version") not in READABLE_VERSIONS:
        raise DamagedDatabase(
            _("This handover file was written by a newer kimdesk. Please update kimdesk.")
        )
    try:
        _person(payload["person"])
        Phase(payload["case"]["phase"])
        date.fromisoformat(payload["exported_on"])
        str(payload["id"])
    except (KeyError, TypeError, ValueError):
        raise DamagedDatabase(_("The handover file is incomplete.")) from None
    return payload


def preview_handover(caseload: Caseload, path: Path, password: str) -> HandoverPreview:
    """What the file holds and who in this caseload may be the same person; writes nothing."""
    return _preview(caseload, read_handover(path, password))


def _preview(caseload: Caseload, payload: dict[str, Any]) -> HandoverPreview:
    person = _person(payload["person"])
    case = payload["case"]
    return HandoverPreview(
        payload_id=payload["id"],
        pseudonym=case["pseudonym"],
        sender_case_number=case["case_number"],
        exported_on=date.fromisoformat(payload["exported_on"]),
        phase=Phase(case["phase"]),
        surname=person.surname,
        given_names=person.given_names,
        birth_date=person.birth_date,
        counts={
            name: len(payload.get(name, []))
            for name in ("forms", "contacts", "goals", "referrals", "consents")
        },
        matches=tuple(possible_matches(caseload, person)),
        pseudonym_taken=caseload.repo.pseudonym_taken(case["pseudonym"]),
    )


def possible_matches(caseload: Caseload, person: PersonData) -> list[PersonMatch]:
    """Persons with the same or a similar name whose birth date is the same or unknown on
    one side: the new-case dialog's duplicate rule (``kimdesk.domain.duplicates``)."""
    # Imported here: it loads rapidfuzz, which the GUI's start does not need (cold start).
    from kimdesk.domain.duplicates import possible_duplicates

    rows = caseload.cases()
    by_person: dict[int, list[CaseRow]] = {}
    for row in rows:
        by_person.setdefault(row.person_id, []).append(row)
    found = possible_duplicates(
        person.surname,
        person.given_names,
        person.birth_date,
        rows,
        lambda person_id: caseload.person(person_id).birth_date,
    )
    return [
        PersonMatch(
            person_id=match.person_id,
            case_numbers=tuple(r.case_number for r in by_person[match.person_id]),
            exact=match.same_name and match.same_birth_date,
            has_open_case=any(r.phase.is_open for r in by_person[match.person_id]),
            similar=not match.same_name,
        )
        for match in found
    ]


def import_handover(
    caseload: Caseload,
    path: Path,
    password: str,
    *,
    attach_to_person_id: int | None = None,
    new_person: bool = False,
) -> Imported:
    """Bring the case in under a new case number; the pseudonym stays.

    If the person may already be here, the caller must choose: ``attach_to_person_id``
    (the case joins that person, whose record stays as it is) or ``new_person``.
    """
    payload = read_handover(path, password)
    preview = _preview(caseload, payload)
    if preview.pseudonym_taken:
        raise BadInput(
            _(
                "The pseudonym {pseudonym} is already used in this caseload: the case was "
                "imported before. Nothing was imported."
            ).format(pseudonym=preview.pseudonym)
        )
    if attach_to_person_id is not None:
        if attach_to_person_id not in {m.person_id for m in preview.matches}:
            raise BadInput(_("The chosen case does not belong to a matching person."))
        if any(m.has_open_case for m in preview.matches if m.person_id == attach_to_person_id):
            raise BadInput(_open_case_message())
    elif preview.matches and not new_person:
        raise DecisionNeeded(preview.matches)
    try:
        case_id, number = _insert(caseload, payload, attach_to_person_id)
    except sqlcipher3.IntegrityError:
        raise BadInput(_open_case_message()) from None
    return Imported(
        case_id=case_id,
        case_number=number,
        pseudonym=preview.pseudonym,
        receipt_code=handover_file.receipt_code(password, payload["id"]),
    )


def _open_case_message() -> str:
    return _(
        "This person already has an open case here (one open case per person). "
        "Nothing was imported."
    )


def _insert(
    caseload: Caseload, payload: dict[str, Any], person_id: int | None
) -> tuple[int, str]:
    repo, db = caseload.repo, caseload.db
    case = dict(payload["case"])
    try:
        opened_on = date.fromisoformat(case["opened_on"])
        with db.transaction():
            if person_id is None:
                person_id = repo.insert_person(_person(payload["person"]))
            case["case_number"] = Admissions(repo).case_number(opened_on.year)
            now = datetime.combine(caseload.today, datetime.now().time())
            case_id = handover_rows.insert_case(
                db, person_id=person_id, case=case, now=now.isoformat(timespec="seconds")
            )
            handover_rows.insert_phases(db, case_id, payload["phases"])
            for consent in payload["consents"]:
                consent_id = repo.insert_consent(_consent(case_id, consent))
                consent_scope.store_handover_values(db, consent_id, consent)
            repo.insert_contacts(_contact(case_id, c) for c in payload["contacts"])
            repo.insert_goals(_goal(case_id, g) for g in payload["goals"])
            services = caseload.services()
            follow_ups = caseload.referral_follow_ups
            for sent in payload["referrals"]:
                referral_id = repo.insert_referral(_referral(case_id, sent, services))
                follow_ups.take_over(referral_id, sent)
            case_conference.store_handover_values(db, case_id, payload.get("case_conferences", []))
            for digest, text in payload["definitions"].items():
                definition = _checked_definition(digest, text)
                repo.store_definition(digest, definition["key"], definition["version"], text)
            handover_rows.insert_forms(db, case_id, payload["forms"])
            repo.append_audit(IMPORTED, case_id, _detail(case["pseudonym"], caseload))
    except (KeyError, TypeError, ValueError):
        raise DamagedDatabase(_("The handover file is incomplete.")) from None
    return case_id, case["case_number"]


def _checked_definition(digest: str, text: str) -> dict[str, Any]:
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
        raise DamagedDatabase(_("The handover file is incomplete."))
    value = json.loads(text)
    if not isinstance(value, dict):
        raise DamagedDatabase(_("The handover file is incomplete."))
    return value


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _person(values: dict[str, Any]) -> PersonData:
    known = {f.name for f in fields(PersonData)}
    data = {k: v for k, v in values.items() if k in known}
    data["birth_date"] = _day(data.get("birth_date"))
    return PersonData(**data)


def _consent(case_id: int, v: dict[str, Any]) -> Consent:
    return Consent(
        case_id=case_id,
        kind=ConsentKind(v["kind"]),
        signed_on=date.fromisoformat(v["signed_on"]),
        language=v["language"],
        agencies=tuple(v.get("agencies", ())),
        restrictions=v.get("restrictions", ""),
        withdrawn_on=_day(v.get("withdrawn_on")),
    )


def _contact(case_id: int, v: dict[str, Any]) -> Contact:
    return Contact(
        case_id=case_id,
        contact_on=date.fromisoformat(v["contact_on"]),
        minutes=int(v["minutes"]),
        setting=Setting(v["setting"]),
        topics=frozenset(LifeDomain(t) for t in v.get("topics", ())),
        note=v.get("note", ""),
        short_referral=bool(v.get("short_referral")),
        attempt=AttemptChannel(v["attempt"]) if v.get("attempt") else None,
    )


def _goal(case_id: int, v: dict[str, Any]) -> Goal:
    return Goal(
        case_id=case_id,
        position=int(v["position"]),
        title=v["title"],
        agreed_on=date.fromisoformat(v["agreed_on"]),
        domain=LifeDomain(v["domain"]) if v.get("domain") else None,
        review_due=_day(v.get("review_due")),
        reviewed_on=_day(v.get("reviewed_on")),
        achievement=Achievement(v["achievement"]) if v.get("achievement") else None,
        achievement_note=v.get("achievement_note", ""),
    )


def _referral(case_id: int, v: dict[str, Any], services: list[tuple[int, Service]]) -> Referral:
    """The receiver's own directory entry if it has the same provider and offer; otherwise
    the sender's entry is kept as text in front of the note (the directories differ)."""
    note = v.get("note", "")
    service_id = None
    sent = v.get("service")
    if sent:
        key = (search_key(sent["provider"]), search_key(sent["offer"]))
        service_id = next(
            (i for i, s in services if (search_key(s.provider), search_key(s.offer)) == key),
            None,
        )
        if service_id is None:
            parts = [sent["provider"], sent["offer"], sent.get("contact_person", "")]
            parts += [sent.get("phone", ""), sent.get("email", "")]
            text = " – ".join(p for p in parts if p)
            note = f"{text}\n{note}" if note else text
    return Referral(
        case_id=case_id,
        referred_on=date.fromisoformat(v["referred_on"]),
        service_id=service_id,
        domain=LifeDomain(v["domain"]) if v.get("domain") else None,
        note=note,
    )


# -- confirmation at the sender --------------------------------------------------------------


def is_pending(caseload: Caseload, case_id: int) -> bool:
    """The case was exported and the receipt has not been confirmed yet."""
    return bool(_pending(caseload, case_id))


def _pending(caseload: Caseload, case_id: int) -> list[dict[str, str]]:
    """The case's unconfirmed exports. A case id may be given again after an erasure
    (SQLite reuses the highest rowid), so an entry counts only with the case's pseudonym."""
    case = caseload.repo.case(case_id)
    if case is None:
        return []
    return [
        e
        for e in handover_rows.pending(caseload.db, case_id)
        if e.get("pseudonym") == case.pseudonym
    ]


def confirm_handover(
    caseload: Caseload,
    case_id: int,
    receipt_code: str,
    *,
    erase: Callable[[Caseload, int], object] | None = None,
) -> Confirmed:
    """Check the receipt, close the case as handed over, then erase the person.

    A person with other cases in this caseload is not erased: those cases are the sender's
    own records under the retention period, and the handed-over case stays with them, closed,
    until the retention erasure takes them all.
    """
    case = caseload.case(case_id)
    entries = _pending(caseload, case_id)
    if not entries:
        raise BadInput(_("This case has not been handed over (or is confirmed already)."))
    if not any(
        e["receipt"] == handover_file.receipt_digest(e["id"], receipt_code) for e in entries
    ):
        raise BadInput(
            _("The receipt code does not fit this handover. Nothing was changed; please check it.")
        )
    on = caseload.today
    with caseload.db.transaction():
        caseload.repo.update_case_phase(
            case_id,
            phase=Phase.CLOSED,
            admitted_on=case.admitted_on,
            closed_on=on,
            closure_reason=ClosureReason.AGREED_HANDED_OVER,
            closure_note=_("handed over to another KIM case manager"),
        )
        caseload.repo.insert_phase_change(case_id, case.phase, Phase.CLOSED, on)
        handover_rows.set_pending(caseload.db, case_id, [])
        caseload.repo.append_audit(CONFIRMED, case_id, _detail(case.pseudonym, caseload))
    alone = handover_rows.person_case_count(caseload.db, case.person_id) == 1
    if alone:
        if erase is None:
            from kimdesk.lifecycle.erasure import erase_person

            erase = erase_person
        erase(caseload, case.person_id)
    return Confirmed(case.pseudonym, person_erased=alone)
