"""The audit log as the application uses it: unlocking with the count of failed attempts,
PDFs with personal data, names of the entries for people, and the viewer's filter.

No entry holds personal data: actions are fixed keys, details are counts, document ids and
dates; the case is referred to by its internal id only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kimdesk.caseload import Caseload
from kimdesk.errors import WrongPassword
from kimdesk.i18n import _, ngettext
from kimdesk.store.audit_chain import ChainReport, LoggedEntry, logged_entries, verify_chain
from kimdesk.unlock_attempts import clear_failed_unlocks, failed_unlocks, note_failed_unlock

UNLOCKED = "caseload.unlocked"
PDF_PRINTED = "pdf.printed"
PDF_SAVED = "pdf.saved"
_FAILED = re.compile(r"\bfailed_attempts=(\d+)\b")


def unlock_caseload(
    path: Path, password: str, *, today: Callable[[], date] = date.today, record: bool = True
) -> Caseload:
    """Open the caseload, counting a wrong password; a successful unlock is logged with the
    wrong passwords given since the last one (``record=False``: counted, not logged)."""
    try:
        caseload = Caseload.open(path, password, today=today)
    except WrongPassword:
        note_failed_unlock(path)
        raise
    if not record:
        return caseload
    failed = failed_unlocks(path)
    detail = f"failed_attempts={failed}" if failed else ""
    try:
        with caseload.db.transaction():
            caseload.repo.append_audit(UNLOCKED, None, detail)
    except BaseException:
        caseload.close()
        raise
    clear_failed_unlocks(path)  # only once the count is in the log
    return caseload


def record_pdf(
    caseload: Caseload, *, document_id: str, case_id: int | None, printed: bool
) -> None:
    """Note that a PDF with a case's data was printed or saved; blank ones hold none."""
    if case_id is None:
        return
    with caseload.db.transaction():
        caseload.repo.append_audit(PDF_PRINTED if printed else PDF_SAVED, case_id, document_id)


def audit_view(caseload: Caseload) -> tuple[list[LoggedEntry], ChainReport]:
    """Every entry for the viewer, and whether the chain is intact."""
    return logged_entries(caseload.db), verify_chain(caseload.db)


def filter_entries(
    entries: Iterable[LoggedEntry],
    *,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[LoggedEntry]:
    """The entries of one kind (None: all) between two days, both included."""
    chosen = []
    for entry in entries:
        if action is not None and entry.action != action:
            continue
        if since is not None or until is not None:
            day = _day(entry.at)
            if day is None or (since and day < since) or (until and day > until):
                continue
        chosen.append(entry)
    return chosen


def _day(at: str) -> date | None:
    try:
        return date.fromisoformat(str(at)[:10])
    except ValueError:
        return None


def action_labels() -> dict[str, str]:
    """German names of the actions kimdesk writes; others are shown by their key."""
    return {
        "caseload.created": _("Caseload created"),
        UNLOCKED: _("Caseload unlocked"),
        "password.changed": _("Password changed"),
        "profile.updated": _("Settings changed"),
        "case.opened": _("Case opened"),
        "case.phase": _("Phase changed"),
        "person.updated": _("Personal data changed"),
        "consent.recorded": _("Consent recorded"),
        "consent.withdrawn": _("Consent withdrawn"),
        "form.saved": _("Form saved"),
        "form.discarded": _("Form discarded"),
        "form.correction_started": _("Form correction started"),
        "form.corrected": _("Form corrected"),
        "contact.added": _("Contact recorded"),
        "contact.attempted": _("Contact attempt recorded"),
        "contact.corrected": _("Contact corrected"),
        "contact.removed": _("Contact removed"),
        "goal.added": _("Goal agreed"),
        "referral.added": _("Referral recorded"),
        "referral.corrected": _("Referral corrected"),
        "referral.removed": _("Referral removed"),
        "referral.status": _("Referral status changed"),
        "referral.status_undone": _("Referral status change undone"),
        "service.added": _("Service added"),
        "service.corrected": _("Service corrected"),
        "service.removed": _("Service removed"),
        "service.deactivated": _("Service deactivated"),
        "service.activated": _("Service active again"),
        "services.exported": _("Service directory exported"),
        "services.imported": _("Service directory imported"),
        "report.exported": _("Monthly report exported"),
        "import": _("Caseload list imported"),
        "demo.filled": _("Demo data written"),
        PDF_PRINTED: _("Printed"),
        PDF_SAVED: _("Saved as PDF"),
        "backup.created": _("Backup made"),
        "backup.restored": _("Backup restored"),
        "handover.exported": _("Case handed over (file written)"),
        "handover.imported": _("Case taken over"),
        "handover.confirmed": _("Handover confirmed"),
        "person.erased": _("Person erased"),
    }


def action_label(action: str, detail: str = "") -> str:
    """The entry's name for people; an unlock after failed attempts says how many."""
    if action == UNLOCKED:
        match = _FAILED.search(detail)
        if match and int(match.group(1)):
            n = int(match.group(1))
            return ngettext(
                "Caseload unlocked after {n} failed attempt",
                "Caseload unlocked after {n} failed attempts",
                n,
            ).format(n=n)
    return action_labels().get(action, action)


@dataclass(frozen=True)
class Kind:
    """A choice of the viewer's filter: an action key and its name."""

    action: str
    label: str


def kinds(entries: Iterable[LoggedEntry]) -> list[Kind]:
    """The kinds of entry present, by name."""
    labels = action_labels()
    present = {entry.action for entry in entries}
    return sorted((Kind(a, labels.get(a, a)) for a in present), key=lambda k: k.label.lower())
