"""Form instances in the encrypted store: every field type round-trips, answers are checked
per field, old instances keep their definition, and re-assessments compare with the first."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlcipher3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kimdesk.caseload import Caseload
from kimdesk.domain.records import CaseRef, Consent, FormInstance
from kimdesk.domain.vocabulary import ConsentKind, FormStatus, LifeDomain
from kimdesk.errors import ConsentRequired
from kimdesk.forms.answers import AnswerError
from kimdesk.forms.loader import FormRegistry, load_forms
from kimdesk.forms.model import FieldType
from kimdesk.paths import forms_dir
from tests.conftest import PASSWORD, PROFILE, TODAY, make_person

DAY = date(2026, 6, 15)

EVERY_TYPE = """
key = "every_type"
version = {version}
kind = "other"
title = "Alle Feldtypen"
date_field = "date"
requires_consent = true

[[sections]]
key = "main"
title = "Hauptteil"

[[sections.fields]]
key = "date"
type = "date"
label = "Datum"
required = true

[[sections.fields]]
key = "name"
type = "short_text"
label = "Name"
personal = true

[[sections.fields]]
key = "story"
type = "long_text"
label = "Geschichte"

[[sections.fields]]
key = "children"
type = "number"
label = "Kinder"
integer = true
min = 0
max = 20

[[sections.fields]]
key = "status"
type = "single_choice"
label = "Status"
options = [{{ key = "a", label = "A" }}, {{ key = "b", label = "B" }}]

[[sections.fields]]
key = "languages"
type = "multiple_choice"
label = "Sprachen"
options = [
    {{ key = "de", label = "Deutsch" }},
    {{ key = "ar", label = "Arabisch" }},
    {{ key = "uk", label = "Ukrainisch" }},
]

[[sections.fields]]
key = "agreed"
type = "yes_no"
label = "Einig?"
required = true

[[sections.fields]]
key = "rating"
type = "scale_10"
label = "der Wohnsituation"
anchors = {{ low = "1 = extreme Schwierigkeiten", high = "10 = kein Problem" }}

[[sections.fields]]
key = "achieved"
type = "achievement_4"
label = "Erreichungsgrad"

[[sections.fields]]
key = "change"
type = "change_6"
label = "Veränderung"

[[sections.fields]]
key = "jobcenter"
type = "agency_contact"
label = "Jobcenter"
personal = true

[[sections.fields]]
key = "provider"
type = "service"
label = "Anbieter"

[[sections.fields]]
key = "steps"
type = "repeating_group"
label = "Schritte"
max_items = 3

[[sections.fields.fields]]
key = "what"
type = "short_text"
label = "Was"
required = true

