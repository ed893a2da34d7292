"""Whole pages and whole sites: fixtures/sites/* (blog: tags, RSS, ignore rules, slug, keep_path, 404,
an html page; wrapper: div_content and prepath; code: content_tag/id and a cached code output)."""

from __future__ import annotations

import csv
import datetime as dt
import filecmp
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from franklin_compat import FranklinError
from franklin_compat.cli.commands import main
from franklin_compat.cli.plugins import load_plugins
from franklin_compat.core.hooks import USER_HFUNS
from franklin_compat.site.dates import julia_date
from franklin_compat.site.files import Kind
from franklin_compat.site.site import Site
from tests.conftest import FIXTURES, needs_shared

SITES = FIXTURES / "sites"
BLOG = SITES / "blog"

BLOG_OUTPUTS = [
    "404.html", "Project.toml", "about/index.html", "assets/blog/first/figure.txt", "blog/first/index.html",
    "blog/index.html", "blog/second/index.html", "css/site.css", "data/table.csv",
    "elsewhere/page/index.html", "feed.xml", "index.html", "legacy.html", "libs/katex/katex.js",
    "old/first.html", "robots.txt",
    "sitemap.xml", "sub/README/index.html", "tag/julia/feed.xml", "tag/julia/index.html",
    "tag/static_sites/feed.xml", "tag/static_sites/index.html", "tags/index.html",
]


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@pytest.fixture(scope="module")
def blog_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("blog") / "site"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = Site(BLOG).build(out)
    assert (report.pages, report.failed) == (10, 0)
    assert report.outputs == BLOG_OUTPUTS
    assert [d.code for d in report.diagnostics] == ["FC608"]  # draft.md left out
    return out


