"""The Julia language as the evaluator runs it: functions and methods, scopes and closures, control
flow, literals, containers and Julia's printing of values."""

from __future__ import annotations

import pytest

from franklin_compat.julia_subset import load_program

from .test_julia_host import FakeHost, error_of, run


@pytest.mark.parametrize(("src", "out"), [
    # positional, optional, keyword and variadic parameters
    ('f(a, b = 2; c = 3) = a + b + c\nhfun_t() = string(f(1), " ", f(1, 10), " ", f(1; c = 0))', "6 14 3"),
    ('f(xs...; sep = "-") = join(xs, sep)\nhfun_t() = f(1, 2, 3) * f("a"; sep = "+")', "1-2-3a"),
    ('f(; kw...) = join(["$k=$v" for (k, v) in pairs(kw)], ",")\nhfun_t() = f(a = 1, b = "x")', "a=1,b=x"),
    ("g(n) = n\nhfun_t() = string(g(n = 1))", None),
    # several methods: by count, then by declared type, the most specific wins
    ('s(x) = "any"\ns(x::Number) = "number"\ns(x::Int) = "int"\ns(x::AbstractString) = "string"\n'
     's(x::Nothing) = "nothing"\ns(x::AbstractVector) = "vector"\ns(a, b) = "two"\n'
     'hfun_t() = join([s(1), s(1.5), s("a"), s(nothing), s([1]), s(:x), s(1, 2)], ",")',
     "int,number,string,nothing,vector,any,two"),
    ('k(v::Vector{String}) = "strings"\nk(v::Vector{Int}) = "ints"\nk(v::Vector) = "other"\n'
     'hfun_t() = k(["a"]) * k([1, 2]) * k(Any[])', "stringsintsother"),
    ("r(x)::String = x\nhfun_t() = r(1)", None),
    ('function ret(x)\n  x > 0 && return "pos"\n  x < 0 ? "neg" : "zero"\nend\n'
     'hfun_t() = ret(1) * ret(-1) * ret(0)', "posnegzero"),
    # closures capture variables, not values; a do block is the first argument
    ('function hfun_t()\n  n = 0\n  inc = () -> (n += 1)\n  inc(); inc()\n  fs = [() -> i for i in 1:3]\n'
     '  return string(n, [f() for f in fs])\nend', "2[1, 2, 3]"),
    ('hfun_t() = join(map([1, 2, 3]) do x\n  x * 10\nend, " ")', "10 20 30"),
    ('function hfun_t()\n  out = String[]\n  foreach(["a" => 1, "b" => 2]) do (k, v)\n    push!(out, k^v)\n  '
     'end\n'
     '  join(out)\nend', "abb"),
    ("hfun_t() = string((sqrt ∘ abs)(-16), (x -> x^2)(3), 4 |> string |> length)", "4.091"),
    ('hfun_t() = string(filter(!isempty, ["a", "", "b"]), map(==(2), [1, 2]))', '["a", "b"]Bool[0, 1]'),
])
def test_functions(src: str, out: str | None) -> None:
    if out is None:
        assert error_of(src).julia_type == "MethodError"
    else:
        assert run(src) == out


@pytest.mark.parametrize(("src", "out"), [
    # a variable first assigned in a loop belongs to that turn
    ("function hfun_t()\n  for i in 1:2\n    x = i\n  end\n  return string(x)\nend", None),
    ("function hfun_t()\n  x = 0\n  for i in 1:3\n    x += i\n  end\n  string(x)\nend", "6"),
    ("hfun_t() = string(let a = 1, b = a + 1\n  a + b\nend)", "3"),
    ("hfun_t() = string(begin\n  x = 2\n  x * 3\nend)", "6"),
    ("const K = 10\nadd(x) = x + K\nhfun_t() = string(add(1))", "11"),
    ("counter = 0\nfunction bump()\n  global counter += 1\nend\nhfun_t() = (bump(); bump(); string(counter))",
     "2"),
    ("function hfun_t()\n  helper(x) = x * 2\n  function twice(x)\n    helper(helper(x))\n  end\n"
     "  string(twice(3))\nend", "12"),
])
def test_scopes(src: str, out: str | None) -> None:
    if out is None:
        assert error_of(src).diagnostic.message == "UndefVarError: `x` not defined"
    else:
        assert run(src) == out


