"""Python replacements for a site's Julia functions (``hfun_*`` / ``lx_*`` in utils.jl).

    @franklin_compat.hfun("recent_posts")
    def recent(params, ctx): return "<ul>…</ul>"

    @franklin_compat.lxfun("youtube")
    def youtube(args, expander): return "~~~<iframe …></iframe>~~~"

An ``hfun`` returns HTML inserted as is; an ``lxfun`` returns Franklin Markdown
that is parsed again, as Franklin does with ``lx_*`` results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from .registry import Registry

HFunction = Callable[[list[str], Any], str]
#: ``(args, expander)`` -> Franklin Markdown, parsed again (``expander``: the page's
#: :class:`~franklin_compat.expand.expander.Expander`).
LxFunction = Callable[[list[str], Any], str]
LXFUNS: Registry[LxFunction] = Registry("lx function", group="franklin_compat.lxfuns")
USER_HFUNS: Registry[HFunction] = Registry("hfun", group="franklin_compat.hfuns")
#: ``(body, braces, expander)`` -> Franklin Markdown, for ``\\begin{name}{…} body \\end{name}``.
EnvFunction = Callable[[str, Sequence[str], Any], str]


class UserCode(Protocol):
    """A site's own functions (its ``utils.jl``, run by :mod:`franklin_compat.julia_subset`), found
    by name after the Python replacements registered above."""

    def hfun(self, name: str) -> HFunction | None: ...
    def lx(self, name: str) -> LxFunction | None: ...
    def env(self, name: str) -> EnvFunction | None: ...


def hfun(name: str, *, replace: bool = False) -> Callable[[HFunction], HFunction]:
    """Register a Python stand-in for ``hfun_<name>`` (called by ``{{name …}}``)."""
    return USER_HFUNS.register(name, replace=replace)


def lxfun(name: str, *, replace: bool = False) -> Callable[[LxFunction], LxFunction]:
    """Register a Python stand-in for ``lx_<name>`` (called by ``\\name{arg}``)."""
    return LXFUNS.register(name, replace=replace)
