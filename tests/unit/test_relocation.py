"""Moving the old caseload once from kimdesk 0.1's folder: it opens afterwards, nothing is
overwritten, a failed copy leaves the old one usable, and a second start does nothing."""

from __future__ import annotations

import errno
import io
import os
import shutil
import socket
from pathlib import Path

import pytest

import kimdesk.relocation as relocation
from kimdesk.caseload import Caseload
from kimdesk.paths import CASELOAD_FILE, DEMO_FILE
from kimdesk.relocation import NOTE_FILE, Relocation, relocate, report_relocation
from kimdesk.unlock_attempts import failed_unlocks, note_failed_unlock
from tests.conftest import PASSWORD, PROFILE, TODAY


@pytest.fixture
def roaming(tmp_path: Path) -> Path:
    """kimdesk 0.1's folder (``%APPDATA%\\kimdesk``): a caseload with everything around it."""
    old = tmp_path / "Roaming" / "kimdesk"
    old.mkdir(parents=True)
    Caseload.create(old / CASELOAD_FILE, PASSWORD, PROFILE, today=lambda: TODAY).close()
    (old / DEMO_FILE).write_bytes(b"demo " * 1000)
    (old / "settings.json").write_text('{"language": "de"}\n', encoding="utf-8")
    (old / "backups").mkdir()
    (old / "backups" / "kimdesk-auto-20261122-1700.kimdesk").write_bytes(b"backup " * 1000)
    note_failed_unlock(old / CASELOAD_FILE, store=old / "failed-unlocks.json")
    return old


@pytest.fixture
def local(tmp_path: Path) -> Path:
    return tmp_path / "Local" / "kimdesk"  # %LOCALAPPDATA%\kimdesk, not there yet


def opens(path: Path) -> bool:
    caseload = Caseload.open(path, PASSWORD, today=lambda: TODAY)
    try:
        return caseload.profile().organisation == PROFILE.organisation
    finally:
        caseload.close()


@pytest.mark.parametrize("across_volumes", [False, True], ids=["rename", "copy"])
def test_the_old_caseload_is_moved_and_opens_with_its_password(
    roaming: Path, local: Path, across_volumes: bool
) -> None:
    before = (roaming / CASELOAD_FILE).read_bytes()
    result = relocate(roaming, local, across_volumes=across_volumes)
    assert result.caseload_moved and not result.left and not result.failed
    assert (local / CASELOAD_FILE).read_bytes() == before
    assert opens(local / CASELOAD_FILE)
    for name in (DEMO_FILE, "settings.json", "backups/kimdesk-auto-20261122-1700.kimdesk"):
        assert (local / name).is_file(), name
    assert not roaming.exists()  # emptied and removed: nothing left behind to confuse anyone
    assert not list(local.rglob("*.moving"))
    # The wrong password typed before the move still goes into the audit log at the next unlock.
    assert failed_unlocks(local / CASELOAD_FILE, store=local / "failed-unlocks.json") == 1
    assert "wurde nach" in result.message() and str(local) in result.message()


def test_a_second_start_does_nothing(roaming: Path, local: Path) -> None:
    relocate(roaming, local)
    again = relocate(roaming, local)
    assert again == Relocation() and again.message() == ""
    assert opens(local / CASELOAD_FILE)


def test_a_caseload_already_in_the_new_folder_is_not_overwritten(
    roaming: Path, local: Path
) -> None:
    local.mkdir(parents=True)
    (local / CASELOAD_FILE).write_bytes(b"the caseload in use since")
    old = (roaming / CASELOAD_FILE).read_bytes()
    result = relocate(roaming, local)
    assert result.left == (CASELOAD_FILE,)
    assert (local / CASELOAD_FILE).read_bytes() == b"the caseload in use since"
    assert (roaming / CASELOAD_FILE).read_bytes() == old and opens(roaming / CASELOAD_FILE)
    assert (local / DEMO_FILE).is_file()  # what does not collide still moves
    assert "Nichts wurde überschrieben" in result.message()
    assert str(local) in (roaming / NOTE_FILE).read_text(encoding="utf-8")
    # Said once: the note in the old folder keeps the next start quiet.
    assert relocate(roaming, local) == Relocation()


