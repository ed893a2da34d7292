"""Expansion: ``\\newcommand`` uses, environments and built-in commands → nodes.

A user command's body, with its arguments substituted, is parsed again as
Franklin Markdown (reference §3.9) and kept as a :class:`Fragment`; commands
inside math are expanded in place in the TeX.  Built-ins that read files
(``\\input``, ``\\textinput``, ``\\tableinput``, ``\\fig``) go through
:mod:`paths`, which keeps every read inside the site root.  What needs Julia
becomes an :class:`Unresolved` node and a diagnostic, never silence.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from operator import is_not
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, FranklinError, Severity
from ..core.hooks import LXFUNS, UserCode
from ..core.pairs import pairs, sub_pairs
from ..core.paths import IMAGE_EXTS, find_with_ext, is_external, resolve_url, url_to_file
from ..core.refs import refstring
from ..julia_subset.errors import JuliaError
from ..reading import ast as A
from ..reading.blocks import _Finder
from ..reading.parse import MAX_DEPTH, Context, parse_text
from ..reading.tokens import tokenize
from .code import CodeCommands
from .codecache import Lookup, PageCode
from .inforce import InForce

_ARG = re.compile(r"(!?)#(\d)")
_LABEL = re.compile(r"\\label\{")
_BRACE_CLOSE = re.compile(r"\}")


def substitute(body: str, args: list[str]) -> str:
    """``#k`` → a space and the k-th argument, ``!#k`` → the argument alone (arguments stripped)."""
    stripped = [a.strip() for a in args]

    def one(m: re.Match[str]) -> str:
        k = int(m.group(2))
        if not 1 <= k <= len(stripped):
            return m.group(0)
        return stripped[k - 1] if m.group(1) else " " + stripped[k - 1]

    return _ARG.sub(one, body)


def display_label(tex: str) -> tuple[str, str | None]:
    """A display equation's TeX without its ``\\label{…}``, and that label (None: it has none)."""
    found = next(pairs(tex, _LABEL, _BRACE_CLOSE, one_line=True), None)
    if not found:
        return tex, None
    label = tex[found[0].end() : found[1].start()]
    return sub_pairs(tex, _LABEL, _BRACE_CLOSE, lambda _whole, _inner: "", one_line=True), label