@pytest.mark.parametrize(("src", "out"), [
    ("function hfun_t()\n  s = \"\"\n  for x in 10:-3:1\n    s *= string(x, \",\")\n  end\n  s\nend",
     "10,7,4,1,"),
    ('function hfun_t()\n  s = ""\n  for (i, (k, v)) in enumerate(["a" => 1, "b" => 2])\n'
     '    s *= "$i$k$v"\n  end\n  s\nend', "1a12b2"),
    ('function hfun_t()\n  d = Dict("x" => 1, "y" => 2)\n  join(["$k$v" for (k, v) in d], "")\nend', "x1y2"),
    ('hfun_t() = join(["$a$b" for (a, b) in zip("abc", 1:2)], " ")', "a1 b2"),
    ('hfun_t() = join(["$i:$x" for (i, x) in pairs(["p", "q"])], " ")', "1:p 2:q"),
    ("function hfun_t()\n  n = 0\n  while true\n    n += 1\n    n < 5 || break\n    isodd(n) && continue\n"
     "  end\n  string(n)\nend", "5"),
    ("function hfun_t()\n  out = []\n  for i in 1:3, j in 1:3\n    j > i && break\n    push!(out, (i, j))\n"
     "  end\n  string(out)\nend", "[(1, 1)]"),
    ('hfun_t(p) = (x = parse(Int, p[1]); x > 5 ? "big" : x > 2 ? "mid" : "small")', None),
    ('function hfun_t()\n  r = if false\n    1\n  elseif 1 > 2\n    2\n  else\n    3\n  end\n'
     '  string(r)\nend', "3"),
    ('hfun_t() = string([x^2 for x in 1:6 if iseven(x)], sum(x for x in 1:4), [(a, b) for a in 1:2 for b in '
     '1:a])',
     "[4, 16, 36]10[(1, 1), (2, 1), (2, 2)]"),
    ('function hfun_t()\n  log = String[]\n  r = try\n    push!(log, "try")\n    error("boom")\n'
     '  catch e\n    push!(log, "catch " * e.msg)\n    "handled"\n  finally\n    push!(log, "finally")\n'
     '  end\n  join(log, ",") * ":" * r\nend', "try,catch boom,finally:handled"),
    ('function hfun_t()\n  try\n    [1][2]\n  catch e\n    return string(e isa BoundsError, " ", typeof(e))\n'
     '  end\nend', "true BoundsError"),
    ("function hfun_t()\n  try\n    try\n      error(\"in\")\n    catch\n      rethrow()\n    end\n"
     "  catch e\n    return sprint(showerror, e)\n  end\nend", "in"),
])
def test_control_flow(src: str, out: str | None) -> None:
    if out is None:
        program = load_program(src)
        assert [program.call_hfun("t", [p], FakeHost()) for p in ("9", "3", "1")] == ["big", "mid", "small"]
    else:
        assert run(src) == out


def test_short_circuit_needs_a_bool() -> None:
    err = error_of('hfun_t() = string(1 && "x")')
    assert err.julia_type == "TypeError"
    assert "non-boolean (Int64) used in boolean context" in err.diagnostic.message
    assert run('hfun_t() = string(true && "x", false || nothing)') == "xnothing"


