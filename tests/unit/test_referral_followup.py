"""Referrals followed up (Leistungssteuerung): status changes with their dates, the overview's
referrals without news, the monthly report's figures and their merge, the migration from
schema 6, and the history through corrections, handover, erasure and the Art. 15 report.
All on real encrypted caseloads with the day injected."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from kimdesk.caseload import Caseload
from kimdesk.demo import fill_demo
from kimdesk.domain.phases import Phase
from kimdesk.domain.records import Profile, Referral, Service
from kimdesk.domain.referral_status import NO_NEWS_DAYS, NeedMet, ReferralStatus, StatusChange
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.errors import BadInput
from kimdesk.lifecycle import handover_file
from kimdesk.lifecycle.erasure import erase_person
from kimdesk.lifecycle.handover import build_payload, export_case, import_handover
from kimdesk.printing.access_report import render_access_report
from kimdesk.referral_followup import STATUS_CHANGED, STATUS_UNDONE
from kimdesk.report.merge import merge_reports, read_report, write_merged
from kimdesk.report.month import build_month_report
from kimdesk.report.workbook import write_workbook
from kimdesk.store.database import Database
from kimdesk.store.schema import MIGRATIONS, latest_version
from tests.conftest import PASSWORD, PROFILE, TODAY, make_person
from tests.unit.erasure_pages import found_values
from tests.unit.test_access_report import pdf_text, squeezed

S = ReferralStatus
REFERRED = date(2026, 9, 1)
RESULT = "Platz im Kurs ab Januar Ergebnistext"


def open_case(caseload: Caseload, surname: str = "Yılmaz") -> int:
    person = caseload.add_person(make_person(surname))
    return caseload.open_case(person, opened_on=date(2026, 2, 2)).id


def history(caseload: Caseload, referral_id: int) -> list[tuple[ReferralStatus, date]]:
    return [(c.status, c.on) for c in caseload.referral_follow_ups.follow_up(referral_id).history]


def history_rows(caseload: Caseload) -> int:
    return int(caseload.db.scalar("SELECT count(*) FROM referral_status_changes"))


# -- status changes --------------------------------------------------------------------------


def test_each_status_change_is_kept_with_its_date(caseload: Caseload) -> None:
    case_id = open_case(caseload)
    referral_id = caseload.add_referral(Referral(case_id, REFERRED, note="Kurs"), S.PROPOSED)
    follow_ups = caseload.referral_follow_ups
    follow_ups.change_status(referral_id, S.AGREED, on=date(2026, 9, 3))
    follow_ups.change_status(referral_id, S.ACCEPTED, on=date(2026, 9, 20), result="Zusage")
    follow_ups.change_status(
        referral_id, S.COMPLETED, on=date(2026, 11, 2), result=RESULT, need_met=NeedMet.PARTLY
    )

    follow_up = follow_ups.follow_up(referral_id)
    assert history(caseload, referral_id) == [
        (S.PROPOSED, REFERRED),
        (S.AGREED, date(2026, 9, 3)),
        (S.ACCEPTED, date(2026, 9, 20)),
        (S.COMPLETED, date(2026, 11, 2)),
    ]
    assert follow_up.status is S.COMPLETED and follow_up.since == date(2026, 11, 2)
    assert follow_up.result == RESULT and follow_up.need_met is NeedMet.PARTLY
    assert not follow_up.is_open
    # the audit log says what changed, never the result
    changes = [e.detail for e in caseload.repo.audit_entries(STATUS_CHANGED)]
    assert changes == ["proposed->agreed", "agreed->accepted", "accepted->completed"]
    assert all(RESULT not in e.detail for e in caseload.audit_log())


def test_a_change_without_a_date_is_dated_today(caseload: Caseload) -> None:
    referral_id = caseload.add_referral(Referral(open_case(caseload), REFERRED, note="x"))
    caseload.referral_follow_ups.change_status(referral_id, S.ACCEPTED)
    assert history(caseload, referral_id)[-1] == (S.ACCEPTED, TODAY)


@pytest.mark.parametrize(
    ("status", "on", "need", "message"),
    [
        (S.ACCEPTED, TODAY + timedelta(days=1), None, "Zukunft"),
        (
            S.ACCEPTED,
            REFERRED - timedelta(days=1),
            None,
            r"vor der letzten Änderung \(01.09.2026\)",
        ),
        (S.AGREED, TODAY, None, "hat diesen Stand bereits"),
        (S.COMPLETED, TODAY, None, "ob die Person bekommen hat"),
        (S.ACCEPTED, TODAY, NeedMet.YES, "erst beim Ende"),
    ],
)
def test_a_change_the_history_does_not_allow_is_refused(
    caseload: Caseload, status: ReferralStatus, on: date, need: NeedMet | None, message: str
) -> None:
    referral_id = caseload.add_referral(Referral(open_case(caseload), REFERRED, note="x"))
    with pytest.raises(BadInput, match=message):
        caseload.referral_follow_ups.change_status(referral_id, status, on=on, need_met=need)
    assert history(caseload, referral_id) == [(S.AGREED, REFERRED)]  # nothing written


def test_an_ended_referral_takes_no_more_news_but_its_last_change_can_be_undone(
    caseload: Caseload,
) -> None:
    referral_id = caseload.add_referral(Referral(open_case(caseload), REFERRED, note="x"))
    follow_ups = caseload.referral_follow_ups
    follow_ups.change_status(
        referral_id, S.REFUSED, on=date(2026, 10, 1), result="Warteliste", need_met=NeedMet.NO
    )
    with pytest.raises(BadInput, match="ist beendet"):
        follow_ups.change_status(referral_id, S.ACCEPTED, on=TODAY)

    follow_ups.undo_last_change(referral_id)

    follow_up = follow_ups.follow_up(referral_id)
    assert history(caseload, referral_id) == [(S.AGREED, REFERRED)]
    assert follow_up.is_open and follow_up.need_met is None and follow_up.result == "Warteliste"
    assert [e.detail for e in caseload.repo.audit_entries(STATUS_UNDONE)] == ["refused->agreed"]
    with pytest.raises(BadInput, match="keine Statusänderung"):
        follow_ups.undo_last_change(referral_id)  # the referral itself is removed, not undone


def test_a_new_referral_starts_open_and_not_in_the_future(caseload: Caseload) -> None:
    case_id = open_case(caseload)
    with pytest.raises(BadInput, match="vorgeschlagen, vereinbart oder angenommen"):
        caseload.add_referral(Referral(case_id, REFERRED, note="x"), S.COMPLETED)
    with pytest.raises(BadInput, match="Zukunft"):
        caseload.add_referral(Referral(case_id, TODAY + timedelta(days=1), note="x"))
    assert caseload.referrals(case_id) == [] and history_rows(caseload) == 0


# -- the overview ----------------------------------------------------------------------------


def test_the_overview_lists_a_referral_without_news_after_six_weeks_and_not_before(
    caseload: Caseload,
) -> None:
    case_id = open_case(caseload)
    service = caseload.add_service(Service("Diakonie", "Schuldnerberatung"))
    referral_id = caseload.add_referral(Referral(case_id, REFERRED, service), S.AGREED)
    assert NO_NEWS_DAYS == 42

    assert caseload.overview(REFERRED + timedelta(days=41)).stale_referrals == ()
    (stale,) = caseload.overview(REFERRED + timedelta(days=42)).stale_referrals
    assert (stale.referral_id, stale.case_id, stale.status, stale.since) == (
        referral_id,
        case_id,
        S.AGREED,
        REFERRED,
    )
    assert stale.service == "Diakonie"  # whom to ask
    assert stale.case_number == caseload.case(case_id).case_number

    # news: six weeks start again from the change
    accepted_on = REFERRED + timedelta(days=50)
    caseload.referral_follow_ups.change_status(referral_id, S.ACCEPTED, on=accepted_on)
    assert caseload.overview(accepted_on + timedelta(days=41)).stale_referrals == ()
    assert len(caseload.overview(accepted_on + timedelta(days=42)).stale_referrals) == 1


def test_ended_referrals_and_closed_cases_are_not_listed(caseload: Caseload) -> None:
    open_id = open_case(caseload, "Offen")
    ended = caseload.add_referral(Referral(open_id, REFERRED, note="beendet"))
    caseload.referral_follow_ups.change_status(
        ended, S.COMPLETED, on=REFERRED, need_met=NeedMet.YES
    )
    closed_id = open_case(caseload, "Geschlossen")
    caseload.add_referral(Referral(closed_id, REFERRED, note="offen, Fall beendet"))
    caseload.move_to(closed_id, Phase.NOT_ADMITTED, on=date(2026, 9, 2))
    assert caseload.overview(TODAY).stale_referrals == ()


# -- the monthly report and the merge --------------------------------------------------------

MONTH = "2026-10"


def referral(
    caseload: Caseload,
    case_id: int,
    on: str,
    *changes: tuple[ReferralStatus, str],
    first: ReferralStatus = S.AGREED,
    domain: LifeDomain | None = None,
    service: int | None = None,
    need: NeedMet | None = None,
) -> int:
    referral_id = caseload.add_referral(
        Referral(case_id, date.fromisoformat(on), service, domain, note="Notiztext"), first
    )
    for index, (status, day) in enumerate(changes):
        last = index == len(changes) - 1
        caseload.referral_follow_ups.change_status(
            referral_id,
            status,
            on=date.fromisoformat(day),
            result=RESULT,
            need_met=need if last and not status.is_open else None,
        )
    return referral_id


def small_caseload(caseload: Caseload) -> None:
    """Referrals whose October figures are counted by hand in the test below."""
    one, two = open_case(caseload, "Erste"), open_case(caseload, "Zweite")
    practice = caseload.add_service(
        Service(
            "Praxis Dr. Zwetschgenbaum", "Psychotherapie", domains=frozenset({LifeDomain.HEALTH})
        )
    )
    # A: ended in September: not October's
    referral(caseload, one, "2026-09-10", (S.COMPLETED, "2026-09-30"), need=NeedMet.YES)
    # B: agreed in September, still open at the end of October
    referral(caseload, one, "2026-09-15")
    # C: proposed in October
    referral(caseload, one, "2026-10-05", first=S.PROPOSED)
    # D: accepted, then refused in October; a housing service
    referral(
        caseload,
        two,
        "2026-10-02",
        (S.ACCEPTED, "2026-10-10"),
        (S.REFUSED, "2026-10-20"),
        domain=LifeDomain.HOUSING,
    )
    # E: broken off in October; the type is the directory entry's only domain
    referral(
        caseload,
        two,
        "2026-09-01",
        (S.BROKEN_OFF, "2026-10-25"),
        service=practice,
        need=NeedMet.NO,
    )
    # F: completed in October, need met
    referral(
        caseload,
        two,
        "2026-10-03",
        (S.COMPLETED, "2026-10-28"),
        domain=LifeDomain.FINANCES,
        need=NeedMet.YES,
    )
    # G: accepted only in November: agreed at the end of October
    referral(caseload, two, "2026-10-10", (S.ACCEPTED, "2026-11-05"), domain=LifeDomain.MIGRATION)
    # H: made in November: not yet there
    referral(caseload, two, "2026-11-02")
    # I: refused in November: agreed at the end of October, no refusal in October
    referral(caseload, one, "2026-10-12", (S.REFUSED, "2026-11-03"))
    # J: still agreed, but its case ended in September: not October's
    ended = open_case(caseload, "Dritte")
    referral(caseload, ended, "2026-09-05")
    caseload.move_to(ended, Phase.NOT_ADMITTED, on=date(2026, 9, 20))


HAND_COUNT = {
    "referral_status.proposed": 1,  # C
    "referral_status.agreed": 3,  # B, G, I
    "referral_status.accepted": 0,
    "referral_status.refused": 1,  # D
    "referral_status.broken_off": 1,  # E
    "referral_status.completed": 1,  # F
    "referral_refusals.housing": 1,  # D
    "referral_refusals.health": 1,  # E, by the directory entry
    "referral_need_met.yes": 1,  # F
    "referral_need_met.partly": 0,
    "referral_need_met.no": 1,  # E
}


def meta(data: bytes) -> dict[str, object]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {row[0]: row[1] for row in book["_kimdesk"].iter_rows(values_only=True)}


def test_the_report_counts_equal_a_hand_count(caseload: Caseload) -> None:
    small_caseload(caseload)
    report = build_month_report(caseload, MONTH)
    figures = report.referral_figures
    assert {f"referral_status.{s.value}": n for s, n in figures.by_status.items()} == {
        k: v for k, v in HAND_COUNT.items() if k.startswith("referral_status.")
    }
    # made in October, by life domain (C, D, F, G, I)
    assert report.referrals[LifeDomain.HOUSING] == 1 and report.referrals[LifeDomain.FINANCES] == 1
    assert report.referrals[LifeDomain.MIGRATION] == 1 and report.referrals[None] == 2

    data = write_workbook(report)
    values = meta(data)
    for key, count in HAND_COUNT.items():
        assert values[key] == count, key
    other_refusals = [
        key for key in values if str(key).startswith("referral_refusals.") and key not in HAND_COUNT
    ]
    assert other_refusals and all(values[key] == 0 for key in other_refusals)

    book = openpyxl.load_workbook(io.BytesIO(data))
    overview = [row for row in book["Übersicht"].iter_rows(values_only=True)]
    block = [row[0] for row in overview].index(
        "Abgelehnt oder abgebrochen im Monat, nach Angebotsart (Lebensbereich)"
    )
    assert overview[block + 1 : block + 3] == [("Gesundheit", 1), ("Wohnsituation", 1)]
    assert overview[block + 3] in ((None, None), (None,), ())
    cells = {str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row}
    # service types only: no provider, offer, result, note or name
    for text in ("Zwetschgenbaum", "Psychotherapie", RESULT, "Notiztext", "Erste", "Zweite"):
        assert not any(text in cell for cell in cells), text


def test_merge_reports_sums_the_referral_figures(caseload: Caseload, tmp_path: Path) -> None:
    small_caseload(caseload)
    other = Caseload.create(
        tmp_path / "other.kimdesk",
        PASSWORD,
        replace(PROFILE, case_manager="Anton Kollege"),
        today=lambda: TODAY,
    )
    try:
        case_id = open_case(other, "Dritte")
        referral(other, case_id, "2026-10-01", (S.REFUSED, "2026-10-09"), domain=LifeDomain.HOUSING)
        referral(other, case_id, "2026-10-02", first=S.ACCEPTED)
        paths = []
        for name, source in (("eb.xlsx", caseload), ("ak.xlsx", other)):
            path = tmp_path / name
            path.write_bytes(write_workbook(build_month_report(source, MONTH)))
            paths.append(path)
    finally:
        other.close()

    merged = merge_reports(read_report(path) for path in paths)

    expected = HAND_COUNT | {
        "referral_status.refused": 2,
        "referral_status.accepted": 1,
        "referral_refusals.housing": 2,
    }
    for key, count in expected.items():
        assert merged.totals[key] == count, key
    district = openpyxl.load_workbook(io.BytesIO(write_merged(merged)))["Bezirk"]
    rows = {row[2]: (row[0], row[1]) for row in district.iter_rows(values_only=True)}
    assert rows["referral_refusals.housing"] == (
        "Abgelehnt oder abgebrochen, Angebotsart: Wohnsituation",
        2,
    )
    assert rows["referral_status.accepted"] == ("Vermittlungen am Monatsende: angenommen", 1)
    assert rows["referral_need_met.no"] == ("Beendete Vermittlungen, Bedarf gedeckt: nein", 1)


# -- migration, corrections, handover, erasure, Art. 15 --------------------------------------


def test_a_schema_6_caseload_keeps_its_referrals_as_agreed_on_their_date(tmp_path: Path) -> None:
    path = tmp_path / "old.kimdesk"
    db = Database.create(path, PASSWORD, migrations=MIGRATIONS[:6])
    assert db.schema_version == 6
    db.execute(
        "INSERT INTO persons(surname, given_names, search_key, created_at) "
        "VALUES ('Alt', 'Anna', 'alt anna', '2026-01-01')"
    )
    db.execute(
        "INSERT INTO cases(person_id, case_number, pseudonym, phase, opened_on, admitted_on, "
        "created_at) VALUES (1, '2026-0001', 'K-ABCD-EFGH', 'linking', '2026-01-01', "
        "'2026-01-02', '2026-01-01')"
    )
    db.execute("INSERT INTO services(provider, offer) VALUES ('AWO', 'Sprachkurs')")
    for on in ("2026-05-04", "2026-11-20"):
        db.execute(
            "INSERT INTO referrals(case_id, service_id, referred_on, domain, note) "
            "VALUES (1, 1, ?, 'education_work', 'alt')",
            (on,),
        )
    db.close()

    caseload = Caseload.open(path, PASSWORD, today=lambda: TODAY)
    try:
        assert caseload.db.schema_version == latest_version()
        old, recent = caseload.referral_follow_ups.of_case(1)
        assert old.history == (StatusChange(S.AGREED, date(2026, 5, 4)),)
        assert recent.history == (StatusChange(S.AGREED, date(2026, 11, 20)),)
        assert (old.result, old.need_met) == ("", None)
        assert [s.referral_id for s in caseload.overview().stale_referrals] == [old.referral_id]
        caseload.referral_follow_ups.change_status(old.referral_id, S.ACCEPTED, on=TODAY)
        assert caseload.overview().stale_referrals == ()
        assert caseload.db.integrity_report().ok
    finally:
        caseload.close()


def test_a_corrected_date_moves_the_first_entry_and_a_removal_takes_the_history(
    caseload: Caseload,
) -> None:
    case_id = open_case(caseload)
    referral_id = caseload.add_referral(Referral(case_id, REFERRED, note="x"), S.PROPOSED)
    caseload.referral_follow_ups.change_status(referral_id, S.ACCEPTED, on=date(2026, 9, 10))
    corrections = caseload.corrections
    stored = caseload.referrals(case_id)[0]

    corrections.update_referral(referral_id, replace(stored, referred_on=date(2026, 8, 28)))
    assert history(caseload, referral_id) == [
        (S.PROPOSED, date(2026, 8, 28)),
        (S.ACCEPTED, date(2026, 9, 10)),
    ]
    with pytest.raises(BadInput, match=r"ersten Statusänderung \(10.09.2026\)"):
        corrections.update_referral(referral_id, replace(stored, referred_on=date(2026, 9, 11)))
    assert history(caseload, referral_id)[0] == (S.PROPOSED, date(2026, 8, 28))

    corrections.remove_referral(referral_id)
    assert history_rows(caseload) == 0


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[Caseload]:
    profile = Profile("Berta Kollegin", "AWO", "Solingen", 1.0, "koordination@example.org")
    opened = Caseload.create(
        tmp_path / "receiver.kimdesk", "anderes-geheimnis-77", profile, today=lambda: TODAY
    )
    yield opened
    opened.close()


def handed_over_case(caseload: Caseload) -> tuple[int, int, int]:
    case_id = open_case(caseload)
    caseload.move_to(case_id, Phase.INTAKE, on=date(2026, 2, 3))
    ended = referral(
        caseload,
        case_id,
        "2026-09-01",
        (S.ACCEPTED, "2026-09-10"),
        (S.COMPLETED, "2026-10-01"),
        need=NeedMet.PARTLY,
    )
    running = referral(caseload, case_id, "2026-10-05", first=S.PROPOSED)
    return case_id, ended, running


def test_the_handover_carries_history_result_and_need(
    caseload: Caseload, receiver: Caseload, tmp_path: Path
) -> None:
    case_id, _ended, _running = handed_over_case(caseload)
    out = tmp_path / "fall.kimhandover"
    exported = export_case(caseload, case_id, out)

    imported = import_handover(receiver, out, exported.password)

    def course(source: Caseload, of: int) -> list[tuple[object, ...]]:
        return [
            (f.history, f.result, f.need_met, f.referral.referred_on)
            for f in source.referral_follow_ups.of_case(of)
        ]

    assert course(receiver, imported.case_id) == course(caseload, case_id)
    assert course(receiver, imported.case_id)[0][2] is NeedMet.PARTLY


def test_a_handover_file_without_histories_gives_agreed_referrals(
    caseload: Caseload, receiver: Caseload, tmp_path: Path
) -> None:
    """As a file written before schema 7: its referrals have no status history."""
    case_id, _ended, _running = handed_over_case(caseload)
    payload = build_payload(caseload, case_id)
    for sent in payload["referrals"]:
        for key in ("status_history", "result", "need_met"):
            del sent[key]
    out = tmp_path / "alt.kimhandover"
    password = handover_file.new_password()
    handover_file.write_atomically(out, handover_file.seal(payload, password))

    imported = import_handover(receiver, out, password)

    follow_ups = receiver.referral_follow_ups.of_case(imported.case_id)
    assert [f.history for f in follow_ups] == [
        (StatusChange(S.AGREED, date(2026, 9, 1)),),
        (StatusChange(S.AGREED, date(2026, 10, 5)),),
    ]
    assert all((f.result, f.need_met) == ("", None) for f in follow_ups)


def test_erasure_takes_the_history_and_keeps_the_others(caseload: Caseload) -> None:
    case_id, _ended, _running = handed_over_case(caseload)
    kept_case = open_case(caseload, "Bleibt")
    referral(caseload, kept_case, "2026-10-01", (S.ACCEPTED, "2026-10-02"))
    before = history_rows(caseload)

    erase_person(caseload, caseload.case(case_id).person_id)

    assert history_rows(caseload) == before - 4  # 3 + 1 entries of the two referrals
    (kept,) = caseload.referral_follow_ups.of_case(kept_case)
    assert len(kept.history) == 2 and kept.result == RESULT
    assert caseload.db.integrity_report().ok


def test_erasure_leaves_no_result_text_in_the_file(caseload: Caseload, db_path: Path) -> None:
    case_id = open_case(caseload)
    referral_id = caseload.add_referral(Referral(case_id, REFERRED, note="x"))
    secret = "Ergebnis nur dieser Person Quittenbaum"
    caseload.referral_follow_ups.change_status(
        referral_id, S.COMPLETED, on=TODAY, result=secret, need_met=NeedMet.YES
    )
    assert found_values(db_path, PASSWORD, [secret]) == [secret]
    erase_person(caseload, caseload.case(case_id).person_id)
    assert found_values(db_path, PASSWORD, [secret]) == []
    assert history_rows(caseload) == 0


def test_the_art_15_report_shows_each_referrals_course_and_result(
    caseload: Caseload, tmp_path: Path
) -> None:
    case_id, _ended, _running = handed_over_case(caseload)
    pdf = render_access_report(caseload, case_id, lang="de", printed_on=TODAY)
    text = squeezed(pdf_text(pdf, tmp_path))
    for part in (
        "Verlauf",
        "vereinbart01.09.2026",
        "angenommen10.09.2026",
        "abgeschlossen01.10.2026",
        "vorgeschlagen05.10.2026",
        squeezed(RESULT),
        "Bedarfgedeckt:teilweise",
    ):
        assert part in text, part


# -- the demo --------------------------------------------------------------------------------


def test_the_demo_has_referral_results_and_histories(tmp_path: Path) -> None:
    demo = Caseload.create(tmp_path / "demo.kimdesk", PASSWORD, PROFILE, today=lambda: TODAY)
    try:
        fill_demo(demo, cases=60, seed=3, today=TODAY)
        follow_ups = [f for row in demo.cases() for f in demo.referral_follow_ups.of_case(row.id)]
        statuses = {f.status for f in follow_ups}
        assert {S.AGREED, S.ACCEPTED, S.COMPLETED} <= statuses
        assert statuses & {S.REFUSED, S.BROKEN_OFF}
        assert any(len(f.history) == 3 and f.result and f.need_met for f in follow_ups)
        for f in follow_ups:
            dates = [c.on for c in f.history]
            assert dates == sorted(dates) and dates[0] == f.referral.referred_on
            assert dates[-1] <= TODAY
            assert (f.need_met is not None) <= (not f.is_open)
        assert demo.overview().stale_referrals  # some open ones went quiet
        report = build_month_report(demo, f"{TODAY:%Y-%m}")
        assert sum(report.referral_figures.by_status.values()) > 0
    finally:
        demo.close()
