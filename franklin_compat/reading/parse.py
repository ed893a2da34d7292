"""Blocks → AST.

Franklin's own constructs are found by :mod:`blocks`; each one is replaced by a
placeholder, the text in between goes to mistune (configured to own no
Franklin syntax), and mistune's tokens are turned into our nodes with the
placeholders swapped back for the Franklin nodes.  That reproduces where
Franklin's output opens and closes paragraphs (reference §1.1 steps 14–16).

Content that Franklin re-reads (div bodies, header text, footnote text) is
parsed again here, with spans offset into the original file; a nesting budget
bounds how deep that goes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from html import escape as _html_escape
from operator import itemgetter
from typing import Any

from ..core.diagnostics import FranklinSyntaxError, Severity
from ..core.source import Span
from . import ast as A
from .blocks import CODE_BLOCKS, Block, by_start_then_longest, find_blocks
from .context import MAX_DEPTH, Budget, Context, Parsed, Ranges, SourceText
from .julia_inline import PH_CLOSE, PH_OPEN
from .julia_md import (
    backslash_breaks,
    close_table_rows,
    end_lists,
    julia_code_runs,
    julia_links,
    setext_underlines,
)
from .latex import _LX_KINDS, LatexReader
from .locator import Locator
from .mdnodes import _PH_RE, _PH_TRAILING, MdConverter, _plain_line, white_ends
from .mdtext import MdText, code_text, crlf_blanks, inserts_alone
from .tokens import HEADER_KINDS, Token, footnote_id, has_tokens, tokenize, tokens_within

__all__ = ["MAX_DEPTH", "Budget", "Context", "Parsed", "parse_text"]

_CHAR_HTML = {
    "CHAR_LINEBREAK": ("\\\\", "<br/>"),
    "CHAR_BACKSPACE": ("\\", "&#92;"),
    "CHAR_ASTERISK": ("*", "&#42;"),
    "CHAR_UNDERSCORE": ("_", "&#95;"),
    "CHAR_BACKTICK": ("`", "&#96;"),
    "CHAR_ATSIGN": ("@", "&#64;"),
}
# Julia's Markdown where it differs from mistune's, in this order
_JULIA_MD = (end_lists, setext_underlines, backslash_breaks, julia_links, close_table_rows)
_CLOSEP = frozenset({*HEADER_KINDS, "DIV", *CODE_BLOCKS, "JULIA_FENCE", "MATH_B", "MATH_C"})
_HFUN_ARGS = re.compile(r'"[^"]*"|\S+')
_MD_DEF_KINDS = frozenset({"MD_DEF_OPEN", "MD_DEF_TOML"})
_WHITE_END = re.compile(r"[ \t]\n")
#: where Julia's indented code may start (:func:`julia_code_runs`): an indented line after a
#: blank one (``[^\S\n]``: what ``str.strip`` takes, but the line return), or first
_CODE_AFTER_BLANK = re.compile(r"\n[^\S\n]*+\n(?:    |\t)")
_CODE_SECOND = re.compile(r"[^\S\n]*+\n(?:    |\t)")
#: the blocks whose node, standing alone, is all a text holding only them reads as
_ALONE = _CLOSEP | {"ESCAPE"}
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def parse_text(
    text: str,
    ctx: Context,
    *,
    base: int | None = 0,
    fixed: Span | None = None,
    recursive: bool = False,
    has_mddefs: bool = True,
    tokens: list[Token] | None = None,
) -> Parsed:
    """Parse Franklin Markdown ``text`` found at ``base`` in ``ctx.source``
    (or, for synthetic text such as a macro expansion, at ``fixed``); ``tokens``: its tokens,
    when known (``tokenize(text)``)."""
    src = SourceText(text, base, fixed)
    _enter(src, ctx)
    if _is_plain(text):
        return _plain_parsed(src)
    return Parser(src, ctx, recursive=recursive, has_mddefs=has_mddefs, tokens=tokens).run()


def _enter(src: SourceText, ctx: Context) -> None:
    """What reading any text at ``ctx``'s depth costs: the depth checked, the budget spent."""
    if ctx.depth > MAX_DEPTH:
        raise ctx.error(
            "FC105",
            f"constructs nested more than {MAX_DEPTH} levels deep",
            src.offset(0),
            "flatten the nesting of divs, commands or footnotes",
        )
    ctx.spend(len(src.text), "nested content", src.offset(0))


