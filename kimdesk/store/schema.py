"""The caseload schema as numbered migrations; ``PRAGMA user_version`` holds the number.

Append a migration to change the schema; never edit a released one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from kimdesk.domain.phases import Phase
from kimdesk.domain.referral_status import FIRST_STATUS, NeedMet, ReferralStatus
from kimdesk.domain.vocabulary import (
    Achievement,
    AttemptChannel,
    ClosureReason,
    ConsentKind,
    FormStatus,
    LifeDomain,
    Setting,
)
from kimdesk.store import (
    schema_aggregates,
    schema_conferences,
    schema_indexes,
    schema_planning,
    schema_system_work,
)
from kimdesk.store.audit_chain import AUDIT_CHAIN_SQL, seal_existing_entries


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    sql: str
    # A step SQL cannot do (hashing), run on the connection after ``sql``, in the same
    # transaction; it sees the raw connection, as ``sql`` does.
    after: Callable[[Any], None] | None = None


def _keys(enum: type[Enum]) -> str:
    return ", ".join(f"'{m.value}'" for m in enum)


_V1 = f"""
CREATE TABLE profile (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE persons (
    id INTEGER PRIMARY KEY,
    surname TEXT NOT NULL,
    given_names TEXT NOT NULL,
    birth_name TEXT NOT NULL DEFAULT '',
    birth_date TEXT,
    gender TEXT NOT NULL DEFAULT '',
    nationality TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    street TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    search_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX persons_search ON persons(search_key);

CREATE TABLE cases (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    case_number TEXT NOT NULL UNIQUE,
    pseudonym TEXT NOT NULL UNIQUE,
    phase TEXT NOT NULL CHECK (phase IN ({_keys(Phase)})),
    opened_on TEXT NOT NULL,
    admitted_on TEXT,
    closed_on TEXT,
    closure_reason TEXT
        CHECK (closure_reason IS NULL OR closure_reason IN ({_keys(ClosureReason)})),
    closure_note TEXT NOT NULL DEFAULT '',
    access_route TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    CHECK ((phase = 'closed') = (closure_reason IS NOT NULL))
);
-- One case manager per person, and one open case episode per person.
CREATE UNIQUE INDEX one_open_case_per_person ON cases(person_id)
    WHERE phase NOT IN ('closed', 'not_admitted');

CREATE TABLE phase_changes (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    from_phase TEXT,
    to_phase TEXT NOT NULL,
    changed_on TEXT NOT NULL
);
CREATE INDEX phase_changes_by_case ON phase_changes(case_id);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    contact_on TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes >= 0),
    setting TEXT NOT NULL CHECK (setting IN ({_keys(Setting)})),
    topics TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    short_referral INTEGER NOT NULL DEFAULT 0 CHECK (short_referral IN (0, 1))
);
CREATE INDEX contacts_by_case ON contacts(case_id, contact_on);
CREATE INDEX contacts_by_day ON contacts(contact_on);

CREATE TABLE consents (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ({_keys(ConsentKind)})),
    signed_on TEXT NOT NULL,
    language TEXT NOT NULL,
    agencies TEXT NOT NULL DEFAULT '[]',
    restrictions TEXT NOT NULL DEFAULT '',
    withdrawn_on TEXT
);
CREATE INDEX consents_by_case ON consents(case_id);

-- Every version of a form definition an instance was saved under, by content digest, so that
-- old instances keep rendering after forms/ changes.
CREATE TABLE form_definitions (
    digest TEXT PRIMARY KEY,
    form_key TEXT NOT NULL,
    version INTEGER NOT NULL,
    definition TEXT NOT NULL
);

