"""One kimdesk per caseload: a second start says so, a dead holder's lock is taken over, and
"bring to the front" reaches the first one."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile, QSysInfo
from PySide6.QtWidgets import QDialog, QWidget

from kimdesk.caseload import Caseload
from kimdesk.gui.instance_lock import (
    AlreadyOpenDialog,
    CaseloadLock,
    LockHolder,
    lock_path,
    request_front,
    server_name,
)
from kimdesk.gui.session import Session
from kimdesk.gui.unlock import UnlockDialog
from tests.conftest import PASSWORD, PROFILE

HOLD_LOCK = r"""
import sys
from PySide6.QtCore import QLockFile

lock = QLockFile(sys.argv[1])
lock.setStaleLockTime(0)
print("locked" if lock.tryLock(0) else "busy", flush=True)
sys.stdin.read()  # hold it until the test closes our input
"""


class FakeApp:
    def quit(self) -> None:
        pass


@pytest.fixture
def unlocks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The unlock dialog types the password itself; the list says which files it was asked for."""
    seen: list[Path] = []

    def exec_(self: UnlockDialog) -> int:
        seen.append(self._path)
        self.password_edit.setText(PASSWORD)
        self.unlock()
        return int(self.result())

    monkeypatch.setattr(UnlockDialog, "exec", exec_)
    return seen


@pytest.fixture
def already_open(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The "already open" dialog's message; the user cancels."""
    shown: list[str] = []

    def exec_(self: AlreadyOpenDialog) -> int:
        shown.append(self.message_label.text())
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(AlreadyOpenDialog, "exec", exec_)
    return shown


@pytest.fixture
def other_process(db_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another program holding the caseload's lock file until the test ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(lock_path(db_path))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    yield proc
    assert proc.stdin is not None
    proc.stdin.close()
    proc.wait(timeout=60)


def test_a_caseload_open_in_another_process_is_not_opened_again(
    qapp, db_path, demo_path, prompter, unlocks, already_open, other_process
) -> None:
    Caseload.create(db_path, PASSWORD, PROFILE).close()
    session = Session(FakeApp(), db_path, prompter, demo_path=demo_path)  # type: ignore[arg-type]

    assert not session.begin()

    assert unlocks == []  # not even the password is asked
    assert session.window is None and session.lock is None
    [message] = already_open
    assert "bereits auf diesem Computer geöffnet" in message
    assert f"Prozess {other_process.pid}" in message and f"„{db_path.name}“" in message


def test_a_lock_left_by_a_dead_process_is_taken_over(
    qapp, db_path, demo_path, prompter, unlocks, already_open
) -> None:
    Caseload.create(db_path, PASSWORD, PROFILE).close()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait(timeout=60)
    hostname = QSysInfo.machineHostName()
    lock_path(db_path).write_text(f"{dead.pid}\npython3\n{hostname}\n", encoding="utf-8")
    session = Session(FakeApp(), db_path, prompter, demo_path=demo_path)  # type: ignore[arg-type]

    assert session.begin()

    assert already_open == [] and unlocks == [db_path]
    assert session.window is not None and session.window.caseload is not None
    pid, _host, _app = QLockFile(str(lock_path(db_path))).getLockInfo()
    assert pid != dead.pid and session.lock is not None and session.lock.held
    session.window.close()
    session.release_lock()
    assert not lock_path(db_path).exists()


def test_the_lock_is_held_while_locked_and_let_go_when_quitting(
    qtbot, db_path, demo_path, prompter, unlocks, already_open
) -> None:
    Caseload.create(db_path, PASSWORD, PROFILE).close()
    session = Session(FakeApp(), db_path, prompter, demo_path=demo_path)  # type: ignore[arg-type]
    assert session.begin()
    first = session.window
    assert first is not None

    first.lock_action.trigger()
    assert not CaseloadLock(db_path).acquire()  # held between lock and password, too
    qtbot.waitUntil(lambda: session.window is not None and session.window is not first)
    assert unlocks == [db_path, db_path] and already_open == []
    assert not CaseloadLock(db_path).acquire()

    assert session.window is not None
    session.window.close()
    session.release_lock()
    again = CaseloadLock(db_path)
    assert again.acquire()
    again.release()


def test_switching_caseloads_lets_go_of_the_first(qapp, db_path, tmp_path, prompter) -> None:
    other = tmp_path / "andere.kimdesk"
    session = Session(FakeApp(), db_path, prompter)  # type: ignore[arg-type]
    assert session.claim(db_path) and session.claim(other)
    assert lock_path(other).exists() and not lock_path(db_path).exists()
    session.release_lock()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen
def test_bring_to_front_reaches_the_first_instance(
    qtbot, db_path, demo_path, prompter, unlocks
) -> None:
    Caseload.create(db_path, PASSWORD, PROFILE).close()
    session = Session(FakeApp(), db_path, prompter, demo_path=demo_path)  # type: ignore[arg-type]
    assert session.begin()
    window = session.window
    assert window is not None and session.lock is not None
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(elsewhere.isActiveWindow)
    assert not window.isActiveWindow()

    second = CaseloadLock(db_path)  # the second start, in the same process here
    assert not second.acquire()
    with qtbot.waitSignal(session.lock.front_requested):
        assert request_front(db_path, second.holder())

    qtbot.waitUntil(window.isActiveWindow)
    window.close()
    session.release_lock()
    assert not request_front(db_path)  # nobody listens any more


def test_the_socket_name_does_not_show_the_path(db_path) -> None:
    name = server_name(db_path)
    assert db_path.stem not in name and "/" not in name and "\\" not in name
    assert name == server_name(db_path.parent / "." / db_path.name)


def test_the_message_offers_the_front_only_on_this_computer(qtbot, db_path) -> None:
    here = AlreadyOpenDialog(db_path, LockHolder(pid=4711, hostname=QSysInfo.machineHostName()))
    elsewhere = AlreadyOpenDialog(db_path, LockHolder(pid=4711, hostname="buero-pc-07"))
    for dialog in (here, elsewhere):
        qtbot.addWidget(dialog)
        dialog.show()
    assert here.front_button.isVisible() and here.cancel_button.text() == "Abbrechen"
    assert "„buero-pc-07“" in elsewhere.message_label.text()
    assert not elsewhere.front_button.isVisible()
    assert elsewhere.cancel_button.text() == "Schließen"
