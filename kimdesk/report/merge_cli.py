"""The command `kimdesk merge-reports`: the coordinating office's district overview.

Passwords for encrypted reports come from a file (one per line, tried in turn) or from
KIMDESK_EXPORT_PASSWORD, never from an argument.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from kimdesk.errors import BadInput
from kimdesk.i18n import _, ngettext

EXPORT_PASSWORD_ENV = "KIMDESK_EXPORT_PASSWORD"


def add_merge_parser(sub: Any, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add `merge-reports` to the subcommands.

    `common` is accepted for a uniform hook but not used as a parent: merging needs no
    caseload (--db), and its --password-file means the reports' passwords.
    """
    from kimdesk.cli_parser import add_command

    del common
    p = add_command(
        sub,
        "merge-reports",
        help=_("merge the monthly reports of several case managers into one district overview"),
        examples=["kimdesk merge-reports bericht_eb.xlsx bericht_mk.xlsx --out bezirk.xlsx"],
    )
    p.add_argument("files", type=Path, nargs="+", metavar=_("FILE"), help=_("the monthly reports"))
    p.add_argument(
        "--out", type=Path, required=True, metavar="BEZIRK.xlsx", help=_("where to write it")
    )
    p.add_argument(
        "--password-file",
        type=Path,
        metavar="F",
        # SUPPRESS keeps an option given before the command from being overwritten.
        default=argparse.SUPPRESS,
        help=_(
            "passwords for encrypted reports, one per line, tried in turn (or set {name})"
        ).format(name=EXPORT_PASSWORD_ENV),
    )
    p.set_defaults(handler=cmd_merge_reports)
    return p


def report_passwords(file: Path | None) -> list[str]:
    """The passwords to try: the file's lines, then the environment variable."""
    passwords: list[str] = []
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            raise BadInput(_("The password file cannot be read.")) from None
        passwords += [line for line in text.splitlines() if line.strip()]
        if not passwords:
            raise BadInput(_("The password file is empty."))
    if os.environ.get(EXPORT_PASSWORD_ENV):
        passwords.append(os.environ[EXPORT_PASSWORD_ENV])
    return passwords


def cmd_merge_reports(args: argparse.Namespace) -> int:
    # openpyxl, PIL and lxml come with the merge: not loaded for every command (nor the GUI)
    from kimdesk.report.merge import (
        merge_reports,
        month_title,
        read_report,
        save_atomically,
        write_merged,
    )

    out: Path = args.out
    files: list[Path] = list(args.files)
    if out.suffix.lower() != ".xlsx":
        raise BadInput(_("The output file must end in .xlsx."))
    if not out.parent.is_dir():
        raise BadInput(_("The folder {path} does not exist.").format(path=out.parent))
    if any(path.resolve() == out.resolve() for path in files):
        raise BadInput(_("The output file must not be one of the reports."))
    passwords = report_passwords(getattr(args, "password_file", None))
    merged = merge_reports(read_report(path, passwords) for path in files)
    data = write_merged(merged)
    try:
        save_atomically(data, out)
    except OSError:
        raise BadInput(_("{path} cannot be written.").format(path=out)) from None
    for note in merged.notes():
        print(note)
    print(
        ngettext(
            "{count} report for {month} merged: {path}",
            "{count} reports for {month} merged: {path}",
            len(merged.reports),
        ).format(count=len(merged.reports), month=month_title(merged.month), path=out)
    )
    return 0
