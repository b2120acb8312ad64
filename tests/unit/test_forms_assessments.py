"""The eight assessment sheets in forms/ match the paper forms, field for field.

Two independent checks:

* ``PAPER`` below is a checklist typed from the paper sheets (the seed document
  ``shared/seeds/002_ac0deaf9161223ca.txt``, the "Assessmentbögen" of the Solingen
  Handlungskonzept): every open question, every 1–10 rating line, the scale legend, the
  rating prompt and who rates, and the residence titles — in the paper's order.
* the ``test_seed_*`` tests read the seed document itself (when ``shared/`` lies beside the
  repository, as in CI) and derive the same items from it, so a label that drifts from the
  paper is caught even if the checklist was typed wrongly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from kimdesk.domain.vocabulary import ASSESSMENT_DOMAINS, LifeDomain
from kimdesk.forms.loader import FormRegistry, load_forms
from kimdesk.forms.model import FieldType, FormDefinition, FormKind, Section

D = LifeDomain
# The paper forms of the Solingen concept, kept as the project's own test data.
SEED = Path(__file__).resolve().parents[1] / "data" / "solingen_forms.txt"
SCALE_MARK = "1 2 3 4 5 6 7 8 9 10"
HEADER_KEYS = ("assessment_kind", "date", "participants")
# Follow-up text fields of the residence titles: they come from the title table on paper.
TABLE_FIELDS = ("eu_citizenship", "residence_status_other")


@dataclass(frozen=True)
class Sheet:
    title: str
    questions: tuple[str, ...]  # every open question after "Wer wirkt …", in the paper's order
    resources: str | None  # the "Ressourcen, Fähigkeiten …" paragraph (None: not on this sheet)
    wishes: str
    prompt: str  # the heading of the rating table
    rater: str  # the column header: who rates
    ratings: tuple[tuple[str, str], ...]  # (key, line text)
    low: str
    high: str


PARTICIPANTS = "Wer wirkt an der Bestandsaufnahme in diesem Bereich mit?"

PAPER: dict[LifeDomain, Sheet] = {
    D.RESIDENCE: Sheet(
        title="Case Management: Assessment Aufenthaltsstatus/Rechtliches",
        questions=(
            "Aufenthaltsrechtlicher Status",
            "Europäische Staatsbürgerschaft, und zwar:",
            "Sonstiges:",
            "Erläuterungen, Ergänzungen: Aktuelle Situation/Problematik? Leistungsbezug nach "
            "AsylbLG? Strafverfahren",
            "Ressourcen, Fähigkeiten, Unterstützung?",
            "Anliegen/Wünsche Klient*in?",
        ),
        resources="Ressourcen, Fähigkeiten, Unterstützung?",
        wishes="Anliegen/Wünsche Klient*in?",
        prompt="Einschätzung ...",
        rater="Klient*in",
        ratings=(
            ("residence_situation", "der aufenthaltsrechtlichen Situation"),
            ("legal_help_use", "der Inanspruchnahme rechtl. Hilfen, Dienste, Rechte"),
        ),
        low="1 = extreme Schwierigkeiten",
        high="10 = kein Problem",
    ),
    D.EDUCATION_WORK: Sheet(
        title="Case Management: Assessment Bildung/Sprache/Ausbildung/Arbeit",
        questions=(
            "Sprachenkenntnisse (Deutsch und weitere Sprachen), Kommunikation, ggf. "
            "Unterstützung? Niveau der Deutschkenntnisse? Sprachkursträger?",
            "Schulbildung? Begonnen oder abgeschlossen? Anzahl der Schuljahre? In Deutschland "
            "– andernorts? In Deutschland anerkannt/Anerkennung möglich?",
            "Berufsausbildung? Andere Qualifikation(en) bzw. festgestellte Kompetenzen? "
            "Begonnen oder abgeschlossen? In Deutschland – andernorts? In Deutschland "
            "anerkannt/Anerkennung möglich?",
            "Derzeitig beschäftigt? Als was? Wo? Arbeitsplatz sicher? Über- oder "
            "Unterforderung? Bezahlung? Anerkennung? Erfahrungen mit "
            "Arbeitsprojekten/Trainingsmaßnahmen?",
            "Teilnahmeberechtigung für Integrationsmaßnahmen? Bereits genutzte Maßnahmen? "
            "Welche? Wann? Erfahrungen?",
            "Ressourcen, Fähigkeiten, Interessen, Unterstützung, sonstige (non-formale) "
            "Kompetenzen (z. B. abgeschlossene Ausbildung, Verlässlichkeit, verständnisvoller "
            "Betrieb etc.)?",
            "Anliegen/Wünsche Klient*in?",
        ),
        resources="Ressourcen, Fähigkeiten, Interessen, Unterstützung, sonstige (non-formale) "
        "Kompetenzen (z. B. abgeschlossene Ausbildung, Verlässlichkeit, verständnisvoller "
        "Betrieb etc.)?",
        wishes="Anliegen/Wünsche Klient*in?",
        prompt="Einschätzung der Situation bzgl. ...",
        rater="Klient*in",
        ratings=(
            ("education", "im Bereich Bildung"),
            ("language", "Im Bereich Sprache"),
            ("training_work", "im Bereich Ausbildung/Arbeit"),
            ("help_use", "der Inanspruchnahme arbeits-/bildungsbez. Hilfen, Rechte"),
        ),
        low="1 = extreme Schwierigkeiten/keine Ausbildung/Arbeit",
        high="10 = Ausbildung/Arbeit vorhanden und kein Problem bzw. bedarfsgemäße Nutzung "
        "von Hilfen",
    ),
    D.FAMILY: Sheet(
        title="Case Management: Assessment familiäre Situation",
        questions=(
            "Partner*in? Kinder? Eltern? Weitere familiäre Situation? Aufenthaltsort der "
            "Familienmitglieder/Bezugspersonen?",
            "Rolle/Aufgaben für die/in der Familie?",
            "Unterstützungsbedarf bei (abhängigen) Familienmitgliedern, Kindern (in D. oder im "
            "Herkunftsland)?",
            "Sofern Kinder im Haushalt: Situation, Teilhabe, Bedarfe der (einzelnen) Kinder?",
            "Ressourcen, Fähigkeiten, Unterstützung (z. B. informelle Unterstützung, Nähe etc.)?",
            "Anliegen/Wünsche Klient*in?",
        ),
        resources="Ressourcen, Fähigkeiten, Unterstützung (z. B. informelle Unterstützung, "
        "Nähe etc.)?",
        wishes="Anliegen/Wünsche Klient*in?",
        prompt="Einschätzung der Situation ...",
        rater="Ratsuchende Person",
        ratings=(
            ("partnership", "in Partnerschaft/Ehe"),
            ("children_participation", "Teilhabe der Kinder"),
            ("other_family", "in and. familiären Beziehungen (Eltern, Geschwister etc.)"),
            ("help_use", "der Inanspruchnahme familialer Hilfen, Dienste, Rechte"),
        ),
        low="1 = extreme Schwierigkeiten",
        high="10 = Beziehungen vorhanden bzw. kein Problem",
    ),
    D.FINANCES: Sheet(
        title="Case Management: Assessment finanzielle Situation",
        questions=(
            "Wie wird der Lebensunterhalt finanziert? Selbst/durch Arbeit? Durch Angehörige? "
            "Durch Unterstützungsleistungen? Nach welchem Gesetz? In welcher Höhe? Bestehen "
            "(weitere/sonstige) Ansprüche?",
            "Für wen muss gesorgt werden? Für wen wird gesorgt?",
            "Bestehen Schulden, ungünstige Verträge, (problematische) Ratenkäufe? Welcher Art? "
            "Wie hoch? Bei wem?",
            "Ressourcen, Fähigkeiten (z. B. Umgang mit Geld), Unterstützung (z. B. durch "
            "Angehörige)?",
            "Anliegen/Wünsche Klient*in?",
        ),
        resources="Ressourcen, Fähigkeiten (z. B. Umgang mit Geld), Unterstützung (z. B. durch "
        "Angehörige)?",
        wishes="Anliegen/Wünsche Klient*in?",
        prompt="Einschätzung der Situation bzgl. ...",
        rater="Klient*in",
        ratings=(
            ("income", "Einkommen"),
            ("debts", "Verschuldung/finanz. Probleme"),
            ("help_use", "der Inanspruchnahme finanz. Hilfen, Dienste, Rechte"),
        ),
        low="1 = extreme Schwierigkeiten/kein Einkommen/keine Nutzung entsprechender Hilfen",
        high="10 = kein Problem bzw. bedarfsgemäße Nutzung von Hilfen",
    ),
    D.HEALTH: Sheet(
        title="Case Management: Assessment Gesundheit",
        questions=(
            # "gesundheitsliche" is the paper's spelling.
            "Situations- und Problemeinschätzung Krankheiten/gesundheitsliche Probleme: Liegen "
            "gesundheitsliche Probleme vor, wenn ja, welche? Ernährung? Behinderung? "
            "Gesundheitsliche Probleme in der Familie?",
            "Psychische Verfassung? Selbstwertgefühl? Selbstkontrolle? Traumata (im Kontext von "
            "Flucht)? Sonstiges? Was belastete Klient*in früher und aktuell?",
            "Bisherige Behandlungen? Ärztliche/psychotherapeutische Versorgung? Wann? Wo? Wie "
            "oft? Inanspruchnahmeverhalten?",
            "Erfahrungen mit den Behandlungen? Bewertung?",
            "Ressourcen, Fähigkeiten (auch in/durch Familie) (z.B. gute Gesundheit, Arztbesuche "
            "etc.)? Welche Unterstützungsressourcen sind vorhanden? Und werden von Klient*in "
            "genutzt? Bewertung Klient*in?",
            "Anliegen/Wünsche Klient*in?",
        ),
        resources="Ressourcen, Fähigkeiten (auch in/durch Familie) (z.B. gute Gesundheit, "
        "Arztbesuche etc.)? Welche Unterstützungsressourcen sind vorhanden? Und werden von "
        "Klient*in genutzt? Bewertung Klient*in?",
        wishes="Anliegen/Wünsche Klient*in?",
        prompt="Einschätzung ...",
        rater="Ratsuchende Person",
        ratings=(
            ("physical", "der körperlichen Gesundheit"),
            ("mental", "der psychischen Gesundheit"),
            ("help_use", "der Inanspruchnahme med./psych. Hilfen, Dienste, Rechte"),
        ),
        low="1 = extrem krank, beeinträchtigt u. ä. bzw. große Schwierigkeiten, medizinische "
        "Hilfe zu nutzen",
        high="10 = Gesundheit unproblematisch bzw. zweckgemäße Inanspruchnahme von Hilfen",
    ),
    D.MIGRATION: Sheet(
        title="Case Management: Assessment Migration/Integration",
        questions=(
            "Einwanderungsgeschichte, Grund der Flucht/des Herkommens? Migrationsprozess, "
            "Fluchtverlauf? Wie wurde das Leben dadurch geprägt?",
            "Soziale Teilhabe im Heimatland und in D.?",
            "Bezug zu einer Community?",
            "Rassismuserfahrungen?",
            "Anliegen/Wünsche Klient*in? Bedürfnisse?",
        ),
        resources=None,  # the paper's migration sheet has no "Ressourcen …" question
        wishes="Anliegen/Wünsche Klient*in? Bedürfnisse?",
        prompt="Einschätzung der Situation bzgl. ...",
        rater="Klient*in",
        ratings=(
            ("participation", "gesellschaftliche Teilhabe"),
            ("community", "Communitybezug"),
            ("racism", "Rassismuserfahrungen"),
            ("help_use", "Inanspruchnahme migrations-/integrationsbez. Hilfen, Dienste, Rechte"),
        ),
        low="1 = extreme Schwierigkeiten",
        high="10 = Keine Probleme",
    ),
    D.SOCIAL: Sheet(
        title="Case Management: Assessment soziale Situation und Freizeit",
        questions=(
            "Soziale Einbindung? Kontakt zu Peergroups? Situation im weiteren sozialen Umfeld? "
            "Sonstige Bezugspersonen? Sonstige Kontakte?",
            "Kontakte zu MSO/Ehrenamt?",
            "Allg. Tagesgestaltung? Freizeit?",
            "Ressourcen, Fähigkeiten (z. B. Interessen, Neigungen, Religionsbezug etc.), "
            "Unterstützung? Soziale Netzwerke?",
            "Anliegen/Wünsche Klient*in?",
        ),
        resources="Ressourcen, Fähigkeiten (z. B. Interessen, Neigungen, Religionsbezug etc.), "
        "Unterstützung? Soziale Netzwerke?",
        wishes="Anliegen/Wünsche Klient*in?",
        prompt="Einschätzung der Situation bzgl. ...",
        rater="Klient*in",
        ratings=(
            ("social_integration", "soziale Einbindung, Kontakt zu Peergroups"),
            ("mso_volunteers", "Kontakt zu MSO/ehrenamtlicher Unterstützung"),
            ("daily_structure", "der allg. Tagesgestaltung, Freizeit"),
        ),
        low="1 = extreme Schwierigkeiten",
        high="10 = kein Problem",
    ),
    D.HOUSING: Sheet(
        title="Case Management: Assessment Wohnsituation",
        questions=(
            "Wohnsituation? Wo? Mit wem? Probleme bei Mitbewohner*innen? Gesicherte Wohnung? "
            "Eigenes Zimmer?",
            "Mobilität? Räumliche Lage? Verfügbarkeit von Verkehrsmittel?",
            "Zugang zu Kommunikationsmitteln (Internet/Telefon/Social Media etc.)?",
            "Ressourcen, Fähigkeiten, Unterstützung?",
            "Anliegen/Wünsche ratsuchende Person?",
        ),
        resources="Ressourcen, Fähigkeiten, Unterstützung?",
        wishes="Anliegen/Wünsche ratsuchende Person?",
        prompt="Einschätzung ...",
        rater="Klient*in",
        ratings=(
            ("housing", "der Wohnsituation"),
            ("mobility", "zu Mobilität"),
            ("communication", "des Zugangs zu Kommunikationsmitteln"),
            ("help_use", "der Inanspruchnahme wohnungsbez. Hilfen, Dienste, Rechte"),
        ),
        low="1 = extreme Schwierigkeiten/keine oder sehr verfallene Wohnung",
        high="10 = Wohnung vorhanden und Zustand kein Problem",
    ),
}

# The residence titles: the paper's table, left column top to bottom, then the right one.
RESIDENCE_TITLES = (
    "Deutsche Staatsbürgerschaft",
    "Europäische Staatsbürgerschaft",  # "…, und zwar:" → short text eu_citizenship
    "(Unbefristete) Erlaubnis zum Daueraufenthalt in der EU",
    "(Unbefristete) Niederlassungserlaubnis",
    "(befristete) Blaue Karte EU",
    "(befristete) Aufenthaltserlaubnis",
    "(befristetes) Visum",
    "Fiktionsbescheinigung",
    "Aufenthaltsgestattung",
    "Duldung nach § 60a",
    "Duldung nach § 60b",
    "Duldung nach § 60c",
    "Duldung nach § 60d",
    "Grenzübertrittsbescheinigung",
    # On paper at the foot of the left column; the form lists the catch-all last.
    "Sonstiges",  # "Sonstiges:" → short text residence_status_other
)


@pytest.fixture(scope="module")
def registry() -> FormRegistry:
    return load_forms()


def _form(registry: FormRegistry, domain: LifeDomain) -> FormDefinition:
    return registry.assessment(domain)


def _question_labels(form: FormDefinition) -> list[str]:
    """The labels of all text/choice fields after the header, in the form's order."""
    return [
        f.label
        for f in form.fields
        if f.key not in HEADER_KEYS and f.type is not FieldType.SCALE_10
    ]


