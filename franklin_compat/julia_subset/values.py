"""Julia values as Python holds them: what page variables, ``config.md`` and the evaluator share.

A Julia ``String`` is ``str``, ``Int`` ``int``, ``Float64`` ``float``, ``Bool`` ``bool``,
``nothing`` ``None``, a ``Vector`` a ``list``, a ``Tuple`` a ``tuple``, a ``Dict`` a ``dict``,
``Date``/``DateTime`` :mod:`datetime`, an integer range a ``range``; the classes here cover
what Python has no type for.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "MISSING", "Bytes", "Char", "DateFormat", "JuliaRegex", "JuliaSet", "Missing", "NamedTup", "Pair",
    "Period", "RegexMatch", "Some", "SubstitutionString", "Symbol", "TypedDict", "TypedVector",
    "ident_char", "ident_start",
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


class TypedDict(dict[object, object]):
    """A ``Dict{K, V}()`` built with its types, kept so it prints as Julia does."""

    __slots__ = ("keytype", "valtype")
    keytype: str
    valtype: str

    def __init__(self, keytype: str, valtype: str, items: Iterable[tuple[object, object]] = ()) -> None:
        super().__init__(items)
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
    """A ``Set``; Python's ``dict`` keeps it in insertion order (Julia's hash order is not kept)."""

    __slots__ = ("items",)

    def __init__(self, items: Iterable[object] = ()) -> None:
        self.items: dict[object, None] = dict.fromkeys(items)

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
