"""Julia's Markdown (1.4–1.10) and Franklin's tokenizer, where they differ from CommonMark:
two empty lines end a list, a backslash at the end of a line keeps the paragraph going,
``[text] (url)`` is a link, footnote candidates run on past ``]``, link definitions may
start mid-line, and header ids are taken before ``{{href …}}`` is resolved."""

from __future__ import annotations

import pytest

import franklin_compat as fc
from tests.conftest import squash


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        # two empty lines (here: around a removed comment) end the list; the next item opens a new one
        ("* a\n\n<!-- c -->\n\n* b\n", "<ul><li><p>a</p></li></ul><ul><li><p>b</p></li></ul>"),
        ("* a\n\n\n* b\n", "<ul><li><p>a</p></li></ul><ul><li><p>b</p></li></ul>"),
        ("1. a\n\n\n2. b\n", '<ol><li><p>a</p></li></ol><olstart="2"><li><p>b</p></li></ol>'),
        # after the list, indented text is a paragraph of its own
        ("* a\n\n\n  b\n", "<ul><li><p>a</p></li></ul><p>b</p>"),
        # one empty line keeps the list going
        ("* a\n\n* b\n", "<ul><li><p>a</p></li><li><p>b</p></li></ul>"),
        # a line of spaces is not empty: the list goes on
        ("* a\n  \n\n* b\n", "<ul><li><p>a</p></li><li><p>b</p></li></ul>"),
        # but fewer spaces than the item's indent is "unindented text": the list ends
        ("  - a\n  \n  - b\n", "<ul><li><p>a</p></li></ul><ul><li><p>b</p></li></ul>"),
        ("* a\n \n* b\n", "<ul><li><p>a</p></li></ul><ul><li><p>b</p></li></ul>"),
    ],
)
def test_double_empty_line_ends_list(src: str, expected: str) -> None:
    assert expected in squash(fc.convert(src))


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        # the blank line after `\` is read as a space; the paragraph goes on after a <br>
        ("one\\\n\ntwo\n", "<p>one<br/>two</p>"),
        ("one\\\ntwo\n", "<p>one<br/>two</p>"),
        # two blank lines, or a block after the blank line, still end the paragraph, with the
        # <br /> Julia's `paragraph` wrote when it read the line end after `\`
        ("one\\\n\n\ntwo\n", "<p>one<br/></p><p>two</p>"),
        ("one\\\n\n# T\n", '<p>one<br/></p><h1id="t">'),
        ("one\\\n\n* item\n", "<p>one<br/></p><ul>"),
        # the line after `\` is read into the paragraph whatever it starts with
        ("one\\\n- two\n", "<p>one<br/>-two</p>"),
    ],
)
def test_backslash_at_end_of_line(src: str, expected: str) -> None:
    assert expected in squash(fc.convert(src))


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        # spaces between `]` and `(`
        ("see [the docs] (https://a.b/c) now\n", '<ahref="https://a.b/c">thedocs</a>now'),
        # the url runs to the matching `)`, spaces and brackets included
        ("[a] ([B c](https://s.t/u))\n", '<ahref="&#91;Bc&#93;&#40;https://s.t/u&#41;">a</a>'),
        ("[a](( https://x.y/#z))\n", '<ahref="&#40;https://x.y/#z&#41;">a</a>'),
        # `[x][] (y)`: the empty brackets and `(y)` make a link; `[x]` is a reference link
        ("[x][] (y) z\n\n[x]: /x\n", '<ahref="/x">x</a><ahref="y"></a>z'),
        # images too
        ("![i] (a.png)\n", '<imgsrc="a.png"alt="i"/>'),
        # plain links and titled links are unchanged
        ("[c](d) [e](f)\n", '<ahref="d">c</a><ahref="f">e</a>'),
    ],
)
def test_julia_links(src: str, expected: str) -> None:
    assert expected in squash(fc.convert(src))


@pytest.mark.parametrize(
    ("src", "expected", "absent"),
    [
        # `[^x]` followed by a letter, a digit, `]` or `:`: Franklin drops the candidate,
        # Julia's Markdown renders its own footnote link
        ("a [^x]b\n", '<ahref="#footnote-x"class="footnote">[x]</a>b', "fnref"),
        ("a [[^x]] b\n\n[^x]: note\n", '&#91;<ahref="#footnote-x"class="footnote">[x]</a>&#93;', "fndef"),
        ("a [^1]字\n", '<ahref="#footnote-1"class="footnote">[1]</a>字', "fnref"),
        # followed by punctuation, a space or `[`: Franklin's footnote
        ("a [^x]。\n", '<supid="fnref:x"><ahref="#fndef:x"class="fnref">[1]</a></sup>。', "footnote-"),
        ("a [^x] b\n", '<supid="fnref:x">', "footnote-"),
    ],
)
def test_footnote_candidates(src: str, expected: str, absent: str) -> None:
    out = squash(fc.convert(src))
    assert expected in out
    assert absent not in out


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        # a link definition found mid-line: from its `[` to the end of the line, removed
        (
            "see the [nb]: we find that\nthe rest [nb].\n\n[nb]: /a.ipynb\n",
            '<p>seethetherest<ahref="/a.ipynb">nb</a>.</p>',
        ),
        # at the start of a line, as before
        ("[x] here.\n\n[x]: /x\n", '<p><ahref="/x">x</a>here.</p>'),
    ],
)
def test_link_definitions(src: str, expected: str) -> None:
    assert expected in squash(fc.convert(src))


@pytest.mark.parametrize(
    ("src", "expected_id"),
    [
        ("$$ x \\label{eq:a} $$\n\n## Eq \\eqref{eq:a} here\n", "eq_span_classeqrefhref_eqr_eqa_here"),
        ("## See \\citep{k1, k2}\n", "see_span_classbibrefhref_bibr_k1_href_bibr_k2"),
        ("## See \\cite{k1}\n", "see_span_classbibrefhref_bibr_k1"),
    ],
)
def test_header_id_with_reference(src: str, expected_id: str) -> None:
    out = fc.convert(src)
    assert f'id="{expected_id}"' in out
    assert f'href="#{expected_id}"' in out
