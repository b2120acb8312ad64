"""Schema migration 13: indexes for the overview and the one-case row (kimdesk.overview).

Every query behind the overview reads a few index entries instead of every contact, form or
goal: the open cases by phase, the unreviewed goals by review date, the drafts (a partial
index: finished forms, the bulk of the table, are not in it), the contacts by day, each
referral's latest status,
the closed cases by day (the retention rule) and a person's cases. No key holds personal
data: dates, phases, ids and form keys only.
"""

DESCRIPTION = "indexes for the overview: open cases, reviews due, drafts, counselling, retention"

SQL = """
CREATE INDEX cases_by_phase ON cases(phase, admitted_on, person_id);
CREATE INDEX cases_by_person ON cases(person_id);
CREATE INDEX cases_by_closure ON cases(closed_on) WHERE closed_on IS NOT NULL;
CREATE INDEX cases_by_opening ON cases(opened_on);
CREATE INDEX cases_by_admission ON cases(admitted_on) WHERE admitted_on IS NOT NULL;
CREATE INDEX goals_review_open ON goals(review_due, case_id, position)
    WHERE reviewed_on IS NULL;
CREATE INDEX form_instances_drafts ON form_instances(updated_at, id, case_id, form_key)
    WHERE status = 'draft';
CREATE INDEX contacts_reached_by_day ON contacts(contact_on, case_id, short_referral, attempt)
    WHERE attempt IS NULL;
CREATE INDEX referral_status_latest
    ON referral_status_changes(referral_id, changed_on, id, status);
CREATE INDEX referrals_by_day ON referrals(referred_on);
CREATE INDEX audit_by_action ON audit_log(action);
"""
