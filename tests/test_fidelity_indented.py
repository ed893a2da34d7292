"""Julia's Markdown reads 4-space indented lines at the start of a block as code;
Franklin turns that code back into a paragraph of its literal text: no inline
Markdown, line breaks kept, Julia's wide escaping, and a Franklin block alone in
it stands without ``<p>``.  Lists and admonitions keep their indented lines."""

from __future__ import annotations

from pathlib import Path

import pytest

import franklin_compat as fc


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        (
            "Intro:\n\n    f(x) = 2*x + 3*y\n      end\n\nAfter.\n",
            "<p>Intro:</p>\n<p>f&#40;x&#41; &#61; 2*x &#43; 3*y\n  end</p>\n<p>After.</p>\n",
        ),
        # the following, less indented line starts a new paragraph
        ("a\n\n    b *c*\nd\n", "<p>a</p>\n<p>b *c*</p>\n<p>d</p>\n"),
        # indented after a paragraph line: a continuation, not code
        ("a\n    b *c*\n", "<p>a b <em>c</em></p>\n"),
        # a Franklin block alone in it: no paragraph (the blank line above holds a space, so
        # Franklin has no indented block there and finds the ``~~~``)
        ("x\n \n    ~~~<b>~~~\n", "<p>x</p>\n<b>\n"),
        # after an empty line Franklin's indented block consumes the ``~~~``: Julia's code
        ("x\n\n    ~~~<b>~~~\n", "<p>x</p>\n<p>~~~&lt;b&gt;~~~</p>\n"),
    ],
)
def test_indented_lines_become_a_literal_paragraph(src: str, expected: str) -> None:
    assert fc.convert(src) == expected


@pytest.mark.parametrize(
    ("src", "fragment"),
    [
        ("- item\n\n    more\n", "<p>more</p>"),
        ('!!! note "T"\n    a\n\n    *b*\n', "<p><em>b</em></p>"),
    ],
)
def test_lists_and_admonitions_keep_their_lines(src: str, fragment: str) -> None:
    assert fragment in fc.convert(src)


def test_a_header_the_merge_deletes_is_not_the_title_nor_in_the_toc(tmp_path: Path) -> None:
    """Franklin's ``merge_indented_blocks!`` deletes the block at position 2 (here ``# Proposal``):
    Julia's plain ``<h1>``, not in the headers list, so the title is the next header."""
    (tmp_path / "_layout").mkdir()
    (tmp_path / "config.md").write_text("+++\n+++\n", encoding="utf-8")
    (tmp_path / "_layout" / "head.html").write_text("<title>{{fill title}}</title>\n", encoding="utf-8")
    for name in ("foot.html", "page_foot.html"):
        (tmp_path / "_layout" / name).write_text("", encoding="utf-8")
    (tmp_path / "page.md").write_text(
        "@def a = 1\n\n# Proposal\n\nx\n\n    one\n\n    two\n\n## Vertex\n\n\\toc\n", encoding="utf-8")
    html = fc.Site(tmp_path).page_html("page.md")
    assert "<title>Vertex</title>" in html and "<h1>Proposal</h1>" in html
    assert '<ol><li><a href="#vertex">Vertex</a></li></ol>' in html
