"""Hidden code lines: ``# hide`` (any case, spaces allowed) and Literate's
literal ``#src`` (a comment such as ``# src/x.jl`` stays)."""

from __future__ import annotations

import pytest

import franklin_compat as fc


@pytest.mark.parametrize(
    ("code", "kept"),
    [
        ("# src/My.jl\nx = 1", "# src/My.jl\nx &#61; 1"),  # only the literal '#src' hides a line
        ("a = 1 #src\nb = 2", "b &#61; 2"),
        ("a = 1 # HiDe\nb = 2", "b &#61; 2"),
    ],
)
def test_hidden_code_lines(code: str, kept: str) -> None:
    assert f'<code class="language-julia">{kept}</code>' in fc.convert(f"```julia\n{code}\n```\n")
