"""mistune_fast's steps give mistune 3.4's own results (the reader uses them on that version only)."""

from __future__ import annotations

import random

import pytest
from mistune import helpers
from mistune.core import InlineState
from mistune.inline_parser import InlineParser

from franklin_compat.reading import mistune_fast
from franklin_compat.reading.julia_inline import JuliaInline
from franklin_compat.reading.julia_md import _create

pytestmark = pytest.mark.skipif(not mistune_fast.SAME_MISTUNE, reason="repeats mistune 3.4")

URL_PIECES = ["a", "(", ")", "((", "))", "\\", "\\(", "\\)", "\\\\", " ", "\t", "\n", "\r", "\f", "\x01",
              "\x7f", "<", ">", "'", '"', "[", "]", "](", "é", "\u00a0", "x y", "'t'", '"t"', "(t)"]


def _texts(pieces: list[str], seed: int, count: int, most: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, most))) for _ in range(count)]


@pytest.mark.parametrize("depth", [0, 1, 2, 20])
def test_a_url_is_read_as_mistune_reads_it(depth: int) -> None:
    for text in _texts(URL_PIECES, depth, 1500, 14):
        for pos in range(len(text) + 1):
            want = helpers._parse_link_href(text, pos, max_nested_level=depth)[:2]
            assert mistune_fast.link_href(text, pos, depth) == want, (text, pos)
            assert mistune_fast.parse_link(text, pos, depth) == helpers.parse_link(
                text, pos, max_nested_level=depth
            ), (text, pos)


def _theirs(inline: JuliaInline, text: str) -> list[dict[str, object]]:
    """The tokens with mistune's own methods in place of mistune_fast's."""
    state = InlineState({})
    state.src = text
    saved = dict(inline._methods)
    inline._methods["link_close"] = lambda m, s: InlineParser.parse_link_close(inline, m, s)
    try:
        return InlineParser.parse(inline, state)
    finally:
        inline._methods = saved


def _ours(inline: JuliaInline, text: str) -> list[dict[str, object]]:
    state = InlineState({})
    state.src = text
    return inline.parse(state)


def _shape_texts() -> list[str]:
    return ["[a](" * 30, "[" * 40 + "](", "[a" * 40, "[a](" * 25 + ")" * 25, "[a](b(" * 12 + ")" * 30]


def test_links_read_as_mistune_reads_them() -> None:
    inline = _create(False).inline
    assert isinstance(inline, JuliaInline)
    pieces = [*URL_PIECES, "[", "![", "]", "](", "*", "_", "`", "<http://x.org>", "[a](b)", "[^1]"]
    for text in _texts(pieces, 7, 3000, 20) + _shape_texts():
        assert _ours(inline, text) == _theirs(inline, text), text
