"""Following referrals up (Linking/Leistungssteuerung): each referral's status with the date of
every change, its result and whether the client got what they needed; the open referrals
without news for the overview; the figures of the monthly report.

The case manager keeps the case responsibility while others counsel the client, so kimdesk
keeps where each referral stands and says when one has gone quiet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from kimdesk.domain.records import Referral, Service
from kimdesk.domain.referral_status import (
    FIRST_STATUS,
    REFUSALS,
    NeedMet,
    ReferralStatus,
    StatusChange,
    check_status_change,
)
from kimdesk.domain.vocabulary import LifeDomain, topics_from_text
from kimdesk.errors import BadInput
from kimdesk.i18n import _
from kimdesk.store.referral_rows import ReferralRows, ReportRow

if TYPE_CHECKING:
    from kimdesk.caseload import Caseload

STATUS_CHANGED, STATUS_UNDONE = "referral.status", "referral.status_undone"


@dataclass(frozen=True)
class FollowUp:
    """A referral with where it stands: ``history`` oldest first, never empty."""

    referral_id: int
    referral: Referral
    history: tuple[StatusChange, ...]
    result: str = field(default="", repr=False)
    need_met: NeedMet | None = None

    @property
    def status(self) -> ReferralStatus:
        return self.history[-1].status

    @property
    def since(self) -> date:
        """The day of the last change (the referral's own date if none followed)."""
        return self.history[-1].on

    @property
    def is_open(self) -> bool:
        return self.status.is_open


def service_label(service: Service | None) -> str:
    if service is None:
        return ""
    return f"{service.provider} – {service.offer}" if service.offer else service.provider


class ReferralFollowUps:
    """The referral follow-up of one open caseload."""

    def __init__(self, caseload: Caseload) -> None:
        self._caseload = caseload
        self._db = caseload.db
        self._rows = ReferralRows(caseload.db)

    # -- reading ---------------------------------------------------------------------------

    def of_case(self, case_id: int) -> list[FollowUp]:
        """Every referral of a case with its history, oldest first."""
        histories = self._rows.histories(case_id)
        outcomes = self._rows.outcomes(case_id)
        return [
            FollowUp(
                referral_id,
                referral,
                # The schema gives each one a first entry; should it lack one, the referral
                # is what it was before its status was kept: agreed on its date.
                tuple(
                    histories.get(referral_id) or [StatusChange(FIRST_STATUS, referral.referred_on)]
                ),
                *outcomes.get(referral_id, ("", None)),
            )
            for referral_id, referral in self._caseload.repo.referrals(case_id)
        ]

    def follow_up(self, referral_id: int) -> FollowUp:
        case_id = self._rows.referral_case(referral_id)
        if case_id is None:
            raise BadInput(_("This referral no longer exists."))
        return next(f for f in self.of_case(case_id) if f.referral_id == referral_id)

    # -- writing ---------------------------------------------------------------------------

    def record(self, referral: Referral, status: ReferralStatus = FIRST_STATUS) -> int:
        """A new referral, proposed, agreed or already accepted on its date."""
        if not status.is_open:
            raise BadInput(_("A new referral is proposed, agreed or accepted."))
        if referral.referred_on > self._caseload.today:
            raise BadInput(_("A referral cannot lie in the future."))
        with self._db.transaction():
            referral_id = self._caseload.repo.insert_referral(referral)
            if status is not FIRST_STATUS:
                self._rows.set_first_status(referral_id, status)
            self._caseload.repo.append_audit("referral.added", referral.case_id, status.value)
        return referral_id

    def change_status(
        self,
        referral_id: int,
        status: ReferralStatus,
        *,
        on: date | None = None,
        result: str | None = None,
        need_met: NeedMet | None = None,
    ) -> None:
        """Record news: the new status on ``on`` (today by default). ``result`` replaces the
        result when given; ``need_met`` goes with an ending status (required to complete)."""
        on = on or self._caseload.today
        current = self.follow_up(referral_id)
        check_status_change(
            current.history, status, on, today=self._caseload.today, need_met=need_met
        )
        text = current.result if result is None else result.strip()
        with self._db.transaction():
            self._rows.add_change(referral_id, status, on)
            self._rows.set_outcome(referral_id, text, need_met)
            self._caseload.repo.append_audit(
                STATUS_CHANGED,
                current.referral.case_id,
                f"{current.status.value}->{status.value}",
            )

    def undo_last_change(self, referral_id: int) -> None:
        """Take back the last status change recorded by mistake; an ended referral is open
        again and loses whether the need was met. The referral itself stays."""
        current = self.follow_up(referral_id)
        if len(current.history) < 2:
            raise BadInput(
                _("There is no status change to undo; remove the referral if it was a mistake.")
            )
        before = current.history[-2].status
        with self._db.transaction():
            self._rows.delete_last_change(referral_id)
            self._rows.set_outcome(referral_id, current.result, None)
            self._caseload.repo.append_audit(
                STATUS_UNDONE, current.referral.case_id, f"{current.status.value}->{before.value}"
            )

    def check_corrected_date(self, referral_id: int, referred_on: date) -> None:
        """A corrected referral date moves its first history entry: it may not pass a later
        change (the schema's trigger moves the entry)."""
        history = self._rows.history(referral_id)
        if len(history) > 1 and referred_on > history[1].on:
            raise BadInput(
                _("The referral cannot be dated after its first status change ({date}).").format(
                    date=history[1].on.strftime("%d.%m.%Y")
                )
            )

    # -- the handover ----------------------------------------------------------------------

    @staticmethod
    def handover_values(follow_up: FollowUp) -> dict[str, Any]:
        """What goes with a referral in a handover file, besides the referral's fields."""
        return {
            "status_history": [
                {"status": c.status.value, "on": c.on.isoformat()} for c in follow_up.history
            ],
            "result": follow_up.result,
            "need_met": follow_up.need_met.value if follow_up.need_met else None,
        }

    def take_over(self, referral_id: int, values: dict[str, Any]) -> None:
        """Inside the import's transaction: a handed-over referral's history and outcome. A
        file of a kimdesk before schema 7 has none: its referrals stay agreed on their date.
        Malformed values raise KeyError or ValueError, which the import reports as damaged."""
        sent = values.get("status_history")
        if sent:
            history = [
                StatusChange(ReferralStatus(c["status"]), date.fromisoformat(c["on"])) for c in sent
            ]
            self._rows.replace_history(referral_id, history)
        need = values.get("need_met")
        self._rows.set_outcome(
            referral_id, str(values.get("result") or ""), NeedMet(need) if need else None
        )


# -- the monthly report ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralFigures:
    """The referral figures of one month: counts only, no names, no free text.

    ``by_status``: every referral of the month's active cases as it stood on the month's
    last day, if it was still open then or ended within the month (an ended referral is
    counted in its month only; the open ones of a case count until the case ends).
    ``refusals``: referrals refused or broken off within the month, by the type of service,
    which is its life domain (the directory keeps no other type; provider and offer are
    free text and may name people). ``need_met``: the referrals ended within the month.
    """

    by_status: dict[ReferralStatus, int]
    refusals: dict[LifeDomain | None, int]
    need_met: dict[NeedMet, int]


def service_type(row: ReportRow) -> LifeDomain | None:
    """The referral's life domain; else the directory entry's, if it has exactly one."""
    if row.domain:
        return LifeDomain(row.domain)
    domains = topics_from_text(row.service_domains)
    return next(iter(domains)) if len(domains) == 1 else None


def report_figures(caseload: Caseload, start: date, end: date) -> ReferralFigures:
    rows = ReferralRows(caseload.db).report_rows(start, end)
    ended_in_month = [r for r in rows if not r.status.is_open and r.since >= start]
    counted = [r for r in rows if r.status.is_open] + ended_in_month
    statuses = Counter(r.status for r in counted)
    refusals = Counter(service_type(r) for r in ended_in_month if r.status in REFUSALS)
    needs = Counter(r.need_met for r in ended_in_month if r.need_met is not None)
    return ReferralFigures(
        by_status={s: statuses[s] for s in ReferralStatus},
        refusals={**{d: refusals[d] for d in LifeDomain}, None: refusals[None]},
        need_met={n: needs[n] for n in NeedMet},
    )
