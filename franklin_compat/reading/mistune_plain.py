"""mistune 3.4's block tokens of a plain text, made without its block parser.

A page cut at its Franklin blocks (:func:`.mdnodes._stream`: a header, a code block, display
math… standing alone) leaves short texts between them, most of them a few paragraphs of plain
lines, some ending with a list of one-line items.  mistune's block reading of each (a state, its
rules tried line by line, a second walk giving the paragraphs their inline tokens) cost more
than all the rest of its reading: issue #16's ``cr_document`` has 33,000 such texts at 1 MB.
Such a text is recognized by one pattern (:data:`PLAIN`) and its tokens made here, as mistune
gives them after ``render_state``, less its ``blank_line`` tokens, which make no node.

Why they are mistune's: each line starts with an ASCII letter or a placeholder (no block rule
starts there, and mistune's paragraph does, ``_is_plain_paragraph_start``) and holds no ``|``
(no table: the only rules that read past a line's first characters); a paragraph goes on to an
empty line or an item (a list interrupts a paragraph, and an item starting with text is no
setext underline nor thematic break); the items are each ``-``, ``*`` or ``+`` (the same), one
space and a text starting as a line does, one after another and followed by empty lines only
(what ``mistune_lists._one_line_items`` reads): one tight list, its items ``block_text``.
``tests/test_plain_blocks.py`` holds the tokens to mistune's on random texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import mistune

from .julia_inline import PH_OPEN
from .mistune_fast import SAME_MISTUNE

Token = dict[str, Any]

_LINE = "[A-Za-z" + PH_OPEN + "][^\n|]*+\n"
#: paragraphs (between empty lines), then perhaps a list of one-line items with one bullet
PLAIN = re.compile(f"\n*+(?:(?:{_LINE})++\n++)*+(?:{_LINE})*+(?:([-*+]) {_LINE}(?:\\1 {_LINE})*+)?\n*+")
#: a paragraph (group 1) or the list's items, in a text :data:`PLAIN` matches
_BLOCK = re.compile(f"((?:{_LINE})++)|(?:[-*+] {_LINE})++")
#: the rules of the instances :func:`.julia_md.markdown` makes (with or without indented code,
#: which no line here is, nor an empty one)
_RULES = frozenset({
    "indent_code", "atx_heading", "setex_heading", "thematic_break", "admonition", "block_quote", "list",
    "blank_line", "table", "nptable",
})
_STRIP = " \r\n\t\f"  # what ``render_state`` strips from a block's text before its inline reading


def tokens(md: mistune.Markdown, piece: str) -> Iterator[Token] | None:
    """The tokens mistune's ``parse`` gives ``piece`` (a text as ``parse`` prepares it: ``\\n``
    line ends, the last one included), but the ``blank_line`` ones, made as they are read;
    None unless :data:`PLAIN` matches it all."""
    if not SAME_MISTUNE or md.renderer is not None or not _RULES.issuperset(md.block.rules):
        return None
    if PLAIN.fullmatch(piece) is None:
        return None
    return _tokens(md, piece)


def _tokens(md: mistune.Markdown, piece: str) -> Iterator[Token]:
    inline = md.inline
    env: dict[str, Any] = {"ref_links": {}}  # (a block state's: Franklin reads the link definitions)
    for m in _BLOCK.finditer(piece):
        text = m.group(1)
        if text is not None:
            yield {"type": "paragraph", "children": inline(text.strip(_STRIP), env)}
            continue
        lines = m.group().split("\n")
        lines.pop()  # (after the last line end)
        items = [
            {"type": "list_item", "children": [{"type": "block_text", "children": inline(text, env)}]}
            for text in (line[2:].strip(_STRIP) for line in lines)
        ]
        yield {"type": "list", "children": items, "tight": True, "bullet": lines[0][0],
               "attrs": {"depth": 0, "ordered": False}}
