"""The handover dialogs: hand over from the case view, confirm the receipt, accept a file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.domain.names import display_name
from kimdesk.domain.phases import Phase
from kimdesk.gui.case_view import CaseView
from kimdesk.gui.handover_dialog import (
    ConfirmReceiptDialog,
    HandoverExportDialog,
    HandoverImportDialog,
)
from kimdesk.gui.main_window import MainWindow
from kimdesk.lifecycle.handover import export_case
from tests.conftest import PROFILE, TODAY, make_person
from tests.unit.test_handover import RECEIVER_PASSWORD, Sent, add_client

# Set KIMDESK_SHOTS to a folder to keep pictures of the dialogs for a look.
SHOTS = os.environ.get("KIMDESK_SHOTS")


def shoot(widget: object, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))  # type: ignore[attr-defined]


@pytest.fixture
def sent(caseload: Caseload) -> Sent:
    return add_client(caseload)


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[Caseload]:
    opened = Caseload.create(
        tmp_path / "receiver.kimdesk", RECEIVER_PASSWORD, PROFILE, today=lambda: TODAY
    )
    yield opened
    opened.close()


@pytest.fixture
def view(qtbot, caseload: Caseload, prompter, sent: Sent) -> CaseView:
    view = CaseView(caseload, prompter)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    view.show_case(sent.case_id)
    return view


def test_hand_over_from_the_case_view_then_confirm(
    qtbot, view: CaseView, caseload: Caseload, receiver: Caseload, prompter, sent: Sent,
    tmp_path: Path,
) -> None:
    button = view.handover_button
    assert button.text() == "Übergeben …" and button.isEnabled()
    shoot(view, "handover-case-view")
    dialog = button.open_dialog()
    assert isinstance(dialog, HandoverExportDialog)
    assert sent.pseudonym in dialog.path_edit.text()  # a file name without the person's name
    assert "Zwetschgenbaum" not in dialog.path_edit.text()
    out = tmp_path / "fall"  # the suffix is added
    dialog.path_edit.setText(str(out))
    shoot(dialog, "handover-export")
    exported = dialog.export()
    assert exported is not None and dialog.pages.currentIndex() == 1
    assert dialog.password_label.text() == exported.password
    assert (tmp_path / "fall.kimhandover").exists()
    shoot(dialog, "handover-password")
    dialog.reject()  # closing the dialog: the case view learns it is pending now
    qtbot.waitUntil(lambda: button.text() == "Empfang bestätigen …")
    assert caseload.case(sent.case_id).phase is Phase.ASSESSMENT  # nothing deleted

    from kimdesk.lifecycle.handover import import_handover

    receipt = import_handover(receiver, tmp_path / "fall.kimhandover", exported.password)

    confirm = button.open_dialog()
    assert isinstance(confirm, ConfirmReceiptDialog)
    confirm.code_edit.setText("ZZZZ-ZZZZ")
    shoot(confirm, "handover-confirm")
    assert confirm.confirm() is None
    assert prompter.kinds() == ["error"] and "Empfangscode passt nicht" in prompter.messages[0][1]
    assert caseload.cases() != []
    confirm.again_button.click()  # a new file, e.g. the password got lost
    again = button.dialog
    assert isinstance(again, HandoverExportDialog) and again is not confirm
    again.reject()
    confirm = button.open_dialog()
    assert isinstance(confirm, ConfirmReceiptDialog)
    confirm.code_edit.setText(receipt.receipt_code)
    with qtbot.waitSignal(view.back):
        assert confirm.confirm() is not None
    assert caseload.cases() == [] and view.case_id is None
    assert "gelöscht" in prompter.messages[-1][1]


def test_accept_a_handover_with_a_possible_duplicate(
    qtbot, caseload: Caseload, receiver: Caseload, prompter, sent: Sent, tmp_path: Path
) -> None:
    known = receiver.admit_person(
        make_person(surname="Zwetschgenbaum", given_names="Quirinus Aurelio",
                    birth_date=date(1971, 3, 14)),
        opened_on=date(2025, 4, 1),
    )
    receiver.move_to(known.case.id, Phase.NOT_ADMITTED, on=date(2025, 4, 2))
    out = tmp_path / "fall.kimhandover"
    exported = export_case(caseload, sent.case_id, out)

    dialog = HandoverImportDialog(receiver, prompter)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path_edit.setText(str(out))
    dialog.password_edit.setText("falsch")
    shoot(dialog, "handover-accept")
    assert dialog.open_file() is None
    assert "Einmal-Passwort passt nicht" in prompter.messages[-1][1]
    dialog.password_edit.setText(exported.password.lower())
    assert dialog.open_file() is not None and dialog.pages.currentIndex() == 1
    assert display_name("Zwetschgenbaum", "Quirinus Aurelio") in dialog.summary_label.text()
    assert sent.pseudonym in dialog.summary_label.text()
    radios = dialog.choices.buttons()
    assert len(radios) == 2 and known.case.case_number in radios[0].text()
    assert not dialog.import_button.isEnabled()  # no silent merge: a choice is needed
    shoot(dialog, "handover-preview")
    dialog.choose_match(0)
    assert dialog.import_button.isEnabled()
    imported = dialog.take_over()
    assert imported is not None and dialog.pages.currentIndex() == 2
    assert dialog.receipt_label.text() == imported.receipt_code
    assert dialog.password_edit.text() == ""
    assert receiver.case(imported.case_id).person_id == known.person_id
    shoot(dialog, "handover-receipt")


def test_the_file_menu_offers_to_accept_a_handover(qtbot, caseload: Caseload, prompter) -> None:
    window = MainWindow(caseload, prompter)
    qtbot.addWidget(window)
    assert window.accept_handover_action.text().replace("&", "") == "Übergabe annehmen …"
    file_menu = window.menuBar().actions()[0].menu()
    assert window.accept_handover_action in file_menu.actions()
