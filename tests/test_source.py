"""Source handling: decoding, newlines, positions."""

from __future__ import annotations

from pathlib import Path

import pytest

import franklin_compat
from franklin_compat.core.diagnostics import FranklinError
from franklin_compat.core.source import Source


def test_bom_dropped_and_newlines_normalised() -> None:
    src = Source.from_bytes(b"\xef\xbb\xbfa\r\nb\rc\n")
    assert src.text == "a\nb\nc\n"
    assert src.bom and Source.from_text("\ufeffa").bom and not Source.from_text("a").bom


def test_bom_is_franklins_first_paragraph_and_survives_json(tmp_path: Path) -> None:
    """Franklin reads a BOM as text: sciml.ai's news pages open with ``<p>\\ufeff</p>``.
    Positions still count from the character after it."""
    text = "\ufeff@def title = \"T\"\n\nHello \\foo\n"
    with pytest.raises(FranklinError) as e:
        franklin_compat.convert(text)
    assert (e.value.line, e.value.col) == (3, 7)
    text = text.replace(" \\foo", "")
    html = franklin_compat.convert(text)
    assert html == "<p>\ufeff</p>\n<p>Hello</p>\n"
    doc = franklin_compat.from_json(franklin_compat.convert(text, to="json"))
    assert franklin_compat.convert(doc) == html
    assert "\ufeff" not in franklin_compat.convert(text, to="commonmark")
    (tmp_path / "config.md").write_text("")
    (tmp_path / "page.md").write_bytes(b"\xef\xbb\xbf# Hi\n")
    page = franklin_compat.Site(tmp_path).page_html("page.md")
    assert "<p>\ufeff</p>" in page


@pytest.mark.parametrize(
    ("text", "offset", "pos"),
    [
        ("abc", 0, (1, 1)),
        ("abc", 2, (1, 3)),
        ("ab\ncd", 3, (2, 1)),
        ("ab\ncd", 4, (2, 2)),
        ("a\n\nb", 3, (3, 1)),
    ],
)
def test_positions(text: str, offset: int, pos: tuple[int, int]) -> None:
    assert Source.from_text(text).position(offset) == pos


def test_columns_count_characters_not_bytes() -> None:
    src = Source.from_text("é😀x")
    assert src.position(2) == (1, 3)


def test_crlf_keeps_line_and_column() -> None:
    src = Source.from_bytes(b"ab\r\ncd\r\nef")
    assert src.position(src.text.index("f")) == (3, 2)


def test_invalid_utf8_names_file_and_byte_offset() -> None:
    with pytest.raises(FranklinError) as e:
        Source.from_bytes(b"ok\nbad \xff here", "page.md")
    assert e.value.code == "FC002"
    assert e.value.path == "page.md"
    assert (e.value.line, e.value.col) == (2, 5)
    assert "byte offset 7" in str(e.value)


def test_directory_is_a_clear_error(tmp_path: object) -> None:
    with pytest.raises(FranklinError) as e:
        Source.from_path(str(tmp_path))
    assert e.value.code == "FC001"
