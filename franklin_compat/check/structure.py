"""Page-structure rules: header anchors, footnotes, outputs of evaluated code."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..core.diagnostics import Edit, Fix, FranklinError, Severity
from ..reading import ast as A
from .page import Page
from .rules import FixAvailability, Hit, Rule

_NOT_ID = re.compile(r"\W")
_OUTPUTS = frozenset({"output", "codeoutput", "show", "textoutput", "plotoutput"})


class DuplicateHeaderId(Rule):
    """## What it does
    Checks for sibling sections with the same title (two headers of the same
    level under the same parent header, so with the same anchor id), and for
    links `#id` to an id that several headers share.  Repeated titles under
    different parents ("Performance" under each language) are fine.

    ## Why is this bad?
    Franklin renames the second header's id `performance__2`: a link to
    `#performance` always lands on the first one, and a link to the second
    breaks as soon as a header above it changes.  Two sibling sections with
    one title are usually a copy-paste left over.

    ## Example
    ```markdown
    ## Install
    ## Usage
    ## Install
    ```

    Use instead:
    ```markdown
    ## Install
    ## Usage
    ## Install on Windows
    ```
    """

    code = "FC910"
    name = "duplicate-header-id"
    severity = Severity.WARNING

    def check(self, page: Page) -> Iterator[Hit]:
        from ..core.refs import refstring, unescape
        from ..emit.html import HtmlEmitter

        emitter = HtmlEmitter(dict(page.vars), {})
        counts: dict[str, int] = {}
        first: dict[str, list[int]] = {}  # base id -> header offsets
        seen: dict[tuple[int, int, str], int] = {}  # (level, parent, id) -> first header offset
        parents: list[tuple[int, int]] = []  # open sections: (level, header offset)
        nodes = page.nodes
        for n in nodes:
            if not isinstance(n, A.Heading) or not n.anchor:
                continue
            try:
                rid = refstring(unescape(emitter.join(n.children)))
            except FranklinError:
                continue
            while parents and parents[-1][0] >= n.level:
                parents.pop()
            key = (n.level, parents[-1][1] if parents else -1, rid)
            parents.append((n.level, n.span.start))
            k = counts.get(rid, 0)
            counts[rid] = k + 1
            if k:  # Franklin's renaming, so later ids are right
                counts[f"{rid}__{k + 1}"] = 1
            first.setdefault(rid, []).append(n.span.start)
            if key in seen:
                line = page.source.position(seen[key])[0]
                yield Hit(n.span.start, f"a sibling section on line {line} has the same title; this "
                          f"header's id becomes `{rid}__{k + 1}`", end=n.span.end,
                          hint="give the sections different titles")
            else:
                seen[key] = n.span.start
        for n in nodes:
            if isinstance(n, A.Link) and n.url.startswith("#") and len(first.get(n.url[1:], ())) > 1:
                at = page.text.find(n.url, n.span.start, n.span.end)
                lines = ", ".join(str(page.source.position(o)[0]) for o in first[n.url[1:]])
                yield Hit(at if at >= 0 else n.span.start,
                          f"`{n.url}` is the id of several headers (lines {lines}); it leads to the first",
                          hint="give the headers different titles")


def _line_start(page: Page, offset: int) -> bool:
    return offset == 0 or page.text[offset - 1] == "\n"


def _footnotes(page: Page) -> tuple[list[A.FootnoteRef], list[A.FootnoteDef]]:
    nodes = page.nodes
    return ([n for n in nodes if isinstance(n, A.FootnoteRef)],
            [n for n in nodes if isinstance(n, A.FootnoteDef)])


class UndefinedFootnote(Rule):
    """## What it does
    Checks for a footnote reference `[^id]` with no definition `[^id]: …` on
    the page.

    ## Why is this bad?
    Franklin writes a numbered link to a note that does not exist.

    ## Example
    ```markdown
    As shown before[^proof].
    ```

    Use instead:
    ```markdown
    As shown before[^proof].

    [^proof]: See the appendix.
    ```
    """

    code = "FC911"
    name = "undefined-footnote"
    severity = Severity.WARNING

    def check(self, page: Page) -> Iterator[Hit]:
        refs, defs = _footnotes(page)
        defined = {d.id for d in defs}
        for r in refs:
            if r.id not in defined:
                hint = (f"a definition needs a colon: `[^{r.id}]: …`" if _line_start(page, r.span.start)
                        else f"add a line `[^{r.id}]: …`")
                yield Hit(r.span.start, f"footnote `[^{r.id}]` is never defined", end=r.span.end, hint=hint)


class UnusedFootnote(Rule):
    """## What it does
    Checks for a footnote definition `[^id]: …` that no `[^id]` refers to.

    ## Why is this bad?
    Franklin drops footnotes nobody refers to: the text is silently missing
    from the page.  Usually the reference has a typo.

    ## Example
    ```markdown
    A claim[^1].

    [^l]: The source.
    ```

    Use instead:
    ```markdown
    A claim[^1].

    [^1]: The source.
    ```
    """

    code = "FC912"
    name = "unused-footnote"
    severity = Severity.WARNING

    def check(self, page: Page) -> Iterator[Hit]:
        refs, defs = _footnotes(page)
        used = {r.id for r in refs}
        for d in defs:
            if d.id in used:
                continue
            end = page.text.find("]", d.span.start) + 1 or d.span.end
            if _line_start(page, d.span.start):
                yield Hit(d.span.start, f"footnote `[^{d.id}]` is defined but never referred to", end=end,
                          hint=f"refer to it with `[^{d.id}]`, or delete it")
            else:
                yield Hit(d.span.start, f"`[^{d.id}]:` is read as a footnote definition (because of the "
                          "colon), not as a reference", end=end + 1,
                          hint=f"put a space before the colon: `[^{d.id}] :`")


class BadFootnoteId(Rule):
    """## What it does
    Checks for footnotes whose id has characters Franklin does not accept
    in footnote ids (only letters, digits and `_`), such as `[^my-note]`.

    ## Why is this bad?
    Franklin does not see a footnote: `[^my-note]: text` is read as a link
    definition, and every `[^my-note]` becomes a link whose address is the
    text of the note.

    ## Fix
    Replaces the other characters of the id by `_`, in the definition and in
    every reference (when that id is not taken).

    ## Example
    ```markdown
    A claim[^my-note].

    [^my-note]: The source.
    ```

    Use instead:
    ```markdown
    A claim[^my_note].

    [^my_note]: The source.
    ```
    """

    code = "FC913"
    name = "bad-footnote-id"
    severity = Severity.WARNING
    fixable = FixAvailability.SOMETIMES

    def check(self, page: Page) -> Iterator[Hit]:
        if page.doc is None:
            return
        text = page.text
        code = [(n.span.start, n.span.end) for n in page.nodes if isinstance(n, A.CodeBlock | A.CodeSpan)]
        for d in page.doc.link_defs:
            if not d.label.startswith("^"):
                continue
            fid = d.label[1:]
            at = text.find("[" + d.label + "]", d.span.start, d.span.end)
            at = at if at >= 0 else d.span.start
            fixed = _NOT_ID.sub("_", fid)
            fix = None
            if fixed and "[^" + fixed + "]" not in text:
                refs = [m.start() for m in re.finditer(re.escape("[^" + fid + "]"), text)
                        if not any(s <= m.start() < e for s, e in code)]
                edits = tuple(Edit(r + 2, r + 2 + len(fid), fixed) for r in refs)
                fix = Fix(edits, title=f"rename the footnote to {fixed}")
            yield Hit(at, f"`[^{fid}]` is not a footnote for Franklin (ids take letters, digits and `_`): it "
                      "is read as a link definition", end=at + len(fid) + 3,
                      hint=f"write `[^{fixed}]`", fix=fix)


class MissingCodeOutput(Rule):
    """## What it does
    Reports evaluated code blocks (` ```julia:name `) whose output the page
    shows (`\\output{name}`, `\\show{name}`…) but Franklin has not cached in
    `__site/assets/<page>/code/output/`.

    ## Why is this bad?
    franklin_compat does not run Julia: without the cached output, `\\output`
    and `\\show` of that block have nothing to show.  Building the site once
    with Franklin fills the cache.  (Information only: it fails no check.)

    ## Example
    ````markdown
    ```julia:ex1
    sum(1:10)
    ```
    \\show{ex1}
    ````

    Use instead: the same, after one build with Franklin.
    """

    code = "FC914"
    name = "missing-code-output"
    severity = Severity.INFO
    needs_site = True

    def check(self, page: Page) -> Iterator[Hit]:
        site = page.site
        if site is None:
            return
        nodes = page.nodes
        shown = {_output_name(n.args[0]) for n in nodes
                 if isinstance(n, A.Command) and n.name in _OUTPUTS and n.args}
        for n in nodes:
            if not isinstance(n, A.CodeBlock) or not n.name or (n.lang or "julia") != "julia":
                continue
            if _output_name(n.name) not in shown:
                continue
            try:
                out, res = site.site.cached_output(page.rel or "index.md", n.name)
            except FranklinError:
                out = res = None
            if out is None and res is None:
                end = page.text.find("\n", n.span.start)
                yield Hit(n.span.start, f"no cached output for the evaluated code block `{n.name}`",
                          end=end if end > 0 else n.span.end,
                          hint="build the site once with Franklin to cache it")


def _output_name(name: str) -> str:
    """``./ex1`` and ``ex1`` name the same code block."""
    name = name.strip()
    return name[2:] if name.startswith("./") else name
