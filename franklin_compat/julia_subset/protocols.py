"""Iteration, length and indexing of our values, as Julia's ``iterate``/``getindex`` see them.

Julia indexes from 1, indexes strings by byte (``s[1:3]`` is bytes 1 to 3 of the
UTF-8 text, an error inside a character), and iterates a ``Dict`` as pairs.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from ..core.dictorder import julia_keys
from .errors import bounds_error, convert_error, key_error, throw
from .jtypes import JType, convert
from .ops import UNDEF, equal, tname
from .runtime import Runtime
from .values import Bytes, Char, JuliaSet, NamedTup, Pair, RegexMatch, Symbol, TypedVector

__all__ = ["Lazy", "Ref", "broadcast", "char_index", "contains", "getindex", "iterate", "lastindex", "length",
           "setindex"]


class Ref:
    """``Ref(x)`` and Franklin's ``PAGEVAR_DEPTH``: ``r[]`` reads, ``r[] = v`` writes."""

    __slots__ = ("value",)
    julia_typename = "Base.RefValue"

    def __init__(self, value: Any) -> None:
        self.value = value

    def __str__(self) -> str:
        from .show import show

        return f"Base.RefValue({show(self.value)})"


class Lazy:
    """A lazy sequence (``enumerate``, ``zip``, ``eachline``, a generator): iterable again and again."""

    __slots__ = ("factory", "julia_typename", "size")

    def __init__(self, factory: Any, size: Any = None, typename: str = "Base.Generator") -> None:
        self.factory = factory
        self.size = size
        self.julia_typename = typename

    def __str__(self) -> str:
        return self.julia_typename + "(…)"


def dict_keys(rt: Runtime, d: Any, table: int | None = None) -> list[Any]:
    """The keys of a ``Dict`` (or a ``Set``'s items) in Julia's order, the work charged to the budget."""
    rt.charge(len(d) * 192)  # (each key hashed and placed: the work of some three steps)
    return julia_keys(d, table)


def iterate(rt: Runtime, v: Any) -> Iterator[Any]:
    t = type(v)
    if t is list or t is tuple or t is range:
        return iter(v)
    if t is TypedVector:
        return _checked(v)
    if isinstance(v, str):
        return map(Char, str.__str__(v))
    if isinstance(v, dict):
        return iter([Pair(k, v[k]) for k in dict_keys(rt, v)])  # (taken now: the loop may change v)
    if isinstance(v, (list, tuple)):
        return iter(v)
    if isinstance(v, Lazy):
        return iter(v.factory(rt))
    if isinstance(v, JuliaSet):
        return iter(dict_keys(rt, v.items, v.table))
    if isinstance(v, NamedTup):
        return iter(v.values)
    if isinstance(v, RegexMatch):
        return iter(v.captures)
    if isinstance(v, Bytes):
        return iter(v.data)
    if isinstance(v, (int, float, Ref)):
        return iter((v.value if isinstance(v, Ref) else v,))
    raise throw("MethodError", f"no method matching iterate(::{tname(v)})")


def _checked(v: list[Any]) -> Iterator[Any]:
    for x in v:
        if x is UNDEF:
            raise throw("UndefRefError", "access to undefined reference")
        yield x


def length(rt: Runtime, v: Any) -> int:
    if isinstance(v, (str, list, tuple, range, dict)):
        return len(v)
    if isinstance(v, JuliaSet):
        return len(v.items)
    if isinstance(v, NamedTup):
        return len(v.names)
    if isinstance(v, RegexMatch):
        return len(v.captures)
    if isinstance(v, Bytes):
        return len(v.data)
    if isinstance(v, Lazy):
        if v.size is None:
            raise throw("MethodError", f"no method matching length(::{v.julia_typename})")
        return int(v.size(rt))
    if isinstance(v, (int, float)):
        return 1
    raise throw("MethodError", f"no method matching length(::{tname(v)})")


def lastindex(rt: Runtime, v: Any) -> int:
    """``lastindex`` (``end`` inside brackets): a byte index for strings."""
    if isinstance(v, str):
        if v.isascii():
            return len(v)
        return len(v.encode()) - len(v[-1].encode()) + 1 if v else 0
    if isinstance(v, Pair):
        return 2
    return length(rt, v)


@functools.lru_cache(maxsize=32)
def _byte_starts(s: str) -> dict[int, int]:
    """1-based byte index of each character start → 0-based character index."""
    out: dict[int, int] = {}
    b = 1
    for k, c in enumerate(s):
        out[b] = k
        b += len(c.encode())
    out[b] = len(s)
    return out


