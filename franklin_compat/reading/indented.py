"""Franklin's indented lines at page level (``indent.jl``) and the blocks its merge deletes.

Franklin finds indented-code blocks (``CODE_BLOCK_IND``) on every page, whatever
``indented_code`` says, and drops them only at the end: by then they have consumed every
token inside them (so nothing of Franklin's forms in those lines: Julia's Markdown reads them
as written), and ``merge_indented_blocks!`` has deleted blocks by an index bug.  For a run of
indented blocks p..q (numbered among the indented blocks) that only white space separates,
it deletes the blocks at positions p+1..q of the list of *all* blocks, whatever they are; a
deleted block's text goes to Julia's Markdown as written (an ``@def`` line is printed and
sets nothing, a header has no anchor).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from .blocks import Block

K = TypeVar("K")

_INDENTED = re.compile(r"\n(?: {4}|\t)")


def indent_openers(text: str, crlf: Callable[[int], bool] | None = None) -> list[int]:
    """Offsets of the ``\\n`` of Franklin's ``LR_INDENT`` tokens that survive
    ``filter_lr_indent!``: a line return followed by four spaces or a tab and more than white
    space, on a line that itself ends with a line return; the first of a run only right after
    an empty line (the character before its ``\\n`` is ``\\n``: not after a blank line that
    ended with CRLF, ``crlf(i)``), the next ones while they are on consecutive lines."""
    out: list[int] = []
    prev_end = -1  # the line return ending the last kept indented line
    for m in _INDENTED.finditer(text):
        p = m.start()
        # (the place first: most indented lines of a page of nested divs follow a text line)
        if p != prev_end and not (p > 0 and text[p - 1] == "\n" and not (crlf is not None and crlf(p))):
            continue
        end = text.find("\n", m.end())
        if end == -1:
            break
        if text[m.end() : end].strip():
            out.append(p)
            prev_end = end
    return out


def indented_ranges(
    text: str, spans: Sequence[tuple[int, int]], openers: Sequence[int]
) -> list[tuple[int, int, int]]:
    """Franklin's ``CODE_BLOCK_IND`` blocks as ``(start, closing line return, end)``: from each
    opener (:func:`indent_openers`) not inside one of the blocks found so far (``spans``, end
    exclusive), to the next line return that is neither inside one of them nor an opener."""
    merged: list[list[int]] = []
    for a, e in sorted(spans):
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([a, e])
    starts = [m[0] for m in merged]
    is_opener = set(openers)

    last = merged[-1][1] if merged else -1  # (past it, no block covers a line return)

    def cover_end(q: int) -> int:
        if q >= last:
            return -1
        k = bisect_right(starts, q) - 1
        return merged[k][1] if k >= 0 and q < merged[k][1] else -1

    out: list[tuple[int, int, int]] = []
    resume = -1
    for p in openers:
        if p < resume or cover_end(p) >= 0:
            continue
        q = p
        while True:
            q = text.find("\n", q + 1)
            if q == -1:
                q = len(text)
                break
            e = cover_end(q)
            if e >= 0:
                q = e - 1
                continue
            if q not in is_opener:
                break
        resume = min(q + 1, len(text))
        out.append((p, q, resume))
    return out


def merge_deletions(
    text: str, blocks: Sequence[tuple[int, int, str, K]], no_inner: frozenset[str]
) -> list[K]:
    """The keys of the blocks ``merge_indented_blocks!`` deletes.

    ``blocks`` is Franklin's list as ``(start, end, name, key)`` (``end`` exclusive and
    including a closing line return), before ``deactivate_inner_blocks!``: that step is done
    here (sorted by start, stably; a block starting strictly inside a ``no_inner`` one, before
    its last character, goes), then the indented blocks that only white space separates are
    grouped, and for each group p..q the blocks at positions p+1..q are the deleted ones."""
    ordered = sorted(blocks, key=lambda b: b[0])
    kept: list[tuple[int, int, str, K]] = []
    cover = -1  # last character of the active no-inner blocks starting before the current start
    group_start, group_cover = -1, -1
    for b in ordered:
        if b[0] != group_start:
            cover = max(cover, group_cover)
            group_start, group_cover = b[0], -1
        if b[0] < cover:
            continue
        kept.append(b)
        if b[2] in no_inner:
            group_cover = max(group_cover, b[1] - 1)
    idx = [i for i, b in enumerate(kept) if b[2] == "CODE_BLOCK_IND"]
    deleted: list[int] = []  # 1-based ordinals among the indented blocks, used as positions
    run: list[int] = []
    for i in range(1, len(idx)):
        a, b = kept[idx[i - 1]], kept[idx[i]]
        if text[a[1] - 1 : b[0] + 1].strip():
            if run:
                deleted.extend(range(run[0] + 1, run[-1] + 2))
                run = []
        else:
            run.append(i)
    if run:
        deleted.extend(range(run[0] + 1, run[-1] + 2))
    return [kept[k - 1][3] for k in deleted if k <= len(kept)]


def merge_deleted(text: str, blocks: list[Block], braces: dict[int, int], link_defs: list[Block],
                  no_inner: frozenset[str]) -> list[Block]:
    """The blocks Franklin's ``merge_indented_blocks!`` deletes (:func:`merge_deletions`),
    positions counted in Franklin's list: these blocks, the outermost braces (``braces``: every
    pair's start → end; a block for Franklin, which a div does not nest in) and the ``]: `` it
    has not validated yet; a link definition starts at its ``]: ``, and a block closed by a
    line return includes it."""
    n = len(text)
    rows: list[tuple[int, int, str, Block | None]] = []
    for b in [*blocks, *link_defs]:
        end = b.end + 1 if b.close is None and b.end < n else b.end
        rows.append((b.open.start if b.name == "LINK_DEF" else b.start, end, b.name, b))
    outer = -1
    for start in sorted(braces):
        if start >= outer:
            outer = braces[start]
            rows.append((start, outer, "LXB", None))
    return [b for b in merge_deletions(text, rows, no_inner) if b is not None]
