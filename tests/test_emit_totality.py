"""Every emitter × every node kind: a visit method exists, and a node of each kind
goes through each emitter (and through JSON and back) without an error."""

from __future__ import annotations

import json
import warnings
from dataclasses import MISSING, fields
from typing import Any

import pytest

from franklin_compat.core.source import Span
from franklin_compat.emit import EMITTERS
from franklin_compat.emit.base import Emitter
from franklin_compat.emit.from_json import from_json
from franklin_compat.emit.html import HtmlEmitter
from franklin_compat.emit.json import to_json
from franklin_compat.emit.markdown import MarkdownEmitter, to_markdown
from franklin_compat.emit.pandoc import PandocEmitter
from franklin_compat.reading import ast as A

EMITTER_CLASSES: list[type[Emitter]] = [HtmlEmitter, MarkdownEmitter, PandocEmitter]
KINDS = sorted(A.NODE_TYPES)


@pytest.mark.parametrize("cls", EMITTER_CLASSES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("kind", KINDS)
def test_visit_method_exists(cls: type[Emitter], kind: str) -> None:
    assert kind in cls._dispatch, f"{cls.__name__} has no visit_{kind}"


_DUMMY: dict[str, Any] = {
    "str": "x", "int": 1, "bool": True, "str | None": None, "int | None": None, "Any": "v",
    "Source | None": None,
}


def sample(kind: str) -> A.Node:
    """A node of ``kind`` with plain values in its required fields."""
    cls = getattr(A, A.NODE_TYPES[kind].__name__)
    kwargs: dict[str, Any] = {"span": Span(0, 1)}
    for f in fields(cls):
        if f.name in kwargs or f.default is not MISSING or f.default_factory is not MISSING:
            continue
        kwargs[f.name] = _DUMMY.get(str(f.type), ())
    node: A.Node = cls(**kwargs)
    return node


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_goes_through_every_emitter(kind: str) -> None:
    node = sample(kind)
    doc = node if isinstance(node, A.Document) else A.Document(span=Span(0, 1), children=(node,))
    assert from_json(to_json(doc)) == doc
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in EMITTERS.names():
            if name != "html":
                out = EMITTERS.get(name)(doc, page_vars={}, global_vars={})
                assert isinstance(out, str)
        assert isinstance(to_markdown(doc, "quarto", page_vars={}).text, str)
        json.loads(EMITTERS.get("pandoc-json")(doc, page_vars={}, global_vars={}))
        HtmlEmitter().document(doc)
