"""A long page to HTML one section at a time, so that only one section's tree is ever held.

The tree of a whole page is 16–17 times its text (docs/benchmarks.md); a page longer than
:data:`THRESHOLD` is cut where nothing is left open, each piece is read (pass 1) for what a
section may borrow from later ones — page variables, ``\\newcommand``s, link definitions,
code block names, equation numbers and citation names — and then read again, expanded and
written (pass 2) with one expander and one HTML writer for the page, its tree let go before
the next section is read.  The HTML is the whole page's, byte for byte (tests/test_sections.py,
over the corpus cut every few hundred characters): where that cannot be known, the caller
converts the page whole (:func:`plan` or :func:`write` gives None).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..core.diagnostics import Diagnostic, FranklinError
from ..core.refs import refstring
from ..core.source import Source, Span
from ..emit.html import Header, HtmlEmitter, template_origins
from ..expand.expander import Expander, display_label
from ..expand.facts import Facts, facts_of
from ..reading import ast as A
from ..reading.context import Budget, Context
from ..reading.indented import indent_openers
from ..reading.julia_vars import value_end
from ..reading.parse import parse_text
from ..reading.reflinks import resolve_reflinks

#: a page longer than this (characters) is converted in sections (tests lower it): high enough
#: that the step in CPU (each section is read twice) is above the 1–2 MB of issue #16's shapes
THRESHOLD = 4_000_000
#: the length a section is cut at, at least (a page's section may be longer: see :func:`plan`)
SECTION = 100_000

#: where a section may start: a line at column 0, after an empty line, that starts a plain
#: paragraph (a letter) or a header: it closes every list, quote, table and indented block
_CUT = re.compile(r"\n\n(?=[A-Za-z]|#{1,6} )")


@dataclass
class Plan:
    """What pass 1 learnt: where the sections are, and what the page's sections share."""

    cuts: list[int]  # section k is text[cuts[k]:cuts[k + 1]]
    document: A.Document  # the page's variables, definitions and link definitions; no children
    code_blocks: list[A.CodeBlock] = field(default_factory=list)  # named and ``!`` ones
    facts: Facts = field(default_factory=Facts)  # equation numbers and citation names, foreseen


@dataclass
class Written:
    """The page's HTML as pass 2 wrote it, and what the page pipeline reads after it."""

    html: str
    facts: Facts
    headers: list[Header]
    origins: list[int]  # where each ``{{`` of the HTML is in the page (:func:`template_origins`)


def _left_open(piece: str) -> bool:
    """Whether the section ``piece`` (ending with an empty line) may leave something open that
    reading it alone does not report (when unsure, do not cut): an ``@def`` value running to
    its end, or a last line that eats the line return after it (``@def``, ``+++``, a link or
    footnote definition: the next paragraph would start on the line after it) or ends with a
    backslash.  (No HTML block is left open: Julia's Markdown has none, nor does our reading.)"""
    last = piece[piece.rfind("\n", 0, len(piece) - 2) + 1 :]
    if "@def" in last or "+++" in last or "]:" in last or last.endswith("\\\n\n"):
        return True
    at = piece.find("@def ")
    while at != -1:
        end = value_end(piece, at + 4, indented=True)
        if end >= len(piece) - 1:
            return True
        at = piece.find("@def ", end)
    return False


def _context(ctx: Context, defs: dict[str, A.CommandDef], *, size: int | None = None,
             strict: bool = True) -> Context:
    """``ctx`` with the definitions in force where a section starts; with ``size``, on a budget
    and a list of diagnostics of its own (pass 1, whose reading is thrown away), ``strict``."""
    if size is None:
        return replace(ctx, defs=defs)
    budget = Budget(steps=Budget.steps + size, chars=Budget.chars + 32 * size)
    return replace(ctx, defs=defs, strict=strict, diagnostics=[], budget=budget)


def _math_label(m: A.Math) -> str | None:
    return display_label(m.tex)[1]


