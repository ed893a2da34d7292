"""What the page pipeline learns from an expanded page in one walk of its tree.

Franklin sets ``hascode``/``hasmath`` from what a page holds, and numbers equations and
names citations before writing any of them (``\\eqref`` may come first); all four come
from one pass here instead of one walk each.
"""

from __future__ import annotations

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


def facts_of(doc: A.Node) -> Facts:
    """The :class:`Facts` of ``doc``: equations in page order, starred and ``nonumber`` ones not
    counted; a code block or a Literate script (its cells) makes ``has_code``."""
    out = Facts()
    count = 0
    stack: list[tuple[A.Node, bool]] = [(doc, False)]
    while stack:
        node, nonumber = stack.pop()
        if isinstance(node, A.Math):
            out.has_math = True
            if node.display and node.env != "internal" and node.numbered and not nonumber:
                count += 1
                if node.label is not None:
                    out.eq_numbers[refstring(node.label)] = count
        elif isinstance(node, A.CodeBlock) or (isinstance(node, A.Unresolved) and node.what == "literate"):
            out.has_code = True
        elif isinstance(node, A.Anchor) and node.name is not None:
            out.bib_names[node.id] = node.name
        kids = node.child_nodes()
        if kids:
            inner = nonumber or (isinstance(node, A.Div) and "nonumber" in node.classes)
            stack.extend((k, inner) for k in reversed(kids))
    return out
