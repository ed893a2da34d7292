"""The shortcuts for long lines of inline tokens (issue #16: ``[a`` or ``*a`` repeated, a table of
many columns) give what the general steps give, on random text made of the characters that matter
to each; each test fails when its shortcut is broken."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from typing import Any

import pytest
from mistune.inline_parser import InlineParser

from franklin_compat.core.frozen import build_many, frozen_dataclass, maker
from franklin_compat.core.source import Span
from franklin_compat.page.pipeline import parse
from franklin_compat.reading import ast as A
from franklin_compat.reading import julia_inline, julia_md, mdnodes, mistune_fast
from franklin_compat.reading.context import SourceText
from franklin_compat.reading.julia_inline import JuliaInline, julia_emphasis_tokens
from franklin_compat.reading.locator import Locator

PIECES = ["a", "b c", " ", "\t", "[", "]", "(", ")", "](", "![", "*", "**", "_", "__", "*_", "\\", "\\*",
          "\\_", "\\[", "`", "`c`", "<", ">", "<http://x.org>", "&", "&amp;", "amp;", "&#1;", ";", "|", "\\|",
          "é", "\n", "  \n", "<b>", "</b>", "$x$", "{{a}}", "\\newcommand{\\c}{C}\\c", "[a](b)", "x_y"]


def _texts(pieces: list[str], seed: int, count: int, most: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, most))) for _ in range(count)]


def _runs(seed: int, count: int) -> list[str]:
    """Long lines of few pieces: the shapes the shortcuts are for, with something else now and then."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        few = rng.choice([["["], ["[", "<b>"], ["*", "a"], ["[", "a", "]("], ["_", "x"],
                          ["[", "a", "]", "(", ")", "\\["]])
        rare = [rng.choice(PIECES) for _ in range(rng.randint(0, 2))]
        out.append("".join(rng.choice(rare) if rare and rng.random() < 0.02 else rng.choice(few)
                           for _ in range(rng.randint(10, 80))))
    return out


def _inline() -> JuliaInline:
    inline = julia_md._create(False).inline
    assert isinstance(inline, JuliaInline)
    return inline


def test_a_text_without_a_trigger_is_its_token() -> None:
    """``JuliaInline.__call__``'s shortcut gives what mistune's call (the state and the parse) gives."""
    inline = _inline()
    inline("a *b*", {})  # the trigger worked out
    plain_pieces = ["a", "b", " ", "é", "1", "-", ":", "|", "*", "x"]
    texts = [*_texts(PIECES, 1, 1500, 8), *_texts(plain_pieces, 2, 500, 6)]
    plain = 0
    for text in texts:
        ours = inline(text, {})
        assert ours == InlineParser.__call__(inline, text, {}), repr(text)
        plain += ours == [{"type": "text", "raw": text}]
    assert plain > 100


def test_a_text_of_emphasis_runs_is_read_as_one_token() -> None:
    """``JuliaInline.parse`` on a text whose only rule is emphasis gives the tokens of its loop."""
    pieces = ["*", "**", "***", "_", "__", "*_", "a", "b c", " ", "\t", "&", "&amp;", "amp;", ";", "é", "x_y"]
    texts = [*_texts(pieces, 3, 2000, 12), *_texts(PIECES, 4, 500, 12), *_runs(5, 200), "*a" * 40, "**a" * 40]
    fast = _inline()
    fast("*a*", {})  # (the trigger, and what is besides, worked out)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(julia_inline, "_besides_emphasis", lambda inline, chars: None)
        general = _inline()
        for text in texts:
            assert fast(text, {}) == general(text, {}), repr(text)
    assert fast._besides_runs is not None and general._besides_runs is None


def _tokens(rng: random.Random) -> list[dict[str, Any]]:
    """Text tokens, and now and then an ``&`` (an entity may follow), an empty one, a marked one or
    a soft break."""
    raws = ["*", "**", "_", "__", "*_", "a", "b ", " ", "amp;", "x;", "é", "\t", "a*", "*a", "_b", "*x*"]
    rare = rng.random() / 20
    out: list[dict[str, Any]] = []
    for _ in range(rng.randint(0, 40)):
        t: dict[str, Any] = {"type": "text", "raw": rng.choice(raws)}
        if rng.random() < rare:
            t = rng.choice([{"type": "text", "raw": "&"}, {"type": "text", "raw": ""}, {"type": "softbreak"},
                            {"type": "text", "raw": "*", "_emphasis": False}])
        out.append(t)
    return out


def test_text_tokens_joined_give_the_same_emphasis() -> None:
    """:func:`julia_emphasis_tokens` on many text tokens gives what it gives on them one by one."""
    rng = random.Random(6)
    lists = [_tokens(rng) for _ in range(4000)] + [[{"type": "text", "raw": c} for c in "*a" * 20 + "**"]]
    joined = 0
    for tokens in lists:
        fast = julia_emphasis_tokens(tokens)
        joined += julia_inline._joined(tokens) is not None
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(julia_inline, "_joined", lambda tokens: None)
            assert fast == julia_emphasis_tokens(tokens), tokens
    assert joined > 50


def test_one_plain_text_gives_the_emphasis_of_the_general_steps() -> None:
    """:func:`julia_emphasis_tokens`' first step (one plain text token: a short paragraph's) gives what
    its general steps give a token they read alike (one marked as a text whose emphasis counts)."""
    ph = julia_inline.PH_OPEN + "1" + julia_inline.PH_CLOSE
    pieces = ["*", "**", "_", "__", "a", "b c", " ", "\t", ph, ph + " ", "&", "amp;", ";", "é"]
    texts = ["some *text* here", ph + " *a*", "*b " + ph + " *c", *_texts(pieces, 10, 3000, 10)]
    for raw in texts:
        assert julia_emphasis_tokens([{"type": "text", "raw": raw}]) == julia_emphasis_tokens(
            [{"type": "text", "raw": raw, "_emphasis": True}]
        ), repr(raw)


def _one_at_a_time(self: mdnodes.MdConverter, toks: list[dict[str, Any]]) -> list[A.Node]:
    """``MdConverter.inlines`` a token at a time, each text given its span by ``Locator.find``."""
    out: list[A.Node] = []
    for t in toks:
        raw = t.get("raw", "")
        if t["type"] == "text" and raw and mdnodes.PH_OPEN not in raw:
            out.append(A.Text(span=self.loc.find(raw), text=raw))
        else:
            out.extend(_INLINES(self, [t]))
    return out


_INLINES = mdnodes.MdConverter.inlines


def _table(rng: random.Random) -> str:
    cells = ["a", "b", "a", "`c`", "*e*", "\\|", "x\\|y", "[l](u)", " ", "$x$", "é"]
    cols = rng.choice([1, 3, 700, 2100])
    rows = ["|" + "|".join(rng.choice(cells[:3]) for _ in range(cols)) + "|",
            "|" + "|".join(rng.choice(["-", ":-", "-:", "---"]) for _ in range(cols)) + "|"]
    for _ in range(rng.randint(0, 3)):
        rows.append("|" + "|".join(rng.choice(cells) for _ in range(cols)) + "|")
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("seed", range(4))
def test_nodes_of_text_runs_are_those_made_one_at_a_time(seed: int) -> None:
    """:meth:`MdConverter.texts` (a run of text tokens) and the text missed again past the locator's
    window (a table of many columns) give the nodes and spans of ``Locator.find`` one at a time."""
    rng = random.Random(seed)
    texts = [*_runs(10 + seed, 150), *_texts(PIECES, 20 + seed, 150, 40), *(_table(rng) for _ in range(12))]
    texts += ["[a" * 50, "[a](" * 40, "[" * 60 + "](", "a\n\n" + "[a" * 30 + "\n\n$x$ " + "[" * 20]
    runs = 0
    for text in texts:
        fast = repr(parse(text, "page.md", strict=False).children)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(mdnodes.MdConverter, "inlines", _one_at_a_time)
            general = repr(parse(text, "page.md", strict=False).children)
        assert fast == general, repr(text)
        made: list[object] = []
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(mdnodes.MdConverter, "texts", _recorded(made))
            parse(text, "page.md", strict=False)
        runs += any(r is not None for r in made)
    assert runs > 30


def _recorded(made: list[object]) -> Any:
    """``MdConverter.texts`` recording what it gives in ``made``."""
    texts = mdnodes.MdConverter.texts

    def recorded(self: mdnodes.MdConverter, toks: list[dict[str, Any]]) -> list[A.Node] | None:
        made.append(texts(self, toks))
        return made[-1]  # type: ignore[return-value]

    return recorded


def test_a_miss_is_remembered_only_where_it_was() -> None:
    """A text not found from the cursor is not searched for again from there, and is from elsewhere."""
    md = "x" * (Locator.WINDOW + 10) + "b"
    loc = Locator(md, [0], [0], SourceText(md, 0, None))
    conv = mdnodes.MdConverter([], loc)
    first = conv.inlines([{"type": "text", "raw": "b"}] * 3)
    assert [n.span for n in first] == [Span(0, 0)] * 3
    assert (loc.missed, loc.missed_at) == ("b", 0)
    loc.cursor = 20
    assert conv.inlines([{"type": "text", "raw": "b"}])[0].span == Span(len(md) - 1, len(md))


def test_rows_are_counted_as_julia_splits_them() -> None:
    """``julia_md._cells`` splits a row without a backslash with ``str.split``: the pattern's cells."""
    for row in _texts(["a", "|", "||", " ", "\\", "\\|", "\\\\|", "b c", "\t"], 8, 3000, 10):
        assert julia_md._cells(row) == _cells_by_pattern(row), repr(row)


def _cells_by_pattern(row: str) -> list[str]:
    parts = julia_md._CELL_BAR.split(row.strip())
    if parts and not parts[0].strip():
        parts.pop(0)
    if parts and not parts[-1].strip():
        parts.pop()
    return parts


@frozen_dataclass(kw_only=True)
class _Pair:
    left: int
    right: str = "r"


@frozen_dataclass()
class _Checked:
    value: int

    def __post_init__(self) -> None:
        assert self.value >= 0


@dataclass
class _Plain:
    value: int


def test_built_many_are_what_the_class_makes() -> None:
    made = build_many(_Pair, 3, left=[1, 2, 3], right="xyz")
    assert made == [_Pair(left=1, right="x"), _Pair(left=2, right="y"), _Pair(left=3, right="z")]
    assert repr(made[0]) == repr(_Pair(left=1, right="x"))
    spans = build_many(Span, 2, start=[0, 5], end=[5, 9])
    assert spans == [Span(0, 5), Span(5, 9)]
    texts = build_many(A.Text, 2, span=spans, text=["ab", "c"])
    assert repr(texts) == repr([A.Text(span=Span(0, 5), text="ab"), A.Text(span=Span(5, 9), text="c")])
    with pytest.raises(TypeError, match="one column per field"):
        build_many(_Pair, 1, left=[1])
    for cls in (_Checked, _Plain):
        with pytest.raises(TypeError, match="not a frozen_dataclass"):
            build_many(cls, 1, value=[1])
        with pytest.raises(TypeError, match="not a frozen_dataclass"):
            maker(cls)


def test_made_are_what_the_class_makes() -> None:
    pair = maker(_Pair)(1, "x")
    assert pair == _Pair(left=1, right="x") and repr(pair) == repr(_Pair(left=1, right="x"))
    emphasis = maker(A.Emphasis)(Span(0, 3), (A.Text(span=Span(1, 2), text="a"),), True)
    assert repr(emphasis) == repr(A.Emphasis(span=Span(0, 3), children=emphasis.children, strong=True))
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.left = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        maker(_Pair)(1)


@pytest.mark.skipif(not mistune_fast.SAME_MISTUNE, reason="repeats mistune 3.4")
def test_a_delimiter_row_is_read_as_mistune_reads_it() -> None:
    """``mistune_fast._process_thead`` (each distinct cell's alignment worked out once) is mistune's."""
    from mistune.plugins import table

    cells = ["-", "--", ":-", "-:", ":-:", " - ", ":", "", " ", "a", "-a", "::", ":--:", "\\|", "- -"]
    rng = random.Random(9)
    for _ in range(3000):
        n = rng.randint(1, 5)
        header = "|".join(rng.choice(["a", "b", " ", "\\|"]) for _ in range(n))
        align = "|".join(rng.choice(cells) for _ in range(rng.choice([n, n, n, n + 1])))
        want = table._process_thead(header, align)
        assert mistune_fast._process_thead(header, align) == want, (header, align)


def _matching_by_stack(md: str, open_c: str, close_c: str) -> dict[int, int]:
    """Each ``open_c``'s matching ``close_c`` in its paragraph, a character at a time."""
    out: dict[int, int] = {}
    stack: list[int] = []
    for i, c in enumerate(md):
        if c == open_c:
            stack.append(i)
        elif c == close_c and stack:
            out[stack.pop()] = i
        elif md.startswith("\n\n", i):
            stack.clear()
    return out


def _never_empty(md: str, open_c: str, close_c: str) -> dict[int, int]:
    """:func:`_matching_by_stack` with a pair at -1, where no bracket is: never empty."""
    return {**_matching_by_stack(md, open_c, close_c), -1: -1}


def test_links_are_matched_as_julia_matches_them() -> None:
    """``julia_md._matching`` (none where no closer is) and ``julia_links`` (nothing to rewrite
    where no url closes) on brackets, parentheses and spaces."""
    pieces = ["[", "]", "(", ")", "] (", "](", "a", " ", "\t", "\n", "\n\n", "<", "\\"]
    for text in [*_texts(pieces, 11, 3000, 16), "[a](" * 30]:
        for pair in ("[]", "()"):
            assert julia_md._matching(text, *pair) == _matching_by_stack(text, *pair), repr(text)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(julia_md, "_matching", _never_empty)
            general = julia_md.julia_links(text)
        assert julia_md.julia_links(text) == general, repr(text)
        if ")" not in text:
            assert general == text