def _rating_section(form: FormDefinition) -> Section:
    sections = [s for s in form.sections if any(f.type is FieldType.SCALE_10 for f in s.fields)]
    assert len(sections) == 1, form.key
    return sections[0]


# -- the typed checklist -------------------------------------------------------------------------


def test_every_life_domain_has_exactly_one_sheet(registry: FormRegistry) -> None:
    assessments = registry.of_kind(FormKind.ASSESSMENT)
    assert sorted(str(d.domain) for d in assessments) == sorted(ASSESSMENT_DOMAINS)
    assert set(PAPER) == set(ASSESSMENT_DOMAINS)


@pytest.mark.parametrize("domain", list(PAPER), ids=str)
def test_sheet_frame(registry: FormRegistry, domain: LifeDomain) -> None:
    form, paper = _form(registry, domain), PAPER[domain]
    assert form.key == f"assessment_{domain.value}"
    assert form.title == paper.title
    assert form.kind is FormKind.ASSESSMENT
    assert form.domain is domain
    assert form.requires_consent is True
    assert form.date_field == "date"
    assert form.version == 1
    header = form.sections[0].fields
    assert [f.key for f in header] == list(HEADER_KEYS)
    kind, date, participants = header
    assert kind.type is FieldType.SINGLE_CHOICE and kind.required
    assert [(o.key, o.label) for o in kind.options] == [
        ("first", "Erstes Assessment"),
        ("re", "Re-Assessment"),
    ]
    assert (date.type, date.label, date.required) == (FieldType.DATE, "Datum", True)
    assert (participants.type, participants.label) == (FieldType.LONG_TEXT, PARTICIPANTS)
    assert not [f.key for f in form.fields if f.personal]


