"""The AST: node kinds, spans that slice their construct, out-of-flow records."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

import franklin_compat
from franklin_compat.core.diagnostics import Diagnostic
from franklin_compat.core.source import Source
from franklin_compat.page.pipeline import _ASSETS_UNREAD
from franklin_compat.reading import ast as A
from franklin_compat.reading import parse

PAGE = """+++
title = "Spans"
+++
@def lang = "python"

\\newcommand{\\hi}[1]{Hi #1}
# Heading one

Some $x^2$ and `code` and {{fill title}}[^1].

@@box,wide
inner *text*
@@

~~~<b>raw</b>~~~

<!-- a comment -->
[^1]: A note.
[ref]: https://example.org
\\hi{there}
"""


def nodes(doc: A.Document, kind: type[A.Node]) -> list[A.Node]:
    return [n for n in A.walk(doc) if isinstance(n, kind)]


def sliced(doc: A.Document, n: A.Node) -> str:
    assert doc.source is not None
    return doc.source.text[n.span.start : n.span.end]


def test_franklin_nodes_and_their_spans() -> None:
    doc = franklin_compat.parse(PAGE, "p.md")
    (math,) = nodes(doc, A.Math)
    assert sliced(doc, math) == "$x^2$"
    (code,) = nodes(doc, A.CodeSpan)
    assert sliced(doc, code) == "`code`"
    (call,) = nodes(doc, A.HFunCall)
    assert (call.name, call.args, sliced(doc, call)) == ("fill", ("title",), "{{fill title}}")
    (div,) = nodes(doc, A.Div)
    assert div.classes == ("box", "wide") and sliced(doc, div).startswith("@@box,wide")
    (raw,) = nodes(doc, A.RawHtml)
    assert raw.html == "<b>raw</b>"
    (head,) = [h for h in nodes(doc, A.Heading) if isinstance(h, A.Heading) and h.anchor]
    assert sliced(doc, head) == "# Heading one"
    (com,) = nodes(doc, A.Command)
    assert (com.name, com.args, sliced(doc, com)) == ("hi", ("there",), "\\hi{there}")
    (ref,) = nodes(doc, A.FootnoteRef)
    assert sliced(doc, ref) == "[^1]"


def test_positions_of_nodes_are_line_and_column() -> None:
    doc = franklin_compat.parse(PAGE, "p.md")
    assert doc.source is not None
    (math,) = nodes(doc, A.Math)
    assert doc.source.position(math.span.start) == (9, 6)


def test_out_of_flow_records() -> None:
    doc = franklin_compat.parse(PAGE, "p.md")
    assert [(v.name, v.value, v.form) for v in doc.vars] == [
        ("title", "Spans", "toml"),
        ("lang", "python", "def"),
    ]
    assert [(d.name, d.nargs, d.body) for d in doc.definitions] == [("hi", 1, "Hi #1")]
    assert [(d.label, d.url) for d in doc.link_defs] == [("ref", "https://example.org")]
    assert [c.text for c in doc.comments] == [" a comment "]


def test_markdown_nodes_carry_spans_too() -> None:
    doc = franklin_compat.parse("Intro.\n\nSee [the site](https://x.org/a) now.\n")
    (link,) = nodes(doc, A.Link)
    assert "https://x.org/a" in sliced(doc, link)
    assert doc.source is not None and doc.source.position(link.span.start)[0] == 3


def test_asset_references_are_recorded() -> None:
    doc = franklin_compat.parse(
        "![a](/assets/img/a.png) [b](https://x.org)\n\n"
        '\\fig{./plot.svg}\n\n~~~<img src="/assets/c.png">~~~\n',
        "blog/post.md",
    )
    got = {(a.text, a.role, a.resolved, a.external) for a in doc.assets}
    assert got == {
        ("/assets/img/a.png", "image", "_assets/img/a.png", False),
        ("https://x.org", "link", None, True),
        ("./plot.svg", "fig", "_assets/blog/post/plot.svg", False),
        ("/assets/c.png", "html-src", "_assets/c.png", False),
    }


@pytest.mark.filterwarnings("ignore")  # what each target cannot carry: not the subject here
@pytest.mark.parametrize("to", sorted(_ASSETS_UNREAD))
def test_the_formats_given_no_asset_list_never_read_it(to: str) -> None:
    """``convert`` skips the scan (of raw HTML above all) for the formats that never read the
    list when given a page alone: their output is the same with it; JSON still carries it."""
    import json

    from franklin_compat.emit import EMITTERS
    from franklin_compat.page.pipeline import markdown_stage

    text = ('![a](/assets/a.png) [b](/b/)\n\n~~~<img src="/assets/c.png">~~~\n\n\\fig{/assets/d.png}\n'
            '\\input{julia}{/_assets/e.jl}\n')
    with_list = markdown_stage(text, path="index.md", strict=False)
    without = markdown_stage(text, path="index.md", strict=False, assets=False)
    assert [a.text for a in with_list.document.assets][:3] == ["/assets/a.png", "/b/", "/assets/c.png"]
    assert without.document.assets == () and without.html == with_list.html
    if to != "html":
        def out(res: Any) -> str:
            return str(EMITTERS.get(to)(res.document, page_vars=res.page_vars, global_vars=res.global_vars))
        assert out(without) == out(with_list)
    tree = json.loads(franklin_compat.convert(text, "json"))["document"]
    assert [a["text"] for a in tree["assets"]][:3] == ["/assets/a.png", "/b/", "/assets/c.png"]


def test_lenient_parse_records_every_unclosed_construct_in_page_order() -> None:
    diags: list[Diagnostic] = []
    franklin_compat.parse("a $b\n\n@@box\n\nc\n", "p.md", strict=False, diagnostics=diags)
    assert [(d.code, d.line, d.col) for d in diags] == [("FC101", 1, 3), ("FC101", 3, 1)]


def test_an_unknown_environment_is_reported_once_and_kept_as_written() -> None:
    """Lenient: one FC402 at ``\\begin``; the body, written for the missing definition, is not
    reported again (no FC402 for its commands, no FC406 for its ``\\end``) and stays visible."""
    from franklin_compat.page.pipeline import markdown_stage

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = markdown_stage("a\n\n\\begin{tikz}\nA \\arrow[r] B\n\\end{tikz}\n", strict=False)
    assert [(d.code, d.line, d.col) for d in res.diagnostics] == [("FC402", 3, 1)]
    assert "\\arrow&#91;r&#93; B" in res.html and 'title="env_tikz"' in res.html


# Lines of plain text ("a\u00a0": Unicode space, "\U000f0000": a mark the passes write) and pages
# of lone blocks; each is read with and without the shortcut that skips the parser's passes.
PLAIN = ["x", "hello world", "café crème", "", "a\u00a0", "1. item", "+ a", "# a", "a:b:c", "x\u2003y",
         "\U000f00000\U000f0001", "tab\tin", "a{b}", "é $", "> q", "a  ", " a", "- - -", "=="]
LONE_BLOCKS = ["@@a\nx\n@@\n" * 3, "$$x$$\n\n@@b\ny\n@@", "@@a\nx\n@@ @@b\ny\n@@", "@@a\nx\n@@\n$$y$$",
               "```\nc\n```\n\n\n~~~<b>r</b>~~~\n", "@@a\nx\n@@\n\n  @@b\ny\n@@"]


def test_plain_lines_and_lone_blocks_read_as_the_passes_read_them(monkeypatch: pytest.MonkeyPatch) -> None:
    def read(texts: list[str]) -> list[tuple[A.Node, ...] | str]:
        out: list[tuple[A.Node, ...] | str] = []
        for text in texts:
            for recursive in (False, True):
                ctx = parse.Context(source=Source.from_text(text), strict=False)
                out.append(parse.parse_text(text, ctx, recursive=recursive).children)
            try:
                out.append(franklin_compat.convert(text, "html"))
            except franklin_compat.FranklinError as e:
                out.append(e.code)
        return out

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast = read(PLAIN + LONE_BLOCKS)
        monkeypatch.setattr(parse, "_plain_line", lambda text: None)
        monkeypatch.setattr(parse, "inserts_alone", lambda md, inserts: None)
        assert read(PLAIN + LONE_BLOCKS) == fast
