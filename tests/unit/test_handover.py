"""Case handover between two real encrypted caseloads with different passwords."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Contact, Goal, Profile, Referral, Service
from kimdesk.domain.vocabulary import ClosureReason, ConsentKind, LifeDomain, Setting
from kimdesk.errors import BadInput, DamagedDatabase, WrongPassword
from kimdesk.lifecycle import handover_file
from kimdesk.lifecycle.handover import (
    CONFIRMED,
    EXPORTED,
    IMPORTED,
    DecisionNeeded,
    confirm_handover,
    export_case,
    import_handover,
    is_pending,
    preview_handover,
)
from tests.conftest import PASSWORD, PROFILE, TODAY, make_person
from tests.unit.erasure_pages import found_values

RECEIVER_PASSWORD = "anderes-geheimnis-77"


@dataclass(frozen=True)
class Sent:
    person_id: int
    case_id: int
    case_number: str
    pseudonym: str
    values: list[str]


def add_client(caseload: Caseload, *, surname: str = "Zwetschgenbaum") -> Sent:
    """A person whose case holds every kind of record, each value unique."""
    values = {
        "surname": surname,
        "given_names": "Quirinus Aurelio",
        "phone": "0151 98765432",
        "email": "quirinus@example.invalid",
        "street": "Holunderweg 17",
        "note": "Personennotiz Familie",
    }
    birth = date(1971, 3, 14)
    person_id = caseload.add_person(make_person(**values, birth_date=birth))
    case = caseload.open_case(person_id, opened_on=date(2026, 9, 1))
    caseload.move_to(case.id, Phase.INTAKE, on=date(2026, 9, 1))
    restriction = "Nicht an das Amt Beschränkungstext"
    caseload.record_consent(
        Consent(
            case.id,
            ConsentKind.DATA_PROCESSING,
            date(2026, 9, 1),
            "ar",
            agencies=("Jobcenter Sachbearbeiterin Kowalczyk",),
            restrictions=restriction,
        )
    )
    release = caseload.record_consent(
        Consent(case.id, ConsentKind.CONFIDENTIALITY_RELEASE, date(2026, 9, 1), "de",
                agencies=("Ausländerbehörde",))
    )
    caseload.withdraw_consent(case.id, release, on=date(2026, 10, 1))
    caseload.move_to(case.id, Phase.ASSESSMENT, on=date(2026, 9, 2))
    contact_note = "Schulden beim Zahnarzt Kontaktnotiz"
    caseload.add_contact(
        Contact(case.id, date(2026, 9, 3), 30, Setting.IN_PERSON, note=contact_note,
                topics=frozenset({LifeDomain.HOUSING}))
    )
    gap = "Kein Platz im Sprachkurs Lückentext"
    measure = {"measure": "Kurs", "alternative_route": True, "gap_domain": "family"}
    caseload.save_form(
        case.id,
        "needs_plan",
        {"date": "2026-09-04", "measures": [measure | {"gap_description": gap}]},
        final=False,
    )
    goal = "Wohnung in Ohligs Zieltext"
    caseload.add_goal(Goal(case.id, 1, goal, date(2026, 9, 5), LifeDomain.HOUSING))
    service = caseload.add_service(Service("Diakonie Solingen", "Schuldnerberatung Spezial"))
    referral = "Verweis Schuldnerberatung Vermerktext"
    caseload.add_referral(
        Referral(case.id, date(2026, 9, 6), service, LifeDomain.FINANCES, note=referral)
    )
    row = caseload.case(case.id)
    texts = [*values.values(), birth.isoformat(), restriction, contact_note, gap, goal, referral]
    return Sent(person_id, case.id, row.case_number, row.pseudonym, texts)


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[Caseload]:
    profile = Profile(
        case_manager="Berta Kollegin",
        organisation="AWO",
        municipality="Solingen",
        full_time_share=1.0,
        coordination_email="koordination@example.org",
    )
    opened = Caseload.create(
        tmp_path / "receiver.kimdesk", RECEIVER_PASSWORD, profile, today=lambda: TODAY
    )
    yield opened
    opened.close()


@pytest.fixture
def sent(caseload: Caseload) -> Sent:
    return add_client(caseload)


def _fill_receiver(receiver: Caseload) -> None:
    """Some cases of the receiver's own, so that its numbering differs from the sender's."""
    for name in ("Erste", "Zweite", "Dritte"):
        receiver.admit_person(make_person(surname=name, given_names="Eva"),
                              opened_on=date(2026, 2, 1))


def test_every_part_arrives_under_the_receivers_number(
    caseload: Caseload, receiver: Caseload, sent: Sent, tmp_path: Path
) -> None:
    _fill_receiver(receiver)
    out = tmp_path / "fall.kimhandover"
    exported = export_case(caseload, sent.case_id, out)
    preview = preview_handover(receiver, out, exported.password)
    assert preview.pseudonym == sent.pseudonym and preview.matches == ()
    assert preview.counts == {"forms": 1, "contacts": 1, "goals": 1, "referrals": 1,
                              "consents": 2}

    imported = import_handover(receiver, out, exported.password)

    assert imported.pseudonym == sent.pseudonym
    assert imported.case_number == "2026-0004"  # after the receiver's three
    new = receiver.case(imported.case_id)
    assert new.pseudonym == sent.pseudonym and new.phase is Phase.ASSESSMENT
    assert new.opened_on == date(2026, 9, 1) and new.admitted_on == date(2026, 9, 2)
    assert receiver.person(new.person_id) == caseload.person(sent.person_id)
    assert receiver.phase_history(new.id) == caseload.phase_history(sent.case_id)
    # consents with their dates, withdrawals included
    strip = [(c.kind, c.signed_on, c.language, c.agencies, c.restrictions, c.withdrawn_on)
             for c in caseload.consents(sent.case_id)]
    assert [(c.kind, c.signed_on, c.language, c.agencies, c.restrictions, c.withdrawn_on)
            for c in receiver.consents(new.id)] == strip
    assert [c.__class__(**{**c.__dict__, "case_id": 0}) for c in receiver.contacts(new.id)] == [
        c.__class__(**{**c.__dict__, "case_id": 0}) for c in caseload.contacts(sent.case_id)
    ]
    assert [(g.title, g.position, g.domain, g.agreed_on) for g in receiver.goals(new.id)] == [
        (g.title, g.position, g.domain, g.agreed_on) for g in caseload.goals(sent.case_id)
    ]
    # the receiver has no such service: its text goes with the referral
    (referral,) = receiver.referrals(new.id)
    assert referral.service_id is None and referral.domain is LifeDomain.FINANCES
    assert referral.note.startswith("Diakonie Solingen – Schuldnerberatung Spezial")
    assert referral.note.endswith("Verweis Schuldnerberatung Vermerktext")
    # forms with their answers and the definition they were saved under
    (form,) = receiver.form_instances(new.id)
    (original,) = caseload.form_instances(sent.case_id)
    assert form.answers == original.answers and form.status == original.status
    assert form.definition_digest == original.definition_digest
    assert form.created_at == original.created_at
    assert receiver.repo.stored_definition(form.definition_digest) == (
        caseload.repo.stored_definition(original.definition_digest)
    )
    assert receiver.definition_of(form).key == "needs_plan"
    assert [e.detail for e in receiver.repo.audit_entries(IMPORTED)] == [
        f"{sent.pseudonym} {TODAY.isoformat()}"
    ]
    # the receipt is the one the sender can check
    expected = handover_file.receipt_code(exported.password, preview.payload_id)
    assert imported.receipt_code == expected


def test_a_known_service_is_linked(
    caseload: Caseload, receiver: Caseload, sent: Sent, tmp_path: Path
) -> None:
    own = receiver.add_service(Service("Diakonie Solingen", "Schuldnerberatung spezial"))
    out = tmp_path / "fall.kimhandover"
    exported = export_case(caseload, sent.case_id, out)
    imported = import_handover(receiver, out, exported.password)
    (referral,) = receiver.referrals(imported.case_id)
    assert referral.service_id == own and referral.note == "Verweis Schuldnerberatung Vermerktext"


def test_the_file_holds_no_value_in_clear_and_is_written_whole(
    caseload: Caseload, sent: Sent, tmp_path: Path
) -> None:
    out = tmp_path / "fall.kimhandover"
    exported = export_case(caseload, sent.case_id, out)
    data = out.read_bytes()
    for value in [*sent.values, sent.pseudonym, sent.case_number]:
        for encoding in ("utf-8", "utf-16-le"):
            assert value.encode(encoding) not in data
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []
    # the password: 5 groups of 4 unambiguous characters, stored nowhere
    groups = exported.password.split("-")
    assert [len(g) for g in groups] == [4] * 5
    assert set("".join(groups)) <= set(handover_file.ALPHABET)
    db_text = "".join(v for v in caseload.repo.profile_values().values())
    assert handover_file.normalise(exported.password) not in handover_file.normalise(db_text)
    assert [e.detail for e in caseload.repo.audit_entries(EXPORTED)] == [
        f"{sent.pseudonym} {TODAY.isoformat()}"
    ]
    # an existing file is not overwritten
    with pytest.raises(BadInput):
        export_case(caseload, sent.case_id, out)


def test_wrong_password_and_damaged_file(
    caseload: Caseload, receiver: Caseload, sent: Sent, tmp_path: Path
) -> None:
    out = tmp_path / "fall.kimhandover"
    exported = export_case(caseload, sent.case_id, out)
    with pytest.raises(WrongPassword) as wrong:
        import_handover(receiver, out, "AAAA-BBBB-CCCC-DDDD-EEEE")
    assert wrong.value.exit_code == 3
    damaged = tmp_path / "kaputt.kimhandover"
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x40
    damaged.write_bytes(bytes(data))
    with pytest.raises(DamagedDatabase) as broken:
        import_handover(receiver, damaged, exported.password)
    assert broken.value.exit_code == 4 and "beschädigt" in str(broken.value)
    foreign = tmp_path / "fremd.kimhandover"
    foreign.write_bytes(b"PK\x03\x04 not a handover at all" * 10)
    with pytest.raises(DamagedDatabase):
        import_handover(receiver, foreign, exported.password)
    assert receiver.cases() == []


def test_lower_case_and_spaces_in_the_password_are_accepted(
    caseload: Caseload, receiver: Caseload, sent: Sent, tmp_path: Path
) -> None:
    out = tmp_path / "fall.kimhandover"
    exported = export_case(caseload, sent.case_id, out)
    typed = exported.password.lower().replace("-", " ")
    assert import_handover(receiver, out, typed).pseudonym == sent.pseudonym


def test_a_possible_duplicate_needs_a_decision(
    caseload: Caseload, receiver: Caseload, sent: Sent, tmp_path: Path
) -> None:
    # the same person, already known to the receiver from an earlier, closed case
    known = receiver.admit_person(
        make_person(surname="Zwetschgenbaum", given_names="Quirinus Aurelio",
                    birth_date=date(1971, 3, 14)),
        opened_on=date(2025, 1, 10),
    )
    receiver.move_to(known.case.id, Phase.NOT_ADMITTED, on=date(2025, 1, 20))
    out = tmp_path / "fall.kimhandover"
    exported = export_case(caseload, sent.case_id, out)
    (match,) = preview_handover(receiver, out, exported.password).matches
    assert match.person_id == known.person_id and match.exact and not match.has_open_case
    with pytest.raises(DecisionNeeded) as needed:
        import_handover(receiver, out, exported.password)
    assert known.case.case_number in str(needed.value)
    assert len(receiver.cases()) == 1  # nothing merged, nothing added

    imported = import_handover(
        receiver, out, exported.password, attach_to_person_id=known.person_id
    )
    assert receiver.case(imported.case_id).person_id == known.person_id
    assert imported.case_number == "2026-0001"
    assert receiver.repo.table_counts()["persons"] == 1


def test_new_person_despite_a_match_and_refusals(
    caseload: Caseload, receiver: Caseload, sent: Sent, tmp_path: Path
) -> None:
    known = receiver.admit_person(
        make_person(surname="Zwetschgenbaum", given_names="Quirinus Aurelio"),
        opened_on=date(2026, 1, 10),
    )
    out = tmp_path / "fall.kimhandover"
    exported = export_case(caseload, sent.case_id, out)
    # the person known here has an open case: attaching is refused
    with pytest.raises(BadInput, match="offenen Fall"):
        import_handover(receiver, out, exported.password, attach_to_person_id=known.person_id)
    imported = import_handover(receiver, out, exported.password, new_person=True)
    assert receiver.case(imported.case_id).person_id != known.person_id
    # a second import of the same file: the pseudonym is taken
    with pytest.raises(BadInput, match="Pseudonym"):
        import_handover(receiver, out, exported.password, new_person=True)


def test_sender_keeps_everything_until_the_receipt_then_the_person_is_erased(
    caseload: Caseload, db_path: Path, receiver: Caseload, sent: Sent, tmp_path: Path
) -> None:
    out = tmp_path / "fall.kimhandover"
    exported = export_case(caseload, sent.case_id, out)
    imported = import_handover(receiver, out, exported.password)
    assert is_pending(caseload, sent.case_id)
    assert found_values(db_path, PASSWORD, sent.values) == sent.values
    before = caseload.repo.table_counts()

    with pytest.raises(BadInput, match="Empfangscode"):
        confirm_handover(caseload, sent.case_id, "ABCD-EFGH")
    assert caseload.repo.table_counts() == before
    assert caseload.case(sent.case_id).phase is Phase.ASSESSMENT
    assert caseload.person(sent.person_id).surname == "Zwetschgenbaum"

    confirmed = confirm_handover(caseload, sent.case_id, imported.receipt_code.lower())

    assert confirmed.person_erased and confirmed.pseudonym == sent.pseudonym
    assert caseload.cases() == [] and caseload.repo.table_counts()["persons"] == 0
    assert found_values(db_path, PASSWORD, sent.values) == []  # gone from the file's bytes
    assert not is_pending(caseload, sent.case_id)
    (entry,) = caseload.repo.audit_entries(CONFIRMED)
    assert entry.detail == f"{sent.pseudonym} {TODAY.isoformat()}"
    details = " ".join(e.detail for e in caseload.repo.audit_entries())
    assert not any(value in details for value in sent.values)
    # the receiver's copy is untouched
    assert receiver.case(imported.case_id).pseudonym == sent.pseudonym


def test_a_person_with_other_cases_is_kept_and_the_case_closed_as_handed_over(
    caseload: Caseload, receiver: Caseload, sent: Sent, tmp_path: Path
) -> None:
    # an earlier episode of the same person, ended before admission
    with caseload.db.transaction():
        caseload.repo.insert_case(
            person_id=sent.person_id, case_number="2025-0001", pseudonym="ALT-0001",
            phase=Phase.NOT_ADMITTED, opened_on=date(2025, 1, 1), admitted_on=None,
            access_route="",
        )
    out = tmp_path / "fall.kimhandover"
    exported = export_case(caseload, sent.case_id, out)
    imported = import_handover(receiver, out, exported.password)

    confirmed = confirm_handover(caseload, sent.case_id, imported.receipt_code)

    assert not confirmed.person_erased
    row = caseload.case(sent.case_id)
    assert row.phase is Phase.CLOSED and row.closed_on == TODAY
    assert row.closure_reason is ClosureReason.AGREED_HANDED_OVER
    with pytest.raises(BadInput):
        confirm_handover(caseload, sent.case_id, imported.receipt_code)


def test_only_an_open_case_is_handed_over(
    caseload: Caseload, sent: Sent, tmp_path: Path
) -> None:
    caseload.move_to(sent.case_id, Phase.CLOSED, on=TODAY,
                     closure_reason=ClosureReason.MOVED_AWAY)
    with pytest.raises(BadInput):
        export_case(caseload, sent.case_id, tmp_path / "fall.kimhandover")
    assert list(tmp_path.glob("*.kimhandover")) == []


def test_profile_is_unaffected_by_a_pending_handover(
    caseload: Caseload, sent: Sent, tmp_path: Path
) -> None:
    export_case(caseload, sent.case_id, tmp_path / "fall.kimhandover")
    assert caseload.profile() == PROFILE



def test_a_pending_handover_does_not_pass_to_a_later_case_with_the_same_id(
    caseload: Caseload, sent: Sent, tmp_path: Path
) -> None:
    from kimdesk.lifecycle.erasure import erase_person

    export_case(caseload, sent.case_id, tmp_path / "fall.kimhandover")
    erase_person(caseload, sent.person_id)  # e.g. on request, before any receipt
    later = caseload.admit_person(make_person(surname="Später"), opened_on=TODAY)
    assert later.case.id == sent.case_id  # SQLite gave the id again
    assert not is_pending(caseload, later.case.id)
    with pytest.raises(BadInput):
        confirm_handover(caseload, later.case.id, "ABCD-EFGH")
