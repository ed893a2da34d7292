"""A command's body is converted with Franklin's ``md2html(…; stripp=true)``: the
leading ``<p>`` and trailing ``</p>`` of its HTML are dropped independently, and a
Franklin block standing alone at either end keeps the other half of its
``<p>##FDINSERT##</p>`` (``convert_inter_html``)."""

from __future__ import annotations

import pytest

import franklin_compat as fc

CASES = [
    # header then div: '</p>' stays after the header, '<p>' before the div
    (
        "\\newcommand{\\pre}[1]{\n  # Ti\n\n  @@au\n  by #1\n  @@\n}\n\n\\pre{X}\n\nEnd\n",
        '<h1 id="ti"><a href="#ti" class="header-anchor">Ti</a></h1></p>\n'
        '<p><div class="au">by  X</div>\n<p>End</p>\n',
    ),
    # a single Franklin block: no paragraph marks at all
    ("\\newcommand{\\n}[1]{@@note #1 @@}\n\n\\n{A}\n", '<div class="note">A</div>\n'),
    # a single paragraph: its <p> and </p> go
    ("\\newcommand{\\c}{a *b*}\n\nx \\c y\n", "<p>x a <em>b</em> y</p>\n"),
    # paragraph then paragraph: the stray </p> and <p> between them stay
    ("\\newcommand{\\c}{A\n\nB}\n\n\\c\n", "A</p>\n<p>B\n"),
    # paragraph then a Franklin block
    ("\\newcommand{\\c}{A\n\n@@d B @@}\n\n\\c\n", 'A</p>\n<p><div class="d">B</div>\n'),
    # a Franklin block then a paragraph
    ("\\newcommand{\\c}{@@d B @@\n\nA}\n\n\\c\n", '<div class="d">B</div></p>\n<p>A\n'),
    # paragraph then list: only the leading <p> goes
    ("\\newcommand{\\c}{A\n\n* b}\n\n\\c\n", "A</p>\n<ul>\n<li><p>b</p>\n</li>\n</ul>\n"),
]


@pytest.mark.parametrize(("src", "expected"), CASES)
def test_recursive_stripp(src: str, expected: str) -> None:
    assert fc.convert(src).replace(" ", "").replace("\n", "") == expected.replace(" ", "").replace("\n", "")


@pytest.mark.parametrize(
    ("defn", "content"),
    [
        ("**PF**: *M.* x", "<strong>PF</strong>: <em>M.</em> x"),
        ("one `c` two", "one <code>c</code> two"),
        ("plain", "plain"),
    ],
)
def test_footnote_single_paragraph_is_inline(defn: str, content: str) -> None:
    out = fc.convert(f"A[^p]\n\n[^p]: {defn}\n")
    assert f'<td class="fndef-content">{content}</td>' in out