def write_site(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


# -- which files, and where they go ------------------------------------------------


def test_page_discovery_and_output_paths() -> None:
    site = Site(BLOG)
    pages = {f.rel: f.out for f in site.files() if f.kind is not Kind.COPY}
    assert pages == {
        "404.md": "404.html", "draft.md": "draft/index.html", "index.md": "index.html",
        "legacy.md": "legacy.html", "moved.md": "moved/index.html", "tags.md": "tags/index.html",
        "blog/first.md": "blog/first/index.html", "blog/index.md": "blog/index.html",
        "blog/second.md": "blog/second/index.html", "sub/README.md": "sub/README/index.html",
        "about.html": "about/index.html",
    }
    # ignore: "notes.md" (file), "private/" (folder), r"\.bak\.md$" (regex); README.md only at the root
    assert site.output_path("moved.md") == "elsewhere/page/index.html"  # slug
    assert list(site.pages())[-1] == "about.html"  # .html pages after .md ones, as Franklin processes them


def test_keep_path_folders_and_nested_404(tmp_path: Path) -> None:
    site = Site(write_site(tmp_path, {"config.md": '@def keep_path = ["2019/"]\n', "2019/talk.md": "x",
                                      "a/404.md": "x", "a/index.md": "x", "b/c.htm": "x"}))
    assert {f.rel: f.out for f in site.files()} == {
        "2019/talk.md": "2019/talk.html", "a/404.md": "a/404/index.html", "a/index.md": "a/index.html",
        "b/c.htm": "b/c/index.html"}


def test_urls() -> None:
    site = Site(BLOG)
    assert site.url_curpage("blog/first.md") == "/blog/first/index.html"
    assert site.url_curpage("blog/index.md") == "/blog/index.html"
    assert site.url_curpage("about.html") == "/about"  # Franklin's quirk for html pages
    assert Site.url("blog/first.md") == "/blog/first/"
    assert Site.url("index.md") == "/"


# -- whole pages -------------------------------------------------------------------


def test_wrapper_shape_div_content_and_prepath() -> None:
    assert Site(SITES / "wrapper").page_html("index.md") == (
        '<html><head><link href="/project/css/x.css" rel="stylesheet"></head><body>HEAD\n'
        '<div class="container main"><p>Some <a href="/project/page/">text</a>.</p>\n'
        "\nPG_FOOT\n</div>\nFOOT</body></html>\n")  # reference §5.2: HEAD⏎<div…><p>…</p>⏎⏎PG_FOOT⏎</div>⏎FOOT


def test_content_tag_id_and_cached_code_output(tmp_path: Path) -> None:
    root = tmp_path / "code"
    shutil.copytree(SITES / "code", root)
    cache = root / "__site/assets/tutorial/code/output/ex1.out"  # what Franklin left from running Julia
    cache.parent.mkdir(parents=True)
    cache.write_text("2\n", encoding="utf-8")
    html = Site(root).page_html("tutorial.md")
    assert html.startswith('<body>\n<main id="content"><pre><code class="language-julia">')
    assert '<pre><code class="plaintext code-output">2\n</code></pre>' in html
    assert html.endswith("</main></body>\n")


def test_computed_variables_and_layout(blog_out: Path) -> None:
    page = Site(BLOG).render("blog/first.md")
    v = page.page_vars
    assert (v["fd_rpath"], v["fd_url"]) == ("blog/first.md", "/blog/first/index.html")
    assert v["fd_full_url"] == "https://example.org/blog/first/index.html"
    assert v["hasmath"] is True and v["hascode"] is False
    assert isinstance(v["fd_mtime_raw"], dt.date)
    assert v["fd_mtime"] == julia_date(v["fd_mtime_raw"], "d U yyyy")
    assert page.redirects == ["/old/first.html"]
    html = (blog_out / "blog/first/index.html").read_text(encoding="utf-8")
    assert "<title>First post | Fixture blog</title>" in html
    assert '<script src="/libs/katex/katex.js"></script>' in html  # {{if hasmath}}
    assert f'<footer class="page-foot">by Ada Example · {v["fd_mtime"]}</footer>\n</div></body>' in html
    index = (blog_out / "index.html").read_text(encoding="utf-8")
    assert '<footer class="page-foot"></footer>' in index  # {{ispage blog/*}} is false there


def test_html_page_is_only_templated(blog_out: Path) -> None:
    assert (blog_out / "about/index.html").read_text(encoding="utf-8") == (
        "<!doctype html>\n<html><head><title>About Fixture blog</title></head>\n"
        "<body><p>Ada Example writes here.</p></body></html>\n")


# -- what a build writes -----------------------------------------------------------------


def test_copies_and_slug(blog_out: Path) -> None:
    assert (blog_out / "css/site.css").read_bytes() == (BLOG / "_css/site.css").read_bytes()
    assert (blog_out / "assets/blog/first/figure.txt").is_file()
    moved = (blog_out / "elsewhere/page/index.html").read_text(encoding="utf-8")
    assert "Written where the slug says." in moved
    assert not (blog_out / "moved").exists()


def test_tag_pages_default_layout(blog_out: Path) -> None:
    html = (blog_out / "tag/julia/index.html").read_text(encoding="utf-8")
    assert "<title>Tag: julia</title>" in html
    assert ('<div class="franklin-content tagpage">\n    <ul><li><a href="/blog/second/">Second post</a></li>'
            '<li><a href="/blog/first/">First post</a></li></ul>\n  </div>') in html
    assert '<li><a href="/blog/first/">First post</a></li></ul>' in (
        blog_out / "tag/static_sites/index.html").read_text(encoding="utf-8")


def test_rss_feed(blog_out: Path) -> None:
    feed = (blog_out / "feed.xml").read_text(encoding="utf-8")
    assert feed.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert '<atom:link\n      href="https://example.org/feed.xml"' in feed
    assert feed.endswith(
        "\n<item>\n  <title>Second post</title>\n  <link>https://example.org/blog/second/index.html</link>\n"
        "  <pubDate>Fri, 2 Jun 2023 00:00:00 UT</pubDate>\n</item>\n"
        "\n<item>\n  <title>First post</title>\n  <link>https://example.org/blog/first/index.html</link>\n"
        "  <pubDate>Mon, 1 May 2023 00:00:00 UT</pubDate>\n</item>\n</channel></rss>")
    tag_feed = (blog_out / "tag/static_sites/feed.xml").read_text(encoding="utf-8")
    assert "First post" in tag_feed and "Second post" not in tag_feed


@pytest.mark.parametrize("seed", range(4))
def test_feed_comments_and_anchor_links_go_as_franklin_patterns_remove_them(seed: int) -> None:
    """The linear scans of an RSS template and item remove what Franklin's lazy patterns do."""
    import random
    import re

    from franklin_compat.site.feeds import finish_item, strip_comments

    pieces = ["<a href=#", '<a href="#', "<a\nhref='#", "<a\n", ">", "</a>", "a", "\n", "<", "<!--", "-->"]
    rng = random.Random(seed)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert strip_comments(text) == re.sub(r"<!--(?:.|\n)*?-->", "", text)
        unwrapped = re.sub(r"""<a\shref=(?:"|')?#.*?>(.*?)</a>""", r"\1", text.replace("\n\n", ""))
        assert finish_item(text) == unwrapped


def test_redirect_sitemap_robots(blog_out: Path) -> None:
    assert (blog_out / "old/first.html").read_text(encoding="utf-8") == (
        '<!-- Generated Redirect -->\n<!doctype html>\n<html>\n<head>\n'
        '  <meta http-equiv="refresh" content=\'0; url="/blog/first/index.html"\'>\n</head>\n</html>\n')
    assert (blog_out / "robots.txt").read_text(encoding="utf-8") == (
        "Sitemap: https://example.org/sitemap.xml\n\nUser-agent: *\nDisallow: /drafts/\n")
    sitemap = (blog_out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/blog/second/index.html</loc>" in sitemap
    assert "blog/first" not in sitemap  # a page with {{redirect}} stays out
    assert ("<loc>https://example.org/about</loc>\n    <lastmod>" in sitemap
            and "<changefreq>yearly</changefreq>\n    <priority>0.2</priority>" in sitemap)  # sitemap_opts


def test_build_is_deterministic(blog_out: Path, tmp_path: Path) -> None:
    Site(BLOG).build(tmp_path / "again")
    cmp = filecmp.dircmp(blog_out, tmp_path / "again")
    assert not (cmp.left_only or cmp.right_only or cmp.diff_files)
    for rel in BLOG_OUTPUTS:
        assert (blog_out / rel).read_bytes() == (tmp_path / "again" / rel).read_bytes(), rel


def test_several_processes_build_the_same_site(blog_out: Path, tmp_path: Path) -> None:
    report = Site(BLOG).build(tmp_path / "jobs", jobs=3)
    assert report.outputs == sorted(p.relative_to(blog_out).as_posix() for p in blog_out.rglob("*")
                                    if p.is_file() and p.name != ".franklin-compat-build")
    for rel in report.outputs:
        assert (blog_out / rel).read_bytes() == (tmp_path / "jobs" / rel).read_bytes(), rel


def test_outputs_get_the_users_umask(tmp_path: Path) -> None:
    """Hugo and Jekyll copy file modes into deployed sites: a 0600 image answers 403."""
    script = ("import os, sys; os.umask(0o027); from franklin_compat.cli import main; "
              "sys.exit(main(['build', sys.argv[1], '--out', sys.argv[2]]))")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-c", script, str(BLOG), str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode in (0, 1), run.stderr
    modes = {oct(p.stat().st_mode & 0o777) for p in out.rglob("*") if p.is_file()}
    dirs = {oct(p.stat().st_mode & 0o777) for p in [out, *out.rglob("*")] if p.is_dir()}
    assert modes == {"0o640"} and dirs == {"0o750"}


def test_a_rebuild_leaves_nothing_of_a_removed_page(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"index.md": "hi", "gone.md": "soon removed"})
    Site(root).build(tmp_path / "out")
    assert (tmp_path / "out" / "gone" / "index.html").is_file()
    (root / "gone.md").unlink()
    Site(root).build(tmp_path / "out")
    assert not (tmp_path / "out" / "gone").exists()
    assert not list(tmp_path.glob(".out.fc-*")), "a staging folder was left beside the output"


def test_a_folder_of_other_files_is_not_replaced(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"index.md": "hi"})
    mine = tmp_path / "documents"
    (mine / "thesis.tex").parent.mkdir(parents=True)
    (mine / "thesis.tex").write_text("precious", encoding="utf-8")
    with pytest.raises(FranklinError) as e:
        Site(root).build(mine)
    assert e.value.code == "FC611" and "no franklin-compat build wrote" in str(e.value)
    assert (mine / "thesis.tex").read_text(encoding="utf-8") == "precious"


