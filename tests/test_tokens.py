"""The tokenizer: Franklin's token table, each token with its span."""

from __future__ import annotations

import pytest

from franklin_compat.core.diagnostics import FranklinError
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


def test_the_readers_marks_are_the_tokenizers_marks() -> None:
    from franklin_compat.reading.julia_blocks import CRLF_BLANK, LIST_BREAK
    from franklin_compat.reading.julia_inline import JULIA_BREAK, PH_CLOSE, PH_OPEN
    from franklin_compat.reading.tokens import MARKS

    assert set(MARKS) == {PH_OPEN, PH_CLOSE, LIST_BREAK, JULIA_BREAK, CRLF_BLANK}


@pytest.mark.parametrize("text", ["x \ufdd00\ufdd1 y $z$", "[a\ufdd00\ufdd1b][id]\n\n[id]: /u\n", "\ufdd0",
                                  "a\ufdd3\nb", "a\n\ufdd2\nb", "a\n\ufdd4\n\nb"])
def test_the_readers_marks_written_in_a_page_are_its_characters(text: str) -> None:
    """A page holding the characters the reader marks places with (a placeholder's, a list
    end's…) gets them back as text; they were read as marks, taking a Franklin block's place."""
    import franklin_compat

    html = franklin_compat.convert(text, "html")
    for c in "\ufdd0\ufdd1\ufdd2\ufdd3\ufdd4":
        assert html.count(c) == text.count(c)
    assert html.count("\\(z\\)") == text.count("$z$")
    assert franklin_compat.convert(franklin_compat.convert(text, "commonmark"), "html") == html


def test_each_opener_has_one_row_and_rows_are_taken_in_table_order() -> None:
    """The block finder goes to an opener's row of its table from the kinds a text has: each
    opener must have one row, and the rows still come in the table's order (a comment's
    ``<!--`` before a fence inside it; a fence before the ``$`` inside it)."""
    from franklin_compat.reading.blocks import _PASS1, _ROW, find_blocks

    assert len(_ROW) == len(_PASS1)
    for text, found in [("<!-- ```\nx\n``` -->", [("COMMENT", 0, 18)]),
                        ("```\n$x$ <!-- a -->\n```", [("CODE_BLOCK", 0, 22)]),
                        ("# a `b` <!-- c -->", [("H1", 0, 18)])]:
        assert [(b.name, b.start, b.end) for b in find_blocks(text, tokenize(text)).blocks] == found
    for text in ["`<!--` -->", "<!-- `a -->`", "~~~<!--~~~ -->"]:  # the comment first: a lone ` or ~~~
        with pytest.raises(FranklinError, match=r"FC101 unclosed (inline code|raw HTML)"):
            find_blocks(text, tokenize(text))
