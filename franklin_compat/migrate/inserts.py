"""``{{insert file}}`` standing alone in a page, resolved as Franklin's html stage does it.

Some sites are made of such pages (SciMLBook's lectures are whole ``{{insert}}``s of
Weave's HTML): kept as a template call, the migrated page would be empty.  The file
is read from the site (``_layout/``-relative, never outside it) and its HTML, itself
template-processed, takes the call's place as raw HTML.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..core.diagnostics import FranklinError
from ..page.pipeline import render_template
from ..reading import ast as A
from ..site.site import Site


def _alone(node: A.Node) -> A.HFunCall | None:
    """The ``{{insert}}`` call a top-level block is made of, or ``None``."""
    if isinstance(node, A.HFunCall):
        call = node
    elif isinstance(node, A.Paragraph) and not node.classes:
        solid = [k for k in node.children if not (isinstance(k, A.SoftBreak) or (
            isinstance(k, A.Text) and not k.text.strip()))]
        if len(solid) != 1 or not isinstance(solid[0], A.HFunCall):
            return None
        call = solid[0]
    else:
        return None
    return call if call.name.lower() == "insert" and len(call.args) == 1 else None


def resolve_inserts(doc: A.Document, site: Site, rel: str, page_vars: Mapping[str, Any],
                    global_vars: Mapping[str, Any]) -> A.Document:
    """``doc`` with each top-level ``{{insert}}`` block replaced by the file's HTML (when found)."""
    kids = list(doc.children)
    changed = False
    for i, node in enumerate(kids):
        call = _alone(node)
        if call is None:
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                html = render_template(call.raw, page_vars=page_vars, global_vars=global_vars, site=site,
                                       path=rel)
        except FranklinError:
            continue  # kept as a template call, and reported as one
        if html.strip():
            kids[i] = A.RawHtml(span=node.span, html=html)
            changed = True
    return replace(doc, children=tuple(kids)) if changed else doc
