"""The emitter's state: flavor, variables, options, losses; what every part of it reads."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from ...core.source import Source
from ...reading import ast as A
from ..base import Emitter
from ..flavors import DEFAULT_CALLOUTS, Flavor
from ..html import HtmlEmitter
from ..losses import Loss
from .text import _balanced

#: Franklin's own html functions: ``{{toc}}`` calls one even where a page variable ``toc``
#: exists.  A migration adds the site's (``hfun_*`` of utils.jl, ``--plugins``).
FRANKLIN_HFUNS = frozenset({
    "fd2rss", "fill", "fix_relative_links", "href", "insert", "paginate", "redirect", "rfc822",
    "sitemap_opts", "taglist", "toc",
})


def _as_dict(m: Mapping[str, Any] | None) -> dict[str, Any]:
    return m if type(m) is dict else dict(m or {})


class _State(Emitter):
    """Options and running state of one page being written."""

    def __init__(
        self,
        flavor: Flavor,
        page_vars: Mapping[str, Any] | None = None,
        global_vars: Mapping[str, Any] | None = None,
        *,
        callouts: Mapping[str, str] | None = None,
        key_map: Mapping[str, str | None] | None = None,
        source: Source | None = None,
        path: str | None = None,
        urls: Callable[[str, bool], str] | None = None,
        front_matter: Mapping[str, object] | None = None,
        carried: frozenset[str] = frozenset(),
        hfuns: frozenset[str] = FRANKLIN_HFUNS,
    ) -> None:
        self.flavor = flavor
        self.carried = carried
        self.hfuns = hfuns if hfuns is FRANKLIN_HFUNS else frozenset(h.lower() for h in hfuns)  # (lower case)
        self.urls = urls
        self.front_matter = dict(front_matter or {})
        self._raw_urls: dict[tuple[int, int], list[str]] = {}
        # (the HTML emitter only reads them, and merges them as ``vars`` is merged: one dict for both)
        self._html = HtmlEmitter(_as_dict(page_vars), _as_dict(global_vars))
        self.vars: dict[str, Any] = self._html.vars
        self.callouts = dict(DEFAULT_CALLOUTS if callouts is None else callouts)
        self.key_map = key_map
        self.source = source
        self.path = path if path is not None else (source.path if source is not None else None)
        self.losses: list[Loss] = []
        self._inline = 0
        self._table = False
        self._oneline = False
        self._link = False
        self._brace_escape: bool | None = True  # None: not known yet (``_braces`` finds it)
        self._brace_run: list[A.Node] = []  # the paragraph text being written, for ``_braces``
        self._toc_in_front = False
        self._raw_at: A.Node | None = None
        self._doc: A.Document | None = None
        self._walked = False  # the facts below found (``_walk``)
        self._named: dict[str, str] = {}  # ``[^name]: url`` link definitions
        self._eq_numbers: dict[str, int] = {}
        self._bib_names: dict[str, str] = {}
        self._fn_used: set[str] = set()
        self._fn_defined: set[str] = set()
        self._fn_numbers: dict[str, int] = {}  # footnote id -> its number, as Franklin counts them
        self._fn_links: set[str] = set()  # ``^name`` link definitions written as footnotes
        self._targets: set[str] = set()
        self._titles: dict[str, str] = {}  # header id -> its Markdown text
        self._comments: list[A.Comment] = []
        self._comment_starts: list[int] = []
        self._deferred: list[str] | None = None  # template-call comments for after this block
        self._nested = 0  # inside a block's blocks (a div, a list item…), not at the page's top

    def loss(self, code: str, node: A.Node | None, what: str, why: str) -> None:
        line = col = None
        if node is not None and self.source is not None:
            line, col = self.source.position(node.span.start)
        self.losses.append(Loss(code, self.path, line, col, what, why))

    @property
    def _commonmark_reader(self) -> bool:
        """Is the target read by a CommonMark-like reader (not Julia's Markdown: Documenter)?"""
        return self.flavor.raw_block != "documenter"

    def _anchor(self, ident: str, at: A.Node) -> str:
        form = self.flavor.anchor
        if form == "pandoc":
            return f"[]{{#{ident}}}"
        if form == "none":
            self.loss("FC731", at, f"anchor '{ident}' dropped", f"{self.flavor.name} has no inline anchors")
            return ""
        self._raw_at = self._raw_at or at
        return f'<a id="{html.escape(ident, quote=True)}"></a>'

    def _braces(self) -> bool:
        """Are ``{ }`` escaped in the text written now?  In a paragraph, only where its braces
        do not pair up: found when first asked, which text with nothing to escape never does."""
        found = self._brace_escape
        if found is None:
            found = self._brace_escape = not _balanced(self._brace_run)
        return found

    @property
    def _pipes(self) -> bool:
        """Would a ``|`` written here make or end a table cell?"""
        return self._table or self.flavor.bar_tables

    def inline(self, nodes: tuple[A.Node, ...] | list[A.Node]) -> str:
        """Inline nodes as text (:class:`~.structure._Structure` writes them)."""
        raise NotImplementedError

    def blocks(self, nodes: tuple[A.Node, ...], *, tight: bool = False) -> str:
        """Block nodes one after the other (:class:`~.structure._Structure` writes them)."""
        raise NotImplementedError
