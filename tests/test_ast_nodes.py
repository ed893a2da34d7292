"""Tree nodes are built, compare, hash and print exactly as the dataclasses generated for them would.

:class:`~franklin_compat.reading.ast.Node` writes ``==``, ``hash`` and ``repr`` once for every
node class (generating them per class slowed ``check``'s start-up), and every node class and
:class:`Span` get the faster ``__init__`` of :func:`direct_init`; each is checked here against a
dataclass made from the same fields with everything generated.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from typing import Any

import pytest

import franklin_compat
from franklin_compat.core.frozen import direct_init, frozen_dataclass
from franklin_compat.core.source import Source, Span
from franklin_compat.reading import ast as A

CLASSES = [A.Node, A.Parent, *(A.NODE_TYPES[k] for k in sorted(A.NODE_TYPES))]


def _value(f: dataclasses.Field[Any], variant: int) -> object:
    t = str(f.type)
    if f.name == "span":
        return Span(variant, 9)
    if t.startswith("tuple[Node"):
        return (A.Text(span=Span(0, 1), text="a"), A.SoftBreak(span=Span(1, 2)))[variant:]
    if t.startswith("tuple["):
        return ("x", "y")[variant:]
    if t.startswith("bool"):
        return bool(variant)
    if t.startswith("int"):
        return 3 + variant
    if t.startswith("Source"):
        return Source.from_text("abc" * variant, "p.md")
    if t == "Any":
        return [1, float("nan"), {"k": (variant,)}]
    return f"it's \"{f.name}\" {variant}"


def _hash(x: object) -> object:
    try:
        return hash(x)
    except TypeError as e:  # a field holds a list
        return str(e)


def _reference(cls: type[A.Node]) -> Any:
    """The class ``dataclass(frozen=True, slots=True, kw_only=True)`` makes of ``cls``'s fields."""
    specs = [(f.name, f.type, dataclasses.field(default=f.default, default_factory=f.default_factory,
                                                compare=f.compare, repr=f.repr))
             for f in dataclasses.fields(cls)]
    ref = dataclasses.make_dataclass(cls.__name__, specs, frozen=True, slots=True, kw_only=True)
    ref.__qualname__ = cls.__qualname__
    return ref


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_a_node_behaves_as_its_generated_dataclass(cls: type[A.Node]) -> None:
    ref = _reference(cls)
    nodes, refs = [], []
    for variant in (0, 1):
        values = {f.name: _value(f, variant) for f in dataclasses.fields(cls)}
        nodes.append(cls(**values))
        refs.append(ref(**values))
    nodes.append(dataclasses.replace(nodes[0], span=Span(0, 9)))  # equal to the first, not the same
    refs.append(dataclasses.replace(refs[0], span=Span(0, 9)))
    for f in dataclasses.fields(cls):
        if not f.compare:  # Document.source: equal to the first all the same
            nodes.append(dataclasses.replace(nodes[0], **{f.name: _value(f, 1)}))
            refs.append(dataclasses.replace(refs[0], **{f.name: _value(f, 1)}))
    for node, r in zip(nodes, refs, strict=True):
        assert repr(node) == repr(r)
        assert _hash(node) == _hash(r)
        with pytest.raises(dataclasses.FrozenInstanceError):
            node.span = Span(0, 0)  # type: ignore[misc]
    for (a, ra) in zip(nodes, refs, strict=True):
        for (b, rb) in zip(nodes, refs, strict=True):
            assert (a == b, a != b) == (ra == rb, ra != rb)
        assert (a == A.Node(span=a.span)) == (cls is A.Node and a.span == a.span)
        assert a != "text" and a.__eq__(object()) is NotImplemented


def test_a_node_holding_itself_prints_as_a_dataclass_does() -> None:
    loop: list[object] = []
    var = A.VarAssignment(span=Span(0, 1), name="x", value=loop, text="x")
    loop.append(var)
    assert repr(var) == ("VarAssignment(span=Span(start=0, end=1), name='x', value=[...], text='x', "
                         "form='def')")


