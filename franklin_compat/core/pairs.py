"""Opener … closer pairs found in linear time.

``re.finditer(OPEN + ".*?" + CLOSE)`` tries every opener and reads from each to the end of the
text when no closer follows: a page of openers (``<pre>``, ``{{``, ``<!--``, ``\\label{``) and
no closer takes quadratic time.  :func:`pairs` finds the same pairs (leftmost opener, nearest
closer after it, no overlap), but a closer that was looked for in vain from one opener is not
looked for again from a later one: the text after it holds none either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

Closer = re.Pattern[str] | Callable[[re.Match[str]], re.Pattern[str]]


def pairs(
    text: str, opener: re.Pattern[str], closer: Closer, pos: int = 0, endpos: int | None = None,
    *, one_line: bool = False,
) -> Iterator[tuple[re.Match[str], re.Match[str]]]:
    """``(opener match, closer match)`` of each pair in ``text[pos:endpos]``; ``closer`` is a
    pattern or gives the one an opener needs (``</pre>`` for ``<pre>``); with ``one_line`` a
    pair does not run over a line break (``.*?`` without ``re.S``)."""
    end = len(text) if endpos is None else endpos
    missing: dict[str, int] = {}  # closer pattern -> where looking for it from on found none
    while pos < end:
        m = opener.search(text, pos, end)
        if m is None:
            return
        close = closer if isinstance(closer, re.Pattern) else closer(m)
        limit = end
        if one_line:
            nl = text.find("\n", m.end(), end)
            limit = end if nl == -1 else nl
        c = None
        if one_line or missing.get(close.pattern, end + 1) > m.end():
            c = close.search(text, m.end(), limit)
        if c is None:
            if not one_line:
                missing[close.pattern] = min(missing.get(close.pattern, end + 1), m.end())
                pos = m.start() + 1
            else:  # no closer on this line: no later opener on it has one
                pos = limit
            continue
        yield m, c
        pos = c.end()


def sub_pairs(text: str, opener: re.Pattern[str], closer: Closer, repl: Callable[[str, str], str],
              *, one_line: bool = False) -> str:
    """``text`` with each pair replaced by ``repl(whole, inner)``: its text from opener to
    closer, and what lies between the two."""
    out: list[str] = []
    head = 0
    for m, c in pairs(text, opener, closer, one_line=one_line):
        out.append(text[head : m.start()])
        out.append(repl(text[m.start() : c.end()], text[m.end() : c.start()]))
        head = c.end()
    out.append(text[head:])
    return "".join(out)
