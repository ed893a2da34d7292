"""Where each generator wants things: one :class:`Target` per generator, as data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


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
    * ``posts``: folder of dated pages, named ``YYYY-MM-DD-slug`` (Jekyll's ``_posts``),
      or ``""`` (dated pages stay where they are).
    * ``extra``: files the target needs to show Franklin's content, theme or not (Hugo:
      a render hook that turns ``> [!NOTE]`` alerts back into ``<div class="note">``, and
      the ``toc`` shortcode that ``\\toc`` becomes).
    * ``url_key``: front-matter field that pins Franklin's URL (``permalink``,
      ``aliases``), or ``""``; ``redirect_key``: the field that lists the
      addresses a page's ``{{redirect}}`` calls asked for, or ``""`` (reported).
    * ``build``/``serve``: the commands printed as next steps.
    """

    flavor: str
    content: str = ""
    static: str = ""
    ext: str = ".md"
    links: str = "relative"
    served: str = "file"
    index: str = "index"
    posts: str = ""
    url_key: str = ""
    redirect_key: str = ""
    config: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)
    build: str = ""
    serve: str = ""


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
                       "layouts/_default/_markup/render-blockquote.html": _HUGO_ALERTS,
                       "layouts/shortcodes/toc.html": "{{ .Page.TableOfContents }}\n"},
                   build="hugo  (Hugo 0.132 or later)", serve="hugo server"),
    "jekyll": Target("jekyll", links="rooted", posts="_posts", url_key="permalink",
                     redirect_key="redirect_from", config="_config.yml", build="jekyll build",
                     serve="jekyll serve"),
    "quarto": Target("quarto", ext=".qmd", served="html", url_key="aliases", redirect_key="aliases",
                     config="_quarto.yml", build="quarto render", serve="quarto preview"),
    "mkdocs": Target("mkdocs", content="docs", static="docs", served="directory", config="mkdocs.yml",
                     build="mkdocs build", serve="mkdocs serve"),
    "documenter": Target("documenter", content="src", static="src", served="directory", config="make.jl",
                         build="julia --project make.jl  (with Documenter installed)"),
    "commonmark": Target("commonmark"),
    "gfm": Target("gfm"),
})
