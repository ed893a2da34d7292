"""One build of a whole site: pages in Franklin's order, then redirects, feeds, sitemap, robots, tags."""

from __future__ import annotations

import contextlib
import datetime as dt
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.diagnostics import Diagnostic, FranklinError, Severity
from ..core.parallel import ordered_map
from ..core.paths import inside, julia_joinpath
from ..expand.codecache import outcome_counts
from . import feeds
from .files import Kind, SourceFile, warning
from .write import copy_atomic, staging_folder, swap_in, write_atomic

if TYPE_CHECKING:
    from .site import RenderedPage, Site

_NO_DATE = dt.date(1, 1, 1)
_WEBSITE_VARS = ("website_title", "website_url", "website_description")


@dataclass
class BuildReport:
    """What :meth:`Site.build` did: pages written, pages that failed, everything reported, files written,
    and how the evaluated code blocks ended (``{"used": n, "stale": n, "missing": n}``)."""

    pages: int = 0
    failed: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    code_blocks: dict[str, int] = field(default_factory=dict)



@dataclass
class PagePlan:
    """What one page gives the build, made before anything is written (in a worker process with
    ``jobs`` > 1, so everything here pickles): its files, and its share of the site-wide files."""

    rel: str
    #: the page's variables after the Markdown stage (what other pages and tag lists read)
    page_vars: dict[str, Any] | None = None
    files: list[tuple[str, str]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)
    #: files its html functions wrote into the built site
    outputs: list[tuple[str, str]] = field(default_factory=list)
    fd_url: str = ""
    failed: bool = False
    draft: bool = False
    rss: feeds.FeedItem | None = None
    sitemap: feeds.SitemapEntry | None = None
    disallow: str | None = None


def plan_page(site: Site, f: SourceFile) -> PagePlan:
    """Render one page and everything the feed, sitemap and robots.txt take from it."""
    plan = PagePlan(f.rel)
    try:
        page = site.render(f.rel)
    except FranklinError as e:
        plan.diagnostics.append(e.diagnostic.located(f.rel))
        plan.failed = True
        return plan
    v = page.page_vars
    if f.kind is Kind.MD:
        plan.page_vars = site.page_vars_of(f.rel)
    if f.kind is Kind.MD and v.get("draft") is True:
        plan.draft = True
        plan.diagnostics.append(Diagnostic(code="FC608", message="draft page: left out of the build",
                                           severity=Severity.INFO, path=f.rel))
        return plan
    g = site.globals()
    plan.files, plan.redirects, plan.diagnostics = page.files, page.redirects, list(page.diagnostics)
    plan.outputs = page.outputs
    plan.fd_url = str(v.get("fd_url") or site.url_curpage(f.rel))
    if f.kind is Kind.MD and g.get("generate_rss") is True and str(v.get("rss_description") or ""):
        plan.rss = _rss_item(site, page, plan.diagnostics)
    if g.get("generate_sitemap") is True and v.get("sitemap_exclude") is not True:
        plan.sitemap = _sitemap_entry(site, page, f, plan.diagnostics)
    if f.kind is Kind.MD and v.get("robots_disallow_this_page") is True:
        plan.disallow = site.url_curpage(f.rel)
    return plan


