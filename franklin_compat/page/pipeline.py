"""One page through Franklin's two stages: ``convert_md`` (parse → expand → emit) and ``convert_html``.

The pipeline knows a site only through :class:`SiteView` (what a page needs from its site:
global variables and commands, cached outputs, other pages' variables, tag lists), so it
sits below :mod:`franklin_compat.site`; the public calls that take a site *folder* are in
:mod:`franklin_compat.api`.
"""

from __future__ import annotations

import gc
import os
import re
import warnings
from bisect import bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..core.diagnostics import Diagnostic, FranklinWarning, Severity
from ..core.hooks import UserCode
from ..core.paths import find_root
from ..core.source import Source, Span
from ..reading import ast as A
from ..reading import pagevars
from ..reading.julia_vars import evaluate_unread
from ..reading.parse import Budget, Context, parse_text
from ..reading.reflinks import resolve_reflinks

if TYPE_CHECKING:
    from ..expand.codecache import CachedCode
    from ..template import TagEntry
    from .sections import Plan as Sections


class SiteView(Protocol):
    """What one page reads from its site (implemented by :class:`franklin_compat.Site`)."""

    root: Path
    global_vars: dict[str, Any]
    global_defs: dict[str, A.CommandDef]
    julia: bool

    @property
    def user_lx(self) -> frozenset[str]: ...
    @property
    def user_env(self) -> frozenset[str]: ...
    @property
    def user_code(self) -> UserCode | None: ...

    def cached_code(self, rpath: str, name: str) -> CachedCode: ...
    def page_vars_of(self, relpath: str) -> dict[str, Any] | None: ...
    def tag_entries(self, tag: str) -> Sequence[TagEntry]: ...


def read_page(page: str | os.PathLike[str]) -> tuple[Source, Path | None, str | None]:
    """A page file, the site it belongs to (nearest ``config.md`` above it) and its path there."""
    p = Path(page)
    src = Source.from_path(p)
    root = find_root(p.resolve())
    return src, root, (p.resolve().relative_to(root).as_posix() if root is not None else None)


def _read_vars(kind: str, body: str, offset: int, ctx: Context) -> tuple[list[Any], list[Diagnostic]]:
    if kind == "MD_DEF":
        a, d = pagevars.read_def(body, offset=offset, source=ctx.source)
        assignments, diags = ([a] if a is not None else []), ([d] if d is not None else [])
    else:
        assignments, diags = pagevars.read_toml_block(body, offset=offset, source=ctx.source)
    if ctx.julia:
        return evaluate_unread(kind, body, offset, ctx.source, list(assignments), list(diags))
    return list(assignments), list(diags)


def source_of(text: str | bytes | os.PathLike[str], path: str | None) -> Source:
    """The :class:`Source` of page text, bytes or a file."""
    if isinstance(text, os.PathLike):
        return read_page(text)[0]
    if isinstance(text, bytes):
        return Source.from_bytes(text, path)
    return Source.from_text(text, path)


class _AskedWhenUsed:
    """A site's ``lx_``/``env_`` names, asked of it only when a page uses a command that nothing
    else defines: parsing a page need not run the site's ``utils.jl`` (see ``Site.user_lx``)."""

    __slots__ = ("_names",)

    def __init__(self, names: Callable[[], frozenset[str]]) -> None:
        self._names = names

    def __contains__(self, name: object) -> bool:
        return name in self._names()


def context(
    source: Source, path: str | None, site: SiteView | None, strict: bool,
    diagnostics: list[Diagnostic] | None, *, julia: bool | None = None,
) -> Context:
    """The parse context of one page: its site's commands, a budget sized to the page."""
    return Context(
        source=source,
        path=path,
        defs=dict(site.global_defs) if site is not None else {},
        user_lx=_AskedWhenUsed(lambda: site.user_lx) if site is not None else frozenset(),
        user_env=_AskedWhenUsed(lambda: site.user_env) if site is not None else frozenset(),
        strict=strict,
        diagnostics=diagnostics if diagnostics is not None else [],
        read_vars=_read_vars,
        julia=julia if julia is not None else site.julia if site is not None else True,
        budget=Budget(steps=Budget.steps + len(source.text), chars=Budget.chars + 32 * len(source.text)),
    )