CREATE TABLE form_instances (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    form_key TEXT NOT NULL,
    form_version INTEGER NOT NULL,
    definition_digest TEXT NOT NULL REFERENCES form_definitions(digest),
    kind TEXT NOT NULL,
    domain TEXT CHECK (domain IS NULL OR domain IN ({_keys(LifeDomain)})),
    status TEXT NOT NULL CHECK (status IN ({_keys(FormStatus)})),
    recorded_on TEXT NOT NULL,
    answers TEXT NOT NULL DEFAULT '{{}}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX form_instances_by_case ON form_instances(case_id, form_key, recorded_on);

-- The consent rule, kept by the database too: the domain layer checks first and explains;
-- these triggers make sure no other path (import, a bug) stores form data without it.
-- Only the screening, often filled by a referring service, comes before the consent.
CREATE TRIGGER form_instances_need_consent BEFORE INSERT ON form_instances
WHEN NEW.kind <> 'screening' AND NOT EXISTS (
    SELECT 1 FROM consents
    WHERE case_id = NEW.case_id AND kind = 'data_processing'
      AND signed_on <= NEW.recorded_on
      AND (withdrawn_on IS NULL OR withdrawn_on > NEW.recorded_on)
)
BEGIN
    SELECT RAISE(ABORT, 'consent required before form data');
END;

CREATE TRIGGER form_instances_keep_consent BEFORE UPDATE ON form_instances
WHEN NEW.kind <> 'screening' AND NOT EXISTS (
    SELECT 1 FROM consents
    WHERE case_id = NEW.case_id AND kind = 'data_processing'
      AND signed_on <= NEW.recorded_on
      AND (withdrawn_on IS NULL OR withdrawn_on > NEW.recorded_on)
)
BEGIN
    SELECT RAISE(ABORT, 'consent required before form data');
END;

CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 3),
    title TEXT NOT NULL,
    domain TEXT CHECK (domain IS NULL OR domain IN ({_keys(LifeDomain)})),
    agreed_on TEXT NOT NULL,
    review_due TEXT,
    reviewed_on TEXT,
    achievement TEXT CHECK (achievement IS NULL OR achievement IN ({_keys(Achievement)})),
    achievement_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX goals_by_case ON goals(case_id);
CREATE INDEX goals_by_review ON goals(review_due);

CREATE TABLE services (
    id INTEGER PRIMARY KEY,
    provider TEXT NOT NULL,
    offer TEXT NOT NULL,
    contact_person TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    domains TEXT NOT NULL DEFAULT ''
);

CREATE TABLE referrals (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
    service_id INTEGER REFERENCES services(id) ON DELETE SET NULL,
    referred_on TEXT NOT NULL,
    domain TEXT CHECK (domain IS NULL OR domain IN ({_keys(LifeDomain)})),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX referrals_by_case ON referrals(case_id);

-- What was done when; never personal data in ``detail``.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    case_id INTEGER REFERENCES cases(id) ON DELETE SET NULL,
    detail TEXT NOT NULL DEFAULT ''
);
"""

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "caseload: persons, cases, contacts, consents, assessments, goals, "
        "services, referrals, audit log",
        _V1,
    ),
    Migration(
        2,
        "search keys: dotless i, l with stroke, o with stroke and d with stroke as plain letters",
        # search_key() now maps these letters, which have no decomposition, to plain ones;
        # keys stored before kept them verbatim, so replacing them gives the new keys.
        "UPDATE persons SET search_key = "
        "replace(replace(replace(replace(search_key, 'ı', 'i'), 'ł', 'l'), 'ø', 'o'), 'đ', 'd');",
    ),
    Migration(
        3,
        "dialog drafts: input typed into a dialog, kept across a lock",
        # One draft per dialog and case (NULL for a dialog of no case, e.g. a new case); the
        # values are the dialog's fields as JSON. They go with the case when it is deleted.
        """
CREATE TABLE dialog_drafts (
    id INTEGER PRIMARY KEY,
    dialog TEXT NOT NULL,
    case_id INTEGER REFERENCES cases(id) ON DELETE CASCADE,
    field_values TEXT NOT NULL
);
CREATE UNIQUE INDEX one_dialog_draft ON dialog_drafts(dialog, ifnull(case_id, 0));
""",
    ),
    Migration(
        4,
        "audit log: each entry chained to the one before by a SHA-256 hash",
        AUDIT_CHAIN_SQL,
        after=seal_existing_entries,
    ),
    Migration(
        5,
        "form corrections: a correction replaces a finished form, the earlier one is kept",
        # corrects_id: the finished form a correction replaces; superseded_on: the day a
        # finished correction replaced this one. Plain columns, no foreign key action: an
        # action would update rows and so run the consent triggers in the middle of a delete.
        """
