"""The names user code starts with: Base, ``Dates`` (Franklin's Utils module is ``using Dates``),
what Franklin's Utils module imports (``locvar``, ``pagevar``…), and the modules ``using`` can name."""

from __future__ import annotations

from typing import Any

from .calls import Builtin
from .errors import sandbox
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


def _meta_parse(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    raise sandbox("Meta.parse (reading text as Julia code to evaluate it)")


_BASE_NAMES: dict[str, Any] = {**BASE, **CONSTANTS, **NUMBERS, **STRINGS, **COLLECTIONS, **ITER, **REGEX,
                               **IO}
_META = {"parse": Builtin("parse", _meta_parse), "eval": BASE["eval"], "quot": Builtin("quot", _meta_parse)}

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
}

#: Names visible without ``using``: read-only, shared by every program.
BUILTINS: dict[str, Any] = {**_BASE_NAMES, **DATES, **FRANKLIN_IMPORTS, **PROVIDED}
for _name in ("Statistics", "Printf", "FranklinUtils", "Unicode", "JSON", "Random"):
    del BUILTINS[_name]
