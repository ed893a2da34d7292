"""Reading our JSON tree back: ``from_json(to_json(doc)) == doc``.

The reader is strict: an unknown node type, a missing field, a field of the wrong type,
a value nested too deep or another ``schema_version`` is a :class:`FranklinError`
(``FC004``) naming what is wrong and its JSON path, never a half-built tree that
fails later.  Nodes are rebuilt with an explicit stack (a 10,000-deep tree is fine);
page-variable values nest at most ``MAX_VALUE_DEPTH`` levels, as the readers make them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import fields
from typing import Any

from ..core.diagnostics import FranklinError
from ..core.source import Source, Span
from ..julia_subset.values import MAX_VALUE_DEPTH
from ..reading import ast as A
from ..reading.pagevars import JuliaRegex, Pair, Symbol, TypedVector
from .json import SCHEMA_VERSION

__all__ = ["from_json"]


_HINT = "pass the output of convert(..., to='json')"


def from_json(text: str | bytes) -> A.Document:
    """The :class:`Document` a ``json`` output describes (spans, source and values included)."""
    try:
        obj = json.loads(text)
    except RecursionError:  # the C decoder stops at Python's recursion limit: not our trees
        raise FranklinError("FC004", "not a franklin_compat tree: the JSON nests too deeply",
                            hint=_HINT) from None
    except ValueError as e:
        raise FranklinError("FC004", f"not JSON: {e}", hint=_HINT) from None
    if not isinstance(obj, dict) or "document" not in obj:
        raise FranklinError("FC004", "not a franklin_compat tree: no 'document'", hint=_HINT)
    if obj.get("schema_version") != SCHEMA_VERSION:
        raise FranklinError(
            "FC004",
            f"schema_version {obj.get('schema_version')!r} is not {SCHEMA_VERSION}",
            hint="write the JSON again with this version of franklin_compat",
        )
    doc = decode_node(obj["document"], "document")
    if not isinstance(doc, A.Document):
        raise FranklinError("FC004", f"document: the top node is a '{doc.kind}', not a document")
    return doc


def _bad(where: str, message: str) -> FranklinError:
    return FranklinError("FC004", f"{where}: {message}", hint=_HINT)


class _Pending:
    """A node being decoded: its class, its fields, its children's fields, its JSON path."""

    __slots__ = ("cls", "kids", "kwargs", "where")

    def __init__(self, cls: type[A.Node], where: str) -> None:
        self.cls = cls
        self.where = where
        self.kwargs: dict[str, Any] = {}
        self.kids: dict[str, list[_Pending]] = {}


def _node_class(obj: Any, where: str, want: type[A.Node] | None = None) -> type[A.Node]:
    if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
        raise _bad(where, "expected a node object with a 'type'")
    cls = A.NODE_TYPES.get(obj["type"])
    if cls is None:
        raise _bad(where, f"unknown node type {obj['type']!r}")
    if want is not None and cls is not want:
        raise _bad(where, f"expected a '{want.kind}' node, found a '{cls.kind}'")
    return cls


def decode_node(obj: Any, where: str) -> A.Node:
    """Rebuild the node ``obj`` (at JSON path ``where``) and everything under it.

    One pass in pre-order (an explicit stack) checks every field and lists the nodes; they
    are then built in reverse order, so each node's children exist before it.
    """
    root = _Pending(_node_class(obj, where), where)
    order: list[_Pending] = []
    stack: list[tuple[Any, _Pending]] = [(obj, root)]
    while stack:
        o, pending = stack.pop()
        order.append(pending)
        for f in fields(pending.cls):
            at = f"{pending.where}.{f.name}"
            if f.name not in o:
                raise _bad(pending.where, f"a '{o['type']}' node needs '{f.name}'")
            v, kind = o[f.name], str(f.type)
            item = kind[6:-6] if kind.startswith("tuple[") and kind.endswith(", ...]") else ""
            if item not in _NODE_ITEMS:
                pending.kwargs[f.name] = _field(kind, v, at)
                continue
            if not isinstance(v, list):
                raise _bad(at, f"expected a list of nodes, found {_kind(v)}")
            kids = pending.kids[f.name] = []
            for i, x in enumerate(v):
                kid = _Pending(_node_class(x, f"{at}[{i}]", _NODE_ITEMS[item]), f"{at}[{i}]")
                kids.append(kid)
                stack.append((x, kid))
    built: dict[int, A.Node] = {}
    for pending in reversed(order):
        for name, kids in pending.kids.items():
            pending.kwargs[name] = tuple(built.pop(id(k)) for k in kids)
        built[id(pending)] = pending.cls(**pending.kwargs)
    return built[id(root)]


#: The item types of fields that hold nodes; ``None`` is any node.
_NODE_ITEMS: dict[str, type[A.Node] | None] = {
    "Node": None, "VarAssignment": A.VarAssignment, "CommandDef": A.CommandDef, "LinkDef": A.LinkDef,
    "Comment": A.Comment, "AssetRef": A.AssetRef,
}


def _kind(v: Any) -> str:
    names = {type(None): "null", bool: "a boolean", int: "a number", float: "a number", str: "a string",
             list: "a list", dict: "an object"}
    return names.get(type(v), type(v).__name__)


