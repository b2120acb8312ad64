"""Build step: the wheel carries the top-level data folders as the package data kimdesk/_data/.

forms/, i18n/, resources/ and ui/ stay at the top of the repository, where a source checkout
(also an editable install) and the frozen build find them; kimdesk/paths.py finds them under
kimdesk/_data/ in an installed wheel. Everything else is configured in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_FOLDERS = ("forms", "i18n", "resources", "ui")
# Templates for translators and editors' litter are no data of the running program.
LEFT_OUT = shutil.ignore_patterns("*.pot", "*.mo", "__pycache__", "*~", ".*")


def compile_catalogs(folder: Path) -> None:
    """Replace the application's catalogs <lang>.po by compiled <lang>.mo, as kimdesk/i18n.py
    compiles them in memory from a checkout (saves parsing the .po on every start).

    The consent catalogs in consent/ stay .po: kimdesk reads their headers (X-Reviewed).
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.stem)
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)
        po.unlink()


class BuildPyWithData(build_py):
    """build_py that also copies the data folders into the package being built."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the folders in the checkout itself
        target = Path(self.build_lib) / "kimdesk" / "_data"
        shutil.rmtree(target, ignore_errors=True)  # nothing left over from an earlier build
        for name in DATA_FOLDERS:
            shutil.copytree(ROOT / name, target / name, ignore=LEFT_OUT)
        compile_catalogs(target / "i18n")


setup(cmdclass={"build_py": BuildPyWithData})
