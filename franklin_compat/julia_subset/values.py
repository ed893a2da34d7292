"""Julia values as Python holds them: what page variables, ``config.md`` and the evaluator share.

A Julia ``String`` is ``str``, ``Int`` ``int``, ``Float64`` ``float``, ``Bool`` ``bool``,
``nothing`` ``None``, a ``Vector`` a ``list``, a ``Tuple`` a ``tuple``, a ``Dict`` a ``dict``,
``Date``/``DateTime`` :mod:`datetime`; the classes here cover what Python has no type for.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["JuliaRegex", "Pair", "Symbol", "TypedVector", "ident_char", "ident_start"]


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


def ident_start(c: str) -> bool:
    """Can ``c`` start a Julia identifier?"""
    return c == "_" or c.isalpha()


def ident_char(c: str) -> bool:
    """Can ``c`` continue a Julia identifier (``!`` and combining marks included)?"""
    if c.isalnum() or c == "_" or c == "!":
        return True
    return c > "\x7f" and unicodedata.category(c)[0] == "M"
