"""The ``{{ }}`` pass: fixtures/template/*.md (format in its README), then what fixtures cannot say."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from pathlib import Path
from typing import Any

import pytest

from franklin_compat.core.diagnostics import FranklinError, FranklinWarning, Severity
from franklin_compat.core.registry import Registry
from franklin_compat.core.source import Span
from franklin_compat.template import (
    Call,
    Header,
    HFun,
    TagEntry,
    TemplateContext,
    TemplateError,
    find_calls,
    render_template,
)
from franklin_compat.template import render as template

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "template"
FENCE = "`" * 32


def _text(lines: list[str]) -> str:
    return "\n".join(lines).replace("␣", " ").replace("→", "\t")


def _cases() -> list[Any]:
    cases = []
    for path in sorted(FIXTURES.glob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        i = 0
        while i < len(lines):
            if lines[i].startswith(FENCE + " example"):
                opts = json.loads(lines[i][len(FENCE) + 8:] or "{}")
                end = i + 1
                while not lines[end].startswith(FENCE):
                    end += 1
                sections: list[list[str]] = [[]]
                for line in lines[i + 1:end]:
                    if line == ".":
                        sections.append([])
                    else:
                        sections[-1].append(line)
                src, out, *diags = sections
                cases.append(pytest.param(_text(src), _text(out), diags[0] if diags else [], opts,
                                          id=f"{path.name}:{i + 1}"))
                i = end
            i += 1
    return cases


def _value(v: Any) -> Any:
    """JSON to page-variable values: ``{"$date": "2013-09-04"}`` is a date."""
    if isinstance(v, dict):
        if set(v) == {"$date"}:
            return dt.date.fromisoformat(v["$date"])
        return {k: _value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_value(x) for x in v]
    return v


def _context(opts: dict[str, Any], tmp_path: Path) -> TemplateContext:
    layout = tmp_path / "_layout"
    for rel, text in opts.get("layout", {}).items():
        (layout / rel).parent.mkdir(parents=True, exist_ok=True)
        (layout / rel).write_text(text, encoding="utf-8")
    pages = {k: _value(v) for k, v in opts.get("pages", {}).items()}
    tags = {t: [TagEntry(url, title, dt.date.fromisoformat(d) if d else None) for url, title, d in entries]
            for t, entries in opts.get("tags", {}).items()}
    return TemplateContext(
        _value(opts.get("vars", {})),
        _value(opts.get("globals", {})),
        rpath=opts.get("rpath", "index.md"),
        layout_dir=layout,
        headers=[Header(*h) for h in opts.get("headers", [])],
        page_vars_of=pages.get,
        tag_pages=tags.__getitem__ if tags else None,
    )


@pytest.mark.parametrize(("src", "expected", "diags", "opts"), _cases())
def test_fixture(src: str, expected: str, diags: list[str], opts: dict[str, Any], tmp_path: Path) -> None:
    ctx = _context(opts, tmp_path)
    layout = str(tmp_path / "_layout")
    want = [d.replace("$LAYOUT", layout) for d in diags]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if want and want[0].startswith("error "):
            with pytest.raises(FranklinError) as err:
                render_template(src, ctx)
            assert ["error " + err.value.diagnostic.render()] == want
            assert expected == ""
            return
        assert render_template(src, ctx) == expected
    assert ["warning " + d.render() for d in ctx.diagnostics] == want
    issued = [w.message for w in caught if isinstance(w.message, FranklinWarning)]
    assert [w.diagnostic for w in issued] == ctx.diagnostics
    assert ctx.redirects == opts.get("redirects", [])
    for k, v in opts.get("vars_after", {}).items():
        assert ctx.page_vars[k] == v


def _ctx(**page_vars: Any) -> TemplateContext:
    return TemplateContext(page_vars, {})


def test_warning_text_starts_like_franklins_box() -> None:
    ctx = TemplateContext({}, {}, path="blog/post.md")
    with pytest.warns(FranklinWarning) as record:
        assert render_template("a\n {{nope}}", ctx) == "a\n "
    text = str(record[0].message)
    assert text.startswith("Franklin Warning: in <blog/post.md>\nblog/post.md:2:2: FC310 A block '{{nope")
    d = ctx.diagnostics[0]
    assert (d.severity, d.path, d.line, d.col, d.offset) == (Severity.WARNING, "blog/post.md", 2, 2, 3)


def test_errors_are_template_errors_with_a_hint() -> None:
    with pytest.raises(TemplateError) as err:
        render_template("{{end}}", _ctx())
    assert err.value.code == "FC302"
    assert err.value.diagnostic.hint == "remove it, or open the block it closes"


def test_user_hfuns_come_first_and_get_the_context() -> None:
    users: Registry[HFun] = Registry("hfun")
    seen: list[tuple[list[str], Any]] = []

    @users.register("fill")
    def fill(params: list[str], ctx: TemplateContext) -> str:
        seen.append((params, ctx))
        return "mine"

    @users.register("count")
    def count(params: list[str], ctx: TemplateContext) -> Any:
        return len(params)  # not a string: printed like Julia's string()

    ctx = TemplateContext({"x": 1}, {}, user_hfuns=users)
    assert render_template('{{fill x}} {{Count a "b c"}}', ctx) == "mine 2"
    assert seen == [(["x"], ctx)]


def test_user_hfun_errors_are_placed_at_the_call() -> None:
    users: Registry[HFun] = Registry("hfun")

    @users.register("bad")
    def bad(params: list[str], ctx: TemplateContext) -> str:
        raise TemplateError("FC399", "no good")

    with pytest.raises(TemplateError) as err:
        render_template("x\n  {{bad}}", TemplateContext({}, {}, path="p.html", user_hfuns=users))
    assert err.value.diagnostic.render() == "p.html:2:3: FC399 no good"


def test_hfun_warnings_outside_a_render_have_no_position() -> None:
    ctx = TemplateContext({}, {}, path="p.md")
    with pytest.warns(FranklinWarning):
        ctx.warn("FC399", "careful")
    assert ctx.diagnostics[0].render() == "p.md: FC399 careful"


def test_find_calls() -> None:
    html = 'a {{fill x}} {{if b}}{{ toc 1 "2 3" }}{{end}} <!-- {{no}} --> {{for y in z}}{{y}}{{end}}'
    assert find_calls(html) == [
        Call("fill", ("x",), Span(2, 12)),
        Call("toc", ("1", "2 3"), Span(21, 38)),
        Call("y", (), Span(76, 81)),
    ]


def test_insert_reuses_the_context_and_reports_in_the_inserted_file(tmp_path: Path) -> None:
    layout = tmp_path / "_layout"
    layout.mkdir()
    (layout / "a.html").write_text("A{{insert b.html}}", encoding="utf-8")
    (layout / "b.html").write_text("\r\nB{{nope}}", encoding="utf-8")
    ctx = TemplateContext({}, {}, layout_dir=layout, path="index.md")
    with pytest.warns(FranklinWarning):
        assert render_template("{{insert a.html}}", ctx) == "A\nB"
    assert [(d.path, d.line, d.col) for d in ctx.diagnostics] == [(str(layout / "b.html"), 2, 2)]


def test_fd2rss_converts_markdown_then_fixes_links() -> None:
    calls: list[tuple[str, dict[str, Any]]] = []

    def fd2html(text: str, page_vars: dict[str, Any]) -> str:
        calls.append((text, page_vars))
        return f'<p><a href="/{text}/">x</a></p>'

    ctx = TemplateContext({"d": "post"}, {"website_url": "https://ex.org/"}, fd2html=fd2html)
    assert render_template("{{fd2rss d}}", ctx) == '<p><a href="https://ex.org/post/">x</a></p>'
    assert calls == [("post", {"d": "post"})]


def test_fd2rss_says_when_it_cannot_convert() -> None:
    with pytest.raises(TemplateError) as err:
        render_template("{{fd2rss d}}", TemplateContext({"d": "post"}, {}))
    assert err.value.code == "FC309"


def test_expansion_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(template, "EXPANSION_LIMIT", 1000)
    ctx = _ctx(v=list(range(20)))
    html = "{{for a in v}}{{for b in v}}{{for c in v}}xx{{end}}{{end}}{{end}}"
    with pytest.raises(TemplateError) as err:
        render_template(html, ctx)
    assert err.value.diagnostic.render() == (
        "<string>:1:1: FC306 The for-loops of this page expand to more than 1000 characters.")


def test_each_block_of_an_expansion_counts_more_than_its_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loops nested over one-element lists make little text but walk their blocks once per level."""
    monkeypatch.setattr(template, "EXPANSION_LIMIT", 10 * template.BLOCK_COST)
    depth = 6  # 6 + 5 + … blocks walked again: well under 1000 characters, but over the budget
    html = "{{for a in v}}" * depth + "y" + "{{end}}" * depth
    with pytest.raises(TemplateError) as err:
        render_template(html, _ctx(v=["z"]))
    assert err.value.code == "FC306"
    monkeypatch.setattr(template, "EXPANSION_LIMIT", 100 * template.BLOCK_COST)
    assert render_template(html, _ctx(v=["z"])) == "y"


