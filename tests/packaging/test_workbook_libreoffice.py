"""LibreOffice prints the monthly and the district workbook with the overview on one landscape
page: its labels with their values and its charts on page 1, the next sheet from page 2 on.

LibreOffice (libreoffice-calc-nogui) and the Calibri-compatible Carlito
(fonts-crosextra-carlito) come with the project's set-up: without them the test fails, it is
not skipped. One soffice start converts both workbooks, with its own profile in tmp."""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from kimdesk.caseload import Caseload
from kimdesk.report import build_month_report, write_workbook
from kimdesk.report.merge import merge_reports, read_report, write_merged
from tests.conftest import PASSWORD, PROFILE, TODAY
from tests.unit.test_report_export import build_known

MONTH = "2026-11"
PACKAGES = "libreoffice-calc-nogui fonts-crosextra-carlito"
CHARTS = ("Kontakte nach Kontaktart", "Themen nach Lebensbereich", "Abschlüsse nach Art")
# The height pdftotext gives a word of the overview's 11 pt rows, scaled to the page: 7 pt is
# type of about 5.7 pt, the least that still reads on paper.
MIN_WORD_HEIGHT = 7.0
SOFFICE_SECONDS = 240
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
)
LINE_TOLERANCE = 2.0  # points between the middles of words on one line


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: apt-get install {PACKAGES} poppler-utils (tasks.py test)"
    return found


@dataclass(frozen=True)
class Printed:
    """A workbook as LibreOffice prints it, and the overview's (label, value) rows."""

    pdf: Path
    overview: str
    rows: list[tuple[str, Any]]
    next_sheet: str
    next_header: str  # the first column's header of the next sheet

    def page(self, number: int, *, layout: bool = True) -> str:
        flags = ["-layout"] if layout else []
        return run("pdftotext", *flags, "-f", str(number), "-l", str(number), str(self.pdf), "-")

    def lines(self, number: int) -> list[str]:
        """The words of a page grouped by their height on it, left to right: a label and
        the value beside it make one line, whatever the charts beside them do to -layout."""
        boxes = run("pdftotext", "-bbox", "-f", str(number), "-l", str(number), str(self.pdf), "-")
        words = sorted(
            ((float(y1) + float(y2)) / 2, float(x1), html.unescape(text))
            for x1, y1, y2, text in WORD.findall(boxes)
        )
        rows: list[list[tuple[float, float, str]]] = []
        for word in words:
            if rows and word[0] - rows[-1][0][0] < LINE_TOLERANCE:
                rows[-1].append(word)
            else:
                rows.append([word])
        return [" ".join(text for _y, _x, text in sorted(row, key=lambda w: w[1])) for row in rows]

    @property
    def pages(self) -> int:
        return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(self.pdf)), re.M)[1])


