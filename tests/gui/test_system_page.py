"""The page "Systemarbeit": themes with their status and links, gaps and interface problems,
network time with the month's summary; client data in a text is refused in German without
being echoed. Real widgets on a real encrypted caseload."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from kimdesk import network_time, service_gaps, themes
from kimdesk.caseload import Caseload
from kimdesk.domain.records import Service
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.gui.main_window import MainWindow
from kimdesk.gui.system_dialogs import GapDialog, NetworkDialog, ThemeDialog, ThemeStatusDialog
from kimdesk.gui.system_page import SystemWorkPage
from kimdesk.network_time import NetworkKind
from kimdesk.service_gaps import GapKind
from kimdesk.themes import ThemeStatus
from tests.conftest import TODAY, make_person
from tests.gui.conftest import RecordingPrompter


@pytest.fixture
def page(qtbot, caseload: Caseload, prompter: RecordingPrompter) -> SystemWorkPage:
    page = SystemWorkPage(caseload, prompter)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    return page


def cells(page_tab, row: int) -> list[str]:
    table = page_tab.table
    return [table.item(row, c).text() for c in range(table.columnCount())]


def choose(combo, value: str | None) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_a_theme_is_added_with_its_cases_and_gaps(
    page: SystemWorkPage, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    first = caseload.admit_person(make_person("Yılmaz")).case
    second = caseload.admit_person(make_person("Nowak")).case
    gap_id = service_gaps.add_gap(
        caseload, kind=GapKind.GAP, domain=LifeDomain.FAMILY, description="Kita-Plätze"
    )
    page.refresh()
    dialog = page.add_theme()
    assert isinstance(dialog, ThemeDialog)
    dialog.title_edit.setText("Wartezeiten Kita")
    choose(dialog.domain_combo, LifeDomain.FAMILY.value)
    dialog.cases_edit.setText(f"{first.case_number}; {second.case_number}")
    dialog.gap_list.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.save()

    assert prompter.messages == [] and not dialog.isVisible()
    [theme] = themes.themes(caseload)
    assert theme.case_ids == (first.id, second.id) and theme.gap_ids == (gap_id,)
    row = cells(page.theme_tab, 0)
    assert row[:3] == ["Wartezeiten Kita", "familiäre Situation", "beobachtet"]
    assert row[4] == f"{first.case_number}, {second.case_number}" and row[5] == "1"
    assert page.theme_tab.selected_row() == 0  # the new theme is chosen

    # Corrected: one case less; the link goes, the other stays.
    edit = page.edit_theme(0)
    assert isinstance(edit, ThemeDialog) and edit.cases_edit.text() == row[4]
    edit.cases_edit.setText(second.case_number)
    edit.save()
    assert themes.themes(caseload)[0].case_ids == (second.id,)


def test_client_data_and_unknown_numbers_are_refused_in_german(
    page: SystemWorkPage, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    caseload.admit_person(make_person("Yılmaz"))
    dialog = page.add_theme()
    assert isinstance(dialog, ThemeDialog)
    dialog.title_edit.setText("Sprachkurse")
    dialog.description_edit.setPlainText("wie bei Frau Yilmaz")
    dialog.save()
    [(kind, text)] = prompter.messages
    assert kind == "error" and "„Beschreibung“" in text and "(Name)" in text
    assert "Yilmaz" not in text and dialog.isVisible()
    dialog.description_edit.setPlainText("")
    dialog.cases_edit.setText("2026-0999")
    dialog.save()
    assert prompter.messages[-1] == ("error", "Es gibt keinen Fall mit der Nummer 2026-0999.")
    assert themes.themes(caseload) == []
    dialog.reject()


def test_the_status_changes_from_a_day_on(
    page: SystemWorkPage, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    theme_id = themes.add_theme(caseload, title="Termine ABH", domain=LifeDomain.RESIDENCE)
    page.refresh()
    assert page.change_status() is None  # nothing chosen
    page.theme_tab.table.selectRow(0)
    dialog = page.change_status()
    assert isinstance(dialog, ThemeStatusDialog)
    choose(dialog.status_combo, ThemeStatus.REPORTED.value)
    dialog.save()
    assert themes.theme(caseload, theme_id).status is ThemeStatus.REPORTED
    assert cells(page.theme_tab, 0)[2:4] == ["an Koordinierung gemeldet", "23.11.2026"]


def test_an_interface_problem_names_its_directory_entry(
    page: SystemWorkPage, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    service_id = caseload.add_service(Service("Jobcenter", "Leistungsabteilung"))
    case = caseload.admit_person(make_person("Nowak")).case
    page.refresh()
    dialog = page.add_gap()
    assert isinstance(dialog, GapDialog)
    assert not dialog.service_combo.isEnabled()  # a gap names no entry
    choose(dialog.kind_combo, GapKind.INTERFACE.value)
    assert dialog.service_combo.isEnabled()
    choose(dialog.service_combo, service_id)  # type: ignore[arg-type]
    choose(dialog.domain_combo, LifeDomain.EDUCATION_WORK.value)
    dialog.description_edit.setPlainText("Termine nur online")
    dialog.cases_edit.setText(case.case_number)
    dialog.save()
    assert prompter.messages == []
    [gap] = service_gaps.gaps(caseload)
    assert gap.service_id == service_id and gap.case_ids == (case.id,)
    row = cells(page.gap_tab, 0)
    assert row[1] == "Schnittstellenproblem" and row[4] == "Jobcenter – Leistungsabteilung"
    assert row[5] == case.case_number
    page.gap_tab.table.selectRow(0)
    assert page.remove_gap() and service_gaps.gaps(caseload) == []
    assert caseload.case(case.id).id == case.id


def test_network_time_is_recorded_and_summed_for_the_month(
    page: SystemWorkPage, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    network_time.add_entry(
        caseload, worked_on=date(2026, 10, 30), kind=NetworkKind.CONFERENCE, minutes=60
    )
    page.refresh()
    summary = page.network_tab.summary.text().splitlines()
    assert summary[0] == "Im November 2026 noch keine Netzwerkzeit erfasst."
    assert summary[1] == "1 Std. Netzwerk- und Systemarbeit im Oktober 2026 (Konferenz 1 Std.)"

    for minutes, kind in ((90, NetworkKind.NETWORK), (660, NetworkKind.WORKING_GROUP)):
        dialog = page.add_entry()
        assert isinstance(dialog, NetworkDialog)
        dialog.date_edit.setDate(TODAY)
        choose(dialog.kind_combo, kind.value)
        dialog.minutes_spin.setValue(minutes)
        dialog.topic_edit.setText("AK Wohnen")
        dialog.save()
    assert page.network_tab.summary.text().splitlines()[0] == (
        "12 Std. 30 Min. Netzwerk- und Systemarbeit im November 2026 "
        "(Netzwerkarbeit 1 Std. 30 Min., Arbeitskreis/Arbeitsgruppe 11 Std.)"
    )
    assert cells(page.network_tab, 0)[1:] == ["Arbeitskreis/Arbeitsgruppe", "11 Std.", "AK Wohnen"]

    edit = page.edit_entry(0)
    assert isinstance(edit, NetworkDialog)
    edit.minutes_spin.setValue(0)
    edit.save()
    assert prompter.messages[-1] == (
        "error",
        "Die Dauer muss zwischen 1 Minute und 24 Stunden liegen.",
    )
    edit.reject()
    page.network_tab.table.selectRow(0)
    assert page.remove_entry()
    assert len(network_time.entries(caseload)) == 2


def test_the_main_window_leads_to_the_page(
    qtbot, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    texts = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert "Systemarbeit" in texts
    window.navigation.setCurrentRow(texts.index("Systemarbeit"))
    assert window.stack.currentWidget() is window.system_page
