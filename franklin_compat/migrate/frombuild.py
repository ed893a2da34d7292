"""``--from-build``: what only Julia could make, taken from the site's last Franklin build.

Franklin evaluated the site's code blocks, ran ``\\literate`` scripts and Weave, and
called the ``hfun_``s of ``utils.jl`` when it built the site; the built pages
(``__site/`` or a ``gh-pages`` checkout) hold the results.  For each page, the
top-level blocks of our own reading are lined up with the top-level elements of
the built page's content, in order, by their text; the built elements standing
where we have a piece that needs Julia (an output that is not cached, a Julia-only
command, a call of a site's function) replace it, as raw HTML.  Each piece taken
is listed in the report.  Only migration uses this, never ``page_html``.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import replace
from pathlib import Path

from ..core.diagnostics import FranklinError
from ..reading import ast as A
from ..site.site import Site
from .report import Harvested

_SPACE = re.compile(r"\s+")


def _text(node: A.Node) -> str:
    """The words of a node, as the built page shows them."""
    parts = [n.text for n in A.walk(node) if isinstance(n, A.Text)]
    parts += [n.code for n in A.walk(node) if isinstance(n, A.CodeBlock | A.CodeSpan)]
    return _SPACE.sub(" ", " ".join(parts)).strip()


def _needs_julia(node: A.Node) -> str | None:
    """What of Julia's a top-level block waits for (``output``, ``literate``, ``hfun``…), or ``None``."""
    for n in A.walk(node):
        if isinstance(n, A.CodeOutput) and n.text is None:
            return "output"
        if isinstance(n, A.Unresolved):
            return n.what
        if isinstance(n, A.ErrorBlock):
            return "missing"  # a file the sources lack (a generated plot, a script): the build has it
        if isinstance(n, A.HFunCall) and n.name.lower() not in _TEMPLATE_CALLS:
            return "hfun"
    return None


# calls our template stage runs itself (the built page's result is ours too)
_TEMPLATE_CALLS = frozenset({"fill", "toc", "redirect", "href", "taglist"})


class Harvest:
    """A Franklin build folder, read page by page."""

    def __init__(self, build: str | os.PathLike[str], site: Site) -> None:
        self.root = Path(build).resolve()
        if not self.root.is_dir():
            raise FranklinError("FC779", f"--from-build {build}: not a folder",
                                hint="name the site's last build: its __site folder or a gh-pages checkout")
        self.site = site
        self.content_class = str(site.globals().get("div_content") or
                                 site.globals().get("content_class") or "franklin-content")

    def _built(self, url: str) -> list[str] | None:
        """The top-level elements of the built page's content, as HTML, or ``None``."""
        from bs4 import BeautifulSoup, Tag

        rel = url.strip("/")
        path = self.root / rel / "index.html" if not rel.endswith(".html") else self.root / rel
        try:
            text = path.resolve().read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        if self.root not in path.resolve().parents:
            return None  # a link out of the build folder
        soup = BeautifulSoup(text, "html.parser")
        box = soup.find(class_=self.content_class) or soup.body
        if not isinstance(box, Tag):
            return None
        return [str(c) for c in box.children if not (isinstance(c, str) and not c.strip())]

    def fill(self, doc: A.Document, rel: str, url: str, found: list[Harvested]) -> A.Document:
        """``doc`` with its blocks that need Julia replaced by what the build shows there."""
        kids = doc.children
        wanting = [i for i, k in enumerate(kids) if _needs_julia(k) is not None]
        if not wanting:
            return doc
        built = self._built(url)
        if built is None:
            return doc
        from bs4 import BeautifulSoup

        ours = [_text(k) for k in kids]
        theirs = [_SPACE.sub(" ", BeautifulSoup(h, "html.parser").get_text(" ")).strip() for h in built]
        anchors = self._align(ours, theirs, set(wanting))
        gaps: dict[tuple[int, int], list[int]] = {}
        for i in wanting:  # the built elements between the matched blocks around it
            lo = max((j for k, j in anchors.items() if k < i), default=-1) + 1
            hi = min((j for k, j in anchors.items() if k > i), default=len(built))
            if lo < hi:
                gaps.setdefault((lo, hi), []).append(i)
        new = list(kids)
        for (lo, hi), blocks in gaps.items():
            # blocks side by side with nothing matched between them share one stretch: the first takes it
            new[blocks[0]] = A.RawHtml(span=kids[blocks[0]].span, html="\n".join(built[lo:hi]))
            for i in blocks[1:]:
                new[i] = A.RawHtml(span=kids[i].span, html="")
            for i in blocks:
                found.append(Harvested(page=rel, what=_needs_julia(kids[i]) or "output", name=_name(kids[i]),
                                       source=(url.strip("/") + "/index.html").lstrip("/")))
        return replace(doc, children=tuple(new))

    @staticmethod
    def _align(ours: list[str], theirs: list[str], wanting: set[int]) -> dict[int, int]:
        """Our block index → the built element with the same words, in order (greedy, in sequence)."""
        anchors: dict[int, int] = {}
        j = 0
        for i, words in enumerate(ours):
            if i in wanting or not words:
                continue
            for k in range(j, min(len(theirs), j + 40)):
                if theirs[k] == words or (len(words) > 20 and difflib.SequenceMatcher(
                        None, words, theirs[k], autojunk=False).ratio() > 0.9):
                    anchors[i] = k
                    j = k + 1
                    break
        return anchors


def _name(node: A.Node) -> str:
    for n in A.walk(node):
        if isinstance(n, A.CodeOutput):
            return n.name
        if isinstance(n, A.Unresolved):
            return n.raw.strip()[:80]
        if isinstance(n, A.HFunCall):
            return n.raw
        if isinstance(n, A.ErrorBlock):
            return n.message[:80]
    return node.kind
