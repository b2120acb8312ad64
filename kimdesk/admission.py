"""Admitting a person: the person and their first case are written together or not at all.

A person without a case appears in no list, so the two inserts must share one transaction.
Case numbers (``YYYY-NNNN``, counted per year of opening) and pseudonyms are read from the
store once per transaction and then counted up in memory: admitting many persons (an import)
stays linear in the number of persons.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from kimdesk.domain.identifiers import CaseNumber, new_pseudonym
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import CaseRef, PersonData
from kimdesk.store.repository import Repository


@dataclass(frozen=True)
class Admitted:
    """The new person and their first case."""

    person_id: int
    case: CaseRef


class Admissions:
    """Hands out case numbers and pseudonyms and writes admissions.

    Use one instance inside one open write transaction (``Database.transaction``, which
    begins IMMEDIATE): what it read stays true only while no one else can write.
    """

    def __init__(self, repo: Repository, *, rng: random.Random | None = None) -> None:
        self._repo = repo
        self._rng = rng
        self._next_numbers: dict[int, CaseNumber] = {}
        self._taken: set[str] | None = None

    def case_number(self, year: int) -> str:
        """The next free number of ``year``; the store is asked once per year."""
        number = self._next_numbers.get(year) or self._repo.next_case_number(year)
        self._next_numbers[year] = number.next()
        return str(number)

    def pseudonym(self) -> str:
        """A random pseudonym not yet given (the store is read once)."""
        if self._taken is None:
            self._taken = self._repo.pseudonyms()
        while True:
            candidate = new_pseudonym(self._rng)
            if candidate not in self._taken:
                self._taken.add(candidate)
                return candidate

    def open_case(
        self,
        person_id: int,
        *,
        phase: Phase,
        opened_on: date,
        admitted_on: date | None = None,
        access_route: str = "",
    ) -> CaseRef:
        number, pseudonym = self.case_number(opened_on.year), self.pseudonym()
        case_id = self._repo.insert_case(
            person_id=person_id,
            case_number=number,
            pseudonym=pseudonym,
            phase=phase,
            opened_on=opened_on,
            admitted_on=admitted_on,
            access_route=access_route,
        )
        return CaseRef(case_id, number, pseudonym)

    def admit(
        self,
        person: PersonData,
        *,
        phase: Phase = Phase.SCREENING,
        opened_on: date,
        admitted_on: date | None = None,
        access_route: str = "",
    ) -> Admitted:
        """Insert the person and open their first case (the caller holds the transaction)."""
        person_id = self._repo.insert_person(person)
        case = self.open_case(
            person_id,
            phase=phase,
            opened_on=opened_on,
            admitted_on=admitted_on,
            access_route=access_route,
        )
        return Admitted(person_id, case)