[[sections.fields.fields]]
key = "until"
type = "date"
label = "Bis"
{extra}
"""

FULL_ANSWERS = {
    "date": "2026-06-15",
    "name": "Ayşe Yılmaz",
    "story": "Zeile eins\nZeile zwei – mit «Zeichen» und محمد",
    "children": 2,
    "status": "b",
    "languages": ["uk", "de"],
    "agreed": True,
    "rating": {"value": 4, "remark": "Wohnung zu klein"},
    "achieved": "partly",
    "change": "stabilised",
    "jobcenter": {
        "name": "Jobcenter Mitte",
        "contact_person": "Frau Beispiel",
        "phone": "0212 123",
        "file_number": "123D456",
    },
    "provider": {"service_id": None, "name": "Schuldnerberatung – Beratung"},
    "steps": [{"what": "Antrag stellen", "until": "2026-07-01"}, {"what": "Termin"}],
}


def registry_at(folder: Path, *, version: int = 1, extra: str = "") -> FormRegistry:
    """The test's own form beside the shipped housing assessment."""
    folder.mkdir(exist_ok=True)
    (folder / "every_type.toml").write_text(
        EVERY_TYPE.format(version=version, extra=extra), encoding="utf-8"
    )
    shutil.copy(forms_dir() / "assessment_housing.toml", folder)
    return load_forms(folder)


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Messages are checked word for word in the source language."""


@pytest.fixture
def forms(tmp_path: Path) -> FormRegistry:
    return registry_at(tmp_path / "forms")


@pytest.fixture
def store(db_path: Path, forms: FormRegistry) -> Iterator[Caseload]:
    caseload = Caseload.create(db_path, PASSWORD, PROFILE, today=lambda: TODAY, forms=forms)
    yield caseload
    caseload.close()


def consented_case(caseload: Caseload, on: date = DAY) -> CaseRef:
    case = caseload.open_case(caseload.add_person(make_person()), opened_on=on)
    caseload.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, on, "tr"))
    return case


def test_every_field_type_round_trips_through_the_encrypted_store(
    store: Caseload, db_path: Path, forms: FormRegistry
) -> None:
    types = {f.type for f in forms.get("every_type").fields}
    assert types == set(FieldType)
    case = consented_case(store)
    saved = store.save_form(case.id, "every_type", FULL_ANSWERS, final=True)
    store.close()
    reopened = Caseload.open(db_path, PASSWORD, today=lambda: TODAY, forms=forms)
    [loaded] = reopened.form_instances(case.id)
    expected = dict(FULL_ANSWERS, languages=["de", "uk"])  # stored in the form's order
    assert loaded.answers == expected
    assert (loaded.status, loaded.recorded_on, loaded.form_version) == (FormStatus.FINAL, DAY, 1)
    assert loaded.id == saved.id
    reopened.close()
    assert "Ayşe".encode() not in db_path.read_bytes()


def test_date_objects_and_empty_answers_are_normalised(store: Caseload) -> None:
    case = consented_case(store)
    saved = store.save_form(
        case.id,
        "every_type",
        {
            "date": DAY,
            "agreed": False,
            "story": "   ",
            "rating": {"value": None, "remark": ""},
            "steps": [{"what": "", "until": None}],
        },
        final=True,
    )
    assert saved.answers == {"date": "2026-06-15", "agreed": False}


def test_drafts_may_be_incomplete_but_finished_forms_may_not(store: Caseload) -> None:
    case = consented_case(store)
    draft = store.save_form(
        case.id, "every_type", {"date": DAY, "story": "halb fertig"}, final=False
    )
    assert draft.status is FormStatus.DRAFT
    with pytest.raises(AnswerError) as raised:
        store.save_form(
            case.id,
            "every_type",
            {"date": DAY, "steps": [{"until": "2026-07-01"}]},
            final=True,
            instance_id=draft.id,
        )
    assert [str(p) for p in raised.value.problems] == [
        "Einig?: required",
        "Schritte 1: Was: required",
    ]
    assert store.form_instance(draft.id or 0).answers == {
        "date": "2026-06-15",
        "story": "halb fertig",
    }
    finished = store.save_form(
        case.id, "every_type", dict(FULL_ANSWERS), final=True, instance_id=draft.id
    )
    assert finished.id == draft.id and finished.status is FormStatus.FINAL
    assert len(store.form_instances(case.id)) == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", "31.02.2026", "Datum: This day does not exist."),
        ("date", "morgen", "Datum: Please type the date as dd.mm.yyyy"),
        ("children", "zwei", "Kinder: expected a number"),
        ("children", 2.5, "Kinder: expected a whole number"),
        ("children", 21, "Kinder: at most 20"),
        ("status", "c", "Status: not one of the offered choices"),
        ("languages", ["de", "fr"], "Sprachen: not one of the offered choices"),
        ("agreed", "ja", "Einig?: expected yes or no"),
        (
            "rating",
            {"value": 11, "remark": ""},
            "der Wohnsituation: the rating must be a whole number",
        ),
        ("rating", {"value": 3, "note": ""}, "der Wohnsituation: expected the parts value, remark"),
        ("achieved", "perfect", "Erreichungsgrad: not one of the offered choices"),
        ("jobcenter", {"name": 5}, "Jobcenter: expected text"),
        ("steps", [{"what": str(n)} for n in range(4)], "Schritte: at most 3 entries"),
        ("nonsense", "x", "nonsense: this form has no such field"),
    ],
)
def test_bad_answers_get_a_message_at_the_field(
    store: Caseload, field: str, value: object, message: str
) -> None:
    case = consented_case(store)
    with pytest.raises(AnswerError) as raised:
        store.save_form(case.id, "every_type", {"date": DAY, field: value}, final=False)
    assert any(str(p).startswith(message) for p in raised.value.problems), raised.value.problems
    assert store.form_instances(case.id) == []


def test_no_form_data_before_the_consent(store: Caseload) -> None:
    case = store.open_case(store.add_person(make_person()), opened_on=DAY)
    with pytest.raises(ConsentRequired):
        store.save_form(case.id, "every_type", {"date": DAY}, final=False)
    store.record_consent(Consent(case.id, ConsentKind.DATA_PROCESSING, date(2026, 6, 20), "de"))
    with pytest.raises(ConsentRequired):  # the consent came after the form's date
        store.save_form(case.id, "every_type", {"date": DAY}, final=False)
    assert store.form_instances(case.id) == []


def test_the_database_refuses_form_data_without_consent_too(store: Caseload) -> None:
    case = store.open_case(store.add_person(make_person()), opened_on=DAY)
    instance = FormInstance(case.id, "every_type", 1, FormStatus.DRAFT, DAY, {}, None, "d")
    store.repo.store_definition("d", "every_type", 1, "{}")
    with pytest.raises(sqlcipher3.IntegrityError, match="consent required"):
        store.repo.insert_form_instance(instance, kind="other", domain=None)
    store.repo.insert_form_instance(instance, kind="screening", domain=None)  # the exception


def test_old_instances_keep_their_definition_after_forms_change(
    tmp_path: Path, store: Caseload, db_path: Path
) -> None:
    case = consented_case(store)
    old = store.save_form(case.id, "every_type", dict(FULL_ANSWERS), final=True)
    store.close()

    # The municipality drops "story", adds "interpreter", and raises the version.
    newer_text = EVERY_TYPE.format(
        version=2,
        extra="""
