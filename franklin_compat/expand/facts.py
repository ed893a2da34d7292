"""What the page pipeline learns from an expanded page in one walk of its tree.

Franklin sets ``hascode``/``hasmath`` from what a page holds, and numbers equations and
names citations before writing any of them (``\\eqref`` may come first); all four come
from one pass here instead of one walk each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.refs import refstring
from ..reading import ast as A


@dataclass(slots=True)
class Facts:
    has_code: bool = False
    has_math: bool = False
    #: equation number of each labelled display equation
    eq_numbers: dict[str, int] = field(default_factory=dict)
    #: the name each ``\\biblabel`` gives its key
    bib_names: dict[str, str] = field(default_factory=dict)
    #: the nodes of the types a caller asked to ``collect``, in page order
    found: list[A.Node] = field(default_factory=list)
    #: how many equations are numbered (the next page section's first is this plus one)
    equations: int = 0


#: the nodes a fact comes from; every other node is only walked through
_NOTED = (A.Math, A.CodeBlock, A.Unresolved, A.Anchor, A.Div)
#: on the stack after the children of a ``nonumber`` div: leaving it
_LEAVE = object()
#: the node types with no fact and no child (text, breaks…: most nodes of a page), passed at once
_PASSED = frozenset(t for t in A.NODE_TYPES.values()
                    if not issubclass(t, _NOTED) and t.child_nodes is A.Node.child_nodes)

#: the node types with no fact whose children are their ``children`` (paragraphs, items…), walked through
_WALKED = frozenset(t for t in A.NODE_TYPES.values()
                    if not issubclass(t, _NOTED) and t.child_nodes is A.Parent.child_nodes)


def facts_of(doc: A.Node, collect: tuple[type[A.Node], ...] = (),
             label: Callable[[A.Math], str | None] | None = None) -> Facts:
    """The :class:`Facts` of ``doc``: equations in page order, starred and ``nonumber`` ones not
    counted; a code block or a Literate script (its cells) makes ``has_code``.  The nodes of
    the types in ``collect`` are gathered in the same walk (an emitter's own prepass).
    ``label``: the label of an equation that has none yet (``doc`` not expanded)."""
    out = Facts()
    count = 0
    nonumber = 0  # how many ``nonumber`` divs hold the node
    stack: list[object] = [doc]
    pop, push, extend = stack.pop, stack.append, stack.extend
    passed = _PASSED.difference(t for t in _PASSED if issubclass(t, collect)) if collect else _PASSED
    walked = _WALKED.difference(t for t in _WALKED if issubclass(t, collect)) if collect else _WALKED
    while stack:
        node = pop()
        if type(node) in passed:
            continue
        if type(node) in walked:  # paragraphs, items, emphasis…: only their children
            kids = node.children  # type: ignore[attr-defined]
            if kids:
                extend(reversed(kids))
            continue
        if node is _LEAVE:
            nonumber -= 1
            continue
        assert isinstance(node, A.Node)
        if collect and isinstance(node, collect):
            out.found.append(node)
        if isinstance(node, _NOTED):
            if isinstance(node, A.Math):
                out.has_math = True
                if node.display and node.env != "internal" and node.numbered and not nonumber:
                    count += 1
                    key = node.label if node.label is not None or label is None else label(node)
                    if key is not None:
                        out.eq_numbers[refstring(key)] = count
            elif isinstance(node, A.CodeBlock) or (
                    isinstance(node, A.Unresolved) and node.what == "literate"):
                out.has_code = True
            elif isinstance(node, A.Anchor) and node.name is not None:
                out.bib_names[node.id] = node.name
            elif isinstance(node, A.Div) and "nonumber" in node.classes and node.child_nodes():
                nonumber += 1
                push(_LEAVE)
        kids = node.child_nodes()
        if kids:
            extend(reversed(kids))
    out.equations = count
    return out
