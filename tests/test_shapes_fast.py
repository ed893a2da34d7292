"""The per-node shortcuts of issue #16 (pages of many small nodes) give what the general paths give."""

from __future__ import annotations

import random
import types
import warnings
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mistune.block_parser import BlockParser

import franklin_compat
from franklin_compat.core.source import Source, Span
from franklin_compat.emit import html as H
from franklin_compat.expand import expander
from franklin_compat.reading import ast as A
from franklin_compat.reading import julia_md, mistune_fast, parse, tokens

#: header, footnote and table texts: plain ones (the shortcut) and ones with Markdown or Franklin in them
PIECES = ["a", "b c", " ", "é", "-", "--", "*", "_", "`", "[", "]", "(", ")", "&amp;", "&", "{", "}",
          "$x$", "\\x", "\\eqref{e}", "\\\\", "<b>", "!", "=", "|", "1.", "#", "~~~<i>~~~", "@@d x @@"]
LINES = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
#: where a line's text goes: header, footnote, list item, table cell, paragraph, a command's argument
PLACES = ["# {}", "## {}", "[^1]: {}", "- {}", "| {} |\n|---|", "{}", "\\x{{{}}}"]
PAGES = st.lists(st.tuples(st.sampled_from(PLACES), LINES), min_size=1, max_size=6).map(
    lambda parts: "\\newcommand{\\x}[1]{X#1}\n$$x \\label{e}$$\n"
    + "".join(place.format(text) + "\n\n" for place, text in parts)
)