@pytest.mark.parametrize("domain", list(PAPER), ids=str)
def test_open_questions_in_paper_order(registry: FormRegistry, domain: LifeDomain) -> None:
    form, paper = _form(registry, domain), PAPER[domain]
    assert _question_labels(form) == list(paper.questions)
    for f in form.fields:
        if (
            f.key not in HEADER_KEYS
            and f.key != "residence_status"
            and (f.type is not FieldType.SCALE_10)
        ):
            expected = FieldType.SHORT_TEXT if f.key in TABLE_FIELDS else FieldType.LONG_TEXT
            assert f.type is expected, f.key
    assert form.field("wishes").label == paper.wishes
    if paper.resources is None:
        assert "resources" not in {f.key for f in form.fields}
    else:
        assert form.field("resources").label == paper.resources
        keys = [f.key for f in form.fields]
        assert keys.index("resources") < keys.index("wishes")


@pytest.mark.parametrize("domain", list(PAPER), ids=str)
def test_rating_lines(registry: FormRegistry, domain: LifeDomain) -> None:
    form, paper = _form(registry, domain), PAPER[domain]
    assert [(f.key, f.label) for f in form.rating_lines()] == list(paper.ratings)
    for line in form.rating_lines():
        assert line.anchors is not None, line.key
        assert (line.anchors.low, line.anchors.high) == (paper.low, paper.high), line.key
    section = _rating_section(form)
    assert section.title == paper.prompt
    assert section.fields == form.rating_lines()
    rater = "die Klient*in" if paper.rater == "Klient*in" else "die ratsuchende Person"
    assert rater in section.help
    assert form.sections[-1] is section  # the ratings close the sheet, as on paper


