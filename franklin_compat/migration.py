"""A whole Franklin site moved to another generator: pages as Markdown, files copied, paths rewritten.

One :class:`Target` per generator says where pages and copied files go, how
addresses are written (kept site-rooted, or made relative to the page file)
and which configuration file the generator needs.  Every page goes through
the same Markdown stage as a build, then the Markdown emitter of the target's
flavor with a ``urls`` rewriter built from the migration's own file map, so no
text is searched for paths.  What cannot be carried over is a
:class:`~franklin_compat.core.diagnostics.Diagnostic` in the report: emitter losses,
the page's own warnings, addresses that lead nowhere, HTML pages kept as built.
"""

from __future__ import annotations

import json
import os
import posixpath
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .core.diagnostics import Diagnostic, FranklinError, Severity
from .core.paths import inside, is_external
from .emit.markdown import Loss, get_flavor, to_markdown
from .reading import ast as A
from .site.files import Kind, SourceFile
from .site.site import Site
from .site.write import copy_atomic, remove_stale_temporaries, write_atomic


@dataclass(frozen=True, slots=True)
class Target:
    """Where a generator wants things.

    * ``content``: folder of the pages; ``static``: folder served at the site root
      (``_assets/x`` goes to ``STATIC/assets/x``); ``""`` is the output root.
    * ``links``: ``"rooted"`` keeps Franklin's site-rooted addresses (the target
      serves pages at Franklin's URLs: ``blog/post.md`` at ``/blog/post/``);
      ``"relative"`` points at the files, relative to the page (the target resolves
      links between source files).
    * ``served``: where a relative target serves a page, for the addresses of raw
      HTML, which no generator rewrites: ``"file"`` (nothing is served: relative to
      the file, as for Markdown), ``"directory"`` (``/blog/post/``, Franklin's URL)
      or ``"html"`` (``/blog/post.html``).
    * ``index``: file stem of a folder's own page (Hugo's section page is ``_index``).
    * ``extra``: files the target needs to show Franklin's content (Hugo: a render
      hook that turns ``> [!NOTE]`` alerts back into Franklin's ``<div class="note">``).
    * ``url_key``: front-matter field that pins Franklin's URL (``permalink``,
      ``aliases``), or ``""``; ``redirect_key``: the field that lists the
      addresses a page's ``{{redirect}}`` calls asked for, or ``""`` (reported).
    """

    flavor: str
    content: str = ""
    static: str = ""
    ext: str = ".md"
    links: str = "relative"
    served: str = "file"
    index: str = "index"
    url_key: str = ""
    redirect_key: str = ""
    config: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)


# Hugo 0.132+ hands GitHub-style alerts to this hook: the div Franklin wrote for `@@note`.
_HUGO_ALERTS = """\
{{- if eq .Type "alert" -}}
<div class="{{ .AlertType }}">
{{ .Text }}</div>
{{- else -}}
<blockquote>
{{ .Text }}</blockquote>
{{- end -}}
"""

TARGETS: Mapping[str, Target] = MappingProxyType({
    "hugo": Target("hugo", content="content", static="static", links="rooted", index="_index",
                   redirect_key="aliases", config="hugo.toml", extra={
                       "layouts/_default/_markup/render-blockquote.html": _HUGO_ALERTS}),
    "jekyll": Target("jekyll", links="rooted", url_key="permalink", redirect_key="redirect_from",
                     config="_config.yml"),
    "quarto": Target("quarto", ext=".qmd", served="html", url_key="aliases", redirect_key="aliases",
                     config="_quarto.yml"),
    "mkdocs": Target("mkdocs", content="docs", static="docs", served="directory", config="mkdocs.yml"),
    "documenter": Target("documenter", content="src", static="src", served="directory", config="make.jl"),
    "commonmark": Target("commonmark"),
    "gfm": Target("gfm"),
})


