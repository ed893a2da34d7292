"""The ``{{ }}`` stage: Franklin's ``convert_html`` over page HTML and layouts.

Every name below is imported on first use: a ``check`` asking whether a name is a built-in
html function (``HFUNS``) loads neither the renderer nor its context.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(where, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
