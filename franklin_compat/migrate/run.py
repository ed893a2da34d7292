"""One migration: plan where everything goes, write every page and file, then the configuration
and the starter theme.

Every page goes through the same Markdown stage as a build (this is the layer that
runs the page pipeline), then the Markdown emitter of the target's flavor with an
address rewriter built from the migration's own file map.  What cannot be carried
over is a :class:`~franklin_compat.core.diagnostics.Diagnostic` in the report.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import shutil
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..core.diagnostics import Diagnostic, FranklinError, Severity
from ..core.parallel import ordered_map
from ..core.paths import inside
from ..emit.frontmatter import translate
from ..emit.markdown import FRANKLIN_HFUNS, Loss, get_flavor, to_markdown
from ..reading import ast as A
from ..site.files import Kind, SourceFile
from ..site.site import Site
from ..site.write import TEMP_PREFIX, copy_atomic, remove_stale_temporaries, write_atomic
from .addresses import Addresses, index_url, post_name
from .config import SiteInfo, absolute_url, config, plugins, site_info
from .frombuild import Harvest
from .inserts import resolve_inserts
from .report import MigrationReport
from .targets import TARGETS, Target
from .themes import MATH_ENGINES, theme_files

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class Options:
    """How to migrate, beyond the target: see :func:`migrate`."""

    callouts: Mapping[str, str] | None = None
    key_map: Mapping[str, str | None] | None = None
    progress: Progress | None = None
    clean: bool = False
    force: bool = False
    theme: bool = True
    math: str = "katex"
    math_url: str | None = None
    from_build: str | os.PathLike[str] | None = None
    jobs: int = 1


def migrate(
    site: Site | str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    to: str = "commonmark",
    *,
    callouts: Mapping[str, str] | None = None,
    key_map: Mapping[str, str | None] | None = None,
    progress: Progress | None = None,
    clean: bool = False,
    force: bool = False,
    theme: bool = True,
    math: str = "katex",
    math_url: str | None = None,
    from_build: str | os.PathLike[str] | None = None,
    jobs: int = 1,
) -> MigrationReport:
    """Write the site into ``out_dir`` for generator ``to`` (a key of :data:`TARGETS`).

    ``callouts``, ``key_map``: as for one page; ``progress(done, total, path)``; ``clean``
    (empty a non-empty ``out_dir`` first) or ``force`` (write over it; without either, a
    non-empty ``out_dir`` is refused, FC776); ``theme=False`` (no starter theme); ``math``
    (``"katex"``, ``"mathjax"``, ``"none"``) and ``math_url`` (where the pages load it from; a
    CDN by default); ``from_build`` (the site's last
    Franklin build, whose evaluated outputs fill what needs Julia); ``jobs`` > 1 writes the
    pages on that many forked processes, with the same outputs and report as one.

    A page that fails is reported and skipped; the others still go through.  The
    sources are only read; every output is written atomically.
    """
    opts = Options(callouts, key_map, progress, clean, force, theme, math, math_url, from_build, jobs)
    if to not in TARGETS:
        raise FranklinError("FC770", f"no migration target {to!r}",
                            hint="use one of " + ", ".join(sorted(TARGETS)))
    if opts.math not in MATH_ENGINES:
        raise FranklinError("FC770", f"no math engine {opts.math!r}", hint="use katex, mathjax or none")
    site = site if isinstance(site, Site) else Site(site)
    out = Path(out_dir).resolve()
    if out == site.root or out in site.root.parents:
        site.output_folder(out)  # refused: FC603
    _prepare(site, out, opts)
    out = site.output_folder(out)
    return _Migration(site, out, TARGETS[to], opts).run()


def _prepare(site: Site, out: Path, opts: Options) -> None:
    """Refuse a file, or a non-empty folder unless told what to do with it; ``clean`` empties it."""
    if out.exists() and not out.is_dir():
        raise FranklinError("FC776", f"the output {out} is a file, not a folder",
                            hint="name a new folder for --out")
    if not out.is_dir():
        try:  # made now, so that an output that cannot be written is said before any work
            out.mkdir(parents=True)
        except OSError as e:
            raise FranklinError("FC776", f"cannot create the output folder {out}: {e.strerror or e}",
                                hint="name a folder you can write for --out") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise FranklinError("FC776", f"cannot write into the output folder {out}: permission denied",
                            hint="name a folder you can write for --out")
    entries = [p for p in out.iterdir() if not p.name.startswith(TEMP_PREFIX)]
    if not entries or opts.force:
        return
    if not opts.clean:
        raise FranklinError("FC776", f"the output folder {out} is not empty",
                            hint="add --clean to empty it first (everything in it is deleted), --force to "
                            "write over what is there (stale pages stay), or name a new folder")
    if site.root in out.parents and any(out in (site.root / f.rel).parents for f in site.files()):
        raise FranklinError("FC603", f"--clean would delete files in {out} that the site builds from",
                            hint="write into a folder outside the site, or empty this one yourself")
    for p in entries:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p)
        else:
            p.unlink()


class _Migration:
    def __init__(self, site: Site, out: Path, target: Target, opts: Options) -> None:
        self.site = site
        self.out = out
        self.target = target
        self.opts = opts
        self.flavor = get_flavor(target.flavor)
        self.report = MigrationReport(target.flavor, diagnostics=list(site.diagnostics))
        self.addresses = Addresses(target, str(site.globals().get("tag_page_path") or "tag"))
        self.sources: dict[str, str] = {}  # Franklin URL -> the page written there
        self.redirects = False  # a page asked for a redirect (Jekyll then needs its plugin)
        self.authors: dict[str, str] = {}  # MkDocs author ID -> name
        self.hfuns = FRANKLIN_HFUNS | site.user_hfuns | _plugin_hfuns()
        self.harvest = Harvest(opts.from_build, site) if opts.from_build is not None else None
        self.not_found = ""  # MkDocs: the site's 404 page, as the theme's 404.html

    # -- where things go ---------------------------------------------------------------

    def _plan(self, files: list[SourceFile]) -> None:
        t = self.target
        posts: set[str] = set()
        for f in files:
            if f.kind is Kind.COPY:
                self.addresses.files[f.out] = posixpath.join(t.static, f.out)
            elif f.kind is Kind.HTML:
                self.addresses.files[f.out] = posixpath.join(t.static, self.site.output_path(f.rel))
            else:
                built = self.site.output_path(f.rel)
                folder = posixpath.dirname(built)
                index = posixpath.splitext(posixpath.basename(f.rel))[0] == "index"
                if index:
                    stem = posixpath.join(folder, t.index)
                elif built.endswith("/index.html"):
                    stem = folder
                else:
                    stem = posixpath.splitext(built)[0]
                url = index_url("/" + built)
                day = self._post_date(f.rel) if t.posts and not index and url != "/" else None
                if day is not None:
                    stem = posixpath.join(t.posts, post_name(url, day, posts))
                if url in self.sources:
                    self._note("FC775", f"{f.rel} and {self.sources[url]} are both the page at {url}; "
                               "the last one wins, as in Franklin", f.rel,
                               "give one of them a slug, or rename it")
                self.sources[url] = f.rel
                self.addresses.pages[url] = posixpath.join(t.content, stem + t.ext)

    def _post_date(self, rel: str) -> dt.date | None:
        """The day of a dated page (a blog post), which Jekyll wants in ``_posts/``."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                doc = self.site.markdown_stage(rel).document
        except FranklinError:
            return None  # reported when the page is written
        day = translate(doc.vars, self.flavor).items.get("date")
        return day if isinstance(day, dt.date) else None

    # -- the run -------------------------------------------------------------------------

    def run(self) -> MigrationReport:
        remove_stale_temporaries(self.out)
        files = self.site.files()
        self._plan(files)
        self._note("FC772", "the layout (_layout/), utils.jl and _rss/ are not carried over: "
                   + ("the starter theme written with the site stands in for them" if self._themed
                      else "the target generator brings its own theme"), "_layout/",
                   "recreate the site's look in the target's theme", severity=Severity.INFO)
        self._site_url()
        for f in files:
            if f.kind is Kind.COPY:
                self._copy(f)
        pages = [f for f in files if f.kind is not Kind.COPY]
        progress = self.opts.progress
        report, authors, redirects, not_found = self.report, self.authors, self.redirects, self.not_found
        for i, done in enumerate(ordered_map(_one_page, self, pages, self.opts.jobs)):
            if progress is not None:
                progress(i, len(pages), pages[i].rel)
            report.add(done.report)
            for key, name in done.authors.items():
                authors.setdefault(key, name)
            redirects = redirects or done.redirects
            not_found = done.not_found or not_found
        self.report, self.authors, self.redirects, self.not_found = report, authors, redirects, not_found
        if progress is not None:
            progress(len(pages), len(pages), "")
        self._configuration()
        self.report.outputs.sort()
        self.report.urls = dict(sorted(self.report.urls.items()))
        return self.report

    @property
    def _themed(self) -> bool:
        return self.opts.theme and bool(theme_files(self.target, self.opts.math))

    def _site_url(self) -> None:
        given = str(self.site.globals().get("website_url") or "")
        url, added = absolute_url(given)
        if added and self.target.config:
            self._note("FC777", f"website_url {given!r} has no scheme: written as {url!r}", "config.md",
                       "write the full address (https://…) in config.md if it is another one")

    def _configuration(self) -> None:
        t = self.target
        extra: dict[str, str] = dict(t.extra)
        if self.opts.theme:
            extra.update(theme_files(t, self.opts.math, self.opts.math_url))
        if self.not_found:
            extra["theme/404.html"] = self.not_found
        if self.authors:
            from ..emit.frontmatter import to_yaml

            extra[posixpath.join(t.content, "blog/.authors.yml")] = to_yaml({"authors": {
                k: {"name": v, "description": "", "avatar": ""} for k, v in sorted(self.authors.items())}})
        taken = set(self.report.outputs)
        for rel, text in extra.items():
            if rel in taken:
                self._note("FC778", f"{rel} of the starter theme not written: a file of the site is there",
                           rel, "rename the site's file, or merge the two by hand", severity=Severity.INFO)
            else:
                self._write(rel, text)
        if t.config:
            info: SiteInfo = site_info(
                self.site.globals(), authors=self.authors, redirects=self.redirects,
                resources=tuple(sorted({d.split("/", 1)[0] + "/**" for d in self.addresses.files.values()
                                        if "/" in d})),
                pages=tuple(dest for _url, dest in sorted(self.report.urls.items())),
                theme=self._themed, math=self.opts.math)
            self._write(t.config, config(t, info))
            self.report.plugins = plugins(t, info)

    def _note(self, code: str, message: str, path: str | None, hint: str = "", *,
              severity: Severity = Severity.WARNING) -> None:
        self.report.diagnostics.append(Diagnostic(code=code, message=message, severity=severity, path=path,
                                                  hint=hint))

    def _failed(self, e: FranklinError, f: SourceFile) -> None:
        d = e.diagnostic
        if d.path == str(self.site.root / f.rel):  # named by its absolute path when it was read
            d = replace(d, path=f.rel)
        self.report.diagnostics.append(d.located(f.rel))
        self.report.failed += 1

    def _write(self, rel: str, data: str, source: str | None = None) -> bool:
        """Write one output; a path that leaves the output folder (a ``slug`` with ``..``) is refused."""
        try:
            target = inside(self.out, posixpath.normpath(rel), what="output")
        except FranklinError as e:
            self.report.diagnostics.append(e.diagnostic.located(source))
            return False
        write_atomic(target, data)
        self.report.outputs.append(rel)
        return True

    def _copy(self, f: SourceFile) -> None:
        dest = self.addresses.files[f.out]
        try:  # a file linked from outside the site is never read
            src = inside(self.site.root, f.rel)
            target = inside(self.out, dest, what="output")
        except FranklinError as e:
            self.report.diagnostics.append(e.diagnostic.located(f.rel))
            return
        try:
            copy_atomic(src, target)
        except OSError as e:
            self._note("FC001", f"cannot copy {f.rel}: {e.strerror or e}", f.rel,
                       "make it a regular, readable file", severity=Severity.ERROR)
            return
        self.report.copied += 1
        self.report.outputs.append(dest)

    def _html_page(self, f: SourceFile) -> None:
        """An ``.html`` page is Franklin's own HTML: kept as Franklin builds it, with its layout."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                page = self.site.render(f.rel)
        except FranklinError as e:
            self._failed(e, f)
            return
        self.report.diagnostics.extend(page.diagnostics)
        dest = self.addresses.files[self.site.output_path(f.rel)]
        if not self._write(dest, page.files[0][1], f.rel):
            return
        self._note("FC773", f"HTML page kept as Franklin builds it, layout included, in {dest}", f.rel,
                   "rewrite it as a page of the target if it should take the target's theme",
                   severity=Severity.INFO)

    def _page(self, f: SourceFile) -> None:
        site, t = self.site, self.target
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = site.markdown_stage(f.rel)
                doc = resolve_inserts(res.document, site, f.rel, res.page_vars, res.global_vars)
                url = index_url("/" + site.output_path(f.rel, res.page_vars))
                if self.harvest is not None:
                    doc = self.harvest.fill(doc, f.rel, url, self.report.harvested)
                dest = self.addresses.pages[url]
                extra = self._fields(doc, url)
                urls = self.addresses.rewriter(dest, url, doc, f.rel, self.report.diagnostics)
                md = to_markdown(doc, self.flavor, page_vars=res.page_vars, global_vars=res.global_vars,
                                 callouts=self.opts.callouts, key_map=self.opts.key_map, path=f.rel,
                                 urls=urls, front_matter=extra, carried=self._carried(doc), hfuns=self.hfuns)
        except FranklinError as e:
            self._failed(e, f)
            return
        if res.page_vars.get("draft") is True:
            self._note("FC774", "draft page: migrated, marked as a draft where the target has drafts", f.rel,
                       severity=Severity.INFO)
        self.report.diagnostics.extend(d for d in res.diagnostics if d.severity is not Severity.INFO)
        # the configuration written for the target turns on raw HTML (Hugo's `unsafe`)
        self.report.diagnostics.extend(_loss(x) for x in md.losses if x.code != "FC710" or not t.config)
        if not self._write(dest, md.text, f.rel):
            self.report.failed += 1
            return
        self.report.pages += 1
        self.report.urls[url] = dest
        if url == "/404.html" and t.flavor == "mkdocs" and self.opts.theme:
            try:
                self.not_found = _mkdocs_404(site, f.rel)
            except FranklinError as e:  # the page itself was migrated leniently, with its diagnostics
                self.report.diagnostics.append(e.diagnostic.located(f.rel))

    def _carried(self, doc: A.Document) -> frozenset[str]:
        """Template calls the migration carries over itself (``{{redirect}}`` as a redirect field)."""
        if self.target.redirect_key and _redirects(doc):
            return frozenset({"redirect"})
        return frozenset()

    def _fields(self, doc: A.Document, url: str) -> dict[str, object]:
        """Front-matter fields of the migration: the URL, redirects, MkDocs author IDs."""
        t = self.target
        extra: dict[str, object] = {}
        if t.url_key == "permalink":
            extra["permalink"] = url
        elif t.flavor == "hugo" and not (url.endswith("/") and _HUGO_KEEPS.fullmatch(url)):
            extra["url"] = url  # Hugo would rename it: a .html path (keep_path, 404.md), spaces…
        aliases = [url] if t.url_key == "aliases" else []
        redirects = _redirects(doc)
        if redirects and t.redirect_key:
            self.redirects = True
            if t.redirect_key == "aliases":
                aliases += redirects
            else:
                extra[t.redirect_key] = redirects
        if aliases:
            extra["aliases"] = aliases
        if t.flavor == "jekyll" and doc.page_vars().get("draft") is True:
            extra["published"] = False  # Jekyll builds no page marked so, as Franklin builds no draft
        if t.flavor == "mkdocs":
            names = translate(doc.vars, self.flavor).items.get("authors")
            if names:
                ids = []
                for name in names if isinstance(names, list) else [names]:
                    key = _author_id(str(name))
                    self.authors.setdefault(key, str(name))
                    ids.append(key)
                extra["authors"] = ids
        return extra


@dataclass(frozen=True, slots=True)
class _PageDone:
    """What writing one page added: its share of the report and of the site-wide findings."""

    report: MigrationReport
    authors: dict[str, str]
    redirects: bool
    not_found: str


def _one_page(m: _Migration, f: SourceFile) -> _PageDone:
    """Write one page into a report of its own (in a forked worker when ``jobs`` > 1); the run
    adds the pages' reports up in page order, so any number of jobs gives the same report."""
    m.report, m.authors, m.redirects, m.not_found = MigrationReport(m.target.flavor), {}, False, ""
    if f.kind is Kind.MD:
        m._page(f)
    else:
        m._html_page(f)
    return _PageDone(m.report, m.authors, m.redirects, m.not_found)


