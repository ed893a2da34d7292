"""Tests for the safe reader of Julia literals in ``+++`` blocks and ``@def`` lines."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from franklin_compat.core.diagnostics import FranklinSyntaxError, Severity
from franklin_compat.core.source import Source, Span
from franklin_compat.reading.pagevars import (
    ALIASES,
    GLOBAL_DEFAULTS,
    HINT,
    LOCAL_DEFAULTS,
    Assignment,
    JuliaRegex,
    Pair,
    Symbol,
    TypedVector,
    canonical,
    parse_date,
    parse_value,
    read_def,
    read_toml_block,
    to_julia_string,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path("/work/shared/corpus")
DEF_SHAPE = (
    "Delimiters for an '@def ...' environment were found but at least one assignment "
    "does not have the proper syntax."
)


def error_at(expr: str) -> tuple[int | None, int | None, str]:
    with pytest.raises(FranklinSyntaxError) as info:
        parse_value(expr)
    assert info.value.code == "FC201"
    return info.value.line, info.value.col, info.value.diagnostic.message


# --------------------------------------------------------------------------- scalars


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("true", True),
        ("false", False),
        ("nothing", None),
        ("missing", None),
        ("42", 42),
        ("-7", -7),
        ("+7", 7),
        ("1_000", 1000),
        ("0x1f", 31),
        ("0b101", 5),
        ("007", 7),
        ("1.5", 1.5),
        (".5", 0.5),
        ("1.", 1.0),
        ("1e-3", 0.001),
        ("2.5E2", 250.0),
        ("-Inf", -math.inf),
    ],
)
def test_numbers_and_constants(expr: str, expected: object) -> None:
    value = parse_value(expr)
    assert value == expected
    assert type(value) is type(expected)


def test_nan_reads_as_nan() -> None:
    value = parse_value("NaN")
    assert isinstance(value, float) and math.isnan(value)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ('"plain"', "plain"),
        ('"a\\nb\\t\\"q\\" \\\\ \\$"', 'a\nb\t"q" \\ $'),
        ('"\\u00e9 \\U0001F600 \\x41 \\101"', "é 😀 A A"),
        ('"\\xc3\\xa9"', "é"),
        ('"# not a comment"', "# not a comment"),
        ('"multi\nline"', "multi\nline"),
        ('"joined \\\n      here"', "joined here"),
        ('raw"C:\\dir\\file $x"', "C:\\dir\\file $x"),
        ('raw"a\\"b"', 'a"b'),
        ('raw"end\\\\"', "end\\"),
        ('""', ""),
    ],
)
def test_strings(expr: str, expected: str) -> None:
    assert parse_value(expr) == expected


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        # the newline after the opening quotes is dropped, the common indentation removed
        ('"""\n    Direct methods\n      indented\n    """', "Direct methods\n  indented\n"),
        # blank lines do not count for the indentation; the closing line does
        ('"""\n    a\n\n    b\n  """', "  a\n\n  b\n"),
        # text after the opening quotes is not part of the indentation
        ('"""first\n   second\n   third"""', "first\nsecond\nthird"),
        ('"""\n\tx\n\ty"""', "x\ny"),
        ('"""one line"""', "one line"),
        ('"""has "quotes" inside"""', 'has "quotes" inside'),
    ],
)
def test_triple_quoted_strings_are_dedented_like_julia(expr: str, expected: str) -> None:
    assert parse_value(expr) == expected


def test_interpolation_is_kept_as_written() -> None:
    assert parse_value('"$pretitle &ndash; pt. I"') == "$pretitle &ndash; pt. I"
    assert parse_value('"total: $(sum(x)) items"') == "total: $(sum(x)) items"
    assert parse_value('"$(f("a)"))!"') == '$(f("a)"))!'


def test_symbols_and_regex() -> None:
    value = parse_value(":sym")
    assert value == "sym" and isinstance(value, Symbol)
    assert repr(value) == "Symbol('sym')"
    assert parse_value('r"^blog/.*"i') == JuliaRegex("^blog/.*", "i")


# --------------------------------------------------------------------------- containers


def test_vectors() -> None:
    assert parse_value('["a", "b", "c"]') == ["a", "b", "c"]
    assert parse_value('[\n  "node_modules/",  # comment\n  "_ignore/",\n]') == ["node_modules/", "_ignore/"]
    assert parse_value("[]") == []
    assert parse_value("[1, 2.5]") == [1.0, 2.5]
    promoted = parse_value("[1, 2.5]")
    assert isinstance(promoted, list) and [type(x) for x in promoted] == [float, float]
    assert parse_value('[\n  "a"\n  "b"\n]') == ["a", "b"]  # line breaks: Julia's vcat
    assert parse_value("[[1, 2]; [3]]") == [1, 2, 3]
    assert parse_value("[[1, 2], [3]]") == [[1, 2], [3]]


def test_typed_vectors_keep_and_convert_their_element_type() -> None:
    empty = parse_value("String[]")
    assert isinstance(empty, TypedVector) and empty.eltype == "String" and not empty
    anys = parse_value("Any[]")
    assert isinstance(anys, TypedVector) and anys.eltype == "Any"
    floats = parse_value("Float64[1, 2]")
    assert isinstance(floats, TypedVector) and [(type(x), x) for x in floats] == [(float, 1.0), (float, 2.0)]
    assert parse_value("Bool[1, 0]") == [True, False]
    pairs = parse_value('Pair{String,String}["a" => "b"]')
    assert isinstance(pairs, TypedVector) and pairs.eltype == "Pair{String, String}"
    assert pairs == [Pair("a", "b")]
    assert error_at('String["a", 1]') == (1, 13, "cannot put a value of type Int64 in a String[…] vector")


def test_tuples_pairs_and_dicts() -> None:
    assert parse_value("(1, 2)") == (1, 2)
    assert parse_value("(1,)") == (1,)
    assert parse_value("()") == ()
    assert parse_value("(5)") == 5
    assert parse_value("1, 2") == (1, 2)
    pair = parse_value('"a" => 1')
    assert isinstance(pair, Pair) and pair == Pair("a", 1) and pair.first == "a"
    assert parse_value('"a" => "b" => "c"') == Pair("a", Pair("b", "c"))
    assert parse_value('"k" => 1:3') == Pair("k", [1, 2, 3])
    assert parse_value('Dict("a" => 1, :b => [2])') == {"a": 1, "b": [2]}
    assert parse_value("Dict()") == {}
    assert parse_value('Dict{String,Any}("x" => 1)') == {"x": 1}


def test_nested_configuration_dict_like_juliacon() -> None:
    text = """Dict(
    "2020" => Dict(
        "global" => true,
        "year" => 2020,
        "alert" => \"\"\"<a href="x">videos</a>\"\"\",
        "header" => [
            "Sponsor" => "/2020/sponsor",
            "Local" => [
                "Venue" => "/2023/venue",
            ],
        ]
    ),
)"""
    assert parse_value(text) == {
        "2020": {
            "global": True,
            "year": 2020,
            "alert": '<a href="x">videos</a>',
            "header": [Pair("Sponsor", "/2020/sponsor"), Pair("Local", [Pair("Venue", "/2023/venue")])],
        }
    }


def test_ranges_concatenation_and_env() -> None:
    assert parse_value("1:4") == [1, 2, 3, 4]
    assert parse_value("10:-3:1") == [10, 7, 4, 1]
    assert parse_value('"a" * "b" * "c"') == "abc"
    assert parse_value('"x" *\n  "y"') == "xy"
    assert parse_value('get(ENV, "PREVIEW_FRANKLIN_PREPATH", "myprepath")') == "myprepath"


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("Date(2021, 12, 1)", dt.date(2021, 12, 1)),
        ("Date(2019, 07, 05)", dt.date(2019, 7, 5)),
        ("Date(2017,4 ,30 )", dt.date(2017, 4, 30)),
        ("Date(2021, 12)", dt.date(2021, 12, 1)),
        ("Date(2021)", dt.date(2021, 1, 1)),
        ('Date("2021-12-01")', dt.date(2021, 12, 1)),
        ("Dates.Date(2020, 2, 29)", dt.date(2020, 2, 29)),
        ("DateTime(2021, 12, 1, 10, 30)", dt.datetime(2021, 12, 1, 10, 30)),
        ('DateTime("2021-12-01T10:30:05.25")', dt.datetime(2021, 12, 1, 10, 30, 5, 250000)),
        ('Dates.DateTime("2021-12-01")', dt.datetime(2021, 12, 1)),
    ],
)
def test_dates(expr: str, expected: dt.date) -> None:
    value = parse_value(expr)
    assert value == expected and type(value) is type(expected)


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("expr", "line", "col", "message"),
    [
        ("foo(1)", 1, 1, "cannot read the call `foo(…)`: only Date, DateTime, Dict and get(ENV, …) are read"),
        ("x", 1, 1, "cannot read the name `x`: it is a Julia variable, not a literal"),
        ('["a", b]', 1, 7, "cannot read the name `b`: it is a Julia variable, not a literal"),
        ('["<li>$i</li>" for i in 1:10]', 1, 16, "cannot read a comprehension (`… for … in …`)"),
        ("1 + 2", 1, 3, "cannot read the operator `+`: only `=>`, `*` between strings and `a:b` ranges "
                        "are read"),
        ("[1 2]", 1, 4, "expected `,` or `]`, found `2`: space-separated items make a Julia matrix, "
                        "which is not read"),
        ('"a" * 1', 1, 5, "cannot read `*` between String and Int64: only strings are joined"),
        ("[1, 2", 1, 1, "this `[` is never closed"),
        ("Date(2021, 1", 1, 1, "this `Date(` is never closed"),
        ('"abc', 1, 1, "this string is never closed"),
        ('"\\q"', 1, 2, "invalid escape sequence `\\q` in a string"),
        ('"costs $5"', 1, 8, "invalid interpolation syntax: `$` must be followed by a name or `(`"),
        ("'a'", 1, 1, "cannot read `'…'`: that is a Julia character, not a string"),
        ('md"# hi"', 1, 1, 'cannot read the string macro `md"…"`'),
        ("(a = 1,)", 1, 2, "cannot read `a = …` inside parentheses: named tuples and keyword arguments "
                           "are not read"),
        ("Date(2021, 13, 1)", 1, 1, "Date(2021, 13, 1) is not a valid date: month must be in 1..12"),
        ('Date("1 Dec 2021")', 1, 6, 'Date("1 Dec 2021") is not a date written yyyy-mm-dd'),
        ("-\"a\"", 1, 1, "cannot read unary `-` before a value of type String: only numbers take a sign"),
        ('"a" "b"', 1, 5, 'expected the end of the value, found `"`'),
        ("", 1, 1, "expected a value, found the end of the text"),
        ("[\n  1,\n  2;\n]", 3, 4, "cannot mix `,` with `;` or line breaks between the items of one vector"),
        ("Dict(1)", 1, 6, "Dict(…) takes `key => value` pairs, found a value of type Int64"),
        ('get(ENV, "X")', 1, 1, 'only get(ENV, "NAME", default) is read'),
        ("ENV", 1, 1, "cannot read the name `ENV`: it is a Julia variable, not a literal"),
        ("2x", 1, 2, "unexpected `x` right after the number `2`"),
        ("#= open", 1, 1, "this `#=` comment is never closed"),
        ("1:0:5", 1, 1, "cannot read a range with a step of 0"),
        ("[1)", 1, 3, "expected `]`, found `)`"),
    ],
)
def test_errors_point_at_the_exact_character(expr: str, line: int, col: int, message: str) -> None:
    assert error_at(expr) == (line, col, message)


def test_error_carries_hint_and_span() -> None:
    with pytest.raises(FranklinSyntaxError) as info:
        parse_value("Dates.year(Dates.today())")
    d = info.value.diagnostic
    assert d.hint == HINT
    assert (d.line, d.col, d.end_line, d.end_col) == (1, 1, 1, 11)
    assert d.severity is Severity.ERROR


def test_date_subtraction_gets_a_specific_hint() -> None:
    with pytest.raises(FranklinSyntaxError) as info:
        parse_value("2021-12-01")
    assert (info.value.line, info.value.col) == (1, 5)
    assert info.value.diagnostic.hint == (
        'Julia reads 2021-12-01 as a subtraction: write Date(2021, 12, 1) or "2021-12-01"'
    )


def test_error_position_goes_through_the_source() -> None:
    src = Source.from_text("# Title\n\n@def x = [1,\n    foo]\n", "page.md")
    start = src.text.index("[")
    with pytest.raises(FranklinSyntaxError) as info:
        parse_value(src.text[start:src.text.index("\n", src.text.index("foo"))], offset=start, source=src)
    assert (info.value.path, info.value.line, info.value.col) == ("page.md", 4, 5)
    assert info.value.diagnostic.offset == src.text.index("foo")
    assert str(info.value).startswith("page.md:4:5: FC201 cannot read the name `foo`")


def test_deep_nesting_is_refused_at_the_bracket_past_the_limit() -> None:
    """Printing and the writers walk a value one call per level: 48 levels are read, the 49th
    bracket is FC201 at its own column (and 50,000 brackets end there, without recursion)."""
    value = parse_value("[" * 48 + "1" + "]" * 48)
    for _ in range(48):
        assert isinstance(value, list) and len(value) == 1
        value = value[0]
    assert value == 1
    for text in ("[" * 50_000 + "1" + "]" * 50_000, "(" * 49 + "1," + ")" * 49, "[(" * 25 + "1" + ")]" * 25):
        with pytest.raises(FranklinSyntaxError) as info:
            parse_value(text)
        assert info.value.code == "FC201" and (info.value.line, info.value.col) == (1, 49)
    with pytest.raises(FranklinSyntaxError) as info:  # pairs nest without brackets
        parse_value("1 => " * 60 + "1")
    assert info.value.code == "FC201" and "nested more than 48" in str(info.value)


def test_integers_beyond_pythons_digit_limit_are_fc201_at_the_digits() -> None:
    assert parse_value("9" * 4300) == int("9" * 4300)
    for text in ("9" * 4301, "0x" + "f" * 4000):
        with pytest.raises(FranklinSyntaxError) as info:
            parse_value("[1, " + text + "]")
        assert info.value.code == "FC201" and info.value.col == 5


# --------------------------------------------------------------------------- +++ blocks


def test_toml_block_reads_assignments_with_spans() -> None:
    body = (
        "using Dates\n"
        "# a comment\n"
        "title = \"Hello # not a comment\"  # trailing comment\n"
        "#= block\n   comment =#\n"
        "date = Date(2021, 12, 1)\n"
        "tags = [\n    \"a\",\n    \"b\",\n]\n"
        "x = 1; y = 2\n"
    )
    doc = "+++\n" + body + "+++\n"
    src = Source.from_text(doc, "post.md")
    assignments, diagnostics = read_toml_block(body, offset=4, source=src)
    assert diagnostics == []
    assert [(a.name, a.value) for a in assignments] == [
        ("title", "Hello # not a comment"),
        ("date", dt.date(2021, 12, 1)),
        ("tags", ["a", "b"]),
        ("x", 1),
        ("y", 2),
    ]
    for a in assignments:
        assert src.text[a.value_span.start:a.value_span.end] == a.text
        assert src.text[a.span.start:a.span.end].startswith(a.name)
    tags = assignments[2]
    assert tags.text == '[\n    "a",\n    "b",\n]'
    assert src.position(tags.span.start) == (8, 1)
    assert assignments[0] == Assignment(
        "title", "Hello # not a comment", '"Hello # not a comment"',
        Span(4 + 24, 4 + 31 + 24), Span(4 + 32, 4 + 31 + 24),
    )


def test_toml_block_reports_every_bad_statement_and_goes_on() -> None:
    body = (
        'author = "me"\n'
        "current_year = Dates.year(Dates.today())\n"
        "members = eachrow(readdlm(\"m.csv\", ',',\n    skipstart=1))\n"
        "function f(x)\n    x + 1\nend\n"
        "date = 2021-12-01\n"
        "[section]\n"
        "title = 'single'\n"
        "ok = true\n"
    )
    src = Source.from_text("+++\n" + body + "+++\n")
    assignments, diagnostics = read_toml_block(body, offset=4, source=src)
    assert [(a.name, a.value) for a in assignments] == [("author", "me"), ("ok", True)]
    assert [(d.code, d.severity, d.line, d.col) for d in diagnostics] == [
        ("FC201", Severity.ERROR, 3, 16),
        ("FC201", Severity.ERROR, 4, 11),
        ("FC201", Severity.ERROR, 6, 1),
        ("FC201", Severity.ERROR, 9, 12),
        ("FC201", Severity.ERROR, 10, 1),
        ("FC201", Severity.ERROR, 11, 9),
    ]
    assert diagnostics[2].message == (
        "cannot read Julia code (`function …`): only `name = value` lines are read"
    )
    assert diagnostics[4].message == "expected `name = value`, found `[`"


def test_toml_block_unclosed_bracket_resumes_on_the_next_line() -> None:
    assignments, diagnostics = read_toml_block('x = [1, 2\ny = "ok"\n', offset=0)
    assert [(a.name, a.value) for a in assignments] == [("y", "ok")]
    assert [(d.line, d.col, d.message) for d in diagnostics] == [
        (2, 1, "expected `,` or `]`, found `y`"),
    ]


def test_toml_block_unclosed_block_comment_ends_the_block() -> None:
    assignments, diagnostics = read_toml_block("x = 1\n#= open\ny = 2\n", offset=0)
    assert [(a.name, a.value) for a in assignments] == [("x", 1)]
    assert [(d.line, d.col, d.message) for d in diagnostics] == [(2, 1, "this `#=` comment is never closed")]


def test_toml_block_interpolates_names_set_earlier() -> None:
    body = 'pretitle = "GMRES & CG"\ntitle = "$pretitle &ndash; pt. I"\nn = [1, 2]\ns = "$(n) $later"\n'
    assignments, diagnostics = read_toml_block(body, offset=0)
    values = {a.name: a.value for a in assignments}
    assert values["title"] == "GMRES & CG &ndash; pt. I"
    assert values["s"] == "[1, 2] $later"
    assert [(d.code, d.severity, d.line, d.col, d.end_col) for d in diagnostics] == [
        ("FC203", Severity.WARNING, 4, 11, 17),
    ]
    assert diagnostics[0].message == "cannot evaluate the interpolation `$later`: the text is kept as written"


def test_toml_block_without_source_reports_positions_in_the_body() -> None:
    _, diagnostics = read_toml_block('a = 1\nb = "x" "y"\n', offset=100)
    assert [(d.line, d.col, d.offset, d.path) for d in diagnostics] == [(2, 9, 114, None)]
    assert diagnostics[0].message == 'expected a line break after the value of `b`, found `"`'


# --------------------------------------------------------------------------- @def


def test_read_def_basic_and_comment_cut() -> None:
    src = Source.from_text('@def title = "A page" <!-- note -->\n')
    assignment, diagnostic = read_def(src.text[5:], offset=5, source=src)
    assert diagnostic is None
    assert assignment == Assignment("title", "A page", '"A page"', Span(5, 21), Span(13, 21))


def test_read_def_shapes() -> None:
    flag, _ = read_def("hascode=true", offset=0)
    assert flag == Assignment("hascode", True, "true", Span(0, 12), Span(8, 12))
    multi, _ = read_def("z = [1,2,3,\n    4,5,6]", offset=0)
    assert multi is not None and multi.value == [1, 2, 3, 4, 5, 6]
    empty, diagnostic = read_def("x =   ", offset=0)
    assert empty is not None and empty.value is None and empty.text == "" and diagnostic is None
    unicode_name, _ = read_def("αβ_x! = 1", offset=0)
    assert unicode_name is not None and unicode_name.name == "αβ_x!"


@pytest.mark.parametrize("text", ["title", 'title: "x"', "= 3", "x == 3", '"t" = 1'])
def test_read_def_wrong_shape_is_franklins_warning(text: str) -> None:
    assignment, diagnostic = read_def(text, offset=0)
    assert assignment is None
    assert diagnostic is not None
    assert (diagnostic.code, diagnostic.severity) == ("FC202", Severity.WARNING)
    assert diagnostic.message == DEF_SHAPE


def test_read_def_unreadable_value_is_an_error_at_its_column() -> None:
    src = Source.from_text("intro\n@def alist = [\"<li>item $i</li>\" for i in 1:10]\n")
    start = src.text.index("alist")
    assignment, diagnostic = read_def(src.text[start:src.text.index("\n", start)], offset=start, source=src)
    assert assignment is None
    assert diagnostic is not None
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("FC201", 2, 34)


def test_read_def_warnings_keep_the_assignment() -> None:
    extra, diagnostic = read_def('title = "A" "B"', offset=0)
    assert extra is not None and extra.value == "A"
    assert diagnostic is not None and (diagnostic.code, diagnostic.col) == ("FC204", 13)
    interp, diagnostic = read_def('title = "$name"', offset=0)
    assert interp is not None and interp.value == "$name"
    assert diagnostic is not None and (diagnostic.code, diagnostic.severity) == ("FC203", Severity.WARNING)


# --------------------------------------------------------------------------- string()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", "plain"),
        (Symbol("sym"), "sym"),
        (True, "true"),
        (None, "nothing"),
        (3, "3"),
        (0.5, "0.5"),
        (1.0, "1.0"),
        (1e-5, "1.0e-5"),
        (0.0001, "0.0001"),
        (123456.0, "123456.0"),
        (1234567.0, "1.234567e6"),
        (1e16, "1.0e16"),
        (-2.5e-7, "-2.5e-7"),
        (-0.0, "-0.0"),
        (math.inf, "Inf"),
        (math.nan, "NaN"),
        (dt.date(2013, 9, 4), "2013-09-04"),
        (dt.date(1, 1, 1), "0001-01-01"),
        (dt.datetime(2013, 9, 4, 10, 5), "2013-09-04T10:05:00"),
        (dt.datetime(2013, 9, 4, 10, 5, 1, 5000), "2013-09-04T10:05:01.005"),
        (["a", "b"], '["a", "b"]'),
        ([1, 2], "[1, 2]"),
        ([1, 2.5], "[1.0, 2.5]"),
        ([], "Any[]"),
        (TypedVector("String"), "String[]"),
        ([True, False], "Bool[1, 0]"),
        ([1, "a"], 'Any[1, "a"]'),
        ([1, None], "Union{Nothing, Int64}[1, nothing]"),
        ([Symbol("a")], "[:a]"),
        (['say "hi" $5\n'], '["say \\"hi\\" \\$5\\n"]'),
        (("a", 1), '("a", 1)'),
        (("a",), '("a",)'),
        (Pair("a", 1), '"a" => 1'),
        ({"a": 1, "b": 2}, 'Dict("b" => 2, "a" => 1)'),
        ({"a": 1, "b": "x"}, 'Dict{String, Any}("b" => "x", "a" => 1)'),
        ({}, "Dict{Any, Any}()"),
        (JuliaRegex("^a", "i"), 'r"^a"i'),
    ],
)
def test_to_julia_string(value: object, expected: str) -> None:
    assert to_julia_string(value) == expected


scalars = st.one_of(
    st.text(),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.from_regex(re.compile(r"[a-z_][a-z0-9_]{0,8}", re.ASCII), fullmatch=True).map(Symbol),
    st.dates(),
    st.datetimes().map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000)),
)
homogeneous_lists = st.one_of(
    st.lists(st.text()), st.lists(st.integers(), min_size=1), st.lists(st.dates(), min_size=1)
)
values = st.recursive(
    st.one_of(scalars, homogeneous_lists),
    lambda inner: st.one_of(
        st.tuples(inner, inner),
        st.builds(Pair, inner, inner),
        st.dictionaries(st.text(max_size=5), inner, max_size=3),
    ),
    max_leaves=8,
)


@given(values)
def test_show_reads_back(value: object) -> None:
    """What Julia would print for a value inside a container reads back as the same value."""
    assert parse_value(to_julia_string((value,))) == (value,)


_PIECES = st.sampled_from(
    [*'[](){},;:=>*-+"\'$\\#\n \tax019._!é', '"""', "#=", "=#", "Date(", 'raw"', 'r"', "get(ENV,",
     "String[", "=>", "$(", "for", "using ", "\\u", "\\x", "true", "Dict("]
)


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_arbitrary_text_only_ever_fails_with_a_diagnostic(text: str) -> None:
    try:
        parse_value(text)
    except FranklinSyntaxError as e:
        assert e.line is not None and e.col is not None
    assignments, diagnostics = read_toml_block(text, offset=3)
    for a in assignments:
        assert text[a.value_span.start - 3:a.value_span.end - 3] == a.text
    assert all(d.line is not None for d in diagnostics)
    read_def(text, offset=0)