def plan(source: Source, ctx: Context) -> Plan | None:
    """Pass 1: the page cut into sections of :data:`SECTION` characters or more, each of which reads
    alone without an error (no Franklin block, brace group or environment left open), leaves
    nothing else open (:func:`_left_open`); a section that does not is tried twice as long
    (the work stays linear).  None when the page cannot be cut, reads with an error or has
    a section whose reading alone is not the page's reading of it (``Parsed.local``): it is
    read whole."""
    text = source.text
    if _CUT.search(text, SECTION) is None:  # (no place to cut: nothing read twice)
        return None
    if indent_openers(text):  # Franklin's merge of indented blocks deletes blocks by their index
        return None
    cuts = [0]
    defs = dict(ctx.defs)
    page_vars: list[A.VarAssignment] = []
    definitions: list[A.CommandDef] = []
    link_defs: list[A.LinkDef] = []
    out = Plan(cuts, A.Document(span=Span(0, len(text)), source=source))
    start = 0
    while start < len(text):
        want = SECTION
        while True:
            m = _CUT.search(text, start + want) if start + want < len(text) else None
            end = m.start() + 2 if m is not None else len(text)
            piece = text[start:end]
            last = end == len(text)
            if last or not _left_open(piece):
                # (the last section may leave anything open: it is read as the page is)
                reading = _context(ctx, defs, size=len(piece), strict=ctx.strict or not last)
                try:
                    res = parse_text(piece, reading, base=start)
                except FranklinError:
                    res = None
                if res is not None and not res.local:  # (the page would not read as its sections)
                    return None
                if res is not None:
                    break
            if last:
                return None
            want *= 2
        del piece
        cuts.append(end)
        page_vars += res.vars
        definitions += res.definitions
        link_defs += res.link_defs
        for d in res.definitions:
            defs[d.name] = d
        tree = A.Document(span=Span(start, end), children=res.children)
        del res
        out.code_blocks += [n for n in A.find_all(tree, A.CodeBlock) if n.name or n.shortcut is not None]
        seen = facts_of(tree, (A.Command,), label=_math_label)
        del tree
        for c in seen.found:
            assert isinstance(c, A.Command)
            if c.name == "biblabel" and len(c.args) >= 2:
                out.facts.bib_names[refstring(c.args[0].strip())] = c.args[1].strip()
        _merge(out.facts, seen)
        start = end
    if len(cuts) < 3:
        return None
    out.document = replace(out.document, vars=tuple(page_vars), definitions=tuple(definitions),
                           link_defs=tuple(link_defs))
    return out


def _merge(into: Facts, more: Facts) -> None:
    """``more``, the facts of the section after those ``into`` holds, added to them."""
    into.has_code |= more.has_code
    into.has_math |= more.has_math
    for k, n in more.eq_numbers.items():
        into.eq_numbers[k] = into.equations + n
    into.bib_names.update(more.bib_names)
    into.equations += more.equations


def write(source: Source, ctx: Context, page: Plan, expander: Expander,
          emitter: Callable[[Facts], HtmlEmitter]) -> Written | None:
    """Pass 2: each section read again, its links resolved with the page's definitions,
    expanded and written, its tree let go.  None (the page is to be read whole) when the
    equation numbers or citation names foreseen are not those the expanded sections hold, or
    reading raised (the page read whole raises the error it raises first).  The diagnostics
    go to ``ctx.diagnostics`` as the page read whole gives them: the reading's, then the rest."""
    text = source.text
    doc = page.document
    reflinks = bool(doc.link_defs) and doc.page_vars().get("reflinks", True) is not False
    later: list[Diagnostic] = ctx.diagnostics
    read: list[Diagnostic] = []
    first = len(later)
    writer = emitter(page.facts)
    facts = Facts()
    html = ""
    origins: list[int] = []
    defs = dict(ctx.defs)
    try:
        expander.start(doc, page.code_blocks)
        for k, (start, end) in enumerate(zip(page.cuts, page.cuts[1:], strict=False)):
            res = parse_text(text[start:end], replace(_context(ctx, defs), diagnostics=read), base=start)
            for d in res.definitions:
                defs[d.name] = d
            tree = A.Document(span=Span(start, end), children=res.children, vars=doc.vars,
                              link_defs=doc.link_defs, source=source)
            del res
            if reflinks:
                tree = resolve_reflinks(tree)
            tree = replace(tree, children=expander.expand(tree.children))
            _merge(facts, facts_of(tree))
            # grown in place (CPython resizes a string it alone holds): a list of the sections'
            # HTML joined at the end would hold the page's HTML twice
            html += writer.document(tree) if k == 0 else writer.blocks(tree.children)
            origins += template_origins(tree)
            del tree
    except FranklinError:
        del later[first:]
        return None
    if facts.eq_numbers != page.facts.eq_numbers or facts.bib_names != page.facts.bib_names:
        del later[first:]
        return None
    later[first:first] = read
    return Written(html, facts, list(writer.state.headers), origins)
