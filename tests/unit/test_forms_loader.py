"""The form loader: every shipped definition is sound, and mistakes are named precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.forms.loader import FormDefinitionError, load_forms
from kimdesk.forms.model import CHOICE_TYPES, FieldType, FormKind
from kimdesk.i18n import set_language

MINIMAL = """
key = "{key}"
version = 1
kind = "other"
title = "Ein Bogen"
date_field = "date"
requires_consent = true

[[sections]]
key = "main"
title = "Hauptteil"

[[sections.fields]]
key = "date"
type = "date"
label = "Datum"
"""


@pytest.fixture(autouse=True)
def _in_english(english: None) -> None:
    """Messages are checked word for word in the source language."""


def write(folder: Path, key: str, extra: str = "", *, base: str = MINIMAL) -> Path:
    path = folder / f"{key}.toml"
    path.write_text(base.format(key=key) + extra, encoding="utf-8")
    return path


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(FormDefinitionError) as raised:
        load_forms(folder)
    return [str(p) for p in raised.value.problems]


def test_every_shipped_field_is_well_formed() -> None:
    """Walk every field of every form in forms/, as qutebrowser walks its config data."""
    registry = load_forms()
    assert len(registry) >= 1
    for definition in registry:
        assert definition.title.strip() and definition.sections
        assert definition.field(definition.date_field).type is FieldType.DATE
        for field in definition.fields:
            assert field.label.strip(), (definition.key, field.key)
            if field.type in CHOICE_TYPES:
                assert len(field.options) >= 2 and all(o.label for o in field.options)
            if field.type is FieldType.SCALE_10:
                assert field.anchors and field.anchors.low.startswith("1")
            if field.type is FieldType.REPEATING_GROUP:
                assert field.fields
        if definition.kind is FormKind.ASSESSMENT:
            assert definition.requires_consent and definition.domain is not None


def test_a_municipality_adds_a_form_by_editing_forms_only(tmp_path: Path) -> None:
    write(
        tmp_path,
        "hausbesuch",
        """
