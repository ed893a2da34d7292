"""Regexes compiled the first time they are used, not when their module is imported.

A module's patterns for what only some pages hold (tables, raw HTML, suppression comments…)
would otherwise be compiled by every ``franklin-compat check`` at start-up.
``lazy_compile(p, flags)`` stands for ``re.compile(p, flags)``: the pattern is the same, only
compiled later.  Use its methods (``.match``, ``.sub``, ``.finditer``…), not its attributes
(``.pattern``), and do not pass it to ``re.sub`` or ``isinstance``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

__all__ = ["lazy_compile"]

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split")


class _Deferred:
    """Compiles on the first method call, then holds the compiled pattern's methods itself
    (they shadow the class's): later calls cost what they cost on the compiled pattern."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)

    def _compile(self) -> re.Pattern[str]:
        compiled = re.compile(*self._args)
        for name in _METHODS:
            setattr(self, name, getattr(compiled, name))
        return compiled


def _first_call(name: str) -> Callable[..., Any]:
    def method(self: _Deferred, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._compile(), name)(*args, **kwargs)

    return method


for _name in _METHODS:
    setattr(_Deferred, _name, _first_call(_name))


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done on first use."""
    return cast("re.Pattern[str]", _Deferred(pattern, flags))
