"""mistune's reading of the text between Franklin's blocks, turned into our nodes.

The text mistune reads holds one placeholder per Franklin block; :class:`MdConverter`
swaps them back for the Franklin nodes and gives every Markdown node its span,
found in the source through :class:`~.locator.Locator`.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from itertools import accumulate, islice, repeat
from operator import attrgetter, itemgetter
from typing import Any

import mistune
from mistune.util import escape_url

from ..core.frozen import build_many, maker
from ..core.lazy_re import lazy_compile
from ..core.source import Span
from . import ast as A
from . import mistune_plain
from .julia_inline import PH_CLOSE, PH_OPEN
from .julia_md import LIST_BREAK, markdown
from .locator import Locator

_PH_RE = re.compile(PH_OPEN + r"(\d+)" + PH_CLOSE)
# A line mistune would read as a paragraph of plain text: no Markdown character
# anywhere, nothing at its start that opens a block, no entity.
_PLAIN_LINE = re.compile(r"(?![#>+=|~\d-])[^\n*_\[\]!<>`\\|~=-]*")
_PH_TRAILING = re.compile(PH_OPEN + r"(\d+)" + PH_CLOSE + r"[ \t]+(?=\n|\Z)")
#: a placeholder inside a URL, as mistune percent-encodes it (the UTF-8 bytes of the two marks)
_PH_OPEN_ENCODED = escape_url(PH_OPEN)
_PH_ENCODED = lazy_compile(_PH_OPEN_ENCODED + r"(\d+)" + escape_url(PH_CLOSE))


_START, _END = attrgetter("span.start"), attrgetter("span.end")


def _cover(nodes: list[A.Node] | list[A.TableCell], loc: Locator) -> Span:
    """The span from the first to the last of ``nodes``; where the reading is, for none.  The
    first node's own span when it is that (two parents in three: one span less each)."""
    if not nodes:
        return loc.here()
    first = nodes[0].span
    if len(nodes) == 1:
        return first
    lo, hi = min(map(_START, nodes)), max(map(_END, nodes))  # (in C: a paragraph may have 10^6 nodes)
    return first if lo == first.start and hi == first.end else Span(lo, hi)


