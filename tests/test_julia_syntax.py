"""Reading Julia text: what the grammar gives, what we fix of it (``a^b^c``, interpolations after a
quote in triple-quoted strings), Julia's triple-quote dedent, positions in characters, and the
census benchmark's self-check."""

from __future__ import annotations

import pytest

from franklin_compat.julia_subset import ir
from franklin_compat.julia_subset.syntax import MAX_DEPTH, parse

from .conftest import load_benchmark
from .test_julia_host import run


def only(src: str) -> ir.Node:
    block, diags = parse(src, "u.jl")
    assert diags == []
    assert len(block.body) == 1
    return block.body[0]


def test_positions_are_one_based_characters() -> None:
    node = only("é = ü + x")
    assert isinstance(node, ir.Assign) and isinstance(node.value, ir.Binary)
    assert (node.value.line, node.value.col) == (1, 5)
    assert (node.value.right.line, node.value.right.col) == (1, 9)


def test_offsets_of_a_snippet() -> None:
    block, _ = parse("a +\n  b", "config.md", line=10, col=7)
    node = block.body[0]
    assert isinstance(node, ir.Binary)
    assert (node.line, node.col, node.right.line, node.right.col) == (10, 7, 11, 3)


def test_power_groups_to_the_right() -> None:
    node = only("a^b^c")
    assert isinstance(node, ir.Binary) and isinstance(node.right, ir.Binary)
    assert (node.left, node.right.left, node.right.right) == (
        ir.Name(1, 1, "a"), ir.Name(1, 3, "b"), ir.Name(1, 5, "c"))
    grouped = only("(a^b)^c")
    assert isinstance(grouped, ir.Binary) and isinstance(grouped.left, ir.Binary)


def test_interpolation_after_a_quote_in_triple_quotes() -> None:
    assert run('hfun_t() = (u = "/x/"; t = "X"; """<a href="$(u)">$t</a>""")') == '<a href="/x/">X</a>'
    node = only('"""<a href="$(url)">"""')
    assert isinstance(node, ir.Interp)
    assert [type(p).__name__ for p in node.parts] == ["Literal", "Name", "Literal"]
    assert (node.parts[1].line, node.parts[1].col) == (1, 15)


@pytest.mark.parametrize(("literal", "value"), [
    ('"""\n    a\n      b\n    """', "a\n  b\n"),
    ('"""\n    a\n    b"""', "a\nb"),
    ('"""\n    a\n\n    b\n    """', "a\n\nb\n"),
    ('"""\n  a\n    $(1)\n  """', "a\n  1\n"),
    ('"""a\n    b\n    c"""', "a\nb\nc"),
    ('"""\n\ta\n\tb"""', "a\nb"),
    ('"""\n    a \\\n    b\n    """', "a b\n"),
])
def test_triple_quote_dedent(literal: str, value: str) -> None:
    assert run(f"hfun_t() = {literal}") == value


def test_end_belongs_to_the_innermost_brackets() -> None:
    for src in ("x[end]", "f(x)[end - 1]"):
        node = only(src)
        assert isinstance(node, ir.Index) and node.uses_end
    node = only("x[y[end]]")
    assert isinstance(node, ir.Index) and not node.uses_end
    assert isinstance(node.indices[0], ir.Index) and node.indices[0].uses_end
    assert run("hfun_t() = (x = [1, 2, 3]; y = [9, 1]; string(x[y[end]], [x[end]][end]))") == "13"


def test_signatures() -> None:
    node = only("f(a, b::Int = 2, c...; d, e::String = \"x\", rest...)::Bool = true")
    assert isinstance(node, ir.FunctionDef)
    sig = node.method.sig
    assert [p.name for p in sig.params] == ["a", "b"] and sig.params[1].default is not None
    assert sig.vararg is not None and sig.vararg.name == "c"
    assert [(p.name, p.default is None) for p in sig.kwparams] == [("d", True), ("e", False)]
    assert sig.kwvararg == "rest" and sig.rettype == ir.Name(1, 54, "Bool")
    node = only("function g(x::Vector{T}) where {T<:Number}\n  x\nend")
    assert isinstance(node, ir.FunctionDef)
    assert node.method.sig.params[0].type == ir.Name(1, 15, "Vector")


def test_catch_variable_only_on_the_catch_line() -> None:
    src = "function hfun_t()\n  e = \"outer\"\n  try\n    error(\"x\")\n  catch\n    e\n  end\nend"
    assert run(src) == "outer"
    assert run("hfun_t() = try error(\"y\") catch err; err.msg end") == "y"


def test_docstrings_and_comments_are_harmless() -> None:
    src = '"""\n    hfun_t()\nDoes things.\n"""\nfunction hfun_t() #= inline =# # trailing\n  "ok"\nend'
    assert run(src) == "ok"


def test_deep_nesting_is_cut_not_recursed() -> None:
    block, diags = parse("x = " + "[" * (MAX_DEPTH * 3) + "]" * (MAX_DEPTH * 3), "u.jl")
    assert diags == []
    stack: list[object] = list(block.body)
    found = False
    while stack:
        n = stack.pop()
        if isinstance(n, ir.Unsupported):
            found = found or n.code == "FC804"
        elif isinstance(n, ir.Node):
            stack.extend(getattr(n, s) for s in type(n).__slots__)
        elif isinstance(n, tuple):
            stack.extend(n)
    assert found


def test_census_benchmark_smoke() -> None:
    census = load_benchmark("julia_census")
    results = census.smoke()
    assert results[0].counts["evaluated"] == sum(results[0].counts.values()) > 0
    calls = census.find_calls("{{a x y}} \\b{1}\n```\n{{a}}\n```\n\\begin{e}{t=1} body \\end{e}",
                              frozenset({"a"}), frozenset({"b"}), frozenset({"e"}))
    assert [(c[1], c[2], c[3], c[4]) for c in calls] == [
        ("hfun", "a", ("x", "y"), ""), ("lx", "b", ("1",), ""), ("env", "e", ("t=1",), " body ")]


def test_an_unclosed_string_in_a_value_is_a_syntax_error() -> None:
    """A ``@def`` value the literal reader gives up on reaches the evaluator as it is."""
    from franklin_compat.julia_subset import JuliaError, evaluate

    with pytest.raises(JuliaError) as e:
        evaluate('"\\a ')
    assert e.value.code == "FC800"
