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