# --------------------------------------------------------------------------- dates in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1 December 2021", dt.date(2021, 12, 1)),
        ("2021-12-01", dt.date(2021, 12, 1)),
        ("Dec 1, 2021", dt.date(2021, 12, 1)),
        ("2021/12/01", dt.date(2021, 12, 1)),
        ("  July 13, 2023 ", dt.date(2023, 7, 13)),
        (dt.date(2020, 1, 2), dt.date(2020, 1, 2)),
        (dt.datetime(2020, 1, 2, 3, 4), dt.date(2020, 1, 2)),
        ("7 Sepember 2019", None),
        ("December 2021", None),
        ("2021", None),
        ("13", None),
        ("", None),
        (2021, None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


# --------------------------------------------------------------------------- defaults


def test_defaults_match_franklin() -> None:
    assert LOCAL_DEFAULTS["title"] is None
    assert LOCAL_DEFAULTS["hasmath"] is False
    assert LOCAL_DEFAULTS["date"] == dt.date(1, 1, 1)
    assert LOCAL_DEFAULTS["lang"] == "julia"
    assert (LOCAL_DEFAULTS["mintoclevel"], LOCAL_DEFAULTS["maxtoclevel"]) == (1, 10)
    assert LOCAL_DEFAULTS["reflinks"] is True
    assert LOCAL_DEFAULTS["header_anchor_class"] == "header-anchor"
    assert LOCAL_DEFAULTS["sitemap_priority"] == 0.5
    assert to_julia_string(LOCAL_DEFAULTS["tags"]) == "String[]"
    assert GLOBAL_DEFAULTS["author"] == ""
    assert GLOBAL_DEFAULTS["content_tag"] == "div"
    assert GLOBAL_DEFAULTS["content_class"] == "franklin-content"
    assert GLOBAL_DEFAULTS["date_format"] == "U dd, yyyy"
    assert GLOBAL_DEFAULTS["rss_file"] == "feed"
    assert not set(ALIASES) & (set(GLOBAL_DEFAULTS) | set(LOCAL_DEFAULTS))
    assert set(ALIASES.values()) <= set(GLOBAL_DEFAULTS) | set(LOCAL_DEFAULTS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("prefix", "prepath"),
        ("base_path", "prepath"),
        ("rss", "rss_description"),
        ("rss_descr", "rss_description"),
        ("website_descr", "website_description"),
        ("rss_website_descr", "website_description"),
        ("base_url", "website_url"),
        ("rss_website_url", "website_url"),
        ("rss_website_title", "website_title"),
        ("rss_filename", "rss_file"),
        ("sitemap_filename", "sitemap_file"),
        ("ifdef", "ifdef"),
        ("title", "title"),
    ],
)
def test_canonical(name: str, expected: str) -> None:
    assert canonical(name) == expected


