"""Asset references: every path a page points at, recorded once on the tree.

Checks verify these records and emitters rewrite from them; nobody re-parses
text to find a path.  Raw HTML (``~~~``) is read with :mod:`html.parser`.
"""

from __future__ import annotations

import posixpath
from dataclasses import replace
from html.parser import HTMLParser

from ..core.paths import is_external, resolve_url
from ..core.source import Span
from . import ast as A

_FILE_COMMANDS = {
    "fig": 0,
    "figalt": 1,
    "file": 1,
    "input": 1,
    "textinput": 0,
    "tableinput": 1,
    "literate": 0,
}


def site_file_for(url: str, page_dir: str) -> str | None:
    """The source file Franklin serves ``url`` from (``/assets/x`` → ``_assets/x``)."""
    if is_external(url) or not url:
        return None
    path = url.split("#", 1)[0].split("?", 1)[0]
    if not path:
        return None
    if path.startswith("/"):
        rel = path.lstrip("/")
        for built, src in (("assets/", "_assets/"), ("css/", "_css/"), ("libs/", "_libs/")):
            if rel.startswith(built):
                return src + rel[len(built) :]
        return rel
    return posixpath.normpath(posixpath.join(page_dir, path))


def collect_assets(doc: A.Document) -> A.Document:
    rpath = (doc.source.path or "index.md") if doc.source is not None else "index.md"
    page_dir = posixpath.dirname(rpath)
    refs: list[A.AssetRef] = []

    def add(text: str, span: Span, role: str) -> None:
        ext = is_external(text)
        url = text
        if role in _FILE_COMMANDS and not ext:
            url = resolve_url(text, rpath, code=role in ("fig", "figalt", "input"))
        refs.append(
            A.AssetRef(
                span=span,
                text=text,
                role=role,
                external=ext,
                resolved=None if ext else site_file_for(url, page_dir),
            )
        )

    for n in A.walk(doc):
        if isinstance(n, A.Image) and not n.franklin:
            add(n.url, n.span, "image")
        elif isinstance(n, A.Link):
            add(n.url, n.span, "link")
        elif isinstance(n, A.Command) and n.name in _FILE_COMMANDS and len(n.args) > _FILE_COMMANDS[n.name]:
            add(n.args[_FILE_COMMANDS[n.name]].strip(), n.span, n.name)
        elif isinstance(n, A.RawHtml) and ("src=" in n.html or "href=" in n.html):
            for url, attr in _html_urls(n.html):
                add(url, n.span, f"html-{attr}")
    if not refs:
        return doc
    return replace(doc, assets=tuple(refs))


class _UrlFinder(HTMLParser):
    """``src``/``href`` values of the start tags of some raw HTML, read as html.parser reads them
    (entities decoded, script bodies skipped), without building a tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        seen = dict(attrs)  # a repeated attribute: the last one counts, as in beautifulsoup4
        for attr in ("src", "href"):
            v = seen.get(attr)
            if v is not None and "{{" not in v:
                self.found.append((v, attr))

    handle_startendtag = handle_starttag


def _html_urls(html: str) -> list[tuple[str, str]]:
    finder = _UrlFinder()
    finder.feed(html)
    finder.close()
    return finder.found
