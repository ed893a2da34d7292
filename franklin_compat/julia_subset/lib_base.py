"""Base: types and conversions, printing, errors, ``nothing``/``something``, operators as functions,
and the refusals of the sandbox (``eval``, ``run``, ``ccall``, ``download``…)."""

from __future__ import annotations

import math
from typing import Any

from .calls import Builtin, Composed, Fix, builtin
from .errors import JException, JuliaThrow, convert_error, sandbox, throw
from .jtypes import CONSTRUCTORS, JType, convert, isa, named, type_of
from .ops import (
    binary,
    isequal,
    isless,
    repr_,
    to_string,
    truth,
    unary,
)
from .protocols import Ref
from .runtime import EMPTY_KW, Runtime
from .values import MISSING, Char, Missing, Some, Symbol

__all__ = ["BASE", "CONSTANTS", "ENV", "STDOUT", "UNDEF_INIT", "EnvDict", "Sink", "Undef", "is_io",
           "write_out"]

BASE: dict[str, Any] = {}


class Undef:
    julia_typename = "UndefInitializer"

    def __str__(self) -> str:
        return "UndefInitializer()"


class Sink:
    """``stdout``/``stderr``: what user code prints there is not part of the page."""

    julia_typename = "Base.TTY"

    def write(self, text: str) -> None:
        pass

    def __str__(self) -> str:
        return "Base.TTY()"


class EnvDict:
    """``ENV``: every variable reads as not set, so ``get(ENV, "X", default)`` is ``default``."""

    julia_typename = "Base.EnvDict"

    def __str__(self) -> str:
        return "Base.EnvDict()"

    def jl_getindex(self, rt: Runtime, key: Any) -> Any:
        raise throw("KeyError", f"key {repr_(key)} not found", key=key)

    def jl_setindex(self, rt: Runtime, key: Any, value: Any) -> None:
        raise sandbox("setting environment variables (ENV)")


UNDEF_INIT = Undef()
STDOUT = Sink()
ENV = EnvDict()

CONSTANTS: dict[str, Any] = {
    "nothing": None, "missing": MISSING, "Inf": math.inf, "Inf64": math.inf, "NaN": math.nan,
    "NaN64": math.nan, "pi": math.pi, "π": math.pi, "ℯ": math.e, "undef": UNDEF_INIT, "stdout": STDOUT,
    "stderr": STDOUT, "ENV": ENV, "ARGS": [], "devnull": STDOUT,
}
_TYPE_NAMES = (
    "Any", "String", "Int", "Int64", "Integer", "Signed", "Unsigned", "UInt8", "Float64",
    "AbstractFloat", "Real", "Number", "Bool", "Char", "AbstractChar", "AbstractString", "SubString",
    "Symbol", "Nothing", "Missing", "Vector", "Array", "AbstractVector", "AbstractArray", "Dict",
    "AbstractDict", "Set", "AbstractSet", "Tuple", "NamedTuple", "Pair", "Regex", "RegexMatch",
    "Function", "IO", "IOBuffer", "Some", "Union", "Type", "DataType", "Exception", "UnitRange",
    "StepRange", "AbstractRange", "Module", "KeyError", "BoundsError", "MethodError", "ArgumentError",
    "ErrorException", "UndefVarError", "DomainError", "InexactError", "DivideError", "TypeError",
    "StringIndexError", "AssertionError", "UndefKeywordError", "OverflowError", "SystemError",
    "EOFError",
)
for _name in _TYPE_NAMES:
    CONSTANTS[_name] = named(_name)


def write_out(rt: Runtime, io: Any, text: str) -> None:
    """Text printed to ``io`` (an IOBuffer) or to stdout (dropped)."""
    w = getattr(io, "write_text", None)
    if w is not None:
        w(rt, text)
    elif not isinstance(io, Sink):
        raise throw("MethodError", f"no method matching write(::{type_of(io)}, ::String)")


def is_io(v: Any) -> bool:
    return isinstance(v, Sink) or hasattr(v, "write_text")


# ---- printing and strings of values

