"""The list fast paths give what the general steps give: a run of one-line items read in one
loop (``mistune_lists._one_line_items``) the tokens of mistune 3.4's own list rule, and every
page the output it has with the fast paths patched away."""

from __future__ import annotations

import random
from typing import Any

import pytest
from mistune import list_parser

from franklin_compat import FranklinError, convert
from franklin_compat.reading import mistune_fast, mistune_lists
from franklin_compat.reading.julia_md import _create

pytestmark = pytest.mark.skipif(not mistune_fast.SAME_MISTUNE, reason="repeats mistune 3.4")

INDENTS = ["", "", "", "", "", " ", "  ", "   ", "    ", "\t"]
MARKERS = ["* ", "* ", "- ", "- ", "+ ", "*  ", "-    ", "*     ", "1. ", "2) ", "3. ", "*", "-\t", "* \t"]
TEXTS = ["a", "a", "b c", "word", "a  ", "a\t", "a\tb", "é", "_a_", "*a*", "1", "1. x", "# h", "---",
         "***", "* * *", "- - -", "> q", "```", "<div>", "!!! note", "|a|b|", "\\", "", " ", "  a", "a\\",
         "$x$", "\x0bx"]
OTHER = ["", "", "", "text", "  lazy", "    indented", "\tcode", "---", "===", "# h", "> q", "\x0b", " \t"]


def _line(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return rng.choice(OTHER)
    return rng.choice(INDENTS) + rng.choice(MARKERS) + rng.choice(TEXTS)


def _documents(seed: int, count: int) -> list[str]:
    """Lists of mostly one-line items (mixed markers, indents, blank, lazy and indented lines)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        lines = [_line(rng) for _ in range(rng.randint(1, 14))]
        out.append("\n".join(lines) + rng.choice(["\n", "", "\n\n"]))
    return out


def _blocks(md: Any, text: str, *, mistunes: bool) -> list[dict[str, object]]:
    """The block tokens, with mistune's own list rule (``mistunes``) or ours."""
    block = md.block
    state = block.state_cls()
    state.process(text if text.endswith("\n") else text + "\n")
    saved = dict(block._methods)
    if mistunes:
        block._methods["list"] = lambda m, s: list_parser.parse_list(block, m, s)
    try:
        block.parse(state)
    finally:
        block._methods = saved
    return list(state.tokens)


SHAPES = ["* a\n* b\n" * 30, "- a\n- b\n- c\n\n- d\n", "1. a\n2. b\n3) c\n", "* a\n* * *\n* b\n",
          "* a\n  * b\n  * c\n* d\n", "* a\nlazy\n* b\n", "* a\n- b\n* c\n", "  * a\n * b\n* c\n"]


@pytest.mark.parametrize("indented_code", [False, True])
def test_one_line_items_read_as_mistune_reads_them(indented_code: bool) -> None:
    md = _create(indented_code)
    for text in [*SHAPES, *_documents(int(indented_code), 3000)]:
        assert _blocks(md, text, mistunes=False) == _blocks(md, text, mistunes=True), text


def test_the_fast_path_reads_most_items() -> None:
    """(so that the test above holds it, not the general path it falls back to)"""
    md = _create(False)
    state = md.block.state_cls()
    state.process("* a\n* b\n" * 50)
    taken = []
    original = mistune_lists._parse_list_item

    def general(*args: Any) -> Any:
        taken.append(1)
        return original(*args)

    mistune_lists._parse_list_item = general  # type: ignore[assignment]
    try:
        md.block.parse(state)
    finally:
        mistune_lists._parse_list_item = original
    assert len(state.tokens[0]["children"]) == 100 and len(taken) == 1


def _outputs(text: str) -> tuple[str, str]:
    try:
        return convert(text, "json"), convert(text, "html")
    except FranklinError as e:  # (an unclosed fence or ``$``: the same error either way)
        return str(e), ""


def _slow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mistune_lists, "_one_line_items", lambda block, bullet, item, token, state, sc: item)


@pytest.mark.parametrize("ends", ["\n", "\r\n", "\r"])
def test_pages_convert_as_without_the_fast_paths(monkeypatch: pytest.MonkeyPatch, ends: str) -> None:
    docs = [*SHAPES, *_documents(7, 300)]
    docs = [d.replace("\n", ends) for d in docs]
    fast = [_outputs(d) for d in docs]
    _slow(monkeypatch)
    slow = [_outputs(d) for d in docs]
    for d, f, s in zip(docs, fast, slow, strict=True):
        assert f == s, d
