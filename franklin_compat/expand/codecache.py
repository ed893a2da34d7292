"""What Franklin cached for evaluated code, and whether a block may use it.

Franklin runs a page's evaluated blocks (```` ```julia:NAME ````, ```` ```! ```` and its
siblings, the blocks of ``\\literate``) and keeps, for each, the code it ran and what it
printed (``src/eval/codeblock.jl``, ``src/eval/io.jl``)::

    /assets/<page>/code/NAME.jl           "# This file was generated, do not modify it. # hide\\n" + code
    /assets/<page>/code/output/NAME.out   what the code printed
    /assets/<page>/code/output/NAME.res   the value of its last expression, as ``show`` writes it

We cannot run Julia, so each evaluated block ends in exactly one :class:`Outcome`: the
cached output is *used*, it is *stale* (Franklin's script file holds other code), or it
is *missing*.  :class:`PageCode` decides it, block by block, for one page.
"""

from __future__ import annotations

import enum
import posixpath
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.diagnostics import Diagnostic, FranklinPathError
from ..reading import ast as A
from .literate import JULIA_SPACE

#: Franklin's ``MESSAGE_FILE_GEN_FMD``: the first line of every ``code/NAME.jl``.
SCRIPT_HEADER = "# This file was generated, do not modify it. # hide\n"
#: Shortcut fences: ``!`` runs the code and shows its result; the REPL, shell, pkg and help
#: modes build their HTML while Julia runs, and cache only part of it.
REPL_MODES = {">": "REPL", ";": "shell", "]": "pkg", "?": "help"}
_SANDBOX = re.compile(r"Main\.FD_SANDBOX_[0-9]+\.")
#: a file the code writes into the page's output folder: ``savefig(joinpath(@OUTPUT, "g1.svg"))``
_SAVED = re.compile(r'joinpath\(\s*@OUTPUT\s*,\s*"([^"\\\n]{1,255})"\s*\)')


class Outcome(enum.Enum):
    """How an evaluated block ends: its cached output shown, shown although stale, or absent."""

    USED = "used"
    STALE = "stale"
    MISSING = "missing"


#: The diagnostic code recorded for each outcome (one per evaluated block).
OUTCOME_CODES = {Outcome.USED: "FC414", Outcome.STALE: "FC415", Outcome.MISSING: "FC411"}
#: `\output{x}` / `\show{x}` with nothing cached and no block `x` before it on the page.
ORPHAN_CODE = "FC417"


def outcome_counts(diagnostics: list[Diagnostic]) -> dict[str, int]:
    """How many evaluated blocks ended in each outcome, from their diagnostics (one per block)."""
    by_code = {code: outcome.value for outcome, code in OUTCOME_CODES.items()}
    counts = dict.fromkeys(by_code.values(), 0)
    for d in diagnostics:
        if d.code in by_code:
            counts[by_code[d.code]] += 1
    return counts


@dataclass(frozen=True, slots=True)
class CodePaths:
    """Site URLs of the files Franklin keeps for one evaluated block."""

    script: str  # …/NAME.jl
    out_dir: str  # …/output
    stem: str  # NAME without its final ``.jl``

    @property
    def out(self) -> str:
        return f"{self.out_dir}/{self.stem}.out"

    @property
    def res(self) -> str:
        return f"{self.out_dir}/{self.stem}.res"


def assets_dir(rpath: str) -> str:
    """``/assets/<page>``: Franklin's folder for a page's files (``blog/index.md`` → ``/assets/blog``).

    As in Franklin's ``parse_rpath``, a page path ending in ``index.md`` (other than
    ``index.md`` itself) loses those eight characters, then its extension.
    """
    r = rpath
    if r.endswith("index.md") and r != "index.md":
        r = r[: -len("index.md")]
    return "/assets/" + posixpath.splitext(r)[0].rstrip("/")


def code_paths(name: str, rpath: str) -> CodePaths:
    """Where Franklin keeps block ``name`` of page ``rpath`` (``form_codepaths``).

    ``ex`` → ``ASSETS/code/ex.jl``; ``./ex`` → ``ASSETS/ex.jl``; ``/x/ex`` → ``/x/ex.jl``
    (``/_assets`` read as ``/assets``); ``.jl`` is added unless the name ends with it,
    and the outputs are in ``output/`` beside the script.
    """
    if name in ("", "/", "./"):
        shown = "(empty) isn't right" if not name else "doesn't look right"
        raise FranklinPathError("FC501", f"Relative path `{name}` {shown}.",
                                hint="name the code block, e.g. ```julia:ex1")
    if name.startswith("/"):
        url = name.replace("/_assets", "/assets")
    elif name.startswith("./"):
        url = assets_dir(rpath) + "/" + name[2:]
    else:
        url = assets_dir(rpath) + "/code/" + name
    url = _normalized(url, name)
    script = url if url.endswith(".jl") else url + ".jl"
    head, _, tail = script.rpartition("/")
    return CodePaths(script=script, out_dir=f"{head}/output", stem=tail[: -len(".jl")] or tail)


def _normalized(url: str, name: str) -> str:
    """``url`` with ``.`` and ``..`` resolved (Franklin's ``normpath``); going above the site is refused."""
    parts: list[str] = []
    for part in url.split("/"):
        if part == "..":
            if not parts:
                raise FranklinPathError("FC501", f"the code block name {name!r} leads outside the site "
                                        "folder", hint="name the block with a path inside the site")
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/" + "/".join(parts)


