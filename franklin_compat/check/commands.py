r"""Command rules: ``\newcommand`` definitions and uses, as the parser reports them, and recursion."""

from __future__ import annotations

from collections.abc import Iterator

from ..core.lazy_re import lazy_compile
from ..reading import ast as A
from ..reading.tokens import tokenize
from .page import Page
from .rules import Hit, Rule

_BEGIN = lazy_compile(r"\\begin\{\s*([^{}\s]+)\s*\}")


class BadDefinition(Rule):
    r"""## What it does
    Checks that `\newcommand` and `\newenvironment` definitions have the shape
    Franklin reads: `\newcommand{\name}[n]{body}`,
    `\newenvironment{name}[n]{before}{after}`.

    ## Why is this bad?
    Franklin stops with an `LxDefError` on a malformed definition.

    ## Example
    ```markdown
    \newcommand{R}{\mathbb R}
    ```

    Use instead:
    ```markdown
    \newcommand{\R}{\mathbb R}
    ```
    """

    code = "FC401"
    name = "bad-definition"
    parser_codes = ("FC401",)


class UnknownCommand(Rule):
    r"""## What it does
    Checks for a command `\name` in text that is not defined: not by a
    `\newcommand` earlier on the page or in `config.md`, not built in (`\fig`,
    `\input`, `\label`…), not an `lx_name` of the site's `utils.jl`.  Also
    `\begin{name}` of an unknown environment.  Commands inside math are left
    to KaTeX and not checked.

    ## Why is this bad?
    Franklin stops with "Command or environment '\name' was used before it
    was defined".  A definition placed after its first use counts as missing.

    ## Example
    ```markdown
    The \LaTeX way.
    ```

    Use instead:
    ```markdown
    \newcommand{\LaTeX}{LaTeX}
    The \LaTeX way.
    ```
    """

    code = "FC402"
    name = "unknown-command"
    parser_codes = ("FC402",)


class MissingArguments(Rule):
    r"""## What it does
    Checks that a command gets as many `{…}` arguments as its definition asks
    for, each brace right after the previous one.

    ## Why is this bad?
    Franklin stops with "Command/Environment '\name' expects n argument(s) and
    there should be no space(s) between the command name and the first brace".

    ## Example
    ```markdown
    \newcommand{\hi}[1]{Hello #1}
    \hi {you}
    ```

    Use instead:
    ```markdown
    \newcommand{\hi}[1]{Hello #1}
    \hi{you}
    ```
    """

    code = "FC403"
    name = "missing-arguments"
    parser_codes = ("FC403",)


class LonelyEnd(Rule):
    r"""## What it does
    Checks for `\end{name}` without a matching `\begin{name}`.

    ## Why is this bad?
    Franklin cannot pair it and fails on the page.

    ## Example
    ```markdown
    E = mc^2 \end{equation}
    ```

    Use instead:
    ```markdown
    \begin{equation} E = mc^2 \end{equation}
    ```
    """

    code = "FC406"
    name = "lonely-end"
    parser_codes = ("FC406",)


def _uses(d: A.CommandDef) -> set[tuple[bool, str]]:
    """``(is_environment, name)`` of every command and environment the definition's body names."""
    body = d.body + (d.post or "")
    found = {(False, body[t.start + 1 : t.end]) for t in tokenize(body) if t.kind == "LX_COMMAND"}
    found.update((True, m.group(1)) for m in _BEGIN.finditer(body))
    return found


class RecursiveDefinition(Rule):
    r"""## What it does
    Checks for a `\newcommand` or `\newenvironment` whose body uses itself,
    directly or through other definitions (`\a` uses `\b`, `\b` uses `\a`).

    ## Why is this bad?
    Every use of the command expands forever: Franklin hangs or overflows its
    stack, and the page is never written.

    ## Example
    ```markdown
    \newcommand{\note}[1]{\note{#1}}
    ```

    Use instead:
    ```markdown
    \newcommand{\note}[1]{**Note:** #1}
    ```
    """

    code = "FC420"
    name = "recursive-definition"

    def check(self, page: Page) -> Iterator[Hit]:
        if page.doc is None or not page.doc.definitions:
            return
        defs: dict[tuple[bool, str], A.CommandDef] = {}
        if page.site is not None:
            defs.update(((d.is_environment, d.name), d) for d in page.site.site.global_defs.values())
        defs.update(((d.is_environment, d.name), d) for d in page.doc.definitions)
        edges = {key: _uses(d) for key, d in defs.items()}
        for d in page.doc.definitions:
            start = (d.is_environment, d.name)
            cycle = _cycle(start, edges)
            if cycle is not None:
                shown = " → ".join(n if env else "\\" + n for env, n in cycle)
                yield Hit(d.span.start, f"`{shown.split(' → ')[0]}` expands into itself: {shown}",
                          end=d.span.end, hint="a definition must not use itself, even through others")


def _cycle(start: tuple[bool, str], edges: dict[tuple[bool, str], set[tuple[bool, str]]]) -> (
        list[tuple[bool, str]] | None):
    """A path from ``start`` back to itself, or None (iterative depth-first search)."""
    parent: dict[tuple[bool, str], tuple[bool, str]] = {}
    stack = [start]
    seen = {start}
    while stack:
        cur = stack.pop()
        for nxt in sorted(edges.get(cur, ())):
            if nxt == start:
                path = [cur]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return [*reversed(path), start]
            if nxt in edges and nxt not in seen:
                seen.add(nxt)
                parent[nxt] = cur
                stack.append(nxt)
    return None