def test_a_failure_in_a_nested_loop_is_placed_at_the_outermost_loop() -> None:
    """A loop's expansion is located (through the page's source map) only when something in it
    fails; text generated from generated text reports where the first loop is."""
    html = "x\n  {{for a in v}}{{for b in v}}{{if nope}}{{end}}{{end}}{{end}}"
    with pytest.raises(TemplateError) as err:
        render_template(html, _ctx(v=[1, 2]))
    assert err.value.diagnostic.render() == (
        "<string>:2:3: FC304 At least one of the condition variable could not be found: check 'nope'.")


def test_repeated_blocks_and_loop_variables() -> None:
    """A block read once serves each place its text is repeated at; a body that never names the
    loop variable (``aaa`` is not ``aa``) is copied as it is."""
    ctx = _ctx(v=[1, 2], aaa="A", t=True, f=False)
    assert render_template("{{for aa in v}}<{{ aa }}|{{aaa}}|{{fill aa}}>{{end}}", ctx) == "<1|A|1><2|A|2>"
    assert render_template("{{for aa in v}}{{aaa}}{{end}}", ctx) == "AA"
    assert render_template("{{if t}}a{{end}} {{if t}}a{{end}} {{if f}}b{{else}}c{{end}}", ctx) == "a a c"


def test_deep_nesting_is_not_recursion() -> None:
    depth = 5000
    html = "{{if t}}" * depth + "x" + "{{end}}" * depth
    assert render_template(html, _ctx(t=True)) == "x"
    loops = "{{for a in v}}" * 300 + "{{a}}" + "{{end}}" * 300
    assert render_template(loops, _ctx(v=["y"])) == "y"


