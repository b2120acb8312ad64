"""Machine-wide settings for IT departments: ``kimdesk.toml`` in the system configuration folder.

IT presets the organisation's details, the retention period, the idle lock, the backups, the
language and a folder of municipal form variants for every user of a machine. A preset is a
default (used while the user has set nothing); a key listed in ``locked`` wins over what the
user or the caseload holds. A bad value is reported (file, key, problem) and only that key
falls back to the built-in default: kimdesk always starts.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import partial
from pathlib import Path
from typing import Any

from kimdesk.domain.records import (
    MAX_BACKUPS_TO_KEEP,
    MAX_IDLE_MINUTES,
    MAX_RETENTION_YEARS,
    MIN_BACKUPS_TO_KEEP,
    MIN_RETENTION_YEARS,
    Profile,
)
from kimdesk.i18n import N_, _
from kimdesk.paths import APP_NAME

log = logging.getLogger(__name__)

SYSTEM_CONFIG_ENV = "KIMDESK_SYSTEM_CONFIG"
CONFIG_FILE = "kimdesk.toml"
LOCKED = "locked"
LANGUAGES = ("de", "en")  # as kimdesk.app_settings; not imported: it imports this module
MAX_TEXT = 200
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")


@dataclass(frozen=True)
class KeySpec:
    kind: str  # "text", "email", "int", "language", "folder"
    low: int = 0
    high: int = 0
    must_exist: bool = False  # folders: the folder itself (else its parent) must exist


KEYS: dict[str, KeySpec] = {
    "organisation": KeySpec("text"),
    "municipality": KeySpec("text"),
    "organisation_address": KeySpec("text"),
    "data_protection_officer": KeySpec("text"),
    "coordination_email": KeySpec("email"),
    "retention_years": KeySpec("int", MIN_RETENTION_YEARS, MAX_RETENTION_YEARS),
    "idle_lock_minutes": KeySpec("int", 0, MAX_IDLE_MINUTES),
    "backups_to_keep": KeySpec("int", MIN_BACKUPS_TO_KEEP, MAX_BACKUPS_TO_KEEP),
    "backup_folder": KeySpec("folder"),
    "forms_folder": KeySpec("folder", must_exist=True),
    "language": KeySpec("language"),
}
# Stored in the caseload's profile table under the same names.
PROFILE_KEYS = (
    "organisation",
    "municipality",
    "organisation_address",
    "data_protection_officer",
    "coordination_email",
    "retention_years",
    "idle_lock_minutes",
    "backups_to_keep",
)
_PROFILE_FIELDS = {f.name for f in fields(Profile)}


@dataclass(frozen=True)
class ConfigProblem:
    """One bad key (or the whole file, key ""). The problem is an English template marked
    with N_, translated when shown: the language itself may come from this file."""

    source: Path
    key: str
    template: str
    details: Mapping[str, object] = field(default_factory=dict)

    def english(self) -> str:
        return self._line(self.template.format(**self.details))

    def __str__(self) -> str:
        return self._line(_(self.template).format(**self.details))

    def _line(self, problem: str) -> str:
        return f"{self.source}: {self.key}: {problem}" if self.key else f"{self.source}: {problem}"


@dataclass(frozen=True)
class SystemConfig:
    """The valid machine-wide values, which of them are locked, and what was wrong."""

    path: Path | None = None
    values: Mapping[str, Any] = field(default_factory=dict)
    locked: frozenset[str] = frozenset()
    problems: tuple[ConfigProblem, ...] = ()

    def value(self, key: str) -> Any:
        return self.values.get(key)

    def is_locked(self, key: str) -> bool:
        return key in self.locked

    @property
    def language(self) -> str | None:
        return self.values.get("language")

    @property
    def forms_folder(self) -> Path | None:
        return self.values.get("forms_folder")

    @property
    def backup_folder(self) -> Path | None:
        return self.values.get("backup_folder")


# -- where -----------------------------------------------------------------------------------


def system_config_path(
    *, platform: str = sys.platform, environ: Mapping[str, str] | None = None
) -> Path:
    """The machine-wide file: ``KIMDESK_SYSTEM_CONFIG`` if set, else the system's folder."""
    environ = os.environ if environ is None else environ
    override = environ.get(SYSTEM_CONFIG_ENV)
    if override:
        return Path(override)
    if platform == "win32":
        base = Path(environ.get("PROGRAMDATA") or "C:\\ProgramData")
    elif platform == "darwin":
        base = Path("/Library/Application Support")
    else:
        base = Path("/etc")
    return base / APP_NAME / CONFIG_FILE


