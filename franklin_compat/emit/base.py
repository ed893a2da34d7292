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


class Emitter:
    name: ClassVar[str] = "base"
    _dispatch: ClassVar[dict[str, Callable[[Any, Any], str]]] = {}

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        table: dict[str, Callable[[Any, Any], str]] = {}
        for kind in A.NODE_TYPES:
            fn = getattr(cls, "visit_" + kind, None)
            if fn is not None:
                table[kind] = fn
        cls._dispatch = table

    def visit(self, node: A.Node) -> str:
        fn = self._dispatch.get(node.kind)
        if fn is None:
            raise UnsupportedNode(self.name, node.kind)
        return fn(self, node)

    def join(self, nodes: tuple[A.Node, ...] | list[A.Node]) -> str:
        return "".join(self.visit(n) for n in nodes)
