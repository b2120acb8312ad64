"""The residence status of each case for the monthly report: the residence assessment's
choice, or the residence title of the latest finished cover sheet, whichever is more recent.

Only labels of the assessment's fixed list reach the report, never the cover sheet's free
text: a title that is none of them counts as "Sonstiges".
"""

from __future__ import annotations

from datetime import date

from kimdesk.carry_forward import COVER_RESIDENCE, RESIDENCE_STATUS, residence_status_key
from kimdesk.caseload import Caseload
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.report import privacy


def residence_statuses(caseload: Caseload, end: date) -> dict[int, str]:
    """Case id -> the label of its residence status known at ``end`` (cases without one are
    left out: the report shows "unbekannt" for them)."""
    status = caseload.forms.assessment(LifeDomain.RESIDENCE).field(RESIDENCE_STATUS)
    repo = caseload.repo
    # (date, source rank, label): on the same day the assessment, asked in detail, wins.
    latest: dict[int, tuple[date, int, str]] = {}
    for case_id, on, title in repo.report_form_values(
        "cover_sheet", None, end, f"$.{COVER_RESIDENCE}", final_only=True
    ):
        key = residence_status_key(str(title or ""), status)
        if key is not None:
            _keep(latest, case_id, (on, 0, status.option_label(key)))
    for case_id, on, key in repo.report_form_values(
        "assessment", None, end, f"$.{RESIDENCE_STATUS}", domain=LifeDomain.RESIDENCE.value
    ):
        if key:
            label = status.option_label(key) if key in status.option_keys else privacy.UNKNOWN
            _keep(latest, case_id, (on, 1, label))
    return {case_id: label for case_id, (_on, _rank, label) in latest.items()}


def _keep(
    latest: dict[int, tuple[date, int, str]], case_id: int, entry: tuple[date, int, str]
) -> None:
    # rows come by date: a later row of the same rank replaces an earlier one
    if case_id not in latest or entry[:2] >= latest[case_id][:2]:
        latest[case_id] = entry