@pytest.mark.parametrize(("expr", "out"), [
    ('"a$(1 + 1)b$(\'c\')"', "a2bc"),
    ('"\\$x \\t\\u00e9\\x41"', "$x \té" + "A"),
    ("raw\"a\\b$x\"", "a\\b$x"),
    ('"""\n    one\n      two\n    """', "one\n  two\n"),
    ('"""  x\n  y"""', "  x\ny"),
    ("string('a', 'b' * \"c\", 'x'^3)", "abcxxx"),
    ("string(:sym, \" \", repr(:sym), \" \", repr(Symbol(\"a b\")))", 'sym :sym Symbol("a b")'),
    ("repr(\"q\\\"\\n\")", '"q\\"\\n"'),
    ("string(1.0, \" \", 0.1 + 0.2, \" \", 1e-5, \" \", 1e16, \" \", 2/3, \" \", -0.0, \" \", 1/0)",
     "1.0 0.30000000000000004 1.0e-5 1.0e16 0.6666666666666666 -0.0 Inf"),
    ("string(typemax(Int) + 1 == typemin(Int), 2^63, 7 ÷ -2, -7 % 3, mod(-7, 3), div(-7, 2), fld(-7, 2))",
     "true-9223372036854775808-3-12-3-4"),
    ("string(round(2.5), round(3.14159, digits = 2), round(Int, 2.6), floor(Int, -1.5), ceil(1.2))",
     "2.03.143-22.0"),
    ("string(parse(Int, \" 42 \"), parse(Float64, \"1e3\"), tryparse(Int, \"x\"))", "421000.0nothing"),
    ('string([1, 2.5], [1, "a"], Int[], String["x"], (1,), (a = 1, b = "x"), 1 => 2)',
     '[1.0, 2.5]Any[1, "a"]Int64[]["x"](1,)(a = 1, b = "x")1 => 2'),
    ('string(Dict("a" => 1), Dict{String,Any}(), Set([1]), nothing, missing, 1:3, 5:-1:1)',
     'Dict("a" => 1)Dict{String, Any}()Set([1])nothingmissing1:35:-1:1'),
    ("string(typeof(1), typeof(\"a\"), typeof([1]), typeof(1 => \"a\"), typeof(Dict(1 => 2)))",
     "Int64StringVector{Int64}Pair{Int64, String}Dict{Int64, Int64}"),
    ("string(something(nothing, 2), isnothing(nothing), something(Some(nothing), 1), coalesce(missing, 3))",
     "2truenothing3"),
    ("string(2^3^2, -2^2, (2^3)^2)", "512-464"),
    ("string(1 < 2 <= 2 < 3, 1 < 3 < 2, 'a' < 'b', \"ab\" < \"b\", [1, 2] == [1, 2], \"a\" == 'a')",
     "truefalsetruetruetruefalse"),
    ("string(1 in [1, 2], 3 ∉ (1, 2), 'b' in \"abc\", 2 ∈ 1:3, (\"k\" => 1) in Dict(\"k\" => 1))",
     "truetruetruetruetrue"),
    ('string([1, 2, 3] .+ 1, [1, 2] .* [3, 4], uppercase.(["a", "b"]), .!([true, false]))',
     '[2, 3, 4][3, 8]["A", "B"]Bool[0, 1]'),
    ('string(isa(1, Number), 1 isa String, Int <: Number, String <: AbstractString, Vector{Int} <: '
     'Vector{Any})',
     "truefalsetruetruefalse"),
])
def test_values_and_printing(expr: str, out: str) -> None:
    assert run(f"hfun_t() = {expr}") == out


def test_iobuffer() -> None:
    src = '''
function hfun_t()
    io = IOBuffer()
    write(io, "a", 'b')
    print(io, 1, " ", 2.5)
    println(io, " end")
    show(io, "q")
    n = write(io, "é")
    s = String(take!(io))
    return s * "|" * string(n) * "|" * String(take!(io))
end'''
    assert run(src) == 'ab1 2.5 end\n"q"é|2|'


def test_indexing() -> None:
    src = '''
function hfun_t()
    v = [10, 20, 30, 40]
    s = "héllo"
    nt = (a = 1, b = 2)
    m = match(r"(\\w)(\\d)?", "x")
    return string(v[end], v[end-1:end], v[2:2:end], v[[1, 3]], v[v .> 20], s[1], s[2], s[4:end],
                  length(s), lastindex(s), nt[:b], nt.a, (1 => 2)[2], m[1], m[2], first(s, 2), last(v, 2))
end'''
    assert run(src) == "40[30, 40][20, 40][10, 30][30, 40]hé" + "llo56" + "21" + "2xnothing" + "hé[30, 40]"


def test_bounds_and_key_errors_read_like_julia() -> None:
    assert error_of("hfun_t() = [1, 2][3]").diagnostic.message == \
        "BoundsError: attempt to access 2-element Vector{Int64} at index [3]"
    assert error_of('hfun_t() = Dict("a" => 1)["b"]').diagnostic.message == 'KeyError: key "b" not found'
    assert error_of('hfun_t() = "é"[2]').julia_type == "StringIndexError"
    assert error_of("hfun_t() = v[1]").diagnostic.message == "UndefVarError: `v` not defined"


def test_vector_of_undef_and_typed_containers() -> None:
    src2 = '''
function hfun_t()
    names = Vector{String}(undef, 2)
    names[1] = "a"
    return names[2]
end'''
    assert error_of(src2).diagnostic.message == "UndefRefError: access to undefined reference"
    src3 = '''
function hfun_t()
    n = zeros(Int, 2)
    n[2] = 7.0
    d = Dict{String, Vector{Int}}()
    push!(get!(d, "k", Int[]), 1)
    return string(n, d)
end'''
    assert run(src3) == '[0, 7]Dict("k" => [1])'
    assert error_of("hfun_t() = (v = Int[]; push!(v, \"a\"))").diagnostic.message == \
        "MethodError: Cannot `convert` an object of type String to an object of type Int64"
