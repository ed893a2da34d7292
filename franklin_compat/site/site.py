"""A whole Franklin site: ``config.md``, layouts, pages, and what a build writes.

Franklin's own rules decide which files are pages, where each output goes and
how a page is assembled (``src/manager/dir_utils.jl``, ``file_utils.jl``,
``write_page.jl``; reference §5).  Only files inside the root are read
(:func:`paths.inside`); sources are never written; a build writes, atomically,
only into the folder the caller names.  The built site is the deployed one:
``prepath`` is applied to links, as Franklin's ``optimize``/``publish`` do,
and ``draft`` pages are left out.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..core.diagnostics import Diagnostic, FranklinError
from ..core.lazy_re import lazy_compile
from ..core.paths import inside, julia_joinpath, url_to_file
from ..core.refs import refstring
from ..core.source import Source
from ..reading import ast as A
from .files import SPECIAL_DIRS, Kind, SiteFiles, SourceFile, warning
from .utils_jl import UtilsJl

if TYPE_CHECKING:  # what only a build or a page's rendering needs is imported there
    from ..expand.codecache import CachedCode
    from ..page.pipeline import PageResult
    from ..template import TagEntry, TemplateContext
    from .build import BuildReport

_ASSIGNED = lazy_compile(r"\s*(?:@def\s+)?([^\W\d]\w*)\s*=")
_PREPATH_FIX = lazy_compile(r"""(src|href|formaction|action|url)\s*?=\s*?(["']?)/""")
_NO_DATE = dt.date(1, 1, 1)
_WEBSITE_VARS = ("website_title", "website_url", "website_description")


@dataclass
class RenderedPage:
    """A page after both stages and the layout: the files it yields and what the site-wide files need."""

    rel: str
    files: list[tuple[str, str]]  # (output path, html); the first is the page itself
    page_vars: dict[str, Any]
    redirects: list[str]
    diagnostics: list[Diagnostic]
    ctx: TemplateContext
    #: files the site's html functions wrote into the built site (path in it, text)
    outputs: list[tuple[str, str]] = field(default_factory=list)



def _stat(path: Path, rel: str) -> os.stat_result:
    """``stat`` a source file; an unreadable one (a broken link…) is ``FC001`` on it, not an OSError."""
    try:
        return path.stat()
    except OSError as e:
        raise FranklinError(
            "FC001", f"cannot read {rel}: {e.strerror or e}", path=rel,
            hint="check that the file exists and is readable (a broken symbolic link?)") from None



class Site(SiteFiles, UtilsJl):
    """A Franklin site folder (the one holding ``config.md``)."""

    _cache: ClassVar[dict[str, tuple[tuple[float, ...], Site]]] = {}

    def __init__(self, root: str | os.PathLike[str], *, julia: bool = True) -> None:
        """``julia=False`` leaves ``utils.jl`` unrun: calls to its functions stay as written."""
        self.root = Path(root).resolve()
        self.julia = julia
        if not self.root.is_dir():
            raise FranklinError("FC601", f"{root} is not a folder",
                                hint="name the folder that holds config.md")
        self._diagnostics: list[Diagnostic] = []
        self.global_vars: dict[str, Any] = {}
        self.global_defs: dict[str, A.CommandDef] = {}
        self.unread_globals: frozenset[str] = frozenset()  # config.md values that are Julia code
        self._results: dict[str, tuple[tuple[int, int], PageResult]] = {}
        self._vars: dict[str, tuple[PageResult, dict[str, Any]]] = {}
        #: Layouts a build found leading out of the site: reported once, then taken as empty.
        self.refused_layouts: set[str] = set()
        self._known: dict[str, dict[str, Any]] = {}
        self._files: list[SourceFile] | None = None
        self._exclude: Path | None = None  # a build's output folder inside the root: not a source
        self._tags: dict[str, list[str]] | None = None
        #: the page a build's first round is planning on a worker (see :func:`.build.plan_pages`)
        self.planning: str | None = None
        self._read_config()
        self._read_utils(self.root / "utils.jl")
        self._file_rules, self._dir_rules = self._ignore_rules()

    @classmethod
    def cached(cls, root: str | os.PathLike[str], *, julia: bool = True) -> Site:
        """A Site per folder, read again when its config.md or utils.jl changes."""
        path = Path(root).resolve()
        key = f"{path}\0{julia}"
        stamp = tuple(f.stat().st_mtime if f.is_file() else 0.0
                      for f in (path / "config.md", path / "utils.jl"))
        hit = cls._cache.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        site = cls(path, julia=julia)
        cls._cache[key] = (stamp, site)
        return site

    # -- reading ---------------------------------------------------------------

    def _read_config(self) -> None:
        from ..page.pipeline import parse
        from ..reading import pagevars

        cfg = self.root / "config.md"
        explicit_rss = False
        if cfg.is_file():
            src = Source.from_path(cfg)
            doc = parse(src.text, "config.md", strict=False, diagnostics=self._diagnostics, julia=self.julia)
            for a in doc.vars:
                self.global_vars[pagevars.canonical(a.name)] = a.value
                explicit_rss = explicit_rss or a.name == "generate_rss"
            for d in doc.definitions:
                self.global_defs[d.name] = d
            self.unread_globals = frozenset(
                m.group(1)
                for d in self._diagnostics
                if d.code == "FC201" and d.line is not None
                for m in [_ASSIGNED.match(src.line_text(d.line))]
                if m
            )
        g = self.globals()
        # Franklin's docs: with the three website_* variables set, RSS is on unless turned off.
        if not explicit_rss and all(g.get(k) for k in _WEBSITE_VARS):
            self.global_vars["generate_rss"] = True
        rss_url = julia_joinpath(str(g.get("website_url") or ""), str(g.get("rss_file") or "feed"))
        self.global_vars["fd_rss_feed_url"] = rss_url + ".xml"

    def globals(self) -> dict[str, Any]:
        """Franklin's global variables: defaults, then ``config.md``."""
        from ..reading.pagevars import GLOBAL_DEFAULTS

        return {**GLOBAL_DEFAULTS, **self.global_vars}

    def read(self, relpath: str) -> Source:
        """A source file of the site; paths leading outside the root are refused (``FC501``)."""
        return Source.from_path(inside(self.root, relpath, what="page"))

    # -- page variables ------------------------------------------------------------

    def _computed_vars(self, relpath: str) -> dict[str, Any]:
        """``fd_*`` variables Franklin sets before converting a page (dates: :meth:`file_time`)."""
        from .dates import julia_date

        mtime = self.file_time(relpath)
        g = self.globals()
        fd_url = self.url_curpage(relpath)
        date_text = julia_date(mtime, str(g.get("date_format") or "U dd, yyyy"), g)
        return {
            "fd_rpath": relpath,
            "fd_url": fd_url,
            "fd_full_url": self._full_url(fd_url),
            "fd_ctime": date_text,
            "fd_mtime": date_text,
            "fd_mtime_raw": mtime.date(),
        }

    def file_time(self, relpath: str) -> dt.datetime:
        """A file's mtime in UTC, clamped to ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
        stamp = _stat(inside(self.root, relpath), relpath).st_mtime
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        if epoch.isdigit():
            stamp = min(stamp, int(epoch))
        return dt.datetime.fromtimestamp(stamp, tz=dt.UTC)

    def _full_url(self, fd_url: str) -> str:
        return str(self.global_vars.get("website_url") or "").rstrip("/") + fd_url

    def _markdown(self, relpath: str) -> PageResult:
        """The Markdown stage of a page, kept while the file is unchanged."""
        from ..page.pipeline import markdown_stage

        st = _stat(inside(self.root, relpath, what="page"), relpath)
        stamp = (st.st_mtime_ns, st.st_size)
        hit = self._results.get(relpath)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        src = self.read(relpath)
        text = ("\ufeff" if src.bom else "") + src.as_read()  # the BOM shows in Franklin's HTML
        res = markdown_stage(text, path=relpath, page_vars=self._computed_vars(relpath), site=self,
                             strict=False)
        self._results[relpath] = (stamp, res)
        return res

    def markdown_stage(self, relpath: str) -> PageResult:
        """The page after Franklin's Markdown stage: its expanded tree, variables and diagnostics."""
        return self._markdown(relpath)

    def page_vars_of(self, relpath: str) -> dict[str, Any] | None:
        """Variables of another page (``{{fill v blog/pg1}}``); Franklin reads ``blog/pg1.md``."""
        rel = relpath.lstrip("/")
        stem, ext = posixpath.splitext(rel)
        rel = (stem if ext in (".md", ".html") else rel) + ".md"
        try:
            return self._page_vars(rel)
        except (FranklinError, OSError):
            return None

    def remember_vars(self, rel: str, page_vars: dict[str, Any] | None) -> None:
        """Take a page's variables as computed elsewhere (a build's worker process), until
        :meth:`forget_vars`; ``None`` forgets them at once."""
        if page_vars is None:
            self._known.pop(rel, None)
        else:
            self._known[rel] = page_vars

    def forget_vars(self) -> None:
        """Drop what :meth:`remember_vars` was told: the files may change after a build."""
        self._known.clear()

    def _page_vars(self, rel: str) -> dict[str, Any]:
        """A page's variables after the Markdown stage, with the URL its ``slug`` gives it: the same
        whichever pages were rendered before (so that a build on several processes is the same)."""
        known = self._known.get(rel)
        if known is not None:
            return known
        if self.planning is not None and rel != self.planning and rel not in self._results:
            from .build import PageDeferred

            raise PageDeferred(rel)  # another worker converts that page: wait for its variables
        found = self._vars.get(rel)
        res = self._markdown(rel)
        if found is not None and found[0] is res:
            return found[1]
        pvars = res.page_vars
        if pvars.get("slug"):
            pvars = dict(pvars)
            pvars["fd_url"] = "/" + self.output_path(rel, pvars)
            pvars["fd_full_url"] = self._full_url(pvars["fd_url"])
        self._vars[rel] = (res, pvars)
        return pvars

    def cached_output(self, rpath: str, name: str) -> tuple[str | None, str | None]:
        """``(.out, .res)`` Franklin cached for code block ``name`` of page ``rpath`` (``None``: absent)."""
        cached = self.cached_code(rpath, name)
        return cached.out, cached.res

    def cached_code(self, rpath: str, name: str) -> CachedCode:
        """What Franklin keeps for code block ``name`` of page ``rpath``: its ``.out``, ``.res`` and
        the code it ran (``code/NAME.jl``), read as they are; a name leading outside the site raises."""
        from ..expand.codecache import CachedCode, code_paths

        paths = code_paths(name, rpath)
        return CachedCode(out=self._site_file(paths.out), res=self._site_file(paths.res),
                          script=self._site_file(paths.script))

    def _site_file(self, url: str) -> str | None:
        """The text of the first file a site URL is served from (built site, then sources)."""
        for f in url_to_file(self.root, url):
            if f.is_file():
                try:
                    return f.read_bytes().decode("utf-8", errors="replace")
                except OSError as e:
                    raise FranklinError("FC001", f"cannot read {url}: {e.strerror or e}",
                                        hint="make the file readable") from None
        return None

    # -- tags ----------------------------------------------------------------------

    def _tag_index(self) -> dict[str, list[str]]:
        """Tag folder name (``refstring`` of the tag) → the ``.md`` pages carrying it, in source order."""
        if self._tags is None:
            index: dict[str, list[str]] = {}
            for f in self.files():
                if f.kind is not Kind.MD:
                    continue
                v = self.page_vars_of(f.rel) or {}
                tags = v.get("tags")
                if v.get("draft") is True or not isinstance(tags, list | tuple):
                    continue
                for key in dict.fromkeys(refstring(str(t)) for t in tags):
                    index.setdefault(key, []).append(f.rel)
            self._tags = index
        return self._tags

    def tag_entries(self, tag: str) -> list[TagEntry]:
        """The pages ``{{taglist}}`` lists for ``tag``; a ``nothing`` date falls back to the file's date."""
        from ..reading.pagevars import parse_date
        from ..template import TagEntry

        out: list[TagEntry] = []
        for rel in self._tag_index().get(refstring(tag), []):
            v = self.page_vars_of(rel) or {}
            date = v.get("date")
            if date is None:
                date = v.get("fd_mtime_raw")
            title = v.get("title")
            out.append(TagEntry(url=self.url(rel), title=None if title is None else str(title),
                                date=parse_date(date)))
        return out

    # -- whole pages -----------------------------------------------------------------

    def _layout(self, name: str, folder: str = "_layout") -> str:
        """A layout file's text; ``""`` when the site has none (or a build refused it already)."""
        if f"{folder}/{name}" in self.refused_layouts:
            return ""
        f = inside(self.root, f"{folder}/{name}")
        return f.read_text(encoding="utf-8", errors="replace") if f.is_file() else ""

    def _layout_rss(self, name: str) -> str:
        """An RSS template from ``_rss/``; ``""`` when the site relies on Franklin's default."""
        return self._layout(name, "_rss")

    def _context(self, rel: str, page_vars: dict[str, Any], global_vars: dict[str, Any],
                 headers: list[Any], rpath: str) -> TemplateContext:
        from ..core.hooks import USER_HFUNS
        from ..page.pipeline import fd2html
        from ..template import TemplateContext

        return TemplateContext(page_vars=page_vars, global_vars=global_vars, rpath=rpath,
                               layout_dir=self.root / "_layout", path=rel, headers=headers,
                               page_vars_of=self.page_vars_of, tag_pages=self.tag_entries,
                               user_hfuns=USER_HFUNS, user_code=self.user_code,
                               fd2html=fd2html(self, global_vars),
                               unknowable=self.utils_globals | self.user_hfuns | self.unread_globals)

    def _fix_links(self, html: str) -> str:
        """Franklin's final-pass ``fix_links``: ``href="/x"`` → ``href="/prepath/x"`` (quirks kept)."""
        prepath = str(self.global_vars.get("prepath") or "")
        if not prepath:
            return html
        return _PREPATH_FIX.sub(lambda m: f'{m[1]}="/{prepath.strip("/")}/', html)

    def _wrap(self, body: str) -> str:
        """``build_page``'s content element, from the global ``div_content`` or ``content_*`` variables."""
        g = self.globals()
        div_content = str(g.get("div_content") or "")
        if div_content:
            tag, cls, ident = "div", div_content, ""
        else:
            tag, cls, ident = (str(g.get(k) or "") for k in ("content_tag", "content_class", "content_id"))
        if not tag:
            return body
        attrs = (f' class="{cls}"' if cls else "") + (f' id="{ident}"' if ident else "")
        return f"<{tag}{attrs}>{body}</{tag}>"

    def render(self, relpath: str) -> RenderedPage:
        """A page as Franklin builds it: ``.md`` through both stages and the layout, ``.html`` templated."""
        rel = relpath.lstrip("/")
        if rel.endswith((".html", ".htm")):
            return self._render_html(rel)
        return self._render_md(rel)

    def page_html(self, relpath: str) -> str:
        """The page as Franklin writes it into ``__site`` (layout included; first page if paginated)."""
        return self.render(relpath).files[0][1]

    def _render_md(self, rel: str) -> RenderedPage:
        from ..page.pipeline import source_map
        from ..template import render_template

        res = self._markdown(rel)
        pvars = dict(self._page_vars(rel))
        out = self.output_path(rel, pvars)
        ctx = self._context(rel, pvars, res.global_vars, res.headers, rel)
        ctx.outputs = []
        page_map = source_map(res.html, res.document)  # the page's own {{ }}: positions in the page
        head, content, pgfoot, foot = (
            render_template(text, replace(ctx, path=path, source_map=mapper)) for text, path, mapper in (
                (self._layout("head.html"), "_layout/head.html", None), (res.html, rel, page_map),
                (self._layout("page_foot.html"), "_layout/page_foot.html", None),
                (self._layout("foot.html"), "_layout/foot.html", None)))
        pvars["fd_page_html"] = content
        diagnostics = [d.located(rel) for d in (*res.diagnostics, *ctx.diagnostics)]
        files = [(out, self._fix_links(head + self._wrap(body + pgfoot) + foot))
                 for out, body in self._paginate(out, content, pvars, diagnostics, rel)]
        return RenderedPage(rel, files, pvars, ctx.redirects, diagnostics, ctx, ctx.outputs)

    def _paginate(self, out: str, content: str, pvars: dict[str, Any], diagnostics: list[Diagnostic],
                  rel: str) -> list[tuple[str, str]]:
        """``{{paginate v n}}``: page 1 at the page's path and at ``1/``, page k at ``k/`` beside it."""
        from ..reading.pagevars import to_julia_string
        from ..template.hfuns import PAGINATE

        name = pvars.get("paginate_itr")
        items = pvars.get(str(name)) if name is not None else None
        if not isinstance(items, list | tuple) or PAGINATE not in content:
            return [(out, content)]
        npp = pvars.get("paginate_npp")
        per_page = npp if isinstance(npp, int) and npp > 0 else 10
        outdir = posixpath.dirname(out)
        pages: list[tuple[str, str]] = []
        for k in range(math.ceil(len(items) / per_page)):
            chunk = "".join(to_julia_string(e) for e in items[k * per_page:(k + 1) * per_page])
            body = content.replace(PAGINATE, chunk)
            if k == 0:
                pages.append((out, body))
            pages.append((posixpath.join(outdir, str(k + 1), "index.html"), body))
        if not pages:
            diagnostics.append(warning("FC606", f"{{{{paginate {name} …}}}} runs over an empty list: "
                                        "Franklin writes no page at all", rel,
                                        f"give '{name}' at least one item"))
            return [(out, content.replace(PAGINATE, ""))]
        return pages

    def _render_html(self, rel: str) -> RenderedPage:
        from ..page.pipeline import variables
        from ..template import render_template

        gvars, pvars = variables(self, None, {"fd_rpath": rel, "fd_url": self.url_curpage(rel)})
        ctx = self._context(rel, pvars, gvars, [], rel)
        ctx.outputs = []
        html = render_template(self.read(rel).text, ctx)
        out = self.output_path(rel, pvars)
        diagnostics = [d.located(rel) for d in ctx.diagnostics]
        return RenderedPage(rel, [(out, self._fix_links(html))], pvars, ctx.redirects, diagnostics, ctx,
                            ctx.outputs)

    def render_tag_page(self, tag: str) -> str:
        """A tag page from ``_layout/tag.html``, or Franklin's default when the site has none."""
        from ..page.pipeline import variables
        from ..template import render_template
        from .build import default_tag_layout

        layout = self._layout("tag.html") or default_tag_layout(self.globals())
        tag_dir = str(self.globals().get("tag_page_path") or "tag").strip("/")
        gvars, pvars = variables(self, None, {"fd_tag": tag, "fd_url": f"/{tag_dir}/{tag}/index.html"})
        ctx = self._context("_layout/tag.html", pvars, gvars, [], f"/{tag_dir}/{tag}/")
        return self._fix_links(render_template(layout, ctx))

    # -- the whole site ----------------------------------------------------------------

    def build(self, out_dir: str | os.PathLike[str] | None = None, *,
              progress: Callable[[int, int, str], None] | None = None, jobs: int = 1) -> BuildReport:
        """Write the site into ``out_dir`` (default ``ROOT/__site``); a failing page is reported and skipped.

        ``progress(done, total, path)`` is called before each page; ``jobs`` > 1 renders the
        pages on that many processes, with the same result.  The folder is replaced whole once
        the build is complete (see :mod:`.write`).
        """
        from .build import Builder

        out = self.output_folder(out_dir if out_dir is not None else self.root / "__site")
        return Builder(self, out, progress, jobs).run()

    def output_folder(self, out_dir: str | os.PathLike[str]) -> Path:
        """Check an output folder and make the next look at the sources leave it out.

        A build or migration looks at the folder afresh, and never takes its own
        output for sources; an output folder holding the sources is refused.
        """
        out = Path(out_dir).resolve()
        if out == self.root or out in self.root.parents:
            raise FranklinError("FC603", f"the output folder {out} holds the site's sources",
                                path=str(out_dir),
                                hint="write into a folder inside the site (__site) or outside it")
        self._exclude = out if self.root in out.parents else None
        self._files = self._tags = None
        return out



def __getattr__(name: str) -> Any:
    """``BuildReport`` lives with the build, imported only when a build (or a caller) needs it."""
    if name == "BuildReport":
        from .build import BuildReport

        return BuildReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["SPECIAL_DIRS", "BuildReport", "Kind", "RenderedPage", "Site", "SourceFile"]
