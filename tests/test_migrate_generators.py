"""Migrated sites built by the real generators: MkDocs (a test dependency) and Hugo (the ``targets``
extra; skipped without it).  Every address of the built pages must lead to a file the build wrote."""

from __future__ import annotations

import importlib.util
import posixpath
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from franklin_compat import convert
from franklin_compat.migrate import migrate
from tests.conftest import FIXTURES, load_benchmark, needs_shared

SITES = [FIXTURES / "sites" / "migrate", FIXTURES / "example"]
_HUGO_CMD = load_benchmark("migrate_generators").generator("hugo")  # 0.132 or later, or None
HUGO = _HUGO_CMD[0] if _HUGO_CMD else None
NO_HUGO = "no Hugo 0.132 or later here (optional: pip install -e '.[targets]')"


def dead_addresses(public: Path, pages: list[Path]) -> list[tuple[str, str]]:
    """``(page, address)`` for each local ``src``/``href`` of ``pages`` that no built file answers."""
    dead = []
    for page in pages:
        here = "/" + page.relative_to(public).parent.as_posix() + "/"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "img"]):
            url = str(tag.get("href") or tag.get("src") or "").split("#")[0]
            if not url or "://" in url or url == "/nowhere/":
                continue
            path = posixpath.normpath(url if url.startswith("/") else posixpath.join(here, url)).lstrip("/")
            target = public / path
            if not (target.is_file() or (target / "index.html").is_file()):
                dead.append((page.relative_to(public).as_posix(), url))
    return dead


def migrated(tmp_path: Path, site: Path, to: str) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = migrate(site, tmp_path / to, to)
    assert report.failed == 0
    return tmp_path / to


@pytest.mark.parametrize("site", SITES, ids=lambda p: p.name)
def test_mkdocs_builds_the_migrated_site_strictly(tmp_path: Path, site: Path) -> None:
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("pymdownx") is None:
        pytest.skip("mkdocs and pymdown-extensions are not installed (pip install -e '.[test]')")
    out = migrated(tmp_path, site, "mkdocs")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "public"],
                         cwd=out, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    pages = sorted((out / "public").rglob("index.html"))
    built = {p.relative_to(out / "public").as_posix() for p in pages}
    assert "index.html" in built and any(b.startswith("blog/") for b in built)
    content = [p for p in pages if p.parent != out / "public" / "search"]
    assert dead_addresses(out / "public", content) == []