# -- reading ---------------------------------------------------------------------------------


def load_system_config(path: Path | None = None) -> SystemConfig:
    """Read and check the file; a missing file is no problem, everything else is reported."""
    path = path or system_config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return SystemConfig()
    except UnicodeDecodeError:
        return _unusable(path, N_("not UTF-8 text; the machine-wide settings are ignored"))
    except OSError as error:
        return _unusable(
            path,
            N_("cannot be read ({reason}); the machine-wide settings are ignored"),
            reason=error.strerror or type(error).__name__,
        )
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib names line and column, never the text found there
        return _unusable(
            path,
            N_("not valid TOML ({detail}); the machine-wide settings are ignored"),
            detail=error,
        )
    return _check(path, data)


def _unusable(path: Path, template: str, **details: object) -> SystemConfig:
    return SystemConfig(path=path, problems=(ConfigProblem(path, "", template, details),))


def _check(path: Path, data: Mapping[str, Any]) -> SystemConfig:
    problems: list[ConfigProblem] = []

    def fail(key: str, template: str, **details: object) -> None:
        problems.append(ConfigProblem(path, key, template, details))

    values: dict[str, Any] = {}
    for key, raw in data.items():
        spec = KEYS.get(key)
        if key == LOCKED:
            continue
        if spec is None:
            fail(key, N_("unknown setting; it is ignored (known: {known})"), known=_known())
            continue
        checked = _value(spec, raw, partial(fail, key))
        if checked is not None:
            values[key] = checked
    locked = _locked(data.get(LOCKED, []), data, values, fail)
    return SystemConfig(
        path=path, values=values, locked=frozenset(locked), problems=tuple(problems)
    )


def _known() -> str:
    return ", ".join([*KEYS, LOCKED])


def _value(spec: KeySpec, raw: Any, fail: Callable[..., None]) -> Any:
    """The checked value, or None after reporting why not. Free text is never quoted back:
    only numbers, language codes and folders (as written) appear in a message."""
    if spec.kind == "int":
        if not isinstance(raw, int) or isinstance(raw, bool):
            fail(N_("must be a whole number; the default is used"))
            return None
        if not spec.low <= raw <= spec.high:
            fail(
                N_("{value} is not between {low} and {high}; the default is used"),
                value=raw,
                low=spec.low,
                high=spec.high,
            )
            return None
        return raw
    if not isinstance(raw, str):
        fail(N_("must be text in quotes; the default is used"))
        return None
    text = raw.strip()
    if not text:
        return None  # an empty preset is no preset
    if spec.kind == "language":
        if text not in LANGUAGES:
            fail(
                N_("unknown language “{value}” (known: {known}); the default is used"),
                value=text,
                known=", ".join(LANGUAGES),
            )
            return None
        return text
    if spec.kind == "folder":
        return _folder(spec, text, fail)
    if "\n" in text or "\r" in text:
        fail(N_("must be a single line; the default is used"))
        return None
    if len(text) > MAX_TEXT:
        fail(N_("is longer than {n} characters; the default is used"), n=MAX_TEXT)
        return None
    if spec.kind == "email" and not _EMAIL.match(text):
        fail(N_("is not a valid e-mail address; the default is used"))
        return None
    return text


def _folder(spec: KeySpec, written: str, fail: Callable[..., None]) -> Path | None:
    """``~`` and environment variables are expanded, so one file serves every user; messages
    quote the folder as written (the expanded one may hold a user name)."""
    folder = Path(os.path.expandvars(os.path.expanduser(written)))
    if not folder.is_absolute():
        fail(
            N_("the folder “{folder}” is not an absolute path; the default is used"),
            folder=written,
        )
        return None
    if spec.must_exist and not folder.is_dir():  # the forms folder: nothing to create
        fail(
            N_("the folder “{folder}” does not exist; only the bundled forms are used"),
            folder=written,
        )
        return None
    if not spec.must_exist and not folder.parent.is_dir():
        fail(
            N_("the folder above “{folder}” does not exist; the default is used"),
            folder=written,
        )
        return None
    return folder


