"""Schema migration 14: each case's contact and review figures, and each referral's latest
status, kept in their own rows.

The overview, the caseload count, the closure suggestions and the case list need, per case,
the last contact, the last counselling (a contact beyond a short referral), the last
unanswered attempt and the next unreviewed goal's review date. Asked of the contacts and
goals case by case, that is one index probe per case and query; kept in ``cases`` by
triggers, it is a column read, and the queries search indexes of ``cases`` alone. The same
for the referrals without news: each referral's latest status and its day.

The triggers cover every way a row changes (the dialogs, corrections, the import, the
handover, erasure): an insert moves the figure forward from the new row alone (the import
and the demo insert many); an update or delete recomputes the case's figures from its own
index range. Version 13 was already in caseload files when this was added, hence a
migration of its own.
"""

from __future__ import annotations

DESCRIPTION = (
    "each case's last contact, counselling, attempt and next review, and each referral's "
    "latest status, kept in their rows"
)

# The figures, straight from the tables: the backfill, the triggers after an update or delete
# and the test that compares them all use these. Part of a migration: once released, they
# stay as they are (a change is a new migration).
LAST_CONTACT = "SELECT max(contact_on) FROM contacts WHERE case_id = {case} AND attempt IS NULL"
LAST_COUNSELLING = (
    "SELECT max(contact_on) FROM contacts "
    "WHERE case_id = {case} AND attempt IS NULL AND short_referral = 0"
)
LAST_ATTEMPT = "SELECT max(contact_on) FROM contacts WHERE case_id = {case} AND attempt IS NOT NULL"
NEXT_REVIEW = "SELECT min(review_due) FROM goals WHERE case_id = {case} AND reviewed_on IS NULL"
AGGREGATES = {
    "last_contact_on": LAST_CONTACT,
    "last_counselling_on": LAST_COUNSELLING,
    "last_attempt_on": LAST_ATTEMPT,
    "next_review_due": NEXT_REVIEW,
}
CONTACT_COLUMNS = ("last_contact_on", "last_counselling_on", "last_attempt_on")
# A referral's status is its latest entry, by date, then id (schema migration 7).
LATEST_STATUS = (
    "SELECT {column} FROM referral_status_changes WHERE referral_id = {referral} "
    "ORDER BY changed_on DESC, id DESC LIMIT 1"
)
REFERRAL_AGGREGATES = {"latest_status": "status", "latest_status_on": "changed_on"}


def _recompute(columns: tuple[str, ...], cases: str) -> str:
    sets = ", ".join(f"{c} = ({AGGREGATES[c].format(case='cases.id')})" for c in columns)
    return f"UPDATE cases SET {sets} WHERE id IN ({cases});"


def _referral_status(referrals: str) -> str:
    sets = ", ".join(
        f"{column} = ({LATEST_STATUS.format(column=source, referral='referrals.id')})"
        for column, source in REFERRAL_AGGREGATES.items()
    )
    return f"UPDATE referrals SET {sets} WHERE id IN ({referrals});"


_ADD = "\n".join(
    [f"ALTER TABLE cases ADD COLUMN {column} TEXT;" for column in AGGREGATES]
    + [f"ALTER TABLE referrals ADD COLUMN {column} TEXT;" for column in REFERRAL_AGGREGATES]
)
_BACKFILL = (
    "\n".join(
        f"UPDATE cases SET {column} = ({sql.format(case='cases.id')});"
        for column, sql in AGGREGATES.items()
    )
    + "\n"
    + _referral_status("SELECT id FROM referrals")
)

SQL = f"""
{_ADD}
{_BACKFILL}

CREATE TRIGGER contacts_aggregate_insert AFTER INSERT ON contacts
BEGIN
    UPDATE cases SET
        last_contact_on = CASE WHEN NEW.attempt IS NULL
            THEN max(coalesce(last_contact_on, NEW.contact_on), NEW.contact_on)
            ELSE last_contact_on END,
        last_counselling_on = CASE WHEN NEW.attempt IS NULL AND NEW.short_referral = 0
            THEN max(coalesce(last_counselling_on, NEW.contact_on), NEW.contact_on)
            ELSE last_counselling_on END,
        last_attempt_on = CASE WHEN NEW.attempt IS NOT NULL
            THEN max(coalesce(last_attempt_on, NEW.contact_on), NEW.contact_on)
            ELSE last_attempt_on END
    WHERE id = NEW.case_id;
END;
CREATE TRIGGER contacts_aggregate_update
AFTER UPDATE OF case_id, contact_on, attempt, short_referral ON contacts
BEGIN
    {_recompute(CONTACT_COLUMNS, "OLD.case_id, NEW.case_id")}
END;
CREATE TRIGGER contacts_aggregate_delete AFTER DELETE ON contacts
BEGIN
    {_recompute(CONTACT_COLUMNS, "OLD.case_id")}
END;

CREATE TRIGGER goals_aggregate_insert AFTER INSERT ON goals
WHEN NEW.reviewed_on IS NULL AND NEW.review_due IS NOT NULL
BEGIN
    UPDATE cases SET next_review_due = min(coalesce(next_review_due, NEW.review_due),
                                           NEW.review_due)
    WHERE id = NEW.case_id;
END;
CREATE TRIGGER goals_aggregate_update AFTER UPDATE OF case_id, review_due, reviewed_on ON goals
BEGIN
    {_recompute(("next_review_due",), "OLD.case_id, NEW.case_id")}
END;
CREATE TRIGGER goals_aggregate_delete AFTER DELETE ON goals
BEGIN
    {_recompute(("next_review_due",), "OLD.case_id")}
END;

CREATE TRIGGER referral_status_aggregate_insert AFTER INSERT ON referral_status_changes
BEGIN
    {_referral_status("NEW.referral_id")}
END;
CREATE TRIGGER referral_status_aggregate_update
AFTER UPDATE OF referral_id, status, changed_on ON referral_status_changes
BEGIN
    {_referral_status("OLD.referral_id, NEW.referral_id")}
END;
CREATE TRIGGER referral_status_aggregate_delete AFTER DELETE ON referral_status_changes
BEGIN
    {_referral_status("OLD.referral_id")}
END;

-- The caseload count: the open cases after screening with the first conversation (admitted
-- or a contact), and the cases by their last counselling; the closure suggestions: the open
-- admitted cases by the day since which they are quiet (only the cases suggested are read).
CREATE INDEX cases_conversation_held
    ON cases(phase, person_id, admitted_on, last_contact_on)
    WHERE admitted_on IS NOT NULL OR last_contact_on IS NOT NULL;
CREATE INDEX cases_by_counselling ON cases(last_counselling_on, person_id)
    WHERE last_counselling_on IS NOT NULL;
CREATE INDEX cases_quiet_since ON cases(phase, coalesce(last_contact_on, admitted_on))
    WHERE admitted_on IS NOT NULL;
-- The referrals without news: the open statuses, each a range of days.
CREATE INDEX referrals_by_latest_status ON referrals(latest_status, latest_status_on);
"""
