"""The residence status of each case for the monthly report: the residence assessment's
choice, or the residence title of the latest finished cover sheet, whichever is more recent.

Only labels of the assessment's fixed list reach the report, never the cover sheet's free
text: a title that is none of them counts as "Sonstiges".
"""

from __future__ import annotations

from datetime import date

from kimdesk.carry_forward import RESIDENCE_STATUS, residence_status_key
from kimdesk.caseload import Caseload
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.report import privacy
from kimdesk.store.month_forms import MonthForms, read_month_forms


def residence_statuses(
    caseload: Caseload, end: date, *, forms: MonthForms | None = None
) -> dict[int, str]:
    """Case id -> the label of its residence status known at ``end`` (cases without one are
    left out: the report shows "unbekannt" for them); ``forms``: the month's forms (ending
    on ``end``) if the report has read them already."""
    status = caseload.forms.assessment(LifeDomain.RESIDENCE).field(RESIDENCE_STATUS)
    forms = forms or read_month_forms(caseload.db, end, end)
    # A few distinct titles and keys stand on thousands of sheets: each is matched to its
    # label once (matching normalises every option's wording), not once per sheet.
    title_labels: dict[str, str | None] = {}
    key_labels: dict[object, str] = {}

    def title_label(title: str) -> str | None:
        if title not in title_labels:
            key = residence_status_key(title, status)
            title_labels[title] = None if key is None else status.option_label(key)
        return title_labels[title]

    def key_label(key: object) -> str:
        if key not in key_labels:
            known = key in status.option_keys
            key_labels[key] = status.option_label(str(key)) if known else privacy.UNKNOWN
        return key_labels[key]

    # (date, source rank, label): on the same day the assessment, asked in detail, wins.
    latest: dict[int, tuple[date, int, str]] = {}
    for case_id, on, title in forms.residence_titles:
        label = title_label(str(title or ""))
        if label is not None:
            _keep(latest, case_id, (on, 0, label))
    for case_id, on, key in forms.residence_keys:
        if key:
            _keep(latest, case_id, (on, 1, key_label(key)))
    return {case_id: label for case_id, (_on, _rank, label) in latest.items()}


def _keep(
    latest: dict[int, tuple[date, int, str]], case_id: int, entry: tuple[date, int, str]
) -> None:
    # rows come by date: a later row of the same rank replaces an earlier one
    if case_id not in latest or entry[:2] >= latest[case_id][:2]:
        latest[case_id] = entry
