"""No unencrypted copy of the monthly report on disk: not while it is written, not after a
crash (SIGKILL) in the middle, and no interference between two exports at the same time."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import msoffcrypto
import pytest
from openpyxl import load_workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from kimdesk.caseload import Caseload
from kimdesk.demo import fill_demo
from kimdesk.report import build_month_report, export_month
from kimdesk.report.merge import build_workbook, merge_files, merge_reports, read_report
from kimdesk.report.sending import decrypt_workbook
from kimdesk.report.workbook import report_workbook
from kimdesk.report.xlsx import StreamedSheet, StreamedWorkbook, save_to_bytes
from tests.conftest import PASSWORD, PROFILE, TODAY
from tests.unit.test_report_export import build_known

EXPORT_PASSWORD = "Quarz-Pelikan-Nebel-58"
MONTH = "2026-11"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PLAIN_MARKERS = (b"<worksheet", b"<sheetData")

# -- every file opened for writing, seen through Python's audit hooks ------------------------

_written: list[str] | None = None  # None: not recording
_hook_installed = False
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _written is None:
        return
    if event == "open" and not isinstance(args[0], int):  # an fd was opened (and seen) before
        if isinstance(args[2], int) and args[2] & _WRITE_FLAGS:
            _written.append(os.fsdecode(args[0]))
    elif event == "os.mkdir":  # (path, mode, dir_fd)
        _written.append(os.fsdecode(args[0]))
    elif event in {"os.rename", "os.link", "os.symlink"}:  # (source, target, ...)
        _written.append(os.fsdecode(args[1]))


@contextmanager
def files_written() -> Iterator[list[str]]:
    """The paths this process creates or opens for writing inside the block. An audit hook
    cannot be removed again, so it is installed once and does nothing outside the block."""
    global _written, _hook_installed
    if not _hook_installed:
        sys.addaudithook(_audit)
        _hook_installed = True
    _written = []
    try:
        yield _written
    finally:
        _written = None


def test_an_export_and_a_merge_write_only_their_targets(
    caseload: Caseload, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_known(caseload)
    temp, out = tmp_path / "tmp", tmp_path / "out"
    temp.mkdir()
    out.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))
    data_dir = Path(os.environ["KIMDESK_DATA_DIR"])
    before = sorted(data_dir.rglob("*"))

    with files_written() as written:
        result = export_month(
            caseload, MONTH, out / "bericht.xlsx", password=EXPORT_PASSWORD, eml=out / "x.eml"
        )
        merge_files([result.path], [EXPORT_PASSWORD], out / "bezirk.xlsx")

    assert written, "the audit hook saw nothing"
    assert {Path(path).parent for path in written} == {out}, written
    assert list(temp.iterdir()) == []
    assert sorted(data_dir.rglob("*")) == before
    assert sorted(p.name for p in out.iterdir()) == ["bericht.xlsx", "bezirk.xlsx", "x.eml"]


def test_the_in_memory_writer_writes_what_openpyxl_writes(
    caseload: Caseload, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """save_to_bytes overrides one openpyxl method, and the monthly report's sheets write
    their XML into the package instead of openpyxl's temporary files: the package must be
    the stock one (of openpyxl's own write-only sheets for the monthly report)."""
    build_known(caseload)
    report = build_month_report(caseload, MONTH)
    assert report.coarsened  # with the note's comment, i.e. comments and VML drawings too
    merged = merge_reports([read_report(_saved(tmp_path, save_to_bytes(report_workbook(report))))])
    for build in (lambda: report_workbook(report), lambda: build_workbook(merged)):
        ours = _parts(save_to_bytes(build()))
        stock = io.BytesIO()
        with monkeypatch.context() as patch:  # openpyxl's own write-only sheet: a temp file
            patch.setattr(StreamedSheet, "_get_writer", WriteOnlyWorksheet._get_writer)
            book = build()
            book.save(stock)
            if isinstance(book, StreamedWorkbook):
                book.close()  # its own package is left unused
        theirs = _parts(stock.getvalue())
        assert ours.keys() == theirs.keys()
        for name in ours:
            if name != "docProps/core.xml":  # holds the time of saving
                assert ours[name] == theirs[name], name


def _saved(folder: Path, data: bytes) -> Path:
    path = folder / "bericht.xlsx"
    path.write_bytes(data)
    return path


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


# -- real processes --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo caseload big enough that writing the workbook takes a noticeable moment."""
    folder = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KIMDESK_DATA_DIR", str(folder / "setup-data"))
        caseload = Caseload.create(folder / "demo.kimdesk", PASSWORD, PROFILE, today=lambda: TODAY)
        try:
            fill_demo(caseload, cases=300, seed=1, today=TODAY)
        finally:
            caseload.close()
    return folder / "demo.kimdesk"


class Sandbox:
    """Home, temp and data folder of a child process, all empty at the start."""

    def __init__(self, root: Path) -> None:
        self.home, self.temp, self.data, self.out = (
            root / name for name in ("home", "tmp", "data", "out")
        )
        for folder in (self.home, self.temp, self.data, self.out):
            folder.mkdir()

    @property
    def private(self) -> tuple[Path, Path, Path]:
        return self.home, self.temp, self.data

    def env(self) -> dict[str, str]:
        # No kimdesk settings of the test run, but its harness (clock, key derivation).
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("KIMDESK_", "XDG_")) or k.startswith("KIMDESK_TEST_")
        }
        return env | {
            "HOME": str(self.home),
            "TMPDIR": str(self.temp),
            "TEMP": str(self.temp),
            "TMP": str(self.temp),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "XDG_DATA_HOME": str(self.home / ".local" / "share"),
            "KIMDESK_DATA_DIR": str(self.data),
            "KIMDESK_PASSWORD": PASSWORD,
            "KIMDESK_EXPORT_PASSWORD": EXPORT_PASSWORD,
            "KIMDESK_LANG": "de",
        }

    def files(self, *folders: Path) -> list[Path]:
        """The files under ``folders`` (default: home, temp and data folder)."""
        return sorted(p for f in folders or self.private for p in f.rglob("*") if p.is_file())


