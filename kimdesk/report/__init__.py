"""The pseudonymised monthly report for the coordinating office: gather, check, write.

``export_month`` is the one call the GUI and the command line need.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kimdesk.caseload import Caseload
from kimdesk.errors import BadInput
from kimdesk.i18n import _
from kimdesk.passwords import check_new_password, profile_words
from kimdesk.report.month import MonthReport, build_month_report, initials, parse_month
from kimdesk.report.privacy import ReportLeak
from kimdesk.report.sending import (
    draft_body,
    draft_subject,
    encrypt_workbook,
    open_with_mail_program,
    write_atomically,
    write_eml_draft,
)
from kimdesk.report.workbook import month_title, write_workbook

__all__ = [
    "ExportResult",
    "MonthReport",
    "ReportLeak",
    "build_month_report",
    "encrypt_workbook",
    "export_month",
    "initials",
    "open_with_mail_program",
    "parse_month",
    "write_eml_draft",
    "write_workbook",
]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: dict[str, int]
    encrypted: bool
    draft: Path | None = None


def export_month(
    caseload: Caseload,
    month: str,
    out: Path,
    *,
    password: str | None = None,
    code: str | None = None,
    eml: Path | None = None,
) -> ExportResult:
    """Write the month's workbook to ``out`` (encrypted if a password is given), optionally
    an e-mail draft carrying it, and note the export in the audit log.

    The leak check runs before anything is written; with a password, the plain workbook
    exists only in memory.
    """
    if out.exists():
        raise BadInput(
            _("The file {name} exists already; choose another name.").format(name=out.name)
        )
    if eml is not None and eml.exists():
        raise BadInput(
            _("The file {name} exists already; choose another name.").format(name=eml.name)
        )
    if password is not None:  # the caseload's rule, so that one rule holds for both
        check_new_password(password, user_inputs=profile_words(caseload.profile()))
    report = build_month_report(caseload, month, code=code)
    data = write_workbook(report)
    if password:
        data = encrypt_workbook(data, password)
    try:
        write_atomically(out, data)
    except FileExistsError:
        raise BadInput(
            _("The file {name} exists already; choose another name.").format(name=out.name)
        ) from None
    if eml is not None:
        title = month_title(report.month)
        write_eml_draft(
            eml,
            to=report.coordination_email,
            subject=draft_subject(title, report.code),
            body=draft_body(title, encrypted=bool(password), sender=report.case_manager),
            attachment_name=out.name,
            attachment_bytes=data,
        )
    rows = report.row_counts()
    caseload.record_report_export(report.month, out.name, rows)
    return ExportResult(out, rows, bool(password), eml)
