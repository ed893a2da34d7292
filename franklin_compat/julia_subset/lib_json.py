"""``JSON.parse`` and ``JSON.parsefile`` (JSON.jl): a site's data files read as Julia values.

JSON.jl gives an object as a ``Dict{String, Any}`` filled key by key (so it iterates in Julia's
order: :mod:`..core.dictorder`), an array as a ``Vector{Any}``, integers as ``Int64``, other
numbers as ``Float64`` and ``null`` as ``nothing``.  Python's ``json`` reads the text (bounded:
its nesting is capped like any value user code builds); ``JSON.json`` and the rest of the
package are not provided, and say so.
"""

from __future__ import annotations

import json
from typing import Any

from .calls import builtin
from .errors import throw
from .lib_io import _read_text
from .runtime import Runtime
from .values import MAX_VALUE_DEPTH, TypedDict, TypedVector, too_deep

__all__ = ["JSON"]

JSON: dict[str, Any] = {}


def _object(pairs: list[tuple[str, Any]]) -> TypedDict:
    return TypedDict("String", "Any", pairs)


def _no_constant(name: str) -> Any:
    raise ValueError(f"invalid JSON value {name}")


def _arrays(value: Any) -> Any:
    """Every array of ``value`` as a ``Vector{Any}`` (one walk, an explicit stack)."""
    holder: list[Any] = [value]
    stack: list[tuple[Any, Any]] = [(holder, 0)]
    while stack:
        parent, key = stack.pop()
        x = parent[key]
        if type(x) is list:
            x = parent[key] = TypedVector("Any", x)
        if isinstance(x, list):
            stack.extend((x, i) for i, y in enumerate(x) if isinstance(y, list | dict))
        elif isinstance(x, dict):
            stack.extend((x, k) for k, y in x.items() if isinstance(y, list | dict))
    return holder[0]


def parse_json(rt: Runtime, text: str) -> Any:
    """The Julia value of JSON ``text`` (JSON.jl's ``ErrorException`` when it is not JSON)."""
    rt.check_size(len(text))
    rt.charge(len(text))
    try:
        value = json.loads(text, object_pairs_hook=_object, parse_constant=_no_constant)
    except RecursionError:
        raise throw("ErrorException", f"JSON nested more than {MAX_VALUE_DEPTH} levels deep") from None
    except ValueError as e:
        raise throw("ErrorException", f"invalid JSON: {e}") from None
    if too_deep(value):
        raise throw("ErrorException", f"JSON nested more than {MAX_VALUE_DEPTH} levels deep")
    return _arrays(value)


@builtin(JSON, "parse")
def _parse(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (text,) = args
    if not isinstance(text, str):
        raise throw("MethodError", "JSON.parse takes a String")
    return parse_json(rt, str.__str__(text))


@builtin(JSON, "parsefile")
def _parsefile(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (path,) = args
    return parse_json(rt, _read_text(rt, path))
