"""A Franklin block alone in a paragraph of a list item loses its ``<p>`` unless it
is the item's first paragraph (Franklin's insert pattern ``((?<!<li>)<p>)?…(</p>)?``
only spares the ``<p>`` that follows ``<li>``)."""

from __future__ import annotations

import pytest

import franklin_compat as fc
from tests.conftest import squash


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        # a footnote definition as the second paragraph of an item: no <p> around it
        ("- a[^x]\n\n  [^x]: note\n", '</p><tableclass="fndef"id="fndef:x">'),
        # a command alone in the second paragraph of an item: no <p> around it
        ("\\newcommand{\\c}{X}\n- a\n\n  \\c\n", "<li><p>a</p>X</li>"),
        # the first paragraph of an item keeps its <p>
        ("\\newcommand{\\c}{X}\n- \\c\n\n  b\n", "<li><p>X</p><p>b</p></li>"),
    ],
)
def test_list_item_inserts(src: str, expected: str) -> None:
    assert expected in squash(fc.convert(src))


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        # any ordered list interrupts a paragraph in Julia's Markdown
        ("text\n4. four\n", '<p>text</p><olstart="4"><li><p>four</p></li></ol>'),
        ("text\n1. one\n", "<p>text</p><ol><li><p>one</p></li></ol>"),
        ("text\n- item\n", "<p>text</p><ul><li><p>item</p></li></ul>"),
    ],
)
def test_lists_interrupt_paragraphs(src: str, expected: str) -> None:
    assert squash(fc.convert(src)) == expected


@pytest.mark.parametrize(
    ("md", "expected"),
    [
        ("a  \nb", "a\nb"),  # trailing spaces in lines copied whole: no hard break
        ("- a\nb", "- a\n\nb"),  # an item on the first line; no lazy continuation
        ("x\n- a\n  b\nc  ", "x\n- a\n  b\n\nc"),  # a list between copied runs; the last line stripped
        ("x\n\ufdd4\n- a", "x\n\n- a"),  # a CRLF blank line outside a list is an empty line
        ("x\n-\ty\n1.\tA", "x\n\\-\ty\n1\\.\tA"),  # a marker and a tab: text, escaped
        ("x\n  \ufdd0y\n- a", "x\n   \ufdd0y\n- a"),  # an inline block after spaces: one deeper
        ("x\n3. a", "x\n\n3. a"),  # an ordered list interrupts the copied paragraph before it
        ("p\n\n    - code\n- a  \n  * b\n  + c\nq ", "p\n\n    - code\n- a\n  * b\n  * c\n\nq"),
    ],
)
def test_end_lists_reads_lists_and_copies_the_lines_between(md: str, expected: str) -> None:
    """``end_lists`` reads lines one by one inside lists and copies the runs between them whole:
    the lines it must still rewrite there (first or last line, after a list) are found."""
    from franklin_compat.reading.julia_blocks import end_lists

    assert end_lists(md) == expected
