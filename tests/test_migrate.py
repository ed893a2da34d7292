"""Whole-site migration (fixtures/sites/migrate): where each target puts things, addresses that still
lead somewhere, what is reported, and that sources are never touched."""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import shutil
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from franklin_compat import FranklinError
from franklin_compat.cli.commands import main
from franklin_compat.migrate import TARGETS, MigrationReport, migrate
from franklin_compat.migrate.themes import theme_files
from tests.conftest import FIXTURES

SITE = FIXTURES / "sites" / "migrate"

PAGES = {  # target -> the files of the four pages (index, blog/index, blog/post, blog/other)
    "hugo": ["content/_index.md", "content/blog/_index.md", "content/blog/post.md", "content/blog/other.md"],
    "jekyll": ["index.md", "blog/index.md", "_posts/2022-03-04-post.md", "blog/other.md"],
    "quarto": ["index.qmd", "blog/index.qmd", "blog/post.qmd", "blog/other.qmd"],
    "mkdocs": ["docs/index.md", "docs/blog/index.md", "docs/blog/post.md", "docs/blog/other.md"],
    "documenter": ["src/index.md", "src/blog/index.md", "src/blog/post.md", "src/blog/other.md"],
    "commonmark": ["index.md", "blog/index.md", "blog/post.md", "blog/other.md"],
    "gfm": ["index.md", "blog/index.md", "blog/post.md", "blog/other.md"],
}
STATIC = {"hugo": "static/", "mkdocs": "docs/", "documenter": "src/"}
CONFIG = {"hugo": "hugo.toml", "jekyll": "_config.yml", "quarto": "_quarto.yml", "mkdocs": "mkdocs.yml",
          "documenter": "make.jl"}
ADDRESS = re.compile(r"\]\(([^)\s]+)\)|(?:src|href)=[\"']([^\"']+)[\"']")


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(tmp_path: Path, to: str, site: Path = SITE) -> tuple[MigrationReport, Path]:
    out = tmp_path / to
    return migrate(site, out, to), out


@pytest.mark.parametrize("to", sorted(TARGETS))
def test_each_target_gets_its_layout(tmp_path: Path, to: str) -> None:
    report, out = run(tmp_path, to)
    static = STATIC.get(to, "")
    expected = {*PAGES[to], static + "assets/img/plot.png", static + "blog/post/data.csv"}
    if to in CONFIG:
        expected.add(CONFIG[to])
    expected |= set(TARGETS[to].extra) | set(theme_files(TARGETS[to], "katex"))
    assert set(tree(out)) == expected
    assert sorted(report.outputs) == sorted(expected)
    assert (report.pages, report.failed, report.copied) == (4, 0, 2)
    assert report.urls["/blog/post/"] == PAGES[to][2]


@pytest.mark.parametrize("to", sorted(TARGETS))
def test_every_address_leads_to_a_file_the_migration_wrote(tmp_path: Path, to: str) -> None:
    """Relative targets point at the files; rooted ones (Hugo, Jekyll) keep Franklin's URLs, served alike.

    Raw HTML of targets that serve pages elsewhere than their files: see the next test.
    """
    report, out = run(tmp_path, to)
    files = set(tree(out))
    static = STATIC.get(to, "")
    checked = 0
    for page in PAGES[to]:
        text = (out / page).read_text(encoding="utf-8")
        for m in ADDRESS.finditer(text):
            url = (m.group(1) or m.group(2)).split("#")[0]
            if not url or "://" in url or url == "/nowhere/" or (m.group(2) and TARGETS[to].served != "file"):
                continue
            checked += 1
            if TARGETS[to].links == "rooted":
                assert url.startswith("/"), (page, url)
                assert url in report.urls or static + url.lstrip("/") in files, (page, url)
            else:
                assert not url.startswith("/"), (page, url)
                assert posixpath.normpath(posixpath.join(posixpath.dirname(page), url)) in files, (page, url)
    assert checked >= 9