def _read(page: str) -> tuple[Any, ...]:
    """The page's tree and HTML, or its error code."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return franklin_compat.parse(page, "p.md"), franklin_compat.convert(page, "html")
        except franklin_compat.FranklinError as e:
            return (e.code,)


def _spans(doc: Any) -> list[tuple[str, int, int]]:
    return [(n.kind, n.span.start, n.span.end) for n in A.walk(doc)] if isinstance(doc, A.Node) else []


@settings(max_examples=150, deadline=None)
@given(PAGES)
def test_the_shortcuts_give_the_general_paths_trees_and_html(page: str) -> None:
    fast = _read(page)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parse, "_is_plain", lambda text: False)  # every header text read by the parser
        mp.setattr(tokens, "_MASTER", _Always(tokens._MASTER))  # no text is known tokenless at once
        mp.setattr(H, "_has_reference", _walked)
        mp.setattr(expander, "_PARENTS", frozenset())
        general = _read(page)
    assert fast == general
    assert _spans(fast[0]) == _spans(general[0])


class _Always:
    """The token table, its ``search`` always saying there may be a token."""

    def __init__(self, pattern: Any) -> None:
        self.finditer = pattern.finditer

    def search(self, text: str) -> bool:
        return True


def _walked(n: A.Heading) -> bool:
    """``_has_reference`` without its one-text shortcut."""
    return any(isinstance(k, A.Reference) for k in A.walk(n))


@pytest.mark.parametrize("text", ["", "a", "a b", "x--y", "__", "**", "a -- b", "{{x}}", "$x$", "\\\\", "`c`",
                                  "[^1]", "&amp;", "@@", "~~~", "<!--", "\\newcommand"])
def test_has_tokens_is_whether_tokenize_finds_one(text: str) -> None:
    assert tokens.has_tokens(text) == bool(tokens.tokenize(text))


def test_a_plain_header_is_one_text_with_the_span_of_its_text() -> None:
    page = "x\n\n# Some title\n\n## \n"
    doc = franklin_compat.parse(page, "p.md")
    h1, h2 = [n for n in doc.children if isinstance(n, A.Heading)]
    (text,) = h1.children
    assert isinstance(text, A.Text) and text.text == "Some title"
    assert page[text.span.start : text.span.end] == "Some title"
    assert h2.children == ()


def test_a_plain_header_made_by_a_command_has_the_commands_span() -> None:
    page = "abc \\h\n"
    ctx = parse.Context(source=Source.from_text(page))
    at = Span(4, 6)
    (head,) = parse.parse_text("# Made\n", ctx, base=None, fixed=at, recursive=True).children
    assert isinstance(head, A.Heading) and head.span == at
    assert [(k.text, k.span) for k in head.children if isinstance(k, A.Text)] == [("Made", at)]


def test_repeated_and_referencing_headers_get_their_own_ids() -> None:
    page = "$$x \\label{e}$$\n\n# A\n\n# a\n\n# A \\eqref{e}\n\n# A\n"
    html = franklin_compat.convert(page, "html")
    ids = [part.split('"', 1)[0] for part in html.split('<h1 id="')[1:]]
    assert ids == ["a", "a__2", "a_span_classeqrefhref_eqr_e", "a__3"]


def test_header_anchor_class_is_the_pages() -> None:
    html = franklin_compat.convert('@def header_anchor_class = "x<y"\n# A\n\n# B\n', "html")
    assert html.count('class="x&lt;y"') == 2


def test_commands_in_parents_are_expanded() -> None:
    page = "\\newcommand{\\x}{Y}\n# h \\x\n\n- i \\x\n\n| c \\x |\n|---|\n| d \\x |\n\n> q \\x\n"
    html = franklin_compat.convert(page, "html")
    assert "\\x" not in html and html.count("Y") == 5


#: lines that end a paragraph or not: white ones of every kind ``str.strip`` takes, rules' first lines,
#: lines that start no paragraph (punctuation, digits) and are no rule
PARAGRAPH_LINES = ["a", "b c", "", " ", "\t", "\xa0", "\x0b", "\f", "\x1c", " \u2003 ", "a\xa0", "# h", "#x",
                   "===", "--", "---", "***", "> q", "- x", "* y", "1. z", "1) w", "|a|b|", "a|b", "!!! note",
                   "    code", "\tcode", "<div>", "```", "[a]: b", "  a", "*a*a", "(x", "1x", "!!!", "-a",
                   ">"]


@pytest.mark.skipif(not mistune_fast.SAME_MISTUNE, reason="repeats mistune 3.4")
@pytest.mark.parametrize("indented_code", [False, True])
def test_paragraphs_found_by_search_are_mistunes(indented_code: bool) -> None:
    md = julia_md.markdown(indented_code)
    rng = random.Random(16 + indented_code)
    texts = ["\n".join(rng.choice(PARAGRAPH_LINES) for _ in range(rng.randint(1, 12))) for _ in range(2000)]
    for text in [*texts, "a\n" * 40, "a\nb", "a\n\xa0\nb\n", "*a" * 50 + "\n- x\n*b", "(" * 30]:
        ours = _blocks(md.block, text + "\n")
        with pytest.MonkeyPatch.context() as mp:
            mistunes = types.MethodType(BlockParser._parse_plain_paragraph, md.block)
            mp.setattr(md.block, "_parse_plain_paragraph", mistunes)
            theirs = _blocks(md.block, text + "\n")
        assert ours == theirs, repr(text)


def test_the_julia_rules_are_line_rules_and_indented_code_is_not() -> None:
    for indented_code in (False, True):
        block = julia_md.markdown(indented_code).block
        sc = block.compile_sc()
        found = mistune_fast.line_rules(sc, block.specification, julia_md._LINE_RULES)
        assert (found is None) is indented_code
    block = julia_md.markdown(False).block
    spec = {**block.specification, "list": block.specification["list"] + "x"}
    assert mistune_fast.line_rules(block.compile_sc(), spec, julia_md._LINE_RULES) is None


def _blocks(block: Any, text: str) -> list[dict[str, Any]]:
    """mistune's block tokens of ``text`` (with their texts: no inline reading)."""
    state = block.state_cls()
    state.process(text)
    block.parse(state)
    return list(state.tokens)


TEXT_PIECES = ["a", "--", "x & y", "{{b}}", "<", ""]
TEXTS = st.sampled_from(TEXT_PIECES)
INLINES = st.recursive(
    st.builds(lambda t: A.Text(span=Span(0, 0), text=t), TEXTS) | st.just(A.SoftBreak(span=Span(0, 0))),
    lambda kids: st.builds(
        lambda k: A.Emphasis(span=Span(0, 0), children=tuple(k)), st.lists(kids, max_size=3)
    ),
    max_leaves=8,
)


