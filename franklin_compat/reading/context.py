"""What a parse knows beyond its text: the page, its commands, where to report, its budget."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
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

    def spend(self, n_chars: int, where: str, ctx: Context, offset: int) -> None:
        """One step and ``n_chars`` characters for what is at ``offset`` of ``ctx``'s page (its
        line and column worked out only when the budget runs out)."""
        self.steps -= 1
        self.chars -= n_chars
        if self.steps < 0 or self.chars < 0:
            line, col = ctx.pos(offset)
            raise FranklinError(
                "FC404",
                f"expansion budget exhausted while expanding {where}",
                path=ctx.path,
                line=line,
                col=col,
                hint="a command or environment probably expands into itself; check its definition",
            )


@dataclass
class Context:
    """What a parse needs to know beyond its text."""

    source: Source
    path: str | None = None
    defs: dict[str, A.CommandDef] = field(default_factory=dict)
    user_lx: frozenset[str] = frozenset()
    user_env: frozenset[str] = frozenset()
    strict: bool = True
    diagnostics: list[Diagnostic] = field(default_factory=list)
    budget: Budget = field(default_factory=Budget)
    depth: int = 0
    read_vars: Callable[..., Any] | None = None
    #: evaluate page-variable values that are Julia code (``Site(root, julia=False)`` turns it off)
    julia: bool = True

    def pos(self, offset: int) -> tuple[int, int]:
        return self.source.position(offset)

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
