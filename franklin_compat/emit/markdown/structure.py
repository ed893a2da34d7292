"""Block structure: runs of inline nodes as paragraphs, typed HTML blocks, the author's comments."""

from __future__ import annotations

import bisect
import re

from ...reading import ast as A
from .raw import _Raw
from .rawhtml import (
    _HTML_BLOCK_1,
    _HTML_BLOCK_6,
    _HTML_BLOCK_6_NAMES,
    _NOT_AS_TYPED,
    _TAG,
    _UNSAFE_HTML,
    _html_block,
    html_block_end,
)
from .text import (
    _INLINE_KINDS,
    _SPECIAL_SEARCH,
    _fence,
    _fix_lines,
    _same_list,
    is_text,
)

# (tuples made once: an ``X | Y`` written in an isinstance call is a new union at every call)
_NOT_MARKDOWN = (A.Text, A.SoftBreak, A.LineBreak, A.InlineHtml, A.RawHtml, A.HFunCall, A.Escape)
_LONE_BLOCKS = (A.RawHtml, A.Unresolved)
_MAYBE_INLINE = (A.Math, A.Fragment)
_ENDS_LINE = (A.LineBreak, A.LinkDef)
_TAGS = (A.InlineHtml, A.RawHtml)
_TAGS_ONLY = re.compile(r"\s*(?:<[^<>\n]*>\s*)+")
#: a hard break before a blank line (a block inside the paragraph), with the spaces before it
_BREAK_BEFORE_BLANK = re.compile(r"(?:(?<![ \t])[ \t]+)?\\\n(?=[ \t]*\n)")


def _has_markdown(nodes: tuple[A.Node, ...] | list[A.Node]) -> bool:
    """Do ``nodes`` hold Markdown that an HTML block would show as typed (emphasis, a link…)?"""
    return any(not isinstance(k, _NOT_MARKDOWN) for k in nodes)


def _block_level(text: str, start: int) -> bool:
    """Does the line at ``start`` open an HTML block of a block-level tag (CommonMark's 6th kind)?"""
    m = _HTML_BLOCK_6.match(text, start)
    return m is not None and m.group(1).lower() in _HTML_BLOCK_6_NAMES


