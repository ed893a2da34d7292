"""Our own tree as JSON: every node with its ``type`` (its ``kind``), fields and span.

This is the lossless output (pandoc's JSON is the portable one): spans, the
source text, unresolved calls and page variables with their Julia types all
survive, so :func:`franklin_compat.emit.from_json.from_json` reads it back to an equal
:class:`~franklin_compat.reading.ast.Document`.  ``convert(…, to="json")`` writes the
expanded tree, as every emitter gets it; ``to_json(parse(text))`` the parsed one.  ``docs/ast-schema.json`` is
:func:`json_schema`'s output, kept current by a test.

Page-variable values keep their Julia type through tagged objects
(``{"$date": "2021-12-01"}``, ``{"$tuple": […]}``, ``{"$symbol": "x"}``…), since
JSON alone cannot tell a tuple from a vector or a date from a string.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from ..core.source import Source
from ..julia_subset.show import show
from ..julia_subset.values import MAX_VALUE_DEPTH, ValueTooDeep
from ..reading import ast as A
from ..reading.pagevars import JuliaRegex, Pair, Symbol, TypedVector

SCHEMA_VERSION = 1


def to_json(doc: A.Node, *, indent: int | None = None) -> str:
    """The tree under ``doc`` as a JSON text (``schema_version`` first)."""
    if indent is None:
        try:
            return f'{{"schema_version":{SCHEMA_VERSION},"document":{_WRITERS[doc.__class__](doc, 0)}}}'
        except (_TooDeep, RecursionError):
            pass  # a deep tree: written from its objects, with an explicit stack
    obj = {"schema_version": SCHEMA_VERSION, "document": encode_node(doc)}
    seps = (",", ":") if indent is None else (",", ": ")
    return json.dumps(obj, ensure_ascii=False, indent=indent, separators=seps, allow_nan=False)


def emit(doc: A.Document, *, page_vars: dict[str, Any] | None = None,
         global_vars: dict[str, Any] | None = None) -> str:
    """The registered ``json`` emitter: the tree as given (no page variables needed)."""
    return to_json(doc)


#: fields whose annotation says the value is written as it is (a string, a number, a flag)
_PLAIN_TYPES = frozenset({"str", "bool", "int", "str | None", "int | None", "bool | None"})


def _plan(cls: type[A.Node]) -> tuple[tuple[str, str], ...]:
    """How each field of a node class is written, from its annotation: ``span``, ``value`` (a
    page-variable value, any Julia type), ``plain`` (a string, number or flag, as it is),
    ``nodes`` (a tuple of nodes) or ``field`` (anything else, looked at when written); cached
    per class."""
    found = _PLANS.get(cls)
    if found is None:
        found = _PLANS[cls] = tuple((f.name, _how(f.name, str(f.type))) for f in fields(cls))
    return found


def _how(name: str, annotation: str) -> str:
    if name == "span":
        return "span"
    if annotation == "Any":
        return "value"
    if annotation in _PLAIN_TYPES:
        return "plain"
    inner = annotation[6:-6] if annotation.startswith("tuple[") and annotation.endswith(", ...]") else ""
    return "nodes" if inner in _NODE_ANNOTATIONS else "field"


_PLANS: dict[type[A.Node], tuple[tuple[str, str], ...]] = {}
_NODE_ANNOTATIONS = frozenset({"Node", *(t.__name__ for t in A.NODE_TYPES.values())})


def encode_node(node: A.Node) -> dict[str, Any]:
    """The node as a JSON object (``type`` first, then its fields in order); an explicit stack,
    so a deep tree never becomes deep Python recursion."""
    root: dict[str, Any] = {}
    stack: list[tuple[A.Node, dict[str, Any]]] = [(node, root)]
    pop, push = stack.pop, stack.append
    plans = _PLANS
    while stack:
        n, out = pop()
        out["type"] = n.kind
        plan = plans.get(type(n)) or _plan(type(n))
        for name, how in plan:
            v = getattr(n, name)
            if how == "plain":
                out[name] = v
            elif how == "span":
                out["span"] = [v.start, v.end]
            elif how == "nodes":
                items: list[Any] = []
                for x in v:
                    sub: dict[str, Any] = {}
                    push((x, sub))
                    items.append(sub)
                out[name] = items
            elif how == "value":
                out[name] = encode_value(v)
            elif isinstance(v, Source):
                out[name] = {"path": v.path, "text": v.text, **({"bom": True} if v.bom else {})}
            elif isinstance(v, A.Node):
                child: dict[str, Any] = {}
                out[name] = child
                push((v, child))
            elif isinstance(v, tuple):
                items = []
                for x in v:
                    if isinstance(x, A.Node):
                        sub = {}
                        push((x, sub))
                        items.append(sub)
                    else:
                        items.append(list(x) if isinstance(x, tuple) else x)
                out[name] = items
            else:
                out[name] = v
    return root


# -- the text written directly --------------------------------------------------------
#
# ``json.dumps`` of :func:`encode_node`'s objects spends most of its time on the objects: a
# dict per node and a list per span, made and then written once.  Each node class gets a
# writer (generated from its plan, as ``dataclasses`` generates ``__init__``) that writes
# its JSON text in one f-string, with keys written in advance and strings escaped by
# ``json``'s own C function; every value of an unexpected type goes through ``json.dumps``,
# so the text is the same byte for byte.  Nodes nest by recursion, ``_DEEP`` levels at
# most: a deeper tree is written by :func:`encode_node` instead.

_DEEP = 120
_quote = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes a str with


_Write = Callable[[A.Node, int], str]


class _TooDeep(Exception):
    pass


def _scalar(v: object) -> str:
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _any(v: object, depth: int) -> str:
    """A field of no fixed kind, as :func:`encode_node` writes it."""
    if isinstance(v, Source):
        return _scalar({"path": v.path, "text": v.text, **({"bom": True} if v.bom else {})})
    if isinstance(v, A.Node):
        return _WRITERS[v.__class__](v, depth)
    if isinstance(v, tuple):
        return "[" + ",".join([_WRITERS[x.__class__](x, depth) if isinstance(x, A.Node) else _scalar(x)
                               for x in v]) + "]"
    return _scalar(v)


#: how a value of each plain annotation is written: its usual type at once, any other by ``_scalar``
_PLAIN_CODE = {
    "str": "{_quote(%s) if %s.__class__ is str else _scalar(%s)}",
    "str | None": '{_quote(%s) if %s.__class__ is str else "null" if %s is None else _scalar(%s)}',
    "int": "{%s if %s.__class__ is int else _scalar(%s)}",
    "int | None": '{%s if %s.__class__ is int else "null" if %s is None else _scalar(%s)}',
    "bool": '{"true" if %s is True else "false" if %s is False else _scalar(%s)}',
    "bool | None": '{"true" if %s is True else "false" if %s is False else _scalar(%s)}',
}


def _writer(cls: type[A.Node]) -> _Write:
    """The JSON text of one node of ``cls`` (``type`` first, then its fields in order)."""
    annotations = {f.name: str(f.type) for f in fields(cls)}
    lines = ["def write(n, depth):"]
    text = '{{"type":' + _quote(cls.kind)
    nested = False
    for i, (name, how) in enumerate(_plan(cls)):
        key = "," + _quote(name) + ":"
        v = f"v{i}"
        lines.append(f"    {v} = n.{name}")
        if how == "span":
            text += key + f"[{{{v}.start}},{{{v}.end}}]"
        elif how == "plain":
            text += key + _PLAIN_CODE[annotations[name]].replace("%s", v)
        elif how == "nodes":
            nested = True
            text += key + f'[{{",".join([W[c.__class__](c, deeper) for c in {v}])}}]'
        elif how == "value":
            text += key + f"{{_scalar(encode_value({v}))}}"
        else:  # (most such fields are empty tuples: a paragraph's classes)
            nested = True
            text += key + f'{{"[]" if {v}.__class__ is tuple and not {v} else _any({v}, deeper)}}'
    if nested:
        lines[1:1] = ["    if depth > DEEP:", "        raise TooDeep", "    deeper = depth + 1"]
    lines.append("    return f'" + text + "}}'")
    scope: dict[str, Any] = {"W": _WRITERS, "DEEP": _DEEP, "TooDeep": _TooDeep, "_quote": _quote,
                             "_scalar": _scalar, "_any": _any, "encode_value": encode_value}
    exec("\n".join(lines), scope)
    write: _Write = scope["write"]
    return write


class _Writers(dict[type[A.Node], _Write]):
    """Each node class's writer, made on first use."""

    def __missing__(self, cls: type[A.Node]) -> _Write:
        found = self[cls] = _writer(cls)
        return found


