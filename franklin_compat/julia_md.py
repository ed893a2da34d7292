"""Julia's Markdown stdlib, as Franklin sites were built with it, on top of mistune.

mistune is CommonMark; where Julia's Markdown (1.4–1.10) differs in ways that
change the page's structure, the difference is made here: no lazy list
continuation, no hard break from trailing spaces, table rows without a closing
``|``, ``!!! note`` admonitions.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import mistune

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState

_LIST_ITEM = re.compile(r"([ \t]*)([-*+]|\d{1,9}[.)])([ \t]+|$)")


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


_DELIMITER_ROW = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")


def close_table_rows(md: str) -> str:
    """Julia's tables accept rows without the closing ``|``; mistune's do not, so add it."""
    if "|" not in md:
        return md
    lines = md.split("\n")
    i = 0
    while i + 1 < len(lines):
        head = lines[i].strip()
        if head.startswith("|") and "|" in head[1:] and _DELIMITER_ROW.fullmatch(lines[i + 1]):
            j = i
            while j < len(lines) and lines[j].strip().startswith("|"):
                row = lines[j].rstrip()
                if not row.endswith("|"):
                    lines[j] = row + " |"
                j += 1
            i = j
        else:
            i += 1
    return "\n".join(lines)


def end_lists(md: str) -> str:
    """Julia's Markdown has no lazy continuation: a line indented less than the
    current item's content ends the list (a blank line is added there so mistune
    agrees); and trailing spaces make no hard break."""
    if not _LIST_ITEM.search(md) and "  \n" not in md:
        return md
    out: list[str] = []
    content = -1  # content indent of the current list item, -1 outside lists
    for line in md.split("\n"):
        line = line.rstrip(" ")  # two trailing spaces are no line break in Julia's Markdown
        m = _LIST_ITEM.match(line)
        if m:
            content = len((m.group(1) + m.group(2) + (m.group(3) or " ")).expandtabs(4))
        elif line.strip() and content >= 0 and _indent(line) < content:
            if out and out[-1].strip():
                out.append("")
            content = -1
        out.append(line)
    return "\n".join(out)


def _create(indented_code: bool) -> mistune.Markdown:
    """mistune owning no Franklin syntax: no fences, raw HTML, link definitions or
    code spans (Franklin found those); indented code only when the page asks."""
    md = mistune.create_markdown(renderer=None, plugins=["table"])
    drop = ["fenced_code", "raw_html", "ref_link"] + ([] if indented_code else ["indent_code"])
    for rules in (md.block.rules, md.block.list_rules, md.block.block_quote_rules):
        for r in drop:
            if r in rules:
                rules.remove(r)
    md.inline.rules.remove("codespan")
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


_ADMONITION = r'^ {0,3}!!! *(?P<adm_kind>[A-Za-z][\w-]*)(?: +"(?P<adm_title>[^"\n]*)")?[ \t]*(?:\n|$)'
_BODY_LINE = re.compile(r"(?:(?: {4}|\t)[^\n]*|[ \t]*)(?:\n|$)")


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
