"""The public surface: load a ``utils.jl``, call its functions as Franklin does, evaluate
``config.md`` expressions and ``+++`` blocks.

Every entry point runs in a session with a fresh step budget and the Python stack
that is really left, and turns anything that goes wrong in user code into one
:class:`~.errors.JuliaError` (FC80x) with its ``utils.jl`` position and backtrace.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..core.diagnostics import Diagnostic
from ..core.source import normalise
from . import ir
from .calls import Builtin, JFunction
from .compile_stmt import Compiler
from .errors import Failure, JuliaError, julia_error, limit, sandbox, throw
from .host import Host, NullHost
from .lib_franklin import KeywordCommand, LxObject
from .library import BUILTINS
from .ops import tname, to_string
from .runtime import EMPTY_KW, BreakSig, ContinueSig, ReturnSig, Runtime, Scope
from .syntax import parse
from .values import MAX_VALUE_DEPTH, TypedVector, ValueTooDeep, too_deep

__all__ = ["Program", "evaluate", "load_program", "run_block"]

_MAX_INCLUDES = 16


@dataclass
class Program:
    """A loaded ``utils.jl``: its functions and globals, ready to be called page after page.

    ``diagnostics`` holds what went wrong while loading (a syntax error, a top-level
    statement that failed); the functions that did load are usable.
    """

    path: str
    rt: Runtime
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def _names(self, prefix: str) -> frozenset[str]:
        return frozenset(k[len(prefix):] for k, v in self.rt.globals.vars.items()
                         if k.startswith(prefix) and isinstance(v, (JFunction, KeywordCommand)))

    @property
    def hfun_names(self) -> frozenset[str]:
        """Names ``n`` of the ``hfun_n`` functions (``{{n …}}``)."""
        return self._names("hfun_")

    @property
    def lx_names(self) -> frozenset[str]:
        """Names of the ``lx_n`` functions (``\\n{…}``), ``@lx`` ones included."""
        return self._names("lx_")

    @property
    def env_names(self) -> frozenset[str]:
        """Names of the ``env_n`` functions (``\\begin{n}…\\end{n}``), ``@env`` ones included."""
        return self._names("env_")

    @property
    def delayed(self) -> frozenset[str]:
        """Names of the hfuns defined under ``@delay``: Franklin runs their pages after all others."""
        return frozenset(n[len("hfun_"):] if n.startswith("hfun_") else n for n in self.rt.delayed)

    @property
    def global_names(self) -> frozenset[str]:
        """Every name ``utils.jl`` defines (``{{fill name}}`` reads a non-function one)."""
        return frozenset(self.rt.globals.vars)

    def value(self, name: str) -> object:
        """The value of a global of ``utils.jl``; ``KeyError`` when it defines none."""
        return self.rt.globals.vars[name]

    def call_hfun(self, name: str, params: Sequence[str], host: Host) -> str:
        """``{{name p1 p2}}``: ``hfun_name(["p1", "p2"])``, or ``hfun_name()`` without parameters;
        the result as Julia's ``string`` prints it.  Franklin lowercases the name (``{{NavBar}}``
        calls ``hfun_navbar``), and so does this."""
        fn = self._function("hfun_" + name.lower())
        args: list[Any] = [TypedVector("String", list(params))] if params else []
        with self._calling(host, fn):
            result = to_string(self.rt.call(fn, args, EMPTY_KW))
        return result

    def call_lx(self, name: str, braces: Sequence[str], host: Host) -> str:
        """``\\name{b1}…``: ``lx_name(com, lxdefs)``; the Franklin Markdown it returns."""
        fn = self._function("lx_" + name)
        with self._calling(host, fn):
            result = self.rt.call(fn, [LxObject(name, list(braces)), []], EMPTY_KW)
        return self._markdown(name, result)

    def call_env(self, name: str, body: str, braces: Sequence[str], host: Host) -> str:
        """``\\begin{name}{b1} body \\end{name}``: ``env_name(env, lxdefs)``; its Franklin Markdown."""
        fn = self._function("env_" + name)
        with self._calling(host, fn):
            result = self.rt.call(fn, [LxObject(name, list(braces), body), []], EMPTY_KW)
        return self._markdown(name, result)

    def _function(self, name: str) -> Any:
        fn = self.rt.globals.vars.get(name)
        if getattr(fn, "jl_call", None) is None:
            raise julia_error(throw("UndefVarError", f"`{name}` not defined"), self.path, 1, 1)
        return fn

    def _markdown(self, name: str, result: object) -> str:
        if isinstance(result, str):
            return str.__str__(result)
        raise julia_error(throw("MethodError", f"`{name}` returned a value of type {tname(result)}; Franklin "
                                               "parses what it returns as Markdown and needs a String"),
                          self.path, 1, 1)

    @contextmanager
    def _calling(self, host: Host, fn: Any) -> Iterator[None]:
        where = _where(fn, self.path)
        with self.rt.session(host), _errors(*where):
            yield


def _where(fn: Any, path: str) -> tuple[str, int, int]:
    methods = getattr(getattr(fn, "fn", fn), "methods", None)
    if methods:
        m = methods[-1]
        return m.path, m.line, m.col
    return path, 1, 1


@contextmanager
def _errors(path: str, line: int, col: int) -> Iterator[None]:
    """Anything that escapes user code, as one :class:`JuliaError`."""
    try:
        yield
    except Failure as e:
        raise julia_error(e, path, line, col) from None
    except (BreakSig, ContinueSig):
        raise julia_error(limit("`break` or `continue` outside a loop"), path, line, col) from None
    except (RecursionError, ValueTooDeep):
        raise julia_error(limit("StackOverflowError: nested too deeply"), path, line, col) from None
    except MemoryError:
        raise julia_error(limit("the evaluation ran out of memory"), path, line, col) from None
    except OverflowError as e:  # an integer literal beyond Int64 met a float (Julia: BigInt, BigFloat)
        raise julia_error(throw("OverflowError", str(e)), path, line, col) from None


def _runtime(path: str) -> Runtime:
    rt = Runtime(BUILTINS)
    rt.isolated = lambda node: eval_isolated(rt, node)
    rt.files.append(path)
    rt.globals.vars["include"] = Builtin("include", lambda rt_, args, kw: _include_call(rt_, args))
    return rt


def _run(rt: Runtime, block: ir.Block, path: str, scope: Scope, diagnostics: list[Diagnostic] | None
         ) -> object:
    """Run top-level statements; a failing one is a diagnostic (``diagnostics`` given) or an error."""
    compiler = Compiler(rt, path)
    result: object = None
    for stmt in block.body:
        try:
            result = compiler.c(stmt)(scope)
        except ReturnSig as r:
            return r.value
        except Failure as e:
            if diagnostics is None:
                raise
            if not (isinstance(stmt, ir.Unsupported) and stmt.code == "FC800"):  # reported by the parser
                diagnostics.append(julia_error(e, path, stmt.line, stmt.col).diagnostic)
    return result


def load_program(text: str, path: str = "utils.jl", host: Host | None = None) -> Program:
    """Read and run the top level of a ``utils.jl`` (definitions, ``using``, ``const``, ``include``).

    ``host`` serves ``include("x.jl")`` and any file the top level reads; without one
    nothing can be read.  Loading never raises for user code: see ``Program.diagnostics``.
    """
    rt = _runtime(path)
    program = Program(path, rt)
    block, diags = parse(normalise(text), path)
    program.diagnostics.extend(diags)
    with rt.session(host or NullHost()):
        try:
            _run(rt, block, path, rt.globals, program.diagnostics)
        except (BreakSig, ContinueSig, RecursionError) as e:
            program.diagnostics.append(julia_error(limit(f"loading stopped: {type(e).__name__}"), path, 1, 1)
                                       .diagnostic)
    return program


def _include_call(rt: Runtime, args: list[Any]) -> Any:
    if len(args) != 1 or not isinstance(args[0], str):
        raise throw("MethodError", "include takes one path")
    if len(rt.files) > _MAX_INCLUDES:
        raise limit(f"include nested more than {_MAX_INCLUDES} deep (a file including itself?)")
    base = posixpath.dirname(rt.files[-1])
    return _include(rt, str.__str__(args[0]), base)


def _include(rt: Runtime, rel: str, base: str) -> Any:
    from .lib_io import site_path

    target = site_path(posixpath.join(base, rel) if base and not posixpath.isabs(rel) else rel)
    if not target.endswith(".jl"):
        raise sandbox(f"including {rel!r}, which is not a .jl file")
    try:
        data = rt.host.read_file(target)
    except OSError as e:
        reason = e.strerror or "No such file or directory"
        raise throw("SystemError", f"opening file {target!r}: {reason}") from None
    block, diags = parse(normalise(data.decode("utf-8", "replace")), target)
    if diags:
        d = diags[0]
        err = throw("ErrorException", f"syntax error in {target}:{d.line}:{d.col}: {d.message}")
        raise err
    rt.files.append(target)
    try:
        return _run(rt, block, target, rt.globals, None)
    finally:
        rt.files.pop()


def eval_isolated(rt: Runtime, node: ir.Node) -> Any:
    """Evaluate one expression with the builtins only (FranklinUtils' keyword arguments)."""
    return Compiler(rt, "<arguments>").c(node)(Scope(None, is_global=True))


def evaluate(text: str, host: Host | None = None, *, path: str = "config.md", line: int = 1, col: int = 1
             ) -> object:
    """The value of Julia code the literal reader cannot read (``Dates.year(Dates.today())``,
    ``get(ENV, "X", "d")``, a ``Dict`` with computed values): its last statement's value.

    ``line``/``col`` say where ``text`` starts in ``path``, for the positions of errors.
    """
    rt = _runtime(path)
    block, diags = parse(normalise(text), path, line=line, col=col)
    if diags:
        d = diags[0]
        raise JuliaError(d)
    with rt.session(host or NullHost()), _errors(path, line, col):
        result = _run(rt, block, path, rt.globals, None)
    _shallow(result, path, line, col)
    return result


def _shallow(value: object, path: str, line: int, col: int) -> None:
    """A value handed out as a page variable nests at most ``MAX_VALUE_DEPTH`` levels (or is FC804)."""
    if too_deep(value):
        raise julia_error(limit(f"the value nests more than {MAX_VALUE_DEPTH} levels deep (or holds "
                                "itself)"), path, line, col)


def run_block(text: str, host: Host | None = None, *, path: str = "config.md", line: int = 1, col: int = 1
              ) -> dict[str, object]:
    """Run a ``+++`` block's statements; the names it assigns, in order, with their values."""
    rt = _runtime(path)
    block, diags = parse(normalise(text), path, line=line, col=col)
    if diags:
        raise JuliaError(diags[0])
    before = set(rt.globals.vars)
    with rt.session(host or NullHost()), _errors(path, line, col):
        _run(rt, block, path, rt.globals, None)
    out = {k: v for k, v in rt.globals.vars.items() if k not in before}
    for v in out.values():
        _shallow(v, path, line, col)
    return out
