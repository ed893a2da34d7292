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
from tests.conftest import mistune_blocks

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


LIST_INDENTS = ["", "", "", " ", "  ", "   ", "    ", "     ", "\t", " \t", "\t\t", "  \t"]
LIST_MARKERS = ["* ", "*   ", "*    ", "1.    ", "- ", "+ ", "1. ", "2) ", "10. ", "*", "-\t", "1.\t", "* \t",
                "*  ", "-     ", ""]
LIST_TEXTS = ["a", "  a", "    a", "b c", "", " ", "> q", "# h", "---", "***", "* * *", "```", "~~~", "<div>",
              "a\tb", "\u00a0x", "\x0bx", "- x", "!!! note", "|a|b|", "\\"]


def _list_texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        lines = [rng.choice(LIST_INDENTS) + rng.choice(LIST_MARKERS) + rng.choice(LIST_TEXTS)
                 for _ in range(rng.randint(1, 9))]
        out.append("\n".join(lines) + "\n")
    return out




@pytest.mark.parametrize("indented_code", [False, True])
def test_lists_read_as_mistune_reads_them(indented_code: bool) -> None:
    md = _create(indented_code)
    texts = [*_list_texts(int(indented_code), 2500), "* a\n- b\n" * 20, "1.\tA\n" * 20, "* a\n\n  b\n\n* c\n"]
    for text in texts:
        assert mistune_blocks(md, text, mistunes=False) == mistune_blocks(md, text, mistunes=True), text


BLOCK_LINES = ["a *b*", "[a](b)", "> q", "> > r", "|a|b|", "|-|-|", "|c|d|", "# h", "a\\", "", "    code",
               "!!! note", "    in", "x\t", "\ty", "| \tc |",
               "---", "b\\", "* x", "  * y", "1. z", "<div>", "`c`"]


def test_the_tokens_are_read_into_inlines_as_mistune_reads_them() -> None:
    import copy

    import mistune

    md = _create(False)
    rng = random.Random(3)
    texts = ["\n".join(rng.choice(BLOCK_LINES) for _ in range(rng.randint(1, 12))) + "\n" for _ in range(600)]
    for text in texts:
        state = md.block.state_cls()
        state.process(text)
        md.block.parse(state)
        theirs = copy.deepcopy(state)
        assert md.render_state(state) == mistune.Markdown.render_state(md, theirs), text
        assert state.tokens == theirs.tokens


def test_a_rule_registered_later_is_triggered() -> None:
    inline = JuliaInline()
    assert _ours(inline, "a%b") == [{"type": "text", "raw": "a%b"}]

    def percent(parser: JuliaInline, m: object, state: InlineState) -> int:
        state.append_token({"type": "percent"})
        return m.end()  # type: ignore[attr-defined,no-any-return]

    inline.register("percent", "%", percent, start_chars="%")
    assert _ours(inline, "a%b") == _theirs(inline, "a%b")
    assert {"type": "percent"} in _ours(inline, "a%b")


def test_a_replaced_rule_method_is_called() -> None:
    inline = JuliaInline()

    def mark(m: object, state: InlineState) -> int:
        state.append_token({"type": "mark"})
        return m.end()  # type: ignore[attr-defined,no-any-return]

    for name, text in [("emphasis", "a*b"), ("softbreak", "a\nb"), ("link", "[[a")]:
        saved = inline._methods[name]
        inline._methods[name] = mark
        try:
            assert {"type": "mark"} in _ours(inline, text), name
        finally:
            inline._methods[name] = saved


def test_emphasis_runs_are_the_maximal_runs() -> None:
    from franklin_compat.reading.julia_inline import _runs

    for text in _texts(["*", "_", "**", "__", "a", " ", "\n"], 11, 500, 30):
        want = []
        i = 0
        while i < len(text):
            j = i + 1
            while text[i] in "*_" and j < len(text) and text[j] == text[i]:
                j += 1
            if text[i] in "*_":
                want.append((i, j - i))
            i = j
        assert _runs(text) == want, text


@pytest.mark.parametrize("indented_code", [False, True])
def test_paragraphs_read_as_mistune_reads_them(indented_code: bool) -> None:
    import types

    from mistune.block_parser import BlockParser

    md = _create(indented_code)
    rng = random.Random(5 + indented_code)
    pieces = [*BLOCK_LINES, "a", "b c", " ", "\t", "é", "1) x", "=====", "a\r", "  a"]
    texts = ["\n".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(1500)]
    for text in [*texts, "a\n" * 30, "a\r" * 30]:
        ours = mistune_blocks(md, text + "\n", mistunes=False)
        md.block._parse_plain_paragraph = types.MethodType(BlockParser._parse_plain_paragraph, md.block)
        try:
            theirs = mistune_blocks(md, text + "\n", mistunes=False)
        finally:
            del md.block._parse_plain_paragraph
        assert ours == theirs, text
