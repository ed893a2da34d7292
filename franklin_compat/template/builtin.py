"""The registry of Franklin's built-in html functions (:mod:`.hfuns`), each imported when first
called.  Apart from :mod:`.context`: telling whether a name is a built-in (``check``) loads
nothing else of the ``{{ }}`` stage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.registry import Registry

#: an html function: ``f(params, ctx) -> html``
HFun = Callable[[list[str], Any], str]

HFUNS: Registry[HFun] = Registry("html function")
for _name in ("fill", "insert", "href", "toc", "taglist", "redirect", "paginate", "sitemap_opts",
              "fix_relative_links", "fd2rss", "rfc822"):
    HFUNS.add_lazy(_name, f"franklin_compat.template.hfuns:hfun_{_name}")
