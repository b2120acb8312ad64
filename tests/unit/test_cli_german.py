"""The command line speaks German throughout: argparse's own words, every command's help with
its description and example, the error messages (exit code 2), counted nouns."""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.cli import build_parser, counted, main
from kimdesk.cli_i18n import PLURAL_MESSAGES
from kimdesk.i18n import load_catalog
from tests.conftest import PASSWORD
from tests.unit.test_cli import kimdesk
from tests.unit.test_report_export import _plan, build_known

# argparse's English, as it reads without a catalog (Python 3.11 to 3.14).
ENGLISH = (
    "usage:",
    "options:",
    "positional arguments",
    "show this help",
    "show program's version",
    "required",
    "invalid choice",
    "error:",
    "Example",
    "COMMAND",
)


def all_parsers(
    parser: argparse.ArgumentParser, name: str = "kimdesk"
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """The parser and, depth first, every subcommand's parser with its command line."""
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, sub in action.choices.items():
                yield from all_parsers(sub, f"{name} {command}")


def examples(help_text: str) -> list[str]:
    """The example command lines at the end of a help text."""
    return [line.strip() for line in help_text.splitlines() if line.startswith("  kimdesk")]


PARSERS = dict(all_parsers(build_parser()))


def test_every_command_is_found() -> None:
    assert {"kimdesk export-month", "kimdesk print", "kimdesk handover confirm"} <= set(PARSERS)
    assert len(PARSERS) >= 20


@pytest.mark.parametrize("command", sorted(PARSERS))
def test_every_help_is_german_with_a_description_and_an_example(command: str) -> None:
    help_text = PARSERS[command].format_help()
    for english in ENGLISH:
        assert english not in help_text, (command, english)
    assert help_text.startswith("Aufruf: kimdesk")
    assert "Optionen:" in help_text and "diese Hilfe zeigen und beenden" in help_text
    assert "\nBeispiel:\n" in help_text or "\nBeispiele:\n" in help_text
    assert examples(help_text)
    if command != "kimdesk":
        description = help_text.split("\n\n")[1]
        assert description[0].isupper() and description.endswith(".")  # one sentence


@pytest.mark.parametrize("command", sorted(PARSERS))
def test_every_example_is_a_valid_command_line(command: str) -> None:
    """Each example parses, and runs the command whose help shows it."""
    parser = build_parser()
    expected = PARSERS[command].get_default("handler")
    for example in examples(PARSERS[command].format_help()):
        words = shlex.split(example)
        assert words[0] == "kimdesk"
        args = parser.parse_args(words[1:])
        if command != "kimdesk":  # the top level's examples show several commands
            assert words[: len(command.split())] == command.split(), example
            assert expected is None or args.handler is expected, example


def test_the_help_of_real_processes_is_german() -> None:
    helps = {}
    for args in (["--help"], ["export-month", "--help"], ["handover", "import", "--help"]):
        result = kimdesk(*args)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Aufruf: kimdesk")
        assert "Optionen:" in result.stdout and "Beispiel" in result.stdout
        assert not [word for word in ENGLISH if word in result.stdout]
        helps[args[0]] = result.stdout
    assert "die Versionsnummer zeigen und beenden" in helps["--help"]
    assert "Argumente:\n  JJJJ-MM" in helps["export-month"]


@pytest.mark.parametrize(
    ("args", "german"),
    [
        (["export-month"], "diese Angaben fehlen: JJJJ-MM, --out"),
        (["frobnicate"], "ungültige Auswahl: 'frobnicate'"),
        (["cases", "--bogus"], "unbekannte Angaben: --bogus"),
        (["demo", "--cases", "viele"], "ungültiger Wert 'viele' (erwartet: ganze Zahl)"),
        (["print", "--out"], "Angabe --out: erwartet einen Wert"),
        (["handover"], "diese Angaben fehlen: SCHRITT"),
        (
            ["handover", "import", "f", "--attach-to", "1", "--new-person"],
            "Angabe --new-person: nicht zusammen mit --attach-to erlaubt",
        ),
    ],
)
def test_usage_errors_are_german_with_exit_code_2(
    args: list[str], german: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert german in error
    assert error.startswith("Aufruf: kimdesk") and ": Fehler: " in error
    assert not [word for word in ENGLISH if word in error]


def test_a_usage_error_of_a_real_process() -> None:
    result = kimdesk("print", "--blank", "--lang")
    assert result.returncode == 2
    assert "kimdesk print: Fehler: Angabe --lang: erwartet einen Wert" in result.stderr
    assert "usage" not in result.stderr and "error" not in result.stderr


def test_argparse_plurals_are_in_the_catalog() -> None:
    german = load_catalog("de")
    for singular, plural in PLURAL_MESSAGES:
        assert german.ngettext(singular, plural, 1) != singular
        assert german.ngettext(singular, plural, 2) != plural


def test_counted_nouns_take_singular_or_plural() -> None:
    assert counted({"cases": 1, "contacts": 1, "gaps": 1}) == "1 Fall, 1 Kontakt, 1 Angebotslücke"
    assert counted({"cases": 2, "contacts": 0, "gaps": 2}) == (
        "2 Fälle, 0 Kontakte, 2 Angebotslücken"
    )


def test_the_monthly_report_counts_its_service_gaps(
    caseload: Caseload,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ids = build_known(caseload)  # one needs plan with a service gap in November
    monkeypatch.setenv("KIMDESK_PASSWORD", PASSWORD)
    args = ["export-month", "2026-11", "--db", str(db_path), "--code", "EB", "--out"]
    assert main([*args, str(tmp_path / "eins.xlsx")]) == 0
    assert "3 Fälle, 3 Kontakte, 1 Angebotslücke\n" in capsys.readouterr().out

    _plan(caseload, ids["eritrean"], date(2026, 11, 14), "Kein Sprachkurs am Nachmittag")
    assert main([*args, str(tmp_path / "zwei.xlsx")]) == 0
    assert "3 Fälle, 3 Kontakte, 2 Angebotslücken\n" in capsys.readouterr().out


def test_the_audit_log_line_of_check_counts_its_entries() -> None:
    from kimdesk.store.audit_chain import ChainReport

    assert ChainReport(1, "a" * 64, None).message().startswith("Protokoll: 1 Eintrag, ")
    assert ChainReport(2, "a" * 64, None).message().startswith("Protokoll: 2 Einträge, ")
