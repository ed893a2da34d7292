"""Julia as Franklin sites write it: the page-variable reader of literals, and a sandboxed
evaluator for the part of Julia that ``utils.jl`` and ``config.md`` use.

The evaluator's public surface (loaded on first use, as it brings in tree-sitter):
:func:`load_program` → :class:`Program` (``call_hfun``, ``call_lx``, ``call_env``),
:func:`evaluate`, :func:`run_block`, the :class:`Host` protocol and :class:`JuliaError`.
See ``docs/julia-subset.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import CODES, Frame, JuliaError
    from .host import Host, NullHost
    from .program import Program, evaluate, load_program, run_block

__all__ = ["CODES", "Frame", "Host", "JuliaError", "NullHost", "Program", "evaluate", "load_program",
           "run_block"]

_HOME = {"CODES": "errors", "Frame": "errors", "JuliaError": "errors", "Host": "host", "NullHost": "host",
         "Program": "program", "evaluate": "program", "load_program": "program", "run_block": "program"}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
