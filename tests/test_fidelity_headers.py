"""Header openers count only at the start of the text or right after a line break
(Franklin's ``validate_headers!``); an indented ``## x`` is left to Julia's Markdown,
which makes a plain ``<h2>`` of it.  Definitions of ``\\newcommand`` /
``\\newenvironment`` are stored stripped, so a body starting with a header on
an indented line still starts a Franklin header."""

from __future__ import annotations

import pytest

import franklin_compat as fc
from tests.conftest import squash


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("## A\n", '<h2 id="a"><a href="#a" class="header-anchor">A</a></h2>'),
        ("  ## A\n", "<h2>A</h2>"),
        # a div body is stripped: its first header counts, an indented later one does not
        (
            "@@d\n  ## A\n\n  text\n\n  ## B\n@@\n",
            '<div class="d"><h2 id="a"><a href="#a" class="header-anchor">A</a></h2>'
            "<p>text</p><h2>B</h2></div>",
        ),
        # the command body is stripped before use
        (
            "\\newcommand{\\t}{\n   # T\n}\n\n\\t\n",
            '<h1 id="t"><a href="#t" class="header-anchor">T</a></h1>',
        ),
        (
            "\\newenvironment{e}{\n  ## P\n}{\n}\n\n\\begin{e}x\\end{e}\n",
            '<h2 id="px"><a href="#px" class="header-anchor">Px</a></h2>',
        ),
    ],
)
def test_header_openers(src: str, expected: str) -> None:
    assert squash(expected) in squash(fc.convert(src))


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        # a repeated header shows the text of the first one (Franklin reads it back)
        (
            "## Quickstart\n\n## QuickStart\n",
            '<h2 id="quickstart__2"><a href="#quickstart__2" class="header-anchor">Quickstart</a></h2>',
        ),
        (
            "# A b\n\n## a B\n\n### A  B\n",
            '<h3 id="a_b__3"><a href="#a_b__3" class="header-anchor">A b</a></h3>',
        ),
    ],
)
def test_repeated_headers(src: str, expected: str) -> None:
    assert squash(expected) in squash(fc.convert(src))


def test_header_ids_claim() -> None:
    from franklin_compat.expand.numbering import HeaderIds

    ids = HeaderIds()
    assert ids.claim("x", "X") == ("x", "X")
    assert ids.claim("x", "x!") == ("x__2", "X")
    assert ids.claim("x__2", "other") == ("x__2__1", "X")  # recorded with a count of 0
    assert ids.unique("x") == "x__3"


@pytest.mark.parametrize(
    ("src", "rid"),
    [
        ("## &pi; in Julia\n", "pi_in_julia"),  # a named entity is not decoded for the id
        ("## It's (x)\n", "its_x"),  # Franklin's own escapes are undone
    ],
)
def test_header_id_entities(src: str, rid: str) -> None:
    assert f'<h2 id="{rid}">' in fc.convert(src)



def test_julia_lowercase_maps_every_character_to_one() -> None:
    """Julia's ``lowercase`` is the simple one-to-one mapping; Python's ``str.lower`` differs only
    for U+0130 (two characters) and, in context, a word-final capital sigma."""
    from franklin_compat.core.refs import julia_lowercase

    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        low = julia_lowercase(c)
        assert len(low) == 1 and (low == c.lower() or c == "\u0130"), hex(cp)
    assert julia_lowercase("ΟΔΟΣ Σ ΑΣ.") == "οδοσ σ ασ."
