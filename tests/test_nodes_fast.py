"""The fast paths of node building and HTML writing give what the general paths give."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from franklin_compat.core import refs
from franklin_compat.emit import html as H
from franklin_compat.page.pipeline import convert, parse
from franklin_compat.reading import ast as A
from franklin_compat.reading import mdnodes
from franklin_compat.reading.julia_inline import PH_OPEN

#: Markdown and Franklin pieces that make many small text, break and insert nodes
PIECES = ["a", "b c", " ", "\n", "\n\n", "  \n", "\\\n", "-", "--", "---\n", "=", "===\n", "*", "_",
          "**", "`", "``", "[", "]", "(", ")", "![", "](", "<", ">", "\\", "\\*", "&amp;", "&#12;", "&",
          "{", "}", "{{", "}}", "$", "$x$", "#", "# ", "é", "\t", "    ", "> ", "- ", "1. ", "@@d\n",
          "@@\n", "\\newcommand{\\c}{C}", "\\c", "```julia:ex\nx\n```\n", "~~~<b>~~~", "\r\n", "|"]

TEXTS = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _general_inlines(original: Any) -> Any:
    """``MdConverter.inlines`` with each text and soft break given its span by the locator's own
    :meth:`find` / :meth:`here` (the general path), every other token by ``original``."""

    def inlines(self: mdnodes.MdConverter, toks: list[dict[str, Any]]) -> list[A.Node]:
        out: list[A.Node] = []
        for t in toks:
            raw = t.get("raw", "")
            if t["type"] == "text" and raw and PH_OPEN not in raw:
                out.append(A.Text(span=self.loc.find(raw), text=raw))
            elif t["type"] == "softbreak":
                out.append(A.SoftBreak(span=self.loc.here()))
            else:
                out.extend(original(self, [t]))
        return out

    return inlines


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_inline_spans_are_the_locators(text: str) -> None:
    """The spans :meth:`MdConverter.inlines` makes itself are those the locator gives."""
    try:
        fast = repr(parse(text, "page.md", strict=False).children)
    except RecursionError:  # pragma: no cover - not a shape these pieces make
        pytest.skip("too deep")
    original = mdnodes.MdConverter.inlines
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(mdnodes.MdConverter, "inlines", _general_inlines(original))
        general = repr(parse(text, "page.md", strict=False).children)
    assert fast == general


def _escape_text_general(text: str) -> str:
    return refs._ENTITY_OR_AMP.sub(lambda m: m.group(0) if len(m.group(0)) > 1 else refs._WIDE[m.group(0)],
                                   text)


def _julia_text_general(text: str) -> str:
    out = _escape_text_general(text.replace("--", "–"))
    return out.replace("&#123;&#123;", "{{").replace("&#125;&#125;", "}}")


CHARS = st.lists(st.sampled_from([*"a -&;#x1{}<>\"'`!$%()=+[]é–", "&amp;", "&#123;", "&pi;"]),
                 max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(CHARS)
def test_text_escaping_fast_paths(text: str) -> None:
    """``escape_wide`` is the table's translation; ``escape_text`` without an ``&``, and a text
    node's HTML without ``& { }``, are the regular expression's escaping."""
    for t in (text, text * 7):  # short texts are translated, longer ones replaced
        assert refs.escape_wide(t) == t.translate(refs._WIDE_TABLE)
    assert refs.escape_text(text) == _escape_text_general(text)
    assert H._julia_text(text) == _julia_text_general(text)
    emitter = H.HtmlEmitter()
    assert emitter.visit_text(A.Text(span=A.Span(0, 0), text=text)) == _julia_text_general(text)


@pytest.mark.filterwarnings("ignore")
@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_code_blocks_known_without_a_fence(text: str) -> None:
    """A page without a code fence converts as its parsed document does (the document's code
    blocks then looked for in the tree)."""
    try:
        page = convert(text, "html", path="page.md")
    except Exception as e:  # the same error either way
        with pytest.raises(type(e)):
            convert(parse(text, "page.md"), "html", path="page.md")
        return
    assert convert(parse(text, "page.md"), "html", path="page.md") == page
