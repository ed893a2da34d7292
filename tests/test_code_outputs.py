"""Evaluated code: Franklin's names, the outputs it cached, and how every block ends.

``fixtures/sites/code-eval`` is a small site with Franklin's cache under ``__site/assets``:
named, ```` ```! ```` and ``showall`` blocks (``blocks.md``, ``showall.md``), a Literate script
(``tutorial.md``), a stale cache (``stale.md``, ``stale-skip.md``), no cache (``missing.md``)
and figures written by code (``plot.md``).  The expected HTML is Franklin's (reference §3.10,
``src/eval/codeblock.jl``, ``src/converter/latex/io.jl``).
"""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from franklin_compat import FranklinError
from franklin_compat.cli.commands import main
from franklin_compat.core.diagnostics import Diagnostic, Severity
from franklin_compat.emit.markdown import to_markdown
from franklin_compat.expand.codecache import SCRIPT_HEADER, Outcome, code_paths, show_text
from franklin_compat.page.pipeline import PageResult
from franklin_compat.reading import ast as A
from franklin_compat.site.site import Site
from tests.conftest import FIXTURES

SITE = FIXTURES / "sites" / "code-eval"
OUT = '<pre><code class="plaintext code-output">'
JL = '<pre><code class="language-julia">'
RED = '<p><span style="color:red;">// {} //</span></p>'
PAGES = ("blocks.md", "showall.md", "tutorial.md", "stale.md", "stale-skip.md", "missing.md", "plot.md")
OUTCOME_CODES = {"FC414": Outcome.USED, "FC415": Outcome.STALE, "FC411": Outcome.MISSING}


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    return root


def stage(root: Path, page: str) -> PageResult:
    return Site(root).markdown_stage(page)


def outcomes(res: PageResult) -> list[tuple[int | None, int | None, Outcome, str]]:
    return [(d.line, d.col, OUTCOME_CODES[d.code], d.message.split("'")[1])
            for d in res.diagnostics if d.code in OUTCOME_CODES]


def write(root: Path, rel: str, text: str) -> None:
    f = root / rel
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(text, encoding="utf-8")


# -- names (Franklin's parse_rpath / form_codepaths) ----------------------------------------


@pytest.mark.parametrize(("page", "name", "script", "out"), [
    ("index.md", "ex", "/assets/index/code/ex.jl", "/assets/index/code/output/ex.out"),
    ("b/post.md", "sub/ex", "/assets/b/post/code/sub/ex.jl", "/assets/b/post/code/sub/output/ex.out"),
    ("blog/index.md", "./ex", "/assets/blog/ex.jl", "/assets/blog/output/ex.out"),
    ("b/post.md", "./code/ex", "/assets/b/post/code/ex.jl", "/assets/b/post/code/output/ex.out"),
    ("sandbox.md", "./exdot.jl", "/assets/sandbox/exdot.jl", "/assets/sandbox/output/exdot.out"),
    ("a.md", "/scripts/ex", "/scripts/ex.jl", "/scripts/output/ex.out"),
    ("a.md", "/_assets/scripts/s1.jl", "/assets/scripts/s1.jl", "/assets/scripts/output/s1.out"),
    ("a.md", "a.b", "/assets/a/code/a.b.jl", "/assets/a/code/output/a.b.out"),  # only `.jl` is dropped
    ("a.md", "_ceval_3", "/assets/a/code/_ceval_3.jl", "/assets/a/code/output/_ceval_3.out"),
    ("articles/On an Arduino/index.md", "ex", "/assets/articles/On an Arduino/code/ex.jl",
     "/assets/articles/On an Arduino/code/output/ex.out"),
    ("myindex.md", "./ex", "/assets/my/ex.jl", "/assets/my/output/ex.out"),  # Franklin's own quirk
])
def test_code_paths(page: str, name: str, script: str, out: str) -> None:
    paths = code_paths(name, page)
    assert (paths.script, paths.out, paths.res) == (script, out, out[:-4] + ".res")


@pytest.mark.parametrize("name", ["", "/", "./", "../../../../../x", "/a/../../x"])
def test_names_that_are_no_path_are_refused(name: str) -> None:
    with pytest.raises(FranklinError) as e:
        code_paths(name, "blog/post.md")
    assert e.value.code == "FC501"


# -- \show, \output, ```!, showall ------------------------------------------------------------


