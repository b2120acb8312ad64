"""Reads every form definition in forms/ and checks it, naming file, field and problem.

A municipality adapts the forms by editing the TOML files; a mistake there must stop the
start with a message that says exactly where it is, never with a traceback.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from kimdesk.domain.vocabulary import LifeDomain
from kimdesk.errors import KimdeskError
from kimdesk.forms.computed import COMPUTATIONS
from kimdesk.forms.model import (
    ASSESSMENT_KIND_FIELD,
    ASSESSMENT_KINDS,
    CHOICE_TYPES,
    FIXED_OPTIONS,
    Anchors,
    Field,
    FieldType,
    FormDefinition,
    FormKind,
    Option,
    Section,
)
from kimdesk.i18n import _
from kimdesk.paths import forms_dir
from kimdesk.system_config import system_config

KEY = re.compile(r"^[a-z][a-z0-9_]*$")
FORM_KEYS = {
    "key",
    "version",
    "kind",
    "title",
    "description",
    "domain",
    "date_field",
    "requires_consent",
    "sections",
}
SECTION_KEYS = {"key", "title", "help", "fields"}
FIELD_KEYS = {
    "key",
    "type",
    "label",
    "help",
    "required",
    "personal",
    "options",
    "anchors",
    "min",
    "max",
    "integer",
    "max_items",
    "fields",
    "computed",
    "not_before",
}


@dataclass(frozen=True)
class DefinitionProblem:
    source: str
    where: str
    problem: str

    def __str__(self) -> str:
        return (
            f"{self.source}: {self.where}: {self.problem}"
            if self.where
            else (f"{self.source}: {self.problem}")
        )


class FormDefinitionError(KimdeskError):
    exit_code = 2

    def __init__(self, problems: Iterable[DefinitionProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__(
            "\n".join([_("The form definitions contain errors:")] + [str(p) for p in self.problems])
        )


class _Checker:
    """Collects every problem of one definition instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[DefinitionProblem] = []

    def fail(self, where: str, problem: str) -> None:
        self.problems.append(DefinitionProblem(self.source, where, problem))

    def text(self, data: Mapping[str, Any], name: str, where: str, *, required: bool) -> str:
        value = data.get(name, "")
        if not isinstance(value, str):
            self.fail(where, _("“{name}” must be text").format(name=name))
            return ""
        if required and not value.strip():
            self.fail(where, _("“{name}” is missing").format(name=name))
        return value

    def flag(self, data: Mapping[str, Any], name: str, where: str, default: bool) -> bool:
        value = data.get(name, default)
        if not isinstance(value, bool):
            self.fail(where, _("“{name}” must be true or false").format(name=name))
            return default
        return value

    def unknown_keys(self, data: Mapping[str, Any], allowed: set[str], where: str) -> None:
        for name in sorted(set(data) - allowed):
            self.fail(where, _("unknown setting “{name}”").format(name=name))

    def key(self, data: Mapping[str, Any], where: str) -> str:
        value = data.get("key")
        if not isinstance(value, str) or not KEY.match(value):
            self.fail(
                where, _("“key” must be lower-case letters, digits and _ (starting with a letter)")
            )
            return ""
        return value


