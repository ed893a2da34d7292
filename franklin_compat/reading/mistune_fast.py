"""mistune 3.4's steps that cost most per character on long pathological lines, redone linearly.

Each function here repeats one of mistune 3.4's own, token for token, and is used only with
that version (:data:`SAME_MISTUNE`; another runs mistune's own): ``tests/test_mistune_fast.py``
and ``tests/test_shapes_fast.py`` hold each to mistune's result on random text made of the
characters that matter to it.

* a link's url (``helpers._parse_link_href``) was read a character at a time in Python, the
  ``(`` nesting counted up to mistune's limit: ``[a](`` repeated read some 80 characters
  after each ``](`` before failing.  One possessive pattern, nested to the same limit, reads
  the same url in C (:func:`link_href`);
* a paragraph's lines were each found by two calls (:func:`plain_paragraph`);
* a table row (``plugins/table.py``) was split at its bars a Python step per character, counting
  the backslashes before each ``|``: a row without a backslash is split by ``str.split``, one
  with some by a search for escape pairs and bars (a bar after an odd run of backslashes is the
  second character of a pair) (:func:`parse_table`, :func:`parse_nptable`).
"""

from __future__ import annotations

import re
import string
from functools import cache, lru_cache
from re import Match
from typing import TYPE_CHECKING, Any

import mistune
from mistune._inline.links import _discard_brackets, _parse_reference
from mistune.block_parser import _is_plain_paragraph_start
from mistune.helpers import (
    ASCII_WHITESPACE,
    _parse_angle_link_href,
    _skip_ascii_whitespace,
    _skip_link_start_whitespace,
    parse_link_title,
    unescape_char,
)
from mistune.plugins.table import (
    ALIGN_CENTER,
    ALIGN_LEFT,
    ALIGN_NONE,
    ALIGN_RIGHT,
    _parse_invalid_pipe_table,
    _strip_pipe_table_row,
    _strip_table_line,
)
from mistune.util import escape_url as mistune_escape_url
from mistune.util import unikey

if TYPE_CHECKING:
    from collections.abc import Callable

    from mistune.block_parser import BlockParser
    from mistune.core import BlockState, InlineState
    from mistune.inline_parser import InlineParser

Token = dict[str, Any]

#: the mistune whose steps this module repeats
SAME_MISTUNE = mistune.__version__.split(".")[:2] == ["3", "4"]

# one step of mistune's url scan at any depth: an escaped punctuation mark, a lone backslash,
# or a character that is not white space, a control character or a parenthesis
_URL_STEP = r"(?:\\[" + re.escape(string.punctuation) + r"]|\\|[^\x00-\x20\x7f()\\])"


@cache
def _url_pattern(depth: int) -> re.Pattern[str]:
    """A url's characters up to where mistune's scan stops at nesting level 0: parentheses
    balanced ``depth`` levels deep at most, each level possessive (no backtracking)."""
    inner = _URL_STEP + "*+"
    for _ in range(depth):
        inner = r"(?:" + _URL_STEP + r"|\(" + inner + r"\))*+"
    return re.compile(inner)


@cache
def _too_deep(depth: int) -> re.Pattern[str]:
    """``depth + 1`` opening parentheses with only plain characters before each: mistune's scan
    fails at the last, its level past ``depth`` (``[a](`` repeated: one simple pattern instead
    of :func:`_url_pattern`'s nested one, a quarter of its time)."""
    return re.compile(r"(?:[^\x00-\x20\x7f()\\]*+\(){" + str(depth + 1) + "}")


def link_href(src: str, start: int, max_nested_level: int) -> tuple[str | None, int | None]:
    """``helpers._parse_link_href`` (not in a block): the url and where it ends, or ``None``.
    mistune's scan stops at white space or a ``)`` at level 0 (the url), and fails at a
    control character, at a ``(`` past ``max_nested_level`` or at a level left open; the
    pattern stops at the first character it cannot take at level 0, and which one it is
    decides the same."""
    pos = start  # (most urls start at once: no call to skip nothing)
    if pos < len(src) and src[pos] in " \t\n\r":
        pos = _skip_link_start_whitespace(src, start)
    if pos >= len(src):
        return None, None
    if src[pos] == "<":
        return _parse_angle_link_href(src, pos)
    if _too_deep(max_nested_level).match(src, pos):
        return None, None
    m = _url_pattern(max_nested_level).match(src, pos)
    assert m is not None  # the pattern matches the empty string
    end = m.end()
    if end < len(src) and src[end] != ")" and src[end] not in ASCII_WHITESPACE:
        return None, None
    return src[pos:end], end