def _rss_item(site: Site, page: RenderedPage, diagnostics: list[Diagnostic]) -> feeds.FeedItem | None:
    """Franklin's ``add_rss_item``: ``_rss/item.xml`` in the page's context."""
    from ..template import render_template

    v = page.page_vars
    if not str(v.get("rss_title") or ""):
        v["rss_title"] = "" if v.get("title") is None else str(v["title"])
    date = next((d for d in (v.get("rss_pubdate"), v.get("date"))
                 if isinstance(d, dt.date) and d != _NO_DATE), v.get("fd_mtime_raw"))
    v["rss_pubdate"] = date
    try:
        template = feeds.strip_comments(site._layout_rss("item.xml") or feeds.DEFAULT_RSS_ITEM)
        # values the templates write between tags are escaped for XML while the item renders
        raw = {k: v[k] for k in _XML_VALUES if isinstance(v.get(k), str)}
        v.update({k: feeds.xml_escape(x) for k, x in raw.items()})
        try:
            xml = feeds.finish_item(render_template(template, replace(page.ctx, path="_rss/item.xml")))
        finally:
            v.update(raw)
    except FranklinError as e:
        diagnostics.append(e.diagnostic.located(page.rel))
        return None
    xml, dropped = feeds.drop_non_xml(xml)
    if dropped:
        diagnostics.append(warning("FC612", f"characters XML forbids ({', '.join(dropped)}) dropped from the "
                                   "page's RSS item", page.rel, "remove them from the title or description"))
    problem = feeds.xml_problem(xml, item=True)
    if problem is not None:
        diagnostics.append(warning("FC612", f"the page's RSS item is not well-formed XML ({problem}); it is "
                                   "left out of the feed", page.rel, "check _rss/item.xml and the values it "
                                   "writes outside <![CDATA[ ]]>"))
        return None
    tags = v.get("tags")
    tagged = tuple(str(t) for t in tags) if isinstance(tags, list | tuple) else ()
    return feeds.FeedItem(xml, date if isinstance(date, dt.date) else _NO_DATE, tagged)


#: Page variables Franklin's ``_rss/item.xml`` writes between tags, outside ``<![CDATA[ ]]>``.
_XML_VALUES = ("fd_full_url", "fd_url", "rss_author", "rss_category", "rss_comments", "rss_enclosure")


def _sitemap_entry(site: Site, page: RenderedPage, f: SourceFile,
                   diagnostics: list[Diagnostic]) -> feeds.SitemapEntry | None:
    v = page.page_vars
    changefreq, priority = str(v.get("sitemap_changefreq") or "monthly"), v.get("sitemap_priority", 0.5)
    if isinstance(priority, str):
        with contextlib.suppress(ValueError):
            priority = float(priority)
    problem = feeds.valid_sitemap_options(changefreq, priority)
    if problem is not None:
        diagnostics.append(warning("FC607", problem + "; the page is left out of the sitemap", f.rel,
                                   "see https://www.sitemaps.org/protocol.html"))
        return None
    lastmod = v.get("fd_mtime_raw") if f.kind is Kind.MD else None
    if not isinstance(lastmod, dt.date):
        lastmod = site.file_time(f.rel).date()
    assert isinstance(priority, int | float)
    return feeds.SitemapEntry(site.url_curpage(f.rel), lastmod, changefreq, float(priority))


class PageDeferred(BaseException):
    """A page of a build's first round read the variables of a page its worker has not converted.

    A ``BaseException``: it must pass through the template pass and the Julia evaluator, which
    turn ordinary exceptions into diagnostics."""


def _plan_first(site: Site, f: SourceFile) -> PagePlan | None:
    """:func:`plan_page` in a build's first round; None when the page reads another page's variables
    that this process does not have yet (a blog index): it waits for the second round."""
    site.planning = f.rel
    try:
        return plan_page(site, f)
    except PageDeferred:
        return None
    finally:
        site.planning = None


def plan_pages(site: Site, pages: list[SourceFile], jobs: int) -> Iterator[PagePlan]:
    """:func:`plan_page` for each page, in order.  With ``jobs`` > 1, on that many forked processes
    each holding its own copy of ``site``, in two rounds: first every page that needs no other page
    it has not converted itself, then, with the variables of those pages known to every worker, the
    pages that read others (blog indexes, tag lists), so that no worker converts a page again to
    read its variables.  A page's variables do not depend on which pages were converted before it,
    so the plans are those of one job."""
    if jobs <= 1 or len(pages) < 2:
        yield from (plan_page(site, f) for f in pages)
        return
    first: list[PagePlan | None] = []
    given = 0  # the plans handed on already: those before the first page that waits
    for plan in ordered_map(_plan_first, site, pages, jobs):
        if plan is not None and plan.page_vars is not None:
            site.remember_vars(plan.rel, plan.page_vars)
        first.append(plan)
        if plan is not None and given == len(first) - 1:
            given += 1
            yield plan
    later = [f for f, plan in zip(pages, first, strict=True) if plan is None]
    redone = iter(ordered_map(plan_page, site, later, jobs))
    for plan in first[given:]:
        yield plan if plan is not None else next(redone)


