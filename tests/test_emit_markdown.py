"""Markdown emitter: every flavor on fixtures (exact output and loss codes), front
matter, overrides, the registered emitters, and the fixed point over the corpus."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import warnings
from dataclasses import replace
from pathlib import Path

import mistune
import pytest
from hypothesis import given
from hypothesis import strategies as st

import franklin_compat
from franklin_compat.core.source import Span
from franklin_compat.emit.flavors import FLAVORS
from franklin_compat.emit.frontmatter import KEY_MAP, to_yaml
from franklin_compat.emit.markdown import LossWarning, MarkdownResult, get_flavor, to_markdown
from franklin_compat.reading import ast as A
from tests.conftest import FIXTURES, examples, needs_shared, to_md

CASES = [
    pytest.param(*c.values, f.parent.name, id=c.id)  # type: ignore[attr-defined]
    for f in sorted((FIXTURES / "markdown").glob("*/*.md"))
    for c in examples(f"markdown/{f.parent.name}/{f.name}")
]


def md(text: str, flavor: str = "commonmark", **kw: object) -> MarkdownResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return to_md(text, flavor, path="page.md", **kw)  # type: ignore[no-any-return]


@pytest.mark.parametrize(("src", "expected", "opts", "flavor"), CASES)
def test_flavor_fixture(src: str, expected: str, opts: dict[str, str], flavor: str) -> None:
    res = md(src, flavor)
    assert res.text == expected + "\n"
    codes = sorted({loss.code for loss in res.losses})
    assert ",".join(codes) == opts.get("losses", "")


def test_every_flavor_has_fixtures() -> None:
    assert {p.name for p in (FIXTURES / "markdown").iterdir()} == set(FLAVORS)


SOURCES = [pytest.param(c.values[0], id=c.id) for c in CASES
           if c.values[3] == "commonmark"]


@pytest.mark.parametrize("flavor", ["commonmark", "gfm"])
@pytest.mark.parametrize("src", SOURCES)
def test_fixture_output_is_a_fixed_point(flavor: str, src: str) -> None:
    first = md(src, flavor).text
    front, body = split_front_matter(first)
    again = md(body, flavor).text
    assert front + again == first


_FRONT = re.compile(r"\A(?:---\n.*?\n---\n|\+\+\+\n.*?\n\+\+\+\n)\n?", re.S)


def split_front_matter(text: str) -> tuple[str, str]:
    m = _FRONT.match(text)
    return (m.group(0), text[m.end() :]) if m else ("", text)


# -- front matter ---------------------------------------------------------------------


def test_losses_carry_position_and_reason() -> None:
    res = md("@def title = \"T\"\n@def hasmath = true\n\nx\n")
    (loss,) = res.losses
    assert (loss.code, loss.file, loss.line, loss.col) == ("FC701", "page.md", 2, 6)
    assert "hasmath" in loss.what and "build flag" in loss.why
    assert loss.render() == f"page.md:2:6: FC701 {loss.what}: {loss.why}"


def test_date_value_and_precedence() -> None:
    res = md('@def rss_pubdate = Date(2020, 1, 2)\n@def published = "3 March 2021"\n\nx\n')
    assert "date: 2021-03-03\n" in res.text  # ``published`` comes first in the key map
    assert [x.code for x in res.losses] == ["FC705"]


def test_unreadable_date_is_reported_not_guessed() -> None:
    res = md('@def date = "sometime in May"\n\nx\n')
    assert "date" not in res.text
    assert [x.code for x in res.losses] == ["FC702"]


def test_key_map_override() -> None:
    res = md('@def hascode = true\n@def rss = "d"\n\nx\n', key_map={"hascode": "code", "rss": "summary"})
    assert res.text.startswith('---\ncode: true\nsummary: "d"\n---\n')
    assert not res.losses


def test_key_map_lists_franklin_settings() -> None:
    for name in ("hascode", "hasmath", "hasplotly", "reeval", "showall", "mintoclevel", "lang"):
        assert KEY_MAP[name] is None
    assert KEY_MAP["published"] == KEY_MAP["rss_pubdate"] == "date"


def test_yaml_strings_stay_strings() -> None:
    text = to_yaml({"a": "no", "b": "1.0", "c": "x: y", "d": "line\u2028sep", "e": [1, 2.5, True],
                    "f": dt.date(2021, 1, 2), "g": {"h": "i"}, "weird key": float("inf")})
    assert text == ('a: "no"\nb: "1.0"\nc: "x: y"\nd: "line\\Lsep"\ne: [1, 2.5, true]\nf: 2021-01-02\n'
                    'g:\n  h: "i"\n"weird key": .inf\n')


def test_hugo_custom_keys_go_under_params() -> None:
    res = md('@def title = "T"\n@def image = "/c.png"\n\nx\n', "hugo")
    assert res.text.startswith('+++\ntitle = "T"\n\n[params]\nimage = "/c.png"\n+++\n\n')


def test_mkdocs_keeps_authors_as_a_list_and_asks_no_date() -> None:
    """Material's blog reads ``authors`` as a list (a migration writes IDs and .authors.yml); a
    date is required only by the blog plugin, which a migration does not turn on."""
    res = md('@def author = "Ada"\n\nx\n', "mkdocs")
    assert res.losses == () and res.text.startswith('---\nauthors: ["Ada"]\n---\n')


# -- body -------------------------------------------------------------------------------


def test_callout_map_override() -> None:
    res = md("@@exercise Try it. @@\n", "quarto", callouts={"exercise": "tip"})
    assert res.text == "::: {.callout-tip}\nTry it.\n:::\n"
    assert md("@@note Hi. @@\n", "quarto", callouts={}).text == "::: {.note}\nHi.\n:::\n"


def test_gfm_falls_back_to_known_alert_types() -> None:
    assert md('!!! danger "Careful"\n    Hot.\n', "gfm").text == "> [!CAUTION]\n> **Careful**\n>\n> Hot.\n"


@pytest.mark.parametrize(("flavor", "quoted"), [("gfm", "> [!WARNING]"), ("jekyll", "{: .warning}")])
def test_quoted_callout_holding_a_fence_is_a_div(flavor: str, quoted: str) -> None:
    """Franklin reads a fence across ``> `` markers, so such a callout reads back only as a div."""
    src = "@@warning\nCareful.\n\n```julia\nx = 1\n```\n@@\n"
    first = md(src, flavor).text
    assert first.startswith('<div class="warning"') and quoted not in first
    assert md(first, flavor).text == first
    assert quoted in md("@@warning\nCareful: `x = 1`.\n@@\n", flavor).text


def test_jekyll_protects_liquid() -> None:
    text = md("```julia\nx = \"{{a}}\"\n```\n", "jekyll").text
    assert text == '{% raw %}\n```julia\nx = "{{a}}"\n```\n{% endraw %}\n'


def test_hugo_reports_raw_html_once() -> None:
    res = md("~~~<b>a</b>~~~\n\n~~~<i>b</i>~~~\n", "hugo")
    assert [x.code for x in res.losses] == ["FC710"]


def test_raw_html_stays_one_commonmark_block() -> None:
    text = md('~~~\n<div\n  class="x">\n\n  <pre>a\n\nb</pre>\n</div>\n~~~\n').text
    assert text == '<div class="x">\n<pre>a\n&#10;b</pre>\n</div>\n'


def test_html_typed_in_markdown() -> None:
    res = md("a <b>x</b> and <not a tag>\n")
    assert res.text == "a <b>x</b> and &lt;not a tag>\n"
    assert {x.code for x in res.losses} == {"FC712"}


def test_code_output_when_cached() -> None:
    sp = Span(0, 0)
    doc = A.Document(span=sp, children=(
        A.CodeBlock(span=sp, code="\nx = 1 # hide\ny = 2\n", lang="julia", name="ex"),
        A.CodeOutput(span=sp, name="ex", text="2\n"),
    ))
    assert to_markdown(doc, "gfm", page_vars={}).text == "```julia\ny = 2\n```\n\n```plaintext\n2\n```\n"


def test_unknown_flavor() -> None:
    with pytest.raises(franklin_compat.FranklinError, match="FC003") as e:
        get_flavor("gmf")
    assert "gfm" in e.value.diagnostic.hint


def test_custom_flavor() -> None:
    mine = replace(get_flavor("commonmark"), name="mine", inline_math=("\\(", "\\)"))
    assert md("$x$\n", mine).text == "\\(x\\)\n"  # type: ignore[arg-type]


def test_registered_emitters_return_text_and_warn() -> None:
    for flavor in FLAVORS:
        with pytest.warns(LossWarning, match="FC701"):
            out = franklin_compat.convert("@def hascode = true\n\n*x*\n", flavor)
        assert out.endswith("*x*\n")


# -- corpus ------------------------------------------------------------------------------


def _corpus_sample(step: int) -> list[tuple[Path, Path]]:
    corpus = needs_shared("corpus")
    built = needs_shared("corpus-built")
    pages: list[tuple[Path, Path]] = []
    for pairs in sorted(built.glob("*/PAIRS.tsv")):
        for line in pairs.read_text(encoding="utf-8").splitlines()[1:]:
            src = corpus / pairs.parent.name / line.split("\t")[0]
            if src.suffix == ".md" and src.is_file():
                root = src.parent
                while root != corpus and not (root / "config.md").is_file():
                    root = root.parent
                pages.append((src, root))
    return pages[::step]


def test_corpus_markdown_is_a_fixed_point() -> None:
    """md → parse → md gives the same text (every page of the corpus: docs/emitters.md)."""
    done = fixed = 0
    for page, root in _corpus_sample(8):
        pv = {"fd_rpath": page.relative_to(root).as_posix()}
        try:
            first = md(page.read_text(encoding="utf-8"), "gfm", site=root, page_vars=pv).text
        except franklin_compat.FranklinError:
            continue
        front, body = split_front_matter(first)
        done += 1
        with contextlib.suppress(franklin_compat.FranklinError):
            fixed += front + md(body, "gfm", page_vars=pv).text == first
    assert done > 100
    assert fixed == done


@pytest.mark.parametrize("flavor", ["commonmark", "gfm", "hugo", "jekyll", "mkdocs"])
def test_a_comment_franklin_shows_as_text_is_written_as_text(flavor: str) -> None:
    """In an indented sub-item Julia's Markdown reads ``<!-- … -->`` as text, and Franklin shows it
    (``--`` as ``–``): the Markdown shows it too, reads back to Franklin's HTML, and is a fixed point."""
    page = ("* Packages, for example:\n\n"
            "    * Data is revamped. <!-- don't break these -->\n\n    * Cassette.\n")
    html = franklin_compat.convert(page)
    assert "&lt;&#33;– don&#39;t break these –&gt;" in html
    md = franklin_compat.convert(page, flavor)
    assert "&lt;!– don't break these –>" in md and "<!--" not in md
    assert franklin_compat.convert(md, flavor) == md


