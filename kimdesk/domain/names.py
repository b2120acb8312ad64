"""How a person's name is shown: "Surname, Given names", in that order in any script."""

from __future__ import annotations

LRM = "\u200e"  # LEFT-TO-RIGHT MARK: an invisible left-to-right letter
FSI = "\u2068"  # FIRST STRONG ISOLATE: the part takes the direction of its own first letter
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE: ends the part
MARKS = LRM + FSI + PDI  # invisible; printing drops them (PDF fonts have no glyphs for them)


def display_name(surname: str, given_names: str) -> str:
    """``"Surname, Given names"`` with each part's direction isolated (Unicode FSI … PDI).

    Without the isolates an Arabic surname before a Cyrillic given name makes the bidi
    algorithm treat the comma as part of the right-to-left run, and the line reads
    "олена ,حداد". Isolated, each part is laid out on its own and the line keeps the order
    surname, comma, given names. The leading LRM makes the line itself left to right, as
    the German text around it: widgets that guess a paragraph's direction from its first
    strong letter would otherwise guess right-to-left from the Arabic surname (Qt 6.11's
    text documents, as in the selectable case header, do not skip isolates when guessing).
    Printing draws the parts in this order and drops the marks (``kimdesk.printing.text``).
    """
    surname, given_names = surname.strip(), given_names.strip()
    if not given_names:
        return f"{LRM}{FSI}{surname}{PDI}"
    return f"{LRM}{FSI}{surname}{PDI}, {FSI}{given_names}{PDI}"
