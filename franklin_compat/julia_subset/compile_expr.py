"""IR expressions → Python closures that evaluate them in a scope.

Each node is compiled once into a closure ``ev(scope) -> value``; running a
function is then a chain of closure calls, one Python frame per level of the
Julia expression.  A name never assigned in the function being compiled (nor in
the functions around it) is looked up directly among the globals and builtins.
Closures that can fail record where (``site``) on the way out.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import ir
from .calls import Builtin, Composed, keyword_dict
from .errors import Abort, Failure, limit, throw
from .jtypes import JType, isa, subtype
from .modules import getfield
from .ops import _BINARY, binary, to_string, truth, unary, wrap
from .protocols import broadcast, contains, getindex, iterate, lastindex
from .runtime import DECLARED, EMPTY_KW, UNSET, Ev, Runtime, Scope
from .values import ValueTooDeep

__all__ = ["ExprCompiler", "FnCtx"]


@dataclass(frozen=True, slots=True)
class FnCtx:
    """What the compiler knows of the function it is in: names that may be local, ``global x``s."""

    maybe_local: frozenset[str] = frozenset()
    declared_global: frozenset[str] = frozenset()
    in_function: bool = False


def _annotate(e: Failure, where: tuple[str, int, int]) -> None:
    if e.site is None:
        e.site = where


class ExprCompiler:
    def __init__(self, rt: Runtime, path: str) -> None:
        self.rt = rt
        self.path = path
        self.fn = FnCtx()
        self.table: dict[type, Callable[[Any], Ev]] = {
            ir.Literal: self.c_literal, ir.Name: self.c_name, ir.Interp: self.c_interp, ir.Call: self.c_call,
            ir.Field: self.c_field, ir.Index: self.c_index, ir.Binary: self.c_binary, ir.Chain: self.c_chain,
            ir.Unary: self.c_unary, ir.And: self.c_and, ir.Or: self.c_or, ir.Ternary: self.c_ternary,
            ir.Unsupported: self.c_unsupported, ir.Block: self.c_block,
        }

    def where(self, node: ir.Node) -> tuple[str, int, int]:
        return (self.path, node.line, node.col)

    def c(self, node: ir.Node) -> Ev:
        method = self.table.get(type(node))
        if method is None:
            return self.c_unsupported(ir.Unsupported(node.line, node.col, _describe(node)))
        return method(node)

    def c_unsupported(self, node: ir.Unsupported) -> Ev:
        where = self.where(node)
        code, what, hint = node.code, node.what, node.hint

        def ev(sc: Scope) -> Any:
            if code == "FC801" or (code == "FC804" and "nested" in what):
                e = Abort(code, f"{what} is outside the Julia subset franklin_compat evaluates", hint)
            elif code == "FC800":
                e = Abort(code, hint or "this code does not parse", "Julia cannot read it either")
            else:
                e = Abort(code, f"{what} is not allowed here" if code == "FC805" else what, hint)
            e.site = where
            raise e
        return ev

    def c_literal(self, node: ir.Literal) -> Ev:
        value = node.value
        return lambda sc: value

    def c_block(self, node: ir.Block) -> Ev:
        evs = [self.c(s) for s in node.body]
        if not evs:
            return lambda sc: None
        if len(evs) == 1:
            return evs[0]

        def ev(sc: Scope) -> Any:
            result = None
            for e in evs:
                result = e(sc)
            return result
        return ev

    # ---- names

    def c_name(self, node: ir.Name) -> Ev:
        name, rt, where = node.name, self.rt, self.where(node)
        builtins = rt.builtins
        if name == "end":
            def ev_end(sc: Scope) -> Any:
                if not rt.ends:
                    raise _at(Abort("FC800", "`end` outside brackets"), where)
                return rt.ends[-1]
            return ev_end
        if name == "nothing" and name not in self.fn.maybe_local:
            return lambda sc: None
        if self.fn.in_function and name not in self.fn.maybe_local:
            gvars = rt.globals.vars

            def ev_global(sc: Scope) -> Any:
                v = gvars.get(name, UNSET)
                if v is UNSET:
                    v = builtins.get(name, UNSET)
                    if v is UNSET:
                        raise _at(rt.undefined(name), where)
                return v
            return ev_global

        def ev(sc: Scope) -> Any:
            s: Scope | None = sc
            while s is not None:
                v = s.vars.get(name, UNSET)
                if v is not UNSET:
                    if v is DECLARED:
                        raise _at(rt.undefined(name), where)
                    return v
                s = s.parent
            v = builtins.get(name, UNSET)
            if v is UNSET:
                raise _at(rt.undefined(name), where)
            return v
        return ev

    # ---- strings

    def c_interp(self, node: ir.Interp) -> Ev:
        rt, where = self.rt, self.where(node)
        parts: list[tuple[bool, Any]] = []
        for p in node.parts:
            if isinstance(p, ir.Literal) and isinstance(p.value, str):
                parts.append((True, p.value))
            else:
                parts.append((False, self.c(p)))

        def ev(sc: Scope) -> str:
            out: list[str] = []
            size = 0
            for literal, p in parts:
                s = p if literal else _string(p(sc), where)
                size += len(s)
                out.append(s)
            if size > 64:
                try:
                    rt.built(size)
                except Failure as e:
                    raise _at(e, where) from None
            return "".join(out)
        return ev

    # ---- calls

    def c_call(self, node: ir.Call) -> Ev:
        if node.dot:
            return self.c_broadcast(node)
        rt, where = self.rt, self.where(node)
        fn_ev = self.c(node.fn)
        simple = not node.kwargs and not any(isinstance(a, ir.Splat) for a in node.args)
        if simple:
            arg_evs = [self.c(a) for a in node.args]
            if len(arg_evs) == 1:
                a0 = arg_evs[0]

                def ev1(sc: Scope) -> Any:
                    try:
                        return rt.call(fn_ev(sc), [a0(sc)], EMPTY_KW)
                    except Failure as e:
                        _annotate(e, where)
                        raise
                return ev1
            if len(arg_evs) == 2:
                a0, a1 = arg_evs

                def ev2(sc: Scope) -> Any:
                    try:
                        return rt.call(fn_ev(sc), [a0(sc), a1(sc)], EMPTY_KW)
                    except Failure as e:
                        _annotate(e, where)
                        raise
                return ev2

            def evn(sc: Scope) -> Any:
                try:
                    return rt.call(fn_ev(sc), [a(sc) for a in arg_evs], EMPTY_KW)
                except Failure as e:
                    _annotate(e, where)
                    raise
            return evn
        args_ev = self.arguments(node)

        def ev(sc: Scope) -> Any:
            try:
                f = fn_ev(sc)
                args, kw = args_ev(sc)
                return rt.call(f, args, kw)
            except Failure as e:
                _annotate(e, where)
                raise
        return ev

    def arguments(self, node: ir.Call) -> Callable[[Scope], tuple[list[Any], dict[str, Any]]]:
        """Positional arguments (splats spread) and keyword arguments of a call."""
        rt = self.rt
        pos = [(isinstance(a, ir.Splat), self.c(a.value if isinstance(a, ir.Splat) else a))
               for a in node.args]
        kws = [(k.name if isinstance(k, ir.KwArg) else None, self.c(k.value)) for k in node.kwargs]

        def ev(sc: Scope) -> tuple[list[Any], dict[str, Any]]:
            args: list[Any] = []
            for splat, a in pos:
                if splat:
                    args.extend(iterate(rt, a(sc)))
                else:
                    args.append(a(sc))
            kw: dict[str, Any] = {}
            for name, k in kws:
                if name is None:
                    kw.update(keyword_dict(rt, k(sc)))
                else:
                    kw[name] = k(sc)
            return args, kw
        return ev

    def c_broadcast(self, node: ir.Call) -> Ev:
        rt, where = self.rt, self.where(node)
        fn_ev = self.c(node.fn)
        args_ev = self.arguments(node)

        def ev(sc: Scope) -> Any:
            try:
                f = fn_ev(sc)
                args, kw = args_ev(sc)
                return broadcast(rt, f, args, kw)
            except Failure as e:
                _annotate(e, where)
                raise
        return ev

    def c_field(self, node: ir.Field) -> Ev:
        rt, where, name = self.rt, self.where(node), node.name
        value = self.c(node.value)

        def ev(sc: Scope) -> Any:
            try:
                return getfield(rt, value(sc), name)
            except Failure as e:
                _annotate(e, where)
                raise
        return ev

    def c_index(self, node: ir.Index) -> Ev:
        rt, where = self.rt, self.where(node)
        value = self.c(node.value)
        idx = [self.c(i) for i in node.indices]
        uses_end = node.uses_end

        def ev(sc: Scope) -> Any:
            try:
                coll = value(sc)
                if uses_end:
                    rt.ends.append(lastindex(rt, coll))
                    try:
                        keys = [i(sc) for i in idx]
                    finally:
                        rt.ends.pop()
                else:
                    keys = [i(sc) for i in idx]
                return getindex(rt, coll, keys)
            except Failure as e:
                _annotate(e, where)
                raise
        return ev

    # ---- operators

    def c_binary(self, node: ir.Binary) -> Ev:
        rt, where, op = self.rt, self.where(node), node.op
        left, right = self.c(node.left), self.c(node.right)
        if node.dot:
            fn = Builtin(op, lambda rt_, args, kw: binary(rt_, op, args[0], args[1]))

            def ev_dot(sc: Scope) -> Any:
                try:
                    return broadcast(rt, fn, [left(sc), right(sc)], EMPTY_KW)
                except Failure as e:
                    _annotate(e, where)
                    raise
            return ev_dot
        special = _SPECIAL.get(op)
        impl = special if special is not None else _BINARY.get(op)
        if impl is None:
            return self.c_unsupported(ir.Unsupported(node.line, node.col, f"the operator `{op}`"))
        fast = FAST_INT.get(op)
        if fast is not None:
            def ev_fast(sc: Scope) -> Any:
                a, b = left(sc), right(sc)
                if type(a) is int and type(b) is int:
                    r = fast(a, b)
                    return r if type(r) is bool or _MIN <= r <= _MAX else wrap(r)
                try:
                    return impl(rt, a, b)
                except Failure as e:
                    _annotate(e, where)
                    raise
            return ev_fast

        def ev(sc: Scope) -> Any:
            a = left(sc)
            b = right(sc)
            try:
                return impl(rt, a, b)
            except Failure as e:
                _annotate(e, where)
                raise
        return ev

    def c_chain(self, node: ir.Chain) -> Ev:
        rt, where = self.rt, self.where(node)
        evs = [self.c(o) for o in node.operands]
        impls = [_SPECIAL.get(op) or _BINARY[op] for op in node.ops]

        def ev(sc: Scope) -> Any:
            try:
                a = evs[0](sc)
                for impl, b_ev in zip(impls, evs[1:], strict=True):
                    b = b_ev(sc)
                    if not truth(impl(rt, a, b)):
                        return False
                    a = b
                return True
            except Failure as e:
                _annotate(e, where)
                raise
        return ev

    def c_unary(self, node: ir.Unary) -> Ev:
        rt, where, op = self.rt, self.where(node), node.op
        operand = self.c(node.operand)
        if node.dot:
            fn = Builtin(op, lambda rt_, args, kw: unary(rt_, op, args[0]))

            def ev_dot(sc: Scope) -> Any:
                try:
                    return broadcast(rt, fn, [operand(sc)], EMPTY_KW)
                except Failure as e:
                    _annotate(e, where)
                    raise
            return ev_dot

        def ev(sc: Scope) -> Any:
            a = operand(sc)
            if op == "!" and (a is True or a is False):
                return not a
            try:
                return unary(rt, op, a)
            except Failure as e:
                _annotate(e, where)
                raise
        return ev

    def c_and(self, node: ir.And) -> Ev:
        left, right, where = self.c(node.left), self.c(node.right), self.where(node)

        def ev(sc: Scope) -> Any:
            a = left(sc)
            if a is True:
                return right(sc)
            if a is False:
                return False
            raise _at(throw("TypeError", f"non-boolean ({_tname(a)}) used in boolean context"), where)
        return ev

    def c_or(self, node: ir.Or) -> Ev:
        left, right, where = self.c(node.left), self.c(node.right), self.where(node)

        def ev(sc: Scope) -> Any:
            a = left(sc)
            if a is False:
                return right(sc)
            if a is True:
                return True
            raise _at(throw("TypeError", f"non-boolean ({_tname(a)}) used in boolean context"), where)
        return ev

    def c_ternary(self, node: ir.Ternary) -> Ev:
        cond, then, other, where = self.c(node.cond), self.c(node.then), self.c(node.other), self.where(node)

        def ev(sc: Scope) -> Any:
            c = cond(sc)
            if c is True:
                return then(sc)
            if c is False:
                return other(sc)
            raise _at(throw("TypeError", f"non-boolean ({_tname(c)}) used in boolean context"), where)
        return ev

    def binder(self, target: ir.Node) -> Callable[[Scope, Any], None]:
        raise NotImplementedError


#: Operators whose Int64 result Python computes the same way (before the wrap-around).
FAST_INT: dict[str, Callable[[int, int], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne, "≤": operator.le,
    "≥": operator.ge, "≠": operator.ne, "===": operator.eq, "!==": operator.ne,
}
_MIN, _MAX = -(1 << 63), (1 << 63) - 1


def _at(e: Failure, where: tuple[str, int, int]) -> Failure:
    e.site = where
    return e


def _tname(v: object) -> str:
    from .show import julia_type

    return julia_type(v)[0]


def _string(v: Any, where: tuple[str, int, int]) -> str:
    if type(v) is str:
        return v
    try:
        return to_string(v)
    except (RecursionError, ValueTooDeep):
        raise _at(limit("a value nested too deeply to print"), where) from None


def _pipe(rt: Runtime, a: Any, b: Any) -> Any:
    return rt.call(b, [a], EMPTY_KW)


def _compose(rt: Runtime, a: Any, b: Any) -> Any:
    return Composed(a, b)


def _isa(rt: Runtime, a: Any, b: Any) -> Any:
    if not isinstance(b, JType):
        raise throw("TypeError", f"in isa, expected Type, got a value of type {_tname(b)}")
    return isa(a, b)


def _subtype(rt: Runtime, a: Any, b: Any) -> Any:
    if not (isinstance(a, JType) and isinstance(b, JType)):
        raise throw("MethodError", f"no method matching <:(::{_tname(a)}, ::{_tname(b)})")
    return subtype(a, b)


def _in(rt: Runtime, a: Any, b: Any) -> Any:
    return contains(rt, a, b)


def _not_in(rt: Runtime, a: Any, b: Any) -> Any:
    return not contains(rt, a, b)


_SPECIAL: dict[str, Any] = {
    "|>": _pipe, "∘": _compose, "isa": _isa, "<:": _subtype, "in": _in, "∈": _in, "∉": _not_in,
    "∋": lambda rt, a, b: contains(rt, b, a),
}


def _describe(node: ir.Node) -> str:
    if isinstance(node, ir.KwArg):
        return f"`{node.name} = …` outside a call"
    if isinstance(node, ir.Splat):
        return "`...` outside a call"
    return type(node).__name__

