"""The synthetic demo caseload: its generator, and the demo file offered at the first start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kimdesk.caseload import Caseload
from kimdesk.demo.generator import DemoSummary, fill_demo
from kimdesk.domain.records import Profile
from kimdesk.errors import WrongPassword
from kimdesk.store.database import remove_caseload_files

__all__ = [
    "DEMO_CASES",
    "DEMO_PASSWORD",
    "DEMO_PROFILE",
    "DEMO_SEED",
    "DemoSummary",
    "fill_demo",
    "open_demo",
]

DEMO_PASSWORD = "demo-laterne-tulpe"  # shown to everybody; it must still pass the rule
# The demo's password before the password rule (kimdesk.passwords) refused it.
OLD_DEMO_PASSWORD = "demo-kimdesk"
DEMO_CASES = 60
DEMO_SEED = 1
DEMO_PROFILE = Profile(
    case_manager="Demo-Case-Manager*in",
    organisation="Demo-Träger",
    municipality="Musterstadt",
    full_time_share=1.0,
    coordination_email="koordination@example.org",
    is_demo=True,
    organisation_address="Musterstraße 1, 12345 Musterstadt",
    data_protection_officer="Datenschutzbeauftragte*r der Demo-Stadt, datenschutz@demo.example",
)


def open_demo(path: Path, *, progress: Callable[[int, int], None] | None = None) -> Caseload:
    """Open the demo caseload at ``path``, creating and filling it on first use.

    A demo that fails half-way is removed again, so the next attempt starts clean.
    """
    if path.exists():
        try:
            return Caseload.open(path, DEMO_PASSWORD)
        except WrongPassword:
            # A demo made by an older kimdesk: give it the password the dialogs show.
            caseload = Caseload.open(path, OLD_DEMO_PASSWORD)
            try:
                caseload.change_password(DEMO_PASSWORD)
            except BaseException:
                caseload.close()
                raise
            return caseload
    caseload = Caseload.create(path, DEMO_PASSWORD, DEMO_PROFILE)
    try:
        fill_demo(caseload, cases=DEMO_CASES, seed=DEMO_SEED, progress=progress)
    except BaseException:
        caseload.close()
        remove_caseload_files(path)
        raise
    return caseload
