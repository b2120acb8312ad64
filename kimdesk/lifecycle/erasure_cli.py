"""The commands `kimdesk retention` (what is due for erasure) and `kimdesk erase` (erase the
person of one case, after the retention period or on request under Art. 17 GDPR)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from kimdesk.errors import BadInput
from kimdesk.i18n import _, ngettext
from kimdesk.lifecycle.erasure import ErasureRecord, due_for_erasure, erase_person, person_of_case

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload

# What the user types to confirm an erasure on the terminal.
CONFIRM_WORDS = ("ja", "j", "yes", "y")


def add_erasure_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `retention` and `erase` to the subcommands."""
    from kimdesk.cli_parser import add_command

    p = add_command(
        sub,
        "retention",
        parents=[common],
        help=_("list the closed cases past the retention period (due for erasure)"),
        examples=["kimdesk retention", "kimdesk retention --names --on 2026-12-31"],
    )
    p.add_argument("--names", action="store_true", help=_("also show the persons' names"))
    p.add_argument(
        "--on", metavar=_("YYYY-MM-DD"), help=_("the day to judge by (default: today)")
    )
    p.set_defaults(handler=cmd_retention)

    p = add_command(
        sub,
        "erase",
        parents=[common],
        help=_("erase the person of a case with all their data, for good"),
        examples=["kimdesk erase --case 2026-0042"],
    )
    p.add_argument("--case", metavar="NR", required=True, help=_("the case number, e.g. 2026-0042"))
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation"))
    p.set_defaults(handler=cmd_erase)


def _day(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(_("The date must be written as YYYY-MM-DD.")) from None


def cmd_retention(args: argparse.Namespace) -> int:
    from kimdesk.cli import _open

    on = _day(args.on)
    caseload = _open(args)
    try:
        due = due_for_erasure(caseload, on)
        names = _names(caseload) if args.names else {}
    finally:
        caseload.close()
    if not due:
        print(_("No case is due for erasure."))
        return 0
    print(_("Case number  Closed on   Due since"))
    for entry in due:
        line = (
            f"{', '.join(entry.case_numbers):<11}  {entry.closed_on.strftime('%d.%m.%Y')}  "
            f"{entry.due_on.strftime('%d.%m.%Y')}"
        )
        if args.names:
            line += f"  {names.get(entry.person_id, '')}"
        print(line)
    return 0


def _names(caseload: Caseload) -> dict[int, str]:
    return {row.person_id: f"{row.surname}, {row.given_names}" for row in caseload.cases()}


def cmd_erase(args: argparse.Namespace) -> int:
    from kimdesk.cli import _open

    # Decided before the password is asked: a script must say --yes.
    if not args.yes and not sys.stdin.isatty():
        raise BadInput(
            _("Erasing needs a confirmation: run it in a terminal, or add --yes.")
        )
    caseload = _open(args)
    try:
        person_id = person_of_case(caseload, args.case)
        numbers = [row.case_number for row in caseload.cases() if row.person_id == person_id]
        if not args.yes and not _confirmed(numbers):
            print(_("Nothing was erased."))
            return 0
        record = erase_person(caseload, person_id)
    finally:
        caseload.close()
    for line in record_lines(record):
        print(line)
    return 0


def _confirmed(numbers: list[str]) -> bool:
    print(
        ngettext(
            "The person of case {numbers} and everything stored about them will be erased "
            "for good.",
            "The person of the cases {numbers} and everything stored about them will be "
            "erased for good.",
            len(numbers),
        ).format(numbers=", ".join(numbers))
    )
    answer = input(_("Erase now? [ja/nein] "))
    return answer.strip().casefold() in CONFIRM_WORDS


def record_lines(record: ErasureRecord) -> list[str]:
    lines = [
        ngettext(
            "Erased: one person with {count} case (pseudonym {pseudonyms}).",
            "Erased: one person with {count} cases (pseudonyms {pseudonyms}).",
            record.case_count,
        ).format(count=record.case_count, pseudonyms=", ".join(record.pseudonyms) or "-")
    ]
    if not record.file_cleaned:
        lines.append(
            _(
                "The data are erased, but old copies in the file could not be overwritten yet "
                "(another program has the caseload open, or the disk is full). That happens "
                "when every program has closed the caseload."
            )
        )
    return lines
