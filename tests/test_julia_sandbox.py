"""The sandbox: what user code may not do, and that endless or huge computations end in a clear
error -- never a hang, never Python's RecursionError, never caught by the user's own ``try``."""

from __future__ import annotations

import sys

import pytest

from franklin_compat.core.diagnostics import FranklinError
from franklin_compat.julia_subset import JuliaError, load_program

from .test_julia_host import FakeHost, error_of, fixture, run

REFUSED = ["shell", "run", "download", "ccall", "eval", "parse", "include", "absread", "upread", "write",
           "open", "rm", "mkpath", "setenv", "envindex", "pwd", "caught"]


@pytest.mark.parametrize("name", REFUSED)
def test_refusals(name: str) -> None:
    host = FakeHost({"config.md": "x", "out.html": "", "secret.txt": "s"})
    program = fixture("sandbox.jl")
    with pytest.raises(JuliaError) as info:
        program.call_hfun(name, [], host)
    err = info.value
    assert isinstance(err, FranklinError)
    if name == "envindex":  # reading ENV is allowed: nothing is set
        assert err.code == "FC803" and err.diagnostic.message == 'KeyError: key "HOME" not found'
    else:
        assert err.code == "FC805", err
        assert "sandbox refuses" in err.diagnostic.message or "not allowed" in err.diagnostic.message
    assert host.reads == [] or name in ("include",)


def test_env_reads_give_the_default() -> None:
    assert fixture("sandbox.jl").call_hfun("getenv", [], FakeHost()) == "not set|false"


def test_a_refusal_is_not_caught_by_user_code() -> None:
    src = '''
function hfun_t()
    try
        eval(:(1 + 1))
    catch
        return "swallowed"
    end
end'''
    with pytest.raises(JuliaError) as info:
        run(src)
    assert info.value.code == "FC805"


HOSTILE = {"spin": "step budget", "count": "step budget", "recurse": "StackOverflowError",
           "pingpong": "StackOverflowError", "huge": "larger than", "doubling": "",  # either limit
           "hoard": "step budget", "swallow": "step budget"}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_code_ends_in_a_clear_error(name: str) -> None:
    program = fixture("hostile.jl")
    with pytest.raises(JuliaError) as info:
        program.call_hfun(name, [], FakeHost())
    assert info.value.code == "FC804"
    assert HOSTILE[name] in info.value.diagnostic.message


def test_stack_overflow_long_before_recursion_error() -> None:
    """Whatever the recursion limit, user recursion stops with FC804, never Python's RecursionError."""
    program = load_program('''
f(n) = n == 0 ? 0 : 1 + f(n - 1)
g(n) = n <= 0 ? 0 : first(map(x -> g(n - 1), [1])) + 1
h(n) = n <= 0 ? 0 : (k = [h(n - 1) for _ in 1:1]; k[1] + 1)
hfun_f(p) = string(f(parse(Int, p[1])))
hfun_g(p) = string(g(parse(Int, p[1])))
hfun_h(p) = string(h(parse(Int, p[1])))''')
    old = sys.getrecursionlimit()
    try:
        for limit in (300, 1000, 4000):
            sys.setrecursionlimit(limit)
            for name in "fgh":
                if limit > 300:
                    assert program.call_hfun(name, ["5"], FakeHost()) == "5"
                with pytest.raises(JuliaError) as info:
                    program.call_hfun(name, ["100000"], FakeHost())
                assert info.value.code == "FC804"
    finally:
        sys.setrecursionlimit(old)


def test_values_nested_too_deeply_to_print() -> None:
    src = "function hfun_t()\n  v = []\n  for i in 1:20000\n    v = [v]\n  end\n  string(v)\nend"
    with pytest.raises(JuliaError) as info:
        run(src)
    assert info.value.code == "FC804"


def test_deeply_nested_source_does_not_recurse() -> None:
    deep = "(" * 5000 + "1" + ")" * 5000
    program = load_program(f"hfun_t() = {deep}\nhfun_ok() = \"ok\"")
    assert program.call_hfun("ok", [], FakeHost()) == "ok"
    with pytest.raises(JuliaError) as info:
        program.call_hfun("t", [], FakeHost())
    assert info.value.code == "FC804" and "nested" in info.value.diagnostic.message


def test_the_budget_is_per_call() -> None:
    program = load_program("function hfun_t()\n  s = 0\n  for i in 1:300000\n    s += i\n  end\n  "
                           "string(s)\nend")
    for _ in range(3):  # 3 calls of 300k steps each, within a budget of 500k steps: a budget per call
        assert program.call_hfun("t", [], FakeHost()) == "45000150000"


def test_include_reads_a_file_of_the_site() -> None:
    host = FakeHost({"lib/helpers.jl": 'shout(s) = uppercase(s) * "!"', "utils.jl": ""})
    program = load_program('include("lib/helpers.jl")\nhfun_t() = shout("hi")', "utils.jl", host)
    assert program.diagnostics == []
    assert program.call_hfun("t", [], host) == "HI!"
    bad = load_program('include("notes.txt")', "utils.jl", FakeHost({"notes.txt": "x"}))
    assert [d.code for d in bad.diagnostics] == ["FC805"]
    loop = load_program('include("utils.jl")', "utils.jl", FakeHost({"utils.jl": 'include("utils.jl")'}))
    assert [d.code for d in loop.diagnostics] == ["FC804"]


def test_meta_parse_reads_a_number_and_nothing_more() -> None:
    """FranklinTemplates' ``hfun_bar``, in every new site's ``utils.jl``: ``sqrt`` of a parsed number."""
    bar = 'hfun_bar(vname) = round(sqrt(Meta.parse(vname[1])), digits=2)'
    assert run(bar, "bar", ["4"]) == "2.0" and run(bar, "bar", [" 2.25 "]) == "1.5"
    parsed = 'string(Meta.parse("1_000"), Meta.parse("1e3"), Meta.parse("-3"), Meta.parse("true"))'
    assert run(f"hfun_t() = {parsed}") == "10001000.0-3true"
    err = error_of('hfun_t() = string(Meta.parse("1 + 1"))')
    assert err.code == "FC801" and "an expression" in err.diagnostic.message


def test_a_dict_walked_again_and_again_spends_the_budget() -> None:
    """Each walk of a ``Dict`` in Julia's order costs work for each key: taking ``first`` of a
    big one until it is empty ends in the step budget, not in minutes of work."""
    src = '''
function hfun_t()
    d = Dict(string(i) => i for i in 1:20000)
    while !isempty(d)
        delete!(d, first(d)[1])
    end
    return "done"
end'''
    err = error_of(src)
    assert err.code == "FC804" and "step budget" in err.diagnostic.message
