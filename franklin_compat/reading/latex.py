"""LaTeX-like commands in the text: ``\\newcommand``/``\\newenvironment`` definitions, command
uses and ``\\begin{…}…\\end{…}`` environments (reference §3.9), read for :mod:`.parse`."""

from __future__ import annotations

import re
from typing import Any

from ..core.diagnostics import FranklinSyntaxError
from . import ast as A
from .context import MAX_DEPTH, Context, Parsed, Ranges, SourceText
from .tokens import Token

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
}
MATH_ENVS = frozenset(
    {"equation", "equation*", "align", "align*", "aligned", "aligned*", "eqnarray", "eqnarray*"}
)
#: the token kinds :meth:`LatexReader.latex` reads (the others are skipped before any lookup)
_LX_KINDS = frozenset({"LX_NEWCOMMAND", "LX_NEWENVIRONMENT", "LX_BEGIN", "LX_COMMAND", "LX_END"})


class LatexReader:
    """The command side of :class:`~.parse.Parser` (which provides the attributes used here)."""

    text: str
    src: SourceText
    ctx: Context
    out: Parsed
    local_defs: list[tuple[int, int, A.CommandDef]]
    _def_starts: list[int]
    _defs_by_name: dict[str, list[tuple[int, A.CommandDef]]]
    _env_pairs: dict[int, tuple[Token, int, int]] | None

    def err(self, code: str, msg: str, i: int, hint: str = "") -> FranklinSyntaxError:
        return self.ctx.error(code, msg, self.src.offset(i), hint)

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

    def latex(
        self,
        tokens: list[Token],
        active: list[bool],
        braces: dict[int, int],
        covered: Ranges,
    ) -> list[tuple[int, int, str, Any]]:
        """Definitions, environments and commands, in text order (reference §3.9)."""
        items: list[tuple[int, int, str, Any]] = []
        env_stack_end = -1
        i = 0
        n = len(tokens)
        while i < n:
            t = tokens[i]
            i += 1
            k = t.kind
            if k not in _LX_KINDS or not active[i - 1] or t.start < env_stack_end or covered.inside(t.start):
                continue
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
