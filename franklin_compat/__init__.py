"""Read Franklin.jl content without Julia: Franklin's HTML, Markdown, JSON, checks."""

from __future__ import annotations

from .diagnostics import Diagnostic, FranklinError, FranklinPathError, FranklinSyntaxError, Severity

__all__ = [
    "Diagnostic",
    "FranklinError",
    "FranklinPathError",
    "FranklinSyntaxError",
    "Severity",
]
__version__ = "0.1.0"
