"""Julia's Markdown tables even out their rows (``rowlength!``): a short row gets
empty cells, a long one loses its extra cells; a row may lack the closing bar."""

from __future__ import annotations

import pytest

import franklin_compat as fc
from tests.conftest import squash

HEAD = "| A | B | C |\n| :-- | :-- | :-- |\n"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ("| x | 1 |\n", '<tdalign="left">x</td><tdalign="left">1</td><tdalign="left"></td></tr>'),
        ("| x | 1 | 2 | 3 |\n", '<tdalign="left">x</td><tdalign="left">1</td><tdalign="left">2</td></tr>'),
        ("| x | 1\n", '<tdalign="left">x</td><tdalign="left">1</td><tdalign="left"></td></tr>'),
        ("| x | 1 | 2 |\n", '<tdalign="left">x</td><tdalign="left">1</td><tdalign="left">2</td></tr>'),
    ],
)
def test_uneven_rows(rows: str, expected: str) -> None:
    out = squash(fc.convert(HEAD + rows))
    assert out.startswith("<table>")
    assert expected in out
