"""The emitters' fast paths write what their plain paths write, byte for byte."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import warnings
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from franklin_compat import convert
from franklin_compat.core.diagnostics import FranklinError
from franklin_compat.core.source import Source, Span
from franklin_compat.emit.flavors import FLAVORS
from franklin_compat.emit.frontmatter import translate
from franklin_compat.emit.json import SCHEMA_VERSION, encode_node, to_json
from franklin_compat.emit.markdown import (
    FRANKLIN_HFUNS,
    MarkdownEmitter,
    get_flavor,
    rawhtml,
    structure,
    to_markdown,
)
from franklin_compat.emit.markdown import text as mdtext
from franklin_compat.page.pipeline import markdown_stage
from franklin_compat.reading import ast as A
from franklin_compat.reading.pagevars import Symbol
from tests.conftest import FIXTURES, examples

PAGES = sorted(FIXTURES.rglob("*.md"))
S = Span(0, 1)


def _plain_json(doc: A.Node) -> str:
    """The JSON text as written from :func:`encode_node`'s objects (the plain path)."""
    obj = {"schema_version": SCHEMA_VERSION, "document": encode_node(doc)}
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _expanded(page: Path) -> A.Document | None:
    with warnings.catch_warnings(), contextlib.suppress(FranklinError, RecursionError):
        warnings.simplefilter("ignore")
        return markdown_stage(page.read_text(encoding="utf-8", errors="replace"), path=page.name,
                              strict=False, html=False).document
    return None


def test_json_text_of_fixture_pages() -> None:
    """Every fixture page's tree (every node kind the readers make) as the plain path writes it."""
    docs = [d for d in map(_expanded, PAGES) if d is not None]
    assert len(docs) > 50
    kinds = {n.kind for d in docs for n in A.walk(d)}
    assert len(kinds) > 30
    for doc in docs:
        assert to_json(doc) == _plain_json(doc)


class _Str(str):
    pass


@pytest.mark.parametrize("node", [
    A.Heading(span=S, children=(A.Text(span=S, text="a"),), level=True, anchor=1),  # type: ignore[arg-type]
    A.Text(span=S, text=None),  # type: ignore[arg-type]
    A.Text(span=S, text=_Str('"q"\n\u2028\ud800')),
    A.CodeBlock(span=S, code="x", lang=Symbol("julia"), fence=3),  # type: ignore[arg-type]
    A.Toc(span=S, min_level=2, max_level=None),
    A.Toc(span=S, min_level=2.5, max_level=False),  # type: ignore[arg-type]
    A.Paragraph(span=S, children=(), classes=("a", "b")),
    A.Paragraph(span=S, children=(), classes=["a", ("b", "c")]),  # type: ignore[arg-type]
    A.Table(span=S, children=(), aligns=(None, "left")),
    A.Link(span=S, children=(), url="u", title=None, target=(A.Text(span=S, text="t"),)),
    A.VarAssignment(span=S, name="v", value=(1, Symbol("s"), [float("inf")]), text="", form=""),
    A.Document(span=S, source=Source.from_text("\ufeffa \"b\"\n", "p.md")),
    A.Document(span=S, source=Source.from_text("x", None)),
], ids=lambda n: n.kind)
def test_json_text_of_odd_values(node: A.Node) -> None:
    """A value not of its field's usual type is written as ``json.dumps`` writes it."""
    assert to_json(node) == _plain_json(node)


def test_json_text_of_a_deep_tree() -> None:
    """A tree nesting deeper than the writers recurse is written from its objects."""
    for depth in (100, 121, 122, 300):
        node: A.Node = A.Text(span=S, text="x")
        for _ in range(depth):
            node = A.Emphasis(span=S, children=(node,), strong=False)
        doc = A.Document(span=S, children=(A.Paragraph(span=S, children=(node,)),))
        assert to_json(doc) == _plain_json(doc)


def test_json_nan_refused_on_both_paths() -> None:
    node: Any = A.Heading(span=S, children=(), level=float("nan"), anchor=False)
    with pytest.raises(ValueError):
        _plain_json(node)
    with pytest.raises(ValueError):
        to_json(node)


# -- Markdown -------------------------------------------------------------------------

def _markdown_sources() -> list[str]:
    """The fixture pages, and every example of the Markdown emitter's fixture files."""
    cases = [c.values[0] for f in sorted((FIXTURES / "markdown").glob("*/*.md"))  # type: ignore[attr-defined]
             for c in examples(f"markdown/{f.parent.name}/{f.name}")]
    return [p.read_text(encoding="utf-8", errors="replace") for p in PAGES] + cases


def _all_flavors(sources: list[str]) -> list[str]:
    out = []
    for text in sources:
        with warnings.catch_warnings(), contextlib.suppress(FranklinError, RecursionError):
            warnings.simplefilter("ignore")
            res = markdown_stage(text, path="page.md", strict=False, html=False)
            for flavor in FLAVORS:
                md = to_markdown(res.document, flavor, page_vars=res.page_vars, global_vars=res.global_vars,
                                 path="page.md")
                out.append(md.text + repr(md.losses))
    return out


def _regex_unindented(text: str) -> str:
    return re.sub(r"(?:(?<![ \t])[ \t]+)?\n[ \t]*", "\n", text)