@builtin(BASE, "string")
def _string(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    if kw:
        (n,) = args
        base, pad = int(kw.get("base", 10)), int(kw.get("pad", 1))
        digits = _int_digits(abs(n), base).rjust(pad, "0")
        return ("-" if n < 0 else "") + digits
    if len(args) == 1:
        return to_string(args[0])
    out = "".join([to_string(a) for a in args])
    rt.built(len(out))
    return out


def _int_digits(n: int, base: int) -> str:
    if base == 10:
        return str(n)
    chars = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, base)
        out = chars[r] + out
        if not n:
            return out


@builtin(BASE, "repr")
def _repr(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    return repr_(x)


@builtin(BASE, "print")
def _print(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    if args and is_io(args[0]):
        write_out(rt, args[0], "".join(to_string(a) for a in args[1:]))
    return None


@builtin(BASE, "println")
def _println(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    if args and is_io(args[0]):
        write_out(rt, args[0], "".join(to_string(a) for a in args[1:]) + "\n")
    return None


@builtin(BASE, "show")
def _show(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    if len(args) == 2:
        write_out(rt, args[0], repr_(args[1]))
    return None


@builtin(BASE, "showerror")
def _showerror(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    io, e = args[0], args[1]
    write_out(rt, io, e.text() if isinstance(e, JException) else repr_(e))
    return None


# ---- errors

@builtin(BASE, "error")
def _error(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    msg = "".join(to_string(a) for a in args)
    raise throw("ErrorException", msg, msg=msg)


@builtin(BASE, "throw")
def _throw(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    raise JuliaThrow(x)


@builtin(BASE, "rethrow")
def _rethrow(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    if args:
        raise JuliaThrow(args[0])
    if not rt.handling:
        raise throw("ErrorException", "rethrow() not allowed outside a catch block")
    raise JuliaThrow(rt.handling[-1].value)


@builtin(BASE, "@assert")
def _assert(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    cond, msg = args
    if cond is not True:
        text = to_string(msg)
        raise throw("AssertionError", text, msg=text)
    return None


@builtin(BASE, "@info", "@warn", "@debug", "@error", "@logmsg")
def _log(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    return None


@builtin(BASE, "@show")
def _at_show(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    return args[-1] if args else None


def _refuse(what: str) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        raise sandbox(what)
    return fn


for _names, _what in (
        (("eval", "@eval", "include_string", "evalfile"), "evaluating Julia code built at run time"),
        (("ccall", "@ccall", "cglobal"), "calling C code (ccall)"),
        (("run", "pipeline", "success", "readchomp", "spawn", "Cmd"), "running external programs"),
        (("download",), "network access (download)"),
        (("exit", "atexit"), "ending the process"),
        (("sleep", "Timer"), "waiting (sleep)"),
        (("cd", "setenv", "withenv", "addenv"), "changing the process environment"),
        (("hash", "objectid", "pointer"), "object addresses and hashes, which differ from run to run"),
):
    for _n in _names:
        BASE[_n] = Builtin(_n, _refuse(_what))


# ---- nothing, missing, Some

@builtin(BASE, "isnothing")
def _isnothing(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    return x is None


@builtin(BASE, "ismissing")
def _ismissing(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    return isinstance(x, Missing)


@builtin(BASE, "something")
def _something(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    for x in args:
        if x is not None:
            return x.value if isinstance(x, Some) else x
    raise throw("ArgumentError", "No value arguments present")


@builtin(BASE, "coalesce")
def _coalesce(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    for x in args:
        if not isinstance(x, Missing):
            return x.value if isinstance(x, Some) else x
    return MISSING


@builtin(BASE, "identity")
def _identity(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    return x


@builtin(BASE, "ifelse")
def _ifelse(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    c, a, b = args
    return a if truth(c, "ifelse") else b


# ---- types

@builtin(BASE, "typeof")
def _typeof(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    return type_of(x)


@builtin(BASE, "isa")
def _isa_fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    x, t = args
    return isa(x, t)


@builtin(BASE, "convert")
def _convert(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    t, x = args
    ok, v = convert(t, x)
    if not ok:
        raise convert_error(x, t)
    return v


@builtin(BASE, "eltype")
def _eltype(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    t = x if isinstance(x, JType) else type_of(x)
    if t.name in ("Vector", "Set", "AbstractVector") and t.params:
        p = t.params[0]
        return p if isinstance(p, JType) else named("Any")
    if t.name == "Dict" and len(t.params) == 2:
        return JType("Pair", t.params)
    return named("Char") if t.name == "String" else named("Int64") if "Range" in t.name else named("Any")


@builtin(BASE, "isdefined")
def _isdefined(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    m, name = args
    members = getattr(m, "members", None)
    key = str.__str__(name)
    return key in rt.globals.vars if members is None else key in members


# ---- operators as functions: +(a, b), ==(x) (a partial function), !f …

def _operator(op: str) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        if len(args) == 1:
            if op in ("-", "+", "!", "~", "√"):
                return unary(rt, op, args[0])
            if op in _COMPARISONS:
                return Fix(BASE[op], args[0])
            if op in ("*", "+"):
                return args[0]
        if op == "|>":
            return rt.call(args[1], [args[0]], EMPTY_KW)
        if op == "∘":
            result = args[-1]
            for f in reversed(args[:-1]):
                result = Composed(f, result)
            return result
        if op in ("in", "∈", "∉"):
            from .protocols import contains

            r = contains(rt, args[0], args[1])
            return not r if op == "∉" else r
        value = args[0]
        for b in args[1:]:
            value = binary(rt, op, value, b)
        return value
    return fn


_COMPARISONS = frozenset({"==", "!=", "<", "<=", ">", ">=", "≤", "≥", "≠", "===", "!==", "in", "∈", "∉",
                          "isequal", "isless"})
for _op in ("+", "-", "*", "/", "^", "÷", "%", "==", "!=", "<", "<=", ">", ">=", "≤", "≥", "≠", "===", "!==",
            "=>", "|>", "∘", "in", "∈", "∉", "!", "&", "|", "⊻", "xor", "<<", ">>"):
    BASE[_op] = Builtin(_op, _operator(_op))


@builtin(BASE, "isequal")
def _isequal(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    if len(args) == 1:
        return Fix(BASE["isequal"], args[0])
    a, b = args
    return isequal(a, b)


@builtin(BASE, "isless")
def _isless(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    a, b = args
    return isless(a, b)


@builtin(BASE, "cmp")
def _cmp(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    a, b = args
    return -1 if isless(a, b) else 1 if isless(b, a) else 0


@builtin(BASE, "Ref")
def _ref(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    return Ref(args[0] if args else None)


@builtin(BASE, "time")
def _time(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    from .lib_dates import clock

    return clock().timestamp()


# ---- constructors of the simple types

def _make_string(rt: Runtime, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
    from .values import Bytes

    if len(args) == 1 and isinstance(args[0], Bytes):
        return args[0].data.decode("utf-8", "replace")
    if len(args) == 1 and isinstance(args[0], (list, tuple)) and all(isinstance(c, Char) for c in args[0]):
        return "".join(str.__str__(c) for c in args[0])
    if len(args) == 1 and isinstance(args[0], str):
        return str.__str__(args[0])
    if len(args) == 1 and hasattr(args[0], "getvalue"):
        return args[0].getvalue()
    raise throw("MethodError", f"no method matching String(::{', ::'.join(str(type_of(a)) for a in args)})")


def _make_char(rt: Runtime, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    return Char(chr(x)) if isinstance(x, int) else Char(x)


def _make_symbol(rt: Runtime, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
    return Symbol("".join(to_string(a) for a in args))


def _make_some(rt: Runtime, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    return Some(x)


def _make_exception(rt: Runtime, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
    name = t.name
    if name == "KeyError":
        return JException(name, f"key {repr_(args[0])} not found", {"key": args[0]})
    text = "".join(to_string(a) for a in args)
    return JException(name, text, {"msg": text})


CONSTRUCTORS.update({"String": _make_string, "Char": _make_char, "Symbol": _make_symbol, "Some": _make_some})
for _n in ("KeyError", "ArgumentError", "ErrorException", "DomainError", "BoundsError", "AssertionError",
           "MethodError", "InexactError", "OverflowError", "SystemError", "EOFError"):
    CONSTRUCTORS[_n] = _make_exception



