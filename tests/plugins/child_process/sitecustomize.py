"""Gives a Python child process of the tests the test run's clock and key derivation.

tests/plugins/clock.py and tests/plugins/fast_kdf.py put this folder on PYTHONPATH, so that
a ``kimdesk`` command started by a test lives on the same day as the test itself and opens
the caseloads the test made. Test harness only: never on the path of the application.
"""

import os

_offset = os.environ.get("KIMDESK_TEST_CLOCK_OFFSET")
if _offset:
    import time

    import time_machine

    time_machine.travel(time.time() + float(_offset), tick=True).start()

_kdf_iterations = os.environ.get("KIMDESK_TEST_KDF_ITER")
if _kdf_iterations:
    import sqlcipher3

    sqlcipher3.connect(":memory:").execute(
        f"PRAGMA cipher_default_kdf_iter = {int(_kdf_iterations)}"
    )
