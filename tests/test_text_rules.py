"""Shortcuts in small text rules give what the general rule gives: header ids of ASCII text
(one substitution instead of a test per character), dates in their two commonest forms
(read without dateutil), and raw HTML's tags put on one line (only tags holding a line break
are rewritten)."""

from __future__ import annotations

import random
import re

from dateutil import parser

from franklin_compat.core.refs import julia_kept, refstring
from franklin_compat.emit.markdown import rawhtml
from franklin_compat.reading import pagevars


def test_ascii_header_ids_keep_the_characters_julia_keeps() -> None:
    """A ``§`` (dropped by every rule) makes the text non-ASCII: the per-character path."""
    rng = random.Random(7)
    alphabet = [chr(i) for i in range(128)]
    assert not julia_kept("\u00a7")
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        slow = refstring(text + "\u00a7")
        if not slow.startswith("id_"):  # (an empty id is a hash of the text)
            assert refstring(text) == slow, repr(text)


def _dateutil(text: str) -> object:
    try:
        a = parser.parse(text, default=pagevars._DEFAULT_A)
        b = parser.parse(text, default=pagevars._DEFAULT_B)
    except (ValueError, OverflowError):
        return None
    return a.date() if a.date() == b.date() else None


def test_common_date_forms_read_as_dateutil_reads_them() -> None:
    months = ["January", "may", "SEPTEMBER", "Feb", "dec", "Sept", "Mayo", "xyz"]
    cases = [f"{d} {m} {y}" for d in (0, 1, 9, 10, 28, 29, 30, 31, 32) for m in months
             for y in ("2021", "2024", "1900", "0999")]
    cases += [f"{y}-{m:02d}-{d:02d}" for y in ("2021", "2024", "1900") for m in (0, 1, 2, 12, 13)
              for d in (0, 1, 28, 29, 30, 31, 32)]
    cases += ["  3 March 2020 ", "2020-1-5", "12 August, 2021", "August 12 2021"]
    for text in cases:
        assert pagevars.parse_date(text) == _dateutil(text), text


def test_tags_on_one_line_rewrite_only_tags_across_lines() -> None:
    def every_tag(part: str) -> str:
        part = rawhtml._TAG.sub(lambda m: rawhtml._BREAK_SPACES.sub(" ", m.group(0)),
                                rawhtml._no_blank_lines(part))
        return re.sub(r"[ \t]*\n[ \t]*", "\n", part)  # (what _unindented does, plainly)

    rng = random.Random(11)
    pieces = ["<", ">", "a", "/", "!", "\n", " ", "\t", "x", "=", '"', "\n\n", "<div\n", ">\n", "<br/>"]
    for _ in range(20000):
        part = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert rawhtml._one_line_tags(part) == every_tag(part), repr(part)
