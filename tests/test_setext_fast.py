"""A paragraph's long runs of lines: ``setext_underlines`` escapes the underlines of a paragraph
already two lines long at once, up to its next white or breaking line (``_PARAGRAPH_END``), and
writes the text its line-by-line reading writes; the line rules a paragraph's end is searched
with match without their groups where they match with them (``mistune_fast._uncaptured``)."""

from __future__ import annotations

import random
import re

import pytest

from franklin_compat import FranklinError, convert
from franklin_compat.reading import julia_md, mistune_fast

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


RULE_LINES = ["a", "a b", "# h", "#h", "####### h", "===", "--", "- - -", "***", "_ _ _", "> q", ">", "- a",
              "-", "+ b", "1. c", "12) d", "1.x", "", " ", "\t", "\x0b", "|a|b|", "a | b", "|a", "!!! note",
              '!!! tip "T"', "!!!", "   # h", "    # h", "  > q", "\\|"]


@pytest.mark.parametrize("indented_code", [False, True])
def test_line_rules_match_where_their_groups_did(indented_code: bool) -> None:
    block = julia_md.markdown(indented_code).block
    rng = random.Random(3)
    for rules in (block.rules, block.list_rules, block.block_quote_rules):
        sc = block.compile_sc(rules)
        fast = mistune_fast.line_rules(sc, block.specification, julia_md._LINE_RULES)
        if fast is None:
            continue
        assert fast.groups == 0
        grouped = re.compile("\n(?:" + sc.pattern + ")", sc.flags)
        for _ in range(1500):
            lines = [rng.choice(RULE_LINES) for _ in range(rng.randint(1, 8))]
            text = "\n".join(lines) + rng.choice(["", "\n"])
            for start in range(len(text) + 1):
                m, n = fast.search(text, start), grouped.search(text, start)
                assert (m and m.start()) == (n and n.start()), (text, start)


def test_only_groups_are_uncaptured() -> None:
    assert mistune_fast._uncaptured(r"(a)[(]\((?P<x>b)(?!c)[^(\]]") == r"(?:a)[(]\((?:b)(?!c)[^(\]]"
    assert mistune_fast._uncaptured(r"(a)\1") == r"(a)\1"  # (a backreference: kept)
