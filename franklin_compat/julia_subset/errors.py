"""Errors of user Julia code, worded as Julia words them, with their ``utils.jl`` position.

Inside the evaluator two exceptions unwind the Python stack:

* :class:`JuliaThrow` carries a Julia exception value; ``try``/``catch`` in user
  code catches it, as Julia would (``KeyError``, ``MethodError``, ``error("…")``).
* :class:`Abort` ends the whole call and no ``catch`` sees it: a construct outside
  the subset (FC801), a package we do not have (FC802), an exhausted budget or stack
  (FC804), a refusal of the sandbox (FC805).  Letting user code catch these would
  turn "we cannot run this" into a silently different page.

Both collect the frames they unwind (function, line) and become one
:class:`JuliaError` (a :class:`FranklinError`) at the public entry points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.diagnostics import Diagnostic, FranklinError, Severity
from .show import julia_type, show

__all__ = [
    "CODES", "Abort", "Failure", "Frame", "JException", "JuliaError", "JuliaThrow", "bounds_error",
    "convert_error",
    "julia_error", "key_error", "limit", "method_error", "needs_package", "sandbox", "throw",
    "undef_var", "unsupported",
]

#: Our codes for user Julia code, with what each means (``docs/julia-subset.md``).
CODES = {
    "FC800": "utils.jl does not parse (a Julia syntax error)",
    "FC801": "a Julia construct outside the evaluated subset",
    "FC802": "needs a Julia package franklin_compat does not have",
    "FC803": "a Julia error raised by the code itself (UndefVarError, MethodError, KeyError…)",
    "FC804": "the step budget, the call depth or a size limit is exhausted",
    "FC805": "refused by the sandbox (processes, network, writes, eval, ccall…)",
}

_HINTS = {
    "FC801": "this part of Julia is not evaluated without Julia; a Python replacement "
             "(@franklin_compat.hfun) can stand in for the function",
    "FC802": "a Python replacement (@franklin_compat.hfun) can stand in for the function",
    "FC803": "the same call fails in Julia: fix the function or the arguments the page gives it",
    "FC804": "an endless loop or recursion, or a value built too large",
    "FC805": "user code may only read files inside the site",
}


@dataclass(frozen=True, slots=True)
class Frame:
    """One line of a Julia-style backtrace: a function and where it was when the error went through."""

    function: str
    path: str
    line: int
    col: int


@dataclass(slots=True)
class JException:
    """A Julia exception value (``e`` in ``catch e``): its type, its ``showerror`` text and fields."""

    type: str
    message: str
    fields: dict[str, object] = field(default_factory=dict)
    julia_typename: str = ""

    def __post_init__(self) -> None:
        self.julia_typename = self.type

    def text(self) -> str:
        """What ``showerror`` prints: ``KeyError: key "a" not found``; an ``error("…")`` is its text."""
        if self.type == "ErrorException":
            return self.message
        return f"{self.type}: {self.message}" if self.message else self.type

    def __str__(self) -> str:
        args = ", ".join(show(v) for v in self.fields.values())
        return f"{self.type}({args})"


class Failure(Exception):
    """What unwinds out of user code; ``site`` is where it stands in the function being left."""

    def __init__(self) -> None:
        super().__init__()
        self.site: tuple[str, int, int] | None = None
        self.frames: list[Frame] = []

    def describe(self) -> tuple[str, str, str]:
        """(code, message, hint)."""
        raise NotImplementedError


class JuliaThrow(Failure):
    """A Julia exception: ``value`` is a :class:`JException` or whatever ``throw(x)`` threw."""

    def __init__(self, value: object) -> None:
        super().__init__()
        self.value = value

    def describe(self) -> tuple[str, str, str]:
        v = self.value
        text = v.text() if isinstance(v, JException) else f"{show(v)}"
        return "FC803", text, _HINTS["FC803"]


class Abort(Failure):
    """An error no ``catch`` sees (see the module docstring)."""

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__()
        self.code = code
        self.message = message
        self.hint = hint or _HINTS.get(code, "")

    def describe(self) -> tuple[str, str, str]:
        return self.code, self.message, self.hint


class JuliaError(FranklinError):
    """An error of user Julia code: code FC80x, the ``utils.jl`` position, and the backtrace.

    ``frames`` lists the Julia functions the error went through, innermost first;
    the caller adds where the page called from (``called from blog/index.md:3:1``).
    ``julia_type`` is the Julia exception type (``KeyError``…) for FC803, else ``""``.
    """

    def __init__(self, diagnostic: Diagnostic, frames: tuple[Frame, ...] = (), julia_type: str = "") -> None:
        super().__init__(diagnostic.code, diagnostic.message, diagnostic=diagnostic)
        self.frames = frames
        self.julia_type = julia_type

    def summary(self, what: str) -> str:
        """``what`` failed, as Julia words it, with where in ``utils.jl`` and the calls that led there."""
        d = self.diagnostic
        where = f"{d.path}:{d.line}:{d.col}" if d.line is not None else str(d.path)
        trail = "".join(f"; in {f.function} at {f.path}:{f.line}" for f in self.frames[:3])
        return f"{what}: {d.message} (at {where}{trail})"

    def backtrace(self) -> str:
        """Julia's ``Stacktrace:`` lines: ``[1] name at path:line``."""
        return "\n".join(f" [{k}] {f.function} at {f.path}:{f.line}" for k, f in enumerate(self.frames, 1))


