"""A long page written in sections (franklin_compat/page/sections.py) is the page written whole.

Every page here is converted twice: whole, and with the section threshold lowered so that it
is cut every few hundred characters (or at every place it may be cut); the HTML before and
after the ``{{ }}`` pass, the page variables, the headers and the diagnostics must be the
same.  Each run also counts the sections made, so that it cannot pass without cutting.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import franklin_compat as fc
from franklin_compat import FranklinError
from franklin_compat.core.paths import find_root
from franklin_compat.core.source import Source
from franklin_compat.page import pipeline as P
from franklin_compat.page import sections as S

from .conftest import needs_shared
from .test_fuzz import BLOCKS, SOUP, STRUCTURED, fuzz_settings


@contextmanager
def cut_every(size: int, made: list[int]) -> Iterator[None]:
    """Sections of ``size`` characters on any page; ``made`` gets each page's number of sections."""
    plan = S.plan

    def counted(source: Any, ctx: Any) -> S.Plan | None:
        got = plan(source, ctx)
        made.append(0 if got is None else len(got.cuts) - 1)
        return got

    saved = S.THRESHOLD, S.SECTION
    S.THRESHOLD, S.SECTION, S.plan = 0, size, counted  # type: ignore[assignment]
    try:
        yield
    finally:
        S.THRESHOLD, S.SECTION = saved
        S.plan = plan  # type: ignore[assignment]


