"""Julia's Markdown stdlib, as Franklin sites were built with it, on top of mistune.

mistune is CommonMark; where Julia's Markdown (1.4–1.10) differs in ways that change the
page's structure, the difference is made here, by rewriting the text mistune reads (lists in
:mod:`julia_blocks`, line-end backslashes, setext underlines, ``[text] (url)`` links, table
rows) and by configuring mistune (quotes without lazy continuation, ``!!! note``
admonitions, Julia's inline rules from :mod:`julia_inline`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import mistune
from mistune.block_parser import BlockParser, _parse_block_quote_line
from mistune.plugins import import_plugin
from mistune.plugins.table import NP_TABLE_PATTERN, TABLE_PATTERN
from mistune.util import expand_tab

from ..core.lazy_re import lazy_compile
from . import mistune_fast, mistune_lists
from .julia_blocks import (
    CRLF_BLANK,
    ITEM_FIRST,
    LIST_BREAK,
    LIST_ITEM,
    continues_item,
    end_lists,
    julia_code_runs,
    list_item,
    quote_depth,
    quote_prefix,
)
from .julia_inline import JULIA_BREAK, JuliaInline

__all__ = [
    "CRLF_BLANK",
    "LIST_BREAK",
    "backslash_breaks",
    "close_table_rows",
    "end_lists",
    "julia_code_runs",
    "julia_links",
    "markdown",
    "setext_underlines",
]

if TYPE_CHECKING:
    from mistune.core import BlockState

# matched on the stripped line: no run of spaces that two quantifiers could share (a long
# line of spaces took quadratic time to fail)
_DELIMITER_ROW = lazy_compile(r"\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?")


_CELL_BAR = lazy_compile(r"(?<!\\)\|")


def _cells(row: str) -> list[str]:
    """A table row's cells as Julia's ``parserow`` splits them (unescaped ``|``,
    no empty cell before the first bar or after the last); a row without a backslash is split
    at every bar, in C."""
    row = row.strip()
    parts = row.split("|") if "\\" not in row else _CELL_BAR.split(row)
    if parts and not parts[0].strip():
        parts.pop(0)
    if parts and not parts[-1].strip():
        parts.pop()
    return parts


def close_table_rows(md: str) -> str:
    """Julia's tables accept rows without the closing ``|``, and rows with fewer or
    more cells than the header (``rowlength!`` pads them with empty cells or drops
    the extra ones); mistune's do not, so the rows are evened out here."""
    if "|" not in md:
        return md
    lines = md.split("\n")
    i = 0
    while i + 1 < len(lines):
        head = lines[i].strip()
        if head.startswith("|") and "|" in head[1:] and _DELIMITER_ROW.fullmatch(lines[i + 1].strip(" \t")):
            cols = len(_cells(head))
            j = i
            while j < len(lines) and lines[j].strip().startswith("|"):
                row = lines[j].rstrip()
                if not row.endswith("|") or (row.endswith("\\|") and not row.endswith("\\\\|")):
                    row += " |"
                if j > i + 1:
                    cells = _cells(row)
                    if len(cells) < cols:
                        row += " |" * (cols - len(cells))
                    elif len(cells) > cols:
                        row = "|" + "|".join(cells[:cols]) + "|"
                lines[j] = row
                j += 1
            i = j
        else:
            i += 1
    return "\n".join(lines)


# Julia's ``@breaking`` block parsers (hashheader, blockquote, list, fenced code, admonition)
_BREAKING_PATTERN = r" {0,3}(?:#{1,6}(?: |$)|>|[-*+](?: |$)|\d{1,9}[.)](?: |$)|```|~~~|!!! )"
_BREAKING = lazy_compile(_BREAKING_PATTERN)
_BREAKING_FIRST = frozenset(" #>-*+0123456789`~!")


def _breaking(line: str) -> bool:
    """Whether ``line`` starts one of Julia's breaking blocks (the pattern runs only on a line
    whose first character can start one: most lines of a paragraph cannot)."""
    return line[:1] in _BREAKING_FIRST and _BREAKING.match(line) is not None
