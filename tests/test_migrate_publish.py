"""Migrated sites ready to publish (issue #15) and valid, inert output (#16): each defect found by
trying the migration as a user would, on ``fixtures/migrate/mathblog`` (math that Markdown readers
misread, a footnote named with a hyphen, an image whose address is percent-encoded, typed scripts,
a scheme-less ``website_url``) and ``fixtures/migrate/evaluated`` (pages that need Julia, and what
Franklin's build of them shows).  Builds with the real generators are in test_migrate_builds.py."""

from __future__ import annotations

import json
import os
import stat
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from franklin_compat import FranklinError
from franklin_compat.cli.commands import main
from franklin_compat.emit.frontmatter import to_toml, to_yaml
from franklin_compat.migrate import TARGETS, MigrationReport, migrate
from tests.conftest import FIXTURES, to_md

yaml = pytest.importorskip("yaml", reason="PyYAML comes with mkdocs (pip install -e '.[test]')")

MATHBLOG = FIXTURES / "migrate" / "mathblog"
EVALUATED = FIXTURES / "migrate" / "evaluated"


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def run(tmp_path: Path, to: str, site: Path = MATHBLOG, **kw: object) -> tuple[MigrationReport, Path]:
    out = tmp_path / to
    return migrate(site, out, to, **kw), out  # type: ignore[arg-type]


def front(text: str) -> object:
    """The front matter of a page, read by a strict parser (PyYAML's safe loader, tomllib)."""
    if text.startswith("+++\n"):
        return tomllib.loads(text.split("+++\n")[1])
    if text.startswith("---\n"):
        return yaml.safe_load(text.split("---\n")[1])
    return None


# -- the output folder ---------------------------------------------------------------------