def _plain_parsed(src: SourceText) -> Parsed:
    """The paragraph of a text :func:`_is_plain` holds (nothing for no text)."""
    text = src.text
    if not text:
        return Parsed(children=())
    span = src.span(0, len(text))
    return Parsed(children=(A.Paragraph(span=span, children=(A.Text(span=span, text=text),)),))


def _is_plain(text: str) -> bool:
    """One line of plain text with no token (what many headers, divs and commands hold): the
    paragraph the parser would make of it is made without its passes."""
    return _plain_line(text) == text and not has_tokens(text)


def _may_hold_code(md: str) -> bool:
    """Whether Julia's Markdown may read indented code in ``md``: where it can start (a text
    with indented lines but none first or after a blank line has none, and most do not)."""
    return (md.startswith(("    ", "\t")) or _CODE_SECOND.match(md) is not None
            or _CODE_AFTER_BLANK.search(md) is not None)


def _raw_alone(text: str, tokens: list[Token]) -> bool:
    """Whether ``text`` (of ``tokens``) is one ``~~~`` block and nothing else (what many divs
    hold): its one node, the raw HTML, is made without the passes that find it."""
    n = len(text)
    return len(tokens) == 2 and tokens[0] == ("ESCAPE", 0, 3) and tokens[1] == ("ESCAPE", n - 3, n)


