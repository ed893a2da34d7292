"""JSON emitter: lossless round trips (fixtures and corpus), tagged values, the schema."""

from __future__ import annotations

import datetime as dt
import json
import math
import warnings
from pathlib import Path
from typing import Any

import pytest

import franklin_compat
from franklin_compat.emit.from_json import decode_value, from_json
from franklin_compat.emit.json import SCHEMA_VERSION, encode_value, json_schema, to_json
from franklin_compat.page.pipeline import markdown_stage
from franklin_compat.reading import ast as A
from franklin_compat.reading.pagevars import JuliaRegex, Pair, Symbol, TypedVector
from tests.conftest import FIXTURES, ROOT, needs_shared

PAGES = sorted((FIXTURES / "json").glob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_fixture_page_output(page: Path) -> None:
    """The exact JSON of a small page (``fixtures/json/NAME.json``), and back."""
    doc = markdown_stage(page.read_text(encoding="utf-8"), path=page.name).document
    expected = page.with_suffix(".json").read_text(encoding="utf-8")
    assert to_json(doc, indent=1) + "\n" == expected
    assert from_json(expected) == doc


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_convert_round_trip(page: Path) -> None:
    j = franklin_compat.convert(page.read_text(encoding="utf-8"), "json", path=page.name)
    again = from_json(j)
    assert again.source is not None and again.source.path == page.name
    assert franklin_compat.convert(again, to="json") == j


def test_parsed_document_round_trips_too() -> None:
    doc = franklin_compat.parse("\\newcommand{\\x}{y}\n# A \\x\n\n{{fill title}}\n", "p.md")
    assert from_json(to_json(doc)) == doc


VALUES: list[object] = [
    None, True, 3, 2.5, "s", Symbol("sym"), [1, "a"], TypedVector("String", ["a"]), (1, 2), Pair("k", 1),
    {"a": [1, 2], 3: (4,)}, dt.date(2021, 12, 1), dt.datetime(2021, 12, 1, 10, 30), JuliaRegex("a.b", "i"),
    float("inf"), [[], {"x": None}],
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_value_round_trip_keeps_julia_types(value: object) -> None:
    back = decode_value(json.loads(json.dumps(encode_value(value))))
    assert back == value
    assert type(back) is type(value)


def test_nan_is_tagged() -> None:
    assert encode_value(float("nan")) == {"$float": "nan"}
    assert math.isnan(float(decode_value({"$float": "nan"})))  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "msg"), [
    ("nope", "not JSON"),
    ("{}", "no 'document'"),
    ('{"schema_version": 99, "document": {}}', "schema_version 99"),
    (f'{{"schema_version": {SCHEMA_VERSION}, "document": {{"type": "bogus"}}}}', "unknown node type 'bogus'"),
    (f'{{"schema_version": {SCHEMA_VERSION}, "document": {{"type": "text", "span": [0, 1]}}}}',
     "needs 'text'"),
])
def test_bad_input_is_a_franklin_error(text: str, msg: str) -> None:
    with pytest.raises(franklin_compat.FranklinError, match="FC004") as e:
        from_json(text)
    assert msg in str(e.value)


def test_schema_file_is_current() -> None:
    on_disk = json.loads((ROOT / "docs" / "ast-schema.json").read_text(encoding="utf-8"))
    assert on_disk == json_schema(), "regenerate docs/ast-schema.json (see docs/emitters.md)"


def test_schema_covers_every_node_type() -> None:
    assert set(json_schema()["$defs"]) >= set(A.NODE_TYPES)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_output_validates_against_schema(page: Path) -> None:
    schema = json_schema()
    obj = json.loads(franklin_compat.convert(page.read_text(encoding="utf-8"), "json"))
    assert validate(obj, schema, schema) == []


def test_schema_rejects_a_wrong_tree() -> None:
    schema = json_schema()
    bad = {"schema_version": SCHEMA_VERSION, "document": {"type": "document", "span": [0, 1]}}
    assert validate(bad, schema, schema)


def validate(obj: Any, schema: Any, root: Any, where: str = "$") -> list[str]:
    """The JSON Schema keywords ``json_schema`` uses (no jsonschema dependency for one test)."""
    if "$ref" in schema:
        node = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        return validate(obj, node, root, where)
    errors: list[str] = []
    if "oneOf" in schema or "anyOf" in schema:
        ok = sum(not validate(obj, s, root, where) for s in schema.get("oneOf", schema.get("anyOf")))
        return [] if (ok == 1 if "oneOf" in schema else ok >= 1) else [f"{where}: {ok} alternatives match"]
    if "const" in schema and obj != schema["const"]:
        errors.append(f"{where}: {obj!r} != {schema['const']!r}")
    if "enum" in schema and obj not in schema["enum"]:
        errors.append(f"{where}: {obj!r} not in enum")
    kinds = schema.get("type")
    if kinds is not None:
        names = [kinds] if isinstance(kinds, str) else kinds
        if not any(_is_type(obj, n) for n in names):
            return [f"{where}: not {names}"]
    if isinstance(obj, dict):
        errors += [f"{where}: missing {k}" for k in schema.get("required", []) if k not in obj]
        props = schema.get("properties", {})
        if schema.get("additionalProperties") is False:
            errors += [f"{where}: extra {k}" for k in obj if k not in props]
        for k, sub in props.items():
            if k in obj:
                errors += validate(obj[k], sub, root, f"{where}.{k}")
    if isinstance(obj, list):
        if len(obj) < schema.get("minItems", 0) or len(obj) > schema.get("maxItems", len(obj)):
            errors.append(f"{where}: {len(obj)} items")
        if "items" in schema:
            for i, x in enumerate(obj):
                errors += validate(x, schema["items"], root, f"{where}[{i}]")
    return errors


def _is_type(obj: Any, name: str) -> bool:
    py = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}
    if name in py:
        return isinstance(obj, py[name])
    if isinstance(obj, bool):
        return False
    return isinstance(obj, int) if name == "integer" else isinstance(obj, int | float)


def test_corpus_round_trip() -> None:
    """``convert(from_json(j), to="json") == j`` and the tree itself comes back equal."""
    corpus = needs_shared("corpus")
    pages = sorted(corpus.glob("*/**/*.md"))[::9]
    done = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for page in pages:
            text = page.read_text(encoding="utf-8", errors="replace")
            try:
                res = markdown_stage(text, path=str(page))
            except franklin_compat.FranklinError:
                continue
            j = to_json(res.document)
            doc = from_json(j)
            assert doc == res.document, page
            assert franklin_compat.convert(doc, to="json") == j, page
            done += 1
    assert done > 80
