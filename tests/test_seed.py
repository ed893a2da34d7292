"""The seed post: our page equals, inside its franklin-content div, what Franklin built."""

from __future__ import annotations

import sys
import warnings

import franklin_compat
from tests.conftest import SHARED, needs_shared

SITE = "FluxML__fluxml.github.io"
PAGE = "blogposts/2021-12-1-flux-numfocus.md"
BUILT = "blogposts/2021-12-1-flux-numfocus/index.html"


def content(html: str) -> list[object]:
    sys.path.insert(0, str(SHARED / "tools"))
    import htmlnorm  # type: ignore[import-not-found]

    items = htmlnorm.normalise(html, corpus=True)
    found: list[object] = []
    stack = list(items)
    while stack:
        it = stack.pop()
        if it[0] == "e":
            if it[1] == "div" and dict(it[2]).get("class") == "franklin-content":
                found.append(it)
            stack.extend(it[3])
    assert len(found) == 1
    blocks: list[object] = htmlnorm.blocks(list(found[0][3]))
    return blocks


def test_seed_page_content_equals_franklins() -> None:
    root = needs_shared("corpus") / SITE
    built = (needs_shared("corpus-built") / SITE / BUILT).read_text(encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = franklin_compat.Site(root).page_html(PAGE)
    assert content(ours) == content(built)


def test_seed_converts_to_the_same_paragraphs() -> None:
    seed = (needs_shared("seed") / "2021-12-1-flux-numfocus.md").read_text(encoding="utf-8")
    html = franklin_compat.convert(seed)
    assert html.count("<p>") == 6
    assert '<img src="/assets/blogposts/2021-12-1-flux-numfocus/flux_numfocus.png" height="300">' in html
    assert "milestone in our journey&#33;" in html
