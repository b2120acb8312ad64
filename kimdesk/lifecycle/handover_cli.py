"""The command `kimdesk handover export|import|confirm`: a case to a colleague's caseload.

The one-time password is printed once on export; on import it comes from
``--handover-password-file``, KIMDESK_HANDOVER_PASSWORD or a prompt, never an argument.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from kimdesk.caseload import Caseload
from kimdesk.errors import BadInput
from kimdesk.i18n import _

HANDOVER_PASSWORD_ENV = "KIMDESK_HANDOVER_PASSWORD"


def add_handover_parser(sub: Any, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add `handover` with its three steps to the subcommands."""
    from kimdesk.cli_parser import add_command

    p = add_command(
        sub,
        "handover",
        help=_("hand a case over to a colleague's caseload"),
        examples=[
            "kimdesk handover export --case 2026-0042 --out fall.kimhandover",
            "kimdesk handover import fall.kimhandover",
            "kimdesk handover confirm --case 2026-0042 --receipt 7K3M-Q9TX",
        ],
    )
    steps = p.add_subparsers(title=_("steps"), metavar=_("STEP"), required=True)

    s = add_command(
        steps,
        "export",
        parents=[common],
        help=_("write one case into an encrypted handover file"),
        examples=["kimdesk handover export --case 2026-0042 --out fall.kimhandover"],
    )
    s.add_argument("--case", required=True, metavar="NR", help=_("the case number"))
    s.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="H.kimhandover",
        help=_("where to write it"),
    )
    s.set_defaults(handler=cmd_export)

    s = add_command(
        steps,
        "import",
        parents=[common],
        help=_("take over a case from a handover file"),
        examples=[
            "kimdesk handover import fall.kimhandover",
            "kimdesk handover import fall.kimhandover --attach-to 2026-0017",
        ],
    )
    s.add_argument("file", type=Path, metavar="H.kimhandover", help=_("the handover file"))
    s.add_argument(
        "--handover-password-file",
        type=Path,
        metavar="F",
        help=_("read the one-time password from F (or set {name})").format(
            name=HANDOVER_PASSWORD_ENV
        ),
    )
    choice = s.add_mutually_exclusive_group()
    choice.add_argument(
        "--attach-to",
        metavar="NR",
        help=_("the person is the one of this case here (see the listed candidates)"),
    )
    choice.add_argument(
        "--new-person", action="store_true", help=_("record the person anew despite a match")
    )
    s.set_defaults(handler=cmd_import)

    s = add_command(
        steps,
        "confirm",
        parents=[common],
        help=_("confirm the receipt: the case is closed and the person erased here"),
        examples=["kimdesk handover confirm --case 2026-0042 --receipt 7K3M-Q9TX"],
    )
    s.add_argument("--case", required=True, metavar="NR", help=_("the case number"))
    s.add_argument("--receipt", required=True, metavar="CODE", help=_("the receiver's code"))
    s.set_defaults(handler=cmd_confirm)
    return p


def _open(args: argparse.Namespace) -> Caseload:
    from kimdesk.cli import _open as open_caseload

    return open_caseload(args)


def case_id_of(caseload: Caseload, number: str) -> int:
    for row in caseload.cases():
        if row.case_number == number.strip():
            return row.id
    raise BadInput(_("There is no case with the number {number}.").format(number=number))


def _one_time_password(file: Path | None) -> str:
    if file is not None:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            raise BadInput(_("The password file cannot be read.")) from None
        if not lines or not lines[0].strip():
            raise BadInput(_("The password file is empty."))
        return lines[0]
    if os.environ.get(HANDOVER_PASSWORD_ENV):
        return os.environ[HANDOVER_PASSWORD_ENV]
    if not sys.stdin.isatty():
        raise BadInput(
            _(
                "No one-time password given: use --handover-password-file or the "
                "environment variable {name}."
            ).format(name=HANDOVER_PASSWORD_ENV)
        )
    return getpass.getpass(_("One-time password of the handover: "))


def cmd_export(args: argparse.Namespace) -> int:
    from kimdesk.lifecycle import handover  # cryptography: on first use

    out: Path = args.out
    if not out.parent.is_dir():
        raise BadInput(_("The folder {path} does not exist.").format(path=out.parent))
    if out.exists():
        raise BadInput(_("{path} already exists; it is not overwritten.").format(path=out))
    caseload = _open(args)
    try:
        exported = handover.export_case(caseload, case_id_of(caseload, args.case), out)
    finally:
        caseload.close()
    print(_("Handover file written: {path}").format(path=exported.path))
    print(_("One-time password (shown only now): {password}").format(password=exported.password))
    print(
        _(
            "Pass the password on by phone or in person, not in the same e-mail as the file. "
            "Nothing is deleted until you confirm the receiver's receipt code "
            "(kimdesk handover confirm)."
        )
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from kimdesk.lifecycle import handover  # cryptography: on first use

    password = _one_time_password(args.handover_password_file)
    caseload = _open(args)
    try:
        attach = None
        if args.attach_to:
            attach = caseload.case(case_id_of(caseload, args.attach_to)).person_id
        try:
            imported = handover.import_handover(
                caseload, args.file, password, attach_to_person_id=attach,
                new_person=args.new_person,
            )
        except handover.DecisionNeeded as needed:
            print(f"kimdesk: {needed}", file=sys.stderr)
            for match in needed.matches:
                kind = match.likeness
                print(f"  {', '.join(match.case_numbers)}  ({kind})", file=sys.stderr)
            return needed.exit_code
    finally:
        caseload.close()
    print(
        _("Case taken over as {number} (pseudonym {pseudonym}).").format(
            number=imported.case_number, pseudonym=imported.pseudonym
        )
    )
    print(_("Receipt code for the sender: {code}").format(code=imported.receipt_code))
    return 0


def cmd_confirm(args: argparse.Namespace) -> int:
    from kimdesk.lifecycle import handover  # cryptography: on first use

    caseload = _open(args)
    try:
        confirmed = handover.confirm_handover(
            caseload, case_id_of(caseload, args.case), args.receipt
        )
    finally:
        caseload.close()
    if confirmed.person_erased:
        print(
            _("Handover confirmed; the person (pseudonym {pseudonym}) was erased here.").format(
                pseudonym=confirmed.pseudonym
            )
        )
    else:
        print(
            _(
                "Handover confirmed; the case is closed as handed over. The person has other "
                "cases here and is kept until their retention period ends."
            )
        )
    return 0
