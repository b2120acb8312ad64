"""Starting the application: no display, the Qt set-up, the error hook and the window flow."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

import kimdesk.gui.app as app_module
from kimdesk.caseload import Caseload
from kimdesk.gui.first_start import FirstStartDialog
from kimdesk.gui.session import (
    Session,
    apply_style,
    install_excepthook,
    install_qt_translations,
    stylesheet_path,
    traceback_locations,
)
from kimdesk.gui.unlock import UnlockDialog
from kimdesk.i18n import language
from tests.conftest import PASSWORD, PROFILE

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def bare_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    env["KIMDESK_DATA_DIR"] = str(tmp_path)
    return env


def test_without_a_display_one_sentence_and_exit_code_1(tmp_path) -> None:
    result = run_python(
        "import sys; from kimdesk.gui.app import run_gui; sys.exit(run_gui(None))",
        bare_env(tmp_path),
    )
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "DISPLAY" in lines[0]
    for noise in ("qt.qpa.plugin", "core dumped", "Aborted", "Traceback"):
        assert noise not in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing created


def test_the_command_line_reaches_the_same_sentence(tmp_path) -> None:
    result = run_python(
        "import sys; from kimdesk.cli import main; sys.exit(main([]))", bare_env(tmp_path)
    )
    assert result.returncode == 1
    assert "DISPLAY" in result.stderr and "qt.qpa" not in result.stderr


def test_the_start_modules_load_without_qt(tmp_path) -> None:
    result = run_python(
        "import sys, kimdesk.gui.app, kimdesk.gui.environment, kimdesk.demo; "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))",
        bare_env(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_run_gui_reports_a_failing_environment_check(monkeypatch, capsys) -> None:
    monkeypatch.setattr(app_module, "check_gui_environment", lambda: "Es fehlt etwas.")
    assert app_module.run_gui(None) == 1
    assert capsys.readouterr().err == "kimdesk: Es fehlt etwas.\n"


def test_run_gui_explains_a_qt_that_cannot_be_loaded(monkeypatch, capsys) -> None:
    broken = types.ModuleType("kimdesk.gui.session")

    def missing(name: str) -> object:
        raise ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")

    broken.__getattr__ = missing  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kimdesk.gui.session", broken)
    monkeypatch.setattr(app_module, "check_gui_environment", lambda: None)
    assert app_module.run_gui(None) == 1
    err = capsys.readouterr().err
    assert "libegl1" in err and err.count("\n") == 1


# -- Qt set-up -------------------------------------------------------------------------------


def test_style_and_stylesheet(qapp) -> None:
    assert stylesheet_path().is_file()
    before = qapp.styleSheet(), qapp.palette()
    apply_style(qapp)
    try:
        assert qapp.palette().color(QPalette.ColorRole.Window).name() == "#f4f5f7"
        assert "QLabel#heading" in qapp.styleSheet()
    finally:  # the tests after this one get the application as it was
        qapp.setStyleSheet(before[0])
        qapp.setPalette(before[1])


def test_qt_own_buttons_are_translated(qapp) -> None:
    translators = install_qt_translations(qapp)
    try:
        if language() == "de":
            assert translators, "qtbase_de.qm ships with PySide6"
            assert QApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_the_error_hook_logs_type_and_place_but_never_the_message(qapp, prompter, caplog) -> None:
    previous = install_excepthook(prompter)
    hook = sys.excepthook
    try:
        try:
            raise ValueError("Ayşe Yılmaz, geboren 01.02.1990")
        except ValueError as error:
            with caplog.at_level(logging.ERROR):
                hook(type(error), error, error.__traceback__)
    finally:
        sys.excepthook = previous
    logged = caplog.text
    assert "ValueError" in logged and "test_app.py" in logged
    assert "Yılmaz" not in logged and "1990" not in logged
    assert prompter.kinds() == ["error"]
    assert "Yılmaz" not in prompter.messages[0][1] and "ValueError" in prompter.messages[0][1]


def test_traceback_locations_hold_no_source_text() -> None:
    try:
        secret = "Ayşe"
        raise KeyError(secret)
    except KeyError as error:
        where = traceback_locations(error.__traceback__)
    assert "test_app.py" in where and "secret" not in where and "Ayşe" not in where


# -- the way through the windows -------------------------------------------------------------


class FakeApp:
    def __init__(self) -> None:
        self.quit_calls = 0

    def quit(self) -> None:
        self.quit_calls += 1


def unlock_at_once(monkeypatch: pytest.MonkeyPatch, password: str) -> list[Path]:
    """Let UnlockDialog.exec type the password instead of waiting for the user."""
    seen: list[Path] = []

    def exec_(self: UnlockDialog) -> int:
        seen.append(self._path)
        self.password_edit.setText(password)
        self.unlock()
        return int(self.result())

    monkeypatch.setattr(UnlockDialog, "exec", exec_)
    return seen


def test_an_existing_caseload_is_unlocked_then_shown_then_locked_again(
    qtbot, monkeypatch, db_path, demo_path, prompter
) -> None:
    Caseload.create(db_path, PASSWORD, PROFILE).close()
    seen = unlock_at_once(monkeypatch, PASSWORD)
    fake_app = FakeApp()
    session = Session(fake_app, db_path, prompter, demo_path=demo_path)  # type: ignore[arg-type]
    assert session.begin()
    first = session.window
    assert first is not None and PROFILE.case_manager in first.windowTitle()

    first.lock_action.trigger()
    assert first.caseload is None
    qtbot.waitUntil(lambda: session.window is not None and session.window is not first)
    assert seen == [db_path, db_path]
    second = session.window
    second.close()
    assert fake_app.quit_calls == 1 and session.window is None


def test_a_missing_caseload_starts_with_the_first_start_dialog(
    monkeypatch, db_path, demo_path, prompter
) -> None:
    shown: list[str] = []

    def exec_(self: FirstStartDialog) -> int:
        shown.append("first start")
        return 0  # the user quits

    monkeypatch.setattr(FirstStartDialog, "exec", exec_)
    session = Session(FakeApp(), db_path, prompter, demo_path=demo_path)  # type: ignore[arg-type]
    assert not session.begin()
    assert shown == ["first start"] and session.window is None


def test_broken_form_definitions_stop_the_start_with_a_clear_message(
    tmp_path, prompter, monkeypatch
) -> None:
    from PySide6.QtWidgets import QApplication

    from kimdesk.forms import loader
    from kimdesk.gui.session import Session

    (tmp_path / "kaputt.toml").write_text('key = "kaputt"\nversion =\n', encoding="utf-8")
    monkeypatch.setattr(loader, "forms_dir", lambda: tmp_path)
    loader.default_forms.cache_clear()
    try:
        session = Session(QApplication.instance(), tmp_path / "c.kimdesk", prompter)
        assert session.begin() is False
    finally:
        loader.default_forms.cache_clear()
    [(kind, text)] = prompter.messages
    assert kind == "error" and "kaputt.toml" in text and "TOML" in text