@given(st.text(alphabet=" \t\n\\a<", max_size=24))
def test_the_space_patterns_start_only_where_a_run_of_spaces_starts(text: str) -> None:
    """The rewritten patterns (linear on a long run of spaces with no line break) replace
    exactly what the plain ones did."""
    from franklin_compat.emit.markdown import rawhtml, structure

    assert rawhtml._unindented(text) == re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    assert rawhtml._BREAK_SPACES.sub(" ", text) == re.sub(r"\s*\n\s*", " ", text)
    assert structure._strip_end(text) == re.sub(r"(?:\\\n|\s)+\Z", "", text)
    assert re.sub(r"(?:(?<![ \t])[ \t]+)?\\\n(?=[ \t]*\n)", "", text) == re.sub(
        r"[ \t]*\\\n(?=[ \t]*\n)", "", text)
    assert re.sub(r"(?:(?<![ \t])[ \t]+)?\n(?:[ \t]*\n)+", "\n", text) == re.sub(
        r"[ \t]*\n(?:[ \t]*\n)+", "\n", text)



@pytest.mark.parametrize(("page", "opening", "what", "col"), [
    ("- ~~~{tag}~~~ one\n- two\n", "<ul>", "a list", 3),
    ("see ~~~{tag}~~~ here\n", "<p>", "a paragraph", 5),
])
def test_raw_html_that_markdown_shows_as_text_is_written_as_html(page: str, opening: str, what: str,
                                                                  col: int) -> None:
    # a BibTeX accent in an attribute: the tag ends for a browser, CommonMark reads no tag at all
    tag = '<button data-x="B\\"urmen, A.}" class="c">x</button>'
    res = md(page.format(tag=tag))
    assert res.text.startswith(opening)
    losses = [(x.code, x.line, x.col, x.what) for x in res.losses]
    assert losses == [("FC714", 1, col, f"{what} written as HTML")]
    shown = mistune.html(res.text)
    assert '<button data-x="B\\"urmen' in shown and "&lt;button" not in shown
    assert md(res.text).text == res.text