# addresses Hugo serves a page at as they are (it turns spaces into "-" and drops other signs)
_HUGO_KEEPS = re.compile(r"[A-Za-z0-9/_.~-]*")


def _mkdocs_404(site: Site, rel: str) -> str:
    """MkDocs serves ``404.html`` from its theme, never from a page: the site's own 404 page, as
    Franklin shows it, in the theme's frame."""
    from ..page.pipeline import template_stage

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        body = template_stage(site.markdown_stage(rel), site, rel)  # lenient, as the page was read
    return ('{% extends "main.html" %}\n{% block content %}\n<div class="col-md-12" role="main">\n'
            "{% raw %}" + body.replace("{% endraw %}", "{ % endraw % }") + "{% endraw %}\n</div>\n"
            "{% endblock %}\n")


def _redirects(doc: A.Document) -> list[str]:
    return [n.args[0] for n in A.walk(doc)
            if isinstance(n, A.HFunCall) and n.name == "redirect" and len(n.args) == 1]


def _author_id(name: str) -> str:
    """An author's ID for Material's ``.authors.yml``: the name in lower case, words joined by ``-``."""
    words = "".join(c if c.isalnum() else " " for c in name.lower()).split()
    return "-".join(words) or "author"


def _plugin_hfuns() -> frozenset[str]:
    """Html functions registered by ``--plugins`` files."""
    from ..core.hooks import USER_HFUNS

    return frozenset(USER_HFUNS.names())


def _loss(x: Loss) -> Diagnostic:
    return Diagnostic(code=x.code, message=f"{x.what}: {x.why}", severity=Severity.WARNING, path=x.file,
                      line=x.line, col=x.col)