def test_markdown_fast_paths_write_what_the_plain_paths_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every flavor, with the shortcuts taken and with them turned off: text with nothing to
    escape written through :func:`escape_text`, every address through ``str.translate``, raw
    HTML unindented by the regular expression."""
    sources = _markdown_sources()
    assert len(sources) > 200
    fast = _all_flavors(sources)
    monkeypatch.setattr(structure, "_SPECIAL_SEARCH", lambda s: True)
    monkeypatch.setattr(mdtext, "_URL_ESCAPED", lambda s: True)
    monkeypatch.setattr(rawhtml, "_unindented", _regex_unindented)
    assert _all_flavors(sources) == fast


@given(st.text(alphabet=" \t\na<b>\r", max_size=40))
def test_unindented_as_the_regex(text: str) -> None:
    assert rawhtml._unindented(text) == _regex_unindented(text)


def _translated_link_dest(url: str, angled: bool) -> str:
    """:func:`_link_dest` as it was written before it looked for a character to escape first."""
    url = url.strip(" \t\n\r\f")
    spaced = angled and " " in url
    url = url.translate(mdtext._URL_ESCAPES_ANGLED if spaced else mdtext._URL_ESCAPES)
    if url.count("(") != url.count(")"):
        url = url.replace("(", "%28").replace(")", "%29")
    return f"<{url}>" if spaced else url


@given(st.text(alphabet=" \t\n<>$\\()a%\r\f", max_size=20), st.booleans())
def test_link_dest_as_translate(url: str, angled: bool) -> None:
    assert mdtext._link_dest(url, angled=angled) == _translated_link_dest(url, angled)


def test_one_paragraph_blocks_as_parts() -> None:
    """A block list of one paragraph (a list item's) is written as the general path writes it."""
    docs = []
    for text in [*_markdown_sources(), "@@note\n  1. not a list \\\\\n# nor a header  \n@@\n"]:
        with warnings.catch_warnings(), contextlib.suppress(FranklinError, RecursionError):
            warnings.simplefilter("ignore")
            docs.append(markdown_stage(text, path="page.md", strict=False, html=False).document)
    assert sum(type(n) is A.Paragraph for d in docs for n in A.walk(d)) > 300
    for flavor in FLAVORS:
        for doc in docs:
            fast, plain = MarkdownEmitter(get_flavor(flavor)), MarkdownEmitter(get_flavor(flavor))
            for em in (fast, plain):
                em._prepass(doc)
                em._nested = 1
            for p in (n for n in A.walk(doc) if type(n) is A.Paragraph):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    assert fast.blocks((p,)) == "\n\n".join(t for _k, t in plain._parts((p,)))


@given(st.text(alphabet="#-+=:!?>1٣ \t\\a.)\n", max_size=12))
def test_fix_lines_as_the_loop(text: str) -> None:
    """Its shortcuts (a line of one line left alone, the start pattern tried only after a first
    character that may start a block) give what the loop gives with every line tried."""

    class Every:
        def __contains__(self, _: object) -> bool:
            return True

    with mock.patch.object(mdtext, "_BLOCK_FIRST", Every()):
        looped = mdtext._fix_lines(text)
    assert mdtext._fix_lines(text) == looped


def test_front_matter_key_table_per_flavor() -> None:
    """The key table made once per flavor is that flavor's: another flavor, or a key map, gets its own."""
    page = A.Document(span=S, vars=(A.VarAssignment(span=S, name="rss", value="x", text="", form=""),))
    base = get_flavor("hugo")
    other = dataclasses.replace(base, keys={**base.keys, "rss": "summary_x"})
    assert translate(page.vars, base).items != translate(page.vars, other).items
    assert translate(page.vars, other).items == {"summary_x": "x"}
    assert translate(page.vars, base, key_map={"rss": "abc"}).items == {"abc": "x"}
    assert translate(page.vars, base).items == translate(page.vars, base).items


def test_franklin_hfuns_in_lower_case() -> None:
    """The emitter takes the default set as it is, as the lower-cased set it makes of any other."""
    assert frozenset(h.lower() for h in FRANKLIN_HFUNS) == FRANKLIN_HFUNS


@given(st.text(alphabet="- a\n", max_size=8), st.text(alphabet="ab\n ", max_size=12))
def test_hang_as_the_loop(prefix: str, body: str) -> None:
    lines = body.split("\n")
    pad = " " * len(prefix)
    assert mdtext._hang(prefix, body) == prefix + lines[0] + "".join(
        "\n" + (pad + ln if ln else "") for ln in lines[1:])


@pytest.mark.parametrize(("src", "expected"), [
    ("line one \\\\\n\nnext\n", "line one<br>\n\nnext\n"),
    ("* item \\\\\n", "* item<br>\n"),
    ("a \\\\ b\n", "a \\\nb\n"),
    ("a \\\\ b \\\\\n", "a \\\nb<br>\n"),
])
def test_paragraph_ending_in_a_hard_break(src: str, expected: str) -> None:
    """A paragraph's own ``\\\\`` at its end is a ``<br>``: found although the run of text is no
    longer looked at for breaks when it holds none."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert convert(src, "commonmark") == expected


@given(st.text(alphabet=" \t\n\r\x0b\x1c\x85\u2028\u00a0a<", max_size=14), st.booleans())
def test_no_blank_lines_as_the_loop(text: str, verbatim: bool) -> None:
    with mock.patch.object(rawhtml, "_BLANK_INSIDE", lambda _text: True):  # the loop, whatever the text
        looped = rawhtml._no_blank_lines(text, verbatim=verbatim)
    assert rawhtml._no_blank_lines(text, verbatim=verbatim) == looped


@given(st.text(max_size=12))
def test_yaml_string_as_json_dumps_writes_it(s: str) -> None:
    from franklin_compat.emit.frontmatter import _YAML_UNSAFE, _yaml_escape, _yaml_string

    assert _yaml_string(s) == _YAML_UNSAFE.sub(_yaml_escape, json.dumps(s, ensure_ascii=False))
