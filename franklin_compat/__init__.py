"""Read Franklin.jl content without Julia: Franklin's HTML, Markdown, JSON, checks.

    >>> import franklin_compat
    >>> franklin_compat.convert("# Hi\\n\\nSome *text*.")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .page.pipeline import convert, markdown_stage, parse, render_template
from .reading.ast import Document
from .core.diagnostics import (
    Diagnostic,
    FranklinError,
    FranklinPathError,
    FranklinSyntaxError,
    FranklinWarning,
    Severity,
)
from .core.hooks import hfun, lxfun

if TYPE_CHECKING:
    from .emit.from_json import from_json
    from .migrate import migrate
    from .site.site import Site

__all__ = [
    "Diagnostic",
    "Document",
    "FranklinError",
    "FranklinPathError",
    "FranklinSyntaxError",
    "FranklinWarning",
    "Severity",
    "Site",
    "convert",
    "from_json",
    "hfun",
    "lxfun",
    "markdown_stage",
    "migrate",
    "parse",
    "render_template",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "Site":
        from .site.site import Site

        return Site
    if name == "from_json":
        from .emit.from_json import from_json

        return from_json
    if name == "migrate":
        from .migrate import migrate

        return migrate
    raise AttributeError(name)