def _error(make: Any) -> str:
    with pytest.raises(TypeError) as e:
        make()
    return str(e.value)


@pytest.mark.parametrize("cls", [*CLASSES, Span], ids=lambda c: c.__name__)
def test_a_node_is_built_as_its_generated_dataclass(cls: type[Any]) -> None:
    ref = _reference(cls) if cls is not Span else dataclasses.make_dataclass(
        "Span", [("start", "int"), ("end", "int")], frozen=True, slots=True)
    assert inspect.signature(cls) == inspect.signature(ref)
    assert cls.__match_args__ == ref.__match_args__
    assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"
    assert cls.__doc__ == ref.__doc__ or not cls.__doc__.startswith(cls.__name__ + "(")  # a docstring
    assert _error(lambda: cls()) == _error(lambda: ref())
    assert _error(lambda: cls(1, 2, 3)) == _error(lambda: ref(1, 2, 3))
    fs = dataclasses.fields(cls)
    values = {f.name: _value(f, 1) for f in fs} if cls is not Span else {"start": 1, "end": 9}
    node = cls(**values)
    assert [getattr(node, f.name) for f in fs] == list(values.values())
    required = {f.name: values[f.name] for f in fs if f.default is dataclasses.MISSING}
    assert [getattr(cls(**required), f.name) for f in fs] == [getattr(ref(**required), f.name) for f in fs]
    for clone in (pickle.loads(pickle.dumps(node)), copy.copy(node), copy.deepcopy(node),
                  dataclasses.replace(node)):
        assert type(clone) is cls and repr(clone) == repr(node)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(node, fs[-1].name, None)


def test_frozen_dataclass_keeps_what_a_dataclass_init_does() -> None:
    @frozen_dataclass()
    class Made:
        a: int
        b: list[int] = dataclasses.field(default_factory=list)
        c: str = dataclasses.field(default="c", kw_only=True)
        seen: list[str] = dataclasses.field(default_factory=list, kw_only=True)

        def __post_init__(self) -> None:
            self.seen.append("post")

    m = Made(1)
    assert (m.a, m.b, m.c, m.seen) == (1, [], "c", ["post"])
    assert Made(1).b is not m.b
    assert str(inspect.signature(Made)) == "(a: 'int', b: 'list[int]' = <factory>, *, c: 'str' = 'c', " \
        "seen: 'list[str]' = <factory>) -> None"
    assert Made.__doc__ == "Made(a: 'int', b: 'list[int]' = <factory>, *, c: 'str' = 'c', " \
        "seen: 'list[str]' = <factory>)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.a = 2  # type: ignore[misc]
    assert type(direct_init(Made)) is type and Made(2).a == 2  # again: the same


def test_direct_init_refuses_what_it_cannot_build() -> None:
    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        a: int

    @dataclasses.dataclass(slots=True)
    class Unfrozen:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class WithInitVar:
        a: int
        b: dataclasses.InitVar[int]

    @dataclasses.dataclass(frozen=True, slots=True)
    class NotInInit:
        a: int
        b: int = dataclasses.field(default=0, init=False)

    for cls in (Unslotted, Unfrozen, WithInitVar, NotInInit):
        with pytest.raises(TypeError):
            direct_init(cls)


def test_find_all_is_walk_filtered_by_type() -> None:
    doc = franklin_compat.parse(
        "# T\n\nA [*b* `c`](x) and [y](\\fig{z})[^1]\n\n@@d\n```julia:ex\n1\n```\n@@\n\n"
        "- e\n  ```\n  f\n  ```\n\n[^1]: g\n")
    walked = list(A.walk(doc))
    assert len(walked) > 20 and [type(n) for n in walked][:2] == [A.Document, A.Heading]
    for cls in (A.CodeBlock, A.Text, A.Node, (A.FootnoteRef, A.Link), A.Paragraph):
        assert A.find_all(doc, cls) == [n for n in walked if isinstance(n, cls)]
        assert all(a is b for a, b in zip(A.find_all(doc, cls), [n for n in walked if isinstance(n, cls)],
                                          strict=True))
