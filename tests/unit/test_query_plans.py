"""The overview's queries read indexes, not whole tables (EXPLAIN QUERY PLAN on a real
encrypted caseload), give the same figures as the rules applied to every case, and a
caseload of schema 12 gets the indexes and the cases' own figures when it is opened."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from kimdesk.caseload import Caseload
from kimdesk.demo import DEMO_PROFILE, fill_demo
from kimdesk.domain.referral_status import NO_NEWS_DAYS, OPEN_STATUSES, ReferralStatus
from kimdesk.domain.rules import (
    REVIEW_NOTICE_DAYS,
    activity_of,
    caseload_count,
    closure_suggested,
)
from kimdesk.lifecycle.erasure import add_years, due_for_erasure
from kimdesk.overview import dashboard_data, erasure_due, groups_of
from kimdesk.store.database import Database
from kimdesk.store.overview_rows import OVERVIEW_QUERIES
from kimdesk.store.repository import CASE_LIST_SQL
from kimdesk.store.schema import MIGRATIONS, latest_version
from kimdesk.store.schema_aggregates import SQL as AGGREGATE_SQL
from kimdesk.store.schema_indexes import SQL as INDEX_SQL
from tests.conftest import PASSWORD, TODAY

BIG_TABLES = (
    "contacts",
    "form_instances",
    "goals",
    "referrals",
    "referral_status_changes",
    "audit_log",
    "cases",
    "persons",
    "consents",
)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "demo.kimdesk"
    caseload = Caseload.create(path, PASSWORD, DEMO_PROFILE, today=lambda: TODAY)
    try:
        fill_demo(caseload, cases=60, seed=5, today=TODAY)
    finally:
        caseload.close()
    return path


@pytest.fixture
def demo(demo_file: Path):  # type: ignore[no-untyped-def]
    caseload = Caseload.open(demo_file, PASSWORD, today=lambda: TODAY)
    yield caseload
    caseload.close()


def plan(caseload: Caseload, sql: str, params: dict[str, object]) -> list[str]:
    return [str(row[3]) for row in caseload.db.query("EXPLAIN QUERY PLAN " + sql, params)]


@pytest.mark.parametrize("name", sorted(OVERVIEW_QUERIES))
def test_each_overview_query_reads_an_index(demo: Caseload, name: str) -> None:
    sql, params = OVERVIEW_QUERIES[name]
    steps = plan(demo, sql, params)
    for step in steps:
        words = step.split()
        if words[0] == "SCAN" and not words[1].startswith("("):  # a table, not a subquery
            # Only the partial index made for the drafts is read whole: it holds no more.
            assert "USING COVERING INDEX form_instances_drafts" in step, (name, steps)
        for table in BIG_TABLES:
            assert not step.startswith(f"SCAN {table}"), (name, steps)
    assert any("INDEX" in step or "PRIMARY KEY" in step for step in steps), (name, steps)


def test_the_drafts_contacts_and_goals_come_from_their_indexes(demo: Caseload) -> None:
    drafts = " ".join(plan(demo, *OVERVIEW_QUERIES["drafts"]))
    assert "form_instances_drafts" in drafts
    goals = " ".join(plan(demo, *OVERVIEW_QUERIES["goal reviews due"]))
    assert "goals_review_open" in goals
    count = " ".join(plan(demo, *OVERVIEW_QUERIES["caseload count"]))
    assert "cases_conversation_held" in count and "cases_by_counselling" in count
    dormant = " ".join(plan(demo, *OVERVIEW_QUERIES["closure suggestions"]))
    assert "cases_quiet_since" in dormant
    stale = " ".join(plan(demo, *OVERVIEW_QUERIES["referrals without news"]))
    assert "referrals_by_latest_status" in stale and "referral_status_changes" not in stale
    one = plan(demo, *OVERVIEW_QUERIES["one case"])
    assert one[0].startswith("SEARCH c USING INTEGER PRIMARY KEY")


@pytest.mark.parametrize(
    "sql", [*(sql for sql, _params in OVERVIEW_QUERIES.values()), CASE_LIST_SQL]
)
def test_no_query_probes_the_contacts_case_by_case(demo: Caseload, sql: str) -> None:
    """The cases' and referrals' own figures (schema migration 14) replace a probe of the
    contacts, goals or status entries per case or referral."""
    params = next((p for s, p in OVERVIEW_QUERIES.values() if s == sql), {})
    steps = plan(demo, sql, params)
    assert not any("CORRELATED" in step for step in steps), steps
    joined = " ".join(steps)
    first_contact = "SEARCH contacts USING COVERING INDEX contacts_by_day"  # one min()
    assert "contacts" not in joined.replace(first_contact, ""), steps
    assert "goals" not in joined or "goals_review_open" in joined, steps


def stale_from_status_history(demo: Caseload, on: date) -> list[tuple[int, object, date]]:
    """The referrals without news straight from each one's status history (the query before
    the latest status was kept on the referral, schema 14)."""
    latest = (
        "SELECT {column} FROM referral_status_changes WHERE referral_id = r.id "
        "ORDER BY changed_on DESC, id DESC LIMIT 1"
    )
    open_keys = ", ".join(f"'{s.value}'" for s in sorted(OPEN_STATUSES))
    rows = demo.db.query(
        f"SELECT * FROM (SELECT r.id, ({latest.format(column='status')}) AS status, "
        f"({latest.format(column='changed_on')}) AS since "
        "FROM referrals r JOIN cases c ON c.id = r.case_id "
        "WHERE c.phase NOT IN ('closed', 'not_admitted')) "
        f"WHERE status IN ({open_keys}) AND since <= ? ORDER BY since, id",
        ((on - timedelta(days=NO_NEWS_DAYS)).isoformat(),),
    )
    return [(r[0], ReferralStatus(r[1]), date.fromisoformat(r[2])) for r in rows]


@pytest.mark.parametrize("days", [0, 40, 400])
def test_the_overview_gives_what_the_rules_give_over_every_case(demo: Caseload, days: int) -> None:
    on = TODAY + timedelta(days=days)
    overview = demo.overview(on)
    cases = demo.cases()
    assert overview.open_cases == sum(row.phase.is_open for row in cases)
    assert overview.caseload_count == caseload_count(demo.activities(), on)
    assert overview.closure_suggestions == tuple(
        row for row in cases if closure_suggested(activity_of(row), on)
    )
    due = demo.repo.goals_due(on + timedelta(days=REVIEW_NOTICE_DAYS))
    assert [(g.goal_id, g.case_id, g.review_due) for g in overview.reviews_due] == [
        (goal_id, goal.case_id, goal.review_due) for goal_id, goal in due
    ]
    assert list(overview.drafts) == demo.drafts()
    assert [(r.referral_id, r.status, r.since) for r in overview.stale_referrals] == (
        stale_from_status_history(demo, on)
    )
    assert overview.closure_suggestions and overview.drafts and overview.reviews_due


def test_the_overview_on_an_earlier_day_leaves_out_later_counselling(demo: Caseload) -> None:
    for on in (date(2026, 6, 1), date(2026, 9, 15)):
        assert demo.overview(on).caseload_count == caseload_count(demo.activities(), on)


def test_the_persons_due_for_erasure_come_from_the_closed_cases(demo: Caseload) -> None:
    years = demo.profile().retention_years
    for later in (TODAY, add_years(TODAY, years + 1), add_years(TODAY, years + 3)):
        assert erasure_due(demo, later) == due_for_erasure(demo, later)
    assert erasure_due(demo, add_years(TODAY, years + 3))


def test_groups_of_some_cases_match_the_overview(demo: Caseload) -> None:
    data = dashboard_data(demo)
    cases = demo.cases()
    groups = groups_of(demo, cases, TODAY)
    for group, members in data.groups.items():
        assert groups[group] == set(members), group
    named = {row.id for row in data.overview.closure_suggestions}
    assert named <= set(data.labels)


def test_a_caseload_of_schema_12_gets_the_indexes_and_figures(tmp_path: Path) -> None:
    path = tmp_path / "old.kimdesk"
    Database.create(path, PASSWORD, migrations=MIGRATIONS[:12]).close()
    caseload = Caseload.open(path, PASSWORD, today=lambda: TODAY)
    try:
        assert caseload.db.schema_version == latest_version() == 14
        names = {
            row[0] for row in caseload.db.query("SELECT name FROM sqlite_master WHERE type='index'")
        }
        wanted = {
            line.split()[2]
            for line in (INDEX_SQL + AGGREGATE_SQL).splitlines()
            if "CREATE INDEX" in line
        }
        assert wanted and wanted <= names
        assert caseload.overview().open_cases == 0
        columns = {row[1] for row in caseload.db.query("PRAGMA table_info(cases)")}
        assert {"last_contact_on", "last_counselling_on", "next_review_due"} <= columns
    finally:
        caseload.close()
