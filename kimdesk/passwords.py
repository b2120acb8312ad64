"""The one rule for every new password (caseload and monthly-report export): long enough and
hard enough to guess, as estimated by zxcvbn, with the reason in the user's language.

Rule: at least ``MIN_LENGTH`` characters and a zxcvbn score of at least ``MIN_SCORE`` (3).
Score 3 means about 10^8 or more guesses, which zxcvbn rates "safely unguessable: moderate
protection from an offline slow-hash attack" – our case: a stolen caseload file or a report
mailed to the wrong address, attacked offline through SQLCipher's and Excel's slow key
derivations. Score 4 (10^10) would also refuse short two-word passwords that case managers
can remember without writing them down, and a written-down password protects less.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kimdesk.domain.records import Profile
from kimdesk.errors import BadInput
from kimdesk.i18n import N_, _

MIN_LENGTH = 10
MIN_SCORE = 3
# zxcvbn's matching time grows steeply with the length (measured on the 2-core dev box: about
# 30 ms at 50 characters, 120-420 ms at 100), too slow for every keystroke. More characters
# never make a password easier to guess, so only its start is estimated.
ESTIMATED_CHARS = 50
# The program's own names are the first guesses of anyone who knows where the file comes from.
APP_WORDS = ("kimdesk", "kim", "kim-cm", "integrationsmanagement", "kommunales", "nrw")

SCORE_LABELS = (N_("very weak"), N_("weak"), N_("fair"), N_("strong"), N_("very strong"))
_WORD_SEPARATORS = re.compile(r"[^\w]+")
# zxcvbn keeps the user inputs of the running estimate in a module-level dictionary.
_zxcvbn_lock = threading.Lock()


@dataclass(frozen=True)
class PasswordEstimate:
    """How hard a password is to guess; it never holds the password itself."""

    score: int  # zxcvbn's 0 (very weak) to 4 (very strong)
    label: str  # the score in words: sehr schwach, schwach, mittel, stark, sehr stark
    acceptable: bool
    reason: str = ""  # why it is refused and what is better; empty when acceptable


def personal_words(*texts: str) -> tuple[str, ...]:
    """Names, organisations and places as zxcvbn user inputs: each whole, without its
    spaces and hyphens, and word by word (so that "Erika Beispiel" also covers "beispiel")."""
    words: list[str] = []
    for text in texts:
        text = text.strip().lower()
        if not text:
            continue
        parts = [part for part in _WORD_SEPARATORS.split(text) if len(part) >= 3]
        for word in (text, "".join(parts), *parts):
            if word and word not in words:
                words.append(word)
    return tuple(words)


def profile_words(profile: Profile) -> tuple[str, ...]:
    """What an attacker knows about the caseload's owner, from the profile."""
    return personal_words(profile.case_manager, profile.organisation, profile.municipality)


def estimate_password(password: str, *, user_inputs: Iterable[str] = ()) -> PasswordEstimate:
    """Estimate ``password`` and apply the rule; ``user_inputs`` are words that must not help."""
    # zxcvbn fails on an empty string (IndexError); nothing is as weak as nothing.
    result = _zxcvbn(password[:ESTIMATED_CHARS], [*APP_WORDS, *user_inputs]) if password else {}
    score = int(result.get("score", 0))
    if len(password) < MIN_LENGTH:
        # The meter never calls a password strong that is refused anyway.
        score = min(score, MIN_SCORE - 1)
        reason = _("The password must be at least {n} characters long.").format(n=MIN_LENGTH)
        return PasswordEstimate(score, _(SCORE_LABELS[score]), acceptable=False, reason=reason)
    if score < MIN_SCORE:
        warning = _weakness(result.get("sequence") or [])
        better = _("Better: a few words that have nothing to do with each other.")
        return PasswordEstimate(
            score, _(SCORE_LABELS[score]), acceptable=False, reason=f"{warning} {better}"
        )
    return PasswordEstimate(score, _(SCORE_LABELS[score]), acceptable=True)


def check_new_password(password: str, *, user_inputs: Iterable[str] = ()) -> PasswordEstimate:
    """The estimate of an acceptable new password; BadInput with the reason otherwise."""
    estimate = estimate_password(password, user_inputs=user_inputs)
    if not estimate.acceptable:
        raise BadInput(estimate.reason)
    return estimate


def _zxcvbn(password: str, user_inputs: list[str]) -> dict[str, Any]:
    # Imported on first use: loading its word lists takes about 0.1 s, which commands that
    # set no password should not pay.
    from zxcvbn import zxcvbn

    with _zxcvbn_lock:
        return dict(zxcvbn(password, user_inputs=user_inputs, max_length=ESTIMATED_CHARS))


def _weakness(sequence: list[dict[str, Any]]) -> str:
    """Our own sentence for what makes the password guessable, from zxcvbn's longest match
    (as zxcvbn's own feedback does, which exists in English only). Never a part of it."""
    if not sequence:
        return _("This password is too easy to guess.")
    longest = max(sequence, key=lambda match: len(match.get("token", "")))
    pattern = longest.get("pattern")
    if pattern == "dictionary":
        dictionary = longest.get("dictionary_name")
        if dictionary == "user_inputs":
            return _("Your name, organisation, municipality and “kimdesk” are easy to guess.")
        if dictionary == "passwords":
            return _("It is, or is close to, one of the most common passwords.")
        if dictionary in ("surnames", "male_names", "female_names"):
            return _("First names and surnames are easy to guess.")
        return _("Single words are easy to guess.")
    sentences = {
        "spatial": _("Rows of keys like “qwertz” are easy to guess."),
        "repeat": _("Repeats like “aaa” or “abcabc” are easy to guess."),
        "sequence": _("Sequences like “abc” or “6543” are easy to guess."),
        "regex": _("Years and dates are easy to guess."),
        "date": _("Years and dates are easy to guess."),
    }
    return sentences.get(str(pattern), _("This password is too easy to guess."))
