"""Reading our JSON tree back: ``from_json(to_json(doc)) == doc``.

The reader is strict: an unknown node type, a missing field or another
``schema_version`` is a :class:`FranklinError` (``FC004``) naming what is wrong
and where, never a half-built tree.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import fields
from typing import Any

from ..core.diagnostics import FranklinError
from ..core.source import Source, Span
from ..reading import ast as A
from ..reading.pagevars import JuliaRegex, Pair, Symbol, TypedVector
from .json import SCHEMA_VERSION

__all__ = ["from_json"]


_HINT = "pass the output of convert(..., to='json')"


def from_json(text: str | bytes) -> A.Document:
    """The :class:`Document` a ``json`` output describes (spans, source and values included)."""
    try:
        obj = json.loads(text)
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
        raise FranklinError("FC004", f"the top node is a '{doc.kind}', not a document")
    return doc


def decode_node(obj: Any, where: str) -> A.Node:
    if not isinstance(obj, dict) or not isinstance(obj.get("type"), str):
        raise FranklinError("FC004", f"{where}: expected a node object with a 'type'")
    cls = A.NODE_TYPES.get(obj["type"])
    if cls is None:
        raise FranklinError("FC004", f"{where}: unknown node type {obj['type']!r}")
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in obj:
            raise FranklinError("FC004", f"{where}: a '{obj['type']}' node needs '{f.name}'")
        v = obj[f.name]
        at = f"{where}.{f.name}"
        if f.name == "span":
            kwargs["span"] = Span(int(v[0]), int(v[1]))
        elif f.type == "Source | None":
            kwargs[f.name] = None if v is None else Source(v["text"], v["path"], bool(v.get("bom", False)))
        elif f.type == "Any":
            kwargs[f.name] = decode_value(v)
        else:
            kwargs[f.name] = _decode_field(v, at)
    node: A.Node = cls(**kwargs)
    return node


def _decode_field(v: Any, where: str) -> Any:
    if isinstance(v, dict):
        return decode_node(v, where)
    if isinstance(v, list):
        return tuple(_decode_field(x, f"{where}[{i}]") for i, x in enumerate(v))
    return v


def decode_value(v: Any) -> object:
    """The inverse of :func:`franklin_compat.emit.json.encode_value`."""
    if isinstance(v, list):
        return [decode_value(x) for x in v]
    if not isinstance(v, dict):
        return v
    if "$float" in v:
        return float(v["$float"])
    if "$symbol" in v:
        return Symbol(v["$symbol"])
    if "$datetime" in v:
        return dt.datetime.fromisoformat(v["$datetime"])
    if "$date" in v:
        return dt.date.fromisoformat(v["$date"])
    if "$pair" in v:
        first, second = v["$pair"]
        return Pair(decode_value(first), decode_value(second))
    if "$tuple" in v:
        return tuple(decode_value(x) for x in v["$tuple"])
    if "$vector" in v:
        return TypedVector(v["$vector"], [decode_value(x) for x in v["items"]])
    if "$dict" in v:
        return {_hashable(decode_value(k)): decode_value(x) for k, x in v["$dict"]}
    if "$regex" in v:
        return JuliaRegex(v["$regex"], v.get("flags", ""))
    raise FranklinError("FC004", f"unknown tagged value {sorted(v)!r}")


def _hashable(k: object) -> Any:
    return tuple(k) if isinstance(k, list) else k