@pytest.mark.parametrize("html", [
    "{{" * 20000 + "x" + "}}" * 20000,  # one deeply nested block
    "{{{" * 20000,  # never closed
    "{{for x in v}}{{f " + "{" * 40000 + " x" + "}" * 40000 + "}}{{end}}",  # many {{ before a long run
    "{{f " + '"' + " a" * 40000 + "}}",  # an unclosed quote in the parameters
    "{{for " + "a" * 40000 + " , " * 20000 + "in v}}{{end}}",  # a long loop header
])
def test_pathological_inputs_give_text_or_a_franklin_error(html: str) -> None:
    """Only our errors (tests/test_reliability.py runs each at ten times this size under a timeout)."""
    ctx = _ctx(v=["1", "2"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            assert isinstance(render_template(html, ctx), str)
        except FranklinError as err:
            assert err.diagnostic.line is not None


def test_block_scan_from_the_first_opener_finds_what_the_full_scan_finds() -> None:
    """With no comment nor script, the scan of ``{{ }}`` blocks starts at the first ``{{``
    (the ``}}`` before it close nothing); a closed comment at the end makes the full scan run:
    both give the same blocks, or the same error at the same place."""
    import random

    from franklin_compat.template.blocks import Place, scan_blocks

    def outcome(text: str) -> object:
        try:
            return [(b.kind, b.start, b.end, b.name, b.args) for b in scan_blocks(Place(text, None))]
        except FranklinError as e:
            return (e.code, e.line, e.col)

    rng = random.Random(5)
    pieces = ["{{", "}}", "{", "}", "x", " ", "fill a", "if b", "end", "{{{", "}}}", "\n", "$\\frac{a}{b}}$"]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        assert outcome(text) == outcome(text + "<!---->"), repr(text)


def test_a_text_with_no_opener_is_its_own_output_and_one_opener_is_still_filled() -> None:
    """``render_template`` and the page's ``{{ }}`` pass return a text holding no ``{{`` as it is
    (a lone ``}}``, a comment or a script change nothing); one ``{{`` anywhere, even after
    ``}}`` and inside what looks like math, still makes the pass run."""
    import franklin_compat as fc

    ctx = _ctx(title="T")
    for text in ["", "a}}b", "<!-- }} -->", "<script>x = {a: {b: 1}}</script>", "$\\frac{a}{b}}$ }} }"]:
        assert render_template(text, ctx) == text
        assert render_template(text + "{{fill title}}", ctx) == text + "T"
    assert fc.convert("a }} b") == "<p>a }} b</p>\n"
    assert fc.convert("+++\ntitle = \"T\"\n+++\n}} ~~~{{fill title}}~~~") == "<p>}} T</p>\n"


def test_a_loop_over_a_dict_follows_julias_order() -> None:
    """``{{for (k, v) in d}}`` over a ``Dict`` of config.md: Julia's order (Dict("A" => 1, "B" => 2)
    iterates "B" first), not the order the pairs were written in."""
    ctx = _ctx(d={"A": 1, "B": 2})
    assert render_template("{{for (k, v) in d}}{{k}}={{v}};{{end}}", ctx) == "B=2;A=1;"
