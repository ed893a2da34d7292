"""mistune 3.4's steps that cost most per character on long pathological lines, redone linearly.

Each function here repeats one of mistune 3.4's own, token for token, and is used only with
that version (:data:`SAME_MISTUNE`; another runs mistune's own): ``tests/test_mistune_fast.py``
holds each to mistune's result on random text made of the characters that matter to it.

* a link's url (``helpers._parse_link_href``) was read a character at a time in Python, the
  ``(`` nesting counted up to mistune's limit: ``[a](`` repeated read some 80 characters
  after each ``](`` before failing.  One possessive pattern, nested to the same limit, reads
  the same url in C (:func:`link_href`).
"""

from __future__ import annotations

import re
import string
from functools import cache
from re import Match
from typing import TYPE_CHECKING, Any

import mistune
from mistune._inline.links import _discard_brackets, _parse_reference
from mistune.helpers import (
    ASCII_WHITESPACE,
    _parse_angle_link_href,
    _skip_ascii_whitespace,
    _skip_link_start_whitespace,
    parse_link_title,
    unescape_char,
)
from mistune.util import escape_url, unikey

if TYPE_CHECKING:
    from mistune.core import InlineState
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


def link_href(src: str, start: int, max_nested_level: int) -> tuple[str | None, int | None]:
    """``helpers._parse_link_href`` (not in a block): the url and where it ends, or ``None``.
    mistune's scan stops at white space or a ``)`` at level 0 (the url), and fails at a
    control character, at a ``(`` past ``max_nested_level`` or at a level left open; the
    pattern stops at the first character it cannot take at level 0, and which one it is
    decides the same."""
    pos = _skip_link_start_whitespace(src, start)
    if pos >= len(src):
        return None, None
    if src[pos] == "<":
        return _parse_angle_link_href(src, pos)
    m = _url_pattern(max_nested_level).match(src, pos)
    assert m is not None  # the pattern matches the empty string
    end = m.end()
    if end < len(src) and src[end] != ")" and src[end] not in ASCII_WHITESPACE:
        return None, None
    return src[pos:end], end


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
        reference = _parse_reference(state, opener, close, close + 1)
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