# what mistune would start a block with inside a paragraph, where Julia reads text
_BLOCK_START = lazy_compile(r"(\d{1,9})[.)]|[#>]|[-*+](?=[ \t]|$)|!!! |([*_])(?:[ \t]*\2){2,}[ \t]*$")
#: the characters a :data:`_BLOCK_START` can start with
_BLOCK_FIRST = frozenset("0123456789#>-*+!_")


def backslash_breaks(md: str) -> str:
    """Julia's ``paragraph``: after a line ending with ``\\`` (``prev_char == '\\'``) the
    next line is read into the paragraph whatever it is, a blank one included; the
    paragraph then reads on over that blank line unless the line after it is blank too or
    starts a block.  So a block marker on the next line is escaped, the blank line is
    dropped, and where the paragraph ends right after the ``\\`` (a blank or breaking line
    follows, the quote or the list item ends) the ``\\`` becomes :data:`JULIA_BREAK`,
    Julia's ``<br />``.  Lists and quotes are read first, as Julia does: a next item ends
    the item's paragraph.  Indented code keeps its lines; a setext underline under the
    longer paragraph is text (see :func:`setext_underlines`)."""
    if "\\\n" not in md:
        return md
    lines = md.split("\n")
    out: list[str] = []
    content, depth = -1, 0  # the current list item's content indent (-1: none), at quote depth
    joined = False  # inside a paragraph this pass made longer: an underline there is text
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        i += 1
        if ">" in line[:4]:  # (as :func:`quote_depth` tests it: most lines, no call)
            d, rest = quote_depth(line)
            body = line[rest:]
        else:
            d, body = 0, line
        if d != depth or body == LIST_BREAK:
            content, depth = -1, d
        if not body.strip():
            joined = False
        elif body[:1] in ITEM_FIRST and (m := list_item(body, content)) is not None:
            content = len((m.group(1) + m.group(2) + (m.group(3) or " ")).expandtabs(4))
        elif content >= 0 and not continues_item(body, content):
            content = -1
        if joined and body[:1] in _UNDERLINE_FIRST and _UNDERLINE.fullmatch(body):
            line = line.rstrip()[:-1] + "\\" + line.rstrip()[-1]
        if not body.endswith("\\") or body.endswith("\\\\") or body.startswith(("    ", "\t")) or i == n:
            out.append(line)
            continue
        nd, nrest = quote_prefix(lines[i], d) if d else (0, 0)
        nxt = lines[i][nrest:]
        if nd == d and nxt.strip():
            lead = len(nxt) - len(nxt.lstrip(" ")) if nxt[0] == " " else 0
            if content >= 0 and (
                (lead < content and LIST_ITEM.match(nxt) is not None) or not continues_item(nxt, content)
            ):
                out.append(line[:-1] + JULIA_BREAK)  # the list item ends here (a next item…)
                continue
            b = _BLOCK_START.match(nxt, lead) if nxt[lead : lead + 1] in _BLOCK_FIRST else None
            if b is not None:
                k = nrest + (b.end(1) if b.group(1) else lead)
                lines[i] = lines[i][:k] + "\\" + lines[i][k:]
            out.append(line)
            joined = True
            continue
        if nd == d and i + 1 < n:
            md2, mrest = quote_prefix(lines[i + 1], d)
            after = lines[i + 1][mrest:]
            if (
                md2 == d
                and after.strip()
                and not _breaking(after)
                and (content < 0 or continues_item(after, content))
            ):
                out.append(line)
                i += 1  # the blank line: a space inside the paragraph
                joined = True
                continue
        out.append(line[:-1] + JULIA_BREAK)
    return "\n".join(out)


_UNDERLINE = lazy_compile(r" {0,3}(?:-{3,}|={3,})[ \t]*")
_UNDERLINE_FIRST = frozenset(" -=")  # the characters an underline starts with
_UNDERLINE_SEARCH = re.compile(r"\n {0,3}(?:---|===)")