@dataclass(frozen=True, slots=True)
class CachedCode:
    """The text of a block's cached files (``None``: the file is absent)."""

    out: str | None = None
    res: str | None = None
    script: str | None = None


Lookup = Callable[[str, str], CachedCode]
"""``(page rpath, block name) → CachedCode``: how a page reads its site's cache."""


def show_text(out: str, res: str) -> str:
    """What ``\\show`` prints: the output, then the result unless it is ``nothing``.

    Franklin adds a line break between them when the output lacks one, and removes the
    ``Main.FD_SANDBOX_<n>.`` prefix of the module it ran the code in.
    """
    if res == "nothing":
        return out
    if out and not out.endswith("\n"):
        out += "\n"
    return out + _SANDBOX.sub("", res)


@dataclass(frozen=True, slots=True)
class BlockResult:
    """The outcome of one evaluated block and what it may show."""

    name: str
    outcome: Outcome
    cached: CachedCode
    reason: str  # why, in the user's words (for the diagnostic)
    shown: bool  # whether the cached files may be shown (used, or stale with stale_outputs = "use")


@dataclass
class PageCode:
    """The evaluated code of one page, shared by everything expanded on it.

    ``counter`` is Franklin's ``fd_evalc`` (``_ceval_1``, ``_ceval_2``… for shortcut blocks,
    in the order the page is expanded); ``results`` holds, by name, the last block of that
    name, for the ``\\output``/``\\show`` commands that come after it.
    """

    rpath: str = "index.md"
    lookup: Lookup | None = None
    showall: bool = False
    skip_stale: bool = False
    lang: str = "julia"
    noeval: bool = False
    literate_mds: bool = False
    counter: int = 1
    origin: str = ""  # "of _literate/x.jl" while a Literate script is expanded
    results: dict[str, BlockResult] = field(default_factory=dict)
    #: the files the page's code saves into its output folder (figures a ``\\fig`` shows)
    saved: set[str] = field(default_factory=set)
    _later: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, blocks: list[A.CodeBlock], rpath: str, lookup: Lookup | None, variables: Mapping[str, Any]
           ) -> PageCode:
        """A page's state, from its variables (page over global) and the code blocks of its own text."""
        names = Counter(n.name for n in blocks if n.name and n.lang == "julia")
        return cls(rpath=rpath, lookup=lookup, showall=variables.get("showall") is True,
                   skip_stale=variables.get("stale_outputs") == "skip",
                   lang=str(variables.get("lang") or "julia"), noeval=variables.get("noeval") is True,
                   literate_mds=variables.get("literate_mds") is True, _later=names)

    def saved_as(self, name: str) -> str | None:
        """The file the page's code saves as ``name``, or as ``name`` and an extension."""
        if name in self.saved:
            return name
        return next((f for f in sorted(self.saved) if f.rpartition(".")[0] == name), None)

    def next_shortcut_name(self) -> str:
        name = f"_ceval_{self.counter}"
        self.counter += 1
        return name

    def cached(self, name: str) -> tuple[CodePaths, CachedCode]:
        """The paths and cached files of ``name`` (a path leading outside the site raises)."""
        paths = code_paths(name, self.rpath)
        return paths, (self.lookup(self.rpath, name) if self.lookup is not None else CachedCode())

    def evaluate(self, name: str, code: str, shortcut: str | None) -> BlockResult:
        """The outcome of block ``name`` whose code Franklin would run is ``code``.

        A name that leaves the site raises :class:`FranklinPathError` (then see :meth:`unreadable`).
        """
        if not shortcut:
            self._later[name] -= 1
        if "@OUTPUT" in code:
            self.saved.update(_SAVED.findall(code))
        paths, cached = self.cached(name)
        if shortcut in REPL_MODES:
            why = (f"Franklin makes the output of a ```{shortcut} ({REPL_MODES[shortcut]} mode) block while "
                   "Julia runs and does not cache all of it")
            return self._keep(BlockResult(name, Outcome.MISSING, cached, why, False))
        if cached.out is None or cached.res is None:
            absent = paths.out if cached.out is None else paths.res
            why = f"{absent} is not in the site"
            return self._keep(BlockResult(name, Outcome.MISSING, cached, why, False))
        if not self.noeval:
            script = None if cached.script is None else cached.script.replace("\r\n", "\n")
            if script is not None and script != SCRIPT_HEADER + code:
                why = f"its code differs from the code Franklin ran ({paths.script})"
                return self._keep(BlockResult(name, Outcome.STALE, cached, why, not self.skip_stale))
            if script is None and self._later[name] > 0:
                why = (f"a later block of the page has the same name, and the cache ({paths.out}) holds "
                       "the output of the last one")
                return self._keep(BlockResult(name, Outcome.STALE, cached, why, not self.skip_stale))
        return self._keep(BlockResult(name, Outcome.USED, cached, paths.out, True))

    def unreadable(self, name: str, why: str) -> BlockResult:
        """The outcome of a block whose name gives no readable path."""
        return self._keep(BlockResult(name, Outcome.MISSING, CachedCode(), why, False))

    def _keep(self, result: BlockResult) -> BlockResult:
        self.results[result.name] = result
        return result


def block_code(node: A.CodeBlock) -> str:
    """The code Franklin runs and stores for a block: stripped for a named block; for a
    shortcut block, what follows the fence with its leading blank space removed."""
    if node.shortcut is not None:
        return node.code.lstrip(JULIA_SPACE)
    return node.code.strip(JULIA_SPACE)
