"""Julia types as values: ``String``, ``Vector{Pair{String, String}}``, ``Union{Nothing, Int}``.

Enough of Julia's type lattice to choose a method by its annotations
(``navbar_entry(io, title::String, links::Vector{Pair{String, String}})``), to
answer ``x isa T`` and to convert what goes into a typed vector.  A vector's
element type is the one it was built with (:class:`~.values.TypedVector`) or the
one Julia would infer for its items.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .show import julia_type
from .values import (
    MISSING,
    Bytes,
    Char,
    DateFormat,
    JuliaRegex,
    JuliaSet,
    NamedTup,
    Pair,
    Period,
    RegexMatch,
    SizedDict,
    Some,
    Symbol,
    TypedDict,
    TypedVector,
)

__all__ = ["ANY", "CONSTRUCTORS", "JType", "convert", "isa", "named", "specificity", "subtype", "type_of"]

#: What calling a type does (``String(x)``, ``Vector{T}(undef, n)``), by type name; filled by the libraries.
CONSTRUCTORS: dict[str, Callable[[Any, JType, list[Any], dict[str, Any]], Any]] = {}


@dataclass(frozen=True, slots=True)
class JType:
    """A type: a name and its parameters (types, or integers for ``Array{T, 1}``)."""

    name: str
    params: tuple[object, ...] = ()
    julia_typename = "DataType"

    def __str__(self) -> str:
        if not self.params:
            return self.name
        return f"{self.name}{{{', '.join(str(p) for p in self.params)}}}"

    def jl_call(self, rt: Any, args: list[Any], kw: dict[str, Any]) -> Any:
        make = CONSTRUCTORS.get(self.name)
        if make is None:
            from .errors import method_error

            raise method_error(str(self), args, kw)
        return make(rt, self, args, kw)


#: abstract type → its direct supertype; concrete types are listed with theirs.
_SUPER: dict[str, str] = {
    "Number": "Any", "Real": "Number", "Integer": "Real", "Signed": "Integer", "Int64": "Signed",
    "Bool": "Integer", "Unsigned": "Integer", "UInt8": "Unsigned", "AbstractFloat": "Real",
    "Float64": "AbstractFloat", "AbstractString": "Any", "String": "AbstractString",
    "SubString": "AbstractString", "AbstractChar": "Any", "Char": "AbstractChar",
    "AbstractArray": "Any", "AbstractVector": "AbstractArray", "DenseVector": "AbstractVector",
    "Vector": "DenseVector", "AbstractRange": "AbstractVector", "UnitRange": "AbstractRange",
    "StepRange": "AbstractRange", "AbstractDict": "Any", "Dict": "AbstractDict", "AbstractSet": "Any",
    "Set": "AbstractSet", "TimeType": "Any", "Date": "TimeType", "DateTime": "TimeType",
    "Period": "Any", "DatePeriod": "Period", "TimePeriod": "Period", "Year": "DatePeriod",
    "Month": "DatePeriod", "Week": "DatePeriod", "Day": "DatePeriod", "Hour": "TimePeriod",
    "Minute": "TimePeriod", "Second": "TimePeriod", "Millisecond": "TimePeriod", "Function": "Any",
    "IO": "Any", "IOBuffer": "IO", "IOStream": "IO", "Exception": "Any", "Tuple": "Any",
    "NamedTuple": "Any", "Pair": "Any", "Symbol": "Any", "Nothing": "Any", "Missing": "Any",
    "Regex": "Any", "RegexMatch": "Any", "Some": "Any", "DataType": "Any", "Type": "Any",
    "Module": "Any", "DateFormat": "Any", "SubstitutionString": "AbstractString", "Any": "Any",
    **dict.fromkeys(("KeyError", "BoundsError", "MethodError", "ArgumentError", "ErrorException",
                     "UndefVarError", "DomainError", "InexactError", "DivideError", "StringIndexError",
                     "TypeError", "UndefKeywordError", "AssertionError", "UndefRefError", "SystemError",
                     "OverflowError", "EOFError"), "Exception"),
}
_ALIASES = {"Int": "Int64", "Float": "Float64", "Array": "Vector", "UInt": "UInt8", "Cvoid": "Nothing"}

ANY = JType("Any")


def named(name: str, params: tuple[object, ...] = ()) -> JType:
    return JType(_ALIASES.get(name, name), params)


def type_of(v: object) -> JType:
    """``typeof(v)`` as a :class:`JType` (``Vector{String}``, ``Pair{String, Int64}``…)."""
    text = julia_type(v)[0]
    return parse_type_name(text)


@functools.lru_cache(maxsize=256)
def parse_type_name(text: str) -> JType:
    """``"Dict{String, Vector{Int64}}"`` → the :class:`JType` (an explicit stack over the braces)."""
    stack: list[tuple[str, list[object]]] = [("", [])]
    token = ""
    for c in text:
        if c == "{":
            stack.append((token.strip(), []))
            token = ""
        elif c in ",}":
            if token.strip():
                stack[-1][1].append(JType(token.strip()))
            token = ""
            if c == "}":
                name, params = stack.pop()
                stack[-1][1].append(JType(name, tuple(params)))
        else:
            token += c
    if token.strip():
        stack[-1][1].append(JType(token.strip()))
    items = stack[0][1]
    first = items[0] if items else ANY
    return first if isinstance(first, JType) else ANY


def _base_name(v: object) -> str:
    """The concrete type name of ``v`` without parameters, fast for common values."""
    if v is None:
        return "Nothing"
    t = type(v)
    simple = _SIMPLE.get(t)
    if simple is not None:
        return simple
    if isinstance(v, Char):
        return "Char"
    if isinstance(v, Symbol):
        return "Symbol"
    if isinstance(v, str):
        return "String"
    if isinstance(v, bool):
        return "Bool"
    if isinstance(v, int):
        return "Int64"
    if isinstance(v, list):
        return "Vector"
    if isinstance(v, Pair):
        return "Pair"
    if isinstance(v, tuple):
        return "Tuple"
    if isinstance(v, dict):
        return "Dict"
    if isinstance(v, _dt.datetime):
        return "DateTime"
    if isinstance(v, _dt.date):
        return "Date"
    if isinstance(v, range):
        return "UnitRange" if v.step == 1 else "StepRange"
    if isinstance(v, Period):
        return v.unit
    name = getattr(v, "julia_typename", None)
    if isinstance(name, str):
        return "Function" if name.startswith("typeof(") else name
    return type(v).__name__


_SIMPLE: dict[type, str] = {
    str: "String", int: "Int64", float: "Float64", bool: "Bool", list: "Vector", tuple: "Tuple",
    dict: "Dict", Pair: "Pair", TypedVector: "Vector", TypedDict: "Dict", SizedDict: "Dict",
    NamedTup: "NamedTuple", JuliaSet: "Set", JuliaRegex: "Regex", RegexMatch: "RegexMatch", Some: "Some",
    Bytes: "Vector",
    DateFormat: "DateFormat", type(MISSING): "Missing", _dt.date: "Date", _dt.datetime: "DateTime",
}


def _is_sub(name: str, ancestor: str) -> bool:
    if ancestor == "Any" or name == ancestor:
        return True
    seen = 0
    while name != "Any" and seen < 16:
        name = _SUPER.get(name, "Any")
        if name == ancestor:
            return True
        seen += 1
    return False


def isa(v: object, t: JType) -> bool:
    """``v isa t``."""
    name = t.name
    if name == "Any":
        return True
    if name == "Union":
        return any(isinstance(p, JType) and isa(v, p) for p in t.params)
    if name == "Type" or name == "DataType":
        return isinstance(v, JType) and (not t.params or v == t.params[0])
    base = _base_name(v)
    if base == "Function" or name == "Function":
        return base == "Function" and name in ("Function", "Any")
    if not _is_sub(base, name):
        return name == "AbstractVector" and base in ("UnitRange", "StepRange")
    if not t.params:
        return True
    return _params_match(v, t)


def _params_match(v: object, t: JType) -> bool:
    """Parameters of ``t`` against ``v``: element types are invariant, as in Julia."""
    name, params = t.name, t.params
    if name in ("Vector", "AbstractVector", "DenseVector", "AbstractArray"):
        if not isinstance(v, (list, range, Bytes)):
            return False
        want = params[0]
        if not isinstance(want, JType):
            return False
        got = type_of(v).params[0] if not isinstance(v, range) else JType("Int64")
        return (want.name == "Any" and name != "Vector") or str(got) == str(want) or (
            name != "Vector" and isinstance(got, JType) and subtype(got, want))
    if name == "Tuple":
        return isinstance(v, tuple) and len(v) == len(params) and all(
            isinstance(p, JType) and isa(x, p) for x, p in zip(v, params, strict=True))
    if name == "Pair":
        return isinstance(v, Pair) and len(params) == 2 and all(
            isinstance(p, JType) and isa(x, p) for x, p in zip(v, params, strict=True))
    if name in ("Dict", "AbstractDict"):
        got = type_of(v)
        return str(got) == str(t) or name == "AbstractDict"
    if name == "Some":
        return isinstance(v, Some) and isinstance(params[0], JType) and isa(v.value, params[0])
    return str(type_of(v)) == str(t)


def subtype(a: JType, b: JType) -> bool:
    """``a <: b`` on names, unions and invariant parameters."""
    if b.name == "Any":
        return True
    if a.name == "Union":
        return all(isinstance(p, JType) and subtype(p, b) for p in a.params)
    if b.name == "Union":
        return any(isinstance(p, JType) and subtype(a, p) for p in b.params)
    if not _is_sub(a.name, b.name) and not (b.name == "AbstractVector" and a.name in ("UnitRange",
                                                                                      "StepRange")):
        return False
    if not b.params:
        return True
    if b.name == "Tuple":
        return len(a.params) == len(b.params) and all(
            isinstance(x, JType) and isinstance(y, JType) and subtype(x, y)
            for x, y in zip(a.params, b.params, strict=True))
    return a.params == b.params


def specificity(t: JType) -> int:
    """How deep ``t`` sits under ``Any``: a tie-breaker between matching methods."""
    if t.name == "Any":
        return 0
    if t.name == "Union":
        return 1
    depth, name, seen = 1, t.name, 0
    while name != "Any" and seen < 16:
        name = _SUPER.get(name, "Any")
        depth += 1
        seen += 1
    return depth * 4 + (2 if t.params else 0)


def convert(t: JType, v: object) -> tuple[bool, object]:
    """Julia's ``convert(t, v)`` for what can go in a typed vector or a typed return: (ok, value)."""
    name = t.name
    if isa(v, t):
        if name == "Float64" and not isinstance(v, float):
            return True, float(v)  # type: ignore[arg-type]
        return True, v
    if name == "Float64" and isinstance(v, (int, float)):
        return True, float(v)
    if name in ("Int64", "Integer", "Signed") and isinstance(v, (int, float)):
        if isinstance(v, float) and not v.is_integer():
            return False, v
        return True, int(v)
    if name == "String" and isinstance(v, str) and not isinstance(v, (Char, Symbol)):
        return True, str.__str__(v)
    if name == "Bool" and isinstance(v, int) and v in (0, 1):
        return True, bool(v)
    if name == "Union" and v is None and any(isinstance(p, JType) and p.name == "Nothing" for p in t.params):
        return True, v
    return False, v
