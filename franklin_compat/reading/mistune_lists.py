"""mistune 3.4's list rule (``list_parser.parse_list``) redone with less work per item.

Like :mod:`mistune_fast`, each function repeats one of mistune 3.4's own, token for token, and
is used only with that version; ``tests/test_mistune_fast.py`` and ``tests/test_list_fast.py``
hold them to mistune's result.

* a list item (``list_parser._parse_list_item``) compiled two patterns of its own, and each
  of its lines had its leading tabs expanded a character at a time (:func:`parse_list`);
* an item of one line of plain text, followed at once by the next item, was still read with
  mistune's whole item machinery: its lines collected, a child state made and the block rules
  run on that line.  A list of a quarter million such items (``bullets_alternating``) spent
  most of its time there; such a run is read in one loop (:func:`_one_line_items`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import Match
from typing import TYPE_CHECKING, Any

from mistune.list_parser import (
    _build_list_item_source,
    _compile_continue_width,
    _compile_list_break_sc,
    _compile_list_item_pattern,
    _create_list_marker,
    _expand_leading_tabs,
    _get_list_bullet,
    _has_continuation_indent,
    _is_loose_list,
    _ListItemLines,
    _ListMarker,
    _match_list_item_break,
    _transform_tight_list,
)
from mistune.util import strip_end

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState

Token = dict[str, Any]


@lru_cache(maxsize=256)  # (bounded: the widths come from the page)
def _item_re(bullet: str, leading_width: int) -> re.Pattern[str]:
    return re.compile(_compile_list_item_pattern(bullet, leading_width))


_BREAK_RULES = (
    "thematic_break", "fenced_directive", "fenced_code", "atx_heading", "block_quote", "block_html", "list"
)
_BREAK_SC: dict[tuple[int, tuple[str | None, ...]], re.Pattern[str]] = {}


def _break_sc(block: BlockParser, leading_width: int) -> re.Pattern[str]:
    """``list_parser._compile_list_break_sc``, kept by the patterns of the rules it joins."""
    key = (leading_width, tuple(map(block.specification.get, _BREAK_RULES)))
    found = _BREAK_SC.get(key)
    if found is None:
        if len(_BREAK_SC) >= 256:  # the widths come from the page: kept bounded
            _BREAK_SC.clear()
        found = _BREAK_SC[key] = _compile_list_break_sc(block, leading_width)
    return found


def parse_list(block: BlockParser, m: Match[str], state: BlockState) -> int:
    """``list_parser.parse_list``, step for step, with :func:`_parse_list_item` (after a run of
    :func:`_one_line_items`)."""
    item = _create_list_marker(m, "list")
    if not item.text.strip():
        end_pos = state.append_paragraph()
        if end_pos:
            return end_pos
    marker = item.marker
    depth = state.depth()
    token: Token = {
        "type": "list",
        "children": [],
        "tight": True,
        "bullet": item.bullet,
        "attrs": {"depth": depth, "ordered": item.ordered},
    }
    if item.ordered:
        start = int(marker[:-1])
        if start != 1:
            end_pos = state.append_paragraph()
            if end_pos:
                return end_pos
            token["attrs"]["start"] = start
    state.cursor = m.end() + 1
    item_or_none: _ListMarker | None = item
    if depth >= block.max_nested_level - 1:
        rules = [rule for rule in block.list_rules if rule not in ("list", "block_quote")]
    else:
        rules = block.list_rules
    bullet = _get_list_bullet(item.bullet)
    sc = block.compile_sc(rules)
    while item_or_none:
        item_or_none = _one_line_items(block, bullet, item_or_none, token, state, sc)
        if item_or_none:
            item_or_none = _parse_list_item(block, bullet, item_or_none, token, state, rules)
    end_pos = token.pop("_end_pos", None)
    _transform_tight_list(token)
    if end_pos:
        state.tokens.insert(token.pop("_tok_index"), token)
        return int(end_pos)
    state.append_token(token)
    return state.cursor


#: the characters a blank line (``BlockParser.BLANK_LINE``) can start with
_BLANK_FIRST = frozenset(" \t\v\f\n")


def _one_line_items(
    block: BlockParser, bullet: str, item: _ListMarker, token: Token, state: BlockState, sc: re.Pattern[str]
) -> _ListMarker | None:
    """The items from ``item`` on that :func:`_parse_list_item` would read as one line of text
    followed at once by the next item's line, or by the end of the text (blank lines before it
    or not); returns the first item it does not read, or None where the list ends.

    Such an item's text is its marker's line after 1 to 4 spaces (``_compile_continue_width``
    takes them all) and before a character that is not white space; its source is that text
    and its line end (``strip_end`` keeps a line's own trailing spaces).  When no block rule
    (``sc``, the rules its child state is parsed with, tried first) matches that line, the
    item's tokens are the line as one paragraph: a paragraph, plain or not, reads on to the
    end of its text, as no rule starts at the end (an empty line).  The next line is the next
    item when ``item_re`` matches it (at most 3 spaces, fewer than the item's content indent,
    then a marker: no continuation, no tab to expand, not blank) and the break rules do not
    read it as a thematic break (``_match_list_item_break``)."""
    src = state.src
    stop = state.cursor_max
    children = token["children"]
    match = sc.match
    patterns: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}
    spaces, marker, text = item.spaces, item.marker, item.text
    taken = False
    while True:
        body = text.lstrip(" ")
        if not body or body[0].isspace() or not 0 < len(text) - len(body) < 5:
            break
        source = body + "\n"
        if match(source):
            break
        cursor = state.cursor
        if cursor < stop:
            # the last item, if only blank lines follow: each is a ``\n`` of the item's source,
            # which ``strip_end`` drops
            blank = block.BLANK_LINE.match(src, cursor) if src[cursor] in _BLANK_FIRST else None
            if blank is None:
                leading_width = len(spaces) + len(marker)
                found = patterns.get(leading_width)
                if found is None:
                    found = (_item_re(bullet, leading_width), _break_sc(block, leading_width))
                    patterns[leading_width] = found
                end = src.find("\n", cursor)
                next_pos = len(src) if end < 0 else end + 1
                m = found[0].match(src[cursor:next_pos])
                if m is None:
                    break
                brk = found[1].match(src, cursor)
                if brk is not None and brk.lastgroup == "thematic_break":
                    break
                children.append({"type": "list_item", "children": [{"type": "paragraph", "text": source}]})
                state.cursor = next_pos
                spaces, marker, text = m.groups()
                taken = True
                continue
            if blank.end() != stop:
                break
            state.cursor = stop
        children.append({"type": "list_item", "children": [{"type": "paragraph", "text": source}]})
        return None
    return _ListMarker(spaces, marker, text) if taken else item


def _parse_list_item(
    block: BlockParser, bullet: str, item: _ListMarker, token: Token, state: BlockState, rules: list[str]
) -> _ListMarker | None:
    """``list_parser._parse_list_item`` with its two patterns compiled once."""
    leading_width = item.leading_width
    text, continue_width = _continue_width(item.text, leading_width)
    lines = _item_lines(block, _item_re(bullet, leading_width), _break_sc(block, leading_width), state, text,
                        continue_width)
    if lines.loose:
        token["tight"] = False
    if lines.end_pos is not None:
        token["_tok_index"] = lines.token_index
        token["_end_pos"] = lines.end_pos
    # ``_build_list_item_source``: an item of one line has no more lines to clean
    source = _build_list_item_source(text, lines.src, continue_width) if lines.src else strip_end(text)
    child = state.child_state(source)
    block.parse(child, rules)
    if token["tight"] and _is_loose_list(child.tokens):
        token["tight"] = False
    token["children"].append({"type": "list_item", "children": child.tokens})
    return lines.next_item


def _continue_width(text: str, leading_width: int) -> tuple[str, int]:
    """``list_parser._compile_continue_width``: a text without a tab has none to expand."""
    if "\t" in text:
        return _compile_continue_width(text, leading_width)
    body = text.lstrip(" ")
    if not body or body[0].isspace():  # no non-space character: ``_LINE_HAS_TEXT`` fails
        return _compile_continue_width(text, leading_width)
    indent = len(text) - len(body)
    space_width = 1 if indent >= 5 else indent
    return text[space_width:] + "\n", leading_width + space_width


def _item_lines(
    block: BlockParser, item_re: re.Pattern[str], break_sc: re.Pattern[str], state: BlockState, text: str,
    continue_width: int,
) -> _ListItemLines:
    """``list_parser._collect_list_item_lines``; a line starting with neither a space nor a
    tab has no continuation indent and no leading tab to expand."""
    src = ""
    prev_blank_line = False
    blank = block.BLANK_LINE
    while state.cursor < state.cursor_max:
        raw_line = state.get_line(state.cursor)
        next_pos = state.cursor + len(raw_line)
        if blank.match(raw_line):
            src += "\n"
            prev_blank_line = True
            state.cursor = next_pos
            continue
        indented = raw_line[:1] in (" ", "\t")
        has_continuation = indented and _has_continuation_indent(raw_line, continue_width)
        if has_continuation:
            if prev_blank_line and not text and not src.strip():
                break
            src += raw_line
            prev_blank_line = False
            state.cursor = next_pos
            continue
        line = _expand_leading_tabs(raw_line) if indented else raw_line
        line_break = _match_list_item_break(item_re, break_sc, state, line)
        if line_break:
            tok_type, m = line_break
            if tok_type == "list_item":
                state.cursor = next_pos
                nxt = _create_list_marker(m, "listitem")
                return _ListItemLines(src, next_item=nxt, loose=prev_blank_line)
            if tok_type == "list":
                break
            tok_index = len(state.tokens)
            end_pos = block.parse_method(m, state)
            if end_pos:
                return _ListItemLines(src, end_pos=end_pos, token_index=tok_index)
        if prev_blank_line:
            break
        src += raw_line
        state.cursor = next_pos
    return _ListItemLines(src)
