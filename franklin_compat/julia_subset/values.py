"""Julia values as Python holds them: what page variables, ``config.md`` and the evaluator share.

A Julia ``String`` is ``str``, ``Int`` ``int``, ``Float64`` ``float``, ``Bool`` ``bool``,
``nothing`` ``None``, a ``Vector`` a ``list``, a ``Tuple`` a ``tuple``, a ``Dict`` a ``dict``,
``Date``/``DateTime`` :mod:`datetime`, an integer range a ``range``; the classes here cover
what Python has no type for.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..core.diagnostics import FranklinError

__all__ = [
    "MAX_VALUE_DEPTH",
    "MISSING",
    "Bytes",
    "Char",
    "DateFormat",
    "JuliaRegex",
    "JuliaSet",
    "Missing",
    "NamedTup",
    "Pair",
    "Period",
    "RegexMatch",
    "SizedDict",
    "Some",
    "SubstitutionString",
    "Symbol",
    "TypedDict",
    "TypedVector",
    "ValueTooDeep",
    "ident_char",
    "ident_start",
    "too_deep",
]


class Symbol(str):
    """A Julia symbol ``:name``; a ``str`` because ``string(:name)`` is ``"name"``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Symbol({str.__repr__(self)})"


class Pair(NamedTuple):
    """Julia's ``first => second``; a 2-tuple so it unpacks like one."""

    first: object
    second: object


@dataclass(frozen=True, slots=True)
class JuliaRegex:
    """A regex literal ``r"…"flags``, kept as text: Julia's PCRE is not Python's ``re``."""

    pattern: str
    flags: str = ""


class TypedVector(list[object]):
    """A vector written with its element type (``String[]``), kept so it prints as Julia does."""

    __slots__ = ("eltype",)
    eltype: str

    def __init__(self, eltype: str, items: Iterable[object] = ()) -> None:
        super().__init__(items)
        self.eltype = eltype


class Char(str):
    """A Julia ``Char`` (``'a'``): one character, printed ``'a'`` by ``show`` and ``a`` by ``string``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Char({str.__repr__(self)})"


class Missing:
    """Julia's ``missing``; one instance, :data:`MISSING`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "missing"


MISSING = Missing()


class SizedDict(dict[object, object]):
    """A ``Dict`` whose table Julia sized for its pairs when it was made (``Dict(pairs…)``):
    the size it started with sets the order Julia iterates it in (:mod:`..core.dictorder`)."""

    __slots__ = ("table",)
    table: int

    def __init__(self, items: Iterable[tuple[object, object]] = (), table: int = 16) -> None:
        super().__init__(items)
        self.table = table


class TypedDict(SizedDict):
    """A ``Dict{K, V}()`` built with its types, kept so it prints as Julia does."""

    __slots__ = ("keytype", "valtype")
    keytype: str
    valtype: str

    def __init__(self, keytype: str, valtype: str, items: Iterable[tuple[object, object]] = (),
                 table: int = 16) -> None:
        super().__init__(items, table)
        self.keytype = keytype
        self.valtype = valtype


@dataclass(frozen=True, slots=True)
class NamedTup:
    """A named tuple ``(a = 1, b = "x")``: names in order and their values."""

    names: tuple[str, ...]
    values: tuple[object, ...]

    def get(self, name: str) -> object:
        return self.values[self.names.index(name)]


class JuliaSet:
    """A ``Set``: its elements in the order they were put in, iterated in Julia's order
    (:mod:`..core.dictorder`; ``table``: the size its table started with)."""

    __slots__ = ("items", "table")

    def __init__(self, items: Iterable[object] = (), table: int = 16) -> None:
        self.items: dict[object, None] = dict.fromkeys(items)
        self.table = table

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JuliaSet) and self.items.keys() == other.items.keys()

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Some:
    """Julia's ``Some(x)``: a value that ``something`` unwraps, distinct from ``nothing``."""

    value: object


