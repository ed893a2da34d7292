"""The public calls: ``parse``, ``convert``, ``render_template``.

``convert(text, "html")`` is Franklin's ``fd2html``: the Markdown stage
(parse → expand → emit) and then the template stage on the result.
"""

from __future__ import annotations

import os
import re
import warnings
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.diagnostics import Diagnostic, FranklinError, FranklinWarning, Severity
from ..core.paths import find_root
from ..core.source import Source, Span
from ..reading import ast as A
from ..reading.parse import Budget, Context, parse_text, resolve_reflinks

if TYPE_CHECKING:
    from ..site.site import Site


def _read_vars(kind: str, body: str, offset: int, ctx: Context) -> tuple[list[Any], list[Diagnostic]]:
    from ..reading import pagevars

    if kind == "MD_DEF":
        a, d = pagevars.read_def(body, offset=offset, source=ctx.source)
        return ([a] if a is not None else []), ([d] if d is not None else [])
    assignments, diags = pagevars.read_toml_block(body, offset=offset, source=ctx.source)
    return list(assignments), list(diags)


def read_page(page: str | os.PathLike[str]) -> tuple[Source, Path | None, str | None]:
    """A page file, the site it belongs to (nearest ``config.md`` above it) and its path there."""
    p = Path(page)
    src = Source.from_path(p)
    root = find_root(p.resolve())
    return src, root, (p.resolve().relative_to(root).as_posix() if root is not None else None)


def parse(
    text: str | bytes | os.PathLike[str],
    path: str | None = None,
    *,
    strict: bool = True,
    site: Site | str | os.PathLike[str] | None = None,
    diagnostics: list[Diagnostic] | None = None,
) -> A.Document:
    """Parse one page into a :class:`Document` (AST with spans; nothing expanded).

    ``text`` is the page's text, or a path (``pathlib.Path``) to read it from.
    ``strict`` raises the first error; otherwise errors are recorded in
    ``diagnostics`` and parsing goes on where it can.
    """
    if isinstance(text, os.PathLike):
        source = read_page(text)[0]
        path = path or source.path
    elif isinstance(text, bytes):
        source = Source.from_bytes(text, path)
    else:
        source = Source.from_text(text, path)
    site_obj = _site(site)
    ctx = _context(source, path, site_obj, strict, diagnostics)
    return _parse(source, ctx)


def _context(
    source: Source, path: str | None, site: Site | None, strict: bool, diagnostics: list[Diagnostic] | None
) -> Context:
    return Context(
        source=source,
        path=path,
        defs=dict(site.global_defs) if site is not None else {},
        user_lx=site.user_lx if site is not None else frozenset(),
        user_env=site.user_env if site is not None else frozenset(),
        strict=strict,
        diagnostics=diagnostics if diagnostics is not None else [],
        read_vars=_read_vars,
        budget=Budget(steps=Budget.steps + len(source.text), chars=Budget.chars + 32 * len(source.text)),
    )


def _parse(source: Source, ctx: Context) -> A.Document:
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
    from ..reading.assets import collect_assets

    return collect_assets(doc)


