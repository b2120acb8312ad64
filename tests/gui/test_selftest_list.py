"""`kimdesk selftest` times the case list as it is shown: the page that loads the cases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kimdesk.caseload import Caseload
from kimdesk.gui import selftest
from kimdesk.gui.case_list import CaseListPage
from tests.conftest import PASSWORD, TODAY


def test_the_case_list_timing_covers_loading_the_list(
    qtbot: Any, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[int] = []
    original_set_rows = CaseListPage.set_rows
    monkeypatch.setattr(
        CaseListPage,
        "set_rows",
        lambda page, rows, *args: (loads.append(len(rows)), original_set_rows(page, rows, *args)),
    )
    during: dict[str, list[int]] = {}
    original_timed = selftest._timed

    def timed(timings: dict[str, float], name: str, work: Callable[[], Any]) -> Any:
        before = len(loads)
        result = original_timed(timings, name, work)
        during[name] = loads[before:]
        return result

    monkeypatch.setattr(selftest, "_timed", timed)
    caseload = Caseload.open(demo_file, PASSWORD, today=lambda: TODAY)
    try:
        result = selftest.run_selftest(caseload)
    finally:
        caseload.close()
    assert during["case_list_ms"] == [result["cases"]] and result["cases"] == 40