@pytest.mark.skipif(HUGO is None, reason=NO_HUGO)
@pytest.mark.parametrize("site", SITES, ids=lambda p: p.name)
def test_hugo_builds_the_migrated_site(tmp_path: Path, site: Path) -> None:
    out = migrated(tmp_path, site, "hugo")
    # a theme is the user's choice; the smallest one that shows the content
    for name in ("single.html", "list.html"):
        layout = out / "layouts" / "_default" / name
        layout.parent.mkdir(parents=True, exist_ok=True)
        layout.write_text("<!doctype html><html><body>{{ .Content }}</body></html>\n", encoding="utf-8")
    assert HUGO is not None
    run = subprocess.run([HUGO, "--quiet", "--destination", "public"], cwd=out, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    public = out / "public"
    pages = [p for p in sorted(public.rglob("index.html")) if "tags" not in p.parts]
    assert any(p.parent.name == "blog" or p.parent.parent.name == "blog" for p in pages)
    assert dead_addresses(public, pages) == []
    html = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert "<!-- raw HTML omitted -->" not in html
    assert '<div class="note">' in html and "[!NOTE]" not in html  # the alert hook: Franklin's div


def seed_page() -> str:
    seed = needs_shared("seed") / "2021-12-1-flux-numfocus.md"
    return seed.read_text(encoding="utf-8")


def test_mkdocs_builds_the_seed_page_converted_for_it(tmp_path: Path) -> None:
    if importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("pymdownx") is None:
        pytest.skip("mkdocs and pymdown-extensions are not installed (pip install -e '.[test]')")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page = convert(seed_page(), "mkdocs")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        'site_name: "seed"\nmarkdown_extensions: ["admonition", "footnotes", "md_in_html", "attr_list",'
        ' {"pymdownx.arithmatex": {"generic": true}}]\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "NumFOCUS" in html and "---\ntitle" not in html  # front matter read, not shown


@pytest.mark.skipif(HUGO is None, reason=NO_HUGO)
def test_hugo_builds_the_seed_page_converted_for_it(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page = convert(seed_page(), "hugo")
    (tmp_path / "content" / "blog").mkdir(parents=True)
    (tmp_path / "content" / "blog" / "seed.md").write_text(page, encoding="utf-8")
    (tmp_path / "hugo.toml").write_text('baseURL = "/"\ntitle = "seed"\n[markup.goldmark.renderer]\n'
                                        "unsafe = true\n", encoding="utf-8")
    layout = tmp_path / "layouts" / "_default" / "single.html"
    layout.parent.mkdir(parents=True)
    layout.write_text("<h1>{{ .Title }}</h1><time>{{ .Date.Format \"2006-01-02\" }}</time>{{ .Content }}\n",
                      encoding="utf-8")
    assert HUGO is not None
    run = subprocess.run([HUGO, "--quiet"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    html = (tmp_path / "public" / "blog" / "seed" / "index.html").read_text(encoding="utf-8")
    assert "<time>2021-12-01</time>" in html and "NumFOCUS" in html


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="no jekyll here (a Ruby gem, or apt's jekyll)")
def test_jekyll_builds_the_migrated_site_at_franklins_urls(tmp_path: Path) -> None:
    site = FIXTURES / "sites" / "blog"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = migrate(site, tmp_path / "jekyll", "jekyll")
    out = tmp_path / "jekyll"
    jekyll = shutil.which("jekyll")
    assert jekyll is not None
    run = subprocess.run([jekyll, "build", "--destination", "public"], cwd=out, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    public = out / "public"
    drafts = {d.path for d in report.diagnostics if d.code == "FC774"}
    assert drafts == {"draft.md"}
    assert not (public / "draft" / "index.html").exists()  # published: false, as Franklin builds no draft
    for url, dest in report.urls.items():  # every other page where Franklin put it
        if dest == "draft.md":
            continue
        target = public / url.lstrip("/")
        assert (target / "index.html" if url.endswith("/") else target).is_file(), url
    assert (public / "old" / "first.html").is_file()  # {{redirect}} through jekyll-redirect-from
    pages = sorted(public.rglob("*.html"))
    # the only dead ones are those the migration reported (Franklin's tag pages: Jekyll has none)
    reported = {d.message.split("'")[1] for d in report.diagnostics if d.code == "FC771"}
    assert reported == {"/tag/julia/"}
    assert {url for _page, url in dead_addresses(public, pages)} == reported


def _build(out: Path, to: str) -> Path | None:
    """Build the migrated site ``out`` with the real generator; None when it is not installed."""
    if to == "mkdocs":
        if importlib.util.find_spec("mkdocs") is None:
            return None
        cmd = [sys.executable, "-m", "mkdocs", "build", "--site-dir", "public"]
    else:
        tool = HUGO if to == "hugo" else shutil.which("jekyll")
        if tool is None:
            return None
        cmd = [tool, "--quiet", "--destination", "public"] if to == "hugo" else [
            tool, "build", "--destination", "public"]
    run = subprocess.run(cmd, cwd=out, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return out / "public"


@pytest.mark.parametrize("to", ["mkdocs", "hugo", "jekyll"])
def test_the_starter_theme_separates_date_authors_and_tags(tmp_path: Path, to: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "config.md").write_text('@def title = "S"\n', encoding="utf-8")
    (site / "tagged.md").write_text('@def title = "T"\n@def tags = ["ab", "cd"]\n\n# T\n\nx\n',
                                    encoding="utf-8")
    (site / "dated.md").write_text('@def title = "D"\n@def date = Date(2021, 1, 2)\n@def author = "Ann"\n'
                                   '@def tags = ["ab"]\n\n# D\n\nx\n', encoding="utf-8")
    public = _build(migrated(tmp_path, site, to), to)
    if public is None:
        pytest.skip(f"{to} is not installed here")

    def meta(page: str) -> str:
        soup = BeautifulSoup((public / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        p = soup.find("p", class_="fc-meta")
        assert p is not None, page
        return " ".join(p.get_text(" ").split())

    assert meta("tagged") == "ab cd"  # no separator before the first item, tags as typed
    day, author, tags = meta("dated").split(" · ")
    assert day in ("2 January 2021", "2021-01-02") and (author, tags) == ("Ann", "ab")
