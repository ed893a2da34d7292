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


@pytest.mark.parametrize(
    ("code", "fig", "src"),
    [
        ('savefig(joinpath(@OUTPUT, "g1.svg")) # hide', "\\figalt{A plot}{g1.svg}",
         "/assets/page/code/output/g1.svg"),
        ('savefig(joinpath( @OUTPUT , "sinc.png"))', "\\fig{sinc}", "/assets/page/code/output/sinc.png"),
    ],
)
def test_a_figure_the_pages_code_saves_is_shown_where_franklins_build_has_it(
        tmp_path: Path, code: str, fig: str, src: str) -> None:
    """A checkout whose built site holds the code's text outputs but not its figures (a copy
    without binaries): the figure the code saves is kept as Franklin's build shows it, and said."""
    (tmp_path / "config.md").write_text("")
    (tmp_path / "__site" / "assets" / "page" / "code" / "output").mkdir(parents=True)
    page = f"```julia:ex\nusing Plots\n{code}\n```\n\n{fig}\n\n\\fig{{other.svg}}\n"
    with pytest.warns(fc.FranklinWarning) as said:
        out = fc.convert(page, page_vars={"fd_rpath": "page.md"}, site=tmp_path)
    assert f'<img src="{src}"' in out
    assert any(":6:1: FC502" in str(w.message) and "is made by the page's code" in str(w.message)
               for w in said)
    # a figure no code saves is Franklin's red note, as before
    assert "Image matching '/assets/page/code/other.svg' not found." in out


def test_a_plotly_figure_the_pages_code_saves_is_drawn_as_franklin_draws_it(tmp_path: Path) -> None:
    (tmp_path / "config.md").write_text("")
    (tmp_path / "__site" / "assets" / "page" / "code" / "output").mkdir(parents=True)
    page = '```julia:ex\nsavejson(plt, joinpath(@OUTPUT, "p1.json"))  # hide\n```\n\n\\fig{p1}\n'
    with pytest.warns(fc.FranklinWarning):
        out = fc.convert(page, page_vars={"fd_rpath": "page.md"}, site=tmp_path)
    assert "PlotlyJS_json(graphDiv, '/assets/page/code/output/p1.json')" in out and "<img" not in out
