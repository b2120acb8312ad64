"""The command line's parser: every command with a one-line description and an example, all
in the language of the catalog (argparse's own words included, see ``cli_i18n``)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kimdesk import __version__, cli_i18n
from kimdesk.i18n import _, ngettext
from kimdesk.paths import default_caseload_path


def add_command(
    sub: Any,
    name: str,
    *,
    help: str,  # noqa: A002 - argparse's own name for it
    examples: Sequence[str],
    parents: Sequence[argparse.ArgumentParser] = (),
) -> argparse.ArgumentParser:
    """A subcommand whose help starts with ``help`` and ends with its ``examples`` (command
    lines as typed, "kimdesk …"; tests/unit/test_cli_german.py parses every one)."""
    heading = ngettext("Example:", "Examples:", len(examples))
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        allow_abbrev=False,
        parents=list(parents),
        help=help,
        description=help[:1].upper() + help[1:] + ".",
        epilog="\n".join([heading, *(f"  {example}" for example in examples)]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``kimdesk``, its commands bound to the handlers in ``kimdesk.cli``."""
    from kimdesk import cli

    cli_i18n.install()
    db_help = _("the caseload file (default: {path})").format(path=default_caseload_path())
    password_help = _("read the password from the first line of F (or set {name})").format(
        name=cli.PASSWORD_ENV
    )
    # The options may stand before or after the command; SUPPRESS keeps a subcommand's
    # missing option from overwriting one given before it.
    common = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    common.add_argument(
        "--db", type=Path, default=argparse.SUPPRESS, metavar=_("FILE"), help=db_help
    )
    common.add_argument(
        "--password-file", type=Path, metavar="F", default=argparse.SUPPRESS, help=password_help
    )

    parser = argparse.ArgumentParser(
        prog="kimdesk",
        allow_abbrev=False,
        description=_(
            "kimdesk – case management for KIM case managers. "
            "Without a command, the application starts."
        ),
        epilog="\n".join(
            [
                _("Examples:"),
                "  kimdesk",
                "  kimdesk --db caseload.kimdesk",
                "  kimdesk print --list",
            ]
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--db", type=Path, default=default_caseload_path(), metavar=_("FILE"), help=db_help
    )
    parser.add_argument("--password-file", type=Path, metavar="F", default=None, help=password_help)
    parser.add_argument(
        "--version",
        action="version",
        version=f"kimdesk {__version__}",
        # Python 3.11 and 3.12 give this help in English whatever the catalog says.
        help=_("show program's version number and exit"),
    )
    parser.set_defaults(handler=cli.cmd_gui)
    sub = parser.add_subparsers(title=_("commands"), metavar=_("COMMAND"))
    whole_number = cli_i18n.named_type(int, _("whole number"))
    decimal = cli_i18n.named_type(float, _("number"))

    p = add_command(
        sub,
        "init",
        parents=[common],
        help=_("create a new caseload"),
        examples=[
            'kimdesk init --name "Eva Beispiel" --organisation "Caritas Musterstadt"',
            "kimdesk init --db caseload.kimdesk --full-time-share 0.75",
        ],
    )
    p.add_argument("--name", default="", metavar="NAME", help=_("the case manager's name"))
    p.add_argument(
        "--organisation",
        default="",
        metavar=_("ORGANISATION"),
        help=_("the employing organisation (Träger)"),
    )
    p.add_argument(
        "--municipality",
        default="",
        metavar=_("MUNICIPALITY"),
        help=_("municipality or district"),
    )
    p.add_argument(
        "--full-time-share",
        type=decimal,
        default=1.0,
        metavar=_("SHARE"),
        help=_("share of a full-time post, e.g. 0.75"),
    )
    p.add_argument(
        "--coordination-email",
        default="",
        metavar=_("ADDRESS"),
        help=_("e-mail address of the coordinating office"),
    )
    p.set_defaults(handler=cli.cmd_init)

    p = add_command(
        sub,
        "import",
        parents=[common],
        help=_("import a caseload list from .csv or .xlsx"),
        examples=["kimdesk import fallliste.xlsx", "kimdesk import fallliste.csv --skip-invalid"],
    )
    p.add_argument("file", type=Path, metavar=_("FILE"), help=_("the .csv or .xlsx file"))
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help=_("import the valid rows even if some rows are invalid"),
    )
    p.set_defaults(handler=cli.cmd_import)

    p = add_command(
        sub,
        "import-template",
        help=_("write a template for the import"),
        examples=["kimdesk import-template vorlage.xlsx"],
    )
    p.add_argument("out", type=Path, metavar=_("FILE"), help=_("where to write it (.xlsx or .csv)"))
    p.set_defaults(handler=cli.cmd_import_template)

    p = add_command(
        sub,
        "demo",
        parents=[common],
        help=_("fill a caseload with synthetic cases"),
        examples=["kimdesk demo --db demo.kimdesk --cases 30"],
    )
    p.add_argument(
        "--cases",
        type=whole_number,
        default=60,
        metavar=_("NUMBER"),
        help=_("how many cases (default 60)"),
    )
    p.add_argument(
        "--seed",
        type=whole_number,
        default=1,
        metavar=_("NUMBER"),
        help=_("random seed (default 1)"),
    )
    p.set_defaults(handler=cli.cmd_demo)

    p = add_command(
        sub,
        "cases",
        parents=[common],
        help=_("list the cases"),
        examples=["kimdesk cases", "kimdesk cases --names"],
    )
    p.add_argument("--names", action="store_true", help=_("also show the persons' names"))
    p.set_defaults(handler=cli.cmd_cases)

    p = add_command(
        sub,
        "check",
        parents=[common],
        help=_("check integrity and schema version"),
        examples=["kimdesk check --db caseload.kimdesk --password-file passwort.txt"],
    )
    p.set_defaults(handler=cli.cmd_check)

    p = add_command(
        sub,
        "passwd",
        parents=[common],
        help=_("change the caseload's password"),
        examples=["kimdesk passwd --new-password-file neues-passwort.txt"],
    )
    p.add_argument(
        "--new-password-file",
        type=Path,
        metavar="F",
        help=_("read the new password from F (or set {name})").format(name=cli.NEW_PASSWORD_ENV),
    )
    p.set_defaults(handler=cli.cmd_passwd)

    p = add_command(
        sub,
        "screenshots",
        parents=[common],
        help=_("render the main screens to PNG files (offscreen)"),
        examples=["kimdesk screenshots --db demo.kimdesk --out bilder"],
    )
    p.add_argument(
        "--out", type=Path, required=True, metavar=_("FOLDER"), help=_("the folder for them")
    )
    p.set_defaults(handler=cli.cmd_screenshots)

    p = add_command(
        sub,
        "selftest",
        parents=[common],
        help=_("open the caseload and every screen once offscreen; print timings as JSON"),
        examples=["kimdesk selftest --db demo.kimdesk"],
    )
    p.set_defaults(handler=cli.cmd_selftest)

    p = add_command(
        sub,
        "export-month",
        parents=[common],
        help=_("write the pseudonymised monthly report for the coordinating office"),
        examples=[
            "kimdesk export-month 2026-11 --out bericht.xlsx",
            "kimdesk export-month 2026-11 --out bericht.xlsx --encrypt --eml entwurf.eml",
        ],
    )
    p.add_argument("month", metavar=_("YYYY-MM"), help=_("the month, as YYYY-MM"))
    p.add_argument("--out", type=Path, required=True, metavar=_("FILE"), help=_("the .xlsx file"))
    p.add_argument(
        "--encrypt", action="store_true", help=_("protect the workbook with the export password")
    )
    p.add_argument(
        "--export-password-file",
        type=Path,
        metavar="F",
        help=_("read the export password from F (or set {name})").format(
            name=cli.EXPORT_PASSWORD_ENV
        ),
    )
    p.add_argument(
        "--code",
        metavar=_("INITIALS"),
        help=_("the initials in the file name (default: from the profile)"),
    )
    p.add_argument(
        "--eml", type=Path, metavar=_("DRAFT"), help=_("also write an e-mail draft (.eml)")
    )
    p.set_defaults(handler=cli.cmd_export_month)

    p = add_command(
        sub,
        "print",
        parents=[common],
        help=_("print a form, a consent document or a case file to PDF"),
        examples=[
            "kimdesk print --list",
            "kimdesk print screening --blank --out screening.pdf",
            "kimdesk print consent --lang ar --blank --out einwilligung_ar.pdf",
            "kimdesk print case-file --case 2026-0042 --out fallakte.pdf",
        ],
    )
    p.add_argument(
        "document", nargs="?", metavar=_("DOCUMENT"), help=_("the document id (see --list)")
    )
    p.add_argument("--list", action="store_true", help=_("list the document ids"))
    p.add_argument("--case", metavar="NR", help=_("the case number, e.g. 2026-0042"))
    p.add_argument(
        "--lang",
        metavar=_("LANGUAGE"),
        help=_("language of a consent document, e.g. ar, fa, uk"),
    )
    p.add_argument("--blank", action="store_true", help=_("print blank, for paper use"))
    p.add_argument("--out", type=Path, metavar=_("FILE") + ".pdf", help=_("where to write the PDF"))
    p.set_defaults(handler=cli.cmd_print)

    from kimdesk.report.merge_cli import add_merge_parser

    add_merge_parser(sub, common)
    from kimdesk.lifecycle.backup_cli import add_backup_parser

    add_backup_parser(sub, common)
    from kimdesk.lifecycle.erasure_cli import add_erasure_parser

    add_erasure_parser(sub, common)
    from kimdesk.lifecycle.handover_cli import add_handover_parser

    add_handover_parser(sub, common)
    from kimdesk.service_exchange_cli import add_services_parser

    add_services_parser(sub, common)
    return parser