def _int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _field(kind: str, v: Any, at: str) -> Any:
    """A field that holds no node, checked against its declared type."""
    if kind == "Span":
        if not (isinstance(v, list) and len(v) == 2 and _int(v[0]) and _int(v[1]) and 0 <= v[0] <= v[1]):
            raise _bad(at, f"expected a span [start, end] of two offsets, start <= end, found {_short(v)}")
        return Span(v[0], v[1])
    if kind == "Any":
        return decode_value(v, at)
    if kind == "Source | None":
        if v is None:
            return None
        if not (isinstance(v, dict) and isinstance(v.get("text"), str) and "path" in v
                and isinstance(v["path"], str | None)
                and isinstance(v.get("bom", False), bool)):
            raise _bad(at, f"expected a source object with a 'text' and a 'path', found {_short(v)}")
        return Source(v["text"], v["path"], v.get("bom", False))
    checks = {"str": lambda x: isinstance(x, str), "bool": lambda x: isinstance(x, bool), "int": _int}
    optional = kind.endswith(" | None")
    base = kind.removesuffix(" | None")
    if base in checks:
        if (v is None and optional) or checks[base](v):
            return v
        raise _bad(at, f"expected {_WORDS[kind]}, found {_short(v)}")
    if kind in ("tuple[str, ...]", "tuple[str | None, ...]"):
        ok = isinstance(v, list) and all(isinstance(x, str) or (x is None and "None" in kind) for x in v)
        if not ok:
            raise _bad(at, f"expected a list of strings, found {_short(v)}")
        return tuple(v)
    raise _bad(at, f"a field of type {kind} cannot be read")  # a node class this reader does not know


_WORDS = {"str": "a string", "bool": "true or false", "int": "an integer", "str | None": "a string or null",
          "int | None": "an integer or null", "bool | None": "true, false or null"}


def _short(v: Any) -> str:
    text = json.dumps(v, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def decode_value(v: Any, where: str = "value", depth: int = 1) -> object:
    """The inverse of :func:`franklin_compat.emit.json.encode_value`, nesting at most
    ``MAX_VALUE_DEPTH`` levels (one Python call per level)."""
    if depth > MAX_VALUE_DEPTH + 1:  # the items of the deepest container sit one level below it
        raise _bad(where, f"a value nested more than {MAX_VALUE_DEPTH} levels deep")
    if isinstance(v, list):
        return [decode_value(x, f"{where}[{i}]", depth + 1) for i, x in enumerate(v)]
    if not isinstance(v, dict):
        if isinstance(v, float) and v != v:  # json reads NaN, which our writer never writes
            raise _bad(where, "NaN is written {\"$float\": \"nan\"}")
        return v
    tag = next((k for k in _TAGS if k in v), None)
    if tag is None:
        raise _bad(where, f"unknown tagged value {sorted(v)!r}")
    body = v[tag]
    try:
        return _TAGS[tag](body, v, f"{where}.{tag}", depth)
    except (ValueError, TypeError, KeyError, OverflowError) as e:
        raise _bad(f"{where}.{tag}", f"cannot read {_short(body)}: {e}") from None


def _pair(body: Any, v: dict[str, Any], at: str, depth: int) -> object:
    if not (isinstance(body, list) and len(body) == 2):
        raise ValueError("expected a list of two values")
    return Pair(decode_value(body[0], f"{at}[0]", depth + 1), decode_value(body[1], f"{at}[1]", depth + 1))


def _items(body: Any, at: str, depth: int) -> list[object]:
    if not isinstance(body, list):
        raise ValueError("expected a list")
    return [decode_value(x, f"{at}[{i}]", depth + 1) for i, x in enumerate(body)]


def _dict(body: Any, v: dict[str, Any], at: str, depth: int) -> object:
    if not isinstance(body, list) or not all(isinstance(kv, list) and len(kv) == 2 for kv in body):
        raise ValueError("expected a list of [key, value] lists")
    out: dict[object, object] = {}
    for i, (k, x) in enumerate(body):
        key = _hashable(decode_value(k, f"{at}[{i}][0]", depth + 1))
        hash(key)  # a TypeError for a key Julia could hash but Python cannot (a Dict)
        out[key] = decode_value(x, f"{at}[{i}][1]", depth + 1)
    return out


def _str(body: Any) -> str:
    if not isinstance(body, str):
        raise ValueError("expected a string")
    return body


def _float(body: Any) -> float:
    if body not in ("nan", "inf", "-inf"):
        raise ValueError('expected "nan", "inf" or "-inf"')
    return float(body)


def _vector(body: Any, v: dict[str, Any], at: str, depth: int) -> object:
    return TypedVector(_str(body), _items(v.get("items"), at.removesuffix("$vector") + "items", depth))


def _regex(body: Any, v: dict[str, Any], at: str, depth: int) -> object:
    return JuliaRegex(_str(body), _str(v.get("flags", "")))


_TAGS: dict[str, Any] = {
    "$float": lambda b, v, at, d: _float(b),
    "$symbol": lambda b, v, at, d: Symbol(_str(b)),
    "$datetime": lambda b, v, at, d: dt.datetime.fromisoformat(_str(b)),
    "$date": lambda b, v, at, d: dt.date.fromisoformat(_str(b)),
    "$pair": _pair,
    "$tuple": lambda b, v, at, d: tuple(_items(b, at, d)),
    "$vector": _vector,
    "$dict": _dict,
    "$regex": _regex,
    "$julia": lambda b, v, at, d: _str(b),
}


def _hashable(k: object) -> Any:
    """A vector used as a ``Dict`` key (a tuple for Python), its items too."""
    return tuple(_hashable(x) for x in k) if isinstance(k, list) else k