@given(st.lists(INLINES, max_size=4))
def test_the_html_writers_join_is_each_nodes_html_end_to_end(nodes: list[A.Node]) -> None:
    emitter = H.HtmlEmitter()
    assert emitter.join(nodes) == "".join(emitter.visit(n) for n in nodes)
    assert emitter.join(tuple(nodes)) == emitter.join(nodes)
    for text in TEXT_PIECES:  # one node alone
        node = A.Text(span=Span(0, 0), text=text)
        assert emitter.join([node]) == emitter.join((node,)) == emitter.visit_text(node)


def test_a_span_covers_its_nodes_in_any_order() -> None:
    from franklin_compat.reading.mdnodes import _cover

    nodes = [A.Text(span=Span(a, b), text="t") for a, b in [(5, 6), (2, 3), (7, 9)]]
    assert _cover(nodes, None) == Span(2, 9)  # type: ignore[arg-type]
    assert _cover(nodes[:1], None) is nodes[0].span  # type: ignore[arg-type]
    assert _cover([nodes[1], nodes[0]], None) == Span(2, 6)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(PAGES)
def test_the_facts_walk_through_parents_finds_what_the_general_walk_finds(page: str) -> None:
    from franklin_compat.expand import facts

    read = _read(page)[0]
    kids = read.children if isinstance(read, A.Document) else ()
    at = Span(0, 0)
    unnumbered = A.Paragraph(span=at, children=(A.Math(span=at, tex="y", display=True, label="u"),))
    doc = A.Document(span=at, children=(A.Div(span=at, classes=("nonumber",), children=(unnumbered,)), *kids))
    for collect in [(), (A.Paragraph, A.Text, A.Math), (A.Heading,)]:
        fast = facts.facts_of(doc, collect)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(facts, "_WALKED", frozenset())
            general = facts.facts_of(doc, collect)
        assert fast == general
        assert [id(n) for n in fast.found] == [id(n) for n in general.found]


def test_a_rule_method_replaced_after_a_parse_is_called_and_given_back_is_not() -> None:
    from mistune.core import InlineState

    from franklin_compat.reading.julia_inline import JuliaInline

    inline = JuliaInline()

    def parse(text: str) -> list[dict[str, Any]]:
        state = InlineState({})
        state.src = text
        return inline.parse(state)

    def mark(m: Any, state: InlineState) -> int:
        state.append_token({"type": "mark"})
        return int(m.end())

    for name, text in [("emphasis", "a*b"), ("softbreak", "a\nb"), ("link", "[[a")]:
        before = parse(text)
        saved = inline._methods[name]
        inline._methods[name] = mark
        try:
            assert {"type": "mark"} in parse(text), name
        finally:
            inline._methods[name] = saved
        assert parse(text) == before


TABLE_PIECES = ["a", " ", "|", "|", "\\|", "\\\\|", "\\\\\\|", "\\", "-", ":-", "-:", ":-:", "---", "x\\y",
                "\t"]
TABLE_LINES = st.lists(st.sampled_from(TABLE_PIECES), min_size=1, max_size=10).map("".join)


@pytest.mark.skipif(not mistune_fast.SAME_MISTUNE, reason="repeats mistune 3.4")
@settings(max_examples=300, deadline=None)
@given(st.lists(TABLE_LINES, min_size=2, max_size=5))
@example(["|a|b|", "|-|:-:|", "|c\\|d|e|", "|f\\\\|g|"])
@example(["a|b", "-|-", "x\\\\|y", "z"])
@example(["|a|", "|-|", "|b|c|"])
@example(["a|b", "-|x"])
@example(["|a|", "|b|", "|-|", "|c|"])
def test_table_rows_are_split_as_mistune_splits_them(lines: list[str]) -> None:
    from mistune.plugins import table

    for line in lines:
        assert mistune_fast.split_cells(line) == table._split_table_cells(line), repr(line)
    text = "\n".join(lines) + "\n"
    md = julia_md.markdown(False)
    ours = _blocks(md.block, text)
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(md.block._methods, "table", lambda m, s: table.parse_table(md.block, m, s))
        mp.setitem(md.block._methods, "nptable", lambda m, s: table.parse_nptable(md.block, m, s))
        theirs = _blocks(md.block, text)
    assert ours == theirs, repr(text)


