"""Settings needed before the caseload is unlocked: a small JSON file in the config folder.

Only what is not personal belongs here (the language of the user interface, high contrast,
the folder the last monthly report went to); everything else lives in the encrypted caseload.
A missing, broken or unknown file gives the defaults.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from kimdesk.paths import ensure_private_dir, user_config_dir

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
LANGUAGES = ("de", "en")  # German is the default; English is the source language
# High contrast: "system" follows the system's setting where Qt reports it; on, off.
CONTRAST_CHOICES = ("system", "on", "off")


@dataclass(frozen=True)
class AppSettings:
    language: str = "de"
    report_folder: str = ""  # where the last monthly report was saved; "" for the default
    contrast: str = "system"  # one of CONTRAST_CHOICES


def settings_path() -> Path:
    return user_config_dir() / SETTINGS_FILE


def load_app_settings(path: Path | None = None) -> AppSettings:
    """The saved settings; defaults for anything missing, unknown or unreadable.

    IT's kimdesk.toml gives the default language, and a locked language wins over the saved one.
    """
    # Imported here: kimdesk.i18n imports this module, and system_config needs kimdesk.i18n.
    from kimdesk.system_config import system_config

    machine = system_config()
    default = AppSettings(language=machine.language or AppSettings.language)
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default
    except (OSError, UnicodeDecodeError, ValueError) as error:
        # The type only: the file is ours, but keep the habit of logging no contents.
        log.warning("app settings unreadable (%s); using the defaults", type(error).__name__)
        return default
    if not isinstance(raw, dict):
        return default
    language = raw.get("language")
    if machine.is_locked("language") or language not in LANGUAGES:
        language = default.language
    folder = raw.get("report_folder")
    contrast = raw.get("contrast")
    return AppSettings(
        language=language,
        report_folder=folder if isinstance(folder, str) else "",
        contrast=contrast if contrast in CONTRAST_CHOICES else AppSettings.contrast,
    )


def save_app_settings(settings: AppSettings, path: Path | None = None) -> None:
    """Write the settings atomically: a temporary file in the same folder, then a rename."""
    if settings.language not in LANGUAGES:
        raise ValueError(f"unknown language {settings.language!r}")
    if settings.contrast not in CONTRAST_CHOICES:
        raise ValueError(f"unknown contrast {settings.contrast!r}")
    path = path or settings_path()
    ensure_private_dir(path.parent)
    unset = {"report_folder": "", "contrast": AppSettings.contrast}  # not written: defaults
    values = {key: value for key, value in asdict(settings).items() if unset.get(key) != value}
    text = json.dumps(values, indent=2, sort_keys=True) + "\n"
    handle, temporary = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remember_report_folder(folder: Path, path: Path | None = None) -> None:
    """Keep the folder a monthly report was saved to, for the next one. Best effort: a
    settings file that cannot be written costs only this convenience."""
    settings = load_app_settings(path)
    if settings.report_folder == str(folder):
        return
    try:
        save_app_settings(replace(settings, report_folder=str(folder)), path)
    except OSError as error:
        log.warning("report folder not remembered (%s)", type(error).__name__)
