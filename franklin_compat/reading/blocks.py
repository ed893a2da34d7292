"""Tokens → blocks, in Franklin's priority order (reference §1.1, steps 2–12).

Each open/close kind is paired over the whole token list before the next kind
is looked at, so a kind listed earlier wins even when it starts later (inline
code beats ``~~~``; comments beat everything).  Blocks found inside a block
whose content is re-read later (code, math, headers, divs…) are dropped here
and found again when that content is parsed.  Every scan moves forward only.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import Any

from ..core.diagnostics import FranklinSyntaxError
from ..core.source import Source
from .indented import indent_openers, indented_ranges, merge_deleted
from .julia_vars import value_end
from .tokens import HEADER_KINDS, VALIDATED, Token, is_line_start, validate

# (block name, opening token, closing tokens); "EOL" closes at the end of the line.
_PASS1: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("COMMENT", "COMMENT_OPEN", ("COMMENT_CLOSE",)),
    ("MD_DEF_BLOCK", "MD_DEF_TOML", ("MD_DEF_TOML",)),
    ("CODE_BLOCK_LANG", "CODE_LANG3", ("CODE_TRIPLE",)),
    ("CODE_BLOCK_LANG", "CODE_LANG4", ("CODE_QUAD",)),
    ("CODE_BLOCK_LANG", "CODE_LANG5", ("CODE_PENTA",)),
    ("CODE_BLOCK!", "CODE_TRIPLE!", ("CODE_TRIPLE",)),
    ("CODE_BLOCK!", "CODE_TRIPLE>", ("CODE_TRIPLE",)),
    ("CODE_BLOCK!", "CODE_TRIPLE;", ("CODE_TRIPLE",)),
    ("CODE_BLOCK!", "CODE_TRIPLE]", ("CODE_TRIPLE",)),
    ("CODE_BLOCK!", "CODE_TRIPLE?", ("CODE_TRIPLE",)),
    ("CODE_BLOCK", "CODE_TRIPLE", ("CODE_TRIPLE",)),
    ("CODE_BLOCK", "CODE_QUAD", ("CODE_QUAD",)),
    ("CODE_BLOCK", "CODE_PENTA", ("CODE_PENTA",)),
    ("CODE_INLINE", "CODE_DOUBLE", ("CODE_DOUBLE",)),
    ("CODE_INLINE", "CODE_SINGLE", ("CODE_SINGLE",)),
    ("MD_DEF", "MD_DEF_OPEN", ("EOL",)),
    # page level only: Franklin's indented lines (openers from ``indented.indent_openers``)
    ("CODE_BLOCK_IND", "LR_INDENT", ("LINE_RETURN",)),
    ("ESCAPE", "ESCAPE", ("ESCAPE",)),
    ("FOOTNOTE_DEF", "FOOTNOTE_DEF", ("EOL",)),
    ("LINK_DEF", "LINK_DEF", ("EOL",)),
    *((h, h, ("EOL",)) for h in HEADER_KINDS),
)
#: the row of :data:`_PASS1` each opener has (one each): a text's rows are found from the kinds
#: its tokens have (a few), not by a look at every row (most of a short text's finding)
_ROW = {opener: k for k, (_name, opener, _closers) in enumerate(_PASS1)}
_MATH: tuple[tuple[str, str, str], ...] = (
    ("MATH_A", "MATH_A", "MATH_A"),
    ("MATH_B", "MATH_B", "MATH_B"),
    ("MATH_C", "MATH_C_OPEN", "MATH_C_CLOSE"),
    ("MATH_I", "MATH_I_OPEN", "MATH_I_CLOSE"),
)
_MATH_OPENERS = frozenset(opener for _name, opener, _closer in _MATH)
# Blocks whose content is parsed again later: anything inside them is dropped now.
NO_INNER = frozenset({name for name, _, _ in _PASS1} | {name for name, _, _ in _MATH} | {"DIV", "DBB"})
CODE_BLOCKS = frozenset({"CODE_BLOCK_LANG", "CODE_BLOCK!", "CODE_BLOCK"})
MATH_BLOCKS = frozenset({"MATH_A", "MATH_B", "MATH_C", "MATH_I"})

_ARG_BEFORE = ("LX_COMMAND", "LXB_CLOSE")  # a brace right after one of these holds an argument
_WHAT = {
    "COMMENT_OPEN": ("comment '<!--'", "add '-->'"),
    "MD_DEF_TOML": ("front matter '+++'", "add a closing '+++' line"),
    "ESCAPE": ("raw HTML block '~~~'", "add the closing '~~~'"),
    "MATH_A": ("inline math '$'", "add the closing '$' (write '\\$' for a dollar sign)"),
    "MATH_B": ("display math '$$'", "add the closing '$$'"),
    "MATH_C_OPEN": ("display math '\\['", "add the closing '\\]'"),
    "MATH_I_OPEN": ("math", "close the math block"),
    "CODE_SINGLE": ("inline code '`'", "add the closing '`'"),
    "CODE_DOUBLE": ("inline code '``'", "add the closing '``'"),
    "DIV_OPEN": ("div '@@'", "close it with '@@' on its own"),
    "LXB_OPEN": ("brace '{'", "add the matching '}' (write '\\{' for a literal brace)"),
}


@dataclass(slots=True)
class Block:
    """A pair of tokens and what lies between them (not frozen, though nothing writes to one:
    a page can make hundreds of thousands, and a frozen dataclass costs three times as much
    to build)."""

    name: str
    start: int
    end: int
    open: Token
    close: Token | None

    @property
    def inner_start(self) -> int:
        return self.open.end

    @property
    def inner_end(self) -> int:
        return self.close.start if self.close is not None else self.end


def _unclosed(
    tok: Token, text: str, source: Source | None, where: Callable[[int], int], path: str | None
) -> FranklinSyntaxError:
    what, fix = _WHAT.get(tok.kind, (f"'{text[tok.start : tok.end]}'", "close it"))
    if tok.kind.startswith(("CODE_LANG", "CODE_TRIPLE", "CODE_QUAD", "CODE_PENTA")):
        fence = text[tok.start : tok.end].split(maxsplit=1)[0]
        ticks = fence[: len(fence) - len(fence.lstrip("`"))]
        what, fix = f"code fence '{ticks}'", f"add a closing '{ticks}' line"
    line = col = None
    at = where(tok.start)
    if source is not None:
        line, col = source.position(at)
    return FranklinSyntaxError(
        "FC101",
        f"unclosed {what}: nothing after it closes it",
        path=path,
        line=line,
        col=col,
        hint=fix,
        offset=at,
    )


def _header_mark_end(text: str, pos: int, end: int) -> int:
    """End of a header marker at ``pos`` (``#`` to ``######`` and a space, the tokenizer's H1…H6), or -1."""
    k = pos
    while k < end and k - pos < 7 and text[k] == "#":
        k += 1
    return k + 1 if 0 < k - pos <= 6 and k < end and text[k] == " " else -1


_KIND, _TOKEN_START = itemgetter(0), itemgetter(1)  # a token's kind, its start


def _by_kind(tokens: list[Token]) -> dict[str, list[int]]:
    """Token indices per kind, in text order: each rule visits only its own openers (and the
    kinds a text has are its keys)."""
    index: dict[str, list[int]] = {}
    for k, kind in enumerate(map(_KIND, tokens)):
        at = index.get(kind)
        if at is None:
            index[kind] = [k]
        else:
            at.append(k)
    return index


class _Finder:
    def __init__(
        self,
        text: str,
        tokens: list[Token],
        error: Callable[[Token], FranklinSyntaxError],
        recover: Callable[[FranklinSyntaxError], None] | None = None,
    ):
        self.text = text
        self.tokens = tokens
        self.active = [True] * len(tokens)
        self.error = error
        self.recover = recover
        self.blocks: list[Block] = []
        self.indents: list[int] = []  # Franklin's LR_INDENT line returns (page level only)
        #: ``]: `` with no ``[`` before it on its line: a block for Franklin until it validates
        #: link definitions, after the indented-block merge that counts it
        self.link_def_tokens: list[Block] = []
        self.deepest = (0, 0)  # (nesting depth of re-parsed pairs, offset of the deepest one)

    def unclosed(self, i: int) -> None:
        """Raise, or (when recovering) report and read the opener as plain text.  (The error is
        not held in a local when raised: the frame and its traceback would make a cycle keeping
        the tokens alive until the next full collection.)"""
        if self.recover is None:
            raise self.error(self.tokens[i])
        self.recover(self.error(self.tokens[i]))
        self.active[i] = False

    def unclosed_from(self, i: int) -> None:
        """The opener at ``i`` has no closer after it, so no later opener of its kind has one:
        all of them are unclosed (said at once, not found by one scan to the end each)."""
        kind = self.tokens[i].kind
        for k in range(i, len(self.tokens)):
            if self.tokens[k].kind == kind and self.active[k]:
                self.unclosed(k)

    def _deactivate(self, i: int, j: int) -> None:
        act = self.active
        for k in range(i, j + 1):
            act[k] = False

    def pass1(self, index: dict[str, list[int]]) -> None:
        toks = self.tokens
        n = len(toks)
        text = self.text
        active = self.active
        rows = sorted([_ROW[kind] for kind in index if kind in _ROW])
        if self.indents:  # (a page's: none in re-read content)
            rows = sorted([*rows, _ROW["LR_INDENT"]])
        for row in rows:
            name, opener, closers = _PASS1[row]
            if name == "CODE_BLOCK_IND":
                self.indented()
                continue
            opens = index[opener]
            if closers == ("EOL",):
                resume = 0
                for i in opens:
                    if i < resume or not active[i]:
                        continue
                    t = toks[i]
                    end = value_end(text, t.end, indented=True) if name == "MD_DEF" else _eol(text, t.end)
                    j = i + 1
                    while j < n and toks[j].start < end:
                        j += 1
                    start = t.start
                    if name == "LINK_DEF":
                        ld = _link_def_start(text, t.start)
                        if ld is None:
                            self.link_def_tokens.append(Block(name, t.start, end, t, None))
                            continue
                        start = ld
                    if name in HEADER_KINDS:  # "# # x": a marker starting a header's text is one inside it
                        depth, deepest, pos = 1, t.start, t.end
                        while (after := _header_mark_end(text, pos, end)) > 0:
                            depth, deepest, pos = depth + 1, pos, after
                        if depth > self.deepest[0]:
                            self.deepest = (depth, deepest)
                    if name == "FOOTNOTE_DEF":  # each later one on the line is inside the one before
                        inner = [k for k in range(i + 1, j) if toks[k].kind == opener and active[k]]
                        if len(inner) + 1 > self.deepest[0]:
                            self.deepest = (len(inner) + 1, toks[inner[-1]].start if inner else t.start)
                    self.blocks.append(Block(name, start, end, t, None))
                    self._deactivate(i, j - 1)
                    resume = j
                continue
            shuts = index.get(closers[0], []) if len(closers) == 1 else sorted(
                k for c in closers for k in index.get(c, ()))
            self.pair(name, opens, shuts)

    def indented(self) -> None:
        """``CODE_BLOCK_IND`` blocks (:func:`indented.indented_ranges`, after the blocks found so
        far; an ``@def`` line's own line return is its closer, so it counts as inside); every
        token in them is consumed."""
        if not self.indents:
            return
        text = self.text
        spans = [(b.start, b.end + (b.name == "MD_DEF" and text[b.end : b.end + 1] == "\n"))
                 for b in self.blocks]
        toks = self.tokens
        for p, q, end in indented_ranges(text, spans, self.indents):
            self.blocks.append(Block("CODE_BLOCK_IND", p, end, Token("LR_INDENT", p, p + 1),
                                     Token("LINE_RETURN", q, end)))
            i, j = bisect_left(toks, p, key=_TOKEN_START), bisect_left(toks, end, key=_TOKEN_START)
            if j > i:
                self._deactivate(i, j - 1)

    def pair(self, name: str, opens: list[int], shuts: list[int]) -> None:
        """Each active opener with the first active closer after it, left to right; an opener with
        none after it leaves every later opener of its kind unclosed too."""
        toks = self.tokens
        active = self.active
        add = self.blocks.append
        resume = 0
        ptr = 0
        n = len(shuts)
        for i in opens:
            if i < resume or not active[i]:
                continue
            ptr = bisect_right(shuts, i, ptr)
            while ptr < n and not active[shuts[ptr]]:
                ptr += 1
            if ptr >= n:
                self.unclosed_from(i)
                return
            j = shuts[ptr]
            o, c = toks[i], toks[j]
            add(Block(name, o.start, c.end, o, c))
            if j == i + 1:  # the closer next to the opener (``$x$``): no list to build
                active[i] = active[j] = False
            else:
                active[i : j + 1] = [False] * (j + 1 - i)
            resume = j + 1

    def nestable(
        self, name: str, opener: str, closer: str, order: Sequence[int] | None = None,
        *, pairs: dict[int, int] | None = None,
    ) -> list[Block]:
        """Balanced pairs, outermost only (with ``pairs``: every pair's start → end recorded
        there instead); unclosed opener → error.  ``order``: the indices of the opener and
        closer tokens, in order (default: every token).

        Also records in :attr:`deepest` how deep the pairs that are re-parsed
        nest: every div, and braces holding a command's argument (a brace
        right after ``\\name`` or after the ``}`` of the previous argument).
        """
        stack: list[int] = []
        reparsed: list[bool] = []
        depth = 0
        deepest = self.deepest
        found: list[Block] = []
        toks = self.tokens
        active = self.active
        braces = opener == "LXB_OPEN"
        for i in range(len(toks)) if order is None else order:
            if not active[i]:
                continue
            t = toks[i]
            if t.kind == opener:
                stack.append(i)
                counts = True
                if braces:
                    prev = toks[i - 1] if i else None
                    counts = prev is not None and prev.end == t.start and prev.kind in _ARG_BEFORE
                reparsed.append(counts)
                depth += counts
            elif t.kind == closer and stack:
                o = stack.pop()
                if depth > deepest[0]:
                    deepest = (depth, toks[o].start)
                depth -= reparsed.pop()
                if pairs is not None:
                    pairs[toks[o].start] = t.end
                elif not stack:
                    found.append(Block(name, toks[o].start, t.end, toks[o], t))
        self.deepest = deepest
        for i in stack:
            self.unclosed(i)
        return found

    def math(self, index: dict[str, list[int]]) -> None:
        for name, opener, closer in _MATH:
            opens = index.get(opener)
            if opens:
                self.pair(name, opens, index.get(closer, []))


def _eol(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j == -1 else j


def _line_start(text: str, i: int) -> int:
    return text.rfind("\n", 0, i) + 1


def _link_def_start(text: str, i: int) -> int | None:
    """Where the ``[id]: url`` whose ``]: `` is at ``i`` starts: Franklin looks back from it,
    on the same line, for a ``[`` (``validate_and_store_link_defs!``), so the definition
    may start mid-line; None when the line has no ``[`` before it."""
    k = text.rfind("[", _line_start(text, i), i)
    return None if k < 0 else k


@dataclass(slots=True)
class Found:
    """Everything the block finder hands to the parser."""

    blocks: list[Block]
    braces: dict[int, int]
    tokens: list[Token]
    active: list[bool]
    #: How deep the divs and command arguments of the text nest (their bodies are parsed
    #: again one level deeper), and where the innermost pair opens.
    nesting: tuple[int, int] = (0, 0)
    #: the kinds of the tokens (before validation: some may be gone), so that a pass over the
    #: tokens for kinds the page has none of is not made
    kinds: set[str] = field(default_factory=set)


def find_blocks(
    text: str,
    tokens: list[Token],
    *,
    source: Source | None = None,
    where: Callable[[int], int] = int,
    path: str | None = None,
    recover: Callable[[FranklinSyntaxError], None] | None = None,
    page: bool = False,
    crlf: Callable[[int], bool] | None = None,
) -> Found:
    """Pair tokens into blocks; the result is sorted and free of nested blocks.

    ``where`` maps an offset of ``text`` to one of ``source`` (for errors).  An
    unclosed opener raises, unless ``recover`` is given: then it is reported
    there and read as text, so that every problem of a file can be listed.
    ``page``: the text is a whole page (not re-read content), where Franklin finds
    indented blocks (:mod:`indented`); ``crlf(i)``: the line the ``\n`` at ``i`` ends
    ended with CRLF in the file.
    """

    def error(tok: Token) -> FranklinSyntaxError:
        return _unclosed(tok, text, source, where, path)

    if not tokens:  # most text a command expands to: no block (indented lines make none alone)
        return Found([], {}, tokens, [])
    index = _by_kind(tokens)
    kinds = set(index)
    if not VALIDATED.isdisjoint(kinds):
        tokens = validate(text, tokens, crlf)
        index = _by_kind(tokens)
    f = _Finder(text, tokens, error, recover)
    if page:
        f.indents = indent_openers(text, crlf)
    f.pass1(index)
    # the passes below on the kinds the text has (a short body has a few): none made for none
    has_braces = "LXB_OPEN" in index or "LXB_CLOSE" in index
    pre_pass2 = list(f.active) if has_braces else []
    divs = (f.nestable("DIV", "DIV_OPEN", "DIV_CLOSE", _merged(index, "DIV_OPEN", "DIV_CLOSE"))
            if "DIV_OPEN" in index or "DIV_CLOSE" in index else [])
    brace_order = _merged(index, "LXB_OPEN", "LXB_CLOSE") if has_braces else []
    braces: dict[int, int] = {}
    if has_braces:
        f.nestable("LXB", "LXB_OPEN", "LXB_CLOSE", brace_order, pairs=braces)
    f.blocks.extend(divs)
    for d in divs:  # math inside a div is found when the div's body is parsed
        i, j = bisect_right(tokens, d.start, key=_TOKEN_START), bisect_left(tokens, d.end, key=_TOKEN_START)
        f.active[i:j] = [False] * (j - i)
    if not _MATH_OPENERS.isdisjoint(index):
        f.math(index)
    if f.indents:
        deleted = merge_deleted(text, f.blocks, braces, f.link_def_tokens, _FRANKLIN_NO_INNER)
        gone = {id(b) for b in deleted}
        kept = (b if id(b) not in gone else _julia_fence(text, b) for b in f.blocks)
        f.blocks = [b for b in kept if b is not None]
    if has_braces:
        f.blocks.extend(_double_braces(tokens, brace_order, pre_pass2))
    blocks = [b for b in drop_inner(f.blocks) if b.name != "CODE_BLOCK_IND"]
    return Found(blocks, braces, tokens, f.active, f.deepest, kinds)


_START, _END = attrgetter("start"), attrgetter("end")


def by_start_then_longest(items: list[Any], start: Callable[[Any], int], end: Callable[[Any], int]) -> None:
    """Sort ``items`` by start, the longest first among those starting together (stable): two
    stable sorts by C key functions, cheaper than a key tuple built per item in Python."""
    items.sort(key=end, reverse=True)
    items.sort(key=start)


def _merged(index: dict[str, list[int]], a: str, b: str) -> list[int]:
    """The token indices of kinds ``a`` and ``b``, in text order."""
    return sorted(index.get(a, []) + index.get(b, []))


def _julia_fence(text: str, b: Block) -> Block | None:
    """A block the indented-block merge deleted, as Julia's Markdown then reads it: a ``~~~`` or
    code block whose fences stand alone on their lines is Julia's fenced code (``JULIA_FENCE``,
    which Franklin turns into a paragraph of its text); anything else is plain text (None)."""
    if (b.name != "ESCAPE" and b.name not in CODE_BLOCKS) or b.close is None:
        return None
    if not (is_line_start(text, b.start) and is_line_start(text, b.close.start)
            and text[b.end : b.end + 1] in ("", "\n")):
        return None
    return Block("JULIA_FENCE", b.start, b.end, b.open, b.close)


_FRANKLIN_NO_INNER = (NO_INNER - {"DIV", "DBB"}) | {"LXB"}


def _double_braces(tokens: list[Token], order: list[int], active: list[bool]) -> list[Block]:
    """``{{ … }}`` from the brace tokens (indices ``order``) that survived the first pass
    (reference step 12).

    From a ``{{`` the scan reads pairs ``{{`` (one deeper) and ``}}`` (one
    shallower) until the depth is back to zero.  Where that scan ends is the
    same whatever the depth it starts from is, so it is computed once for
    every brace, right to left (``close[p]``: position in ``order`` of the ``}}`` that
    closes a scan started at ``p`` with depth 1, or -1): the whole pass is linear
    even when thousands of ``{{`` are never closed.  Two braces next to each other in
    the text are next to each other in ``order`` (no token lies between them).
    """
    starts = [tokens[i].start for i in order]
    opens = [tokens[i].kind == "LXB_OPEN" for i in order]
    n = len(order)
    # pair[p]: braces p and p + 1 are one ``{{`` or ``}}``
    pair = [starts[p + 1] == starts[p] + 1 and opens[p] == opens[p + 1] for p in range(n - 1)]
    close = [-1] * (n + 2)
    for p in range(n - 2, -1, -1):
        if not pair[p]:
            close[p] = close[p + 1]
        elif opens[p]:
            inner = close[p + 2]
            close[p] = -1 if inner < 0 else close[inner + 2]
        else:
            close[p] = p
    out: list[Block] = []
    p = 0
    while p + 1 < n:
        if pair[p] and opens[p] and active[order[p]] and active[order[p + 1]]:
            q = close[p + 2]
            if q >= 0:
                o, c = tokens[order[p]], tokens[order[q + 1]]
                out.append(Block("DBB", o.start, c.end, o, c))
                p = q + 2
                continue
        p += 1
    return out


def drop_inner(blocks: list[Block]) -> list[Block]:
    """Sort by start and drop blocks inside a block whose content is re-read later."""
    if len(blocks) > 1:
        by_start_then_longest(blocks, _START, _END)
    kept: list[Block] = []
    cover_end = -1
    for b in blocks:
        if b.start < cover_end:
            continue
        kept.append(b)
        if b.name in NO_INNER:
            cover_end = b.end
    return kept
