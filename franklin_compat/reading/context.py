"""What a parse knows beyond its text: the page, its commands, where to report, its budget."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Container
from dataclasses import dataclass, field, replace
from typing import Any

from ..core.diagnostics import Diagnostic, FranklinError, FranklinSyntaxError, Severity
from ..core.source import Source, Span
from . import ast as A

MAX_DEPTH = 48


@dataclass
class Budget:
    """Shared limit on re-parsing and macro expansion for one conversion.

    A page gets ``steps`` plus one per character, and ``chars`` plus 32 per
    character (``api._context``): the pages of ../shared/corpus use at most 205
    steps and 24 characters per character of the page, and expansion that
    doubles at each level is stopped within a second or two.
    """

    steps: int = 20_000
    chars: int = 20_000_000

    def spend(self, n_chars: int) -> bool:
        """Take a step and ``n_chars`` characters; whether the budget still holds."""
        self.steps -= 1
        self.chars -= n_chars
        return self.steps >= 0 and self.chars >= 0


@dataclass
class Context:
    """What a parse needs to know beyond its text."""

    source: Source
    path: str | None = None
    defs: dict[str, A.CommandDef] = field(default_factory=dict)
    #: names of the site's ``lx_``/``env_`` functions (only asked whether a name is one)
    user_lx: Container[str] = frozenset()
    user_env: Container[str] = frozenset()
    strict: bool = True
    diagnostics: list[Diagnostic] = field(default_factory=list)
    budget: Budget = field(default_factory=Budget)
    depth: int = 0
    read_vars: Callable[..., Any] | None = None
    #: evaluate page-variable values that are Julia code (``Site(root, julia=False)`` turns it off)
    julia: bool = True

    def pos(self, offset: int) -> tuple[int, int]:
        return self.source.position(offset)

    def deeper(self, defs: dict[str, A.CommandDef]) -> Context:
        """The context of a text read inside this one (a div's body, a command's expansion), with
        the definitions in force there; the page, its budget and its diagnostics are shared."""
        return replace(self, defs=defs, depth=self.depth + 1)

    def spend(self, n_chars: int, where: str, offset: int) -> None:
        """Charge the shared budget for reading ``n_chars`` more; exhausted, ``FC404`` at
        ``offset`` (worked out only then: a long page spends once per header, div, command…)."""
        if not self.budget.spend(n_chars):
            line, col = self.pos(offset)
            raise FranklinError(
                "FC404",
                f"expansion budget exhausted while expanding {where}",
                path=self.path,
                line=line,
                col=col,
                hint="a command or environment probably expands into itself; check its definition",
            )

    def error(self, code: str, message: str, offset: int, hint: str = "") -> FranklinSyntaxError:
        line, col = self.pos(offset)
        return FranklinSyntaxError(
            code, message, path=self.path, line=line, col=col, hint=hint, offset=offset
        )

    def report(self, err: FranklinError) -> None:
        """Raise in strict mode; otherwise record and go on (site builds, checks)."""
        if self.strict:
            try:
                raise err
            finally:  # else this frame holds its own traceback: a cycle keeping the page alive
                del err
        self.diagnostics.append(err.diagnostic)

    def warn(self, code: str, message: str, offset: int, hint: str = "") -> None:
        line, col = self.pos(offset)
        self.diagnostics.append(
            Diagnostic(
                code=code,
                message=message,
                severity=Severity.WARNING,
                path=self.path,
                line=line,
                col=col,
                hint=hint,
                offset=offset,
            )
        )


@dataclass
class Parsed:
    children: tuple[A.Node, ...]
    vars: list[A.VarAssignment] = field(default_factory=list)
    definitions: list[A.CommandDef] = field(default_factory=list)
    link_defs: list[A.LinkDef] = field(default_factory=list)
    comments: list[A.Comment] = field(default_factory=list)
    #: whether the text reads here as it reads inside a longer text (a page read in sections
    #: is cut only where every section's reading is local).  Not when Julia's Markdown rewrote
    #: the text mistune read (:mod:`.julia_md`), or would with a list (a line ending with white
    #: space, which it strips): where a rewrite adds or takes characters, the spans after it
    #: are off to the end of the text; nor when the text is read without mistune as one line
    #: (white space Python strips at its ends: :func:`.mdnodes.white_ends`) or as inserts
    #: alone (one keeping its ``<p>``).
    local: bool = True


class SourceText:
    """A piece of text to parse and where it sits in the source (or a fixed span)."""

    def __init__(self, text: str, base: int | None, fixed: Span | None):
        self.text = text
        self.base = base
        self.fixed = fixed

    def span(self, start: int, end: int) -> Span:
        if self.base is None:
            assert self.fixed is not None
            return self.fixed
        return Span(self.base + start, self.base + end)

    def offset(self, i: int) -> int:
        if self.base is None:
            assert self.fixed is not None
            return self.fixed.start
        return self.base + i


class Ranges:
    """Is an offset strictly inside one of some sorted ranges?  Queries may go in any order."""

    def __init__(self, ranges: list[tuple[int, int]]):
        self.starts = [r[0] for r in ranges]
        self.ends = [r[1] for r in ranges]

    def inside(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and self.starts[k] <= pos < self.ends[k]