@dataclass
class Expander(CodeCommands):
    """Expands one page; ``ctx`` is the parse context of that page, ``variables`` its
    variables (page over global), ``outputs`` how it reads the code outputs its site cached."""

    ctx: Context
    rpath: str = "index.md"
    root: Path | None = None
    outputs: Lookup | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    evaluates: bool = False
    #: the site's ``utils.jl`` functions (after the Python replacements of ``LXFUNS``)
    user_code: UserCode | None = None
    #: the page's variables, as ``locvar`` reads them in user code
    page_vars: dict[str, Any] = field(default_factory=dict)
    variables: Mapping[str, Any] = field(default_factory=dict)
    code: PageCode = field(default_factory=PageCode)
    # the page's definitions in text order, and those in force at a point of the page
    _order: list[A.CommandDef] = field(default_factory=list, init=False, repr=False)
    _in_force: InForce = field(default_factory=lambda: InForce({}, []), init=False, repr=False)
    _defs: dict[str, A.CommandDef] = field(default_factory=dict, init=False, repr=False)

    def document(self, doc: A.Document, *, code_blocks: list[A.CodeBlock] | None = None) -> A.Document:
        """``code_blocks``: the page's code blocks where the caller knows them (none where its
        text has no fence: a walk of the whole tree less); else they are looked for."""
        blocks = A.find_all(doc, A.CodeBlock) if code_blocks is None else code_blocks
        self.start(doc, blocks)
        return replace(doc, children=self.expand(doc.children))

    def start(self, doc: A.Document, blocks: list[A.CodeBlock]) -> None:
        """The page-wide state, from the page's variables, definitions and code blocks (its
        children are not read: a page converted in sections gives them to :meth:`expand` one
        section at a time)."""
        # named blocks (```julia:ex) and ```! blocks are run; their figures land in output/
        self.evaluates = any(n.name or n.shortcut is not None for n in blocks)
        self.code = PageCode.of(blocks, self.rpath, self.outputs, self.variables)
        stale = self.variables.get("stale_outputs")
        if stale not in (None, "use", "skip"):
            at = next((a for a in doc.vars if a.name == "stale_outputs"), doc)
            shown = f'"{stale}"' if isinstance(stale, str) else str(stale)
            self.loss("FC416", f'stale_outputs is {shown}; it must be "use" or "skip" ("use" is taken)', at,
                      'write @def stale_outputs = "skip" to leave stale outputs out')
        self._defs = dict(self.ctx.defs)
        order = sorted(doc.definitions, key=lambda d: d.span.start)
        self._order, self._in_force = order, InForce(self._defs, order)

    def expand(self, children: tuple[A.Node, ...]) -> tuple[A.Node, ...]:
        """The page's nodes (all of them, or one section's, in page order) expanded."""
        return tuple(self.nodes(children, self._defs, self._order))

    # -- tree walk -----------------------------------------------------------

    def nodes(
        self, nodes: tuple[A.Node, ...], defs: dict[str, A.CommandDef], order: list[A.CommandDef]
    ) -> list[A.Node]:
        inert, node = _INERT, self.node
        return [n if type(n) in inert else node(n, defs, order) for n in nodes]

    def _defs_for(
        self, n: A.Node, defs: dict[str, A.CommandDef], order: list[A.CommandDef]
    ) -> dict[str, A.CommandDef]:
        """The page's definitions in force at ``n`` (one dict moved to ``n``: used before the next
        call), or in re-parsed text, where ``order`` is empty, ``defs`` as they are."""
        return self._in_force.at(n.span.start) if order else defs

    def node(self, n: A.Node, defs: dict[str, A.CommandDef], order: list[A.CommandDef]) -> A.Node:
        if type(n) in _PARENTS:  # paragraphs, headers, items, cells…: their children's expansion
            assert isinstance(n, A.Parent)
            given = n.children
            if len(given) == 1 and type(one := given[0]) in _PARENTS and _one_inert(one):
                return n  # a list item's paragraph of one text: kept, no call either
            if len(given) > 1 or (given and type(given[0]) not in _INERT):  # one text: kept, no call
                kids = self.nodes(given, defs, order)
                if any(map(is_not, kids, given)):
                    return replace(n, children=tuple(kids))
            return n
        if not isinstance(n, _EXPANDED):  # text, breaks…: most nodes of a page, one test each
            return n
        if isinstance(n, A.Command):
            return self.command(n, self._defs_for(n, defs, order))
        if isinstance(n, A.Environment):
            return self.environment(n, self._defs_for(n, defs, order))
        if isinstance(n, A.Math):
            return self.math(n, self._defs_for(n, defs, order))
        if isinstance(n, A.CodeBlock):
            return self.code_block(n)
        if isinstance(n, A.Link | A.Image) and n.target:
            target = self.nodes(n.target, defs, order)
            if any(a is not b for a, b in zip(target, n.target, strict=True)):
                n = replace(n, target=tuple(target))
        if isinstance(n, A.Parent) and n.children:
            kids = self.nodes(n.children, defs, order)
            if any(map(is_not, kids, n.children)):  # else: nothing expanded
                return replace(n, children=tuple(kids))
        return n

    def _reparse(self, text: str, at: A.Node, defs: dict[str, A.CommandDef], source: str,
                 strip_p: bool = True) -> A.Fragment:
        ctx = self.ctx
        sub = ctx.deeper(defs)
        ctx.spend(len(text), f"'\\{source}'", at.span.start)
        res = parse_text(text, sub, base=None, fixed=at.span, recursive=True, has_mddefs=False)
        if _inert(res.children):  # what most commands make (text): nothing to expand
            return A.Fragment(span=at.span, children=res.children, source=source, strip_p=strip_p)
        inner = Expander(sub, self.rpath, self.root, self.outputs, self.diagnostics, self.evaluates,
                         user_code=self.user_code, page_vars=self.page_vars, variables=self.variables,
                         code=self.code)
        local = defs
        if res.definitions:  # copied only then: a page may use thousands of commands
            local = dict(defs)
            for d in res.definitions:
                local[d.name] = d
        kids = inner.nodes(res.children, local, [])
        return A.Fragment(span=at.span, children=tuple(kids), source=source, strip_p=strip_p)

    # -- commands ------------------------------------------------------------

    def command(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        d = defs.get(c.name)
        if d is not None and not d.is_environment:
            # Franklin stores the definition stripped (``stent`` of its braces)
            return self._reparse(substitute(d.body.strip(), list(c.args)), c, defs, c.name)
        builtin = getattr(self, "cmd_" + c.name, None)
        if builtin is not None:
            before = len(self.ctx.diagnostics)
            node: A.Node = builtin(c, defs)
            if isinstance(node, A.ErrorBlock) and len(self.ctx.diagnostics) == before:
                # Franklin's red paragraph in the page; said here too, so that a build reports it
                self.loss("FC513", f"\\{c.name}: {node.message}", c,
                          "check the path: it is read from the site's files, as Franklin does")
            return node
        fn = LXFUNS.find(c.name) or (self.user_code.lx(c.name) if self.user_code is not None else None)
        raw = "\\" + c.name + "".join("{" + a + "}" for a in c.args)
        if fn is not None:
            try:
                return self._reparse(fn(list(c.args), self), c, defs, c.name)
            except JuliaError as e:
                return self._julia_failure(e, c, f"\\{c.name}", f"lx_{c.name}", raw)
        self.loss(
            "FC410",
            f"'\\{c.name}' is a Julia function (lx_{c.name} in utils.jl) with no Python "
            "replacement; it is kept as written",
            c,
            f"register one with @franklin_compat.lxfun({c.name!r})",
        )
        return A.Unresolved(span=c.span, what=f"lx_{c.name}", raw=raw)

    def environment(self, e: A.Environment, defs: dict[str, A.CommandDef]) -> A.Node:
        d = defs.get(e.name)
        if d is not None and d.is_environment:
            pre = substitute(d.body.strip(), list(e.args))
            post = substitute((d.post or "").strip(), list(e.args))
            return self._reparse(pre + e.body + post, e, defs, e.name)
        if e.name in (
            "equation",
            "equation*",
            "align",
            "align*",
            "aligned",
            "aligned*",
            "eqnarray",
            "eqnarray*",
        ):
            m = A.Math(span=e.span, tex=e.body, display=True, env=e.name, numbered=not e.name.endswith("*"))
            return self.math(m, defs)
        raw = f"\\begin{{{e.name}}}{e.body}\\end{{{e.name}}}"
        fn = self.user_code.env(e.name) if self.user_code is not None else None
        if fn is not None:
            braces, body = _leading_brace(e.body)
            try:
                return self._reparse(fn(body, braces, self), e, defs, e.name)
            except JuliaError as err:
                return self._julia_failure(err, e, f"\\begin{{{e.name}}}", f"env_{e.name}", raw)
        self.loss(
            "FC410",
            f"environment '{e.name}' is a Julia function (env_{e.name} in utils.jl) with no "
            "Python replacement; it is kept as written",
            e,
        )
        return A.Unresolved(span=e.span, what=f"env_{e.name}", raw=raw)

    def _julia_failure(self, e: JuliaError, at: A.Node, what: str, fn: str, raw: str) -> A.Node:
        """What ``utils.jl`` could not do: one diagnostic here, naming its line; the call kept."""
        severity = Severity.ERROR if e.code == "FC803" else Severity.WARNING  # the site's own bug, or ours
        self.loss(e.code, e.summary(f"{what} could not be evaluated"), at,
                  f"the command is kept as written; a Python replacement registered with "
                  f"@franklin_compat.lxfun({fn[3:]!r}) takes priority" if fn.startswith("lx_") else
                  "the environment is kept as written", severity)
        return A.Unresolved(span=at.span, what=fn, raw=raw)

    def math(self, m: A.Math, defs: dict[str, A.CommandDef]) -> A.Math:
        tex = m.tex
        label = m.label
        if m.display and label is None:
            tex, label = display_label(tex)
        if defs:
            tex = self.expand_math(tex, defs, m)
        if tex == m.tex and label == m.label:
            return m
        return replace(m, tex=tex, label=label)

    def expand_math(self, tex: str, defs: dict[str, A.CommandDef], at: A.Node, depth: int = 0) -> str:
        """User commands inside math, expanded in the TeX (unknown ones left for KaTeX)."""
        if depth > MAX_DEPTH:
            raise self.ctx.error(
                "FC105",
                f"commands inside math nested more than {MAX_DEPTH} levels deep",
                at.span.start,
                "a command probably expands into itself; check its definition",
            )
        toks = tokenize(tex, math=True)
        if not any(t.kind == "LX_COMMAND" and _command(defs.get(tex[t.start + 1 : t.end])) for t in toks):
            return tex
        finder = _Finder(tex, toks, lambda tok: self._unclosed_in_math(at))
        braces: dict[int, int] = {}
        finder.nestable("LXB", "LXB_OPEN", "LXB_CLOSE", pairs=braces)
        out: list[str] = []
        head = 0
        for t in toks:
            if t.kind != "LX_COMMAND" or t.start < head:
                continue
            d = defs.get(tex[t.start + 1 : t.end])
            if d is None or d.is_environment:
                continue
            args: list[str] = []
            j = t.end
            for _ in range(d.nargs):
                end = braces.get(j)
                if end is None:
                    raise self.ctx.error(
                        "FC403",
                        f"Command/Environment '\\{d.name}' expects {d.nargs} argument(s) and there should be "
                        "no space(s) between the command name and the first brace",
                        at.span.start,
                    )
                args.append(tex[j + 1 : end - 1])
                j = end
            self.ctx.spend(len(d.body), f"'\\{d.name}'", at.span.start)
            out.append(tex[head : t.start])
            out.append(self.expand_math(substitute(d.body.strip(), args), defs, at, depth + 1))
            head = j
        out.append(tex[head:])
        return "".join(out)

    def _unclosed_in_math(self, at: A.Node) -> Any:
        return self.ctx.error(
            "FC101", "unclosed brace '{' inside math", at.span.start, "add the matching '}'"
        )

    def _report(self, err: FranklinError, at: A.Node) -> None:
        """A file command's error, at the command (raised in strict mode)."""
        self.ctx.report(_at(err, self.ctx, at))

    def loss(
        self, code: str, message: str, at: A.Node, hint: str = "", severity: Severity = Severity.WARNING
    ) -> None:
        line, col = self.ctx.pos(at.span.start)
        self.ctx.diagnostics.append(
            Diagnostic(
                code=code,
                message=message,
                severity=severity,
                path=self.ctx.path,
                line=line,
                col=col,
                hint=hint,
                offset=at.span.start,
            )
        )

    # -- built-in commands (reference §3.10) -----------------------------------

    def cmd_fig(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        return self._figure(c, "", c.args[0])

    def cmd_figalt(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        return self._figure(c, c.args[0], c.args[1])

    def _figure(self, c: A.Command, alt: str, path: str) -> A.Node:
        path = path.strip()
        if is_external(path):
            return A.Image(span=c.span, url=path, alt=alt, franklin=True)
        url = resolve_url(path, self.rpath, code=True)
        if self.root is None:
            return A.Image(span=c.span, url=url, alt=alt, franklin=True)
        try:
            found = find_with_ext(self.root, url, (*IMAGE_EXTS, ".json"))
        except FranklinError as e:
            self.ctx.report(_at(e, self.ctx, c))
            return A.ErrorBlock(span=c.span, message=f"Image matching '{url}' not found.")
        if found is not None and found.endswith(".json"):  # a Plotly figure, saved by the page's code
            return self.plotly(c, found)
        if found is not None:
            return A.Image(span=c.span, url=found, alt=alt, franklin=True)
        head, _, tail = url.rpartition("/")
        # where the page's code writes its figures (Franklin looks there unless the path already
        # names an output folder)
        output = head if head.rpartition("/")[2] == "output" else f"{head}/output"
        saved = self.code.saved_as(tail) if not path.startswith("/") else None
        if saved is not None and saved.endswith(".json"):  # a Plotly figure the page's code saves
            return self.plotly(c, f"{output}/{saved}")
        if saved is not None:  # the page's code makes it: Franklin's build has it there
            self.loss("FC502", f"image '{path}' is made by the page's code (saved as '{saved}'), which is "
                      f"not run here, and the site does not hold it; kept as an <img> of {output}/{saved}", c,
                      "build the site once with Franklin so that __site/assets/…/output/ holds it")
            return A.Image(span=c.span, url=f"{output}/{saved}", alt=alt, franklin=True)
        if (self.root / "__site").is_dir():
            return A.ErrorBlock(span=c.span, message=f"Image matching '{url}' not found.")
        self.loss(
            "FC502",
            f"image '{path}' not found (looked for {url}); kept as an <img>",
            c,
            "add the file under _assets, or it may be produced by Julia code on the page",
        )
        if self.evaluates and not path.startswith("/"):
            url = f"{output}/{tail}"
        return A.Image(span=c.span, url=url, alt=alt, franklin=True)

    def cmd_file(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        url = c.args[1].strip()
        if not is_external(url):
            url = resolve_url(url, self.rpath)
        text = A.Text(span=c.span, text=c.args[0].strip())
        return A.Link(span=c.span, url=url, children=(text,))

    def cmd_style(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        frag = self._reparse(c.args[1].strip(), c, defs, "style")
        kids = frag.children
        if len(kids) == 1 and isinstance(kids[0], A.Paragraph):
            kids = kids[0].children
        return A.Styled(span=c.span, style=c.args[0].strip(), children=kids)

    def cmd_toc(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        return A.Toc(span=c.span)

    cmd_tableofcontents = cmd_toc

    def cmd_label(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        return A.Anchor(span=c.span, id=refstring(c.args[0].strip()))

    def cmd_biblabel(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        return A.Anchor(span=c.span, id=refstring(c.args[0].strip()), name=c.args[1].strip())

    def _reference(self, c: A.Command, style: str) -> A.Node:
        keys = tuple(refstring(k.strip()) for k in c.args[0].split(",") if k.strip())
        return A.Reference(span=c.span, style=style, keys=keys)

    def cmd_eqref(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        return self._reference(c, "eqref")

    def cmd_cite(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        return self._reference(c, "cite")

    cmd_citet = cmd_cite

    def cmd_citep(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        return self._reference(c, "citep")

    def cmd_reflink(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        return A.Text(span=c.span, text="#" + refstring(c.args[0].strip()))

    def cmd_nonumber(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        frag = self._reparse(c.args[0], c, defs, "nonumber")
        return A.Div(span=c.span, classes=("nonumber",), children=frag.children)

    def _read(self, c: A.Command, url: str) -> str | None:
        if self.root is None:
            return None
        try:
            for f in url_to_file(self.root, url):
                if f.is_file():
                    try:
                        return f.read_text(encoding="utf-8", errors="replace")
                    except OSError as e:
                        raise FranklinError(
                            "FC001", f"cannot read {url}: {e.strerror or e}", hint="make the file readable"
                        ) from None
        except FranklinError as e:
            self.ctx.report(_at(e, self.ctx, c))
        return None

    def cmd_input(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        lang, path = c.args[0].strip(), c.args[1].strip()
        if lang.lower().startswith("plot"):  # Franklin lower-cases the qualifier
            return self.plot(c, lang.lower(), path)
        url = resolve_url(path, self.rpath, code=True)
        text = self._read(c, url)
        if text is None and "." not in path.rsplit("/", 1)[-1]:
            text = self._read(c, url + _LANG_EXT.get(lang, "." + lang))
        if text is None:
            return A.ErrorBlock(
                span=c.span,
                message=_NO_INPUT.format(path=path),
            )
        return A.CodeBlock(span=c.span, code=text, lang=lang)

    def cmd_textinput(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        path = c.args[0].strip()
        rel = path if path.rsplit("/", 1)[-1].count(".") else path + ".md"
        text = None
        text = self._read(c, resolve_url(rel, self.rpath))
        if text is None:
            return A.ErrorBlock(
                span=c.span,
                message=_NO_INPUT.format(path=path),
            )
        return self._reparse(text, c, defs, "textinput")

    def cmd_tableinput(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        header, path = c.args[0].strip(), c.args[1].strip()
        url = resolve_url(path, self.rpath)
        text = self._read(c, url)
        if text is None:
            return A.ErrorBlock(span=c.span, message=f"Table matching '{url}' not found.")
        rows = [r for r in csv.reader(io.StringIO(text))]
        if header:
            head = [h.strip() for h in header.split(",")]
            body = rows
        else:
            head, body = (rows[0] if rows else []), rows[1:]
        ncols = len(body[0]) if body else len(head)
        if header and len(head) != ncols:
            return A.ErrorBlock(
                span=c.span,
                message=_TABLE_SIZE.format(head=len(head), ncols=ncols),
            )
        sp = c.span

        def row(cells: list[str], is_head: bool) -> A.TableRow:
            return A.TableRow(
                span=sp,
                head=is_head,
                children=tuple(
                    A.TableCell(span=sp, head=is_head, children=(A.Text(span=sp, text=x),) if x else ())
                    for x in cells
                ),
            )

        return A.Table(
            span=sp,
            aligns=tuple(None for _ in head),
            children=(row(head, True), *(row(r, False) for r in body)),
        )


_NO_INPUT = "Couldn't find a file when trying to resolve an input request with relative path: `{path}`."
_TABLE_SIZE = "In `\\tableinput`: header size ({head}) and number of columns ({ncols}) do not match."
_LANG_EXT = {"julia": ".jl", "python": ".py", "r": ".r", "plaintext": ".txt", "html": ".html", "md": ".md"}


def _at(err: FranklinError, ctx: Context, node: A.Node) -> FranklinError:
    if err.line is not None:
        return err
    line, col = ctx.pos(node.span.start)
    d = replace(err.diagnostic, path=ctx.path, line=line, col=col, offset=node.span.start)
    return type(err)("", "", diagnostic=d)


def _leading_brace(body: str) -> tuple[list[str], str]:
    """``{opts} rest`` → ``(["opts"], " rest")``: the brace right after ``\\begin{name}`` is the
    environment's argument (FranklinUtils' keyword options); none → ``([], body)``."""
    if not body.startswith("{"):
        return [], body
    depth = 0
    for j, ch in enumerate(body):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return [body[1:j]], body[j + 1:]
    return [], body


#: the nodes :meth:`Expander.node` may change (a parent through its children)
_EXPANDED = (A.Command, A.Environment, A.Math, A.CodeBlock, A.Link, A.Image, A.Parent)
#: the node types none of whose nodes is expanded (text, breaks…: most nodes of a page)
_INERT = frozenset(t for t in A.NODE_TYPES.values() if not issubclass(t, _EXPANDED))
#: the node types expanded as their children only (not a link: its target is expanded too)
_PARENTS = frozenset(t for t in A.NODE_TYPES.values()
                     if issubclass(t, A.Parent) and not issubclass(t, A.Link))
#: the nodes whose expansion is their children's
_CONTAINERS = (A.Paragraph, A.Emphasis, A.Heading)


def _one_inert(n: A.Node) -> bool:
    """Whether ``n`` (a parent) has one child, of a type :data:`_INERT`."""
    kids = n.children  # type: ignore[attr-defined]
    return len(kids) == 1 and type(kids[0]) in _INERT


def _inert(nodes: tuple[A.Node, ...]) -> bool:
    """Whether nothing in ``nodes`` is expanded: each is inert, or a paragraph, emphasis… of
    inert ones (a link is not looked into: its target may be)."""
    stack = list(nodes)
    while stack:
        n = stack.pop()
        if type(n) in _INERT:
            continue
        if not isinstance(n, _CONTAINERS):
            return False
        stack += n.children
    return True


def _command(d: A.CommandDef | None) -> bool:
    return d is not None and not d.is_environment
