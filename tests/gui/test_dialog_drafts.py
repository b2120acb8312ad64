"""What is typed into an input dialog survives the lock: kept encrypted, offered after unlocking."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kimdesk.caseload import Caseload
from kimdesk.domain.records import Service
from kimdesk.domain.vocabulary import ConsentKind, LifeDomain, Setting
from kimdesk.gui.consent_dialog import ConsentDialog
from kimdesk.gui.contact_dialog import ContactDialog
from kimdesk.gui.dialog_input import DialogInput
from kimdesk.gui.main_window import MainWindow
from kimdesk.gui.referral_dialog import ReferralDialog
from kimdesk.gui.session import Session
from kimdesk.gui.unlock import UnlockDialog
from kimdesk.store.database import Database, caseload_files
from kimdesk.store.schema import MIGRATIONS
from tests.conftest import PASSWORD, PROFILE, TODAY, make_person

NOTE = "Termin beim Jobcenter vereinbart"


class FakeApp:
    def quit(self) -> None:
        pass


def unlock_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The unlock dialog types the password itself instead of waiting for the user."""

    def exec_(self: UnlockDialog) -> int:
        self.password_edit.setText(PASSWORD)
        self.unlock()
        return int(self.result())

    monkeypatch.setattr(UnlockDialog, "exec", exec_)


def caseload_with_a_case(path: Path) -> int:
    caseload = Caseload.create(path, PASSWORD, PROFILE, today=lambda: TODAY)
    try:
        return caseload.open_case(caseload.add_person(make_person())).id
    finally:
        caseload.close()


def in_the_clear(path: Path, text: str) -> bool:
    needle = text.encode("utf-8")
    return any(f.exists() and needle in f.read_bytes() for f in caseload_files(path))


def test_a_contact_typed_before_the_idle_lock_is_offered_again_after_unlocking(
    qtbot, monkeypatch, db_path, demo_path, prompter
) -> None:
    case_id = caseload_with_a_case(db_path)
    unlock_at_once(monkeypatch)
    session = Session(FakeApp(), db_path, prompter, demo_path=demo_path)  # type: ignore[arg-type]
    assert session.begin()
    first = session.window
    assert first is not None
    first.show_case(case_id)
    dialog = first.case_view.record_contact()
    assert isinstance(dialog, ContactDialog)
    qtbot.waitExposed(dialog)
    dialog.minutes_spin.selectAll()
    qtbot.keyClicks(dialog.minutes_spin, "45")
    qtbot.mouseClick(dialog.setting_buttons[Setting.PHONE], Qt.MouseButton.LeftButton)
    dialog.topic_boxes[LifeDomain.HEALTH].setChecked(True)
    qtbot.keyClicks(dialog.note_edit, NOTE)

    first.idle_watch.idle.emit()  # what the idle watch does after the set minutes

    assert first.caseload is None
    assert not in_the_clear(db_path, NOTE)
    qtbot.waitUntil(lambda: session.window is not None and session.window is not first)
    second = session.window
    assert second is not None
    restored = second.case_view.dialog
    assert isinstance(restored, ContactDialog) and restored.isVisible()
    assert restored.minutes_spin.value() == 45
    assert restored.setting() is Setting.PHONE
    assert restored.topics() == {LifeDomain.HEALTH}
    assert restored.note_edit.toPlainText() == NOTE
    assert second.statusBar().currentMessage() == "Ihre begonnene Eingabe wurde wiederhergestellt."

    with qtbot.waitSignal(restored.accepted):
        restored.save()
    caseload = second.caseload
    assert caseload is not None
    [contact] = caseload.contacts(case_id)
    assert (contact.minutes, contact.note) == (45, NOTE)
    assert caseload.dialog_drafts.newest() is None  # stored: the draft has served
    second.close()
    session.release_lock()


def lock_and_reopen(qtbot, window: MainWindow, db_path: Path, prompter) -> MainWindow:
    window.lock()
    assert window.caseload is None
    again = MainWindow(Caseload.open(db_path, PASSWORD, today=lambda: TODAY), prompter)
    qtbot.addWidget(again)
    again.show()
    return again


def test_a_referral_goes_through_the_same_mechanism(qtbot, db_path, prompter) -> None:
    case_id = caseload_with_a_case(db_path)
    caseload = Caseload.open(db_path, PASSWORD, today=lambda: TODAY)
    service_id = caseload.add_service(Service(provider="Schuldnerberatung", offer="Erstberatung"))
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    window.show()
    window.show_case(case_id)
    dialog = window.case_view.record_referral()
    assert isinstance(dialog, ReferralDialog)
    qtbot.keyClicks(dialog.search_edit, "Schuldner")
    dialog.service_list.setCurrentRow(0)
    assert dialog.service_id() == service_id
    dialog.domain_combo.setCurrentIndex(dialog.domain_combo.findData(LifeDomain.FINANCES.value))
    dialog.note_edit.insertPlainText("Erstgespräch nächste Woche")  # keyClicks: ASCII only

    again = lock_and_reopen(qtbot, window, db_path, prompter)
    restored = again.resume_dialog_draft()

    assert isinstance(restored, ReferralDialog) and again.case_view.dialog is restored
    assert restored.search_edit.text() == "Schuldner"
    assert restored.service_id() == service_id
    assert restored.domain() is LifeDomain.FINANCES
    assert restored.note_edit.toPlainText() == "Erstgespräch nächste Woche"
    restored.reject()  # cancelled: the input is given up
    assert again.caseload is not None and again.caseload.dialog_drafts.newest() is None
    again.close()