class MdConverter:
    """mistune's token dicts → our nodes, placeholders → the Franklin nodes."""

    def __init__(self, inserts: list[A.Node], loc: Locator, keeps_p: set[int] | None = None):
        self.inserts = inserts
        # sorted, in an array: 8 bytes an insert (a set took a hundred, a long page has 10^5)
        self.insert_ids = array("Q", sorted(map(id, inserts)))
        self.keeps_p = keeps_p or set()
        self.loc = loc
        # the last list of nodes :meth:`inlines` made with :meth:`texts`, and its cover
        self._covered: tuple[list[A.Node], Span] | None = None
        #: how many inserts :meth:`split` has put among nodes (a paragraph it put none in is no insert)
        self.spliced = 0

    def document(self, md_text: str, *, indented_code: bool = False) -> list[A.Node]:
        plain = _plain_line(md_text)
        if plain == "":
            return []
        if plain is not None:  # one line of plain text (most header texts): no Markdown to read
            node = self.block({"type": "paragraph", "children": [{"type": "text", "raw": plain}]}, False)
            return [] if node is None else node if isinstance(node, list) else [node]
        return self.blocks(_stream(markdown(indented_code), md_text))

    def blocks(self, toks: Iterable[dict[str, Any]], *, in_list: bool = False) -> list[A.Node]:
        """``in_list``: the blocks of a list item, whose first paragraph follows ``<li>``
        (Franklin's insert pattern ``(?<!<li>)<p>`` keeps that one's ``<p>``)."""
        out: list[A.Node] = []
        for t in toks:
            node = self.block(t, in_list)
            if node is None:
                continue
            in_list = False
            if isinstance(node, list):
                out.extend(node)
            else:
                out.append(node)
        return out

    def block(self, t: dict[str, Any], in_list: bool) -> A.Node | list[A.Node] | None:
        if t.__class__ is _Lone and (lone := self.lone(t, in_list)) is not None:
            return lone
        typ = t["type"]
        loc = self.loc
        if typ == "blank_line":
            return None
        if typ in ("paragraph", "block_text"):
            parts = t.get("children", [])
            if len(parts) == 1 and parts[0].get("raw", "").strip() == LIST_BREAK:
                return None  # where Julia's Markdown ended a list (``end_lists``)
            spliced = self.spliced
            kids = self.inlines(t.get("children", []))
            lone = _lone_insert(kids, self.insert_ids) if self.spliced != spliced else None
            if lone is not None and not in_list and id(lone) not in self.keeps_p:
                return lone
            known, self._covered = self._covered, None  # (a line of a million texts: not looked at again)
            cover = known[1] if known is not None and known[0] is kids else _cover(kids, self.loc)
            return A.Paragraph(span=cover, children=tuple(kids))
        if typ == "heading":
            kids = self.inlines(t.get("children", []))
            return A.Heading(
                span=_cover(kids, self.loc),
                level=t["attrs"]["level"],
                children=tuple(kids),
                anchor=False,
            )
        if typ == "admonition":
            attrs = t["attrs"]
            title = A.Paragraph(
                span=loc.here(), classes=("admonition-title",), children=tuple(self.split(attrs["title"]))
            )
            kids = self.blocks(t.get("children", []))
            return A.Div(
                span=_cover(kids, self.loc),
                classes=("admonition", attrs["kind"]),
                children=(title, *kids),
            )
        if typ == "thematic_break":
            return A.ThematicBreak(span=loc.here())
        if typ == "block_quote":
            kids = self.blocks(t.get("children", []))
            return A.BlockQuote(span=_cover(kids, self.loc), children=tuple(kids))
        if typ == "list":
            attrs = t.get("attrs", {})
            items: list[A.Node] = []
            for it in t.get("children", []):
                parts = it.get("children", [])
                text = _one_text(parts)
                if text is not None:  # :meth:`block`'s paragraph of one text, without the calls
                    kid = self.inlines(text)[0]
                    para = A.Paragraph(span=kid.span, children=(kid,))
                    items.append(A.ListItem(span=para.span, children=(para,)))
                    continue
                kids = self.blocks(parts, in_list=True)
                items.append(
                    A.ListItem(span=_cover(kids, self.loc), children=tuple(kids))
                )
            return A.List(
                span=_cover(items, self.loc),
                ordered=bool(attrs.get("ordered")),
                start=int(attrs.get("start") or 1),
                tight=bool(t.get("tight", True)),
                bullet=str(t.get("bullet", "-")),
                children=tuple(items),
            )
        if typ == "table":
            rows: list[A.Node] = []
            aligns: tuple[str | None, ...] = ()
            for part in t.get("children", []):
                if part["type"] == "table_head":
                    cells = [self.cell(c) for c in part.get("children", [])]
                    aligns = tuple(c.align for c in cells)
                    rows.append(
                        A.TableRow(
                            span=_cover(cells, self.loc), head=True, children=tuple(cells)
                        )
                    )
                else:
                    for r in part.get("children", []):
                        cells = [self.cell(c) for c in r.get("children", [])]
                        rows.append(
                            A.TableRow(
                                span=_cover(cells, self.loc), children=tuple(cells)
                            )
                        )
            return A.Table(
                span=_cover(rows, self.loc), aligns=aligns, children=tuple(rows)
            )
        if typ == "block_code":
            raw = t.get("raw", "")
            return A.CodeBlock(span=loc.find(raw), code=self.plain(raw), fence="    ")
        if typ == "block_html":
            raw = t.get("raw", "")
            return A.Paragraph(
                span=loc.find(raw), children=(A.InlineHtml(span=loc.here(), html=self.plain(raw)),)
            )
        kids = self.inlines(t.get("children", [])) if "children" in t else self.split(t.get("raw", ""))
        return A.Paragraph(span=_cover(kids, self.loc), children=tuple(kids))

    def lone(self, t: dict[str, Any], in_list: bool) -> A.Node | None:
        """What :meth:`block` makes of a placeholder's paragraph from :func:`_stream`, without
        reading its text: the Franklin node, or its paragraph where it keeps its ``<p>``; None
        for a node :func:`_lone_insert` passes over (a soft break, white text) or no insert."""
        raw = t["children"][0]["raw"]
        k = int(raw[1:-1])
        node = self.inserts[k] if k < len(self.inserts) else None
        if node is None or isinstance(node, (A.Text, A.SoftBreak)):
            return None
        self.loc.skip(raw)
        if not in_list and id(node) not in self.keeps_p:
            return node
        self._covered = None
        return A.Paragraph(span=node.span, children=(node,))

    def cell(self, c: dict[str, Any]) -> A.TableCell:
        kids = self.inlines(c.get("children", []))
        attrs = c.get("attrs", {})
        cover = kids[0].span if len(kids) == 1 else _cover(kids, self.loc)  # (most: no call)
        return _CELL(cover, tuple(kids), attrs.get("align"), bool(attrs.get("head")))

    def split(self, raw: str) -> list[A.Node]:
        """Text with placeholders → Text nodes and the Franklin nodes they stand for."""
        if PH_OPEN not in raw:
            return [A.Text(span=self.loc.find(raw), text=raw)] if raw else []
        out: list[A.Node] = []
        loc, inserts = self.loc, self.inserts
        count = len(inserts)
        pos = 0
        # placeholders side by side not yet skipped, ``raw[passed_from:passed_to]``: skipped
        # at once, as one (none while ``passed_to`` is 0)
        passed_from = passed_to = 0
        for m in _PH_RE.finditer(raw):
            start, stop = m.span()
            if start > pos:
                if passed_to:
                    loc.skip(raw[passed_from:passed_to])
                    passed_to = 0
                piece = raw[pos:start]
                out.append(A.Text(span=loc.find(piece), text=piece))
            pos = stop
            k = int(m.group(1))
            if k < count:
                out.append(inserts[k])
                self.spliced += 1
                if not passed_to:
                    passed_from = start
                passed_to = stop
        if passed_to:
            loc.skip(raw[passed_from:passed_to])
        if pos < len(raw):
            piece = raw[pos:]
            out.append(A.Text(span=loc.find(piece), text=piece))
        return out

    def target(self, raw: str) -> tuple[A.Node, ...]:
        """A destination holding Franklin constructs, as nodes (their rendering is the URL)."""
        if _PH_OPEN_ENCODED in raw:
            raw = _PH_ENCODED.sub(lambda m: f"{PH_OPEN}{m.group(1)}{PH_CLOSE}", raw)
        if PH_OPEN not in raw:
            return ()
        return tuple(self.split(raw))

    def plain(self, raw: str) -> str:
        """Placeholders inside a URL or alt text: the source text they replaced
        (mistune percent-encodes them inside URLs)."""
        if _PH_OPEN_ENCODED in raw:
            raw = _PH_ENCODED.sub(lambda m: f"{PH_OPEN}{m.group(1)}{PH_CLOSE}", raw)
        if PH_OPEN not in raw:
            return raw
        return _PH_RE.sub(lambda m: _plain_text(self.inserts[int(m.group(1))]), raw)

    def alt_text(self, raw: str) -> str:
        """An image's alt text: Franklin writes the resolved block into the attribute, so math
        is KaTeX-ready ``\\(tex\\)`` (``\\[tex\\]`` for display math); other placeholders as
        :meth:`plain` gives them."""
        def resolved(m: re.Match[str]) -> str:
            node = self.inserts[int(m.group(1))]
            if isinstance(node, A.Math):
                return f"\\[{node.tex}\\]" if node.display else f"\\({node.tex}\\)"
            return _plain_text(node)

        return _PH_RE.sub(resolved, raw)

    def inlines(self, toks: list[dict[str, Any]]) -> list[A.Node]:
        """The nodes of inline tokens.  A text or a break found inside the segment the locator
        found last (most of them) gets its span here, as :meth:`Locator.find` and
        :meth:`Locator.here` give it, without their calls; many texts and nothing else (a line
        of unmatched ``[``), after the first, by :meth:`texts` if they follow one another."""
        # (the types of the first few looked at first: a paragraph of texts and breaks is told at once)
        if len(toks) > _MANY and all(set(map(_TYPE, part)) == _TEXT_ONLY for part in (toks[:_MANY], toks)):
            first = self.inlines(toks[:1])  # (the reading may be short of the first)
            rest = self.texts(toks[1:])
            if rest is None:
                return first + self.inlines(toks[1:])
            made = first + rest  # its cover: the texts' spans follow one another, the last ends last
            self._covered = made, _cover([*first, rest[0], rest[-1]], self.loc)
            return made
        out: list[A.Node] = []
        append = out.append
        loc = self.loc
        md, base, window = loc.md, loc.base, loc.WINDOW
        text_node, soft_node, span = _TEXT, _SOFT, _SPAN  # (made without keywords: :func:`maker`)
        for t in toks:
            typ = t["type"]
            if typ == "text":
                raw = t.get("raw", "")
                if PH_OPEN in raw:
                    out.extend(self.split(raw))
                elif raw:  # as :meth:`split` gives it, without its list
                    n = len(raw)
                    q = loc.cursor
                    # (a text missed from here is missed again: a table's row of cells past
                    # the window, each searching it twice; their spans are all the one here)
                    q = -1 if q == loc.missed_at and raw == loc.missed else md.find(raw, q, q + window + n)
                    if base is not None and loc.lo <= q and q + n <= loc.hi:
                        loc.cursor = q + n
                        q += base + loc.shift
                        append(text_node(span(q, q + n), raw))
                    elif q < 0:  # as :meth:`Locator.find` gives it: where the reading is
                        if loc.missed_at != loc.cursor:
                            loc.missed_at, loc.missed_here = loc.cursor, loc.here()
                        loc.missed = raw
                        append(text_node(loc.missed_here, raw))
                    else:
                        append(text_node(loc.find(raw), raw))
            elif typ == "softbreak":
                q = loc.cursor
                if base is not None and loc.lo <= q < loc.hi:
                    q += base + loc.shift
                    append(soft_node(span(q, q)))
                else:
                    append(soft_node(loc.here()))
            elif typ in ("emphasis", "strong"):
                kids = self.inlines(t.get("children", []))
                cover = kids[0].span if len(kids) == 1 else _cover(kids, loc)  # (most: no call)
                append(_EMPHASIS(cover, tuple(kids), typ == "strong"))
            elif typ == "link":
                attrs = t.get("attrs", {})
                kids = self.inlines(t.get("children", []))
                raw, uspan = loc.destination(attrs.get("url", ""))
                out.append(
                    A.Link(
                        span=_cover(kids, loc).cover(uspan) if kids else uspan,
                        url=self.plain(raw),
                        title=attrs.get("title"),
                        children=tuple(kids),
                        target=self.target(raw),
                    )
                )
            elif typ == "image":
                attrs = t.get("attrs", {})
                label = loc.image_label("".join(_flat_text(t.get("children", []))))
                alt = self.alt_text(label)
                aspan = loc.find(self.plain(label))
                raw, uspan = loc.destination(attrs.get("url", ""))
                out.append(
                    A.Image(
                        span=aspan.cover(uspan),
                        url=self.plain(raw),
                        alt=alt,
                        target=self.target(raw),
                    )
                )
            elif typ == "codespan":
                out.append(A.CodeSpan(span=loc.find(t.get("raw", "")), code=t.get("raw", "")))
            elif typ == "linebreak":
                out.append(A.LineBreak(span=loc.here(), franklin=False))
            elif typ == "inline_html":
                raw = t.get("raw", "")
                out.append(A.InlineHtml(span=loc.find(raw), html=self.plain(raw)))
            else:
                out.extend(self.split(t.get("raw", "")))
        return out


    def texts(self, toks: list[dict[str, Any]]) -> list[A.Node] | None:
        """The nodes of text tokens that follow one another from where the reading is, in the
        segment the locator found last, as :meth:`inlines` makes them one at a time (each is
        found where the one before it ends); None for others."""
        raws = list(filter(None, map(dict.get, toks, repeat("raw"), repeat(""))))
        if not raws:
            return None
        text = "".join(raws)
        loc = self.loc
        q = loc.cursor
        end = q + len(text)
        if loc.base is None or not (loc.lo <= q and end <= loc.hi) or PH_OPEN in text:
            return None
        if not loc.md.startswith(text, q):
            return None
        loc.cursor = end
        starts = list(accumulate(map(len, raws), initial=q + loc.base + loc.shift))
        spans = build_many(Span, len(raws), start=starts, end=islice(starts, 1, None))
        return build_many(A.Text, len(raws), span=spans, text=raws)


