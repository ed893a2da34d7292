"""IR containers, comprehensions, ranges and types → closures (see :mod:`.compile_expr`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import ir
from .compile_expr import ExprCompiler, _annotate, _at, _tname
from .errors import Failure, throw
from .jtypes import JType, isa
from .ops import make_range, truth
from .protocols import Lazy, getindex, iterate
from .runtime import Ev, Runtime, Scope
from .values import NamedTup, Some

__all__ = ["DataCompiler"]


class DataCompiler(ExprCompiler):
    def __init__(self, rt: Runtime, path: str) -> None:
        super().__init__(rt, path)
        self.table.update({
            ir.TupleExpr: self.c_tuple, ir.NamedTupleExpr: self.c_named_tuple, ir.VectorExpr: self.c_vector,
            ir.VCat: self.c_vcat, ir.TypedVectorExpr: self.c_typed_vector,
            ir.Comprehension: self.c_comprehension,
            ir.RangeExpr: self.c_range, ir.Curly: self.c_curly, ir.TypeAssert: self.c_typeassert,
            ir.Something: self.c_something,
        })

    # ---- containers

    def items(self, nodes: tuple[ir.Node, ...]) -> Callable[[Scope], list[Any]]:
        rt = self.rt
        evs = [(isinstance(n, ir.Splat), self.c(n.value if isinstance(n, ir.Splat) else n)) for n in nodes]
        if not any(s for s, _ in evs):
            plain = [e for _, e in evs]
            return lambda sc: [e(sc) for e in plain]

        def ev(sc: Scope) -> list[Any]:
            out: list[Any] = []
            for splat, e in evs:
                if splat:
                    out.extend(iterate(rt, e(sc)))
                else:
                    out.append(e(sc))
            return out
        return ev

    def c_tuple(self, node: ir.TupleExpr) -> Ev:
        items = self.items(node.items)
        return lambda sc: tuple(items(sc))

    def c_named_tuple(self, node: ir.NamedTupleExpr) -> Ev:
        names = node.names
        values = [self.c(v) for v in node.values]
        return lambda sc: NamedTup(names, tuple(v(sc) for v in values))

    def c_vector(self, node: ir.VectorExpr) -> Ev:
        items = self.items(node.items)
        return lambda sc: _promote(items(sc))

    def c_vcat(self, node: ir.VCat) -> Ev:
        rt = self.rt
        items = self.items(node.items)

        def ev(sc: Scope) -> list[Any]:
            out: list[Any] = []
            for x in items(sc):
                if isinstance(x, (list, range)):
                    out.extend(x)
                else:
                    out.append(x)
            rt.built(len(out), "vector")
            return _promote(out)
        return ev

    def c_typed_vector(self, node: ir.TypedVectorExpr) -> Ev:
        rt, where = self.rt, self.where(node)
        eltype, items = self.c(node.eltype), self.items(node.items)

        def ev(sc: Scope) -> Any:
            try:
                return getindex(rt, eltype(sc), items(sc))
            except Failure as e:
                _annotate(e, where)
                raise
        return ev

    def c_comprehension(self, node: ir.Comprehension) -> Ev:
        rt, where = self.rt, self.where(node)
        loops = [(self.binder(t), self.c(it)) for t, it in node.loops]
        body = self.c(node.body)
        cond = self.c(node.cond) if node.cond is not None else None

        def produce(sc: Scope, k: int) -> Any:
            bind, it_ev = loops[k]
            for x in iterate(rt, it_ev(sc)):
                rt.steps -= 1
                if rt.steps < 0:
                    rt.step()
                inner = Scope(sc)
                bind(inner, x)
                if k + 1 < len(loops):
                    yield from produce(inner, k + 1)
                elif cond is None or truth(cond(inner)):
                    yield body(inner)

        if node.generator:
            def ev_gen(sc: Scope) -> Any:
                return Lazy(lambda rt_: produce(sc, 0))
            return ev_gen

        def ev(sc: Scope) -> Any:
            try:
                return _promote(list(produce(sc, 0)))
            except Failure as e:
                _annotate(e, where)
                raise
        return ev

    def c_range(self, node: ir.RangeExpr) -> Ev:
        rt, where = self.rt, self.where(node)
        start, stop = self.c(node.start), self.c(node.stop)
        step = self.c(node.step) if node.step is not None else None

        def ev(sc: Scope) -> Any:
            try:
                return make_range(rt, start(sc), step(sc) if step else None, stop(sc))
            except Failure as e:
                _annotate(e, where)
                raise
        return ev

    # ---- types

    def c_curly(self, node: ir.Curly) -> Ev:
        where = self.where(node)
        base, params = self.c(node.base), [self.c(p) for p in node.params]

        def ev(sc: Scope) -> Any:
            b = base(sc)
            if not isinstance(b, JType):
                raise _at(throw("TypeError", f"{_tname(b)} is not a type with parameters"), where)
            return JType(b.name, tuple(p(sc) for p in params))
        return ev

    def c_typeassert(self, node: ir.TypeAssert) -> Ev:
        where = self.where(node)
        value, typ = self.c(node.value), self.c(node.type)

        def ev(sc: Scope) -> Any:
            v, t = value(sc), typ(sc)
            if not isinstance(t, JType):
                raise _at(throw("TypeError", f"in typeassert, expected Type, got {_tname(t)}"), where)
            if not isa(v, t):
                raise _at(throw("TypeError", f"in typeassert, expected {t}, got a value of type {_tname(v)}"),
                          where)
            return v
        return ev

    def c_something(self, node: ir.Something) -> Ev:
        evs, where = [self.c(a) for a in node.args], self.where(node)

        def ev(sc: Scope) -> Any:
            for e in evs:
                v = e(sc)
                if v is not None:
                    return v.value if isinstance(v, Some) else v
            raise _at(throw("ArgumentError", "No value arguments present"), where)
        return ev


def _promote(items: list[Any]) -> list[Any]:
    """A vector literal's numbers take one type (``[1, 2.5]`` is ``[1.0, 2.5]``)."""
    kinds = {type(x) for x in items}
    if float in kinds and kinds <= {int, float, bool}:
        return [float(x) for x in items]
    return items