[[sections.fields]]
key = "impression"
type = "long_text"
label = "Eindruck beim Hausbesuch"
""",
    )
    registry = load_forms(tmp_path)
    assert [d.key for d in registry] == ["hausbesuch"]
    assert registry.get("hausbesuch").field("impression").label == "Eindruck beim Hausbesuch"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            '[[sections.fields]]\nkey = "x"\ntype = "txt"\nlabel = "X"\n',
            "hausbesuch.toml: field “x”: unknown type “txt”",
        ),
        (
            '[[sections.fields]]\nkey = "date"\ntype = "short_text"\nlabel = "Noch einmal"\n',
            "hausbesuch.toml: field “date”: the key is used twice",
        ),
        (
            '[[sections.fields]]\nkey = "choice"\ntype = "single_choice"\nlabel = "Wahl"\n',
            "hausbesuch.toml: field “choice”: a choice field needs “options”",
        ),
        (
            '[[sections.fields]]\nkey = "choice"\ntype = "single_choice"\nlabel = "Wahl"\n'
            'options = [{ key = "a", label = "A" }, { key = "a", label = "B" }]\n',
            "hausbesuch.toml: field “choice”: option “a” appears twice",
        ),
        (
            '[[sections.fields]]\nkey = "rating"\ntype = "scale_10"\nlabel = "Wie?"\n',
            "hausbesuch.toml: field “rating”: a 1–10 scale needs anchors",
        ),
        (
            '[[sections.fields]]\nkey = "n"\ntype = "number"\nlabel = "Zahl"\nmin = 5\nmax = 1\n',
            "hausbesuch.toml: field “n”: “min” is larger than “max”",
        ),
        (
            '[[sections.fields]]\nkey = "Big Key"\ntype = "short_text"\nlabel = "X"\n',
            "hausbesuch.toml: section “main”, field 2: “key” must be lower-case",
        ),
        (
            '[[sections.fields]]\nkey = "t"\ntype = "short_text"\nlabel = "T"\nrequird = true\n',
            "hausbesuch.toml: field “t”: unknown setting “requird”",
        ),
        (
            '[[sections.fields]]\nkey = "t"\ntype = "short_text"\nlabel = ""\n',
            "hausbesuch.toml: field “t”: “label” is missing",
        ),
        (
            '[[sections.fields]]\nkey = "g"\ntype = "repeating_group"\nlabel = "G"\n',
            "hausbesuch.toml: field “g”: a repeating group needs its own",
        ),
        (
            '[[sections.fields]]\nkey = "a"\ntype = "achievement_4"\nlabel = "A"\n'
            'options = [{ key = "good", label = "gut" }, { key = "bad", label = "schlecht" }]\n',
            "hausbesuch.toml: field “a”: this scale has the fixed options fully, partly",
        ),
    ],
)
def test_broken_fields_are_named_with_file_field_and_problem(
    tmp_path: Path, extra: str, expected: str
) -> None:
    write(tmp_path, "hausbesuch", extra)
    found = problems_of(tmp_path)
    assert any(p.startswith(expected) for p in found), found


def test_form_level_mistakes(tmp_path: Path) -> None:
    broken = (
        MINIMAL.replace("version = 1", "version = 0")
        .replace('kind = "other"', 'kind = "diary"')
        .replace('date_field = "date"', 'date_field = "day"')
    )
    write(tmp_path, "tagebuch", base=broken)
    found = problems_of(tmp_path)
    assert "tagebuch.toml: “version” must be a whole number from 1" in found
    assert any(p.startswith("tagebuch.toml: unknown kind “diary”") for p in found)
    assert "tagebuch.toml: “date_field” must name a date field of the form" in found


def test_the_key_must_match_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "other_name.toml").write_text(MINIMAL.format(key="real_name"), encoding="utf-8")
    assert problems_of(tmp_path) == ["other_name.toml: “key” must match the file name (other_name)"]


def test_only_the_screening_may_skip_the_consent(tmp_path: Path) -> None:
    write(
        tmp_path,
        "intake",
        base=MINIMAL.replace("requires_consent = true", "requires_consent = false"),
    )
    assert problems_of(tmp_path) == [
        "intake.toml: only the screening may be filled without the signed consent"
    ]


def test_assessment_rules(tmp_path: Path) -> None:
    write(tmp_path, "assessment_x", base=MINIMAL.replace('kind = "other"', 'kind = "assessment"'))
    found = problems_of(tmp_path)
    assert "assessment_x.toml: an assessment needs its life domain (“domain”)" in found
    assert any("assessment_kind" in p for p in found)
    assert "assessment_x.toml: an assessment needs at least one 1–10 rating line" in found


def test_toml_syntax_errors_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "kaputt.toml").write_text('key = "kaputt"\nversion = \n', encoding="utf-8")
    [problem] = problems_of(tmp_path)
    assert problem.startswith("kaputt.toml: not valid TOML")


def test_all_problems_of_all_files_are_reported_at_once(tmp_path: Path) -> None:
    write(tmp_path, "eins", '[[sections.fields]]\nkey = "x"\ntype = "txt"\nlabel = "X"\n')
    write(tmp_path, "zwei", '[[sections.fields]]\nkey = "y"\ntype = "foo"\nlabel = "Y"\n')
    found = problems_of(tmp_path)
    assert {p.split(":")[0] for p in found} == {"eins.toml", "zwei.toml"}
    set_language("de")
    with pytest.raises(FormDefinitionError) as raised:
        load_forms(tmp_path)
    assert str(raised.value).startswith("Die Formulardefinitionen enthalten Fehler:")
    assert "eins.toml: Feld „x“: unbekannter Typ „txt“" in str(raised.value)


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    assert problems_of(tmp_path)[0].endswith("no form definitions (*.toml) found")


def test_assessment_forms_by_domain() -> None:
    registry = load_forms()
    for definition in registry.of_kind(FormKind.ASSESSMENT):
        assert registry.assessment(definition.domain or LifeDomain.OTHER) is definition