#: the line end before a white line (``strip`` leaves nothing) or one that starts a breaking
#: block (:func:`_breaking`): where the lines that go on with a paragraph end (a last line
#: without its line end is read on its own)
_PARAGRAPH_END = lazy_compile(r"\n(?:[^\S\n]*\n|" + _BREAKING_PATTERN + ")", re.M)
#: a line end and an underline line after it (:data:`_UNDERLINE`), its last ``-`` or ``=`` apart
_UNDERLINE_LINE = lazy_compile(r"(\n {0,3}(?:-{2,}(?=-[ \t]*\n)|={2,}(?==[ \t]*\n)))(.)[ \t]*(?=\n)")


def _escaped(m: re.Match[str]) -> str:
    """(a function: a template's groups would be expanded by a Python function too)"""
    return m.group(1) + "\\" + m.group(2)


def _escape_underlines(lines: str) -> str:
    """Each underline line of ``lines`` (each line with its line end before it and after it)
    escaped as :func:`setext_underlines` escapes one: most (``---`` and ``===`` after a line
    that is not one) by a replace, the others by a pattern."""
    for rule in ("---", "==="):
        if rule in lines:
            line, escaped = "\n" + rule + "\n", "\n" + rule[:2] + "\\" + rule[2] + "\n"
            lines = lines.replace(line, escaped)
    return _UNDERLINE_LINE.sub(_escaped, lines)


def setext_underlines(md: str) -> str:
    """Julia reads a setext header only from the first line of a block (``setextheader``
    is not a breaking parser, and ``---`` under text does not break a paragraph in the
    Julia Franklin uses): under a paragraph of two lines or more, ``---`` / ``===`` is
    paragraph text (``–-``).  Such an underline is escaped so mistune keeps it as text.

    The lines are read one by one, but for those that go on with a paragraph already two
    lines long, up to the next white or breaking one (:data:`_PARAGRAPH_END`; no underline
    is either), whose underlines are escaped at once (:func:`_escape_underlines`)."""
    if not _UNDERLINE_SEARCH.search(md):
        return md
    out: list[str] = []  # the text up to ``done``, rewritten
    done = 0
    run = 0  # paragraph lines just above; -1 inside another block (a list, a quote…)
    pos, n = 0, len(md)
    while pos <= n:
        if run >= 2:  # (``pos`` follows a line end)
            found = _PARAGRAPH_END.search(md, pos - 1)
            stop = n if found is None else found.start() + 1
            stop = md.rfind("\n", pos - 1, stop) + 1  # (the last line, without its end, is read below)
            if stop > pos:
                out.append(md[done:pos] + _escape_underlines(md[pos - 1 : stop])[1:])
                done = pos = stop
        end = md.find("\n", pos)
        end = n if end < 0 else end
        line = md[pos:end]
        if not line.strip():
            run = 0
        elif run >= 2 and line[0] in " -=" and _UNDERLINE.fullmatch(line):  # (not empty: stripped)
            rule = line.rstrip()
            # "--\\-" reads "–-", as Franklin shows "---"
            out.append(md[done:pos] + rule[:-1] + "\\" + rule[-1])
            done = end
        elif run == 0:
            run = -1 if _breaking(line) or line.startswith(("    ", "\t")) else 1
        elif run > 0:
            run = -1 if _breaking(line) else run + 1
        pos = end + 1
    out.append(md[done:])
    return "".join(out)


def _matching(md: str, open_c: str, close_c: str) -> dict[int, int]:
    """For each ``open_c``, the index of the ``close_c`` that matches it (Julia's
    ``readuntil(…; match=…)``) within its paragraph: one pass with a stack, emptied at a
    blank line, so no opener rescans the text."""
    out: dict[int, int] = {}
    if close_c not in md:
        return out
    stack: list[int] = []
    for m in re.finditer("[" + re.escape(open_c + close_c) + "]|\n\n", md):
        c = m.group(0)
        if c == open_c:
            stack.append(m.start())
        elif c == close_c:
            if stack:
                out[stack.pop()] = m.start()
        else:
            stack.clear()
    return out


