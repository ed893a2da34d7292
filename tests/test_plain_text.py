"""The shortcut for text nothing reads anything in gives the nodes the full reading gives.

``parse_text`` skips tokens, blocks and mistune for one line of plain text (most header
texts and command bodies); :class:`Parser` is the full reading it must agree with.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from franklin_compat.core.source import Source, Span
from franklin_compat.reading.context import Context, SourceText
from franklin_compat.reading.parse import Parser, _is_plain, parse_text

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_HEADER = re.compile(r"^#{1,6} (.*)$", re.M)

ALPHABET = "ab Z9.,;:?()/'\"%^é€1 -_*#{}$@&<>[]!`\\|~=+\t\u00a0\u2003"


def _both(text: str, fixed: bool = False) -> tuple[object, object]:
    source = Source(text)
    where = Span(3, 9) if fixed else None
    base = None if fixed else 0
    fast = parse_text(text, Context(source=source), base=base, fixed=where)
    slow = Parser(SourceText(text, base, where), Context(source=source), recursive=False,
                  has_mddefs=True).run()
    return fast, slow


def _agree(text: str) -> bool:
    """Whether the shortcut is taken for ``text``; if so, its result is the full reading's."""
    if not _is_plain(text):
        return False
    for fixed in (False, True):
        fast, slow = _both(text, fixed)
        assert fast == slow, text
    return True


def test_random_lines_agree_and_the_shortcut_is_taken() -> None:
    rng = random.Random(20261203)
    taken = 0
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 12)))
        taken += _agree(text)
    assert taken > 100  # the shortcut is exercised, not only the full reading


@pytest.mark.parametrize("text", ["Introduction", "Step 1: install", "x 1.", "a  b", "(see below)",
                                  "Ünïcode ✓", "a.b", "a\tb", "a\u00a0b", "Step 1: install"])
def test_plain_lines(text: str) -> None:
    assert _agree(text)


@pytest.mark.parametrize("text", ["1. Intro", "> quote", "see :smile: here", "a_b_", " a", "a ",
                                  "http://x.org <y>", "a &amp; b", "a {b}", "x \ufdd00\ufdd1"])
def test_lines_the_full_reading_takes(text: str) -> None:
    assert not _agree(text)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_every_corpus_header_text_agrees() -> None:
    seen = 0
    for page in sorted(CORPUS.rglob("*.md")):
        for m in _HEADER.finditer(page.read_text(encoding="utf-8", errors="replace")):
            text = m.group(1)
            seen += _agree(text)
    assert seen > 1000
