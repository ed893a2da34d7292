"""The Markdown says what our HTML says where Franklin follows Julia's Markdown rather than
CommonMark: two empty lines end a list, ``[^a]b`` is Julia's own footnote link, link
addresses hold spaces (``[a] (b c)``), a backslash at a line end is a ``<br>``.  Each case
is read back by a CommonMark reader (mistune) as our HTML reads, and md → md is a fixed point."""

from __future__ import annotations

import re
import warnings

import pytest

from franklin_compat import convert
from tests.conftest import to_md

mistune = pytest.importorskip("mistune")
FLAVORS = ["commonmark", "gfm"]


def md(text: str, flavor: str = "commonmark") -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return str(to_md(text, flavor, path="page.md").text)


def cm_html(markdown: str) -> str:
    """What a CommonMark reader shows: mistune as the round-trip benchmark runs it, without
    whitespace, comments or the ``<p>`` inside list items (Franklin's lists are all loose)."""
    render = mistune.create_markdown(escape=False, plugins=["table", "footnotes", "strikethrough", "math"])
    return _tight(re.sub(r"<!--.*?-->|\s+", "", render(markdown), flags=re.S))


def _tight(html: str) -> str:
    html = html.replace("<li><p>", "<li>").replace("<br>", "<br/>")
    return re.sub(r"</p>(?=<ul>|<ol|</li>)", "", html)


def franklin_html(text: str) -> str:
    return _tight(re.sub(r"\s+", "", convert(text)))


def assert_fixed_point(text: str, flavor: str) -> str:
    first = md(text, flavor)
    assert md(first, flavor) == first
    return first


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(("src", "lists"), [
    ("- one\n- two\n\n\n- three\n", ["<ul><li>one</li><li>two</li></ul>", "<ul><li>three</li></ul>"]),
    ("1. one\n\n\n2. two\n", ["<ol><li>one</li></ol>", '<olstart="2"><li>two</li></ol>']),
    ("* p\n  * q\n\n\n* r\n\nafter\n", ["<ul><li>p<ul><li>q</li></ul></li></ul>", "<ul><li>r</li></ul>"]),
])
def test_two_empty_lines_keep_lists_apart(flavor: str, src: str, lists: list[str]) -> None:
    out = assert_fixed_point(src, flavor)
    assert "<!-- -->" in out
    assert "".join(lists) in franklin_html(src)
    assert "".join(lists) in cm_html(out)


@pytest.mark.parametrize("flavor", FLAVORS)
def test_one_empty_line_is_one_list(flavor: str) -> None:
    out = assert_fixed_point("- one\n\n- two\n", flavor)
    assert "<!--" not in out
    assert cm_html(out).count("<ul>") == 1


def test_lists_of_other_markers_need_no_break() -> None:
    out = md("- one\n\n\n1. two\n")
    assert "<!--" not in out and "<ul>" in cm_html(out) and "<ol>" in cm_html(out)


def test_documenter_keeps_lists_apart_with_empty_lines() -> None:
    out = md("- one\n\n\n- two\n", "documenter")
    assert "<!--" not in out and "- one\n\n\n" in out


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("src", [
    "a [^k]x b\n",               # a letter after the brackets
    "c [[^k2]] d\n\n[^k2]: e\n",  # a `]` after them
    "f [^k_3]9 and [^n] g\n\n[^n]: h\n",
])
def test_julia_footnote_links(flavor: str, src: str) -> None:
    out = assert_fixed_point(src, flavor)
    assert "[^k" not in out
    link = re.search(r'<ahref="#footnote-[^"]+"class="footnote">\[[^\]]+\]</a>', franklin_html(src))
    assert link is not None and link.group(0) in cm_html(out)


def test_julia_footnote_link_in_documenter_is_left_to_julia() -> None:
    assert md("a [^k]x b\n", "documenter").strip().endswith("a [^k]x b")


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(("src", "dest", "href"), [
    ("[a] (https://p.q/r s)\n", "(<https://p.q/r s>)", "https://p.q/r%20s"),
    ("[a]( https://p.q/r)\n", "(https://p.q/r)", "https://p.q/r"),     # a browser strips the space
    ("![i] (x y.png)\n", "(<x y.png>)", "x%20y.png"),
    ("[a](b%20c)\n", "(b%20c)", "b%20c"),                                # no space: as before
])
def test_link_destinations_with_spaces(flavor: str, src: str, dest: str, href: str) -> None:
    out = assert_fixed_point(src, flavor)
    assert dest in out
    assert f'="{href}"' in cm_html(out)


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(("src", "shown"), [
    ("one\\\n\ntwo\n", "<p>one<br/>two</p>"),       # the blank line after `\` is a space
    ("one\\\ntwo\n", "<p>one<br/>two</p>"),
    # two blank lines end the paragraph, which still ends with Julia's <br /> (`paragraph` wrote
    # "\\\n" before it looked at the blank line); the emitted Markdown says <br>
    ("one\\\n\n\ntwo\n", "<p>one<br"),
    ("- a\\\n\n  b\n", "<li>a<br/>b</li>"),
])
def test_backslash_line_ends(flavor: str, src: str, shown: str) -> None:
    out = assert_fixed_point(src, flavor)
    assert shown in franklin_html(src)
    assert shown in cm_html(out)


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize(("src", "out", "shown"), [
    ("text \\\\\n\nmore\n", "text<br>\n\nmore", "<p>text<br/></p><p>more</p>"),  # `\\` ends the paragraph
    ("a\n\n\\\\\\\\\n\nb\n", "a\n\n<br><br>\n\nb", "<p><br/><br/></p>"),          # a paragraph of breaks
    ("x \\\\ y\n", "x \\\ny", "x<br/>y"),                                          # inside: a hard break
])
def test_franklin_breaks_ending_a_paragraph(flavor: str, src: str, out: str, shown: str) -> None:
    first = assert_fixed_point(src, flavor)
    assert first.strip() == out
    assert shown in franklin_html(src)
    assert shown in cm_html(first)


def test_franklin_break_ending_a_paragraph_without_inline_html() -> None:
    assert "<br>" not in md("text \\\\\n\nmore\n", "documenter")


def test_documenter_link_with_spaces_stays_percent_encoded() -> None:
    """Julia's Markdown (Documenter) would keep ``<…>`` in the address."""
    assert "[a](https://p.q/r%20s)" in md("[a] (https://p.q/r s)\n", "documenter")
