"""The third-party components kimdesk bundles, with their versions and licences (for the About
box): taken from the installed packages' metadata, with a declared value for what has none.

The declared licences are what the metadata said when they were written down; a test keeps the
two in step. They stand in where a frozen build carries no metadata.
"""

from __future__ import annotations

import platform
import sysconfig
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import sqlcipher3

from kimdesk.paths import resources_dir


@dataclass(frozen=True)
class Library:
    """A Python package (a distribution on PyPI) and its licence as its metadata says."""

    name: str
    distribution: str
    declared: str


# What kimdesk depends on, and what those depend on in turn (all of it ends up in a bundle).
LIBRARIES = (
    Library("Qt / PySide6", "PySide6", "LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only"),
    Library("sqlcipher3", "sqlcipher3", "zlib"),
    Library("ReportLab", "reportlab", "BSD License"),
    Library("Pillow", "pillow", "MIT-CMU"),
    Library("charset-normalizer", "charset-normalizer", "MIT"),
    Library("openpyxl", "openpyxl", "MIT"),
    Library("et-xmlfile", "et-xmlfile", "MIT"),
    Library("Babel", "babel", "BSD-3-Clause"),
    Library("msoffcrypto-tool", "msoffcrypto-tool", "MIT"),
    Library("olefile", "olefile", "BSD"),
    Library("lxml", "lxml", "BSD-3-Clause"),
    Library("arabic-reshaper", "arabic-reshaper", "MIT"),
    Library("python-bidi", "python-bidi", "GNU Library or Lesser General Public License (LGPL)"),
    Library("cryptography", "cryptography", "Apache-2.0 OR BSD-3-Clause"),
    Library("cffi", "cffi", "MIT-0"),
    Library("pycparser", "pycparser", "BSD-3-Clause"),
    Library("zxcvbn", "zxcvbn", "MIT"),
    Library("platformdirs", "platformdirs", "MIT"),
)
FONTS_NAME = "Noto Sans, Noto Naskh Arabic, Noto Sans Ethiopic"
FONTS_LICENCE = "SIL Open Font License 1.1 (OFL-1.1)"
QT_LICENCE_FILES = ("LGPL-3.0.txt", "GPL-3.0.txt")
_LICENCE_NAMES = ("LICEN", "COPYING", "NOTICE")


@dataclass(frozen=True)
class Component:
    """One line of the About box's list."""

    name: str
    version: str  # "" when not known (a frozen build without the package's metadata)
    licence: str
    text_files: tuple[Path, ...] = ()
    distribution: str = ""  # whose licence files from its metadata to show

    def licence_text(self) -> str:
        """The licence texts, one after the other; empty if this build has none."""
        texts = [_read(path) for path in self.text_files]
        texts += _distribution_texts(self.distribution) if self.distribution else []
        return "\n\n".join(text for text in texts if text)


def components(*, qt_version: str = "") -> tuple[Component, ...]:
    """Fonts first, then Qt and the libraries; ``qt_version`` is the running Qt's (the core
    cannot ask Qt itself)."""
    licences = resources_dir() / "licenses"
    fonts = Component(FONTS_NAME, "", FONTS_LICENCE, (resources_dir() / "fonts" / "OFL.txt",))
    cipher, provider = _sqlcipher_versions()
    built_in = [
        Component("Python", platform.python_version(), "PSF-2.0", (_python_licence(),)),
        Component("SQLCipher", cipher, "BSD-3-Clause", (licences / "SQLCipher.txt",)),
        Component("OpenSSL", provider, "Apache-2.0", (licences / "Apache-2.0.txt",)),
    ]
    libraries = []
    for library in LIBRARIES:
        version = installed_version(library.distribution)
        if library.distribution == "PySide6" and qt_version:
            version = f"{version}, Qt {qt_version}".lstrip(", ")
        text_files = tuple(licences / name for name in QT_LICENCE_FILES)
        libraries.append(
            Component(
                library.name,
                version,
                metadata_licence(library.distribution) or library.declared,
                text_files if library.distribution == "PySide6" else (),
                library.distribution,
            )
        )
    return (fonts, libraries[0], *built_in, *libraries[1:])


def installed_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


def metadata_licence(distribution: str) -> str:
    """What the package says about its licence: the SPDX expression, a short licence field, or
    the trove classifier; "" if it says nothing (or is not installed with its metadata)."""
    try:
        meta = metadata.metadata(distribution)
    except metadata.PackageNotFoundError:
        return ""
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    field = str(meta.get("License") or "").strip()
    if field and "\n" not in field and len(field) <= 60:
        return field
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::"):
            return classifier.split("::")[-1].strip()
    return ""


def _distribution_texts(distribution: str) -> list[str]:
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        return []
    texts = []
    for file in dist.files or []:
        parts = file.parts
        in_metadata = any(part.endswith(".dist-info") for part in parts)
        if in_metadata and file.name.upper().startswith(_LICENCE_NAMES):
            texts.append(_read(Path(str(dist.locate_file(file)))))
    return texts


def _python_licence() -> Path:
    """Python's LICENSE.txt beside its standard library (not in every build)."""
    return Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def _sqlcipher_versions() -> tuple[str, str]:
    """The versions of SQLCipher and of the OpenSSL it uses (compiled into sqlcipher3, so no
    package metadata knows them)."""
    try:
        conn = sqlcipher3.connect(":memory:")
        try:
            conn.set_key("about")  # an empty database in memory; the provider answers once keyed
            version = conn.execute("PRAGMA cipher_version").fetchone()
            provider = conn.execute("PRAGMA cipher_provider_version").fetchone()
        finally:
            conn.close()
    except sqlcipher3.Error:
        return "", ""
    # "OpenSSL 3.6.0 1 Oct 2025": the version is the second word.
    words = str(provider[0]).split() if provider else []
    return (str(version[0]) if version else ""), (words[1] if len(words) > 1 else "")
