"""The text mistune reads between Franklin's blocks (built by ``Parser.placeholders``): its
pieces, Julia's indented code as Franklin writes it, CRLF blank lines, and when it holds
nothing but the blocks' placeholders."""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.refs import escape_text
from . import ast as A
from .julia_md import CRLF_BLANK
from .mdnodes import _PH_RE

_INSERTS_ONLY = re.compile(f"\n*+{_PH_RE.pattern}(?:\n\n++{_PH_RE.pattern})*+\n*+")


@dataclass(slots=True)
class MdText:
    """The text mistune reads, the nodes its placeholders stand for, where its copied
    stretches start in it and in the text (as arrays: no int object per stretch), and the
    inserts that keep their ``<p>``."""

    md: str = ""
    inserts: list[A.Node] = field(default_factory=list)
    seg_inter: array[int] = field(default_factory=lambda: array("q"))
    seg_text: array[int] = field(default_factory=lambda: array("q"))
    keeps_p: set[int] = field(default_factory=set)
    rewritten: bool = False  # by Julia's Markdown, or would be with a list (``Parsed.local``)


def code_text(code: str) -> str:
    """Julia's indented code as Franklin's paragraph writes it: escaped, with ``{{`` / ``}}``
    given back (``md2html``), so a ``{{ … }}`` in it is still resolved by the html stage."""
    return escape_text(code).replace("&#123;&#123;", "{{").replace("&#125;&#125;", "}}")


def crlf_blanks(text: str, head: int, stop: int, crlf: Callable[[int], bool], inter: list[str]) -> str:
    """``text[head:stop]`` with each empty line that ended with CRLF written as a
    :data:`CRLF_BLANK` line (for Julia's lists; :func:`end_lists` removes the marks, so the
    offsets of the copied text stay those counted without them)."""
    out: list[str] = []
    pos = head
    j = text.find("\n", head, stop)
    while j != -1:
        at_line_start = j > head or not inter or inter[-1].endswith("\n")
        if (j == 0 or text[j - 1] == "\n") and at_line_start and crlf(j):
            out.append(text[pos:j])
            out.append(CRLF_BLANK)
            pos = j
        j = text.find("\n", j + 1, stop)
    out.append(text[pos:stop])
    return "".join(out)


def inserts_alone(md: str, inserts: list[A.Node]) -> list[A.Node] | None:
    """The inserts, when ``md`` holds nothing but their placeholders, in order, with an empty
    line between two (a page of divs or of display math): mistune would read each as a
    paragraph of that insert alone, which is the insert itself.  None otherwise."""
    if not inserts or _INSERTS_ONLY.fullmatch(md) is None:
        return None
    if list(map(int, _PH_RE.findall(md))) != list(range(len(inserts))):
        return None
    return inserts
