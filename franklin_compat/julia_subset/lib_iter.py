"""Functions that walk collections with a function: ``sort``/``sortperm`` (``by``, ``rev``, ``lt``),
``map``, ``filter``, ``foreach``, ``reduce``, ``sum``, ``findfirst``, ``enumerate``, ``zip``, ``unique``,
and the ``Iterators`` module."""

from __future__ import annotations

import functools
from typing import Any

from .calls import Builtin, builtin
from .errors import throw
from .lib_regex import compiled
from .lib_strings import find_in_string, match_range
from .ops import binary, isequal, isless, tname, truth
from .protocols import Lazy, dict_keys, iterate, length
from .runtime import EMPTY_KW, Runtime
from .values import Char, JuliaRegex, JuliaSet, NamedTup, Pair, Symbol, TypedVector

__all__ = ["ITER", "ITERATORS", "STATISTICS"]

ITER: dict[str, Any] = {}
ITERATORS: dict[str, Any] = {}
STATISTICS: dict[str, Any] = {}


def _call1(rt: Runtime, f: Any, x: Any) -> Any:
    return rt.call(f, [x], EMPTY_KW)


def _test(rt: Runtime, f: Any, x: Any) -> bool:
    return truth(rt.call(f, [x], EMPTY_KW), "a predicate")


def _order(rt: Runtime, kw: dict[str, Any]) -> tuple[Any, bool]:
    """A sort key from ``by``/``lt``/``rev``, comparing with Julia's ``isless``."""
    by, lt, rev = kw.get("by"), kw.get("lt"), bool(kw.get("rev", False))

    def less(a: Any, b: Any) -> bool:
        if lt is not None:
            return truth(rt.call(lt, [a, b], EMPTY_KW), "lt")
        return isless(a, b)

    def cmp(a: tuple[Any, int], b: tuple[Any, int]) -> int:
        return -1 if less(a[0], b[0]) else 1 if less(b[0], a[0]) else 0

    def key(x: Any) -> Any:
        return x if by is None else _call1(rt, by, x)
    return (key, functools.cmp_to_key(cmp)), rev


def _sorted(rt: Runtime, items: list[Any], kw: dict[str, Any]) -> list[int]:
    """The stable order of ``items`` under the keywords, as indices."""
    (key, cmp_key), rev = _order(rt, kw)
    keyed = [(key(x), k) for k, x in enumerate(items)]
    rt.charge(len(items) * 8)
    keyed.sort(key=cmp_key, reverse=rev)
    return [k for _, k in keyed]


