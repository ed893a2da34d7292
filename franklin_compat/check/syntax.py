r"""Syntax rules: unclosed constructs, dollar signs read as math, ``{{`` inside math.

The parser reports each unclosed opener as ``FC101`` at the opener; these
rules split that report by construct (so ``--ignore FC119`` silences only
braces) by looking at the text the diagnostic points to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from ..core.diagnostics import Edit, Fix, Severity
from ..reading import ast as A
from ..reading.latex import MATH_ENVS
from .page import Page
from .rules import FixAvailability, Hit, Rule

# (opener text, rule code), longest first where prefixes overlap.
_OPENERS: tuple[tuple[str, str], ...] = (
    ("<!--", "FC111"),
    ("+++", "FC112"),
    ("```", "FC113"),
    ("`", "FC114"),
    ("~~~", "FC115"),
    ("$$", "FC117"),
    ("\\[", "FC117"),
    ("$", "FC116"),
    ("_$>_", "FC116"),
    ("@@", "FC118"),
    ("{", "FC119"),
    ("\\begin", "FC120"),
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BRACE_RUN = re.compile(r"\{\{+")


def unclosed_code(text: str, offset: int) -> str:
    """The rule code for an unclosed construct whose opener is at ``offset``."""
    for opener, code in _OPENERS:
        if text.startswith(opener, offset):
            return code
    return ParseFailure.code


class _Unclosed(Rule):
    """Reports the parser's unclosed-construct errors that start with this rule's opener."""

    escape: ClassVar[str] = ""  # the opener's escaped form, when escaping it is the fix

    def check(self, page: Page) -> Iterator[Hit]:
        for d in page.parse_diagnostics:
            if d.code != "FC101" or d.offset is None or unclosed_code(page.text, d.offset) != self.code:
                continue
            fix = None
            if self.escape:
                n = len(self.escape) - 1
                fix = Fix((Edit(d.offset, d.offset + n, self.escape),), title=f"escape it as `{self.escape}`")
            yield Hit(d.offset, d.message, hint=d.hint, fix=fix)


class UnclosedComment(_Unclosed):
    """## What it does
    Checks for an HTML comment `<!--` that is never closed by `-->`.

    ## Why is this bad?
    Franklin stops with "I found the opening token 'COMMENT_OPEN' but not the
    corresponding closing token", and no page is written.

    ## Example
    ```markdown
    <!-- TODO: finish this section
    Some text.
    ```

    Use instead:
    ```markdown
    <!-- TODO: finish this section -->
    Some text.
    ```
    """

    code = "FC111"
    name = "unclosed-comment"


class UnclosedFrontMatter(_Unclosed):
    """## What it does
    Checks for a `+++` front-matter block with no closing `+++` line.

    ## Why is this bad?
    Franklin cannot tell where the page variables end and the page begins; the
    build fails.

    ## Example
    ```markdown
    +++
    title = "Notes"

    # Notes
    ```

    Use instead:
    ```markdown
    +++
    title = "Notes"
    +++

    # Notes
    ```
    """

    code = "FC112"
    name = "unclosed-front-matter"


class UnclosedCodeFence(_Unclosed):
    """## What it does
    Checks for a fenced code block (` ``` `, ```` ```` ````, ```` ```julia ````…)
    whose closing fence is missing.

    ## Why is this bad?
    Franklin fails on the page ("I found the opening token 'CODE_LANG3' but not
    the corresponding closing token").  A closing fence must use the same
    number of backticks as the opening one.

    ## Example
    ````markdown
    ```julia
    x = 1
    ````

    Use instead:
    ````markdown
    ```julia
    x = 1
    ```
    ````
    """

    code = "FC113"
    name = "unclosed-code-fence"


class UnclosedInlineCode(_Unclosed):
    """## What it does
    Checks for a backtick (`` ` `` or ``` `` ```) that opens inline code and is
    never closed.

    ## Why is this bad?
    Franklin pairs backticks over the whole page; a lone one makes the build
    fail.

    ## Example
    ```markdown
    Call `f(x) to start.
    ```

    Use instead:
    ```markdown
    Call `f(x)` to start.
    ```
    """

    code = "FC114"
    name = "unclosed-inline-code"


class UnclosedRawHtml(_Unclosed):
    """## What it does
    Checks for a raw HTML block `~~~` without its closing `~~~`.

    ## Why is this bad?
    Franklin fails on the page; everything after the opener would otherwise be
    copied as raw HTML.

    ## Example
    ```markdown
    ~~~
    <div class="note">Hi</div>
    ```

    Use instead:
    ```markdown
    ~~~
    <div class="note">Hi</div>
    ~~~
    ```
    """

    code = "FC115"
    name = "unclosed-raw-html"


class UnclosedInlineMath(_Unclosed):
    r"""## What it does
    Checks for a `$` that opens inline math and is never closed.

    ## Why is this bad?
    Franklin reads every `$` as a math delimiter and pairs them over the whole
    page; an odd one out fails the build.  It is usually a dollar sign.

    ## Fix
    Escapes the `$` as `\$` (a literal dollar sign).

    ## Example
    ```markdown
    It costs $5.
    ```

    Use instead:
    ```markdown
    It costs \$5.
    ```
    """

    code = "FC116"
    name = "unclosed-inline-math"
    fixable = FixAvailability.SOMETIMES
    escape = "\\$"

    def check(self, page: Page) -> Iterator[Hit]:
        for hit in super().check(page):
            if page.text.startswith("_$>_", hit.start):  # internal math: no escape
                yield Hit(hit.start, hit.message, hint=hit.hint)
            else:
                yield hit


class UnclosedDisplayMath(_Unclosed):
    r"""## What it does
    Checks for display math `$$` or `\[` that is never closed.

    ## Why is this bad?
    Franklin fails on the page ("I found the opening token 'MATH_B' but not the
    corresponding closing token").

    ## Example
    ```markdown
    $$ x^2 + y^2 = 1
    ```

    Use instead:
    ```markdown
    $$ x^2 + y^2 = 1 $$
    ```
    """

    code = "FC117"
    name = "unclosed-display-math"


class UnclosedDiv(_Unclosed):
    """## What it does
    Checks for a div `@@name` with no closing `@@`.

    ## Why is this bad?
    Franklin fails on the page.  A closing `@@` must be followed by a space,
    a line break or `}`; `@@name` always opens a new div.

    ## Example
    ```markdown
    @@note
    Careful here.
    ```

    Use instead:
    ```markdown
    @@note
    Careful here.
    @@
    ```
    """

    code = "FC118"
    name = "unclosed-div"


class UnclosedBrace(_Unclosed):
    r"""## What it does
    Checks for a `{` in text with no matching `}`.

    ## Why is this bad?
    Franklin pairs braces over the page (they delimit command arguments); an
    unmatched one fails the build.

    ## Fix
    Escapes the brace as `\{` (a literal brace).

    ## Example
    ```markdown
    The set {1, 2, 3 is small.
    ```

    Use instead:
    ```markdown
    The set \{1, 2, 3 is small.
    ```
    """

    code = "FC119"
    name = "unclosed-brace"
    fixable = FixAvailability.ALWAYS
    escape = "\\{"


class UnclosedEnvironment(_Unclosed):
    r"""## What it does
    Checks for `\begin{name}` without a matching `\end{name}`.

    ## Why is this bad?
    Franklin cannot find the body of the environment and fails on the page.

    ## Example
    ```markdown
    \begin{equation}
    E = mc^2
    ```

    Use instead:
    ```markdown
    \begin{equation}
    E = mc^2
    \end{equation}
    ```
    """

    code = "FC120"
    name = "unclosed-environment"


class DollarAcrossParagraphs(Rule):
    r"""## What it does
    Checks for inline math `$…$` whose content crosses a blank line.

    ## Why is this bad?
    Inline math never spans paragraphs.  Such a pair is almost always two
    dollar signs (prices) that Franklin pairs up as math: the text between
    them is rendered as one formula.

    ## Example
    ```markdown
    Tickets cost $5.

    Parking is $3.
    ```

    Use instead:
    ```markdown
    Tickets cost \$5.

    Parking is \$3.
    ```
    """

    code = "FC121"
    name = "dollar-across-paragraphs"
    severity = Severity.WARNING

    def check(self, page: Page) -> Iterator[Hit]:
        text = page.text
        for n in page.nodes:
            if not isinstance(n, A.Math) or n.display or n.env is not None:
                continue
            s, e = n.span.start, n.span.end
            if text.startswith("$", s) and _BLANK_LINE.search(text, s, e):
                line = page.source.position(e - 1)[0]
                yield Hit(s, f"inline math runs across a blank line, to the `$` on line {line}",
                          end=e, hint="write `\\$` for a dollar sign")


class DoubleBraceInMath(Rule):
    """## What it does
    Checks for `{{` inside math.

    ## Why is this bad?
    Math is copied into the page as is, and Franklin's template pass then reads
    `{{…}}` as a call to an html function (Franklin issue #941): the formula
    is cut and a warning about an unknown function is printed.

    ## Fix
    Puts a space between the braces; TeX ignores it.

    ## Example
    ```markdown
    $$ x_{{i}} $$
    ```

    Use instead:
    ```markdown
    $$ x_{ {i}} $$
    ```
    """

    code = "FC122"
    name = "double-brace-in-math"
    fixable = FixAvailability.ALWAYS

    def check(self, page: Page) -> Iterator[Hit]:
        text = page.text
        for n in page.nodes:
            math = (isinstance(n, A.Math) and n.env != "internal") or (
                isinstance(n, A.Environment) and n.name in MATH_ENVS
            )
            if not math:
                continue
            for m in _BRACE_RUN.finditer(text, n.span.start, n.span.end):
                braces = m.group(0)
                fix = Fix((Edit(m.start(), m.end(), " ".join(braces)),), title="separate the braces")
                yield Hit(m.start(), "`{{` inside math is read as an html function call", end=m.end(),
                          hint="write `{ {` (TeX ignores the space)", fix=fix)


class ParseFailure(Rule):
    """## What it does
    Reports a page the parser could not read at all (constructs nested more
    than 48 levels deep) or an unclosed construct no other rule names.

    ## Why is this bad?
    Franklin fails on such a page too; nothing else on it can be checked until
    it is fixed.

    ## Example
    ```markdown
    @@a
    @@b
    … fifty divs, each inside the one before …
    @@
    @@
    ```

    Use instead:
    ```markdown
    @@a,b
    Flat structure.
    @@
    ```
    """

    code = "FC130"
    name = "parse-failure"

    def check(self, page: Page) -> Iterator[Hit]:
        if page.failure is not None:
            d = page.failure.diagnostic
            at = d.offset if d.offset is not None else 0
            yield Hit(at, f"{d.message} ({d.code})", hint=d.hint)
        for d in page.parse_diagnostics:
            if d.code == "FC101" and d.offset is not None and unclosed_code(page.text, d.offset) == self.code:
                yield Hit(d.offset, d.message, hint=d.hint)
