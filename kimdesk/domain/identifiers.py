"""Case numbers (kept inside) and pseudonyms (the only identifier that leaves the laptop)."""

from __future__ import annotations

import random
import re
import secrets
from dataclasses import dataclass

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: codes are read aloud and copied by hand.
PSEUDONYM_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
PSEUDONYM_PATTERN = re.compile(rf"^[{PSEUDONYM_ALPHABET}]{{3}}-[{PSEUDONYM_ALPHABET}]{{3}}$")
CASE_NUMBER_PATTERN = re.compile(r"^(\d{4})-(\d{4,})$")


def new_pseudonym(rng: random.Random | None = None) -> str:
    """A random code like ``K7M-4QX``, never derived from personal data."""
    chooser = rng or secrets.SystemRandom()
    chars = "".join(chooser.choice(PSEUDONYM_ALPHABET) for _ in range(6))
    return f"{chars[:3]}-{chars[3:]}"


@dataclass(frozen=True, order=True)
class CaseNumber:
    """The case manager's own filing number, ``YYYY-NNNN``: sequential, so internal only."""

    year: int
    sequence: int

    def __str__(self) -> str:
        return f"{self.year}-{self.sequence:04d}"

    @classmethod
    def parse(cls, text: str) -> CaseNumber:
        match = CASE_NUMBER_PATTERN.match(text)
        if not match:
            raise ValueError("not a case number")
        return cls(int(match.group(1)), int(match.group(2)))

    def next(self) -> CaseNumber:
        return CaseNumber(self.year, self.sequence + 1)
