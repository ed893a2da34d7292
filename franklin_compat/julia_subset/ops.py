"""Julia's operators on our values: arithmetic with Int64 wrap-around, ``==``/``===``/``isless``,
ranges, ``string``/``repr``, and the truth test of ``if``/``&&``.

Python's own operators are close but not the same: ``div`` truncates, ``%`` takes
the sign of the dividend, ``"a" * "b"`` joins, ``1 == 1.0`` but ``"a" != 'a'``,
integers wrap at 64 bits, and a condition must be a ``Bool``.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from .errors import throw, unsupported
from .runtime import Runtime
from .show import julia_type, show, to_julia_string
from .values import MISSING, Char, Missing, Pair, Period, Symbol

__all__ = ["UNDEF", "binary", "egal", "equal", "isequal", "isless", "make_range", "repr_", "to_string",
           "truth", "unary", "wrap"]

_MAX = (1 << 63) - 1
_MIN = -(1 << 63)


class _Undef:
    """An unset slot of ``Vector{String}(undef, n)``; reading it is Julia's ``UndefRefError``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "#undef"


UNDEF: Any = _Undef()


def wrap(x: int) -> int:
    """Int64 arithmetic wraps around, as Julia's does."""
    if _MIN <= x <= _MAX:
        return x
    return ((x - _MIN) & ((1 << 64) - 1)) + _MIN


def tname(v: object) -> str:
    return julia_type(v)[0]


def to_string(v: object) -> str:
    """``string(v)`` / ``print(v)`` / ``"$v"``."""
    t = type(v)
    if t is str:
        return v  # type: ignore[return-value]
    if t is int:
        return str(v)
    return to_julia_string(v)


def repr_(v: object) -> str:
    """``repr(v)`` / ``show(v)``."""
    return show(v)


def truth(v: object, context: str = "boolean context") -> bool:
    if v is True:
        return True
    if v is False:
        return False
    raise throw("TypeError", f"non-boolean ({tname(v)}) used in {context}")


def _is_num(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, _dt.date)


def equal(a: object, b: object) -> Any:
    """``a == b``: numbers by value, strings not equal to chars or symbols, ``missing`` spreads."""
    ta, tb = type(a), type(b)
    if ta is tb and (ta is str or ta is int or ta is float):
        return a == b
    if a is MISSING or b is MISSING:
        return MISSING
    if isinstance(a, str) or isinstance(b, str):
        if isinstance(a, str) and isinstance(b, str):
            return (_str_kind(a) == _str_kind(b)) and str.__eq__(a, b)
        return False
    if _is_num(a) and _is_num(b):
        return a == b
    if isinstance(a, _dt.datetime) != isinstance(b, _dt.datetime):
        return False
    if isinstance(a, (list, tuple, range)) and isinstance(b, (list, tuple, range)):
        if isinstance(a, tuple) != isinstance(b, tuple) or isinstance(a, Pair) != isinstance(b, Pair):
            return False
        return len(a) == len(b) and all(equal(x, y) is True for x, y in zip(a, b, strict=True))
    return a == b


def _str_kind(s: str) -> int:
    return 1 if isinstance(s, Char) else 2 if isinstance(s, Symbol) else 0


def isequal(a: object, b: object) -> bool:
    """``isequal``: like ``==`` but ``NaN`` equals itself and ``missing`` equals ``missing``."""
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if a is MISSING or b is MISSING:
        return a is b
    return equal(a, b) is True


def egal(a: object, b: object) -> bool:
    """``===``: values for immutable things, identity for vectors and dicts."""
    if a is b:
        return True
    if isinstance(a, (list, dict)) or isinstance(b, (list, dict)):
        return False
    if type(a) is not type(b):
        return False
    return bool(a == b)