_WRITERS = _Writers()


def encode_value(v: object, depth: int = 1) -> Any:
    """A page-variable value; Julia types JSON lacks become ``{"$tag": …}`` objects, and those
    without a tag of their own (``Set``, named tuples, periods…) ``{"$julia": show(v)}``.

    One call per level of nesting: a value nesting more than ``MAX_VALUE_DEPTH`` (which the
    readers never make) is refused with ``FC201``.
    """
    if depth > MAX_VALUE_DEPTH + 1:  # the items of the deepest container sit one level below it
        raise ValueTooDeep("write")
    if v is None or isinstance(v, bool | int):
        return v
    if isinstance(v, float):
        if math.isfinite(v):
            return v
        return {"$float": "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")}
    if isinstance(v, Symbol):
        return {"$symbol": str(v)}
    if isinstance(v, str):
        return str.__str__(v)
    if isinstance(v, dt.datetime):
        return {"$datetime": v.isoformat()}
    if isinstance(v, dt.date):
        return {"$date": v.isoformat()}
    deeper = depth + 1
    if isinstance(v, Pair):
        return {"$pair": [encode_value(v.first, deeper), encode_value(v.second, deeper)]}
    if isinstance(v, tuple):
        return {"$tuple": [encode_value(x, deeper) for x in v]}
    if isinstance(v, TypedVector):
        return {"$vector": v.eltype, "items": [encode_value(x, deeper) for x in v]}
    if isinstance(v, list):
        return [encode_value(x, deeper) for x in v]
    if isinstance(v, dict):
        return {"$dict": [[encode_value(k, deeper), encode_value(x, deeper)] for k, x in v.items()]}
    if isinstance(v, JuliaRegex):
        return {"$regex": v.pattern, "flags": v.flags}
    return {"$julia": show(v)}


