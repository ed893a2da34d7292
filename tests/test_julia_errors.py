"""Errors of user code read like Julia's, at the right place of utils.jl, with a backtrace; what is
outside the subset or needs a package fails only when run; config.md expressions and +++ blocks."""

from __future__ import annotations

import datetime as dt

import pytest

from franklin_compat.core.diagnostics import FranklinError
from franklin_compat.julia_subset import CODES, JuliaError, evaluate, load_program, run_block

from .test_julia_host import FakeHost, error_of

NESTED = '''function outer(x)
    return middle(x) * 2
end

middle(x) = inner(x) + 1

function inner(x)
    d = Dict("a" => 1)
    return d[x]
end

hfun_t(p) = string(outer(p[1]))
'''


def test_position_and_backtrace() -> None:
    program = load_program(NESTED, "utils.jl")
    with pytest.raises(JuliaError) as info:
        program.call_hfun("t", ["b"], FakeHost())
    err = info.value
    assert isinstance(err, FranklinError)
    assert (err.code, err.julia_type, err.path, err.line, err.col) == ("FC803", "KeyError", "utils.jl", 9, 12)
    assert err.diagnostic.message == 'KeyError: key "b" not found'
    assert [(f.function, f.line) for f in err.frames] == [
        ("inner", 9), ("middle", 5), ("outer", 2), ("hfun_t", 12)]
    assert err.backtrace().splitlines()[0] == " [1] inner at utils.jl:9"
    assert str(err).startswith("utils.jl:9:12: FC803 KeyError")


@pytest.mark.parametrize(("src", "message", "line", "col"), [
    ("hfun_t() = undefined_thing + 1", "UndefVarError: `undefined_thing` not defined", 1, 12),
    ('hfun_t() =\n    "a" + 1', "MethodError: no method matching +(::String, ::Int64)", 2, 5),
    ("function hfun_t()\n    v = [1, 2]\n    v[5]\nend", "BoundsError: attempt to access 2-element "
                                                         "Vector{Int64} at index [5]", 3, 5),
    ("hfun_t() = error(\"custom \", 1)", "custom 1", 1, 12),
    ("hfun_t() = throw(ArgumentError(\"bad\"))", "ArgumentError: bad", 1, 12),
    ("hfun_t() = parse(Int, \"x1\")", 'ArgumentError: invalid base 10 digit in "x1"', 1, 12),
    ("f(x::Int) = x\nhfun_t() = f(\"s\")", "MethodError: no method matching f(::String)", 2, 12),
    ("hfun_t() = (x = nothing; x.field)", "type Nothing has no field field", 1, 26),
    ("hfun_t() = if 1\n  2\nend", "TypeError: non-boolean (Int64) used in boolean context", 1, 12),
    ('é = 1\nhfun_t() = string(é, ü)', "UndefVarError: `ü` not defined", 2, 22),
])
def test_julia_messages_and_positions(src: str, message: str, line: int, col: int) -> None:
    err = error_of(src)
    assert (err.diagnostic.message, err.line, err.col) == (message, line, col)


def test_codes_are_documented() -> None:
    assert set(CODES) == {"FC800", "FC801", "FC802", "FC803", "FC804", "FC805"}


def test_a_package_is_needed_only_when_used() -> None:
    program = load_program('''using JSON, Random
using Artifacts: @artifact_str
hfun_ok() = "fine"
hfun_json() = JSON.json(Dict("a" => 1))
hfun_rand() = join(shuffle(["a", "b"]))
hfun_rand2() = string(rand())
hfun_art() = @artifact_str("Fonts")
''')
    assert program.diagnostics == []
    assert program.call_hfun("ok", [], FakeHost()) == "fine"
    for name, package in (("json", "JSON"), ("rand", "Random"), ("rand2", "Random"), ("art", "Artifacts")):
        with pytest.raises(JuliaError) as info:
            program.call_hfun(name, [], FakeHost())
        assert info.value.code == "FC802"
        assert f"needs the Julia package {package}" in info.value.diagnostic.message


def test_outside_the_subset_fails_only_when_run() -> None:
    program = load_program('''struct Point
    x::Int
end
hfun_ok() = "fine"
function hfun_matrix()
    m = [1 2; 3 4]
    return string(m)
end
hfun_quote() = string(:(a + b))
''', "utils.jl")
    assert [(d.code, d.line, d.col) for d in program.diagnostics] == [("FC801", 1, 1)]
    assert "a struct definition" in program.diagnostics[0].message
    assert program.call_hfun("ok", [], FakeHost()) == "fine"
    with pytest.raises(JuliaError) as info:
        program.call_hfun("matrix", [], FakeHost())
    assert (info.value.code, info.value.line, info.value.col) == ("FC801", 6, 9)
    with pytest.raises(JuliaError) as info:
        program.call_hfun("quote", [], FakeHost())
    assert info.value.code == "FC805"


def test_a_syntax_error_is_a_diagnostic_and_the_rest_loads() -> None:
    program = load_program('hfun_a() = "a"\nx = 1 +* 2\nhfun_b() = "b"\n', "u.jl")
    assert [(d.code, d.path, d.line, d.col, d.message) for d in program.diagnostics] == [
        ("FC800", "u.jl", 2, 8, "syntax: unexpected `*`")]
    assert program.call_hfun("a", [], FakeHost()) == "a"
    assert program.call_hfun("b", [], FakeHost()) == "b"
    broken = load_program('hfun_a() = "a"\nfunction broken(x)\n    x +\nend\nhfun_b() = "b"', "u.jl")
    assert [(d.code, d.line, d.col) for d in broken.diagnostics] == [("FC800", 2, 1)]
    assert broken.hfun_names == {"a", "b"}


def test_top_level_failures_are_diagnostics() -> None:
    program = load_program('x = undefined_name\nhfun_a() = "a"', "utils.jl")
    assert [(d.code, d.line, d.message) for d in program.diagnostics] == [
        ("FC803", 1, "UndefVarError: `undefined_name` not defined")]
    assert program.call_hfun("a", [], FakeHost()) == "a"


def test_evaluate_config_expressions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert evaluate("Dates.year(Dates.today())") == 2023
    assert evaluate('get(ENV, "PREVIEW_PREPATH", "default")') == "default"
    value = evaluate('Dict("n" => 2^10, "when" => Date(2024, 1, 1) + Day(1), "tags" => ["a", "b"])')
    assert value == {"n": 1024, "when": dt.date(2024, 1, 2), "tags": ["a", "b"]}
    assert evaluate('"$(1 + 1) items"') == "2 items"


def test_evaluate_errors_have_the_file_position() -> None:
    with pytest.raises(JuliaError) as info:
        evaluate("1 + nope", path="config.md", line=12, col=9)
    assert (info.value.path, info.value.line, info.value.col) == ("config.md", 12, 13)
    with pytest.raises(JuliaError) as info:
        evaluate("1 +", path="config.md", line=3, col=1)
    assert info.value.code == "FC800" and info.value.line == 3


def test_run_block_returns_what_it_assigns() -> None:
    out = run_block('title = "Hello"\nn = length(title)\nwords = split("a b")\nslug = lowercase(title) * '
                    '"-$n"',
                    path="blog/post.md", line=2)
    assert out == {"title": "Hello", "n": 5, "words": ["a", "b"], "slug": "hello-5"}
    with pytest.raises(JuliaError) as info:
        run_block('a = 1\nb = a + "x"', path="blog/post.md", line=2)
    assert (info.value.path, info.value.line) == ("blog/post.md", 3)
