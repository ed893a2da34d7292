"""Callable values: builtins, user functions with several methods, composed and partial functions.

Every callable has ``jl_call(rt, args, kwargs)``.  A user function picks its
method as Julia does, by the number of arguments and the declared types of the
positional parameters (the most specific match wins); keyword arguments are then
bound by name.  Builtins are Python functions; a Python error escaping one (a
value of a type it does not handle) reads as Julia's ``MethodError``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import limit, method_error, throw
from .jtypes import JType, isa, specificity
from .runtime import EMPTY_KW, Ev, Runtime, Scope
from .values import NamedTup, Pair, Symbol, ValueTooDeep

__all__ = ["Binder", "Builtin", "Composed", "Fix", "JFunction", "Method", "Negated", "ParamSpec", "builtin",
           "keyword_dict"]

#: Binds a value to a parameter or loop pattern in a scope (destructuring included).
Binder = Callable[[Scope, Any], None]
BuiltinFn = Callable[[Runtime, list[Any], dict[str, Any]], Any]


class Builtin:
    """A function of the evaluator, called with the argument list and keyword dictionary."""

    __slots__ = ("fn", "name")

    def __init__(self, name: str, fn: BuiltinFn) -> None:
        self.name = name
        self.fn = fn

    @property
    def julia_typename(self) -> str:
        return f"typeof({self.name})"

    def __str__(self) -> str:
        return self.name

    def jl_call(self, rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        rt.steps -= 1
        if rt.steps < 0:
            rt.step()
        try:
            return self.fn(rt, args, kw)
        except (TypeError, ValueError, AttributeError, IndexError, KeyError, ZeroDivisionError):
            raise method_error(self.name, args, kw) from None
        except (RecursionError, ValueTooDeep):
            raise limit(f"a value nested too deeply for `{self.name}`") from None
        except MemoryError:
            raise limit(f"`{self.name}` ran out of memory") from None
        except OverflowError:
            raise throw("OverflowError", f"{self.name}: a number too large") from None


def builtin(table: dict[str, Any], *names: str) -> Callable[[BuiltinFn], BuiltinFn]:
    """Register a Python function under one or more Julia names in ``table``."""

    def register(fn: BuiltinFn) -> BuiltinFn:
        for name in names:
            table[name] = Builtin(name, fn)
        return fn

    return register


@dataclass(slots=True)
class ParamSpec:
    name: str
    type: JType | None = None
    default: Ev | None = None
    binder: Binder | None = None  # destructuring ``(a, b)``


class Method:
    """One method: parameters, compiled body, the scope it closes over, its Python stack cost."""

    __slots__ = ("body", "col", "cost", "kwparams", "kwvararg", "line", "nreq", "params", "path", "rettype",
                 "scope", "vararg")

    def __init__(self, params: list[ParamSpec], vararg: ParamSpec | None, kwparams: list[ParamSpec],
                 kwvararg: str | None, body: Ev, scope: Scope, rettype: JType | None, cost: int,
                 where: tuple[str, int, int]) -> None:
        self.params = params
        self.vararg = vararg
        self.kwparams = kwparams
        self.kwvararg = kwvararg
        self.body = body
        self.scope = scope
        self.rettype = rettype
        self.cost = cost
        self.path, self.line, self.col = where
        self.nreq = sum(1 for p in params if p.default is None)

    def accepts(self, args: list[Any]) -> bool:
        n = len(args)
        if n < self.nreq or (n > len(self.params) and self.vararg is None):
            return False
        for p, a in zip(self.params, args):  # noqa: B905 - fewer args than params is fine
            if p.type is not None and not isa(a, p.type):
                return False
        if self.vararg is not None and self.vararg.type is not None:
            t = self.vararg.type
            return all(isa(a, t) for a in args[len(self.params):])
        return True

    def score(self, nargs: int) -> int:
        s = sum(specificity(p.type) for p in self.params[:nargs] if p.type is not None)
        return s * 2 + (0 if self.vararg is not None else 1)

    def same_signature(self, other: Method) -> bool:
        return ([str(p.type) for p in self.params], self.nreq, self.vararg is None) == (
            [str(p.type) for p in other.params], other.nreq, other.vararg is None)

    def bind(self, rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Scope:
        sc = Scope(self.scope)
        v = sc.vars
        n = len(args)
        for i, p in enumerate(self.params):
            if i < n:
                value = args[i]
            else:
                assert p.default is not None
                value = p.default(sc)
            if p.binder is not None:
                p.binder(sc, value)
            else:
                v[p.name] = value
        if self.vararg is not None:
            v[self.vararg.name] = tuple(args[len(self.params):])
        if kw or self.kwparams or self.kwvararg:
            self.bind_keywords(rt, sc, kw)
        return sc

    def bind_keywords(self, rt: Runtime, sc: Scope, kw: dict[str, Any]) -> None:
        v = sc.vars
        known = set()
        for p in self.kwparams:
            known.add(p.name)
            if p.name in kw:
                value = kw[p.name]
            elif p.default is not None:
                value = p.default(sc)
            else:
                raise throw("UndefKeywordError", f"keyword argument `{p.name}` not assigned", var=p.name)
            if p.type is not None:
                rt.check_type(value, p.type, "keyword argument " + p.name)
            v[p.name] = value
        extra = [k for k in kw if k not in known]
        if self.kwvararg is not None:
            v[self.kwvararg] = NamedTup(tuple(extra), tuple(kw[k] for k in extra))
        elif extra:
            raise throw("MethodError", f"got unsupported keyword argument \"{extra[0]}\"")


class JFunction:
    """A generic function defined in ``utils.jl``: its methods in definition order."""

    __slots__ = ("methods", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self.methods: list[Method] = []

    @property
    def julia_typename(self) -> str:
        return f"typeof({self.name})"

    def __str__(self) -> str:
        return self.name

    def add(self, m: Method) -> None:
        """A method with the same signature replaces the old one, as in Julia."""
        self.methods = [old for old in self.methods if not old.same_signature(m)] + [m]

    def dispatch(self, args: list[Any]) -> Method:
        methods = self.methods
        if len(methods) == 1 and methods[0].accepts(args):
            return methods[0]
        best: Method | None = None
        best_score = -1
        for m in methods:
            if m.accepts(args):
                s = m.score(len(args))
                if s >= best_score:
                    best, best_score = m, s
        if best is None:
            raise method_error(self.name, args)
        return best

    def jl_call(self, rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        return rt.invoke(self.name, self.dispatch(args), args, kw)


@dataclass(frozen=True, slots=True)
class Composed:
    """``f ∘ g``."""

    outer: Any
    inner: Any
    julia_typename = "ComposedFunction"

    def __str__(self) -> str:
        return f"{self.outer} ∘ {self.inner}"

    def jl_call(self, rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        return rt.call(self.outer, [rt.call(self.inner, args, kw)], EMPTY_KW)


@dataclass(frozen=True, slots=True)
class Negated:
    """``!f``: a function returning the negation of ``f``'s Bool."""

    fn: Any
    julia_typename = "ComposedFunction"

    def __str__(self) -> str:
        return f"!{self.fn}"

    def jl_call(self, rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        r = rt.call(self.fn, args, kw)
        if r is True or r is False:
            return not r
        raise throw("TypeError", f"non-boolean ({_tname(r)}) used in boolean context")


@dataclass(frozen=True, slots=True)
class Fix:
    """``==(x)``, ``startswith("a")``, ``in(v)``: ``fn`` with one argument fixed (Julia's Fix2/Fix1)."""

    fn: Any
    value: Any
    first: bool = False
    julia_typename = "Base.Fix2"

    def __str__(self) -> str:
        return f"{self.fn}({self.value})"

    def jl_call(self, rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        full = [self.value, *args] if self.first else [*args, self.value]
        return rt.call(self.fn, full, kw)


def _tname(v: object) -> str:
    from .show import julia_type

    return julia_type(v)[0]


def keyword_dict(rt: Runtime, value: Any) -> dict[str, Any]:
    """``f(; kw...)``: a named tuple, a dict or pairs with Symbol keys, as keyword arguments."""
    if isinstance(value, NamedTup):
        return dict(zip(value.names, value.values, strict=True))
    items = value.items() if isinstance(value, dict) else value
    out: dict[str, Any] = {}
    for item in items:
        k, v = (item.first, item.second) if isinstance(item, Pair) else item
        if not isinstance(k, Symbol):
            raise throw("ArgumentError", "keyword argument names must be Symbols")
        out[str.__str__(k)] = v
    return out

