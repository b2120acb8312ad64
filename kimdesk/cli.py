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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import sqlcipher3

from kimdesk.caseload import Caseload
from kimdesk.cli_parser import build_parser
from kimdesk.domain.records import Profile
from kimdesk.errors import (
    BadInput,
    DamagedDatabase,
    EnvironmentProblem,
    KimdeskError,
    MissingFolder,
)
from kimdesk.forms.loader import load_forms
from kimdesk.i18n import _, ngettext
from kimdesk.relocation import report_relocation
from kimdesk.store.faults import database_fault, file_fault
from kimdesk.system_config import print_problems

PASSWORD_ENV = "KIMDESK_PASSWORD"
NEW_PASSWORD_ENV = "KIMDESK_NEW_PASSWORD"


# Counted nouns in singular or plural ("1 Angebotslücke", "2 Angebotslücken").
_COUNTED: dict[str, Callable[[int], str]] = {
    "cases": lambda n: ngettext("{n} case", "{n} cases", n),
    "contacts": lambda n: ngettext("{n} contact", "{n} contacts", n),
    "gaps": lambda n: ngettext("{n} service gap", "{n} service gaps", n),
}


def counted(counts: Mapping[str, int]) -> str:
    """``{"cases": 3, "gaps": 1}`` as "3 Fälle, 1 Angebotslücke"."""
    return ", ".join(_COUNTED[kind](n).format(n=n) for kind, n in counts.items())


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
    counts = counted({"cases": summary.cases, "contacts": summary.contacts})
    print(_("Demo data written: {counts}.").format(counts=counts))
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
        result = run_selftest(caseload, password=password)
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
    forms = load_forms()
    if args.document not in {document.id for document in documents(forms)}:  # before asking
        raise BadInput(
            _("Unknown document “{id}”; `kimdesk print --list` shows them.").format(
                id=args.document
            )
        )
    if args.blank and not args.case and args.document in {form.key for form in forms}:
        # A blank paper form holds nothing from the caseload: no file, no password needed.
        from kimdesk.printing.forms_pdf import render_form

        blank = render_form(forms.get(args.document), None, printed_on=date.today())
        write_atomically(args.out, blank)
        print(args.out)
        return 0
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
    print(counted(result.rows))
    if result.draft is not None:
        print(result.draft)
    return 0


def _is_damage(error: Exception) -> bool:
    """Damage, as opposed to a bug (constraint violations, SQL mistakes)."""
    return type(error) is sqlcipher3.DatabaseError or "malformed" in str(error)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="kimdesk: %(levelname)s: %(message)s")
    report_relocation()  # kimdesk 0.1's caseload to the local folder, before --db's default
    args = build_parser().parse_args(argv)
    if args.handler is not cmd_gui:  # the GUI shows them in a window
        print_problems()  # IT's kimdesk.toml: bad keys are named, their defaults used
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
