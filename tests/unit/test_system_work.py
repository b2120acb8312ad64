"""System work: the theme catalogue with its status history and links, service gaps and
interface problems, network time; the identifier check on their texts; erasure and removal
keep the catalogue and drop the links. Real encrypted caseloads, the day injected."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from kimdesk import network_time, service_gaps, themes
from kimdesk.caseload import Caseload
from kimdesk.domain.records import Service
from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.errors import BadInput
from kimdesk.lifecycle.erasure import erase_person
from kimdesk.network_time import NetworkKind
from kimdesk.printing.access_report import render_access_report
from kimdesk.service_gaps import GapKind
from kimdesk.themes import ThemeStatus
from tests.conftest import TODAY, make_person
from tests.unit.test_access_report import pdf_text, squeezed

BORN = date(1988, 4, 17)


def client(caseload: Caseload, surname: str = "Yılmaz") -> tuple[int, int, str]:
    """(person id, case id, case number) of a new client with a phone and a birth date."""
    admitted = caseload.admit_person(
        make_person(surname, "Ayşe", birth_date=BORN, phone="0212 5551234")
    )
    return admitted.person_id, admitted.case.id, admitted.case.case_number


def test_the_contract_adds_links_and_lists_themes(caseload: Caseload) -> None:
    _p, case_id, _n = client(caseload)
    theme_id = themes.add_theme(
        caseload, title="Wartezeiten Sprachkurse", domain=LifeDomain.EDUCATION_WORK
    )
    themes.link_case(caseload, theme_id, case_id)
    themes.link_case(caseload, theme_id, case_id)  # idempotent

    [theme] = themes.themes(caseload)
    assert theme.id == theme_id and theme.title == "Wartezeiten Sprachkurse"
    assert theme.domain is LifeDomain.EDUCATION_WORK and theme.description == ""
    assert theme.status is ThemeStatus.OBSERVED and theme.noted_on == TODAY
    assert theme.case_ids == (case_id,) and theme.gap_ids == ()
    assert [t.id for t in themes.themes_of_case(caseload, case_id)] == [theme_id]


def test_a_status_history_gives_the_status_of_a_past_day(caseload: Caseload) -> None:
    start = TODAY - timedelta(days=60)
    theme_id = themes.add_theme(caseload, title="Termine ABH", domain=None, on=start)
    themes.change_status(caseload, theme_id, ThemeStatus.REPORTED, start + timedelta(days=10))
    themes.change_status(caseload, theme_id, ThemeStatus.SOLVED)

    assert themes.theme(caseload, theme_id).status is ThemeStatus.SOLVED
    [then] = themes.themes(caseload, on=start + timedelta(days=20))
    assert then.status is ThemeStatus.REPORTED
    assert themes.themes(caseload, on=start - timedelta(days=1)) == []
    with pytest.raises(BadInput, match="Zukunft"):
        themes.change_status(caseload, theme_id, ThemeStatus.IN_WORK, TODAY + timedelta(days=1))
    with pytest.raises(BadInput, match="vorherige"):
        themes.change_status(caseload, theme_id, ThemeStatus.IN_WORK, start + timedelta(days=5))


def test_a_theme_needs_a_title(caseload: Caseload) -> None:
    with pytest.raises(BadInput, match="Titel"):
        themes.add_theme(caseload, title="   ", domain=None)
    assert themes.themes(caseload) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Problem wie bei Frau Yilmaz", "Name"),
        ("Termin am 17.04.1988 verpasst", "Geburtsdatum"),
        ("Rückruf unter 0212-555 1234", "Telefonnummer"),
    ],
)
def test_texts_with_client_data_are_refused_without_echoing_them(
    caseload: Caseload, text: str, kind: str
) -> None:
    client(caseload)
    for record in (
        lambda: themes.add_theme(caseload, title="Thema", domain=None, description=text),
        lambda: service_gaps.add_gap(caseload, kind=GapKind.GAP, domain=None, description=text),
        lambda: network_time.add_entry(
            caseload, worked_on=TODAY, kind=NetworkKind.NETWORK, minutes=60, topic=text
        ),
    ):
        with pytest.raises(BadInput) as error:
            record()
        message = str(error.value)
        assert f"({kind})" in message and "personenbezogene Daten" in message
        assert text not in message and "Yilmaz" not in message and "1234" not in message
    assert themes.themes(caseload) == []
    assert service_gaps.gaps(caseload) == [] and network_time.entries(caseload) == []


def test_interface_problems_name_the_directory_entry(caseload: Caseload) -> None:
    service_id = caseload.add_service(Service("Ausländerbehörde", "Termine"))
    _p, case_id, _n = client(caseload)
    interface = service_gaps.add_gap(
        caseload,
        kind=GapKind.INTERFACE,
        domain=LifeDomain.RESIDENCE,
        description="Terminvergabe nur online",
        service_id=service_id,
        case_ids=(case_id,),
    )
    gap = service_gaps.add_gap(
        caseload,
        kind=GapKind.GAP,
        domain=LifeDomain.FAMILY,
        description="Ferienbetreuung fehlt",
        service_id=service_id,  # a missing service names no entry
    )
    found = {g.id: g for g in service_gaps.gaps(caseload)}
    assert found[interface].service_id == service_id and found[interface].case_ids == (case_id,)
    assert found[gap].service_id is None and found[gap].kind is GapKind.GAP

    theme_id = themes.add_theme(caseload, title="Erreichbarkeit ABH", domain=LifeDomain.RESIDENCE)
    themes.link_gap(caseload, theme_id, interface)
    assert themes.theme(caseload, theme_id).gap_ids == (interface,)
    assert service_gaps.gap(caseload, interface).theme_ids == (theme_id,)

    # The entry removed from the directory: the problem stays, without its entry.
    caseload.db.execute("DELETE FROM services WHERE id = ?", (service_id,))
    assert service_gaps.gap(caseload, interface).service_id is None


def test_a_gap_cannot_be_empty_or_in_the_future(caseload: Caseload) -> None:
    with pytest.raises(BadInput, match="beschreiben"):
        service_gaps.add_gap(caseload, kind=GapKind.GAP, domain=None, description=" ")
    with pytest.raises(BadInput, match="Zukunft"):
        service_gaps.add_gap(
            caseload,
            kind=GapKind.GAP,
            domain=None,
            description="Kita-Plätze",
            noted_on=TODAY + timedelta(days=1),
        )


def test_erasure_drops_the_links_and_keeps_the_catalogue(caseload: Caseload) -> None:
    person_id, case_id, _n = client(caseload)
    _other, other_case, _m = client(caseload, "Nowak")
    theme_id = themes.add_theme(caseload, title="Wohnraum", domain=LifeDomain.HOUSING)
    themes.link_case(caseload, theme_id, case_id)
    themes.link_case(caseload, theme_id, other_case)
    gap_id = service_gaps.add_gap(
        caseload,
        kind=GapKind.GAP,
        domain=LifeDomain.HOUSING,
        description="Große Wohnungen",
        case_ids=(case_id,),
    )

    erase_person(caseload, person_id)

    assert themes.theme(caseload, theme_id).case_ids == (other_case,)
    assert service_gaps.gap(caseload, gap_id).case_ids == ()
    rows = caseload.db.query("SELECT count(*) FROM theme_cases WHERE case_id = ?", (case_id,))
    assert rows[0][0] == 0


def test_removing_a_theme_or_gap_keeps_the_cases(caseload: Caseload) -> None:
    _p, case_id, _n = client(caseload)
    theme_id = themes.add_theme(caseload, title="Schulden", domain=LifeDomain.FINANCES)
    themes.link_case(caseload, theme_id, case_id)
    gap_id = service_gaps.add_gap(
        caseload,
        kind=GapKind.GAP,
        domain=None,
        description="Schuldnerberatung",
        case_ids=(case_id,),
    )
    themes.link_gap(caseload, theme_id, gap_id)
    service_gaps.remove_gap(caseload, gap_id)
    assert themes.theme(caseload, theme_id).gap_ids == ()
    themes.remove_theme(caseload, theme_id)
    assert themes.themes(caseload) == [] and caseload.case(case_id).id == case_id
    with pytest.raises(BadInput, match="nicht mehr"):
        themes.link_case(caseload, theme_id, case_id)


def test_a_case_is_found_by_its_number(caseload: Caseload) -> None:
    _p, case_id, number = client(caseload)
    assert themes.case_id_by_number(caseload, f" {number.lower()} ") == case_id
    with pytest.raises(BadInput, match="KIM-1999-999"):
        themes.case_id_by_number(caseload, "KIM-1999-999")


def test_network_time_is_checked_and_counted_by_kind(caseload: Caseload) -> None:
    add = network_time.add_entry
    add(caseload, worked_on=TODAY, kind=NetworkKind.NETWORK, minutes=90, topic="AK  Wohnen")
    add(caseload, worked_on=TODAY, kind=NetworkKind.NETWORK, minutes=60)
    entry = add(caseload, worked_on=TODAY, kind=NetworkKind.CONFERENCE, minutes=120)
    for minutes in (0, 24 * 60 + 1):
        with pytest.raises(BadInput, match="Dauer"):
            add(caseload, worked_on=TODAY, kind=NetworkKind.NETWORK, minutes=minutes)
    with pytest.raises(BadInput, match="Zukunft"):
        add(
            caseload,
            worked_on=TODAY + timedelta(days=1),
            kind=NetworkKind.NETWORK,
            minutes=30,
        )
    found = network_time.entries(caseload)
    assert {e.topic for e in found} == {"AK Wohnen", ""}
    assert network_time.minutes_by_kind(found) == {
        NetworkKind.NETWORK: (2, 150),
        NetworkKind.CONFERENCE: (1, 120),
        NetworkKind.WORKING_GROUP: (0, 0),
    }
    network_time.edit_entry(
        caseload, entry, worked_on=TODAY, kind=NetworkKind.WORKING_GROUP, minutes=30
    )
    network_time.remove_entry(caseload, entry)
    assert len(network_time.entries(caseload)) == 2
    assert network_time.duration_text(750) == "12 Std. 30 Min."
    assert network_time.duration_text(45) == "45 Min."
    assert network_time.duration_text(120) == "2 Std."


def test_the_access_report_lists_the_case_s_themes_and_gaps(
    caseload: Caseload, tmp_path: Path
) -> None:
    _p, case_id, _n = client(caseload)
    _q, other_case, _m = client(caseload, "Nowak")
    theme_id = themes.add_theme(caseload, title="Wartezeiten Sprachkurse", domain=None)
    themes.link_case(caseload, theme_id, case_id)
    service_gaps.add_gap(
        caseload,
        kind=GapKind.INTERFACE,
        domain=LifeDomain.HEALTH,
        description="Aufnahme nur mit Überweisung",
        case_ids=(case_id,),
    )
    mine = squeezed(
        pdf_text(render_access_report(caseload, case_id, lang="ar", printed_on=TODAY), tmp_path)
    )
    assert squeezed("Themen und Lücken, unter denen Ihr Fall gezählt wird") in mine
    assert squeezed("Wartezeiten Sprachkurse") in mine
    assert squeezed("Aufnahme nur mit Überweisung") in mine
    other = squeezed(
        pdf_text(render_access_report(caseload, other_case, lang="de", printed_on=TODAY), tmp_path)
    )
    assert squeezed("Wartezeiten") not in other
    assert squeezed("Themen und Lücken") not in other