def char_index(s: str, i: int, *, allow_end: bool = False) -> int:
    """The 0-based character index of byte index ``i`` (StringIndexError inside a character)."""
    if s.isascii():
        if 1 <= i <= len(s) or (allow_end and i == len(s) + 1):
            return i - 1
        raise bounds_error(s, i)
    starts = _byte_starts(s)
    k = starts.get(i)
    nbytes = len(s.encode())
    if k is None or (k == len(s) and not allow_end):
        if not 1 <= i <= nbytes:
            raise bounds_error(s, i)
        raise throw("StringIndexError", f"invalid index [{i}]")
    return k


def _index(rt: Runtime, coll: Any, i: Any, n: int) -> int:
    if isinstance(i, bool) or not isinstance(i, int):
        if isinstance(i, float) and i.is_integer():
            i = int(i)
        else:
            raise throw("ArgumentError", f"invalid index: {i!r} of type {tname(i)}")
    if not 1 <= i <= n:
        raise bounds_error(coll, i)
    return int(i) - 1


def getindex(rt: Runtime, coll: Any, idx: list[Any]) -> Any:
    """``coll[idx…]`` (a step, as the call of ``getindex`` it is)."""
    rt.steps -= 1
    if rt.steps < 0:
        rt.step()
    if isinstance(coll, JType):
        return _typed_vector(rt, coll, idx)
    if len(idx) != 1:
        if not idx and isinstance(coll, Ref):
            return coll.value
        if not idx and hasattr(coll, "jl_deref"):
            return coll.jl_deref(rt)
        raise throw("ArgumentError", f"indexing a {tname(coll)} with {len(idx)} indices is not supported")
    i = idx[0]
    if isinstance(coll, (list, tuple, range, Bytes)):
        seq = coll.data if isinstance(coll, Bytes) else coll
        if type(i) is int:
            if 1 <= i <= len(seq):
                x = seq[i - 1]
                if x is UNDEF:
                    raise throw("UndefRefError", "access to undefined reference")
                return x
            raise bounds_error(coll, i)
        return _select(rt, coll, i)
    if isinstance(coll, str):
        return _string_index(rt, coll, i)
    if isinstance(coll, dict):
        try:
            return coll[i]
        except KeyError:
            raise key_error(i) from None
        except TypeError:
            raise key_error(i) from None
    if isinstance(coll, NamedTup):
        if isinstance(i, Symbol) and str(i) in coll.names:
            return coll.get(str(i))
        if type(i) is int:
            return coll.values[_index(rt, coll, i, len(coll.values))]
        raise throw("ErrorException", f"type NamedTuple has no field {i}")
    if isinstance(coll, RegexMatch):
        if type(i) is int:
            return coll.captures[_index(rt, coll, i, len(coll.captures))]
        name = str.__str__(i) if isinstance(i, str) else None
        if name in coll.names:
            return coll.captures[coll.names.index(name)]
        raise throw("ErrorException", f"no capture group named {i}")
    if hasattr(coll, "jl_getindex"):
        return coll.jl_getindex(rt, i)
    raise throw("MethodError", f"no method matching getindex(::{tname(coll)}, ::{tname(i)})")


def _select(rt: Runtime, coll: Any, i: Any) -> Any:
    """``v[2:3]``, ``v[[1, 3]]``, ``v[mask]``, ``v[:]``."""
    n = len(coll)
    if isinstance(i, range):
        if len(i) and not (1 <= i[0] <= n and 1 <= i[-1] <= n):
            raise bounds_error(coll, i)
        picked = [coll[k - 1] for k in i] if i.step != 1 else coll[i.start - 1:i.stop - 1]
    elif isinstance(i, JType) or i == ":":
        picked = list(coll)
    elif isinstance(i, (list, tuple)) and i and all(x is True or x is False for x in i):
        if len(i) != n:
            raise bounds_error(coll, tuple(i))
        picked = [x for x, keep in zip(coll, i, strict=True) if keep]
    elif isinstance(i, (list, tuple)):
        picked = [coll[_index(rt, coll, k, n)] for k in i]
    else:
        raise throw("ArgumentError", f"invalid index: {i!r} of type {tname(i)}")
    if isinstance(coll, tuple):
        return tuple(picked)
    if isinstance(coll, TypedVector):
        return TypedVector(coll.eltype, picked)
    if isinstance(coll, Bytes):
        return Bytes(bytes(picked))
    return list(picked)


