"""Asset references: every path a page points at, recorded once on the tree.

Checks verify these records and emitters rewrite from them; nobody re-parses
text to find a path.  Raw HTML (``~~~``) is read with :mod:`html.parser`'s own patterns.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from html import unescape

from ..core.lazy_re import lazy_compile
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

#: the node classes that hold no node and name no asset (most of a page's nodes: text, breaks)
_LEAVES = frozenset(
    cls
    for cls in A.NODE_TYPES.values()
    if cls.child_nodes is A.Node.child_nodes and cls.kind not in ("image", "link", "command", "raw_html")
)


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
    read: dict[tuple[str, str], tuple[bool, str | None]] = {}  # a page repeats its links

    def add(text: str, span: Span, role: str) -> None:
        found = read.get((text, role))
        if found is None:
            ext = is_external(text)
            url = text
            if role in _FILE_COMMANDS and not ext:
                url = resolve_url(text, rpath, code=role in ("fig", "figalt", "input"))
            found = read[text, role] = (ext, None if ext else site_file_for(url, page_dir))
        refs.append(A.AssetRef(span=span, text=text, role=role, external=found[0], resolved=found[1]))

    stack: list[A.Node] = [doc]  # :func:`ast.walk`'s order, without stepping on each leaf
    while stack:
        n = stack.pop()
        kids = n.child_nodes()
        if kids:
            stack.extend([k for k in reversed(kids) if k.__class__ not in _LEAVES])
        kind = n.kind
        if kind == "image" and isinstance(n, A.Image) and not n.franklin:
            add(n.url, n.span, "image")
        elif kind == "link" and isinstance(n, A.Link):
            add(n.url, n.span, "link")
        elif kind == "command" and isinstance(n, A.Command) and len(n.args) > _FILE_COMMANDS.get(n.name, 99):
            add(n.args[_FILE_COMMANDS[n.name]].strip(), n.span, n.name)
        elif kind == "raw_html" and isinstance(n, A.RawHtml) and ("src=" in n.html or "href=" in n.html):
            for url, attr in _html_urls(n.html):
                add(url, n.span, f"html-{attr}")
    if not refs:
        return doc
    return replace(doc, assets=tuple(refs))


_OPENING = lazy_compile(r"<(?:(!--)|(!\[)|([!?])|(script|style)(?=[\s/>])|[a-zA-Z])", re.I)
_CLOSE_RAW = {"script": lazy_compile(r"</script", re.I), "style": lazy_compile(r"</style", re.I)}
_SRC_HREF = lazy_compile(r"src|href", re.I)
#: what html.parser reads as a start tag cut short by the end of its input
_UNFINISHED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ=/")


def _html_urls(html: str) -> list[tuple[str, str]]:
    """``src``/``href`` values of the start tags of some raw HTML, as :mod:`html.parser` reads
    them (its own tag and attribute patterns, entities decoded, comments, declarations and
    script/style bodies skipped; a tag left open is text up to the next ``>``), looking
    closely only at the tags that name one.  Linear: the tag pattern may read far (a tag whose
    attributes run on), so what it reads is counted, and past four times the text it reads a
    tag only up to the next ``<`` (html.parser itself takes quadratic time there)."""
    from html.parser import (  # type: ignore[attr-defined]  # here: most pages have no raw HTML
        commentclose,
        locatestarttagend_tolerant,
    )

    found: list[tuple[str, str]] = []
    pos = 0
    n = len(html)
    budget = 4 * n + 65536
    gt = -1  # the next ``>`` at or after ``pos`` (found again only once passed)
    while pos < n:
        m = _OPENING.search(html, pos)
        if m is None:
            break
        i = m.start()
        if gt < i:
            gt = html.find(">", i)
            if gt == -1:  # every construct left ends with a ``>``: none is complete
                break
        if m.group(1):  # <!-- … -->
            close = commentclose.search(html, m.end())
            pos = n if close is None else close.end()
            continue
        if m.group(2) or m.group(3):  # <![CDATA[ … ]]>, <!DOCTYPE …>, <? … >
            close_at = html.find("]]>" if m.group(2) else ">", m.end())
            pos = n if close_at < 0 else close_at + 1
            continue
        stop = n
        if budget < 0:
            stop = html.find("<", i + 1)
            stop = n if stop == -1 else stop
        end = locatestarttagend_tolerant.match(html, i, stop)
        j = end.end() if end is not None else i + 1
        budget -= j - i
        after = html[j : j + 1]
        if after == ">":
            j += 1
        elif html.startswith("/>", j):
            j += 2
        elif not after or after in _UNFINISHED:  # html.parser: text up to the next ``>``
            pos = gt + 1
            continue
        else:  # what follows is no attribute: text up to there
            pos = j
            continue
        if _SRC_HREF.search(html, i, j):
            found.extend(_tag_urls(html, i, j))
        pos = j
        if m.group(4):  # script or style: their text is not HTML
            close = _CLOSE_RAW[m.group(4).lower()].search(html, j)
            pos = n if close is None else close.start()
    return found


def _tag_urls(html: str, i: int, j: int) -> list[tuple[str, str]]:
    """The ``src`` and ``href`` of the start tag ``html[i:j]`` (a repeated one: the last)."""
    from html.parser import attrfind_tolerant, tagfind_tolerant  # type: ignore[attr-defined]

    attrs: dict[str, str | None] = {}
    k = tagfind_tolerant.match(html, i + 1).end()
    while k < j:
        a = attrfind_tolerant.match(html, k)
        if not a:
            break
        name, rest, value = a.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        attrs[name.lower()] = unescape(value) if value else value
        k = a.end()
    return [(v, attr) for attr in ("src", "href") if (v := attrs.get(attr)) is not None and "{{" not in v]
