"""Emitters, by name: built-ins and those installed under ``franklin_compat.emitters``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.registry import Registry

EmitFunction = Callable[..., str]
EMITTERS: Registry[EmitFunction] = Registry("output format", group="franklin_compat.emitters")
EMITTERS.add_lazy("html", "franklin_compat.emit.html:emit")
for _flavor in ("commonmark", "gfm", "hugo", "jekyll", "quarto", "mkdocs", "documenter"):
    EMITTERS.add_lazy(_flavor, f"franklin_compat.emit.markdown:emit_{_flavor}")
EMITTERS.add_lazy("json", "franklin_compat.emit.json:emit")
EMITTERS.add_lazy("pandoc-json", "franklin_compat.emit.pandoc:emit")


def emit(doc: Any, to: str, **options: Any) -> str:
    return EMITTERS.get(to)(doc, **options)
