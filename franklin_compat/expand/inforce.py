"""The page's ``\\newcommand`` definitions in force at a point, as one dict moved along the page.

A page may redefine a command before each use, or define thousands of commands each used
right after its definition: a dict built afresh for each use (or copied from the last one)
costs definitions × uses.  Here one dict is moved to the point asked for, each definition
passed applied and recorded with the value it hid, so that going back (a link's target is
expanded before its text) undoes them: the cost is the distance moved, and the expander asks
for its nodes in text order.
"""

from __future__ import annotations

from bisect import bisect_left

from ..reading import ast as A


class InForce:
    """``at(pos)`` is the definitions in force at ``pos``: valid until the next call."""

    def __init__(self, base: dict[str, A.CommandDef], order: list[A.CommandDef]) -> None:
        self._defs = dict(base)
        self._order = order
        self._starts = [d.span.start for d in order]
        self._k = 0  # the first _k definitions of order are applied
        self._hidden: list[A.CommandDef | None] = []  # what each applied one replaced

    def at(self, pos: int) -> dict[str, A.CommandDef]:
        k = bisect_left(self._starts, pos)
        defs, order, hidden = self._defs, self._order, self._hidden
        while self._k < k:
            d = order[self._k]
            hidden.append(defs.get(d.name))
            defs[d.name] = d
            self._k += 1
        while self._k > k:
            self._k -= 1
            name, before = order[self._k].name, hidden.pop()
            if before is None:
                del defs[name]
            else:
                defs[name] = before
        return defs