def test_residence_titles(registry: FormRegistry) -> None:
    form = _form(registry, D.RESIDENCE)
    status = form.field("residence_status")
    assert status.type is FieldType.SINGLE_CHOICE
    assert status.label == "Aufenthaltsrechtlicher Status"
    assert [o.label for o in status.options] == list(RESIDENCE_TITLES)
    assert form.field("eu_citizenship").label == "Europäische Staatsbürgerschaft, und zwar:"
    assert form.field("residence_status_other").label == "Sonstiges:"
    assert status.option_label("eu_citizenship") == "Europäische Staatsbürgerschaft"
    assert status.option_label("other") == "Sonstiges"


# -- derived from the seed document itself -------------------------------------------------------


def _seed_sheets() -> dict[str, list[str]]:
    """``{sheet title: its lines}`` for every "## Case Management: Assessment …" section."""
    sheets: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            title = line[3:].strip()
            current = (
                sheets.setdefault(title, [])
                if title.startswith("Case Management: Assessment")
                else None
            )
        elif current is not None:
            current.append(line.replace("\\*", "*").replace("\\_", "_"))
    return sheets


@dataclass
class SeedSheet:
    paragraphs: list[str]  # every open text line, in order
    titles: list[str]  # the radio-button titles, column by column
    prompt: str
    rater: str
    ratings: list[str]
    legend: str


