"""The Markdown emitter writes what Franklin's parser (Julia's Markdown) reads back the same,
and the round-trip benchmark evens out Franklin's ``<p>`` halves as a browser reads them."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from franklin_compat import parse
from franklin_compat.emit.markdown import escape_text
from tests.conftest import load_benchmark, to_md

ROOT = Path(__file__).resolve().parent.parent


def md(text: str, flavor: str = "commonmark") -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return str(to_md(text, flavor, path="page.md").text)


@pytest.mark.parametrize(("text", "out"), [
    ("one_word", "one_word"),                    # a lone intraword underscore opens nothing
    ("a_b_c", "a\\_b\\_c"),                      # two: Julia's Markdown reads a<em>b</em>c
    ("x_1 and y_2", "x\\_1 and y\\_2"),
    ("_edge", "\\_edge"),
    ("line end \\\nnext", "line end &#92;\nnext"),  # no hard break
])
def test_escape_text_underscores(text: str, out: str) -> None:
    assert escape_text(text) == out


def test_escape_text_literal() -> None:
    assert escape_text("a_b -- c --- d", literal=True) == "a\\_b -&#45; c -&#45;&#45; d"


@pytest.mark.parametrize("flavor", ["commonmark", "gfm"])
@pytest.mark.parametrize("src", [
    "Intro.\n\n    z = x * y_1 + y_2\n    # comment -- here\n\nAfter.\n",
    "A\n\n    1. not a list\n    > not a quote\n\n    *still* text $x$ \\{\n\nB\n",
    "List:\n\n    a_b_c `code` d_e\n",
])
def test_literal_paragraph_reads_back(flavor: str, src: str) -> None:
    """Franklin's literal paragraph (Julia's indented code) is one paragraph of the same
    text in the Markdown, and the Markdown is a fixed point."""
    first = md(src, flavor)
    assert md(first, flavor) == first
    ours = [n for n in parse(src).children if n.kind == "paragraph"]
    back = [n for n in parse(first).children if n.kind == "paragraph"]
    assert len(back) == len(ours)
    assert "    " not in first


def test_repeated_header_text_and_ids() -> None:
    """A repeated header shows the first one's text; ids keep Franklin's numbering."""
    from dataclasses import replace

    from franklin_compat.emit.flavors import FLAVORS

    src = "# Same Words\n\n## Same words\n\n## Other\n\n[x](#same_words__2)\n"
    out = md(src)
    assert out.count("Same Words") == 2 and "Same words" not in out
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ids = to_md(src, replace(FLAVORS["commonmark"], heading_ids=True), path="p.md").text
    assert "## Same Words {#same_words__2}" in ids


@pytest.mark.parametrize(("markup", "out"), [
    ("<h1>T</h1></p>\n<p><div>d</div>\n<p>x</p>", "<h1>T</h1>\n<p><div>d</div>\n</p><p>x</p>"),
    ("<p>a</p><p>b</p>", "<p>a</p><p>b</p>"),                        # balanced: unchanged
    ("<p><table><tr><td>t</td></tr></table> x</p>", "<p><table><tr><td>t</td></tr></table> x</p>"),
    ("<table><tr><td><p>c</td></tr></table><p>d</p>", "<table><tr><td><p>c</td></tr></table><p>d</p>"),
    ("<p>a<!-- <p> --><script>'<p>'</script></p>", "<p>a<!-- <p> --><script>'<p>'</script></p>"),
])
def test_benchmark_closes_paragraph_halves(markup: str, out: str) -> None:
    assert load_benchmark("markdown_roundtrip").close_paragraphs(markup) == out