def run(*command: str) -> str:
    done = subprocess.run([tool(command[0]), *command[1:]], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return done.stdout.decode("utf-8")


def overview_rows(data: bytes, sheet: str) -> list[tuple[str, Any]]:
    book = load_workbook(io.BytesIO(data))
    return [
        (label, value)
        for label, value, *_rest in book[sheet].iter_rows(min_row=2, values_only=True)
        if isinstance(label, str) and value is not None
    ]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Printed]]:
    tmp = tmp_path_factory.mktemp("libreoffice")
    caseload = Caseload.create(tmp / "caseload.kimdesk", PASSWORD, PROFILE, today=lambda: TODAY)
    try:
        build_known(caseload)
        monthly = [
            write_workbook(build_month_report(caseload, MONTH, code=code)) for code in ("EB", "AK")
        ]
    finally:
        caseload.close()
    paths = []
    for code, data in zip(("eb", "ak"), monthly, strict=True):
        paths.append(tmp / f"monatsbericht_{code}.xlsx")
        paths[-1].write_bytes(data)
    district = write_merged(merge_reports(read_report(path) for path in paths))
    (tmp / "bezirk.xlsx").write_bytes(district)
    out = tmp / "pdf"
    done = subprocess.run(
        [
            tool("soffice"),
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(paths[0]),
            str(tmp / "bezirk.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=SOFFICE_SECONDS,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    yield {
        "monthly": Printed(
            out / f"{paths[0].stem}.pdf",
            "Übersicht",
            overview_rows(monthly[0], "Übersicht"),
            "Fälle",
            "Pseudonym",
        ),
        "district": Printed(
            out / "bezirk.pdf",
            "Bezirk",
            overview_rows(district, "Bezirk"),
            "Case Manager",
            "Kürzel",
        ),
    }


def shown(value: Any) -> list[str]:
    """How LibreOffice may print a cell's value (the decimal mark follows the locale)."""
    if isinstance(value, datetime):
        return [f"{value:%d.%m.%Y %H:%M}"]
    if isinstance(value, float):
        texts = [f"{value:g}", f"{value:.1f}", f"{value * 100:.1f} %"]
        return [t for text in texts for t in (text, text.replace(".", ","))]
    return [str(value)]


@pytest.mark.parametrize("workbook", ["monthly", "district"])
def test_the_overview_prints_on_one_landscape_page(
    printed: dict[str, Printed], workbook: str
) -> None:
    sheet = printed[workbook]
    assert sheet.pages >= 2
    size = run("pdfinfo", "-f", "1", "-l", "1", str(sheet.pdf))
    width, height = map(float, re.search(r"Page\s+1 size:\s+([\d.]+) x ([\d.]+)", size).groups())
    rotation = int(re.search(r"Page\s+1 rot:\s+(\d+)", size)[1])
    assert width > height and rotation % 180 == 0, size  # landscape A4
    assert round(width) == 842 and round(height) == 595, size

    # The footer names the sheet of each page: the overview is page 1 and only page 1.
    footers = [
        re.findall(r"(\S[^\n]*?) – (\d+)/(\d+)", sheet.page(n, layout=False))
        for n in range(1, sheet.pages + 1)
    ]
    assert footers[0] == [(sheet.overview, "1", str(sheet.pages))], footers[0]
    assert footers[1] and footers[1][-1][0] == sheet.next_sheet, footers[1]
    assert all(found[-1][0] != sheet.overview for found in footers[1:] if found)
    second = [line for line in sheet.page(2).splitlines() if line.strip()]
    assert any(sheet.next_header in line for line in second[:3]), second[:3]

    # Every label with its value beside it (on the same line), and the three charts, which
    # therefore pushed nothing onto a further page.
    first = sheet.lines(1)
    for label, value in sheet.rows:
        lines = [line for line in first if label in line]
        assert lines, f"{label!r} is not on page 1 (or cut off)"
        after = [line.split(label, 1)[1].split() for line in lines]
        candidates = {" ".join(words[:n]) for words in after for n in (1, 2, 3)}
        assert candidates & set(shown(value)), (label, value, lines)
    plain = sheet.page(1, layout=False)
    for title in CHARTS:
        assert title in plain, title


@pytest.mark.parametrize("workbook", ["monthly", "district"])
def test_the_overview_is_printed_large_enough_to_read(
    printed: dict[str, Printed], workbook: str
) -> None:
    sheet = printed[workbook]
    fonts = run("pdffonts", str(sheet.pdf))
    assert "Carlito" in fonts, f"Calibri printed without Carlito: apt-get install {PACKAGES}"
    boxes = run("pdftotext", "-f", "1", "-l", "1", "-bbox", str(sheet.pdf), "-")
    heights = [
        float(y2) - float(y1)
        for y1, y2, word in re.findall(
            r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)</word>', boxes
        )
        if word == "Monat"  # a label of the overview's normal rows, in both workbooks
    ]
    assert heights and min(heights) >= MIN_WORD_HEIGHT, heights
