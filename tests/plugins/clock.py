"""Run the tests on another day: ``KIMDESK_TEST_CLOCK=2028-02-29T12:00`` moves the clock.

The suite must pass on any calendar day; ``python3 tasks.py test`` runs the unit tests again
with the clock on the days that have broken date code before (the 1st, the 25th, New Year's
Day, a leap day, one minute before midnight on New Year's Eve). time-machine moves
``date.today()``, ``datetime.now()`` and ``time.time()`` of this process, and through
``child_process/sitecustomize.py`` those of the Python child processes it starts (the tests
that run ``kimdesk`` as a command), by the same offset, so parent and child share one day.
"""

from __future__ import annotations

import os
import time
from datetime import datetime

import pytest

from tests.plugins.fast_kdf import add_child_process_path

CLOCK_VARIABLE = "KIMDESK_TEST_CLOCK"
OFFSET_VARIABLE = "KIMDESK_TEST_CLOCK_OFFSET"

_traveller = None


def moved_clock() -> datetime | None:
    value = os.environ.get(CLOCK_VARIABLE, "").strip()
    if not value:
        return None
    try:
        # Naive times are local wall-clock times, as a case manager would read them.
        return datetime.fromisoformat(value).astimezone()
    except ValueError:
        raise pytest.UsageError(f"{CLOCK_VARIABLE}={value!r} is not an ISO date or time") from None


def pytest_configure(config: pytest.Config) -> None:
    global _traveller
    destination = moved_clock()
    if destination is None:
        return
    import time_machine

    offset = destination.timestamp() - time.time()
    _traveller = time_machine.travel(destination, tick=True)
    _traveller.start()
    os.environ[OFFSET_VARIABLE] = repr(offset)
    add_child_process_path()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None


def pytest_report_header(config: pytest.Config) -> str | None:
    destination = moved_clock()
    return f"kimdesk: clock moved to {destination.isoformat()}" if destination else None
