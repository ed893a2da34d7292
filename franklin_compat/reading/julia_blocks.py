"""Julia's block structure read line by line: lists, quote markers, indented code.

Julia's ``list`` (Common/block.jl) reads an item's lines first and parses them after, so
what belongs to an item is decided by the line's first characters alone: a marker after at
most three spaces and before a space, or the item's indent in spaces.  :func:`end_lists`
rewrites the text so that mistune, which is CommonMark, finds the same lists;
:func:`julia_code_runs` finds the lines Julia reads as indented code.
"""

from __future__ import annotations

import re
from itertools import repeat

from ..core.lazy_re import lazy_compile
from .julia_inline import PH_OPEN

# Julia's ``NUM_OR_BULLETS``: spaces before the marker, a space (not a tab) or the line end after it
LIST_ITEM = re.compile(r"( *)([-*+]|\d{1,9}[.)])( [ \t]*|$)")
_TAB_ITEM = re.compile(r" *(?:[-*+]|\d{1,9}[.)])\t")
_LISTS_TO_READ = re.compile(r"^(?: *(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)| +" + PH_OPEN + ")", re.M)


#: the characters a list item's line can start with (a caller reading many lines tests it first:
#: most lines then need no call)
ITEM_FIRST = frozenset(" -*+0123456789")


def list_item(line: str, content: int) -> re.Match[str] | None:
    """The list item ``line`` starts, if any: outside a list only after at most three spaces
    (``NUM_OR_BULLETS``: four make Julia's indented code)."""
    if line[:1] not in ITEM_FIRST:  # most lines: no pattern to run
        return None
    m = LIST_ITEM.match(line)
    return m if m is not None and (content >= 0 or len(m.group(1)) < 4) else None


def continues_item(line: str, content: int) -> bool:
    """Julia's list reads a line into the item only if it starts with ``content`` spaces
    (``startswith(stream, " "^indent)``): a tab never continues an item."""
    return line.startswith(" " * content)


LIST_BREAK = "\ufdd2"
"""A line holding only this ends a list for mistune and gives no output."""
CRLF_BLANK = "\ufdd4"
"""A line holding only this is an empty line that ended with CRLF in the file: Julia's list
tests ``startswith(stream, "\n")`` for a blank line and reads ``"\r"`` as unindented text,
so such a line ends the list at once.  :func:`end_lists` turns it back into an empty line."""


#: the lines outside a list that :func:`end_lists` may rewrite, other than by right-stripping
#: spaces: a marker (an item, or a tab after it), an inline block after spaces, a CRLF_BLANK
#: line; found by their line's "\n" (a fast literal scan), the text's first line by ``match``
_NOTABLE = re.compile(r"\n(?: *(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)| +" + PH_OPEN + "|" + CRLF_BLANK + ")", re.M)


def _next_notable(md: str, pos: int) -> int:
    """The start of the first line at or after ``pos`` (a line start) that :data:`_NOTABLE`
    finds, or -1."""
    if pos == 0:
        nl = md.find("\n")
        if _NOTABLE.match("\n" + (md if nl < 0 else md[:nl])) is not None:
            return 0
    m = _NOTABLE.search(md, max(pos - 1, 0))
    return -1 if m is None else m.start() + 1


def _copied(run: str) -> str:
    """Lines outside a list that need no other change: trailing spaces make no hard break."""
    if " \n" in run or run.endswith(" "):
        return "\n".join([line.rstrip(" ") for line in run.split("\n")])
    return run