def _locked(
    raw: Any, data: Mapping[str, Any], values: Mapping[str, Any], fail: Callable[..., None]
) -> set[str]:
    """The locked keys that have a valid value."""
    if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
        fail(LOCKED, N_("must be a list of setting names in quotes; nothing is locked"))
        return set()
    locked: set[str] = set()
    for name in raw:
        if name not in KEYS:
            fail(
                LOCKED,
                N_("“{name}” is not a setting (known: {known})"),
                name=name,
                known=_known(),
            )
        elif name in values:
            locked.add(name)
        elif name not in data:
            fail(LOCKED, N_("“{name}” is locked but has no value; it is not locked"), name=name)
        # else: its bad value is reported already, and the default stays open to the user
    return locked


_cache: dict[tuple[object, ...], SystemConfig] = {}


def system_config() -> SystemConfig:
    """The machine-wide settings of this process; read again only when the file changed."""
    path = system_config_path()
    try:
        stat = path.stat()
        signature: tuple[object, ...] = (str(path), stat.st_mtime_ns, stat.st_size, stat.st_ino)
    except OSError:
        signature = (str(path),)
    found = _cache.get(signature)
    if found is None:
        found = load_system_config(path)
        _cache.clear()
        _cache[signature] = found
        if found.path is not None:
            log.info(
                "machine-wide settings read: %d keys, %d locked, %d problems",
                len(found.values),
                len(found.locked),
                len(found.problems),
            )
    return found


# -- applying --------------------------------------------------------------------------------


def effective_profile_values(
    stored: Mapping[str, str], config: SystemConfig | None = None
) -> dict[str, str]:
    """The caseload's profile table with the machine-wide settings applied: a locked key
    always, an unlocked one where the caseload has no value (missing or empty)."""
    config = config or system_config()
    values = dict(stored)
    for key in PROFILE_KEYS:
        preset = config.value(key)
        if preset is None:
            continue
        if config.is_locked(key) or not values.get(key, "").strip():
            values[key] = str(preset)
    return values


def preset_new_profile(profile: Profile, config: SystemConfig | None = None) -> Profile:
    """A new caseload's profile: where it holds the built-in default (nobody chose another
    value at creation), the machine-wide preset; a locked key always."""
    config = config or system_config()
    changes: dict[str, Any] = {}
    for key in PROFILE_KEYS:
        preset = config.value(key)
        if preset is None or key not in _PROFILE_FIELDS:
            continue
        if config.is_locked(key) or getattr(profile, key) == _built_in(key):
            changes[key] = preset
    return replace(profile, **changes) if changes else profile


def enforce_locked(profile: Profile, config: SystemConfig | None = None) -> Profile:
    """The profile with every locked key set to the machine-wide value."""
    config = config or system_config()
    changes = {
        key: config.value(key)
        for key in config.locked
        if key in _PROFILE_FIELDS and config.value(key) is not None
    }
    return replace(profile, **changes) if changes else profile


def _built_in(key: str) -> Any:
    for item in fields(Profile):
        if item.name == key:
            return item.default if isinstance(item.default, int | str) else ""
    return None


def problem_report(config: SystemConfig | None = None) -> str:
    """The problems as one text in the current language, for a message box or stderr."""
    config = config or system_config()
    if not config.problems:
        return ""
    return "\n\n".join(
        [
            _("The machine-wide settings contain errors; kimdesk uses its defaults for them:"),
            "\n".join(str(problem) for problem in config.problems),
            _("Please tell your IT department."),
        ]
    )


def print_problems(stream: Any = None) -> None:
    """The command line's way of reporting: one block on stderr, in the user's language."""
    report = problem_report()
    if report:
        print(f"kimdesk: {report}", file=stream or sys.stderr)