@pytest.mark.parametrize(("out", "res", "shown"), [
    ("", "4", "4"),
    ("x is 2", "4", "x is 2\n4"),  # Franklin adds the line break
    ("a\n", "4", "a\n4"),
    ("hello", "nothing", "hello"),
    ("", "nothing", ""),
    ("UndefVarError: update not defined\n", "nothing", "UndefVarError: update not defined\n"),
    ("", "Main.FD_SANDBOX_123.T(1)", "T(1)"),
    ("", " nothing", " nothing"),  # an exact comparison
])
def test_show_text(out: str, res: str, shown: str) -> None:
    assert show_text(out, res) == shown


def test_named_and_run_in_place_blocks(site: Path) -> None:
    res = stage(site, "blocks.md")
    html = res.html
    code = '<pre><code class="language-julia">println&#40;&quot;hello&quot;&#41;\n1 &#43; 1</code></pre>\n'
    assert code + OUT + "hello\n</code></pre>\n" + OUT + "hello\n2</code></pre>\n" in html  # \output, \show
    # ```! : the code and its \show with nothing between; `_ceval_1` … in page order, divs included
    assert ("x^2</code></pre>" + OUT + "x is 2\n4</code></pre>\n") in html
    assert '<div class="note"><pre><code class="language-julia">y &#61; x &#43; 1;</code></pre></div>' in html
    # the output is inserted as Franklin inserts it: not escaped
    assert OUT + "all <good></code></pre>" in html
    assert OUT + "Dict{Symbol, T} with 1 entry:\n  :a => T(1)</code></pre>" in html  # FD_SANDBOX removed
    assert outcomes(res) == [(5, 1, Outcome.USED, "greet"), (16, 1, Outcome.USED, "_ceval_1"),
                             (23, 1, Outcome.USED, "_ceval_2"), (30, 1, Outcome.USED, "./check.jl"),
                             (36, 1, Outcome.USED, "_ceval_3")]


def test_showall_shows_every_block_even_hidden_ones(site: Path) -> None:
    html = stage(site, "showall.md").html
    assert html.startswith(OUT + "TaskLocalRNG()</code></pre>\n")  # #hideall: the output alone
    assert "s / 2</code></pre>" + OUT + "s = 55\n27.5</code></pre>" in html
    assert html.endswith('<pre><code class="language-julia">t &#61; 1;</code></pre>\n')  # empty: no element


def test_code_output_class(site: Path) -> None:
    write(site, "config.md", '@def code_output_class = ""\n')
    assert '<pre><code class="plaintext">TaskLocalRNG()' in stage(site, "showall.md").html


def test_shortcut_counter_is_per_page_and_shared_by_all_modes(site: Path) -> None:
    write(site, "count.md", "```!\na\n```\n\n```julia:named\nb\n```\n\n```>\nc\n```\n\n"
                            "@@d\n```!\nd\n```\n@@\n\n"
                            "````plaintext\n```!\nnot counted\n```\n````\n\n```!\ne\n```\n")
    write(site, "other.md", "```!\nz\n```\n")
    names = [n for *_, n in outcomes(stage(site, "count.md"))]
    assert names == ["_ceval_1", "named", "_ceval_2", "_ceval_3", "_ceval_4"]
    assert [n for *_, n in outcomes(stage(site, "other.md"))] == ["_ceval_1"]


def test_output_commands_read_what_franklin_cached(site: Path) -> None:
    write(site, "__site/assets/cmd/code/output/ex.out", "some *text*\n")
    write(site, "__site/assets/cmd/code/output/ex.res", "3")
    write(site, "cmd.md", "\\output{ex}\n\n\\show{ex}\n\n\\textoutput{ex}\n\n\\codeoutput{none}\n")
    res = stage(site, "cmd.md")
    assert res.html == (OUT + "some *text*\n</code></pre>\n"
                        + OUT + "some *text*\n3</code></pre>\n"
                        + "some <em>text</em>\n"  # parsed as Franklin Markdown
                        + RED.format("`\\output{ none}`: could not find the relevant output file.") + "\n")
    # a command with nothing to show and no block of that name on the page: reported where it is
    [d] = [d for d in res.diagnostics if d.code == "FC417"]
    assert (d.line, d.col, d.severity) == (7, 1, Severity.WARNING)


# -- Literate ----------------------------------------------------------------------------------


