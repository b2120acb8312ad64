"""Where kimdesk finds its bundled folders and where it keeps the user's caseload.

One place for a source checkout (also an editable install), an installed wheel and a frozen
(PyInstaller) build.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "kimdesk"
CASELOAD_FILE = "caseload.kimdesk"
DEMO_FILE = "demo.kimdesk"
# Where setup.py puts forms/, i18n/, resources/ and ui/ inside the package of a wheel.
PACKAGE_DATA = "_data"


def bundle_root() -> Path:
    """The folder holding forms/, i18n/, resources/ and ui/.

    A frozen build keeps them in its own folder (packaging/'s spec), an installed wheel as the
    package data kimdesk/_data/, a source checkout at the top of the repository.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return package_data_root() or checkout_root()


def package_data_root() -> Path | None:
    """kimdesk/_data/ of an installed wheel; None in a source checkout or editable install."""
    data = resources.files("kimdesk") / PACKAGE_DATA
    # pip unpacks a wheel into plain files, for which files() gives a Path. An import from a
    # zip archive would need the folders extracted first; kimdesk is never installed so.
    if isinstance(data, Path) and data.is_dir():
        return data
    return None


def checkout_root() -> Path:
    """The top of the repository, beside the kimdesk package (source checkout, editable)."""
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
    """The per-user data folder: caseload, demo, backups, unlock counts.

    The local, non-roaming one (``%LOCALAPPDATA%\\kimdesk``, ``$XDG_DATA_HOME/kimdesk``,
    ``~/Library/Application Support/kimdesk``): a roaming profile or folder redirection
    would copy the caseload to a server. ``KIMDESK_DATA_DIR`` overrides it.
    """
    override = os.environ.get("KIMDESK_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def user_config_dir() -> Path:
    """The per-user settings folder (settings.json): ``$XDG_CONFIG_HOME/kimdesk``, on Windows
    and macOS the data folder itself.

    ``KIMDESK_CONFIG_DIR`` overrides it; without it, ``KIMDESK_DATA_DIR`` moves the settings
    along with the data, so that one variable keeps a test or a portable setup in one folder.
    """
    override = os.environ.get("KIMDESK_CONFIG_DIR") or os.environ.get("KIMDESK_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=False))


def legacy_data_dir(
    *, platform: str | None = None, environ: Mapping[str, str] | None = None
) -> Path | None:
    """Where kimdesk 0.1 kept the data when that differs from today's folder: Windows'
    roaming ``%APPDATA%\\kimdesk``. None elsewhere, and with ``KIMDESK_DATA_DIR`` set."""
    environ = os.environ if environ is None else environ
    if (platform or sys.platform) != "win32" or not environ.get("APPDATA"):
        return None
    if environ.get("KIMDESK_DATA_DIR"):
        return None
    return Path(environ["APPDATA"]) / APP_NAME


def default_caseload_path() -> Path:
    return _present_or_legacy(CASELOAD_FILE)


def default_demo_path() -> Path:
    return _present_or_legacy(DEMO_FILE)


def _present_or_legacy(name: str) -> Path:
    """The file in the data folder; while one in the old folder could not be moved yet (open in
    another kimdesk, a failed copy), that one, so that nobody starts an empty caseload."""
    current = user_data_dir() / name
    legacy = legacy_data_dir()
    if legacy is not None and not current.exists() and (legacy / name).exists():
        return legacy / name
    return current


def ensure_private_dir(path: Path) -> Path:
    """Create a folder readable by its owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