#: a ``](`` whose url meets a space, a tab or a ``(`` before its first ``)``: only such a
#: link (or one with spaces before its ``(``) can need rewriting
_SPACED_URL = re.compile(r"\]\([^ \t()\n]*[ \t(]")
_TITLED = lazy_compile(r"""\S+\s+(?:"[^"]*"|'[^']*'|\([^)]*\))\s*""")


_ANGLE_ESCAPE = lazy_compile(r"([\\<>])")


def julia_links(md: str) -> str:
    """Julia's Markdown reads ``[text]``, spaces, ``(url)`` as a link whose url is all up to the
    matching ``)``, spaces included (``link``/``image``: ``skipwhitespace`` then
    ``readuntil(')'; match='(')``).  Where CommonMark would not read the same link (spaces
    before ``(``, spaces in the url) it is rewritten ``[text](<url>)``."""
    if "] (" not in md and "]\t(" not in md and not _SPACED_URL.search(md):
        return md
    parens = _matching(md, "(", ")")
    if not parens:  # no url closes (``[a](`` repeated)
        return md
    out: list[str] = []
    pos = 0
    brackets = _matching(md, "[", "]")
    i = md.find("[")
    while i != -1:
        j = brackets.get(i, -1)
        if j == -1:
            i = md.find("[", i + 1)
            continue
        k = j + 1
        while k < len(md) and md[k] in " \t":
            k += 1
        e = parens.get(k, -1)
        if e == -1:
            i = md.find("[", i + 1)
            continue
        url = md[k + 1 : e]
        if "\n" not in url and not url.startswith("<") and (
            k > j + 1 or (any(c in url for c in " \t") and not _TITLED.fullmatch(url))
        ):
            esc = _ANGLE_ESCAPE.sub(r"\\\1", url) if "\\" in url or "<" in url or ">" in url else url
            out.append(md[pos : j + 1] + "(<" + esc + ">)")
            pos = e + 1
        i = md.find("[", e + 1)
    if not out:
        return md
    out.append(md[pos:])
    return "".join(out)


class JuliaBlock(BlockParser):
    """mistune's block parser with Julia's ``blockquote``: the run of lines starting with ``>``
    and nothing more (``# TODO: Laziness`` in Julia's source), at every depth, since the
    quote's text is parsed again with the same parser; lists in it are read as Julia's."""

    def parse_list(self, m: re.Match[str], state: BlockState) -> int:
        """mistune's, its patterns compiled once (:mod:`mistune_lists`) on the version it repeats."""
        if not mistune_fast.SAME_MISTUNE:
            return super().parse_list(m, state)
        return mistune_lists.parse_list(self, m, state)

    def _parse_plain_paragraph(self, state: BlockState, sc: re.Pattern[str]) -> bool:
        """mistune's, its lines found inline (:mod:`mistune_fast`) on the version it repeats."""
        if not mistune_fast.SAME_MISTUNE:
            return super()._parse_plain_paragraph(state, sc)
        known = _LINE_STARTS.get(id(sc))
        if known is None or known[0] is not sc:
            known = _LINE_STARTS[id(sc)] = (sc, mistune_fast.line_rules(sc, self.specification, _LINE_RULES))
        return mistune_fast.plain_paragraph(state, sc, known[1])

    def extract_block_quote(self, m: re.Match[str], state: BlockState) -> tuple[str, int | None, set[int]]:
        lines: list[str] = []
        while state.cursor < state.cursor_max:
            line = state.get_line(state.cursor)
            quote = _parse_block_quote_line(line)
            if quote is None:
                break
            lines.append(quote)
            state.cursor += len(line)
        return expand_tab(end_lists("".join(lines))), None, set()


