"""Franklin's side: hfun/lx/env calls as Franklin makes them, the Franklin and FranklinUtils API, and
realistic utils.jl files of fixtures/julia (navbar, blog index, tags, commands, text processing)."""

from __future__ import annotations

import datetime as dt

import pytest

from franklin_compat.julia_subset import JuliaError, load_program
from franklin_compat.julia_subset.values import Pair

from .test_julia_host import FakeHost, error_of, fixture, run

MENU = {
    "2024": [Pair("Home", "/2024/"), Pair("Talks", [Pair("Keynotes", "/2024/keynotes/"),
                                                    Pair("Schedule", "/2024/schedule/")])],
    "2023": [Pair("Home", "/2023/")],
}


def test_navbar_dispatches_on_the_entry_types() -> None:
    program = fixture("navbar.jl")
    host = FakeHost(page={"fd_rpath": "2024/index.md"}, config={"menu": MENU, "year": "2024"})
    assert program.call_hfun("navbar", [], host) == (
        '<li class="nav-item"><a href="/2024/">Home</a></li>'
        '<li class="dropdown"><span>Talks</span><div><a href="/2024/keynotes/">Keynotes</a>'
        '<a href="/2024/schedule/">Schedule</a></div></li>')
    other = FakeHost(page={"fd_rpath": "2023/x.md"}, config={"menu": MENU})
    assert program.call_hfun("navbar", [], other) == \
        '<li class="nav-item"><a href="/2023/">Home</a></li>'
    assert program.call_hfun("sitename", [], host) == "Example Conf"
    assert program.call_hfun("SiteName", [], host) == "Example Conf"  # Franklin lowercases the name
    assert program.call_hfun("editions", [], host) == \
        '<a href="/2023/">2023</a> | <a href="/2022/">2022</a> | <a href="/2021/">2021</a>'
    assert program.global_names >= {"SITE_NAME", "navitem", "hfun_navbar"}
    assert program.value("SITE_NAME") == "Example Conf"


BLOG = {
    "blog/index.md": "", "blog/first.md": "", "blog/second.md": "", "blog/third.md": "", "blog/notes.txt": "",
}
POSTS = {
    "blog/first": {"title": "First", "date": dt.date(2023, 11, 2)},
    "blog/second": {"title": "Second", "date": dt.date(2024, 2, 29)},
    "blog/third": {"date": dt.date(2024, 1, 15)},
}


def test_blog_index_sorted_by_date_from_pagevar() -> None:
    program = fixture("blog.jl")
    host = FakeHost(BLOG, pages=POSTS)
    assert program.call_hfun("blogindex", [], host) == (
        "<h2>2024</h2>\n<ul>\n"
        '  <li><a href="/blog/second/">Second</a> <span>February 29, 2024</span></li>\n'
        '  <li><a href="/blog/third/">Untitled</a> <span>January 15, 2024</span></li>\n'
        "</ul>\n<h2>2023</h2>\n<ul>\n"
        '  <li><a href="/blog/first/">First</a> <span>November 2, 2023</span></li>\n'
        "</ul>\n")
    assert program.call_hfun("recent", ["2"], host) == "February 29: Second; January 15: Untitled"
    assert program.call_hfun("postcount", [], host) == "3"
    assert program.delayed == {"postcount"}


def test_tag_pages_and_tag_links() -> None:
    program = fixture("tags.jl")
    pages = {"posts/a": {"title": "A <b>", "date": dt.date(2024, 1, 1)},
             "posts/b": {"date": dt.date(2024, 5, 1)},
             "index": {"title": "Home", "date": dt.date(2020, 1, 1)}}
    config = {"fd_tag_pages": {"julia": ["posts/a", "posts/b", "index"], "web_dev": ["index"]}}
    host = FakeHost(page={"tags": ["Julia", "web_dev"], "fd_tag": "julia"}, config=config, pages=pages)
    assert program.call_hfun("pagetags", [], host) == \
        '<div class="tags"><a href="/tag/julia/">Julia</a>, <a href="/tag/web_dev/">web dev</a></div>'
    assert program.call_hfun("taglist", [], host) == (
        '1. <a href="/posts/b/">/posts/b/</a>\n2. <a href="/posts/a/">A <b></a>\n3. <a href="/">Home</a>')
    assert program.call_hfun("tagcloud", [], host) == "julia (3) · web_dev (1)"
    assert program.call_hfun("pagetags", [], FakeHost()) == ""


