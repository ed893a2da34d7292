"""Page-variable rules: what the ``+++`` / ``@def`` reader reported, and dates that do not parse."""

from __future__ import annotations

from collections.abc import Iterator

from ..core.diagnostics import Diagnostic, Severity
from .page import Page
from .rules import Hit, Rule, parser_hits

DATE_VARIABLES = ("date", "published", "rss_pubdate")


def needs_julia(d: Diagnostic) -> bool:
    """Is this ``FC201`` about valid Julia beyond literals (rather than a syntax error)?"""
    return d.message.startswith("cannot read")


class UnreadableValue(Rule):
    """## What it does
    Reports a page-variable value in `+++` or `@def` that is not valid: an
    unclosed string or bracket, a missing comma, a bad escape sequence.

    ## Why is this bad?
    Franklin evaluates the value as Julia: a syntax error fails the build.

    ## Example
    ```markdown
    +++
    title = "Notes
    tags = ["a" "b"]
    +++
    ```

    Use instead:
    ```markdown
    +++
    title = "Notes"
    tags = ["a", "b"]
    +++
    ```
    """

    code = "FC201"
    name = "unreadable-value"

    def check(self, page: Page) -> Iterator[Hit]:
        return (h for d, h in parser_hits(page, ("FC201",)) if not needs_julia(d))


class JuliaOnlyValue(Rule):
    """## What it does
    Reports a page-variable value that is Julia code the sandboxed evaluator
    cannot run: a package it does not have (`rand(1:10)`), a name defined nowhere.

    ## Why is this bad?
    Franklin runs it, but franklin_compat (and any conversion to another site
    generator) leaves the variable out, so pages that use it render without it.
    Where the value is fixed, write it out.

    ## Example
    ```markdown
    @def pick = rand(1:10)
    ```

    Use instead:
    ```markdown
    @def pick = 7
    ```
    """

    code = "FC205"
    name = "julia-only-value"
    severity = Severity.WARNING

    def check(self, page: Page) -> Iterator[Hit]:
        return (h for d, h in parser_hits(page, ("FC201",)) if needs_julia(d))


class MalformedDef(Rule):
    """## What it does
    Checks for `@def` lines that are not `@def name = value`.

    ## Why is this bad?
    Franklin warns ("at least one assignment does not have the proper
    syntax") and ignores the line, so the variable silently keeps its default.

    ## Example
    ```markdown
    @def title "Notes"
    ```

    Use instead:
    ```markdown
    @def title = "Notes"
    ```
    """

    code = "FC202"
    name = "malformed-def"
    severity = Severity.WARNING
    parser_codes = ("FC202",)


class Interpolation(Rule):
    """## What it does
    Checks for `$name` interpolation in a page-variable string that names no
    variable set earlier in the same `+++` block.

    ## Why is this bad?
    Franklin runs the block as Julia and substitutes the value; without Julia
    the text stays as written (`$name`), so the page differs from Franklin's.
    A literal dollar sign must be written `\\$` in a Julia string anyway.

    ## Example
    ```markdown
    +++
    title = "Notes on $topic"
    +++
    ```

    Use instead:
    ```markdown
    +++
    topic = "graphs"
    title = "Notes on $topic"
    +++
    ```
    """

    code = "FC203"
    name = "unevaluated-interpolation"
    severity = Severity.WARNING
    parser_codes = ("FC203",)


class TextAfterValue(Rule):
    """## What it does
    Checks for text after the value of an `@def`.

    ## Why is this bad?
    Franklin reads only the first expression of an `@def`; the rest of the
    line is silently dropped.

    ## Example
    ```markdown
    @def title = "Notes" "on graphs"
    ```

    Use instead:
    ```markdown
    @def title = "Notes on graphs"
    ```
    """

    code = "FC204"
    name = "text-after-value"
    severity = Severity.WARNING
    parser_codes = ("FC204",)


class BadDate(Rule):
    """## What it does
    Checks that the date variables `date`, `published` and `rss_pubdate`, when
    written as strings, name a full date (day, month and year).

    ## Why is this bad?
    Dates sort tag lists and RSS feeds and are shown on blog listings.  A
    misspelled month ("Sepember") or a missing year makes the date unreadable:
    the post sorts last, and a listing that parses dates fails.

    ## Example
    ```markdown
    @def published = "7 Sepember 2019"
    ```

    Use instead:
    ```markdown
    @def published = "7 September 2019"
    ```
    """

    code = "FC210"
    name = "bad-date"

    def check(self, page: Page) -> Iterator[Hit]:
        from ..reading.pagevars import canonical, parse_date

        if page.doc is None:
            return
        for a in page.doc.vars:
            if canonical(a.name) not in DATE_VARIABLES or not isinstance(a.value, str):
                continue
            if parse_date(a.value) is None:
                start = a.span.end - len(a.text)
                if page.text[start : a.span.end] != a.text:
                    start = a.span.start
                yield Hit(start, f"`{a.name}` is not a date: {a.value!r}", end=a.span.end,
                          hint='write a full date, e.g. "7 September 2019" or Date(2019, 9, 7)')
