"""kimdesk/paths.py finds forms/, i18n/, resources/ and ui/ in each of the three layouts: a frozen
build, a source checkout (also an editable install) and an installed wheel; kimdesk/i18n.py
reads a compiled catalog where one lies."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po

from kimdesk import paths
from kimdesk.i18n import load_catalog

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("forms", "i18n", "resources", "ui")
PROBE = (
    "import json, kimdesk, kimdesk.paths as p; print(json.dumps([kimdesk.__file__] + [str(f()) "
    "for f in (p.bundle_root, p.forms_dir, p.i18n_dir, p.resources_dir, p.ui_dir)]))"
)


def folders() -> list[Path]:
    return [paths.forms_dir(), paths.i18n_dir(), paths.resources_dir(), paths.ui_dir()]


def test_a_frozen_build_keeps_the_folders_in_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in FOLDERS:
        (tmp_path / name).mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert paths.bundle_root() == tmp_path
    assert folders() == [tmp_path / name for name in FOLDERS]


def test_a_source_checkout_has_them_at_the_top_of_the_repository(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)

    assert paths.package_data_root() is None  # nothing of a built wheel lies in the checkout
    assert paths.bundle_root() == ROOT
    assert folders() == [ROOT / name for name in FOLDERS]
    assert (paths.forms_dir() / "screening.toml").is_file()
    assert (paths.i18n_dir() / "de.po").is_file()
    assert (paths.resources_dir() / "fonts").is_dir()
    assert (paths.ui_dir() / "kimdesk.qss").is_file()


def test_an_installed_wheel_has_them_as_package_data(tmp_path: Path) -> None:
    """The layout pip leaves in site-packages: kimdesk/ with kimdesk/_data/ inside."""
    package = tmp_path / "site-packages" / "kimdesk"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    shutil.copy(Path(paths.__file__), package / "paths.py")
    for name in FOLDERS:
        (package / "_data" / name).mkdir(parents=True)
    env = dict(os.environ, PYTHONPATH=str(package.parent))
    env.pop("PYTHONHOME", None)

    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, cwd=tmp_path
    )

    assert done.returncode == 0, done.stderr
    module, root, *found = json.loads(done.stdout)
    assert Path(module) == package / "__init__.py"  # not the checkout's kimdesk
    assert Path(root) == package / "_data"
    assert found == [str(package / "_data" / name) for name in FOLDERS]


def write_catalogs(folder: Path, *, po: str | None, mo: str | None) -> None:
    """i18n/de.po and/or i18n/de.mo translating "Cancel" as given."""
    folder.mkdir(parents=True, exist_ok=True)
    for text, suffix, writer in ((po, ".po", write_po), (mo, ".mo", write_mo)):
        if text is None:
            continue
        catalog = Catalog(locale="de")
        catalog.add("Cancel", text)
        with (folder / f"de{suffix}").open("wb") as handle:
            writer(handle, catalog)


def at_time(path: Path, seconds: int) -> None:
    os.utime(path, (seconds, seconds))


def test_a_compiled_catalog_is_read_where_it_lies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    i18n = tmp_path / "i18n"

    write_catalogs(i18n, po=None, mo="Abbrechen (kompiliert)")  # the frozen build, the wheel
    assert load_catalog("de").gettext("Cancel") == "Abbrechen (kompiliert)"

    write_catalogs(i18n, po="Abbrechen (Quelltext)", mo=None)
    at_time(i18n / "de.po", 1_700_000_000)
    at_time(i18n / "de.mo", 1_700_000_000)
    assert load_catalog("de").gettext("Cancel") == "Abbrechen (kompiliert)"

    at_time(i18n / "de.po", 1_700_000_060)  # edited after compiling: the stale .mo is passed by
    assert load_catalog("de").gettext("Cancel") == "Abbrechen (Quelltext)"

    (i18n / "de.mo").unlink()  # a checkout
    assert load_catalog("de").gettext("Cancel") == "Abbrechen (Quelltext)"
    assert load_catalog("en").gettext("Cancel") == "Cancel"
