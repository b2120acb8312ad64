"""Consents that act, on screen: the needs plan's wizard refuses a conference without the
consent and shows its restrictions, the consent dialog records what the client crossed out, a
release is withdrawn for single agencies, and the case view warns before a release ends."""

from __future__ import annotations

from datetime import date

import pytest

from kimdesk.caseload import Caseload
from kimdesk.consent_scope import ConsentScope, Exclusions, Topic
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind, FormStatus
from kimdesk.gui.case_view import CaseView
from kimdesk.gui.consent_dialog import ConsentDialog, WithdrawConsentDialog
from kimdesk.gui.wizard import FormWizard
from tests.conftest import TODAY, make_person

JOBCENTER = "Jobcenter: Jobcenter Solingen"
DOCTOR = "Ärzte: Dr. Demir"


@pytest.fixture
def case_id(caseload: Caseload) -> int:
    """An open case with the consent to data processing and a cover sheet naming two
    agencies."""
    case_id = caseload.open_case(caseload.add_person(make_person())).id
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, TODAY, "de"))
    agency = {"contact_person": "", "phone": "", "file_number": ""}
    caseload.save_form(
        case_id,
        "cover_sheet",
        {
            "admitted_on": TODAY.isoformat(),
            "agency_jobcenter": {**agency, "name": "Jobcenter Solingen"},
            "agency_doctors": {**agency, "name": "Dr. Demir"},
        },
        final=True,
    )
    return case_id


def open_wizard(qtbot, caseload, case_id, prompter, **kw) -> FormWizard:
    wizard = FormWizard(caseload, case_id, "needs_plan", prompter=prompter, **kw)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def test_the_wizard_refuses_to_finish_a_conference_without_the_consent(
    qtbot, caseload, case_id, prompter
) -> None:
    wizard = open_wizard(qtbot, caseload, case_id, prompter)
    assert wizard.conference_notice is not None
    assert "Kein Einverständnis zur Bedarfskonferenz" in wizard.conference_notice.text()
    editor = wizard.editor("needs_conference")
    editor.set_value(True)
    assert wizard.finish() is False
    assert wizard.isVisible()
    assert "Einverständnis" in editor.error()  # the problem at the field
    assert wizard.summary_label.isVisible()
    assert wizard.pages[wizard.current_page()].section.key == "conference"
    assert prompter.messages == []  # no message box: the field says it
    stored = caseload.form_instances(case_id)
    assert [i.status for i in stored if i.form_key == "needs_plan"] == [FormStatus.DRAFT]
    draft_id = wizard.instance_id
    wizard.close()

    caseload.record_consent(
        Consent(case_id, ConsentKind.NEEDS_CONFERENCE, TODAY, "de", restrictions="ohne Vermieter"),
        exclusions=Exclusions(participants=(DOCTOR,), topics=(Topic.HEALTH,)),
    )
    again = open_wizard(qtbot, caseload, case_id, prompter, instance_id=draft_id)
    assert again.conference_notice is not None
    notice = again.conference_notice.text()
    assert "unterschrieben am 23.11.2026" in notice
    assert DOCTOR in notice and "Gesundheit" in notice and "ohne Vermieter" in notice
    assert again.editor("needs_conference").value() is True
    assert again.finish() is True
    assert caseload.form_instance(draft_id or 0).status is FormStatus.FINAL


def test_other_forms_have_no_conference_notice(qtbot, caseload, case_id, prompter) -> None:
    wizard = FormWizard(caseload, case_id, "goals", prompter=prompter)
    qtbot.addWidget(wizard)
    assert wizard.conference_notice is None


def test_the_consent_dialog_records_what_the_client_crossed_out(
    qtbot, caseload, case_id, prompter
) -> None:
    dialog = ConsentDialog(caseload, case_id, prompter, kind=ConsentKind.NEEDS_CONFERENCE)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.exclusion_group.isVisibleTo(dialog)
    assert [b.accessibleName() for b in dialog.participant_boxes] == [JOBCENTER, DOCTOR]
    dialog.participant_boxes[1].setChecked(True)
    dialog.topic_boxes["health"].setChecked(True)
    dialog.topic_boxes["family"].setChecked(True)
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    exclusions = ConsentScope(caseload, case_id).exclusions(TODAY)
    assert exclusions.participants == (DOCTOR,)
    assert exclusions.topics == (Topic.HEALTH, Topic.FAMILY)
    # The release offers no exclusions.
    release = ConsentDialog(caseload, case_id, prompter, kind=ConsentKind.CONFIDENTIALITY_RELEASE)
    qtbot.addWidget(release)
    release.show()
    assert not release.exclusion_group.isVisibleTo(release)
    assert release.exclusions() is None


def test_a_release_is_withdrawn_for_single_agencies(qtbot, caseload, case_id, prompter) -> None:
    consent_id = caseload.record_consent(
        Consent(
            case_id, ConsentKind.CONFIDENTIALITY_RELEASE, TODAY, "de", agencies=(JOBCENTER, DOCTOR)
        )
    )
    consent = caseload.consents(case_id)[-1]
    dialog = WithdrawConsentDialog(caseload, consent, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.whole_button.isChecked()
    assert not dialog.withdraw_agency_boxes[1].isEnabled()
    dialog.some_button.setChecked(True)
    dialog.withdraw_agency_boxes[1].setChecked(True)
    with qtbot.waitSignal(dialog.accepted):
        dialog.save()
    scope = ConsentScope(caseload, case_id)
    assert scope.covered_agencies(TODAY) == [JOBCENTER]
    assert caseload.consents(case_id)[-1].withdrawn_on is None
    # One agency left: withdrawing it is withdrawing the release; no choice is offered.
    last = WithdrawConsentDialog(caseload, caseload.consents(case_id)[-1], prompter)
    qtbot.addWidget(last)
    assert last.withdraw_agency_boxes == [] and last.chosen_agencies() is None
    assert consent_id == consent.id


def test_the_consents_tab_warns_before_the_release_ends(qtbot, tmp_path, prompter) -> None:
    from tests.conftest import PASSWORD, PROFILE

    today = date(2026, 11, 23)
    caseload = Caseload.create(tmp_path / "c.kimdesk", PASSWORD, PROFILE, today=lambda: today)
    case_id = caseload.open_case(caseload.add_person(make_person())).id
    caseload.record_consent(
        Consent(
            case_id,
            ConsentKind.CONFIDENTIALITY_RELEASE,
            date(2024, 12, 10),
            "de",
            agencies=(JOBCENTER, DOCTOR),
        )
    )
    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    view.show_case(case_id)
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.consents_table.parentWidget()))
    assert view.release_notice.isVisible()
    assert "endet am 10.12.2026" in view.release_notice.text()
    assert "gültig bis 10.12.2026" in view.consents_table.item(0, 4).text()
    caseload.close()


def test_no_warning_while_the_release_runs(qtbot, caseload, case_id, prompter) -> None:
    caseload.record_consent(
        Consent(case_id, ConsentKind.CONFIDENTIALITY_RELEASE, TODAY, "de", agencies=(JOBCENTER,))
    )
    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.show()
    view.show_case(case_id)
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.consents_table.parentWidget()))
    assert not view.release_notice.isVisible()
