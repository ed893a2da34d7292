"""Emitter base: ``visit_<kind>`` dispatch, resolved once per class.

A missing method raises :class:`UnsupportedNode` instead of silently rendering
children (marko's trap); a test over every emitter × node kind keeps them total.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from ..core.diagnostics import FranklinError
from ..reading import ast as A


class UnsupportedNode(FranklinError):
    def __init__(self, emitter: str, kind: str) -> None:
        super().__init__("FC901", f"the {emitter} emitter has no rule for '{kind}' nodes")


class _Rules(dict[str, Callable[[Any, Any], str]]):
    """An emitter class's ``visit_<kind>`` methods by kind; a kind without one raises."""

    def __init__(self, emitter: str) -> None:
        super().__init__()
        self.emitter = emitter

    def __missing__(self, kind: str) -> Callable[[Any, Any], str]:
        raise UnsupportedNode(self.emitter, kind)


class Emitter:
    name: ClassVar[str] = "base"
    _dispatch: ClassVar[dict[str, Callable[[Any, Any], str]]] = _Rules("base")

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        table = _Rules(cls.name)
        for kind in A.NODE_TYPES:
            fn = getattr(cls, "visit_" + kind, None)
            if fn is not None:
                table[kind] = fn
        cls._dispatch = table

    def visit(self, node: A.Node) -> str:
        return self._dispatch[node.kind](self, node)

    def join(self, nodes: tuple[A.Node, ...] | list[A.Node]) -> str:
        """The nodes' texts end to end (the table looked up here: a call less per node)."""
        rules = self._dispatch
        return "".join([rules[n.kind](self, n) for n in nodes])