def _one_text(parts: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """The inline tokens of a list item that is one paragraph of one text (most items), if it
    is: a text with no placeholder, which is no insert and no ``LIST_BREAK``."""
    if len(parts) != 1 or parts[0]["type"] not in ("block_text", "paragraph"):
        return None
    kids: list[dict[str, Any]] = parts[0].get("children", [])
    if len(kids) != 1 or kids[0]["type"] != "text":
        return None
    raw = kids[0].get("raw", "")
    return kids if raw and PH_OPEN not in raw and raw.strip() != LIST_BREAK else None


_TEXT, _SOFT, _EMPHASIS, _SPAN = maker(A.Text), maker(A.SoftBreak), maker(A.Emphasis), maker(Span)
_CELL = maker(A.TableCell)
#: how many tokens make :meth:`MdConverter.texts` worth trying
_MANY = 16
_TYPE = itemgetter("type")
_TEXT_ONLY = {"text"}


def _plain_line(md_text: str) -> str | None:
    """The text stripped if that is one line of plain text or nothing (the stripped copy
    of a long page is not kept while mistune reads it)."""
    plain = md_text.strip()
    return plain if not plain or _PLAIN_LINE.fullmatch(plain) else None


def white_ends(md: str) -> bool:
    """Whether ``md`` starts or ends (past spaces, tabs and line returns) with white space that
    Python's ``strip`` takes and mistune keeps: the one-line reading (``_plain_line``) strips
    it, mistune's reading of a longer text holding the same line does not."""
    i, j = 0, len(md)
    while i < j and md[i] in " \t\n\r\f":
        i += 1
    while j > i and md[j - 1] in " \t\n\r\f":
        j -= 1
    return i < j and (md[i].isspace() or md[j - 1].isspace())


#: how much text mistune's block reading takes at a time (at least; it stops at a :data:`_RESTART`)
CHUNK = 1 << 16
_BATCH = 16  # top-level blocks given their inline tokens at once (one call of mistune's per batch)
# where mistune's block reading can stop and start again with the same tokens: after an empty
# line, at a line starting with a letter, ``#`` or a placeholder, which continues no block
# (no paragraph runs over an empty line; a list item, indented code or an admonition goes on
# only with an indented line, a quote only with ``>``) and opens no list or quote
_RESTART = lazy_compile("\n\n(?=[^\\W\\d_]|#|" + PH_OPEN + ")")
#: a placeholder alone on its line between empty lines (the first ``\n\n`` is a :data:`_RESTART`)
_LONE_PH = lazy_compile("\n\n(" + PH_OPEN + "\\d+" + PH_CLOSE + ")\n(?=\n)")


class _Lone(dict[str, Any]):
    """The paragraph token of a placeholder standing alone (:func:`_stream`): mistune's (equal
    to it), known to hold that placeholder only, so :meth:`MdConverter.lone` need not read it."""


def _stream(md: mistune.Markdown, text: str) -> Iterator[dict[str, Any]]:
    """mistune's tokens of ``text``, except that a placeholder standing alone between empty
    lines (a header, a code block, display math, a div…: most of a page's Franklin blocks)
    is the paragraph mistune would read there, given without reading it (a :class:`_Lone`).  Both cuts are
    :data:`_RESTART` points: an empty line ends every block before it, and the placeholder's
    paragraph ends at the empty line after it."""
    pos = 0
    for m in _LONE_PH.finditer(text):
        if m.start() > pos:
            yield from _read(md, text[pos : m.start()])
        yield _Lone(type="paragraph", children=[{"type": "text", "raw": m.group(1)}])
        pos = m.end()
    if pos < len(text):
        yield from _read(md, text[pos:] if pos else text)


def _read(md: mistune.Markdown, text: str) -> Iterator[dict[str, Any]]:
    """mistune's ``parse`` (renderer ``None``), a stretch at a time: the block tokens of about
    :data:`CHUNK` characters, then the top-level blocks get their inline tokens a few at a
    time, as they are converted, and are let go after.  mistune's tokens of a whole long page took more memory
    than our tree of it.  The instance (:func:`julia_md.markdown`) has no parse or render
    hook, which would need the whole page's tokens, and no rule that carries anything from
    one block to the next (link definitions are Franklin's).  A piece of plain paragraphs and
    perhaps a list (most between two headers) gets the same tokens from :mod:`.mistune_plain`."""
    assert not (md.before_parse_hooks or md.before_render_hooks or md.after_render_hooks)
    for piece in _pieces(text):
        plain = mistune_plain.tokens(md, piece)
        if plain is not None:  # paragraphs of plain lines, perhaps a list: made without the parser
            yield from plain
            continue
        state = md.block.state_cls()
        state.process(piece)
        del piece
        md.block.parse(state)
        state.src = ""  # the inline pass reads the tokens' own text
        tokens = state.tokens
        tokens.reverse()
        while tokens:
            state.tokens = tokens[: -_BATCH - 1 : -1]  # the next blocks, in reading order
            del tokens[-_BATCH:]
            rendered = md.render_state(state)
            state.tokens = []
            assert isinstance(rendered, list)
            yield from rendered


def _pieces(text: str) -> Iterator[str]:
    """``text`` cut at a :data:`_RESTART` every :data:`CHUNK` characters or more, each piece as
    mistune's ``parse`` prepares a text (LF line ends, a last ``\\n``)."""
    start = 0
    while True:
        cut = _RESTART.search(text, start + CHUNK) if len(text) - start > CHUNK else None
        stop = len(text) if cut is None else cut.start() + 2
        yield _prepared(text[start:stop])
        if cut is None:
            return
        start = stop


def _prepared(piece: str) -> str:
    piece = piece.replace("\r\n", "\n").replace("\r", "\n")
    return piece if piece.endswith("\n") else piece + "\n"


def _flat_text(toks: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    stack = list(reversed(toks))
    while stack:
        t = stack.pop()
        if "raw" in t:
            out.append(t["raw"])
        stack.extend(reversed(t.get("children", [])))
    return out


def _plain_text(node: A.Node) -> str:
    for attr in ("tex", "code", "html", "raw", "char", "text"):
        v = getattr(node, attr, None)
        if isinstance(v, str):
            return v
    return ""


def _lone_insert(kids: list[A.Node], insert_ids: array[int]) -> A.Node | None:
    """The one Franklin node a paragraph consists of (Franklin then drops the ``<p>``)."""
    found: A.Node | None = None
    for k in kids:
        if isinstance(k, A.Text) and not k.text.strip():
            continue
        if isinstance(k, A.SoftBreak):
            continue
        if found is not None or not _among(insert_ids, id(k)):
            return None
        found = k
    return found




def _among(ids: array[int], i: int) -> bool:
    """Whether ``i`` is in the sorted ``ids``."""
    k = bisect_left(ids, i)
    return k < len(ids) and ids[k] == i
