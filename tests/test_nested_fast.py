"""Nested parses' fast paths: a div's body read with the tokens of the text it sits in gets
exactly the tokens, blocks and output it gets tokenized alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from franklin_compat import convert
from franklin_compat.reading import parse, tokens
from franklin_compat.reading.blocks import find_blocks
from franklin_compat.reading.tokens import Token, tokenize, tokens_within

CORPUS = next(
    (p / "shared" / "corpus" for p in Path(__file__).resolve().parents if (p / "shared" / "corpus").is_dir()),
    None,
)

# the characters tokens start with, and their neighbours, often
_ALPHABET = st.sampled_from(list("@@@---___***```~~~{{}}\\\\$$#[^]:;!?>+&<!x1 \n\n\t,a/"))


def _starts(text: str, toks: list[Token]) -> list[int]:
    """The places a piece may start: 0, a token's end, and past the whitespace after one."""
    out = {0}
    for t in toks:
        out.add(t.end)
        out.add(len(text) - len(text[t.end :].lstrip()))
    return sorted(out)


def _check_all(text: str) -> None:
    toks = tokenize(text)
    for start in _starts(text, toks):
        for end in range(start, len(text) + 1):
            assert tokens_within(text, toks, start, end) == tokenize(text[start:end]), (text, start, end)


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=40))
def test_tokens_within_random_texts(text: str) -> None:
    _check_all(text)


@pytest.mark.parametrize(
    "text",
    [
        "@@a x [^1]:y @@b ```! +++\n@@",
        "@@a\n{{{ x }}} \\\\\\\\\\\\ ````` ``` --- ----- ___ *** @@",
        "@@d \\begin{x} \\newcommand{y} [^ab]c [^ab]:d :smile: &amp; &#12; @@",
        "@@d ```julia:ex\n``` ~~~ <!-- --> $$ \\[ \\] _$>_ _$<_ \\ x @@x@@",
        "@@a ~~~<b>~</b>~~~~ ~~~x~~~ `~~~` ```:~~~ +++~~~ @@~~~@@",
    ],
)
def test_tokens_within_every_cut(text: str) -> None:
    _check_all(text)


def test_tokens_within_reads_the_tail_again() -> None:
    """A token ending near the piece's end may be another in the piece alone (here ``@@x`` in the
    text, ``@@`` at the piece's end): the tail is scanned again, not copied."""
    text = "@@a " + "y " * 10 + "@@x"
    toks = tokenize(text)
    start, end = 4, len(text) - 1
    assert tokens_within(text, toks, start, end) == tokenize(text[start:end])
    assert tokenize(text[start:end])[-1].kind == "DIV_CLOSE"


@pytest.mark.skipif(CORPUS is None, reason="../shared/corpus is not present")
def test_tokens_within_corpus_div_bodies() -> None:
    """Every div body of the corpus's pages (as the page's blocks find them, and those of the
    bodies in turn), and each body cut at its next few closers."""
    assert CORPUS is not None
    bodies = 0
    for page in sorted(CORPUS.rglob("*.md")):
        text = page.read_text(encoding="utf-8", errors="replace")
        if "@@" not in text:
            continue
        texts = [text]
        while texts:
            t = texts.pop()
            toks = tokenize(t)
            opens = [k for k, tok in enumerate(toks) if tok.kind == "DIV_OPEN"]
            closes = [tok.start for tok in toks if tok.kind == "DIV_CLOSE"]
            for k in opens:
                start = len(t) - len(t[toks[k].end :].lstrip())
                for stop in [c for c in closes if c >= start][:4]:
                    end = start + len(t[start:stop].rstrip())
                    assert tokens_within(t, toks, start, end) == tokenize(t[start:end]), (page, start, end)
                    bodies += 1
            for b in find_blocks(t, toks, recover=lambda e: None).blocks:
                if b.name == "DIV" and b.close is not None:
                    texts.append(t[b.open.end : b.close.start].strip())
    assert bodies > 100


def test_parser_gives_each_div_its_own_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tokens a nested parse is handed are those :func:`tokenize` finds in its text (checked
    on each call while pages with divs nested in divs are converted)."""
    calls = []

    def checked(text: str, toks: list[Token], start: int, end: int) -> list[Token]:
        out = tokens_within(text, toks, start, end)
        assert toks == tokenize(text)
        assert out == tokenize(text[start:end])
        calls.append(end - start)
        return out

    monkeypatch.setattr(parse, "tokens_within", checked)
    page = (
        "# T\n\n@@a\n  @@b\n    ~~~\n<b>x</b>\n~~~\n    text [link](u) \\\\ *e*\n  @@\n"
        "  @@c,d\n    @@e # not a header\n @@\n    $x$ and {{fill x}} --- \n  @@\n@@\n\n"
        "@@f\n# header in a div\n\n---\n\nafter\n@@\n"
    )
    html = convert(page, "html")
    assert "<div class=\"e\">" in html and "<h1" in html and len(calls) >= 5


def test_tokens_within_is_used_and_matches_a_plain_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """The output is the same when every nested parse tokenizes its text itself."""
    page = "@@a\n@@b\n```julia\nx = 1\n```\n[^1] and \\\\ @@\n\n[^1]: note\n@@\n"
    fast = convert(page, "html")
    monkeypatch.setattr(parse, "tokens_within", lambda text, toks, s, e: tokens.tokenize(text[s:e]))
    assert convert(page, "html") == fast


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
def test_found_kinds_are_the_tokens_kinds_before_validation(text: str) -> None:
    """find_blocks takes the kinds from its index of the tokens (made again only when validation
    drops some): they are still every kind of the tokens it was given."""
    toks = tokenize(text)
    found = find_blocks(text, toks, recover=lambda e: None)
    assert found.kinds == {t.kind for t in toks}


_ONE_BLOCK_BODIES = [
    "@@a\n  @@b\n    @@c\n~~~\n<b>raw</b>\n~~~\n    @@\n  @@\n@@\n",
    "@@a\n# a header alone\n@@\n\n@@b\n```julia\nx = 1\n```\n@@\n\n"
    "@@c\n$$ x^2 $$\n@@\n\n@@d\n\\[ y \\]\n@@\n",
    "@@a ~~~<i>x</i>~~~ @@ and @@b\n~~~\n<p>two</p>\n~~~\ntext after\n@@\n\n@@e\n\n@@\n",
    "~~~\n<div>only raw html</div>\n~~~\n",
    "# Title\n\n@@x\n## sub\n@@\n\n  @@y\n      @@z\n  ~~~\n  <hr>\n  ~~~\n      @@\n  @@\n",
    "@@a\n@@b\n@@c x @@\n@@\n@@\n\n[^1]: @@d ~~~z~~~ @@\n",
]


@pytest.mark.parametrize("page", _ONE_BLOCK_BODIES)
@pytest.mark.parametrize("fmt", ["html", "json", "commonmark"])
def test_a_text_of_one_block_is_that_block(page: str, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text that is one div, header, code, math or raw HTML block reads as that block alone,
    as the general path (placeholder, Julia's Markdown passes, mistune's reading) gives it."""
    fast = convert(page, fmt)
    monkeypatch.setattr(parse.Parser, "_blocks_alone", lambda self, items: None)
    assert convert(page, fmt) == fast