def test_a_texts_html_kept_for_the_page_is_the_html_made_for_it() -> None:
    emitter = H.HtmlEmitter()
    texts = [*TEXT_PIECES, "a" * H._SHORT_TEXT, "a" * (H._SHORT_TEXT + 1), "x -- {{b}} & y " * 3]
    for _ in range(2):  # made, then (a short one) found
        for text in texts:
            node = A.Text(span=Span(0, 0), text=text)
            assert emitter.join([node]) == emitter.join([node, node])[: len(H._julia_text(text))]
            assert emitter.join([node, node]) == H._julia_text(text) * 2
    assert set(emitter._texts) == {t for t in texts if len(t) <= H._SHORT_TEXT}


class _Every(frozenset[str]):
    """Holds every character: the first-character tests that spare a call pass every line on."""

    def __contains__(self, _: object) -> bool:
        return True


BACKSLASH_PIECES = ["a\\", "a", "", "> a\\", ">", "- a\\", "1. a", "1. a\\", "+ b\\", "  b\\", "    c\\",
                    "---", "===", " ===", "# h", "\\\\", "\t- x", "-"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(BACKSLASH_PIECES), min_size=1, max_size=8))
@example(["a\\", "==="])
@example(["> a\\", "> - b\\", "> c"])
def test_the_backslash_pass_reads_lines_as_with_every_rule_tried(lines: list[str]) -> None:
    md = "\n".join(lines)
    fast = julia_md.backslash_breaks(md)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(julia_md, "ITEM_FIRST", _Every())
        mp.setattr(julia_md, "_UNDERLINE_FIRST", _Every())
        assert julia_md.backslash_breaks(md) == fast, repr(md)


def test_the_backslash_pass_sees_an_item_or_an_underline_after_its_first_character_test() -> None:
    brk = julia_md.JULIA_BREAK
    for marker in ["-", "+", "*", "1.", "2)", " 3."]:  # the item ends at an unindented line
        assert julia_md.backslash_breaks(f"{marker} a\\\nb") == f"{marker} a{brk}\nb"
    for lead in ["", " ", "   "]:  # a quote's paragraph ends with it
        assert julia_md.backslash_breaks(f"{lead}> a\\\nb") == f"{lead}> a{brk}\nb"
        assert julia_md.backslash_breaks(f"{lead}> a\\\n{lead}> - b") == f"{lead}> a\\\n{lead}> \\- b"
    for line in ["===", "---", " ==="]:  # an underline under a paragraph made longer is text
        assert julia_md.backslash_breaks(f"a\\\nb\\\n{line}") == f"a\\\nb\\\n{line[:-1]}\\{line[-1]}"


def test_a_parent_of_one_node_is_kept_only_when_that_node_is_not_expanded() -> None:
    page = "\\newcommand{\\x}{X}\n# \\x\n\n\\x\n\n- \\x\n\n| \\x |\n|---|\n\n# a\n"
    assert franklin_compat.convert(page, "html") == (
        '<h1 id="x"><a href="#x" class="header-anchor">X</a></h1>\nX\n<ul>\n<li><p>X</p>\n</li>\n</ul>\n'
        '<table><tr><th align="right">X</th></tr></table>\n'
        '<h1 id="a"><a href="#a" class="header-anchor">a</a></h1>\n'
    )


URL_PIECES = ["a", "/", ":", "b c", "&amp;", "&", "&#33;", "é", "%20", "%", "<", ">", "\\", "\"", "'",
              "[", "]", "|", "^", "`", "{", "~", "(", ")", "+", "=", "\t"]


@given(st.lists(st.sampled_from(URL_PIECES), max_size=6).map("".join))
@example("https://e.org/a_b-c~d?x=1&y=2#f")
@example("a b")
def test_a_url_is_escaped_as_mistune_escapes_it(url: str) -> None:
    from mistune.util import escape_url

    assert mistune_fast.escape_url(url) == escape_url(url)
    assert mistune_fast.escape_url(url) == escape_url(url)  # (kept)