def isless(a: object, b: object) -> bool:
    """Julia's ``isless``: the order ``sort`` uses (numbers, strings, chars, dates, tuples, vectors)."""
    if _is_num(a) and _is_num(b):
        assert isinstance(a, (int, float)) and isinstance(b, (int, float))
        if isinstance(a, float) and math.isnan(a):
            return False
        if isinstance(b, float) and math.isnan(b):
            return True
        return a < b
    if a is MISSING or b is MISSING:
        return b is MISSING and a is not MISSING
    if isinstance(a, str) and isinstance(b, str) and _str_kind(a) == _str_kind(b):
        return str.__lt__(a, b)
    if isinstance(a, _dt.date) and isinstance(b, _dt.date) and (
            isinstance(a, _dt.datetime) == isinstance(b, _dt.datetime)):
        return a < b
    if isinstance(a, Period) and isinstance(b, Period) and a.unit == b.unit:
        return a.value < b.value
    if isinstance(a, (tuple, list)) and isinstance(b, (tuple, list)) and type(a) is type(b):
        for x, y in zip(a, b):  # noqa: B905 - shorter sorts first
            if isless(x, y):
                return True
            if isless(y, x):
                return False
        return len(a) < len(b)
    raise throw("MethodError", f"no method matching isless(::{tname(a)}, ::{tname(b)})")


