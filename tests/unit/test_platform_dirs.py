"""Where the data and the settings lie: the platform's local folders (platformdirs), the
overrides, and the old roaming folder of kimdesk 0.1 on Windows."""

from __future__ import annotations

from pathlib import Path

import pytest

from kimdesk.app_settings import settings_path
from kimdesk.lifecycle.backup import backup_folder
from kimdesk.paths import (
    default_caseload_path,
    default_demo_path,
    legacy_data_dir,
    user_config_dir,
    user_data_dir,
)
from kimdesk.unlock_attempts import attempts_path


@pytest.fixture
def xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No override: the platform's rules, pointed into the test's folder."""
    monkeypatch.delenv("KIMDESK_DATA_DIR")
    monkeypatch.delenv("KIMDESK_CONFIG_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def test_data_and_settings_follow_the_xdg_folders(xdg: Path) -> None:
    assert user_data_dir() == xdg / "share" / "kimdesk"
    assert user_config_dir() == xdg / "config" / "kimdesk"
    assert default_caseload_path() == xdg / "share" / "kimdesk" / "caseload.kimdesk"
    assert settings_path() == xdg / "config" / "kimdesk" / "settings.json"


def test_backups_unlock_counts_and_demo_stay_beside_the_caseload(xdg: Path) -> None:
    assert backup_folder(default_caseload_path()) == user_data_dir() / "backups"
    assert attempts_path().parent == user_data_dir()
    assert default_demo_path().parent == user_data_dir()


def test_the_data_folder_override_takes_the_settings_along(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIMDESK_DATA_DIR", str(tmp_path / "stick"))
    monkeypatch.delenv("KIMDESK_CONFIG_DIR", raising=False)
    assert user_data_dir() == user_config_dir() == tmp_path / "stick"
    monkeypatch.setenv("KIMDESK_CONFIG_DIR", str(tmp_path / "conf"))
    assert user_config_dir() == tmp_path / "conf" and user_data_dir() == tmp_path / "stick"


def test_the_old_folder_is_windows_roaming_profile_only() -> None:
    roaming = r"C:\Users\erika\AppData\Roaming"
    assert legacy_data_dir(platform="win32", environ={"APPDATA": roaming}) == Path(
        roaming, "kimdesk"
    )
    for platform in ("linux", "darwin"):  # the same rule as today: nothing moved there
        assert legacy_data_dir(platform=platform, environ={"APPDATA": roaming}) is None
    given = {"APPDATA": roaming, "KIMDESK_DATA_DIR": "/data"}
    assert legacy_data_dir(platform="win32", environ=given) is None


def test_a_caseload_that_could_not_move_yet_is_used_where_it_is(
    xdg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rather the old file than a first start with an empty caseload beside it."""
    old = xdg / "Roaming" / "kimdesk"
    old.mkdir(parents=True)
    (old / "caseload.kimdesk").write_bytes(b"old")
    monkeypatch.setenv("APPDATA", str(xdg / "Roaming"))
    monkeypatch.setattr("sys.platform", "win32")
    assert default_caseload_path() == old / "caseload.kimdesk"
    assert default_demo_path() == user_data_dir() / "demo.kimdesk"  # none there: the new place
    user_data_dir().mkdir(parents=True)
    (user_data_dir() / "caseload.kimdesk").write_bytes(b"new")
    assert default_caseload_path() == user_data_dir() / "caseload.kimdesk"
