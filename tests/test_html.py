"""HTML emitter: one fixture file per construct family (fixtures/html/*.md)."""

from __future__ import annotations

import re

import pytest

import franklin_compat
from tests.conftest import FIXTURES, examples

CASES = [c for f in sorted((FIXTURES / "html").glob("*.md")) for c in examples(f"html/{f.name}")]


def squash(html: str) -> str:
    """Whitespace between tags dropped, other runs collapsed: layout does not matter."""
    return re.sub(r"\s+", " ", re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html.strip())))


@pytest.mark.parametrize(("src", "expected", "opts"), CASES)
def test_html(src: str, expected: str, opts: dict[str, str]) -> None:
    assert squash(franklin_compat.convert(src)) == squash(expected)
