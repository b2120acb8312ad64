"""The command `kimdesk services export|import`: the service directory as a workbook, to
share with the coordinating office and colleagues."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kimdesk.i18n import _, ngettext


def add_services_parser(sub: Any, common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add `services` with its two steps to the subcommands."""
    from kimdesk.cli_parser import add_command

    p = add_command(
        sub,
        "services",
        help=_("exchange the service directory as an Excel workbook"),
        examples=[
            "kimdesk services export --out angebote.xlsx",
            "kimdesk services import angebote_koordination.xlsx",
        ],
    )
    steps = p.add_subparsers(title=_("steps"), metavar=_("STEP"), required=True)

    s = add_command(
        steps,
        "export",
        parents=[common],
        help=_("write the active offers of the directory into a workbook"),
        examples=["kimdesk services export --out angebote.xlsx"],
    )
    s.add_argument("--out", type=Path, required=True, metavar="F.xlsx", help=_("where to write it"))
    s.set_defaults(handler=cmd_export)

    s = add_command(
        steps,
        "import",
        parents=[common],
        help=_("add the offers of a workbook to the directory; offers already in it are skipped"),
        examples=["kimdesk services import angebote_koordination.xlsx"],
    )
    s.add_argument("file", type=Path, metavar="F.xlsx", help=_("the workbook"))
    s.set_defaults(handler=cmd_import)
    return p


def cmd_export(args: argparse.Namespace) -> int:
    from kimdesk.cli import _open, _require_folder
    from kimdesk.service_exchange import export_services  # openpyxl: on first use

    out: Path = args.out
    _require_folder(out)
    caseload = _open(args)
    try:
        count = export_services(caseload, out)
    finally:
        caseload.close()
    print(
        ngettext("{n} offer written: {path}", "{n} offers written: {path}", count).format(
            n=count, path=out
        )
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from kimdesk.cli import _open
    from kimdesk.service_exchange import import_services  # openpyxl: on first use

    caseload = _open(args)
    try:
        plan = import_services(caseload, args.file)
    finally:
        caseload.close()
    for duplicate in plan.duplicates:
        print(duplicate.describe())
    print(
        ngettext(
            "{n} offer added to the directory",
            "{n} offers added to the directory",
            len(plan.new),
        ).format(n=len(plan.new))
        + ngettext(
            ", {m} duplicate skipped.", ", {m} duplicates skipped.", len(plan.duplicates)
        ).format(m=len(plan.duplicates))
    )
    return 0
