"""Never an unexpected exception: random Franklin documents and random bytes.

Every input either converts, or raises :class:`FranklinError` whose position
lies in the input (line ≥ 1 and at most the number of lines, col ≥ 1 and at
most one past the end of that line).  Documents are built from Franklin's own
pieces (fences, math, braces, divs, ``{{ }}``, ``\\newcommand`` definitions and
uses, environments, front matter, comments, footnotes, headers, lists) — both
well-formed ones and a soup of unbalanced openers and closers — with Unicode,
CRLF, lone CR, NUL and tabs mixed in.

The numbers of examples add up to the CI-sized run described in
docs/reliability.md (20,000+); ``benchmarks/fuzz_long.py`` runs the same
properties for a million examples and more.  Set ``FC_FUZZ_SCALE`` (a float)
to scale every ``max_examples`` here, e.g. ``FC_FUZZ_SCALE=0.1`` for a quick run.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import franklin_compat
from franklin_compat import FranklinError
from franklin_compat.core.diagnostics import Diagnostic
from franklin_compat.core.source import Source
from franklin_compat.emit import EMITTERS

#: The default run tries a tenth of the examples (a quick test loop); ``.ci/run`` sets 1.
SCALE = float(os.environ.get("FC_FUZZ_SCALE", "0.1"))
#: Examples per property at scale 1; they add up to the CI-sized run (docs/reliability.md).
EXAMPLES = {
    "soup": 7_500, "structured": 5_000, "unicode": 3_000, "bytes": 2_500, "site": 1_000, "template": 1_000,
    "values": 2_000, "json": 1_500, "sites": 200,
}


def fuzz_settings(n: int) -> settings:
    """The same examples on every run (a red CI run is reproducible, and no run fails by luck);
    ``FC_FUZZ_RANDOM=1`` draws new ones, and ``benchmarks/fuzz_long.py`` explores with its own seeds."""
    return settings(
        max_examples=max(1, int(n * SCALE)),
        derandomize=os.environ.get("FC_FUZZ_RANDOM") != "1",
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


# -- the pieces ---------------------------------------------------------------------

#: Openers, closers and other tokens of Franklin's table, alone (mostly unbalanced).
TOKENS = (
    "```", "```julia\n", "```julia:ex\n", "```!\n", "````\n", "`````python\n", "`", "``", "~~~",
    "$", "$$", "\\[", "\\]", "_$>_", "_$<_", "{", "}", "{{", "}}", "\\{", "\\}", "\\$",
    "@@", "@@div\n", "@@a,b ", "@@x-y:z/w\n", "\\newcommand{", "\\newcommand{\\a}{A}",
    "\\newcommand{\\b}[1]{<#1|!#1>}", "\\newcommand{\\c}{\\c}", "\\newcommand{\\d}[2]{#2#1}",
    "\\newcommand{\\e}[", "\\newenvironment{E}{<}{>}", "\\newenvironment{F}[1]{#1}{}", "\\a", "\\b{x}",
    "\\b", "\\c", "\\d{1}{2}", "\\begin{E}", "\\end{E}", "\\begin{F}{y}", "\\end{F}", "\\begin{equation}",
    "\\end{equation}", "\\begin{align}", "\\end{align}", "\\begin{", "\\end{", "\\begin{zz}",
    "+++\n", "+++", "@def x = 1\n", "@def ", "@def y = [1,\n    2]\n", "@def t = \"", "<!--", "-->",
    "[^1]", "[^1]: note", "[^x]:", "# ", "## ", "###### ", "####### ", "\n- ", "\n* ", "\n1. ", "\n10) ",
    "\n> ", "\n>> ", "    ", "\n    code", "[id]: /u\n", "]: ", "\\\\", "\\ ", "\\*", "\\_", "\\`", "\\@",
    "&amp;", "&#1234567;", "&#x10FFFF;", ":smile:", ":nope:", "---", "***", "___", "\n---\n", "#1", "!#1",
    "[", "]", "(", ")", "[a](b)", "![i](x.png)", "![a\"<](\"><x)", "<a href='x'>", "<div>", "</div>",
    "<script>", "</script>", "!!! note\n", "|a|b|\n|-|-|\n|1|2|\n", "*", "**", "_", "__", "\"", "'",
    "\\fig{x}", "\\figalt{a}{x.png}", "\\file{a}{b}", "\\input{julia}{../../etc/passwd}",
    "\\textinput{/etc/passwd}", "\\tableinput{}{x.csv}", "\\literate{x}", "\\output{a}", "\\show{a}",
    "\\textoutput{a}", "\\plotoutput{a}", "\\label{a}", "\\eqref{a}", "\\cite{a,b}", "\\citep{a}",
    "\\biblabel{a}{b}", "\\reflink{a}", "\\toc", "\\style{color:red}{x}", "\\nonumber{$$x$$}",
    "\\unknowncmd", "{{insert x}}", "{{insert ../../etc/passwd}}", "{{fill x}}", "{{fill x y}}",
    "{{if x}}", "{{if}}", "{{else}}", "{{elseif y}}", "{{end}}", "{{for x in y}}", "{{for (a,b) in c}}",
    "{{isdef x}}", "{{ispage /a/*}}", "{{toc}}", "{{toc 1 3}}", "{{redirect /x}}", "{{redirect /x.html}}",
    "{{href EQR a}}", "{{paginate y 2}}", "{{ }}", "{{{x}}}", "{{taglist}}", "{{page_tags}}", "{{x}}",
)
#: Characters that are hard on decoders, line counters and regexes.
ODD = ("\r\n", "\r", "\n", "\n\n", "\x00", "\t", " ", "\u00a0", "\u2028", "\u0085", "\ufeff", "\u200b",
       "é", "日本語", "😀", "\U000f0000", "\U000f0001", "\ufdd0", "\ufdd1", "\ufdd3", "\ud7ff", "\x7f",
       "\x1b[0m", "\\", "\f", "\v")

WORD = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=6)
PIECE = st.one_of(st.sampled_from(TOKENS), st.sampled_from(ODD), WORD)

#: A soup of pieces: mostly unbalanced, so mostly errors.
SOUP = st.lists(PIECE, max_size=30).map("".join)

_NAME = st.sampled_from(["a", "b", "note", "x-y", "c_d", "Z9"])
_INLINE = st.lists(
    st.one_of(
        st.sampled_from(["text ", "*em* ", "**strong** ", "`code` ", "$x^2$ ", "\\a ", "[^1] ", "&amp; ",
                         ":smile: ", "[l](/u) ", "![i](/p.png) ", "<b>raw</b> ", "-- ", "\\\\ ", "é😀 ",
                         "{{fill title}} ", "\\b{y} ", "\\eqref{e} ", "\\cite{k} ", "\\reflink{h} "]),
        WORD,
    ),
    max_size=8,
).map("".join)


_FENCE = st.sampled_from(["```", "````", "~~~"])
_INFO = st.sampled_from(["", "julia", "julia:ex", "python", "!"])


def _unfenced(code: str) -> str:
    return code.replace("`", "").replace("~", "")


def _block(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Well-formed Franklin blocks, some holding other blocks."""
    return st.one_of(
        _INLINE.map(lambda s: s + "\n\n"),
        st.tuples(st.integers(1, 6), _INLINE).map(lambda t: "#" * t[0] + " " + t[1] + "\n\n"),
        st.tuples(_FENCE, _INFO, st.text(max_size=20)).map(
            lambda t: f"{t[0]}{t[1] if t[0] != '~~~' else ''}\n{_unfenced(t[2])}\n{t[0]}\n\n"
        ),
        _INLINE.map(lambda s: "$$" + s.replace("$", "") + "$$\n\n"),
        st.tuples(_NAME, inner).map(lambda t: f"@@{t[0]}\n{t[1]}\n@@\n\n"),
        inner.map(lambda s: "{" + s + "}"),
        st.tuples(_NAME, inner).map(lambda t: f"\\newcommand{{\\{t[0].replace('-', '')}}}{{{t[1]}}}\n"),
        st.tuples(st.sampled_from(["a", "b", "E"]), inner).map(
            lambda t: f"\\begin{{{t[0]}}}{t[1]}\\end{{{t[0]}}}\n"
        ),
        inner.map(lambda s: "\\begin{equation}" + s.replace("$", "") + "\\end{equation}\n"),
        inner.map(lambda s: "<!--" + s.replace("-->", "") + "-->"),
        st.tuples(_NAME, _INLINE).map(lambda t: f"[^{t[0].replace('-', '')}]: {t[1]}\n\n"),
        st.lists(_INLINE, min_size=1, max_size=4).map(lambda xs: "".join(f"- {x}\n" for x in xs) + "\n"),
        st.lists(_INLINE, min_size=1, max_size=4).map(
            lambda xs: "".join(f"{i + 1}. {x}\n" for i, x in enumerate(xs))
        ),
        inner.map(lambda s: "".join("> " + line + "\n" for line in s.split("\n"))),
        inner.map(lambda s: "  " + s.replace("\n", "\n  ")),
        st.sampled_from(["{{fill title}}", "{{if x}}a{{else}}b{{end}}", "{{for v in xs}}[{{v}}]{{end}}",
                         "{{isdef title}}t{{end}}", "{{toc}}", "\\toc\n", "~~~<i>&</i>~~~", "---\n\n"]),
    )


