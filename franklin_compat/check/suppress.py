"""Silencing rules from the page itself: ``<!-- franklin-compat: disable=FC402 -->``.

Like markdownlint's comments and ruff's ``# noqa``:

* ``<!-- franklin-compat: disable=FC402,FC310 -->`` silences those codes from its line to an
  ``<!-- franklin-compat: enable=FC402 -->`` (or the end of the file);
* ``<!-- franklin-compat: disable-next-line=FC402 -->`` silences them on the next line only.

A code prefix (``FC4``) or ``all`` silences a family or everything.  A directive that silenced
nothing, or names no rule, is reported (``FC920``), so stale ones do not pile up.  Directives
are read from the page's real comments: one inside a code block is text, not a directive.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..core.diagnostics import Diagnostic, Severity
from ..core.lazy_re import lazy_compile
from .page import Page
from .rules import Hit, Rule, codes

_DIRECTIVE = lazy_compile(r"\s*franklin-compat:\s*(disable-next-line|disable|enable)\s*=\s*([\w, ]+?)\s*$")


@dataclass(slots=True)
class _Directive:
    kind: str
    codes: tuple[str, ...]
    line: int
    start: int
    end: int
    used: set[str] = field(default_factory=set)


def directives(page: Page) -> list[_Directive]:
    """The page's ``franklin-compat:`` comments, in page order."""
    if page.doc is None:
        return []
    out = []
    for c in page.doc.comments:
        m = _DIRECTIVE.match(c.text)
        if m:
            names = tuple(x.strip() for x in m.group(2).split(",") if x.strip())
            line, _ = page.source.position(c.span.start)
            out.append(_Directive(m.group(1), names, line, c.span.start, c.span.end))
    return sorted(out, key=lambda d: d.start)


def _matches(selector: str, code: str) -> bool:
    return selector == "all" or code.startswith(selector)


def silence(page: Page, diagnostics: list[Diagnostic]) -> tuple[list[Diagnostic], list[_Directive]]:
    """``diagnostics`` less the silenced ones, and the page's directives (with what each silenced)."""
    found = directives(page)
    if not found:
        return diagnostics, found
    kept = []
    for d in diagnostics:
        line = d.line or 0
        by = None
        for dr in found:
            next_line = dr.kind == "disable-next-line" and line == dr.line + 1
            span = dr.kind == "disable" and line >= dr.line and not _enabled_between(found, dr, d.code, line)
            if next_line or span:
                hit = next((s for s in dr.codes if _matches(s, d.code)), None)
                if hit is not None:
                    by = (dr, hit)
        if by is None:
            kept.append(d)
        else:
            by[0].used.add(by[1])
    return kept, found


def _enabled_between(found: list[_Directive], disable: _Directive, code: str, line: int) -> bool:
    """An ``enable`` of ``code`` after ``disable`` and before ``line``."""
    return any(e.kind == "enable" and disable.line <= e.line <= line
               and any(_matches(s, code) for s in e.codes) for e in found if e.start > disable.start)


class UnusedSuppression(Rule):
    """## What it does
    Checks for `<!-- franklin-compat: disable=… -->` and `disable-next-line=…` comments that
    silence nothing, or that name a code no rule has.

    ## Why is this bad?
    A stale directive hides the next real problem of that kind without anyone noticing.

    ## Example
    ```markdown
    <!-- franklin-compat: disable-next-line=FC402 -->
    A line with no command at all.
    ```

    Use instead:
    ```markdown
    A line with no command at all.
    ```
    """

    code = "FC920"
    name = "unused-suppression"
    severity = Severity.WARNING

    def check(self, page: Page) -> Iterator[Hit]:
        return iter(())  # reported by :func:`unused`, once the other rules have run


def unused(found: list[_Directive]) -> Iterator[Hit]:
    """An FC920 hit for each code a directive names that silenced nothing or is no rule's."""
    known = set(codes())
    for dr in found:
        if dr.kind == "enable":
            continue
        for s in dr.codes:
            if s != "all" and not any(k.startswith(s) for k in known):
                yield Hit(dr.start, f"`{s}` in this directive is not a rule code", end=dr.end,
                          hint="write rule codes such as FC402, a prefix such as FC4, or all")
            elif s not in dr.used:
                yield Hit(dr.start, f"this directive silences `{s}` but there is nothing to silence",
                          end=dr.end, hint="remove it, or the code from it")