class Parser(LatexReader):
    def __init__(
        self, src: SourceText, ctx: Context, *, recursive: bool, has_mddefs: bool,
        tokens: list[Token] | None = None,
    ):
        self.src = src
        self.text = src.text
        self.ctx = ctx
        self.recursive = recursive
        self.has_mddefs = has_mddefs
        self.out = Parsed(children=())
        self.local_defs: list[tuple[int, int, A.CommandDef]] = []
        self._env_pairs: dict[int, tuple[Token, int, int]] | None = None
        self._def_starts: list[int] = []  # of local_defs, which are in text order
        self._defs_by_name: dict[str, list[tuple[int, A.CommandDef]]] = {}
        self._subs: dict[int, Context] = {}
        self._hfun_words: dict[str, tuple[str, tuple[str, ...]]] = {}
        #: the text's tokens (as :func:`tokenize` gives them), known from the start or kept from
        #: :meth:`constructs` while the divs' bodies are read (:func:`tokens_within`)
        self.tokens = tokens

    # -- helpers -------------------------------------------------------------

    def child(
        self, text: str, start: int, *, recursive: bool = True, tokens: list[Token] | None = None
    ) -> Parsed:
        base = None if self.src.base is None else self.src.base + start
        plain = None if tokens else self._plain(text, base)  # (a text with tokens is not plain)
        if plain is not None:
            return _plain_parsed(plain)
        # (not plain: parse_text's own test of that is not made again)
        src = SourceText(text, base, self.src.fixed)
        sub = self._context_at(start)
        _enter(src, sub)
        if tokens is not None and _raw_alone(text, tokens):
            return Parsed(children=(A.RawHtml(span=src.span(0, len(text)), html=text[3:-3]),))
        res = Parser(src, sub, recursive=recursive, has_mddefs=False, tokens=tokens).run()
        self.out.link_defs.extend(res.link_defs)
        self.out.comments.extend(res.comments)
        return res

    def child_inlines(self, text: str, start: int) -> tuple[A.Node, ...]:
        """The nodes of a header's or footnote's text, its one paragraph unwrapped; a plain text's
        one :class:`~.ast.Text` made here, without the paragraph and parse result around it."""
        plain = self._plain(text, None if self.src.base is None else self.src.base + start)
        if plain is not None:
            return (A.Text(span=plain.span(0, len(text)), text=text),) if text else ()
        return _unwrap(self.child(text, start).children)

    def _plain(self, text: str, base: int | None) -> SourceText | None:
        """A nested text :func:`_is_plain` holds, as read at ``base``, its length spent: what
        parse_text gives in a context one deeper reads only the depth (not too deep here) and
        the budget, which is shared, so no context is made (None: the text needs parsing)."""
        if self.ctx.depth >= MAX_DEPTH or not _is_plain(text):
            return None
        src = SourceText(text, base, self.src.fixed)
        self.ctx.spend(len(text), "nested content", src.offset(0))
        return src

    def _context_at(self, pos: int) -> Context:
        """The context of a text read at ``pos``, one level deeper, with the definitions in force
        there: one per number of local definitions before it, shared by the texts read with
        that many (nothing writes into a context)."""
        k = bisect_left(self._def_starts, pos)
        sub = self._subs.get(k)
        if sub is None:
            defs = dict(self.ctx.defs)
            for _start, _end, d in self.local_defs[:k]:
                defs[d.name] = d
            sub = self._subs[k] = self.ctx.deeper(defs)
        return sub

    def crlf_ends(self) -> Callable[[int], bool] | None:
        """Whether the line the ``\n`` at a text offset ends ended with CRLF in the file
        (None when no line did, or the text is not the file's)."""
        source, base = self.ctx.source, self.src.base
        if base is None or not source.crlf:
            return None
        return lambda i: source.ends_crlf(base + i)

    # -- the passes ------------------------------------------------------------

    def run(self) -> Parsed:
        """Franklin's constructs, then mistune on the text between them.  Each step is a call of
        its own, so that the page's tokens and the placeholder text's pieces are let go before
        mistune reads the page (on a long page they took more memory than mistune's tokens)."""
        items = self.constructs()
        local = self._blocks_alone(items)
        if local is not None:  # the nodes are the blocks' own, made without the text mistune reads
            nodes = [self.block_node(n, b) if isinstance(b, Block) else b for _s, _e, n, b in items]
            self._env_pairs = self.tokens = None
            self.out.children = tuple(node for node in nodes if node is not None)
            assert len(self.out.children) == len(nodes)
            self.out.local = local
            self.out.definitions = [d for _s, _e, d in self.local_defs]
            return self.out
        mdt = self.placeholders(items)
        self._env_pairs = self.tokens = None
        assigned = self.out.vars
        indented = bool(assigned) and any(v.name == "indented_code" and v.value is True for v in assigned)
        md_text = mdt.md
        local = not mdt.rewritten and not white_ends(md_text)
        if not indented and _may_hold_code(md_text):
            read = self.julia_code_paragraphs(md_text, mdt.inserts)
            local = local and read is md_text
            md_text = mdt.md = read
        children = inserts_alone(md_text, mdt.inserts)
        # (inserts that keep their <p> lose it read alone: mistune would give it them)
        self.out.local = local and (children is None or not mdt.keeps_p)
        if children is None:
            loc = Locator(md_text, mdt.seg_inter, mdt.seg_text, self.src)
            children = MdConverter(mdt.inserts, loc, mdt.keeps_p).document(md_text, indented_code=indented)
        self.out.children = tuple(children)
        self.out.definitions = [d for _s, _e, d in self.local_defs]
        return self.out

    def _blocks_alone(self, items: list[tuple[int, int, str, Any]]) -> bool | None:
        """Whether the text is blocks that mistune would read as their placeholders alone, each
        one the block itself (``inserts_alone``): one block that is the whole text (a div holding
        a div, raw HTML), or blocks that close paragraphs with only spaces and line returns
        between them (a div of divs); then whether the reading is local (no spaces for Julia's
        Markdown to strip), else None."""
        text = self.text
        if len(items) == 1 and items[0][2] in _ALONE and items[0][0] == 0 and items[0][1] == len(text):
            return True
        if not items or self.crlf_ends() is not None:
            return None
        head = 0
        gaps: list[str] = []
        for start, end, name, _obj in items:
            if name not in _CLOSEP:
                return None
            gaps.append(text[head:start])
            head = end
        gaps.append(text[head:])
        if "".join(gaps).strip(" \n") or gaps[-1].endswith(" "):  # (spaces ending the text end no line)
            return None
        return not any(" " in gap for gap in gaps)

    def constructs(self) -> list[tuple[int, int, str, Any]]:
        """Franklin's blocks, commands and special characters, in text order, none inside another."""
        text = self.text
        tokens = self.tokens if self.tokens is not None else tokenize(text)
        if self.recursive and tokens and len(tokens) % 2 == 0 and all(t[0] == "ESCAPE" for t in tokens):
            # ``~~~`` blocks alone (a div's raw HTML and its text line): the first pass pairs the
            # tokens two by two, as they come; no other pass has tokens to read
            self.tokens = None
            return [(o.start, c.end, "ESCAPE", Block("ESCAPE", o.start, c.end, o, c))
                    for o, c in zip(tokens[::2], tokens[1::2], strict=True)]
        found = find_blocks(
            text,
            tokens,
            source=self.ctx.source,
            where=self.src.offset,
            path=self.ctx.path,
            recover=None if self.ctx.strict else self.ctx.report,
            page=not self.recursive,
            crlf=self.crlf_ends(),
        )
        self.tokens = tokens if "DIV_OPEN" in found.kinds else None  # (the divs' bodies': let go in run)
        nesting, deepest = found.nesting
        if self.ctx.depth + nesting > MAX_DEPTH:
            # said now, not after re-reading the whole text once per level
            raise self.err(
                "FC105",
                f"constructs nested more than {MAX_DEPTH} levels deep",
                deepest,
                "flatten the nesting of divs, commands or footnotes",
            )
        blocks = found.blocks
        items: list[tuple[int, int, str, Any]] = [(b.start, b.end, b.name, b) for b in blocks]
        # the passes over every token for commands and special characters, only on a page with some
        latex, special = not _LX_KINDS.isdisjoint(found.kinds), not _SPECIAL_KINDS.isdisjoint(found.kinds)
        if latex or special:
            covered = Ranges([(b.start, b.end) for b in blocks])
            lx_items = self.latex(found.tokens, found.active, found.braces, covered) if latex else []
            chars = self.specials(found.tokens, found.active, covered, lx_items) if special else []
            items += lx_items
            items += chars
            if sum(map(bool, (blocks, lx_items, chars))) > 1:  # else one list alone, in order already
                by_start_then_longest(items, _FIRST, _SECOND)
        kept: list[tuple[int, int, str, Any]] = []
        cover = -1
        for it in items:
            if it[0] < cover:
                continue
            kept.append(it)
            if it[1] > cover:
                cover = it[1]
        if self.has_mddefs and not _MD_DEF_KINDS.isdisjoint(found.kinds):
            for _s, _e, name, obj in kept:
                if name in ("MD_DEF", "MD_DEF_BLOCK"):
                    self.read_vars(name, obj)
        return kept

    def specials(
        self,
        tokens: list[Token],
        active: list[bool],
        covered: Ranges,
        lx_items: list[tuple[int, int, str, Any]],
    ) -> list[tuple[int, int, str, Any]]:
        text = self.text
        lx = Ranges([(s, e) for s, e, _, _ in lx_items])
        ranged = bool(covered.starts or lx.starts)  # else no token is inside a block or command
        span = self.src.span
        out: list[tuple[int, int, str, Any]] = []
        for i, (k, start, end) in enumerate(tokens):
            if k not in _SPECIAL_KINDS or not active[i] or (
                ranged and (covered.inside(start) or lx.inside(start))
            ):
                continue
            if k == "CHAR_LINEBREAK":
                node: A.Node = A.LineBreak(span=span(start, end))
            elif k in _CHAR_HTML:
                ch, html = _CHAR_HTML[k]
                node = A.Escape(span=span(start, end), char=ch, html=html)
            elif k == "ENTITY" or k == "MARK":  # a mark: one of the reader's own characters
                ent = text[start:end]
                node = A.Escape(span=span(start, end), char=ent, html=ent)
            elif k == "EMOJI":
                from .emoji import EMOJI

                name = text[start + 1 : end - 1]
                char = EMOJI.get(name)
                if char is None:
                    continue
                node = A.Escape(span=span(start, end), char=char, html=char)
            elif k == "FOOTNOTE_REF":
                fid = footnote_id(text[start:end])
                if fid is None:
                    continue
                node = A.FootnoteRef(span=span(start, end), id=fid)
            elif k == "JULIA_FOOTNOTE":  # Julia's Markdown footnote link (``Footnote(id, nothing)``)
                raw = text[start:end]
                fid = _html_escape(raw[2:-1], quote=True)
                link = f'<a href="#footnote-{fid}" class="footnote">[{fid}]</a>'
                node = A.Escape(span=span(start, end), char=raw, html=link)
            else:  # HORIZONTAL_RULE
                node = A.ThematicBreak(span=span(start, end))
            out.append((start, end, k, node))
        return out

    # -- assembly --------------------------------------------------------------

    def placeholders(self, items: list[tuple[int, int, str, Any]]) -> MdText:
        """The text mistune reads: ``text`` with each of ``items`` (consumed) made a node and
        replaced by a placeholder, rewritten where Julia's Markdown reads otherwise
        (:mod:`julia_md`)."""
        text = self.text
        inter: list[str] = []
        out = MdText()
        seg_inter, seg_text, inserts, block_node = out.seg_inter, out.seg_text, out.inserts, self.block_node
        ipos = 0
        head = 0
        crlf = self.crlf_ends()
        marks: set[int] = set()
        items.reverse()
        while items:  # each block let go once it is a node
            start, end, name, obj = items.pop()
            if head < start:
                seg_inter.append(ipos)
                seg_text.append(head)
                piece = text[head:start]
                inter.append(piece if crlf is None else crlf_blanks(text, head, start, crlf, inter))
                ipos += len(piece)
            head = end
            if name in _EATS_NEWLINE and text[end : end + 1] == "\n":
                head = end + 1
            node = block_node(name, obj) if name == "LXDEF" or isinstance(obj, Block) else obj
            if node is None:
                continue
            ph = f"{PH_OPEN}{len(inserts)}{PH_CLOSE}"
            inserts.append(node)
            if name == "MARK":  # a character of the page, in its paragraph, even alone
                marks.add(id(node))
            if name in _CLOSEP or (name == "LXENV" and not self.recursive):
                ph = f"\n\n{ph}\n\n"
            inter.append(ph)
            ipos += len(ph)
        if head < len(text):
            out.seg_inter.append(ipos)
            out.seg_text.append(head)
            inter.append(text[head:] if crlf is None else crlf_blanks(text, head, len(text), crlf, inter))
        out.md = "".join(inter)
        inter.clear()
        # "<p>X </p>": an insert followed by spaces at the end of its line keeps its <p>
        if PH_CLOSE + " " in out.md or PH_CLOSE + "\t" in out.md:
            out.keeps_p = {id(inserts[int(m.group(1))]) for m in _PH_TRAILING.finditer(out.md)}
        if marks:
            out.keeps_p = out.keeps_p | marks
        before = out.md
        for rewrite in _JULIA_MD:  # one text at a time: each one's input let go
            out.md = rewrite(out.md)
        out.rewritten = out.md != before or _WHITE_END.search(before) is not None
        del before
        return out

    def julia_code_paragraphs(self, md_text: str, inserts: list[A.Node]) -> str:
        """Julia's Markdown reads a block of 4-space indented lines as code; Franklin
        turns that code back into a paragraph of its literal text (no inline
        Markdown, line breaks kept), with the Franklin blocks inside it plugged in.
        Each such block becomes one placeholder standing alone."""
        runs = julia_code_runs(md_text)
        if not runs:
            return md_text
        lines = md_text.split("\n")
        span = self.src.span(0, 0)
        for first, end, code in reversed(runs):
            parts: list[A.Node] = []
            pos = 0
            for m in _PH_RE.finditer(code):
                if m.start() > pos:
                    piece = code[pos : m.start()]
                    parts.append(A.Escape(span=span, char=piece, html=code_text(piece)))
                parts.append(inserts[int(m.group(1))])
                pos = m.end()
            if pos < len(code):
                piece = code[pos:]
                parts.append(A.Escape(span=span, char=piece, html=code_text(piece)))
            only = [p for p in parts if not (isinstance(p, A.Escape) and not p.char.strip())]
            node: A.Node
            if len(only) == 1 and not isinstance(only[0], A.Escape):
                node = only[0]  # "<p> ##FDINSERT##</p>": the block alone, no paragraph
            else:
                node = A.Paragraph(span=span, children=tuple(parts))
            ph = f"{PH_OPEN}{len(inserts)}{PH_CLOSE}"
            inserts.append(node)
            lines[first:end] = ["", ph, ""]
        return "\n".join(lines)

    def block_node(self, name: str, obj: Any) -> A.Node | None:
        if not isinstance(obj, Block):
            if name == "LXDEF":
                return None
            node: A.Node = obj
            return node
        b = obj
        text = self.text
        base = self.src.base  # (a span made here: a call less for each of a page's many blocks)
        span = self.src.span(b.start, b.end) if base is None else Span(base + b.start, base + b.end)
        inner = text[b.open.end : b.end if b.close is None else b.close.start]
        # the blocks a page may hold by the ten thousand first
        if name == "MATH_A":
            return A.Math(span=span, tex=inner, display=False)
        if name == "DBB":
            return self.hfun_call(text[b.start : b.end], span)
        if name == "DIV":
            classes = tuple(filter(None, text[b.open.start + 2 : b.open.end].split(",")))
            body = inner.strip()
            start = b.inner_start + len(inner) - len(inner.lstrip())
            # the body starts after the opener's token and whitespace: its tokens are the text's
            toks = self.tokens
            tokens = None if toks is None else tokens_within(text, toks, start, start + len(body))
            res = self.child(body, start, recursive=True, tokens=tokens)
            return A.Div(span=span, classes=classes, children=res.children)
        if name in HEADER_KINDS:
            return A.Heading(span=span, level=int(name[1]), children=self.child_inlines(inner, b.inner_start))
        if name == "CODE_INLINE":
            return A.CodeSpan(span=span, code=inner.strip())
        if name == "COMMENT":
            self.out.comments.append(A.Comment(span=span, text=inner))
            return None
        if name in ("MD_DEF", "MD_DEF_BLOCK"):
            return None
        if name == "LINK_DEF":
            line = text[b.start : b.end]
            label, _, url = line.partition("]: ")
            link_def = A.LinkDef(span=span, label=label.strip()[1:], url=url.strip())
            self.out.link_defs.append(link_def)
            return link_def  # stays in the flow: Franklin renders it as an empty insert
        if name in CODE_BLOCKS:
            return self.code_block(b, span)
        if name == "ESCAPE":
            return A.RawHtml(span=span, html=inner)
        if name == "JULIA_FENCE":  # Julia's fenced code: Franklin's paragraph of the code's text
            first = text.find("\n", b.inner_start, b.inner_end)
            code = text[first + 1 : b.inner_end].removesuffix("\n") if first != -1 else ""
            return A.Paragraph(span=span, children=(A.Escape(span=span, char=code, html=code_text(code)),))
        if name == "FOOTNOTE_DEF":
            fid = footnote_id(text[b.open.start : b.open.end]) or ""
            return A.FootnoteDef(span=span, id=fid, children=self.child_inlines(inner, b.inner_start))
        if name in ("MATH_B", "MATH_C"):
            return A.Math(span=span, tex=inner, display=True)
        if name == "MATH_I":
            return A.Math(span=span, tex=inner, display=False, env="internal")
        return None

    def hfun_call(self, raw: str, span: Span) -> A.HFunCall:
        """A ``{{ … }}`` block, its words read once per distinct text (a page may repeat one
        block thousands of times)."""
        read = self._hfun_words.get(raw)
        if read is None:
            words = _HFUN_ARGS.findall(raw[2:-2])
            args = [w[1:-1] if w.startswith('"') and w.endswith('"') and len(w) > 1 else w for w in words[1:]]
            read = self._hfun_words[raw] = (words[0] if words else "", tuple(args))
        return A.HFunCall(span=span, name=read[0], args=read[1], raw=raw)

    def code_block(self, b: Block, span: Span) -> A.CodeBlock:
        text = self.text
        open_text = text[b.open.start : b.open.end]
        fence = open_text[: len(open_text) - len(open_text.lstrip("`"))]
        info = open_text[len(fence) :]
        code = text[b.inner_start : b.inner_end]
        shortcut = None
        lang: str | None = None
        name: str | None = None
        if b.name == "CODE_BLOCK!":
            shortcut = info[:1]
            lang = "julia"
        elif b.name == "CODE_BLOCK_LANG":
            lang, _, rest = info.partition(":")
            name = rest or None
        return A.CodeBlock(span=span, code=code, lang=lang, name=name, fence=fence, shortcut=shortcut)

    def read_vars(self, name: str, b: Block) -> None:
        reader = self.ctx.read_vars
        if reader is None:
            return
        text = self.text
        if name == "MD_DEF":
            body = text[b.open.end : b.end]
            start = b.open.end
        else:
            body = text[b.inner_start : b.inner_end]
            start = b.inner_start
        assignments, diags = reader(name, body, self.src.offset(start), self.ctx)
        for d in diags:
            if d.severity is Severity.ERROR and self.ctx.strict:
                raise FranklinSyntaxError("", "", diagnostic=d)
            self.ctx.diagnostics.append(d)
        form = "def" if name == "MD_DEF" else "toml"
        for a in assignments:
            self.out.vars.append(
                A.VarAssignment(span=a.span, name=a.name, value=a.value, text=a.text, form=form)
            )



# a \newcommand line keeps its line break.
_EATS_NEWLINE = frozenset({"MD_DEF", "MD_DEF_BLOCK", "LINK_DEF", "FOOTNOTE_DEF"})
_SPECIAL_KINDS = frozenset(
    {*_CHAR_HTML, "ENTITY", "EMOJI", "FOOTNOTE_REF", "JULIA_FOOTNOTE", "HORIZONTAL_RULE", "MARK"}
)


def _unwrap(children: tuple[A.Node, ...]) -> tuple[A.Node, ...]:
    """Recursive conversions drop the outer ``<p>`` of a single paragraph."""
    if len(children) == 1 and isinstance(children[0], A.Paragraph):
        return children[0].children
    return children

