"""The tokenizer: Franklin's token table, each token with its span."""

from __future__ import annotations

import pytest

from franklin_compat.reading.tokens import tokenize


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, text[t.start : t.end]) for t in tokenize(text) if t.kind != "LINE_RETURN"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+++\n", [("MD_DEF_TOML", "+++")]),
        ("@def x = 1", [("MD_DEF_OPEN", "@def")]),
        ("~~~", [("ESCAPE", "~~~")]),
        ("```julia:ex1\n", [("CODE_LANG3", "```julia:ex1")]),
        ("```` ", [("CODE_QUAD", "````")]),
        ("```!\n", [("CODE_TRIPLE!", "```!")]),
        ("`a`", [("CODE_SINGLE", "`"), ("CODE_SINGLE", "`")]),
        ("``a``", [("CODE_DOUBLE", "``"), ("CODE_DOUBLE", "``")]),
        ("<!-- x -->", [("COMMENT_OPEN", "<!--"), ("COMMENT_CLOSE", "-->")]),
        ("$x$", [("MATH_A", "$"), ("MATH_A", "$")]),
        ("$$", [("MATH_B", "$$")]),
        ("\\[x\\]", [("MATH_C_OPEN", "\\["), ("MATH_C_CLOSE", "\\]")]),
        ("\\begin{a}", [("LX_BEGIN", "\\begin"), ("LXB_OPEN", "{"), ("LXB_CLOSE", "}")]),
        ("\\newcommand{", [("LX_NEWCOMMAND", "\\newcommand"), ("LXB_OPEN", "{")]),
        ("\\foo_bar", [("LX_COMMAND", "\\foo")]),
        ("@@a,b:c/d x", [("DIV_OPEN", "@@a,b:c/d")]),
        ("@@ ", [("DIV_CLOSE", "@@")]),
        ("{{ fill x }}", [("LXB_OPEN", "{"), ("LXB_OPEN", "{"), ("LXB_CLOSE", "}"), ("LXB_CLOSE", "}")]),
        ("[^note]", [("FOOTNOTE_REF", "[^note]")]),
        ("[^note]:", [("FOOTNOTE_DEF", "[^note]:")]),
        ("[id]: url", [("LINK_DEF", "]: ")]),
        ("## Title", [("H2", "## ")]),
        ("a \\ b", [("CHAR_BACKSPACE", "\\")]),
        (
            "\\\\ \\* \\_ \\` \\@",
            [
                ("CHAR_LINEBREAK", "\\\\"),
                ("CHAR_ASTERISK", "\\*"),
                ("CHAR_UNDERSCORE", "\\_"),
                ("CHAR_BACKTICK", "\\`"),
                ("CHAR_ATSIGN", "\\@"),
            ],
        ),
        ("\\{ \\} \\$", [("INACTIVE", "\\{"), ("INACTIVE", "\\}"), ("INACTIVE", "\\$")]),
        ("&pi; &#33; &Alpha;", [("ENTITY", "&pi;"), ("ENTITY", "&#33;")]),
        (":joy:", [("EMOJI", ":joy:")]),
        ("---\n", [("HORIZONTAL_RULE", "---")]),
    ],
)
def test_token_table(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


def test_math_mode_sees_only_braces_and_commands() -> None:
    text = "\\frac{a}{$b$} ~~~"
    assert [t.kind for t in tokenize(text, math=True)] == [
        "LX_COMMAND",
        "LXB_OPEN",
        "LXB_CLOSE",
        "LXB_OPEN",
        "LXB_CLOSE",
    ]


def test_spans_slice_the_source() -> None:
    text = "a $x$ b ~~~<i>~~~ c"
    for t in tokenize(text):
        assert text[t.start : t.end] in ("$", "~~~")