# -- schema ------------------------------------------------------------------------

_SCALARS: dict[str, Any] = {
    "str": {"type": "string"},
    "int": {"type": "integer"},
    "bool": {"type": "boolean"},
    "str | None": {"type": ["string", "null"]},
    "int | None": {"type": ["integer", "null"]},
    "Span": {"$ref": "#/$defs/span"},
    "Any": {"$ref": "#/$defs/value"},
    "Source | None": {"$ref": "#/$defs/source"},
}


def _field_schema(annotation: str) -> Any:
    if annotation in _SCALARS:
        return _SCALARS[annotation]
    if annotation.startswith("tuple[") and annotation.endswith(", ...]"):
        item = annotation[len("tuple[") : -len(", ...]")]
        if item == "Node":
            return {"type": "array", "items": {"$ref": "#/$defs/node"}}
        if item in _NODE_NAMES:
            return {"type": "array", "items": {"$ref": f"#/$defs/{_NODE_NAMES[item]}"}}
        return {"type": "array", "items": _field_schema(item)}
    raise ValueError(f"no schema for field type {annotation!r}")


_NODE_NAMES = {cls.__name__: kind for kind, cls in A.NODE_TYPES.items()}


def json_schema() -> dict[str, Any]:
    """A JSON Schema (2020-12) for :func:`to_json`'s output, built from :mod:`ast`."""
    defs: dict[str, Any] = {
        "span": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2,
                 "description": "[start, end): character offsets into the normalised source text"},
        "source": {"type": ["object", "null"], "required": ["path", "text"], "additionalProperties": False,
                   "properties": {"path": {"type": ["string", "null"]}, "text": {"type": "string"},
                                  "bom": {"type": "boolean", "description": "the file opened with a BOM"}}},
        "value": _VALUE_SCHEMA,
        "node": {"oneOf": [{"$ref": f"#/$defs/{kind}"} for kind in sorted(A.NODE_TYPES)]},
    }
    for kind, cls in sorted(A.NODE_TYPES.items()):
        props: dict[str, Any] = {"type": {"const": kind}}
        for f in fields(cls):
            props[f.name] = _field_schema(str(f.type))
        entry: dict[str, Any] = {"type": "object", "required": list(props), "additionalProperties": False,
                                 "properties": props}
        if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("):
            entry["description"] = " ".join(cls.__doc__.split())
        defs[kind] = entry
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://franklin-compat/ast-schema.json",
        "title": "franklin_compat document tree",
        "type": "object",
        "required": ["schema_version", "document"],
        "additionalProperties": False,
        "properties": {"schema_version": {"const": SCHEMA_VERSION}, "document": {"$ref": "#/$defs/document"}},
        "$defs": defs,
    }


def _tagged(tag: str, body: Any, **more: Any) -> dict[str, Any]:
    return {"type": "object", "required": [tag, *more], "additionalProperties": False,
            "properties": {tag: body, **more}}


_VALUES = {"$ref": "#/$defs/value"}
_VALUE_SCHEMA: dict[str, Any] = {
    "description": "a page-variable value: JSON scalars and arrays (Julia vectors), else a tagged object",
    "anyOf": [
        {"type": ["null", "boolean", "number", "string"]},
        {"type": "array", "items": _VALUES},
        _tagged("$float", {"enum": ["nan", "inf", "-inf"]}),
        _tagged("$symbol", {"type": "string"}),
        _tagged("$date", {"type": "string", "format": "date"}),
        _tagged("$datetime", {"type": "string", "format": "date-time"}),
        _tagged("$pair", {"type": "array", "items": _VALUES, "minItems": 2, "maxItems": 2}),
        _tagged("$tuple", {"type": "array", "items": _VALUES}),
        _tagged("$vector", {"type": "string"}, items={"type": "array", "items": _VALUES}),
        _tagged("$dict", {"type": "array", "items": {"type": "array", "items": _VALUES, "minItems": 2,
                                                      "maxItems": 2}}),
        _tagged("$regex", {"type": "string"}, flags={"type": "string"}),
        _tagged("$julia", {"type": "string", "description": "a value JSON has no form for, as Julia shows "
                                                             "it; read back as that text"}),
    ],
}
