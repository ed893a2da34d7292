"""Vectors, dicts, sets, tuples and pairs: construction, access and change
(``push!``, ``get``, ``haskey``, ``keys``, ``first(v, n)``, ``Vector{T}(undef, n)``…)."""

from __future__ import annotations

import copy
import datetime as _dt
from typing import Any

from ..core.dictorder import sized_table
from .calls import Builtin, builtin
from .errors import convert_error, throw
from .jtypes import CONSTRUCTORS, JType, convert, parse_type_name
from .ops import UNDEF, equal, isequal, tname, to_string
from .protocols import Lazy, contains, dict_keys, getindex, iterate, lastindex, length
from .runtime import EMPTY_KW, Runtime
from .values import Char, JuliaSet, NamedTup, Pair, SizedDict, Symbol, TypedDict, TypedVector

__all__ = ["COLLECTIONS", "replace_items", "typed_items"]

COLLECTIONS: dict[str, Any] = {}

_ZERO: dict[str, Any] = {"Int64": 0, "Float64": 0.0, "Bool": False, "Char": Char("\0"), "UInt8": 0,
                         "Date": _dt.date(1, 1, 1), "DateTime": _dt.datetime(1, 1, 1)}


_PLAIN = {"String": str, "Int64": int, "Float64": float}


def typed_items(t: str, items: list[Any]) -> list[Any]:
    """``items`` converted to element type ``t`` (a MethodError when one cannot be)."""
    if t == "Any":
        return items
    plain = _PLAIN.get(t)
    if plain is not None and all(type(x) is plain for x in items):
        return items
    jt = parse_type_name(t)
    out = []
    for x in items:
        ok, y = convert(jt, x)
        if not ok:
            raise convert_error(x, t)
        out.append(y)
    return out


