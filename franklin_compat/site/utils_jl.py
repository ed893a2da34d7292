"""A site's ``utils.jl`` as the pages see it: its function names, its globals, its code.

The evaluator runs ``utils.jl`` (:class:`~.julia.SiteJulia`) the first time any of these is
asked for, not when the site is read: a one-page ``check`` whose page calls none of its
functions never loads the evaluator.  With ``julia=False`` only the names of its functions
are read from its text, so that calls are recognised and left as written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, cast

from ..core.diagnostics import Diagnostic
from ..core.hooks import UserCode
from ..core.lazy_re import lazy_compile

if TYPE_CHECKING:
    from .site import Site

_UTILS_GLOBAL = lazy_compile(r"^(?:const\s+)?([^\W\d]\w*)\s*=[^=]", re.M)
_UTILS_FN = lazy_compile(r"^\s*function\s+(lx|env|hfun)_(\w+)|^\s*(lx|env|hfun)_(\w+)\s*\(.*\)\s*=", re.M)


class UtilsJl:
    """The ``utils.jl`` side of :class:`~.site.Site` (which provides ``julia`` and ``_diagnostics``)."""

    julia: bool
    _diagnostics: list[Diagnostic]
    _user_lx: frozenset[str] = frozenset()
    _user_env: frozenset[str] = frozenset()
    _user_hfuns: frozenset[str] = frozenset()
    _utils_globals: frozenset[str] = frozenset()
    _user_code: UserCode | None = None
    #: the text of utils.jl until the evaluator runs it, and where its diagnostics then go
    _utils_text: str | None = None
    _utils_at = 0

    def _read_utils(self, utils: Path) -> None:
        """Keep ``utils.jl`` for the evaluator; with ``julia=False``, read its names at once."""
        if not utils.is_file():
            return
        text = utils.read_text(encoding="utf-8", errors="replace")
        if self.julia:
            self._utils_text, self._utils_at = text, len(self._diagnostics)
            return
        found: dict[str, set[str]] = {"lx": set(), "env": set(), "hfun": set()}
        for m in _UTILS_FN.finditer(text):
            kind, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            found[kind].add(name)
        self._user_lx = frozenset(found["lx"])
        self._user_env = frozenset(found["env"])
        self._user_hfuns = frozenset(found["hfun"])
        self._utils_globals = frozenset(m.group(1) for m in _UTILS_GLOBAL.finditer(text))

    def _run_utils(self) -> None:
        """Run ``utils.jl`` in the evaluator, once.  While it runs (its top level may read pages),
        the site answers as it did before: no user code, no names."""
        text, self._utils_text = self._utils_text, None
        if text is None:
            return
        from .julia import SiteJulia

        code, diagnostics = SiteJulia.load(cast("Site", self), text)
        self._user_code = code
        self._diagnostics[self._utils_at:self._utils_at] = diagnostics  # after config.md's, as read
        self._user_lx, self._user_env, self._user_hfuns = code.lx_names, code.env_names, code.hfun_names
        self._utils_globals = code.program.global_names

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """What reading ``config.md``, ``utils.jl`` and the ``ignore`` rules found, in that order."""
        self._run_utils()
        return self._diagnostics

    @property
    def user_code(self) -> UserCode | None:
        """``utils.jl`` as the evaluator runs it (a :class:`~.julia.SiteJulia`); None without one."""
        self._run_utils()
        return self._user_code

    @property
    def user_lx(self) -> frozenset[str]:
        """Names ``n`` of the ``lx_n`` functions (``\\n{…}``)."""
        self._run_utils()
        return self._user_lx

    @property
    def user_env(self) -> frozenset[str]:
        """Names ``n`` of the ``env_n`` functions (``\\begin{n}…\\end{n}``)."""
        self._run_utils()
        return self._user_env

    @property
    def user_hfuns(self) -> frozenset[str]:
        """Names ``n`` of the ``hfun_n`` functions (``{{n …}}``)."""
        self._run_utils()
        return self._user_hfuns

    @property
    def utils_globals(self) -> frozenset[str]:
        """Every name ``utils.jl`` defines."""
        self._run_utils()
        return self._utils_globals

    def may_define(self, name: str) -> bool:
        """Can ``utils.jl`` define the global ``name`` (``hfun_x``)?  False only when surely not,
        told without running it: its text (including no other file) does not hold the name."""
        text = self._utils_text
        return text is None or name in text or "include" in text