class Builder:
    """One build: pages in Franklin's order, then redirects, RSS, sitemap, robots.txt and tag pages.

    Everything is written into a staging folder beside the output folder, which then takes the
    output folder's place (:func:`~.write.swap_in`): a build killed at any moment leaves the
    previous build whole, and a page deleted since is not left behind.
    """

    def __init__(self, site: Site, out: Path, progress: Callable[[int, int, str], None] | None,
                 jobs: int = 1) -> None:
        self.site = site
        self.final = out
        self.out = out
        self.progress = progress
        self.jobs = jobs
        self.g = site.globals()
        self.report = BuildReport(diagnostics=list(site.diagnostics))
        self.written: dict[str, str] = {}  # output path -> the source that wrote it
        self.redirects: list[tuple[str, str]] = []  # (target, fd_url of the page asking)
        self.outputs: list[tuple[str, str, str]] = []  # written by html functions: (path, text, page)
        self.items: list[feeds.FeedItem] = []
        self.sitemap: dict[str, feeds.SitemapEntry] = {}
        self.disallow: list[str] = []

    def refuse_layouts_outside(self) -> None:
        """A layout or feed template that is a link out of the site: one FC501 for the build, and
        the file taken as empty (never read), instead of one failure per page that uses it."""
        site = self.site
        for folder in ("_layout", "_rss"):
            base = site.root / folder
            names = sorted(p.name for p in base.iterdir() if p.is_symlink()) if base.is_dir() else []
            for name in names:
                rel = f"{folder}/{name}"
                try:
                    inside(site.root, rel, what="layout")
                except FranklinError as e:
                    site.refused_layouts.add(rel)
                    taken = "Franklin's default is used" if folder == "_rss" else "taken as empty"
                    self.report.diagnostics.append(replace(e.diagnostic.located(rel), message=(
                        f"{e.diagnostic.message}; it is not read, and {taken}")))

    def warn(self, code: str, message: str, path: str | None = None, hint: str = "") -> None:
        self.report.diagnostics.append(warning(code, message, path, hint))

    def run(self) -> BuildReport:
        site = self.site
        self.out = staging_folder(self.final)
        self.refuse_layouts_outside()
        for name in ("head.html", "page_foot.html", "foot.html"):
            if not (site.root / "_layout" / name).is_file():
                self.warn("FC602", f"_layout/{name} is missing; it is taken as empty", f"_layout/{name}",
                          "Franklin needs head.html, page_foot.html and foot.html in _layout/")
        files = site.files()
        for f in files:
            if f.kind is Kind.COPY:
                self.copy(f)
        self.code_outputs()
        pages = [f for f in files if f.kind is not Kind.COPY]
        for i, plan in enumerate(plan_pages(site, pages, self.jobs)):
            if self.progress is not None:
                self.progress(i, len(pages), plan.rel)
            self.apply(plan)
        if self.progress is not None:
            self.progress(len(pages), len(pages), "")
        for target, fd_url in self.redirects:
            if target not in self.written:
                self.write(target, feeds.redirect_page(fd_url), "{{redirect}}")
        for target, text, page in self.outputs:  # a page's own file wins, then the first written
            if posixpath.normpath(target) not in self.written:
                self.write(target, text, f"{page} (an html function of utils.jl)")
        if self.g.get("generate_rss") is True:
            self.rss()
        if self.g.get("generate_sitemap") is True:
            name = str(self.g.get("sitemap_file") or "sitemap") + ".xml"
            self.write(name, feeds.sitemap(self.sitemap.values(), str(self.g.get("website_url") or "")), name)
        if self.g.get("generate_robots") is True:
            self.robots()
        if self.g.get("generate_tags") is True:
            self.tags()
        site.forget_vars()
        swap_in(self.out, self.final)
        self.out = self.final
        self.report.outputs = sorted(self.written)
        self.report.code_blocks = outcome_counts(self.report.diagnostics)
        return self.report

    def write(self, rel: str, data: str, source: str) -> None:
        """Write one output, refusing paths that leave the output folder (a ``slug`` with ``..``)."""
        rel = posixpath.normpath(rel)
        try:
            target = inside(self.out, rel, what="output")
        except FranklinError as e:
            self.report.diagnostics.append(e.diagnostic.located(source))
            return
        if rel in self.written and self.written[rel] != source and not self.written[rel].startswith("copy:"):
            self.warn("FC610", f"{source} and {self.written[rel]} both write {rel}; the last one wins, as in "
                      "Franklin", source, "give one of them a slug, or rename it")
        write_atomic(target, data)
        self.written[rel] = source

    def copy(self, f: SourceFile) -> None:
        try:
            src = inside(self.site.root, f.rel)
            target = inside(self.out, f.out, what="output")
        except FranklinError as e:
            self.report.diagnostics.append(e.diagnostic.located(f.rel))
            return
        try:
            copy_atomic(src, target)
        except OSError as e:  # a pipe, a socket, a file removed or unreadable since discovery
            self.report.diagnostics.append(Diagnostic(
                code="FC001", message=f"cannot copy {f.rel}: {e.strerror or e}", severity=Severity.ERROR,
                path=f.rel, hint="make it a regular, readable file, or add it to `ignore` in config.md"))
            return
        self.written[f.out] = "copy:" + f.rel

    def code_outputs(self) -> None:
        """What Franklin's runs of the code wrote (``__site/assets/**/output/``: outputs, figures),
        copied as it is, so that the pages' ``<img src=".../output/x.svg">`` find their files; a build
        into ``__site`` itself keeps all of ``**/code/`` (the code Franklin ran too), which a build
        without Julia cannot make again."""
        built = self.site.root / "__site"
        if not built.is_dir():
            return
        own = built.resolve() == self.final  # a build into __site keeps all of Franklin's cache
        for rel in _output_files(built / "assets", ("code", "output") if own else ("output",)):
            rel = "assets/" + rel
            if rel in self.written:  # a source file of the site wins
                continue
            try:
                src, target = inside(self.site.root, "__site/" + rel), inside(self.out, rel, what="output")
                copy_atomic(src, target)
            except FranklinError as e:
                self.report.diagnostics.append(e.diagnostic.located("__site/" + rel))
                continue
            except OSError as e:
                self.warn("FC001", f"cannot copy __site/{rel}: {e.strerror or e}", "__site/" + rel)
                continue
            self.written[rel] = "copy:__site/" + rel

    def apply(self, plan: PagePlan) -> None:
        """Write a page's files and record what the site-wide files take from it."""
        if plan.page_vars is not None:
            self.site.remember_vars(plan.rel, plan.page_vars)
        if plan.failed:
            self.report.failed += 1
        self.report.diagnostics.extend(plan.diagnostics)
        if plan.failed or plan.draft:
            return
        for out, html in plan.files:
            self.write(out, html, plan.rel)
        self.report.pages += 1
        self.redirects.extend((r.lstrip("/"), plan.fd_url) for r in plan.redirects)
        self.outputs.extend((rel, text, plan.rel) for rel, text in plan.outputs)
        if plan.rss is not None:
            self.items.append(plan.rss)
        if plan.sitemap is not None:
            self.sitemap[plan.sitemap.loc] = plan.sitemap
        if plan.disallow is not None and plan.disallow not in self.disallow:
            self.disallow.append(plan.disallow)

    def rss(self) -> None:
        """The feed (``rss_file``.xml) and one per tag under the tag folder."""
        from ..page.pipeline import variables
        from ..template import render_template

        if not all(self.g.get(k) for k in _WEBSITE_VARS):
            self.warn("FC605", "RSS is set to be generated but the RSS feed is improperly described: "
                      "at least one of the following variables have not been defined in your "
                      "'config.md': 'website_title', 'website_url', 'website_description'. The feed will "
                      "not be (re)generated.", "config.md",
                      "set the three website_* variables, or generate_rss = false")
            return
        if not self.items:
            return
        site = self.site
        gvars, pvars = variables(site, None, None)
        # values the head writes between tags are escaped for XML
        gvars.update({k: feeds.xml_escape(str(gvars[k])) for k in ("website_url", "fd_rss_feed_url")
                      if isinstance(gvars.get(k), str)})
        try:
            head_src = feeds.strip_comments(site._layout_rss("head.xml") or feeds.DEFAULT_RSS_HEAD)
            ctx = site._context("_rss/head.xml", pvars, gvars, [], "_rss/head.xml")
            head = render_template(head_src, ctx)
        except FranklinError as e:
            self.report.diagnostics.append(e.diagnostic.located("_rss/head.xml"))
            return
        items = feeds.sort_items(self.items)
        name = str(self.g.get("rss_file") or "feed") + ".xml"
        self.write_feed(name, head, "_rss/head.xml", items)
        tag_dir = str(self.g.get("tag_page_path") or "tag").strip("/")
        for tag, tagged in feeds.tag_feeds(items).items():
            try:
                own_head = site._layout_rss(f"head_{tag}.xml")
            except FranklinError as e:
                self.report.diagnostics.append(e.diagnostic.located(f"_rss/head_{tag}.xml"))
                own_head = ""
            where = f"_rss/head_{tag}.xml" if own_head else "_rss/head.xml"
            self.write_feed(f"{tag_dir}/{tag}/{name}", own_head or head, where, tagged)

    def write_feed(self, rel: str, head: str, where: str, items: list[feeds.FeedItem]) -> None:
        """A feed, once its head is known to make well-formed XML (each item was checked alone)."""
        head, dropped = feeds.drop_non_xml(head)
        if dropped:
            self.warn("FC612", f"characters XML forbids ({', '.join(dropped)}) dropped from the feed's head",
                      where, "remove them from website_title and website_description")
        text = feeds.feed(head, items)
        problem = feeds.xml_problem(text)
        if problem is not None:
            self.warn("FC612", f"{rel} would not be well-formed XML ({problem}); it is not written", where,
                      "check the head's template and the values it writes outside <![CDATA[ ]]>")
            return
        self.write(rel, text, rel.rsplit("/", 1)[-1])

    def robots(self) -> None:
        g = self.g
        sitemap_url = None
        if g.get("generate_sitemap") is True:
            sitemap_url = julia_joinpath(str(g.get("website_url") or ""),
                                         str(g.get("sitemap_file") or "sitemap") + ".xml")
        dirs = g.get("robots_disallow")
        text = feeds.robots(sitemap_url=sitemap_url, pages=self.disallow,
                            dirs=[str(d) for d in dirs] if isinstance(dirs, list | tuple) else [])
        self.write("robots.txt", text, "robots.txt")

    def tags(self) -> None:
        tag_dir = str(self.g.get("tag_page_path") or "tag").strip("/")
        for tag in sorted(self.site._tag_index()):
            try:
                html = self.site.render_tag_page(tag)
            except FranklinError as e:
                self.report.diagnostics.append(e.diagnostic.located("_layout/tag.html"))
                return
            self.write(f"{tag_dir}/{tag}/index.html", html, "_layout/tag.html")


def _output_files(assets: Path, folders: tuple[str, ...]) -> list[str]:
    """Files under ``assets`` in a folder with one of these names (at any depth), sorted."""
    found: list[str] = []
    stack: list[tuple[Path, bool]] = [(assets, False)]
    while stack:
        folder, in_output = stack.pop()
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for e in entries:
            if e.is_symlink():
                continue
            if e.is_dir():
                stack.append((e, in_output or e.name in folders))
            elif in_output and e.is_file():
                found.append(e.relative_to(assets).as_posix())
    return sorted(found)


def default_tag_layout(g: dict[str, Any]) -> str:
    """Franklin's ``write_default_tag_layout``, kept in memory (Franklin writes it into ``_layout``)."""
    cls = str(g.get("div_content") or "") or str(g.get("content_class") or "")
    return ('<!doctype html>\n<html lang="en">\n<head>\n  <meta charset="UTF-8">\n'
            '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "  <title>Tag: {{fill fd_tag}}</title>\n</head>\n<body>\n"
            f'  <div class="{cls} tagpage">\n    {{{{taglist}}}}\n  </div>\n</body>\n</html>\n')

