"""The commands `kimdesk backup` and `kimdesk restore`.

The password comes from --password-file, KIMDESK_PASSWORD or a prompt, as for every command;
for `restore` it is the backup's password (which the restored caseload then has).
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from kimdesk.errors import BadInput, MissingFolder
from kimdesk.i18n import _
from kimdesk.lifecycle.backup import BackupSummary, make_backup, restore_backup, verify_backup


def add_backup_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `backup` and `restore` to the subcommands."""
    from kimdesk.cli_parser import add_command

    p = add_command(
        sub,
        "backup",
        parents=[common],
        help=_("write an encrypted backup of the caseload (same password)"),
        examples=["kimdesk backup --out /media/usb/sicherung-2026-11.kimdesk"],
    )
    p.add_argument(
        "--out", type=Path, required=True, metavar="B", help=_("the new backup file")
    )
    p.set_defaults(handler=cmd_backup)

    p = add_command(
        sub,
        "restore",
        parents=[common],
        help=_("check a backup and put it in the caseload's place (the current file is kept)"),
        examples=["kimdesk restore /media/usb/sicherung-2026-11.kimdesk"],
    )
    p.add_argument("backup", type=Path, metavar="B", help=_("the backup file"))
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    p.set_defaults(handler=cmd_restore)


def summary_lines(summary: BackupSummary) -> list[str]:
    """The summary as shown before a restore (counts and dates only)."""
    return [
        _("Persons: {persons}, cases: {cases}, contacts: {contacts}").format(
            persons=summary.persons, cases=summary.cases, contacts=summary.contacts
        ),
        _("Last change: {when}").format(when=summary.last_change or "–"),
        _("Schema version: {version}").format(version=summary.schema_version),
        _("Integrity: ok") if summary.integrity_ok else _("Integrity: PROBLEMS FOUND"),
    ]


def cmd_backup(args: argparse.Namespace) -> int:
    from kimdesk.cli import _open

    out: Path = args.out
    if not out.parent.is_dir():
        raise MissingFolder(out.parent)
    if out.exists():  # before the password is asked
        raise BadInput(_("{path} already exists; it is not overwritten.").format(path=out))
    caseload = _open(args)
    try:
        make_backup(caseload, out)
    finally:
        caseload.close()
    print(_("Backup written: {path}").format(path=out))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from kimdesk.cli import _password

    backup: Path = args.backup
    if not backup.is_file():
        raise BadInput(_("There is no backup file at {path}.").format(path=backup))
    if not args.yes and not sys.stdin.isatty():
        raise BadInput(
            _("Restoring replaces the caseload: confirm with --yes when not asked in a terminal.")
        )
    password = _password(args)
    summary = verify_backup(backup, password)
    for line in summary_lines(summary):
        print(line)
    if not args.yes:
        answer = input(_("Replace the caseload {path} with this backup? [y/N] ").format(
            path=args.db
        ))
        if answer.strip().lower() not in {"y", "yes", "j", "ja"}:
            print(_("Nothing was changed."))
            return 0
    result = restore_backup(args.db, backup, password, now=datetime.now())
    if result.kept_aside is not None:
        print(_("The previous caseload was kept as {path}.").format(path=result.kept_aside))
    print(_("The backup was restored: {path}").format(path=args.db))
    return 0
