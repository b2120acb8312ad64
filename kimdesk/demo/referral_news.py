"""What came of the demo's referrals: most are accepted and end (completed, refused, broken
off) with a result and whether the need was met; some stay open, and those of open cases
older than six weeks show on the overview as referrals without news."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from kimdesk.domain.records import Referral
from kimdesk.domain.referral_status import NeedMet, ReferralStatus, StatusChange
from kimdesk.store.referral_rows import ReferralRows

T = TypeVar("T")
S = ReferralStatus
# Where a referral ends up; "agreed" stays as recorded, without any news.
OUTCOMES = {S.COMPLETED: 56, S.REFUSED: 10, S.BROKEN_OFF: 8, S.ACCEPTED: 16, S.AGREED: 10}
NEEDS = {
    S.COMPLETED: {NeedMet.YES: 6, NeedMet.PARTLY: 3, NeedMet.NO: 1},
    S.BROKEN_OFF: {NeedMet.PARTLY: 1, NeedMet.NO: 2},
    S.REFUSED: {NeedMet.NO: 1},
}
RESULTS = {
    S.COMPLETED: (
        "Angebot wahrgenommen, Anliegen geklärt",
        "Antrag gestellt und bewilligt",
        "Beratung abgeschlossen, nächste Schritte vereinbart",
        "Platz erhalten und angetreten",
        "Unterlagen vollständig eingereicht",
    ),
    S.REFUSED: (
        "Keine freien Plätze, Warteliste",
        "Angebot nicht zuständig",
        "Voraussetzungen nicht erfüllt",
    ),
    S.BROKEN_OFF: (
        "Kurs wegen der Arbeitszeiten abgebrochen",
        "Termine nicht wahrgenommen",
        "Träger hat das Angebot eingestellt",
    ),
    S.ACCEPTED: ("Erstgespräch hat stattgefunden", "Platz zugesagt, Beginn im nächsten Monat"),
}


@dataclass(frozen=True)
class News:
    changes: tuple[StatusChange, ...]  # after the referral's own first entry
    result: str = ""
    need_met: NeedMet | None = None


def _pick(rng: random.Random, weights: Mapping[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def referral_news(rng: random.Random, referral: Referral, end: date) -> News:
    """The course of one referral up to ``end`` (the case's end, or today)."""
    days = (end - referral.referred_on).days
    outcome = _pick(rng, OUTCOMES)
    if days < 7 or outcome is S.AGREED:
        return News(())
    answered = referral.referred_on + timedelta(rng.randint(2, min(days, 21)))
    if outcome is S.REFUSED:
        return News(
            (StatusChange(S.REFUSED, answered),), rng.choice(RESULTS[S.REFUSED]), NeedMet.NO
        )
    accepted = StatusChange(S.ACCEPTED, answered)
    room = (end - answered).days
    if outcome is S.ACCEPTED or room < 7:
        return News((accepted,), rng.choice(RESULTS[S.ACCEPTED]) if rng.random() < 0.5 else "")
    ended = StatusChange(outcome, answered + timedelta(rng.randint(7, room)))
    return News((accepted, ended), rng.choice(RESULTS[outcome]), _pick(rng, NEEDS[outcome]))


def write_news(rows: ReferralRows, first_id: int, news: Sequence[News]) -> None:
    """The news of the referrals inserted after ``first_id``, in the order they were made."""
    ids = rows.ids_after(first_id)
    assert len(ids) == len(news), "every demo referral has its news"
    rows.add_changes(
        (i, change) for i, item in zip(ids, news, strict=True) for change in item.changes
    )
    rows.set_outcomes(
        (i, item.result, item.need_met) for i, item in zip(ids, news, strict=True) if item.changes
    )
