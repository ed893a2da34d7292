"""Template rules: ``{{ name … }}`` calls that resolve to nothing.

The calls are read in page order from the ``{{ }}`` blocks of the Markdown and
from the raw HTML (``~~~``) blocks, which Franklin's template pass also reads;
``{{for x in …}}`` … ``{{end}}`` scopes its loop variables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..core.diagnostics import Severity
from ..core.pairs import pairs
from ..reading import ast as A
from .page import Page
from .rules import Hit, Rule

_CONDITIONS = frozenset({
    "if", "isdef", "ifdef", "isndef", "isnotdef", "ifndef", "ifnotdef", "isempty", "ifempty",
    "isnempty", "isnotempty", "ifnempty", "ifnotempty", "ispage", "isnotpage",
})
_CALL_OPEN, _CALL_CLOSE = re.compile(r"\{\{"), re.compile(r"\}\}")
# where Franklin's template pass reads no call: comments and scripts
_SKIPPED = ((re.compile("<!--"), re.compile("-->")),
            (re.compile(r"<script\b", re.I), re.compile("</script>", re.I)))
_PARAM = re.compile(r'"([^"]*)"|([^\s"\']+)')


@dataclass(frozen=True, slots=True)
class Call:
    """A function-call block, with the loop variables in scope where it stands."""

    start: int
    end: int
    name: str
    params: tuple[str, ...]
    loop_vars: frozenset[str]
    #: where each parameter starts in the page (diagnostics point at the name, not the braces)
    param_starts: tuple[int, ...] = ()


def _blocks(page: Page) -> Iterator[tuple[int, int, str]]:
    """``(start, end, inner text)`` of every ``{{ }}`` block, in page order."""
    found: list[tuple[int, int, str]] = []
    text = page.text
    for n in page.nodes:
        if isinstance(n, A.HFunCall):
            found.append((n.span.start, n.span.end, n.raw[2:-2]))
        elif isinstance(n, A.RawHtml) and "{{" in n.html:
            a, b = n.span.start, n.span.end
            skipped = [(m.start(), c.end()) for o, cl in _SKIPPED for m, c in pairs(text, o, cl, a, b)]
            for m, c in pairs(text, _CALL_OPEN, _CALL_CLOSE, a, b):
                if not any(s <= m.start() < e for s, e in skipped):
                    found.append((m.start(), c.end(), text[m.end() : c.start()]))
    found.sort()
    yield from found


def calls(page: Page) -> Iterator[Call]:
    """The function calls of ``page`` (conditionals and loops are walked, not returned)."""
    scopes: list[frozenset[str]] = []
    for start, end, inner in _blocks(page):
        words = inner.split()
        if not words:
            continue
        head = words[0]
        if head == "end":
            if scopes:
                scopes.pop()
        elif head in ("else", "elseif"):
            continue
        elif head in _CONDITIONS:
            scopes.append(frozenset())
        elif head == "for" and " in " in inner:
            names = inner.strip()[3:].rsplit(" in ", 1)[0].strip().strip("()")
            scopes.append(frozenset(v.strip() for v in names.split(",") if v.strip()))
        else:
            at = start + 2 + (len(inner) - len(inner.lstrip())) + len(head)  # where ``rest`` starts
            rest = inner.lstrip()[len(head) :]
            found = list(_PARAM.finditer(rest))
            params = tuple(m.group(1) if m.group(1) is not None else m.group(2) for m in found)
            yield Call(start, end, head, params, frozenset().union(*scopes),
                       tuple(at + m.start() for m in found))


def is_function(page: Page, name: str) -> bool:
    """A utils.jl ``hfun_``, a registered Python hfun, or a built-in (names are case-insensitive)."""
    from ..core.hooks import USER_HFUNS
    from ..template import HFUNS

    low = name.lower()
    if low in HFUNS:  # first: utils.jl is run only for a name that is no built-in
        return True
    user = page.site.site.user_hfuns if page.site is not None else frozenset()
    # the plugins' registry last: its first miss reads the installed packages' entry points
    return low in user or USER_HFUNS.find(low) is not None


class UnknownFunction(Rule):
    """## What it does
    Checks for `{{name …}}` where `name` is neither a built-in html function,
    nor an `hfun_name` of the site's `utils.jl` (or a registered Python
    replacement), nor (without parameters) a page variable, a global variable
    of `config.md`, a `utils.jl` global or a loop variable.

    ## Why is this bad?
    Franklin prints "A block '{{name ...}}' was found but the name 'name' does
    not correspond to a built-in block or hfun" and drops the block: the page
    silently misses that content.  It is usually a typo.

    ## Example
    ```markdown
    @def author = "Ada"
    Written by {{autor}}.
    ```

    Use instead:
    ```markdown
    @def author = "Ada"
    Written by {{author}}.
    ```
    """

    code = "FC310"
    name = "unknown-function"
    severity = Severity.WARNING
    needs_site = True

    def check(self, page: Page) -> Iterator[Hit]:
        for c in calls(page):
            if not c.params and (c.name in c.loop_vars or page.defines(c.name)):
                continue
            if is_function(page, c.name):
                continue
            yield Hit(c.start, f"`{{{{{c.name}}}}}` is not an html function nor a variable", end=c.end,
                      hint=f"define `hfun_{c.name.lower()}` in utils.jl, or `@def {c.name} = …`")


class UndefinedVariable(Rule):
    """## What it does
    Checks for `{{fill x}}` where no variable `x` is defined: not by the page,
    not by `config.md`, not by Franklin's defaults, not by `utils.jl`.  With a
    page argument, `{{fill x blog/post}}`, the page must exist and define `x`.

    ## Why is this bad?
    Franklin prints a warning and inserts nothing: the page misses the value.

    ## Example
    ```markdown
    +++
    venue = "Room 1"
    +++
    Meet in {{fill venu}}.
    ```

    Use instead:
    ```markdown
    +++
    venue = "Room 1"
    +++
    Meet in {{fill venue}}.
    ```
    """

    code = "FC311"
    name = "undefined-variable"
    severity = Severity.WARNING

    def check(self, page: Page) -> Iterator[Hit]:
        for c in calls(page):
            if c.name.lower() != "fill" or not 1 <= len(c.params) <= 2 or c.params[0] in c.loop_vars:
                continue
            var = c.params[0]
            at = c.param_starts[0] if c.param_starts else c.start
            if len(c.params) == 1:
                if not page.defines(var):
                    yield Hit(at, f"no page variable `{var}` is defined for this page", end=at + len(var),
                              hint=f"define it on the page (`@def {var} = …`) or in config.md")
                continue
            other = c.params[1]
            if other in c.loop_vars or page.site is None:
                continue
            rel = other.strip("/")
            if not rel.endswith((".md", ".html")):
                rel += ".md"
            found = page.site.page_vars(rel)
            if found is None:
                yield Hit(c.start, f"`{{{{fill {var} {other}}}}}`: there is no page `{rel}`", end=c.end,
                          hint="name the page by its path from the site root, e.g. blog/post")
            elif var not in found and not page.defines(var, own=False):
                yield Hit(c.start, f"page `{rel}` defines no variable `{var}`", end=c.end,
                          hint=f"define it on that page (`@def {var} = …`)")



def _hfun_failures(page: Page) -> list[tuple[Call, str, str]]:
    """Each ``{{name …}}`` whose ``utils.jl`` function fails when run as a build runs it.

    Gives the call, the FC80x code of the failure and its message; FC330 and FC331 share
    one evaluation per page.
    """
    found: list[tuple[Call, str, str]] | None = page.shared.get("hfun_failures")
    if found is None:
        found = page.shared["hfun_failures"] = list(_run_hfuns(page))
    return found


def _run_hfuns(page: Page) -> Iterator[tuple[Call, str, str]]:
    site = page.site.site if page.site is not None else None
    if site is None or page.rel is None:
        return
    # utils.jl is run (on first use) only when it may define a function the page calls
    wanted = [c for c in calls(page) if site.may_define("hfun_" + c.name.lower())]
    if not wanted:
        return
    from ..core.hooks import USER_HFUNS
    from ..julia_subset import JuliaError
    from ..site.julia import SiteHost, SiteJulia

    code = site.user_code
    if not isinstance(code, SiteJulia):
        return
    page_vars: dict[str, Any] | None = None  # the page's Markdown stage: only when a call is run
    for c in wanted:
        low = c.name.lower()
        if low not in code.hfun_names or c.loop_vars or USER_HFUNS.find(low) is not None:
            continue
        if page_vars is None:
            page_vars = dict(site.page_vars_of(page.rel) or {"fd_rpath": page.rel})
        try:
            # (as a build runs it: the files it writes into the built site are taken, here dropped)
            code.program.call_hfun(low, list(c.params), SiteHost(site, page.rel, page_vars, outputs=[]))
        except JuliaError as e:
            yield c, e.diagnostic.code, e.summary(f"{{{{{c.name}}}}} fails")

class UserFunctionFails(Rule):
    """## What it does
    Runs each `{{name …}}` of the page whose `hfun_name` the site's `utils.jl` defines (with the
    sandboxed evaluator, as a build does) and reports the calls that raise a Julia error: a
    wrong argument count, an unknown name, a missing key, `error("…")`.  The message names
    the `utils.jl` line.

    ## Why is this bad?
    The same call fails in Julia: Franklin stops the build, franklin_compat keeps the call
    as written in the page.  Either way readers see a broken page.

    ## Example
    ```julia
    # utils.jl
    hfun_greet(params) = "Hello, " * params[2]
    ```
    ```markdown
    {{greet Ada}}
    ```

    Use instead:
    ```julia
    # utils.jl
    hfun_greet(params) = "Hello, " * params[1]
    ```
    """

    code = "FC330"
    name = "user-function-fails"
    severity = Severity.ERROR
    needs_site = True

    def check(self, page: Page) -> Iterator[Hit]:
        for c, code, message in _hfun_failures(page):
            if code == "FC803":
                yield Hit(c.start, message, end=c.end,
                          hint="fix the function in utils.jl, or its arguments here")


class JuliaOnlyFunction(Rule):
    """## What it does
    Reports each `{{name …}}` whose `hfun_name` in `utils.jl` the sandboxed evaluator cannot
    run: it needs a Julia package franklin_compat does not have (`Dates` aside: `Random`,
    `JSON`, `DataFrames`…), uses Julia outside the evaluated subset, exceeds the step budget,
    or does what the sandbox refuses (writing files, running processes).

    ## Why is this bad?
    Franklin runs it, but `franklin-compat build` and `migrate` keep the call as written in
    the page, so the output lacks what it makes.  A Python replacement
    (`@franklin_compat.hfun("name")`) can stand in for it.

    ## Example
    ```julia
    # utils.jl
    using Random
    hfun_token() = join(shuffle(["a", "b", "c"]))
    ```
    ```markdown
    {{token}}
    ```

    Use instead: a Python replacement registered for `token`, or text the page can hold.
    """

    code = "FC331"
    name = "julia-only-function"
    severity = Severity.WARNING
    needs_site = True

    def check(self, page: Page) -> Iterator[Hit]:
        for c, code, message in _hfun_failures(page):
            if code != "FC803":
                yield Hit(c.start, message, end=c.end,
                          hint="register a Python replacement with @franklin_compat.hfun")
