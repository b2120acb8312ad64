"""Case conferences in the GUI: the case view's tab, the dialog that prepares one (only the
agencies the release covers are offered) and records it with tasks, tasks marked done, and
the overview's card of tasks due. Set KIMDESK_SHOTS to a folder to keep pictures."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from kimdesk.case_conference import CASE_MANAGEMENT, CLIENT, ConferenceTask, Minutes, Preparation
from kimdesk.caseload import Caseload
from kimdesk.domain.records import Consent
from kimdesk.domain.vocabulary import ConsentKind
from kimdesk.gui.case_conference_dialog import CaseConferenceDialog
from kimdesk.gui.case_view import CaseView
from kimdesk.gui.dashboard import ALERT_COLOUR, Dashboard
from tests.conftest import TODAY, make_person

SIGNED = date(2026, 2, 2)
JOBCENTER = "Jobcenter: Jobcenter Solingen"
AGENCY = {"contact_person": "Frau Albers", "phone": "0212 12345", "file_number": ""}
SHOTS = os.environ.get("KIMDESK_SHOTS")


def shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / name))


@pytest.fixture
def case_id(caseload: Caseload) -> int:
    """A cover sheet with a Jobcenter and a doctor; the release covers the Jobcenter only."""
    case_id = caseload.open_case(caseload.add_person(make_person()), opened_on=SIGNED).id
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, SIGNED, "de"))
    caseload.save_form(
        case_id,
        "cover_sheet",
        {
            "admitted_on": SIGNED.isoformat(),
            "agency_jobcenter": {**AGENCY, "name": "Jobcenter Solingen"},
            "agency_doctors": {**AGENCY, "name": "Dr. Demir"},
        },
        final=True,
    )
    caseload.record_consent(
        Consent(case_id, ConsentKind.CONFIDENTIALITY_RELEASE, SIGNED, "de", agencies=(JOBCENTER,))
    )
    return case_id


@pytest.fixture
def view(qtbot, caseload: Caseload, prompter, case_id: int) -> CaseView:  # type: ignore[no-untyped-def]
    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.resize(1180, 620)
    view.show()
    view.show_case(case_id)
    view.tabs.setCurrentWidget(view.conferences_tab)
    return view


def labels(widget) -> list[str]:  # type: ignore[no-untyped-def]
    return [widget.item(i).text() for i in range(widget.count())]


def check(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    item = next(widget.item(i) for i in range(widget.count()) if widget.item(i).text() == text)
    item.setCheckState(Qt.CheckState.Checked)


def test_preparing_offers_only_covered_agencies_and_stores_the_conference(
    qtbot, view: CaseView, caseload: Caseload, case_id: int, prompter
) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(view.conferences_tab.new_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, CaseConferenceDialog)
    assert labels(dialog.invited_list) == ["Case Management", "Klient*in", JOBCENTER]
    assert "1 Stelle des Aktendeckblatts wird nicht angeboten" in dialog.notice.text()
    assert "Demir" not in dialog.notice.text()
    assert dialog.agenda_edit.toPlainText().startswith("Begrüßung")
    dialog.planned_edit.setDate(QDate(TODAY + timedelta(days=10)))
    check(dialog.invited_list, "Case Management")
    dialog.save()  # no agency yet: refused, nothing stored
    assert prompter.kinds() == ["error"] and caseload.case_conferences.of_case(case_id) == []
    check(dialog.invited_list, JOBCENTER)
    shot(dialog, "dialog_preparation.png")
    dialog.save()
    (conference,) = caseload.case_conferences.of_case(case_id)
    assert conference.preparation.invited == (CASE_MANAGEMENT, JOBCENTER)
    assert conference.preparation.planned_on == TODAY + timedelta(days=10)
    table = view.conferences_tab.table
    assert table.rowCount() == 1 and table.item(0, 1).text() == "vorbereitet"


def test_recording_minutes_with_tasks_and_marking_one_done(
    qtbot, view: CaseView, caseload: Caseload, case_id: int
) -> None:  # type: ignore[no-untyped-def]
    conferences = caseload.case_conferences
    conference_id = conferences.prepare(
        case_id, Preparation(TODAY - timedelta(days=3), (CASE_MANAGEMENT, JOBCENTER), "Begrüßung")
    )
    view.refresh()
    view.conferences_tab.table.selectRow(0)
    qtbot.mouseClick(view.conferences_tab.open_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, CaseConferenceDialog) and dialog.conference_id == conference_id
    dialog.tabs.setCurrentIndex(1)
    assert not dialog.tasks_table.isEnabled()
    dialog.held_check.setChecked(True)
    dialog.held_edit.setDate(QDate(TODAY - timedelta(days=2)))
    for party in ("Case Management", "Klient*in", JOBCENTER):
        check(dialog.present_list, party)
    dialog.agreements_edit.setPlainText("Erst Sprachkurs, dann Bewerbungen.")
    for text, responsible, due in (
        ("Sprachkurs anmelden", CLIENT, TODAY + timedelta(days=5)),
        ("Maßnahme prüfen", JOBCENTER, TODAY + timedelta(days=30)),
    ):
        row = dialog.add_task()
        line = dialog.tasks_table.cellWidget(row, 0)
        combo = dialog.tasks_table.cellWidget(row, 1)
        assert isinstance(line, QLineEdit) and isinstance(combo, QComboBox)
        line.setText(text)
        combo.setCurrentIndex(combo.findData(responsible))
        dialog.tasks_table.cellWidget(row, 2).setDate(QDate(due))
    shot(dialog, "dialog_minutes.png")
    dialog.save()
    conference = conferences.conference(conference_id)
    assert conference.minutes is not None
    assert conference.minutes.present == (CASE_MANAGEMENT, CLIENT, JOBCENTER)
    assert [t.description for t in conference.tasks] == ["Sprachkurs anmelden", "Maßnahme prüfen"]
    assert view.conferences_tab.table.item(0, 1).text() == "stattgefunden"
    assert view.conferences_tab.table.item(0, 2).text() == "2"
    shot(view, "case_view_tab.png")

    # Opened again, the first task is marked done: it is done today.
    view.conferences_tab.table.selectRow(0)
    dialog = view.open_conference(conference_id)
    assert dialog is not None and dialog.tabs.currentIndex() == 1
    done = dialog.tasks_table.cellWidget(0, 3)
    assert isinstance(done, QCheckBox)
    done.setChecked(True)
    dialog.save()
    tasks = conferences.conference(conference_id).tasks
    assert [t.done_on for t in tasks] == [TODAY, None]
    assert view.conferences_tab.table.item(0, 2).text() == "1"


def test_the_overview_card_lists_tasks_due_and_opens_the_case(
    qtbot, caseload: Caseload, case_id: int
) -> None:  # type: ignore[no-untyped-def]
    conferences = caseload.case_conferences
    conference_id = conferences.prepare(
        case_id, Preparation(TODAY - timedelta(days=20), (CASE_MANAGEMENT, JOBCENTER))
    )
    conferences.record(
        conference_id,
        Minutes(
            TODAY - timedelta(days=20),
            (CASE_MANAGEMENT, CLIENT, JOBCENTER),
            "",
            (
                ConferenceTask("Bescheid", JOBCENTER, TODAY - timedelta(days=1)),
                ConferenceTask("Anmeldung", CLIENT, TODAY + timedelta(days=6)),
                ConferenceTask("später", CASE_MANAGEMENT, TODAY + timedelta(days=20)),
            ),
        ),
    )
    dashboard = Dashboard()
    qtbot.addWidget(dashboard)
    dashboard.resize(1100, 1200)
    labels_by_case = {case_id: "Yılmaz, Ayşe"}
    dashboard.show_overview(caseload.overview(TODAY), caseload.profile(), labels_by_case)
    dashboard.show()
    card = dashboard.conference_card
    entries = [card.list.item(i) for i in range(card.list.count())]
    assert [e.text() for e in entries] == [
        f"Yılmaz, Ayşe – Bescheid ({JOBCENTER}), überfällig seit "
        f"{(TODAY - timedelta(days=1)):%d.%m.%Y}",
        f"Yılmaz, Ayşe – Anmeldung (Klient*in), fällig am {(TODAY + timedelta(days=6)):%d.%m.%Y}",
    ]
    assert entries[0].foreground().color() == ALERT_COLOUR
    assert entries[1].foreground().color() != ALERT_COLOUR
    shot(card, "dashboard_card.png")
    with qtbot.waitSignal(dashboard.open_case) as opened:
        qtbot.mouseClick(
            card.list.viewport(),
            Qt.MouseButton.LeftButton,
            pos=card.list.visualItemRect(entries[0]).center(),
        )
    assert opened.args == [case_id]


def test_a_conference_is_removed_after_a_question(
    view: CaseView, caseload: Caseload, case_id: int, prompter
) -> None:  # type: ignore[no-untyped-def]
    caseload.case_conferences.prepare(
        case_id, Preparation(TODAY, (CASE_MANAGEMENT, JOBCENTER), "Begrüßung")
    )
    view.refresh()
    tab = view.conferences_tab
    tab.table.setCurrentCell(0, 0)
    tab.table.selectRow(0)
    prompter.answer = False
    assert not tab.remove_selected() and tab.table.rowCount() == 1
    prompter.answer = True
    assert tab.remove_selected()
    assert tab.table.rowCount() == 0 and caseload.case_conferences.of_case(case_id) == []
    assert [e.detail for e in caseload.audit_log() if e.action == "conference.removed"] == [""]