def test_literate_through_a_command_with_its_cached_outputs(site: Path) -> None:
    res = stage(site, "tutorial.md")
    assert res.html == (
        '<h1 id="fitting_a_line"><a href="#fitting_a_line" class="header-anchor">Fitting a line</a></h1>\n'
        "<p>We fit a slope to a few <em>points</em>.</p>\n"
        '<pre><code class="language-julia">xs &#61; &#91;1.0, 2.0, 3.0&#93;</code></pre>'
        + OUT + "points: 3\n</code></pre>\n"
        "<p>This sentence is only on the web page.</p>\n"
        '<pre><code class="language-julia">a &#61; sum&#40;xs .* ys&#41; / sum&#40;xs .^ 2&#41;</code></pre>'
        + OUT + "2.0357142857142856</code></pre>\n"
        "<p>The slope is close to 2, as the data suggest.</p>\n"
        + JL + "# a comment kept in the code\nround&#40;a; digits&#61;2&#41;</code></pre>"
        + OUT + "2.04</code></pre>\n"
        + OUT + "2.0\n</code></pre>\n")
    # the blocks are named for the page (ex1… under /assets/tutorial/), reported at the \tutorial call
    assert outcomes(res) == [(3, 1, Outcome.USED, f"ex{k}") for k in range(1, 5)]
    assert "of _literate/linefit.jl" in res.diagnostics[0].message


@pytest.mark.parametrize(("call", "found"), [
    ("\\literate{linefit}", True),  # relative: under _literate/, `.jl` added
    ("\\literate{/_literate/linefit.jl}", True),  # absolute: from the site folder
    ("\\literate{/linefit.jl}", False),
    ("\\literate{_literate/linefit}", False),  # that would be _literate/_literate/linefit.jl
])
def test_literate_paths(site: Path, call: str, found: bool) -> None:
    write(site, "lit.md", call + "\n")
    res = stage(site, "lit.md")
    if found:
        assert "Fitting a line" in res.html
    else:
        path = call[len("\\literate{"):-1]
        assert res.html == RED.format(f"Literate file matching '{path}' not found.") + "\n"
        assert [d.code for d in res.diagnostics] == ["FC412"]


def test_literate_in_a_nested_folder(site: Path) -> None:
    write(site, "tutorials/_literate/ret.jl", "# Text\nx = 1\n")
    write(site, "tutorials/retention.md", "\\literate{/tutorials/_literate/ret.jl}\n")
    html = stage(site, "tutorials/retention.md").html
    assert html == '<p>Text</p>\n<pre><code class="language-julia">x &#61; 1</code></pre>\n'


# -- stale and missing outputs --------------------------------------------------------------------


def test_stale_output_is_used_with_a_warning(site: Path) -> None:
    res = stage(site, "stale.md")
    assert '<pre><code class="language-julia">a &#61; 2</code></pre>\n' + OUT + "1</code></pre>" in res.html
    [d] = [d for d in res.diagnostics if d.code == "FC415"]
    assert (d.line, d.col, d.severity) == (3, 1, Severity.WARNING)
    assert "'fit'" in d.message and "/assets/stale/code/fit.jl" in d.message and '"use"' in d.message


def test_stale_output_skipped_on_request(site: Path) -> None:
    res = stage(site, "stale-skip.md")
    assert res.html.endswith(JL + "a &#61; 2</code></pre>\n" + RED.format(
        "`\\show{fit}`: the cached output is stale (the code changed since Franklin ran it).") + "\n")
    assert [o for _, _, o, _ in outcomes(res)] == [Outcome.STALE]


def test_stale_outputs_set_in_config(site: Path) -> None:
    write(site, "config.md", '+++\nstale_outputs = "skip"\n+++\n')
    assert "the cached output is stale" in stage(site, "stale.md").html


def test_a_bad_stale_outputs_value_is_reported(site: Path) -> None:
    write(site, "bad.md", '@def stale_outputs = "never"\n\n```julia:fit\na = 2\n```\n')
    [d] = [d for d in stage(site, "bad.md").diagnostics if d.code == "FC416"]
    assert d.line == 1 and '"never"' in d.message


def test_the_script_is_compared_byte_for_byte(site: Path) -> None:
    write(site, "same.md", "```julia:fit\n\n  a = 1  \n\n```\n\\show{fit}\n")  # stripped, as Franklin does
    write(site, "__site/assets/same/code/fit.jl", SCRIPT_HEADER + "a = 1")
    write(site, "__site/assets/same/code/output/fit.out", "")
    write(site, "__site/assets/same/code/output/fit.res", "1")
    assert [o for _, _, o, _ in outcomes(stage(site, "same.md"))] == [Outcome.USED]
    write(site, "__site/assets/same/code/fit.jl", SCRIPT_HEADER + "a = 1 ")
    assert [o for _, _, o, _ in outcomes(stage(site, "same.md"))] == [Outcome.STALE]
    # a ```! block keeps its last line break in the script
    write(site, "bang.md", "```!\n  1 + 1\n```\n")
    write(site, "__site/assets/bang/code/_ceval_1.jl", SCRIPT_HEADER + "1 + 1\n")
    write(site, "__site/assets/bang/code/output/_ceval_1.out", "")
    write(site, "__site/assets/bang/code/output/_ceval_1.res", "2")
    assert [o for _, _, o, _ in outcomes(stage(site, "bang.md"))] == [Outcome.USED]


