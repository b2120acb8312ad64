"""Where kimdesk finds its bundled folders and where it keeps the user's caseload.

One place for both the source checkout and a frozen (PyInstaller) build.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "kimdesk"
CASELOAD_FILE = "caseload.kimdesk"
DEMO_FILE = "demo.kimdesk"


def bundle_root() -> Path:
    """The folder holding forms/, i18n/ and resources/."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return bundle_root() / "forms"


def i18n_dir() -> Path:
    return bundle_root() / "i18n"


def ui_dir() -> Path:
    return bundle_root() / "ui"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def user_data_dir() -> Path:
    """The per-user data folder (XDG on Linux, %APPDATA% on Windows)."""
    override = os.environ.get("KIMDESK_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def default_caseload_path() -> Path:
    return user_data_dir() / CASELOAD_FILE


def default_demo_path() -> Path:
    return user_data_dir() / DEMO_FILE


def ensure_private_dir(path: Path) -> Path:
    """Create a folder readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
