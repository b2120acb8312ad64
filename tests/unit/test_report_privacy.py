"""The report's privacy rules on their own: age groups, coarsening, the leak check."""

from __future__ import annotations

from datetime import date

import pytest

from kimdesk.errors import BadInput
from kimdesk.report.month import initials, parse_month
from kimdesk.report.privacy import (
    AGE_GROUPS,
    OTHER,
    REGIONS,
    ReportLeak,
    age_group,
    check_gap_texts,
    coarsen_nationalities,
    collect_identifiers,
    gender_label,
    leak_kind,
    nationality_label,
)

END = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("born", "group"),
    [
        (date(2008, 12, 1), "unter 18"),
        (date(2008, 11, 30), "18–26"),
        (date(1999, 12, 1), "18–26"),
        (date(1999, 11, 30), "27–39"),
        (date(1972, 1, 1), "40–54"),
        (date(1962, 1, 1), "55–64"),
        (date(1940, 1, 1), "65+"),
        (None, "unbekannt"),
    ],
)
def test_age_groups_at_month_end(born: date | None, group: str) -> None:
    assert age_group(born, END) == group
    assert group in AGE_GROUPS


def test_gender_and_nationality_labels_never_pass_free_text() -> None:
    assert [gender_label(g) for g in ("f", "m", "d", "", "x")] == [
        "weiblich",
        "männlich",
        "divers",
        "unbekannt",
        "unbekannt",
    ]
    assert nationality_label("Türkisch, deutsch") == "türkisch"
    assert nationality_label("") == "unbekannt"
    assert nationality_label("Frau Müllers Heimatdorf") == OTHER


def test_the_demo_nationalities_all_have_a_region() -> None:
    from kimdesk.demo.words import NAME_GROUPS

    for group in NAME_GROUPS:
        for nationality in group[1]:
            assert nationality in REGIONS, nationality


def test_rare_combinations_get_the_region_then_andere() -> None:
    common = [("27–39", "weiblich", "türkisch")] * 3
    near_east = [
        ("27–39", "weiblich", "syrisch"),
        ("27–39", "weiblich", "irakisch"),
        ("27–39", "weiblich", "libanesisch"),
    ]
    lonely = [("65+", "männlich", "eritreisch")]
    shown, coarsened = coarsen_nationalities(common + near_east + lonely)
    assert coarsened
    assert shown[:3] == ["türkisch"] * 3
    assert shown[3:6] == ["Naher und Mittlerer Osten"] * 3
    assert shown[6] == OTHER
    assert coarsen_nationalities(common) == (["türkisch"] * 3, False)


IDS = collect_identifiers(
    persons=[
        ("Şahin", "Ayşe Gül", "Yıldız", date(1985, 3, 7), "0176 123 45 67", "a@b.de", "Lindenweg 4")
    ],
    file_numbers=["AZ 4711/26"],
    phones=["+49 212 55501"],
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Keine Hilfe für Frau Sahin", "Name"),
        ("Kein Angebot für GUL", "Name"),
        ("Geburtsname yildiz", "Name"),
        ("geboren 07.03.1985", "Birth date"),
        ("geboren 7.3.1985", "Birth date"),
        ("seit 1985-03-07", "Birth date"),
        ("Rückruf unter 0176/1234567", "Phone number"),
        ("Amt 0212 55501", "Phone number"),
        ("Mail an a@b.de", "E-mail address"),
        ("wohnt lindenweg 4", "Address"),
        ("Akte az4711/26 fehlt", "File number"),
    ],
)
def test_the_leak_check_finds_each_kind(text: str, kind: str) -> None:
    assert leak_kind(text, IDS) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Kein Sprachkurs mit Kinderbetreuung im Stadtteil",
        "Wartezeit länger als 6 Monate, 2026 kein Platz",
        "Keine Wohnungen im Lindenweg",  # a street without the house number is no address
        "Kein Treffpunkt für Frauen",
    ],
)
def test_the_leak_check_lets_plain_gap_texts_pass(text: str) -> None:
    assert leak_kind(text, IDS) is None


def test_a_leak_names_row_and_kind_but_not_the_value() -> None:
    with pytest.raises(ReportLeak) as raised:
        check_gap_texts(["Kein Kitaplatz", "Frau Şahin braucht Hilfe"], IDS)
    message = str(raised.value)
    assert "Angebotslücken" in message and "3" in message
    assert "ahin" not in message
    assert isinstance(raised.value, BadInput)


def test_months_and_initials() -> None:
    assert parse_month("2026-11") == (date(2026, 11, 1), END)
    assert parse_month("2024-02")[1] == date(2024, 2, 29)
    for bad in ("2026-13", "11/2026", "2026-1", "", "2026-00"):
        with pytest.raises(BadInput):
            parse_month(bad)
    assert initials("Erika Beispiel") == "EB"
    assert initials("Özlem Ünal-Weiß") == "OUW"
    assert initials("Demo-Case-Manager*in") == "DCM"
    assert initials("") == "CM"
    assert initials("Ирина") == "CM"
