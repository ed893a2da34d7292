"""IR statements → closures: assignments and scopes, loops, ``try``, ``return``, function definitions.

Julia's scope rules, as far as these files need them: a function, each ``for``/
``while`` turn, ``let``, ``try`` and a comprehension open a scope; assigning a name
that a surrounding local scope has updates it, otherwise it makes a new local;
at the top level it sets a global.  ``return`` in tail position is a plain value,
elsewhere a signal caught by the function being left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from . import ir
from .calls import Binder, JFunction, Method, ParamSpec
from .compile_data import DataCompiler
from .compile_expr import FAST_INT, FnCtx, _annotate, _at, _tname
from .errors import Failure, JuliaThrow, convert_error, limit, throw
from .jtypes import JType, convert
from .ops import binary, truth, wrap
from .protocols import getindex, iterate, lastindex, setindex
from .runtime import CALL_FRAMES, DECLARED, BreakSig, ContinueSig, Ev, ReturnSig, Runtime, Scope

__all__ = ["Compiler", "assigned_names"]

Assigner = Callable[[Scope, Any], None]
#: Steps charged for each exception caught (raising and catching is slow in Python).
CATCH_STEPS = 20


class Compiler(DataCompiler):
    def __init__(self, rt: Runtime, path: str) -> None:
        super().__init__(rt, path)
        self.table.update({
            ir.Assign: self.c_assign, ir.Local: self.c_local, ir.If: self.c_if, ir.For: self.c_for,
            ir.While: self.c_while, ir.Let: self.c_let, ir.Break: self.c_break, ir.Continue: self.c_continue,
            ir.Return: self.c_return, ir.Try: self.c_try, ir.FunctionDef: self.c_function_def,
            ir.Lambda: self.c_lambda, ir.Using: self.c_using,
        })

    # ---- tail position: `return x` as the value of the function

    def tail(self, node: ir.Node) -> Ev:
        if isinstance(node, ir.Return):
            return self.c(node.value) if node.value is not None else (lambda sc: None)
        if isinstance(node, ir.Block) and node.body:
            head = [self.c(s) for s in node.body[:-1]]
            last = self.tail(node.body[-1])
            if not head:
                return last

            def ev(sc: Scope) -> Any:
                for h in head:
                    h(sc)
                return last(sc)
            return ev
        if isinstance(node, ir.If):
            return self.c_if(node, tail=True)
        return self.c(node)

    # ---- assignment

    def c_assign(self, node: ir.Assign) -> Ev:
        where = self.where(node)
        target = node.target
        value = self.c(node.value)
        if node.op:
            return self.compound(node, value)
        if isinstance(target, ir.Index):
            return self.index_store(target, lambda sc, old: value(sc))
        assign = self.assigner(target)

        def ev(sc: Scope) -> Any:
            v = value(sc)
            try:
                assign(sc, v)
            except Failure as e:
                _annotate(e, where)
                raise
            return v
        return ev

    def compound(self, node: ir.Assign, value: Ev) -> Ev:
        rt, where, op = self.rt, self.where(node), node.op
        target = node.target
        if isinstance(target, ir.Index):
            return self.index_store(target, lambda sc, old: binary(rt, op, old, value(sc)), read=True)
        if not isinstance(target, ir.Name):
            return self.c_unsupported(ir.Unsupported(node.line, node.col, f"`{op}=` on this target"))
        read = self.c_name(target)
        assign = self.assigner(target)
        fast = FAST_INT.get(op)

        def ev(sc: Scope) -> Any:
            a, b = read(sc), value(sc)
            if fast is not None and type(a) is int and type(b) is int:
                v = wrap(fast(a, b))
                assign(sc, v)
                return v
            try:
                v = binary(rt, op, a, b)
            except Failure as e:
                _annotate(e, where)
                raise
            assign(sc, v)
            return v
        return ev

    def index_store(self, target: ir.Index, compute: Callable[[Scope, Any], Any], read: bool = False) -> Ev:
        rt, where = self.rt, self.where(target)
        coll_ev = self.c(target.value)
        idx = [self.c(i) for i in target.indices]

        def ev(sc: Scope) -> Any:
            try:
                coll = coll_ev(sc)
                if target.uses_end:
                    rt.ends.append(lastindex(rt, coll))
                    try:
                        keys = [i(sc) for i in idx]
                    finally:
                        rt.ends.pop()
                else:
                    keys = [i(sc) for i in idx]
                v = compute(sc, getindex(rt, coll, keys) if read else None)
                setindex(rt, coll, keys, v)
                return v
            except Failure as e:
                _annotate(e, where)
                raise
        return ev

    def assigner(self, target: ir.Node) -> Assigner:
        """Store a value in ``target`` with assignment semantics (a name, a destructuring, a typed name)."""
        if isinstance(target, ir.Name):
            return self.name_assigner(target.name)
        if isinstance(target, ir.TypeAssert):
            inner, typ = self.assigner(target.value), self.c(target.type)

            def typed(sc: Scope, v: Any) -> None:
                t = typ(sc)
                if isinstance(t, JType):
                    ok, v = convert(t, v)
                    if not ok:
                        raise convert_error(v, t)
                inner(sc, v)
            return typed
        if isinstance(target, ir.TupleExpr):
            parts = [self.assigner(t) for t in target.items]
            return self.destructure(parts)
        if isinstance(target, ir.Field):
            return self.field_assigner(target)
        where = self.where(target)

        def bad(sc: Scope, v: Any) -> None:
            raise _at(limit("cannot assign to this expression"), where)
        return bad

    def field_assigner(self, target: ir.Field) -> Assigner:
        rt, obj = self.rt, self.c(target.value)
        name = target.name

        def assign(sc: Scope, v: Any) -> None:
            o = obj(sc)
            setter = getattr(o, "jl_setfield", None)
            if setter is None:
                raise throw("ErrorException",
                            f"setfield!: immutable struct of type {_tname(o)} cannot be changed")
            setter(rt, name, v)
        return assign

    def name_assigner(self, name: str) -> Assigner:
        if name in self.fn.declared_global:
            gvars = self.rt.globals.vars

            def to_global(sc: Scope, v: Any) -> None:
                gvars[name] = v
            return to_global
        in_function = self.fn.in_function

        def assign(sc: Scope, v: Any) -> None:
            s = sc
            while not s.is_global:
                if name in s.vars:
                    s.vars[name] = v
                    return
                assert s.parent is not None
                s = s.parent
            if in_function or (not sc.is_global and name not in s.vars):
                sc.vars[name] = v
            else:
                s.vars[name] = v
        return assign

    def destructure(self, parts: list[Assigner]) -> Assigner:
        rt, n = self.rt, len(parts)

        def assign(sc: Scope, v: Any) -> None:
            items = _take(rt, v, n)
            for part, item in zip(parts, items, strict=True):
                part(sc, item)
        return assign

    def binder(self, target: ir.Node) -> Binder:
        """Define ``target`` in a new scope (loop variables, parameters): never assigns outward."""
        if isinstance(target, ir.Name):
            name = target.name

            def bind(sc: Scope, v: Any) -> None:
                sc.vars[name] = v
            return bind
        if isinstance(target, ir.TypeAssert):
            return self.binder(target.value)
        if isinstance(target, ir.TupleExpr):
            parts, rt, n = [self.binder(t) for t in target.items], self.rt, len(target.items)

            def bind_all(sc: Scope, v: Any) -> None:
                for part, item in zip(parts, _take(rt, v, n), strict=True):
                    part(sc, item)
            return bind_all
        where = self.where(target)

        def bad(sc: Scope, v: Any) -> None:
            raise _at(limit("cannot bind a loop variable to this expression"), where)
        return bad

    def c_local(self, node: ir.Local) -> Ev:
        if node.is_global:
            return lambda sc: None
        names = node.names

        def ev(sc: Scope) -> Any:
            for n in names:
                sc.vars.setdefault(n, DECLARED)
            return None
        return ev

    # ---- control flow

    def c_if(self, node: ir.If, tail: bool = False) -> Ev:
        compile_ = self.tail if tail else self.c
        cond, then, where = self.c(node.cond), compile_(node.then), self.where(node)
        other = compile_(node.other) if node.other is not None else None

        def ev(sc: Scope) -> Any:
            c = cond(sc)
            if c is True:
                return then(sc)
            if c is not False:
                raise _at(throw("TypeError", f"non-boolean ({_tname(c)}) used in boolean context"), where)
            return other(sc) if other is not None else None
        return ev

    def c_for(self, node: ir.For) -> Ev:
        rt, where = self.rt, self.where(node)
        loops = [(self.binder(t), self.c(it)) for t, it in node.loops]
        body = self.c(node.body)
        fresh = _captures(node.body)
        target = node.loops[0][0]
        if len(loops) == 1 and not fresh and isinstance(target, ir.Name):
            return self.simple_for(target.name, loops[0][1], body, where)

        def turn(sc: Scope, k: int) -> None:
            bind, it_ev = loops[k]
            last = k + 1 == len(loops)
            inner = Scope(sc)
            for x in iterate(rt, it_ev(sc)):
                rt.steps -= 1
                if rt.steps < 0:
                    rt.step()
                if fresh:  # a closure in the body keeps this turn's variables
                    inner = Scope(sc)
                else:
                    inner.vars.clear()
                bind(inner, x)
                if not last:
                    turn(inner, k + 1)
                    continue
                try:  # noqa: SIM105 - a try costs nothing here; contextlib.suppress would, every turn
                    body(inner)
                except ContinueSig:
                    pass

        def ev(sc: Scope) -> Any:
            try:
                turn(sc, 0)
            except BreakSig:
                pass
            except Failure as e:
                _annotate(e, where)
                raise
            return None
        return ev

    def simple_for(self, name: str, it_ev: Ev, body: Ev, where: tuple[str, int, int]) -> Ev:
        """``for x in it`` with one name and no closure in the body: one scope, emptied each turn."""
        rt = self.rt

        def ev(sc: Scope) -> Any:
            inner = Scope(sc)
            names = inner.vars
            try:
                for x in iterate(rt, it_ev(sc)):
                    rt.steps -= 1
                    if rt.steps < 0:
                        rt.step()
                    names.clear()
                    names[name] = x
                    try:  # noqa: SIM105 - as in `turn`
                        body(inner)
                    except ContinueSig:
                        pass
            except BreakSig:
                pass
            except Failure as e:
                _annotate(e, where)
                raise
            return None
        return ev

    def c_while(self, node: ir.While) -> Ev:
        rt, where = self.rt, self.where(node)
        cond, body = self.c(node.cond), self.c(node.body)
        fresh = _captures(node.body)

        def ev(sc: Scope) -> Any:
            inner = Scope(sc)
            try:
                while truth(cond(sc)):
                    rt.steps -= 1
                    if rt.steps < 0:
                        rt.step()
                    if fresh:
                        inner = Scope(sc)
                    else:
                        inner.vars.clear()
                    try:  # noqa: SIM105 - as in `for`
                        body(inner)
                    except ContinueSig:
                        pass
            except BreakSig:
                pass
            except Failure as e:
                _annotate(e, where)
                raise
            return None
        return ev

    def c_let(self, node: ir.Let) -> Ev:
        steps: list[tuple[str, Ev | None]] = []
        for b in node.bindings:
            if isinstance(b, ir.Assign) and isinstance(b.target, ir.Name):
                steps.append((b.target.name, self.c(b.value)))
            elif isinstance(b, ir.Name):
                steps.append((b.name, None))
        body = self.c(node.body)

        def ev(sc: Scope) -> Any:
            inner = Scope(sc)
            for name, value in steps:
                inner.vars[name] = value(inner) if value is not None else DECLARED
            return body(inner)
        return ev

    def c_break(self, node: ir.Break) -> Ev:
        def ev(sc: Scope) -> Any:
            raise BreakSig()
        return ev

    def c_continue(self, node: ir.Continue) -> Ev:
        def ev(sc: Scope) -> Any:
            raise ContinueSig()
        return ev

    def c_return(self, node: ir.Return) -> Ev:
        value = self.c(node.value) if node.value is not None else None

        def ev(sc: Scope) -> Any:
            raise ReturnSig(value(sc) if value is not None else None)
        return ev

    def c_try(self, node: ir.Try) -> Ev:
        rt = self.rt
        body = self.c(node.body)
        catch = self.c(node.catch) if node.catch is not None else None
        final = self.c(node.final) if node.final is not None else None
        var = node.var

        def ev(sc: Scope) -> Any:
            try:
                return body(Scope(sc))
            except JuliaThrow as e:
                if catch is None:
                    raise
                rt.steps -= CATCH_STEPS  # a throw and its catch cost what many steps cost
                if rt.steps < 0:
                    rt.step()
                inner = Scope(sc)
                if var is not None:
                    inner.vars[var] = e.value
                rt.handling.append(e)
                try:
                    return catch(inner)
                finally:
                    rt.handling.pop()
            finally:
                if final is not None:
                    final(Scope(sc))
        return ev

    def c_using(self, node: ir.Using) -> Ev:
        from .library import PROVIDED
        from .modules import use

        rt = self.rt
        return lambda sc: use(rt, node.modules, node.names, PROVIDED)

    # ---- functions

    def method_factory(self, lam: ir.Lambda) -> Callable[[Scope], Method]:
        """Compile ``lam`` once; each definition run makes a :class:`Method` closing over its scope."""
        local, declared = assigned_names(lam)
        params = {p.name for p in lam.sig.params} | {p.name for p in lam.sig.kwparams}
        if lam.sig.vararg is not None:
            params.add(lam.sig.vararg.name)
        if lam.sig.kwvararg is not None:
            params.add(lam.sig.kwvararg)
        for p in lam.sig.params:
            if p.pattern is not None:
                params |= _pattern_names(p.pattern)
        outer = self.fn
        self.fn = FnCtx(outer.maybe_local | local | frozenset(params), declared, True)
        try:
            body = self.tail(lam.body)
            specs = [(p, self.c(p.default) if p.default is not None else None,
                      self.binder(p.pattern) if p.pattern is not None else None) for p in lam.sig.params]
            kwspecs = [(p, self.c(p.default) if p.default is not None else None) for p in lam.sig.kwparams]
        finally:
            self.fn = outer
        types = [self.c(p.type) if p.type is not None else None for p in lam.sig.params]
        kwtypes = [self.c(p.type) if p.type is not None else None for p in lam.sig.kwparams]
        vararg = lam.sig.vararg
        vtype = self.c(vararg.type) if vararg is not None and vararg.type is not None else None
        rettype = self.c(lam.sig.rettype) if lam.sig.rettype is not None else None
        cost = lam.depth + CALL_FRAMES
        where = (lam.path, lam.line, lam.col)
        kwvararg = lam.sig.kwvararg

        def make(sc: Scope) -> Method:
            ps = [ParamSpec(p.name, _type(t, sc), d, b) for (p, d, b), t in zip(specs, types, strict=True)]
            kws = [ParamSpec(p.name, _type(t, sc), d) for (p, d), t in zip(kwspecs, kwtypes, strict=True)]
            va = ParamSpec(vararg.name, _type(vtype, sc)) if vararg is not None else None
            return Method(ps, va, kws, kwvararg, body, sc, _type(rettype, sc), cost, where)
        return make

    def c_lambda(self, node: ir.Lambda) -> Ev:
        make, where = self.method_factory(node), self.where(node)

        def ev(sc: Scope) -> Any:
            f = JFunction(node.name if node.name != "#anon" else f"#{node.line}#{node.col}")
            try:
                f.add(make(sc))
            except Failure as e:
                _annotate(e, where)
                raise
            return f
        return ev

    def c_function_def(self, node: ir.FunctionDef) -> Ev:
        make, rt, where = self.method_factory(node.method), self.rt, self.where(node)
        name, in_function = node.name, self.fn.in_function
        kind, delayed = node.kind, node.delayed

        def ev(sc: Scope) -> Any:
            try:
                method = make(sc)
            except Failure as e:
                _annotate(e, where)
                raise
            store = _function_scope(sc, name) if in_function else rt.globals
            key = f"_{kind}_{name}" if kind else name
            f = store.vars.get(key)
            if not isinstance(f, JFunction):
                f = JFunction(key)
                store.vars[key] = f
            f.add(method)
            if kind:
                from .lib_franklin import keyword_command

                store.vars[f"{kind}_{name}"] = keyword_command(kind, name, f)
                rt.kinds[f"{kind}_{name}"] = kind
            if delayed:
                rt.delayed.add(name)
            return f
        return ev


def _function_scope(sc: Scope, name: str) -> Scope:
    """Where a function defined inside a function lives: the local that already has it, else here."""
    s: Scope | None = sc
    while s is not None and not s.is_global:
        if isinstance(s.vars.get(name), JFunction):
            return s
        s = s.parent
    return sc


def _type(ev: Ev | None, sc: Scope) -> JType | None:
    if ev is None:
        return None
    t = ev(sc)
    if not isinstance(t, JType):
        raise throw("TypeError", f"in method definition, expected Type, got a value of type {_tname(t)}")
    return t


def _take(rt: Runtime, v: Any, n: int) -> list[Any]:
    if isinstance(v, tuple) and len(v) >= n:
        return list(v[:n])
    out: list[Any] = []
    it: Iterator[Any] = iterate(rt, v)
    for x in it:
        out.append(x)
        if len(out) == n:
            return out
    raise throw("BoundsError", f"attempt to access {_tname(v)} at index [{len(out) + 1}]")


def _captures(body: ir.Node) -> bool:
    """Whether ``body`` makes a closure (a function, a lazy generator) that may outlive one loop turn."""
    stack: list[object] = [body]
    while stack:
        n = stack.pop()
        if isinstance(n, tuple):
            stack.extend(n)
        elif isinstance(n, (ir.Lambda, ir.FunctionDef)) or (isinstance(n, ir.Comprehension) and n.generator):
            return True
        elif isinstance(n, ir.Node):
            stack.extend(getattr(n, s) for s in type(n).__slots__)
    return False


def _pattern_names(node: ir.Node) -> frozenset[str]:
    if isinstance(node, ir.Name):
        return frozenset({node.name})
    if isinstance(node, ir.TupleExpr):
        out: frozenset[str] = frozenset()
        for item in node.items:
            out |= _pattern_names(item)
        return out
    if isinstance(node, ir.TypeAssert):
        return _pattern_names(node.value)
    return frozenset()


def assigned_names(lam: ir.Lambda) -> tuple[frozenset[str], frozenset[str]]:
    """(names a method body may bind locally, names it declares ``global``), inner functions excluded."""
    local: set[str] = set()
    declared: set[str] = set()
    stack: list[object] = [lam.body]
    while stack:
        n = stack.pop()
        if isinstance(n, tuple):
            stack.extend(n)
            continue
        if not isinstance(n, ir.Node) or isinstance(n, ir.Lambda):
            continue
        if isinstance(n, ir.Assign):
            local |= _pattern_names(n.target)
        elif isinstance(n, (ir.For, ir.Comprehension)):
            for target, _ in n.loops:
                local |= _pattern_names(target)
        elif isinstance(n, ir.Try) and n.var:
            local.add(n.var)
        elif isinstance(n, ir.FunctionDef):
            local.add(n.name)
            continue
        elif isinstance(n, ir.Local):
            (declared if n.is_global else local).update(n.names)
        elif isinstance(n, ir.Let):
            for b in n.bindings:
                local |= _pattern_names(b.target if isinstance(b, ir.Assign) else b)
        for slot in type(n).__slots__:
            child = getattr(n, slot)
            if isinstance(child, (ir.Node, tuple)):
                stack.append(child)
    return frozenset(local - declared), frozenset(declared)
