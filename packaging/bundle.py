"""Build, smoke-test and pack the frozen kimdesk (PyInstaller, one folder).

    python packaging/bundle.py build   [--out DIR]   PyInstaller with packaging/kimdesk.spec
    python packaging/bundle.py smoke   [--out DIR]   run the built program on a demo caseload
    python packaging/bundle.py tarball [--out DIR]   kimdesk-<version>-linux-x86_64.tar.gz

DIR defaults to build/bundle (the program lands in DIR/dist/kimdesk). Each step prints one
line when it succeeds, and what went wrong, with the program's output, when it fails.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "kimdesk.spec"
DEFAULT_OUT = ROOT / "build" / "bundle"
APP_ID = "de.kim_nrw.kimdesk"
NAME = "kimdesk"
DATA_FOLDERS = ("forms", "i18n", "resources", "ui")
# Modules a bundle must not contain: the test tools and our tests.
FORBIDDEN_MODULES = ("tests", "pytest", "_pytest", "pytestqt", "hypothesis", "time_machine")
# Some of the libraries whose metadata the About box shows (kimdesk/licences.py has them all).
LICENSED_DISTRIBUTIONS = ("pyside6", "sqlcipher3", "reportlab", "openpyxl", "babel")
# A password good enough for the demo caseload of the smoke test (never a real one).
SMOKE_PASSWORD = "Rauch-Probe-Lauf-2026!"
STEP_TIMEOUT = 600


class BundleError(Exception):
    """A step failed; the message says which and shows the program's output."""


def version() -> str:
    """kimdesk.__version__, read from the source without importing kimdesk."""
    text = (ROOT / "kimdesk" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, flags=re.MULTILINE)
    if not found:
        raise BundleError("kimdesk/__init__.py defines no __version__")
    return found.group(1)


def dist_dir(out: Path) -> Path:
    return out / "dist" / NAME


def program(bundle: Path) -> Path:
    """The executable that speaks on the console (kimdesk-cli.exe on Windows)."""
    if sys.platform == "win32":
        return bundle / f"{NAME}-cli.exe"
    return bundle / NAME


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MiB"


# -- build -----------------------------------------------------------------------------------


def build(out: Path = DEFAULT_OUT) -> Path:
    """Run PyInstaller with the spec; the bundle folder."""
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    log = work / "pyinstaller.log"
    started = time.monotonic()
    with log.open("wb") as handle:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "--noconfirm",
                "--log-level=WARN",
                f"--distpath={out / 'dist'}",
                f"--workpath={work}",
                str(SPEC),
            ],
            cwd=ROOT,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise BundleError(
            f"PyInstaller failed (exit {done.returncode}); its output ({log}):\n"
            + tail(log.read_text(encoding="utf-8", errors="replace"))
        )
    bundle = dist_dir(out)
    print(f"bundle built: {bundle} ({megabytes(folder_size(bundle))}, {seconds:.0f} s)")
    return bundle


def tail(text: str, lines: int = 60) -> str:
    return "\n".join(text.splitlines()[-lines:])


# -- smoke -----------------------------------------------------------------------------------


def check_contents(bundle: Path) -> None:
    """The data folders are there (catalogs compiled) and no test code went in."""
    data = bundle / "_internal"
    if not data.is_dir():  # PyInstaller < 6 kept everything beside the program
        data = bundle
    for folder in DATA_FOLDERS:
        path = data / folder
        if not path.is_dir() or not any(path.iterdir()):
            raise BundleError(f"the bundle has no {folder}/ in {data}")
    if not list((data / "i18n").glob("*.mo")):
        raise BundleError("the bundle has no compiled catalog (i18n/*.mo)")
    for distribution in LICENSED_DISTRIBUTIONS:
        if not list(data.glob(f"{distribution}-*.dist-info/METADATA")):
            raise BundleError(f"the bundle has no metadata (licence, version) of {distribution}")
    modules = bundled_modules(program(bundle))
    if modules is not None:
        found = sorted(m for m in modules if m.split(".")[0] in FORBIDDEN_MODULES)
        editable = sorted(m for m in modules if m.startswith("__editable__"))
        if found or editable:
            raise BundleError(f"the bundle contains test or install-time code: {found + editable}")


