"""A text of blocks that close paragraphs, with only spaces and line returns between them (a div
of divs), is read as those blocks without the text mistune would read, and a div holding one
``~~~`` block and nothing else as that block without its passes: the same nodes, spans,
locality, diagnostics and errors as the general path (placeholders, Julia's Markdown, mistune)."""

from __future__ import annotations

import random

import pytest

from franklin_compat import convert
from franklin_compat.core.diagnostics import FranklinError
from franklin_compat.core.source import Source
from franklin_compat.reading import parse
from franklin_compat.reading.blocks import find_blocks
from franklin_compat.reading.context import Context, SourceText
from franklin_compat.reading.indented import indent_openers, indented_ranges
from franklin_compat.reading.julia_blocks import julia_code_runs
from franklin_compat.reading.parse import Parser
from franklin_compat.reading.tokens import tokenize

_BLOCKS = [
    "@@a x @@", "@@b\n~~~\n<i>r</i>\n~~~\n@@", "@@c\n  @@d\n    ~~~<b>y</b>~~~\n  @@\n@@", "# h",
    "## h *e*", "```julia\nx = 1\n```", "$$ x^2 $$", "\\[ y \\]", "@@e\n~~~r~~~\ntext [l](u)\n@@",
    "~~~<hr>~~~", "@@f\n@@", "@@g @@x@@ @@", "<!-- c -->", "@def v = 1", "$x$", "{{fill v}}",
]
_GAPS = ["", "\n", "\n\n", " ", "  ", "\n  ", "  \n", " \n", "\n \n", "\n    ",
         "\t", "\n\t", "x", "\n\n   \n"]
_BROKEN = ["@@h unclosed", "@@", "~~~", "`", "@@i\n@@j\n@@"]


def _page(rng: random.Random) -> str:
    """Blocks and gaps, most of them those the shortcut takes."""
    gaps = _GAPS if rng.random() < 0.4 else _GAPS[:8]
    parts = [rng.choice(gaps)]
    for _ in range(rng.randint(1, 4)):
        blocks = _BLOCKS[: rng.choice((9, 16))]  # (the first nine close paragraphs)
        parts.append(rng.choice(_BROKEN) if rng.random() < 0.08 else rng.choice(blocks))
        parts.append(rng.choice(gaps))
    return "".join(parts)


def _read(text: str, *, strict: bool, recursive: bool, general: bool) -> object:
    """The parse result and diagnostics of ``text`` (or the error raised), by the fast path or,
    with ``general``, with it turned off."""
    ctx = Context(source=Source("0123" + text), strict=strict)
    parser = Parser(SourceText(text, 4, None), ctx, recursive=recursive, has_mddefs=not recursive)
    if general:
        parser._blocks_alone = lambda items: None  # type: ignore[method-assign]
    try:
        return parser.run(), ctx.diagnostics
    except FranklinError as e:
        return type(e).__name__, str(e), ctx.diagnostics


def test_random_block_texts_read_as_the_general_path_reads_them() -> None:
    rng = random.Random(20261204)
    taken = local = 0
    for _ in range(2500):
        text = _page(rng)
        for strict in (True, False):
            for recursive in (True, False):
                fast = _read(text, strict=strict, recursive=recursive, general=False)
                assert fast == _read(text, strict=strict, recursive=recursive, general=True), text
        ctx = Context(source=Source(text), strict=False)
        parser = Parser(SourceText(text, 0, None), ctx, recursive=True, has_mddefs=False)
        found = parser._blocks_alone(parser.constructs())
        taken += found is not None
        local += found is True
    assert taken > 300 and local > 60  # the shortcut is taken, local or not