# --------------------------------------------------------------------------- data-driven cases


def fixture_cases() -> list[dict[str, object]]:
    data = json.loads((ROOT / "fixtures" / "pagevars" / "cases.json").read_text(encoding="utf-8"))
    cases: list[dict[str, object]] = data["cases"]
    return cases


@pytest.mark.parametrize("case", fixture_cases(), ids=lambda c: str(c["expr"])[:40])
def test_fixture_case(case: dict[str, object]) -> None:
    expr = str(case["expr"])
    if "error" in case:
        line, col, _ = error_at(expr)
        assert [line, col] == case["error"]
    else:
        assert to_julia_string(parse_value(expr)) == case["string"]


# --------------------------------------------------------------------------- real sites

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TOML = re.compile(r"(?m)^\+\+\+\n(.*?)^\+\+\+(?:\n|\Z)", re.S)
_FENCE = re.compile(r"(?m)^[ \t]*(`{3,5}).*?\n.*?^[ \t]*\1[ \t]*$", re.S)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_DEF = re.compile(r"@def[ \t]+(.*(?:\n(?:    |\t).*)*)")


def _blank(m: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", m.group())


def corpus_units(src: Source) -> list[tuple[str, int, str]]:
    """The ``+++`` bodies and ``@def`` texts of a page, found the way Franklin orders blocks:
    comments first, then ``+++``, then code, then ``@def`` (offsets are kept)."""
    text = _COMMENT.sub(_blank, src.text)
    units = [("toml", m.start(1), src.text[m.start(1):m.end(1)]) for m in _TOML.finditer(text)]
    text = _INLINE_CODE.sub(_blank, _FENCE.sub(_blank, _TOML.sub(_blank, text)))
    units += [("def", m.start(1), src.text[m.start(1):m.end(1)]) for m in _DEF.finditer(text)]
    return units


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the shared corpus of real Franklin sites (/work/shared) is absent"
)
def test_every_corpus_assignment_reads_without_crashing() -> None:
    pages = sorted(CORPUS.rglob("*.md"))
    assert pages
    read = 0
    for path in pages:
        src = Source.from_path(path)
        for kind, offset, text in corpus_units(src):
            if kind == "toml":
                assignments, diagnostics = read_toml_block(text, offset=offset, source=src)
            else:
                one, diagnostic = read_def(text, offset=offset, source=src)
                assignments = [one] if one else []
                diagnostics = [diagnostic] if diagnostic else []
            for d in diagnostics:
                assert d.path == str(path) and d.line is not None and d.code.startswith("FC20")
            for a in assignments:
                read += 1
                assert src.text[a.value_span.start:a.value_span.end] == a.text
                if a.text and "$" not in a.text:
                    assert parse_value(a.text, offset=a.value_span.start, source=src) == a.value
                assert isinstance(to_julia_string(a.value), str)
    assert read > 3000
