"""Julia's Markdown has no word-boundary rule for ``_`` (it opens and closes
emphasis inside words, like ``*``), and keeps the underscores of an image's alt text."""

from __future__ import annotations

import pytest

import franklin_compat as fc


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("set JULIA_NUM_THREADS now\n", "<p>set JULIA<em>NUM</em>THREADS now</p>\n"),
        ("VR_Direct and VR_FRM\n", "<p>VR<em>Direct and VR</em>FRM</p>\n"),
        ("snake_case alone\n", "<p>snake_case alone</p>\n"),
        ("_it_ and __bold__\n", "<p><em>it</em> and <strong>bold</strong></p>\n"),
        ("code `a_b_c` stays\n", "<p>code <code>a_b_c</code> stays</p>\n"),
        ("![snoopr_simd_ascend](x.png)\n", '<p><img src="x.png" alt="snoopr_simd_ascend" /></p>\n'),
        ("![a _b_ c](y.png)\n", '<p><img src="y.png" alt="a _b_ c" /></p>\n'),
    ],
)
def test_julia_emphasis(src: str, expected: str) -> None:
    assert fc.convert(src) == expected


def test_commonmark_rule_restored_after_a_parse() -> None:
    from mistune._inline import emphasis

    fc.convert("a_b_c\n")
    assert emphasis._can_open_emphasis("a_b_c", 1, 1, "_") is False