def less(a: object, b: object) -> Any:
    """``a < b``: ``isless`` except that ``NaN`` compares false and ``missing`` spreads."""
    if a is MISSING or b is MISSING:
        return MISSING
    if (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
        return False
    return isless(a, b)


# ---- arithmetic

def binary(rt: Runtime, op: str, a: Any, b: Any) -> Any:
    """``a op b`` for the arithmetic and comparison operators."""
    fn = _BINARY.get(op)
    if fn is None:
        raise unsupported(f"the operator `{op}`")
    return fn(rt, a, b)


def _num_pair(op: str, a: Any, b: Any) -> None:
    if not (_is_num(a) and _is_num(b)):
        raise throw("MethodError", f"no method matching {op}(::{tname(a)}, ::{tname(b)})")


def _add(rt: Runtime, a: Any, b: Any) -> Any:
    if type(a) is int and type(b) is int:
        return wrap(a + b)
    if _is_num(a) and _is_num(b):
        r = a + b
        return wrap(r) if isinstance(r, int) else r
    if isinstance(a, _dt.date) and isinstance(b, Period):
        return _shift(a, b, 1)
    if isinstance(a, Period) and isinstance(b, _dt.date):
        return _shift(b, a, 1)
    if isinstance(a, Period) and isinstance(b, Period) and a.unit == b.unit:
        return Period(a.unit, a.value + b.value)
    if isinstance(a, Char) and type(b) is int:
        return Char(chr(ord(a) + b))
    raise throw("MethodError", f"no method matching +(::{tname(a)}, ::{tname(b)})")


def _sub(rt: Runtime, a: Any, b: Any) -> Any:
    if type(a) is int and type(b) is int:
        return wrap(a - b)
    if _is_num(a) and _is_num(b):
        r = a - b
        return wrap(r) if isinstance(r, int) else r
    if isinstance(a, _dt.date) and isinstance(b, Period):
        return _shift(a, b, -1)
    if isinstance(a, _dt.datetime) and isinstance(b, _dt.datetime):
        return Period("Millisecond", (a - b) // _dt.timedelta(milliseconds=1))
    if isinstance(a, _dt.date) and isinstance(b, _dt.date) and not isinstance(b, _dt.datetime):
        return Period("Day", (a - b).days)
    if isinstance(a, Period) and isinstance(b, Period) and a.unit == b.unit:
        return Period(a.unit, a.value - b.value)
    if isinstance(a, Char) and isinstance(b, Char):
        return ord(a) - ord(b)
    if isinstance(a, Char) and type(b) is int:
        return Char(chr(ord(a) - b))
    raise throw("MethodError", f"no method matching -(::{tname(a)}, ::{tname(b)})")


def _mul(rt: Runtime, a: Any, b: Any) -> Any:
    if type(a) is int and type(b) is int:
        return wrap(a * b)
    if isinstance(a, str) and isinstance(b, str) and not isinstance(a, Symbol) and not isinstance(b, Symbol):
        rt.built(len(a) + len(b))
        return str.__add__(a, b) if type(a) is str else str.__str__(a) + str.__str__(b)
    if _is_num(a) and _is_num(b):
        r = a * b
        return wrap(r) if isinstance(r, int) else r
    if isinstance(a, Period) and type(b) is int:
        return Period(a.unit, a.value * b)
    if type(a) is int and isinstance(b, Period):
        return Period(b.unit, a * b.value)
    raise throw("MethodError", f"no method matching *(::{tname(a)}, ::{tname(b)})")


def _div(rt: Runtime, a: Any, b: Any) -> Any:
    _num_pair("/", a, b)
    a, b = float(a), float(b)
    if b == 0:
        if a == 0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1, b)
    return a / b


def intdiv(a: Any, b: Any) -> Any:
    """``div``/``÷``: the quotient rounded toward zero."""
    _num_pair("div", a, b)
    if isinstance(a, int) and isinstance(b, int):
        if b == 0:
            raise throw("DivideError", "integer division error")
        q = abs(a) // abs(b)
        return wrap(q if (a >= 0) == (b >= 0) else -q)
    return float(math.trunc(a / b)) if b else math.copysign(math.inf, a)


def rem(a: Any, b: Any) -> Any:
    """``rem``/``%``: the remainder with the sign of ``a``."""
    _num_pair("rem", a, b)
    if isinstance(a, int) and isinstance(b, int):
        if b == 0:
            raise throw("DivideError", "integer division error")
        return a - b * intdiv(a, b)
    return math.fmod(a, b)


def mod(a: Any, b: Any) -> Any:
    """``mod``: the remainder with the sign of ``b``."""
    _num_pair("mod", a, b)
    if isinstance(a, int) and isinstance(b, int) and b == 0:
        raise throw("DivideError", "integer division error")
    return a % b


def _pow(rt: Runtime, a: Any, b: Any) -> Any:
    if isinstance(a, str) and not isinstance(a, Symbol) and isinstance(b, int):
        if b < 0:
            raise throw("ArgumentError", f"can't repeat a string {b} times")
        rt.built(len(a) * b)
        return str.__str__(a) * b
    _num_pair("^", a, b)
    if isinstance(a, int) and isinstance(b, int) and not isinstance(a, bool):
        if b < 0:
            if a in (1, -1):
                return a ** b
            raise throw("DomainError", f"Cannot raise an integer x to a negative power {b}.", val=b)
        if abs(a) > 1 and b > 64:
            return 0 if a % 2 == 0 else wrap(pow(a, b, 1 << 64))
        return wrap(a ** b)
    try:
        r = float(a) ** float(b)
    except ZeroDivisionError:
        return math.inf
    if isinstance(r, complex):
        raise throw("DomainError", f"{show(float(a))} ^ {show(float(b))} is not a real number")
    return r


def _bits(op: str) -> Any:
    def fn(rt: Runtime, a: Any, b: Any) -> Any:
        if not (isinstance(a, int) and isinstance(b, int)):
            raise throw("MethodError", f"no method matching {op}(::{tname(a)}, ::{tname(b)})")
        if op == "&":
            r = a & b
        elif op == "|":
            r = a | b
        elif op in ("⊻", "xor"):
            r = a ^ b
        elif op == "<<":
            r = wrap(a << b) if b < 64 else 0
        else:
            r = a >> b
        return bool(r) if isinstance(a, bool) and isinstance(b, bool) else r
    return fn


def _cmp(fn: Any) -> Any:
    return lambda rt, a, b: fn(a, b)


def _ne(a: Any, b: Any) -> Any:
    r = equal(a, b)
    return r if r is MISSING else not r


def _pair(rt: Runtime, a: Any, b: Any) -> Pair:
    return Pair(a, b)


def _not_less(a: Any, b: Any) -> Any:
    """``a >= b`` as ``!(a < b)``, with NaN false."""
    if (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
        return False
    r = less(a, b)
    return r if r is MISSING else not r


_BINARY: dict[str, Any] = {
    "+": _add, "-": _sub, "*": _mul, "/": _div, "^": _pow,
    "÷": lambda rt, a, b: intdiv(a, b), "%": lambda rt, a, b: rem(a, b),
    "==": _cmp(equal), "!=": _cmp(_ne), "≠": _cmp(_ne), "<": _cmp(less), ">": _cmp(lambda a, b: less(b, a)),
    "<=": _cmp(lambda a, b: _not_less(b, a)), "≤": _cmp(lambda a, b: _not_less(b, a)),
    ">=": _cmp(_not_less), "≥": _cmp(_not_less), "===": _cmp(egal), "≡": _cmp(egal),
    "!==": _cmp(lambda a, b: not egal(a, b)), "≢": _cmp(lambda a, b: not egal(a, b)),
    "=>": _pair, "&": _bits("&"), "|": _bits("|"), "⊻": _bits("⊻"), "<<": _bits("<<"), ">>": _bits(">>"),
    ">>>": _bits(">>"),
}


def unary(rt: Runtime, op: str, a: Any) -> Any:
    if op == "-":
        if type(a) is int or isinstance(a, bool):
            return wrap(-int(a))
        if isinstance(a, float):
            return -a
        if isinstance(a, Period):
            return Period(a.unit, -a.value)
    elif op == "+":
        if _is_num(a):
            return +a
    elif op == "!":
        if a is True or a is False:
            return not a
        if isinstance(a, Missing):
            return MISSING
        if getattr(a, "jl_call", None) is not None:
            from .calls import Negated

            return Negated(a)
    elif op == "~" and isinstance(a, int):
        return not a if isinstance(a, bool) else ~a
    elif op == "√" and _is_num(a):
        if a < 0:
            raise throw("DomainError", f"sqrt was called with a negative real argument {show(a)}", val=a)
        return math.sqrt(a)
    raise throw("MethodError", f"no method matching {op}(::{tname(a)})")


# ---- ranges

def make_range(rt: Runtime, start: Any, step: Any, stop: Any) -> Any:
    """``start:stop`` and ``start:step:stop``: a ``range`` for integers, a vector otherwise."""
    if step is None:
        step = 1
    if type(start) is int and type(stop) is int and type(step) is int:
        if step == 0:
            raise throw("ArgumentError", "step cannot be zero")
        return range(start, stop + (1 if step > 0 else -1), step)
    if isinstance(start, Char) and isinstance(stop, Char) and type(step) is int:
        return [Char(chr(c)) for c in range(ord(start), ord(stop) + (1 if step > 0 else -1), step)]
    if _is_num(start) and _is_num(stop) and _is_num(step):
        if step == 0:
            raise throw("ArgumentError", "range step cannot be zero")
        n = math.floor((stop - start) / step + 1e-10) + 1
        rt.built(max(0, n), "vector")
        return [float(start + k * step) for k in range(max(0, n))]
    if isinstance(start, _dt.date) and isinstance(stop, _dt.date) and isinstance(step, Period):
        out: list[Any] = []
        d = start
        while (d <= stop) if step.value > 0 else (d >= stop):
            out.append(d)
            rt.check_size(len(out), "vector")
            d = _shift(d, step, 1)
            if step.value == 0:
                break
        return out
    raise throw("MethodError", f"no method matching (::Colon)(::{tname(start)}, ::{tname(stop)})")


def _shift(d: _dt.date, p: Period, sign: int) -> _dt.date:
    """``d ± p``: months and years clamp to the month's last day, as Julia's Dates do."""
    n = p.value * sign
    unit = p.unit
    try:
        if unit in ("Year", "Month"):
            months = d.month - 1 + (n * 12 if unit == "Year" else n)
            y, m = d.year + months // 12, months % 12 + 1
            last = (_dt.date(y + (m == 12), m % 12 + 1, 1) - _dt.timedelta(days=1)).day
            return d.replace(year=y, month=m, day=min(d.day, last))
        per = {"Week": 604800000, "Day": 86400000, "Hour": 3600000, "Minute": 60000, "Second": 1000,
               "Millisecond": 1}[unit]
        delta = _dt.timedelta(milliseconds=n * per)
        if not isinstance(d, _dt.datetime) and unit not in ("Week", "Day"):
            raise throw("MethodError", f"no method matching +(::Date, ::{unit})")
        return d + delta
    except (OverflowError, ValueError):
        raise throw("ArgumentError", "the date is out of range") from None