def bundled_modules(executable: Path) -> set[str] | None:
    """The Python modules in the program's archive; None without PyInstaller to read it."""
    try:
        from PyInstaller.archive.readers import CArchiveReader
    except ImportError:
        return None
    archive = CArchiveReader(str(executable))
    return set(archive.open_embedded_archive("PYZ.pyz").toc)


@dataclass
class Smoke:
    """One run of the built program in a throw-away home, away from the source checkout."""

    bundle: Path
    home: Path

    def env(self) -> dict[str, str]:
        keep = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TEMP", "TMP", "TZ")
        env = {key: os.environ[key] for key in keep if key in os.environ}
        runtime = self.home / "run"
        runtime.mkdir(mode=0o700, exist_ok=True)
        env.update(
            HOME=str(self.home),
            USERPROFILE=str(self.home),
            APPDATA=str(self.home / "AppData" / "Roaming"),
            LOCALAPPDATA=str(self.home / "AppData" / "Local"),
            XDG_DATA_HOME=str(self.home / "data"),
            XDG_CONFIG_HOME=str(self.home / "config"),
            XDG_CACHE_HOME=str(self.home / "cache"),
            XDG_STATE_HOME=str(self.home / "state"),
            XDG_RUNTIME_DIR=str(runtime),
            KIMDESK_DATA_DIR=str(self.home / "kimdesk"),
            KIMDESK_PASSWORD=SMOKE_PASSWORD,
            QT_QPA_PLATFORM="offscreen",
        )
        return env

    def run(self, *args: str, trace: Path | None = None) -> str:
        """The program's output; BundleError with all of it when it fails."""
        command = [str(program(self.bundle)), *args]
        if trace is not None:
            command = ["strace", "-f", "-qq", "-e", "trace=open,openat", "-o", str(trace)]
            command += [str(program(self.bundle)), *args]
        try:
            done = subprocess.run(
                command,
                cwd=self.home,
                env=self.env(),
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=STEP_TIMEOUT,
            )
        except subprocess.TimeoutExpired as timeout:
            raise BundleError(
                f"`kimdesk {' '.join(args)}` did not finish in {timeout.timeout} s"
            ) from None
        if done.returncode != 0:
            raise BundleError(
                f"`kimdesk {' '.join(args)}` failed with exit code {done.returncode}\n"
                f"--- stdout:\n{tail(done.stdout)}\n--- stderr:\n{tail(done.stderr)}"
            )
        return done.stdout


def smoke(bundle: Path) -> None:
    """Run the built program: a demo caseload, selftest, a consent PDF in Arabic, a report."""
    started = time.monotonic()
    if not program(bundle).exists():
        raise BundleError(f"no built program at {program(bundle)}: run `build` first")
    check_contents(bundle)
    with tempfile.TemporaryDirectory(prefix="kimdesk-smoke-") as tmp:
        home = Path(tmp)
        smoke = Smoke(bundle=bundle, home=home)
        db = str(home / "kimdesk" / "smoke.kimdesk")
        shown = smoke.run("--version")
        if version() not in shown:
            raise BundleError(f"`kimdesk --version` says {shown.strip()!r}, not {version()}")
        written = smoke.run("--db", db, "demo", "--cases", "12")
        if "Demo data written" in written:  # the English source: the catalog was not found
            raise BundleError(f"the built program speaks English, not German:\n{written}")
        cases = smoke.run("--db", db, "cases").split()
        if not cases:
            raise BundleError("the demo caseload lists no cases")
        trace = home / "selftest.strace" if strace_works() else None
        report = smoke.run("--db", db, "selftest", trace=trace)
        check_selftest(report)
        if trace is not None:
            check_no_source_files(trace, bundle)
        pdf = home / "consent-ar.pdf"
        smoke.run(
            "--db", db, "print", "consent", "--lang", "ar", "--case", cases[0], "--out", str(pdf)
        )
        pages = pdf_pages(pdf)
        xlsx = home / "report.xlsx"
        smoke.run("--db", db, "export-month", previous_month(date.today()), "--out", str(xlsx))
        rows = workbook_rows(xlsx)
    seconds = time.monotonic() - started
    checkout = (
        "nothing read from the checkout" if trace else "checkout reads NOT checked (no strace)"
    )
    print(
        f"bundle smoke test passed: selftest ok, consent (ar) {pages} pages, "
        f"report {rows} rows, {checkout} ({seconds:.0f} s)"
    )


