"""The command line: the GUI by default, plus commands for IT staff and automated checks.

Passwords come from ``--password-file``, the environment or a prompt, never from an
argument (arguments are visible to every user of the machine).
Exit codes: 0 ok, 1 environment problem or internal error, 2 usage or bad input (also a
caseload in use, a full disk, a missing folder, no permission), 3 wrong password, 4 damaged
or unreadable database.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import sqlcipher3

from kimdesk import __version__
from kimdesk.caseload import Caseload
from kimdesk.domain.records import Profile
from kimdesk.errors import (
    BadInput,
    DamagedDatabase,
    EnvironmentProblem,
    KimdeskError,
    MissingFolder,
)
from kimdesk.forms.loader import load_forms
from kimdesk.i18n import _
from kimdesk.paths import default_caseload_path
from kimdesk.store.faults import database_fault, file_fault

PASSWORD_ENV = "KIMDESK_PASSWORD"
NEW_PASSWORD_ENV = "KIMDESK_NEW_PASSWORD"


def _read_password_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise BadInput(_("The password file cannot be read.")) from None
    password = text.splitlines()[0] if text else ""
    if not password:
        raise BadInput(_("The password file is empty."))
    return password


def _obtain_password(
    file: Path | None, env_name: str, prompt: str, *, confirm: bool = False
) -> str:
    if file is not None:
        return _read_password_file(file)
    if os.environ.get(env_name):
        return os.environ[env_name]
    if not sys.stdin.isatty():
        raise BadInput(
            _("No password given: use --password-file or the environment variable {name}.").format(
                name=env_name
            )
        )
    password = getpass.getpass(prompt)
    if confirm and getpass.getpass(_("Repeat the password: ")) != password:
        raise BadInput(_("The two passwords differ."))
    return password


def _password(args: argparse.Namespace, *, confirm: bool = False) -> str:
    return _obtain_password(args.password_file, PASSWORD_ENV, _("Password: "), confirm=confirm)


def _open(args: argparse.Namespace) -> Caseload:
    """Unlock the caseload; a wrong password is counted for the audit log's next unlock entry.
    The command line writes no unlock entry itself: a read-only command must not write."""
    from kimdesk.audit import unlock_caseload

    return unlock_caseload(args.db, _password(args), record=False)


def _require_folder(*outputs: Path | None) -> None:
    """Refuse an output into a missing folder before anything is asked, read or written."""
    for output in outputs:
        if output is not None and not output.parent.is_dir():
            raise MissingFolder(output.parent)


# -- commands --------------------------------------------------------------------------------


def cmd_gui(args: argparse.Namespace) -> int:
    from kimdesk.gui.app import run_gui

    return run_gui(args.db)


def cmd_init(args: argparse.Namespace) -> int:
    if args.db.exists():
        raise BadInput(_("{path} already exists; it is not overwritten.").format(path=args.db))
    if not 0 < args.full_time_share <= 1:
        raise BadInput(_("The full-time share must lie between 0 and 1."))
    profile = Profile(
        case_manager=args.name,
        organisation=args.organisation,
        municipality=args.municipality,
        full_time_share=args.full_time_share,
        coordination_email=args.coordination_email,
    )
    caseload = Caseload.create(args.db, _password(args, confirm=True), profile)
    caseload.close()
    print(_("Caseload created: {path}").format(path=args.db))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from kimdesk.importer import format_report, import_file

    caseload = _open(args)
    try:
        report = import_file(caseload, args.file, skip_invalid=args.skip_invalid)
    finally:
        caseload.close()
    print(format_report(report))
    return 2 if report.errors and not args.skip_invalid or report.file_errors else 0


def cmd_import_template(args: argparse.Namespace) -> int:
    from kimdesk.importer import write_template

    _require_folder(args.out)
    if args.out.exists():
        raise BadInput(_("{path} already exists; it is not overwritten.").format(path=args.out))
    write_template(args.out)
    print(_("Template written: {path}").format(path=args.out))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from kimdesk.demo import DEMO_PROFILE, fill_demo

    if args.cases < 1:
        raise BadInput(_("The number of cases must be at least 1."))
    password = _password(args, confirm=not args.db.exists())
    if args.db.exists():
        caseload = Caseload.open(args.db, password)
    else:
        caseload = Caseload.create(args.db, password, DEMO_PROFILE)
    try:
        profile = caseload.profile()
        if not profile.is_demo:
            # Invented persons must never mix with real ones.
            if caseload.cases():
                raise BadInput(
                    _(
                        "This caseload holds real cases; demo data is only added to "
                        "a new caseload or a demo caseload."
                    )
                )
            caseload.update_profile(replace(profile, is_demo=True))
        summary = fill_demo(caseload, cases=args.cases, seed=args.seed)
    finally:
        caseload.close()
    print(
        _("Demo data written: {cases} cases, {contacts} contacts.").format(
            cases=summary.cases, contacts=summary.contacts
        )
    )
    return 0


def cmd_cases(args: argparse.Namespace) -> int:
    caseload = _open(args)
    try:
        rows = caseload.cases()
    finally:
        caseload.close()
    for row in rows:
        admitted = row.admitted_on.strftime("%d.%m.%Y") if row.admitted_on else "-"
        line = f"{row.case_number}  {row.phase.label:<34}  {admitted:<10}"
        if args.names:
            line += f"  {row.surname}, {row.given_names}"
        print(line.rstrip())
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from kimdesk.store.audit_chain import verify_chain

    caseload = _open(args)
    try:
        report = caseload.db.integrity_report()
        cipher = caseload.db.scalar("PRAGMA cipher_version")
        counts = caseload.repo.table_counts() if report.ok else None
        chain = verify_chain(caseload.db) if report.ok else None
    finally:
        caseload.close()
    print(
        _("Schema version: {found} (current: {expected})").format(
            found=report.schema_version, expected=report.expected_version
        )
    )
    print(_("Encryption: SQLCipher {version}").format(version=cipher))
    if counts:
        print(_("Cases: {cases}, persons: {persons}, contacts: {contacts}").format(**counts))
    for problem in report.problems:
        print(_("Problem: {problem}").format(problem=problem))
    if chain is not None:
        print(chain.message())  # names the first broken entry by number and day, no content
    intact = report.ok and chain is not None and chain.ok
    print(_("Integrity: ok") if intact else _("Integrity: PROBLEMS FOUND"))
    if not intact:
        return 4
    forms = load_forms()  # a FormDefinitionError names file, field and problem (exit 2)
    print(_("Form definitions: {n} in order").format(n=len(forms)))
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    caseload = _open(args)
    try:
        new_password = _obtain_password(
            args.new_password_file, NEW_PASSWORD_ENV, _("New password: "), confirm=True
        )
        caseload.change_password(new_password)
    finally:
        caseload.close()
    print(_("The password was changed."))
    return 0


def _offscreen_gui() -> None:
    """Screenshots and the self-test draw into memory: no display needed."""
    from kimdesk.gui.environment import check_gui_environment

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    problem = check_gui_environment()
    if problem:
        raise EnvironmentProblem(problem)


def cmd_screenshots(args: argparse.Namespace) -> int:
    _offscreen_gui()
    from kimdesk.gui.screenshots import render_screenshots
    from kimdesk.gui.session import create_application, quiet_offscreen_platform

    quiet_offscreen_platform()
    app = create_application()  # noqa: F841 - kept alive while rendering
    caseload = _open(args)
    try:
        written = render_screenshots(caseload, args.out)
    finally:
        caseload.close()
    for path in written:
        print(path)
    return 0


def cmd_selftest(args: argparse.Namespace) -> int:
    _offscreen_gui()
    from kimdesk.gui.selftest import run_selftest
    from kimdesk.gui.session import create_application, quiet_offscreen_platform

    quiet_offscreen_platform()
    app = create_application()  # noqa: F841 - kept alive while testing
    password = _password(args)
    started = time.perf_counter()
    caseload = Caseload.open(args.db, password)
    open_ms = round((time.perf_counter() - started) * 1000, 1)
    try:
        result = run_selftest(caseload)
    finally:
        caseload.close()
    result["timings_ms"] = {"open_ms": open_ms, **result["timings_ms"]}
    print(json.dumps(result, indent=2))
    return 0


EXPORT_PASSWORD_ENV = "KIMDESK_EXPORT_PASSWORD"


def cmd_print(args: argparse.Namespace) -> int:
    from kimdesk.printing.documents import documents, render_document
    from kimdesk.report.sending import write_atomically

    if args.list:  # the ids come from forms/, no caseload needed
        for document in documents(load_forms()):
            print(f"{document.id:<28}  {document.title}")
        return 0
    if not args.document or args.out is None:
        raise BadInput(_("Name a document and --out FILE.pdf (or use --list)."))
    if args.out.suffix.lower() != ".pdf":
        raise BadInput(_("The output file must end in .pdf."))
    _require_folder(args.out)
    if args.out.exists():
        raise BadInput(_("{path} already exists; it is not overwritten.").format(path=args.out))
    from kimdesk.audit import record_pdf
    from kimdesk.printing.documents import find_case

    caseload = _open(args)
    try:
        data = render_document(
            caseload, args.document, case_number=args.case, lang=args.lang, blank=args.blank
        )
        write_atomically(args.out, data)
        document = next(d for d in documents(caseload.forms) if d.id == args.document)
        if args.case and (document.needs_case or not args.blank):  # the case's data: logged
            case_id = find_case(caseload, args.case).id
            record_pdf(caseload, document_id=args.document, case_id=case_id, printed=False)
    finally:
        caseload.close()
    print(args.out)
    return 0


def cmd_export_month(args: argparse.Namespace) -> int:
    from kimdesk.passwords import check_new_password
    from kimdesk.report import export_month, parse_month

    parse_month(args.month)  # a bad month fails before the password prompt
    _require_folder(args.out, args.eml)
    if args.out.exists():
        raise BadInput(
            _("The file {name} exists already; choose another name.").format(name=args.out.name)
        )
    export_password = None
    if args.encrypt:
        if args.export_password_file is not None:
            export_password = _read_password_file(args.export_password_file)
        else:
            export_password = os.environ.get(EXPORT_PASSWORD_ENV) or None
        if not export_password:
            raise BadInput(
                _(
                    "--encrypt needs the export password: use --export-password-file or "
                    "the environment variable {name}."
                ).format(name=EXPORT_PASSWORD_ENV)
            )
        # Refused before the caseload's password is asked for; export_month checks again
        # with the owner's name, which needs the open caseload.
        check_new_password(export_password)
    caseload = _open(args)
    try:
        result = export_month(
            caseload,
            args.month,
            args.out,
            password=export_password,
            code=args.code,
            eml=args.eml,
        )
    finally:
        caseload.close()
    print(result.path)
    print(_("{cases} cases, {contacts} contacts, {gaps} service gaps").format(**result.rows))
    if result.draft is not None:
        print(result.draft)
    return 0


# -- parser ----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    db_help = _("the caseload file (default: {path})").format(path=default_caseload_path())
    password_help = _("read the password from the first line of F (or set {name})").format(
        name=PASSWORD_ENV
    )
    # The options may stand before or after the command; SUPPRESS keeps a subcommand's
    # missing option from overwriting one given before it.
    common = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=db_help)
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
    )
    parser.add_argument("--db", type=Path, default=default_caseload_path(), help=db_help)
    parser.add_argument("--password-file", type=Path, metavar="F", default=None, help=password_help)
    parser.add_argument("--version", action="version", version=f"kimdesk {__version__}")
    parser.set_defaults(handler=cmd_gui)
    sub = parser.add_subparsers(title=_("commands"), metavar="COMMAND")

    p = sub.add_parser(
        "init", allow_abbrev=False, parents=[common], help=_("create a new caseload")
    )
    p.add_argument("--name", default="", help=_("the case manager's name"))
    p.add_argument("--organisation", default="", help=_("the employing organisation (Träger)"))
    p.add_argument("--municipality", default="", help=_("municipality or district"))
    p.add_argument(
        "--full-time-share", type=float, default=1.0, help=_("share of a full-time post, e.g. 0.75")
    )
    p.add_argument(
        "--coordination-email", default="", help=_("e-mail address of the coordinating office")
    )
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser(
        "import",
        allow_abbrev=False,
        parents=[common],
        help=_("import a caseload list from .csv or .xlsx"),
    )
    p.add_argument("file", type=Path, help=_("the .csv or .xlsx file"))
    p.add_argument(
        "--skip-invalid",
        action="store_true",
        help=_("import the valid rows even if some rows are invalid"),
    )
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser(
        "import-template", allow_abbrev=False, help=_("write a template for the import")
    )
    p.add_argument("out", type=Path, help=_("where to write it (.xlsx or .csv)"))
    p.set_defaults(handler=cmd_import_template)

    p = sub.add_parser(
        "demo", allow_abbrev=False, parents=[common], help=_("fill a caseload with synthetic cases")
    )
    p.add_argument("--cases", type=int, default=60, help=_("how many cases (default 60)"))
    p.add_argument("--seed", type=int, default=1, help=_("random seed (default 1)"))
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("cases", allow_abbrev=False, parents=[common], help=_("list the cases"))
    p.add_argument("--names", action="store_true", help=_("also show the persons' names"))
    p.set_defaults(handler=cmd_cases)

    p = sub.add_parser(
        "check", allow_abbrev=False, parents=[common], help=_("check integrity and schema version")
    )
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser(
        "passwd", allow_abbrev=False, parents=[common], help=_("change the caseload's password")
    )
    p.add_argument(
        "--new-password-file",
        type=Path,
        metavar="F",
        help=_("read the new password from F (or set {name})").format(name=NEW_PASSWORD_ENV),
    )
    p.set_defaults(handler=cmd_passwd)

    p = sub.add_parser(
        "screenshots",
        allow_abbrev=False,
        parents=[common],
        help=_("render the main screens to PNG files (offscreen)"),
    )
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help=_("the folder for them"))
    p.set_defaults(handler=cmd_screenshots)

    p = sub.add_parser(
        "selftest",
        allow_abbrev=False,
        parents=[common],
        help=_("open the caseload and every screen once offscreen; print timings as JSON"),
    )
    p.set_defaults(handler=cmd_selftest)

    p = sub.add_parser(
        "export-month",
        allow_abbrev=False,
        parents=[common],
        help=_("write the pseudonymised monthly report for the coordinating office"),
    )
    p.add_argument("month", help=_("the month, as YYYY-MM"))
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help=_("the .xlsx file"))
    p.add_argument(
        "--encrypt", action="store_true", help=_("protect the workbook with the export password")
    )
    p.add_argument(
        "--export-password-file",
        type=Path,
        metavar="F",
        help=_("read the export password from F (or set {name})").format(name=EXPORT_PASSWORD_ENV),
    )
    p.add_argument("--code", help=_("the initials in the file name (default: from the profile)"))
    p.add_argument("--eml", type=Path, metavar="DRAFT", help=_("also write an e-mail draft (.eml)"))
    p.set_defaults(handler=cmd_export_month)
    p = sub.add_parser(
        "print",
        allow_abbrev=False,
        parents=[common],
        help=_("print a form, a consent document or a case file to PDF"),
    )
    p.add_argument("document", nargs="?", help=_("the document id (see --list)"))
    p.add_argument("--list", action="store_true", help=_("list the document ids"))
    p.add_argument("--case", metavar="NR", help=_("the case number, e.g. 2026-0042"))
    p.add_argument("--lang", help=_("language of a consent document, e.g. ar, fa, uk"))
    p.add_argument("--blank", action="store_true", help=_("print blank, for paper use"))
    p.add_argument("--out", type=Path, metavar="FILE.pdf", help=_("where to write the PDF"))
    p.set_defaults(handler=cmd_print)

    from kimdesk.report.merge_cli import add_merge_parser

    add_merge_parser(sub, common)
    from kimdesk.lifecycle.backup_cli import add_backup_parser

    add_backup_parser(sub, common)
    from kimdesk.lifecycle.erasure_cli import add_erasure_parser

    add_erasure_parser(sub, common)
    from kimdesk.lifecycle.handover_cli import add_handover_parser

    add_handover_parser(sub, common)
    return parser


def _is_damage(error: Exception) -> bool:
    """Damage, as opposed to a bug (constraint violations, SQL mistakes)."""
    return type(error) is sqlcipher3.DatabaseError or "malformed" in str(error)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="kimdesk: %(levelname)s: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except KimdeskError as error:
        print(f"kimdesk: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`kimdesk cases | head`): stop quietly, as other tools do;
        # point stdout at /dev/null so that the flush at exit does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        # A full disk or a write-protected folder while writing an export, a PDF, ...;
        # the caseload's own files come as StorageProblems from the store already.
        problem = file_fault(error, caseload=False)
        if problem is None:
            return _internal_error(error)
        print(f"kimdesk: {problem}", file=sys.stderr)
        return problem.exit_code
    except sqlcipher3.DatabaseError as error:
        problem = database_fault(error)
        if problem is not None:
            print(f"kimdesk: {problem}", file=sys.stderr)
            return problem.exit_code
        if not _is_damage(error):
            return _internal_error(error)
        print(
            "kimdesk: " + _("The caseload file is damaged: a page cannot be read."), file=sys.stderr
        )
        return DamagedDatabase.exit_code
    except Exception as error:
        return _internal_error(error)


def _internal_error(error: Exception) -> int:
    """A bug: its message may hold personal data, so only its type is shown."""
    print(
        _(
            "kimdesk: internal error ({kind}). Details are not shown because they may "
            "contain personal data."
        ).format(kind=type(error).__name__),
        file=sys.stderr,
    )
    if os.environ.get("KIMDESK_DEBUG"):
        raise error
    return 1
