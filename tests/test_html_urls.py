"""The URLs a page's raw HTML names (``src``/``href``) are those html.parser reads, found in
linear time: the asset list of ``build``, ``check`` and ``migrate`` comes from them."""

from __future__ import annotations

import warnings
from html.parser import HTMLParser
from pathlib import Path

import pytest

import franklin_compat
from franklin_compat.reading import ast as A
from franklin_compat.reading.assets import _html_urls

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


class _Reference(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for attr in ("src", "href"):
            v = named.get(attr)
            if v is not None and "{{" not in v:
                self.found.append((v, attr))


def reference(html: str) -> list[tuple[str, str]]:
    p = _Reference()
    p.feed(html)
    p.close()
    return p.found


@pytest.mark.parametrize("html", [
    '<p><img src="a.png"> <a href=\'b.html\' href="c.html">x</a></p>',
    '<a x="1>" href=y>',  # a ``>`` inside a quoted value does not end the tag
    "<a href=x <img src=y>",  # a tag left open: its attributes run on
    '<a x="open href=z> <img src=w>',  # an unclosed quote
    "<!-- <img src=hidden> --><script>var s = '<img src=no>';</script><img src=yes>",
    "<td><a href=x</td> <img src=y>",
    "<a href=x " * 50,  # left open to the end: no tag is complete
    ' <a x="1>"' * 50 + " y=",
    "<img src=a&amp;b>",
    "<img alt='open <a href=x> <img src=y>",  # a tag left open is text up to the next ``>``
])
def test_as_html_parser_reads_them(html: str) -> None:
    assert _html_urls(html) == reference(html)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
def test_every_raw_html_block_of_the_corpus_as_html_parser_reads_it() -> None:
    seen = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for page in sorted(CORPUS.rglob("*.md")):
            try:
                doc = franklin_compat.parse(page.read_text(encoding="utf-8", errors="replace"), strict=False)
            except franklin_compat.FranklinError:
                continue
            for node in A.walk(doc):
                if isinstance(node, A.RawHtml):
                    assert _html_urls(node.html) == reference(node.html), page
                    seen += 1
    assert seen > 500
