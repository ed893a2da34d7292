"""How Julia prints values: ``string(x)`` (what ``{{fill x}}`` inserts) and ``show``/``repr``."""

from __future__ import annotations

import datetime as _dt
import math
import unicodedata

from ..core.dictorder import julia_keys
from .values import (
    Bytes,
    Char,
    DateFormat,
    JuliaRegex,
    JuliaSet,
    Missing,
    NamedTup,
    Pair,
    Period,
    RegexMatch,
    Some,
    SubstitutionString,
    Symbol,
    TypedDict,
    TypedVector,
    ValueTooDeep,
    ident_char,
    ident_start,
    too_deep,
)

__all__ = ["julia_type", "show", "show_float", "show_string", "to_julia_string"]


def to_julia_string(value: object) -> str:
    """What Julia's ``string(value)`` prints; ``{{fill x}}`` inserts exactly this."""
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, _dt.datetime):
        return _datetime_text(value)
    if isinstance(value, _dt.date):
        return _date_text(value)
    if isinstance(value, Period):
        return f"{value.value} {value.unit.lower()}{'' if abs(value.value) == 1 else 's'}"
    return show(value)


def show(v: object) -> str:
    """Julia's ``show``/``repr``, as used for the items of a container.

    It walks the value one call per level, so a value nesting more than ``MAX_VALUE_DEPTH``
    levels (which the readers never make) is refused, not a ``RecursionError``.
    """
    if too_deep(v):
        raise ValueTooDeep("print")
    return _show(v)


