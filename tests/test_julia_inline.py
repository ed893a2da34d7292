"""The reader's copy of mistune's inline loop gives mistune's own tokens."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from mistune.core import InlineState
from mistune.inline_parser import InlineParser

from franklin_compat.reading.julia_inline import JULIA_BREAK, PH_CLOSE, PH_OPEN, JuliaInline
from franklin_compat.reading.julia_md import _create

PIECES = ["a", " ", "\n", "  \n", "*", "_", "**", "`", "``", "[", "]", "(", ")", "![", "](", "<", ">",
          "\\", "\\*", "\\\\", "&amp;", "&#12;", "http://x.org", "<http://y.org>", "~~", "|", "é",
          JULIA_BREAK, PH_OPEN + "0" + PH_CLOSE, "\t"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=24))
def test_the_inline_loop_gives_mistunes_tokens(pieces: list[str]) -> None:
    inline = _create(False).inline
    assert isinstance(inline, JuliaInline)
    text = "".join(pieces)
    ours, theirs = InlineState({}), InlineState({})
    ours.src = theirs.src = text
    assert inline.parse(ours) == InlineParser.parse(inline, theirs)