BLOCKS = st.recursive(_INLINE, lambda inner: st.lists(_block(inner), max_size=5).map("".join), max_leaves=20)

_FRONT = st.one_of(
    st.just(""),
    st.sampled_from(['+++\ntitle = "T"\nx = true\nxs = [1, 2]\n+++\n', "@def title = \"T\"\n@def x = false\n",
                     '+++\ntags = ["a", "b"]\n+++\n', "@def xs = (1, \"a\")\n", '+++\nbad = \n+++\n']),
)

#: Well-formed documents with noise: a piece dropped in at a random place, newlines turned to CRLF.
STRUCTURED = st.tuples(_FRONT, BLOCKS, st.lists(st.tuples(st.integers(0, 10_000), PIECE), max_size=3),
                       st.booleans()).map(
    lambda t: _noisy(t[0] + t[1], t[2], t[3])
)


def _noisy(text: str, noise: list[tuple[int, str]], crlf: bool) -> str:
    for at, piece in noise:
        k = at % (len(text) + 1)
        text = text[:k] + piece + text[k:]
    return text.replace("\n", "\r\n") if crlf else text


DOCUMENTS = st.one_of(SOUP, STRUCTURED)


# -- the property -------------------------------------------------------------------


def line_count(text: str) -> int:
    return Source.from_text(text).line_count


