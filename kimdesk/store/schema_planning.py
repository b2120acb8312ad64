"""Schema migration 12: planning conferences (owned by kimdesk/planning_conference.py)."""

DESCRIPTION = "planning conferences: anonymised cases discussed, their generative themes"

# A conference is the case manager's own system work: it stays when a case discussed in it
# is erased or handed over; the rows that say which case was discussed and which of its free
# texts the case manager released (as released, not the original) go with the case.
SQL = """
CREATE TABLE planning_conferences (
    id INTEGER PRIMARY KEY,
    held_on TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE planning_conference_cases (
    conference_id INTEGER NOT NULL REFERENCES planning_conferences(id) ON DELETE CASCADE,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (conference_id, case_id)
);
CREATE INDEX planning_conference_cases_by_case ON planning_conference_cases(case_id);

-- source: which free text of the case (kimdesk.planning_conference.FreeText.key).
CREATE TABLE planning_conference_texts (
    id INTEGER PRIMARY KEY,
    conference_id INTEGER NOT NULL REFERENCES planning_conferences(id) ON DELETE CASCADE,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    label TEXT NOT NULL,
    approved_text TEXT NOT NULL,
    UNIQUE (conference_id, source)
);
CREATE INDEX planning_conference_texts_by_case ON planning_conference_texts(case_id);

CREATE TABLE planning_conference_themes (
    conference_id INTEGER NOT NULL REFERENCES planning_conferences(id) ON DELETE CASCADE,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (conference_id, theme_id)
);
"""
