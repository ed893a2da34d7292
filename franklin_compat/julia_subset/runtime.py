"""The state of a running program: scopes, control-flow signals, the budgets, calling.

One :class:`Runtime` belongs to one loaded program.  Every call from outside
(:meth:`Runtime.session`) gets a step budget and the share of the Python stack
that is really available at that moment; a Julia call takes from that share what
its body can take (its nesting depth), so a runaway recursion ends in
``StackOverflowError`` (FC804) long before Python's own ``RecursionError``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .errors import (
    Failure,
    Frame,
    JuliaThrow,
    convert_error,
    limit,
    needs_package,
    throw,
    undef_var,
)
from .jtypes import JType, convert, isa

if TYPE_CHECKING:
    from .calls import Method

__all__ = [
    "DECLARED", "EMPTY_KW", "STEP_BUDGET", "UNSET", "BreakSig", "ContinueSig", "Ev", "ReturnSig", "Runtime",
    "Scope", "python_depth",
]

#: Evaluation steps (calls, loop turns, items built) one call from a page may take.
STEP_BUDGET = 500_000
#: Python frames kept free for what Julia code calls: the host (fd2html runs the Markdown
#: pipeline), regexes, printing.
RESERVE = 250
#: Python frames a Julia call takes besides its body's nesting (call, bind, invoke, block).
CALL_FRAMES = 8
#: Longest string and largest collection user code may build.
MAX_STRING = 1 << 24
MAX_ITEMS = 1 << 22

UNSET: Any = object()
DECLARED: Any = object()  # ``local x`` not yet assigned
EMPTY_KW: dict[str, object] = {}


class Scope:
    """Variables of one scope and the scope around it; the global scope ends every chain."""

    __slots__ = ("is_global", "parent", "vars")

    def __init__(self, parent: Scope | None, *, is_global: bool = False,
                 variables: dict[str, Any] | None = None) -> None:
        self.vars: dict[str, Any] = {} if variables is None else variables
        self.parent = parent
        self.is_global = is_global


#: A compiled expression: evaluates in a scope, returns the Julia value.
Ev = Callable[[Scope], Any]


class ReturnSig(BaseException):
    """``return``; a BaseException so that nothing but the function being left sees it."""

    def __init__(self, value: object) -> None:
        super().__init__()
        self.value = value


class BreakSig(BaseException):
    pass


class ContinueSig(BaseException):
    pass


def python_depth() -> int:
    """Python frames on the stack now (walked once per call from outside)."""
    depth = 0
    f = sys._getframe(1)
    while f is not None:
        depth += 1
        f = f.f_back  # type: ignore[assignment]
    return depth


class Runtime:
    """Globals, builtins, the host of the current call, and the budgets."""

    def __init__(self, builtins: dict[str, Any]) -> None:
        self.builtins = builtins
        self.globals = Scope(None, is_global=True)
        self.host: Any = None
        self.steps = STEP_BUDGET
        self.frames = 0
        self.active = 0
        self.ends: list[object] = []  # the value of ``end`` inside the brackets being evaluated
        self.loaded: set[str] = set()  # packages we do not have, named by using/import
        self.imported: dict[str, str] = {}  # a name taken from one of those (using A: x) -> its package
        self.handling: list[JuliaThrow] = []  # exceptions being handled by `catch` (for rethrow)
        self.refs: dict[str, object] = {}  # Franklin's Refs (PAGEVAR_DEPTH…) the host does not keep
        self.delayed: set[str] = set()
        self.draws = 0  # ``randstring`` calls in this call from outside (lib_random)
        self.kinds: dict[str, str] = {}  # lx_/env_ functions made by @lx / @env: name -> kind
        self.files: list[str] = []  # the utils.jl file, then the files it includes, innermost last
        #: one expression evaluated with the builtins only (FranklinUtils' keyword arguments); the
        #: program sets it, so that the library need not import the compiler
        self.isolated: Any = None

    @contextmanager
    def session(self, host: Any) -> Iterator[None]:
        """One call from outside; nested calls (fd2html calling back) share the outer budget."""
        saved = (self.host, self.steps, self.frames)
        self.host = host
        room = sys.getrecursionlimit() - python_depth() - RESERVE
        if self.active == 0:
            self.steps = STEP_BUDGET
            self.frames = room
            self.draws = 0
        else:
            self.frames = min(self.frames, room)
        self.active += 1
        try:
            yield
        finally:
            self.active -= 1
            self.host = saved[0]
            if self.active == 0:
                self.steps, self.frames = saved[1], saved[2]
            else:
                self.frames = saved[2]

    # ---- budgets

    def step(self) -> None:
        self.steps -= 1
        if self.steps < 0:
            raise limit(f"the step budget ({STEP_BUDGET:,} evaluation steps) is used up: an endless loop?")

    def charge(self, n: int) -> None:
        """Work proportional to ``n`` (items sorted, characters joined…)."""
        self.steps -= n >> 6
        if self.steps < 0:
            raise limit(f"the step budget ({STEP_BUDGET:,} evaluation steps) is used up")

    def built(self, n: int, what: str = "string") -> None:
        """``n`` characters or items made: capped, and charged (64 characters or 8 items a step)."""
        self.check_size(n, what)
        self.steps -= n >> (6 if what == "string" else 3)
        if self.steps < 0:
            self.step()

    def check_size(self, n: int, what: str = "string") -> None:
        cap = MAX_STRING if what == "string" else MAX_ITEMS
        if n > cap:
            raise limit(f"a {what} of {n:,} {'characters' if what == 'string' else 'items'} is larger than "
                        f"the {cap:,} user code may build")

    # ---- names

    def undefined(self, name: str) -> Failure:
        """UndefVarError, or FC802 when a package that is not here may define the name."""
        from .modules import package_of

        package = package_of(name, self.loaded, self.imported)
        if package:
            return needs_package(package, name)
        return undef_var(name)

    # ---- calls

    def call(self, f: Any, args: list[Any], kw: dict[str, Any]) -> Any:
        """Call any Julia callable: a builtin, a user function, a type, a composed function…"""
        call = getattr(f, "jl_call", None)
        if call is None:
            raise throw("MethodError", f"objects of type {_type_name(f)} are not callable")
        return call(self, args, kw)

    def invoke(self, fname: str, m: Method, args: list[Any], kw: dict[str, Any]) -> Any:
        """Run method ``m`` of ``fname``: budgets, binding, ``return``, the declared return type."""
        self.steps -= 1
        if self.steps < 0:
            raise limit(f"the step budget ({STEP_BUDGET:,} evaluation steps) is used up: an endless loop or "
                        "recursion?")
        cost = m.cost
        self.frames -= cost
        try:
            if self.frames < 0:
                raise limit("StackOverflowError: the call depth outgrew the stack (an endless recursion?)")
            sc = m.bind(self, args, kw)
            try:
                result = m.body(sc)
            except ReturnSig as r:
                result = r.value
            if m.rettype is not None:
                ok, result = convert(m.rettype, result)
                if not ok:
                    raise convert_error(result, m.rettype)
            return result
        except Failure as e:
            path, line, col = e.site if e.site is not None else (m.path, m.line, m.col)
            e.frames.append(Frame(fname, path, line, col))
            e.site = None
            raise
        except (BreakSig, ContinueSig):
            raise limit("`break` or `continue` outside a loop") from None
        finally:
            self.frames += cost

    def check_type(self, value: Any, t: JType, context: str) -> Any:
        if not isa(value, t):
            raise throw("TypeError", f"in {context}, expected {t}, got a value of type {_type_name(value)}")
        return value


def _type_name(v: object) -> str:
    from .show import julia_type

    return julia_type(v)[0]
