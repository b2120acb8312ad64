"""The wheel works on its own: built from the checkout and installed into a fresh virtual
environment, kimdesk finds its forms, catalogs, style sheet and icon, and speaks German.

The fresh environment gets the wheel without dependencies (no network, and PySide6 would take
minutes); a .pth file lends it the test environment's installed libraries. That environment
has kimdesk as an editable install of this checkout, so every step checks that the kimdesk at
work is the installed one.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import kimdesk
from tests.conftest import PASSWORD
from tests.plugins.clock import OFFSET_VARIABLE
from tests.plugins.fast_kdf import CHILD_PROCESS

ROOT = Path(__file__).resolve().parents[2]
# What git ignores (.gitignore) and git itself: a fresh checkout has none of it.
NOT_IN_A_CHECKOUT = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.egg-info", "build", "dist", "*.kimdesk", "*.kimdesk-*",
    ".pytest_cache", ".hypothesis", ".ruff_cache", ".mypy_cache",
)
DATA = "kimdesk/_data/"
COMMAND_SECONDS = 120

GUI_PROBE = r"""
import json, sys
from pathlib import Path

import kimdesk
from kimdesk.gui.prompter import Prompter
from kimdesk.gui.contrast import high_contrast_style_sheet_path
from kimdesk.gui.session import create_application, icon_path, scaled_style_sheet, stylesheet_path
from kimdesk.gui.text_size import base_points
from kimdesk.gui.unlock import UnlockDialog
from kimdesk.i18n import language
from kimdesk.paths import i18n_dir

app = create_application(["kimdesk"])
dialog = UnlockDialog(Path(sys.argv[1]), Prompter())
dialog.show()
app.processEvents()
print(json.dumps({
    "kimdesk": kimdesk.__file__,
    "language": language(),
    "catalogs": sorted(p.name for p in i18n_dir().iterdir() if p.is_file()),
    "title": dialog.windowTitle(),
    "stylesheet": str(stylesheet_path()),
    # The sheet's font sizes are relative: applied as points of the application's font.
    "stylesheet_applied": bool(app.styleSheet())
        and app.styleSheet() == scaled_style_sheet(
            stylesheet_path().read_text(encoding="utf-8"), base_points(app.font())
        ),
    "high_contrast_sheet": str(high_contrast_style_sheet_path()),
    "icon": str(icon_path()),
    "window_icon": not app.windowIcon().pixmap(32, 32).isNull(),
}))
"""


def german(msgid: str) -> str:
    """The German text of an English source string, from the checkout's catalog."""
    with (ROOT / "i18n" / "de.po").open("rb") as handle:
        message = read_po(handle, locale="de").get(msgid)
    assert message is not None and message.string, msgid
    return str(message.string)


def run(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    """Run a command; its stdout. A failure shows the command's own output."""
    done = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=COMMAND_SECONDS,
    )
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, args))[:300]}\nexit code {done.returncode}\n"
            f"stdout:\n{done.stdout[-3000:]}\nstderr:\n{done.stderr[-3000:]}",
            pytrace=False,
        )
    return done.stdout


def venv_program(venv: Path, name: str) -> Path:
    folder = venv / ("Scripts" if os.name == "nt" else "bin")
    return folder / (f"{name}.exe" if os.name == "nt" else name)


