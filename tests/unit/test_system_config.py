"""IT's machine-wide kimdesk.toml: read, checked key by key, applied to real caseloads, forms,
backups and the language; a bad key is named with file and problem and falls back alone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from kimdesk.app_settings import AppSettings, load_app_settings, save_app_settings
from kimdesk.caseload import Caseload
from kimdesk.domain.records import DEFAULT_RETENTION_YEARS
from kimdesk.errors import BadInput
from kimdesk.forms import loader
from kimdesk.forms.loader import FormDefinitionError
from kimdesk.lifecycle.backup import automatic_backup, backups_to_keep, set_backups_to_keep
from kimdesk.paths import bundle_root, forms_dir
from kimdesk.system_config import (
    KEYS,
    SYSTEM_CONFIG_ENV,
    load_system_config,
    problem_report,
    system_config,
    system_config_path,
)
from tests.conftest import PASSWORD, PROFILE, TODAY, Write

EXAMPLE = bundle_root() / "packaging" / "kimdesk.toml.example"
ORGANISATION = "Diakonie Musterkreis e. V."


@pytest.fixture
def fresh_forms() -> Iterator[None]:
    """default_forms() is read once per process: forget it around a test that changes it."""
    loader.default_forms.cache_clear()
    yield
    loader.default_forms.cache_clear()


# -- where -----------------------------------------------------------------------------------


def test_the_file_lies_in_the_system_configuration_folder() -> None:
    assert system_config_path(platform="linux", environ={}) == Path("/etc/kimdesk/kimdesk.toml")
    windows = system_config_path(platform="win32", environ={"PROGRAMDATA": "D:\\ProgramData"})
    assert str(windows).replace("\\", "/") == "D:/ProgramData/kimdesk/kimdesk.toml"
    assert system_config_path(platform="darwin", environ={}) == Path(
        "/Library/Application Support/kimdesk/kimdesk.toml"
    )
    chosen = {SYSTEM_CONFIG_ENV: "/srv/kim/kimdesk.toml"}
    assert system_config_path(platform="win32", environ=chosen) == Path("/srv/kim/kimdesk.toml")


def test_no_file_means_the_built_in_defaults_and_no_message(tmp_path: Path) -> None:
    config = load_system_config(tmp_path / "missing.toml")
    assert config.values == {} and config.locked == frozenset() and config.problems == ()
    assert problem_report(config) == ""


# -- reading ---------------------------------------------------------------------------------


def test_every_key_is_read_with_its_type(machine: Write, tmp_path: Path) -> None:
    forms = tmp_path / "formulare"
    forms.mkdir()
    path = machine(
        f"""
