"""A page given by its path: read, placed in its site (the nearest config.md above it), converted."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import franklin_compat
from franklin_compat.cli.commands import main
from tests.conftest import FIXTURES

EXAMPLE = FIXTURES / "example"
POST = EXAMPLE / "blog" / "first-post.md"


def test_a_path_takes_the_sites_commands_and_the_pages_place() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from_path = franklin_compat.convert(POST, "html")
        with pytest.raises(franklin_compat.FranklinError) as e:  # the text alone has no \note
            franklin_compat.convert(POST.read_text(encoding="utf-8"), "html")
    assert e.value.code == "FC402"
    assert r"\mathbb R" in from_path and '<div class="note">' in from_path  # from the site's config.md
    assert "/assets/blog/first-post/logo.png" in from_path  # \figalt{./logo.png} resolved for blog/first-post


def test_parse_reads_a_path_and_names_it() -> None:
    doc = franklin_compat.parse(EXAMPLE / "index.md")
    assert doc.source is not None and doc.source.path == str(EXAMPLE / "index.md")
    assert doc.children[0].kind == "heading"


def test_a_missing_path_is_a_franklin_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(franklin_compat.FranklinError) as e:
        franklin_compat.convert(tmp_path / "nope.md")
    assert e.value.code == "FC001" and "nope.md" in str(e.value)


def test_convert_several_pages_into_a_folder_names_them_for_the_format(tmp_path: Path) -> None:
    assert main(["convert", str(POST), str(EXAMPLE / "index.md"), "--to", "gfm", "-q",
                 "-o", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["first-post.md", "index.md"]
    assert (tmp_path / "first-post.md").read_text(encoding="utf-8").startswith("---\ntitle: \"A first post\"")


def test_the_top_level_api_reads_json_back() -> None:
    """``franklin_compat.from_json`` is the public way back from ``convert(…, to="json")``."""
    j = franklin_compat.convert(EXAMPLE / "index.md", to="json")
    doc = franklin_compat.from_json(j)
    assert franklin_compat.convert(doc, to="json") == j
    assert "from_json" in franklin_compat.__all__ and "migrate" in franklin_compat.__all__


def test_what_is_not_a_page_is_a_type_error_saying_what_is() -> None:
    with pytest.raises(TypeError) as e:
        franklin_compat.convert(123)  # type: ignore[arg-type]
    assert "takes a str of Markdown text, bytes, a pathlib.Path" in str(e.value) and "not int" in str(e.value)


def test_a_string_naming_a_file_is_text_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLE)
    with pytest.warns(UserWarning, match=r"pass pathlib.Path\('index.md'\)"):
        html = franklin_compat.convert("index.md")
    assert html.strip() == "<p>index.md</p>"


def test_lenient_parse_lists_the_problems_in_page_order() -> None:
    found: list[franklin_compat.Diagnostic] = []
    franklin_compat.parse("a $x\n\n\\nothere here\n\n@@d\n{ open\n", strict=False, diagnostics=found)
    positions = [(d.line, d.col) for d in found]
    assert positions == sorted(positions) and len(positions) >= 3


def test_every_public_name_is_there_and_imports_on_demand() -> None:
    import subprocess
    import sys

    code = ("import sys, franklin_compat as f; assert 'franklin_compat.page.pipeline' not in sys.modules; "
            "[getattr(f, n) for n in f.__all__]; print(len(f.__all__))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) == len(franklin_compat.__all__)
