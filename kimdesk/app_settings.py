"""Settings needed before the caseload is unlocked: a small JSON file in the config folder.

Only what is not personal belongs here (today the language of the user interface); everything
else lives in the encrypted caseload. A missing, broken or unknown file gives the defaults.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from kimdesk.paths import ensure_private_dir, user_config_dir

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
LANGUAGES = ("de", "en")  # German is the default; English is the source language


@dataclass(frozen=True)
class AppSettings:
    language: str = "de"


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
    if machine.is_locked("language"):
        return default
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
    return AppSettings(
        language=language if language in LANGUAGES else default.language,
    )


def save_app_settings(settings: AppSettings, path: Path | None = None) -> None:
    """Write the settings atomically: a temporary file in the same folder, then a rename."""
    if settings.language not in LANGUAGES:
        raise ValueError(f"unknown language {settings.language!r}")
    path = path or settings_path()
    ensure_private_dir(path.parent)
    text = json.dumps(asdict(settings), indent=2, sort_keys=True) + "\n"
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
