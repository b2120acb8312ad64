"""The service directory: adding an offer with the keyboard, searching, required fields."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from kimdesk.caseload import Caseload
from kimdesk.domain.records import Service
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.gui.services_page import ServiceDialog, ServiceDirectoryPage, looks_like_email
from kimdesk.i18n import _
from tests.gui.conftest import RecordingPrompter

ENTRIES = (
    Service("Diakonie Solingen", "Schuldnerberatung", domains=frozenset({LifeDomain.FINANCES})),
    Service(
        "Caritas", "Migrationsberatung", "Frau Öztürk", domains=frozenset({LifeDomain.MIGRATION})
    ),
    Service("AWO", "Jugendmigrationsdienst", "Herr Diakonidis"),
)


@pytest.fixture
def page(qtbot, caseload: Caseload, prompter: RecordingPrompter) -> ServiceDirectoryPage:
    for entry in ENTRIES:
        caseload.add_service(entry)
    page = ServiceDirectoryPage(caseload, prompter)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    return page


def in_modal_dialog(qtbot, work: Callable[[ServiceDialog], None]) -> None:
    """Run ``work`` on the dialog once it is shown modally; never leave it open."""

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ServiceDialog)
        try:
            # The modal window becomes the active one (and gets the keyboard) a moment later.
            qtbot.waitUntil(dialog.isActiveWindow)
            work(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying ``text``; QTest.keyClicks only knows ASCII."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def type_and_tab(qtbot, dialog: QWidget, text: str) -> None:
    focused = QApplication.focusWidget()
    assert focused is not None and dialog.isAncestorOf(focused)
    type_text(focused, text)
    qtbot.keyClick(focused, Qt.Key.Key_Tab)


def test_lists_the_directory(page: ServiceDirectoryPage) -> None:
    assert {s.provider for s in page.shown_services()} == {e.provider for e in ENTRIES}
    assert page.table.model().rowCount() == 3
    assert "3" in page.count_label.text()


def test_an_offer_added_with_the_keyboard_appears_in_the_table(
    qtbot, page: ServiceDirectoryPage, caseload: Caseload
) -> None:
    def fill(dialog: ServiceDialog) -> None:
        assert QApplication.focusWidget() is dialog.provider_edit
        for text in ("IB West", "Sprachcafé", "Frau Nowak", "0212 123", "cafe@ib.example"):
            type_and_tab(qtbot, dialog, text)
        # Tab has reached the first life domain; Space ticks it.
        assert QApplication.focusWidget() is dialog.domain_boxes[LifeDomain.RESIDENCE]
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
        ctrl = Qt.KeyboardModifier.ControlModifier
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, ctrl)

    in_modal_dialog(qtbot, fill)
    with qtbot.waitSignal(page.changed):
        page.add_button.click()

    added = [s for _id, s in caseload.services() if s.provider == "IB West"]
    assert added == [
        Service(
            "IB West",
            "Sprachcafé",
            "Frau Nowak",
            "0212 123",
            "cafe@ib.example",
            frozenset({LifeDomain.EDUCATION_WORK}),
        )
    ]
    assert added[0] in page.shown_services()
    selected = page.table.selectionModel().selectedRows()
    assert [page.proxy.data(index) for index in selected] == ["IB West"]


def test_search_filters_as_you_type_ignoring_case_and_accents(
    qtbot, page: ServiceDirectoryPage
) -> None:
    qtbot.keyClicks(page.search_edit, "diakonie")
    assert [s.provider for s in page.shown_services()] == ["Diakonie Solingen"]
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "diakoni")  # the contact person "Herr Diakonidis" too
    assert {s.provider for s in page.shown_services()} == {"Diakonie Solingen", "AWO"}
    page.search_edit.setText("ozturk")
    assert [s.provider for s in page.shown_services()] == ["Caritas"]
    page.search_edit.setText("nothing like this")
    assert page.shown_services() == []


def test_the_domain_filter_combines_with_the_search(page: ServiceDirectoryPage) -> None:
    page.domain_combo.setCurrentIndex(page.domain_combo.findData(LifeDomain.MIGRATION.value))
    assert [s.provider for s in page.shown_services()] == ["Caritas"]
    page.search_edit.setText("diakonie")
    assert page.shown_services() == []
    page.domain_combo.setCurrentIndex(0)
    assert [s.provider for s in page.shown_services()] == ["Diakonie Solingen"]


def test_down_in_the_search_line_moves_into_the_table(qtbot, page: ServiceDirectoryPage) -> None:
    page.activateWindow()
    page.search_edit.setFocus()
    qtbot.waitUntil(page.search_edit.hasFocus)
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert len(page.table.selectionModel().selectedRows()) == 1


def test_a_missing_provider_is_named_at_the_field_and_nothing_is_stored(
    qtbot, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    dialog = ServiceDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.offer_edit, "Sprachkurs")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.notes[dialog.provider_edit].is_error
    assert dialog.notes[dialog.provider_edit].text() == _("Please enter the provider.")
    assert not dialog.notes[dialog.offer_edit].is_error
    assert dialog.service_id is None and dialog.isVisible()
    assert caseload.services() == []
    assert prompter.messages == []


def test_a_broken_e_mail_address_blocks_saving(
    qtbot, caseload: Caseload, prompter: RecordingPrompter
) -> None:
    dialog = ServiceDialog(caseload, prompter)
    qtbot.addWidget(dialog)
    dialog.provider_edit.setText("AWO")
    dialog.offer_edit.setText("Beratung")
    dialog.email_edit.setText("kontakt-at-awo")
    dialog.save()
    assert dialog.notes[dialog.email_edit].is_error
    assert caseload.services() == []


def test_an_empty_directory_says_how_to_begin(qtbot, caseload: Caseload, prompter) -> None:
    page = ServiceDirectoryPage(caseload, prompter)
    qtbot.addWidget(page)
    assert page.count_label.text() == _("No offers yet. Add the first one with “Add offer”.")


def test_inputs_have_accessible_names(page: ServiceDirectoryPage, caseload, prompter) -> None:
    dialog = ServiceDialog(caseload, prompter, page)
    for widget in (
        page.search_edit,
        page.domain_combo,
        page.table,
        dialog.provider_edit,
        dialog.offer_edit,
        dialog.contact_edit,
        dialog.phone_edit,
        dialog.email_edit,
        *dialog.domain_boxes.values(),
    ):
        assert widget.accessibleName()


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("a@b.de", True),
        ("kim@kreis-example.de", True),
        ("a@b", False),
        ("@b.de", False),
        ("a@.de", False),
        ("a@b.", False),
        ("a b@c.de", False),
    ],
)
def test_e_mail_addresses_are_checked_loosely(text: str, ok: bool) -> None:
    assert looks_like_email(text) is ok


def test_a_new_offer_hidden_by_the_search_is_shown_after_adding(
    qtbot, page: ServiceDirectoryPage, caseload: Caseload
) -> None:
    page.search_edit.setText("diakonie")

    def fill(dialog: ServiceDialog) -> None:
        dialog.provider_edit.setText("Kommunales Integrationszentrum")
        dialog.offer_edit.setText("Sprachmittlung")
        dialog.save()

    in_modal_dialog(qtbot, fill)
    with qtbot.waitSignal(page.changed):
        page.add_button.click()
    assert page.search_edit.text() == ""
    selected = page.table.selectionModel().selectedRows()
    assert [page.proxy.data(index) for index in selected] == ["Kommunales Integrationszentrum"]


def test_columns_share_the_width_without_scrolling_sideways(page: ServiceDirectoryPage) -> None:
    header = page.table.horizontalHeader()
    widths = sum(header.sectionSize(c) for c in range(header.count()))
    assert widths <= page.table.viewport().width() + 1
