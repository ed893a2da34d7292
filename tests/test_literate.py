"""Literate.jl scripts → the Markdown Franklin builds from them (franklin_compat.expand.literate).

The expected texts follow Literate.jl's rules (``replace_default``, ``parse``, ``markdown`` with
``FranklinFlavor``) and Franklin's ``literate_to_franklin`` / ``literate_post_process``; the same
code reproduces, byte for byte, the 36 Markdown files Franklin generated for the corpus sites.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from franklin_compat.expand.literate import GENERATED, literate_to_markdown
from tests.conftest import FIXTURES

LINEFIT = FIXTURES / "sites" / "code-eval" / "_literate" / "linefit.jl"


def md(script: str, **kw: bool) -> str:
    return literate_to_markdown(script, name="demo", **kw)


def test_fixture_script_gives_the_markdown_franklin_writes() -> None:
    got = literate_to_markdown(LINEFIT.read_text(encoding="utf-8"), name="linefit")
    assert got == (
        GENERATED
        + "# Fitting a line\n\nWe fit a slope to a few *points*.\n\n"
        # `#hide` became `# hide` (Franklin keeps and hides it); #jl and #nb lines are gone
        + "````julia:ex1\nxs = [1.0, 2.0, 3.0]\nys = [2.1, 3.9, 6.2]  # hide\n"
        "println(\"points: \", length(xs)) # hide\n````\n\n"
        + "This sentence is only on the web page.\n\n"  # the `#md ` marker dropped
        + "````julia:ex2\na = sum(xs .* ys) / sum(xs .^ 2)\n````\n\n"
        + "The slope is close to 2,\nas the data suggest.\n\n"  # #= … =# as Markdown lines
        + "````julia:ex3\n# a comment kept in the code\nround(a; digits=2)\n````\n\n"  # `## x` → `# x`
        + "````julia:ex4\nusing Printf # hideall\n@printf(\"%.1f\\n\", a)\n````\n\n"
    )


@pytest.mark.parametrize(("script", "expected"), [
    # a #src line, and a line ending in #src, go
    ("x = 1\n#src y = 2\nz = 3 #src\n", "````julia:ex1\nx = 1\n````\n\n"),
    # `#-` splits a chunk; the new chunk has the kind of the last one
    ("a = 1\n#-\nb = 2\n", "````julia:ex1\na = 1\n````\n\n````julia:ex2\nb = 2\n````\n\n"),
    # `#+` starts a code chunk too
    ("a = 1\n#+\nb = 2\n", "````julia:ex1\na = 1\n````\n\n````julia:ex2\nb = 2\n````\n\n"),
    # Markdown lines lose their indentation; `#` alone is an empty line
    ("  # indented\n#\n# text\n", "indented\n\ntext\n\n"),
    # a last `#hide` with no line break after it is Literate's: the line is left out
    ("a = 1\nb = 2 #hide", "````julia:ex1\na = 1\n````\n\n"),
    # a code chunk made only of `#hide` lines has no fence
    ("# t\nb = 2 #hide", "t\n\n\n"),
    # blank lines at a chunk's edges go, inside they stay
    ("\n\na = 1\n\nb = 2\n\n\n", "````julia:ex1\na = 1\n\nb = 2\n````\n\n"),
    # @__NAME__ is the script's name; Documenter links keep their text
    ("# see [`f`](@ref) in @__NAME__\n", "see `f` in demo\n\n"),
    # `##` alone in code is `#`; `##x` (no space) stays
    ("##\n##x\n", "````julia:ex1\n#\n##x\n````\n\n"),
    # Documenter admonitions become quotes (Literate ≥ 2.20)
    ('# !!! note "Careful"\n#     body\n', "> **Careful**\n>\n> body\n\n"),
    ("# !!! tip\n#     body\n", "> **Tip**\n>\n> body\n\n"),
    # CRLF line ends are read as LF
    ("# a\r\nx = 1\r\n", "a\n\n````julia:ex1\nx = 1\n````\n\n"),
])
def test_literate_rules(script: str, expected: str) -> None:
    assert md(script) == GENERATED + expected


def test_markdown_strings_only_with_literate_mds() -> None:
    script = 'md"""\nSome *text*\n"""\nx = 1\n'
    assert md(script, mdstrings=True) == GENERATED + "Some *text*\n\n````julia:ex1\nx = 1\n````\n\n"
    assert md(script).startswith(GENERATED + '````julia:ex1\nmd"""\n')


def test_an_empty_script_gives_nothing() -> None:
    assert md("") == ""
    assert md("\n\n") == ""


def test_a_fence_in_text_is_not_renumbered() -> None:
    script = "# ```julia\n# not evaluated\n# ```\nx = 1\n"
    assert md(script) == GENERATED + "```julia\nnot evaluated\n```\n\n````julia:ex1\nx = 1\n````\n\n"


def test_many_chunks_are_numbered_in_order() -> None:
    """Each chunk its example number (tests/test_reliability.py runs 200,000 under a timeout)."""
    out = md("# text\nx = 1\n" * 2_000)
    assert out.count("````julia:ex") == 2_000 and "````julia:ex2000\n" in out


@given(st.text(alphabet="x #srcmdnbjl!\n", max_size=40))
def test_the_line_filters_remove_what_the_unanchored_patterns_did(text: str) -> None:
    """Anchored at line starts (linear on a long line), the filters of whole lines still
    remove exactly what Literate's unanchored patterns remove."""
    from franklin_compat.expand.literate import _MARKDOWN_FILTERS

    src, other = _MARKDOWN_FILTERS[1][0], _MARKDOWN_FILTERS[5][0]
    assert src.sub("", text) == re.sub(r".*#src$\n?", "", text, flags=re.M)
    assert other.sub("", text) == re.sub(r".*#(!md|nb|jl)$\n?", "", text, flags=re.M)


_LINK_PATTERNS = (r"\[([^]]+?)\]\(@ref\)", r"\[([^]]+?)\]\(@ref .*?\)", r"\[([^]]+?)\]\(@extref\)",
                  r"\[([^]]+?)\]\(@extref .*?\)", r"\[([^]]+?)\]\(@id .*?\)")


@given(st.lists(st.sampled_from(["[", "]", "(@ref)", "(@ref ", "(@extref)", "(@extref ", "(@id ", ")",
                                 "(", "a", " ", "\n"]), max_size=16))
def test_documenter_links_become_their_text_as_literate_patterns_do(pieces: list[str]) -> None:
    """One pass per link kind (linear) replaces what Literate's lazy patterns replace."""
    from franklin_compat.expand.literate import _DOCUMENTER_LINKS, _unwrap_links

    text = "".join(pieces)
    for (tail, to_paren), pattern in zip(_DOCUMENTER_LINKS, _LINK_PATTERNS, strict=True):
        assert _unwrap_links(text, tail, to_paren=to_paren) == re.sub(pattern, r"\1", text, flags=re.S)
