"""The names user code starts with: Base, ``Dates`` (Franklin's Utils module is ``using Dates``),
what Franklin's Utils module imports (``locvar``, ``pagevar``…), and the modules ``using`` can name."""

from __future__ import annotations

import re
from typing import Any

from .calls import Builtin
from .errors import unsupported
from .lib_base import BASE, CONSTANTS
from .lib_collections import COLLECTIONS
from .lib_dates import DATES
from .lib_franklin import FRANKLIN, FRANKLIN_IMPORTS, FRANKLIN_UTILS
from .lib_io import IO
from .lib_iter import ITER, ITERATORS, STATISTICS
from .lib_json import JSON
from .lib_numbers import NUMBERS, PRINTF
from .lib_random import RANDOM
from .lib_regex import REGEX
from .lib_strings import STRINGS
from .modules import Module
from .runtime import Runtime

__all__ = ["BUILTINS", "PROVIDED"]


#: what ``Meta.parse`` gives as a value, not an ``Expr``: a number or a ``Bool``
_NUMBER = re.compile(r"[+-]?(?:[0-9][0-9_]*(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def _meta_parse(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    """A number or ``true``/``false`` (FranklinTemplates' ``hfun_bar`` takes ``sqrt`` of one); an
    ``Expr`` is not a value we have."""
    text = args[0] if args and isinstance(args[0], str) else None
    if text is None:
        raise unsupported("Meta.parse of what is not a String")
    literal = str.__str__(text).strip(" \t\n")
    m = _NUMBER.fullmatch(literal)
    if m is not None:
        digits = literal.replace("_", "")
        if m.group(1) is not None or m.group(2) is not None:
            return float(digits)
        if -2**63 <= int(digits) < 2**63:
            return int(digits)
        raise unsupported(f"Meta.parse of {literal[:40]!r} (an integer wider than Int64)")
    if literal in ("true", "false"):
        return literal == "true"
    raise unsupported(f"Meta.parse of {literal[:40]!r} (an expression: Julia's Expr)")


def _meta_quot(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    raise unsupported("Meta.quot (Julia's Expr)")


_BASE_NAMES: dict[str, Any] = {**BASE, **CONSTANTS, **NUMBERS, **STRINGS, **COLLECTIONS, **ITER, **REGEX,
                               **IO}
_META = {"parse": Builtin("parse", _meta_parse), "eval": BASE["eval"], "quot": Builtin("quot", _meta_quot)}

#: Modules ``using``/``import`` can name, and ``Base.x``, ``Dates.x``… reach.
PROVIDED: dict[str, Module] = {
    # (``using`` binds nothing new from these: their names are visible already)
    "Base": Module("Base", _BASE_NAMES, exports=()), "Core": Module("Core", _BASE_NAMES, exports=()),
    "Dates": Module("Dates", DATES, exports=()), "Franklin": Module("Franklin", FRANKLIN, exports=()),
    "FranklinUtils": Module("FranklinUtils", FRANKLIN_UTILS),
    "Iterators": Module("Iterators", ITERATORS), "Printf": Module("Printf", PRINTF),
    "Statistics": Module("Statistics", STATISTICS), "Meta": Module("Meta", _META),
    "Unicode": Module("Unicode", {}), "Main": Module("Main", {}, exports=()), "Sys": Module("Sys", {}),
    "JSON": Module("JSON", JSON, package=True, exports=()),  # (JSON.jl exports neither parse)
    "Random": Module("Random", RANDOM, package=True),
    "Markdown": Module("Markdown", {"htmlesc": FRANKLIN["htmlesc"]}, package=True, exports=()),
}

#: Names visible without ``using``: read-only, shared by every program.
BUILTINS: dict[str, Any] = {**_BASE_NAMES, **DATES, **FRANKLIN_IMPORTS, **PROVIDED}
for _name in ("Statistics", "Printf", "FranklinUtils", "Unicode", "JSON", "Random", "Markdown"):
    del BUILTINS[_name]