@dataclass
class MigrationReport:
    """What :func:`migrate` did; ``diagnostics`` is everything that was not carried over as it was."""

    target: str
    pages: int = 0
    failed: int = 0
    copied: int = 0
    outputs: list[str] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)  # Franklin URL -> written file
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target, "pages": self.pages, "failed": self.failed, "copied": self.copied,
            "outputs": self.outputs, "urls": self.urls,
            "diagnostics": [d.as_dict() for d in self.diagnostics],
        }


def migrate(
    site: Site | str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    to: str = "commonmark",
    *,
    callouts: Mapping[str, str] | None = None,
    key_map: Mapping[str, str | None] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> MigrationReport:
    """Write the site into ``out_dir`` for generator ``to`` (a key of :data:`TARGETS`).

    A page that fails is reported and skipped; the others still go through.
    The sources are only read; every output is written atomically.
    """
    if to not in TARGETS:
        raise FranklinError("FC770", f"no migration target {to!r}",
                            hint="use one of " + ", ".join(sorted(TARGETS)))
    site = site if isinstance(site, Site) else Site(site)
    out = site.output_folder(out_dir)
    return _Migration(site, out, TARGETS[to], callouts, key_map, progress).run()


def _index_url(url: str) -> str:
    """``/blog/post/index.html`` and ``/blog/post`` are both the page at ``/blog/post/``."""
    url = url.removesuffix("index.html")
    return url if url.endswith("/") or posixpath.splitext(url)[1] else url + "/"


class _Migration:
    def __init__(self, site: Site, out: Path, target: Target, callouts: Mapping[str, str] | None,
                 key_map: Mapping[str, str | None] | None,
                 progress: Callable[[int, int, str], None] | None) -> None:
        self.site = site
        self.out = out
        self.target = target
        self.flavor = get_flavor(target.flavor)
        self.callouts = callouts
        self.key_map = key_map
        self.progress = progress
        self.report = MigrationReport(target.flavor, diagnostics=list(site.diagnostics))
        self.files: dict[str, str] = {}  # site file (after Franklin's build) -> output file
        self.pages: dict[str, str] = {}  # Franklin URL (/blog/post/) -> output file
        self.sources: dict[str, str] = {}  # Franklin URL -> the page written there
        self.redirects = False  # a page asked for a redirect (Jekyll then needs its plugin)

    # -- where things go ---------------------------------------------------------------

    def _plan(self, files: list[SourceFile]) -> None:
        t = self.target
        for f in files:
            if f.kind is Kind.COPY:
                self.files[f.out] = posixpath.join(t.static, f.out)
            elif f.kind is Kind.HTML:
                self.files[f.out] = posixpath.join(t.static, self.site.output_path(f.rel))
            else:
                built = self.site.output_path(f.rel)
                folder = posixpath.dirname(built)
                if posixpath.splitext(posixpath.basename(f.rel))[0] == "index":
                    stem = posixpath.join(folder, t.index)
                elif built.endswith("/index.html"):
                    stem = folder
                else:
                    stem = posixpath.splitext(built)[0]
                url = _index_url("/" + built)
                if url in self.sources:
                    self._note("FC775", f"{f.rel} and {self.sources[url]} are both the page at {url}; "
                               "the last one wins, as in Franklin", f.rel,
                               "give one of them a slug, or rename it")
                self.sources[url] = f.rel
                self.pages[url] = posixpath.join(t.content, stem + t.ext)

    def _served(self, dest: str, url: str | None) -> str:
        """The address the target serves an output file at (``url``: Franklin's, for a page)."""
        if url is not None and self.target.served == "directory":
            return url
        t = self.target
        if url is not None:
            stem = posixpath.splitext(dest[len(t.content):].lstrip("/"))[0]
            return "/" + stem + ".html"
        return "/" + dest[len(t.static):].lstrip("/")

    def _url_rewriter(self, page_out: str, page_url: str, doc: A.Document,
                      rel: str) -> Callable[[str, bool], str]:
        """Addresses of one page, pointed at where the migration put their files.

        ``raw``: an address of raw HTML, which the target serves as written.
        """
        where = {ref.text: ref.span.start for ref in reversed(doc.assets)}
        tag_dir = "/" + str(self.site.globals().get("tag_page_path") or "tag").strip("/") + "/"

        def rewrite(url: str, raw: bool) -> str:
            if not url or url.startswith(("#", "{{")) or is_external(url) or url.startswith("mailto:"):
                return url
            cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
            path, rest = url[:cut], url[cut:]
            if "@" in path and "/" not in path:  # an e-mail address written without mailto:
                return url
            absolute = path if path.startswith("/") else posixpath.normpath(
                posixpath.join(page_url, path)) + ("/" if path.endswith("/") else "")
            page = self.pages.get(_index_url(absolute))
            if page is not None and self.target.links == "rooted":
                return _index_url(absolute) + rest  # the target serves the page at Franklin's URL
            dest = page or self.files.get(absolute.lstrip("/"))
            if dest is None and absolute.startswith(tag_dir) and self.target.flavor == "hugo":
                return "/tags/" + absolute[len(tag_dir):] + rest  # Franklin's tag page, Hugo's taxonomy page
            if dest is None:
                line = col = None
                if url in where and doc.source is not None:
                    line, col = doc.source.position(where[url])
                self.report.diagnostics.append(Diagnostic(
                    code="FC771", message=f"{url!r} leads to no page or file of the site; kept as written",
                    severity=Severity.WARNING, path=rel, line=line, col=col,
                    hint="check the address, or copy the file into the site before migrating"))
                return url
            if self.target.links == "rooted":
                return url
            if raw and self.target.served != "file":
                here = self._served(page_out, page_url)
                there = self._served(dest, _index_url(absolute) if page is not None else None)
                base = here if here.endswith("/") else posixpath.dirname(here)
                return posixpath.relpath(there, base) + ("/" if there.endswith("/") else "") + rest
            return posixpath.relpath(dest, posixpath.dirname(page_out) or ".") + rest

        return rewrite

    # -- the run -------------------------------------------------------------------------

    def run(self) -> MigrationReport:
        remove_stale_temporaries(self.out)
        files = self.site.files()
        self._plan(files)
        self._note("FC772", "the layout (_layout/), utils.jl and _rss/ are not carried over: the target "
                   "generator brings its own theme", "_layout/",
                   "recreate the site's look in the target's theme", severity=Severity.INFO)
        for f in files:
            if f.kind is Kind.COPY:
                self._copy(f)
        pages = [f for f in files if f.kind is not Kind.COPY]
        for i, f in enumerate(pages):
            if self.progress is not None:
                self.progress(i, len(pages), f.rel)
            if f.kind is Kind.MD:
                self._page(f)
            else:
                self._html_page(f)
        if self.progress is not None:
            self.progress(len(pages), len(pages), "")
        if self.target.config:
            self._write(self.target.config,
                        _config(self.target, self.site.globals(), self.files, self.redirects,
                                [dest for _url, dest in sorted(self.report.urls.items())]))
        for rel, text in self.target.extra.items():
            self._write(rel, text)
        self.report.outputs.sort()
        self.report.urls = dict(sorted(self.report.urls.items()))
        return self.report

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
        dest = self.files[f.out]
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
        dest = self.files[self.site.output_path(f.rel)]
        if not self._write(dest, page.files[0][1], f.rel):
            return
        self._note("FC773", f"HTML page kept as Franklin builds it, layout included, in {dest}", f.rel,
                   "rewrite it as a page of the target if it should take the target's theme",
                   severity=Severity.INFO)

    def _page(self, f: SourceFile) -> None:
        site = self.site
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = site.markdown_stage(f.rel)
                url = _index_url("/" + site.output_path(f.rel, res.page_vars))
                dest = self.pages[url]
                extra: dict[str, object] = {}
                if self.target.url_key == "permalink":
                    extra["permalink"] = url
                aliases = [url] if self.target.url_key == "aliases" else []
                carried: frozenset[str] = frozenset()
                redirects = [n.args[0] for n in A.walk(res.document)
                             if isinstance(n, A.HFunCall) and n.name == "redirect" and len(n.args) == 1]
                if redirects and self.target.redirect_key:
                    carried = frozenset({"redirect"})
                    self.redirects = True
                    if self.target.redirect_key == "aliases":
                        aliases += redirects
                    else:
                        extra[self.target.redirect_key] = redirects
                if aliases:
                    extra["aliases"] = aliases
                urls = self._url_rewriter(dest, url, res.document, f.rel)
                md = to_markdown(res.document, self.flavor, page_vars=res.page_vars,
                                 global_vars=res.global_vars, callouts=self.callouts, key_map=self.key_map,
                                 site=site, path=f.rel, urls=urls, front_matter=extra, carried=carried)
        except FranklinError as e:
            self._failed(e, f)
            return
        if res.page_vars.get("draft") is True:
            self._note("FC774", "draft page: migrated, marked as a draft where the target has drafts", f.rel,
                       severity=Severity.INFO)
        self.report.diagnostics.extend(d for d in res.diagnostics if d.severity is not Severity.INFO)
        # the configuration written for the target turns on raw HTML (Hugo's `unsafe`)
        self.report.diagnostics.extend(
            _loss(x) for x in md.losses if x.code != "FC710" or not self.target.config)
        if not self._write(dest, md.text, f.rel):
            self.report.failed += 1
            return
        self.report.pages += 1
        self.report.urls[url] = dest


def _loss(x: Loss) -> Diagnostic:
    return Diagnostic(code=x.code, message=f"{x.what}: {x.why}", severity=Severity.WARNING, path=x.file,
                      line=x.line, col=x.col)


def _config(target: Target, g: Mapping[str, Any], files: Mapping[str, str], redirects: bool,
            pages: list[str]) -> str:
    """The generator's configuration: title, address, and what Franklin pages need (raw HTML, math)."""
    from . import frontmatter

    title = str(g.get("website_title") or g.get("title") or g.get("author") or "Site")
    url = str(g.get("website_url") or "")
    note = "written by franklin-compat migrate: raw HTML kept, math left for KaTeX/MathJax"
    if target.flavor == "documenter":
        jl = frontmatter.julia_literal
        listed = ",\n".join("        " + jl(p[len(target.content):].lstrip("/")) for p in pages)
        return (f"# {note}\nusing Documenter\n\nmakedocs(\n    sitename = {jl(title)},\n"
                f"    format = Documenter.HTML(prettyurls = true),\n    pages = [\n{listed},\n    ],\n)\n")
    if target.flavor == "hugo":
        import tomlkit

        doc = tomlkit.document()
        doc.add(tomlkit.comment(note))
        doc.add("baseURL", url or "/")
        doc.add("title", title)
        doc.add("taxonomies", {"tag": "tags"})
        doc.add("markup", {"goldmark": {
            "renderer": {"unsafe": True},
            "extensions": {"passthrough": {"enable": True, "delimiters": {
                "inline": [["\\(", "\\)"]], "block": [["$$", "$$"], ["\\[", "\\]"]]}}},
        }})
        return tomlkit.dumps(doc)
    if target.flavor == "jekyll":
        items: dict[str, object] = {"title": title, "url": url, "markdown": "kramdown",
                                    "kramdown": {"math_engine": "mathjax"}}
        if redirects:
            items["plugins"] = ["jekyll-redirect-from"]
    elif target.flavor == "quarto":
        tops = sorted({d.split("/", 1)[0] + "/**" for d in files.values() if "/" in d})
        items = {"project": {"type": "website", "resources": tops}, "website": {"title": title},
                 "format": {"html": {"html-math-method": "katex"}}}
    else:
        items = {"site_name": title, "site_url": url, "markdown_extensions": [
            "admonition", "attr_list", "footnotes", "md_in_html", "tables", "toc",
            {"pymdownx.arithmatex": {"generic": True}}]}
    return f"# {note}\n" + frontmatter.to_yaml({k: v for k, v in items.items() if v != ""})


def write_report(report: MigrationReport, path: str | os.PathLike[str]) -> None:
    """The report as JSON (``--report``), for tooling and for a record of what was lost."""
    write_atomic(Path(path), json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n")