@builtin(ITER, "sort")
def _sort(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (v,) = args
    if isinstance(v, (dict, JuliaSet)):
        raise throw("MethodError", f"no method matching sort(::{tname(v)})")
    items = list(iterate(rt, v))
    order = _sorted(rt, items, kw)
    out = [items[k] for k in order]
    if isinstance(v, tuple):
        return tuple(out)
    return TypedVector(v.eltype, out) if isinstance(v, TypedVector) else out


@builtin(ITER, "sort!", "partialsort!")
def _sort_bang(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    v = args[0]
    if not isinstance(v, list):
        raise throw("MethodError", f"no method matching sort!(::{tname(v)})")
    order = _sorted(rt, list(v), kw)
    v[:] = [v[k] for k in order]
    return v


@builtin(ITER, "sortperm")
def _sortperm(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (v,) = args
    return TypedVector("Int64", [k + 1 for k in _sorted(rt, list(iterate(rt, v)), kw)])


@builtin(ITER, "issorted")
def _issorted(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    items = list(iterate(rt, args[0]))
    return _sorted(rt, items, kw) == list(range(len(items)))


@builtin(ITER, "reverse")
def _reverse(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (v,) = args
    if isinstance(v, str):
        return str.__str__(v)[::-1]
    if isinstance(v, range):
        return v[::-1]
    items = list(iterate(rt, v))[::-1]
    if isinstance(v, tuple):
        return tuple(items)
    return TypedVector(v.eltype, items) if isinstance(v, TypedVector) else items


@builtin(ITER, "reverse!")
def _reverse_bang(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (v,) = args
    v.reverse()
    return v


@builtin(ITER, "unique")
def _unique(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    f = args[0] if len(args) == 2 else None
    items = list(iterate(rt, args[-1]))
    seen: list[Any] = []
    out: list[Any] = []
    for x in items:
        k = _call1(rt, f, x) if f is not None else x
        if not any(isequal(k, s) for s in seen):
            seen.append(k)
            out.append(x)
    rt.charge(len(items) * len(out))
    return TypedVector(args[-1].eltype, out) if isinstance(args[-1], TypedVector) else out


@builtin(ITER, "unique!")
def _unique_bang(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (v,) = args
    v[:] = _unique(rt, [v], kw)
    return v


@builtin(ITER, "filter")
def _filter(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    f, v = args
    if isinstance(v, dict):
        out = {}  # (Julia's filter fills a new Dict in the order it iterates the old one)
        for k in dict_keys(rt, v):
            if _test(rt, f, Pair(k, v[k])):
                out[k] = v[k]
        return out
    if isinstance(v, str):
        return "".join(c for c in v if _test(rt, f, Char(c)))
    kept = [x for x in iterate(rt, v) if _test(rt, f, x)]
    if isinstance(v, tuple):
        return tuple(kept)
    if isinstance(v, JuliaSet):
        return JuliaSet(kept)
    return TypedVector(v.eltype, kept) if isinstance(v, TypedVector) else kept


@builtin(ITER, "filter!")
def _filter_bang(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    f, v = args
    if isinstance(v, dict):
        for k, x in list(v.items()):
            if not _test(rt, f, Pair(k, x)):
                del v[k]
        return v
    if not isinstance(v, list):
        raise throw("MethodError", f"no method matching filter!(::{tname(f)}, ::{tname(v)})")
    v[:] = [x for x in list(v) if _test(rt, f, x)]
    return v


@builtin(ITER, "map")
def _map(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    f, colls = args[0], args[1:]
    if any(isinstance(c, dict) for c in colls):
        raise throw("ErrorException", "map is not defined on dictionaries")
    if len(colls) == 1:
        c = colls[0]
        if isinstance(c, NamedTup):
            return NamedTup(c.names, tuple(_call1(rt, f, x) for x in c.values))
        out = [_call1(rt, f, x) for x in iterate(rt, c)]
        if isinstance(c, str):
            return "".join(str.__str__(x) for x in out)
        return tuple(out) if isinstance(c, tuple) and not isinstance(c, Pair) else out
    lists = [list(iterate(rt, c)) for c in colls]
    return [rt.call(f, list(row), EMPTY_KW) for row in zip(*lists)]  # noqa: B905 - Julia stops at the shortest


@builtin(ITER, "foreach")
def _foreach(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    f, colls = args[0], args[1:]
    if len(colls) == 1:
        for x in iterate(rt, colls[0]):
            _call1(rt, f, x)
        return None
    for row in zip(*[list(iterate(rt, c)) for c in colls]):  # noqa: B905
        rt.call(f, list(row), EMPTY_KW)
    return None


def _fold(rt: Runtime, op: Any, items: list[Any], kw: dict[str, Any], name: str) -> Any:
    if "init" in kw:
        acc = kw["init"]
    elif items:
        acc, items = items[0], items[1:]
    else:
        raise throw("ArgumentError", f"reducing over an empty collection is not allowed ({name})")
    for x in items:
        acc = rt.call(op, [acc, x], EMPTY_KW)
    return acc


@builtin(ITER, "reduce", "foldl")
def _reduce(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    op, v = args
    return _fold(rt, op, list(iterate(rt, v)), kw, "reduce")


@builtin(ITER, "foldr")
def _foldr(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    op, v = args
    items = list(iterate(rt, v))[::-1]
    flipped = Builtin("foldr", lambda rt_, a, k: rt_.call(op, [a[1], a[0]], EMPTY_KW))
    return _fold(rt, flipped, items, kw, "foldr")


@builtin(ITER, "mapreduce")
def _mapreduce(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    f, op, v = args
    return _fold(rt, op, [_call1(rt, f, x) for x in iterate(rt, v)], kw, "mapreduce")


def _mapped(rt: Runtime, args: list[Any]) -> list[Any]:
    if len(args) == 2:
        return [_call1(rt, args[0], x) for x in iterate(rt, args[1])]
    return list(iterate(rt, args[0]))


def _summer(op: str, empty: Any) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        items = _mapped(rt, args)
        if not items:
            return kw.get("init", empty)
        acc = items[0]
        for x in items[1:]:
            acc = binary(rt, op, acc, x)
        return acc
    return fn


ITER["sum"] = Builtin("sum", _summer("+", 0))
ITER["prod"] = Builtin("prod", _summer("*", 1))


def _extremum(want_max: bool, name: str) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        items = _mapped(rt, args)
        if not items:
            if "init" in kw:
                return kw["init"]
            raise throw("ArgumentError", "reducing over an empty collection is not allowed")
        best = items[0]
        for x in items[1:]:
            if isless(best, x) if want_max else isless(x, best):
                best = x
        return best
    return fn


ITER["maximum"] = Builtin("maximum", _extremum(True, "maximum"))
ITER["minimum"] = Builtin("minimum", _extremum(False, "minimum"))


@builtin(ITER, "extrema")
def _extrema(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    return (ITER["minimum"].fn(rt, args, kw), ITER["maximum"].fn(rt, args, kw))


def _arg(want_max: bool, with_value: bool) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        items = list(iterate(rt, args[-1]))
        if not items:
            raise throw("ArgumentError", "collection must be non-empty")
        keys = [_call1(rt, args[0], x) for x in items] if len(args) == 2 else items
        best = 0
        for k in range(1, len(keys)):
            if isless(keys[best], keys[k]) if want_max else isless(keys[k], keys[best]):
                best = k
        return (keys[best], best + 1) if with_value else best + 1
    return fn


for _n, _mx, _v in (("argmax", True, False), ("argmin", False, False), ("findmax", True, True),
                    ("findmin", False, True)):
    ITER[_n] = Builtin(_n, _arg(_mx, _v))


@builtin(ITER, "count")
def _count(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    if len(args) == 2 and isinstance(args[1], str) and not isinstance(args[1], (Char, Symbol)):
        pat, s = args[0], str.__str__(args[1])
        if isinstance(pat, str) and not isinstance(pat, Symbol):
            return s.count(str.__str__(pat))
        if isinstance(pat, JuliaRegex):
            return sum(1 for _ in compiled(pat).finditer(s))
    if len(args) == 2:
        return sum(1 for x in iterate(rt, args[1]) if _test(rt, args[0], x))
    return sum(1 for x in iterate(rt, args[0]) if truth(x, "count"))


def _any_all(is_any: bool) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        f = args[0] if len(args) == 2 else None
        for x in iterate(rt, args[-1]):
            r = _test(rt, f, x) if f is not None else truth(x, "any" if is_any else "all")
            if r == is_any:
                return is_any
        return not is_any
    return fn


ITER["any"] = Builtin("any", _any_all(True))
ITER["all"] = Builtin("all", _any_all(False))


def _finder(name: str) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        if len(args) >= 2 and isinstance(args[1], str) and not isinstance(args[1], (Char, Symbol)):
            return _find_string(rt, name, args)
        if len(args) == 1:
            items = list(iterate(rt, args[0]))
            hits: list[Any] = [k + 1 for k, x in enumerate(items) if truth(x, name)]
        else:
            f, v = args[0], args[1]
            if isinstance(v, dict):
                hits = [k for k in dict_keys(rt, v) if _test(rt, f, v[k])]
            else:
                hits = [k + 1 for k, x in enumerate(iterate(rt, v)) if _test(rt, f, x)]
            if name in ("findnext", "findprev") and len(args) == 3:
                start = int(args[2])
                hits = [h for h in hits if (h >= start if name == "findnext" else h <= start)]
        if name == "findall":
            return hits
        if not hits:
            return None
        return hits[0] if name in ("findfirst", "findnext") else hits[-1]
    return fn


def _find_string(rt: Runtime, name: str, args: list[Any]) -> Any:
    pat, s = args[0], str.__str__(args[1])
    if name == "findall":
        out, i = [], 0
        while (m := find_in_string(rt, pat, s, i)) is not None:
            out.append(match_range(s, m) if not isinstance(pat, Char) else match_range(s, m).start)
            i = m[1] if m[1] > m[0] else m[0] + 1
        return out
    matches = []
    i = 0
    while (m := find_in_string(rt, pat, s, i)) is not None:
        matches.append(m)
        if name == "findfirst":
            break
        i = m[0] + 1
    if name in ("findnext", "findprev") and len(args) == 3:
        from .lib_regex import byte_offset

        start = int(args[2])
        matches = [m for m in matches if (byte_offset(s, m[0]) >= start if name == "findnext"
                                          else byte_offset(s, m[0]) <= start)]
    if not matches:
        return None
    m = matches[0] if name in ("findfirst", "findnext") else matches[-1]
    single = isinstance(pat, Char) or (getattr(pat, "jl_call", None) is not None and not isinstance(pat, str))
    r = match_range(s, m)
    return r.start if single else r


for _n in ("findfirst", "findlast", "findnext", "findprev", "findall"):
    ITER[_n] = Builtin(_n, _finder(_n))


@builtin(ITER, "enumerate")
def _enumerate(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (v,) = args
    return Lazy(lambda rt_: ((k + 1, x) for k, x in enumerate(iterate(rt_, v))),
                lambda rt_: length(rt_, v), "Base.Iterators.Enumerate")


@builtin(ITER, "zip")
def _zip(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    return Lazy(lambda rt_: zip(*[iterate(rt_, a) for a in args]),  # noqa: B905 - stops at the shortest
                lambda rt_: min(length(rt_, a) for a in args), "Base.Iterators.Zip")


@builtin(ITER, "cumsum")
def _cumsum(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    out: list[Any] = []
    for x in iterate(rt, args[0]):
        out.append(x if not out else binary(rt, "+", out[-1], x))
    return out


@builtin(ITER, "ntuple")
def _ntuple(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    f, n = args
    return tuple(_call1(rt, f, k) for k in range(1, int(n) + 1))


# ---- Iterators

def _take_drop(take: bool) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        v, n = args

        def gen(rt_: Runtime) -> Any:
            for k, x in enumerate(iterate(rt_, v)):
                if take and k >= n:
                    return
                if take or k >= n:
                    yield x
        return Lazy(gen, None, "Base.Iterators.Take" if take else "Base.Iterators.Drop")
    return fn


ITERATORS.update({
    "take": Builtin("take", _take_drop(True)), "drop": Builtin("drop", _take_drop(False)),
    "enumerate": ITER["enumerate"], "zip": ITER["zip"],
    "reverse": Builtin("reverse", lambda rt, a, kw: list(iterate(rt, a[0]))[::-1]),
    "flatten": Builtin("flatten", lambda rt, a, kw: Lazy(
        lambda rt_: (y for x in iterate(rt_, a[0]) for y in iterate(rt_, x)), None,
        "Base.Iterators.Flatten")),
    "filter": Builtin("filter", lambda rt, a, kw: Lazy(
        lambda rt_: (x for x in iterate(rt_, a[1]) if _test(rt_, a[0], x)), None, "Base.Iterators.Filter")),
    "map": Builtin("map", lambda rt, a, kw: Lazy(
        lambda rt_: (_call1(rt_, a[0], x) for x in iterate(rt_, a[1])), None, "Base.Generator")),
    "partition": Builtin("partition", lambda rt, a, kw: _partition(list(iterate(rt, a[0])), int(a[1]))),
})


def _partition(items: list[Any], n: int) -> list[list[Any]]:
    if n < 1:
        raise throw("ArgumentError", "cannot create partitions of length < 1")
    return [items[k:k + n] for k in range(0, len(items), n)]


# ---- Statistics

@builtin(STATISTICS, "mean")
def _mean(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    items = _mapped(rt, args)
    if not items:
        raise throw("ArgumentError", "mean of an empty collection is undefined")
    return float(sum(items)) / len(items)


@builtin(STATISTICS, "median")
def _median(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    items = sorted(iterate(rt, args[0]))
    if not items:
        raise throw("ArgumentError", "median of an empty array is undefined")
    mid = len(items) // 2
    return float(items[mid]) if len(items) % 2 else (items[mid - 1] + items[mid]) / 2

