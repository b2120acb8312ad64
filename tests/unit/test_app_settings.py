"""The settings file read before unlocking: defaults, round trip, broken files, language order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kimdesk.i18n as i18n
from kimdesk.app_settings import (
    AppSettings,
    load_app_settings,
    save_app_settings,
    settings_path,
)
from kimdesk.paths import user_config_dir


def test_defaults_without_a_file() -> None:
    assert not settings_path().exists()
    assert load_app_settings() == AppSettings(language="de")


def test_settings_live_in_the_user_config_folder() -> None:
    assert settings_path() == user_config_dir() / "settings.json"


def test_saved_settings_are_read_back() -> None:
    save_app_settings(AppSettings(language="en"))
    assert json.loads(settings_path().read_text(encoding="utf-8")) == {"language": "en"}
    assert load_app_settings() == AppSettings(language="en")


def test_saving_creates_the_folder_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "new" / "settings.json"
    save_app_settings(AppSettings(language="en"), path)
    save_app_settings(AppSettings(language="de"), path)
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]
    assert load_app_settings(path).language == "de"


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00broken",
        b"[1, 2]",
        b'"de"',
        b'{"language": "fr"}',
        b'{"language": 7}',
        b"",
    ],
)
def test_a_broken_or_unknown_file_gives_the_defaults(content: bytes) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_bytes(content)
    assert load_app_settings() == AppSettings()


def test_unknown_keys_are_ignored() -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text('{"language": "en", "colour": "blue"}', encoding="utf-8")
    assert load_app_settings().language == "en"


def test_an_unknown_language_is_not_saved() -> None:
    with pytest.raises(ValueError):
        save_app_settings(AppSettings(language="xx"))
    assert not settings_path().exists()


@pytest.fixture
def fresh_language(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Let i18n choose the language again, and restore the one in use afterwards."""
    before = i18n.language()
    monkeypatch.setattr(i18n, "_current", None)
    monkeypatch.setattr(i18n, "_language", "")
    yield
    i18n.set_language(before)


@pytest.mark.usefixtures("fresh_language")
def test_the_environment_wins_over_the_saved_language(monkeypatch: pytest.MonkeyPatch) -> None:
    save_app_settings(AppSettings(language="en"))
    monkeypatch.setenv("KIMDESK_LANG", "de")
    assert i18n.language() == "de"


@pytest.mark.usefixtures("fresh_language")
def test_the_saved_language_is_used_without_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    save_app_settings(AppSettings(language="en"))
    monkeypatch.delenv("KIMDESK_LANG", raising=False)
    assert i18n.language() == "en"
    assert i18n._("The password is wrong.") == "The password is wrong."


@pytest.mark.usefixtures("fresh_language")
def test_german_without_environment_or_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIMDESK_LANG", raising=False)
    assert i18n.language() == "de"
