"""Schema migration 11: system work (owned by kimdesk/themes.py, kimdesk/service_gaps.py and
kimdesk/network_time.py): generative themes, service gaps and interface problems, network time.

Themes and gaps are system-level facts and hold no client data; they reach cases only through
the link tables, whose rows go with a case when it is erased (ON DELETE CASCADE), while the
theme or gap itself stays in the catalogue.
"""

from kimdesk.domain.vocabulary import LifeDomain

DESCRIPTION = "system work: generative themes, service gaps and interface problems, network time"

_DOMAINS = ", ".join(f"'{d.value}'" for d in LifeDomain)

SQL = f"""
CREATE TABLE themes (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    domain TEXT CHECK (domain IS NULL OR domain IN ({_DOMAINS})),
    description TEXT NOT NULL DEFAULT '',
    noted_on TEXT NOT NULL
);

-- A theme's status history, oldest first; the latest row is its status.
CREATE TABLE theme_status_changes (
    id INTEGER PRIMARY KEY,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('observed', 'reported', 'in_work', 'solved')),
    changed_on TEXT NOT NULL
);
CREATE INDEX theme_status_by_theme ON theme_status_changes(theme_id);

CREATE TABLE theme_cases (
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    linked_on TEXT NOT NULL,
    PRIMARY KEY (theme_id, case_id)
);
CREATE INDEX theme_cases_by_case ON theme_cases(case_id);

-- kind: 'gap' (Angebotslücke, no service exists) or 'interface' (Schnittstellenproblem: a
-- service exists but access fails; service_id names its directory entry where there is one).
CREATE TABLE service_gaps (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('gap', 'interface')),
    domain TEXT CHECK (domain IS NULL OR domain IN ({_DOMAINS})),
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    noted_on TEXT NOT NULL,
    service_id INTEGER REFERENCES services(id) ON DELETE SET NULL
);
CREATE INDEX service_gaps_by_date ON service_gaps(noted_on);

CREATE TABLE gap_cases (
    gap_id INTEGER NOT NULL REFERENCES service_gaps(id) ON DELETE CASCADE,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    PRIMARY KEY (gap_id, case_id)
);
CREATE INDEX gap_cases_by_case ON gap_cases(case_id);

CREATE TABLE theme_gaps (
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    gap_id INTEGER NOT NULL REFERENCES service_gaps(id) ON DELETE CASCADE,
    PRIMARY KEY (theme_id, gap_id)
);

-- Time for network work, conferences and working groups: no client data.
CREATE TABLE network_time (
    id INTEGER PRIMARY KEY,
    worked_on TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('network', 'conference', 'working_group')),
    minutes INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
    topic TEXT NOT NULL DEFAULT ''
);
CREATE INDEX network_time_by_date ON network_time(worked_on);
"""