@dataclass(frozen=True, slots=True)
class Bytes:
    """A ``Vector{UInt8}`` as ``take!(io)`` and ``read(path)`` return it; ``String(b)`` decodes it."""

    data: bytes


@dataclass(frozen=True, slots=True)
class Period:
    """A Dates period: ``Day(3)``, ``Year(2024)``; ``unit`` is the type name."""

    unit: str
    value: int


@dataclass(frozen=True, slots=True)
class DateFormat:
    """A ``dateformat"…"`` / ``DateFormat("…")`` value, kept as its format text."""

    text: str


@dataclass(frozen=True, slots=True)
class SubstitutionString:
    """``s"…"``: a replacement where ``\\1``, ``\\g<1>``, ``\\g<name>`` and ``\\0`` name captures."""

    text: str


@dataclass(frozen=True, slots=True)
class RegexMatch:
    """What ``match`` returns: the matched text, the captures (``None`` when a group did not take
    part), 1-based offsets in bytes as Julia counts them, and the group names."""

    match: str
    captures: tuple[str | None, ...]
    offset: int
    offsets: tuple[int, ...]
    names: tuple[str | None, ...]


def ident_start(c: str) -> bool:
    """Can ``c`` start a Julia identifier?"""
    return c == "_" or c.isalpha()


def ident_char(c: str) -> bool:
    """Can ``c`` continue a Julia identifier (``!`` and combining marks included)?"""
    if c.isalnum() or c == "_" or c == "!":
        return True
    return c > "\x7f" and unicodedata.category(c)[0] == "M"


#: How deep a value may nest (vectors in vectors, pairs of pairs, dicts of tuples…).  Printing,
#: the JSON and front-matter writers walk values one Python call per level, so a value nested
#: deeper is refused where it is made (the page variable's position), and the writers refuse it
#: too when a caller hands them one directly.  Real pages nest two or three levels.
MAX_VALUE_DEPTH = 48


class ValueTooDeep(FranklinError):
    """A writer was handed a value nesting deeper than ``MAX_VALUE_DEPTH`` (``FC201``); the
    sandboxed evaluator turns it into Julia's ``StackOverflowError``."""

    def __init__(self, what: str) -> None:
        super().__init__("FC201", f"cannot {what} a value nested more than {MAX_VALUE_DEPTH} levels deep",
                         hint="page variables nest a few levels; split this value into several variables")


def _children(v: object) -> Sequence[object] | None:
    """The values held by a container; ``None`` for a value that holds none."""
    if isinstance(v, (list, tuple)):  # Pair and TypedVector included
        return v
    if isinstance(v, dict):
        return [*v.keys(), *v.values()]
    if isinstance(v, NamedTup):
        return v.values
    if isinstance(v, JuliaSet):
        return list(v.items)
    if isinstance(v, Some):
        return (v.value,)
    return None


def too_deep(value: object, limit: int = MAX_VALUE_DEPTH) -> bool:
    """Does ``value`` nest more than ``limit`` containers deep?  A cycle is endless nesting.

    One walk with an explicit stack; the height of a container met again (shared) is
    remembered, so the cost is the number of distinct containers, never their paths.
    """
    root = _children(value)
    if root is None:
        return False
    heights: dict[int, int] = {}
    stack: list[tuple[object, Iterator[object], list[int]]] = [(value, iter(root), [0])]
    on_path = {id(value)}
    while stack:
        node, kids, best = stack[-1]
        for kid in kids:
            grand = _children(kid)
            if grand is None:
                continue
            key = id(kid)
            if key in on_path:
                return True
            seen = heights.get(key)
            if seen is not None:
                if len(stack) + seen > limit:
                    return True
                best[0] = max(best[0], seen)
                continue
            if len(stack) >= limit:
                return True
            on_path.add(key)
            stack.append((kid, iter(grand), [0]))
            break
        else:
            stack.pop()
            on_path.discard(id(node))
            heights[id(node)] = best[0] + 1
            if stack:
                stack[-1][2][0] = max(stack[-1][2][0], best[0] + 1)
    return False
