"""``core.pairs`` finds what ``re.finditer(OPEN + ".*?" + CLOSE)`` finds, the patterns it
replaced in the Markdown writer, the expander, ``check`` and the Literate reader."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from franklin_compat.core.pairs import pairs, sub_pairs

_RAW_CLOSE = {n: re.compile(rf"</{n}\s*>", re.I) for n in ("pre", "script", "style", "textarea")}

CASES = [  # (the lazy pattern it replaces, its flags, opener, closer, one line, pieces of text)
    (r"<(pre|script|style|textarea)\b.*?</\1\s*>", re.S | re.I,
     re.compile(r"<(pre|script|style|textarea)\b", re.I), lambda m: _RAW_CLOSE[m.group(1).lower()], False,
     ["<pre>", "</pre>", "<PRE >", "</Pre >", "<script>", "</script>", "<prex>", "a", "\n", "<style>", "<"]),
    (r"<!--.*?-->", re.S, re.compile("<!--"), re.compile("-->"), False,
     ["<!--", "-->", "-", "<!", ">", "a", "\n"]),
    (r"\{\{(.*?)\}\}", re.S, re.compile(r"\{\{"), re.compile(r"\}\}"), False,
     ["{", "}", "{{", "}}", "a", "\n"]),
    (r"\\label\{(.*?)\}", 0, re.compile(r"\\label\{"), re.compile(r"\}"), True,
     ["\\label{", "}", "{", "a", "\n"]),
    (r"^#=+$\n^(.*?)\n^=+#$", re.M | re.S, re.compile(r"^#=+$\n", re.M), re.compile(r"\n^=+#$", re.M), False,
     ["#=", "=#", "#==", "==#", "\n", "a", "="]),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_the_pairs_a_lazy_pattern_finds(case: tuple[Any, ...]) -> None:
    pattern, flags, opener, closer, one_line, pieces = case
    lazy = re.compile(pattern, flags)
    rng = random.Random(20261203)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        expected = [(m.start(), m.end()) for m in lazy.finditer(text)]
        assert [(m.start(), c.end()) for m, c in pairs(text, opener, closer, one_line=one_line)] == expected
        marked = sub_pairs(text, opener, closer, lambda whole, _inner: f"<{whole}>", one_line=one_line)
        assert marked == lazy.sub(lambda m: f"<{m.group(0)}>", text)
