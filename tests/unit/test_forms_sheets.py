"""The sheets of the case file (Aktendeckblatt, Zielerreichungsbogen, Überprüfung der Planung,
Bedarfsplan, Zwischenstandsbogen, Abschlussbogen) against the Solingen paper forms.

Two kinds of checks: a checklist typed from the seed (every paper label and option that the
definitions represent), and texts parsed from the seed itself (area lines, agency lines, closure
types, scale headings, reflective questions), so a drift between paper and definition shows.
Each definition is read on its own (tomllib + parse_definition): a broken file of another form
cannot hide a problem here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from kimdesk.domain.vocabulary import ClosureReason, Gender, LifeDomain
from kimdesk.forms.loader import parse_definition
from kimdesk.forms.model import Field, FieldType, FormDefinition, FormKind
from kimdesk.paths import forms_dir

# The paper forms of the Solingen concept, kept as the project's own test data.
SEED = Path(__file__).resolve().parents[1] / "data" / "solingen_forms.txt"

SHEETS = {
    "cover_sheet": FormKind.COVER_SHEET,
    "goals": FormKind.GOALS,
    "goal_review": FormKind.GOAL_REVIEW,
    "needs_plan": FormKind.NEEDS_PLAN,
    "interim": FormKind.INTERIM,
    "closure": FormKind.CLOSURE,
}


def load(key: str) -> FormDefinition:
    path = forms_dir() / f"{key}.toml"
    return parse_definition(
        tomllib.loads(path.read_text(encoding="utf-8")), path.name, expected_key=key
    )


def walk(fields: tuple[Field, ...]) -> Iterator[Field]:
    """Every field, group sub-fields included."""
    for field in fields:
        yield field
        yield from walk(field.fields)


def all_fields(definition: FormDefinition) -> list[Field]:
    return list(walk(definition.fields))


def clean(text: str) -> str:
    """Paper text and labels on the same footing: unescaped, whitespace collapsed, without
    the blanks and the trailing ':' '/' '.' of the paper lines."""
    text = text.replace("\\*", "*").replace("\\_", " ").replace("<br>", " ")
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(":/. ").strip()


def texts(definition: FormDefinition) -> set[str]:
    """Every text a person sees on the sheet: title, section titles and help, field labels
    (group sub-fields included), option labels, help texts."""
    found = {definition.title}
    for section in definition.sections:
        found |= {section.title, section.help}
    for field in all_fields(definition):
        found |= {field.label, field.help}
        found |= {option.label for option in field.options}
    return {clean(t) for t in found if t}


def labels_of(definition: FormDefinition) -> list[str]:
    return [clean(f.label) for f in all_fields(definition)]


# -- the checklist, typed from the paper forms --------------------------------------------

AREAS = [
    ("area_housing", "Wohnsituation"),
    ("area_family", "familiäre Situation"),
    ("area_social", "soziale Situation und Freizeit"),
    ("area_education_work", "Bildung/Ausbildung/Arbeit"),
    ("area_finances", "finanzielle Situation"),
    ("area_mental_health", "psychische Gesundheit"),
    ("area_physical_health", "körperliche Gesundheit"),
    ("area_residence", "Aufenthaltsstatus/Rechtliches"),
    ("area_migration", "Migration/Integration"),
    ("area_use_of_help", "Inanspruchnahme von Hilfen"),
    ("area_mso_volunteers", "Kontakt zu MSO, ehrenamtlicher Unterstützung"),
]
SHEET_ACHIEVEMENT = ["voll und ganz", "zum guten Teil", "kaum", "überhaupt nicht"]
CHANGE_6 = [
    "deutlich verbessert",
    "verbessert",
    "stabilisiert",
    "stagniert",
    "verschlechtert",
    "sehr verschlechtert",
]
QUESTIONS = [
    "Wie bewerten Sie die Kooperation mit externen Beteiligten (Austausch, Aufgabenverteilung, "
    "Verbindlichkeit, Unterstützungsplanung und Fallkonferenzen etc.)? Was wäre aus Ihrer Sicht "
    "(noch) erforderlich gewesen, um Kooperationen zu verbessern/ein Netzwerk zu knüpfen?",
    "War Case Management aus Ihrer Sicht die geeignete Methode für die Unterstützung "
    "dieses/dieser Klient*in? Warum? Welche Elemente waren besonders wichtig? Was wäre ggf. "
    "besser gewesen?",
    "Wenn Sie die Unterstützung der Ratsuchenden Person resümierend betrachten: Was war "
    "besonders hilfreich? Was hätte anders sein sollen? Was würden Sie anders machen, wenn Sie "
    "heute noch einmal von vorn beginnen könnten, mit dieser Ratsuchenden Person zu arbeiten?",
]
AGENCIES = [
    ("agency_family", "Partner*in/Eltern/Kinder"),
    ("agency_legal", "Rechtsberatung/gesetzl. Betreuung"),
    ("agency_previous_counselling", "bisherige oder installierte Beratung o. ä."),
    ("agency_other_person", "sonst. Bezugsperson"),
    ("agency_social_asylblg", "SD Soziales (AsylbLG)"),
    ("agency_social_sgb12", "SD Soziales (Grusi/ SGB XII)"),
    ("agency_youth", "SD Jugend (ASD)"),
    ("agency_jobcenter", "Jobcenter"),
    ("agency_employment_agency", "Bundesagentur für Arbeit"),
    ("agency_aib", "AiB"),
    ("agency_employer", "Arbeitgeber*in"),
    ("agency_doctors", "Ärzte"),
    ("agency_insurance", "Krankenkasse/ Rentenversicherung o.Ä."),
]
CLOSURE_TYPES = [
    (
        "agreed_no_support_needed",
        "gemeinsam vereinbart, Ratsuchende Person braucht keine Unterstützung mehr",
    ),
    ("agreed_handed_over", "gemeinsam vereinbart, Ratsuchende Person wird weiterbetreut durch"),
    ("moved_away", "beendet wegen Umzug der Ratsuchenden Person"),
    ("deported", "beendet wegen Abschiebung der Ratsuchenden Person"),
    (
        "contact_refused",
        "beendet, weil die Ratsuchende Person länger als drei Monate Kontakt ablehnte",
    ),
    ("other", "sonstiges, und zwar (bitte erläutern)"),
]
LIFE_DOMAINS = {  # the screening's labels
    "housing": "Wohnsituation",
    "family": "familiäre Situation",
    "social": "soziale Situation und Freizeit",
    "education_work": "Bildung/Sprache/Ausbildung/Arbeit",
    "finances": "finanzielle Situation",
    "health": "Gesundheit",
    "residence": "Aufenthaltsstatus/Rechtliches",
    "migration": "Migration/Integration",
    "other": "anderes",
}

CHECKLIST: dict[str, list[str]] = {
    "cover_sheet": [
        "Case Management: Aktendeckblatt",
        "Case Manager*in",
        "Datum der Aufnahme",
        "Ratsuchende Person (Name, Vorname, ggf. Geburtsname)",
        "Name",
        "Vorname",
        "ggf. Geburtsname",
        "Geburtsdatum",
        "Geburtsort",
        "Alter",
        "Staatsangehörigkeit(en)",
        "Aufenthaltstitel",
        "Geschlecht",
        "weiblich",
        "männlich",
        "divers",
        "Herkunftsland",
        "Familienstand",
        "Haushaltsform",
        "Kinder im Haushalt",
        "Straße",
        "Wohnort",
        "Telefon",
        "auch erreichbar bei",
        "E-Mail",
        "Adressen, Ansprechpartner*innen, Telefon, E-Mail, Aktenzeichen etc.",
        *(label for _key, label in AGENCIES),
        "Weitere",
    ],
    "goals": [
        "Case Management: Zielerreichungsbogen",
        "Datum",
        "Ratsuchende Person",
        "Case Manager*in",
        "Die drei wichtigsten CM-Ziele (nach Wichtigkeit geordnet)",
        "Ziel",
        "Erläuterung/Begründung",
        "Teilziele, Handlungsziele, Aktivitäten",
        "Zeitrahmen und Zuständigkeit",  # paper typo: "Zeitraumen"
        "Was wird als nächstes angegangen – „der nächste Schritt“?",
        "Nächste Fortschreibung bzw. Zielüberprüfung spätestens am",
        "Diese Planung wurde vereinbart zwischen",
        "weitere Beteiligte",
        "Es besteht Einigkeit zwischen CM und der Ratsuchenden Person hinsichtlich der "
        "Unterstützung",
        "Falls es Abweichungen gibt, bitte beschreiben",
    ],
    "goal_review": [
        "Überprüfung der Planung",
        "Datum",
        "Inwiefern wurden die in diesem Hilfeplan definierten CM-Ziele erreicht?",
        "1. Ziel",
        "2. Ziel",
        "3. Ziel",
        "Erreichungsgrad",
        "ganz erreicht",
        "teilweise",
        "kaum",
        "gar nicht",
        "Erläuterung/Begründung",
    ],
    "needs_plan": [  # no paper form: Solingen 2.5/2.6 and Gütersloh "Hilfeplanung"
        "Bedarfsplan/Hilfeplan",
        "Datum",
        "Maßnahmen",
        "Maßnahme",
        "Zu Ziel",
        "Anbieter (Angebotsdatenbank)",
        "Rolle des Case Managements",
        "anwaltlich",
        "vermittelnd",
        "selektierend",
        "unterstützend",
        "Aufgabe",
        "Verantwortlich",
        "Zeitrahmen",
        "Alternativer Weg, weil ein geeignetes Angebot fehlt (Angebotslücke)",
        "Lebensbereich der Angebotslücke",
        "Was fehlt? (Beschreibung für die koordinierende Stelle)",
        "Bedarfskonferenz vorgesehen",
    ],
    "interim": [
        "Case Management: Zwischenstandsbogen",
        "Datum",
        "Ratsuchende Person",
        "Case Manager*in",
        "Thema",
        "Dauer des Unterstützungsprozesses insgesamt (Monate)",
        "Die Situation hat sich aus Sicht der Ratsuchenden Person insgesamt betrachtet",
        "In welchem Maß konnten die gesetzten Ziele in den verschiedenen Bereichen realisiert "
        "werden (vorwiegend), bezogen auf die Sicht der ratsuchenden Person?",
        "(bitte nur bearbeitete Themen ankreuzen)",
        *CHANGE_6,
        *SHEET_ACHIEVEMENT,
        *(label for _key, label in AREAS),
        *QUESTIONS,
    ],
    "closure": [
        "Case Management: Abschlussbogen",
        "Datum",
        "Ratsuchende Person",
        "Case Manager*in",
        "Art des Betreuungsabschlusses",
        *(label for _key, label in CLOSURE_TYPES),
        "wird weiterbetreut durch",
        "Dauer des Unterstützungsprozesses insgesamt (Monate)",
        "Die Situation hat sich aus Sicht der Ratsuchenden Person insgesamt betrachtet",
        "In welchem Maß konnten die gesetzten Ziele in den verschiedenen Bereichen realisiert "
        "werden (vorwiegend)?",
        *CHANGE_6,
        *SHEET_ACHIEVEMENT,
        *(label for _key, label in AREAS),
        *QUESTIONS,
    ],
}

PERSONAL = {
    "cover_sheet": {
        "surname",
        "given_names",
        "birth_name",
        "birth_date",
        "birth_place",
        "street",
        "town",
        "phone",
        "reachable_via",
        "email",
        *(key for key, _label in AGENCIES),
        "further_agencies",
        "contact",
    },
    "goals": {"client_name", "agreed_client", "agreed_others"},
    "goal_review": set(),
    "needs_plan": {"conference_restrictions"},
    "interim": {"client_name"},
    "closure": {"client_name"},
}


# -- every sheet ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", SHEETS)
def test_sheet_loads_with_the_common_settings(key: str) -> None:
    definition = load(key)
    assert definition.kind is SHEETS[key]
    assert definition.version == 1
    assert definition.requires_consent
    date_field = definition.field(definition.date_field)
    assert date_field.type is FieldType.DATE and date_field.required
    expected = ("admitted_on", "Datum der Aufnahme") if key == "cover_sheet" else ("date", "Datum")
    assert (date_field.key, date_field.label) == expected


@pytest.mark.parametrize("key", SHEETS)
def test_header_comment_names_the_paper_source(key: str) -> None:
    first = (forms_dir() / f"{key}.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#")
    assert "Solingen" in first or key == "needs_plan"


@pytest.mark.parametrize("key", SHEETS)
def test_every_paper_text_is_on_the_sheet(key: str) -> None:
    present = texts(load(key))
    missing = [text for text in CHECKLIST[key] if clean(text) not in present]
    assert not missing, f"{key}: missing {missing}"


@pytest.mark.parametrize("key", SHEETS)
def test_personal_fields_are_marked(key: str) -> None:
    marked = {f.key for f in all_fields(load(key)) if f.personal}
    assert marked == PERSONAL[key]


def test_every_agency_contact_is_personal() -> None:
    for key in SHEETS:
        for field in all_fields(load(key)):
            if field.type is FieldType.AGENCY_CONTACT:
                assert field.personal, f"{key}.{field.key}"


# -- cover sheet ---------------------------------------------------------------------------


def test_cover_sheet_agencies_in_paper_order() -> None:
    definition = load("cover_sheet")
    section = next(s for s in definition.sections if s.key == "agencies")
    assert [(f.key, f.label) for f in section.fields[:-1]] == AGENCIES
    assert all(f.type is FieldType.AGENCY_CONTACT for f in section.fields[:-1])
    further = section.fields[-1]
    assert (further.key, further.type, further.label) == (
        "further_agencies",
        FieldType.REPEATING_GROUP,
        "Weitere",
    )
    assert [(f.key, f.type) for f in further.fields] == [
        ("kind", FieldType.SHORT_TEXT),
        ("contact", FieldType.AGENCY_CONTACT),
    ]


def test_cover_sheet_choices_and_numbers() -> None:
    definition = load("cover_sheet")
    gender = definition.field("gender")
    assert gender.option_keys == tuple(g.value for g in Gender)
    assert [o.label for o in gender.options] == ["weiblich", "männlich", "divers"]
    marital = definition.field("marital_status")
    assert [o.label for o in marital.options] == [
        "ledig",
        "verheiratet",
        "eingetragene Lebenspartnerschaft",
        "getrennt lebend",
        "geschieden",
        "verwitwet",
        "unbekannt/keine Angabe",
    ]
    assert marital.help and definition.field("household").help
    age = definition.field("age")
    assert (age.type, age.integer, age.minimum, age.maximum) == (FieldType.NUMBER, True, 0, 120)
    children = definition.field("children_in_household")
    assert (children.integer, children.minimum) == (True, 0)
    for key in ("surname", "given_names", "birth_name"):
        assert definition.field(key).type is FieldType.SHORT_TEXT


# -- goals, review, needs plan -------------------------------------------------------------


def test_goals_group_holds_three_goals() -> None:
    definition = load("goals")
    goals = definition.field("goals")
    assert goals.type is FieldType.REPEATING_GROUP and goals.max_items == 3
    assert [f.key for f in goals.fields] == [
        "goal",
        "domain",
        "activities",
        "timeframe_responsibility",
        "next_step",
    ]
    assert goals.fields[0].required
    domain = goals.fields[1]
    assert dict((o.key, o.label) for o in domain.options) == LIFE_DOMAINS
    assert set(domain.option_keys) == {d.value for d in LifeDomain}
    assert definition.field("next_review_on").type is FieldType.DATE
    assert definition.field("next_review_on").required
    assert definition.field("agreement").type is FieldType.YES_NO
    assert definition.field("agreement").required


def test_goal_review_has_one_section_per_goal() -> None:
    definition = load("goal_review")
    assert [f.key for f in definition.fields] == [
        "date",
        "goal_1",
        "achievement_1",
        "reason_1",
        "goal_2",
        "achievement_2",
        "reason_2",
        "goal_3",
        "achievement_3",
        "reason_3",
    ]
    for n in (1, 2, 3):
        achievement = definition.field(f"achievement_{n}")
        assert achievement.type is FieldType.ACHIEVEMENT_4
        assert [o.label for o in achievement.options] == [
            "ganz erreicht",
            "teilweise",
            "kaum",
            "gar nicht",
        ]
    assert [f.key for f in definition.fields if f.required] == ["date"]


def test_needs_plan_measures() -> None:
    definition = load("needs_plan")
    measures = definition.field("measures")
    assert measures.type is FieldType.REPEATING_GROUP
    by_key = {f.key: f for f in measures.fields}
    assert by_key["measure"].required
    assert by_key["provider"].type is FieldType.SERVICE
    assert by_key["goal"].option_keys == ("goal_1", "goal_2", "goal_3")
    assert by_key["role"].option_keys == ("advocating", "mediating", "selecting", "supporting")
    assert by_key["alternative_route"].type is FieldType.YES_NO
    assert set(by_key["gap_domain"].option_keys) == {d.value for d in LifeDomain}
    assert "personenbezogen" in by_key["gap_description"].help
    assert definition.field("needs_conference").type is FieldType.YES_NO
    assert "freiwillig" in " ".join(s.help for s in definition.sections)


# -- interim and closure -------------------------------------------------------------------


@pytest.mark.parametrize("key", ["interim", "closure"])
def test_areas_and_scales(key: str) -> None:
    definition = load(key)
    areas = [f for f in definition.fields if f.key.startswith("area_")]
    assert [(f.key, f.label) for f in areas] == AREAS
    for field in areas:
        assert field.type is FieldType.ACHIEVEMENT_4
        assert [o.label for o in field.options] == SHEET_ACHIEVEMENT
    change = definition.field("overall_change")
    assert change.type is FieldType.CHANGE_6
    assert [o.label for o in change.options] == CHANGE_6
    duration = definition.field("duration_months")
    assert (duration.type, duration.integer, duration.minimum) == (FieldType.NUMBER, True, 0)
    assert [
        definition.field(k).label for k in ("cooperation", "method_suitable", "retrospective")
    ] == QUESTIONS


def test_closure_types_are_the_vocabulary() -> None:
    definition = load("closure")
    closure_type = definition.field("closure_type")
    assert closure_type.required and closure_type.type is FieldType.SINGLE_CHOICE
    assert closure_type.option_keys == tuple(r.value for r in ClosureReason)
    assert [(o.key, clean(o.label)) for o in closure_type.options] == CLOSURE_TYPES
    assert definition.field("handed_over_to").type is FieldType.SHORT_TEXT
    assert definition.field("closure_other").type is FieldType.LONG_TEXT
    assert "topic" not in {f.key for f in definition.fields}


# -- derived from the seed itself -----------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def part(seed: str, start: str, end: str) -> str:
    """The seed text from the heading ``start`` up to the heading ``end``."""
    begin = seed.index(start)
    return seed[begin : seed.index(end, begin)]


def area_lines(text: str) -> list[str]:
    return [clean(m.group(1)) for m in re.finditer(r"^([^\t\n|]+?)\t<input", text, re.M)]


def test_seed_areas_match_interim_and_closure(seed: str) -> None:
    interim = area_lines(
        part(seed, "# Case Management: Zwischenstandsbogen", "# Case Management: Abschlussbogen")
    )
    closure = area_lines(
        part(seed, "# Case Management: Abschlussbogen", "## Case Management: Assessment")
    )
    assert len(interim) == len(closure) == 11
    assert interim == closure
    for key in ("interim", "closure"):
        labels = [label for label in labels_of(load(key)) if label in interim]
        assert labels == interim, key


def test_seed_scale_headings_match(seed: str) -> None:
    for key, start, end in (
        ("interim", "# Case Management: Zwischenstandsbogen", "# Case Management: Abschlussbogen"),
        ("closure", "# Case Management: Abschlussbogen", "## Case Management: Assessment"),
    ):
        text = part(seed, start, end)
        achievement = re.search(r"^\t(voll und ganz.*)$", text, re.M)
        assert achievement is not None
        assert [clean(c) for c in achievement.group(1).split("\t")] == SHEET_ACHIEVEMENT
        change = [
            clean(c)
            for c in re.findall(
                r"(deutlich(?:<br>| )verbessert|verbessert|stabilisiert|stagniert|"
                r"sehr(?:<br>| )verschlechtert|verschlechtert)",
                text,
            )
        ]
        assert change[:6] == CHANGE_6
        assert [o.label for o in load(key).field("overall_change").options] == change[:6]
    review = part(seed, "## Überprüfung der Planung", "# Case Management: Zwischenstandsbogen")
    heading = re.search(r"^\t\t(ganz erreicht.*)$", review, re.M)
    assert heading is not None
    options = [clean(c) for c in heading.group(1).split("\t")]
    assert [o.label for o in load("goal_review").field("achievement_1").options] == options
    assert len(re.findall(r"Erreichungsgrad", review)) == 3


def test_seed_reflective_questions_match(seed: str) -> None:
    for key, start, end in (
        ("interim", "# Case Management: Zwischenstandsbogen", "# Case Management: Abschlussbogen"),
        ("closure", "# Case Management: Abschlussbogen", "## Case Management: Assessment"),
    ):
        paragraphs = [clean(p) for p in part(seed, start, end).split("\n\n")]
        questions = [
            p
            for p in paragraphs
            if p.startswith(("Wie bewerten", "War Case Management", "Wenn Sie die Unterstützung"))
        ]
        assert len(questions) == 3
        assert questions == [clean(q) for q in QUESTIONS]
        labels = labels_of(load(key))
        assert all(q in labels for q in questions), key


def test_seed_closure_types_match(seed: str) -> None:
    text = part(seed, "Art des Betreuungsabschlusses", "Dauer des Unterstützungsprozesses")
    paper = [clean(line[2:]) for line in text.splitlines() if line.startswith("- ")]
    assert len(paper) == len(ClosureReason)
    labels = [clean(o.label) for o in load("closure").field("closure_type").options]
    assert labels == paper


def test_seed_cover_sheet_lines_match(seed: str) -> None:
    sheet = part(
        seed, "## Case Management: Aktendeckblatt", "# Case Management: Zielerreichungsbogen"
    )
    head, agencies = sheet.split("**Adressen", 1)
    present = texts(load("cover_sheet"))
    head_labels = [
        clean(piece)
        for line in head.splitlines()[1:]
        for piece in re.split(r"(?:\\_)+", line)
        if clean(piece)
    ]
    assert len(head_labels) == 18
    missing = [label for label in head_labels if label not in present]
    assert not missing

    title, *lines = [line for line in agencies.splitlines() if line.strip()]
    assert clean("Adressen" + title.replace("**", "")) in present
    pieces = [[clean(p) for p in re.split(r"(?:\\_)+", line) if clean(p)] for line in lines]
    agency_labels = [p[0] for p in pieces]
    assert agency_labels[-1] == "Weitere"
    definition = load("cover_sheet")
    section = next(s for s in definition.sections if s.key == "agencies")
    assert agency_labels == [clean(f.label) for f in section.fields]
    # the second column of a paper line (contact person, file number) is part of the
    # agency_contact type
    assert {p[1] for p in pieces if len(p) > 1} == {"Ansprechpartner*in", "Aktenzeichen"}


def test_seed_goal_sheet_lines_match(seed: str) -> None:
    sheet = part(seed, "# Case Management: Zielerreichungsbogen", "## Überprüfung der Planung")
    present = texts(load("goals"))
    goal_lines = re.findall(r"^(\d)\. Ziel:", sheet, re.M)
    assert load("goals").field("goals").max_items == len(goal_lines) == 3
    cells = {
        clean(re.sub(r"^Ziel \d: ", "", clean(c)))
        for c in re.findall(r"<(?:b|p)>(.*?)</(?:b|p)>", sheet)
    }
    cells = {c.replace("Zeitraumen", "Zeitrahmen") for c in cells}  # the paper's typo
    assert cells == {
        "Teilziele, Handlungsziele, Aktivitäten",
        "Zeitrahmen und Zuständigkeit",
        "Was wird als nächstes angegangen – „der nächste Schritt“?",
    }
    assert cells <= present
    for line in (
        "Erläuterung/Begründung",
        "Diese Planung wurde vereinbart zwischen:",
        "weitere Beteiligte:",
        "Falls es Abweichungen gibt, bitte beschreiben:",
        "Die drei wichtigsten CM-Ziele (nach Wichtigkeit geordnet).",
    ):
        assert line in sheet
        assert clean(line) in present
    review = re.search(r"Nächste Fortschreibung[^\\]*", sheet)
    assert review is not None and clean(review.group(0)) in present
    agreement = re.search(r"\*\*(Es besteht Einigkeit.*?)\*\*", sheet)
    assert agreement is not None and clean(agreement.group(1)) in present
