"""Windows line endings (issue 18, item 9).  Franklin reads a file as it is: a blank line that
ends with CRLF is ``"\\r\\n"``, which Julia's list does not take for a blank line (every such line
ends the list), Franklin's rule finder does not take for ``"\\n\\n"`` before a rule, and its
indented-block finder does not take for an empty line.  Positions stay the file's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import franklin_compat as fc
from franklin_compat.core.diagnostics import Diagnostic
from franklin_compat.core.source import Source


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html.strip())))


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("- a\r\n\r\n- b\r\n", "<ul><li><p>a</p></li></ul><ul><li><p>b</p></li></ul>"),
        ("1. a\r\n\r\n2. b\r\n", '<ol><li><p>a</p></li></ol><ol start="2"><li><p>b</p></li></ol>'),
        ("- a\n\n- b\n", "<ul><li><p>a</p></li><li><p>b</p></li></ul>"),  # LF: one list
        ("- a\r\n\r\n  more\r\n", "<ul><li><p>a</p></li></ul><p>more</p>"),
        # no Franklin rule after a CRLF blank line: Julia's text (no emphasis from ***)
        ("Para.\r\n\r\n***x***\r\n", "<p>Para.</p><p>***x***</p>"),
        ("Para.\r\n\r\n---\r\n\r\nNext.\r\n", "<p>Para.</p><hr /><p>Next.</p>"),
        # Julia's paragraph pulls the blank line and the --- in after a line-end backslash
        ("text\\\r\n\r\n---\r\n", "<p>text<br />–-</p>"),
        # no indented block for Franklin: Julia's indented code, Franklin's paragraph
        ("Text\r\n\r\n    code\r\n\r\n    more\r\n", "<p>Text</p><p>code\n\nmore</p>"),
        # only the blank line's own ending counts
        ("x\r\n\n---\n", "<p>x</p><hr />"),
        ("x\n\r\n---\n", "<p>x</p><hr />"),
        # a file mixing both, line by line
        ("- a\n\n- b\r\n\r\n- c\n", "<ul><li><p>a</p></li><li><p>b</p></li></ul><ul><li><p>c</p></li></ul>"),
    ],
)
def test_crlf_pages_read_as_franklin_reads_them(src: str, expected: str) -> None:
    assert squash(fc.convert(src)) == squash(expected)


def test_a_crlf_page_has_no_indented_block_so_no_merge_deletes_a_def() -> None:
    lf = "@def a = 1\n@def b = 2\n\nx\n\n    one\n\n    two\n"
    assert "@def b" in fc.convert(lf)  # LF: the merge deletes the second block, an @def
    doc = fc.parse(lf.replace("\n", "\r\n"))
    assert [v.name for v in doc.vars] == ["a", "b"]
    assert "@def" not in fc.convert(lf.replace("\n", "\r\n"))


def test_source_remembers_crlf_lines_and_positions_stay_the_files() -> None:
    s = Source.from_text("a\r\nb\n\r\nc\rd\r\n")
    assert s.text == "a\nb\n\nc\nd\n"
    assert s.crlf == frozenset({1, 3, 5})
    assert [s.ends_crlf(i) for i in (1, 3, 4)] == [True, False, True]
    diags: list[Diagnostic] = []
    fc.parse("- a\r\n\r\n- b $x\r\n", "p.md", strict=False, diagnostics=diags)
    assert [(d.code, d.line, d.col) for d in diags] == [("FC101", 3, 5)]


def test_a_crlf_file_keeps_its_line_ends_through_convert_and_the_site(tmp_path: Path) -> None:
    (tmp_path / "config.md").write_text("+++\n+++\n", encoding="utf-8")
    (tmp_path / "page.md").write_bytes(b"Text\r\n\r\n- a\r\n\r\n- b\r\n")
    two_lists = "<ul><li><p>a</p></li></ul><ul><li><p>b</p></li></ul>"
    assert two_lists in squash(fc.convert(tmp_path / "page.md"))
    assert two_lists in squash(fc.Site(tmp_path).page_html("page.md"))
    s = Source.from_path(tmp_path / "page.md")
    assert s.as_read() == "Text\r\n\r\n- a\r\n\r\n- b\r\n" and Source.from_text(s.as_read()).crlf == s.crlf
