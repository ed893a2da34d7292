"""``JuliaInline.__call__``'s shortcuts: a text in which no inline rule starts (a list item's
word) is the one text token mistune's parse makes of it, and one whose only rule is emphasis is
read as ``parse`` reads it, while that rule is mistune's own."""

from __future__ import annotations

import random
from typing import Any

import pytest
from mistune import InlineParser

from franklin_compat.reading import mistune_fast
from franklin_compat.reading.julia_inline import JULIA_BREAK, PH_CLOSE, PH_OPEN, JuliaInline
from franklin_compat.reading.julia_md import _create

pytestmark = pytest.mark.skipif(not mistune_fast.SAME_MISTUNE, reason="repeats mistune 3.4")


def test_a_text_with_no_rule_is_read_as_one_text() -> None:
    """``JuliaInline.__call__``: a list item's plain text is one text token, as ``parse`` reads it."""
    inline = _create(False).inline
    assert isinstance(inline, JuliaInline)
    pieces = ["a", "a", "b c", " ", "*", "_", "\n", "\\", "[", "]", "<", ">", "`", "!", "&", "é", "\t", "~",
              PH_OPEN + "1" + PH_CLOSE, JULIA_BREAK, "http://x.org", "  \n", "&amp;", "\r"]
    rng = random.Random(5)
    texts = ["", *("".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(5000))]
    plain = 0
    for text in texts:
        theirs = InlineParser.__call__(inline, text, {})
        assert inline(text, {}) == theirs, text
        plain += theirs == [{"type": "text", "raw": text}]
    assert plain > 500


def test_a_text_is_one_text_only_while_no_rule_or_emphasis_reads_it() -> None:
    inline = JuliaInline()
    inline.rules.remove("emphasis")  # (before its first text: its trigger has no ``*`` or ``_``)
    assert inline("a", {}) == [{"type": "text", "raw": "a"}]
    for text in ("a *b* c", "a __b__"):
        assert inline(text, {}) == InlineParser.__call__(inline, text, {}) != [{"type": "text", "raw": text}]

    def percent(parser: JuliaInline, m: object, state: Any) -> int:
        state.append_token({"type": "percent"})
        return m.end()  # type: ignore[attr-defined,no-any-return]

    inline.register("percent", "%", percent, start_chars="%")
    assert inline("a%b", {}) == InlineParser.__call__(inline, "a%b", {}) != [{"type": "text", "raw": "a%b"}]


def test_emphasis_runs_are_read_by_the_emphasis_rule_in_use() -> None:
    """The shortcut for a text whose only rule is emphasis reads it as mistune's own rule does:
    not while another method reads it."""
    inline = JuliaInline()

    def emphasis(parser: JuliaInline, m: object, state: Any) -> int:
        state.append_token({"type": "ours"})
        return m.end()  # type: ignore[attr-defined,no-any-return]

    inline.register("emphasis", None, emphasis)
    for _ in range(2):  # (the second with the trigger worked out)
        assert inline("a *b* c", {}) == InlineParser.__call__(inline, "a *b* c", {})
        assert {"type": "ours"} in inline("a *b* c", {})
