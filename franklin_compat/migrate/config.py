"""The generator's configuration file: title, an absolute address, and what Franklin pages need
(raw HTML kept, math passed through untouched, alerts, drafts, posts)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..emit.frontmatter import julia_literal, to_yaml, toml_value
from .targets import Target

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_NOTE = "written by franklin-compat migrate: raw HTML kept, math passed through for KaTeX/MathJax"


def absolute_url(url: str) -> tuple[str, bool]:
    """``website_url`` as the absolute address generators need (MkDocs refuses ``fluxml.ai``;
    Hugo writes it into the sitemap as is), and whether ``https://`` was added."""
    url = url.strip()
    if not url or _SCHEME.match(url):
        return url, False
    return "https://" + url.lstrip("/"), True


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """What the configuration says about the site."""

    title: str
    url: str  # absolute, or ""
    authors: Mapping[str, str]  # MkDocs author ID -> name
    redirects: bool  # a page asked for a redirect (Jekyll then needs its plugin)
    resources: tuple[str, ...]  # Quarto: top folders of the copied files
    pages: tuple[str, ...]  # Documenter: the pages, in order
    theme: bool  # the starter theme is written (MkDocs: its folder is named)
    math: str  # "katex", "mathjax" or "none"
    toc: tuple[int, int] = (1, 6)  # Franklin's mintoclevel, maxtoclevel


def site_info(g: Mapping[str, Any], **kw: Any) -> SiteInfo:
    title = str(g.get("website_title") or g.get("title") or g.get("author") or "Site")
    url = absolute_url(str(g.get("website_url") or ""))[0]
    levels = [g.get("mintoclevel"), g.get("maxtoclevel")]
    lo, hi = (int(x) if isinstance(x, int) and not isinstance(x, bool) else d for x, d in zip(levels, (1, 6),
                                                                                            strict=True))
    toc = (min(max(lo, 1), 6), min(max(hi, 1), 6))
    return SiteInfo(title=title, url=url, toc=(toc[0], max(toc)), **kw)


def plugins(target: Target, info: SiteInfo) -> list[str]:
    """The generator plugins the written configuration loads, which the user must have installed:
    Jekyll's ``jekyll-redirect-from`` when a page asked for a redirect (``redirect_from``)."""
    return ["jekyll-redirect-from"] if target.flavor == "jekyll" and info.redirects else []


def config(target: Target, info: SiteInfo) -> str:
    """The configuration file's text for ``target``."""
    if target.flavor == "documenter":
        jl = julia_literal
        listed = ",\n".join("        " + jl(p[len(target.content):].lstrip("/")) for p in info.pages)
        return (f"# {_NOTE}\nusing Documenter\n\nmakedocs(\n    sitename = {jl(info.title)},\n"
                f"    format = Documenter.HTML(prettyurls = true),\n    pages = [\n{listed},\n    ],\n)\n")
    if target.flavor == "hugo":
        return _hugo(info)
    if target.flavor == "jekyll":
        items: dict[str, object] = {
            "title": info.title, "url": info.url, "markdown": "kramdown",
            "kramdown": {"math_engine": "mathjax", "syntax_highlighter": "rouge",
                         "toc_levels": f"{info.toc[0]}..{info.toc[1]}",
                         # Franklin keeps quotes and dots as typed
                         "smart_quotes": "apos,apos,quot,quot",
                         "typographic_symbols": {"hellip": "...", "mdash": "---", "ndash": "--",
                                                 "laquo": "<<", "raquo": ">>", "laquo_space": "<< ",
                                                 "raquo_space": " >>"}},
            "future": True,  # Franklin shows posts dated ahead too
        }
        if info.theme:
            items["defaults"] = [{"scope": {"path": ""}, "values": {"layout": "default"}},
                                 {"scope": {"path": "", "type": "posts"}, "values": {"layout": "post"}}]
        if plugins(target, info):
            items["plugins"] = plugins(target, info)
    elif target.flavor == "quarto":
        items = {"project": {"type": "website", "resources": list(info.resources)},
                 "website": {"title": info.title, "site-url": info.url},
                 "format": {"html": {"html-math-method": "mathjax" if info.math == "mathjax" else "katex"}}}
    else:
        items = _mkdocs(info)
    return f"# {_NOTE}\n" + to_yaml({k: v for k, v in items.items() if v not in ("", {}, [])})


# the delimiters the hugo flavor writes math with: Goldmark hands what is between them over untouched
_INLINE = ["\\(", "\\)"]
_BLOCK = [["$$", "$$"], ["\\[", "\\]"]]


def _hugo(info: SiteInfo) -> str:
    """hugo.toml, written as plain TOML lines (no tomlkit: see :func:`to_toml`)."""
    v = toml_value
    lines = [
        f"# {_NOTE}",
        f"baseURL = {v(info.url.rstrip('/') + '/')}",
        f"title = {v(info.title)}",
        "disablePathToLower = true  # Franklin keeps the case of addresses",
        'titleCaseStyle = "none"  # and of tags and titles',
        "",
        "[taxonomies]",
        'tag = "tags"',
        "",
        "[module.hugoVersion]",
        'min = "0.132.0"  # passthrough math and GitHub alerts',
        "",
        "[markup.goldmark.renderer]",
        "unsafe = true  # Franklin's ~~~ raw HTML blocks",
        "",
        "[markup.goldmark.extensions.typographer]",
        "disable = true  # Franklin keeps quotes and dots as typed",
        "",
        "[markup.goldmark.extensions.passthrough]",
        "enable = true",
        "[markup.goldmark.extensions.passthrough.delimiters]",
        "inline = " + v([_INLINE]),
        "block = " + v(_BLOCK),
        "",
        "[markup.tableOfContents]  # \\toc, at Franklin's levels",
        f"startLevel = {info.toc[0]}",
        f"endLevel = {info.toc[1]}",
        "",
        "[markup.highlight]",
        "noClasses = true",
    ]
    return "\n".join(lines) + "\n"


def _mkdocs(info: SiteInfo) -> dict[str, object]:
    items: dict[str, object] = {
        "site_name": info.title, "site_url": info.url, "use_directory_urls": True,
        "markdown_extensions": [
            "admonition", "attr_list", "footnotes", "md_in_html", "tables",
            {"toc": {"toc_depth": f"{info.toc[0]}-{info.toc[1]}"}},
            {"pymdownx.arithmatex": {"generic": True}}],
    }
    if info.theme:
        items["theme"] = {"name": "mkdocs", "custom_dir": "theme", "highlightjs": True}
        items["extra_css"] = ["fc-theme.css"]
    if info.authors:
        items["extra"] = {"authors": dict(info.authors)}
    return items