def test_failing_page_is_reported_and_skipped(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"ok.md": "fine", "bad.md": "{{if nope}}x{{end}}"})
    report = Site(root).build(tmp_path / "out")
    assert (report.pages, report.failed) == (1, 1)
    assert "ok/index.html" in report.outputs and "bad/index.html" not in report.outputs
    bad = [d for d in report.diagnostics if d.severity.value == "error"]
    assert [(d.path, d.code) for d in bad] == [("bad.md", "FC304")]
    assert {d.code for d in report.diagnostics} >= {"FC602"}  # no _layout at all


def test_output_folder_rules(tmp_path: Path) -> None:
    root = write_site(tmp_path / "s", {"index.md": "hi", "evil.md": '@def slug = "../../escaped"\n'})
    with pytest.raises(FranklinError) as e:
        Site(root).build(root)
    assert e.value.code == "FC603"
    first = Site(root).build(root / "out")
    again = Site(root).build(root / "out")  # the first build's files are not taken as sources
    assert first.outputs == again.outputs and "out/index.html" not in again.outputs
    assert "FC501" in {d.code for d in again.diagnostics}
    assert not (tmp_path / "escaped").exists()


def test_paginate(tmp_path: Path) -> None:
    page = '@def items = ["<li>a</li>", "<li>b</li>", "<li>c</li>"]\n\n~~~<ul>{{paginate items 2}}</ul>~~~\n'
    root = write_site(tmp_path / "s", {"list.md": page})
    report = Site(root).build(tmp_path / "out")
    pages = [p for p in report.outputs if p.startswith("list/")]
    assert pages == ["list/1/index.html", "list/2/index.html", "list/index.html"]
    read = {p: (tmp_path / "out" / p).read_text(encoding="utf-8") for p in pages}
    assert "<ul><li>a</li><li>b</li></ul>" in read["list/index.html"] == read["list/1/index.html"]
    assert "<ul><li>c</li></ul>" in read["list/2/index.html"]