@pytest.mark.parametrize(
    "page",
    [
        "@@row\n  @@a\n    ~~~\n    <b>x</b>\n    ~~~\n  @@\n  @@b\n    text\n  @@\n@@\n",
        "@@a\n@@b x @@\n \n@@c y @@\n@@\n",  # one space alone on a line: mistune reads it
        "@@a x @@\n\n# h\n\n```\ncode\n```\n   ",
        "@@a x @@\t\n@@b y @@",
        "@@o\n  @@p\n    @@q z @@\n\n    @@r\n  @@\n@@\n",  # unclosed inside
    ],
)
@pytest.mark.parametrize("fmt", ["html", "json", "commonmark"])
def test_pages_convert_as_the_general_path_converts_them(
    page: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def both() -> object:
        try:
            return convert(page, fmt)
        except FranklinError as e:
            return str(e)

    fast = both()
    monkeypatch.setattr(parse.Parser, "_blocks_alone", lambda self, items: None)
    assert both() == fast


_RAW = ["~~~x~~~", "~~~~~~", "~~~~", "~~~~~~~", "~~~ a ~~~ b ~~~", "~~~\n<b>~</b>\n~~~", "~~~<i>$x$</i>~~~",
        "~~~a~~~~", "~~~a~~~x", "~~~@@~~~", "~~~ {{x}} ~~~", "  ~~~x~~~  ", "~~~`~~~"]


@pytest.mark.parametrize("body", _RAW)
@pytest.mark.parametrize("outer", ["@@a\n{}\n@@\n", "@@a @@b {} @@ @@", "@@a\n  @@b\n{}\n@@\n", "@@a\n{}"])
@pytest.mark.parametrize("fmt", ["html", "json"])
def test_a_div_of_raw_html_reads_as_the_general_path_reads_it(
    body: str, outer: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = outer.format(body)

    def both() -> list[object]:
        out: list[object] = []
        for strict in (True, False):
            ctx = Context(source=Source(page), strict=strict)
            try:
                out += [parse.parse_text(page, ctx), ctx.diagnostics]
            except FranklinError as e:
                out.append(str(e))
        try:
            return [*out, convert(page, fmt)]
        except FranklinError as e:
            return [*out, str(e)]

    fast = both()
    monkeypatch.setattr(parse, "_raw_alone", lambda text, tokens: False)
    assert both() == fast


_CODE_ALPHABET = ["    ", "  ", " ", "\t", "\n", "\n", "x", "- ", "1. ", "!!! note", "\r", "\u00a0", "\x1c",
                  "\ufdd00\ufdd1"]


def test_a_text_julia_reads_no_indented_code_in_skips_the_reading() -> None:
    """Julia's indented code starts only at an indented line first or after a blank one: a text
    with none such is read without :func:`julia_code_runs` (which would find no run)."""
    rng = random.Random(20261204)
    skipped = 0
    for _ in range(20000):
        md = "".join(rng.choice(_CODE_ALPHABET) for _ in range(rng.randint(1, 12)))
        if not parse._may_hold_code(md):
            assert julia_code_runs(md) == [], repr(md)
            skipped += "\n    " in md or "\n\t" in md
    assert skipped > 500


def test_indent_openers_of_random_texts() -> None:
    """The openers are those of the line-by-line reading of ``filter_lr_indent!``."""
    rng = random.Random(20261205)
    for _ in range(5000):
        lines = ["", "", "    x", "    x", "\tx", "x", "  x", "    ", " ", "\t"]
        text = "\n".join(rng.choice(lines) for _ in range(rng.randint(1, 9)))
        want, offset, kept = [], 0, False
        for k, line in enumerate(text.split("\n")[:-1]):  # the lines a line return ends
            p = offset - 1  # the line return before the line
            kept = (k > 0 and line.startswith(("    ", "\t")) and bool(line.strip())
                    and (kept or (p > 0 and text[p - 1] == "\n")))
            if kept:
                want.append(p)
            offset += len(line) + 1
        assert indent_openers(text) == want, repr(text)


def _ranges_oracle(text: str, spans: list[tuple[int, int]], openers: list[int]) -> list[tuple[int, int, int]]:
    """:func:`indented_ranges` with each line return's block looked for among all the blocks."""

    def block_end(q: int) -> int:
        """The end of the blocks around ``q`` (those overlapping one another are one), or -1."""
        e = max((e for a, e in spans if a <= q < e), default=-1)
        while e >= 0 and (more := max((f for a, f in spans if q <= a < e), default=e)) > e:
            e = more
        return e

    ends = {q: block_end(q) for q in range(len(text) + 1) if block_end(q) >= 0}
    out, resume = [], -1
    for p in openers:
        if p < resume or p in ends:
            continue
        q = p  # the run goes on over the openers' line returns, and through the blocks
        while (q := text.find("\n", q + 1)) >= 0 and (q in ends or q in openers):
            q = ends.get(q, q + 1) - 1
        q = len(text) if q < 0 else q
        resume = min(q + 1, len(text))
        out.append((p, q, resume))
    return out


def test_indented_ranges_of_random_pages() -> None:
    """Past the last block found so far no line return is inside one (none looked for)."""
    rng = random.Random(20261206)
    lines = ["", "", "    x", "    x", "\tx", "x", "    "]
    for _ in range(3000):
        text = "\n".join(rng.choice(lines) for _ in range(rng.randint(1, 12))) + "\n"
        spans = [tuple(sorted(rng.sample(range(len(text) + 1), 2))) for _ in range(rng.randint(0, 3))]
        openers = indent_openers(text)
        assert indented_ranges(text, spans, openers) == _ranges_oracle(text, spans, openers), (text, spans)


_RAW_PIECES = ["~~~", "~~~", "~~~", "~", "x", " ", "\n", "<b>", "@@", "`"]


def test_raw_blocks_alone_are_those_the_finder_pairs() -> None:
    """A nested text whose tokens are ``~~~`` only, an even number of them, has the blocks
    :func:`find_blocks` finds (it is not asked)."""
    rng = random.Random(20261207)
    taken = 0
    for _ in range(3000):
        text = "".join(rng.choice(_RAW_PIECES) for _ in range(8))
        toks = tokenize(text)
        parser = Parser(SourceText(text, 0, None), Context(source=Source(text), strict=False),
                        recursive=True, has_mddefs=False, tokens=list(toks))
        items = parser.constructs()
        if toks and len(toks) % 2 == 0 and {t.kind for t in toks} == {"ESCAPE"}:
            taken += 1
            found = find_blocks(text, toks, recover=lambda e: None)
            assert items == [(b.start, b.end, b.name, b) for b in found.blocks], text
    assert taken > 300