def test_a_copy_that_fails_half_way_leaves_the_old_caseload_intact(
    roaming: Path, local: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = (roaming / CASELOAD_FILE).read_bytes()

    def disk_full(source, target, length=0):  # type: ignore[no-untyped-def]
        target.write(source.read(1000))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(shutil, "copyfileobj", disk_full)
        result = relocate(roaming, local, across_volumes=True)
    assert CASELOAD_FILE in result.failed and not result.caseload_moved
    assert (roaming / CASELOAD_FILE).read_bytes() == old and opens(roaming / CASELOAD_FILE)
    assert not (local / CASELOAD_FILE).exists() and not list(local.rglob("*.moving"))
    assert "beim nächsten Start" in result.message()
    # No note and nothing removed: the next start tries again, and then it works.
    assert relocate(roaming, local, across_volumes=True).caseload_moved
    assert opens(local / CASELOAD_FILE)


def test_a_caseload_with_its_write_ahead_log_moves_as_one(roaming: Path, local: Path) -> None:
    (roaming / f"{CASELOAD_FILE}-wal").write_bytes(b"wal")
    (roaming / f"{CASELOAD_FILE}-shm").write_bytes(b"shm")
    local.mkdir(parents=True)
    (local / f"{CASELOAD_FILE}-wal").write_bytes(b"another wal")  # would join the wrong file
    result = relocate(roaming, local)
    assert CASELOAD_FILE in result.left
    assert (roaming / f"{CASELOAD_FILE}-wal").read_bytes() == b"wal"
    assert not (local / CASELOAD_FILE).exists() and not (local / f"{CASELOAD_FILE}-shm").exists()


def test_not_while_another_kimdesk_has_the_old_caseload_open(
    roaming: Path, local: Path
) -> None:
    # The GUI's lock file (Qt's format: pid, program, host), held by a process that is alive.
    lock = roaming / f"{CASELOAD_FILE}.lock"
    lock.write_text(f"{os.getppid()}\nkimdesk\n{socket.gethostname()}\n", encoding="utf-8")
    result = relocate(roaming, local)
    assert result.busy and not result.moved and result.message() == ""
    assert (roaming / CASELOAD_FILE).exists() and not local.exists()


def test_a_stale_lock_does_not_stop_the_move(roaming: Path, local: Path) -> None:
    lock = roaming / f"{CASELOAD_FILE}.lock"
    lock.write_text(f"{2**22 + 12345}\nkimdesk\n{socket.gethostname()}\n", encoding="utf-8")
    assert relocate(roaming, local).caseload_moved
    assert not roaming.exists()


def test_same_folder_only_the_settings_move_to_the_config_folder(tmp_path: Path) -> None:
    """Linux: the data folder stays ($XDG_DATA_HOME/kimdesk), settings.json goes to
    $XDG_CONFIG_HOME/kimdesk; the user is not bothered with it."""
    data, config = tmp_path / "share" / "kimdesk", tmp_path / "config" / "kimdesk"
    data.mkdir(parents=True)
    Caseload.create(data / CASELOAD_FILE, PASSWORD, PROFILE, today=lambda: TODAY).close()
    (data / "settings.json").write_text('{"language": "en"}\n', encoding="utf-8")
    result = relocate(data, data, config_dir=config)
    assert result.moved == ("settings.json",) and result.message() == ""
    assert (config / "settings.json").read_text(encoding="utf-8") == '{"language": "en"}\n'
    assert opens(data / CASELOAD_FILE) and not (data / "settings.json").exists()
    assert relocate(data, data, config_dir=config) == Relocation()


def test_nothing_is_moved_into_or_out_of_a_folder_given_on_purpose(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(relocation, "_done", None)
    assert report_relocation() == Relocation()
    assert capsys.readouterr().err == ""


def test_the_command_line_says_what_was_moved_on_stderr(
    roaming: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """kimdesk 0.1 on Windows: %APPDATA%\\kimdesk → the local folder (given here by XDG)."""
    monkeypatch.delenv("KIMDESK_DATA_DIR")
    monkeypatch.setenv("APPDATA", str(roaming.parent))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setattr(relocation, "_done", None)
    stderr = io.StringIO()
    with monkeypatch.context() as patch:
        patch.setattr("sys.platform", "win32")
        result = report_relocation(stderr)
        # The GUI, started by the same command, gets the same result to show.
        assert relocation.relocate_user_data() is result
    assert result.caseload_moved
    assert opens(tmp_path / "xdg-data" / "kimdesk" / CASELOAD_FILE)
    assert stderr.getvalue().startswith("kimdesk: Ihr Caseload wurde nach")


def test_kimdesk_moves_it_before_any_command(
    roaming: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    """cli.main's first step, even for --version: the default --db must point to the new place."""
    from kimdesk.cli import main

    monkeypatch.delenv("KIMDESK_DATA_DIR")
    monkeypatch.setenv("APPDATA", str(roaming.parent))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setattr(relocation, "_done", None)
    with monkeypatch.context() as patch:
        patch.setattr("sys.platform", "win32")
        with pytest.raises(SystemExit):
            main(["--version"])
    assert "Ihr Caseload wurde nach" in capsys.readouterr().err
    assert opens(tmp_path / "xdg-data" / "kimdesk" / CASELOAD_FILE)