def _vector(rt: Runtime, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
    el = str(t.params[0]) if t.params else "Any"
    if len(args) == 2 and getattr(args[0], "julia_typename", "") == "UndefInitializer":
        n = int(args[1])
        rt.built(n, "vector")
        return TypedVector(el, [_ZERO.get(el, UNDEF)] * n)
    if not args:
        return TypedVector(el, [])
    (src,) = args
    items = list(iterate(rt, src))
    return TypedVector(el, typed_items(el, items)) if t.params else items


def _dict(rt: Runtime, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
    entries: list[Any] = args
    if len(args) == 1 and not isinstance(args[0], Pair):
        entries = list(iterate(rt, args[0]))
    pairs: list[tuple[Any, Any]] = []
    for e in entries:
        if isinstance(e, Pair):
            pairs.append((e.first, e.second))
        elif isinstance(e, tuple) and len(e) == 2:
            pairs.append(e)
        else:
            raise throw("ArgumentError", "Dict(kv): kv needs to be an iterator of 2-tuples or pairs")
    # Julia sizes the table for the pairs when it knows their types: given, or one key type and
    # one value type (pairs of several types go through a Dict widened as they come)
    typed = len(t.params) == 2
    table = sized_table(len(pairs)) if typed or len({(tname(k), tname(v)) for k, v in pairs}) <= 1 else 16
    out: dict[Any, Any] = TypedDict(str(t.params[0]), str(t.params[1]), table=table) if typed else \
        SizedDict(table=table)
    for k, v in pairs:
        try:
            out[k] = v
        except TypeError:
            raise throw("ArgumentError", f"a value of type {tname(k)} cannot be a Dict key") from None
    return out


def _set(rt: Runtime, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
    items = list(iterate(rt, args[0])) if args else []
    try:  # (``Set(itr)`` sizes its table for as many elements as ``itr`` has)
        return JuliaSet(items, sized_table(len(items)))
    except TypeError:
        raise throw("ArgumentError", "a vector or a dict cannot be a Set element here") from None


def _tuple(rt: Runtime, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
    return tuple(iterate(rt, args[0])) if args else ()


def _pair(rt: Runtime, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
    a, b = args
    return Pair(a, b)


CONSTRUCTORS.update({"Vector": _vector, "Dict": _dict, "Set": _set, "Tuple": _tuple, "Pair": _pair})


@builtin(COLLECTIONS, "length")
def _length(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    return length(rt, x)


@builtin(COLLECTIONS, "isempty")
def _isempty(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    if isinstance(x, Lazy):
        return next(iter(iterate(rt, x)), UNDEF) is UNDEF
    return length(rt, x) == 0


def _ends(at_start: bool) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        x = args[0]
        if len(args) == 2:
            n = int(args[1])
            if n < 0:
                raise throw("ArgumentError", f"Number of elements must be non-negative, got {n}")
            if isinstance(x, str):
                s = str.__str__(x)
                return s[:n] if at_start else s[max(0, len(s) - n):]
            items = list(iterate(rt, x))
            part = items[:n] if at_start else items[max(0, len(items) - n):]
            return TypedVector(x.eltype, part) if isinstance(x, TypedVector) else part
        if isinstance(x, (list, tuple, range, str)) and not isinstance(x, TypedVector):
            if not len(x):
                raise throw("ArgumentError", "collection must be non-empty")
            v = x[0] if at_start else x[-1]
            return Char(v) if isinstance(x, str) else v
        items = list(iterate(rt, x))
        if not items:
            raise throw("ArgumentError", "collection must be non-empty")
        return items[0] if at_start else items[-1]
    return fn


COLLECTIONS["first"] = Builtin("first", _ends(True))
COLLECTIONS["last"] = Builtin("last", _ends(False))


@builtin(COLLECTIONS, "only")
def _only(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    items = list(iterate(rt, x))
    if len(items) != 1:
        raise throw("ArgumentError", f"Collection has {'no elements' if not items else 'multiple elements'}, "
                                     "must contain exactly 1 element")
    return items[0]


@builtin(COLLECTIONS, "collect")
def _collect(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    x = args[-1]
    items = list(iterate(rt, x))
    rt.built(len(items), "vector")
    if len(args) == 2:
        return TypedVector(str(args[0]), typed_items(str(args[0]), items))
    if isinstance(x, TypedVector):
        return TypedVector(x.eltype, items)
    return items


@builtin(COLLECTIONS, "keys")
def _keys(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    if isinstance(x, dict):
        return dict_keys(rt, x)
    if isinstance(x, NamedTup):
        return tuple(Symbol(n) for n in x.names)
    return range(1, length(rt, x) + 1)


@builtin(COLLECTIONS, "values")
def _values(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    if isinstance(x, dict):
        return [x[k] for k in dict_keys(rt, x)]
    if isinstance(x, NamedTup):
        return x.values
    return x


@builtin(COLLECTIONS, "pairs")
def _pairs(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    if isinstance(x, dict):
        return x
    if isinstance(x, NamedTup):
        return Lazy(lambda rt_: (Pair(Symbol(n), v) for n, v in zip(x.names, x.values, strict=True)),
                    lambda rt_: len(x.names), "Base.Pairs")
    items = list(iterate(rt, x))
    return Lazy(lambda rt_: (Pair(k + 1, v) for k, v in enumerate(items)), lambda rt_: len(items),
                "Base.Pairs")


@builtin(COLLECTIONS, "haskey")
def _haskey(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    d, k = args
    if isinstance(d, dict):
        try:
            return k in d
        except TypeError:
            return False
    if isinstance(d, NamedTup):
        return isinstance(k, Symbol) and str(k) in d.names
    if isinstance(d, (list, tuple)):
        return isinstance(k, int) and 1 <= k <= len(d)
    if getattr(d, "julia_typename", "") == "Base.EnvDict":
        return False
    raise throw("MethodError", f"no method matching haskey(::{tname(d)}, ::{tname(k)})")


@builtin(COLLECTIONS, "get")
def _get(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    if len(args) == 3 and getattr(args[0], "jl_call", None) is not None and not isinstance(args[0], JType):
        f, d, k = args
        found, v = _lookup(rt, d, k)
        return v if found else rt.call(f, [], EMPTY_KW)
    d, k, default = args
    found, v = _lookup(rt, d, k)
    return v if found else default


def _lookup(rt: Runtime, d: Any, k: Any) -> tuple[bool, Any]:
    if isinstance(d, dict):
        try:
            return (True, d[k]) if k in d else (False, None)
        except TypeError:
            return False, None
    if getattr(d, "julia_typename", "") == "Base.EnvDict":
        return False, None
    if isinstance(d, NamedTup):
        name = str.__str__(k) if isinstance(k, Symbol) else None
        return (True, d.get(name)) if name in d.names else (False, None)
    if isinstance(d, (list, tuple, str, range)):
        if isinstance(k, int) and 1 <= k <= lastindex(rt, d):
            return True, getindex(rt, d, [k])
        return False, None
    raise throw("MethodError", f"no method matching get(::{tname(d)}, ::{tname(k)}, …)")


@builtin(COLLECTIONS, "get!")
def _get_bang(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    if getattr(args[0], "jl_call", None) is not None:
        f, d, k = args
        if k not in d:
            d[k] = rt.call(f, [], EMPTY_KW)
        return d[k]
    d, k, default = args
    if not isinstance(d, dict):
        raise throw("MethodError", f"no method matching get!(::{tname(d)}, …)")
    if k not in d:
        d[k] = default
    return d[k]


def _convert_into(v: Any, items: list[Any]) -> list[Any]:
    return typed_items(v.eltype, items) if isinstance(v, TypedVector) else items


@builtin(COLLECTIONS, "push!")
def _push(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    v, items = args[0], args[1:]
    if isinstance(v, list):
        v.extend(_convert_into(v, items))
        rt.check_size(len(v), "vector")
    elif isinstance(v, JuliaSet):
        for x in items:
            v.items[x] = None
    elif isinstance(v, dict):
        for p in items:
            v[p.first] = p.second
    else:
        what = tname(items[0]) if items else ""
        raise throw("MethodError", f"no method matching push!(::{tname(v)}, ::{what})")
    return v


@builtin(COLLECTIONS, "pushfirst!")
def _pushfirst(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    v = args[0]
    v[0:0] = _convert_into(v, args[1:])
    rt.check_size(len(v), "vector")
    return v


@builtin(COLLECTIONS, "append!")
def _append(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    v = args[0]
    for src in args[1:]:
        new = list(iterate(rt, src))
        rt.built(len(new), "vector")
        v.extend(_convert_into(v, new))
    rt.check_size(len(v), "vector")
    return v


def _prepend(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    v = args[0]
    new: list[Any] = []
    for src in args[1:]:
        new.extend(iterate(rt, src))
    v[0:0] = _convert_into(v, new)
    rt.check_size(len(v), "vector")
    return v


COLLECTIONS["prepend!"] = Builtin("prepend!", _prepend)


@builtin(COLLECTIONS, "pop!")
def _pop(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    v = args[0]
    if isinstance(v, dict):
        k = args[1]
        if k in v:
            return v.pop(k)
        if len(args) > 2:
            return args[2]
        raise throw("KeyError", f"key {to_string(k)} not found", key=k)
    if not v:
        raise throw("ArgumentError", "array must be non-empty")
    return v.pop()


@builtin(COLLECTIONS, "popfirst!")
def _popfirst(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (v,) = args
    if not v:
        raise throw("ArgumentError", "array must be non-empty")
    return v.pop(0)


@builtin(COLLECTIONS, "insert!")
def _insert(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    v, i, x = args
    if not 1 <= i <= len(v) + 1:
        raise throw("BoundsError", f"attempt to insert at index [{i}]")
    v.insert(i - 1, _convert_into(v, [x])[0])
    return v


@builtin(COLLECTIONS, "deleteat!")
def _deleteat(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    v, i = args
    drop = {k - 1 for k in (i if isinstance(i, (range, list, tuple)) else [i])}
    if any(not 0 <= k < len(v) for k in drop):
        raise throw("BoundsError", f"attempt to delete at index [{to_string(i)}]")
    v[:] = [x for k, x in enumerate(v) if k not in drop]
    return v


@builtin(COLLECTIONS, "delete!")
def _delete(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    d, k = args
    if isinstance(d, JuliaSet):
        d.items.pop(k, None)
    elif isinstance(d, dict):
        d.pop(k, None)
    else:
        from .errors import sandbox

        if getattr(d, "julia_typename", "") == "Base.EnvDict":
            raise sandbox("changing environment variables (ENV)")
        raise throw("MethodError", f"no method matching delete!(::{tname(d)}, ::{tname(k)})")
    return d


@builtin(COLLECTIONS, "empty!")
def _empty(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (v,) = args
    if isinstance(v, JuliaSet):
        v.items.clear()
    else:
        v.clear()
    return v


@builtin(COLLECTIONS, "copy")
def _copy(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (v,) = args
    if isinstance(v, TypedVector):
        return TypedVector(v.eltype, v)
    if isinstance(v, TypedDict):  # (Julia copies the table: the copy iterates as the original)
        return TypedDict(v.keytype, v.valtype, v.items(), v.table)
    if isinstance(v, SizedDict):
        return SizedDict(v.items(), v.table)
    if isinstance(v, JuliaSet):
        return JuliaSet(v.items, v.table)
    return copy.copy(v)


@builtin(COLLECTIONS, "deepcopy")
def _deepcopy(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (v,) = args
    return copy.deepcopy(v)


@builtin(COLLECTIONS, "vcat")
def _vcat(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    out: list[Any] = []
    for a in args:
        if isinstance(a, (list, range)):
            out.extend(a)
        else:
            out.append(a)
    rt.built(len(out), "vector")
    return out


@builtin(COLLECTIONS, "fill")
def _fill(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    x, n = args
    rt.built(int(n), "vector")
    return [x] * int(n)


def _filled(value: int) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        t, n = (args[0], args[1]) if len(args) == 2 else (JType("Float64"), args[0])
        rt.built(int(n), "vector")
        v = float(value) if t.name == "Float64" else bool(value) if t.name == "Bool" else value
        return TypedVector(str(t), [v] * int(n))
    return fn


COLLECTIONS["zeros"] = Builtin("zeros", _filled(0))
COLLECTIONS["ones"] = Builtin("ones", _filled(1))


@builtin(COLLECTIONS, "firstindex")
def _firstindex(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    return 1


@builtin(COLLECTIONS, "lastindex")
def _lastindex(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    return lastindex(rt, x)


@builtin(COLLECTIONS, "eachindex")
def _eachindex(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    return range(1, length(rt, x) + 1)


@builtin(COLLECTIONS, "getindex")
def _getindex(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    return getindex(rt, args[0], list(args[1:]))


@builtin(COLLECTIONS, "in")
def _in(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    from .calls import Fix

    if len(args) == 1:
        return Fix(COLLECTIONS["in"], args[0])
    return contains(rt, args[0], args[1])


@builtin(COLLECTIONS, "merge")
def _merge(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    if all(isinstance(a, NamedTup) for a in args):
        names: dict[str, Any] = {}
        for a in args:
            names.update(zip(a.names, a.values, strict=True))
        return NamedTup(tuple(names), tuple(names.values()))
    out: dict[Any, Any] = {}
    for d in args:
        out.update(d)
    return out


@builtin(COLLECTIONS, "merge!")
def _merge_bang(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    for d in args[1:]:
        args[0].update(d)
    return args[0]


def _set_op(name: str) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        lists = [list(iterate(rt, a)) for a in args]
        out: list[Any] = []
        for x in lists[0]:
            if any(isequal(x, y) for y in out):
                continue
            inside = [any(isequal(x, y) for y in other) for other in lists[1:]]
            keep = {"union": True, "intersect": all(inside), "setdiff": not any(inside)}[name]
            if keep:
                out.append(x)
        if name == "union":
            for other in lists[1:]:
                for x in other:
                    if not any(isequal(x, y) for y in out):
                        out.append(x)
        rt.charge(sum(len(x) for x in lists) ** 2 // 8)
        return JuliaSet(out) if isinstance(args[0], JuliaSet) else out
    return fn


for _n in ("union", "intersect", "setdiff"):
    COLLECTIONS[_n] = Builtin(_n, _set_op(_n))


@builtin(COLLECTIONS, "issubset", "⊆")
def _issubset(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    a, b = args
    other = list(iterate(rt, b))
    return all(any(equal(x, y) is True for y in other) for x in iterate(rt, a))


def replace_items(rt: Runtime, v: Any, pairs: list[Pair], kw: dict[str, Any]) -> Any:
    """``replace(v, old => new, …)`` on a vector or tuple."""
    out = []
    for x in iterate(rt, v):
        for p in pairs:
            if isequal(x, p.first):
                x = p.second
                break
        out.append(x)
    return tuple(out) if isinstance(v, tuple) else out
