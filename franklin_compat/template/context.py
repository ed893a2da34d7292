"""What the ``{{ }}`` stage reads and where it reports: :class:`TemplateContext` and its parts.

The stage itself is :mod:`.blocks` (finding and classifying ``{{ … }}``) and :mod:`.render`
(walking them); built-in html functions are in :mod:`.hfuns`, found through :data:`.builtin.HFUNS`.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..core.diagnostics import Diagnostic, FranklinError, FranklinWarning, Severity
from ..core.dictorder import julia_keys
from ..core.hooks import UserCode
from ..core.registry import Registry
from ..core.source import Source, Span
from ..reading.pagevars import Pair, canonical
from .builtin import HFun

"""An html function: ``f(params, ctx) -> html`` (``ctx`` is a :class:`TemplateContext`)."""


class TemplateError(FranklinError):
    """A broken ``{{ … }}`` block or a bad h-function call (Franklin's HTMLBlockError/HTMLFunctionError)."""


class HeaderLike(Protocol):
    """What ``{{toc}}`` reads from a header: its level, anchor id and rendered HTML."""

    @property
    def level(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def html(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Header:
    """A page header, in page order, as ``{{toc}}`` lists it."""

    level: int
    id: str
    html: str


class TagEntryLike(Protocol):
    """What ``{{taglist}}`` reads from a tagged page."""

    @property
    def url(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def date(self) -> object: ...


@dataclass(frozen=True, slots=True)
class TagEntry:
    """One page listed by ``{{taglist}}``.

    ``date`` is the page's ``date`` variable; for a page whose date is
    ``nothing`` Franklin uses the file's creation date, so the site passes
    that.  A missing date sorts last, like Franklin's default ``Date(1)``;
    a missing title shows the url, as Franklin shows ``/path/``.
    """

    url: str  # "/blog/pg4/"
    title: str | None = None
    date: dt.date | None = None


@dataclass(slots=True)
class TemplateContext:
    """Everything the ``{{ }}`` pass may read, and where it reports.

    ``page_vars`` are the page's variables (the caller merges defaults and
    globals as Franklin does); names missing there are looked up in
    ``global_vars``.  Warnings go to ``diagnostics`` and to
    :func:`warnings.warn`; ``{{redirect}}`` targets go to ``redirects``.
    """

    page_vars: dict[str, Any]
    global_vars: dict[str, Any]
    rpath: str = "index.md"
    layout_dir: Path | None = None
    path: str | None = None
    headers: Sequence[HeaderLike] = ()
    page_vars_of: Callable[[str], dict[str, Any] | None] | None = None
    tag_pages: Callable[[str], Sequence[TagEntryLike]] | None = None
    user_hfuns: Registry[HFun] | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)
    unknowable: frozenset[str] = frozenset()
    """Names utils.jl defines (Julia we cannot run): unknown there means 'cannot tell', not an error."""
    source_map: Callable[[int], tuple[int, int, int]] | None = None
    """For HTML made from a page: offset in the HTML → (line, col, offset) in the page."""
    user_code: UserCode | None = None
    """The site's ``utils.jl`` functions, called after the Python replacements of ``user_hfuns``."""
    fd2html: Callable[[str, dict[str, Any]], str] | None = None
    """Franklin's ``fd2html`` (Markdown and page variables → HTML), for html functions that convert."""
    outputs: list[tuple[str, str]] | None = None
    """Files the site's html functions write into the built site (``__site``), by path in it; None
    where nothing is built (a write is then refused)."""

    def defines(self, name: str) -> bool:
        """Franklin's ``haskey(LOCAL_VARS, name)`` (globals are part of the local scope; aliases count)."""
        return any(n in self.page_vars or n in self.global_vars for n in names_of(name))

    def var(self, name: str, default: Any = None) -> Any:
        """Franklin's ``locvar(name)``: the value, or ``default`` (``None``) when undefined."""
        for n in names_of(name):
            if n in self.page_vars:
                return self.page_vars[n]
            if n in self.global_vars:
                return self.global_vars[n]
        return default

    def warn(self, code: str, message: str, hint: str = "") -> None:
        """Record and issue a warning, placed at the ``{{ }}`` block being processed."""
        self.report(code, message, hint=hint)

    def report(self, code: str, message: str, *, severity: Severity = Severity.WARNING,
               hint: str = "") -> None:
        """Record and issue a problem, placed at the ``{{ }}`` block being processed."""
        site = CALL_SITE.get()
        path, line, col, off = site[0].locate(site[1]) if site is not None else (self.path, None, None, None)
        diag = Diagnostic(code=code, message=message, severity=severity, path=path,
                          line=line, col=col, hint=hint, offset=off)
        self.diagnostics.append(diag)
        warnings.warn(FranklinWarning(diag), stacklevel=2)


def names_of(name: str) -> tuple[str, ...]:
    """``name`` and, for an alias such as ``website_descr``, the variable it stands for."""
    canon = canonical(name)
    return (name,) if canon == name else (name, canon)



@dataclass(frozen=True, slots=True)
class Call:
    """A function-call block ``{{name args…}}`` (also ``{{var}}``) and where it is."""

    name: str
    args: tuple[str, ...]
    span: Span



def is_empty(value: object) -> bool:
    """Franklin's emptiness for ``{{isempty}}``: ``nothing``, an empty string or collection, ``Date(1)``."""
    if value is None:
        return True
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value == dt.date(1, 1, 1)
    if isinstance(value, str | list | tuple | dict | set | frozenset):
        return len(value) == 0
    return False


def iterate(value: object) -> list[object] | None:
    """The elements Julia's ``for v in value`` yields; ``None`` when it cannot iterate."""
    if isinstance(value, list | tuple | str):
        return list(value)
    if isinstance(value, dict):
        return [Pair(k, value[k]) for k in julia_keys(value)]
    if isinstance(value, int | float):  # Julia numbers iterate once, over themselves
        return [value]
    return None



class Place:
    """Turns an offset of one text into a diagnostic position; generated text reports its origin."""

    def __init__(
        self,
        text: str,
        path: str | None,
        anchor: tuple[int, int, int] | None = None,
        mapper: Callable[[int], tuple[int, int, int]] | None = None,
    ) -> None:
        self.text = text
        self.path = path
        self.anchor = anchor
        self.mapper = mapper
        self._source: Source | None = None
        self._origin: tuple[Place, int] | None = None

    def generated(self, text: str, offset: int) -> Place:
        """The place of ``text`` made by the block at ``offset`` (a for-loop's expansion): it
        reports there, worked out on its first error only (on a page, that needs the source map).
        Text generated from generated text reports where the first one does, without a chain."""
        place = Place(text, self.path, self.anchor)
        if self.anchor is None:
            place._origin = self._origin or (self, offset)
        return place

    def locate(self, offset: int) -> tuple[str | None, int, int, int]:
        if self.anchor is None and self._origin is not None:
            origin, at = self._origin
            self.anchor = origin.locate(at)[1:]
        if self.anchor is not None:
            return (self.path, *self.anchor)
        if self.mapper is not None:
            return (self.path, *self.mapper(offset))
        if self._source is None:
            # CRLF and lone CR end lines too, as in a page; same length, so offsets still match
            self._source = Source(self.text.replace("\r\n", " \n").replace("\r", "\n"), self.path)
        line, col = self._source.position(offset)
        return self.path, line, col, offset

    def error(self, code: str, message: str, offset: int, hint: str = "") -> TemplateError:
        path, line, col, off = self.locate(offset)
        return TemplateError(code, message, path=path, line=line, col=col, offset=off, hint=hint)



#: The ``{{ }}`` block being processed (its place and offset), for warnings raised while it runs.
CALL_SITE: ContextVar[tuple[Place, int] | None] = ContextVar("franklin_template_call", default=None)
