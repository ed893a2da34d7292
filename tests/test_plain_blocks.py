"""The block tokens of a plain text made without mistune's parser (``mistune_plain``) are
mistune's, and pages convert as they do with that shortcut patched away."""

from __future__ import annotations

import random
from typing import Any

import pytest

from franklin_compat import FranklinError, convert
from franklin_compat.reading import mistune_fast, mistune_plain
from franklin_compat.reading.julia_inline import PH_CLOSE, PH_OPEN
from franklin_compat.reading.julia_md import _create

pytestmark = pytest.mark.skipif(not mistune_fast.SAME_MISTUNE, reason="repeats mistune 3.4")

PH = PH_OPEN + "0" + PH_CLOSE
STARTS = ["a", "a", "some", "Z", PH, "é", "²", "ǅ", "_", "*", "1", "#", " ", "  a", "    a", "\t", ">",
          "[", "<", "!"]
RESTS = ["", "", " text", " *em* here", " __strong__", " a|b", " |", " `code`", " [l](u)", " x  ", " y\\",
         " $x$", " " + PH, " #", " ---", "\x0b", "\x0c", " \u00a0", " <b>", " \\*", " a_b_", "***"]
BULLETS = ["- ", "- ", "* ", "+ ", "-  ", "-\t", "1. ", "2) ", "-"]
OTHER = ["", "", "", "", " ", "\t", "---", "===", "***", "- - -", "# h", "> q", "!!! note", "| a | b |",
         "|---|---|", "a | b", "--- | ---", "    code", "\x0b", PH, "  - x", "\u00a0"]


def _line(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.25:
        return rng.choice(OTHER)
    text = rng.choice(STARTS) + rng.choice(RESTS)
    return rng.choice(BULLETS) + text if r < 0.55 else text


def _plain_line(rng: random.Random) -> str:
    """A line the shortcut takes, mostly."""
    return rng.choice(["a", "some", PH, "Z"]) + rng.choice(RESTS)


def _pieces(seed: int, count: int) -> list[str]:
    """Texts as mistune's ``parse`` prepares them: mostly plain paragraphs and lists, some not."""
    rng = random.Random(seed)
    out = ["\n", "a\n", "- a\n", "\n\n\nsome *text* here\n- item\n\n", "a\nb\n\nc\n- d\n- e\n\n\n",
           "a\n\n- b\n", "- a\n* b\n", "a\n- b\n\nc\n", "a\n---\n", "a\n===\n", "a|b\n-|-\n", "- a\n- \n",
           "-a\n"]
    for _ in range(count):
        bullet = rng.choice("-*+")
        lines: list[str] = []
        for _ in range(rng.randint(0, 3)):  # paragraphs, then perhaps a list
            lines += [_plain_line(rng) for _ in range(rng.randint(1, 3))] + [""] * rng.randint(0, 2)
        lines += [bullet + " " + _plain_line(rng) for _ in range(rng.randint(0, 3))]
        for _ in range(rng.choice([0, 0, 1, 2])):  # and some other line somewhere
            lines.insert(rng.randint(0, len(lines)), _line(rng))
        out.append("\n" * rng.randint(0, 2) + "\n".join(lines) + "\n" * rng.randint(1, 3))
    return out


def _mistune(md: Any, piece: str) -> list[dict[str, Any]]:
    """mistune's own tokens of ``piece`` (its block parse, then ``render_state``), less the empty lines."""
    state = md.block.state_cls()
    state.process(piece)
    md.block.parse(state)
    rendered = md.render_state(state)
    return [t for t in rendered if t["type"] != "blank_line"]


@pytest.mark.parametrize("indented_code", [False, True])
def test_plain_texts_get_mistunes_tokens(indented_code: bool) -> None:
    md = _create(indented_code)
    taken = 0
    pieces = _pieces(int(indented_code), 4000)
    for piece in pieces:
        got = mistune_plain.tokens(md, piece)
        if got is None:
            continue
        taken += 1
        assert list(got) == _mistune(md, piece), piece
    assert taken > len(pieces) // 3  # (the shortcut is what is tested)


def test_texts_the_shortcut_leaves() -> None:
    md = _create(False)
    for piece in ["a|b\n", "a\n---\n", "a\n\n1. b\n", "- a\n* b\n", "- a\n\nb\n", " a\n", "a\n \n", "é\n"]:
        assert mistune_plain.tokens(md, piece) is None, piece


def _outputs(text: str) -> tuple[str, str]:
    try:
        return convert(text, "json"), convert(text, "html")
    except FranklinError as e:
        return str(e), ""


@pytest.mark.parametrize("ends", ["\n", "\r\n", "\r"])
def test_pages_convert_as_without_the_shortcut(monkeypatch: pytest.MonkeyPatch, ends: str) -> None:
    rng = random.Random(5)
    heads = ["# t\n\n", "## A *b*\n\n", "$$x$$\n\n", "```\ncode\n```\n\n", "@@d\nx\n@@\n\n", ""]
    docs = ["# t\r\rsome *text* here\r- item\r\r" * 5]
    for _ in range(300):
        parts = _pieces(rng.randint(0, 10**6), 3)
        docs.append("".join(rng.choice(heads) + p.replace(PH, "$y$") for p in parts))
    docs = [d.replace("\n", ends) for d in docs]
    fast = [_outputs(d) for d in docs]
    monkeypatch.setattr(mistune_plain, "tokens", lambda md, piece: None)
    slow = [_outputs(d) for d in docs]
    for d, f, s in zip(docs, fast, slow, strict=True):
        assert f == s, d