def parse_definition(
    data: Mapping[str, Any], source: str, *, expected_key: str = ""
) -> FormDefinition:
    """Check one definition (as read from TOML) and build it; raises FormDefinitionError."""
    check = _Checker(source)
    check.unknown_keys(data, FORM_KEYS, "")
    key = check.key(data, "")
    if expected_key and key and key != expected_key:
        check.fail(
            "", _("“key” must match the file name ({expected})").format(expected=expected_key)
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        check.fail("", _("“version” must be a whole number from 1"))
        version = 1
    title = check.text(data, "title", "", required=True)
    description = check.text(data, "description", "", required=False)
    try:
        kind = FormKind(data.get("kind", ""))
    except ValueError:
        check.fail(
            "",
            _("unknown kind “{kind}”; known: {known}").format(
                kind=data.get("kind", ""), known=", ".join(k.value for k in FormKind)
            ),
        )
        kind = FormKind.OTHER
    requires_consent = check.flag(data, "requires_consent", "", True)
    if kind is not FormKind.SCREENING and not requires_consent:
        check.fail("", _("only the screening may be filled without the signed consent"))
    domain = _domain(check, data, kind)

    sections: list[Section] = []
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        check.fail("", _("a form needs at least one [[sections]] entry"))
        raw_sections = []
    section_keys: set[str] = set()
    field_keys: set[str] = set()
    for index, raw in enumerate(raw_sections, start=1):
        where = _("section {n}").format(n=index)
        if not isinstance(raw, dict):
            check.fail(where, _("a section must be a table"))
            continue
        section_key = check.key(raw, where)
        if section_key:
            where = _("section “{key}”").format(key=section_key)
            if section_key in section_keys:
                check.fail(where, _("the key is used twice"))
            section_keys.add(section_key)
        check.unknown_keys(raw, SECTION_KEYS, where)
        fields = _fields(check, raw.get("fields"), where, field_keys, nested=False)
        if not fields:
            check.fail(where, _("a section needs at least one field"))
        sections.append(
            Section(
                section_key,
                check.text(raw, "title", where, required=True),
                check.text(raw, "help", where, required=False),
                fields,
            )
        )

    definition = FormDefinition(
        key=key,
        version=version,
        title=title,
        kind=kind,
        sections=tuple(sections),
        date_field=str(data.get("date_field", "")),
        requires_consent=requires_consent,
        description=description,
        domain=domain,
        source=source,
        raw=dict(data),
    )
    _check_form_rules(check, definition)
    if check.problems:
        raise FormDefinitionError(check.problems)
    return definition


def _domain(check: _Checker, data: Mapping[str, Any], kind: FormKind) -> LifeDomain | None:
    raw = data.get("domain")
    if raw is None:
        if kind is FormKind.ASSESSMENT:
            check.fail("", _("an assessment needs its life domain (“domain”)"))
        return None
    try:
        domain = LifeDomain(raw)
    except ValueError:
        check.fail("", _("unknown life domain “{domain}”").format(domain=raw))
        return None
    if kind is FormKind.ASSESSMENT and domain is LifeDomain.OTHER:
        check.fail("", _("an assessment belongs to one of the eight life domains"))
    return domain


def _fields(
    check: _Checker, raw_fields: Any, where: str, seen: set[str], *, nested: bool
) -> tuple[Field, ...]:
    if raw_fields is None:
        return ()
    if not isinstance(raw_fields, list):
        check.fail(where, _("“fields” must be a list of [[…fields]] tables"))
        return ()
    fields = []
    for index, raw in enumerate(raw_fields, start=1):
        field_where = _("{where}, field {n}").format(where=where, n=index)
        if not isinstance(raw, dict):
            check.fail(field_where, _("a field must be a table"))
            continue
        parsed = _field(check, raw, field_where, nested=nested)
        if parsed is None:
            continue
        if parsed.key in seen:
            check.fail(_("field “{key}”").format(key=parsed.key), _("the key is used twice"))
        seen.add(parsed.key)
        fields.append(parsed)
    return tuple(fields)


def _field(check: _Checker, raw: Mapping[str, Any], where: str, *, nested: bool) -> Field | None:
    key = check.key(raw, where)
    if key:
        where = _("field “{key}”").format(key=key)
    check.unknown_keys(raw, FIELD_KEYS, where)
    try:
        field_type = FieldType(raw.get("type", ""))
    except ValueError:
        check.fail(
            where,
            _("unknown type “{type}”; known: {known}").format(
                type=raw.get("type", ""), known=", ".join(t.value for t in FieldType)
            ),
        )
        return None
    label = check.text(raw, "label", where, required=True)
    options = _options(check, raw, field_type, where)
    anchors = _anchors(check, raw, field_type, where)
    minimum, maximum = raw.get("min"), raw.get("max")
    integer = check.flag(raw, "integer", where, False)
    if field_type is not FieldType.NUMBER:
        for name in ("min", "max", "integer"):
            if name in raw:
                check.fail(where, _("“{name}” only fits a number field").format(name=name))
    else:
        for name, value in (("min", minimum), ("max", maximum)):
            if value is not None and (
                not isinstance(value, int | float) or isinstance(value, bool)
            ):
                check.fail(where, _("“{name}” must be a number").format(name=name))
        if (
            isinstance(minimum, int | float)
            and isinstance(maximum, int | float)
            and (minimum > maximum)
        ):
            check.fail(where, _("“min” is larger than “max”"))
    max_items = raw.get("max_items")
    sub_fields: tuple[Field, ...] = ()
    if field_type is FieldType.REPEATING_GROUP:
        if nested:
            check.fail(where, _("a repeating group cannot contain another repeating group"))
        sub_fields = _fields(check, raw.get("fields"), where, set(), nested=True)
        if not sub_fields:
            check.fail(where, _("a repeating group needs its own [[…fields]]"))
        if max_items is not None and (not isinstance(max_items, int) or max_items < 1):
            check.fail(where, _("“max_items” must be a whole number from 1"))
            max_items = None
    else:
        for name in ("fields", "max_items"):
            if name in raw:
                check.fail(where, _("“{name}” only fits a repeating group").format(name=name))
        max_items = None
    computed = check.text(raw, "computed", where, required=False)
    if computed and computed not in COMPUTATIONS:
        check.fail(
            where,
            _("unknown computation “{name}”; known: {known}").format(
                name=computed, known=", ".join(sorted(COMPUTATIONS))
            ),
        )
    not_before = check.text(raw, "not_before", where, required=False)
    if not_before and field_type is not FieldType.DATE:
        check.fail(where, _("“not_before” only fits a date field"))
    if nested and (computed or not_before):
        check.fail(where, _("“computed” and “not_before” only fit fields outside a group"))
    return Field(
        key=key,
        type=field_type,
        label=label,
        help=check.text(raw, "help", where, required=False),
        required=check.flag(raw, "required", where, False),
        personal=check.flag(raw, "personal", where, False),
        options=options,
        anchors=anchors,
        minimum=float(minimum) if isinstance(minimum, int | float) else None,
        maximum=float(maximum) if isinstance(maximum, int | float) else None,
        integer=integer,
        max_items=max_items,
        fields=sub_fields,
        computed=computed,
        not_before=not_before,
    )


def _options(
    check: _Checker, raw: Mapping[str, Any], field_type: FieldType, where: str
) -> tuple[Option, ...]:
    given = raw.get("options")
    fixed = FIXED_OPTIONS.get(field_type)
    if field_type not in CHOICE_TYPES and fixed is None:
        if given is not None:
            check.fail(where, _("“options” only fit choice fields"))
        return ()
    if given is None:
        if fixed is not None:
            return tuple(Option(k, label) for k, label in fixed)
        check.fail(where, _("a choice field needs “options”"))
        return ()
    if not isinstance(given, list) or not given:
        check.fail(where, _("“options” must be a non-empty list of {{ key, label }} tables"))
        return ()
    options: list[Option] = []
    for index, item in enumerate(given, start=1):
        if not isinstance(item, dict) or set(item) != {"key", "label"}:
            check.fail(where, _("option {n} must be {{ key = …, label = … }}").format(n=index))
            continue
        key, label = item["key"], item["label"]
        if not isinstance(key, str) or not KEY.match(key):
            check.fail(
                where,
                _("option {n}: “key” must be lower-case letters, digits and _").format(n=index),
            )
            continue
        if not isinstance(label, str) or not label.strip():
            check.fail(where, _("option “{key}” needs a label").format(key=key))
        if key in {o.key for o in options}:
            check.fail(where, _("option “{key}” appears twice").format(key=key))
        options.append(Option(key, str(label)))
    if fixed is not None and [o.key for o in options] != [k for k, _label in fixed]:
        check.fail(
            where,
            _("this scale has the fixed options {keys} (only labels may change)").format(
                keys=", ".join(k for k, _label in fixed)
            ),
        )
    if field_type in CHOICE_TYPES and len(options) < 2:
        check.fail(where, _("a choice needs at least two options"))
    return tuple(options)


def _anchors(
    check: _Checker, raw: Mapping[str, Any], field_type: FieldType, where: str
) -> Anchors | None:
    given = raw.get("anchors")
    if field_type is not FieldType.SCALE_10:
        if given is not None:
            check.fail(where, _("“anchors” only fit a 1–10 scale"))
        return None
    if (
        not isinstance(given, dict)
        or set(given) != {"low", "high"}
        or not all(isinstance(v, str) and v.strip() for v in given.values())
    ):
        check.fail(where, _("a 1–10 scale needs anchors = {{ low = “1 = …”, high = “10 = …” }}"))
        return None
    return Anchors(given["low"], given["high"])


def _check_form_rules(check: _Checker, definition: FormDefinition) -> None:
    fields = {f.key: f for f in definition.fields}
    date_field = fields.get(definition.date_field)
    if date_field is None or date_field.type is not FieldType.DATE:
        check.fail("", _("“date_field” must name a date field of the form"))
    for field in definition.fields:
        earlier = fields.get(field.not_before) if field.not_before else None
        if field.not_before and (earlier is None or earlier.type is not FieldType.DATE):
            check.fail(
                _("field “{key}”").format(key=field.key),
                _("“not_before” must name a date field of the form"),
            )
    if definition.kind is FormKind.ASSESSMENT:
        kind_field = fields.get(ASSESSMENT_KIND_FIELD)
        if (
            kind_field is None
            or kind_field.type is not FieldType.SINGLE_CHOICE
            or kind_field.option_keys != ASSESSMENT_KINDS
        ):
            check.fail(
                "",
                _(
                    "an assessment needs the field “{key}” (single choice with the "
                    "options first, re)"
                ).format(key=ASSESSMENT_KIND_FIELD),
            )
        if not definition.rating_lines():
            check.fail("", _("an assessment needs at least one 1–10 rating line"))


# -- the registry ----------------------------------------------------------------------------


class FormRegistry:
    """All current definitions by key, in a stable order (file names)."""

    def __init__(self, definitions: Iterable[FormDefinition]) -> None:
        self._by_key = {d.key: d for d in definitions}

    def __iter__(self) -> Iterator[FormDefinition]:
        return iter(self._by_key.values())

    def __len__(self) -> int:
        return len(self._by_key)

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def get(self, key: str) -> FormDefinition:
        try:
            return self._by_key[key]
        except KeyError:
            raise KimdeskError(_("There is no form “{key}”.").format(key=key)) from None

    def of_kind(self, kind: FormKind) -> list[FormDefinition]:
        return [d for d in self if d.kind is kind]

    def assessment(self, domain: LifeDomain) -> FormDefinition:
        for definition in self.of_kind(FormKind.ASSESSMENT):
            if definition.domain is domain:
                return definition
        raise KimdeskError(_("There is no assessment form for this life domain."))


def load_forms(directory: Path | None = None, *, extra: Path | None = None) -> FormRegistry:
    """Read and check every ``*.toml`` in ``directory``; all problems are reported at once.

    Without ``directory``: the bundled forms/ and IT's ``forms_folder`` (kimdesk.toml) as
    ``extra``, whose files add forms or replace the bundled form of the same key (file name).
    """
    if directory is None:
        directory, extra = forms_dir(), extra or system_config().forms_folder
    folder = directory
    problems: list[DefinitionProblem] = []
    definitions: list[FormDefinition] = []
    files = {path.stem: (path, path.name) for path in sorted(folder.glob("*.toml"))}
    if not files:
        raise FormDefinitionError(
            [DefinitionProblem(str(folder), "", _("no form definitions (*.toml) found"))]
        )
    replaced: dict[str, Path] = {}
    if extra is not None:
        for path in sorted(extra.glob("*.toml")):
            if path.stem in files:
                replaced[path.stem] = files[path.stem][0]
            # the full path: a message must say that the variant is meant, not the bundled form
            files[path.stem] = (path, str(path))
    for key in sorted(files):
        path, source = files[key]
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            problems.append(
                DefinitionProblem(source, "", _("not valid TOML ({detail})").format(detail=error))
            )
            continue
        try:
            definitions.append(parse_definition(data, source, expected_key=path.stem))
        except FormDefinitionError as error:
            problems.extend(error.problems)
    problems.extend(_changed_kinds(definitions, replaced))
    domains = [d.domain for d in definitions if d.kind is FormKind.ASSESSMENT]
    for domain in {d for d in domains if domains.count(d) > 1}:
        problems.append(
            DefinitionProblem(
                str(folder),
                "",
                _("two assessment forms for the same life domain “{domain}”").format(domain=domain),
            )
        )
    if problems:
        raise FormDefinitionError(problems)
    return FormRegistry(definitions)


def _changed_kinds(
    definitions: list[FormDefinition], replaced: Mapping[str, Path]
) -> Iterator[DefinitionProblem]:
    """A variant replacing a bundled form keeps its kind: the workflow treats each kind its
    own way (the screening opens a case, the closure sheet closes it)."""
    for definition in definitions:
        if definition.key not in replaced:
            continue
        try:
            original = tomllib.loads(replaced[definition.key].read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue  # the bundled form's own problem is reported elsewhere
        if original.get("kind") != definition.kind.value:
            yield DefinitionProblem(
                definition.source,
                "",
                _("a variant of “{key}” must keep its kind “{kind}”").format(
                    key=definition.key, kind=original.get("kind")
                ),
            )


@lru_cache(maxsize=1)
def default_forms() -> FormRegistry:
    """The definitions shipped in forms/ with IT's variants (read once per process)."""
    return load_forms()


# -- snapshots of definitions, stored beside the instances saved under them -------------------


def snapshot(definition: FormDefinition) -> tuple[str, str]:
    """The definition as canonical JSON and its SHA-256 digest."""
    text = json.dumps(definition.raw, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), text


def from_snapshot(text: str) -> FormDefinition:
    data = json.loads(text)
    return parse_definition(data, _("stored version of “{key}”").format(key=data.get("key")))