def outcome(text: str, *, strict: bool, site: Any = None, path: str | None = None,
            page_vars: Any = None) -> tuple[Any, ...]:
    """What a page's conversion to HTML gives: its HTML, variables, headers, diagnostics; or
    its error."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = P.markdown_stage(text, path=path, page_vars=page_vars, site=site, strict=strict,
                                   sections=True)
            final = P.template_stage(res, site, path)
    except FranklinError as e:
        return ("error", e.code, str(e))
    return (res.html, final, {k: repr(v) for k, v in res.page_vars.items()},
            [(h.id, h.html) for h in res.headers], [repr(d) for d in res.diagnostics])


def same_in_sections(text: str, size: int, *, strict: bool, **kw: Any) -> int:
    """Assert the page in sections of ``size`` is the page whole; how many sections it made
    (the page is converted once before: a site's first conversion of a page fills its caches,
    and the pages its ``{{ }}`` read are converted then, their trees seen too)."""
    outcome(text, strict=strict, **kw)
    whole = outcome(text, strict=strict, **kw)
    made: list[int] = []
    with cut_every(size, made):
        cut = outcome(text, strict=strict, **kw)
    assert cut == whole
    return max(made, default=0)


def corpus_pages(every: int) -> Iterator[tuple[Any, str, str]]:
    corpus = needs_shared("corpus")
    sites: dict[Path, Any] = {}
    pages = [p for p in sorted(corpus.rglob("*.md"))
             if not any(part.startswith(("_", ".")) for part in p.relative_to(corpus).parts)
             and p.name not in ("config.md", "README.md", "LICENSE.md") and find_root(p) is not None]
    for p in pages[::every]:
        root = find_root(p)
        assert root is not None
        site = sites.get(root) or sites.setdefault(root, fc.Site(root))
        rel = p.relative_to(root).as_posix()
        src = site.read(rel)
        yield site, rel, ("\ufeff" if src.bom else "") + src.as_read()


def corpus_run(every: int, size: int, *, strict: bool = False) -> tuple[int, int, int]:
    """(pages, pages cut, sections): lenient with their site, as a site builds them, or strict
    and alone, as ``convert`` reads a file."""
    pages = cut = sections = 0
    for site, rel, text in corpus_pages(every):
        if strict:
            k = same_in_sections(text, size, strict=True, path=rel)
        else:
            k = same_in_sections(text, size, strict=False, site=site, path=rel,
                                 page_vars=site._computed_vars(rel))
        pages += 1
        cut += k > 1
        sections += k
    return pages, cut, sections


def test_corpus_pages_a_fifth() -> None:
    pages, cut, sections = corpus_run(5, 300)
    assert cut > pages // 3 and sections > 5 * cut, (pages, cut, sections)


@pytest.mark.slow
@pytest.mark.parametrize(("size", "strict"), [(1, False), (300, False), (2000, False), (300, True)])
def test_corpus_pages_all(size: int, strict: bool) -> None:
    pages, cut, sections = corpus_run(1, size, strict=strict)
    assert cut > pages // 3 and sections > 3 * cut, (pages, cut, sections)


def test_a_page_of_the_benchmark_is_cut_and_equal() -> None:
    from .conftest import load_benchmark

    page = load_benchmark("scaling").PAGE
    text = "\n\n".join([page] * 12)
    for strict in (True, False):
        assert same_in_sections(text, 500, strict=strict) > 10


#: the number of sections of each fuzzed document
FUZZED: list[int] = []


@fuzz_settings(1000)
@given(st.lists(BLOCKS, min_size=2, max_size=8).map("\n\nWord w\n\n".join), st.booleans())
def _structured(text: str, strict: bool) -> None:
    FUZZED.append(same_in_sections(text, 1, strict=strict))


@fuzz_settings(1000)
@given(st.lists(st.one_of(BLOCKS, STRUCTURED, SOUP), min_size=2, max_size=8).map("\n\nWord w\n\n".join),
       st.booleans())
def _soup_between_paragraphs(text: str, strict: bool) -> None:
    FUZZED.append(same_in_sections(text, 1, strict=strict))


@pytest.mark.parametrize("documents", [_structured, _soup_between_paragraphs])
def test_fuzzed_documents(documents: Any) -> None:
    """Random documents (tests/test_fuzz.py's), well-formed or not, cut wherever they may be:
    some of them are (one in ten to twenty: most hold an error, and no page is cut before one)."""
    FUZZED.clear()
    documents()
    assert sum(k > 1 for k in FUZZED) >= 3, FUZZED


@pytest.mark.parametrize("text", [
    "Intro\n\n[a]: /u\n[b]: /v\n\nWord [a]\n\nmore\n",  # a link definition eats the line return after it
    "[^1]: note\n\nWord[^1]\n\nmore\n",  # so does a footnote's
    "@def t = \"\"\"a\n\nWord\"\"\"\n\nmore\n",  # an @def's string running over the empty line
    "text\n\n    indented\n\nWord\n\n    again\n\nmore\n",  # Franklin's merge of indented blocks
    "text\n\n  \n\nWord\n\n{{}\n\nmore\n",  # a line of spaces, which Julia's Markdown takes out
    "<!-- a\n\nWord -->\n\nmore\n",  # a Franklin block
    "$$ a\n\nWord $$\n\nmore\n",
    "?\x85\n\nWord w\n\n",  # a section of one line is read without mistune, its \x85 stripped
    "\ufdd0\n\nWord w\n\n",  # a section of one insert (a reader's mark) loses its <p>
])
def test_what_is_not_cut(text: str) -> None:
    """Where a section may not end: each page is the same whole and in sections, and it is not
    cut before ``Word`` (the first two differ when they are)."""
    made: list[int] = []
    whole = outcome(text, strict=False)
    with cut_every(1, made):
        assert outcome(text, strict=False) == whole
    first = text.index("Word")
    with cut_every(1, []):
        source = Source.from_text(text)
        got = S.plan(source, P.context(source, None, None, False, []))
    assert got is None or first not in got.cuts


def test_raw_html_over_an_empty_line_is_cut() -> None:
    """Julia's Markdown has no HTML block (nor has our reading): ``<pre>`` is text of its
    paragraph, and an empty line ends it as it ends any paragraph."""
    text = "<pre>\n\nWord\n\n</pre>\n\nmore\n"
    assert same_in_sections(text, 1, strict=False) == 3