def check_position(d: Diagnostic | FranklinError, text: str, what: str) -> None:
    """The reported position lies inside ``text`` (normalised as the library normalises it)."""
    src = Source.from_text(text)
    line, col = d.line, d.col
    assert line is not None and col is not None, f"{what}: {d.code} has no position: {d}"
    assert 1 <= line <= src.line_count, f"{what}: line {line} of {src.line_count}: {d}"
    assert 1 <= col <= len(src.line_text(line)) + 1, f"{what}: col {col} past the end of line {line}: {d}"


def converts_or_fails_cleanly(fn: Callable[[], Any], text: str, what: str) -> None:
    try:
        fn()
    except FranklinError as e:
        check_position(e, text, what)


def usable_emitters() -> list[str]:
    """Registered emitters that load (some are registered before their module is written)."""
    out = []
    for name in EMITTERS.names():
        try:
            EMITTERS.find(name)
        except ImportError:
            continue
        out.append(name)
    return out


EMITTER_NAMES = usable_emitters()


@pytest.fixture(autouse=True)
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def one_document(text: str, emitter: str) -> None:
    """Everything the library does with one page: parse (strict and not), convert to HTML and ``emitter``."""
    converts_or_fails_cleanly(lambda: franklin_compat.parse(text, "page.md"), text, "parse")
    diags: list[Diagnostic] = []
    converts_or_fails_cleanly(
        lambda: franklin_compat.parse(text, "page.md", strict=False, diagnostics=diags), text, "lenient parse"
    )
    for d in diags:
        if d.line is not None:
            check_position(d, text, "diagnostic")
    converts_or_fails_cleanly(lambda: franklin_compat.convert(text, "html", path="page.md"), text, "to html")
    if emitter != "html":
        converts_or_fails_cleanly(lambda: franklin_compat.convert(text, emitter), text, f"convert {emitter}")


