"""Page-wide numbering every emitter shares: equation numbers, citation names, header ids."""

from __future__ import annotations

from ..reading import ast as A
from .facts import facts_of


def equations_and_citations(doc: A.Node) -> tuple[dict[str, int], dict[str, str]]:
    """Equation number of each labelled display equation (page order; starred and
    ``nonumber`` ones not counted), and the name each ``\\biblabel`` gives its key."""
    facts = facts_of(doc)
    return facts.eq_numbers, facts.bib_names


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
