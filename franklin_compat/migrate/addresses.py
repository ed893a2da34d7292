"""Where every page and file goes, and every address of a page pointed at where its file went.

Addresses are rewritten from the page's asset records (links, images, ``\\fig``,
``src``/``href`` of raw HTML), never by searching the text: an address is resolved
the way a browser would on Franklin's page, percent-encoding undone as a server
does (``/assets/my%20image.png`` is ``_assets/my image.png``), looked up among the
pages and files the migration writes, and written in the target's form.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from urllib.parse import unquote

from ..core.diagnostics import Diagnostic, Severity
from ..core.paths import is_external
from ..reading import ast as A
from .targets import Target

Rewriter = Callable[[str, bool], str]


def index_url(url: str) -> str:
    """``/blog/post/index.html`` and ``/blog/post`` are both the page at ``/blog/post/``."""
    url = url.removesuffix("index.html")
    return url if url.endswith("/") or posixpath.splitext(url)[1] else url + "/"


def post_name(url: str, day: dt.date, taken: set[str]) -> str:
    """Jekyll's ``YYYY-MM-DD-slug`` for the page at ``url``: the last part of the URL, with
    the folders above it when another post of that day already has that slug."""
    parts = [p for p in url.strip("/").split("/") if p] or ["index"]
    for k in range(1, len(parts) + 1):
        name = f"{day:%Y-%m-%d}-" + "-".join(parts[-k:])
        if name not in taken:
            taken.add(name)
            return name
    name = f"{day:%Y-%m-%d}-" + "-".join(parts) + f"-{len(taken)}"
    taken.add(name)
    return name


class Addresses:
    """The migration's file map, and the address rewriter of each page.

    ``files``: site file (as Franklin's build names it) → output file; ``pages``:
    Franklin URL (``/blog/post/``) → output file.
    """

    def __init__(self, target: Target, tag_dir: str) -> None:
        self.target = target
        self.tag_dir = "/" + tag_dir.strip("/") + "/"
        self.files: dict[str, str] = {}
        self.pages: dict[str, str] = {}

    def served(self, dest: str, url: str | None) -> str:
        """The address the target serves an output file at (``url``: Franklin's, for a page)."""
        t = self.target
        if url is not None and t.served == "directory":
            return url
        if url is not None:
            stem = posixpath.splitext(dest[len(t.content):].lstrip("/"))[0]
            return "/" + stem + ".html"
        return "/" + dest[len(t.static):].lstrip("/")

    def _find(self, absolute: str) -> tuple[str | None, str | None]:
        """(page URL, output file) of a site-rooted address, trying it as written, then decoded."""
        for candidate in dict.fromkeys((absolute, unquote(absolute))):
            page = self.pages.get(index_url(candidate))
            if page is not None:
                return index_url(candidate), page
            dest = self.files.get(candidate.lstrip("/"))
            if dest is not None:
                return None, dest
        return None, None

    def rewriter(self, page_out: str, page_url: str, doc: A.Document, rel: str,
                 report: list[Diagnostic]) -> Rewriter:
        """Addresses of one page, pointed at where the migration put their files.

        ``raw``: an address of raw HTML, which the target serves as written.
        """
        where = {ref.text: ref.span.start for ref in reversed(doc.assets)}
        t = self.target

        def rewrite(url: str, raw: bool) -> str:
            if not url or url.startswith(("#", "{{")) or is_external(url) or url.startswith("mailto:"):
                return url
            cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
            path, rest = url[:cut], url[cut:]
            if "@" in path and "/" not in path:  # an e-mail address written without mailto:
                return url
            absolute = path if path.startswith("/") else posixpath.normpath(
                posixpath.join(page_url, path)) + ("/" if path.endswith("/") else "")
            found_url, dest = self._find(absolute)
            if found_url is not None and t.links == "rooted":
                return found_url + rest  # the target serves the page at Franklin's URL
            if dest is None and absolute.startswith(self.tag_dir) and t.flavor == "hugo":
                return "/tags/" + absolute[len(self.tag_dir):] + rest  # Hugo's taxonomy page
            if dest is None:
                line = col = None
                if url in where and doc.source is not None:
                    line, col = doc.source.position(where[url])
                report.append(Diagnostic(
                    code="FC771", message=f"{url!r} leads to no page or file of the site; kept as written",
                    severity=Severity.WARNING, path=rel, line=line, col=col,
                    hint="check the address, or copy the file into the site before migrating"))
                return url
            if t.links == "rooted":
                return url
            if raw and t.served != "file":
                here = self.served(page_out, page_url)
                there = self.served(dest, found_url)
                base = here if here.endswith("/") else posixpath.dirname(here)
                return posixpath.relpath(there, base) + ("/" if there.endswith("/") else "") + rest
            return posixpath.relpath(dest, posixpath.dirname(page_out) or ".") + rest

        return rewrite