def test_plain_lx_and_env_functions() -> None:
    program = fixture("commands.jl")
    assert program.lx_names == {"shout", "card", "badge"}
    assert program.env_names == {"note", "panel"}
    assert program.call_lx("shout", ["  hi there "], FakeHost()) == "HI THERE"
    assert program.call_env("note", "\nBody *md*\n", ["Careful"], FakeHost()) == \
        "~~~<aside><b>Careful</b>~~~\nBody *md*\n~~~</aside>~~~"


def test_keyword_commands_of_franklinutils() -> None:
    program = fixture("commands.jl")
    out = program.call_lx("card", ['name="Ada", link="/ada/", level=1 + 1'], FakeHost())
    assert out == '~~~<div class="card level2"><a href="/ada/">Ada</a></div>~~~'
    assert program.call_lx("card", [""], FakeHost()) == \
        '~~~<div class="card level1"><a href="#"></a></div>~~~'
    assert program.call_env("panel", "text", ['title="T"'], FakeHost()) == \
        '~~~<section class="grey"><h2>T</h2>~~~text~~~</section>~~~'
    assert program.call_lx("badge", ['"n", 41, suffix="!"'], FakeHost()) == "~~~<span>n: 42!</span>~~~"


def test_keyword_command_errors_are_franklinutils_errors() -> None:
    program = fixture("commands.jl")
    with pytest.raises(JuliaError) as info:
        program.call_lx("card", ["name=Ada"], FakeHost())
    assert info.value.diagnostic.message == "UndefVarError: `Ada` not defined"
    with pytest.raises(JuliaError) as info:
        program.call_lx("card", ['colour="red"'], FakeHost())
    assert info.value.diagnostic.message == 'MethodError: got unsupported keyword argument "colour"'
    with pytest.raises(JuliaError) as info:
        program.call_lx("card", ['name="a" link="b"'], FakeHost())
    assert "improper options" in info.value.diagnostic.message
    with pytest.raises(JuliaError) as info:
        program.call_env("panel", "body", [], FakeHost())
    assert info.value.julia_type == "BoundsError"


def test_text_processing() -> None:
    program = fixture("text.jl")
    host = FakeHost()
    assert program.call_hfun("linkissues", ["see", "#12", "and", "#7"], host) == (
        'see <a href="https://example.org/issues/12">#12</a> and <a '
        'href="https://example.org/issues/7">#7</a>')
    assert program.call_hfun("datestamp", ["released-2024-03-05.md"], host) == \
        "Tuesday, 5 March 2024 (day 65)"
    assert program.call_hfun("datestamp", ["undated"], host) == "no date"
    assert program.call_hfun("words", ["The cat, the hat.", "A cat!"], host) == "cat=2,the=2,a=1,hat=1"
    assert program.call_hfun("escape", ['<a href="x">&'], host) == "&lt;a href=&quot;x&quot;&gt;&amp;"
    assert program.call_hfun("slug", ["Hello World", "Again!"], host) == "hello-world-again"


def test_hfun_results_are_printed_with_string() -> None:
    host = FakeHost()
    program = load_program("hfun_n() = 1.5\nhfun_v() = [1, 2]\nhfun_nothing() = nothing\nhfun_d() = "
                           "Date(2024, 1, 2)")
    assert [program.call_hfun(n, [], host) for n in ("n", "v", "nothing", "d")] == \
        ["1.5", "[1, 2]", "nothing", "2024-01-02"]


def test_params_are_a_vector_of_strings() -> None:
    src = "hfun_t(p::Vector{String}) = string(length(p), p)\nhfun_u() = \"none\""
    assert run(src, params=["a", "b"]) == '2["a", "b"]'
    program = load_program(src)
    assert program.call_hfun("u", [], FakeHost()) == "none"
    with pytest.raises(JuliaError) as info:
        program.call_hfun("u", ["x"], FakeHost())
    assert info.value.diagnostic.message == "MethodError: no method matching hfun_u(::Vector{String})"