def _show(v: object) -> str:
    if v is None:
        return "nothing"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Char):
        c = str.__str__(v)
        return "'" + ("\\'" if c == "'" else c if c in '"$' else show_string(c)[1:-1]) + "'"
    if isinstance(v, Symbol):
        name = str.__str__(v)
        ok = bool(name) and ident_start(name[0]) and all(ident_char(c) for c in name)
        return f":{name}" if ok else f"Symbol({show_string(name)})"
    if isinstance(v, str):
        return show_string(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return show_float(v)
    if isinstance(v, _dt.datetime):
        return f'DateTime("{_datetime_text(v)}")'
    if isinstance(v, _dt.date):
        return f'Date("{_date_text(v)}")'
    if isinstance(v, JuliaRegex):
        return f'r"{v.pattern}"{v.flags}'
    if isinstance(v, range):
        return _show_range(v)
    if isinstance(v, NamedTup):
        if not v.names:
            return "NamedTuple()"
        inner = ", ".join(f"{n} = {_show(x)}" for n, x in zip(v.names, v.values, strict=True))
        return f"({inner},)" if len(v.names) == 1 else f"({inner})"
    if isinstance(v, JuliaSet):
        items = julia_keys(v.items, v.table)
        return f"Set({_show_vector(items)})" if items else "Set{Any}()"
    other = _show_other(v)
    if other is not None:
        return other
    if isinstance(v, Pair):
        first = _show(v.first)
        return f"{f'({first})' if isinstance(v.first, Pair) else first} => {_show(v.second)}"
    if isinstance(v, tuple):
        inner = ", ".join(_show(x) for x in v)
        return f"({inner},)" if len(v) == 1 else f"({inner})"
    if isinstance(v, list):
        return _show_vector(v)
    if isinstance(v, dict):
        keys, values = _eltype(list(v)), _eltype(list(v.values()))
        head = "Dict" if v and keys[1] and values[1] else f"Dict{{{keys[0]}, {values[0]}}}"
        if isinstance(v, TypedDict) and (not v or (v.keytype, v.valtype) != (keys[0], values[0])):
            head = f"Dict{{{v.keytype}, {v.valtype}}}"
        return head + "(" + ", ".join(f"{_show(k)} => {_show(v[k])}" for k in julia_keys(v)) + ")"
    return str(v)


def _show_other(v: object) -> str | None:
    """``show`` of the value classes Python has no literal for."""
    if isinstance(v, Missing):
        return "missing"
    if isinstance(v, Some):
        return f"Some({_show(v.value)})"
    if isinstance(v, Period):
        return f"{v.unit}({v.value})"
    if isinstance(v, DateFormat):
        return f'dateformat"{v.text}"'
    if isinstance(v, SubstitutionString):
        return f's"{v.text}"'
    if isinstance(v, Bytes):
        return "UInt8[" + ", ".join(f"0x{b:02x}" for b in v.data) + "]"
    if isinstance(v, RegexMatch):
        groups = [f"{n if n else k + 1}={_show(c)}" for k, (n, c) in enumerate(zip(v.names, v.captures,
                                                                                     strict=True))]
        return "RegexMatch(" + ", ".join([show_string(v.match), *groups]) + ")"
    return None


def _show_range(r: range) -> str:
    """``1:10`` and ``2024:-1:2014``: Julia prints a range with its last element as the stop."""
    last = r.start + (len(r) - 1) * r.step
    if r.step == 1:
        return f"{r.start}:{last}"
    return f"{r.start}:{r.step}:{last}"


def _show_vector(v: list[object]) -> str:
    """Julia omits the element type only when the literal would infer it (``typeinfo_prefix``)."""
    name, implicit = _eltype(v)
    if isinstance(v, TypedVector) and v.eltype != name:
        name, implicit = v.eltype, v.eltype in _IMPLICIT
    prefix = "" if v and implicit else name
    if name == "Bool":
        items = ["1" if x else "0" for x in v]
    elif name == "Float64":  # a Julia Float64 vector holds floats only
        items = [_show(float(x)) if isinstance(x, (int, float)) else _show(x) for x in v]
    else:
        items = [_show(x) for x in v]
    return prefix + "[" + ", ".join(items) + "]"


_IMPLICIT = frozenset({"Int64", "Float64", "String", "Symbol", "Nothing", "Char"})


def julia_type(v: object) -> tuple[str, bool]:
    """Julia's type name for ``v`` and whether ``show`` can leave it implicit."""
    if v is None:
        return "Nothing", True
    simple = (
        (bool, "Bool"), (Char, "Char"), (Symbol, "Symbol"), (str, "String"), (int, "Int64"),
        (float, "Float64"), (_dt.datetime, "DateTime"), (_dt.date, "Date"), (JuliaRegex, "Regex"),
        (Missing, "Missing"), (Bytes, "Vector{UInt8}"), (DateFormat, "DateFormat"),
        (RegexMatch, "RegexMatch"), (SubstitutionString, "SubstitutionString{String}"),
    )
    for cls, name in simple:
        if isinstance(v, cls):
            return name, name in _IMPLICIT
    if isinstance(v, Pair):
        (a, ia), (b, ib) = julia_type(v.first), julia_type(v.second)
        return f"Pair{{{a}, {b}}}", ia and ib
    if isinstance(v, tuple):
        parts = [julia_type(x) for x in v]
        return "Tuple{" + ", ".join(p[0] for p in parts) + "}", all(p[1] for p in parts)
    if isinstance(v, list):
        el, implicit = (v.eltype, v.eltype in _IMPLICIT) if isinstance(v, TypedVector) else _eltype(v)
        return f"Vector{{{el}}}", implicit
    if isinstance(v, TypedDict):
        return f"Dict{{{v.keytype}, {v.valtype}}}", False
    if isinstance(v, dict):
        return f"Dict{{{_eltype(list(v))[0]}, {_eltype(list(v.values()))[0]}}}", False
    return _other_type(v), False


def _other_type(v: object) -> str:
    if isinstance(v, range):
        return "UnitRange{Int64}" if v.step == 1 else "StepRange{Int64, Int64}"
    if isinstance(v, Period):
        return v.unit
    if isinstance(v, Some):
        return f"Some{{{julia_type(v.value)[0]}}}"
    if isinstance(v, JuliaSet):
        return f"Set{{{_eltype(list(v.items))[0]}}}"
    if isinstance(v, NamedTup):
        fields = ", ".join(f"{n}::{julia_type(x)[0]}" for n, x in zip(v.names, v.values, strict=True))
        return f"@NamedTuple{{{fields}}}"
    name = getattr(v, "julia_typename", None)
    return name if isinstance(name, str) else type(v).__name__


def _eltype(values: list[object]) -> tuple[str, bool]:
    """The element type Julia infers for a vector literal of ``values``."""
    types = {julia_type(x) for x in values}
    names = {t[0] for t in types}
    if len(types) == 1:
        return types.pop()
    if names and names <= {"Bool", "Int64", "Float64"}:
        return ("Float64", True) if "Float64" in names else ("Int64", True)
    if len(names) == 2 and "Nothing" in names:
        return f"Union{{Nothing, {(names - {'Nothing'}).pop()}}}", False
    return "Any", False


def show_string(s: str) -> str:
    """Julia's quoted form of a string: escapes ``"``, ``\\``, ``$`` and control characters."""
    out = ['"']
    for k, c in enumerate(s):
        if c in '"$\\':
            out.append("\\" + c)
        elif c == "\0":
            out.append("\\x00" if s[k + 1:k + 2].isdigit() else "\\0")
        elif c == "\x1b":
            out.append("\\e")
        elif "\a" <= c <= "\r":
            out.append("\\" + "abtnvfr"[ord(c) - 7])
        elif c.isprintable() or unicodedata.category(c) == "Zs":
            out.append(c)
        elif ord(c) < 0x80:
            out.append(f"\\x{ord(c):02x}")
        elif ord(c) <= 0xFFFF:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(f"\\U{ord(c):08x}")
    out.append('"')
    return "".join(out)


def show_float(x: float) -> str:
    """Julia's shortest float form: ``0.5``, ``1.0``, ``1.0e-5``, ``1.0e6``, ``Inf``."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Inf" if x > 0 else "-Inf"
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    from decimal import Decimal  # here: importing decimal costs 3 ms, and most pages print no float

    sign, digits, exponent = Decimal(repr(x)).as_tuple()
    assert isinstance(exponent, int)
    ds = "".join(map(str, digits)).lstrip("0")
    stripped = ds.rstrip("0")
    exponent += len(ds) - len(stripped)
    ds = stripped
    point = len(ds) + exponent  # digits before the decimal point
    if -4 < point <= 6:
        if point <= 0:
            text = "0." + "0" * -point + ds
        elif point >= len(ds):
            text = ds + "0" * (point - len(ds)) + ".0"
        else:
            text = ds[:point] + "." + ds[point:]
    else:
        text = f"{ds[0]}.{ds[1:] or '0'}e{point - 1}"
    return ("-" if sign else "") + text


def _date_text(d: _dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _datetime_text(d: _dt.datetime) -> str:
    text = f"{_date_text(d)}T{d.hour:02d}:{d.minute:02d}:{d.second:02d}"
    return text + f".{d.microsecond // 1000:03d}" if d.microsecond >= 1000 else text
