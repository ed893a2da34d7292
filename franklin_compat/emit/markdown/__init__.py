"""Markdown for other generators: one emitter over the expanded tree, flavors as data.

It reads the tree the HTML emitter reads (``\\newcommand`` uses already
expanded into :class:`~franklin_compat.reading.ast.Fragment` nodes), so a page converts
to Markdown with the same content it has as HTML.  What differs between targets
(math delimiters, callouts, raw HTML, table of contents, front matter) comes from
a :class:`~franklin_compat.emit.flavors.Flavor`.  The emitter receives a finished
:class:`~franklin_compat.reading.ast.Document` and the page's variables; it never runs the
pipeline (``franklin_compat.convert(text, to="gfm")`` does, or a migration).

Nothing is dropped silently: whatever the target cannot hold becomes a
:class:`Loss` (code, file, line, col, what, why) returned with the text.

Text is escaped so that CommonMark readers *and* Franklin's own parser read it
back as the same text: braces, ``$`` and ``*`` get a backslash, while ``<`` and
``~~`` become entities (a backslash before them means something else to
Franklin).  Output re-parsed by :func:`franklin_compat.parse` and emitted again
gives the same text (md → md → md): raw HTML blocks read back as HTML typed in
Markdown, which is written as typed where CommonMark reads it as an HTML block;
the author's ``<!-- -->`` comments are kept (after the block holding them), so a
template call kept in a comment reads back as that comment.  The exceptions are
front matter (YAML is not Franklin syntax) and what ``docs/emitters.md`` lists.

The emitter is split by job: :mod:`.text` (escaping), :mod:`.rawhtml` (HTML
blocks), :mod:`.state`, :mod:`.calls` (template calls), :mod:`.raw` (raw HTML,
math, code), :mod:`.structure` (blocks and paragraphs), :mod:`.emitter` (the rest).
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ...core.diagnostics import FranklinError
from ...reading import ast as A
from ..flavors import FLAVORS, Flavor
from ..losses import Loss, LossWarning
from .emitter import MarkdownEmitter
from .rawhtml import html_block_end
from .state import FRANKLIN_HFUNS
from .text import escape_text, is_text


@dataclass(frozen=True, slots=True)
class MarkdownResult:
    text: str
    losses: tuple[Loss, ...]


def get_flavor(name: str) -> Flavor:
    """The built-in flavor ``name``; an unknown name is a :class:`FranklinError` with suggestions."""
    found = FLAVORS.get(name)
    if found is None:
        close = difflib.get_close_matches(name, list(FLAVORS), n=3)
        hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(FLAVORS)}"
        raise FranklinError("FC003", f"unknown Markdown flavor {name!r}", hint=hint)
    return found


def to_markdown(
    doc: A.Document,
    flavor: str | Flavor = "commonmark",
    *,
    page_vars: Mapping[str, Any] | None = None,
    global_vars: Mapping[str, Any] | None = None,
    callouts: Mapping[str, str] | None = None,
    key_map: Mapping[str, str | None] | None = None,
    path: str | None = None,
    urls: Callable[[str, bool], str] | None = None,
    front_matter: Mapping[str, object] | None = None,
    carried: frozenset[str] = frozenset(),
    hfuns: frozenset[str] = FRANKLIN_HFUNS,
) -> MarkdownResult:
    """An expanded page (as :func:`franklin_compat.markdown_stage` leaves it, with its full
    ``page_vars``) as Markdown for ``flavor``, with every :class:`Loss` on the way.

    ``callouts`` maps ``@@`` classes to callout types; ``key_map`` overrides entries of
    :data:`franklin_compat.emit.frontmatter.KEY_MAP`; ``urls(address, raw)`` rewrites
    every link, image and raw-HTML (``raw``) ``src``/``href`` address (a migration
    moves the files); ``front_matter`` adds fields (a migration's ``permalink``,
    ``aliases``); ``carried`` names ``{{ }}`` calls the caller carried over itself (left
    out); ``hfuns`` are the names ``{{name}}`` calls as an html function rather than a
    page variable (add a site's own).
    """
    fl = flavor if isinstance(flavor, Flavor) else get_flavor(flavor)
    em = MarkdownEmitter(fl, page_vars, global_vars, callouts=callouts, key_map=key_map, source=doc.source,
                         path=path, urls=urls, front_matter=front_matter, carried=carried, hfuns=hfuns)
    text = em.document(doc)
    return MarkdownResult(text, tuple(em.losses))


def _flavor_emitter(flavor: str) -> Callable[..., str]:
    def emit(doc: A.Document, *, page_vars: dict[str, Any] | None = None,
             global_vars: dict[str, Any] | None = None, **options: Any) -> str:
        res = to_markdown(doc, flavor, page_vars=page_vars, global_vars=global_vars, **options)
        for loss in res.losses:
            warnings.warn(loss.render(), LossWarning, stacklevel=2)
        return res.text

    emit.__name__ = emit.__qualname__ = f"emit_{flavor}"
    emit.__doc__ = f"The page as {flavor} Markdown (losses issued as :class:`LossWarning`)."
    return emit


emit_commonmark = _flavor_emitter("commonmark")
emit_gfm = _flavor_emitter("gfm")
emit_hugo = _flavor_emitter("hugo")
emit_jekyll = _flavor_emitter("jekyll")
emit_quarto = _flavor_emitter("quarto")
emit_mkdocs = _flavor_emitter("mkdocs")
emit_documenter = _flavor_emitter("documenter")

__all__ = [
    "FRANKLIN_HFUNS", "Loss", "LossWarning", "MarkdownEmitter", "MarkdownResult", "escape_text", "get_flavor",
    "html_block_end", "is_text", "to_markdown",
]