#: a URL that mistune's ``escape_url`` gives back as it is: only what ``quote`` always keeps
#: and its ``safe`` characters, no ``&`` (``escape_url`` unescapes entities first)
_URL_KEPT = re.compile(r"[A-Za-z0-9_.~:/?#@!$()*+,;=%-]*")


def escape_url(url: str) -> str:
    """mistune's ``escape_url`` (any version): most URLs are given back as they are, seen at once;
    the others' (a page repeats its links, each URL read twice) worked out once."""
    return url if _URL_KEPT.fullmatch(url) else _escaped_url(url)


@lru_cache(maxsize=1024)  # (bounded: the URLs come from the pages)
def _escaped_url(url: str) -> str:
    return mistune_escape_url(url)


def parse_link(src: str, pos: int, max_nested_level: int) -> tuple[dict[str, Any] | None, int | None]:
    """``helpers.parse_link`` with :func:`link_href`."""
    href, href_pos = link_href(src, pos, max_nested_level)
    if href is None:
        return None, None
    assert href_pos is not None
    title, title_pos = parse_link_title(src, href_pos, len(src))
    next_pos = _skip_ascii_whitespace(src, title_pos or href_pos)
    if next_pos >= len(src) or src[next_pos] != ")":
        return None, None
    attrs = {"url": escape_url(unescape_char(href))}
    if title:
        attrs["title"] = title
    return attrs, next_pos + 1


def parse_link_close(inline: InlineParser, m: Match[str], state: InlineState) -> int:
    """``_inline.links.parse_link_close``, step for step, with :func:`parse_link`."""
    pos = m.start()
    if not state.env.get("ref_links"):
        literal_end = m.end() - int(state.src.startswith("(", m.end()))
        if literal_end > pos:
            _discard_brackets(state, literal_end - pos)
            inline.process_text(state.src[pos:literal_end], state)
            pos = literal_end
    while pos < m.end():
        if not state.brackets:
            inline.process_text(state.src[pos : m.end()], state)
            return m.end()
        pos = _close_bracket(inline, state, pos)
    return pos


def _close_bracket(inline: InlineParser, state: InlineState, close: int) -> int:
    """``_inline.links._close_bracket``, step for step, with :func:`parse_link`."""
    opener = state.brackets.pop()
    if not opener.image:
        state.last_link = opener.previous_link
    if state.brackets:
        state.brackets[-1].child_depth = max(state.brackets[-1].child_depth, opener.child_depth)
    if not opener.active or (state.in_link and not opener.image):
        inline.process_text("]", state)
        return close + 1
    if state.depth + opener.child_depth >= inline.max_nested_level:
        inline.process_text("]", state)
        return close + 1
    attrs: dict[str, Any] | None = None
    end = close + 1
    label: str | None = None
    if state.src.startswith("(", end):
        attrs, next_pos = parse_link(state.src, end + 1, inline.max_nested_level)
        if next_pos is not None:
            end = next_pos
    if attrs is None:
        reference = _parse_reference(state, opener, close, close + 1) if state.env.get("ref_links") else None
        if reference is None:
            inline.process_text("]", state)
            return close + 1
        attrs, label, end = reference
    children = state.tokens[opener.token_index + 1 :]
    if not opener.image:
        children = [
            {"type": "text", "raw": child["_autolink"], "_emphasis": False} if "_autolink" in child else child
            for child in children
        ]
    children = inline.finalize_tokens(children, state.depth + 1)
    token: Token = {"type": "image" if opener.image else "link", "children": children, "attrs": attrs}
    if label is not None:
        token.update(ref=unikey(label), label=label)
    del state.tokens[opener.token_index :]
    state.append_token(token)
    if not opener.image:
        bracket = state.last_link
        while bracket is not None and bracket.active:
            bracket.active = False
            bracket = bracket.previous_link
    return end


