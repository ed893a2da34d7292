"""Blocks → AST.

Franklin's own constructs are found by :mod:`blocks`; each one is replaced by a
placeholder, the text in between goes to mistune (configured to own no
Franklin syntax), and mistune's tokens are turned into our nodes with the
placeholders swapped back for the Franklin nodes.  That reproduces where
Franklin's output opens and closes paragraphs (reference §1.1 steps 14–16).

Content that Franklin re-reads (div bodies, header text, footnote text) is
parsed again here, with spans offset into the original file; a nesting budget
bounds how deep that goes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from html import escape as _html_escape
from typing import Any

from mistune.util import escape_url

from ..core.diagnostics import Diagnostic, FranklinError, FranklinSyntaxError, Severity
from ..core.refs import escape_text
from ..core.source import Source, Span
from . import ast as A
from .blocks import CODE_BLOCKS, Block, find_blocks
from .julia_md import (
    LIST_BREAK,
    backslash_breaks,
    close_table_rows,
    end_lists,
    julia_code_runs,
    julia_emphasis,
    julia_links,
    markdown,
    setext_underlines,
)
from .tokens import HEADER_KINDS, Token, footnote_id, tokenize

MAX_DEPTH = 48
_PH_OPEN = "\U000f0000"
_PH_CLOSE = "\U000f0001"
_PH_RE = re.compile(_PH_OPEN + r"(\d+)" + _PH_CLOSE)
# A line mistune would read as a paragraph of plain text: no Markdown character
# anywhere, nothing at its start that opens a block, no entity.
_PLAIN_LINE = re.compile(r"(?![#>+=|~\d-])[^\n*_\[\]!<>`\\|~=-]*")
_PH_TRAILING = re.compile(_PH_OPEN + r"(\d+)" + _PH_CLOSE + r"[ \t]+(?=\n|\Z)")
_PH_ENCODED = re.compile(r"%F3%B0%80%80(\d+)%F3%B0%80%81")

# Built-in commands: name -> number of brace arguments (reference §3.10).
BUILTIN_COMMANDS: dict[str, int] = {
    "fig": 1,
    "figalt": 2,
    "file": 2,
    "style": 2,
    "toc": 0,
    "tableofcontents": 0,
    "label": 1,
    "eqref": 1,
    "cite": 1,
    "citet": 1,
    "citep": 1,
    "biblabel": 2,
    "reflink": 1,
    "input": 2,
    "output": 1,
    "codeoutput": 1,
    "show": 1,
    "textoutput": 1,
    "textinput": 1,
    "tableinput": 2,
    "literate": 1,
    "nonumber": 1,
    "plotoutput": 1,
}
MATH_ENVS = frozenset(
    {"equation", "equation*", "align", "align*", "aligned", "aligned*", "eqnarray", "eqnarray*"}
)
_CHAR_HTML = {
    "CHAR_LINEBREAK": ("\\\\", "<br/>"),
    "CHAR_BACKSPACE": ("\\", "&#92;"),
    "CHAR_ASTERISK": ("*", "&#42;"),
    "CHAR_UNDERSCORE": ("_", "&#95;"),
    "CHAR_BACKTICK": ("`", "&#96;"),
    "CHAR_ATSIGN": ("@", "&#64;"),
}
_CLOSEP = frozenset({*HEADER_KINDS, "DIV", *CODE_BLOCKS, "MATH_B", "MATH_C"})
_HFUN_ARGS = re.compile(r'"[^"]*"|\S+')


@dataclass
class Budget:
    """Shared limit on re-parsing and macro expansion for one conversion.

    A page gets ``steps`` plus one per character, and ``chars`` plus 32 per
    character (``api._context``): the pages of ../shared/corpus use at most 205
    steps and 24 characters per character of the page, and expansion that
    doubles at each level is stopped within a second or two.
    """

    steps: int = 20_000
    chars: int = 20_000_000

    def spend(self, n_chars: int, where: str, *, path: str | None, pos: tuple[int, int] | None) -> None:
        self.steps -= 1
        self.chars -= n_chars
        if self.steps < 0 or self.chars < 0:
            line, col = pos if pos else (None, None)
            raise FranklinError(
                "FC404",
                f"expansion budget exhausted while expanding {where}",
                path=path,
                line=line,
                col=col,
                hint="a command or environment probably expands into itself; check its definition",
            )


@dataclass
class Context:
    """What a parse needs to know beyond its text."""

    source: Source
    path: str | None = None
    defs: dict[str, A.CommandDef] = field(default_factory=dict)
    user_lx: frozenset[str] = frozenset()
    user_env: frozenset[str] = frozenset()
    strict: bool = True
    diagnostics: list[Diagnostic] = field(default_factory=list)
    budget: Budget = field(default_factory=Budget)
    depth: int = 0
    read_vars: Callable[..., Any] | None = None

    def pos(self, offset: int) -> tuple[int, int]:
        return self.source.position(offset)

    def error(self, code: str, message: str, offset: int, hint: str = "") -> FranklinSyntaxError:
        line, col = self.pos(offset)
        return FranklinSyntaxError(
            code, message, path=self.path, line=line, col=col, hint=hint, offset=offset
        )

    def report(self, err: FranklinError) -> None:
        """Raise in strict mode; otherwise record and go on (site builds, checks)."""
        if self.strict:
            raise err
        self.diagnostics.append(err.diagnostic)

    def warn(self, code: str, message: str, offset: int, hint: str = "") -> None:
        line, col = self.pos(offset)
        self.diagnostics.append(
            Diagnostic(
                code=code,
                message=message,
                severity=Severity.WARNING,
                path=self.path,
                line=line,
                col=col,
                hint=hint,
                offset=offset,
            )
        )


@dataclass
class Parsed:
    children: tuple[A.Node, ...]
    vars: list[A.VarAssignment] = field(default_factory=list)
    definitions: list[A.CommandDef] = field(default_factory=list)
    link_defs: list[A.LinkDef] = field(default_factory=list)
    comments: list[A.Comment] = field(default_factory=list)


class _Text:
    """A piece of text to parse and where it sits in the source (or a fixed span)."""

    def __init__(self, text: str, base: int | None, fixed: Span | None):
        self.text = text
        self.base = base
        self.fixed = fixed

    def span(self, start: int, end: int) -> Span:
        if self.base is None:
            assert self.fixed is not None
            return self.fixed
        return Span(self.base + start, self.base + end)

    def offset(self, i: int) -> int:
        if self.base is None:
            assert self.fixed is not None
            return self.fixed.start
        return self.base + i


def parse_text(
    text: str,
    ctx: Context,
    *,
    base: int | None = 0,
    fixed: Span | None = None,
    recursive: bool = False,
    has_mddefs: bool = True,
) -> Parsed:
    """Parse Franklin Markdown ``text`` found at ``base`` in ``ctx.source``
    (or, for synthetic text such as a macro expansion, at ``fixed``)."""
    src = _Text(text, base, fixed)
    if ctx.depth > MAX_DEPTH:
        raise ctx.error(
            "FC105",
            f"constructs nested more than {MAX_DEPTH} levels deep",
            src.offset(0),
            "flatten the nesting of divs, commands or footnotes",
        )
    ctx.budget.spend(len(text), "nested content", path=ctx.path, pos=ctx.pos(src.offset(0)))
    return _Parser(src, ctx, recursive=recursive, has_mddefs=has_mddefs).run()


class _Parser:
    def __init__(self, src: _Text, ctx: Context, *, recursive: bool, has_mddefs: bool):
        self.src = src
        self.text = src.text
        self.ctx = ctx
        self.recursive = recursive
        self.has_mddefs = has_mddefs
        self.out = Parsed(children=())
        self.local_defs: list[tuple[int, int, A.CommandDef]] = []
        self._env_pairs: dict[int, tuple[Token, int, int]] | None = None
        self._def_starts: list[int] = []  # of local_defs, which are in text order
        self._defs_by_name: dict[str, list[tuple[int, A.CommandDef]]] = {}
        self._defs_cache: dict[int, dict[str, A.CommandDef]] = {}

    # -- helpers -------------------------------------------------------------

    def err(self, code: str, msg: str, i: int, hint: str = "") -> FranklinSyntaxError:
        return self.ctx.error(code, msg, self.src.offset(i), hint)

    def child(self, text: str, start: int, *, recursive: bool = True) -> Parsed:
        sub = Context(
            source=self.ctx.source,
            path=self.ctx.path,
            defs=self._defs_at(start),
            user_lx=self.ctx.user_lx,
            user_env=self.ctx.user_env,
            strict=self.ctx.strict,
            diagnostics=self.ctx.diagnostics,
            budget=self.ctx.budget,
            depth=self.ctx.depth + 1,
            read_vars=self.ctx.read_vars,
        )
        base = None if self.src.base is None else self.src.base + start
        res = parse_text(text, sub, base=base, fixed=self.src.fixed, recursive=recursive, has_mddefs=False)
        self.out.link_defs.extend(res.link_defs)
        self.out.comments.extend(res.comments)
        return res

    def _defs_at(self, pos: int) -> dict[str, A.CommandDef]:
        """The definitions in force at ``pos`` (one dict per number of local ones before it,
        shared: nobody writes into a context's ``defs``)."""
        k = bisect_left(self._def_starts, pos)
        defs = self._defs_cache.get(k)
        if defs is None:
            defs = dict(self.ctx.defs)
            for _start, _end, d in self.local_defs[:k]:
                defs[d.name] = d
            self._defs_cache[k] = defs
        return defs

    def lookup(self, name: str, pos: int) -> A.CommandDef | None:
        for start, d in reversed(self._defs_by_name.get(name, ())):
            if start < pos:
                return d
        return self.ctx.defs.get(name)

    def brace_arg(self, braces: dict[int, int], i: int) -> tuple[str, int] | None:
        """The content of the brace group starting exactly at ``i``, and its end."""
        end = braces.get(i)
        if end is None:
            return None
        return self.text[i + 1 : end - 1], end

    # -- the passes ------------------------------------------------------------

    def run(self) -> Parsed:
        text = self.text
        tokens = tokenize(text)
        found = find_blocks(
            text,
            tokens,
            source=self.ctx.source,
            where=self.src.offset,
            path=self.ctx.path,
            recover=None if self.ctx.strict else self.ctx.report,
        )
        nesting, deepest = found.nesting
        if self.ctx.depth + nesting > MAX_DEPTH:
            # said now, not after re-reading the whole text once per level
            raise self.err(
                "FC105",
                f"constructs nested more than {MAX_DEPTH} levels deep",
                deepest,
                "flatten the nesting of divs, commands or footnotes",
            )
        blocks = found.blocks
        covered = _Ranges([(b.start, b.end) for b in blocks])
        items: list[tuple[int, int, str, Any]] = []
        for b in blocks:
            items.append((b.start, b.end, b.name, b))
        lx_items = self.latex(found.tokens, found.active, found.braces, covered)
        items.extend(lx_items)
        items.extend(self.specials(found.tokens, found.active, covered, lx_items))
        items.sort(key=lambda it: (it[0], -it[1]))
        kept: list[tuple[int, int, str, Any]] = []
        cover = -1
        for it in items:
            if it[0] < cover:
                continue
            kept.append(it)
            cover = max(cover, it[1])
        if self.has_mddefs:
            for _s, _e, name, obj in kept:
                if name in ("MD_DEF", "MD_DEF_BLOCK"):
                    self.read_vars(name, obj)
        return self.assemble(kept)

    def latex(
        self,
        tokens: list[Token],
        active: list[bool],
        braces: dict[int, int],
        covered: _Ranges,
    ) -> list[tuple[int, int, str, Any]]:
        """Definitions, environments and commands, in text order (reference §3.9)."""
        items: list[tuple[int, int, str, Any]] = []
        env_stack_end = -1
        i = 0
        n = len(tokens)
        while i < n:
            t = tokens[i]
            i += 1
            if not active[i - 1] or t.start < env_stack_end or covered.inside(t.start):
                continue
            k = t.kind
            if k in ("LX_NEWCOMMAND", "LX_NEWENVIRONMENT"):
                got = self.definition(t, braces, k == "LX_NEWENVIRONMENT")
                if got is not None:
                    d, end = got
                    self.local_defs.append((t.start, end, d))
                    self._def_starts.append(t.start)
                    self._defs_by_name.setdefault(d.name, []).append((t.start, d))
                    items.append((t.start, end, "LXDEF", d))
                    env_stack_end = end
            elif k == "LX_BEGIN":
                env = self.environment(t, tokens, i, braces)
                if env is not None:
                    items.append(env)
                    env_stack_end = env[1]
            elif k == "LX_COMMAND":
                com = self.command(t, braces)
                if com is not None:
                    items.append(com)
                    env_stack_end = com[1]
            elif k == "LX_END":
                name = self.brace_arg(braces, t.end)
                self.ctx.report(
                    self.err(
                        "FC406", f"\\end{{{name[0] if name else ''}}} without a matching \\begin", t.start
                    )
                )
        return items

    def definition(self, t: Token, braces: dict[int, int], env: bool) -> tuple[A.CommandDef, int] | None:
        text = self.text
        what = "\\newenvironment" if env else "\\newcommand"
        got = self.brace_arg(braces, t.end)
        if got is None:
            self.ctx.report(self.err("FC401", f"{what} needs braces: {what}{{name}}…", t.start))
            return None
        raw_name, j = got
        name = raw_name.strip()
        if not env:
            if not re.fullmatch(r"\\[^\W\d][\w*]*", name):
                self.ctx.report(
                    self.err(
                        "FC401",
                        f"bad command name {name!r} in \\newcommand",
                        t.start,
                        "write \\newcommand{\\name}[n]{definition}",
                    )
                )
                return None
            name = name[1:]
        nargs = 0
        m = re.compile(r"[ \t]*\[[ \t]*(\d?)[ \t]*\][ \t]*").match(text, j)
        if m:
            nargs = int(m.group(1) or 0)
            j = m.end()
        elif text[j : j + 1] == "[":
            self.ctx.report(
                self.err(
                    "FC401",
                    "the indication for the number of arguments could not be read. "
                    "Expected '[x]' where 'x' is a number.",
                    j,
                )
            )
            return None
        else:
            while j < len(text) and text[j] in " \t":
                j += 1
        body = self.brace_arg(braces, j)
        if body is None:
            self.ctx.report(
                self.err(
                    "FC401",
                    f"{what} needs {'three' if env else 'two'} {{...}}: the definition is missing",
                    t.start,
                    f"write {what}{{{name}}}[n]{{…}}",
                )
            )
            return None
        post: str | None = None
        end = body[1]
        if env:
            p = self.brace_arg(braces, end)
            while p is None and end < len(text) and text[end] in " \t":
                end += 1
                p = self.brace_arg(braces, end)
            if p is None:
                self.ctx.report(self.err("FC401", "\\newenvironment needs three {...}", t.start))
                return None
            post, end = p
        span = self.src.span(t.start, end)
        return A.CommandDef(span=span, name=name, nargs=nargs, body=body[0], post=post), end

    def _args(
        self, name: str, nargs: int, braces: dict[int, int], j: int, at: int
    ) -> tuple[list[str], int] | None:
        args: list[str] = []
        for _ in range(nargs):
            got = self.brace_arg(braces, j)
            if got is None:
                self.ctx.report(
                    self.err(
                        "FC403",
                        f"Command/Environment '\\{name}' expects {nargs} argument(s) and there should be "
                        "no space(s) between the command name and the first brace",
                        at,
                        f"write \\{name}" + "{…}" * nargs,
                    )
                )
                return None
            args.append(got[0])
            j = got[1]
        return args, j

    def command(self, t: Token, braces: dict[int, int]) -> tuple[int, int, str, Any] | None:
        name = self.text[t.start + 1 : t.end]
        d = self.lookup(name, t.start)
        if d is not None and not d.is_environment:
            nargs = d.nargs
        elif name in BUILTIN_COMMANDS:
            nargs = BUILTIN_COMMANDS[name]
        elif name in self.ctx.user_lx:
            nargs = 1
        else:
            self.ctx.report(
                self.err(
                    "FC402",
                    f"Command or environment '\\{name}' was used before it was defined.",
                    t.start,
                    f"define it with \\newcommand{{\\{name}}}{{…}} (in config.md for every page)",
                )
            )
            return None
        got = self._args(name, nargs, braces, t.end, t.start)
        if got is None:
            return None
        args, end = got
        node = A.Command(span=self.src.span(t.start, end), name=name, args=tuple(args))
        return (t.start, end, "LXCOM", node)

    def environment(
        self, t: Token, tokens: list[Token], i: int, braces: dict[int, int]
    ) -> tuple[int, int, str, Any] | None:
        text = self.text
        got = self.brace_arg(braces, t.end)
        if got is None:
            self.ctx.report(self.err("FC403", "\\begin needs a brace: \\begin{name}", t.start))
            return None
        name, j = got[0].strip(), got[1]
        if self._env_pairs is None:
            self._env_pairs = _match_environments(self.text, tokens, braces)
        end_tok, deepest, deepest_at = self._env_pairs.get(i - 1, (None, 1, t.start))
        if end_tok is None:
            self.ctx.report(
                self.err(
                    "FC101",
                    f"unclosed environment: \\begin{{{name}}} has no \\end{{{name}}}",
                    t.start,
                    f"add \\end{{{name}}}",
                )
            )
            return None
        close_end = braces[end_tok.end]
        d = self.lookup(name, t.start)
        if d is not None and d.is_environment and self.ctx.depth + deepest > MAX_DEPTH:
            # each level's body is parsed again: said now, not after re-reading it once per level
            raise self.err(
                "FC105",
                f"environment '{name}' nested more than {MAX_DEPTH} levels deep",
                deepest_at,
                "flatten the nesting of divs, commands or environments",
            )
        if d is not None and d.is_environment:
            got2 = self._args(name, d.nargs, braces, j, t.start)
            if got2 is None:
                return None
            args, j = got2
            node: A.Node = A.Environment(
                span=self.src.span(t.start, close_end),
                name=name,
                args=tuple(args),
                body=text[j : end_tok.start],
            )
        elif name in MATH_ENVS or name in self.ctx.user_env:
            node = A.Environment(
                span=self.src.span(t.start, close_end), name=name, body=text[j : end_tok.start]
            )
        else:
            self.ctx.report(
                self.err(
                    "FC402",
                    f"Command or environment '{name}' was used before it was defined.",
                    t.start,
                    f"define it with \\newenvironment{{{name}}}{{…}}{{…}}",
                )
            )
            # lenient: the whole environment stays visible as written, and its body (written
            # for the missing definition) is not reported again command by command
            node = A.Unresolved(span=self.src.span(t.start, close_end), what=f"env_{name}",
                                raw=text[t.start:close_end])
        return (t.start, close_end, "LXENV", node)

    def specials(
        self,
        tokens: list[Token],
        active: list[bool],
        covered: _Ranges,
        lx_items: list[tuple[int, int, str, Any]],
    ) -> list[tuple[int, int, str, Any]]:
        text = self.text
        lx = _Ranges([(s, e) for s, e, _, _ in lx_items])
        out: list[tuple[int, int, str, Any]] = []
        for i, t in enumerate(tokens):
            k = t.kind
            if k not in _SPECIAL_KINDS or not active[i] or covered.inside(t.start) or lx.inside(t.start):
                continue
            if k in _CHAR_HTML:
                ch, html = _CHAR_HTML[k]
                node: A.Node = (
                    A.LineBreak(span=self.src.span(t.start, t.end))
                    if k == "CHAR_LINEBREAK"
                    else A.Escape(span=self.src.span(t.start, t.end), char=ch, html=html)
                )
            elif k == "ENTITY":
                ent = text[t.start : t.end]
                node = A.Escape(span=self.src.span(t.start, t.end), char=ent, html=ent)
            elif k == "EMOJI":
                from .emoji import EMOJI

                name = text[t.start + 1 : t.end - 1]
                char = EMOJI.get(name)
                if char is None:
                    continue
                node = A.Escape(span=self.src.span(t.start, t.end), char=char, html=char)
            elif k == "FOOTNOTE_REF":
                fid = footnote_id(text[t.start : t.end])
                if fid is None:
                    continue
                node = A.FootnoteRef(span=self.src.span(t.start, t.end), id=fid)
            elif k == "JULIA_FOOTNOTE":  # Julia's Markdown footnote link (``Footnote(id, nothing)``)
                raw = text[t.start : t.end]
                fid = _html_escape(raw[2:-1], quote=True)
                link = f'<a href="#footnote-{fid}" class="footnote">[{fid}]</a>'
                node = A.Escape(span=self.src.span(t.start, t.end), char=raw, html=link)
            else:  # HORIZONTAL_RULE
                node = A.ThematicBreak(span=self.src.span(t.start, t.end))
            out.append((t.start, t.end, k, node))
        return out

    # -- assembly --------------------------------------------------------------

    def assemble(self, items: list[tuple[int, int, str, Any]]) -> Parsed:
        text = self.text
        inter: list[str] = []
        segments: list[tuple[int, int]] = []  # (inter offset, text offset) of copied stretches
        inserts: list[A.Node] = []
        ipos = 0
        head = 0
        for start, end, name, obj in items:
            if head < start:
                segments.append((ipos, head))
                piece = text[head:start]
                inter.append(piece)
                ipos += len(piece)
            head = end
            if name in _EATS_NEWLINE and text[end : end + 1] == "\n":
                head = end + 1
            node = self.block_node(name, obj)
            if node is None:
                continue
            ph = f"{_PH_OPEN}{len(inserts)}{_PH_CLOSE}"
            inserts.append(node)
            closep = name in _CLOSEP or (name == "LXENV" and not self.recursive)
            piece = f"\n\n{ph}\n\n" if closep else ph
            inter.append(piece)
            ipos += len(piece)
        if head < len(text):
            segments.append((ipos, head))
            inter.append(text[head:])
        joined = "".join(inter)
        # "<p>X </p>": an insert followed by spaces at the end of its line keeps its <p>
        keeps_p = {id(inserts[int(m.group(1))]) for m in _PH_TRAILING.finditer(joined)}
        md_text = close_table_rows(julia_links(backslash_breaks(setext_underlines(end_lists(joined)))))
        indented = any(v.name == "indented_code" and v.value is True for v in self.out.vars)
        if not indented and ("\n    " in md_text or "\n\t" in md_text or md_text.startswith(("    ", "\t"))):
            md_text = self.julia_code_paragraphs(md_text, inserts)
        loc = _Locator(md_text, segments, self.src)
        children = _MdConverter(inserts, loc, keeps_p).document(md_text, indented_code=indented)
        self.out.children = tuple(children)
        self.out.definitions = [d for _s, _e, d in self.local_defs]
        return self.out

    def julia_code_paragraphs(self, md_text: str, inserts: list[A.Node]) -> str:
        """Julia's Markdown reads a block of 4-space indented lines as code; Franklin
        turns that code back into a paragraph of its literal text (no inline
        Markdown, line breaks kept), with the Franklin blocks inside it plugged in.
        Each such block becomes one placeholder standing alone."""
        runs = julia_code_runs(md_text)
        if not runs:
            return md_text
        lines = md_text.split("\n")
        span = self.src.span(0, 0)
        for first, end, code in reversed(runs):
            parts: list[A.Node] = []
            pos = 0
            for m in _PH_RE.finditer(code):
                if m.start() > pos:
                    piece = code[pos : m.start()]
                    parts.append(A.Escape(span=span, char=piece, html=escape_text(piece)))
                parts.append(inserts[int(m.group(1))])
                pos = m.end()
            if pos < len(code):
                piece = code[pos:]
                parts.append(A.Escape(span=span, char=piece, html=escape_text(piece)))
            only = [p for p in parts if not (isinstance(p, A.Escape) and not p.char.strip())]
            node: A.Node
            if len(only) == 1 and not isinstance(only[0], A.Escape):
                node = only[0]  # "<p> ##FDINSERT##</p>": the block alone, no paragraph
            else:
                node = A.Paragraph(span=span, children=tuple(parts))
            ph = f"{_PH_OPEN}{len(inserts)}{_PH_CLOSE}"
            inserts.append(node)
            lines[first:end] = ["", ph, ""]
        return "\n".join(lines)

    def block_node(self, name: str, obj: Any) -> A.Node | None:
        if not isinstance(obj, Block):
            if name == "LXDEF":
                return None
            node: A.Node = obj
            return node
        b = obj
        text = self.text
        span = self.src.span(b.start, b.end)
        inner = text[b.inner_start : b.inner_end]
        if name == "COMMENT":
            self.out.comments.append(A.Comment(span=span, text=inner))
            return None
        if name in ("MD_DEF", "MD_DEF_BLOCK"):
            return None
        if name == "LINK_DEF":
            line = text[b.start : b.end]
            label, _, url = line.partition("]: ")
            link_def = A.LinkDef(span=span, label=label.strip()[1:], url=url.strip())
            self.out.link_defs.append(link_def)
            return link_def  # stays in the flow: Franklin renders it as an empty insert
        if name in HEADER_KINDS:
            res = self.child(inner, b.inner_start)
            return A.Heading(span=span, level=int(name[1]), children=_unwrap(res.children))
        if name == "CODE_INLINE":
            return A.CodeSpan(span=span, code=inner.strip())
        if name in CODE_BLOCKS:
            return self.code_block(b, span)
        if name == "ESCAPE":
            return A.RawHtml(span=span, html=inner)
        if name == "FOOTNOTE_DEF":
            fid = footnote_id(text[b.open.start : b.open.end]) or ""
            res = self.child(inner, b.inner_start)
            return A.FootnoteDef(span=span, id=fid, children=_unwrap(res.children))
        if name == "DBB":
            raw = text[b.start : b.end]
            words = _HFUN_ARGS.findall(raw[2:-2])
            return A.HFunCall(
                span=span,
                name=words[0] if words else "",
                args=tuple(
                    w[1:-1] if w.startswith('"') and w.endswith('"') and len(w) > 1 else w for w in words[1:]
                ),
                raw=raw,
            )
        if name == "DIV":
            classes = tuple(c for c in text[b.open.start + 2 : b.open.end].split(",") if c)
            body = text[b.inner_start : b.inner_end]
            lead = len(body) - len(body.lstrip())
            res = self.child(body.strip(), b.inner_start + lead, recursive=True)
            return A.Div(span=span, classes=classes, children=res.children)
        if name == "MATH_A":
            return A.Math(span=span, tex=inner, display=False)
        if name in ("MATH_B", "MATH_C"):
            return A.Math(span=span, tex=inner, display=True)
        if name == "MATH_I":
            return A.Math(span=span, tex=inner, display=False, env="internal")
        return None

    def code_block(self, b: Block, span: Span) -> A.CodeBlock:
        text = self.text
        open_text = text[b.open.start : b.open.end]
        fence = open_text[: len(open_text) - len(open_text.lstrip("`"))]
        info = open_text[len(fence) :]
        code = text[b.inner_start : b.inner_end]
        shortcut = None
        lang: str | None = None
        name: str | None = None
        if b.name == "CODE_BLOCK!":
            shortcut = info[:1]
            lang = "julia"
        elif b.name == "CODE_BLOCK_LANG":
            lang, _, rest = info.partition(":")
            name = rest or None
        return A.CodeBlock(span=span, code=code, lang=lang, name=name, fence=fence, shortcut=shortcut)

    def read_vars(self, name: str, b: Block) -> None:
        reader = self.ctx.read_vars
        if reader is None:
            return
        text = self.text
        if name == "MD_DEF":
            body = text[b.open.end : b.end]
            start = b.open.end
        else:
            body = text[b.inner_start : b.inner_end]
            start = b.inner_start
        assignments, diags = reader(name, body, self.src.offset(start), self.ctx)
        for d in diags:
            if d.severity is Severity.ERROR and self.ctx.strict:
                raise FranklinSyntaxError("", "", diagnostic=d)
            self.ctx.diagnostics.append(d)
        form = "def" if name == "MD_DEF" else "toml"
        for a in assignments:
            self.out.vars.append(
                A.VarAssignment(span=a.span, name=a.name, value=a.value, text=a.text, form=form)
            )


def _match_environments(
    text: str, tokens: list[Token], braces: dict[int, int]
) -> dict[int, tuple[Token, int, int]]:
    """For each ``\\begin{name}`` token index: its ``\\end{name}`` token, how deep environments of
    that name nest inside it (itself included) and where the deepest opens.

    One stack per name over the whole text: the pair of a ``\\begin`` is the first
    ``\\end`` of its name where the count of that name is back to zero, as a scan
    from it would find, but found for all of them in one pass (linear, even when
    thousands are never closed).
    """
    stacks: dict[str, list[list[int]]] = {}
    pairs: dict[int, tuple[Token, int, int]] = {}
    for k, u in enumerate(tokens):
        if u.kind not in ("LX_BEGIN", "LX_END"):
            continue
        end = braces.get(u.end)
        if end is None:
            continue
        stack = stacks.setdefault(text[u.end + 1 : end - 1].strip(), [])
        if u.kind == "LX_BEGIN":
            stack.append([k, 1, u.start])  # token index, depth inside, where the deepest opens
        elif stack:
            b, deepest, at = stack.pop()
            pairs[b] = (u, deepest, at)
            if stack and deepest + 1 > stack[-1][1]:
                stack[-1][1], stack[-1][2] = deepest + 1, at
    return pairs


# Blocks closed by the end of their line take the line break with them (Franklin's
# closing token is part of the block), so the next line joins the same paragraph;
# a \newcommand line keeps its line break.
_EATS_NEWLINE = frozenset({"MD_DEF", "MD_DEF_BLOCK", "LINK_DEF", "FOOTNOTE_DEF"})
_SPECIAL_KINDS = frozenset(
    {*_CHAR_HTML, "ENTITY", "EMOJI", "FOOTNOTE_REF", "JULIA_FOOTNOTE", "HORIZONTAL_RULE"}
)


def _unwrap(children: tuple[A.Node, ...]) -> tuple[A.Node, ...]:
    """Recursive conversions drop the outer ``<p>`` of a single paragraph."""
    if len(children) == 1 and isinstance(children[0], A.Paragraph):
        return children[0].children
    return children


class _Ranges:
    """Is an offset strictly inside one of some sorted ranges?  Queries may go in any order."""

    def __init__(self, ranges: list[tuple[int, int]]):
        self.starts = [r[0] for r in ranges]
        self.ends = [r[1] for r in ranges]

    def inside(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and self.starts[k] <= pos < self.ends[k]


class _Locator:
    """Maps text found in the placeholder text back to spans of the source."""

    WINDOW = 4000

    def __init__(self, md_text: str, segments: list[tuple[int, int]], src: _Text):
        self.md = md_text
        self.seg_inter = [s[0] for s in segments]
        self.seg_text = [s[1] for s in segments]
        self.src = src
        self.cursor = 0

    def _orig(self, q: int) -> int:
        k = bisect_right(self.seg_inter, q) - 1
        if k < 0:
            return 0
        return self.seg_text[k] + (q - self.seg_inter[k])

    def here(self) -> Span:
        o = self._orig(self.cursor)
        return self.src.span(o, o)

    def image_label(self, flat: str) -> str:
        """The text between the next ``![`` and its ``]`` as written: Julia's Markdown
        keeps an image's alt text verbatim (no emphasis: ``*`` and ``_`` stay).  Used
        when it is ``flat`` (mistune's reading) once those are left out on both sides."""
        q = self.md.find("![", self.cursor, self.cursor + self.WINDOW)
        if q == -1:
            return flat
        text = self.md
        end = q + 2
        depth = 0
        while end < len(text) and end - q < self.WINDOW:
            c = text[end]
            if c == "\\":
                end += 2
                continue
            if c == "[":
                depth += 1
            elif c == "]":
                if depth == 0:
                    break
                depth -= 1
            end += 1
        raw = text[q + 2 : end]
        if raw != flat and _unstarred(raw) == _unstarred(flat):
            return raw
        return flat

    def destination(self, encoded: str) -> tuple[str, Span]:
        """The link destination as written (mistune percent-encodes it), and its span.

        The next ``](`` after the cursor is read; if encoding what it holds gives
        mistune's value, that is the author's text.
        """
        q = self.md.find("](", self.cursor, self.cursor + self.WINDOW)
        if q != -1:
            start = q + 2
            end = start
            depth = 0
            text = self.md
            while end < len(text) and end - start < self.WINDOW:
                c = text[end]
                if c == "(":
                    depth += 1
                elif c == ")":
                    if depth == 0:
                        break
                    depth -= 1
                elif c in " \t\n":
                    break
                end += 1
            angled = False
            if text.startswith("<", start):  # ``](<url with spaces>)`` (``julia_links``)
                gt = text.find(">", start)
                while gt > 0 and text[gt - 1] == "\\":
                    gt = text.find(">", gt + 1)
                if gt > 0:
                    end, angled = gt + 1, True
            raw = text[start:end].strip("<>")
            if angled:
                raw = re.sub(r"\\([\\<>])", r"\1", raw)
            if raw and escape_url(raw) == encoded:
                self.cursor = end
                return raw, self.src.span(self._orig(start), self._orig(end - 1) + 1)
        return encoded, self.find(encoded)

    def find(self, needle: str) -> Span:
        if not needle:
            return self.here()
        q = self.md.find(needle, self.cursor, self.cursor + self.WINDOW + len(needle))
        if q == -1:
            return self.here()
        self.cursor = q + len(needle)
        return self.src.span(self._orig(q), self._orig(q + len(needle) - 1) + 1)


def _cover(spans: list[Span], fallback: Span) -> Span:
    if not spans:
        return fallback
    return Span(min(s.start for s in spans), max(s.end for s in spans))


class _MdConverter:
    """mistune's token dicts → our nodes, placeholders → the Franklin nodes."""

    def __init__(self, inserts: list[A.Node], loc: _Locator, keeps_p: set[int] | None = None):
        self.inserts = inserts
        self.insert_ids = {id(x) for x in inserts}
        self.keeps_p = keeps_p or set()
        self.loc = loc

    def document(self, md_text: str, *, indented_code: bool = False) -> list[A.Node]:
        plain = md_text.strip()
        if not plain:
            return []
        if _PLAIN_LINE.fullmatch(plain):  # one line of plain text (most header texts): no Markdown to read
            node = self.block({"type": "paragraph", "children": [{"type": "text", "raw": plain}]}, False)
            return [] if node is None else node if isinstance(node, list) else [node]
        with julia_emphasis():
            tokens, _state = markdown(indented_code).parse(md_text)
        assert isinstance(tokens, list)
        return self.blocks(tokens)

    def blocks(self, toks: list[dict[str, Any]], *, in_list: bool = False) -> list[A.Node]:
        """``in_list``: the blocks of a list item, whose first paragraph follows ``<li>``
        (Franklin's insert pattern ``(?<!<li>)<p>`` keeps that one's ``<p>``)."""
        out: list[A.Node] = []
        for t in toks:
            node = self.block(t, in_list)
            if node is None:
                continue
            in_list = False
            if isinstance(node, list):
                out.extend(node)
            else:
                out.append(node)
        return out

    def block(self, t: dict[str, Any], in_list: bool) -> A.Node | list[A.Node] | None:
        typ = t["type"]
        loc = self.loc
        if typ == "blank_line":
            return None
        if typ in ("paragraph", "block_text"):
            parts = t.get("children", [])
            if len(parts) == 1 and parts[0].get("raw", "").strip() == LIST_BREAK:
                return None  # where Julia's Markdown ended a list (``end_lists``)
            kids = self.inlines(t.get("children", []))
            lone = _lone_insert(kids, self.insert_ids)
            if lone is not None and not in_list and id(lone) not in self.keeps_p:
                return lone
            return A.Paragraph(span=_cover([k.span for k in kids], loc.here()), children=tuple(kids))
        if typ == "heading":
            kids = self.inlines(t.get("children", []))
            return A.Heading(
                span=_cover([k.span for k in kids], loc.here()),
                level=t["attrs"]["level"],
                children=tuple(kids),
                anchor=False,
            )
        if typ == "admonition":
            attrs = t["attrs"]
            title = A.Paragraph(
                span=loc.here(), classes=("admonition-title",), children=tuple(self.split(attrs["title"]))
            )
            kids = self.blocks(t.get("children", []))
            return A.Div(
                span=_cover([k.span for k in kids], loc.here()),
                classes=("admonition", attrs["kind"]),
                children=(title, *kids),
            )
        if typ == "thematic_break":
            return A.ThematicBreak(span=loc.here())
        if typ == "block_quote":
            kids = self.blocks(t.get("children", []))
            return A.BlockQuote(span=_cover([k.span for k in kids], loc.here()), children=tuple(kids))
        if typ == "list":
            attrs = t.get("attrs", {})
            items: list[A.Node] = []
            for it in t.get("children", []):
                kids = self.blocks(it.get("children", []), in_list=True)
                items.append(
                    A.ListItem(span=_cover([k.span for k in kids], loc.here()), children=tuple(kids))
                )
            return A.List(
                span=_cover([k.span for k in items], loc.here()),
                ordered=bool(attrs.get("ordered")),
                start=int(attrs.get("start") or 1),
                tight=bool(t.get("tight", True)),
                bullet=str(t.get("bullet", "-")),
                children=tuple(items),
            )
        if typ == "table":
            rows: list[A.Node] = []
            aligns: tuple[str | None, ...] = ()
            for part in t.get("children", []):
                if part["type"] == "table_head":
                    cells = [self.cell(c) for c in part.get("children", [])]
                    aligns = tuple(c.align for c in cells)
                    rows.append(
                        A.TableRow(
                            span=_cover([c.span for c in cells], loc.here()), head=True, children=tuple(cells)
                        )
                    )
                else:
                    for r in part.get("children", []):
                        cells = [self.cell(c) for c in r.get("children", [])]
                        rows.append(
                            A.TableRow(
                                span=_cover([c.span for c in cells], loc.here()), children=tuple(cells)
                            )
                        )
            return A.Table(
                span=_cover([r.span for r in rows], loc.here()), aligns=aligns, children=tuple(rows)
            )
        if typ == "block_code":
            raw = t.get("raw", "")
            return A.CodeBlock(span=loc.find(raw), code=self.plain(raw), fence="    ")
        if typ == "block_html":
            raw = t.get("raw", "")
            return A.Paragraph(
                span=loc.find(raw), children=(A.InlineHtml(span=loc.here(), html=self.plain(raw)),)
            )
        kids = self.inlines(t.get("children", [])) if "children" in t else self.split(t.get("raw", ""))
        return A.Paragraph(span=_cover([k.span for k in kids], loc.here()), children=tuple(kids))

    def cell(self, c: dict[str, Any]) -> A.TableCell:
        kids = self.inlines(c.get("children", []))
        attrs = c.get("attrs", {})
        return A.TableCell(
            span=_cover([k.span for k in kids], self.loc.here()),
            align=attrs.get("align"),
            head=bool(attrs.get("head")),
            children=tuple(kids),
        )

    def split(self, raw: str) -> list[A.Node]:
        """Text with placeholders → Text nodes and the Franklin nodes they stand for."""
        out: list[A.Node] = []
        pos = 0
        for m in _PH_RE.finditer(raw):
            if m.start() > pos:
                piece = raw[pos : m.start()]
                out.append(A.Text(span=self.loc.find(piece), text=piece))
            k = int(m.group(1))
            if k < len(self.inserts):
                out.append(self.inserts[k])
                self.loc.find(m.group(0))
            pos = m.end()
        if pos < len(raw):
            piece = raw[pos:]
            out.append(A.Text(span=self.loc.find(piece), text=piece))
        return out

    def target(self, raw: str) -> tuple[A.Node, ...]:
        """A destination holding Franklin constructs, as nodes (their rendering is the URL)."""
        if "%F3%B0%80%80" in raw:
            raw = _PH_ENCODED.sub(lambda m: f"{_PH_OPEN}{m.group(1)}{_PH_CLOSE}", raw)
        if _PH_OPEN not in raw:
            return ()
        return tuple(self.split(raw))

    def plain(self, raw: str) -> str:
        """Placeholders inside a URL or alt text: the source text they replaced
        (mistune percent-encodes them inside URLs)."""
        if "%F3%B0%80%80" in raw:
            raw = _PH_ENCODED.sub(lambda m: f"{_PH_OPEN}{m.group(1)}{_PH_CLOSE}", raw)
        return _PH_RE.sub(lambda m: _plain_text(self.inserts[int(m.group(1))]), raw)

    def inlines(self, toks: list[dict[str, Any]]) -> list[A.Node]:
        out: list[A.Node] = []
        loc = self.loc
        for t in toks:
            typ = t["type"]
            if typ == "text":
                out.extend(self.split(t.get("raw", "")))
            elif typ in ("emphasis", "strong"):
                kids = self.inlines(t.get("children", []))
                out.append(
                    A.Emphasis(
                        span=_cover([k.span for k in kids], loc.here()),
                        children=tuple(kids),
                        strong=typ == "strong",
                    )
                )
            elif typ == "link":
                attrs = t.get("attrs", {})
                kids = self.inlines(t.get("children", []))
                raw, uspan = loc.destination(attrs.get("url", ""))
                out.append(
                    A.Link(
                        span=_cover([k.span for k in kids] + [uspan], loc.here()),
                        url=self.plain(raw),
                        title=attrs.get("title"),
                        children=tuple(kids),
                        target=self.target(raw),
                    )
                )
            elif typ == "image":
                attrs = t.get("attrs", {})
                alt = self.plain(loc.image_label("".join(_flat_text(t.get("children", [])))))
                aspan = loc.find(alt)
                raw, uspan = loc.destination(attrs.get("url", ""))
                out.append(
                    A.Image(
                        span=_cover([aspan, uspan], loc.here()),
                        url=self.plain(raw),
                        alt=alt,
                        target=self.target(raw),
                    )
                )
            elif typ == "codespan":
                out.append(A.CodeSpan(span=loc.find(t.get("raw", "")), code=t.get("raw", "")))
            elif typ == "linebreak":
                out.append(A.LineBreak(span=loc.here(), franklin=False))
            elif typ == "softbreak":
                out.append(A.SoftBreak(span=loc.here()))
            elif typ == "inline_html":
                raw = t.get("raw", "")
                out.append(A.InlineHtml(span=loc.find(raw), html=self.plain(raw)))
            else:
                out.extend(self.split(t.get("raw", "")))
        return out


def _flat_text(toks: list[dict[str, Any]]) -> list[str]:
    out: list[str] = []
    stack = list(reversed(toks))
    while stack:
        t = stack.pop()
        if "raw" in t:
            out.append(t["raw"])
        stack.extend(reversed(t.get("children", [])))
    return out


def _plain_text(node: A.Node) -> str:
    for attr in ("tex", "code", "html", "raw", "char", "text"):
        v = getattr(node, attr, None)
        if isinstance(v, str):
            return v
    return ""


def _lone_insert(kids: list[A.Node], insert_ids: set[int]) -> A.Node | None:
    """The one Franklin node a paragraph consists of (Franklin then drops the ``<p>``)."""
    found: A.Node | None = None
    for k in kids:
        if isinstance(k, A.Text) and not k.text.strip():
            continue
        if isinstance(k, A.SoftBreak):
            continue
        if found is not None or id(k) not in insert_ids:
            return None
        found = k
    return found


_REFLINK = re.compile(r"(!?)\[([^\[\]]+)\](?:\[([^\[\]]*)\])?")
_MARK = 0xF0100  # private-use code points standing for non-text nodes while matching


def resolve_reflinks(doc: A.Document) -> A.Document:
    """``[id]``, ``[text][id]``, ``![alt][id]`` in text → links/images (reference §3.15).

    Franklin rewrites the escaped brackets at the html stage; we do it on the
    tree, across inline nodes (``[`code`][]`` works).  An id is compared with
    the definition's label as written.  Unknown ids stay as text; ``![text][id]``
    takes ``id`` as its alt, as Franklin does.
    """
    urls = {d.label: d.url for d in doc.link_defs}
    text = doc.source.text if doc.source is not None else ""

    def fix(nodes: tuple[A.Node, ...]) -> tuple[A.Node, ...]:
        if any(isinstance(n, A.Text) and "[" in n.text for n in nodes):
            nodes = _link_run(nodes, urls, text)
        out: list[A.Node] = []
        for n in nodes:
            if isinstance(n, A.Parent) and n.children and not isinstance(n, A.Link):
                out.append(replace(n, children=fix(n.children)))
            else:
                out.append(n)
        return tuple(out)

    return replace(doc, children=fix(doc.children))


def _link_run(nodes: tuple[A.Node, ...], urls: dict[str, str], source: str) -> tuple[A.Node, ...]:
    """Rewrite reference links in a run of inline nodes.

    Text is matched with non-text nodes replaced by one private-use character
    each; a match is rebuilt from the nodes it covers.
    """
    flat: list[str] = []
    owner: list[tuple[int, int]] = []  # per character: (node index, offset in its text)
    for i, n in enumerate(nodes):
        if isinstance(n, A.Text):
            flat.append(n.text)
            owner.extend((i, k) for k in range(len(n.text)))
        else:
            flat.append(chr(_MARK + i))
            owner.append((i, -1))
    joined = "".join(flat)

    def label_of(lo: int, hi: int) -> str:
        """The bracket content as written in the source (for code, math… inside)."""
        out = []
        for k in range(lo, hi):
            i, offset = owner[k]
            if offset < 0:  # a node's mark (the page's own text may hold such characters too)
                n = nodes[i]
                out.append(source[n.span.start : n.span.end] if source else "")
            else:
                out.append(joined[k])
        return "".join(out)

    result: list[A.Node] = []
    pos = 0
    for m in _REFLINK.finditer(joined):
        bang, second = m.group(1), m.group(3)
        first = label_of(m.start(2), m.end(2))
        key = label_of(m.start(3), m.end(3)) if second else first
        if key not in urls:
            continue
        result.extend(_slice_nodes(nodes, owner, pos, m.start()))
        span = nodes[owner[m.start()][0]].span
        if bang:
            result.append(A.Image(span=span, url=urls[key], alt=key, franklin=True))
        else:
            inner = tuple(_slice_nodes(nodes, owner, m.start(2), m.end(2)))
            result.append(A.Link(span=span, url=urls[key], children=inner))
        pos = m.end()
    if pos == 0:
        return nodes
    result.extend(_slice_nodes(nodes, owner, pos, len(joined)))
    return tuple(result)


def _slice_nodes(nodes: tuple[A.Node, ...], owner: list[tuple[int, int]], lo: int, hi: int) -> list[A.Node]:
    """The nodes covering characters ``[lo, hi)`` of the joined text (text nodes cut)."""
    out: list[A.Node] = []
    k = lo
    while k < hi:
        i, off = owner[k]
        n = nodes[i]
        if off < 0:
            out.append(n)
            k += 1
            continue
        assert isinstance(n, A.Text)
        end = k
        while end < hi and owner[end][0] == i:
            end += 1
        piece = n.text[off : off + (end - k)]
        if piece:
            out.append(A.Text(span=n.span, text=piece))
        k = end
    return out


def _unstarred(text: str) -> str:
    """Text without the emphasis markers mistune would have read as emphasis."""
    return text.replace("_", "").replace("*", "")