class _Structure(_Raw):
    """Blocks and paragraphs, and where the author's comments go."""

    def visit_paragraph(self, n: A.Paragraph) -> str:
        raise NotImplementedError  # (:class:`MarkdownEmitter` writes it)

    def _is_inline(self, n: A.Node) -> bool:
        if n.kind in _INLINE_KINDS:  # (math and fragments have kinds of their own)
            return True
        if isinstance(n, A.Math):
            return not n.display
        if isinstance(n, A.Fragment):
            return all(self._is_inline(k) for k in n.children)
        return False

    def _parts(self, nodes: tuple[A.Node, ...], *, top: bool = False) -> list[tuple[str, str]]:
        """Blocks as (kind, text); runs of inline nodes become one paragraph.  At the top of the
        page (where spans are offsets in its source) HTML typed in Markdown that CommonMark reads
        as an HTML block is written as typed (:meth:`_typed_html`)."""
        parts: list[tuple[str, str]] = []
        run: list[A.Node] = []
        upto = -1
        last_list: A.List | None = None
        comments = iter(self._comments if top else ())
        comment = next(comments, None)
        rules = self._dispatch

        def comments_before(pos: float, *, written: bool = False) -> None:
            """After a top-level block: the template-call comments it deferred, then the
            author's comments up to ``pos`` (unless ``written`` as typed already).  They show
            nothing, but a migration keeps them (Franklin drops them from its HTML)."""
            nonlocal comment
            if top and self._deferred:
                parts.extend(("comment", c) for c in self._deferred)
                self._deferred.clear()
            while comment is not None and comment.span.start < pos:
                if not written:
                    parts.append(("comment", f"<!--{comment.text}-->"))
                comment = next(comments, None)

        def flush() -> None:
            if not run:
                return
            solid = [k for k in run if not (isinstance(k, A.SoftBreak) or (isinstance(k, A.Text)
                                                                          and not k.text.strip()))]
            rest = [k for k in solid if not isinstance(k, A.LineBreak)]
            if len(rest) <= 1 and all(isinstance(k, _LONE_BLOCKS) for k in rest):
                for k in solid:  # a lone ~~~ block (or a break between blocks: only HTML has one)
                    if not isinstance(k, A.LineBreak):
                        block = self._block_of(k)
                        if block:
                            parts.append((k.kind, block))
                    elif self.flavor.raw_inline != "none":
                        parts.append(("raw_html", "<br>"))
            elif solid:
                text = self._paragraph(run)
                if text:
                    parts.append(("paragraph", text))
            run.clear()

        for i, n in enumerate(nodes):
            if n.span.start < upto:
                continue  # inside the HTML block written just before
            # (a paragraph opening with typed HTML: the first of _typed_html's tests, made here)
            if top and isinstance(n, A.Paragraph) and n.children and isinstance(n.children[0], A.InlineHtml):
                typed = self._typed_html(n, nodes, i)
                if typed is not None:
                    flush()
                    comments_before(n.span.start)
                    text, upto = typed
                    comments_before(upto, written=True)
                    if text:
                        parts.append(("raw_html", text))
                    continue
            if n.kind in _INLINE_KINDS or (isinstance(n, _MAYBE_INLINE) and self._is_inline(n)):
                if run and not (is_text(n) or is_text(run[-1])):
                    flush()  # two Franklin constructs side by side were two lone blocks
                    comments_before(n.span.start)
                run.append(n)
                continue
            if run:
                flush()
            if comment is not None or (top and self._deferred):  # (else comments_before does nothing)
                comments_before(n.span.start)
            if isinstance(n, A.Fragment):
                parts.extend(self._parts(n.children))
                continue
            text = rules[n.kind](self, n)
            if text:
                if isinstance(n, A.List) and parts and parts[-1][0] == "list" and _same_list(last_list, n):
                    parts.append(("list_break", self._list_break()))
                parts.append((n.kind, text))
            if isinstance(n, A.List):
                last_list = n
        flush()
        comments_before(float("inf"))
        return parts

    def _list_break(self) -> str:
        """What keeps two lists apart that Julia's Markdown ended with two empty lines:
        CommonMark joins lists of the same marker over a blank line (so does Franklin's
        parser over one), while an HTML comment ends the first list for CommonMark, and
        Franklin, dropping the comment, reads the two empty lines it leaves.  Julia's
        Markdown (Documenter) shows a comment as text: two empty lines there."""
        return "<!-- -->" if self._commonmark_reader else "\n"


    def blocks(self, nodes: tuple[A.Node, ...], *, tight: bool = False) -> str:
        """Block nodes one after the other (block context, even inside a paragraph's node)."""
        self._inline, depth = 0, self._inline
        self._nested += 1
        try:
            if len(nodes) == 1 and type(nodes[0]) is A.Paragraph:  # (most list items): its one part
                return self.visit_paragraph(nodes[0])
            parts = self._parts(nodes)
        finally:
            self._inline = depth
            self._nested -= 1
        if not tight:
            return "\n\n".join(t for _k, t in parts)
        out = ""
        for i, (kind, text) in enumerate(parts):
            if i:
                prev = parts[i - 1][0]
                out += "\n\n" if (kind == prev == "paragraph") or "list_break" in (kind, prev) else "\n"
            out += text
        return out

    def inline(self, nodes: tuple[A.Node, ...] | list[A.Node]) -> str:
        self._inline += 1
        out: list[str] = []
        append = out.append
        rules = self._dispatch
        lines = not self._oneline and not self._table  # (neither changes while these are written)
        plain, text_type = _SPECIAL_SEARCH, A.Text
        try:
            for i, n in enumerate(nodes):
                if type(n) is text_type and "--" not in n.text and plain(n.text) is None:
                    append(n.text)  # what :meth:`visit_text` writes for text with nothing to escape
                    continue
                kind = n.kind
                if kind == "soft_break" and lines:
                    if i and isinstance(nodes[i - 1], _ENDS_LINE):
                        continue  # the hard break (or a definition written as a footnote) ends the line
                    prev = nodes[i - 1] if i else None
                    nxt = nodes[i + 1] if i + 1 < len(nodes) else None
                    if (isinstance(nxt, A.RawHtml) and nxt.html.lstrip().startswith("<")) \
                            or (isinstance(prev, A.Math) and prev.display) \
                            or (isinstance(nxt, A.Math) and nxt.display):
                        out.append(" ")  # at a line start, HTML or $$ would end the paragraph
                        continue
                    if isinstance(prev, _TAGS) and _TAGS_ONLY.fullmatch("".join(out)) \
                            and _has_markdown(nodes[i + 1:]):
                        out.append(" ")  # a first line of tags alone opens an HTML block (CommonMark's 7th)
                        continue
                    out.append("\n")  # :meth:`visit_soft_break` outside tables and one-line text
                    continue
                piece = rules[kind](self, n)
                if (kind == "raw_html" and piece.endswith("\n") and "\n\n" not in piece
                        and _TAGS_ONLY.fullmatch("".join(out) + piece.rstrip())
                        and _has_markdown(nodes[i + 1:])):
                    piece = piece.rstrip("\n") + " "  # the same: a line of tags alone opens an HTML block
                append(piece)
            text = "".join(out)
            if "\n\n" not in text or "\n" not in out:
                return text
            # a line end next to blocks written inside the paragraph (a fragment's) adds a blank line
            # (none when no piece holds a blank line: only pieces joined make one)
            return "".join(x for i, x in enumerate(out) if not (x == "\n" and (
                (i and out[i - 1].endswith("\n\n")) or (i + 1 < len(out) and out[i + 1].startswith("\n\n")))))
        finally:
            self._inline -= 1

    def _paragraph(self, nodes: tuple[A.Node, ...] | list[A.Node]) -> str:
        """Inline nodes as paragraph text; a footnote definition inside starts its own block."""
        types = set(map(type, nodes))
        if A.FootnoteDef not in types:  # (most paragraphs: one run, no definition)
            return self._run_text(list(nodes), breaks=A.LineBreak in types)
        pieces: list[str] = []
        run: list[A.Node] = []
        for n in [*nodes, None]:
            if n is not None and not isinstance(n, A.FootnoteDef):
                run.append(n)
                continue
            text = self._run_text(run)
            if text:
                pieces.append(text)
            run = []
            if n is not None:
                d = self.visit(n)
                if d:
                    pieces.append(d)
        return "\n\n".join(pieces)

    def _run_text(self, run: list[A.Node], *, breaks: bool = True) -> str:
        """A run of inline nodes (no footnote definition among them) as paragraph text; no
        ``breaks``: the run holds no hard line break (none to write at its end)."""
        self._brace_escape, self._brace_run = None, run
        run, end = self._trailing_breaks(run) if breaks else (run, "")
        try:
            text = _strip_end(_fix_lines(self.inline(run))).lstrip() + end
            # a hard break before a blank line (a block inside the paragraph) breaks nothing:
            # CommonMark would show the backslash
            if "\\\n" in text:
                text = _BREAK_BEFORE_BLANK.sub("", text)
        finally:
            self._brace_escape = True
        return text

    def _trailing_breaks(self, run: list[A.Node]) -> tuple[list[A.Node], str]:
        """Franklin's ``\\\\`` at the end of a paragraph is a ``<br>`` there, which a Markdown hard
        break cannot be (CommonMark shows a backslash ending a paragraph): written as ``<br>``
        where the flavor keeps inline HTML (Franklin reads it back as the same tag)."""
        if self.flavor.raw_inline != "bare" or A.LineBreak not in map(type, run):
            return run, ""
        k = len(run)
        count = 0
        while k:
            last = run[k - 1]
            blank = isinstance(last, A.SoftBreak) or (isinstance(last, A.Text) and not last.text.strip())
            if not (blank or isinstance(last, A.LineBreak)):
                break
            count += isinstance(last, A.LineBreak)
            k -= 1
        if not count:
            return run, ""
        self._raw_at = self._raw_at or run[k]
        return run[:k], "<br>" * count

    def _block_of(self, n: A.Node) -> str:
        """The block form of a node that stands alone where a paragraph would be."""
        if isinstance(n, A.RawHtml):
            return self._raw_block(n)
        if isinstance(n, A.Unresolved):
            self.loss("FC740", n, f"'{n.what}' kept as written", "it needs Julia (Franklin evaluates it)")
            return f"{_fence(n.raw)}\n{n.raw.strip()}\n{_fence(n.raw)}"
        return self.visit(n)

    def _typed_html(self, n: A.Paragraph, nodes: tuple[A.Node, ...], at: int) -> tuple[str, int] | None:
        """A paragraph opening with HTML that CommonMark reads as an HTML block (up to a blank
        line, or the closing tag of a ``<pre>``, ``<script>``, ``<style>``): written as typed, since
        CommonMark shows its text as typed (no escape is read there).  This is also how our own
        raw HTML blocks read back, so the output is a fixed point.  Returns the text and where the
        block ends; ``None`` when the paragraph (``nodes[at]``) is not such a block, or when the
        block holds something Franklin turns into something else (then it is written node by node)."""
        if (self.source is None or self.flavor.raw_block != "bare" or n.classes or not n.children
                or not isinstance(n.children[0], A.InlineHtml)):
            return None
        text = self.source.text
        start = n.span.start  # (an HTML block mistune found is one node, spanning nothing)
        end = html_block_end(text, start) if text.startswith("<", start) else None
        if end is None:
            return None
        if not (_HTML_BLOCK_1.match(text, start) or _block_level(text, start)) and _has_markdown(n.children):
            return None  # a line of tags alone would hide the Markdown after it (emphasis…) in HTML
        end = max(end, n.span.end)  # the rest of the paragraph it opens
        last = bisect.bisect_left(self._comment_starts, end) - 1  # comments do not overlap
        if last >= 0 and self._comments[last].span.end > end:
            return None  # a comment goes on past the block: it would be cut
        inside = [k for k in nodes[at:] if k.span.start < end]
        if any(k.span.end > end for k in inside):
            return None  # Franklin reads it across the block's end: no block of ours
        subs: list[tuple[int, int, str]] = []
        for k in inside:
            for x in A.walk(k):
                if x.kind in _NOT_AS_TYPED:
                    return None
                if isinstance(x, A.HFunCall):
                    call = self._template_call(x.name, x.args, x.raw, x, html_ctx=True, in_place=True)
                    subs.append((x.span.start, x.span.end, call))
                elif isinstance(x, A.InlineHtml):
                    typed = self.visit_inline_html(x)
                    if typed != x.html:  # not an HTML element: shown as text
                        subs.append((x.span.start, x.span.end, typed))
        out: list[str] = []
        pos = start
        for a, b, new in sorted(subs):
            if a < pos:
                return None
            out.append(self._typed_calls(text[pos:a], n))
            out.append(new)
            pos = b
        out.append(self._typed_calls(text[pos:end], n))
        raw = "".join(out).strip("\n")
        self._raw_at = self._raw_at or n
        if self.flavor.inert_html and _UNSAFE_HTML.search(raw):
            raw = _TAG.sub(lambda m: ("&lt;" + m.group(0)[1:]) if _UNSAFE_HTML.search(m.group(0))
                           else m.group(0), raw)
            self.loss("FC713", n, "HTML typed in Markdown kept as text where it would run code",
                      "a script or an event handler; Franklin shows typed HTML as text")
        return (_html_block(raw.strip()) if raw.strip() else ""), end


def _strip_end(text: str) -> str:
    r"""``text`` without its trailing spaces and backslash line breaks, in one backward pass
    (``re.sub(r"(?:\\\n|\s)+\Z", "", text)`` retries from every space of a run: quadratic)."""
    end = len(text)
    while end:
        if text[end - 1].isspace() or (text[end - 1] == "\\" and text[end:end + 1] == "\n"):
            end -= 1
        else:
            break
    return text[:end]