def _string_index(rt: Runtime, s: str, i: Any) -> Any:
    if type(i) is int:
        return Char(s[char_index(s, i)])
    if isinstance(i, range):
        if not len(i):
            return ""
        if i.step != 1:
            raise throw("ArgumentError", "a string can only be indexed with a unit range")
        a = char_index(s, i.start)
        last = char_index(s, i.stop - 1)
        return str.__str__(s)[a:last + 1]
    raise throw("ArgumentError", f"invalid index: {i!r} of type {tname(i)}")


def _typed_vector(rt: Runtime, t: JType, items: list[Any]) -> TypedVector:
    """``T[a, b]``: items converted to ``T``."""
    out: list[Any] = []
    for x in items:
        ok, y = convert(t, x)
        if not ok:
            raise convert_error(x, t)
        out.append(y)
    return TypedVector(str(t), out)


def setindex(rt: Runtime, coll: Any, idx: list[Any], value: Any) -> None:
    """``coll[idx] = value`` (a step)."""
    rt.steps -= 1
    if rt.steps < 0:
        rt.step()
    if isinstance(coll, Ref) and not idx:
        coll.value = value
        return
    if not idx and hasattr(coll, "jl_setref"):
        coll.jl_setref(rt, value)
        return
    if len(idx) != 1:
        raise throw("ArgumentError", f"indexing a {tname(coll)} with {len(idx)} indices is not supported")
    i = idx[0]
    if isinstance(coll, list):
        k = _index(rt, coll, i, len(coll))
        if isinstance(coll, TypedVector) and coll.eltype != "Any":
            from .jtypes import parse_type_name

            ok, value = convert(parse_type_name(coll.eltype), value)
            if not ok:
                raise convert_error(value, coll.eltype)
        coll[k] = value
        return
    if isinstance(coll, dict):
        try:
            coll[i] = value
        except TypeError:
            raise throw("ArgumentError", f"a value of type {tname(i)} cannot be a Dict key") from None
        rt.check_size(len(coll), "Dict")
        return
    if hasattr(coll, "jl_setindex"):
        coll.jl_setindex(rt, i, value)
        return
    raise throw("MethodError",
                f"no method matching setindex!(::{tname(coll)}, ::{tname(value)}, ::{tname(i)})")


def broadcast(rt: Runtime, f: Any, args: list[Any], kw: dict[str, Any]) -> Any:
    """``f.(args…)``: vectors, tuples and ranges are walked together; anything else is a scalar."""
    cols: list[list[Any] | None] = []
    scalars: list[Any] = []
    n = 1
    tuples_only = True
    for a in args:
        seq: list[Any] | None = None
        if isinstance(a, (list, range)) or (isinstance(a, tuple) and not isinstance(a, Pair)):
            seq = list(a)
            tuples_only = tuples_only and isinstance(a, tuple)
        elif isinstance(a, (RegexMatch, Lazy, JuliaSet, Bytes)):
            seq = list(iterate(rt, a))
            tuples_only = False
        elif isinstance(a, (dict, NamedTup)):
            raise throw("ArgumentError", "broadcasting over dictionaries and `NamedTuple`s is reserved")
        elif isinstance(a, Ref):
            a = a.value
        if seq is not None and len(seq) != 1:
            if n != 1 and len(seq) != n:
                raise throw("DimensionMismatch", f"arrays could not be broadcast to a common size; got a "
                                                 f"dimension with lengths {n} and {len(seq)}")
            n = len(seq)
        cols.append(seq)
        scalars.append(a)
    if all(c is None for c in cols):
        return rt.call(f, scalars, kw)
    rt.charge(n)
    out = []
    for i in range(n):
        row = [s if c is None else (c[i] if len(c) > 1 else c[0]) for c, s in zip(cols, scalars, strict=True)]
        out.append(rt.call(f, row, kw))
    return tuple(out) if tuples_only else out


def contains(rt: Runtime, x: Any, coll: Any) -> bool:
    """``x in coll``."""
    if isinstance(coll, dict):
        if not isinstance(x, Pair):
            raise throw("ArgumentError", "AbstractDict collections only contain Pairs; either look for e.g. "
                                         "A=>B instead, or use the `keys` or `haskey` function to test keys")
        return x.first in coll and equal(coll[x.first], x.second) is True
    if isinstance(coll, str):
        if not isinstance(x, Char):
            raise throw("ArgumentError", "use occursin(needle, haystack) for string containment")
        return x in coll
    if isinstance(coll, JuliaSet):
        try:
            return x in coll.items
        except TypeError:
            return False
    if isinstance(coll, range) and isinstance(x, (int, float)) and not isinstance(x, bool):
        return float(x).is_integer() and int(x) in coll
    rt.charge(length(rt, coll) if isinstance(coll, (list, tuple)) else 0)
    return any(equal(x, y) is True for y in iterate(rt, coll))
