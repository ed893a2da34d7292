"""Franklin's built-in html functions (``hfun_*`` in ``src/converter/html/functions.jl``).

Each is ``f(params, ctx) -> html`` registered in :data:`HFUNS`; the template
pass calls it for ``{{name params…}}`` when no user hfun of that name exists.
Wrong arguments raise :class:`~franklin_compat.template.context.TemplateError`
(Franklin's HTMLFunctionError) and the template pass adds the position.
Warnings use Franklin's wording so that log greps keep working.

Some functions leave work for the site builder, as Franklin's do:
``{{redirect}}`` appends to ``ctx.redirects``; ``{{paginate}}`` returns
:data:`PAGINATE` and sets ``paginate_itr``/``paginate_npp``;
``{{sitemap_opts}}`` sets the ``sitemap_*`` page variables.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from contextvars import ContextVar
from dataclasses import replace
from pathlib import Path

from ..core.diagnostics import FranklinPathError
from ..core.source import Source
from ..reading.pagevars import to_julia_string
from .builtin import HFUNS
from .context import TemplateContext, TemplateError
from .render import render_template

__all__ = ["HFUNS"]  # the registry these functions are found through (emit.markdown reads it)

#: What ``{{paginate}}`` leaves in the page, for the site builder to split on.
PAGINATE = "%##PAGINATE##%"

_INT = re.compile(r"\s*[+-]?[0-9]+\s*")
_RELATIVE_LINK = re.compile(r"""(src|href|formaction|url)\s*?=\s*?(["']?)/""")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_INSERTING: ContextVar[tuple[Path, ...]] = ContextVar("franklin_inserting", default=())


def _misc(name: str, message: str) -> str:
    """Franklin's ``hfun_misc_warn`` text."""
    return f"A h-function call '{{{{{name} ...}}}}' has some issue(s). {message}"


def _parse_int(text: str) -> int | None:
    """Julia's ``parse(Int, s)`` for decimal text (surrounding spaces allowed), else ``None``."""
    return int(text) if _INT.fullmatch(text) else None


def _day(value: object) -> dt.date:
    """A sort key for a page date: its day, ``Date(1)`` when it has none."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.min


def _string_var(name: str, params: list[str], ctx: TemplateContext) -> str:
    """The single parameter names a page variable holding a string; return that string."""
    if len(params) != 1:
        raise TemplateError(
            "FC320",
            f"I found a {{{{{name} ...}}}} block and expected 1 parameter but got {len(params)}. Verify.",
        )
    value = ctx.var(params[0])
    if not isinstance(value, str):
        raise TemplateError(
            "FC321",
            f"{{{{{name} {params[0]}}}}} needs a page variable holding a string "
            f"(got {to_julia_string(value)}).",
        )
    return value


def hfun_fill(params: list[str], ctx: TemplateContext) -> str:
    """``{{fill v}}``: a variable of this page; ``{{fill v path}}``: of another page."""
    if not 1 <= len(params) <= 2:
        raise TemplateError(
            "FC320", f"{{{{fill ...}}}} should have one or two arguments ({len(params)} given). Verify."
        )
    name = params[0]
    if len(params) == 1:
        value = ctx.var(name)
        if value is None:
            ctx.warn(
                "FC311",
                f"A h-function call '{{{{fill {name}}}}}' (or '{{{{{name}}}}}') has argument "
                f"'{name}' which doesn't match a page variable available in the current scope. It might "
                f"have been misspelled or should be defined via a '@def {name} = ...' either locally on "
                "the page or globally in 'config.md'.",
            )
            return ""
        return to_julia_string(value)
    page = params[1]
    others = ctx.page_vars_of(page) if ctx.page_vars_of is not None else None
    value = others.get(name) if others is not None else None
    if value is None:
        ctx.warn(
            "FC312",
            _misc(
                "fill",
                f"The arguments '{name}' and '{page}' cannot be resolved. It may be "
                "that the path doesn't exist or that the variable "
                f"'{name}' is not defined on the page at that path.",
            ),
        )
        return ""
    return to_julia_string(value)


def hfun_insert(params: list[str], ctx: TemplateContext) -> str:
    """``{{insert f}}``: ``_layout/f``, itself template-processed; never a file outside the site."""
    if len(params) != 1:
        raise TemplateError("FC320", "I found a {{insert ...}} with more than one parameter. Verify.")
    rel = params[0]
    target = ctx.layout_dir.joinpath(*rel.split("/")) if ctx.layout_dir is not None else Path(rel)
    try:
        outside = ctx.layout_dir is not None and not target.resolve().is_relative_to(
            ctx.layout_dir.resolve().parent
        )
        found = ctx.layout_dir is not None and not outside and target.is_file()
    except (OSError, ValueError):  # a NUL character, a name too long, a loop of links: no file
        outside = found = False
    if outside:
        raise FranklinPathError(
            "FC322",
            f"{{{{insert {rel}}}}} names a file outside the site folder.",
            hint="{{insert}} reads files of the site only (paths are relative to _layout/)",
        )
    if not found:
        ctx.warn("FC313", _misc("insert", f"Couldn't find the file '{target}' to resolve the insertion."))
        return ""
    full = target.resolve()
    chain = _INSERTING.get()
    if full in chain:
        raise TemplateError(
            "FC323",
            f"{{{{insert {rel}}}}} inserts itself (through "
            + " → ".join(p.name for p in (*chain, full))
            + ").",
            hint="an inserted file must not insert itself, directly or not",
        )
    token = _INSERTING.set((*chain, full))
    try:
        return render_template(Source.from_path(full).text, replace(ctx, path=str(target)))
    finally:
        _INSERTING.reset(token)


def hfun_href(params: list[str], ctx: TemplateContext) -> str:
    """``{{href EQR key}}`` / ``{{href BIBR key}}``: a link to an equation or a citation."""
    if len(params) != 2:
        raise TemplateError(
            "FC320",
            f"I found an {{{{href ...}}}} block and expected 2 parameters but got {len(params)}. Verify.",
        )
    dname, key = params
    table = {"EQR": "fd_eqrefs", "BIBR": "fd_bibrefs"}.get(dname)
    if table is None:
        ctx.warn("FC314", _misc("href", f"Unknown reference dictionary '{dname}'."))
        return "<b>??</b>"
    refs = ctx.page_vars.get(table)
    if isinstance(refs, dict) and key in refs:
        return f'<a href="#{key}">{to_julia_string(refs[key])}</a>'
    return "<b>??</b>"


def hfun_toc(params: list[str], ctx: TemplateContext) -> str:
    """``{{toc min max}}``: nested ``<ol>`` of the page's headers with a level in ``[min, max]``.

    The depth of an item comes from the sequence, as in Franklin: the first
    item and any item at the shallowest included level are at depth 1; an
    item deeper than the one before goes one step deeper; any other is at 2.
    """
    if len(params) != 2:
        raise TemplateError(
            "FC320",
            f"I found a {{{{toc ...}}}} block and expected 2 parameters but got {len(params)}. Verify.",
        )
    if not ctx.headers:
        return ""
    lo, hi = _parse_int(params[0]), _parse_int(params[1])
    if lo is None or hi is None:
        raise TemplateError("FC324", "I found a {{toc min max}} but couldn't parse min/max. Verify.")
    headers = [h for h in ctx.headers if lo <= h.level <= hi]
    if not headers:
        return ""
    shallowest = min(h.level for h in headers)
    parts = ['<div class="franklin-toc">']
    depth, previous = 0, None
    for h in headers:
        if previous is None or h.level == shallowest:
            new = 1
        elif h.level > previous:
            new = depth + 1
        else:
            new = 2
        if new > depth:
            parts.append("<ol><li>")
        else:
            parts.append("</li>" + "</ol></li>" * (depth - new) + "<li>")
        parts.append(f'<a href="#{h.id}">{h.html}</a>')
        depth, previous = new, h.level
    parts.append("</li></ol>" * depth + "</div>")
    return "".join(parts)


def hfun_taglist(params: list[str], ctx: TemplateContext) -> str:
    """``{{taglist}}`` on a tag page: its pages, newest ``date`` first."""
    if params:
        raise TemplateError("FC320", f"{{{{taglist}}}} takes no parameter ({len(params)} given).")
    tag = ctx.var("fd_tag")
    if not isinstance(tag, str) or not tag or ctx.tag_pages is None:
        raise TemplateError(
            "FC325", "{{taglist}} can only be used on a tag page.", hint="use it in _layout/tag.html"
        )
    entries = sorted(ctx.tag_pages(tag), key=lambda e: _day(e.date), reverse=True)
    items = "".join(
        f'<li><a href="{e.url}">{e.url if e.title is None else e.title}</a></li>' for e in entries
    )
    return f"<ul>{items}</ul>"


def hfun_redirect(params: list[str], ctx: TemplateContext) -> str:
    """``{{redirect /a/b.html}}``: record a redirect page to write; keeps this page out of the sitemap."""
    ctx.page_vars["sitemap_exclude"] = True
    if len(params) != 1:
        raise TemplateError(
            "FC320",
            "I found an {{redirect ...}} block and expected a single address "
            f"but got {len(params)}. Verify.",
        )
    addr = params[0] + ("index.html" if params[0].endswith("/") else "")
    if not addr.endswith(".html"):
        raise TemplateError(
            "FC326",
            "In a {{redirect address}} block the address must be complete up to the "
            f"`.html` extension (got '{addr}').",
            hint="write {{redirect /old/page.html}}",
        )
    ctx.redirects.append("/" + addr.removeprefix("/"))
    return ""


def hfun_paginate(params: list[str], ctx: TemplateContext) -> str:
    """``{{paginate v n}}``: marks where the site builder puts ``n`` items of ``v`` per page."""
    if len(params) != 2:
        raise TemplateError(
            "FC320",
            "I found an {{paginate ...}} block and expected two args: the name "
            "of the iterable and the number of item per page. "
            f"I see {len(params)} arguments instead. Verify.",
        )
    name, given = params
    if ctx.var(name) is None:
        ctx.warn(
            "FC315",
            _misc(
                "paginate",
                f"The page variable '{name}' does not match the name of a page "
                "variable. The call will be ignored.",
            ),
        )
        return ""
    npp = ctx.var(given)
    if npp is None:
        npp = _parse_int(given)
    if not isinstance(npp, int) or isinstance(npp, bool):
        ctx.warn(
            "FC315",
            _misc(
                "paginate", f"Failed to parse the number of items per page (given: '{given}'). Setting to 10."
            ),
        )
        npp = 10
    if npp <= 0:
        ctx.warn(
            "FC315",
            _misc(
                "paginate",
                f"Non-positive number of items per page ('{npp}' read from {given}). Setting to 10.",
            ),
        )
        npp = 10
    if ctx.var("paginate_itr") is not None:
        ctx.warn(
            "FC315",
            _misc(
                "paginate", "Multiple calls to '{{paginate ...}}' on the page but at most one is expected."
            ),
        )
        return ""
    ctx.page_vars["paginate_itr"] = name
    ctx.page_vars["paginate_npp"] = npp
    return PAGINATE


def hfun_sitemap_opts(params: list[str], ctx: TemplateContext) -> str:
    """``{{sitemap_opts freq prio}}`` or ``{{sitemap_opts exclude}}`` on raw HTML pages."""
    if len(params) == 1 and params[0].lower() == "exclude":
        ctx.page_vars["sitemap_exclude"] = True
        return ""
    if len(params) != 2:
        raise TemplateError(
            "FC320",
            "I found an {{sitemap_opts ...}} block and expected 2 args: the "
            "changefreq and the priority (or 'exclude'). "
            f"I see {len(params)} arguments instead. Verify.",
        )
    ctx.page_vars["sitemap_changefreq"], ctx.page_vars["sitemap_priority"] = params
    return ""


def fix_relative_links(html: str, base: str) -> str:
    """Franklin's ``fix_relative_links``: ``src="/x"`` → ``src="BASE/x"`` (also href, formaction, url)."""
    if not base.strip("/"):
        return html
    base = base if base.endswith("/") else base + "/"
    return _RELATIVE_LINK.sub(lambda m: f"{m[1]}={m[2]}{base}", html)


def hfun_fix_relative_links(params: list[str], ctx: TemplateContext) -> str:
    """``{{fix_relative_links v}}``: the HTML in variable ``v`` with site-absolute links made absolute."""
    html = _string_var("fix_relative_links", params, ctx)
    return fix_relative_links(html, str(ctx.var("website_url") or ""))


def hfun_fd2rss(params: list[str], ctx: TemplateContext) -> str:
    """``{{fd2rss v}}``: the Franklin Markdown in variable ``v`` as HTML with absolute links, for RSS."""
    text = _string_var("fd2rss", params, ctx)
    if ctx.fd2html is None:
        raise TemplateError("FC309", "{{fd2rss …}} needs Markdown conversion, which this context lacks",
                            hint="render through franklin_compat.convert or a Site")
    html = ctx.fd2html(text, dict(ctx.page_vars))
    # written inside <![CDATA[ ]]> by the feed templates, which a `]]>` in the text would end
    return fix_relative_links(html, str(ctx.var("website_url") or "")).replace("]]>", "]]]]><![CDATA[>")


def hfun_rfc822(params: list[str], ctx: TemplateContext) -> str:
    """``{{rfc822 d}}``: date variable ``d`` as Franklin's RSS dates: ``Wed, 4 Sep 2013 00:00:00 UT``."""
    if len(params) != 1:
        raise TemplateError(
            "FC320",
            f"I found a {{{{rfc822 ...}}}} block and expected 1 parameter but got {len(params)}. Verify.",
        )
    value = ctx.var(params[0])
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = dt.date.fromisoformat(value)
    if not isinstance(value, dt.date):
        raise TemplateError(
            "FC321",
            f"{{{{rfc822 {params[0]}}}}} needs a page variable holding a date "
            f"(got {to_julia_string(value)}).",
        )
    return f"{_DAYS[value.weekday()]}, {value.day} {_MONTHS[value.month - 1]} {value.year} 00:00:00 UT"