def _export(sandbox: Sandbox, db: Path, name: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "kimdesk", "export-month", MONTH, "--db", str(db)]
    return subprocess.Popen(
        [*command, "--out", str(sandbox.out / name), "--encrypt"],
        env=sandbox.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _run_until(child: subprocess.Popen[bytes], sandbox: Sandbox, seconds: float) -> float:
    """Let the child run for ``seconds``, but kill it at once when a file appears where none
    should; the seconds it ran."""
    start = time.monotonic()
    while child.poll() is None and time.monotonic() - start < seconds:
        if sandbox.files():
            break
        time.sleep(0.002)
    ran = time.monotonic() - start
    if child.poll() is None:
        child.kill()  # SIGKILL: no cleanup, no atexit
    child.communicate()
    return ran


def _assert_nothing_plain(sandbox: Sandbox) -> None:
    assert sandbox.files() == [], "files left in home, temp or data folder"
    for path in sandbox.files(*sandbox.private, sandbox.out):
        content = path.read_bytes()
        assert not content.startswith(b"PK\x03\x04"), path.name  # an unencrypted .xlsx
        assert not any(marker in content for marker in PLAIN_MARKERS), path.name


def test_a_killed_export_leaves_nothing_unencrypted(demo_db: Path, tmp_path: Path) -> None:
    sandbox = Sandbox(tmp_path)
    first = _export(sandbox, demo_db, "r0.xlsx")
    whole = _run_until(first, sandbox, seconds=120)
    _assert_nothing_plain(sandbox)
    assert first.returncode == 0
    assert (sandbox.out / "r0.xlsx").read_bytes().startswith(OLE_MAGIC)

    # The workbook is written in the last part of the run (after start-up and unlocking);
    # kill at several moments there.
    for round_, share in enumerate((0.65, 0.8, 0.92), start=1):
        child = _export(sandbox, demo_db, f"r{round_}.xlsx")
        _run_until(child, sandbox, seconds=whole * share)
        _assert_nothing_plain(sandbox)


_LOOP = """
import os
import sys
from pathlib import Path
from kimdesk.caseload import Caseload
from kimdesk.report import export_month
db, out, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
caseload = Caseload.open(db, os.environ["KIMDESK_PASSWORD"])
for n in range(rounds):
    target = out.with_name(f"{out.stem}-{n}.xlsx")
    export_month(caseload, "2026-11", target, password=os.environ["KIMDESK_EXPORT_PASSWORD"])
caseload.close()
"""


def test_two_exports_at_once_in_two_processes(demo_db: Path, tmp_path: Path) -> None:
    sandbox = Sandbox(tmp_path)
    # Several exports in each process, so that their writing steps surely overlap.
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _LOOP, str(demo_db), str(sandbox.out / name), "2"],
            env=sandbox.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for name in ("a.xlsx", "b.xlsx")
    ]
    errors = [child.communicate(timeout=120)[1].decode(errors="replace") for child in children]
    assert [child.returncode for child in children] == [0, 0], errors
    outputs = sorted(sandbox.out.iterdir())
    assert [p.name for p in outputs] == [f"{x}-{n}.xlsx" for x in "ab" for n in range(2)]
    for path in outputs:
        assert msoffcrypto.OfficeFile(io.BytesIO(path.read_bytes())).is_encrypted()
        book = load_workbook(io.BytesIO(decrypt_workbook(path.read_bytes(), EXPORT_PASSWORD)))
        assert book["Fälle"].max_row > 100
    _assert_nothing_plain(sandbox)
