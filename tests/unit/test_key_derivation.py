"""kimdesk keys caseloads and handover files at full cost; only the test harness lowers it.

tests/plugins/fast_kdf.py makes the test run cheaper; these tests make sure the application
itself, started without that harness, uses SQLCipher 4's 256,000 PBKDF2 iterations and the
handover file's full scrypt cost, so that the speed-up can never reach a case manager.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from kimdesk.lifecycle import handover_file
from tests.conftest import PASSWORD
from tests.plugins.fast_kdf import KDF_VARIABLE, TEST_KDF_ITERATIONS

REPO = Path(__file__).resolve().parents[2]
CHILD = """
import sys
from pathlib import Path
from kimdesk.caseload import Caseload
from kimdesk.domain.records import Profile
from kimdesk.lifecycle import handover_file

password = sys.argv[3]
profile = Profile(
    case_manager="A", organisation="B", municipality="C", full_time_share=1, coordination_email=""
)
Caseload.create(Path(sys.argv[1]), password, profile).close()
Path(sys.argv[2]).write_bytes(handover_file.seal({"format": "kimdesk-handover"}, password))
"""


@pytest.fixture(scope="module")
def made_without_harness(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A caseload and a handover file made by kimdesk in a process without the harness."""
    folder = tmp_path_factory.mktemp("full-cost")
    caseload, handover = folder / "caseload.kimdesk", folder / "case.kimhandover"
    env = {k: v for k, v in os.environ.items() if k not in {KDF_VARIABLE, "PYTHONPATH"}}
    env["PYTHONPATH"] = str(REPO)  # kimdesk, not the harness's folder
    subprocess.run(
        [sys.executable, "-c", CHILD, str(caseload), str(handover), PASSWORD],
        check=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    return caseload, handover


def opens_with(path: Path, iterations: int) -> bool:
    conn = sqlcipher3.connect(str(path))
    try:
        conn.set_key(PASSWORD)
        conn.execute(f"PRAGMA kdf_iter = {iterations}")
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def test_the_application_keys_a_caseload_with_256000_iterations(
    made_without_harness: tuple[Path, Path],
) -> None:
    caseload, _ = made_without_harness
    assert opens_with(caseload, 256_000)
    assert not opens_with(caseload, TEST_KDF_ITERATIONS)


def test_the_application_seals_a_handover_file_at_full_scrypt_cost(
    made_without_harness: tuple[Path, Path],
) -> None:
    _, handover = made_without_harness
    log_n = handover_file._HEADER.unpack_from(handover.read_bytes())[2]
    assert 2**log_n == 2**17  # 128 MiB of memory per guess


def test_the_test_run_itself_uses_the_cheap_derivation(db_path: Path) -> None:
    """What makes the suite fast: the harness is in force in the tests (and their children)."""
    from kimdesk.caseload import Caseload
    from tests.conftest import PROFILE

    Caseload.create(db_path, PASSWORD, PROFILE).close()
    assert opens_with(db_path, TEST_KDF_ITERATIONS)
    assert os.environ[KDF_VARIABLE] == str(TEST_KDF_ITERATIONS)
