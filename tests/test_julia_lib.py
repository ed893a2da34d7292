"""The functions user code calls: strings, collections, regexes, dates, files through the host."""

from __future__ import annotations

import pytest

from .test_julia_host import FakeHost, error_of, run


@pytest.mark.parametrize(("expr", "out"), [
    ('join(["a", "b", "c"], ", ", " and ")', "a, b and c"),
    ('join(split("a b  c"), "|")', "a|b|c"),
    ('string(split("a,b,,c", ","), split("a,b,,c", ","; keepempty = false), split("a=b=c", "=", limit = 2))',
     'SubString{String}["a", "b", "", "c"]SubString{String}["a", "b", "c"]SubString{String}["a", "b=c"]'),
    ('join(split("a1b22c", r"\\d+"), "-")', "a-b-c"),
    ('strip("  x ") * "|" * lstrip("xxy", \'x\') * "|" * rstrip("/a/b//", \'/\') * "|" * strip("-a-", '
     '[\'-\'])',
     "x|y|/a/b|a"),
    ('string(startswith("julia", "ju"), endswith("julia", \'a\'), startswith("v1.2", r"v\\d"), '
     'occursin("li", "julia"))',
     "truetruetruetrue"),
    ('string(filter(startswith("a"), ["ab", "ba", "ac"]))', '["ab", "ac"]'),
    ('uppercase("abc") * lowercase("ÀB") * titlecase("hello wide world") * uppercasefirst("julia")',
     "ABCàbHello Wide WorldJulia"),
    # Julia's lowercase maps each character alone: İ is i, a word-final Σ is σ
    ('lowercase("İLAVE ΟΔΟΣ") * string(lowercase(\'İ\'))', "ilave οδοσi"),
    ('Franklin.refstring("Straße Ⅻ ２ x² İ")', "straße_x_i"),
    ('first("héllo", 2) * last("héllo", 3) * "0"^2 * repeat("ab", 2)', "héllo" + "00abab"),
    ('lpad(7, 3, "0") * rpad("a", 3) * "|" * lpad("abc", 2)', "007a  |abc"),
    ('replace("a-b-c", "-" => "+")', "a+b+c"),
    ('replace("one two", r"(\\w+) (\\w+)" => s"\\2 \\1")', "two one"),
    ('replace("a1b2", r"\\d" => d -> string(parse(Int, d) * 2))', "a2b4"),
    ('replace("a&b<c", "&" => "&amp;", "<" => "&lt;")', "a&amp;b&lt;c"),
    ('replace("aaa", "a" => "b"; count = 2)', "bba"),
    ('replace("ab", "a" => "b", "b" => "a")', "ba"),
    ('string(findfirst("lo", "hello"), findfirst(\'l\', "hello"), findlast(\'l\', "hello"), findfirst("z", '
     '"a"))',
     "4:534nothing"),
    ('string(length("é1"), ncodeunits("é1"), reverse("abc"), chomp("x\\n"), chop("abc"))', "23cbaxab"),
    ('string(isdigit(\'3\'), isletter(\'é\'), isspace(\' \'), uppercase(\'a\'), Int(\'A\'), Char(66))',
     "truetruetrueA65B"),
    ('string(nextind("é!", 1), prevind("é!", 3), thisind("é!", 2))', "311"),
])
def test_strings(expr: str, out: str) -> None:
    assert run(f"hfun_t() = {expr}") == out