def test_relative_targets_rewrite_links_images_and_raw_html(tmp_path: Path) -> None:
    _report, out = run(tmp_path, "mkdocs")
    post = (out / "docs/blog/post.md").read_text(encoding="utf-8")
    assert "[the other post](other.md)" in post and "[its part](other.md#part)" in post
    assert "[home](../index.md)" in post and "![a plot](../assets/img/plot.png)" in post
    assert "[data](post/data.csv)" in post
    # raw HTML is served as written, from the page's address /blog/post/
    assert '<img src="../../assets/img/plot.png" alt="raw"><a href=\'../other/\'>raw link</a>' in post
    assert "[the other one](blog/other.md#part)" in (out / "docs/index.md").read_text(encoding="utf-8")
    other = (out / "docs/blog/other.md").read_text(encoding="utf-8")
    assert '<a href="../../">home, raw</a> <img src="../post/data.csv">' in other
    _report, quarto = run(tmp_path, "quarto")  # /blog/post.html
    post = (quarto / "blog/post.qmd").read_text(encoding="utf-8")
    assert "[the other post](other.qmd)" in post
    assert '<img src="../assets/img/plot.png" alt="raw"><a href=\'other.html\'>raw link</a>' in post
    _report, gfm = run(tmp_path, "gfm")  # nothing served: relative to the file
    post = (gfm / "blog/post.md").read_text(encoding="utf-8")
    assert '<img src="../assets/img/plot.png" alt="raw"><a href=\'other.md\'>raw link</a>' in post


def test_a_dead_link_is_kept_and_reported_where_it_is(tmp_path: Path) -> None:
    report, out = run(tmp_path, "commonmark")
    dead = [d for d in report.diagnostics if d.code == "FC771"]
    assert [(d.path, d.line, d.col) for d in dead] == [("blog/post.md", 14, 15)]
    assert "[gone](/nowhere/)" in (out / "blog/post.md").read_text(encoding="utf-8")


def test_front_matter_and_configuration_are_what_each_generator_reads(tmp_path: Path) -> None:
    _r, hugo = run(tmp_path, "hugo")
    config = tomllib.loads((hugo / "hugo.toml").read_text(encoding="utf-8"))
    assert config["baseURL"] == "https://example.org/" and config["title"] == "Migration fixture"
    assert config["markup"]["goldmark"]["renderer"]["unsafe"] is True
    page = (hugo / "content/blog/post.md").read_text(encoding="utf-8")
    front = tomllib.loads(page.split("+++\n")[1])
    assert front["title"] == "A post" and str(front["date"]) == "2022-03-04" and front["tags"] == ["demo"]
    assert "hascode" not in front
    _r, jekyll = run(tmp_path, "jekyll")
    assert 'permalink: "/blog/post/"' in (jekyll / "_posts/2022-03-04-post.md").read_text(encoding="utf-8")
    _r, quarto = run(tmp_path, "quarto")
    qmd = (quarto / "blog/post.qmd").read_text(encoding="utf-8")
    assert 'aliases: ["/blog/post/"]' in qmd and 'categories: ["demo"]' in qmd
    _r, documenter = run(tmp_path, "documenter")
    make = (documenter / "make.jl").read_text(encoding="utf-8")
    pages = re.findall(r'^ {8}"([^"]+)",$', make, re.M)
    assert pages == ["index.md", "blog/index.md", "blog/other.md", "blog/post.md"]
    assert 'sitename = "Migration fixture"' in make


def test_what_is_not_carried_over_is_reported(tmp_path: Path) -> None:
    report, _out = run(tmp_path, "hugo")
    codes = {(d.code, d.path) for d in report.diagnostics}
    assert ("FC701", "blog/post.md") in codes  # hascode, a Franklin build flag
    assert ("FC772", "_layout/") in codes  # the layout stays behind
    assert "FC710" not in {c for c, _ in codes}  # hugo.toml turns raw HTML on


def test_sources_are_untouched_and_two_runs_give_the_same_tree(tmp_path: Path) -> None:
    before = hashlib.sha256(json.dumps({k: v.hex() for k, v in tree(SITE).items()}).encode()).hexdigest()
    _r, first = run(tmp_path / "a", "quarto")
    _r, second = run(tmp_path / "b", "quarto")
    assert tree(first) == tree(second)
    after = hashlib.sha256(json.dumps({k: v.hex() for k, v in tree(SITE).items()}).encode()).hexdigest()
    assert before == after


def test_a_page_that_cannot_be_read_is_reported_and_the_others_go_through(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "latin.md").write_bytes("caf\u00e9\n".encode("latin-1"))
    report, out = run(tmp_path, "gfm", site)
    assert report.failed == 1 and report.pages == 4
    assert [d.render() for d in report.diagnostics if d.code == "FC002"] == [
        "latin.md:1:4: FC002 not UTF-8: byte 0xe9 at byte offset 3"]
    assert (out / "blog/post.md").is_file() and not (out / "latin.md").exists()


