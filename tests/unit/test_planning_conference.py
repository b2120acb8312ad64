"""The Planungskonferenz: eligible cases, the anonymised reconstruction, the review of free
texts, the bundle's PDF holding nothing that identifies a person, and the recorded result."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from kimdesk import planning_conference as pc
from kimdesk import themes
from kimdesk.caseload import Caseload
from kimdesk.demo import fill_demo
from kimdesk.domain.records import Goal, search_key
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.errors import BadInput
from kimdesk.lifecycle.erasure import erase_person
from kimdesk.printing.access_report import render_access_report
from kimdesk.printing.planning_conference import render_bundle
from kimdesk.report import privacy
from tests.conftest import PASSWORD, PROFILE, TODAY

UNREVIEWED = "Quokkaprojekt mit der Nachbarschaftshilfe"  # a text left unreviewed
MONTHS_DE = (
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()
)


@pytest.fixture
def demo(tmp_path: Path) -> Caseload:
    caseload = Caseload.create(tmp_path / "p.kimdesk", PASSWORD, PROFILE, today=lambda: TODAY)
    fill_demo(caseload, cases=14, seed=5, today=TODAY)
    yield caseload
    caseload.close()


def four(caseload: Caseload) -> list[int]:
    return [c.case_id for c in pc.candidates(caseload, TODAY)[:4]]


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "bundle.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def stored_dates(caseload: Caseload, case_ids: list[int]) -> set[date]:
    """Every date stored for the cases: in any column of any row that refers to them, and
    inside their forms' answers."""
    db, marks = caseload.db, ",".join("?" * len(case_ids))
    found: set[str] = set()
    tables = [r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        columns = [r[1] for r in db.query(f"PRAGMA table_info({table})")]
        if "case_id" in columns:
            for row in db.query(f"SELECT * FROM {table} WHERE case_id IN ({marks})", case_ids):
                found |= {str(v)[:10] for v in tuple(row) if isinstance(v, str)}
    for row in db.query(f"SELECT * FROM cases WHERE id IN ({marks})", case_ids):
        found |= {str(v)[:10] for v in tuple(row) if isinstance(v, str)}
    for row in db.query(
        "SELECT s.changed_on FROM referral_status_changes s JOIN referrals r "
        f"ON r.id = s.referral_id WHERE r.case_id IN ({marks})",
        case_ids,
    ):
        found.add(row[0])
    for (answers,) in db.query(
        f"SELECT answers FROM form_instances WHERE case_id IN ({marks})", case_ids
    ):
        found |= set(re.findall(r"\d{4}-\d{2}-\d{2}", answers))
    days = set()
    for text in found:
        try:
            days.add(date.fromisoformat(text))
        except ValueError:
            continue
    return days


def date_forms(day: date) -> list[str]:
    """Every way the PDF could print a day."""
    return [
        day.isoformat(),
        f"{day:%d.%m.%Y}",
        f"{day.day}.{day.month}.{day.year}",
        f"{day:%d.%m.%y}",
        f"{day:%d.%m.}",
        f"{day.day}. {MONTHS_DE[day.month - 1]} {day.year}",
        f"{MONTHS_DE[day.month - 1]} {day.year}",
        f"{day:%m/%Y}",
        f"{day:%Y-%m}",
    ]


def test_the_bundle_of_four_demo_cases_holds_nothing_that_identifies_a_person(
    demo: Caseload, tmp_path: Path
) -> None:
    cases = four(demo)
    demo.add_goal(Goal(cases[0], 3, UNREVIEWED, TODAY - timedelta(days=30), LifeDomain.SOCIAL))
    bundle = pc.prepare(demo, cases, TODAY)
    # The case manager releases every second text as it is (if it passes), never the new one.
    released = {
        t.key: t.original
        for t in bundle.texts[::2]
        if t.original != UNREVIEWED and bundle.problem(t.original) is None
    }
    assert released, "the demo has texts to release"
    text = pdf_text(render_bundle(bundle, released), tmp_path)
    flat = " ".join(text.split())
    words = set(re.findall(r"[^\W\d_]+", search_key(text)))

    # Released texts are there (proof the scan sees table cells), the unreviewed ones are not.
    assert all(" ".join(t.split()) in flat for t in released.values())
    assert "quokkaprojekt" not in words
    shown = set(released.values())
    unreleased = [t.original for t in bundle.texts if t.key not in released]
    for original in unreleased:
        if original not in shown and len(original) > 15:
            assert " ".join(original.split()) not in flat

    persons = demo.repo.report_identifiers()
    # Names: of everyone in the caseload, and of every agency's contact person.
    names = privacy.name_tokens(*(part for p in persons for part in p[:3]))
    contacts = {c for c, _p, _n in pc.PlanningRows(demo.db).agency_contacts() if c}
    names |= privacy.name_tokens(*contacts) - {"frau", "herr"}
    assert names and not names & words
    # Dates: none stored for these cases, in any form; no year at all.
    for day in stored_dates(demo, cases):
        for form in date_forms(day):
            assert form not in flat, form
    assert not re.search(r"\b(19|20)\d\d\b", flat)
    for _s, _g, _b, born, phone, email, street in persons:
        if born:
            assert not any(form in flat for form in date_forms(born))
        digits = re.sub(r"\D", "", phone)
        assert not digits or digits not in re.sub(r"\D", "", flat)
        assert not email or email not in text
        if street:
            assert " ".join(search_key(street).split()) not in " ".join(search_key(text).split())
    # Ages: no exact age, the age group only.
    assert not re.search(r"\d+\s*(jahre|jährig)", flat, re.IGNORECASE)
    for case in bundle.cases:
        assert case.age_group in privacy.AGE_GROUPS
    # Phone, file and case numbers: no run of five digits at all.
    assert not re.search(r"\d[\d \-/]{3,}\d", flat.replace(" (", "; ("))
    for row in demo.cases():
        assert row.case_number not in flat
    # Nationalities seen fewer than three times in the caseload do not show.
    counts = Counter(
        privacy.nationality_label(r[0]) for r in demo.db.query("SELECT nationality FROM persons")
    )
    rare = {n for n, k in counts.items() if k < privacy.MIN_GROUP and n in privacy.REGIONS}
    assert rare, "the demo caseload has rare nationalities"
    assert not {search_key(n) for n in rare} & words
    # The cover sheet's birth places never leave.
    for (answers,) in demo.db.query(
        "SELECT answers FROM form_instances WHERE kind = 'cover_sheet'"
    ):
        place = json.loads(answers).get("birth_place")
        if place and place != "unbekannt":
            assert search_key(place) not in words


def test_a_released_text_with_a_name_is_refused(demo: Caseload) -> None:
    bundle = pc.prepare(demo, four(demo), TODAY)
    text = bundle.texts[0]
    surname = demo.repo.report_identifiers()[-1][0]  # someone else's name: still refused
    with pytest.raises(BadInput) as refused:
        pc.check_release(bundle, text.key, f"Termin mit {surname} vereinbart")
    assert surname not in str(refused.value) and "Name" in str(refused.value)
    for bad in ("Gespräch am 3.4.2025", "Seit dem 12. März im Kurs", "Die Klientin ist 34 Jahre"):
        with pytest.raises(BadInput):
            pc.check_release(bundle, text.key, bad)
    # And the PDF leaves out a text that fails, even if handed in as released.
    assert bundle.cleared({text.key: f"bei {surname}"}) == {}


def test_a_text_left_unreviewed_is_absent_from_the_pdf(demo: Caseload, tmp_path: Path) -> None:
    cases = four(demo)
    demo.add_goal(Goal(cases[1], 3, UNREVIEWED, TODAY - timedelta(days=30), LifeDomain.SOCIAL))
    bundle = pc.prepare(demo, cases, TODAY)
    key = next(t.key for t in bundle.texts if t.original == UNREVIEWED)
    assert "Quokkaprojekt" not in pdf_text(render_bundle(bundle, {}), tmp_path)
    reworded = "Projekt mit der Nachbarschaftshilfe"
    assert reworded in pdf_text(render_bundle(bundle, {key: reworded}), tmp_path)


def test_only_closed_or_long_running_cases_with_three_domains_qualify(demo: Caseload) -> None:
    found = pc.candidates(demo, TODAY)
    assert len(found) >= 4
    for c in found:
        assert len(c.domains) >= pc.MIN_DOMAINS
        assert c.closed or c.months > pc.LONG_RUNNING_MONTHS
    chosen = {c.case_id for c in found}
    other = next(r.id for r in demo.cases() if r.id not in chosen)
    with pytest.raises(BadInput, match="Planungskonferenz"):
        pc.prepare(demo, [*four(demo)[:3], other], TODAY)
    with pytest.raises(BadInput):
        pc.prepare(demo, four(demo)[:2], TODAY)


def test_months_of_the_case_replace_dates() -> None:
    assert pc.month_of_case(date(2025, 3, 31), date(2025, 3, 1)) == 1
    assert pc.month_of_case(date(2026, 1, 2), date(2025, 12, 31)) == 2


def test_a_conference_is_recorded_with_its_themes_and_goes_with_an_erased_case(
    demo: Caseload, tmp_path: Path
) -> None:
    tmp = tmp_path
    cases = four(demo)
    bundle = pc.prepare(demo, cases, TODAY)
    text = next(t for t in bundle.texts if bundle.problem(t.original) is None)
    theme = themes.add_theme(
        demo, title="Anerkennung ausländischer Abschlüsse dauert zu lange", domain=None
    )
    held = TODAY - timedelta(days=1)
    before = len(pc.conferences(demo))
    conference = pc.record_conference(
        demo,
        held_on=held,
        case_ids=cases,
        approved={text.key: text.original + " (gekürzt)"},
        theme_ids=[theme],
    )
    recorded, *_older = pc.conferences(demo)
    assert len(pc.conferences(demo)) == before + 1
    assert (recorded.id, recorded.held_on, recorded.case_ids) == (conference, held, tuple(cases))
    assert recorded.theme_ids == (theme,) and recorded.texts == 1
    assert set(themes.theme(demo, theme).case_ids) == set(cases)
    released = [r for r in pc.released_texts(demo, text.case_id) if r.conference_id == conference]
    assert [r.text for r in released] == [text.original + " (gekürzt)"]
    # The client's Art. 15 information says so, with the text as released.
    report = pdf_text(render_access_report(demo, text.case_id, lang="de", printed_on=TODAY), tmp)
    assert "Planungskonferenzen, in denen Ihr Fall anonymisiert besprochen wurde" in report
    assert "(gekürzt)" in " ".join(report.split())
    never = next(
        c.id for c in demo.cases() if all(c.id not in x.case_ids for x in pc.conferences(demo))
    )
    other = pdf_text(render_access_report(demo, never, lang="de", printed_on=TODAY), tmp)
    assert "Planungskonferenzen" not in other

    person = demo.case(text.case_id).person_id
    erase_person(demo, person)
    [after] = [c for c in pc.conferences(demo) if c.id == conference]
    assert text.case_id not in after.case_ids and after.texts == 0
    assert pc.released_texts(demo, text.case_id) == []
    assert after.theme_ids == (theme,)


def test_recording_refuses_a_text_with_personal_data_and_keeps_nothing(demo: Caseload) -> None:
    cases = four(demo)
    before = pc.conferences(demo)
    bundle = pc.prepare(demo, cases, TODAY)
    surname = demo.repo.report_identifiers()[0][0]
    with pytest.raises(BadInput):
        pc.record_conference(
            demo,
            held_on=TODAY,
            case_ids=cases,
            approved={bundle.texts[0].key: f"Gespräch mit {surname}"},
            theme_ids=[],
        )
    with pytest.raises(BadInput):
        pc.record_conference(
            demo, held_on=TODAY + timedelta(days=1), case_ids=cases, approved={}, theme_ids=[]
        )
    assert pc.conferences(demo) == before


def test_the_demo_holds_a_past_planning_conference_with_themes(demo: Caseload) -> None:
    [conference] = pc.conferences(demo)
    assert len(conference.case_ids) == pc.MAX_CASES and len(conference.theme_ids) == 2
    assert conference.held_on < TODAY and conference.texts > 0
    linked = {t.id: set(t.case_ids) for t in themes.themes(demo)}
    assert all(set(conference.case_ids) <= linked[t] for t in conference.theme_ids)