class Markdown(mistune.Markdown):
    """mistune's ``Markdown`` whose ``render_state`` (no renderer) walks the tokens with a list
    of lists, not a generator per token that has children (a table of 500,000 cells made
    as many)."""

    def render_state(self, state: BlockState) -> str | list[Token]:
        """``Markdown._iter_render``'s work: each token's ``text`` read by the inline parser
        into its ``children``, the inline rules being independent of the order the texts are
        read in (none of ours writes the ``env`` they share)."""
        if self.renderer or not SAME_MISTUNE:
            return super().render_state(state)
        inline = self.inline
        env = state.env
        todo = [state.tokens]
        while todo:
            for tok in todo.pop():
                if "children" in tok:
                    tok["children"] = kids = list(tok["children"])
                    todo.append(kids)
                elif "text" in tok:
                    tok["children"] = inline(tok.pop("text").strip(" \r\n\t\f"), env)
        return list(state.tokens)


def plain_paragraph(
    state: BlockState, sc: re.Pattern[str], line_starts: re.Pattern[str] | None = None
) -> bool:
    """``BlockParser._parse_plain_paragraph`` with its line ends found inline, not by two
    calls per line (``cr_line_ends``: a paragraph of 500,000 lines).  ``line_starts``: each rule
    of ``sc`` starts at a line start and reads no further than that line's end, and this is
    ``sc`` after a line end (:func:`line_rules`): the paragraph's end is found by two searches,
    not by a match per line; and where mistune's loop, finding no rule at the cursor nor a
    plain paragraph, would search ``sc`` from each position to the next line start a rule
    starts at and make the text before it a paragraph, that is done here, the search made only
    at line ends (a line of 1 MB starting with ``*``)."""
    src = state.src
    start = state.cursor
    whole = line_starts is not None and state.cursor_max == len(src)
    if not _is_plain_paragraph_start(src, start):
        if not whole or start >= len(src):
            return False
        assert line_starts is not None
        m = line_starts.search(src, start)
        pos = len(src) if m is None else m.start() + 1
        state.add_paragraph(src[start:pos])
        state.cursor = pos
        return True
    if whole:
        assert line_starts is not None
        pos = _paragraph_end(src, start, line_starts)
    else:
        pos = _paragraph_lines(src, start, state.cursor_max, sc)
    if pos <= start:
        return False
    state.add_paragraph(src[start:pos])
    state.cursor = pos
    return True


def _paragraph_lines(src: str, start: int, stop: int, sc: re.Pattern[str]) -> int:
    """Where the paragraph at ``start`` ends: the first line after its first that ``sc`` matches at,
    the first empty or white line, or the end."""
    pos = start
    match = sc.match
    find = src.find
    while pos < stop:
        if pos > start and match(src, pos):
            break
        end = find("\n", pos)
        end = len(src) if end < 0 else end + 1
        if not src[pos:end].strip():
            break
        pos = end
    return pos


#: a line of white space only (``str.strip``'s, which is ``\s``), or an empty one
_WHITE_LINE = re.compile(r"^[^\S\n]*(?:\n|\Z)", re.M)


def _paragraph_end(src: str, start: int, line_starts: re.Pattern[str]) -> int:
    """:func:`_paragraph_lines` to the end of ``src`` by two searches: the first white line, then
    the first line before it that a rule starts (each rule reads within its line, so the search
    may stop at the white line)."""
    white = _WHITE_LINE.search(src, start)
    end = len(src) if white is None else white.start()
    first = src.find("\n", start, end)
    if first < 0:
        return end
    m = line_starts.search(src, first, end)
    return end if m is None else m.start() + 1


def line_rules(
    sc: re.Pattern[str], specification: dict[str, str], verified: dict[str, str]
) -> re.Pattern[str] | None:
    """``sc`` after a line end, if ``sc`` (``compile_sc``'s pattern) joins only rules of
    ``verified`` (name: pattern, each checked to start at a line start and to read no further
    than the line's end), with those very patterns; else None.  (Its groups capture nothing:
    only where it matches is read.)"""
    pattern = sc.pattern
    names = sorted((k for k in verified if f"(?P<{k}>" in pattern), key=lambda k: pattern.index(f"(?P<{k}>"))
    if (
        sc.flags & (re.M | re.S) == re.M  # ``^`` at each line start, ``.`` not over a line end
        and all(specification.get(k) == verified[k] for k in names)
        and pattern == "|".join(f"(?P<{k}>{verified[k]})" for k in names)
    ):
        rules = "|".join(f"(?:{_uncaptured(verified[k])})" for k in names)
        return re.compile("\n(?:" + rules + ")", sc.flags)
    return None


