"""``\\fig`` of a figure the page's code would write: Franklin also looks in the
``output`` folder, unless the path already names one."""

from __future__ import annotations

from pathlib import Path

import pytest

import franklin_compat as fc

CODE = "```julia:ex\nx = 1\n```\n\n"


@pytest.mark.parametrize(
    ("fig", "src"),
    [
        ("\\fig{./output/test}", "/assets/page/output/test"),
        ("\\fig{./test}", "/assets/page/output/test"),
    ],
)
def test_fig_output_folder(tmp_path: Path, fig: str, src: str) -> None:
    (tmp_path / "config.md").write_text("")
    out = fc.convert(CODE + fig + "\n", page_vars={"fd_rpath": "page.md"}, site=tmp_path)
    assert f'<img src="{src}"' in out


def test_fig_output_folder_with_shortcut_block(tmp_path: Path) -> None:
    (tmp_path / "config.md").write_text("")
    src = "```!\nx = 1\n```\n\n\\fig{comp.svg}\n"
    out = fc.convert(src, page_vars={"fd_rpath": "page.md"}, site=tmp_path)
    assert '<img src="/assets/page/code/output/comp.svg"' in out
