"""mistune 3.4's table rules (``plugins/table.py``), step for step, with a row's cells split in C.

mistune splits a row at each ``|`` a character at a time in Python, counting the backslashes
before each ``|`` (an odd number escapes it): a table row of 250,000 cells was read at a
Python step per character.  Here a row without a backslash is split with ``str.split``, and a
row with one by a search for escape pairs and bars (a bar after an odd run of backslashes is
the second character of a pair, so no bar).  Used only with the version it repeats
(:data:`~.mistune_fast.SAME_MISTUNE`; ``tests/test_shapes_fast.py`` holds it to mistune's tokens).
"""

from __future__ import annotations

import re
from re import Match
from typing import TYPE_CHECKING, Any

from mistune.plugins.table import (
    ALIGN_CENTER,
    ALIGN_LEFT,
    ALIGN_NONE,
    ALIGN_RIGHT,
    _parse_invalid_pipe_table,
    _strip_pipe_table_row,
    _strip_table_line,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from mistune.block_parser import BlockParser
    from mistune.core import BlockState

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
        rows.append({"type": "table_row", "children": [
            {"type": "table_cell", "text": cell.strip(), "attrs": {"align": aligns[i], "head": False}}
            for i, cell in enumerate(cells)
        ]})
        pos += len(line)
    children = [thead, {"type": "table_body", "children": rows}]
    state.append_token({"type": "table", "children": children})
    return pos


def _process_thead(header: str, align: str) -> tuple[dict[str, Any] | None, list[str | None] | None]:
    headers = split_cells(header)
    raw_aligns = split_cells(align)
    if len(headers) != len(raw_aligns):
        return None, None
    aligns: list[str | None] = []
    for v in raw_aligns:
        if ALIGN_CENTER.match(v):
            aligns.append("center")
        elif ALIGN_LEFT.match(v):
            aligns.append("left")
        elif ALIGN_RIGHT.match(v):
            aligns.append("right")
        elif ALIGN_NONE.match(v) or not v.strip():
            aligns.append(None)
        else:  # not a delimiter row: no table
            return None, None
    children = [
        {"type": "table_cell", "text": text.strip(), "attrs": {"align": aligns[i], "head": True}}
        for i, text in enumerate(headers)
    ]
    return {"type": "table_head", "children": children}, aligns
