"""Read Franklin.jl content without Julia: Franklin's HTML, Markdown, JSON, checks.

    >>> import franklin_compat
    >>> franklin_compat.convert("# Hi\\n\\nSome *text*.")

Every name below is imported on first use, so ``import franklin_compat`` costs nothing
until a call needs the parser, a site or an emitter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .core.lazy import lazy_exports

if TYPE_CHECKING:
    from .api import convert, markdown_stage, parse, render_template
    from .core.diagnostics import (
        Diagnostic,
        FranklinError,
        FranklinPathError,
        FranklinSyntaxError,
        FranklinWarning,
        Severity,
    )
    from .core.hooks import hfun, lxfun
    from .emit.from_json import from_json
    from .migrate import migrate
    from .reading.ast import Document
    from .site.site import Site

#: public name -> the module that defines it
_WHERE = {
    "convert": ".api",
    "markdown_stage": ".api",
    "parse": ".api",
    "render_template": ".api",
    "Diagnostic": ".core.diagnostics",
    "FranklinError": ".core.diagnostics",
    "FranklinPathError": ".core.diagnostics",
    "FranklinSyntaxError": ".core.diagnostics",
    "FranklinWarning": ".core.diagnostics",
    "Severity": ".core.diagnostics",
    "hfun": ".core.hooks",
    "lxfun": ".core.hooks",
    "from_json": ".emit.from_json",
    "migrate": ".migrate",
    "Document": ".reading.ast",
    "Site": ".site.site",
}

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


__getattr__, __dir__ = lazy_exports(__name__, globals(), _WHERE)