[[sections.fields]]
key = "interpreter"
type = "yes_no"
label = "Sprachmittlung?"
""",
    ).replace('[[sections.fields]]\nkey = "story"\ntype = "long_text"\nlabel = "Geschichte"\n', "")
    newer_dir = tmp_path / "forms_v2"
    newer_dir.mkdir()
    (newer_dir / "every_type.toml").write_text(newer_text, encoding="utf-8")
    newer = load_forms(newer_dir)
    reopened = Caseload.open(db_path, PASSWORD, today=lambda: TODAY, forms=newer)

    [loaded] = reopened.form_instances(case.id)
    old_definition = reopened.definition_of(loaded)
    assert old_definition.version == 1
    assert old_definition.field("story").label == "Geschichte"  # still renders
    assert "interpreter" not in {f.key for f in old_definition.fields}
    # Editing the old form keeps to its own version ...
    edited = reopened.save_form(
        case.id,
        "every_type",
        dict(FULL_ANSWERS, story="korrigiert"),
        final=True,
        instance_id=old.id,
    )
    assert edited.form_version == 1 and edited.answers["story"] == "korrigiert"
    # ... while a new form uses the new one.
    fresh = reopened.save_form(
        case.id, "every_type", {"date": DAY, "agreed": True, "interpreter": True}, final=True
    )
    assert fresh.form_version == 2
    assert reopened.definition_of(fresh).field("interpreter").label == "Sprachmittlung?"
    with pytest.raises(AnswerError):
        reopened.save_form(case.id, "every_type", {"date": DAY, "story": "x"}, final=False)
    reopened.close()


def test_reassessments_compare_with_the_first_assessment(store: Caseload) -> None:
    case = consented_case(store, on=date(2026, 1, 10))
    form = store.forms.assessment(LifeDomain.HOUSING)
    lines = [f.key for f in form.rating_lines()]

    def assess(kind: str, on: date, values: list[int | None], *, final: bool = True) -> None:
        answers = {"assessment_kind": kind, "date": on.isoformat()}
        answers.update(
            {
                k: {"value": v, "remark": ""}
                for k, v in zip(lines, values, strict=True)
                if v is not None
            }
        )
        store.save_form(case.id, form.key, answers, final=final)

    assess("first", date(2026, 1, 12), [2, 5, 3, None][: len(lines)] + [1] * (len(lines) - 4))
    assess("re", date(2026, 4, 2), [4, 5, 6, 7][: len(lines)] + [2] * (len(lines) - 4))
    assess("re", date(2026, 7, 1), [7, 4, 8, 8][: len(lines)] + [3] * (len(lines) - 4))
    assess(
        "re", date(2026, 8, 1), [1, 1, 1, 1][: len(lines)] + [1] * (len(lines) - 4), final=False
    )  # a draft does not count

    changes = store.assessment_changes(case.id)
    assert [c.line for c in changes] == lines
    first = changes[0]
    assert first.domain is LifeDomain.HOUSING and first.label == form.rating_lines()[0].label
    assert (first.first, first.latest, first.change) == (2, 7, 5)
    assert first.later == ((date(2026, 4, 2), 4), (date(2026, 7, 1), 7))
    assert changes[1].change == -1
    assert changes[3].first is None and changes[3].change is None


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(min_size=1, max_size=200).filter(lambda t: t.strip()),
    children=st.integers(min_value=0, max_value=20),
    rating=st.one_of(st.none(), st.integers(min_value=1, max_value=10)),
)
def test_any_valid_answers_round_trip(
    store: Caseload, text: str, children: int, rating: int | None
) -> None:
    case = consented_case(store)
    answers = {
        "date": DAY.isoformat(),
        "story": text,
        "children": children,
        "agreed": True,
        "rating": {"value": rating, "remark": text},
        "steps": [{"what": text}],
    }
    saved = store.save_form(case.id, "every_type", answers, final=True)
    assert store.form_instance(saved.id or 0).answers == answers
