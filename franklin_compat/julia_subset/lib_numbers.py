"""Numbers: ``parse``/``tryparse``, ``round`` (``digits``, ``sigdigits``, ``round(Int, x)``), ``div``,
``rem``, ``mod``, ``min``/``max``, the math functions, ``Int(x)``/``Float64(x)``, and Printf's
``@sprintf``."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .calls import Builtin, builtin
from .errors import throw
from .jtypes import CONSTRUCTORS, JType, type_of
from .lib_base import is_io, write_out
from .ops import intdiv, isless, mod, rem, repr_, to_string, wrap
from .runtime import EMPTY_KW, Runtime
from .values import Char

__all__ = ["NUMBERS", "PRINTF", "parse_number"]

NUMBERS: dict[str, Any] = {}
PRINTF: dict[str, Any] = {}


def parse_number(t: JType, s: str, base: int = 10) -> Any:
    """``parse(Int, s)`` / ``parse(Float64, s)``; ``None`` when ``s`` does not read as one."""
    text = s.strip()
    name = t.name
    try:
        if name in ("Int64", "Integer", "Signed", "UInt8"):
            if "_" in text or not text or text[0] in "_" or text.endswith("_"):
                return None
            return wrap(int(text, base))
        if name in ("Float64", "AbstractFloat", "Real", "Number"):
            low = text.lower()
            if low in ("inf", "+inf", "-inf", "nan", "+nan", "-nan", "infinity"):
                return float(low.replace("infinity", "inf"))
            if not text or "_" in text or low.startswith(("0x", "0b", "0o")):
                return None
            v = float(text)
            return v
        if name == "Bool":
            return {"true": True, "false": False, "1": True, "0": False}.get(text)
    except ValueError:
        return None
    raise throw("MethodError", f"no method matching parse(::Type{{{t}}}, ::String)")


@builtin(NUMBERS, "parse")
def _parse(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    t, s = args
    if isinstance(t, JType) and t.name in ("Date", "DateTime"):
        return rt.call(t, [s], EMPTY_KW)
    value = parse_number(t, to_string(s) if isinstance(s, Char) else s, int(kw.get("base", 10)))
    if value is None:
        what = "integer" if t.name.startswith("Int") else "number" if t.name != "Bool" else "Bool"
        raise throw("ArgumentError", f"invalid base 10 digit in {repr_(s)}" if what == "integer" and s.strip()
                    else f"cannot parse {repr_(s)} as {t}")
    return value


@builtin(NUMBERS, "tryparse")
def _tryparse(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    t, s = args
    return parse_number(t, s, int(kw.get("base", 10)))


def _num(fn: Any, name: str) -> Any:
    def f(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        (x,) = args
        if isinstance(x, bool) or not isinstance(x, (int, float)):
            raise throw("MethodError", f"no method matching {name}(::{type_of(x)})")
        try:
            return fn(x)
        except ValueError:
            raise throw("DomainError", f"{name} was called with an argument out of its domain: {repr_(x)}",
                        val=x) from None
    return f


for _n, _f in (("sqrt", math.sqrt), ("exp", math.exp), ("log", math.log), ("log2", math.log2),
               ("log10", math.log10), ("log1p", math.log1p), ("sin", math.sin), ("cos", math.cos),
               ("tan", math.tan), ("atan", math.atan), ("asin", math.asin), ("acos", math.acos),
               ("cbrt", lambda x: math.copysign(abs(x) ** (1 / 3), x)), ("exp2", lambda x: 2.0 ** x),
               ("exp10", lambda x: 10.0 ** x), ("float", float), ("isnan", math.isnan), ("isinf", math.isinf),
               ("isfinite", math.isfinite), ("sign", lambda x: (x > 0) - (x < 0) if isinstance(x, int)
                                                else math.copysign(1.0, x) if x else x),
               ("isodd", lambda x: x % 2 == 1), ("iseven", lambda x: x % 2 == 0),
               ("iszero", lambda x: x == 0),
               ("isone", lambda x: x == 1), ("isinteger", lambda x: float(x).is_integer()),
               ("abs", lambda x: wrap(abs(x)) if isinstance(x, int) else abs(x)),
               ("factorial", lambda x: wrap(math.factorial(x)))):
    NUMBERS[_n] = Builtin(_n, _num(_f, _n))


def _rounder(name: str) -> Any:
    modes: dict[str, Callable[[float], float]] = {"round": _round_even, "floor": math.floor,
                                                  "ceil": math.ceil, "trunc": math.trunc}
    mode = modes[name]

    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        to_int: JType | None = None
        if args and isinstance(args[0], JType):
            to_int, args = args[0], args[1:]
        (x,) = args
        if isinstance(x, int) and not kw:
            return x if to_int is None or to_int.name != "Float64" else float(x)
        x = float(x)
        if "sigdigits" in kw:
            digits = int(kw["sigdigits"]) - 1 - math.floor(math.log10(abs(x))) if x else 0
        else:
            digits = int(kw.get("digits", 0))
        scale = 10.0 ** digits
        r = float(mode(x * scale)) / scale if digits else float(mode(x))
        if to_int is not None and to_int.name != "Float64":
            if not math.isfinite(r):
                raise throw("InexactError", f"{name}({to_int}, {repr_(x)})")
            return int(r)
        return r
    return fn


def _round_even(x: float) -> float:
    return float(round(x))


for _n in ("round", "floor", "ceil", "trunc"):
    NUMBERS[_n] = Builtin(_n, _rounder(_n))


def _extreme(want_max: bool) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        if not args:
            raise throw("MethodError", "no method matching max()")
        best = args[0]
        for x in args[1:]:
            if isinstance(x, float) and math.isnan(x):
                return x
            if (isless(best, x) if want_max else isless(x, best)):
                best = x
        if any(isinstance(x, float) for x in args) and isinstance(best, int):
            return float(best)
        return best
    return fn


NUMBERS["max"] = Builtin("max", _extreme(True))
NUMBERS["min"] = Builtin("min", _extreme(False))


@builtin(NUMBERS, "clamp")
def _clamp(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    x, lo, hi = args
    return lo if isless(x, lo) else hi if isless(hi, x) else x


@builtin(NUMBERS, "div")
def _div(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    a, b = args
    return intdiv(a, b)


@builtin(NUMBERS, "rem")
def _rem(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    a, b = args
    return rem(a, b)


@builtin(NUMBERS, "mod")
def _mod(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    a, b = args
    return mod(a, b)


@builtin(NUMBERS, "fld")
def _fld(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    a, b = args
    return math.floor(a / b) if isinstance(a, float) or isinstance(b, float) else a // b


@builtin(NUMBERS, "cld")
def _cld(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    a, b = args
    return -(-a // b)


@builtin(NUMBERS, "divrem")
def _divrem(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    a, b = args
    return (intdiv(a, b), rem(a, b))


@builtin(NUMBERS, "gcd")
def _gcd(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    return math.gcd(*args)


@builtin(NUMBERS, "lcm")
def _lcm(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    return math.lcm(*args)


def _unit(value: int) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        (x,) = args
        t = x if isinstance(x, JType) else type_of(x)
        return float(value) if t.name == "Float64" else value
    return fn


NUMBERS["zero"] = Builtin("zero", _unit(0))
NUMBERS["one"] = Builtin("one", _unit(1))


def _bound(high: bool) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        (t,) = args
        if t.name == "Float64":
            return math.inf if high else -math.inf
        if t.name in ("Int64", "Int"):
            return (1 << 63) - 1 if high else -(1 << 63)
        raise throw("MethodError", f"no method matching {'typemax' if high else 'typemin'}(::Type{{{t}}})")
    return fn


NUMBERS["typemax"] = Builtin("typemax", _bound(True))
NUMBERS["typemin"] = Builtin("typemin", _bound(False))


# ---- Printf

def _sprintf(fmt: str, values: list[Any]) -> str:
    conv = [v if isinstance(v, (int, float)) and not isinstance(v, bool) else to_string(v) for v in values]
    return fmt % tuple(conv)


@builtin(PRINTF, "@sprintf")
def _at_sprintf(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    return _sprintf(args[0], args[1:])


@builtin(PRINTF, "@printf")
def _at_printf(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    if args and is_io(args[0]):
        write_out(rt, args[0], _sprintf(args[1], args[2:]))
    return None


def _make_number(rt: Runtime, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    if t.name == "Float64":
        if isinstance(x, (int, float)):
            return float(x)
    elif t.name == "Bool":
        if x in (0, 1):
            return bool(x)
    elif isinstance(x, Char):
        return ord(x)
    elif isinstance(x, (int, float)) and float(x).is_integer():
        return wrap(int(x))
    elif isinstance(x, float):
        raise throw("InexactError", f"{t}({repr_(x)})")
    raise throw("MethodError", f"no method matching {t}(::{type_of(x)})")



CONSTRUCTORS.update(dict.fromkeys(("Int64", "Float64", "Bool", "Integer", "UInt8"), _make_number))