def parse_source(source: Source, ctx: Context, *, assets: bool = True) -> A.Document:
    """Parse a page into its :class:`~franklin_compat.reading.ast.Document` (nothing expanded);
    ``assets=False`` leaves ``Document.assets`` empty, for HTML alone, which never reads it (the
    scan of raw HTML was over half the time of a page of large ``~~~`` tables)."""
    from ..reading.assets import collect_assets

    res = parse_text(source.text, ctx)
    doc = A.Document(
        span=Span(0, len(source.text)),
        children=res.children,
        vars=tuple(res.vars),
        definitions=tuple(res.definitions),
        link_defs=tuple(res.link_defs),
        comments=tuple(res.comments),
        source=source,
    )
    if doc.link_defs and doc.page_vars().get("reflinks", True) is not False:
        doc = resolve_reflinks(doc)
    return collect_assets(doc) if assets else doc


def parse(
    text: str | bytes | os.PathLike[str],
    path: str | None = None,
    *,
    strict: bool = True,
    site: SiteView | None = None,
    diagnostics: list[Diagnostic] | None = None,
    julia: bool | None = None,
) -> A.Document:
    """Parse one page (text, bytes or a file) with the commands of ``site``; ``julia`` says whether
    values written as Julia code are evaluated (default: as ``site`` says, else yes)."""
    source = source_of(text, path)
    path = path or source.path
    return parse_source(source, context(source, path, site, strict, diagnostics, julia=julia))


