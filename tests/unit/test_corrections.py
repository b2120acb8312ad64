"""Corrections on a real encrypted caseload: contacts, referrals, directory entries and
finished forms, each logged without its values."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Consent, Contact, Referral, Service
from kimdesk.domain.vocabulary import ConsentKind, FormStatus, LifeDomain, Setting
from kimdesk.errors import BadInput
from kimdesk.store.schema import latest_version
from tests.conftest import PASSWORD, TODAY, make_person

SECRET_NOTE = "Streit mit Vermieter Herr Özdemir"


def admitted_case(caseload: Caseload) -> int:
    case_id = caseload.open_case(caseload.add_person(make_person())).id
    caseload.move_to(case_id, Phase.INTAKE)
    signed = TODAY - timedelta(days=60)
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, signed, "tr"))
    caseload.move_to(case_id, Phase.ASSESSMENT)
    return case_id


def audit_text(caseload: Caseload) -> str:
    return "\n".join(f"{e.action} {e.case_id} {e.detail}" for e in caseload.audit_log())


def test_a_contact_is_corrected_and_removed(caseload: Caseload) -> None:
    case_id = admitted_case(caseload)
    caseload.add_contact(Contact(case_id, TODAY, 30, Setting.IN_PERSON, note="erst"))
    corrections = caseload.corrections
    [(contact_id, contact)] = corrections.contacts(case_id)
    fixed = replace(contact, minutes=45, note=SECRET_NOTE, topics=frozenset({LifeDomain.HOUSING}))
    corrections.update_contact(contact_id, fixed)
    assert caseload.contacts(case_id) == [fixed]
    corrections.remove_contact(contact_id)
    assert caseload.contacts(case_id) == []
    actions = [(e.action, e.case_id, e.detail) for e in caseload.audit_log()]
    assert ("contact.corrected", case_id, "") in actions
    assert ("contact.removed", case_id, "") in actions
    assert "Özdemir" not in audit_text(caseload) and "45" not in audit_text(caseload)


def test_a_contact_correction_keeps_the_rules(caseload: Caseload) -> None:
    case_id = admitted_case(caseload)
    caseload.add_contact(Contact(case_id, TODAY, 30, Setting.IN_PERSON))
    [(contact_id, contact)] = caseload.corrections.contacts(case_id)
    with pytest.raises(BadInput, match="Zukunft"):
        caseload.corrections.update_contact(
            contact_id, replace(contact, contact_on=TODAY + timedelta(days=1))
        )
    with pytest.raises(BadInput):
        caseload.corrections.remove_contact(contact_id + 99)
    assert caseload.contacts(case_id) == [contact]


def test_referrals_and_services_are_corrected_and_removed(caseload: Caseload) -> None:
    case_id = admitted_case(caseload)
    used = caseload.add_service(Service("Diakonie", "Schuldnerberatung"))
    unused = caseload.add_service(Service("Caritas", "Sprachkurs"))
    caseload.add_referral(Referral(case_id, TODAY, service_id=used, note="erst"))
    corrections = caseload.corrections
    [(referral_id, referral)] = corrections.referrals(case_id)
    corrections.update_referral(
        referral_id, replace(referral, domain=LifeDomain.FINANCES, note=SECRET_NOTE)
    )
    assert caseload.referrals(case_id)[0].domain is LifeDomain.FINANCES

    corrections.update_service(used, Service("Diakonie Ruhr", "Schuldnerberatung"))
    assert dict(caseload.services())[used].provider == "Diakonie Ruhr"
    with pytest.raises(BadInput, match="1 Vermittlung"):
        corrections.remove_service(used)  # the referral would lose whom it went to
    assert caseload.referrals(case_id)[0].service_id == used
    corrections.remove_service(unused)
    assert [service_id for service_id, _s in caseload.services()] == [used]

    corrections.remove_referral(referral_id)
    assert caseload.referrals(case_id) == []
    corrections.remove_service(used)  # named by no referral any more
    assert caseload.services() == []
    actions = [e.action for e in caseload.audit_log()]
    for action in (
        "referral.corrected",
        "referral.removed",
        "service.corrected",
        "service.removed",
    ):
        assert action in actions
    assert "Özdemir" not in audit_text(caseload) and "Ruhr" not in audit_text(caseload)


def residence_answers(status: str, on: date) -> dict[str, object]:
    return {"assessment_kind": "first", "date": on.isoformat(), "residence_status": status}


def test_a_finished_form_is_corrected_and_the_earlier_version_kept(
    caseload: Caseload, db_path: Path
) -> None:
    case_id = admitted_case(caseload)
    on = TODAY - timedelta(days=10)
    key = "assessment_residence"
    first = caseload.save_form(case_id, key, residence_answers("visa", on), final=True)
    assert first.id is not None

    draft_id = caseload.corrections.start_form_correction(first.id)
    assert caseload.corrections.start_form_correction(first.id) == draft_id  # the same draft
    draft = caseload.form_instance(draft_id)
    assert draft.status is FormStatus.DRAFT and draft.answers == first.answers
    # Until the correction is finished, the earlier version counts.
    assert [i.id for i in caseload.form_instances(case_id)] == [first.id, draft_id]
    assert _report_status(caseload, case_id) == "visa"

    caseload.save_form(
        case_id, key, residence_answers("settlement_permit", on), final=True, instance_id=draft_id
    )
    assert [i.id for i in caseload.form_instances(case_id)] == [draft_id]
    assert _report_status(caseload, case_id) == "settlement_permit"
    earlier = caseload.corrections.form_version(first.id)
    assert earlier.superseded_on == TODAY
    assert earlier.instance.answers["residence_status"] == "visa"  # kept, readable
    assert caseload.corrections.form_version(draft_id).corrects_id == first.id
    with pytest.raises(BadInput):
        caseload.corrections.start_form_correction(first.id)  # only the current version

    entries = [(e.action, e.case_id, e.detail) for e in caseload.audit_log()]
    assert ("form.corrected", case_id, key) in entries
    assert "settlement" not in audit_text(caseload) and "visa" not in audit_text(caseload)

    caseload.close()
    reopened = Caseload.open(db_path, PASSWORD, today=lambda: TODAY)
    assert reopened.db.schema_version == latest_version()
    assert [i.id for i in reopened.form_instances(case_id)] == [draft_id]
    reopened.close()


def _report_status(caseload: Caseload, case_id: int) -> str | None:
    values = caseload.repo.report_form_values(
        "assessment", None, TODAY, "$.residence_status", domain=LifeDomain.RESIDENCE.value
    )
    return [value for found, _on, value in values if found == case_id][-1]


def test_the_comparison_uses_the_corrected_assessment(caseload: Caseload) -> None:
    case_id = admitted_case(caseload)
    form = caseload.forms.assessment(LifeDomain.HOUSING)
    line = form.rating_lines()[0].key

    def answers(kind: str, on: date, value: int) -> dict[str, object]:
        return {"assessment_kind": kind, "date": on.isoformat(), line: {"value": value}}

    first = caseload.save_form(case_id, form.key, answers("first", TODAY - timedelta(30), 2),
                               final=True)
    caseload.save_form(case_id, form.key, answers("re", TODAY, 6), final=True)
    assert caseload.assessment_changes(case_id)[0].first == 2
    draft_id = caseload.corrections.start_form_correction(first.id or 0)
    caseload.save_form(
        case_id, form.key, answers("first", TODAY - timedelta(30), 3), final=True,
        instance_id=draft_id,
    )
    change = caseload.assessment_changes(case_id)[0]
    assert (change.first, change.latest, change.change) == (3, 6, 3)


def test_a_draft_cannot_be_corrected(caseload: Caseload) -> None:
    case_id = admitted_case(caseload)
    draft = caseload.save_form(
        case_id, "assessment_residence", residence_answers("visa", TODAY), final=False
    )
    with pytest.raises(BadInput):
        caseload.corrections.start_form_correction(draft.id or 0)