def test_a_consent_keeps_its_kind_and_restrictions(qtbot, db_path, prompter) -> None:
    case_id = caseload_with_a_case(db_path)
    window = MainWindow(Caseload.open(db_path, PASSWORD, today=lambda: TODAY), prompter)
    qtbot.addWidget(window)
    window.show()
    window.show_case(case_id)
    dialog = window.case_view.record_consent(ConsentKind.NEEDS_CONFERENCE)
    assert isinstance(dialog, ConsentDialog)
    dialog.set_language("ar")
    dialog.restrictions_edit.insertPlainText("ohne Ausländerbehörde")

    again = lock_and_reopen(qtbot, window, db_path, prompter)
    restored = again.resume_dialog_draft()

    assert isinstance(restored, ConsentDialog)
    assert restored.kind() is ConsentKind.NEEDS_CONFERENCE
    assert restored.restrictions_edit.isVisibleTo(restored)
    consent = restored.consent()
    assert (consent.language, consent.restrictions) == ("ar", "ohne Ausländerbehörde")
    again.close()  # closed again unsaved (quit): kept for the next start
    caseload = Caseload.open(db_path, PASSWORD, today=lambda: TODAY)
    draft = caseload.dialog_drafts.newest()
    caseload.close()
    assert draft is not None and draft.dialog == "consent" and draft.case_id == case_id


def test_a_dialog_left_untouched_leaves_no_draft(qtbot, db_path, prompter) -> None:
    case_id = caseload_with_a_case(db_path)
    window = MainWindow(Caseload.open(db_path, PASSWORD, today=lambda: TODAY), prompter)
    qtbot.addWidget(window)
    window.show()
    window.show_case(case_id)
    dialog = window.case_view.record_contact()
    assert dialog is not None and dialog.findChild(DialogInput) is not None

    again = lock_and_reopen(qtbot, window, db_path, prompter)

    assert again.resume_dialog_draft() is None
    assert again.case_view.dialog is None
    again.close()


def test_every_input_dialog_names_all_its_fields(qtbot, caseload, prompter) -> None:
    case_id = caseload.open_case(caseload.add_person(make_person())).id
    for dialog in (
        ContactDialog(caseload, case_id, prompter),
        ReferralDialog(caseload, case_id, prompter),
        ConsentDialog(caseload, case_id, prompter),
    ):
        qtbot.addWidget(dialog)
        dialog_input = dialog.findChild(DialogInput)
        assert dialog_input is not None
        values = dialog_input.values()
        assert all(isinstance(v, str | int | bool) or v is None for v in values.values())
        dialog_input.restore(values)
        assert dialog_input.values() == values and not dialog_input.has_input()


def test_an_older_caseload_gets_the_draft_table(tmp_path) -> None:
    path = tmp_path / "alt.kimdesk"
    Database.create(path, PASSWORD, migrations=MIGRATIONS[:2]).close()
    caseload = Caseload.open(path, PASSWORD, today=lambda: TODAY)
    try:
        caseload.dialog_drafts.save("new_case", None, {"surname": "Yılmaz"})
        caseload.dialog_drafts.save("new_case", None, {"surname": "Yilmaz"})  # replaces
        draft = caseload.dialog_drafts.newest()
        assert draft is not None and dict(draft.values) == {"surname": "Yilmaz"}
    finally:
        caseload.close()
    assert not in_the_clear(path, "Yilmaz")


def test_a_new_case_typed_before_the_lock_is_kept_and_filled_in_again(
    qtbot, db_path, prompter
) -> None:
    from kimdesk.gui.new_case import NewCaseDialog

    caseload_with_a_case(db_path)
    window = MainWindow(Caseload.open(db_path, PASSWORD, today=lambda: TODAY), prompter)
    qtbot.addWidget(window)
    window.show()
    caseload = window.caseload
    assert caseload is not None
    dialog = NewCaseDialog(caseload, prompter, window)  # as "Neuer Fall" opens it
    dialog.show()
    qtbot.keyClicks(dialog.surname_edit, "Haddad")
    qtbot.keyClicks(dialog.given_names_edit, "Samira")
    qtbot.keyClicks(dialog.birth_edit, "03.04.1990")

    again = lock_and_reopen(qtbot, window, db_path, prompter)

    assert not in_the_clear(db_path, "Haddad")
    stored = again.caseload
    assert stored is not None
    draft = stored.dialog_drafts.newest()
    assert draft is not None and draft.dialog == "new_case" and draft.case_id is None
    fresh = NewCaseDialog(stored, prompter, again)  # what resume_dialog_draft opens
    qtbot.addWidget(fresh)
    fresh_input = fresh.findChild(DialogInput)
    assert fresh_input is not None
    fresh_input.restore(draft.values)
    assert (fresh.surname_edit.text(), fresh.given_names_edit.text()) == ("Haddad", "Samira")
    assert fresh.birth_edit.text() == "03.04.1990"
    again.close()