def _variables(
    site: Site | None, global_vars: Mapping[str, Any] | None, page_vars: Mapping[str, Any] | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Globals (defaults < config.md < caller) and locals (defaults, then globals of the same name)."""
    from ..reading import pagevars

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


def _site(site: Site | str | os.PathLike[str] | None) -> Site | None:
    if site is None:
        return None
    from ..site.site import Site

    return site if isinstance(site, Site) else Site.cached(site)


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


def markdown_stage(
    text: str | bytes | A.Document,
    *,
    path: str | None = None,
    page_vars: Mapping[str, Any] | None = None,
    global_vars: Mapping[str, Any] | None = None,
    site: Site | str | os.PathLike[str] | None = None,
    strict: bool = True,
) -> PageResult:
    """Franklin's ``convert_md``: parse, expand, emit HTML (``{{ }}`` still to fill)."""
    from ..emit.html import HtmlEmitter
    from ..expand.expander import Expander
    from ..reading import pagevars

    site_obj = _site(site)
    diags: list[Diagnostic] = []
    if isinstance(text, A.Document):
        doc = text
        source = doc.source or Source.from_text("", path)
        ctx = _context(source, path, site_obj, strict, diags)
    else:
        source = Source.from_bytes(text, path) if isinstance(text, bytes) else Source.from_text(text, path)
        ctx = _context(source, path, site_obj, strict, diags)
        doc = _parse(source, ctx)
    gvars, pvars = _variables(site_obj, global_vars, page_vars)
    for a in doc.vars:
        pvars[a.name] = pvars[pagevars.canonical(a.name)] = a.value
    pvars.setdefault("fd_rpath", "index.md")
    rpath = str(pvars.get("fd_rpath") or "index.md")
    expander = Expander(
        ctx,
        rpath=rpath,
        root=site_obj.root if site_obj is not None else None,
        outputs=site_obj.cached_output if site_obj is not None else None,
    )
    doc = expander.document(doc)
    if any(_is_code(n) for n in A.walk(doc)) and gvars.get("autocode", True):
        pvars["hascode"] = True
    if any(isinstance(n, A.Math) for n in A.walk(doc)) and gvars.get("automath", True):
        pvars["hasmath"] = True
    emitter = HtmlEmitter(pvars, gvars)
    html = emitter.document(doc)
    headers = emitter.state.headers
    if pvars.get("title") is None and headers:
        pvars["title"] = headers[0].html
    for d in diags:
        if d.severity is not Severity.INFO:
            warnings.warn(FranklinWarning(d), stacklevel=2)
    return PageResult(html, doc, pvars, gvars, headers, diags, strict)


def _is_code(n: A.Node) -> bool:
    """A node that makes Franklin set ``hascode``: a code block, or a Literate script (its cells)."""
    return isinstance(n, A.CodeBlock) or (isinstance(n, A.Unresolved) and n.what == "literate")


def convert(
    text: str | bytes | os.PathLike[str] | A.Document,
    to: str = "html",
    *,
    page_vars: Mapping[str, Any] | None = None,
    global_vars: Mapping[str, Any] | None = None,
    site: Site | str | os.PathLike[str] | None = None,
    path: str | None = None,
) -> str:
    """Convert one page (text, bytes, a parsed :class:`Document`, or a path) to ``to``.

    ``to="html"`` gives what Franklin's ``fd2html`` gives (no layout); any other
    name is an emitter of :data:`franklin_compat.emit.EMITTERS` (``gfm``, ``json``…).
    A path (``pathlib.Path``) is read, and the site it belongs to (the nearest
    folder above it with a ``config.md``) gives the global variables and commands.
    """
    if isinstance(text, os.PathLike):
        source, root, rel = read_page(text)
        text, path = source.text, path or source.path
        site = root if site is None else site
        if rel is not None:
            page_vars = {"fd_rpath": rel, **(page_vars or {})}
    if to == "html":
        res = markdown_stage(text, path=path, page_vars=page_vars, global_vars=global_vars, site=site)
        return _template(res.html, res, _site(site), path)
    from ..emit import EMITTERS

    emit = EMITTERS.get(to)
    # Every output is written from the tree the HTML is written from: expanded,
    # with the page's full variables (defaults, config.md, the page's own).
    res = markdown_stage(text, path=path, page_vars=page_vars, global_vars=global_vars, site=site)
    out: str = emit(res.document, page_vars=res.page_vars, global_vars=res.global_vars)
    return out


def _template(html: str, res: PageResult, site: Site | None, path: str | None) -> str:
    from ..template.engine import TemplateContext
    from ..template.engine import render_template as _render

    ctx = TemplateContext(
        page_vars=res.page_vars,
        global_vars=res.global_vars,
        rpath=str(res.page_vars.get("fd_rpath") or "index.md"),
        layout_dir=site.root / "_layout" if site is not None else None,
        path=path,
        headers=res.headers,
        page_vars_of=site.page_vars_of if site is not None else None,
        tag_pages=site.tag_entries if site is not None else None,
        user_hfuns=_user_hfuns(),
        source_map=_source_map(html, res.document),
    )
    return _render(html, ctx)


def _source_map(html: str, doc: A.Document) -> Callable[[int], tuple[int, int, int]] | None:
    """Offsets in the page's HTML → (line, col, offset) in the page, through its ``{{``."""
    if doc.source is None or not doc.source.text:
        return None
    from ..emit.html import template_origins

    source = doc.source
    in_html = [m.start() for m in re.finditer(r"\{\{", html)]
    in_src = template_origins(doc)
    pairs = list(zip(in_html, in_src, strict=False))

    def locate(offset: int) -> tuple[int, int, int]:
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


def _user_hfuns() -> Any:
    from ..core.hooks import USER_HFUNS

    return USER_HFUNS


def render_template(
    html: str,
    *,
    page_vars: Mapping[str, Any] | None = None,
    global_vars: Mapping[str, Any] | None = None,
    site: Site | str | os.PathLike[str] | None = None,
    path: str | None = None,
) -> str:
    """Franklin's ``convert_html``: the ``{{ }}`` pass alone, on HTML."""
    site_obj = _site(site)
    gvars, pvars = _variables(site_obj, global_vars, page_vars)
    res = PageResult(html, A.Document(span=Span(0, 0)), pvars, gvars)
    return _template(html, res, site_obj, path)


__all__ = [
    "FranklinError",
    "FranklinWarning",
    "PageResult",
    "convert",
    "markdown_stage",
    "parse",
    "render_template",
]
