"""Where a piece of mistune's reading lies in the source.

mistune reads a copy of the page in which each Franklin block is a placeholder; the
:class:`Locator` walks that copy as the nodes are made, in order, and maps what it finds
back to spans of the page (``seg_inter``/``seg_text``: where each copied stretch starts in
the copy and in the page).
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Sequence

from ..core.lazy_re import lazy_compile
from ..core.source import Span
from .context import SourceText
from .mistune_fast import escape_url

#: a link destination up to its end, while it holds no parenthesis
_URL_PLAIN = re.compile(r"[^() \t\n]*")
_ANGLE_UNESCAPE = lazy_compile(r"\\([\\<>])")


class Locator:
    """Maps text found in the placeholder text back to spans of the source."""

    WINDOW = 4000

    def __init__(self, md_text: str, seg_inter: Sequence[int], seg_text: Sequence[int], src: SourceText):
        """``seg_inter[k]``: where the ``k``-th stretch copied from the text starts in ``md_text``;
        ``seg_text[k]``: where it starts in the text."""
        self.md = md_text
        self.seg_inter = seg_inter
        self.seg_text = seg_text
        self.src = src
        self.cursor = 0
        self._seg = 0
        # the last segment found: ``[lo, hi)`` in ``md_text``, ``shift`` from there to the
        # text (``hi`` is 0 while none is: no query is before 0); read by the fast path of
        # :meth:`~.mdnodes.MdConverter.inlines` too
        self.lo = self.hi = self.shift = 0
        self.base = src.base  # the spans of the common cases are made here, without src.span
        # a text not found from ``missed_at`` (by :meth:`~.mdnodes.MdConverter.inlines`), and
        # :meth:`here` there
        self.missed, self.missed_at, self.missed_here = "", -1, Span(0, 0)

    def _orig(self, q: int) -> int:
        """The source offset of ``q``; queries mostly move forward, so the segment of the
        last one is tried first, then the one after it."""
        if self.lo <= q < self.hi:
            return q + self.shift
        inter = self.seg_inter
        k = self._seg
        n = len(inter)
        if not (0 <= k < n and inter[k] <= q and (k + 1 == n or q < inter[k + 1])):
            k += 1  # else the next one, where a reading between inserts goes
            if not (0 <= k < n and inter[k] <= q and (k + 1 == n or q < inter[k + 1])):
                k = bisect_right(inter, q) - 1
            self._seg = k
            if k < 0:
                self.hi = 0
                return 0
        self.lo = inter[k]
        self.hi = inter[k + 1] if k + 1 < n else sys.maxsize
        self.shift = self.seg_text[k] - self.lo
        return q + self.shift

    def here(self) -> Span:
        q = self.cursor
        o = q + self.shift if self.lo <= q < self.hi else self._orig(q)
        base = self.base
        return self.src.span(o, o) if base is None else Span(base + o, base + o)

    def image_label(self, flat: str) -> str:
        """The text between the next ``![`` and its ``]`` as written: Julia's Markdown
        keeps an image's alt text verbatim (no emphasis: ``*`` and ``_`` stay).  Used
        when it is ``flat`` (mistune's reading) once those are left out on both sides."""
        q = self.md.find("![", self.cursor, self.cursor + self.WINDOW)
        if q == -1:
            return flat
        text = self.md
        end = q + 2
        depth = 0
        while end < len(text) and end - q < self.WINDOW:
            c = text[end]
            if c == "\\":
                end += 2
                continue
            if c == "[":
                depth += 1
            elif c == "]":
                if depth == 0:
                    break
                depth -= 1
            end += 1
        raw = text[q + 2 : end]
        if raw != flat and _unstarred(raw) == _unstarred(flat):
            return raw
        return flat

    def destination(self, encoded: str) -> tuple[str, Span]:
        """The link destination as written (mistune percent-encodes it), and its span.

        The next ``](`` after the cursor is read; if encoding what it holds gives
        mistune's value, that is the author's text.
        """
        q = self.md.find("](", self.cursor, self.cursor + self.WINDOW)
        if q != -1:
            start = q + 2
            text = self.md
            limit = min(len(text), start + self.WINDOW)
            plain = _URL_PLAIN.match(text, start, limit)
            end = plain.end() if plain else start
            if end < limit and text[end] == "(":  # parentheses inside: count them
                depth = 0
                while end < limit:
                    c = text[end]
                    if c == "(":
                        depth += 1
                    elif c == ")":
                        if depth == 0:
                            break
                        depth -= 1
                    elif c in " \t\n":
                        break
                    end += 1
            angled = False
            if text.startswith("<", start):  # ``](<url with spaces>)`` (``julia_links``)
                gt = text.find(">", start)
                while gt > 0 and text[gt - 1] == "\\":
                    gt = text.find(">", gt + 1)
                if gt > 0:
                    end, angled = gt + 1, True
            raw = text[start:end].strip("<>")
            if angled and "\\" in raw:
                raw = _ANGLE_UNESCAPE.sub(r"\1", raw)
            if raw and escape_url(raw) == encoded:
                self.cursor = end
                return raw, self.src.span(self._orig(start), self._orig(end - 1) + 1)
        return encoded, self.find(encoded)

    def skip(self, needle: str) -> None:
        """Move past the next ``needle`` as :meth:`find` does, without working out its span."""
        q = self.md.find(needle, self.cursor, self.cursor + self.WINDOW + len(needle))
        if q != -1:
            self.cursor = q + len(needle)

    def find(self, needle: str) -> Span:
        if not needle:
            return self.here()
        n = len(needle)
        q = self.md.find(needle, self.cursor, self.cursor + self.WINDOW + n)
        if q == -1:
            return self.here()
        end = self.cursor = q + n
        if self.lo <= q and end <= self.hi and self.base is not None:  # within the last segment
            start = self.base + q + self.shift
            return Span(start, start + n)
        start = self._orig(q)
        if end <= self.hi:  # within the segment of its start (the next one, after an insert)
            if self.base is not None:
                start += self.base
                return Span(start, start + n)
            return self.src.span(start, start + n)
        last = end - 1
        k = self._seg  # the needle usually lies within one segment: no second lookup
        inter = self.seg_inter
        if k + 1 == len(inter) or last < inter[k + 1]:
            return self.src.span(start, start + len(needle))
        return self.src.span(start, self._orig(last) + 1)


def _unstarred(text: str) -> str:
    """Text without the emphasis markers mistune would have read as emphasis."""
    return text.replace("_", "").replace("*", "")

