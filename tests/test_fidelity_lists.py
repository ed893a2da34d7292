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