def test_a_name_used_twice_caches_the_last_block_only(site: Path) -> None:
    write(site, "twice.md", "```julia:ex\n1\n```\n\\show{ex}\n\n```julia:ex\n2\n```\n\\show{ex}\n")
    write(site, "__site/assets/twice/code/output/ex.out", "")
    write(site, "__site/assets/twice/code/output/ex.res", "2")
    assert [o for _, _, o, _ in outcomes(stage(site, "twice.md"))] == [Outcome.STALE, Outcome.USED]


def test_missing_outputs_keep_the_code_and_show_franklins_placeholder(site: Path) -> None:
    res = stage(site, "missing.md")
    red = RED.replace("{}", "`\\show{{{}}}`: {}")
    assert res.html == (
        "<p>Nothing was cached for this page:</p>\n"
        '<pre><code class="language-julia">1 &#43; 1</code></pre>\n'
        + red.format("nocache", "could not find the relevant output file.") + "\n"
        + '<pre><code class="language-julia">2 &#43; 2</code></pre>'
        + red.format("_ceval_1", "could not find the relevant output file.") + "\n"
        + '<pre><code class="language-julia">3 &#43; 3</code></pre>'
        + red.format("_ceval_2", "the output of a REPL mode block is made while Julia runs; Franklin "
                                 "does not cache it.") + "\n")
    assert outcomes(res) == [(3, 1, Outcome.MISSING, "nocache"), (9, 1, Outcome.MISSING, "_ceval_1"),
                             (13, 1, Outcome.MISSING, "_ceval_2")]
    assert all(d.severity is Severity.WARNING for d in res.diagnostics)
    assert "/assets/missing/code/output/nocache.out" in res.diagnostics[0].message


def test_every_evaluated_block_ends_in_exactly_one_outcome(site: Path) -> None:
    s = Site(site)
    for page in PAGES:
        res = s.markdown_stage(page)
        blocks = [n for n in A.walk(res.document) if isinstance(n, A.CodeBlock) and n.name]
        assert len(outcomes(res)) == len(blocks), page


def test_non_julia_blocks_are_not_evaluated(site: Path) -> None:
    write(site, "py.md", "```python:ex\nprint(1)\n```\n")
    write(site, "pylang.md", '@def lang = "python"\n\n```!\nprint(1)\n```\n\n```!\n2\n```\n')
    assert [d.code for d in stage(site, "py.md").diagnostics] == ["FC413"]
    res = stage(site, "pylang.md")
    assert [d.code for d in res.diagnostics] == ["FC413", "FC413"]
    assert res.html.count('<pre><code class="language-python">') == 2 and "code-output" not in res.html


# -- hidden lines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("fence", "shown"), [
    # `#\s*hide` in any case, anywhere (`"#hideme"` too); `# src/x.jl` is no `#src`
    ("```julia:ex", "# src/x.jl\ny"),
    ("```python", "# src/x.jl\ny"),
    ("```Julia", 'using Random # hide\nx = 1 #HIDE\ny = &quot;#hideme&quot;\n# src/x.jl\ny'),  # unknown
    ("```", 'using Random # hide\nx = 1 #HIDE\ny = &quot;#hideme&quot;\n# src/x.jl\ny'),  # no language
])
def test_hidden_lines(fence: str, shown: str) -> None:
    from franklin_compat.api import convert

    code = 'using Random # hide\nx = 1 #HIDE\ny = "#hideme"\n# src/x.jl\ny'
    html = convert(f"{fence}\n{code}\n```\n", page_vars={"lang": "julia"})
    assert html.split(">", 2)[2].rsplit("</code>", 1)[0] == shown.replace("=", "&#61;")


def test_hideall_and_src() -> None:
    from franklin_compat.api import convert

    assert convert("```julia\nx = 1\n#hideall\n```\n") == ""
    assert convert("```julia\nx = 1 #src\ny\n```\n") == JL + "y</code></pre>\n"
    assert convert("```julia\nx # hide  #hideall\ny\n```\n") == JL + "y</code></pre>\n"


# -- figures written by code ------------------------------------------------------------------------