@pytest.mark.parametrize(("expr", "out"), [
    ("string(sort([3, 1, 2]), sort([3, 1, 2], rev = true), sort([\"b\", \"A\", \"a\"]))",
     '[1, 2, 3][3, 2, 1]["A", "a", "b"]'),
    ('string(sort(["bb", "a", "ccc"], by = length), sortperm([30, 10, 20]), sortperm([1, 3, 2], rev = true))',
     '["a", "bb", "ccc"][2, 3, 1][2, 3, 1]'),
    ("string(sort([(2, \"b\"), (1, \"z\"), (2, \"a\")]), sort([1, 5, 3], lt = (a, b) -> a > b))",
     '[(1, "z"), (2, "a"), (2, "b")][5, 3, 1]'),
    ("string(map(x -> x + 1, (1, 2)), map(+, [1, 2], [10, 20]), filter(iseven, 1:6), reverse([1, 2]))",
     "(2, 3)[11, 22][2, 4, 6][2, 1]"),
    ("string(unique([1, 2, 1, 3]), sum([1, 2]), sum(abs, [-1, -2]), prod(1:4), maximum([2, 9, 4]), "
     "minimum(length, [\"aa\", \"b\"]), extrema([3, 1, 2]))", "[1, 2, 3]332491(1, 3)"),
    ("string(count(iseven, 1:5), any(isodd, [2, 4]), all(>(0), [1, 2]), findfirst(==(3), [1, 3, 3]), "
     "findall(isodd, [1, 2, 3]), argmax([1, 5, 2]))", "2falsetrue2[1, 3]2"),
    ("string(reduce(+, 1:4), foldl(*, [\"a\", \"b\"]), mapreduce(x -> x^2, +, 1:3), reduce(+, Int[]; init = "
     "0))",
     "10ab140"),
    ("string(collect(1:3), collect(\"ab\"), collect(enumerate([\"x\"])), first([5, 6]), last(1:3), "
     "only([7]))",
     "[1, 2, 3]['a', 'b'][(1, \"x\")]537"),
    ("string(vcat([1], [2, 3], 4), [[1]; [2]], fill(0, 2), zeros(2), ones(Int, 2), isempty([]), "
     "length(Dict()))",
     "[1, 2, 3, 4][1, 2][0, 0][0.0, 0.0][1, 1]true0"),
    ('string(collect(keys(Dict("a" => 1))), collect(values(Dict("a" => 1))), haskey(Dict(:a => 1), :a),'
     ' get(Dict("a" => 1), "b", 0))',
     '["a"][1]true0'),
    ('string(get(() -> "lazy", Dict(), "k"), merge(Dict("a" => 1), Dict("b" => 2)), pop!(Dict("a" => 1), '
     '"a"))',
     'lazyDict("b" => 2, "a" => 1)1'),
    ("string(union([1, 2], [2, 3]), intersect([1, 2], [2, 3]), setdiff([1, 2], [2]), issubset([1], [1, 2]))",
     "[1, 2, 3][2][1]true"),
    ("string(Tuple([1, 2]), Pair(1, 2).second, Dict(k => k^2 for k in 1:2))", "(1, 2)2Dict(1 => 1, 2 => 4)"),
    ("string(collect(Iterators.take(1:10, 2)), collect(Iterators.drop(1:4, 2)), "
     "collect(Iterators.reverse([1, 2])))",
     "[1, 2][3, 4][2, 1]"),
])
def test_collections(expr: str, out: str) -> None:
    assert run(f"hfun_t() = {expr}") == out


def test_mutation() -> None:
    src = '''
function hfun_t()
    v = [3, 1, 2]
    push!(v, 4, 5); pushfirst!(v, 0); append!(v, [6]); insert!(v, 2, 9)
    a = pop!(v); b = popfirst!(v); deleteat!(v, 1)
    sort!(v); filter!(isodd, v); reverse!(v)
    d = Dict("x" => 1)
    d["y"] = 2; delete!(d, "x"); get!(d, "z", 3); d["y"] += 10
    s = Set([1]); push!(s, 2); push!(s, 1)
    return string(v, a, b, d, length(s), 2 in s, isempty(empty!([1])))
end'''
    assert run(src) == '[5, 3, 1]60Dict("z" => 3, "y" => 12)2truetrue'


@pytest.mark.parametrize(("expr", "out"), [
    ('m = match(r"(\\d+)-(\\d+)", "ab 12-345"); string(m.match, m.captures, m.offset, m[2], m.offsets)',
     '12-345Union{Nothing, SubString{String}}["12", "345"]4345[4, 7]'),
    ('m = match(r"(?<y>\\d{4})/(?<m>\\d\\d)", "on 2024/05"); m[:y] * m["m"]', "202405"),
    ('string(match(r"x", "abc"), occursin(r"^a.c$", "abc"), occursin(r"B"i, "abc"))', "nothingtruetrue"),
    ('join([m.match for m in eachmatch(r"\\d+", "a1b22c333")], ",")', "1,22,333"),
    ('string(count(r"a", "banana"), findfirst(r"an", "banana"), [m.offset for m in eachmatch(r"an", '
     '"banana")])',
     "32:3[2, 4]"),
    ('replace("2024-05-06", r"(?<y>\\d+)-(\\d+)-(\\d+)" => s"\\3/\\2/\\g<y>")', "06/05/2024"),
    ('replace("a.b", r"\\." => "\\\\.")', "a\\.b"),
    ('string(match(r"é(.)", "xéy").offset, match(r"\\s+\\z", "a  ").offset)', "22"),
    ('y, m, d = parse.(Int, match(r"(\\d+)-(\\d+)-(\\d+)", "2024-1-02")); string(y + m + d)', "2027"),
    ('string(Regex("a+b") == r"a+b", occursin(Regex("^x", "i"), "Xy"))', "truetrue"),
])
def test_regex(expr: str, out: str) -> None:
    assert run(f"function hfun_t()\n {expr}\nend") == out


