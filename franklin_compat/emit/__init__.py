"""Emitters, by name: built-ins and those installed under ``franklin_compat.emitters``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..registry import Registry

EmitFunction = Callable[..., str]
EMITTERS: Registry[EmitFunction] = Registry("output format", group="franklin_compat.emitters")
EMITTERS.add_lazy("html", "franklin_compat.emit.html:emit")


def emit(doc: Any, to: str, **options: Any) -> str:
    return EMITTERS.get(to)(doc, **options)