def julia_error(f: Failure, path: str, line: int, col: int) -> JuliaError:
    """The public error for ``f``; ``path``/``line``/``col`` stand in when it holds no position."""
    code, message, hint = f.describe()
    if f.site is not None:
        path, line, col = f.site
    elif f.frames:
        path, line, col = f.frames[0].path, f.frames[0].line, f.frames[0].col
    diag = Diagnostic(code=code, message=message, severity=Severity.ERROR, path=path, line=line, col=col,
                      hint=hint)
    jtype = f.value.type if isinstance(f, JuliaThrow) and isinstance(f.value, JException) else ""
    return JuliaError(diag, tuple(f.frames), jtype)


# ---- constructors used across the evaluator

def throw(jtype: str, message: str, **fields: object) -> JuliaThrow:
    return JuliaThrow(JException(jtype, message, dict(fields)))


def undef_var(name: str) -> JuliaThrow:
    return throw("UndefVarError", f"`{name}` not defined", var=name)


def key_error(key: object) -> JuliaThrow:
    return throw("KeyError", f"key {show(key)} not found", key=key)


def method_error(fname: str, args: list[object] | tuple[object, ...], kwargs: dict[str, object] | None = None
                 ) -> JuliaThrow:
    sig = ", ".join("::" + julia_type(a)[0] for a in args)
    if kwargs:
        sig += "; " + ", ".join(f"{k}::{julia_type(v)[0]}" for k, v in kwargs.items())
    return throw("MethodError", f"no method matching {fname}({sig})")


def bounds_error(coll: object, index: object) -> JuliaThrow:
    if isinstance(coll, str):
        what = f"{len(coll.encode())}-codeunit String"
    elif isinstance(coll, (list, tuple, range)):
        what = f"{len(coll)}-element {julia_type(coll)[0]}"
    else:
        what = julia_type(coll)[0]
    idx = ", ".join(show(i) for i in index) if isinstance(index, tuple) else show(index)
    return throw("BoundsError", f"attempt to access {what} at index [{idx}]")


def convert_error(value: object, target: object) -> JuliaThrow:
    return throw("MethodError", f"Cannot `convert` an object of type {julia_type(value)[0]} to an object of "
                                f"type {target}")


def unsupported(what: str, hint: str = "") -> Abort:
    return Abort("FC801", f"{what} is outside the Julia subset franklin_compat evaluates", hint)


def needs_package(package: str, name: str) -> Abort:
    return Abort("FC802", f"`{name}` needs the Julia package {package}, which franklin_compat does not have")


def sandbox(what: str) -> Abort:
    return Abort("FC805", f"the sandbox refuses {what}")


def limit(what: str) -> Abort:
    return Abort("FC804", what)