def check_selftest(output: str) -> None:
    try:
        report = json.loads(output)
    except ValueError as error:
        raise BundleError(f"selftest printed no JSON ({error}):\n{tail(output)}") from None
    if report.get("ok") is not True or not report.get("forms"):
        raise BundleError(f"selftest did not pass:\n{tail(output)}")


def strace_works() -> bool:
    """Whether strace can follow a program here (containers may forbid ptrace)."""
    if not shutil.which("strace"):
        return False
    probe = subprocess.run(["strace", "-o", os.devnull, "true"], capture_output=True)
    return probe.returncode == 0


def check_no_source_files(trace: Path, bundle: Path) -> None:
    """The frozen program opened nothing in the source checkout but itself (strace's record)."""
    paths = (
        (line, found.group(1))
        for line in trace.read_text(encoding="utf-8", errors="replace").splitlines()
        if "ENOENT" not in line and (found := re.search(r'"([^"]+)"', line))
    )
    opened = [line for line, path in paths if in_source(Path(path), bundle)]
    if opened:
        raise BundleError(
            "the frozen program read files of the source checkout:\n" + "\n".join(opened[:20])
        )


def in_source(path: Path, bundle: Path) -> bool:
    """Whether a file lies in the source checkout, outside the bundle (which may be in build/)."""
    path = Path(os.path.abspath(path))
    return path.is_relative_to(ROOT) and not path.is_relative_to(bundle.resolve())


def pdf_pages(pdf: Path) -> int:
    """The page count of a PDF (pdfinfo from poppler-utils, else the page objects)."""
    if not pdf.exists() or pdf.read_bytes()[:5] != b"%PDF-":
        raise BundleError(f"{pdf.name} is not a PDF")
    if shutil.which("pdfinfo"):
        done = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
        found = re.search(r"^Pages:\s+(\d+)", done.stdout, flags=re.MULTILINE)
        if done.returncode != 0 or not found:
            raise BundleError(f"pdfinfo cannot read {pdf.name}:\n{done.stderr}")
        pages = int(found.group(1))
    else:
        pages = len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))
    if pages < 1:
        raise BundleError(f"{pdf.name} has no pages")
    return pages


def workbook_rows(xlsx: Path) -> int:
    """Rows over all sheets of a workbook openpyxl reads back."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(xlsx, read_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise BundleError(f"openpyxl cannot read {xlsx.name}: {error}") from None
    try:
        rows = sum(sheet.max_row or 0 for sheet in workbook.worksheets)
    finally:
        workbook.close()
    if rows < 2:
        raise BundleError(f"{xlsx.name} holds no rows")
    return rows


def previous_month(today: date) -> str:
    first = today.replace(day=1)
    year, month = (first.year, first.month - 1) if first.month > 1 else (first.year - 1, 12)
    return f"{year:04d}-{month:02d}"


# -- tarball ---------------------------------------------------------------------------------

INSTALL_NOTE = """\
kimdesk {version} for Linux (x86_64)
=====================================

The folder lib/kimdesk holds the whole program (Python, Qt and everything else); nothing
needs to be installed besides the usual desktop libraries (X11 or Wayland, fontconfig, CUPS).

