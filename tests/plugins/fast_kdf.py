"""Cheaper key derivation for the test run, like Django's fast password hasher in tests.

kimdesk keys every caseload with SQLCipher 4's PBKDF2-HMAC-SHA512 at 256,000 iterations:
~0.15 s per opened connection, on purpose. A test run opens thousands, and half of the unit
tests' time went there. The tests set SQLCipher's process-wide default to 4,000 iterations
(still real encryption, the same code path: kimdesk sets no iteration count of its own) and
hand it to their Python child processes through ``child_process/sitecustomize.py``; the
handover files' scrypt cost goes down the same way (it is stored in each file's header).
tests/unit/test_key_derivation.py proves that kimdesk itself, without this harness, keys with
256,000 iterations and writes handover files at scrypt's full cost.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlcipher3

KDF_VARIABLE = "KIMDESK_TEST_KDF_ITER"
TEST_KDF_ITERATIONS = 4_000
TEST_SCRYPT_LOG_N = 10  # the lowest a handover file may state
CHILD_PROCESS = Path(__file__).resolve().parent / "child_process"


def install() -> None:
    """For this process and the Python processes it starts."""
    sqlcipher3.connect(":memory:").execute(
        f"PRAGMA cipher_default_kdf_iter = {TEST_KDF_ITERATIONS}"
    )
    from kimdesk.lifecycle import handover_file

    handover_file.SCRYPT_LOG_N = TEST_SCRYPT_LOG_N
    os.environ[KDF_VARIABLE] = str(TEST_KDF_ITERATIONS)
    add_child_process_path()


def add_child_process_path() -> None:
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if str(CHILD_PROCESS) not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(CHILD_PROCESS), *paths]))
