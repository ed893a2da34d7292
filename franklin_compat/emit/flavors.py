"""Markdown flavors as data: what differs between CommonMark, GFM, Hugo, Jekyll,
Quarto, MkDocs and Documenter is a handful of forms, not a separate writer each
(pandoc's markdown variants work the same way).

A :class:`Flavor` says how math is delimited, how a callout and a plain ``@@``
div are written, how raw HTML is kept, which table of contents exists, and
which front matter the generator reads.  :data:`FLAVORS` holds the built-ins;
pass your own ``Flavor`` (``dataclasses.replace`` of one of them) to
:func:`franklin_compat.emit.markdown.to_markdown` to change any of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: ``@@`` class -> callout type, for flavors that have callouts (override per call).
DEFAULT_CALLOUTS: Mapping[str, str] = MappingProxyType(
    {"note": "note", "tip": "tip", "warning": "warning", "important": "important"}
)


@dataclass(frozen=True, slots=True)
class Flavor:
    """How one target writes the constructs that Markdown dialects disagree on.

    * ``inline_math`` / ``display_math``: (open, close); display delimiters sit on
      their own lines.  ``bar_tables``: kramdown reads a line holding a ``|`` as a table
      row, so ``|`` is escaped in text and written ``\\vert`` in inline math (in tables every
      flavor does this);
      ``math_block``: ``"lines"`` (the delimiters on their own lines) or ``"html"``
      (inside a raw ``<div class="math">``: Goldmark reads a ``-``, ``+`` or ``=`` line of a
      ``$$`` paragraph as a list or a heading, and ``\\`` as an escape).
    * ``callout``: ``"alert"`` (``> [!NOTE]``), ``"quarto"`` (``::: {.callout-note}``),
      ``"admonition"`` (``!!! note``), ``"kramdown"`` (blockquote + ``{: .note}``)
      or ``None`` (no callouts: every div is a plain div).
    * ``callout_types``: the callout types the target knows (empty: any word);
      others fall back to the nearest (``danger`` → ``caution``) or ``note``.
    * ``div``: ``"html"`` (``<div class>`` around Markdown), ``"html-md"``
      (the same with ``markdown="1"``, for kramdown and md_in_html),
      ``"pandoc"`` (``::: {.a .b}``) or ``"raw-block"`` (opening and closing tags in
      raw blocks, for Documenter).
    * ``heading_ids``: the target reads ``# Title {#id}``; used for headings the
      page links to, so ``[see](#franklin_id)`` keeps working.
    * ``raw_block`` / ``raw_inline``: ``"bare"`` (HTML as is), ``"quarto"``
      (```` ```{=html} ```` / `` `…`{=html} ``), ``"documenter"`` (```` ```@raw html ````)
      or ``"none"`` (the target cannot keep it).
    * ``toc``: ``"jekyll"``, ``"mkdocs"``, ``"hugo"`` (a ``toc`` shortcode), ``"documenter"``,
      ``"front-matter"`` (Quarto's ``toc: true``) or ``None`` (removed, with a note).
    * ``inert_html``: HTML typed in Markdown that would run code (a script, an event
      handler, a ``javascript:`` address), which Franklin shows as text, is written as
      text (FC713): the generators' flavors, whose sites would run it.  CommonMark and
      GFM keep it as typed (FC712) so that their output stays a fixed point (raw HTML
      blocks read back as typed HTML); whoever renders them sanitises, as GitHub does.
    * ``front_matter``: ``"yaml"``, ``"toml"`` or ``"documenter"`` (an ``@meta`` block).
    * ``keys``: changes to :data:`franklin_compat.frontmatter.KEY_MAP` for this
      target, ``key_notes`` why a key it drops has no place there, ``required``
      the keys its build insists on; ``known_keys``: for TOML, the keys the
      generator reads at the top level (the others go under ``[params]``).
    """

    name: str
    inline_math: tuple[str, str] = ("$", "$")
    display_math: tuple[str, str] = ("$$", "$$")
    bar_tables: bool = False
    math_block: str = "lines"
    inert_html: bool = True
    callout: str | None = None
    callout_types: frozenset[str] = frozenset()
    div: str = "html"
    heading_ids: bool = False
    raw_block: str = "bare"
    raw_inline: str = "bare"
    anchor: str = "html"
    styled: str = "html"
    toc: str | None = None
    front_matter: str = "yaml"
    keys: Mapping[str, str | None] = field(default_factory=dict)
    key_notes: Mapping[str, str] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    known_keys: frozenset[str] = frozenset()
    author_list: bool = False
    liquid: bool = False
    raw_html_note: str = ""


_ALERTS = frozenset({"note", "tip", "important", "warning", "caution"})
_HUGO_KEYS = frozenset({
    "title", "date", "tags", "categories", "draft", "description", "summary", "aliases", "slug", "weight",
    "keywords", "lastmod", "publishDate", "expiryDate", "linkTitle", "type", "layout", "url", "images",
    "series", "authors",
})

FLAVORS: Mapping[str, Flavor] = MappingProxyType({
    "commonmark": Flavor("commonmark", inert_html=False),
    "gfm": Flavor("gfm", callout="alert", callout_types=_ALERTS, inert_html=False),
    "hugo": Flavor(
        "hugo", inline_math=("\\(", "\\)"), math_block="html", callout="alert", callout_types=_ALERTS,
        front_matter="toml", known_keys=_HUGO_KEYS, heading_ids=True, toc="hugo",
        raw_html_note="Hugo drops raw HTML unless markup.goldmark.renderer.unsafe = true",
    ),
    "jekyll": Flavor(
        "jekyll", inline_math=("$$", "$$"), bar_tables=True, callout="kramdown", div="html-md",
        heading_ids=True, toc="jekyll", liquid=True,
    ),
    "quarto": Flavor(
        "quarto", callout="quarto", callout_types=_ALERTS, div="pandoc", raw_block="quarto",
        raw_inline="quarto", anchor="pandoc", styled="pandoc", toc="front-matter", heading_ids=True,
        keys={"tags": "categories"}, author_list=True,
    ),
    "mkdocs": Flavor(
        "mkdocs", inline_math=("\\(", "\\)"), callout="admonition", div="html-md", toc="mkdocs",
        keys={"author": "authors", "authors": "authors"}, author_list=True,
    ),
    "documenter": Flavor(
        "documenter", inline_math=("``", "``"), display_math=("```math", "```"), callout="admonition",
        div="raw-block", raw_block="documenter", raw_inline="none", anchor="none", styled="none",
        toc="documenter", front_matter="documenter",
    ),
})