def _parse(lines: list[str]) -> SeedSheet:
    paragraphs: list[str] = []
    columns: dict[int, list[str]] = {}
    prompt = rater = legend = ""
    ratings: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line or line == "---" or line in ("Erstes Assessment", "Re-Assessment"):
            continue
        if line.startswith("Datum:"):
            continue
        if line.startswith(("|", "- |")):
            cells = line.removeprefix("- ").strip("|").split("|")
            for index, cell in enumerate(cells):
                if "<input" in cell:
                    columns.setdefault(index, []).append(re.sub(r"<input[^>]*>", "", cell).strip())
            continue
        if raw.rstrip("\t").endswith("\tBemerkung CM"):
            prompt, rater = raw.split("\t")[:2]
            continue
        if SCALE_MARK in raw:
            ratings.append(raw.split("\t")[0].strip())
            continue
        if line.startswith("1 = ") and " bis 10 = " in line:
            legend = line
            continue
        paragraphs.append(line)
    titles = [title for index in sorted(columns) for title in columns[index]]
    return SeedSheet(paragraphs, titles, prompt.strip(), rater.strip(), ratings, legend)


@pytest.fixture(scope="module")
def seed() -> dict[str, SeedSheet]:
    return {title: _parse(lines) for title, lines in _seed_sheets().items()}


