"""Moves the clock of a Python child process by the offset the test run set.

tests/plugins/clock.py puts this folder on PYTHONPATH when the clock is moved, so that a
``kimdesk`` command started by a test lives on the same day as the test itself. Test harness
only: never on the path of the application.
"""

import os

_offset = os.environ.get("KIMDESK_TEST_CLOCK_OFFSET")
if _offset:
    import time

    import time_machine

    time_machine.travel(time.time() + float(_offset), tick=True).start()