ALTER TABLE form_instances ADD COLUMN corrects_id INTEGER;
ALTER TABLE form_instances ADD COLUMN superseded_on TEXT;
CREATE INDEX form_instances_corrections ON form_instances(corrects_id);
""",
    ),
    Migration(
        6,
        "contact attempts: a contact row may be an unanswered attempt, which counts as none",
        # attempt: NULL for a contact (so every earlier row stays one), else how the attempt
        # was made. An attempt has no duration, topics or short referral; its setting is only
        # the nearest of the five, as the column must hold one. The partial indexes keep
        # "last contact" and "last attempt" per case as quick as the plain index was (with
        # ``attempt`` in them they cover the query: no row is read).
        f"""
ALTER TABLE contacts ADD COLUMN attempt TEXT CHECK (
    attempt IS NULL OR (
        attempt IN ({_keys(AttemptChannel)})
        AND minutes = 0 AND topics = '' AND short_referral = 0
    )
);
CREATE INDEX contacts_reached ON contacts(case_id, contact_on, attempt) WHERE attempt IS NULL;
CREATE INDEX contacts_attempted ON contacts(case_id, contact_on, attempt)
    WHERE attempt IS NOT NULL;
""",
    ),
    Migration(
        7,
        "referrals followed up: a status history, the result and whether the need was met",
        # The history is the truth: a referral's status is its latest entry (by date, then
        # id), its first entry the referral itself, dated with it. A referral recorded before
        # had been agreed with the client and made: it starts "agreed" on its date. The
        # triggers keep the first entry for every way a referral comes in (the dialog, the
        # handover, the demo) and keep its date with the referral's when that is corrected.
        f"""
ALTER TABLE referrals ADD COLUMN result TEXT NOT NULL DEFAULT '';
ALTER TABLE referrals ADD COLUMN need_met TEXT
    CHECK (need_met IS NULL OR need_met IN ({_keys(NeedMet)}));
CREATE TABLE referral_status_changes (
    id INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ({_keys(ReferralStatus)})),
    changed_on TEXT NOT NULL
);
CREATE INDEX referral_status_by_referral ON referral_status_changes(referral_id, changed_on, id);
INSERT INTO referral_status_changes(referral_id, status, changed_on)
    SELECT id, '{FIRST_STATUS.value}', referred_on FROM referrals ORDER BY id;
CREATE TRIGGER referrals_first_status AFTER INSERT ON referrals
BEGIN
    INSERT INTO referral_status_changes(referral_id, status, changed_on)
    VALUES (NEW.id, '{FIRST_STATUS.value}', NEW.referred_on);
END;
CREATE TRIGGER referrals_first_status_date AFTER UPDATE OF referred_on ON referrals
BEGIN
    UPDATE referral_status_changes SET changed_on = NEW.referred_on
    WHERE id = (SELECT min(id) FROM referral_status_changes WHERE referral_id = NEW.id);
END;
""",
    ),
    Migration(
        8,
        "consents that act: agencies withdrawn one by one from a release, and what the client "
        "excluded from a needs conference",
        # agency: one of the release's agencies as consents.agencies holds it. A participant
        # (an agency or person who must not take part) or a topic (a key of the signed form's
        # topics, kimdesk.consent_scope.Topic) the client crossed out on the conference form.
        """
CREATE TABLE consent_agency_withdrawals (
    id INTEGER PRIMARY KEY,
    consent_id INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
    agency TEXT NOT NULL,
    withdrawn_on TEXT NOT NULL,
    UNIQUE (consent_id, agency)
);
CREATE TABLE conference_exclusions (
    id INTEGER PRIMARY KEY,
    consent_id INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('participant', 'topic')),
    value TEXT NOT NULL,
    UNIQUE (consent_id, kind, value)
);
""",
    ),
    Migration(
        9,
        "service directory: an entry may be deactivated",
        # A deactivated offer is not offered for new referrals; the referrals that name it
        # keep it (and still show it), which is why a named offer is deactivated, not removed.
        """
ALTER TABLE services ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));
""",
    ),
    Migration(10, schema_conferences.DESCRIPTION, schema_conferences.SQL),
    Migration(11, schema_system_work.DESCRIPTION, schema_system_work.SQL),
    Migration(12, schema_planning.DESCRIPTION, schema_planning.SQL),
    Migration(13, schema_indexes.DESCRIPTION, schema_indexes.SQL),
    Migration(14, schema_aggregates.DESCRIPTION, schema_aggregates.SQL),
)


def latest_version(migrations: tuple[Migration, ...] = MIGRATIONS) -> int:
    return migrations[-1].version if migrations else 0