def test_seed_has_the_eight_sheets(seed: dict[str, SeedSheet]) -> None:
    assert sorted(seed) == sorted(sheet.title for sheet in PAPER.values())


@pytest.mark.parametrize("domain", list(PAPER), ids=str)
def test_seed_rating_lines_and_legend(
    registry: FormRegistry, seed: dict[str, SeedSheet], domain: LifeDomain
) -> None:
    form = _form(registry, domain)
    sheet = seed[form.title]
    assert sheet.ratings, form.title
    assert [f.label for f in form.rating_lines()] == sheet.ratings
    low, high = sheet.legend.split(" bis ", 1)
    for line in form.rating_lines():
        assert line.anchors is not None
        assert (line.anchors.low, line.anchors.high) == (low, high), line.key
    section = _rating_section(form)
    assert section.title == sheet.prompt
    assert sheet.rater.casefold() in section.help.casefold()


@pytest.mark.parametrize("domain", list(PAPER), ids=str)
def test_seed_open_questions(
    registry: FormRegistry, seed: dict[str, SeedSheet], domain: LifeDomain
) -> None:
    form = _form(registry, domain)
    sheet = seed[form.title]
    assert sheet.paragraphs[0] == form.field("participants").label
    # A choice's label, followed by its table on paper, ends with ":" there.
    choices = {f.label for f in form.fields if f.type is FieldType.SINGLE_CHOICE}
    on_paper = [
        p.removesuffix(":") if p.removesuffix(":") in choices else p for p in sheet.paragraphs[1:]
    ]
    in_form = [
        f.label
        for f in form.fields
        if f.key not in HEADER_KEYS + TABLE_FIELDS and f.type is not FieldType.SCALE_10
    ]
    assert in_form == on_paper


def test_seed_residence_titles(registry: FormRegistry, seed: dict[str, SeedSheet]) -> None:
    form = _form(registry, D.RESIDENCE)
    titles = seed[form.title].titles
    assert len(titles) == len(RESIDENCE_TITLES)
    status = form.field("residence_status")
    follow_ups = {form.field(key).label for key in TABLE_FIELDS}
    expected = []
    for title in titles:
        if title.endswith(":"):  # a title with a line to write on
            assert title in follow_ups
            title = title.removesuffix(":").removesuffix(", und zwar")
        expected.append(title)
    expected.append(expected.pop(expected.index("Sonstiges")))  # the catch-all comes last
    assert [o.label for o in status.options] == expected