def test_source_date_epoch_clamps_file_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # 2020-09-13, older than any fixture file
    v = Site(BLOG).render("index.md").page_vars
    assert (v["fd_mtime_raw"], v["fd_mtime"]) == (dt.date(2020, 9, 13), "13 September 2020")


def test_julia_date() -> None:
    d = dt.date(2013, 9, 4)
    assert julia_date(d, "U dd, yyyy") == "September 04, 2013"
    assert julia_date(d, "e, d u yy") == "Wed, 4 Sep 13"
    assert julia_date(d, "d U", {"date_months": ["jan", "fév", "mars", "avr", "mai", "juin", "juil",
                                                 "août", "sept", "oct", "nov", "déc"]}) == "4 sept"


# -- plugins and the command line ------------------------------------------------------------


def test_plugins(tmp_path: Path) -> None:
    plugin = tmp_path / "shout.py"
    plugin.write_text("import franklin_compat\n\n@franklin_compat.hfun('shout')\n"
                      "def shout(params, ctx):\n    return ' '.join(params).upper()\n", encoding="utf-8")
    root = write_site(tmp_path / "s", {"index.md": "~~~{{shout hello world}}~~~"})
    try:
        load_plugins([plugin])
        assert "HELLO WORLD" in Site(root).page_html("index.md")
    finally:
        USER_HFUNS.remove("shout")
    with pytest.raises(FranklinError) as missing:
        load_plugins([tmp_path / "nope.py"])
    assert missing.value.code == "FC001"
    broken = tmp_path / "broken.py"
    broken.write_text("raise RuntimeError('boom')\n", encoding="utf-8")
    with pytest.raises(FranklinError) as failing:
        load_plugins([broken])
    assert failing.value.code == "FC609" and "boom" in str(failing.value)


def test_cli_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(BLOG), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr()
    assert out.out.startswith(f"built 10 pages ({len(BLOG_OUTPUTS)} files) into {tmp_path / 'out'} in ")
    assert out.out.rstrip().endswith("0 failed, 0 errors; warnings: none")
    assert out.err == ""  # no progress line when stderr is not a terminal
    root = write_site(tmp_path / "s", {"bad.md": "{{if nope}}x{{end}}"})
    assert main(["build", str(root), "--out", str(tmp_path / "o2")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("bad.md:1:") and " FC304 " in err


# -- the shared corpus -------------------------------------------------------------------------


def test_corpus_output_paths() -> None:
    """For every plain corpus site, our output path of each source page is Franklin's built path."""
    corpus, built = needs_shared("corpus"), needs_shared("corpus-built")
    checked = 0
    for pairs in sorted(built.glob("*/PAIRS.tsv")):
        root = corpus / pairs.parent.name
        if not (root / "config.md").is_file():  # multi-site repositories: see corpus_score.Roots
            continue
        site = Site(root)
        with pairs.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f, delimiter="\t"))[1:]
        assert {site.output_path(src) for src, _ in rows} == {out for _, out in rows}, root.name
        checked += len(rows)
    assert checked > 1000


def test_an_ignore_regex_that_may_backtrack_exponentially_is_left_out(tmp_path: Path) -> None:
    """``r"^(a+)+$"`` on a path of 40 ``a`` and a ``!`` would run for hours in a backtracking
    engine: it is FC604 and dropped; a Julia-only pattern (named group) and flags still work."""
    (tmp_path / "config.md").write_text('@def ignore = [r"^(a+)+$", r"^(?<n>d)raft", r"\\.BAK$"i, r"(a"]\n')
    for name in ("a" * 40 + "!.md", "draft.md", "x.bak", "index.md"):
        (tmp_path / name).write_text("x")
    site = Site(tmp_path)
    assert sorted(f.rel for f in site.files()) == ["a" * 40 + "!.md", "index.md"]
    diags = [d.render() for d in site.diagnostics]
    assert len(diags) == 2 and all(d.startswith("config.md: FC604 the ignore pattern") for d in diags)
    assert "repeats a group that itself repeats" in diags[0] and "missing )" in diags[1]
