"""A caseload of 3,000 demo cases for the list and overview tests, generated once per test
session (kimdesk.demo, fixed seed, injected day) and copied for every test that opens it, so
a test may write to its copy.

Import the fixture functions into a test module (``large_caseload_fixture``,
``open_large_fixture`` and ``large_caseload_file_fixture``, which both need); the tests then
ask for ``large_caseload`` or ``open_large`` by name.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.demo import DEMO_PROFILE, fill_demo
from kimdesk.store.database import caseload_files
from tests.conftest import PASSWORD, TODAY

LARGE_CASES = 3_000
LARGE_SEED = 14
OpenLarge = Callable[..., Caseload]


# Each test module that imports the fixture gets a session fixture of its own; this keeps the
# generation to once per session all the same.
_generated: dict[str, Path] = {}


@pytest.fixture(scope="session", name="large_caseload_file")
def large_caseload_file_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated file; never opened for writing (tests get copies)."""
    if "file" not in _generated:
        _generated["file"] = generate(tmp_path_factory.mktemp("large-caseload"))
    return _generated["file"]


def generate(folder: Path) -> Path:
    path = folder / "large.kimdesk"
    started = time.perf_counter()
    caseload = Caseload.create(path, PASSWORD, DEMO_PROFILE, today=lambda: TODAY)
    try:
        fill_demo(caseload, cases=LARGE_CASES, seed=LARGE_SEED, today=TODAY)
    finally:
        caseload.close()
    # Reported, not asserted: the time depends on the machine (about 15–20 s on two cores).
    print(f"\n{LARGE_CASES} demo cases generated in {time.perf_counter() - started:.1f} s")
    return path


@pytest.fixture(name="open_large")
def open_large_fixture(large_caseload_file: Path, tmp_path: Path) -> Iterator[OpenLarge]:
    """Opens this test's own copy of the large caseload on ``today`` (TODAY by default; a
    callable for a test that lets days pass)."""
    target = tmp_path / "large.kimdesk"
    for source in caseload_files(large_caseload_file):
        if source.exists():
            shutil.copyfile(source, tmp_path / source.name)
    opened: list[Caseload] = []

    def open_copy(*, today: date | Callable[[], date] = TODAY) -> Caseload:
        clock = today if callable(today) else (lambda: today)
        caseload = Caseload.open(target, PASSWORD, today=clock)
        opened.append(caseload)
        return caseload

    yield open_copy
    for caseload in opened:
        caseload.close()


@pytest.fixture(name="large_caseload")
def large_caseload_fixture(open_large: OpenLarge) -> Caseload:
    """This test's copy of the 3,000 demo cases, on TODAY."""
    return open_large()
