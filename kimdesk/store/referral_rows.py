"""The SQL of following referrals up (schema migration 7): each referral's status history,
its result and whether the need was met. No rules live here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kimdesk.domain.referral_status import NeedMet, ReferralStatus, StatusChange
from kimdesk.store.database import Database

# The latest entry of a referral's history (by date, then by id), optionally up to a day.
_LATEST = (
    "SELECT {column} FROM referral_status_changes WHERE referral_id = r.id{until} "
    "ORDER BY changed_on DESC, id DESC LIMIT 1"
)


@dataclass(frozen=True)
class OpenReferralRow:
    referral_id: int
    case_id: int
    case_number: str
    service_id: int | None
    status: ReferralStatus
    since: date


@dataclass(frozen=True)
class ReportRow:
    """A referral as the monthly report sees it on the month's last day: no free text."""

    domain: str | None
    service_domains: str  # the directory entry's domains as stored, "" if none
    status: ReferralStatus
    since: date
    need_met: NeedMet | None


def _change(status: str, on: str) -> StatusChange:
    return StatusChange(ReferralStatus(status), date.fromisoformat(on))


class ReferralRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def referral_case(self, referral_id: int) -> int | None:
        value = self.db.scalar("SELECT case_id FROM referrals WHERE id = ?", (referral_id,))
        return None if value is None else int(value)

    def history(self, referral_id: int) -> list[StatusChange]:
        rows = self.db.query(
            "SELECT status, changed_on FROM referral_status_changes WHERE referral_id = ? "
            "ORDER BY changed_on, id",
            (referral_id,),
        )
        return [_change(r[0], r[1]) for r in rows]

    def histories(self, case_id: int) -> dict[int, list[StatusChange]]:
        """Every referral's history of a case, by referral id."""
        rows = self.db.query(
            "SELECT s.referral_id, s.status, s.changed_on FROM referral_status_changes s "
            "JOIN referrals r ON r.id = s.referral_id WHERE r.case_id = ? "
            "ORDER BY s.referral_id, s.changed_on, s.id",
            (case_id,),
        )
        found: dict[int, list[StatusChange]] = {}
        for referral_id, status, on in rows:
            found.setdefault(referral_id, []).append(_change(status, on))
        return found

    def outcomes(self, case_id: int) -> dict[int, tuple[str, NeedMet | None]]:
        """(result, need met) of every referral of a case, by referral id."""
        rows = self.db.query(
            "SELECT id, result, need_met FROM referrals WHERE case_id = ?", (case_id,)
        )
        return {r[0]: (r[1], NeedMet(r[2]) if r[2] else None) for r in rows}

    def add_change(self, referral_id: int, status: ReferralStatus, on: date) -> None:
        self.db.execute(
            "INSERT INTO referral_status_changes(referral_id, status, changed_on) VALUES (?, ?, ?)",
            (referral_id, status.value, on.isoformat()),
        )

    def set_first_status(self, referral_id: int, status: ReferralStatus) -> None:
        """The status the referral was recorded with (the insert trigger wrote the default)."""
        self.db.execute(
            "UPDATE referral_status_changes SET status = ? WHERE id = "
            "(SELECT min(id) FROM referral_status_changes WHERE referral_id = ?)",
            (status.value, referral_id),
        )

    def delete_last_change(self, referral_id: int) -> None:
        self.db.execute(
            "DELETE FROM referral_status_changes WHERE id = (SELECT id FROM "
            "referral_status_changes WHERE referral_id = ? ORDER BY changed_on DESC, id DESC "
            "LIMIT 1)",
            (referral_id,),
        )

    def replace_history(self, referral_id: int, changes: Iterable[StatusChange]) -> None:
        """A history brought in whole (a handover): it replaces the one the trigger began."""
        self.db.execute("DELETE FROM referral_status_changes WHERE referral_id = ?", (referral_id,))
        self.db.executemany(
            "INSERT INTO referral_status_changes(referral_id, status, changed_on) VALUES (?, ?, ?)",
            [(referral_id, c.status.value, c.on.isoformat()) for c in changes],
        )

    def ids_after(self, referral_id: int) -> list[int]:
        """The referrals inserted after ``referral_id``, in that order (ids only grow)."""
        rows = self.db.query("SELECT id FROM referrals WHERE id > ? ORDER BY id", (referral_id,))
        return [r[0] for r in rows]

    def last_id(self) -> int:
        return int(self.db.scalar("SELECT coalesce(max(id), 0) FROM referrals"))

    def add_changes(self, changes: Iterable[tuple[int, StatusChange]]) -> None:
        self.db.executemany(
            "INSERT INTO referral_status_changes(referral_id, status, changed_on) VALUES (?, ?, ?)",
            [(i, c.status.value, c.on.isoformat()) for i, c in changes],
        )

    def set_outcomes(self, outcomes: Iterable[tuple[int, str, NeedMet | None]]) -> None:
        self.db.executemany(
            "UPDATE referrals SET result = ?, need_met = ? WHERE id = ?",
            [(result, need.value if need else None, i) for i, result, need in outcomes],
        )

    def set_outcome(self, referral_id: int, result: str, need_met: NeedMet | None) -> None:
        self.db.execute(
            "UPDATE referrals SET result = ?, need_met = ? WHERE id = ?",
            (result, need_met.value if need_met else None, referral_id),
        )

    def report_rows(self, start: date, end: date) -> list[ReportRow]:
        """Every referral made by ``end`` of a case not ended before ``start`` (the report's
        active cases), with its status on ``end``."""
        until = " AND changed_on <= :end"
        rows = self.db.query(
            "SELECT r.domain, coalesce(v.domains, ''), r.need_met, "
            f"({_LATEST.format(column='status', until=until)}), "
            f"({_LATEST.format(column='changed_on', until=until)}) "
            "FROM referrals r JOIN cases c ON c.id = r.case_id "
            "LEFT JOIN services v ON v.id = r.service_id "
            "WHERE r.referred_on <= :end AND (c.closed_on IS NULL OR c.closed_on >= :start)",
            {"start": start.isoformat(), "end": end.isoformat()},
        )
        return [
            ReportRow(
                domain=r[0],
                service_domains=r[1],
                status=ReferralStatus(r[3]),
                since=date.fromisoformat(r[4]),
                need_met=NeedMet(r[2]) if r[2] else None,
            )
            for r in rows
            if r[3] is not None  # a history that begins after the day: not yet made then
        ]