@fuzz_settings(EXAMPLES["soup"])
@given(text=SOUP, emitter=st.sampled_from(EMITTER_NAMES))
def test_soup_of_pieces(text: str, emitter: str) -> None:
    one_document(text, emitter)


@fuzz_settings(EXAMPLES["structured"])
@given(text=STRUCTURED, emitter=st.sampled_from(EMITTER_NAMES))
def test_structured_documents(text: str, emitter: str) -> None:
    one_document(text, emitter)


UNICODE = st.text(max_size=200)
BYTES = st.one_of(st.binary(max_size=200), SOUP.map(lambda s: s.encode("utf-8", "surrogatepass")))


def one_bytes(data: bytes) -> None:
    """Bytes: UTF-8 converts (or fails cleanly), anything else is FC002 pointing at the bad byte."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            franklin_compat.parse(data, "page.md")
        except FranklinError as e:
            assert e.code == "FC002", e
            assert e.line is not None and 1 <= e.line <= data.count(b"\n") + 1, e
            assert e.col is not None and e.col >= 1, e
        else:
            raise AssertionError("bytes that are not UTF-8 were accepted")
        return
    text = text.removeprefix("\ufeff")
    converts_or_fails_cleanly(lambda: franklin_compat.parse(data, "page.md"), text, "parse bytes")
    converts_or_fails_cleanly(lambda: franklin_compat.convert(data, "html"), text, "convert bytes")


@fuzz_settings(EXAMPLES["unicode"])
@given(text=UNICODE, emitter=st.sampled_from(EMITTER_NAMES))
def test_any_unicode_text(text: str, emitter: str) -> None:
    one_document(text, emitter)


@fuzz_settings(EXAMPLES["bytes"])
@given(data=BYTES)
def test_random_bytes(data: bytes) -> None:
    one_bytes(data)


#: Path arguments: ``..``, links, absolute paths, NUL, names too long, odd characters.
PATH = st.lists(
    st.one_of(
        st.sampled_from(["..", ".", "", "_assets", "_layout", "__site", "assets", "blog", "first",
                         "config.md", "index.md", "a" * 300, "\x00", "x.png", "data.txt", "head.html", "~"]),
        st.text(max_size=8),
    ),
    max_size=6,
).map("/".join)
#: Constructs that read files, with such paths.
READS = st.tuples(
    st.sampled_from(["\\input{julia}{%s}", "\\input{plot}{%s}", "\\textinput{%s}", "\\tableinput{}{%s}",
                     "\\literate{%s}", "\\fig{%s}", "\\output{%s}", "\\show{%s}", "\\textoutput{%s}",
                     "{{insert %s}}", "{{fill title %s}}", "\\file{a}{%s}", "[l](%s)", "![i](%s)"]),
    PATH.map(lambda p: p.replace("}", "").replace("{", "")),
).map(lambda t: t[0] % t[1])
SITE = Path(__file__).resolve().parent.parent / "fixtures" / "sites" / "blog"


SITE_TEXT = st.lists(st.one_of(READS, PIECE), max_size=8).map(" ".join)
TEMPLATE_TEXT = st.one_of(SOUP, STRUCTURED)


@fuzz_settings(EXAMPLES["site"])
@given(text=SITE_TEXT)
def test_documents_reading_files_of_a_site(text: str) -> None:
    """Pages of a real site whose commands read files: they convert or fail cleanly (never an OSError)."""
    page_vars = {"fd_rpath": "blog/first.md"}
    converts_or_fails_cleanly(
        lambda: franklin_compat.convert(text, site=SITE, page_vars=page_vars, path="p.md"), text, "site page"
    )


@fuzz_settings(EXAMPLES["template"])
@given(text=TEMPLATE_TEXT)
def test_the_template_pass_alone(text: str) -> None:
    """``render_template`` on any HTML: output, or an error placed in it (CR and CRLF end lines too)."""
    page_vars = {"x": True, "y": False, "xs": [1, 2], "title": "T"}
    converts_or_fails_cleanly(lambda: franklin_compat.render_template(text, path="x.html"), text, "template")
    converts_or_fails_cleanly(
        lambda: franklin_compat.render_template(text, page_vars=page_vars, path="x.html"), text, "template"
    )


#: Inputs the properties above once failed on (kept so that they are tried on every run).
REGRESSIONS = [
    "\\[\U000f0105```julia\n[id]: /u\n]",  # a private-use character read as a node's mark (IndexError)
    "[a\U000f0100b][id]\n\n[id]: /u\n",
    "\\[\ufdd0```julia\n[id]: /u\n]",  # the same with the marks the parser uses now
    "[a\ufdd0" + "0\ufdd1b][id]\n\n[id]: /u\n",
    "\n\n{{if x}}a{{else}}b{{end}}",  # template errors placed in the HTML, not in the page
    "```\x00```{{for x in y}}",
    "\r\n\\{\\{",
    "\r<!--",  # the HTML stage counted only LF as a line break
    "\\newcommand{\\a}{\\a}\n$\\a$\n",  # RecursionError in math expansion
    "\\newcommand{\\a}{\\b}\n\\newcommand{\\b}{\\a}\n$$\\a$$\n",
    '@def t = "\\a',  # the sandbox's parser: an error with no ERROR node under it (AttributeError)
    "@def x = [0x" + "f" * 300 + "; 1.5]\n",  # an integer beyond the floats in a Float64 vector
]


@pytest.mark.parametrize("text", REGRESSIONS)
def test_inputs_that_once_failed(text: str) -> None:
    for emitter in EMITTER_NAMES:
        one_document(text, emitter)
    converts_or_fails_cleanly(lambda: franklin_compat.render_template(text), text, "template")


def test_the_examples_add_up_to_the_ci_run() -> None:
    assert sum(EXAMPLES.values()) >= 20_000


# -- issue #16: page-variable values, JSON trees, whole sites ---------------------------------

from tests import fuzz_sites as FS  # noqa: E402  (after the strategies it builds on)


@fuzz_settings(EXAMPLES["values"])
@given(text=FS.VALUE_PAGE, emitter=st.sampled_from(EMITTER_NAMES))
def test_page_variable_values(text: str, emitter: str) -> None:
    """Deep values (hundreds of levels), integers of thousands of digits, odd strings, through
    every stage that walks values (printing, JSON, front matter, pandoc's metadata)."""
    one_document(text, emitter)


@fuzz_settings(EXAMPLES["json"])
@given(mutations=FS.MUTATIONS, emitter=st.sampled_from(EMITTER_NAMES))
def test_mutated_json_trees(mutations: list[tuple[int, str, Any]], emitter: str) -> None:
    """``from_json`` on a real tree with fields set to any JSON, deleted, nested thousands deep or
    swapped: a tree the emitters write, or FC004."""
    FS.one_json(FS.mutate(FS.BASE_TREE, mutations), emitter)


@fuzz_settings(EXAMPLES["sites"])
@given(site=FS.SITE)
def test_whole_small_sites(site: tuple[str, dict[str, str], str]) -> None:
    """A config and a few pages with odd names, titles and values: build, migrate and check."""
    FS.one_site(*site)
