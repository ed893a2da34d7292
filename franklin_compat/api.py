"""The public calls: ``parse``, ``convert``, ``markdown_stage``, ``render_template``.

They take a site as a :class:`~franklin_compat.Site` or as its folder, and a page as text,
bytes, a parsed :class:`~franklin_compat.Document` or a path; the work is done by
:mod:`franklin_compat.page.pipeline`.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .core.diagnostics import Diagnostic
from .page import pipeline
from .page.pipeline import PageResult
from .reading import ast as A

if TYPE_CHECKING:
    from .site.site import Site

__all__ = ["PageResult", "convert", "markdown_stage", "parse", "render_template"]


_PAGE_TYPES = "a str of Markdown text, bytes, a pathlib.Path to a page, or a parsed Document"


def _page(text: object, what: str) -> None:
    """A clear ``TypeError`` for what is not a page, and a warning for a ``str`` that looks like a file
    name (it is read as Markdown text: a path is a ``pathlib.Path``)."""
    if not isinstance(text, str | bytes | os.PathLike | A.Document) or (
            isinstance(text, A.Document) and what == "parse"):
        kinds = _PAGE_TYPES.replace(", or a parsed Document", "") if what == "parse" else _PAGE_TYPES
        raise TypeError(f"franklin_compat.{what}() takes {kinds}, not {type(text).__name__}")
    if isinstance(text, str) and "\n" not in text and text.strip().endswith((".md", ".markdown")) \
            and len(text) < 4096 and os.path.isfile(text.strip()):
        warnings.warn(f"{text.strip()!r} is read as Markdown text, not as the file of that name: pass "
                      f"pathlib.Path({text.strip()!r}) to read the file", UserWarning, stacklevel=3)


def _site(site: Site | str | os.PathLike[str] | None) -> Site | None:
    if site is None:
        return None
    from .site.site import Site

    return site if isinstance(site, Site) else Site.cached(site)


def parse(
    text: str | bytes | os.PathLike[str],
    path: str | None = None,
    *,
    strict: bool = True,
    site: Site | str | os.PathLike[str] | None = None,
    diagnostics: list[Diagnostic] | None = None,
) -> A.Document:
    """Parse one page into a :class:`Document` (AST with spans; nothing expanded).

    ``text`` is the page's text, or a path (``pathlib.Path``) to read it from.
    ``strict`` raises the first error; otherwise errors are recorded in
    ``diagnostics``, in the order of their positions, and parsing goes on where it can.
    """
    _page(text, "parse")
    found: list[Diagnostic] = []
    doc = pipeline.parse(text, path, strict=strict, site=_site(site), diagnostics=found)
    if diagnostics is not None:
        diagnostics.extend(sorted(found, key=lambda d: (d.line or 0, d.col or 0)))
    return doc


def markdown_stage(
    text: str | bytes | A.Document,
    *,
    path: str | None = None,
    page_vars: Mapping[str, Any] | None = None,
    global_vars: Mapping[str, Any] | None = None,
    site: Site | str | os.PathLike[str] | None = None,
    strict: bool = True,
) -> PageResult:
    """Franklin's ``convert_md``: parse, expand, emit HTML (``{{ }}`` still to fill)."""
    return pipeline.markdown_stage(text, path=path, page_vars=page_vars, global_vars=global_vars,
                                   site=_site(site), strict=strict)


def convert(
    text: str | bytes | os.PathLike[str] | A.Document,
    to: str = "html",
    *,
    page_vars: Mapping[str, Any] | None = None,
    global_vars: Mapping[str, Any] | None = None,
    site: Site | str | os.PathLike[str] | None = None,
    path: str | None = None,
) -> str:
    """Convert one page (text, bytes, a parsed :class:`Document`, or a path) to ``to``.

    ``to="html"`` gives what Franklin's ``fd2html`` gives (no layout); any other
    name is an emitter of :data:`franklin_compat.emit.EMITTERS` (``gfm``, ``json``…).
    A path (``pathlib.Path``) is read, and the site it belongs to (the nearest
    folder above it with a ``config.md``) gives the global variables and commands.
    """
    _page(text, "convert")
    if isinstance(text, os.PathLike):
        source, root, rel = pipeline.read_page(text)
        text, path = source.as_read(), path or source.path
        site = root if site is None else site
        if rel is not None:
            page_vars = {"fd_rpath": rel, **(page_vars or {})}
    return pipeline.convert(text, to, page_vars=page_vars, global_vars=global_vars, site=_site(site),
                            path=path)


def render_template(
    html: str,
    *,
    page_vars: Mapping[str, Any] | None = None,
    global_vars: Mapping[str, Any] | None = None,
    site: Site | str | os.PathLike[str] | None = None,
    path: str | None = None,
) -> str:
    """Franklin's ``convert_html``: the ``{{ }}`` pass alone, on HTML."""
    return pipeline.render_template(html, page_vars=page_vars, global_vars=global_vars, site=_site(site),
                                    path=path)
