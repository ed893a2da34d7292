"""Unclosed constructs raise FranklinSyntaxError at the opening position."""

from __future__ import annotations

import pytest

import franklin_compat
from franklin_compat import FranklinSyntaxError


@pytest.mark.parametrize(
    ("text", "line", "col", "says"),
    [
        ("ok\n\n~~~\n<b>\n", 3, 1, "~~~"),
        ("price $5 today\n", 1, 7, "'$'"),
        ("a\n  $$ x\n", 2, 3, "$$"),
        ("@@note\nbody\n", 1, 1, "@@"),
        ("text {unclosed\n", 1, 6, "'{'"),
        ("x\n\\begin{equation}\na\n", 2, 1, "\\end{equation}"),
        ("```julia\ncode\n", 1, 1, "```"),
        ("a <!-- never closed\n", 1, 3, "-->"),
        ('+++\ntitle = "x"\n', 1, 1, "+++"),
    ],
)
def test_unclosed(text: str, line: int, col: int, says: str) -> None:
    with pytest.raises(FranklinSyntaxError) as e:
        franklin_compat.parse(text, "page.md")
    err = e.value
    assert (err.path, err.line, err.col) == ("page.md", line, col)
    assert says in str(err)


def test_unreadable_front_matter_points_at_the_value() -> None:
    with pytest.raises(FranklinSyntaxError) as e:
        franklin_compat.parse('+++\ntitle = "ok"\ndate = mystery()\n+++\n', "p.md")
    assert (e.value.line, e.value.code) == (3, "FC201")


def test_unknown_command_is_an_error_with_its_position() -> None:
    with pytest.raises(franklin_compat.FranklinError) as e:
        franklin_compat.parse("intro\n\nsee \\nothere here\n")
    assert (e.value.line, e.value.col, e.value.code) == (3, 5, "FC402")


def test_a_diagnostic_reads_like_the_command_line() -> None:
    from franklin_compat import Diagnostic

    d = Diagnostic(code="FC116", message="unclosed inline math '$'", path="p.md", line=3, col=9,
                   hint="add '$'")
    assert str(d) == "p.md:3:9: FC116 unclosed inline math '$'\n  hint: add '$'"
    assert str(Diagnostic(code="FC603", message="bad folder")) == "FC603 bad folder"