def variables(
    site: SiteView | None, global_vars: Mapping[str, Any] | None, page_vars: Mapping[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Globals (defaults < config.md < caller) and locals (defaults, then globals of the same name)."""
    gvars: dict[str, Any] = dict(pagevars.GLOBAL_DEFAULTS)
    if site is not None:
        gvars.update(site.global_vars)
    gvars.update(global_vars or {})
    pvars: dict[str, Any] = dict(pagevars.LOCAL_DEFAULTS)
    for k, v in gvars.items():
        if k in pvars:
            pvars[k] = v
    pvars.update(page_vars or {})
    return gvars, pvars


@dataclass
class PageResult:
    """One page after the Markdown stage: HTML with ``{{ }}`` left, and what was learnt."""

    html: str
    document: A.Document
    page_vars: dict[str, Any]
    global_vars: dict[str, Any]
    headers: list[Any] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    strict: bool = True
    #: where each ``{{`` of ``html`` is in the page, when ``document`` has no children (a page
    #: written in sections: :mod:`.sections`)
    origins: list[int] | None = None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a page is converted.

    A page's tokens and nodes are freed by reference counting; the collector only walks
    them: a megabyte of small nodes (issue #16) sets off a dozen full collections, each
    over every live token and node, a fifth to a third of the time.  The collector is left
    as it was found: off stays off, a nested call (``fd2html``) leaves it to the outermost,
    and what cyclic garbage a conversion made is collected once it is back on.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def markdown_stage(
    text: str | bytes | A.Document,
    *,
    path: str | None = None,
    page_vars: Mapping[str, Any] | None = None,
    global_vars: Mapping[str, Any] | None = None,
    site: SiteView | None = None,
    strict: bool = True,
    html: bool = True,
    assets: bool = True,
    sections: bool = False,
) -> PageResult:
    """Franklin's ``convert_md``: parse, expand, emit HTML (``{{ }}`` still to fill).

    With ``html=False`` (another output format) no HTML is written; the page's title still
    comes from its first header, as the HTML would give it.  With ``assets=False`` the
    document's asset list is left empty (for a caller that only wants the HTML).  With
    ``sections`` (for a caller that only wants the HTML: the result's ``document`` may have
    no children), a page longer than :data:`.sections.THRESHOLD` is written one section at
    a time (:mod:`.sections`)."""
    from . import sections as S

    diags: list[Diagnostic] = []
    page = _Page(page_vars, global_vars, site, html)
    with collector_paused():
        res: PageResult | None = None
        if isinstance(text, A.Document):
            source = text.source or Source.from_text("", path)
            res = page.stage(text, context(source, path, site, strict, diags))
        else:
            source = source_of(text, path)
            if sections and html and len(source.text) > S.THRESHOLD and not source.crlf:
                ctx = context(source, path, site, strict, diags)
                plan = S.plan(source, ctx)
                if plan is not None:
                    res = page.stage(plan.document, ctx, plan)
            if res is None:
                diags.clear()
                ctx = context(source, path, site, strict, diags)
                doc = parse_source(source, ctx, assets=assets)
                # a code block that runs (```julia:ex, ```!) is written with a fence: the page's
                # blocks are looked for in a document given, or a text with one
                res = page.stage(doc, ctx, code_blocks=[] if "```" not in source.text else None)
        assert res is not None
    for d in diags:
        if d.severity is not Severity.INFO:
            warnings.warn(FranklinWarning(d), stacklevel=2)
    return res


@dataclass
class _Page:
    """What :func:`markdown_stage` is given beside the page: its variables and site."""

    page_vars: Mapping[str, Any] | None
    global_vars: Mapping[str, Any] | None
    site: SiteView | None
    html: bool

    def stage(self, doc: A.Document, ctx: Context, plan: Sections | None = None,
              code_blocks: list[A.CodeBlock] | None = None) -> PageResult | None:
        """Expand and write ``doc`` (with ``plan``: the page in its sections; None when they
        cannot be written as the whole page would be)."""
        from ..emit.html import HtmlEmitter
        from ..expand.expander import Expander
        from ..expand.facts import facts_of
        from .sections import write

        site = self.site
        gvars, pvars = variables(site, self.global_vars, self.page_vars)
        for a in doc.vars:
            pvars[a.name] = pvars[pagevars.canonical(a.name)] = a.value
        pvars.setdefault("fd_rpath", "index.md")
        rpath = str(pvars.get("fd_rpath") or "index.md")
        expander = Expander(
            ctx,
            rpath=rpath,
            root=site.root if site is not None else None,
            outputs=site.cached_code if site is not None else None,
            variables={**gvars, **pvars},
            user_code=site.user_code if site is not None else None,
            page_vars=pvars,
        )
        origins = None
        if plan is not None:
            assert doc.source is not None
            written = write(doc.source, ctx, plan, expander,
                            lambda facts: HtmlEmitter(pvars, gvars, facts=facts))
            if written is None:
                return None
            out, facts, headers, origins = written.html, written.facts, written.headers, written.origins
        else:
            doc = expander.document(doc, code_blocks=code_blocks)
            facts = facts_of(doc)
        if facts.has_code and gvars.get("autocode", True):
            pvars["hascode"] = True
        if facts.has_math and gvars.get("automath", True):
            pvars["hasmath"] = True
        if plan is None:
            emitter = HtmlEmitter(pvars, gvars, facts=facts)
            out = emitter.document(doc) if self.html else ""
            headers = emitter.state.headers
        if pvars.get("title") is None:
            title = headers[0].html if headers else None if self.html else emitter.first_header(doc)
            if title is not None:
                pvars["title"] = title
        return PageResult(out, doc, pvars, gvars, headers, ctx.diagnostics, ctx.strict, origins)


def fd2html(site: SiteView | None, global_vars: Mapping[str, Any]) -> Callable[[str, dict[str, Any]], str]:
    """Franklin's ``fd2html`` for html functions: Markdown → HTML with the page's variables."""

    def run(markdown: str, page_vars: dict[str, Any]) -> str:
        res = markdown_stage(markdown, page_vars=page_vars, global_vars=global_vars, site=site,
                             assets=False)
        return template_stage(res, site, None)

    return run


def template_stage(res: PageResult, site: SiteView | None, path: str | None) -> str:
    """Franklin's ``convert_html`` on the page's HTML: the ``{{ }}`` pass (none to make when the
    HTML holds no ``{{``, as most pages' HTML does not)."""
    if "{{" not in res.html:
        return res.html
    from ..core.hooks import USER_HFUNS
    from ..template import TemplateContext
    from ..template import render_template as _render

    with collector_paused():
        html = res.html
        ctx = TemplateContext(
            page_vars=res.page_vars,
            global_vars=res.global_vars,
            rpath=str(res.page_vars.get("fd_rpath") or "index.md"),
            layout_dir=site.root / "_layout" if site is not None else None,
            path=path,
            headers=res.headers,
            page_vars_of=site.page_vars_of if site is not None else None,
            tag_pages=site.tag_entries if site is not None else None,
            user_hfuns=USER_HFUNS,
            user_code=site.user_code if site is not None else None,
            source_map=source_map(html, res.document, res.origins),
            fd2html=fd2html(site, res.global_vars),
        )
        return _render(html, ctx)


def source_map(html: str, doc: A.Document, origins: list[int] | None = None
               ) -> Callable[[int], tuple[int, int, int]] | None:
    """Offsets in the page's HTML → (line, col, offset) in the page, through its ``{{``
    (``origins``: where they are, when known; else found in ``doc``).

    Built on the first call only: a page whose ``{{ }}`` blocks all work never needs it.
    """
    source = doc.source
    if source is None or not source.text:
        return None
    pairs: list[tuple[int, int]] | None = None

    def locate(offset: int) -> tuple[int, int, int]:
        nonlocal pairs
        if pairs is None:
            from ..emit.html import template_origins

            pairs = list(zip((m.start() for m in re.finditer(r"\{\{", html)),
                             template_origins(doc) if origins is None else origins, strict=False))
        k = bisect_right(pairs, (offset, len(source.text) + 1)) - 1
        if k < 0:
            at = 0
        else:
            h, o = pairs[k]
            at = o + (offset - h)
            end = source.text.find("\n", o)
            at = min(at, end if end != -1 else len(source.text))
        line, col = source.position(at)
        return line, col, at

    return locate


#: the built-in formats that never read ``Document.assets`` when given a page alone (the
#: Markdown targets read it only for ``migrate``'s links); JSON and other emitters get it
_ASSETS_UNREAD = frozenset(
    {"html", "commonmark", "gfm", "hugo", "jekyll", "quarto", "mkdocs", "documenter", "pandoc-json"}
)


def convert(
    text: str | bytes | os.PathLike[str] | A.Document,
    to: str = "html",
    *,
    page_vars: Mapping[str, Any] | None = None,
    global_vars: Mapping[str, Any] | None = None,
    site: SiteView | None = None,
    path: str | None = None,
) -> str:
    """One page to ``to``: ``html`` is Franklin's ``fd2html``; any other name is an emitter.

    Every output is written from the tree the HTML is written from: expanded, with the
    page's full variables (defaults, config.md, the page's own).
    """
    if isinstance(text, os.PathLike):
        source = read_page(text)[0]
        text, path = source.as_read(), path or source.path
    # one pause over both stages, the page's tree let go inside it: the collector, back on,
    # walks the objects made since it went off that are still alive (the whole tree, else)
    with collector_paused():
        res = markdown_stage(text, path=path, page_vars=page_vars, global_vars=global_vars, site=site,
                             html=to == "html", assets=to not in _ASSETS_UNREAD, sections=to == "html")
        if to == "html":
            out = template_stage(res, site, path)
        else:
            from ..emit import EMITTERS

            out = EMITTERS.get(to)(res.document, page_vars=res.page_vars, global_vars=res.global_vars)
        del res
    return out


def render_template(
    html: str,
    *,
    page_vars: Mapping[str, Any] | None = None,
    global_vars: Mapping[str, Any] | None = None,
    site: SiteView | None = None,
    path: str | None = None,
) -> str:
    """Franklin's ``convert_html``: the ``{{ }}`` pass alone, on HTML."""
    gvars, pvars = variables(site, global_vars, page_vars)
    res = PageResult(html, A.Document(span=Span(0, 0)), pvars, gvars)
    return template_stage(res, site, path)
