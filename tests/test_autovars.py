"""``hascode`` / ``hasmath`` set by the page's content, as Franklin's ``autocode`` / ``automath`` do."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from franklin_compat import markdown_stage


def page_vars(text: str, site: Path, config: str = "") -> dict[str, object]:
    (site / "config.md").write_text(config, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return markdown_stage(text, site=site, page_vars={"fd_rpath": "p.md"}, strict=False).page_vars


@pytest.mark.parametrize(("text", "code", "math"), [
    ("plain *text*\n", False, False),
    ("```julia\nx = 1\n```\n", True, False),
    ("inline `code` only\n", False, False),
    ("a $x$ b\n", False, True),
    ("\\literate{/_literate/s.jl}\n", True, False),  # Literate turns the script into code cells
    ("\\literate{/_literate/missing.jl}\n", False, False),  # Franklin shows an error instead
])
def test_content_sets_the_flags(tmp_path: Path, text: str, code: bool, math: bool) -> None:
    (tmp_path / "_literate").mkdir()
    (tmp_path / "_literate" / "s.jl").write_text("# # Title\nx = 1\n", encoding="utf-8")
    v = page_vars(text, tmp_path)
    assert (v.get("hascode") is True, v.get("hasmath") is True) == (code, math)


def test_autocode_false_leaves_hascode_to_the_page(tmp_path: Path) -> None:
    v = page_vars("```julia\nx = 1\n```\n", tmp_path, "@def autocode = false\n")
    assert v.get("hascode") is not True