def test_two_pages_at_one_url_are_reported(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (site / "blog" / "post" / "index.md").write_text("# Same place\n", encoding="utf-8")
    report, out = run(tmp_path, "gfm", site)
    clash = [d for d in report.diagnostics if d.code == "FC775"]
    assert [d.path for d in clash] == ["blog/post/index.md"] and "blog/post.md" in clash[0].message
    assert report.pages == 5 and report.urls["/blog/post/"] == "blog/post/index.md"
    assert (out / "blog/post/index.md").read_text(encoding="utf-8") == "# Same place\n"


def test_an_output_folder_inside_the_site_is_not_read_as_sources(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    migrate(site, site / "moved", "commonmark")
    report = migrate(site, site / "moved", "commonmark", force=True)
    assert (report.pages, report.copied) == (4, 2)
    with pytest.raises(FranklinError) as e:
        migrate(site, tmp_path, "commonmark")
    assert e.value.code == "FC603"
    with pytest.raises(FranklinError) as e:
        migrate(site, tmp_path / "x", "docusaurus")
    assert e.value.code == "FC770"


def test_a_killed_run_leaves_no_temporary_file_after_the_next(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "blog").mkdir(parents=True)
    (out / "blog" / ".fc-tmp-abcd1234").write_text("half a page", encoding="utf-8")
    migrate(SITE, out, "commonmark", force=True)  # the killed run's folder: written over
    assert not any(".fc-tmp-" in p for p in tree(out))


def test_the_command_line_prints_the_losses_and_writes_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["migrate", str(SITE), "--to", "hugo", "--out", str(tmp_path / "hugo"),
                 "--report", str(tmp_path / "report.json")])
    captured = capsys.readouterr()
    assert code == 0
    assert "FC771 ×1 (warning): '/nowhere/' leads to no page or file of the site" in captured.err
    assert "    at blog/post.md:14:15\n" in captured.err
    assert captured.out.startswith("migrated 4 pages and copied 2 files into")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["target"] == "hugo" and report["urls"]["/"] == "content/_index.md"
    assert [(d["path"], d["line"], d["col"]) for d in report["diagnostics"] if d["code"] == "FC771"] == [
        ("blog/post.md", 14, 15)]


@pytest.mark.parametrize(("to", "page", "field"), [
    ("hugo", "content/blog/first.md", 'aliases = ["/old/first.html"]'),
    ("jekyll", "_posts/2023-05-01-first.md", 'redirect_from: ["/old/first.html"]'),
    ("quarto", "blog/first.qmd", 'aliases: ["/blog/first/", "/old/first.html"]'),
])
def test_a_redirect_call_becomes_the_targets_redirect_field(tmp_path: Path, to: str, page: str,
                                                              field: str) -> None:
    report, out = run(tmp_path, to, FIXTURES / "sites" / "blog")
    text = (out / page).read_text(encoding="utf-8")
    assert field in text and "{{redirect" not in text
    assert not [d for d in report.diagnostics if d.code == "FC720" and d.path == "blog/first.md"]


def test_a_redirect_call_without_a_field_in_the_target_is_kept_and_reported(tmp_path: Path) -> None:
    report, out = run(tmp_path, "mkdocs", FIXTURES / "sites" / "blog")
    assert "<!-- {{redirect /old/first.html}} -->" in (out / "docs/blog/first.md").read_text(encoding="utf-8")
    assert [(d.path, d.line) for d in report.diagnostics if d.code == "FC720"] == [("blog/first.md", 8)]


def test_nothing_is_read_outside_the_site_nor_written_outside_the_output(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    (tmp_path / "secret.txt").write_text("the secret", encoding="utf-8")
    (site / "_assets" / "img" / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (site / "away.md").write_text('+++\nslug = "../../../escaped"\n+++\n\nx\n', encoding="utf-8")
    report, out = run(tmp_path, "commonmark", site)
    assert b"the secret" not in tree(out).values()
    assert not (tmp_path / "escaped.md").exists() and not (tmp_path.parent / "escaped.md").exists()
    refused = {(d.code, d.path) for d in report.diagnostics if d.code == "FC501"}
    assert refused == {("FC501", "_assets/img/leak.txt"), ("FC501", "away.md")}
    assert report.failed == 1 and (out / "blog/post.md").is_file()
