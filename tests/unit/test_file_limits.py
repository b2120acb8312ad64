"""Hostile files: a zip bomb, an endless sheet, an oversized list are refused before parsing."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kimdesk.caseload import Caseload
from kimdesk.file_limits import MAX_COLUMNS, MAX_ROWS, FileTooLarge
from kimdesk.importer import read_rows
from kimdesk.report.merge import read_report
from tests.conftest import PASSWORD, PROFILE

SHEET = "xl/worksheets/sheet1.xml"
ROW = b'<row><c t="inlineStr"><is><t>Mustermann</t></is></c></row>'


def workbook_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bomb(path: Path, *, megabytes: int, level: int) -> Path:
    """A real workbook whose sheet unpacks to ``megabytes`` of rows from a small file."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes([["Nachname", "Vorname"]])))
    chunk = ROW * (1024 * 1024 // len(ROW))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            if part.filename != SHEET:
                target.writestr(part, source.read(part))
                continue
            info = zipfile.ZipInfo(SHEET)
            info.compress_type = zipfile.ZIP_DEFLATED
            info._compresslevel = level  # type: ignore[attr-defined]
            with target.open(info, "w", force_zip64=True) as handle:
                handle.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/'
                             b'spreadsheetml/2006/main"><sheetData>')
                for _ in range(megabytes):
                    handle.write(chunk)
                handle.write(b"</sheetData></worksheet>")
    return path


@pytest.fixture(scope="module")
def big_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 MB of sheet in ~2 MB: over the unpacked limit (and packed 130 : 1)."""
    return bomb(tmp_path_factory.mktemp("bomb") / "liste.xlsx", megabytes=300, level=1)


def test_a_zip_bomb_is_refused_before_parsing_with_little_memory(big_bomb: Path) -> None:
    assert big_bomb.stat().st_size < 5 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(FileTooLarge) as refused:
            read_rows(big_bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "entpackt" in str(refused.value) or "entpacken" in str(refused.value)
    assert "256 MB" in str(refused.value)
    assert peak < 10 * 1024 * 1024  # nothing was unpacked


def test_a_tightly_packed_sheet_under_the_size_limit_is_refused(tmp_path: Path) -> None:
    small = bomb(tmp_path / "liste.xlsx", megabytes=20, level=9)  # ~1000 : 1
    with pytest.raises(FileTooLarge):
        read_rows(small)


def test_an_ordinary_large_list_is_read(tmp_path: Path) -> None:
    rows = [["Nachname", "Vorname", "Wohnort"]]
    rows += [[f"Name{i}", "Anna", "Solingen"] for i in range(5_000)]
    path = tmp_path / "liste.xlsx"
    path.write_bytes(workbook_bytes(rows))
    assert len(read_rows(path)) == 5_000


def test_a_sheet_with_too_many_rows_or_columns_is_refused(tmp_path: Path) -> None:
    wide = tmp_path / "breit.xlsx"
    wide.write_bytes(workbook_bytes([["Nachname", "Vorname"], ["x"] * (MAX_COLUMNS + 1)]))
    with pytest.raises(FileTooLarge, match="Spalten"):
        read_rows(wide)
    long = tmp_path / "lang.csv"
    long.write_text("Nachname;Vorname\n" + "Muster;Anna\n" * MAX_ROWS, encoding="utf-8")
    with pytest.raises(FileTooLarge, match="Zeilen"):
        read_rows(long)


def test_an_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "liste.csv"
    with huge.open("wb") as handle:  # sparse: no real disk use
        handle.truncate(101 * 1024 * 1024)
    with pytest.raises(FileTooLarge, match="größer als 100 MB"):
        read_rows(huge)


def test_merge_refuses_a_bomb_as_an_input(big_bomb: Path, tmp_path: Path) -> None:
    report = tmp_path / "KIM-CM_Monatsbericht_2026-11_XY.xlsx"
    report.write_bytes(big_bomb.read_bytes())
    with pytest.raises(FileTooLarge) as refused:
        read_report(report)
    assert refused.value.exit_code == 2
    assert str(refused.value).startswith(report.name)


def test_the_command_line_refuses_a_bomb_with_exit_2_and_imports_nothing(
    big_bomb: Path, db_path: Path
) -> None:
    Caseload.create(db_path, PASSWORD, PROFILE).close()
    env = dict(os.environ, KIMDESK_PASSWORD=PASSWORD, KIMDESK_LANG="de")
    result = subprocess.run(
        [sys.executable, "-m", "kimdesk", "import", "--db", str(db_path), str(big_bomb)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "schützen" in output and "Traceback" not in output
    caseload = Caseload.open(db_path, PASSWORD)
    try:
        assert caseload.cases() == []
    finally:
        caseload.close()