def _create(indented_code: bool) -> mistune.Markdown:
    """mistune owning no Franklin syntax: no fences, raw HTML or link definitions (Franklin
    found those); indented code only when the page asks; Julia's quotes (:class:`JuliaBlock`)
    and inline rules (:class:`JuliaInline`: emphasis, autolinks, no email autolinks).  Code
    spans stay: the only backticks Franklin leaves are in lines its indented blocks consumed,
    which Julia reads as written."""
    inline = JuliaInline()
    md = mistune_fast.Markdown(
        renderer=None,
        block=JuliaBlock(max_nested_level=inline.max_nested_level),
        inline=inline,
        plugins=[import_plugin("table")],
    )
    drop = ["fenced_code", "raw_html", "ref_link"] + ([] if indented_code else ["indent_code"])
    for rules in (md.block.rules, md.block.list_rules, md.block.block_quote_rules):
        for r in drop:
            if r in rules:
                rules.remove(r)
    md.inline.rules.remove("auto_email")
    if mistune_fast.SAME_MISTUNE:  # the table rules, their rows split in C
        md.block.register("table", TABLE_PATTERN, mistune_fast.parse_table)
        md.block.register("nptable", NP_TABLE_PATTERN, mistune_fast.parse_nptable)
    md.block.register("admonition", _ADMONITION, _parse_admonition, before="block_quote")
    for rules in (md.block.list_rules, md.block.block_quote_rules):
        md.block.insert_rule(rules, "admonition", before="block_quote")
    return md


_MD: dict[bool, mistune.Markdown] = {}


def markdown(indented_code: bool) -> mistune.Markdown:
    """The (cached) mistune instance for a page."""
    found = _MD.get(indented_code)
    if found is None:
        found = _MD[indented_code] = _create(indented_code)
    return found


#: the block rules read within one line: each pattern starts with ``^`` and matches no ``\n``
#: but its line's last (``blank_line`` repeats, but only over white lines, which end a paragraph)
_LINE_RULES = {
    **{k: BlockParser.SPECIFICATION[k] for k in (
        "atx_heading", "setex_heading", "thematic_break", "block_quote", "list", "blank_line")},
    "table": TABLE_PATTERN,
    "nptable": NP_TABLE_PATTERN,
}
#: per pattern of rules (by identity: a pattern's hash reads its whole compiled code), the pattern
#: after a line end if all are line rules
_LINE_STARTS: dict[int, tuple[re.Pattern[str], re.Pattern[str] | None]] = {}
_ADMONITION = r'^ {0,3}!!! *(?P<adm_kind>[A-Za-z][\w-]*)(?: +"(?P<adm_title>[^"\n]*)")?[ \t]*(?:\n|$)'
_LINE_RULES["admonition"] = _ADMONITION
_BODY_LINE = lazy_compile(r"(?:(?: {4}|\t)[^\n]*|[ \t]*)(?:\n|$)")


def _parse_admonition(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    """``!!! kind "title"`` and the lines indented under it (Julia's admonitions)."""
    src = state.src
    pos = m.end()
    lines: list[str] = []
    while pos < len(src):
        line = _BODY_LINE.match(src, pos)
        if line is None or line.end() == pos:
            break
        text = line.group(0)
        if text.strip() and not text.startswith(("    ", "\t")):
            break
        lines.append(text[4:] if text.startswith("    ") else text[1:] if text.startswith("\t") else text)
        pos = line.end()
    while lines and not lines[-1].strip():
        lines.pop()
    child = state.child_state("".join(lines) + "\n")
    if state.depth() >= block.max_nested_level - 1:
        # as mistune does for its quotes: at the nesting limit no container goes deeper
        # (a thousand nested admonitions were a RecursionError)
        block.parse(child, [r for r in block.rules if r not in ("admonition", "block_quote", "list")])
    else:
        block.parse(child)
    kind = m.group("adm_kind")
    title = m.group("adm_title")
    state.append_token(
        {
            "type": "admonition",
            "attrs": {"kind": kind, "title": kind[:1].upper() + kind[1:] if title is None else title},
            "children": child.tokens,
        }
    )
    return pos