@pytest.mark.parametrize(("expr", "out"), [
    ('get_url("blog/post.md") * get_url("index.md") * get_url("/blog/index.html") * get_url("a/b/")',
     "/blog/post///blog//a/b/"),
    ('Franklin.refstring("Hello, World! <b>x</b> &#33;x") * "|" * Franklin.refstring("Été à la mer")',
     "hello_world_x_x|été_à_la_mer"),
    ("Franklin.htmlesc(\"<a href='x'>(1)</a> & \\$\")", "&lt;a href&#61;&#39;x&#39;&gt;&#40;1&#41;&lt;/a&gt; "
                                                        "&amp; &#36;"),
    ('Franklin.html_err("bad")', '<p><span style="color:red;">// bad //</span></p>'),
    ('Franklin.fd2html("*x*"; internal = true) * fd2html("")', "<fd2html>*x*</fd2html>"),
    ('html("<br>") * lxproc(nothing)', None),
])
def test_franklin_functions(expr: str, out: str | None) -> None:
    if out is None:
        assert error_of(f"using FranklinUtils\nhfun_t() = {expr}").julia_type == "MethodError"
    else:
        assert run(f"hfun_t() = {expr}") == out


def test_set_var_writes_the_page() -> None:
    host = FakeHost(page={"date": dt.date(2024, 1, 2)})
    src = ('function hfun_t()\n  Franklin.set_var!(Franklin.LOCAL_VARS, "rss_pubdate", locvar(:date))\n'
           '  ""\nend')
    assert run(src, host=host) == ""
    assert host.page["rss_pubdate"] == dt.date(2024, 1, 2)
    assert error_of('hfun_t() = Franklin.set_var!(Franklin.GLOBAL_VARS, "x", 1)').code == "FC801"


def test_html_and_lxargs_need_franklinutils() -> None:
    assert error_of('hfun_t() = html("x")').diagnostic.message == "UndefVarError: `html` not defined"
    src = 'using FranklinUtils\nhfun_t() = string(lxargs(":a, 1, b=\\"x\\""))'
    assert run(src) == '(Any[:a, 1], Any[:b => "x"])'


def test_franklin_internals_are_not_in_the_subset() -> None:
    err = error_of('hfun_t() = Franklin.html_code("x", "julia")')
    assert err.code == "FC801" and "Franklin.html_code" in err.diagnostic.message


def test_missing_functions_of_a_program() -> None:
    program = load_program("x = 1")
    with pytest.raises(JuliaError) as info:
        program.call_hfun("nope", [], FakeHost())
    assert info.value.diagnostic.message == "UndefVarError: `hfun_nope` not defined"
    with pytest.raises(JuliaError):
        program.call_lx("nope", [], FakeHost())


def test_franklin_paths_and_markdown_htmlesc() -> None:
    """Franklin.jl's demos: ``hfun_insertmd`` reads ``joinpath(Franklin.path(:folder), rpath)``; its
    docs' ``lx_escape`` calls ``Markdown.htmlesc``.  The site's folder is ``/site`` to the code (its
    place on disk stays unknown), and the paths below it are the site's files."""
    insertmd = '''
function hfun_insertmd(params)
    fullpath = joinpath(Franklin.path(:folder), params[1])
    isfile(fullpath) || return ""
    return read(fullpath, String) * "|" * Franklin.path(:assets) * "|" * Franklin.path(:site)
end'''
    host = FakeHost({"_assets/a.md": "*A*"})
    assert run(insertmd, "insertmd", ["_assets/a.md"], host=host) == "*A*|/site/_assets|/site/__site"
    assert error_of("hfun_t() = Franklin.path(:nowhere)").julia_type == "KeyError"
    assert run('using Markdown\nhfun_t() = Markdown.htmlesc("a<b & (c)")') == "a&lt;b &amp; &#40;c&#41;"
    missing = error_of('using Markdown\nhfun_t() = Markdown.parse("x")').diagnostic
    assert missing.code == "FC802" and "has only htmlesc" in missing.message


def test_the_site_folder_is_cut_off_paths_as_in_franklin() -> None:
    """sciml.ai's redirects: ``fullpath[length(basepath)+1:end]`` is ``/news/…`` when
    ``basepath = Franklin.FOLDER_PATH[]``, as with Franklin's absolute folder."""
    src = '''
function hfun_t()
    basepath = Franklin.FOLDER_PATH[]
    out = String[]
    for (root, _, files) in walkdir(joinpath(basepath, "news"))
        for file in files
            fullpath = joinpath(root, file)
            push!(out, splitext(fullpath[length(basepath)+1:end])[1])
        end
    end
    return join(out, ",") * "|" * string(isfile(joinpath(basepath, "news", "a.md")))
end'''
    assert run(src, host=FakeHost({"news/a.md": "", "news/2020/b.md": ""})) == "/news/a,/news/2020/b|true"
    assert error_of('hfun_t() = read("/sitex/a.md", String)').code == "FC805"
