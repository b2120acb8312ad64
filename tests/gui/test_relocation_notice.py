"""The GUI says once, in a window, that the old caseload was moved (kimdesk.relocation)."""

from __future__ import annotations

from pathlib import Path

import pytest

import kimdesk.relocation as relocation
from kimdesk.gui.first_start import FirstStartDialog
from kimdesk.gui.session import Session
from kimdesk.relocation import Relocation


class FakeApp:
    def quit(self) -> None:
        pass


def begin(prompter: object, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FirstStartDialog, "exec", lambda self: 0)  # the user quits at once
    Session(FakeApp(), db_path, prompter).begin()  # type: ignore[arg-type]


def test_a_moved_caseload_is_announced_before_anything_else(
    qtbot, prompter, db_path, tmp_path, monkeypatch
) -> None:
    moved = Relocation(
        old_dir=tmp_path / "Roaming", new_dir=tmp_path / "Local", moved=("caseload.kimdesk",)
    )
    monkeypatch.setattr(relocation, "_done", moved)
    monkeypatch.delenv("KIMDESK_DATA_DIR")  # relocate_user_data() gives the result it has
    monkeypatch.setenv("KIMDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    begin(prompter, db_path, monkeypatch)
    kind, text = prompter.messages[0]
    assert kind == "info"
    assert text.startswith(f"Ihr Caseload wurde nach {tmp_path / 'Local'} verschoben.")


def test_nothing_moved_nothing_said(qtbot, prompter, db_path, monkeypatch) -> None:
    begin(prompter, db_path, monkeypatch)
    assert prompter.messages == []