def test_nested_repetition_is_refused() -> None:
    err = error_of('hfun_t() = string(occursin(r"(a+)+$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"))')
    assert err.code == "FC804" and "exponentially" in err.diagnostic.message


@pytest.mark.parametrize(("expr", "out"), [
    ('string(Date(2024, 3, 5), " ", DateTime(2024, 3, 5, 14, 7), " ", Date("2024-03-05"))',
     "2024-03-05 2024-03-05T14:07:00 2024-03-05"),
    ('Dates.format(Date(2024, 3, 5), "U d, yyyy")', "March 5, 2024"),
    ('Dates.format(Date(2024, 3, 5), "e, dd u yy")', "Tue, 05 Mar 24"),
    ('Dates.format(DateTime(2024, 3, 5, 14, 7, 9), "HH:MM:SS p I")', "14:07:09 PM 2"),
    ('string(Date("5 March 2024", dateformat"d U Y"), Date("20240305", "yyyymmdd"), Date("12/2024", '
     '"mm/yyyy"))',
     "2024-03-052024-03-052024-12-01"),
    ("string(year(Date(2024, 3, 5)), month(Date(2024, 3, 5)), day(Date(2024, 3, 5)), dayofweek(Date(2024, 3, "
     "5)))",
     "2024352"),
    ("monthname(Date(2024, 3, 5)) * dayname(Date(2024, 3, 5)) * monthabbr(12) * dayabbr(7)",
     "MarchTuesdayDecSun"),
    ("string(Date(2024, 1, 31) + Dates.Month(1), Date(2024, 3, 5) - Date(2024, 3, 1), Date(2024, 3, 5) + "
     "Day(30))",
     "2024-02-294 days2024-04-04"),
    ("string(Dates.Year(Date(2024, 3, 5)).value, Dates.value(Day(3)), Date(2024, 1, 1) < Date(2024, 1, 2))",
     "20243true"),
    ("string(sort([Date(2024, 1, 2), Date(2023, 5, 1)], rev = true), isleapyear(Date(2024)))",
     "Date[Date(\"2024-01-02\"), Date(\"2023-05-01\")]true"),
    ("string(unix2datetime(0), collect(Date(2024, 1, 30):Day(1):Date(2024, 2, 1)))",
     '1970-01-01T00:00:00Date[Date("2024-01-30"), Date("2024-01-31"), Date("2024-02-01")]'),
])
def test_dates(expr: str, out: str) -> None:
    assert run(f"hfun_t() = {expr}") == out


def test_bad_dates_are_julia_errors() -> None:
    assert error_of("hfun_t() = Date(2023, 2, 29)").diagnostic.message == \
        "ArgumentError: Day: 29 out of range (1:28)"
    assert error_of('hfun_t() = Date("5 Mars 2024", dateformat"d U Y")').julia_type == "ArgumentError"


def test_today_follows_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run("hfun_t() = string(today(), \" \", now(), \" \", Dates.year(Dates.today()))") == \
        "2023-11-14 2023-11-14T22:13:20 2023"


def test_files_through_the_host() -> None:
    host = FakeHost({"posts/a.md": "line 1\nline 2\n", "posts/b.md": "x", "posts/sub/c.md": "y"})
    src = '''
function hfun_t()
    out = String[]
    push!(out, join(readdir("posts"), ","), string(isdir("posts/sub"), isfile("posts/sub")))
    push!(out, string(readlines("posts/a.md")), string(length(read("posts/a.md"))))
    push!(out, join([string(i, ":", l) for (i, l) in enumerate(eachline("posts/a.md"))], ";"))
    open("posts/a.md") do f
        push!(out, readline(f) * "+" * readline(f))
    end
    for (root, dirs, files) in walkdir("posts")
        push!(out, root * "=" * join(files, "&"))
    end
    push!(out, joinpath("a", "b", "c.md"), string(splitext("x/y.tar.gz")))
    push!(out, basename("a/b.md"), dirname("a/b.md"))
    return join(out, " | ")
end'''
    assert run(src, host=host) == (
        'a.md,b.md,sub | truefalse | ["line 1", "line 2"] | 14 | 1:line 1;2:line 2 | line 1+line 2 | '
        'posts=a.md&b.md | posts/sub=c.md | a/b/c.md | ("x/y.tar", ".gz") | b.md | a')
