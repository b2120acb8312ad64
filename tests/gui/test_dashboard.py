"""The overview: caseload against the caseload key, goal reviews due, persons without contact,
the monthly report and drafts — shown from a real caseload, opened by click and Enter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from kimdesk.caseload import Caseload
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import CaseRow, Consent, Contact, Goal, Overview
from kimdesk.domain.vocabulary import ConsentKind, Setting
from kimdesk.gui.dashboard import (
    ALERT_COLOUR,
    MAX_ENTRIES,
    Dashboard,
    EntryList,
    decimal,
    load_level,
    month_name,
)
from kimdesk.i18n import _, ngettext
from tests.conftest import PROFILE, TODAY, make_person

OVERDUE_ON = date(2026, 11, 1)
SOON_ON = TODAY + timedelta(days=7)


def admit(caseload: Caseload, case_id: int, on: date) -> None:
    caseload.record_consent(Consent(case_id, ConsentKind.DATA_PROCESSING, on, "de"))
    caseload.move_to(case_id, Phase.INTAKE, on=on)
    caseload.move_to(case_id, Phase.ASSESSMENT, on=on)


@pytest.fixture
def known(caseload: Caseload) -> dict[str, int]:
    """Goals overdue and due soon, a person silent since June, a draft screening."""
    ids = {}
    for key, surname, given in (
        ("goals", "Şahin", "Ayşe"),
        ("soon", "Nowak", "Piotr"),
        ("silent", "Коваленко", "Олена"),
        ("draft", "Haddad", "Layla"),
    ):
        person_id = caseload.add_person(make_person(surname, given))
        ids[key] = caseload.open_case(person_id, opened_on=date(2026, 1, 10)).id
    admit(caseload, ids["goals"], date(2026, 9, 1))
    admit(caseload, ids["soon"], date(2026, 10, 1))
    admit(caseload, ids["silent"], date(2026, 2, 1))
    for case_key, due in (("goals", OVERDUE_ON), ("soon", SOON_ON)):
        recent = TODAY - timedelta(days=3)
        caseload.add_contact(Contact(ids[case_key], recent, 60, Setting.IN_PERSON))
        for position in (1, 2) if case_key == "goals" else (1,):
            caseload.add_goal(
                Goal(ids[case_key], position, f"Ziel {position}", date(2026, 9, 1), review_due=due)
            )
    caseload.add_contact(Contact(ids["silent"], date(2026, 6, 2), 30, Setting.PHONE))
    ids["instance"] = (
        caseload.save_form(ids["draft"], "screening", {"date": "2026-11-20"}, final=False).id or 0
    )
    return ids


def labels_of(caseload: Caseload) -> dict[int, str]:
    return {r.id: f"{r.case_number} {r.surname}, {r.given_names}" for r in caseload.cases()}


@pytest.fixture
def dashboard(qtbot, caseload: Caseload, known: dict[str, int]) -> Dashboard:
    shown = Dashboard()
    qtbot.addWidget(shown)
    shown.resize(1100, 800)
    shown.show_overview(caseload.overview(), caseload.profile(), labels_of(caseload))
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def entry_texts(entries: EntryList) -> list[str]:
    return [entries.item(row).text() for row in range(entries.count())]


def click(qtbot, entries: EntryList, row: int) -> None:
    rect = entries.visualItemRect(entries.item(row))
    qtbot.mouseClick(entries.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_goal_reviews_due_and_overdue(qtbot, dashboard: Dashboard, caseload, known) -> None:
    labels = labels_of(caseload)
    entries = dashboard.reviews_card.list
    overdue = ngettext(
        "{case} – goal {positions} – overdue since {date}",
        "{case} – goals {positions} – overdue since {date}",
        2,
    ).format(case=labels[known["goals"]], positions="1, 2", date="01.11.2026")
    soon = ngettext(
        "{case} – goal {positions} – due on {date}",
        "{case} – goals {positions} – due on {date}",
        1,
    ).format(case=labels[known["soon"]], positions="1", date=SOON_ON.strftime("%d.%m.%Y"))
    assert entry_texts(entries) == [overdue, soon]
    assert entries.item(0).foreground().color() == ALERT_COLOUR
    assert entries.item(1).foreground().color() != ALERT_COLOUR

    with qtbot.waitSignal(dashboard.open_case) as opened:
        click(qtbot, entries, 1)
    assert opened.args == [known["soon"]]
    entries.setFocus()
    entries.setCurrentRow(0)
    with qtbot.waitSignal(dashboard.open_case) as opened:
        qtbot.keyClick(entries, Qt.Key.Key_Return)
    assert opened.args == [known["goals"]]


def test_persons_without_contact_suggest_closure(qtbot, dashboard: Dashboard, caseload, known):
    entries = dashboard.closure_card.list
    text = _("{case} – last contact on {date}").format(
        case=labels_of(caseload)[known["silent"]], date="02.06.2026"
    )
    assert entry_texts(entries) == [text]
    with qtbot.waitSignal(dashboard.open_case) as opened:
        click(qtbot, entries, 0)
    assert opened.args == [known["silent"]]


def test_drafts_open_the_form(qtbot, dashboard: Dashboard, caseload, known) -> None:
    entries = dashboard.drafts_card.list
    [draft] = caseload.drafts()
    [text] = entry_texts(entries)
    assert draft.case_number in text and "Case Management" not in text
    assert text.startswith(draft.title.removeprefix("Case Management: "))
    entries.setFocus()
    with qtbot.waitSignal(dashboard.open_draft) as opened:
        qtbot.keyClick(entries, Qt.Key.Key_Enter)
    assert opened.args == [known["instance"]]
    with qtbot.waitSignal(dashboard.open_draft) as opened:
        click(qtbot, entries, 0)
    assert opened.args == [known["instance"]]


def test_the_caseload_against_the_caseload_key(qtbot, dashboard: Dashboard, caseload) -> None:
    overview = caseload.overview()
    assert overview.capacity == 37.5  # 0.75 of a post
    assert dashboard.caseload_number.text() == _("{count} of {capacity}").format(
        count=overview.caseload_count, capacity=decimal(37.5)
    )
    assert decimal(37.5) == "37,5" and decimal(50.0) == "50"  # the tests run in German
    assert dashboard.caseload_bar.property("level") == "ok"
    assert dashboard.open_cases_label.text() == ngettext(
        "{n} open case", "{n} open cases", 4
    ).format(n=4)
    full = replace(overview, caseload_count=38)
    dashboard.show_overview(full, caseload.profile(), {})
    assert dashboard.caseload_bar.property("level") == "over"
    assert dashboard.caseload_bar.value() == dashboard.caseload_bar.maximum()
    assert dashboard.caseload_rule.text().startswith(_("Above the caseload key."))
    # Nearly full is said in words, not only by the bar's amber.
    dashboard.show_overview(replace(overview, caseload_count=34), caseload.profile(), {})
    assert dashboard.caseload_bar.property("level") == "high"
    assert dashboard.caseload_rule.text().startswith("Fast am Fallschlüssel.")
    assert dashboard.caseload_bar.accessibleDescription().endswith("fast voll")
    with qtbot.waitSignal(dashboard.show_cases):
        dashboard.cases_button.click()


def test_load_levels() -> None:
    assert load_level(33, 37.5) == "ok"
    assert load_level(34, 37.5) == "high"  # 90 % of 37.5 is 33.75
    assert load_level(38, 37.5) == "over"
    assert load_level(0, 0.0) == "ok"


def test_the_monthly_report_reminder(dashboard: Dashboard, caseload) -> None:
    overview = caseload.overview()
    dashboard.show_overview(replace(overview, reports_due=()), PROFILE, {})
    [label] = dashboard.report_labels
    assert label.text() == _("No monthly report due.")
    dashboard.show_overview(replace(overview, reports_due=("2026-10", "2026-11")), PROFILE, {})
    texts = [label.text() for label in dashboard.report_labels]
    due = _("Monthly report {month} is due")
    assert texts == [due.format(month=month_name(m)) for m in ("2026-10", "2026-11")]
    assert month_name("2026-11") == "November 2026" and month_name("2026-03") == "März 2026"


def test_empty_states_and_more_entries(qtbot) -> None:
    dashboard = Dashboard()
    qtbot.addWidget(dashboard)
    empty = Overview(TODAY, 0, 50.0, 0, (), (), (), ())
    dashboard.show_overview(empty, PROFILE, {})
    dashboard.show()
    qtbot.waitExposed(dashboard)
    card = dashboard.reviews_card
    assert not card.list.isVisible() and card.empty_label.isVisible()
    assert card.empty_label.text() == _("No goal reviews due. Well done.")

    silent = [
        CaseRow(
            id=n,
            case_number=f"2026-{n:04d}",
            pseudonym=f"P{n}",
            phase=Phase.MONITORING,
            opened_on=date(2025, 1, 1),
            admitted_on=date(2025, 2, 1),
            closed_on=None,
            closure_reason=None,
            person_id=n,
            surname=f"Name{n}",
            given_names="Vorname",
            last_contact_on=date(2026, 3, n),
            next_review_due=None,
        )
        for n in range(1, MAX_ENTRIES + 5)
    ]
    dashboard.show_overview(replace(empty, closure_suggestions=tuple(silent)), PROFILE, {})
    card = dashboard.closure_card
    assert card.list.count() == MAX_ENTRIES and card.list.isVisible()
    assert card.more_label.isVisible()
    assert card.more_label.text() == _("+ {n} more").format(n=4)
    assert card.badge.text() == str(MAX_ENTRIES + 4)
    assert not card.empty_label.isVisible()