def test_figures_point_at_the_files_code_wrote(site: Path) -> None:
    html = stage(site, "plot.md").html
    assert html.count('<img src="/assets/plot/code/output/sine.svg" alt="">') == 2  # \fig{sine}, \input{plot}
    assert '<img src="/assets/plot/output/wave.png" alt="">' in html  # \fig{./output/wave}
    assert RED.format("Image matching '/assets/plot/code/cosine' not found.") in html


def test_input_plot_with_an_id(site: Path) -> None:
    write(site, "__site/assets/p/code/output/ex2.PNG", "")
    write(site, "__site/assets/p/code/output/ex2.txt", "")
    write(site, "p.md", "\\input{plot:2}{ex}\n\n\\input{PLOT:3}{ex}\n\n\\input{plot}{nothing/here}\n")
    html = stage(site, "p.md").html
    no_image = "Couldn't find a relevant image when trying to input a plot relative to 'ex'."
    no_dir = "Couldn't find an output directory associated with 'nothing/here' when trying to input a plot."
    assert html == ('<img src="/assets/p/code/output/ex2.png" alt="">\n'  # the extension lower-cased
                    + RED.format(no_image) + "\n" + RED.format(no_dir) + "\n")


def test_build_copies_what_code_wrote_and_counts_outcomes(site: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    report = Site(site).build(out)
    assert (out / "assets/plot/code/output/sine.svg").read_bytes() == \
        (site / "__site/assets/plot/code/output/sine.svg").read_bytes()
    assert (out / "assets/plot/output/wave.png").is_file()
    assert "assets/blocks/code/output/greet.out" in report.outputs
    assert not (out / "assets/blocks/code/greet.jl").exists()  # the scripts are Franklin's, not output
    assert report.code_blocks == {"used": 14, "stale": 2, "missing": 3}
    assert main(["build", str(site), "--out", str(tmp_path / "out2")]) == 0
    assert "evaluated code blocks: 14 used, 2 stale, 3 missing" in capsys.readouterr().out


def test_markdown_emitters_carry_the_outputs(site: Path) -> None:
    res = stage(site, "blocks.md")
    md = to_markdown(res.document, page_vars=res.page_vars, global_vars=res.global_vars).text
    assert "```julia\nx = 2\nprint(\"x is \", x)\nx^2\n```\n\n```plaintext\nx is 2\n4\n```" in md
    assert not [x for x in to_markdown(res.document).losses if "```!" in x.why + x.what]


def test_diagnostics_render_with_positions(site: Path) -> None:
    d: Diagnostic = stage(site, "stale.md").diagnostics[0].located("stale.md")
    assert d.render().startswith("stale.md:3:1: FC415 code block 'fit': output stale")


def test_plotoutput_is_not_a_franklin_command() -> None:
    """Franklin 0.10 has no ``\\plotoutput`` (``\\input{plot}{name}`` does that): it is undefined there."""
    from franklin_compat.api import convert

    with pytest.raises(FranklinError) as e:
        convert("\\plotoutput{ex}\n")
    assert e.value.code == "FC402" and "used before it was defined" in str(e.value)


def test_a_plotly_figure_saved_by_code(site: Path) -> None:
    write(site, "__site/assets/pl/code/output/fig.json", "{}")
    write(site, "pl.md", "\\fig{fig}\n")
    html = stage(site, "pl.md").html
    ident = html[len('<div id="'):html.index('"', len('<div id="'))]
    assert ident.startswith("fdp") and len(ident) == 6
    assert html == (f'<div id="{ident}" style=""></div>\n<script>\n'
                    f'graphDiv = document.getElementById("{ident}");\n'
                    "plotlyPromise = PlotlyJS_json(graphDiv, '/assets/pl/code/output/fig.json');\n"
                    "</script>\n")
    assert stage(site, "pl.md").html == html  # the same id on every build


def test_the_benchmark_finds_nothing_dropped_in_the_fixture() -> None:
    from tests.conftest import load_benchmark

    tally = load_benchmark("code_outputs").fixture()
    assert (tally.blocks, dict(tally.outcomes)) == (19, {"used": 14, "stale": 2, "missing": 3})
    assert tally.dropped == [] and tally.unaccounted == []


def test_a_build_into_site_keeps_franklins_code_cache(site: Path) -> None:
    """Built into ``__site`` (replaced whole), the scripts Franklin ran stay for staleness checks."""
    script = site / "__site/assets/blocks/code/greet.jl"
    before = script.read_bytes()
    Site(site).build()
    assert script.read_bytes() == before
    assert Site(site).build().code_blocks == {"used": 14, "stale": 2, "missing": 3}