organisation = "  {ORGANISATION}  "
municipality = "Kreis Musterkreis"
organisation_address = "Hauptstraße 1, 12345 Musterstadt"
data_protection_officer = "DSB, datenschutz@musterkreis.example"
coordination_email = "kim@musterkreis.example"
retention_years = 10
idle_lock_minutes = 0
backup_folder = "{tmp_path / "backups"}"
backups_to_keep = 30
language = "en"
forms_folder = "{forms}"
locked = ["organisation", "retention_years", "language"]
"""
    )
    config = system_config()
    assert config.path == path and config.problems == ()
    assert set(config.values) == set(KEYS)
    assert config.value("organisation") == ORGANISATION  # stripped
    assert config.value("retention_years") == 10 and config.value("idle_lock_minutes") == 0
    assert config.backup_folder == tmp_path / "backups" and config.forms_folder == forms
    assert config.language == "en"
    assert config.locked == {"organisation", "retention_years", "language"}


def test_the_example_file_documents_every_key(tmp_path: Path) -> None:
    """packaging/kimdesk.toml.example: every key, commented out; uncommented, it is valid."""
    lines, seen = [], set()
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^# (\w+) = (.*)$", line)
        if found and found.group(1) not in seen:  # the first of two examples
            seen.add(found.group(1))
            key, value = found.groups()
            if key.endswith("_folder"):
                value = f'"{tmp_path}"'  # the example's folders do not exist here
            lines.append(f"{key} = {value}")
    assert seen == {*KEYS, "locked"}
    uncommented = tmp_path / "kimdesk.toml"
    uncommented.write_text("\n".join(lines), encoding="utf-8")
    config = load_system_config(uncommented)
    assert config.problems == () and set(config.values) == set(KEYS)
    assert config.locked  # the example locks some keys
    tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))  # as shipped: comments only, valid


GOOD = 'municipality = "Kreis Musterkreis"\n'


@pytest.mark.parametrize(
    ("text", "key", "problem"),
    [
        ("retention_years = 0", "retention_years", "0 liegt nicht zwischen 1 und 30"),
        ("retention_years = 99", "retention_years", "99 liegt nicht zwischen 1 und 30"),
        ('retention_years = "3"', "retention_years", "muss eine ganze Zahl sein"),
        ("retention_years = true", "retention_years", "muss eine ganze Zahl sein"),
        ("idle_lock_minutes = 500", "idle_lock_minutes", "500 liegt nicht zwischen 0 und 120"),
        ("idle_lock_minutes = -1", "idle_lock_minutes", "-1 liegt nicht zwischen 0 und 120"),
        ("backups_to_keep = 0", "backups_to_keep", "0 liegt nicht zwischen 1 und 100"),
        ("organisation = 5", "organisation", "muss Text in Anführungszeichen sein"),
        ('coordination_email = "kim-at-kreis"', "coordination_email", "keine gültige E-Mail"),
        ('organisation_address = "Zeile 1\\nZeile 2"', "organisation_address", "in einer Zeile"),
        (f'data_protection_officer = "{"x" * 201}"', "data_protection_officer", "200 Zeichen"),
        ('language = "fr"', "language", "unbekannte Sprache „fr“ (bekannt: de, en)"),
        ('forms_folder = "/nirgends/formulare"', "forms_folder", "„/nirgends/formulare“ existiert"),
        ('forms_folder = "formulare"', "forms_folder", "„formulare“ ist kein absoluter Pfad"),
        ('backup_folder = "/nirgends/tief/backups"', "backup_folder", "Ordner über"),
        ('colour = "blau"', "colour", "unbekannte Einstellung"),
        ("[profile]\nretention_years = 3", "profile", "unbekannte Einstellung"),
        ('locked = "organisation"', "locked", "muss eine Liste von Einstellungsnamen"),
        ('locked = ["colour"]', "locked", "„colour“ ist keine Einstellung"),
        ('locked = ["retention_years"]', "locked", "„retention_years“ soll festgelegt werden"),
    ],
)
def test_a_bad_value_is_named_with_file_key_and_problem_and_only_it_falls_back(
    machine: Write, text: str, key: str, problem: str
) -> None:
    path = machine(GOOD + text + "\n")
    config = system_config()
    [found] = config.problems
    assert found.key == key and str(found).startswith(f"{path}: {key}: ")
    assert problem in str(found)
    assert config.value(key) is None  # the built-in default for this key
    assert config.value("municipality") == "Kreis Musterkreis"  # the good key still applies
    report = problem_report(config)
    assert report.startswith("Die systemweiten Einstellungen enthalten Fehler")
    assert str(found) in report


def test_a_bad_value_of_a_locked_key_leaves_the_key_open(machine: Write) -> None:
    machine(
        'retention_years = 99\norganisation = "AWO"\nlocked = ["retention_years", "organisation"]'
    )
    config = system_config()
    assert [p.key for p in config.problems] == ["retention_years"]
    assert config.locked == {"organisation"}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"organisation = \n", "kein gültiges TOML (Invalid value (at line 1, column 16))"),
        (b'organisation = "Caf\xe9"\n', "kein UTF-8-Text"),
    ],
)
def test_a_file_that_cannot_be_read_gives_all_defaults_and_one_message(
    machine: Write, content: bytes, problem: str
) -> None:
    path = machine("")
    path.write_bytes(content)
    config = system_config()
    [found] = config.problems
    assert str(found).startswith(f"{path}: {problem}")
    assert config.values == {}


def test_free_text_is_never_quoted_in_a_message(machine: Write, caplog) -> None:
    secret = "vertraulich-7f3a"
    machine(
        f'coordination_email = "{secret}"\n'
        f'organisation_address = "{secret}\\n{secret}"\n'
        f"organisation = {len(secret)}\n"
        f'data_protection_officer = "{secret * 20}"\n'
    )
    config = system_config()
    assert len(config.problems) == 4
    for problem in config.problems:
        assert secret not in str(problem) and secret not in problem.english()
    assert secret not in problem_report(config)
    assert secret not in caplog.text


# -- applied to the caseload -----------------------------------------------------------------


def test_presets_fill_what_the_caseload_left_empty(machine: Write, caseload: Caseload) -> None:
    machine(
        f"""
