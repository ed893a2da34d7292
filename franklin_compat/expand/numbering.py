"""Page-wide numbering every emitter shares: equation numbers, citation names, header ids."""

from __future__ import annotations

from ..core.refs import refstring
from ..reading import ast as A


def equations_and_citations(doc: A.Node) -> tuple[dict[str, int], dict[str, str]]:
    """Equation number of each labelled display equation (page order; starred and
    ``nonumber`` ones not counted), and the name each ``\\biblabel`` gives its key."""
    numbers: dict[str, int] = {}
    names: dict[str, str] = {}
    count = 0
    stack: list[tuple[A.Node, bool]] = [(doc, False)]
    while stack:
        node, nonumber = stack.pop()
        if isinstance(node, A.Math) and node.display and node.env != "internal":
            if node.numbered and not nonumber:
                count += 1
                if node.label is not None:
                    numbers[refstring(node.label)] = count
        elif isinstance(node, A.Anchor) and node.name is not None:
            names[node.id] = node.name
        inner = nonumber or (isinstance(node, A.Div) and "nonumber" in node.classes)
        stack.extend((k, inner) for k in reversed(node.child_nodes()))
    return numbers, names


class HeaderIds:
    """Franklin's rule for repeated header ids (``convert_header``): the second ``x``
    is ``x__2``, the third ``x__3``; a repeated header shows the text of the first
    one (Franklin reads the title back from ``PAGE_HEADERS``), and an id made with
    ``__k`` is recorded with a count of 0 (a later header whose own id is ``x__2``
    becomes ``x__2__1``)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.titles: dict[str, str] = {}

    def claim(self, rid: str, title: str = "") -> tuple[str, str]:
        """The id of a header and the title Franklin shows for it."""
        if rid in self.counts:
            first = self.titles[rid]
            n = self.counts[rid] + 1
            self.counts[rid] = n
            rid = f"{rid}__{n}"
            self.counts[rid] = 0
            self.titles[rid] = first
            return rid, first
        self.counts[rid] = 1
        self.titles[rid] = title
        return rid, title

    def unique(self, rid: str) -> str:
        return self.claim(rid)[0]