def end_lists(md: str) -> str:
    """Julia's Markdown has no lazy continuation: a line not indented by the current
    item's content ends the list (a blank line is added there so mistune agrees; a tab
    never indents enough); two empty lines in a row end it too (Julia 1.4–1.10: "double
    newline ends the current list"), as does a line of fewer spaces than the item's indent
    (a ``LIST_BREAK`` line is put there, so a next item starts a new list).  Changing the
    bullet (``*``, ``+``, ``-``) continues the list, so the bullet is rewritten to the
    list's first one; a marker followed by a tab is no item (it is escaped); an ordered
    list interrupts a paragraph whatever its first number; a line starting with an inline
    Franklin block after spaces is one space deeper (Franklin writes the block
    `` ##FDINSERT##``); and trailing spaces make no hard break.  A :data:`CRLF_BLANK` line
    ends a list by itself, and is an empty line for the passes after this one.

    Lines are read one by one inside lists only: between lists, the lines up to the next
    one :data:`_NOTABLE` finds are copied in one piece (right-stripped), and so are the items
    of a list's first level (:data:`_BULLET_RUN`, their bullets rewritten) and a run of empty
    lines in or after a list (:data:`_EMPTY_LINES`; a page of short lists between headers)."""
    if not _LISTS_TO_READ.search(md) and "  \n" not in md:
        return md.replace(CRLF_BLANK, "") if CRLF_BLANK in md else md
    out: list[str] = []  # lines, or runs of lines copied whole (joined by "\n")
    last = ""  # the last line written
    content = -1  # content indent of the current list item, -1 outside lists
    levels: list[tuple[int, int, str]] = []  # open items: marker indent, content indent, bullet
    empty = False  # the previous line was empty (no spaces either)
    ended = False  # a list just ended there; mistune would go on with an item or indented text
    pos, n = 0, len(md)
    notable = _NOTABLE.search
    while pos <= n:
        if content < 0 and not ended:
            if pos:  # :func:`_next_notable` past the first line, without the call
                found = notable(md, pos - 1)
                start = -1 if found is None else found.start() + 1
            else:
                start = _next_notable(md, 0)
            if start < 0:
                out.append(_copied(md[pos:]))
                break
            if start > pos:
                run = _copied(md[pos : start - 1])
                out.append(run)
                last, pos = run[run.rfind("\n") + 1 :], start
            if md[pos] in _FIRST_BULLETS and md.startswith(" ", pos + 1):
                end = md.find("\n", pos)
                if end > pos + 2 and md[pos + 2] not in " \t" and md[end - 1] != " ":
                    # a list's first item, one space after its bullet and none at its end: as read
                    # line by line, the line as it is, a content indent of 2, one level
                    last = md[pos:end]
                    out.append(last)
                    content, empty, pos = 2, False, end + 1
                    levels[:] = [(0, 2, last[0])]
                    continue
        else:
            if pos < n and md[pos] == "\n" and (ended or (not empty and md.startswith("\n", pos + 1))):
                # empty lines, each kept: in a list the second ends it, after its end they change nothing
                blank = _EMPTY_LINES.match(md, pos)
                if blank is not None:
                    out.extend(repeat("", blank.end() - pos))
                    last, pos, empty = "", blank.end(), True
                    if content >= 0:
                        content = -1
                        levels.clear()
                        ended = True
                    first = md[pos : pos + 1]
                    if first and first not in ITEM_FIRST and first != CRLF_BLANK and not first.isspace():
                        ended = False  # no item nor indent next: the lines are copied again from there
                    continue
            if levels and levels[0][2] in "-*+" and (items := _BULLET_RUN.match(md, pos)):
                lines, pos = _rebulleted(items.group()[:-1], levels[0][2]), items.end()
                out.append(lines)
                last, content, empty = lines[lines.rfind("\n") + 1 :], 2, False
                levels[:] = [(0, 2, levels[0][2])]
                continue
        end = md.find("\n", pos)
        end = n if end < 0 else end
        raw, pos = md[pos:end], end + 1
        crlf = raw == CRLF_BLANK
        if crlf:
            raw = ""
        if content >= 0 and (
            (raw == "" and (empty or crlf))
            # spaces only, fewer than the item's indent: "unindented text", the list ends
            or (raw and not raw.strip() and len(raw.expandtabs(4)) < content)
        ):
            out.append("")
            last, content = "", -1
            levels.clear()
            empty = ended = True
            continue
        if raw.startswith(" ") and raw.lstrip(" ").startswith(PH_OPEN):
            raw = " " + raw
        if ended and raw.strip():
            if LIST_ITEM.match(raw) or raw[0] in " \t":
                out.extend((LIST_BREAK, ""))
                last = ""
            ended = False
        empty = raw == ""
        line = raw.rstrip(" ")  # two trailing spaces are no line break in Julia's Markdown
        m = list_item(line, content)
        if m:
            number = m.group(2)[:-1]
            if content < 0 and number.isdigit() and int(number) != 1 and last.strip():
                out.append("")  # any ordered list interrupts a paragraph in Julia's Markdown
            content = len((m.group(1) + m.group(2) + (m.group(3) or " ")).expandtabs(4))
            line = _same_bullet(line, m, content, levels)
        else:
            if line.strip() and content >= 0 and not continues_item(line, content):
                if last.strip():
                    out.append("")
                content = -1
                levels.clear()
            if _TAB_ITEM.match(line) and (content >= 0 or not line.startswith("    ")):
                k = len(line) - len(line.lstrip(" ")) + len(line.lstrip(" ").split("\t", 1)[0]) - 1
                line = line[:k] + "\\" + line[k:]  # "1.\tA" is text for Julia: "1\.\tA"
        out.append(line)
        last = line
    return "\n".join(out)


