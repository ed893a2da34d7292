"""The list fast paths give what the general steps give: a run of one-line items read in one
loop (``mistune_lists._one_line_items``) the tokens of mistune 3.4's own list rule, and every
page the output it has with the fast paths patched away (that loop, an item of one text made
a node without ``MdConverter.blocks`` (``mdnodes._one_text``) and kept by the expander without
a walk (``expander._one_inert``))."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from franklin_compat import FranklinError, convert
from franklin_compat.expand import expander
from franklin_compat.reading import ast as A
from franklin_compat.reading import julia_blocks, mdnodes, mistune_fast, mistune_lists
from franklin_compat.reading.context import SourceText
from franklin_compat.reading.julia_blocks import CRLF_BLANK, LIST_BREAK, end_lists
from franklin_compat.reading.julia_inline import PH_CLOSE, PH_OPEN
from franklin_compat.reading.julia_md import _create
from franklin_compat.reading.locator import Locator
from tests.conftest import mistune_blocks

pytestmark = pytest.mark.skipif(not mistune_fast.SAME_MISTUNE, reason="repeats mistune 3.4")

INDENTS = ["", "", "", "", "", " ", "  ", "   ", "    ", "\t"]
MARKERS = ["* ", "* ", "- ", "- ", "+ ", "*  ", "-    ", "*     ", "1. ", "2) ", "3. ", "*", "-\t", "* \t"]
TEXTS = ["a", "a", "b c", "word", "a  ", "a\t", "a\tb", "é", "_a_", "*a*", "1", "1. x", "# h", "---",
         "***", "* * *", "- - -", "> q", "```", "<div>", "!!! note", "|a|b|", "\\", "", " ", "  a", "a\\",
         "$x$", "a $x$ b", "\x0bx", "\\R", "a \\R b", "$\\R$"]
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




SHAPES = ["* a\n* b\n" * 30, "- a\n- b\n- c\n\n- d\n", "1. a\n2. b\n3) c\n", "* a\n* * *\n* b\n",
          "* a\n  * b\n  * c\n* d\n", "* a\nlazy\n* b\n", "* a\n- b\n* c\n", "  * a\n * b\n* c\n"]


@pytest.mark.parametrize("indented_code", [False, True])
def test_one_line_items_read_as_mistune_reads_them(indented_code: bool) -> None:
    md = _create(indented_code)
    for text in [*SHAPES, *_documents(int(indented_code), 3000)]:
        assert mistune_blocks(md, text, mistunes=False) == mistune_blocks(md, text, mistunes=True), text


@pytest.mark.parametrize("end", ["", "\n", " \n", "\t\n\n", "\x0b\n", "\x0c\n \n"])
def test_the_fast_path_reads_every_item(monkeypatch: pytest.MonkeyPatch, end: str) -> None:
    """(so that the test above holds it, not the general path it falls back to)"""
    md = _create(False)
    state = md.block.state_cls()
    state.process("* a\n* b\n" * 50 + end)
    taken = []
    original = mistune_lists._parse_list_item

    def general(*args: Any) -> Any:
        taken.append(1)
        return original(*args)

    monkeypatch.setattr(mistune_lists, "_parse_list_item", general)
    md.block.parse(state)
    assert len(state.tokens[0]["children"]) == 100 and not taken


def _outputs(text: str) -> tuple[str, str]:
    text = "\\newcommand{\\R}{ℝ}\n\n" + text
    try:
        return convert(text, "json"), convert(text, "html")
    except FranklinError as e:  # (an unclosed fence or ``$``: the same error either way)
        return str(e), ""


def _slow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mistune_lists, "_one_line_items", lambda block, bullet, item, token, state, sc: item)
    monkeypatch.setattr(mdnodes, "_one_text", lambda parts: None)
    monkeypatch.setattr(expander, "_one_inert", lambda n: False)


@pytest.mark.parametrize("ends", ["\n", "\r\n", "\r"])
def test_pages_convert_as_without_the_fast_paths(monkeypatch: pytest.MonkeyPatch, ends: str) -> None:
    docs = [*SHAPES, *_documents(7, 300)]
    docs = [d.replace("\n", ends) for d in docs]
    fast = [_outputs(d) for d in docs]
    _slow(monkeypatch)
    slow = [_outputs(d) for d in docs]
    for d, f, s in zip(docs, fast, slow, strict=True):
        assert f == s, d


def _list_node(items: list[list[dict[str, Any]]], md_text: str) -> A.Node | list[A.Node] | None:
    """A list's node from its items' inline tokens (each a ``block_text``), an insert ``0`` at hand."""
    insert = A.Text(span=A.Span(0, 1), text="x")
    loc = Locator(md_text, [0], [0], SourceText(md_text, 0, None))
    conv = mdnodes.MdConverter([insert], loc)
    token = {"type": "list", "children": [
        {"type": "list_item", "children": [{"type": "block_text", "children": kids}]} for kids in items
    ]}
    return conv.block(token, False)


def test_an_item_of_one_text_is_the_node_blocks_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    ph = PH_OPEN + "0" + PH_CLOSE
    texts = ["a", " ", "b " + ph + " c", ph, LIST_BREAK, " " + LIST_BREAK + " ", "d"]
    items = [[{"type": "text", "raw": t}] for t in texts]
    items += [[{"type": "text", "raw": "e"}, {"type": "softbreak"}, {"type": "text", "raw": "f"}], []]
    md_text = "\n".join(texts) + "\ne\nf\n"
    fast = _list_node(items, md_text)
    monkeypatch.setattr(mdnodes, "_one_text", lambda parts: None)
    monkeypatch.setattr(expander, "_one_inert", lambda n: False)
    assert fast == _list_node(items, md_text)


def test_runs_of_items_end_lists_as_line_by_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """``end_lists`` writes a run of items (a list's first ones too) at once (``_BULLET_RUN``) as it
    writes them one by one."""
    rng = random.Random(11)
    other = [*OTHER, CRLF_BLANK, "  " + PH_OPEN + "0" + PH_CLOSE, "* a ", "- b  ", "+\tc", "*  d", "10. e",
             "-"]
    docs = [*SHAPES]
    for _ in range(4000):
        lines = [rng.choice(other) if rng.random() < 0.3 else _line(rng) for _ in range(rng.randint(1, 14))]
        docs.append("\n".join(lines) + rng.choice(["\n", "", "\n\n"]))
    fast = [end_lists(d) for d in docs]
    monkeypatch.setattr(julia_blocks, "_BULLET_RUN", re.compile("(?!)"))
    for d, f in zip(docs, fast, strict=True):
        assert end_lists(d) == f, d



@pytest.mark.parametrize(("name", "off"), [("_EMPTY_LINES", re.compile("(?!)")), ("_FIRST_BULLETS", "")])
def test_empty_lines_end_lists_as_line_by_line(
    monkeypatch: pytest.MonkeyPatch, name: str, off: object
) -> None:
    """``end_lists`` writes a run of empty lines in or after a list at once (``_EMPTY_LINES``), and
    copies the lines after it whole when the list has ended for good, and writes a list's first
    item at once (``_FIRST_BULLETS``), as it writes them one by one."""
    rng = random.Random(12)
    ph = PH_OPEN + "0" + PH_CLOSE
    other = [*OTHER, "", "", "", CRLF_BLANK, ph, "  " + ph, "text", "\x0b", "\u00a0a", "1.\tx", "* a", "-"]
    docs = ["# t\n\nsome *text* here\n- item\n\n\n\n" + ph + "\n\n" * 3]
    for _ in range(4000):
        lines = [rng.choice(other) if rng.random() < 0.5 else _line(rng) for _ in range(rng.randint(1, 14))]
        docs.append("\n".join(lines) + rng.choice(["\n", "", "\n\n", "\n\n\n"]))
    fast = [end_lists(d) for d in docs]
    monkeypatch.setattr(julia_blocks, name, off)
    for d, f in zip(docs, fast, strict=True):
        assert end_lists(d) == f, d
