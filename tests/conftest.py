"""Shared fixtures: real encrypted caseloads in temporary folders, offscreen Qt."""

from __future__ import annotations

import os

# Before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("KIMDESK_LANG", "de")

from collections.abc import Callable, Iterator  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from kimdesk.caseload import Caseload  # noqa: E402
from kimdesk.domain.records import PersonData, Profile  # noqa: E402
from kimdesk.i18n import language, set_language  # noqa: E402
from kimdesk.system_config import SYSTEM_CONFIG_ENV  # noqa: E402

# Hooks: the clock can be moved for a whole run; a run that passed nothing or skipped
# anything fails.
from tests.plugins.clock import (  # noqa: E402, F401
    pytest_configure,
    pytest_report_header,
    pytest_unconfigure,
)
from tests.plugins.fast_kdf import install as install_fast_kdf  # noqa: E402
from tests.plugins.run_guard import pytest_sessionfinish  # noqa: E402, F401

install_fast_kdf()

PASSWORD = "richtig-geheim-42"
TODAY = date(2026, 11, 23)
PROFILE = Profile(
    case_manager="Erika Beispiel",
    organisation="Caritas",
    municipality="Solingen",
    full_time_share=0.75,
    coordination_email="koordination@example.org",
)


@pytest.fixture(autouse=True)
def _private_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test ever touches the real per-user data folder."""
    monkeypatch.setenv("KIMDESK_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@pytest.fixture(autouse=True)
def _no_machine_wide_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads the machine's real kimdesk.toml (/etc/kimdesk/, %PROGRAMDATA%\\kimdesk\\);
    a test of the machine-wide settings points KIMDESK_SYSTEM_CONFIG at its own file."""
    monkeypatch.setenv(SYSTEM_CONFIG_ENV, str(tmp_path_factory.mktemp("etc") / "none.toml"))


Write = Callable[[str], Path]


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Write:
    """Write the machine-wide kimdesk.toml of a test (KIMDESK_SYSTEM_CONFIG points to it)."""
    path = tmp_path / "etc-kimdesk" / "kimdesk.toml"
    path.parent.mkdir()
    monkeypatch.setenv(SYSTEM_CONFIG_ENV, str(path))

    def write(text: str) -> Path:
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "caseload.kimdesk"


@pytest.fixture
def caseload(db_path: Path) -> Iterator[Caseload]:
    opened = Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: TODAY)
    yield opened
    opened.close()


@pytest.fixture
def english() -> Iterator[None]:
    """Run a test in English, the source language, and restore German afterwards."""
    before = language()
    set_language("en")
    yield
    set_language(before)


def make_person(surname: str = "Yılmaz", given_names: str = "Ayşe", **extra: object) -> PersonData:
    return PersonData(surname=surname, given_names=given_names, **extra)  # type: ignore[arg-type]