def test_a_non_empty_output_is_refused_unless_cleaned_or_forced(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    (out / "blog").mkdir(parents=True)
    (out / "blog" / "stale.md").write_text("an old page\n", encoding="utf-8")
    assert main(["migrate", str(MATHBLOG), "--to", "hugo", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "FC776" in err and "is not empty" in err and "--clean" in err and "--force" in err
    assert (out / "blog" / "stale.md").is_file()  # nothing touched
    assert main(["migrate", str(MATHBLOG), "--to", "hugo", "--out", str(out), "--force", "-q"]) == 0
    assert (out / "blog" / "stale.md").is_file()  # written over: what was there stays
    assert main(["migrate", str(MATHBLOG), "--to", "hugo", "--out", str(out), "--clean", "-q"]) == 0
    assert not (out / "blog" / "stale.md").exists() and (out / "content/blog/sets.md").is_file()


def test_an_output_that_is_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    assert main(["migrate", str(MATHBLOG), "--to", "jekyll", "--out", str(tmp_path / "f")]) == 2
    assert "FC776" in capsys.readouterr().err
    assert main(["migrate", str(MATHBLOG), "--to", "jekyll", "--out", str(tmp_path / "o"),
                 "--report", str(tmp_path / "f" / "r.json")]) == 2
    assert not (tmp_path / "o").exists()  # refused before anything was written


def test_clean_never_deletes_sources(tmp_path: Path) -> None:
    site = tmp_path / "site"
    import shutil

    shutil.copytree(MATHBLOG, site)
    with pytest.raises(FranklinError) as e:
        migrate(site, site / "blog", "gfm", clean=True)
    assert e.value.code == "FC603" and (site / "blog" / "sets.md").is_file()


def test_written_and_copied_files_take_the_users_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        _report, out = run(tmp_path, "hugo")
    finally:
        os.umask(old)
    modes = {p.relative_to(out).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*")
             if p.is_file()}
    assert modes["static/assets/my image.png"] == 0o644  # copied
    assert modes["content/blog/sets.md"] == 0o644 and modes["hugo.toml"] == 0o644  # written
    assert set(modes.values()) == {0o644}


# -- what the command line says ---------------------------------------------------------------


def test_the_summary_groups_by_code_and_next_steps_are_printed(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "r.json"
    assert main(["migrate", str(MATHBLOG), "--to", "hugo", "--out", str(tmp_path / "h"),
                 "--report", str(report)]) == 0
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert any(ln.startswith("FC777 ×1 (warning): website_url 'mathblog.example.org' has no scheme")
               for ln in lines)
    assert sum(ln.startswith("FC713 ×") for ln in lines) == 1  # one group, not one line per case
    assert "\r" not in captured.err  # no progress line: standard error is not a terminal here
    assert "next steps:" in captured.out and "hugo server" in captured.out and str(report) in captured.out
    full = json.loads(report.read_text(encoding="utf-8"))
    # every case in the report: <script>, </script> and the <img> with an event handler
    assert sum(d["code"] == "FC713" for d in full["diagnostics"]) == 3


def test_the_progress_line_goes_to_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from franklin_compat.cli import commands as cli

    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    assert cli._progress() is None
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert cli._progress() is not None


# -- addresses, posts, authors ------------------------------------------------------------------


@pytest.mark.parametrize("to", ["hugo", "jekyll", "mkdocs", "quarto"])
def test_the_site_address_is_absolute(tmp_path: Path, to: str) -> None:
    report, out = run(tmp_path, to)
    text = (out / TARGETS[to].config).read_text(encoding="utf-8")
    config = tomllib.loads(text) if to == "hugo" else yaml.safe_load(text)
    url = {"hugo": lambda c: c["baseURL"], "jekyll": lambda c: c["url"], "mkdocs": lambda c: c["site_url"],
           "quarto": lambda c: c["website"]["site-url"]}[to](config)
    assert url.rstrip("/") == "https://mathblog.example.org"
    assert [d.code for d in report.diagnostics if d.code == "FC777"] == ["FC777"]


def test_jekyll_posts_go_to_posts_with_their_date(tmp_path: Path) -> None:
    report, out = run(tmp_path, "jekyll")
    assert report.urls["/blog/sets/"] == "_posts/2023-04-05-sets.md"
    assert report.urls["/blog/aligned/"] == "_posts/2023-05-06-aligned.md"
    assert report.urls["/blog/"] == "blog/index.md"  # a folder's page is no post
    meta = front((out / "_posts/2023-04-05-sets.md").read_text(encoding="utf-8"))
    assert meta["permalink"] == "/blog/sets/"  # type: ignore[index]


def test_mkdocs_keeps_authors_as_ids_with_their_names(tmp_path: Path) -> None:
    report, out = run(tmp_path, "mkdocs")
    meta = front((out / "docs/blog/sets.md").read_text(encoding="utf-8"))
    assert meta["authors"] == ["ada-example", "bo-builder"]  # type: ignore[index]
    authors = yaml.safe_load((out / "docs/blog/.authors.yml").read_text(encoding="utf-8"))["authors"]
    assert authors["ada-example"]["name"] == "Ada Example" and authors["bo-builder"]["name"] == "Bo Builder"
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["extra"]["authors"]["bo-builder"] == "Bo Builder"
    assert "FC706" not in {d.code for d in report.diagnostics}  # no blog plugin, no date required


@pytest.mark.parametrize("to", ["hugo", "jekyll", "mkdocs", "quarto", "gfm"])
def test_a_percent_encoded_address_leads_to_the_file(tmp_path: Path, to: str) -> None:
    report, out = run(tmp_path, to)
    assert not [d for d in report.diagnostics if d.code == "FC771"]
    static = TARGETS[to].static
    assert (out / static / "assets" / "my image.png").is_file()
    page = (out / report.urls["/blog/sets/"]).read_text(encoding="utf-8")
    if TARGETS[to].links == "rooted":
        assert "(/assets/my%20image.png)" in page
    else:
        assert "my image.png>)" in page  # relative to the page, spaces in CommonMark's <…>


@pytest.mark.parametrize("to", ["hugo", "jekyll", "mkdocs", "quarto", "gfm", "commonmark"])
def test_a_footnote_named_with_a_hyphen_is_a_footnote(tmp_path: Path, to: str) -> None:
    report, out = run(tmp_path, to)
    page = (out / report.urls["/blog/sets/"]).read_text(encoding="utf-8")
    assert "note[^my-note] and" in page and "\n[^my-note]: A footnote whose name has a hyphen." in page
    assert "](<A footnote" not in page and "FC771" not in {d.code for d in report.diagnostics}


# -- math for each reader ------------------------------------------------------------------------


def test_bars_in_inline_math_are_no_table_for_kramdown() -> None:
    text = to_md("The set $S = \\{x \\mid |x| \\le 1\\}$ and $\\|x\\|_2$.\n", "jekyll").text
    assert text == "The set $$S = \\{x \\mid \\vert x\\vert \\le 1\\}$$ and $$\\Vert x\\Vert_2$$.\n"
    assert "|" not in text


def test_display_math_is_raw_html_for_goldmark() -> None:
    text = to_md("$$\na \\\\\n- b\n+ c\n-\n= d < e\n$$\n", "hugo").text
    assert text == '<div class="math">\n$$\na \\\\\n- b\n+ c\n-\n= d &lt; e\n$$\n</div>\n'


def test_mkdocs_inline_math_uses_arithmatex_round_brackets() -> None:
    assert to_md("$a_1 * b_2$ and $ x $\n", "mkdocs").text == "\\(a_1 * b_2\\) and \\(x\\)\n"


def test_emphasis_after_a_line_of_tags_is_kept_out_of_the_html_block() -> None:
    text = to_md('<img src="a.png">\n*caption*\n', "hugo").text
    assert text == '<img src="a.png"> *caption*\n'


# -- valid, inert output --------------------------------------------------------------------------


UNSAFE = "Hello <script>alert(1)</script> <img src=x onerror=alert(1)> and <a href=\"javascript:x()\">a</a>\n"


@pytest.mark.parametrize("to", ["hugo", "jekyll", "mkdocs", "quarto", "documenter"])
def test_typed_scripts_stay_text_in_generator_targets(to: str) -> None:
    res = to_md(UNSAFE, to)
    for live in ("<script", "<img src=x", '<a href="javascript'):
        assert live not in res.text
    assert "FC713" in {x.code for x in res.losses}


CONTROLS = "del\x7f c1\x85\x9f nonchar\ufffe\uffff ls\u2028 bom\ufeff tab\t quote\" back\\"


@pytest.mark.parametrize("to", ["jekyll", "quarto", "mkdocs", "commonmark", "gfm"])
def test_yaml_front_matter_reads_back_strictly_to_the_same_value(to: str) -> None:
    julia = CONTROLS.replace("\\", "\\\\").replace('"', '\\"')
    src = f'@def title = "{julia}"\n\nx\n'
    text = to_md(src, to).text
    assert front(text)["title"] == CONTROLS  # type: ignore[index]


def test_yaml_and_toml_writers_hold_any_string() -> None:
    value = {"k": [CONTROLS, {"n\x7f": CONTROLS}]}
    assert yaml.safe_load(to_yaml({"v": value}))["v"] == value
    assert tomllib.loads(to_toml({"v": value}))["v"] == value


def test_hugo_toml_holds_integers_beyond_64_bits_as_text() -> None:
    res = to_md("@def big = 100000000000000000000\n@def small = -9223372036854775808\n\nx\n", "hugo")
    meta = front(res.text)
    assert meta["params"] == {"big": "100000000000000000000", "small": -9223372036854775808}  # type: ignore[index]
    assert [x.code for x in res.losses] == ["FC703"]


def test_toml_front_matter_holds_every_key() -> None:
    """Built as text, not as a tomlkit document (30 s for 8,000 keys; tests/test_reliability.py
    runs 100,000 under a timeout)."""
    items = {f"k{i}": f"value {i}" for i in range(8000)}
    assert tomllib.loads(to_toml(items, frozenset({"title"}))) == {"params": items}


@pytest.mark.parametrize("to", sorted(TARGETS))
def test_every_configuration_and_front_matter_parses_strictly(tmp_path: Path, to: str) -> None:
    for site in (MATHBLOG, FIXTURES / "sites" / "blog", FIXTURES / "sites" / "migrate"):
        report, out = run(tmp_path / site.name, to, site)
        for rel in report.outputs:
            path = out / rel
            text = path.read_text(encoding="utf-8", errors="strict") if path.suffix != ".png" else ""
            if path.suffix in (".yml", ".yaml"):
                yaml.safe_load(text)
            elif path.suffix == ".toml":
                tomllib.loads(text)
            elif path.suffix == ".json":
                json.loads(text)
            elif path.suffix in (".md", ".qmd") and rel in report.urls.values():
                front(text)


# -- from the build ------------------------------------------------------------------------------


def test_what_needs_julia_is_taken_from_the_build_and_listed(tmp_path: Path) -> None:
    report, out = run(tmp_path, "hugo", EVALUATED / "site", from_build=EVALUATED / "build")
    page = (out / "content/notes.md").read_text(encoding="utf-8")
    assert '<code class="plaintext code-output">55' in page  # the evaluated output
    assert "<li>computed by Julia</li>" in page  # hfun_recent of utils.jl
    assert "y = 2x" in page and "110" in page  # the Literate script's result
    assert "<footer>" not in page and "The end." in page  # only the page's own content
    assert [(h.what, h.name) for h in report.harvested] == [
        ("output", "ex"), ("hfun", "{{recent}}"),
        ("missing", "Literate file matching '/_literate/script.jl' not found.")]
    codes = {d.code for d in report.diagnostics}
    assert not codes & {"FC720", "FC741", "FC742"}
    plain, _ = run(tmp_path / "plain", "hugo", EVALUATED / "site")
    assert {"FC720", "FC741", "FC742"} <= {d.code for d in plain.diagnostics} and not plain.harvested


def test_from_build_must_be_a_folder(tmp_path: Path) -> None:
    with pytest.raises(FranklinError) as e:
        run(tmp_path, "hugo", EVALUATED / "site", from_build=tmp_path / "nowhere")
    assert e.value.code == "FC779"


# -- the starter theme ----------------------------------------------------------------------------


LOADERS = [("hugo", "layouts/partials/math.html"), ("jekyll", "_includes/math.html"),
           ("mkdocs", "theme/fc-math.html")]


@pytest.mark.parametrize(("to", "loader"), LOADERS)
def test_the_theme_loads_the_math_engine_asked_for(tmp_path: Path, to: str, loader: str) -> None:
    _r, katex = run(tmp_path / "k", to)
    assert "katex.min.js" in (katex / loader).read_text(encoding="utf-8")
    _r, mathjax = run(tmp_path / "m", to, math="mathjax", math_url="/mj/")
    assert '<script defer src="/mj/tex-chtml.js">' in (mathjax / loader).read_text(encoding="utf-8")
    _r, none = run(tmp_path / "n", to, math="none")
    assert (none / loader).read_text(encoding="utf-8") == ""
    report, bare = run(tmp_path / "b", to, theme=False)
    assert not (bare / loader).exists() and set(report.outputs) < set(
        run(tmp_path / "t", to)[0].outputs)


def test_no_network_address_is_fetched_only_referenced(tmp_path: Path) -> None:
    """The CDN address is in the pages' HTML for the browser; the tool itself never opens it."""
    import socket

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("the migration opened a network connection")

    saved = socket.socket.connect
    socket.socket.connect = refuse  # type: ignore[method-assign,assignment]
    try:
        _r, out = run(tmp_path, "hugo")
    finally:
        socket.socket.connect = saved  # type: ignore[method-assign]
    assert "cdn.jsdelivr.net/npm/katex" in (out / "layouts/partials/math.html").read_text(encoding="utf-8")


def test_a_page_made_of_an_insert_takes_the_files_html(tmp_path: Path) -> None:
    """SciMLBook's lectures are ``{{ insert ../_weave/…html }}`` and nothing else."""
    site = tmp_path / "site"
    (site / "_weave").mkdir(parents=True)
    (site / "_layout").mkdir()
    (site / "config.md").write_text('@def website_title = "Book"\n', encoding="utf-8")
    (site / "_weave" / "lecture.html").write_text("<h1>Lecture</h1>\n<p>Woven text.</p>\n", encoding="utf-8")
    (site / "lecture.md").write_text("@def title = \"Lecture\"\n\n{{ insert ../_weave/lecture.html }}\n",
                                     encoding="utf-8")
    (site / "missing.md").write_text("{{ insert ../_weave/nowhere.html }}\n", encoding="utf-8")
    report, out = run(tmp_path, "hugo", site)
    assert "<p>Woven text.</p>" in (out / "content/lecture.md").read_text(encoding="utf-8")
    assert [d.path for d in report.diagnostics if d.code == "FC720"] == ["missing.md"]


@pytest.mark.parametrize(("to", "site", "extra"), [
    ("mkdocs", MATHBLOG, []), ("jekyll", MATHBLOG, []),
    ("hugo", EVALUATED, ["--from-build", str(EVALUATED / "build")]),
])
def test_jobs_give_the_same_files_and_report(tmp_path: Path, to: str, site: Path, extra: list[str]) -> None:
    outs = {}
    for jobs in ("1", "3"):
        out, rep = tmp_path / f"out{jobs}", tmp_path / f"report{jobs}.json"
        assert main(["migrate", str(site), "--to", to, "--out", str(out), "--report", str(rep),
                     "--jobs", jobs, "-q", *extra]) in (0, 1)
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        outs[jobs] = files, json.loads(rep.read_text(encoding="utf-8"))
    (files1, report1), (files3, report3) = outs["1"], outs["3"]
    assert report1["pages"] >= 2 and report1 == report3
    assert files1 == files3


def test_a_404_page_with_errors_still_gives_mkdocs_its_404(tmp_path: Path) -> None:
    """MkDocs serves 404.html from its theme: the site's own 404 page is rendered as a build
    renders it (leniently), so an error in it is a diagnostic, not a failed migration."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "config.md").write_text('@def website_url = "https://e.org/"\n', encoding="utf-8")
    (site / "index.md").write_text("# Home\n", encoding="utf-8")
    (site / "404.md").write_text("@def x = (,)\n# Lost\n\nNothing `here.\n", encoding="utf-8")
    report, out = run(tmp_path, "mkdocs", site)
    theme_404 = (out / "theme" / "404.html").read_text(encoding="utf-8")
    assert "Lost" in theme_404 and report.pages == 2
    assert {(d.path, d.line) for d in report.diagnostics if d.code == "FC201"} == {("404.md", 1)}


def test_a_plugin_the_configuration_loads_is_named_in_the_report_and_the_next_steps(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A page's ``{{redirect}}`` makes the Jekyll configuration load jekyll-redirect-from, which a
    plain ``jekyll`` lacks ("Dependency Error"): the report lists it and the next steps say how to
    install it; a site without redirects, or another target, needs none."""
    blog = FIXTURES / "sites" / "blog"
    report_file = tmp_path / "r.json"
    assert main(["migrate", str(blog), "--to", "jekyll", "--out", str(tmp_path / "j"),
                 "--report", str(report_file)]) == 0
    out = capsys.readouterr().out
    assert "install the jekyll-redirect-from plugin" in out
    assert out.index("jekyll-redirect-from") < out.index("jekyll build")  # before the build it needs it for
    assert json.loads(report_file.read_text(encoding="utf-8"))["plugins"] == ["jekyll-redirect-from"]
    assert "jekyll-redirect-from" in (tmp_path / "j" / "_config.yml").read_text(encoding="utf-8")
    report, _ = run(tmp_path / "m", "jekyll")  # mathblog: no redirect
    assert report.plugins == []
    report, _ = run(tmp_path / "h", "hugo", site=blog)  # Hugo's aliases need nothing
    assert report.plugins == []
