"""Page variables written as Julia code: evaluated where the literal reader cannot read them.

``@def year = Dates.year(Dates.today())`` or a ``config.md`` ``Dict`` with computed values
is Julia that Franklin runs; :mod:`.pagevars` reads literals only and reports the rest as
``FC201``.  Here such a value is handed to the sandboxed evaluator
(:func:`franklin_compat.julia_subset.evaluate`, no site code, no files, ``ENV`` unset,
``today()`` from ``SOURCE_DATE_EPOCH``): a value it computes replaces the ``FC201``; one
it cannot compute keeps it, with the evaluator's reason.  Literal values are never
evaluated, so they stay exactly as the reader reads them.  :func:`value_end` says where such
a value ends in the page (the block finder reads an ``@def`` with it).
"""

from __future__ import annotations

from dataclasses import replace

from ..core.diagnostics import Diagnostic
from ..core.lazy_re import lazy_compile
from ..core.source import Source, Span
from .pagevars import Assignment

_ASSIGN = lazy_compile(r"[ \t]*([^\W\d][\w!]*)[ \t]*=(?![=>])[ \t]*")


def evaluate_unread(
    kind: str, body: str, offset: int, source: Source | None,
    assignments: list[Assignment], diagnostics: list[Diagnostic],
) -> tuple[list[Assignment], list[Diagnostic]]:
    """``assignments`` plus the values the evaluator computes for the statements that gave an
    ``FC201`` in ``diagnostics`` (those diagnostics dropped when it succeeds)."""
    unread = [d for d in diagnostics if d.code == "FC201" and d.offset is not None]
    if not unread:
        return assignments, diagnostics
    from ..julia_subset import JuliaError, evaluate

    out = list(assignments)
    kept = [d for d in diagnostics if d not in unread]
    path = source.path if source is not None and source.path else "config.md"
    for d in unread:
        stmt = _statement(kind, body, offset, d)
        if stmt is None:
            kept.append(d)
            continue
        name, start, end = stmt
        text = body[start:end]
        line, col = source.position(offset + start) if source is not None else (1, start + 1)
        try:
            value = evaluate(text, path=path, line=line, col=col)
        except JuliaError as e:
            kept.append(replace(d, message=f"{d.message}; evaluated as Julia: {e.diagnostic.message}",
                                hint="write a literal value, or Julia the evaluator runs "
                                     "(docs/julia-subset.md)"))
            continue
        name_at = body.rfind(name, 0, start)
        out.append(Assignment(name, value, text, Span(offset + name_at, offset + end),
                              Span(offset + start, offset + end)))
    out.sort(key=lambda a: a.span.start)
    return out, kept


def _statement(kind: str, body: str, offset: int, d: Diagnostic) -> tuple[str, int, int] | None:
    """The assigned name and the value's ``[start, end)`` in ``body`` for the statement holding ``d``:
    the line where it is, running on over the lines indented under it or inside open brackets."""
    assert d.offset is not None
    at = max(d.offset - offset, 0)
    line_start = body.rfind("\n", 0, at) + 1 if kind != "MD_DEF" else 0
    for _ in range(200):  # the statement may start some lines above where reading failed
        m = _ASSIGN.match(body, line_start)
        if m is not None and (kind == "MD_DEF" or body[line_start:line_start + 1] not in " \t"):
            end = value_end(body, m.end(), comments=True)
            if end == len(body):  # the last statement: its value ends where the text does
                end = len(body.rstrip())
            return (m.group(1), m.end(), end) if end > at else None
        if line_start == 0:
            return None
        line_start = body.rfind("\n", 0, line_start - 1) + 1
    return None


def value_end(text: str, i: int, *, indented: bool = False, comments: bool = False) -> int:
    """Where a Julia value starting at ``i`` ends: the end of its line, running on while brackets
    or a string are open (with ``indented``, only over lines indented by a tab or four spaces, as
    Franklin reads an ``@def``); with ``comments``, a ``#`` outside brackets ends it too.  At the
    end of the text: ``len(text)``."""
    n = len(text)
    depth = 0
    quote = ""
    while i < n:
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if text.startswith(quote, i):
                i += len(quote)
                quote = ""
                continue
        elif c == '"':
            quote = '"""' if text.startswith('"""', i) else '"'
            i += len(quote)
            continue
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "#" and comments and depth == 0:
            nl = text.find("\n", i)
            return n if nl < 0 else nl
        elif c == "\n" and (depth <= 0 or (indented and not (text.startswith("\t", i + 1)
                                                               or text.startswith("    ", i + 1)))):
            return i
        i += 1
    return n
