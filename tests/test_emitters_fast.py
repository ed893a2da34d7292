"""The emitters' fast paths write what their plain paths write, byte for byte."""

from __future__ import annotations

import contextlib
import json
import warnings
from pathlib import Path
from typing import Any

import pytest

from franklin_compat.core.diagnostics import FranklinError
from franklin_compat.core.source import Source, Span
from franklin_compat.emit.json import SCHEMA_VERSION, encode_node, to_json
from franklin_compat.page.pipeline import markdown_stage
from franklin_compat.reading import ast as A
from franklin_compat.reading.pagevars import Symbol
from tests.conftest import FIXTURES

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
