"""The ``{{ }}`` stage: Franklin's ``convert_html`` over page HTML and layouts.

Every name below is imported on first use: a ``check`` asking whether a name is a built-in
html function (``HFUNS``) loads neither the renderer nor its context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.lazy import lazy_exports

if TYPE_CHECKING:
    from .blocks import find_calls
    from .builtin import HFUNS, HFun
    from .context import Call, Header, TagEntry, TemplateContext, TemplateError, is_empty
    from .render import render_template

#: public name -> the module that defines it
_WHERE = {
    "find_calls": ".blocks",
    "render_template": ".render",
    "HFUNS": ".builtin",
    "HFun": ".builtin",
    **dict.fromkeys(("Call", "Header", "TagEntry", "TemplateContext", "TemplateError", "is_empty"),
                    ".context"),
}

__all__ = ["HFUNS", "Call", "HFun", "Header", "TagEntry", "TemplateContext", "TemplateError", "find_calls",
           "is_empty", "render_template"]


__getattr__, __dir__ = lazy_exports(__name__, globals(), _WHERE)
