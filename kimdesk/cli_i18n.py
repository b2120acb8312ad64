"""argparse's own words ("usage:", "options:", its error messages) from kimdesk's catalog.

argparse translates its texts with the module-global ``_`` and ``ngettext`` it imported from
``gettext`` (the "messages" domain, which nobody installs); pointing those two names at
kimdesk's catalog makes the help and the errors of the command line speak its language.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from kimdesk.i18n import N_, _, ngettext

# Every text a user can meet that argparse passes through gettext, Python 3.11 to 3.14
# (checked in each version's Lib/argparse.py); marked here so that the catalog check in
# tests/unit/test_i18n.py demands a German text for each of them.
MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("subcommands"),
    N_("%(heading)s:"),
    N_(" (default: %(default)s)"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("%(prog)s: warning: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("unexpected option string: %s"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("option '%(option)s' is deprecated"),
    N_("argument '%(argument_name)s' is deprecated"),
    N_("command '%(parser_name)s' is deprecated"),
)
# argparse's ngettext calls (singular, plural); tests/unit/test_cli_german.py checks them.
PLURAL_MESSAGES = (
    ("expected %s argument", "expected %s arguments"),
    ("conflicting option string: %s", "conflicting option strings: %s"),
)


def _argparse_gettext(message: Any) -> Any:
    # Python 3.11 passes add_subparsers' description through _() even when it is None.
    return _(message) if isinstance(message, str) and message else message


def install() -> None:
    """Let argparse take its texts from kimdesk's catalog; call before building a parser
    (the help option's text and the group titles are translated when a parser is made)."""
    argparse._ = _argparse_gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def named_type(convert: Callable[[str], Any], name: str) -> Callable[[str], Any]:
    """``convert`` under a name for argparse's "invalid … value" message ("ganze Zahl"
    rather than Python's "int")."""

    def parse(text: str) -> Any:
        return convert(text)

    parse.__name__ = name
    return parse