Install for all users (as root), into /usr/local:

    tar -xzf kimdesk-{version}-linux-x86_64.tar.gz -C /usr/local --strip-components=1

This gives /usr/local/bin/kimdesk, /usr/local/lib/kimdesk/, the menu entry
(share/applications/{app_id}.desktop), the AppStream metainfo and the icon.
Or unpack it anywhere and start bin/kimdesk.

Uninstall:

    rm -r /usr/local/lib/kimdesk /usr/local/bin/kimdesk \\
        /usr/local/share/applications/{app_id}.desktop \\
        /usr/local/share/metainfo/{app_id}.metainfo.xml \\
        /usr/local/share/icons/hicolor/scalable/apps/{app_id}.svg

The caseloads are not in the program's folders: they lie in $XDG_DATA_HOME/kimdesk
(usually ~/.local/share/kimdesk) of each user and stay there on uninstall.
`kimdesk --help` lists the commands; `kimdesk --version` shows the version.
"""


def tarball_name(version: str) -> str:
    return f"{NAME}-{version}-linux-x86_64.tar.gz"


def tarball_layout(bundle: Path, version: str) -> dict[str, Path | None]:
    """Member name -> source file (None for bin/kimdesk, a link into lib/kimdesk)."""
    top = f"{NAME}-{version}"
    members: dict[str, Path | None] = {
        f"{top}/bin/{NAME}": None,
        f"{top}/share/applications/{APP_ID}.desktop": PACKAGING / f"{APP_ID}.desktop",
        f"{top}/share/metainfo/{APP_ID}.metainfo.xml": PACKAGING / f"{APP_ID}.metainfo.xml",
        f"{top}/share/icons/hicolor/scalable/apps/{APP_ID}.svg": (
            ROOT / "resources" / "icons" / "kimdesk.svg"
        ),
    }
    for path in sorted(bundle.rglob("*")):
        if path.is_file() or path.is_symlink():
            members[f"{top}/lib/{NAME}/{path.relative_to(bundle).as_posix()}"] = path
    return members


def tarball(bundle: Path, out: Path = DEFAULT_OUT, *, version_: str | None = None) -> Path:
    """Pack the bundle with the menu entry, metainfo, icon and INSTALL.txt."""
    version_ = version_ or version()
    if not program(bundle).exists():
        raise BundleError(f"no built program at {program(bundle)}: run `build` first")
    target = out / tarball_name(version_)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    top = f"{NAME}-{version_}"
    stamp = program(bundle).stat().st_mtime
    # level 6: a third of level 9's time for 1 % more bytes
    with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
        for name, source in tarball_layout(bundle, version_).items():
            if source is None:
                link = tarfile.TarInfo(name)
                link.type = tarfile.SYMTYPE
                link.linkname = f"../lib/{NAME}/{NAME}"
                link.mode = 0o777
                link.mtime = stamp
                archive.addfile(normalise(link))
            else:
                archive.add(source, arcname=name, recursive=False, filter=normalise)
        note = INSTALL_NOTE.format(version=version_, app_id=APP_ID).encode("utf-8")
        info = tarfile.TarInfo(f"{top}/INSTALL.txt")
        info.size = len(note)
        info.mode = 0o644
        info.mtime = stamp
        archive.addfile(normalise(info), io.BytesIO(note))
    partial.replace(target)  # nothing half-written under the final name
    print(f"tarball written: {target} ({megabytes(target.stat().st_size)})")
    return target


def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
    """Owned by root and readable by everyone, whoever built it."""
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    if not info.issym():
        info.mode = 0o755 if info.mode & 0o111 else 0o644
    return info


# -- command line ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("build", "smoke", "tarball"))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: build/bundle")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    try:
        if args.step == "build":
            build(out)
        elif args.step == "smoke":
            smoke(dist_dir(out))
        else:
            tarball(dist_dir(out), out)
    except BundleError as error:
        print(f"bundle {args.step} FAILED: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