class Installed:
    """The wheel, a fresh virtual environment with it installed, and a place to run it."""

    def __init__(self, base: Path) -> None:
        source = base / "checkout"
        shutil.copytree(ROOT, source, ignore=NOT_IN_A_CHECKOUT)
        dist = base / "dist"
        # Offline, with the build tools of this environment (setuptools, babel); setuptools
        # builds wheels by itself from 70.1 on, before that only with the package "wheel".
        setuptools = tuple(int(part) for part in version("setuptools").split(".")[:2])
        if setuptools < (70, 1) and not find_spec("wheel"):
            pytest.fail("building the wheel needs setuptools>=70.1 in the test environment")
        run(
            sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
            "--no-build-isolation", "--no-cache-dir", "--disable-pip-version-check",
            "--wheel-dir", dist, source,
        )
        (self.wheel,) = dist.glob("kimdesk-*.whl")
        self.venv = base / "venv"
        run(sys.executable, "-m", "venv", "--without-pip", self.venv)
        self.python = venv_program(self.venv, "python")
        run(
            sys.executable, "-m", "pip", "--python", self.python, "install", "--quiet",
            "--no-deps", "--no-index", "--no-cache-dir", "--disable-pip-version-check",
            self.wheel,
        )
        # Only now lend it our libraries: pip above must not see the editable kimdesk.
        site_packages = Path(
            run(self.python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
            .strip()
        )
        ours = dict.fromkeys(
            [*site.getsitepackages(), sysconfig.get_path("purelib"), sysconfig.get_path("platlib")]
        )
        (site_packages / "borrowed.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
        self.site_packages = site_packages
        self.kimdesk = venv_program(self.venv, "kimdesk")
        self.work = base / "work"
        self.work.mkdir()
        self.env = self._environment(base)

    def _environment(self, base: Path) -> dict[str, str]:
        """A user with an empty home and no kimdesk settings; German is the default."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("KIMDESK_") and key not in {"PYTHONPATH", "VIRTUAL_ENV"}
        }
        home = base / "home"
        env.update(
            HOME=str(home),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_CACHE_HOME=str(home / "cache"),
            KIMDESK_DATA_DIR=str(base / "data"),
            KIMDESK_SYSTEM_CONFIG=str(base / "no-machine-settings.toml"),  # none from /etc
            QT_QPA_PLATFORM="offscreen",
        )
        if OFFSET_VARIABLE in os.environ:  # a moved test clock moves the child's too
            env[OFFSET_VARIABLE] = os.environ[OFFSET_VARIABLE]
            env["PYTHONPATH"] = str(CHILD_PROCESS)
        return env

    def kimdesk_command(self, *args: str | Path) -> str:
        return run(self.kimdesk, *args, env=self.env, cwd=self.work)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    return Installed(tmp_path_factory.mktemp("wheel"))


def test_the_wheel_holds_the_package_and_its_data_and_nothing_else(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = wheel.namelist()
    tops = {name.split("/", 1)[0] for name in names}
    assert tops == {"kimdesk", f"kimdesk-{kimdesk.__version__}.dist-info"}
    for needed in (
        "forms/screening.toml",
        "i18n/de.mo",
        "i18n/consent/de.po",
        "i18n/consent/ar.po",
        "resources/fonts/NotoSans-Regular.ttf",
        "resources/fonts/OFL.txt",
        "resources/icons/kimdesk.svg",
        "ui/kimdesk.qss",
    ):
        assert DATA + needed in names
    forms = {Path(n).name for n in names if n.startswith(DATA + "forms/") and n.endswith(".toml")}
    assert forms == {p.name for p in (ROOT / "forms").glob("*.toml")}
    # The catalog is compiled; templates, tests and compiled Python stay out.
    assert DATA + "i18n/de.po" not in names
    assert not [n for n in names if n.endswith((".pot", ".pyc")) or "__pycache__" in n]
    assert not [n for n in names if "/tests/" in n or n.startswith("tests/")]


def test_the_installed_package_is_at_work_not_the_checkout(installed: Installed) -> None:
    probe = (
        "import json, kimdesk, kimdesk.paths as p; print(json.dumps([kimdesk.__file__, "
        "str(p.bundle_root()), str(p.forms_dir()), str(p.i18n_dir()), str(p.ui_dir()), "
        "str(p.resources_dir())]))"
    )
    found = json.loads(run(installed.python, "-c", probe, env=installed.env, cwd=installed.work))
    package = installed.site_packages / "kimdesk"
    assert Path(found[0]).parent == package
    assert Path(found[1]) == package / "_data"
    for folder in found[2:]:
        assert Path(folder).is_dir() and Path(folder).is_relative_to(package / "_data")


def test_print_list_names_the_forms_in_german(installed: Installed) -> None:
    listing = installed.kimdesk_command("print", "--list")
    assert "Case Management: Screening" in listing  # from forms/
    assert german("Assessment comparison") in listing  # from the catalog
    assert german("Case file summary (case conference)") in listing
    assert "Assessment comparison" not in listing


def test_demo_selftest_and_monthly_report_run(installed: Installed, tmp_path: Path) -> None:
    db = tmp_path / "demo.kimdesk"
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    access = ("--db", db, "--password-file", password)

    installed.kimdesk_command(*access, "demo", "--cases", "4")
    report = json.loads(installed.kimdesk_command(*access, "selftest"))
    assert report["ok"] is True and report["cases"] == 4
    assert report["forms"] == len(list((ROOT / "forms").glob("*.toml")))
    out = tmp_path / "month.xlsx"
    installed.kimdesk_command(*access, "export-month", "2026-11", "--out", out)
    assert zipfile.is_zipfile(out)


def test_the_gui_loads_catalog_style_sheet_and_icon(installed: Installed, tmp_path: Path) -> None:
    found = json.loads(
        run(
            installed.python, "-c", GUI_PROBE, tmp_path / "none.kimdesk",
            env=installed.env, cwd=installed.work,
        )
    )
    data = installed.site_packages / "kimdesk" / "_data"
    assert Path(found["kimdesk"]).is_relative_to(installed.site_packages)
    assert found["language"] == "de" and "de.mo" in found["catalogs"]
    assert found["title"] == german("Unlock caseload – kimdesk")
    assert found["stylesheet"] == str(data / "ui" / "kimdesk.qss")
    assert found["stylesheet_applied"] is True
    assert found["high_contrast_sheet"] == str(data / "ui" / "kimdesk-high-contrast.qss")
    assert Path(found["high_contrast_sheet"]).is_file()
    assert found["icon"] == str(data / "resources" / "icons" / "kimdesk.svg")
    assert found["window_icon"] is True
