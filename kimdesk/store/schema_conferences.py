"""Schema migration 10: case conferences (owned by kimdesk/case_conference.py)."""

DESCRIPTION = (
    "case conferences: prepared and recorded conferences with the agencies of one case, "
    "their participants and tasks"
)

# held_on is NULL while the conference is only prepared. A participant is an agency as the
# cover sheet names it ("Jobcenter: Jobcenter Solingen"), or "Case Management" / the client;
# kind 'invited' at the preparation, 'present' (who took part) when it is recorded.
# A task's responsible is such a participant, not necessarily a person; done_on NULL = open.
SQL = """
CREATE TABLE case_conferences (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    planned_on TEXT NOT NULL,
    held_on TEXT,
    agenda TEXT NOT NULL DEFAULT '',
    agreements TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_conferences_by_case ON case_conferences(case_id, planned_on, id);
CREATE TABLE case_conference_participants (
    id INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES case_conferences(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('invited', 'present')),
    agency TEXT NOT NULL,
    UNIQUE (conference_id, kind, agency)
);
CREATE TABLE case_conference_tasks (
    id INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES case_conferences(id) ON DELETE CASCADE,
    description TEXT NOT NULL,
    responsible TEXT NOT NULL,
    due_on TEXT NOT NULL,
    done_on TEXT
);
CREATE INDEX case_conference_tasks_open ON case_conference_tasks(done_on, due_on);
"""