#: what a pattern is read as by :func:`_uncaptured`: an escape, a class, or a group that captures
#: (named, or a parenthesis not followed by ``?``)
_PATTERN_PIECE = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|\(\?P<\w+>|\((?!\?)", re.S)


def _uncaptured(pattern: str) -> str:
    """``pattern`` with its groups not capturing, which match where they did: the caller needs
    only where a line matches, and the engine reads nine rules' groups a third slower (a
    paragraph of 500,000 lines is searched once).  One with a backreference is kept as it is."""
    if re.search(r"\(\?P=|\(\?\(|\\[1-9]", pattern):
        return pattern
    return _PATTERN_PIECE.sub(lambda m: "(?:" if m.group()[0] == "(" else m.group(), pattern)


#: an escape pair (a backslash and the character after it) or a bar that delimits a cell
_PAIR_OR_BAR = re.compile(r"\\.|\|", re.S)


def split_cells(text: str) -> list[str]:
    """``_split_table_cells``: the stripped texts between the bars no backslash escapes."""
    if "\\" not in text:
        return [cell.strip() for cell in text.split("|")]
    cells = []
    start = 0
    for m in _PAIR_OR_BAR.finditer(text):
        if m.end() - m.start() == 1:
            cells.append(text[start : m.start()].strip())
            start = m.end()
    cells.append(text[start:].strip())
    return cells


def parse_table(block: BlockParser, m: Match[str], state: BlockState) -> int | None:
    """``parse_table``: a table whose rows open and close with ``|``."""
    return _parse(m, state, _strip_pipe_table_row, invalid=True)


def parse_nptable(block: BlockParser, m: Match[str], state: BlockState) -> int | None:
    """``parse_nptable``: a table whose rows need not open and close with ``|``."""
    return _parse(m, state, _strip_table_line, invalid=False)


def _parse(
    m: Match[str], state: BlockState, strip: Callable[[str], str | None], *, invalid: bool
) -> int | None:
    """The two rules' common steps; ``invalid``: an ill-formed table is a paragraph
    (``_parse_invalid_pipe_table``), else no table at all."""
    pos = m.end()
    header = strip(m.group(0))
    if header is None:
        return None
    align_line = state.get_line(pos)
    align = strip(align_line)
    if align is None:
        return None
    thead, aligns = _process_thead(header, align)
    if thead is None or aligns is None:
        return _parse_invalid_pipe_table(state, pos + len(align_line)) if invalid else None
    pos += len(align_line)
    rows = []
    while pos < state.cursor_max:
        line = state.get_line(pos)
        text = strip(line)
        if text is None:
            break
        cells = split_cells(text)
        if len(cells) != len(aligns):
            return _parse_invalid_pipe_table(state, pos + len(line)) if invalid else None
        rows.append({"type": "table_row", "children": [  # (``split_cells`` strips each cell)
            {"type": "table_cell", "text": cell, "attrs": {"align": align, "head": False}}
            for cell, align in zip(cells, aligns, strict=True)
        ]})
        pos += len(line)
    children = [thead, {"type": "table_body", "children": rows}]
    state.append_token({"type": "table", "children": children})
    return pos


_NO_ALIGN = "-"  # what :func:`_align` gives for a cell that is no delimiter


@lru_cache(maxsize=256)  # (bounded: the cells come from the page; a row repeats a few, 250,000 times)
def _align(v: str) -> str | None:
    """A delimiter cell's alignment, as mistune's ``_process_thead`` reads it, or :data:`_NO_ALIGN`."""
    if ALIGN_CENTER.match(v):
        return "center"
    if ALIGN_LEFT.match(v):
        return "left"
    if ALIGN_RIGHT.match(v):
        return "right"
    if ALIGN_NONE.match(v) or not v.strip():
        return None
    return _NO_ALIGN


def _process_thead(header: str, align: str) -> tuple[dict[str, Any] | None, list[str | None] | None]:
    headers = split_cells(header)
    raw_aligns = split_cells(align)
    if len(headers) != len(raw_aligns):
        return None, None
    aligns = list(map(_align, raw_aligns))
    if _NO_ALIGN in aligns:  # not a delimiter row: no table
        return None, None
    children = [
        {"type": "table_cell", "text": text.strip(), "attrs": {"align": aligns[i], "head": True}}
        for i, text in enumerate(headers)
    ]
    return {"type": "table_head", "children": children}, aligns
