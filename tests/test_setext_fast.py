"""``setext_underlines`` escapes the underlines of a paragraph already two lines long at once, up
to its next white or breaking line (``_PARAGRAPH_END``): the text it writes is the one its
line-by-line reading writes."""

from __future__ import annotations

import random
import re

import pytest

from franklin_compat import FranklinError, convert
from franklin_compat.reading import julia_md

LINES = ["a", "a", "b c", "---", "---", "===", "===", "  ---", "--- ", "---\t", "----", "--", "==", "-=-",
         "= = =", "- - -", "", "", " ", "\t", "\x1c", "\xa0", "# h", "#h", "> q", "- a", "* b", "1. c",
         "1) d", "```", "~~~", "!!! note", "    code", "\tcode", "   ---", "    ---", "\r", "a\r", "---\r",
         "===  ", "+"]


def _documents(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["\n".join(rng.choice(LINES) for _ in range(rng.randint(1, 12))) + rng.choice(["", "\n", "\n\n"])
            for _ in range(count)]


SHAPES = ["a\n---\n" * 40, "a\nb\n===\n===\n---\n---\n---\nc\n---\n\nd\ne\n---", "x\ny\n---", "x\ny\n---\n"]


def _line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """(the paragraph's end found at once where it starts: no line is read in one piece)"""
    monkeypatch.setattr(julia_md, "_PARAGRAPH_END", re.compile("\n"))


def test_underlines_escaped_as_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [*SHAPES, *_documents(1, 6000)]
    fast = [julia_md.setext_underlines(d) for d in docs]
    assert sum(f != d for f, d in zip(fast, docs, strict=True)) > 500  # (many have an underline escaped)
    _line_by_line(monkeypatch)
    for d, f in zip(docs, fast, strict=True):
        assert julia_md.setext_underlines(d) == f, d


def _html(text: str) -> str:
    try:
        return convert(text, "html")
    except FranklinError as e:  # (an unclosed fence: the same error either way)
        return str(e)


def test_pages_convert_as_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [*SHAPES, *_documents(2, 300)]
    fast = [_html(d) for d in docs]
    _line_by_line(monkeypatch)
    for d, f in zip(docs, fast, strict=True):
        assert _html(d) == f, d