def test_raw_html_that_markdown_reads_stays_inline() -> None:
    assert md('- ~~~<b class="c">x</b>~~~ one\n- two\n').text.startswith('- <b class="c">x</b> one')
    # a tag ended by the nodes after its raw piece is not judged from the piece alone
    assert md("see \\style{color: red}{this}\n").text.startswith("see <span")


@pytest.mark.parametrize("flavor", ["commonmark", "gfm", "hugo", "jekyll", "mkdocs", "quarto"])
def test_a_footnote_without_definition_shows_as_franklin_shows_it(flavor: str) -> None:
    # ``[^1] text`` (no colon) defines nothing: Franklin shows each ``[^1]`` as a numbered
    # superscript link, a Markdown reader as the typed ``[^1]``
    page = "a[^n] b[^1].\n\n[^1] The note.\n\n[^n]: note n\n"
    res = md(page, flavor)
    html = franklin_compat.convert(page, "html")
    sup = '<sup id="fnref:1"><a href="#fndef:1" class="fnref">[2]</a></sup>'
    assert html.count(sup) == 2 and res.text.count(sup) == 2
    assert "[^1]" not in res.text and "[^n]" in res.text and "[^n]: note n" in res.text
    assert [(x.line, x.col) for x in res.losses if x.code == "FC760"] == [(1, 8), (3, 1)]
    if flavor != "quarto":  # (Quarto's raw HTML is a ```{=html}`` span, read by pandoc)
        assert mistune.html(res.text).count(sup) == 2
    assert md(res.text, flavor).text == res.text


@pytest.mark.parametrize("flavor", ["jekyll", "mkdocs"])
def test_markdown_is_asked_for_inside_the_block_tags_left_open(flavor: str) -> None:
    # kramdown and Python-Markdown read a block tag's content as HTML unless it has
    # markdown="1": it goes on the tags a raw piece leaves open, not on those it closes
    page = ('~~~<ul><li><div class="card" data-x="a>b">\n<div class="top">T</div>~~~\n\n*one*\n\n'
            '~~~</div></li><li><div class="card"><div class="card"><div class="top">T</div>~~~\n\n*two*\n\n'
            "~~~</div></div></li></ul>~~~\n")
    text = md(page, flavor).text
    assert text.count('markdown="1"') == 3
    assert '<div class="card" data-x="a>b" markdown="1">' in text
    assert '<div class="top">T</div>' in text and '"top" markdown' not in text
    assert '<li><div class="card" markdown="1"><div class="card" markdown="1"><div class="top">' in text
    assert "\n*one*\n" in text and "\n*two*\n" in text
