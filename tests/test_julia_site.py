"""A site's ``utils.jl`` run where Franklin calls it: fixtures/sites/julia (navbar, blog index,
a command, an environment, config.md values written as Julia, and two functions that fail)."""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import pytest

import franklin_compat
from franklin_compat.cli import main
from franklin_compat.core.diagnostics import Severity
from franklin_compat.core.hooks import USER_HFUNS
from franklin_compat.site.site import Site
from tests.conftest import FIXTURES

SITE = FIXTURES / "sites" / "julia"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    (tmp_path / "outside.txt").write_text("a secret", encoding="utf-8")
    return root


def render(root: Path, page: str, **kw: bool) -> tuple[str, list[str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = Site(root, **kw).render(page)
    return r.files[0][1], [d.render() for d in r.diagnostics]


def test_the_navbar_comes_from_utils_jl(site: Path) -> None:
    html, diags = render(site, "blog/index.md")
    nav = '<nav><a href="/">Home</a><a href="/blog/" class="active">Blog</a><a href="/about/">About</a></nav>'
    assert nav in html
    assert diags == []


def test_the_blog_index_lists_every_post_newest_first(site: Path) -> None:
    html, _ = render(site, "blog/index.md")
    assert ('<ul><li><a href="/blog/second/">Second post</a> (2 March 2024)</li>'
            '<li><a href="/blog/first/">First post</a> (10 January 2024)</li></ul>') in html
    (site / "blog" / "third.md").write_text('+++\ntitle = "Third"\ndate = Date(2024, 6, 1)\n+++\n')
    html, _ = render(site, "blog/index.md")
    assert html.index("Third") < html.index("Second post")


def test_commands_environments_and_config_values(site: Path) -> None:
    html, diags = render(site, "index.md")
    assert '<div class="note">READ THE BLOG</div>' in html  # lx_note returns Markdown, parsed again
    card = html[html.index('<div class="card">'):]
    assert card.startswith('<div class="card"><h3>Latest</h3>') and "Some <em>news</em>." in card  # @env
    assert "&copy; Ada 2025" in html  # {{copyright Ada}}, with year = Dates.year(…) + 1 from config.md
    assert diags == []


def test_what_cannot_be_evaluated_is_reported_and_kept(site: Path) -> None:
    html, diags = render(site, "broken.md")
    assert "<p>{{broken}} and {{secret}}</p>" in html  # never dropped
    assert diags[0].startswith("broken.md:3:1: FC803 {{broken}} could not be evaluated: UndefVarError: "
                               "`undefined_name` not defined (at utils.jl:")
    assert diags[1].startswith("broken.md:3:16: FC805 {{secret}} could not be evaluated: the sandbox refuses")
    assert "a secret" not in html


def test_python_replacements_come_first(site: Path) -> None:
    USER_HFUNS.add("navbar", lambda params, ctx: "<nav>from Python</nav>", replace=True)
    try:
        html, _ = render(site, "index.md")
    finally:
        USER_HFUNS.remove("navbar")
    assert "<nav>from Python</nav>" in html and "About" not in html


def test_julia_off_leaves_the_calls_unrun(site: Path) -> None:
    html, diags = render(site, "blog/index.md", julia=False)
    assert "First post" not in html and "<nav></nav>" in html
    assert any("FC310" in d for d in diags)
    with pytest.raises(franklin_compat.FranklinError):  # config.md's Julia is not evaluated either
        franklin_compat.convert("@def y = Dates.year(Date(2024, 1, 1))", site=Site(site, julia=False))


def test_a_build_with_and_without_julia(site: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(site), "--out", str(tmp_path / "on")]) == 1  # broken.md has an error
    assert "Second post" in (tmp_path / "on" / "blog" / "index.html").read_text(encoding="utf-8")
    assert main(["build", str(site), "--out", str(tmp_path / "off"), "--no-julia"]) == 1  # config.md's Julia
    assert "Second post" not in (tmp_path / "off" / "blog" / "index.html").read_text(encoding="utf-8")
    capsys.readouterr()


def test_a_syntax_error_in_utils_jl_is_one_diagnostic_and_the_rest_loads(site: Path) -> None:
    utils = site / "utils.jl"
    utils.write_text(utils.read_text(encoding="utf-8") + "\nfunction oops(\n", encoding="utf-8")
    s = Site(site)
    errors = [d for d in s.diagnostics if d.severity is Severity.ERROR]
    assert [d.path for d in errors] == ["utils.jl"] and errors[0].code == "FC800"
    html, _ = render(site, "blog/index.md")
    assert "Second post" in html


def test_the_site_reports_config_md_then_utils_jl_then_the_ignore_rules(tmp_path: Path) -> None:
    """utils.jl runs when first needed, after the ignore rules are read: its diagnostics still
    come between config.md's and theirs, in the order the files are read."""
    (tmp_path / "config.md").write_text('@def ignore = [r"^(a+)+$"]\n@def x = nosuchfunction(1)\n',
                                        encoding="utf-8")
    (tmp_path / "utils.jl").write_text("function oops(\n", encoding="utf-8")
    codes = [(d.path, d.code) for d in Site(tmp_path).diagnostics]
    assert codes == [("config.md", "FC201"), ("utils.jl", "FC800"), ("config.md", "FC604")]


def test_two_processes_convert_each_page_once_and_build_what_one_does(tmp_path: Path) -> None:
    """The blog index reads the posts' variables (``pagevar``): in the first round it waits, so
    that no worker converts a post again for it; the second round builds it with them known."""
    from franklin_compat.core.parallel import ordered_map
    from franklin_compat.site.build import _plan_first
    from franklin_compat.site.files import Kind

    site = Site(SITE)
    pages = [f for f in site.files() if f.kind is not Kind.COPY]
    first = list(ordered_map(_plan_first, site, pages, 2))
    waited = {f.rel for f, plan in zip(pages, first, strict=True) if plan is None}
    assert "blog/index.md" in waited and not waited & {"blog/first.md", "blog/second.md"}
    one = Site(SITE).build(tmp_path / "one", jobs=1)
    two = Site(SITE).build(tmp_path / "two", jobs=2)
    assert one.outputs == two.outputs and "blog/index.html" in one.outputs
    for rel in one.outputs:
        assert (tmp_path / "one" / rel).read_bytes() == (tmp_path / "two" / rel).read_bytes(), rel


def test_isdir_and_isfile_answer_as_the_system_does(tmp_path: Path) -> None:
    """``path_kind`` reads a folder once per call and answers its names from the listing: the
    answers are the system's, links followed and kept inside the site, whatever the order."""
    from franklin_compat.site.julia import SiteHost

    root = tmp_path / "site"
    (root / "news" / "2024" / "01" / "05").mkdir(parents=True)
    (root / "news" / "2024" / "01" / "05" / "post.md").write_text("x")
    (root / "config.md").write_text("")
    (tmp_path / "secret").mkdir()
    (root / "inner").symlink_to(root / "news" / "2024")
    (root / "outer").symlink_to(tmp_path / "secret")
    (root / "dangling").symlink_to(root / "nothing")
    asked = ["news/2024/01/06", "news/2024/01/05", "news/2023/12/31", "news/2023", "news/2024/01/05/post.md",
             "news/2024/01/05/post.md/x", "News", "news/2024/01/05/Post.md", "inner", "inner/01/05",
             "inner/01/04", "outer", "outer/x", "dangling", "dangling/x", "config.md", "news", "nothing/a/b"]

    def expected(rel: str) -> str:
        real = (root / rel).resolve()
        if not real.is_relative_to(root.resolve()):
            return "refused"
        return "dir" if real.is_dir() else "file" if real.is_file() else ""

    def answer(host: SiteHost, rel: str) -> str:
        try:
            return host.path_kind(rel)
        except PermissionError:
            return "refused"

    site = Site(root)
    want = [expected(rel) for rel in asked]
    assert want.count("dir") == 4 and want.count("file") == 2 and want.count("refused") == 2
    for order in (asked, asked[::-1], sorted(asked)):
        host = SiteHost(site, "index.md")
        got = {rel: answer(host, rel) for rel in order}
        assert [got[rel] for rel in asked] == want


def test_randstring_ids_are_drawn_from_the_call(tmp_path: Path) -> None:
    """GiggleLiu's players: ``"asciinema" * randstring()`` ties each element to its script.  Each
    call on a page gets its own id, and a build gives the same ids every time."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "config.md").write_text("")
    (root / "utils.jl").write_text('using Random\nfunction hfun_player(src)\n    id = "p" * randstring()\n'
                                   '    return "<div id=\\"$id\\" data-src=\\"$(src[1])\\"></div>" * '
                                   'Random.randstring(\'a\':\'c\', 3)\nend\n')
    (root / "index.md").write_text("{{player a.cast}}\n\n{{player b.cast}}\n")
    (root / "other.md").write_text("{{player a.cast}}\n")
    first, diags = render(root, "index.md")
    again, _ = render(root, "index.md")
    other, _ = render(root, "other.md")
    assert diags == [] and first == again
    ids = re.findall(r'<div id="p([0-9A-Za-z]{8})" data-src="[ab].cast"></div>([abc]{3})', first)
    assert len(ids) == 2 and ids[0] != ids[1]
    assert re.findall(r'<div id="p([0-9A-Za-z]{8})"', other)[0] != ids[0][0]  # another page, another id


REDIRECTS = '''
function hfun_redirects()
    basepath = Franklin.FOLDER_PATH[]
    for n in readdir(basepath)
        endswith(n, ".md") || continue
        n in ("index.md", "config.md") && continue
        name = splitext(n)[1]
        dst = joinpath(basepath, "__site", name * ".html")
        isfile(dst) && continue
        mkpath(dirname(dst))
        write(dst, "<meta http-equiv=\\"refresh\\" content=\\"0; url=/$name/\\">")
    end
    return ""
end
'''


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_files_an_html_function_writes_into_the_built_site(tmp_path: Path, jobs: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """sciml.ai's ``hfun_add_redirects`` writes a redirect page per page into ``__site``: a build
    writes them into its output folder (a page's own file wins); the sources are never changed."""
    root = tmp_path / "site"
    (root / "_layout").mkdir(parents=True)
    for name in ("head.html", "page_foot.html"):
        (root / "_layout" / name).write_text("")
    (root / "_layout" / "foot.html").write_text("{{redirects}}")
    (root / "config.md").write_text("")
    (root / "utils.jl").write_text(REDIRECTS)
    for name in ("index", "about", "blog", "404"):
        (root / f"{name}.md").write_text(f"# {name}\n")
    (root / "blog.md").write_text("# blog\n\n{{redirects}}\n")  # in a page too, as sciml.ai's news/index.md
    assert main(["build", str(root), "--out", str(tmp_path / "out"), "--jobs", jobs]) == 0
    out = tmp_path / "out"
    assert 'url=/about/"' in (out / "about.html").read_text(encoding="utf-8")
    assert 'url=/blog/"' in (out / "blog.html").read_text(encoding="utf-8")
    assert "<h1" in (out / "404.html").read_text(encoding="utf-8")  # the page 404.md wins over its redirect
    assert not (root / "__site").exists()
    # one page rendered alone: what its functions wrote is returned, and nothing is written
    page = Site(root).render("about.md")
    assert [p for p, _ in page.outputs] == ["404.html", "about.html", "blog.html"]
    assert not (root / "__site").exists()
    capsys.readouterr()
    assert main(["check", str(root)]) == 0  # the check runs it as a build does: nothing to say
    assert "FC331" not in capsys.readouterr().out
