"""A site's ``utils.jl``, run by the sandboxed evaluator where Franklin calls user code.

Franklin calls ``hfun_name`` for ``{{name …}}`` in pages and layouts, ``lx_name`` for
``\\name{…}`` and ``env_name`` for ``\\begin{name}…\\end{name}``.  :class:`SiteJulia` loads
``utils.jl`` once per site (:mod:`franklin_compat.julia_subset`) and gives the stages
callables of the same shape as the Python replacements (``@franklin_compat.hfun`` /
``@franklin_compat.lxfun``), which keep priority over it.  :class:`SiteHost` is what the
user code sees of Franklin: the page being built, the site's variables, other pages'
variables, ``fd2html`` and the files inside the site root.

What user code cannot do (a package we do not have, code outside the subset, an error)
is one diagnostic at the call, naming the ``utils.jl`` line, and the call stays in the
output as written: never dropped silently, never a crash.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.diagnostics import Diagnostic, FranklinError, Severity
from ..core.paths import inside
from ..core.refs import refstring
from ..reading.pagevars import canonical

if TYPE_CHECKING:
    from ..julia_subset import JuliaError, Program
    from .site import Site

__all__ = ["SiteHost", "SiteJulia"]


class SiteHost:
    """:class:`~franklin_compat.julia_subset.Host` for one page of a site.

    ``page_vars`` is the page's live dictionary: ``set_var!`` writes into it, and
    ``locvar`` reads what the page and ``config.md`` define, as Franklin's ``LOCAL_VARS``.
    """

    def __init__(self, site: Site, rpath: str, page_vars: dict[str, Any] | None = None,
                 global_vars: dict[str, Any] | None = None, call: str = "",
                 outputs: list[tuple[str, str]] | None = None) -> None:
        self.site = site
        self.rpath = rpath
        #: where ``write`` into ``__site`` goes (a page being built), else None: refused
        self.outputs = outputs
        #: what ``randstring`` draws from: the page and the call (``{{name args}}``, ``\name{…}``)
        self.seed = f"{rpath}\0{call}"
        self.page_vars: dict[str, Any] = page_vars if page_vars is not None else {"fd_rpath": rpath}
        self.global_vars = global_vars if global_vars is not None else site.globals()
        #: what ``isdir``/``isfile`` found during this call (the site's files do not change under it)
        self._kinds: dict[str, str] = {}
        self._folders: dict[str, tuple[dict[str, os.DirEntry[str]], set[str]] | None] = {}

    def locvar(self, name: str) -> object:
        name = canonical(name)
        if name in self.page_vars:
            return self.page_vars[name]
        return self.globvar(name)

    def globvar(self, name: str) -> object:
        name = canonical(name)
        if name == "fd_tag_pages":
            index = self.site._tag_index()
            return {tag: [r.removesuffix(".md") for r in rels] for tag, rels in index.items()} or None
        if name == "fd_page_tags":
            from ..julia_subset.values import JuliaSet

            tags: dict[str, set[str]] = {}
            for tag, rels in self.site._tag_index().items():
                for r in rels:
                    tags.setdefault(r.removesuffix(".md"), set()).add(refstring(tag))
            return {k: JuliaSet(sorted(v)) for k, v in tags.items()} or None
        if name not in self.global_vars:
            raise KeyError(name)
        return self.global_vars[name]

    def pagevar(self, rpath: str, name: str) -> object:
        found = self.site.page_vars_of(rpath)
        if found is None:
            raise KeyError(rpath)
        name = canonical(name)
        if name in found:
            return found[name]
        return self.globvar(name)  # a page's variables include config.md's, as in Franklin

    def set_var(self, name: str, value: object) -> None:
        self.page_vars[canonical(name)] = value

    def fd2html(self, markdown: str) -> str:
        from ..page.pipeline import fd2html

        return fd2html(self.site, self.global_vars)(markdown, {"fd_rpath": self.rpath})

    def _path(self, rpath: str) -> Path:
        try:
            return inside(self.site.root, rpath or ".")
        except FranklinError as e:
            raise PermissionError(str(e)) from None

    def write_output(self, rpath: str, text: str) -> None:
        """A file written into the built site (``rpath`` below ``__site``): the build writes it
        after the pages, unless a page is there (redirect pages that sciml.ai's html functions
        write).  Refused where nothing is built."""
        if self.outputs is None:
            raise PermissionError("writing into the built site, which is not being built")
        self.outputs.append((rpath, text))

    def read_file(self, rpath: str) -> bytes:
        return self._path(rpath).read_bytes()

    def list_dir(self, rpath: str) -> list[str]:
        return os.listdir(self._path(rpath))

    def path_kind(self, rpath: str) -> str:
        """Answered from the listing of the name's folder, read once per call: sciml.ai's blog
        index asks ``isdir`` of each of 4,092 dates, in some 140 month folders."""
        kinds = self._kinds
        if rpath not in kinds:
            head, _, name = rpath.rpartition("/")
            listing = self._listing(head) if name not in ("", ".", "..") else None
            entry = listing[0].get(name) if listing is not None else None
            if entry is not None and not entry.is_symlink():
                kinds[rpath] = "dir" if entry.is_dir() else "file" if entry.is_file() else ""
            elif listing is not None and entry is None and name.isascii() and name.lower() not in listing[1]:
                kinds[rpath] = ""  # (a name in another case: a folder read case-blind has it)
            else:  # a link is followed as the system follows it, and kept inside the site
                kinds[rpath] = self._kind(rpath)
        return kinds[rpath]

    def _listing(self, rpath: str) -> tuple[dict[str, os.DirEntry[str]], set[str]] | None:
        """A folder's entries by name, and their names lowered (none when it is no folder), or
        None when it cannot be read."""
        if rpath not in self._folders:
            try:
                with os.scandir(self._path(rpath)) as it:
                    entries = {e.name: e for e in it}
                listing: tuple[dict[str, os.DirEntry[str]], set[str]] | None = (
                    entries, {n.lower() for n in entries})
            except (FileNotFoundError, NotADirectoryError):
                listing = ({}, set())
            except OSError:
                listing = None
            self._folders[rpath] = listing
        return self._folders[rpath]

    def _kind(self, rpath: str) -> str:
        try:
            mode = os.stat(self._path(rpath)).st_mode
        except (FileNotFoundError, NotADirectoryError):
            return ""
        return "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else ""


class SiteJulia:
    """``utils.jl`` loaded once, and its functions as the stages call them."""

    def __init__(self, site: Site, program: Program) -> None:
        self.site = site
        self.program = program
        self.hfun_names = program.hfun_names
        self.lx_names = program.lx_names
        self.env_names = program.env_names

    @classmethod
    def load(cls, site: Site, text: str) -> tuple[SiteJulia, list[Diagnostic]]:
        from ..julia_subset import load_program

        program = load_program(text, "utils.jl", SiteHost(site, "index.md"))
        return cls(site, program), list(program.diagnostics)

    def hfun(self, name: str) -> Callable[[list[str], Any], str] | None:
        """``hfun_name`` as an html function ``f(params, ctx)``; None when utils.jl has none."""
        low = name.lower()
        if low not in self.hfun_names:
            return None

        def call(params: list[str], ctx: Any) -> str:
            from ..julia_subset import JuliaError

            host = SiteHost(self.site, str(ctx.rpath), ctx.page_vars, ctx.global_vars,
                            call="{{" + " ".join([name, *params]) + "}}", outputs=ctx.outputs)
            try:
                return self.program.call_hfun(low, params, host)
            except JuliaError as e:
                ctx.report(e.code, e.summary(f"{{{{{name}}}}} could not be evaluated"),
                           severity=_severity(e),
                           hint="the call is kept as written; a Python replacement registered with "
                                f"@franklin_compat.hfun({low!r}) takes priority")
                return "{{" + " ".join([name, *params]) + "}}"

        return call

    def lx(self, name: str) -> Callable[[list[str], Any], str] | None:
        """``lx_name`` as a command ``f(braces, expander)``, returning Franklin Markdown."""
        if name not in self.lx_names:
            return None

        def call(braces: list[str], expander: Any) -> str:
            host = SiteHost(self.site, expander.rpath, expander.page_vars,
                            call="\\" + name + "".join("{" + b + "}" for b in braces))
            return self.program.call_lx(name, braces, host)

        return call

    def env(self, name: str) -> Callable[[str, Sequence[str], Any], str] | None:
        """``env_name`` as an environment ``f(body, braces, expander)``, returning Franklin Markdown."""
        if name not in self.env_names:
            return None

        def call(body: str, braces: Sequence[str], expander: Any) -> str:
            host = SiteHost(self.site, expander.rpath, expander.page_vars,
                            call=f"\\begin{{{name}}}" + "".join("{" + b + "}" for b in braces) + body)
            return self.program.call_env(name, body, braces, host)

        return call


def _severity(e: JuliaError) -> Severity:
    """A Julia error in the site's own code is an error; what we cannot run is a warning."""
    return Severity.ERROR if e.code == "FC803" else Severity.WARNING