organisation = "{ORGANISATION}"
organisation_address = "Hauptstraße 1, 12345 Musterstadt"
data_protection_officer = "DSB, datenschutz@musterkreis.example"
"""
    )
    profile = caseload.profile()
    assert profile.organisation == PROFILE.organisation  # set in the caseload: the user's value
    assert profile.organisation_address == "Hauptstraße 1, 12345 Musterstadt"  # was empty
    assert profile.data_protection_officer == "DSB, datenschutz@musterkreis.example"
    assert caseload.repo.profile_values()["organisation_address"] == ""  # nothing written


def test_a_locked_key_wins_over_the_caseload(machine: Write, caseload: Caseload) -> None:
    caseload.update_profile(replace(PROFILE, retention_years=5, idle_lock_minutes=30))
    machine(
        f"""
organisation = "{ORGANISATION}"
retention_years = 10
idle_lock_minutes = 5
locked = ["organisation", "retention_years"]
"""
    )
    profile = caseload.profile()
    assert profile.organisation == ORGANISATION  # locked: over "Caritas"
    assert profile.retention_years == 10  # locked: over 5
    assert profile.idle_lock_minutes == 30  # not locked: the caseload's own value stays


def test_a_new_caseload_starts_with_the_presets(machine: Write, db_path: Path) -> None:
    machine("retention_years = 10\nidle_lock_minutes = 3\nmunicipality = 'Kreis Musterkreis'\n")
    created = Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: TODAY)
    try:
        stored = created.repo.profile_values()
        assert stored["retention_years"] == "10" and stored["idle_lock_minutes"] == "3"
        assert stored["municipality"] == PROFILE.municipality  # chosen at creation: kept
        created.update_profile(replace(created.profile(), retention_years=4))
        assert created.profile().retention_years == 4  # a default, not a lock
    finally:
        created.close()


def test_without_the_file_nothing_changes(caseload: Caseload) -> None:
    assert caseload.profile() == PROFILE
    assert caseload.profile().retention_years == DEFAULT_RETENTION_YEARS


def test_backups_to_keep_preset_and_locked(machine: Write, caseload: Caseload) -> None:
    machine("backups_to_keep = 30\n")
    assert backups_to_keep(caseload) == 30  # not set in the caseload: the preset
    set_backups_to_keep(caseload, 5)
    assert backups_to_keep(caseload) == 5
    machine("backups_to_keep = 31\nlocked = ['backups_to_keep']\n")
    assert backups_to_keep(caseload) == 31


def test_automatic_backups_go_to_the_folder_of_the_file(
    machine: Write, caseload: Caseload, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIMDESK_TEST_SHARE", str(tmp_path / "share"))
    (tmp_path / "share").mkdir()
    machine('backup_folder = "$KIMDESK_TEST_SHARE/erika"\n')
    made = automatic_backup(caseload, now=datetime(2026, 11, 23, 17, 0), environ={})
    assert made.parent == tmp_path / "share" / "erika"
    assert not (caseload.db.path.parent / "backups").exists()


def test_a_locked_value_is_not_refused_by_the_caseload(machine: Write, caseload: Caseload) -> None:
    """The caseload's own check still refuses a bad retention period typed by the user."""
    machine("retention_years = 30\nlocked = ['retention_years']\n")
    with pytest.raises(BadInput):
        caseload.update_profile(replace(PROFILE, retention_years=31))
    assert caseload.profile().retention_years == 30


# -- the language ----------------------------------------------------------------------------