_FIRST_BULLETS = "-*+"  # the bullets of a list's first item that :func:`end_lists` writes at once
#: empty lines from a line start (each its ``\n``), which :func:`end_lists` writes at once in or after a list
_EMPTY_LINES = re.compile(r"\n+")
#: lines that are each a next item of the list whose first item's bullet is ``-``, ``*`` or
#: ``+`` (its level 0): a bullet at the line start, one space, text, no trailing space
_BULLET_RUN = re.compile(r"(?:[-*+] [^ \t\n](?:[^\n]*[^ \n])?\n)+")


def _rebulleted(lines: str, bullet: str) -> str:
    """A :data:`_BULLET_RUN`'s lines (without the last line end) as :func:`end_lists` writes them
    one by one: each item of the list's first level (every indent is under its content), each
    bullet that list's (:func:`_same_bullet`), a content indent of 2 (the space after it)."""
    for other in "-*+":
        if other != bullet:
            lines = lines.replace("\n" + other, "\n" + bullet)
    return bullet + lines[1:]


def _same_bullet(line: str, m: re.Match[str], content: int, levels: list[tuple[int, int, str]]) -> str:
    """Julia's unordered list takes any bullet for its next items (``BULLETS``): an item
    whose bullet differs from its list's first one gets that one (CommonMark would start
    a new list).  ``levels`` holds the open items, innermost last."""
    indent, marker = len(m.group(1)), m.group(2)
    sibling = None
    while levels and indent < levels[-1][1]:
        sibling = levels.pop()
    if sibling is not None and marker in "-*+" and sibling[2] in "-*+" and marker != sibling[2]:
        marker = sibling[2]
        line = line[:indent] + marker + line[indent + 1 :]
    levels.append((indent, content, marker))
    return line


_QUOTE_MARK = lazy_compile(r" {0,3}> ?")


def quote_depth(line: str) -> tuple[int, int]:
    """How many ``>`` open the line (each after at most three spaces, each eating one space
    after it, as Julia's ``blockquote`` strips them level by level), and where the rest starts."""
    if ">" not in line[:4]:  # a first marker is within the first four characters
        return 0, 0
    depth = pos = 0
    while (m := _QUOTE_MARK.match(line, pos)) is not None:
        depth += 1
        pos = m.end()
    return depth, pos


def quote_prefix(line: str, limit: int) -> tuple[int, int]:
    """Like :func:`quote_depth`, reading at most ``limit`` markers."""
    if not limit or ">" not in line[:4]:
        return 0, 0
    depth = pos = 0
    while depth < limit and (m := _QUOTE_MARK.match(line, pos)) is not None:
        depth += 1
        pos = m.end()
    return depth, pos


def julia_code_runs(md: str) -> list[tuple[int, int, str]]:
    """The blocks Julia's Markdown reads as indented code (``indentcode``): lines
    starting with four spaces or a tab, at the start of a block (after a blank line
    or at the start of the text), outside lists and admonitions, with the blank lines between
    them.  Franklin turns each back into a paragraph of its literal text, which
    also ends the paragraph before and after it.  Returns ``(first line, end
    line, code)``: the code de-indented by one level and right-stripped."""
    lines = md.split("\n")
    runs: list[tuple[int, int, str]] = []
    content = -1  # content indent of the current list item, -1 outside lists
    i = 0
    prev_blank = True
    admonition = False  # inside the indented body of a ``!!! note`` block
    while i < len(lines):
        line = lines[i]
        if re.match(r" {0,3}!!!", line):
            admonition = True
        elif admonition and line.strip() and not line.startswith(("    ", "\t")):
            admonition = False
        if admonition:
            prev_blank = False
            i += 1
            continue
        m = list_item(line, content)
        if m:
            content = len((m.group(1) + m.group(2) + (m.group(3) or " ")).expandtabs(4))
        elif line.strip() and content >= 0 and not continues_item(line, content):
            content = -1
        if prev_blank and content < 0 and line.strip() and line.startswith(("    ", "\t")):
            j = i
            body: list[str] = []
            while j < len(lines) and (lines[j].startswith(("    ", "\t")) or not lines[j].strip()):
                cur = lines[j]
                body.append(cur[4:] if cur.startswith("    ") else cur[1:] if cur.startswith("\t") else "")
                j += 1
            while j > i and not lines[j - 1].strip():  # trailing blank lines are not part of it
                j -= 1
                body.pop()
            runs.append((i, j, "\n".join(body).rstrip()))
            i = j
            prev_blank = False
            continue
        prev_blank = not line.strip()
        i += 1
    return runs
