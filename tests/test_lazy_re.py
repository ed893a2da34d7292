"""``lazy_compile``: the same pattern as ``re.compile``, compiled on its first use."""

from __future__ import annotations

import re

import pytest

from franklin_compat.core.lazy_re import lazy_compile


def test_a_lazy_pattern_matches_as_the_compiled_one() -> None:
    text = "xAAb aa"
    for first in ("search", "sub"):  # whichever method is called first compiles it
        lazy, eager = lazy_compile(r"(a+)(?P<b>b)?", re.I), re.compile(r"(a+)(?P<b>b)?", re.I)
        if first == "sub":
            assert lazy.sub("-", text) == eager.sub("-", text)
        assert lazy.search(text).span() == eager.search(text).span()  # type: ignore[union-attr]
        assert lazy.match(text) is eager.match(text) is None
        assert lazy.fullmatch("aab").groups() == eager.fullmatch("aab").groups()  # type: ignore[union-attr]
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
        assert lazy.findall(text) == eager.findall(text) and lazy.split(text) == eager.split(text)
        assert lazy.subn("-", text) == eager.subn("-", text)


def test_a_bad_pattern_fails_when_first_used() -> None:
    bad = lazy_compile("(a")
    with pytest.raises(re.error):
        bad.match("a")