def test_the_language_preset_is_the_default_and_a_lock_wins(machine: Write) -> None:
    machine('language = "en"\n')
    assert load_app_settings() == AppSettings(language="en")  # the user chose nothing
    save_app_settings(AppSettings(language="de"))
    assert load_app_settings().language == "de"  # the user's choice wins over a preset
    machine('language = "en"\nlocked = ["language"]\n')
    assert load_app_settings().language == "en"


# -- the forms -------------------------------------------------------------------------------

HOME_VISIT = """
key = "home_visit"
version = 1
kind = "other"
title = "Hausbesuch (Musterkreis)"
date_field = "date"

[[sections]]
key = "main"
title = "Hausbesuch"

[[sections.fields]]
key = "date"
type = "date"
label = "Datum"
"""


def municipal_forms(tmp_path: Path) -> Path:
    """A folder of municipal variants: one new form and the screening with another title."""
    folder = tmp_path / "formulare"
    folder.mkdir()
    (folder / "home_visit.toml").write_text(HOME_VISIT, encoding="utf-8")
    screening = (forms_dir() / "screening.toml").read_text(encoding="utf-8")
    (folder / "screening.toml").write_text(
        screening.replace('title = "Case Management: Screening"', 'title = "Screening Kreis M."'),
        encoding="utf-8",
    )
    return folder


def test_the_forms_folder_adds_and_replaces_forms(
    machine: Write, tmp_path: Path, caseload: Caseload, fresh_forms: None
) -> None:
    machine(f'forms_folder = "{municipal_forms(tmp_path)}"\n')
    bundled = loader.load_forms(forms_dir())
    forms = caseload.forms  # default_forms(): bundled plus the municipal folder
    assert [d.key for d in forms] == sorted([*(d.key for d in bundled), "home_visit"])
    assert forms.get("home_visit").title == "Hausbesuch (Musterkreis)"
    assert forms.get("screening").title == "Screening Kreis M."
    assert forms.get("goals") == bundled.get("goals")


def test_a_broken_municipal_form_is_refused_by_the_loader_naming_its_path(
    machine: Write, tmp_path: Path, fresh_forms: None
) -> None:
    folder = municipal_forms(tmp_path)
    broken = folder / "home_visit.toml"
    broken.write_text(HOME_VISIT.replace('type = "date"', 'type = "datum"'), encoding="utf-8")
    changed = folder / "screening.toml"
    text = changed.read_text(encoding="utf-8").replace('kind = "screening"', 'kind = "other"')
    changed.write_text(text.replace("requires_consent = false", "requires_consent = true"))
    machine(f'forms_folder = "{folder}"\n')
    with pytest.raises(FormDefinitionError) as raised:
        loader.default_forms()
    text = str(raised.value)
    assert f"{broken}: Feld „date“: unbekannter Typ „datum“" in text
    assert f"{changed}: eine Variante von „screening“ muss die Art „screening“ behalten" in text


# -- the command line ------------------------------------------------------------------------


def run_kimdesk(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_PASSWORD")}
    env.update(KIMDESK_LANG="de", KIMDESK_SYSTEM_CONFIG=str(config))
    return subprocess.run(
        [sys.executable, "-m", "kimdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=bundle_root(),
    )


def test_the_command_line_names_the_problem_on_stderr_and_still_works(
    machine: Write, tmp_path: Path
) -> None:
    path = machine(
        f'retention_years = 99\nforms_folder = "{municipal_forms(tmp_path)}"\nfarbe = "blau"\n'
    )
    result = run_kimdesk("print", "--list", config=path)
    assert result.returncode == 0, result.stderr
    assert f"{path}: retention_years: 99 liegt nicht zwischen 1 und 30" in result.stderr
    assert f"{path}: farbe: unbekannte Einstellung" in result.stderr
    assert result.stderr.count("Die systemweiten Einstellungen enthalten Fehler") == 1
    assert "home_visit" in result.stdout  # the good key applies: the municipal form is there


def test_the_command_line_runs_on_with_a_file_that_is_not_toml(
    machine: Write, tmp_path: Path
) -> None:
    path = machine("organisation = [unclosed\n")
    result = run_kimdesk("print", "--list", config=path)
    assert result.returncode == 0
    assert f"{path}: kein gültiges TOML" in result.stderr
    assert "screening" in result.stdout
