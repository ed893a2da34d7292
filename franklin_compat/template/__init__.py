"""The ``{{ }}`` stage: Franklin's ``convert_html`` over page HTML and layouts."""

from .blocks import find_calls
from .context import HFUNS, Call, Header, HFun, TagEntry, TemplateContext, TemplateError, is_empty
from .render import render_template

__all__ = ["HFUNS", "Call", "HFun", "Header", "TagEntry", "TemplateContext", "TemplateError", "find_calls",
           "is_empty", "render_template"]
