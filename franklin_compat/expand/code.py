"""Evaluated code in the expander: blocks, their outputs, plots and Literate scripts.

Franklin runs Julia; we show what it cached (:mod:`.codecache`).  Every evaluated block
gets one diagnostic saying how it ended (``FC414`` output used, ``FC415`` stale,
``FC411`` missing), at the block's line and column.  Where nothing can be shown, the code
stays and Franklin's own red "could not find" paragraph takes the output's place:
nothing is dropped silently.

HTML shapes (reference §3.10): a ```` ```! ```` block, or any evaluated block under
``@def showall = true``, is its code immediately followed by its ``\\show`` (kept
together in a :class:`~franklin_compat.reading.ast.Fragment` whose ``source`` says
which); ``\\output`` shows what the code printed, ``\\show`` that and its result,
``\\textoutput`` parses what it printed as Markdown.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..core.diagnostics import FranklinError, Severity
from ..core.paths import inside, url_to_file
from ..reading import ast as A
from ..reading.context import Context
from .codecache import (
    ORPHAN_CODE,
    OUTCOME_CODES,
    REPL_MODES,
    BlockResult,
    CachedCode,
    Outcome,
    PageCode,
    block_code,
    code_paths,
    show_text,
)
from .literate import literate_to_markdown

#: ``Fragment.source`` of an evaluated block shown with its output (``"```!"``…, or ``"showall"``).
SHOWALL = "showall"
_PLOT_EXTS = (".gif", ".jpg", ".jpeg", ".png", ".svg")
_NO_PLOT_DIR = "Couldn't find an output directory associated with '{path}' when trying to input a plot."
_NO_PLOT = "Couldn't find a relevant image when trying to input a plot relative to '{path}'."


def is_evaluated_pair(n: A.Node) -> bool:
    """Is ``n`` an evaluated block kept together with its output (``</pre><pre>``, nothing between)?"""
    return isinstance(n, A.Fragment) and (n.source == SHOWALL or n.source.startswith("```"))


class CodeCommands:
    """The evaluated-code side of :class:`~.expander.Expander` (which provides these attributes)."""

    ctx: Context
    rpath: str
    root: Path | None
    code: PageCode
    variables: Mapping[str, Any]

    def loss(self, code: str, message: str, at: A.Node, hint: str = "",
             severity: Severity = Severity.WARNING) -> None:
        raise NotImplementedError

    def _reparse(self, text: str, at: A.Node, defs: dict[str, A.CommandDef], source: str,
                 strip_p: bool = True) -> A.Fragment:
        raise NotImplementedError

    def _report(self, err: FranklinError, at: A.Node) -> None:
        raise NotImplementedError

    # -- evaluated blocks -------------------------------------------------------

    def code_block(self, n: A.CodeBlock) -> A.Node:
        """A fenced block: evaluated ones get their outcome, and their output where Franklin shows it."""
        page = self.code
        if n.shortcut is not None:
            name = page.next_shortcut_name()  # numbered even when not run, as Franklin does
            if page.lang != "julia":
                self.loss("FC413", "Evaluation of non-Julia code blocks is not yet supported.", n)
                return replace(n, lang=page.lang)
        elif n.name is not None and n.lang == "julia":
            name = n.name
        else:
            if n.name is not None:
                self.loss("FC413", "Evaluation of non-Julia code blocks is not yet supported.", n)
            return n
        try:
            result = page.evaluate(name, block_code(n), n.shortcut)
        except FranklinError as e:  # a name that is no path, or one leading outside the site
            self._report(e, n)
            result = page.unreadable(name, e.diagnostic.message)
        self._record(result, n)
        if n.shortcut is None and not page.showall:
            return n
        show = self._output_node(name, f"\\show{{{name}}}", "show", n, result, implicit=True)
        source = SHOWALL if n.shortcut is None else "```" + n.shortcut
        block = replace(n, name=name, shortcut=None)
        return A.Fragment(span=n.span, children=(block, show), source=source, strip_p=False)

    def _record(self, r: BlockResult, n: A.CodeBlock) -> None:
        """The block's one outcome diagnostic."""
        label = f"code block '{r.name}'" + (f" {self.code.origin}" if self.code.origin else "")
        code = OUTCOME_CODES[r.outcome]
        if r.outcome is Outcome.USED:
            self.loss(code, f"{label}: output used ({r.reason})", n, severity=Severity.INFO)
        elif r.outcome is Outcome.STALE:
            how = ('shown anyway (stale_outputs = "use")' if r.shown
                   else 'left out for Franklin\'s placeholder (stale_outputs = "skip")')
            self.loss(code, f"{label}: output stale, {r.reason}; {how}", n,
                      "build the site with Franklin again to refresh its cache (Franklin would also "
                      "run the blocks after this one again)")
        else:
            self.loss(code, f"{label}: output missing, {r.reason}; the code is kept, and Franklin's "
                      "placeholder stands wherever the output is shown", n,
                      "build the site once with Franklin so that __site/assets/…/output/ holds it")

    # -- \output, \show, \textoutput --------------------------------------------

    def _output_node(self, name: str, command: str, mode: str, at: A.Node, result: BlockResult | None,
                     implicit: bool = False) -> A.CodeOutput:
        """What ``command`` shows of block ``name``: the cached text, or Franklin's placeholder.

        ``result`` is the block's outcome when the page has a block of that name before ``at``;
        without one, the cache is read as it is and a gap is reported here (``FC417``).
        """
        if result is None:
            try:
                cached = self.code.cached(name)[1]
            except FranklinError as e:
                self._report(e, at)
                cached = CachedCode()
        else:
            cached = result.cached
        error = ""
        if result is not None and result.outcome is Outcome.STALE and not result.shown:
            error = f"`{command}`: the cached output is stale (the code changed since Franklin ran it)."
        elif implicit and isinstance(at, A.CodeBlock) and at.shortcut in REPL_MODES:
            error = (f"`{command}`: the output of a {REPL_MODES[at.shortcut]} mode block is made while "
                     "Julia runs; Franklin does not cache it.")
        elif cached.out is None:
            error = f"`{command}`: could not find the relevant output file."
        elif mode == "show" and cached.res is None:
            error = f"`{command}`: could not find the relevant result file."
        if error:
            if result is None:  # otherwise the block's own diagnostic says it
                self.loss(ORPHAN_CODE, f"{error[:-1]}; Franklin's placeholder is shown", at,
                          "build the site once with Franklin so that __site/assets/…/output/ holds it")
            return A.CodeOutput(span=at.span, name=name, text=None, mode=mode, error=error)
        out = cached.out or ""
        text = show_text(out, cached.res or "") if mode == "show" else out
        return A.CodeOutput(span=at.span, name=name, text=text, mode=mode)

    def _command_output(self, c: A.Command, mode: str, command: str | None = None) -> A.CodeOutput:
        name = c.args[0].strip()
        written = command or "\\" + c.name + "".join("{" + a + "}" for a in c.args)
        return self._output_node(name, written, mode, c, self.code.results.get(name))

    def cmd_output(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        return self._command_output(c, "output")

    def cmd_codeoutput(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        # Franklin defines it as \newcommand{\codeoutput}[1]{\output{#1}}: `#1` brings a space
        return self._command_output(c, "output", "\\output{ " + c.args[0].strip() + "}")

    def cmd_show(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        return self._command_output(c, "show")

    def cmd_textoutput(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        node = self._command_output(c, "text")
        if node.text is None:
            return node
        return self._reparse(node.text, c, defs, "textoutput")

    # -- \input{plot}{name} -------------------------------------------------------

    def plot(self, c: A.Command, qualifier: str, path: str) -> A.Node:
        """``\\input{plot:ID}{name}``: the first image ``<name>ID.<ext>`` in the block's ``output/``."""
        try:
            paths = code_paths(path, self.rpath)
            folders = [f for f in url_to_file(self.root, paths.out_dir) if f.is_dir()] if self.root else []
        except FranklinError as e:
            self._report(e, c)
            folders = []
        if not folders:
            return A.ErrorBlock(span=c.span, message=_NO_PLOT_DIR.format(path=path))
        stem = paths.stem + qualifier.partition(":")[2]
        ext = _find_plot(folders[0], stem)
        if ext is None:
            return A.ErrorBlock(span=c.span, message=_NO_PLOT.format(path=path))
        return A.Image(span=c.span, url=f"{paths.out_dir}/{stem}{ext}", alt="", franklin=True)

    def plotly(self, c: A.Command, url: str) -> A.Node:
        """``\\fig`` of a ``.json`` file: Franklin's ``html_plotly`` (the page loads it with
        ``PlotlyJS_json``).  Franklin draws the id at random; here it is drawn from the path, so
        that two builds give the same page."""
        import hashlib

        ident = "fdp" + "".join(chr(97 + b % 26) for b in hashlib.sha1(url.encode()).digest()[:3])
        prepath = str(self.variables.get("prepath") or "").strip("/")
        src = (f"/{prepath}" if prepath else "") + url
        return A.RawHtml(span=c.span, html=(
            f'<div id="{ident}" style=""></div>\n<script>\ngraphDiv = document.getElementById("{ident}");\n'
            f"plotlyPromise = PlotlyJS_json(graphDiv, '{src}');\n</script>\n"))

    # -- \literate{script} -----------------------------------------------------------

    def cmd_literate(self, c: A.Command, defs: dict[str, A.CommandDef]) -> A.Node:
        """A Literate.jl script as the Franklin Markdown it becomes (:mod:`.literate`), parsed here."""
        path = c.args[0].strip()
        rel = path if path.endswith(".jl") else path + ".jl"
        rel = rel[1:] if rel.startswith("/") else "_literate/" + rel  # Franklin: `/x` from the root
        script = self._site_source(c, rel)
        if script is None:
            self.loss("FC412", f"File not found when trying to convert a literate file at '{rel}'.", c,
                      "absolute paths start at the site folder, others at _literate/")
            return A.ErrorBlock(span=c.span, message=f"Literate file matching '{path}' not found.")
        markdown = literate_to_markdown(script, name=posixpath.splitext(posixpath.basename(rel))[0],
                                        mdstrings=self.code.literate_mds)
        origin, self.code.origin = self.code.origin, f"of {rel}"
        try:
            return self._reparse(markdown, c, defs, "literate", strip_p=False)
        finally:
            self.code.origin = origin

    def _site_source(self, c: A.Command, rel: str) -> str | None:
        """A source file of the site, read as it is (no line-end translation); ``None`` when absent."""
        if self.root is None:
            return None
        try:
            f = inside(self.root, rel, what="Literate script")
            if not f.is_file():
                return None
            return f.read_bytes().decode("utf-8", errors="replace")
        except FranklinError as e:
            self._report(e, c)
        except OSError as e:
            self._report(FranklinError("FC001", f"cannot read {rel}: {e.strerror or e}",
                                       hint="make the file readable"), c)
        return None


def _find_plot(folder: Path, stem: str) -> str | None:
    """Franklin's ``walkdir`` search: folders top-down, names sorted; the extension, lower-cased."""
    stack = [folder]
    while stack:
        d = stack.pop()
        try:
            entries = sorted(d.iterdir(), key=lambda p: p.name)
        except OSError:
            continue
        for f in entries:
            base, ext = posixpath.splitext(f.name)
            if base == stem and ext.lower() in _PLOT_EXTS and f.is_file():
                return ext.lower()
        stack.extend(reversed([f for f in entries if f.is_dir() and not f.is_symlink()]))
    return None

