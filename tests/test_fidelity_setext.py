"""Setext underlines as Julia's Markdown reads them: a header only under a block's first line;
under a paragraph of two lines or more, ``---`` / ``===`` is text of the paragraph."""

from __future__ import annotations

import pytest

import franklin_compat as fc


@pytest.mark.parametrize(("src", "html"), [
    ("a\n---\n", "<h2>a</h2>\n"),
    ("a\n===\n", "<h1>a</h1>\n"),
    ("a\nb\n---\n", "<p>a b –-</p>\n"),
    ("a\nb\n-----\n", "<p>a b ––-</p>\n"),
    ("a\nb\n===\n", "<p>a b &#61;&#61;&#61;</p>\n"),
    ("x\n\na\nb\n---\n\ny\n", "<p>x</p>\n<p>a b –-</p>\n<p>y</p>\n"),
    ("- a\n  b\n---\n", "<ul>\n<li><p>a b</p>\n</li>\n</ul>\n<hr />\n"),  # a list, not a paragraph
])
def test_setext_underlines(src: str, html: str) -> None:
    assert fc.convert(src) == html


def test_an_underline_kept_as_text_is_a_fixed_point_in_markdown() -> None:
    once = fc.convert("a\nb\n---\n", "commonmark")
    assert fc.convert(once, "commonmark") == once
    assert fc.convert(once) == "<p>a b –-</p>\n"
