"""Markdown output read back by Franklin's parser and emitted again is the same text
(md → md → md), construct by construct."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from franklin_compat.emit.markdown import MarkdownResult, html_block_end
from tests.conftest import examples, to_md

ROOT = Path(__file__).resolve().parent.parent
CASES = [pytest.param(c.values[0], c.values[1], id=c.id)  # type: ignore[attr-defined]
         for c in examples("markdown/commonmark/fixed_point.md")]


def md(text: str, flavor: str = "commonmark") -> MarkdownResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return to_md(text, flavor, path="page.md")  # type: ignore[no-any-return]


@pytest.mark.parametrize("flavor", ["commonmark", "gfm"])
@pytest.mark.parametrize(("src", "expected"), CASES)
def test_fixed_point(flavor: str, src: str, expected: str) -> None:
    first = md(src, flavor).text
    if flavor == "commonmark":
        assert first == expected + "\n"
    second = md(first, flavor).text
    assert second == first
    assert md(second, flavor).text == second


@pytest.mark.parametrize(("text", "start", "end"), [
    ("<div>\na\n\nb", 0, 7),                       # type 6: up to the blank line
    ("x\n<table class='t'>\n<tr>\n", 2, 24),       # a block tag with attributes, to the end
    ("<pre>\na\n\nb</pre>\nc\n\nd", 0, 16),        # type 1: up to the line of its closing tag
    ("<span>\ntext\n\nz", 0, 11),                  # type 7: a complete tag alone on its line
    ("<span>text</span>\n", 0, None),              # an inline tag with text: a paragraph
    ("    <div>\n", 4, None),                      # four spaces in: not a block start
    ("<https://a.b/c>\n", 0, None),                # an autolink
])
def test_html_block_end(text: str, start: int, end: int | None) -> None:
    assert html_block_end(text, start) == end


def test_typed_html_keeps_franklin_constructs_node_by_node() -> None:
    """A typed HTML block holding a command Franklin expands is not written as typed."""
    out = md("\\newcommand{\\name}{*Ada*}\n<div>\nby \\name\n</div>\n").text
    assert "Ada" in out and "\\name" not in out


@pytest.mark.parametrize("src", [
    "a\n\n{{unknown_call}}\n\nb\n",                                   # alone
    "Text with {{unknown_call}} inside.\n\nb\n",                         # in a paragraph
    "* item {{unknown_call}}\n* two\n",                                  # in a list
    "@@box\n~~~\n<a href=\"/x\">{{unknown_call}}</a>\n~~~\n@@\n",          # raw HTML in a div
    "~~~\n<p>{{unknown_call}}</p>\n~~~\n\nAfter.\n",                      # raw HTML at the top
    "<div class=\"w\">\n<b>{{unknown_call}}</b>\n</div>\n",                # HTML typed in Markdown
])
def test_template_call_comment_reads_back_as_itself(src: str) -> None:
    """A template call Python cannot run is kept in a comment where Franklin, reading the
    Markdown back, finds that comment again: after its top-level block, or in typed HTML."""
    first = md(src).text
    assert "<!-- {{unknown_call}} -->" in first
    assert md(first).text == first
